r"""Classifiers as objectives: logistic regression and a two-layer network.

Both minimize the mean binary cross-entropy of labels y ∈ {0, 1} over n examples,

.. math::
    J(\theta) = \frac1n \sum_{i=1}^n \bigl[\log(1 + e^{z_i}) - y_i z_i\bigr]
    + \frac{\lambda}{2} \lVert w \rVert^2,

where z_i is the model's logit for example i and λ = ``l2`` penalizes the
weights (not the biases), as scikit-learn's ``alpha`` does. log(1 + e^z) is
computed as ``np.logaddexp(0, z)`` and σ(z) = 1/(1 + e^{−z}) as
``exp(−logaddexp(0, −z))``: no overflow for any finite logit.

θ is one flat vector, so that every optimizer and the descent loop work
unchanged, and a batch of θ (one per learning rate) is evaluated in one call.
:func:`minibatch` turns either model into a seeded stochastic objective.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lrnotes import _checks
from lrnotes.objectives import Objective


def _softplus(z):
    """log(1 + e^z), exact for every finite z."""
    return np.logaddexp(0.0, z)


def sigmoid(z) -> np.ndarray:
    r"""σ(z) = 1 / (1 + e^{−z}), without overflow for large |z|.

    Example:
        >>> sigmoid([-1000.0, 0.0, 1000.0]).tolist()
        [0.0, 0.5, 1.0]
    """
    with np.errstate(under="ignore"):
        return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def _data(features, labels) -> tuple[np.ndarray, np.ndarray]:
    X = _checks.real_array("features", features, ndim=2)
    y = _checks.real_array("labels", labels, ndim=1)
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"features must have at least one row and one column, got {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"labels must have one entry per row of features ({X.shape[0]}), got shape {y.shape}"
        )
    if not np.all((y == 0) | (y == 1)):
        bad = np.unique(y[(y != 0) & (y != 1)])[:5].tolist()
        raise ValueError(f"labels must be 0 or 1, got values {bad!r}")
    return X, y


def _cross_entropy(z, y):
    """Mean over the first axis (examples) of log(1 + e^z) − y z; z is (n, ...batch)."""
    return (_softplus(z) - y.reshape(y.shape + (1,) * (z.ndim - 1)) * z).mean(axis=0)


def _residual(z, y):
    """∂J/∂z_i = (σ(z_i) − y_i) / n, the same shape as z."""
    return (sigmoid(z) - y.reshape(y.shape + (1,) * (z.ndim - 1))) / len(y)


@dataclass(frozen=True)
class Classifier(Objective):
    """A binary classifier trained by minimizing cross-entropy on (features, labels)."""

    features: np.ndarray = field(default=None, repr=False)
    labels: np.ndarray = field(default=None, repr=False)
    l2: float = 0.0

    def logits(self, theta, features=None) -> np.ndarray:
        """z for every row of ``features`` (the training set if omitted): shape (..., n)."""
        theta = self.check_theta(theta)
        X = self.features if features is None else self._check_features(features)
        Theta = np.moveaxis(theta, -1, 0)  # (P, ...batch)
        z = self._logits(Theta, X)  # (n, ...batch)
        return np.moveaxis(z, 0, -1)

    def predict_proba(self, theta, features=None) -> np.ndarray:
        """P(y = 1 | x) = σ(z) for every row: shape (..., n)."""
        return sigmoid(self.logits(theta, features))

    def accuracy(self, theta, features=None, labels=None) -> np.ndarray:
        """The fraction of rows where σ(z) > ½ agrees with the label (per θ of a batch).

        Example:
            >>> J = logistic_regression([[1.0], [-1.0]], [1, 0])
            >>> float(J.accuracy([2.0, 0.0]))
            1.0
        """
        if (features is None) != (labels is None):
            raise TypeError("give both features and labels, or neither (the training set)")
        y = self.labels
        if labels is not None:
            _, y = _data(self._check_features(features), labels)
        return ((self.logits(theta, features) > 0) == (y == 1)).mean(axis=-1)

    def _check_features(self, features) -> np.ndarray:
        X = _checks.real_array("features", features, ndim=2)
        if X.shape[1] != self.features.shape[1]:
            raise ValueError(
                f"features must have {self.features.shape[1]} columns, got shape {X.shape}"
            )
        return X

    # Subclasses give the logits and their backward pass on explicit data, so
    # that a minibatch is the same code on fewer rows.
    def _logits(self, Theta, X):
        raise NotImplementedError

    def _value_on(self, Theta, X, y):
        raise NotImplementedError

    def _grad_on(self, Theta, X, y):
        raise NotImplementedError

    def _value(self, Theta):
        return self._value_on(Theta, self.features, self.labels)

    def _grad(self, Theta):
        return self._grad_on(Theta, self.features, self.labels)


@dataclass(frozen=True)
class LogisticRegression(Classifier):
    """z = Xw + b with θ = (w₁, …, w_d, b)."""

    def _logits(self, Theta, X):
        d = X.shape[1]
        W = Theta[:d].reshape(d, -1)
        return (X @ W).reshape((X.shape[0],) + Theta.shape[1:]) + Theta[d]

    def _value_on(self, Theta, X, y):
        J = _cross_entropy(self._logits(Theta, X), y)
        if self.l2:
            J = J + 0.5 * self.l2 * (Theta[:-1] ** 2).sum(axis=0)
        return J

    def _grad_on(self, Theta, X, y):
        r = _residual(self._logits(Theta, X), y)  # (n, ...batch)
        n = X.shape[0]
        gw = (X.T @ r.reshape(n, -1)).reshape((X.shape[1],) + Theta.shape[1:])
        if self.l2:
            gw = gw + self.l2 * Theta[:-1]
        return np.concatenate([gw, r.sum(axis=0)[None]])

    def hessian(self, theta) -> np.ndarray:
        r"""∇²J(θ) = X₁ᵀ diag(σ(z)(1 − σ(z))) X₁ / n + λ I_w, for one θ (X₁ has a column of ones).

        Its largest eigenvalue is the local curvature: at most ``L``, and much
        smaller where the logits are large and σ is flat.
        """
        theta = self.check_theta(theta)
        if theta.ndim != 1:
            raise ValueError(
                f"theta must be a single point of shape {self.shape}, got {theta.shape}"
            )
        n = len(self.labels)
        X1 = np.hstack([self.features, np.ones((n, 1))])
        s = sigmoid(X1 @ theta)
        penalty = self.l2 * np.eye(self.shape[0])
        penalty[-1, -1] = 0.0
        return (X1.T * (s * (1 - s))) @ X1 / n + penalty


def logistic_regression(features, labels, l2: float = 0.0) -> LogisticRegression:
    r"""Logistic regression: a linear logit z = wᵀx + b and cross-entropy.

    .. math::
        J(\theta) = \frac1n \sum_i \bigl[\log(1 + e^{z_i}) - y_i z_i\bigr]
        + \frac{\lambda}{2}\lVert w\rVert^2, \qquad
        \nabla_w J = \frac1n X^\top(\sigma(z) - y) + \lambda w, \qquad
        \nabla_b J = \frac1n \sum_i (\sigma(z_i) - y_i)

    J is convex and its Hessian is at most ``L`` = λ_max(X₁ᵀX₁)/(4n) + λ (X₁
    has the column of ones for b), so plain gradient descent is stable for
    α < 2/L. At θ = 0 every z is 0 and J = log 2.

    With λ > 0 and both labels present, J is *strictly* convex (its Hessian
    is positive definite everywhere) and *coercive* (J → ∞ as ‖θ‖ → ∞: the
    penalty grows with ‖w‖, and the cross-entropy of one of the two classes
    grows with |b|), so a unique minimizer θ* exists; ``minimizer`` holds it,
    found by Newton's method. J is *not* strongly convex: the bias is not
    penalized, and the curvature along b, the mean of σ(zᵢ)(1 − σ(zᵢ)),
    tends to 0 as |b| → ∞. With λ = 0 on linearly separable rows (see
    :func:`separating_hyperplane`) J has no minimizer: it tends to its
    infimum 0 along c·θ_sep as c → ∞. ``minimizer`` is None when λ = 0 or
    when every label is the same.

    Args:
        features: the n×d matrix X (standardize it first).
        labels: n labels, each 0 or 1.
        l2: λ ≥ 0, the penalty on w.

    Returns:
        An objective with θ of shape (d + 1,): the weights, then the bias.

    Example:
        >>> J = logistic_regression([[1.0, 2.0], [3.0, -1.0]], [0, 1])
        >>> round(float(J.value([0.0, 0.0, 0.0])), 6)  # log 2
        0.693147
    """
    X, y = _data(features, labels)
    l2 = _checks.nonnegative("l2", l2)
    n, d = X.shape
    X1 = np.hstack([X, np.ones((n, 1))])
    L = float(np.linalg.eigvalsh(X1.T @ X1 / n)[-1]) / 4 + l2
    return LogisticRegression(
        name=f"logistic regression ({n}×{d})",
        shape=(d + 1,),
        minimizer=_newton(X1, y, l2) if l2 > 0 and 0 < y.sum() < n else None,
        L=L,
        features=X,
        labels=y,
        l2=l2,
    )


def _newton(X1, y, l2, iterations: int = 50) -> np.ndarray:
    """θ* by Newton's method, θ ← θ − (∇²J)⁻¹∇J.

    With λ > 0 and both labels present ∇²J is positive definite and J
    coercive, so θ* exists, is unique, and Newton converges to it.
    """
    n, p = X1.shape
    penalty = l2 * np.eye(p)
    penalty[-1, -1] = 0.0  # the bias is not penalized
    theta = np.zeros(p)
    for _ in range(iterations):
        s = sigmoid(X1 @ theta)
        grad = X1.T @ (s - y) / n + penalty @ theta
        hess = (X1.T * (s * (1 - s))) @ X1 / n + penalty
        step = np.linalg.solve(hess, grad)
        theta = theta - step
        if np.abs(step).max() < 1e-13 * max(1.0, np.abs(theta).max()):
            break
    return theta


@dataclass(frozen=True)
class TwoLayerNet(Classifier):
    """z = w₂ᵀ tanh(W₁ᵀx + b₁) + b₂, with θ = (W₁, b₁, w₂, b₂) flattened."""

    hidden: int = 1
    theta0: np.ndarray = field(default=None, repr=False)

    def unflatten(self, theta) -> dict[str, np.ndarray]:
        """θ (or a batch of them) as W1 (..., d, h), b1 (..., h), w2 (..., h), b2 (...).

        Example:
            >>> net = two_layer_net([[1.0, 2.0]], [1], hidden=3, seed=0)
            >>> {k: v.shape for k, v in net.unflatten(net.theta0).items()}
            {'W1': (2, 3), 'b1': (3,), 'w2': (3,), 'b2': ()}
        """
        theta = self.check_theta(theta)
        d, h = self.features.shape[1], self.hidden
        lead = theta.shape[:-1]
        return {
            "W1": theta[..., : d * h].reshape(lead + (d, h)),
            "b1": theta[..., d * h : d * h + h],
            "w2": theta[..., d * h + h : d * h + 2 * h],
            "b2": theta[..., -1],
        }

    def _parts(self, Theta):
        d, h = self.features.shape[1], self.hidden
        batch = Theta.shape[1:]
        B = int(np.prod(batch, dtype=np.int64))
        W1 = Theta[: d * h].reshape(d, h * B)
        b1 = Theta[d * h : d * h + h].reshape(h, B)
        w2 = Theta[d * h + h : d * h + 2 * h].reshape(h, B)
        b2 = Theta[-1].reshape(B)
        return W1, b1, w2, b2, batch, B

    def _forward(self, Theta, X):
        W1, b1, w2, b2, batch, B = self._parts(Theta)
        H = np.tanh((X @ W1).reshape(X.shape[0], self.hidden, B) + b1)  # (n, h, B)
        z = np.einsum("nhb,hb->nb", H, w2) + b2
        return H, z, batch

    def _logits(self, Theta, X):
        _, z, batch = self._forward(Theta, X)
        return z.reshape((X.shape[0],) + batch)

    def _penalty(self, Theta):
        d, h = self.features.shape[1], self.hidden
        return (Theta[: d * h] ** 2).sum(axis=0) + (Theta[d * h + h : d * h + 2 * h] ** 2).sum(
            axis=0
        )

    def _value_on(self, Theta, X, y):
        J = _cross_entropy(self._logits(Theta, X), y)
        if self.l2:
            J = J + 0.5 * self.l2 * self._penalty(Theta)
        return J

    def _grad_on(self, Theta, X, y):
        W1, b1, w2, b2, batch, B = self._parts(Theta)
        H, z, _ = self._forward(Theta, X)
        r = _residual(z, y)  # ∂J/∂z, (n, B)
        g_w2 = np.einsum("nhb,nb->hb", H, r)
        g_b2 = r.sum(axis=0)
        dA = r[:, None, :] * w2 * (1 - H**2)  # ∂J/∂(W₁ᵀx + b₁), (n, h, B)
        g_W1 = X.T @ dA.reshape(X.shape[0], -1)  # (d, h·B)
        g_b1 = dA.sum(axis=0)
        if self.l2:
            g_W1 = g_W1 + self.l2 * W1
            g_w2 = g_w2 + self.l2 * w2
        d, h = self.features.shape[1], self.hidden
        g = np.concatenate([g_W1.reshape(d * h, B), g_b1, g_w2, g_b2[None]])
        return g.reshape(Theta.shape)


def two_layer_net(features, labels, hidden: int, seed: int, l2: float = 0.0) -> TwoLayerNet:
    r"""A network with one tanh hidden layer of ``hidden`` units and a logistic output.

    .. math::
        a = W_1^\top x + b_1, \quad h = \tanh a, \quad z = w_2^\top h + b_2,

        \nabla_{w_2} J = \frac1n \sum_i r_i h_i, \quad
        \nabla_{W_1} J = \frac1n \sum_i x_i \bigl(r_i\, w_2 \odot (1 - h_i^2)\bigr)^\top,
        \quad r_i = \sigma(z_i) - y_i

    (and the biases likewise), with J the cross-entropy of the module
    docstring; λ = ``l2`` penalizes W₁ and w₂. θ is the flat vector
    (W₁ row by row, b₁, w₂, b₂) of size d·h + 2h + 1; :meth:`TwoLayerNet.unflatten`
    gives the pieces back. Unlike logistic regression the network has no
    global L and is not convex: it cannot start at θ = 0 (every hidden unit
    would stay the same), so ``theta0`` is drawn as PyTorch's ``nn.Linear``
    draws its parameters, U(−1/√fan_in, 1/√fan_in), from
    ``np.random.default_rng(seed)``.

    Args:
        features: the n×d matrix X.
        labels: n labels, each 0 or 1.
        hidden: h ≥ 1, the number of hidden units.
        seed: the seed of the initial θ (an integer ≥ 0).
        l2: λ ≥ 0.

    Example:
        >>> net = two_layer_net([[1.0, 2.0], [0.0, -1.0]], [1, 0], hidden=4, seed=0)
        >>> net.shape, net.theta0.shape
        ((17,), (17,))
    """
    X, y = _data(features, labels)
    hidden = _checks.integer("hidden", hidden, minimum=1)
    _checks.fits("hidden", hidden, 8 * hidden * (X.shape[1] + 2 + len(X)))
    seed = _checks.integer("seed", seed)
    l2 = _checks.nonnegative("l2", l2)
    n, d = X.shape
    rng = np.random.default_rng(seed)
    first = rng.uniform(-1, 1, size=d * hidden + hidden) / np.sqrt(d)
    second = rng.uniform(-1, 1, size=hidden + 1) / np.sqrt(hidden)
    return TwoLayerNet(
        name=f"two-layer tanh net ({n}×{d}, {hidden} hidden)",
        shape=(d * hidden + 2 * hidden + 1,),
        features=X,
        labels=y,
        l2=l2,
        hidden=hidden,
        theta0=np.concatenate([first, second]),
    )


@dataclass(frozen=True)
class Minibatch(Objective):
    """A classifier whose gradient is taken on a seeded minibatch of rows at each step."""

    base: Classifier = field(default=None, repr=False)
    batch_size: int = 1
    seed: int = 0

    def rows(self, step: int) -> np.ndarray:
        """The rows used at step t: a pure function of (seed, t).

        Epoch e = t // (n // batch_size) shuffles the rows with
        ``default_rng([seed, e])``; step t takes the next ``batch_size`` of them
        (a last incomplete batch of an epoch is dropped).
        """
        step = _checks.integer("step", step)
        n = len(self.base.labels)
        per_epoch = n // self.batch_size
        epoch, k = divmod(step, per_epoch)
        order = np.random.default_rng([self.seed, epoch]).permutation(n)
        return order[k * self.batch_size : (k + 1) * self.batch_size]

    def _value(self, Theta):  # the loss reported is the full training loss
        return self.base._value(Theta)

    def _grad(self, Theta):  # the full gradient, the derivative of that loss
        return self.base._grad(Theta)

    def _grad_at(self, Theta, step):  # what an optimizer is given: the rows of step t
        idx = self.rows(step)
        return self.base._grad_on(Theta, self.base.features[idx], self.base.labels[idx])


def minibatch(objective: Classifier, batch_size: int, seed: int) -> Minibatch:
    r"""Stochastic gradients: the same J, its gradient estimated on ``batch_size`` rows.

    .. math::
        g_t = \nabla J_{B_t}(\theta_t), \qquad
        J_{B}(\theta) = \frac{1}{|B|} \sum_{i \in B} \ell_i(\theta)
        + \frac{\lambda}{2}\lVert w\rVert^2

    The rows B_t of step t depend only on (seed, t) (see :meth:`Minibatch.rows`),
    so a run is reproducible and every learning rate of a batch sees the same
    minibatches. ``value`` is still the full training loss J.

    It keeps no state: the descent loop asks for the gradient of step t
    (:meth:`~lrnotes.objectives.Objective.grad_at`), so running it twice gives
    the same run twice. ``grad`` is the full gradient, the derivative of ``value``.

    Args:
        objective: a :func:`logistic_regression` or :func:`two_layer_net`.
        batch_size: rows per step, from 1 to n.
        seed: an integer ≥ 0.

    Example:
        >>> J = logistic_regression([[1.0], [2.0], [-1.0], [-2.0]], [1, 1, 0, 0])
        >>> S = minibatch(J, batch_size=2, seed=0)
        >>> sorted(S.rows(0).tolist() + S.rows(1).tolist())
        [0, 1, 2, 3]
    """
    if not isinstance(objective, Classifier):
        raise TypeError(
            f"objective must be a logistic_regression or two_layer_net, got {objective!r}"
        )
    n = len(objective.labels)
    batch_size = _checks.integer("batch_size", batch_size, minimum=1)
    if batch_size > n:
        raise ValueError(f"batch_size must be <= the number of rows ({n}), got {batch_size}")
    seed = _checks.integer("seed", seed)
    return Minibatch(
        name=f"{objective.name}, minibatches of {batch_size}",
        shape=objective.shape,
        L=objective.L,
        base=objective,
        batch_size=batch_size,
        seed=seed,
    )


def separating_hyperplane(features, labels) -> np.ndarray | None:
    r"""A θ = (w, b) that classifies every row correctly with margin 1, or None if none exists.

    Solves the linear feasibility problem

    .. math::
        s_i\,(w^\top x_i + b) \ge 1 \quad (i = 1, \dots, n), \qquad s_i = 2 y_i - 1,

    with ``scipy.optimize.linprog`` (HiGHS). A solution exists exactly when
    the rows are linearly separable (any strict separator, scaled up, has
    margin 1), so None is a proof that they are not. Then the unpenalized
    cross-entropy has no minimizer: J(c θ) ≤ log(1 + e^{−c}) → 0 as c → ∞.

    Args:
        features: the n×d matrix X.
        labels: n labels, each 0 or 1.

    Returns:
        θ of shape (d + 1,) (the weights, then the bias), or None.

    Example:
        >>> theta = separating_hyperplane([[0.0], [1.0], [3.0]], [0, 0, 1])
        >>> bool(theta[0] * 3.0 + theta[1] >= 1 - 1e-9 and theta[0] * 1.0 + theta[1] <= -1 + 1e-9)
        True
        >>> separating_hyperplane([[0.0], [1.0], [2.0]], [0, 1, 0]) is None
        True
    """
    from scipy.optimize import linprog  # optional dependency: only the applications chapter

    X, y = _data(features, labels)
    n, d = X.shape
    s = 2 * y - 1
    X1 = np.hstack([X, np.ones((n, 1))])
    result = linprog(np.zeros(d + 1), A_ub=-s[:, None] * X1, b_ub=-np.ones(n),
                     bounds=[(None, None)] * (d + 1), method="highs")  # fmt: skip
    if result.status == 2:  # infeasible: no hyperplane separates the rows
        return None
    if result.status != 0:
        raise RuntimeError(f"linprog did not settle separability: {result.message}")
    return result.x
