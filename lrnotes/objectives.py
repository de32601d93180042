"""Objectives J(θ): what gradient descent minimizes.

An objective knows its value J(θ) and its gradient ∇J(θ). Both accept a batch:
θ of shape ``(..., *objective.shape)`` gives values of shape ``(...)`` and
gradients of θ's shape, so one call evaluates many points at once.

Where it is known, an objective also carries its minimizer θ* and its
smoothness constant L, the largest eigenvalue of the Hessian ∇²J: gradient
descent with a fixed rate α is stable on a quadratic exactly when 0 < α < 2/L.

:func:`noisy` wraps any objective so that its gradient carries noise, as in
SGD: g(θ) = ∇J(θ) + σξ, with the noise of step t a pure function of (seed, t).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lrnotes import _checks


@dataclass(frozen=True)
class Objective:
    """Base class: a differentiable J with the shape of one θ."""

    name: str
    shape: tuple[int, ...]
    minimizer: np.ndarray | float | None = field(default=None, repr=False)
    L: float | None = None  # largest Hessian eigenvalue, where it is a constant

    def value(self, theta) -> np.ndarray:
        """J(θ), for one θ or a batch."""
        theta = self.check_theta(theta)
        return self._value(_batch_last(theta, len(self.shape)))

    def grad(self, theta) -> np.ndarray:
        """∇J(θ), for one θ or a batch."""
        theta = self.check_theta(theta)
        k = len(self.shape)
        return _batch_first(self._grad(_batch_last(theta, k)), k)

    def grad_at(self, theta, step: int) -> np.ndarray:
        """The gradient an optimizer is given at step t: ∇J(θ), or a sampled estimate of it.

        For the exact objectives this is :meth:`grad`; a minibatch or noisy
        objective draws its sample from (seed, t) alone, so the same call
        gives the same answer, always, and two runs meet the same samples.
        """
        theta = self.check_theta(theta)
        step = _checks.integer("step", step)
        k = len(self.shape)
        return _batch_first(self._grad_at(_batch_last(theta, k), step), k)

    def check_theta(self, theta, name: str = "theta") -> np.ndarray:
        """θ as a finite float array whose trailing axes are ``self.shape``."""
        theta = _checks.real_array(name, theta)
        k = len(self.shape)
        if theta.shape[theta.ndim - k :] != self.shape or theta.ndim < k:
            raise ValueError(
                f"{name} must have shape {self.shape} for {self.name} "
                f"(optionally after batch axes), got shape {theta.shape}"
            )
        return theta

    # Subclasses implement these on a *batch-last* array X of shape (*shape, ...):
    # the descent loop keeps its batch on the last axis, where a batch of learning
    # rates broadcasts and every operation runs over contiguous memory.
    def _value(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _grad(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _grad_at(self, X: np.ndarray, step: int) -> np.ndarray:
        """The gradient of step t, what every loop calls: ``_grad`` unless sampled."""
        return self._grad(X)


def _batch_last(theta: np.ndarray, k: int) -> np.ndarray:
    """(...batch, *shape) -> (*shape, ...batch), a view."""
    m = theta.ndim - k
    return theta.transpose([*range(m, m + k), *range(m)])


def _batch_first(X: np.ndarray, k: int) -> np.ndarray:
    """(*shape, ...batch) -> (...batch, *shape), a view."""
    m = X.ndim - k
    return X.transpose([*range(k, k + m), *range(k)])


def _column(v: np.ndarray, ndim: int) -> np.ndarray:
    """A vector shaped to broadcast along the first axis of an ndim-array."""
    return v.reshape(v.shape + (1,) * (ndim - 1))


@dataclass(frozen=True)
class Square(Objective):
    r"""J(θ) = θ², the articles' example: ∇J(θ) = 2θ, θ* = 0, L = 2."""

    def _value(self, theta):
        return theta**2

    def _grad(self, theta):
        return 2 * theta


def square() -> Square:
    r"""The one-dimensional objective of the worked example.

    .. math:: J(\theta) = \theta^2, \qquad \nabla J(\theta) = 2\theta

    θ is a plain number (shape ``()``); the minimizer is θ* = 0 and L = 2.

    Example:
        >>> J = square()
        >>> float(J.value(2.0)), float(J.grad(2.0))
        (4.0, 4.0)
    """
    return Square(name="J(θ) = θ²", shape=(), minimizer=0.0, L=2.0)


@dataclass(frozen=True)
class Quadratic(Objective):
    """J(x) = ½ xᵀAx + bᵀx + c with A symmetric positive definite."""

    A: np.ndarray = field(default=None, repr=False)
    b: np.ndarray = field(default=None, repr=False)
    c: float = 0.0
    eigenvalues: np.ndarray = field(default=None, repr=False)

    @property
    def mu(self) -> float:
        """The smallest Hessian eigenvalue λ_min (strong convexity)."""
        return float(self.eigenvalues[0])

    @property
    def condition_number(self) -> float:
        """κ = λ_max / λ_min."""
        return float(self.eigenvalues[-1] / self.eigenvalues[0])

    def _value(self, X):
        AX = (self.A @ X.reshape(len(self.A), -1)).reshape(X.shape)
        return (X * (0.5 * AX + _column(self.b, X.ndim))).sum(axis=0) + self.c

    def _grad(self, X):
        if X.ndim == 2:  # the descent loop's case, kept lean: it runs every step
            return self.A @ X + self.b[:, None]
        AX = (self.A @ X.reshape(len(self.A), -1)).reshape(X.shape)
        return AX + _column(self.b, X.ndim)


def quadratic(A, b=None, c: float = 0.0) -> Quadratic:
    r"""A quadratic bowl in n dimensions.

    .. math::
        J(x) = \tfrac12 x^\top A x + b^\top x + c, \qquad
        \nabla J(x) = A x + b, \qquad x^* = -A^{-1} b

    A must be square, symmetric and positive definite (checked); its largest
    eigenvalue is L and its smallest is ``mu``.

    Args:
        A: an n×n symmetric positive definite matrix.
        b: a vector of length n (zeros if omitted).
        c: a constant.

    Example:
        >>> J = quadratic([[1.0, 0.0], [0.0, 10.0]])
        >>> J.L, J.mu
        (10.0, 1.0)
    """
    A = _checks.real_array("A", A)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise ValueError(f"A must be a non-empty square matrix, got shape {A.shape}")
    if not np.allclose(A, A.T, rtol=1e-12, atol=1e-12):
        raise ValueError(f"A must be symmetric, got {A.tolist()!r}")
    n = A.shape[0]
    b = np.zeros(n) if b is None else _checks.real_array("b", b, ndim=1)
    if b.shape != (n,):
        raise ValueError(f"b must have shape ({n},) to match A, got shape {b.shape}")
    c = _checks.real_scalar("c", c)
    eigenvalues = np.linalg.eigvalsh(A)
    if eigenvalues[0] <= 0:
        raise ValueError(
            f"A must be positive definite, but its smallest eigenvalue is {eigenvalues[0]:.6g}: "
            f"{A.tolist()!r}"
        )
    return Quadratic(
        name=f"{n}-D quadratic",
        shape=(n,),
        minimizer=np.linalg.solve(A, -b),
        L=float(eigenvalues[-1]),
        A=A,
        b=b,
        c=c,
        eigenvalues=eigenvalues,
    )


@dataclass(frozen=True)
class Rosenbrock(Objective):
    """J(x, y) = (a − x)² + b (y − x²)²."""

    a: float = 1.0
    b: float = 100.0

    def _value(self, X):
        x, y = X[0], X[1]
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def _grad(self, X):
        x, y = X[0], X[1]
        dx = -2 * (self.a - x) - 4 * self.b * x * (y - x**2)
        dy = 2 * self.b * (y - x**2)
        return np.stack([dx, dy])


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Rosenbrock:
    r"""Rosenbrock's banana-shaped valley, a classic hard case for fixed rates.

    .. math::
        J(x, y) = (a - x)^2 + b\,(y - x^2)^2, \qquad (x^*, y^*) = (a, a^2)

    Its curvature changes from point to point, so there is no single L
    (``L`` is None); at the minimizer the Hessian's largest eigenvalue is about
    1001.6 for the default a = 1, b = 100.

    Example:
        >>> J = rosenbrock()
        >>> float(J.value([1.0, 1.0]))
        0.0
    """
    a = _checks.real_scalar("a", a)
    b = _checks.positive("b", b)
    return Rosenbrock(
        name="Rosenbrock", shape=(2,), minimizer=np.array([a, a * a]), L=None, a=a, b=b
    )


@dataclass(frozen=True)
class DiagonalQuadratic(Objective):
    """J(x) = ½ Σ dᵢ xᵢ² + bᵀx + c: a quadratic whose A is diagonal, stored as a vector."""

    d: np.ndarray = field(default=None, repr=False)
    b: np.ndarray = field(default=None, repr=False)
    c: float = 0.0

    def _value(self, X):
        d, b = _column(self.d, X.ndim), _column(self.b, X.ndim)
        return (X * (0.5 * d * X + b)).sum(axis=0) + self.c

    def _grad(self, X):
        return _column(self.d, X.ndim) * X + _column(self.b, X.ndim)


def diagonal_quadratic(d, b=None, c: float = 0.0) -> DiagonalQuadratic:
    r"""A quadratic with a diagonal Hessian, cheap in any number of dimensions.

    .. math::
        J(x) = \tfrac12 \sum_i d_i x_i^2 + b^\top x + c, \qquad
        \nabla J(x) = d \odot x + b, \qquad x^* = -b / d

    The same function as ``quadratic(np.diag(d), b, c)`` without the n×n
    matrix, so that a million parameters cost a few vectors (the benchmarks
    use it). L = max dᵢ.

    Args:
        d: the Hessian's diagonal, every entry > 0.
        b: a vector of the same length (zeros if omitted).
        c: a constant.

    Example:
        >>> J = diagonal_quadratic([1.0, 10.0])
        >>> J.L, float(J.value([1.0, 1.0]))
        (10.0, 5.5)
    """
    d = _checks.real_array("d", d, ndim=1)
    if d.size == 0 or np.any(d <= 0):
        raise ValueError(f"d must be non-empty with every entry > 0, got {d.tolist()[:10]!r}")
    b = np.zeros_like(d) if b is None else _checks.real_array("b", b, ndim=1)
    if b.shape != d.shape:
        raise ValueError(f"b must have shape {d.shape} to match d, got shape {b.shape}")
    c = _checks.real_scalar("c", c)
    return DiagonalQuadratic(
        name=f"{d.size}-D diagonal quadratic",
        shape=d.shape,
        minimizer=-b / d,
        L=float(d.max()),
        d=d,
        b=b,
        c=c,
    )


@dataclass(frozen=True)
class DoubleWell(Objective):
    """J(θ) = θ⁴ − 2θ² + sθ: a non-convex loss with two valleys."""

    tilt: float = 0.5
    minima: np.ndarray = field(default=None, repr=False)  # both minimizers, the global first

    def _value(self, theta):
        return theta**4 - 2 * theta**2 + self.tilt * theta

    def _grad(self, theta):
        return 4 * theta**3 - 4 * theta + self.tilt

    def curvature(self, theta) -> np.ndarray | float:
        r"""J''(θ) = 12θ² − 4, for one θ or an array.

        Near a minimum θ* a step of gradient descent multiplies θ − θ* by
        about 1 − α·J''(θ*), so a fixed rate α can settle in that minimum
        only if J''(θ*) < 2/α.

        Example:
            >>> double_well(0.5).curvature(0.0)
            -4.0
        """
        theta = self.check_theta(theta)
        values = 12 * theta**2 - 4
        return values if values.ndim else float(values)

    @property
    def hump(self) -> float:
        """The local maximum between the two valleys: the barrier a run crosses."""
        return float(np.sort(np.roots([4.0, 0.0, -4.0, self.tilt]).real)[1])


TILT_LIMIT = 8 / (3 * np.sqrt(3))  # beyond it 4θ³ − 4θ + s has one real root: one valley


def double_well(tilt: float = 0.5) -> DoubleWell:
    r"""A one-dimensional non-convex loss with a global and a local minimum.

    .. math::
        J(\theta) = \theta^4 - 2\theta^2 + s\,\theta, \qquad
        \nabla J(\theta) = 4\theta^3 - 4\theta + s

    For 0 < s < 8/(3√3) ≈ 1.54 the valley at θ < 0 is the deeper one (the
    global minimum, ``minimizer``) and the one at θ > 0 a local minimum;
    ``minima`` holds both, global first. The curvature 12θ² − 4 grows without
    bound, so there is no global L (``L`` is None).

    Args:
        tilt: s, with |s| < 8/(3√3) so that both valleys exist; s = 0 makes
            them equally deep.

    Example:
        >>> J = double_well(0.5)
        >>> J.minima.round(4).tolist()
        [-1.0575, 0.9304]
    """
    tilt = _checks.real_scalar("tilt", tilt)
    if abs(tilt) >= TILT_LIMIT:
        raise ValueError(
            f"tilt must satisfy |tilt| < 8/(3√3) ≈ 1.5396 for two valleys, got {tilt!r}"
        )
    roots = np.sort(np.roots([4.0, 0.0, -4.0, tilt]).real)
    minima = roots[[0, 2]]  # the middle root is the hump between the valleys
    values = minima**4 - 2 * minima**2 + tilt * minima
    minima = minima[np.argsort(values, kind="stable")]
    return DoubleWell(
        name="J(θ) = θ⁴ − 2θ² + sθ",
        shape=(),
        minimizer=float(minima[0]),
        L=None,
        tilt=tilt,
        minima=minima,
    )


@dataclass(frozen=True)
class Noisy(Objective):
    """An objective whose gradient carries Gaussian noise of standard deviation σ."""

    base: Objective | None = field(default=None, repr=False)
    sigma: float = 0.0
    seed: int = 0

    def _value(self, X):
        return self.base._value(X)

    def _grad(self, X):  # the true gradient, the derivative of ``value``
        return self.base._grad(X)

    def _grad_at(self, X, step):  # what an optimizer is given at step t
        xi = np.random.default_rng([self.seed, step]).standard_normal(X.shape)
        return self.base._grad_at(X, step) + self.sigma * xi


def noisy(objective: Objective, sigma: float, seed: int = 0) -> Noisy:
    """Wrap ``objective`` so that its gradient is ∇J(θ) + σξ, ξ standard normal.

    Args:
        objective: the objective whose gradient to disturb.
        sigma: σ > 0, the noise's standard deviation per coordinate.
        seed: the seed of the noise.

    Returns:
        A :class:`Noisy` objective with the same value, shape, minimizer and L;
        its ``grad`` is the true ∇J and ``grad_at(θ, t)`` the noisy gradient of step t.
        For a batch of θ, the noise is one draw of the batch's shape: each run
        gets its own, and a run's noise depends on the batch's size.

    Example:
        >>> J = noisy(square(), sigma=1.0, seed=0)
        >>> float(J.value(2.0)), float(J.grad(2.0)), J.grad_at(2.0, 0) == J.grad_at(2.0, 0)
        (4.0, 4.0, np.True_)
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be an lrnotes objective, got {objective!r}")
    sigma = _checks.positive("sigma", sigma)
    seed = _checks.integer("seed", seed)
    return Noisy(
        name=f"{objective.name} with gradient noise σ = {sigma:g}",
        shape=objective.shape,
        minimizer=objective.minimizer,
        L=objective.L,
        base=objective,
        sigma=sigma,
        seed=seed,
    )
