r"""Why a fixed learning rate converges or blows up: gradient descent on a quadratic.

On J(θ) = ½ θᵀAθ + bᵀθ + c the gradient is ∇J(θ) = Aθ + b = A(θ − θ*), so the
error e_t = θ_t − θ* of gradient descent obeys a linear recursion:

.. math::
    e_{t+1} = (I - \alpha A)\, e_t, \qquad e_t = (I - \alpha A)^t e_0 .

Along the eigenvector of A with eigenvalue λ the error is multiplied by
1 − αλ at every step. The run converges from every start exactly when all
these factors lie inside the unit circle, and the slowest of them, the
spectral radius ρ(I − αA) = maxᵢ |1 − αλᵢ|, is the per-step contraction.
For A symmetric positive definite with eigenvalues λ_min ≤ … ≤ λ_max = L:

* stable exactly when 0 < α < 2/L;
* the best fixed rate is α* = 2/(λ_min + λ_max), where
  ρ = (κ − 1)/(κ + 1) with κ = λ_max/λ_min.

The same recursion holds for any square A (the loop θ ← θ − α(Aθ + b) of the
second article, whose A is not symmetric): the eigenvalues of I − αA are
1 − αλᵢ with λᵢ now complex, and |1 − αλ| < 1 ⟺ 0 < α < 2 Re λ / |λ|².
Every function here accepts a matrix A or an :func:`lrnotes.quadratic`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lrnotes import _checks
from lrnotes.descent import Status, Trajectory
from lrnotes.objectives import Objective, Quadratic


def _matrix(A) -> np.ndarray:
    if isinstance(A, Quadratic):
        return A.A
    A = _checks.real_array("A", A)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise ValueError(f"A must be a non-empty square matrix, got shape {A.shape}")
    return A


def _eigenvalues(A: np.ndarray) -> np.ndarray:
    """λ(A): real and sorted for a symmetric A, complex otherwise."""
    if np.allclose(A, A.T, rtol=1e-12, atol=1e-12):
        return np.linalg.eigvalsh(A)
    return np.linalg.eigvals(A)


def _spd_eigenvalues(A) -> np.ndarray:
    A = _matrix(A)
    lam = _eigenvalues(A)
    if np.iscomplexobj(lam) or lam[0] <= 0:
        raise ValueError(f"A must be symmetric positive definite, got {A.tolist()!r}")
    return lam


def iteration_matrix(A, lr: float) -> np.ndarray:
    r"""The matrix I − αA that multiplies the error at every step.

    .. math:: e_{t+1} = (I - \alpha A)\, e_t

    Args:
        A: a square matrix, or a :func:`~lrnotes.quadratic`.
        lr: the learning rate α > 0.

    Returns:
        The n×n matrix I − αA.

    Example:
        >>> iteration_matrix([[1.0, 0.0], [0.0, 10.0]], 0.1).tolist()
        [[0.9, 0.0], [0.0, 0.0]]
    """
    A = _matrix(A)
    lr = _checks.positive("lr", lr)
    return np.eye(len(A)) - lr * A


def contraction_factor(A, lr) -> np.ndarray | float:
    r"""The spectral radius ρ(I − αA) = maxᵢ |1 − αλᵢ|: the error's shrink per step.

    ρ < 1: the error shrinks by about ρ per step (geometric convergence);
    ρ > 1: the component along the worst eigenvector grows by ρ per step.

    Args:
        A: a square matrix (eigenvalues may be complex), or a quadratic.
        lr: the learning rate α > 0, or a 1-D array of rates.

    Returns:
        ρ, a float, or an array with one ρ per rate.

    Example:
        >>> A = [[1.0, 0.0], [0.0, 10.0]]
        >>> contraction_factor(A, [0.1, 2 / 11, 0.25]).round(4).tolist()
        [0.9, 0.8182, 1.5]
    """
    lam = _eigenvalues(_matrix(A))
    lr = _checks.learning_rates("lr", lr)
    rho = np.max(np.abs(1 - lr[..., None] * lam), axis=-1)
    return float(rho) if rho.ndim == 0 else rho


def max_stable_lr(A) -> float:
    r"""The largest stable rate: GD converges from every start iff 0 < α < this.

    .. math::
        \alpha < \min_i \frac{2\,\mathrm{Re}\,\lambda_i}{|\lambda_i|^2}
        \;=\; \frac{2}{\lambda_{\max}} \quad\text{for A symmetric positive definite.}

    Args:
        A: a square matrix whose eigenvalues all have a positive real part,
            or a quadratic.

    Returns:
        The supremum of the stable learning rates.

    Raises:
        ValueError: if some eigenvalue has Re λ ≤ 0 (no rate is stable).

    Example:
        >>> max_stable_lr([[1.0, 0.0], [0.0, 10.0]])
        0.2
    """
    A = _matrix(A)
    lam = _eigenvalues(A)
    if np.any(lam.real <= 0):
        raise ValueError(
            f"A has an eigenvalue with real part <= 0, so no learning rate is stable: "
            f"eigenvalues {np.round(lam, 6).tolist()!r}"
        )
    return float(np.min(2 * lam.real / np.abs(lam) ** 2))


def optimal_lr(A) -> float:
    r"""The best fixed rate on a quadratic, α* = 2/(λ_min + λ_max).

    It balances the two ends of the spectrum, 1 − α*λ_min = −(1 − α*λ_max),
    and so minimizes ρ(I − αA) over α.

    Args:
        A: a symmetric positive definite matrix, or a quadratic.

    Example:
        >>> optimal_lr([[1.0, 0.0], [0.0, 10.0]])
        0.18181818181818182
    """
    lam = _spd_eigenvalues(A)
    return float(2 / (lam[0] + lam[-1]))


def optimal_contraction(A) -> float:
    r"""The contraction at the best fixed rate: ρ(I − α*A) = (κ − 1)/(κ + 1).

    Args:
        A: a symmetric positive definite matrix, or a quadratic.

    Example:
        >>> round(optimal_contraction([[1.0, 0.0], [0.0, 10.0]]), 6)
        0.818182
    """
    lam = _spd_eigenvalues(A)
    kappa = lam[-1] / lam[0]
    return float((kappa - 1) / (kappa + 1))


def predicted_errors(A, lr: float, e0, steps: int) -> np.ndarray:
    r"""The errors e_t = (I − αA)^t e_0 for t = 0 … steps, from the recursion alone.

    Args:
        A: a square matrix, or a quadratic.
        lr: the learning rate α > 0.
        e0: the first error θ_0 − θ*, a vector of length n.
        steps: the number of steps, an integer ≥ 0.

    Returns:
        An array of shape (steps + 1, n), e_0 first.

    Example:
        >>> predicted_errors([[2.0]], 0.1, [2.0], 2).ravel().round(6).tolist()
        [2.0, 1.6, 1.28]
    """
    M = iteration_matrix(A, lr)
    e = _checks.real_array("e0", e0, ndim=1)
    if e.shape != (len(M),):
        raise ValueError(f"e0 must have shape ({len(M)},), got shape {e.shape}")
    steps = _checks.integer("steps", steps)
    out = np.empty((steps + 1, len(e)))
    out[0] = e
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            out[t + 1] = M @ out[t]
    return out


def predicted_distance(objective: Quadratic, theta0, lr: float, steps: int) -> np.ndarray:
    r"""‖θ_t − θ*‖ for t = 0 … steps, predicted from e_t = (I − αA)^t e_0.

    Args:
        objective: a :func:`~lrnotes.quadratic`.
        theta0: the start θ_0.
        lr: the learning rate α > 0.
        steps: the number of steps.

    Returns:
        A 1-D array of steps + 1 distances.

    Example:
        >>> import lrnotes
        >>> J = lrnotes.quadratic([[1.0, 0.0], [0.0, 10.0]])
        >>> predicted_distance(J, [1.0, 1.0], 0.1, 2).round(4).tolist()
        [1.4142, 0.9, 0.81]
    """
    if not isinstance(objective, Quadratic):
        raise TypeError(f"objective must be an lrnotes quadratic, got {objective!r}")
    theta0 = objective.check_theta(theta0, "theta0")
    errors = predicted_errors(objective, lr, theta0 - objective.minimizer, steps)
    return np.linalg.norm(errors, axis=-1)


def distance_to_minimizer(trajectory: Trajectory, objective: Objective) -> np.ndarray:
    """The measured distances ‖θ_t − θ*‖ of a run (or of each run of a batch).

    Args:
        trajectory: a :class:`~lrnotes.descent.Trajectory`.
        objective: an objective whose ``minimizer`` is known.

    Returns:
        An array of the trajectory's ``losses`` shape (NaN after a stop in a batch).

    Example:
        >>> import lrnotes
        >>> run = lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.1, 2)
        >>> distance_to_minimizer(run, lrnotes.square()).round(4).tolist()
        [2.0, 1.6, 1.28]
    """
    if not isinstance(trajectory, Trajectory):
        raise TypeError(f"trajectory must be an lrnotes Trajectory, got {trajectory!r}")
    if not isinstance(objective, Objective) or objective.minimizer is None:
        raise ValueError(
            f"objective must be an lrnotes objective with a known minimizer, got {objective!r}"
        )
    diff = trajectory.thetas - np.asarray(objective.minimizer)
    k = len(objective.shape)
    return np.sqrt(np.sum(diff**2, axis=tuple(range(diff.ndim - k, diff.ndim))))


def measured_contraction(distances, window: int = 10) -> np.ndarray | float:
    r"""The per-step shrink of the last ``window`` steps, (d_k / d_{k−w})^{1/w}.

    After the fast components have died out this tends to ρ(I − αA).

    Args:
        distances: ‖θ_t − θ*‖ for t = 0 … k, all > 0 (e.g. from
            :func:`distance_to_minimizer`); or a 2-D array, one run per row.
        window: the number of final steps w ≥ 1 to average over.

    Returns:
        The measured factor, a float, or one per row.

    Example:
        >>> measured_contraction([8.0, 4.0, 2.0, 1.0], window=3)
        0.5
        >>> measured_contraction([[8.0, 4.0, 2.0], [9.0, 3.0, 1.0]], window=2).tolist()
        [0.5, 0.3333333333333333]
    """
    d = _checks.real_array("distances", distances)
    if d.ndim not in (1, 2):
        raise ValueError(f"distances must have 1 or 2 dimensions, got shape {d.shape}")
    window = _checks.integer("window", window, minimum=1)
    if d.shape[-1] <= window:
        raise ValueError(f"window must be < len(distances) = {d.shape[-1]}, got {window!r}")
    if np.any(d[..., -window - 1 :] <= 0):
        raise ValueError("distances must be > 0 over the window (the run reached θ* exactly)")
    rho = (d[..., -1] / d[..., -window - 1]) ** (1 / window)
    return float(rho) if rho.ndim == 0 else rho


def steps_to_tolerance(factor: float, ratio: float) -> int:
    r"""The fewest steps t with factor^t ≤ ratio: t = ⌈ln ratio / ln factor⌉.

    With factor = ρ and ratio = tol/‖e_0‖ this predicts how long a run needs.
    (:func:`lrnotes.theory.steps_to_tolerance` is the 1-D case, on θ itself.)

    Args:
        factor: the per-step contraction ρ, in (0, 1).
        ratio: the wanted reduction, in (0, 1).

    Example:
        >>> steps_to_tolerance(0.5, 1e-3)
        10
    """
    factor = _checks.in_interval("factor", factor, 0.0, 1.0)
    ratio = _checks.in_interval("ratio", ratio, 0.0, 1.0)
    return int(first_crossing(1.0, factor, ratio))


def first_crossing(start: float, factor: float, tol: float) -> float:
    r"""The first t ≥ 0 with start · factor^t ≤ tol, for start, tol > 0, factor ≥ 0.

    t = ⌈ln(tol/start) / ln factor⌉, with the boundary settled by the powers
    themselves (the logarithms round); 0 if start ≤ tol, inf if factor ≥ 1.
    The one computation behind both ``steps_to_tolerance`` functions.

    Example:
        >>> first_crossing(2.0, 0.8, 1e-3), first_crossing(2.0, 1.0, 1e-3)
        (35.0, inf)
    """
    if start <= tol:
        return 0.0
    if factor == 0:
        return 1.0
    if factor >= 1:
        return math.inf
    t = max(math.ceil(math.log(tol / start) / math.log(factor)), 1)
    while start * factor**t > tol:
        t += 1
    while t > 1 and start * factor ** (t - 1) <= tol:
        t -= 1
    return float(t)


@dataclass(frozen=True)
class LinearIteration:
    """The iterates of x ← x − α(Ax + b) and the residual norms ‖Ax_t + b‖.

    Named as a :class:`~lrnotes.descent.Trajectory` is: ``thetas`` the iterates
    x_0 … x_k (k = ``stop_step``), ``status`` how the loop ended.
    """

    thetas: np.ndarray
    residual_norms: np.ndarray
    stop_step: int
    status: Status

    @property
    def converged(self) -> bool:
        """Whether the loop met its tolerance, ‖g_k‖ < tol."""
        return self.status is Status.CONVERGED


def linear_iteration(A, b, x0, lr: float, steps: int, tol: float = 0.0) -> LinearIteration:
    r"""The second article's loop for any square A, on float arrays.

    .. math:: g_t = A x_t + b, \qquad x_{t+1} = x_t - \alpha g_t

    stopping once ‖g_t‖ < tol (the article makes one more update with that
    g_t before it checks, a difference of one step). For a symmetric A this is
    gradient descent on ½xᵀAx + bᵀx; for any A with the eigenvalues of
    I − αA inside the unit circle it converges to the solution of Ax = −b
    (g_{t+1} = (I − αA) g_t), whether or not g is the gradient of anything.

    Args:
        A: a square matrix.
        b: a vector of length n.
        x0: the start x_0.
        lr: the learning rate α > 0.
        steps: the most updates to make.
        tol: stop once ‖g_t‖ < tol (0: never stop early).

    Returns:
        A :class:`LinearIteration`: ``thetas`` holds x_0 … x_k, ``residual_norms``
        ‖g_0‖ … ‖g_k‖, and ``status`` is converged (‖g_k‖ < tol), diverged
        (‖g_k‖ not finite) or completed.

    Example:
        >>> run = linear_iteration([[2.0]], [-2.0], [0.0], 0.25, 3)
        >>> run.thetas.ravel().tolist(), run.residual_norms.tolist()
        ([0.0, 0.5, 0.75, 0.875], [2.0, 1.0, 0.5, 0.25])
    """
    A = _matrix(A)
    n = len(A)
    b = _checks.real_array("b", b, ndim=1)
    x = _checks.real_array("x0", x0, ndim=1)
    for name, v in (("b", b), ("x0", x)):
        if v.shape != (n,):
            raise ValueError(f"{name} must have shape ({n},) to match A, got shape {v.shape}")
    lr = _checks.positive("lr", lr)
    steps = _checks.integer("steps", steps)
    tol = _checks.nonnegative("tol", tol)
    xs, norms = [x], []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            g = A @ x + b
            norms.append(float(np.linalg.norm(g)))
            if norms[-1] < tol or not np.isfinite(norms[-1]):
                break
            x = x - lr * g
            xs.append(x)
        else:
            norms.append(float(np.linalg.norm(A @ x + b)))
    status = (
        Status.CONVERGED if norms[-1] < tol
        else Status.DIVERGED if not np.isfinite(norms[-1])
        else Status.COMPLETED
    )  # fmt: skip
    return LinearIteration(np.array(xs), np.array(norms), len(xs) - 1, status)


def momentum_max_stable_lr(
    A, momentum: float, *, dampening: float = 0.0, nesterov: bool = False
) -> float:
    r"""The largest stable rate of PyTorch's SGD with momentum on a quadratic.

    With g_t = ∇J(θ_{t−1}), t = 1, 2, … (θ₀ the start), μ = ``momentum`` and
    τ = ``dampening``, :class:`lrnotes.SGD` computes b_t = μb_{t−1} + (1 − τ)g_t and
    θ_t = θ_{t−1} − αb_t (heavy ball), or θ_t = θ_{t−1} − α(g_t + μb_t) (Nesterov,
    τ = 0). Along an eigenvector with eigenvalue λ the pair (e_t, b_t), e_t = θ_t − θ*,
    is multiplied at every step by

    .. math::
        M_{	ext{heavy ball}} = egin{pmatrix} 1 - (1-	au)lpha\lambda & -lpha\mu \
            (1-	au)\lambda & \mu \end{pmatrix}, \qquad
        M_{	ext{Nesterov}} = egin{pmatrix} 1 - (1+\mu)lpha\lambda & -lpha\mu^2 \
            \lambda & \mu \end{pmatrix},

    with characteristic polynomials z² − (1 + μ − (1−τ)αλ)z + μ and
    z² − (1 + μ)(1 − αλ)z + μ(1 − αλ). Their roots lie inside the unit circle
    (Jury: p(1) > 0, p(−1) > 0, |p(0)| < 1) exactly when 0 ≤ μ < 1 and

    .. math::
        lpha < rac{2(1 + \mu)}{(1 - 	au)\,L} \ 	ext{(heavy ball)}, \qquad
        lpha < rac{2(1 + \mu)}{(1 + 2\mu)\,L} \ 	ext{(Nesterov)}, \qquad
        L = \lambda_{\max}.

    Heavy ball without dampening (PyTorch's default) beats plain gradient descent's
    2/L by the factor 1 + μ; Nesterov's limit lies *below* 2/L for every μ > 0.
    (b₁ = g₁ is only the first step; the limit is the steady recursion's.)

    Args:
        A: a symmetric positive definite matrix, or a quadratic.
        momentum: μ in [0, 1), as ``lrnotes.SGD``'s ``momentum``.
        dampening: τ in [0, 1), as ``lrnotes.SGD``'s ``dampening``.
        nesterov: Nesterov's form (needs τ = 0, as in PyTorch).

    Example:
        >>> A = [[1.0, 0.0], [0.0, 1000.0]]
        >>> round(momentum_max_stable_lr(A, 0.9), 6), round(momentum_max_stable_lr(A, 0.0), 6)
        (0.0038, 0.002)
        >>> round(momentum_max_stable_lr(A, 0.9, nesterov=True), 6)
        0.001357
    """
    lam = _spd_eigenvalues(A)
    momentum = _checks.in_interval("momentum", momentum, 0.0, 1.0, closed="left")
    dampening = _checks.in_interval("dampening", dampening, 0.0, 1.0, closed="left")
    if not isinstance(nesterov, bool):
        raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
    if nesterov and dampening != 0:
        raise ValueError(f"nesterov=True needs dampening = 0, got dampening={dampening!r}")
    scale = 1 + 2 * momentum if nesterov else 1 - dampening
    return float(2 * (1 + momentum) / (scale * lam[-1]))
