r"""scikit-learn's ``SGDClassifier`` learning rates, next to the book's schedules.

``SGDClassifier`` updates after every *example*: its step counter t = 1, 2, …
counts example updates (n per epoch, carried over from epoch to epoch), not
epochs, and starts at 1. With η₀ = ``eta0``, α = ``alpha`` (the L2 penalty,
not a learning rate) and p = ``power_t``, the rates its code
(``sklearn/linear_model/_sgd_fast.pyx.tp``) computes are

.. math::
    \text{constant: } \eta_t = \eta_0, \qquad
    \text{optimal: } \eta_t = \frac{1}{\alpha (t_0 + t - 1)}, \qquad
    \text{invscaling: } \eta_t = \frac{\eta_0}{t^{p}},

and "adaptive": η = η₀, divided by 5 each time ``n_iter_no_change``
consecutive epochs fail to lower the epoch's training objective by ``tol``
below the best so far, as long as η > 10⁻⁶; at the first such plateau with
η ≤ 10⁻⁶ training stops (so the last rate used can be below 10⁻⁶). The other
three options stop at the first plateau. The epoch objective is the mean of
ℓᵢ + α‖w‖²/2, each taken just before its update (scikit-learn ≥ 1.8, PR
#31856; earlier versions compared the loss alone). Since 1.8 there are also
"pa1" and "pa2", passive-aggressive rules for the hinge loss only.

For ``optimal`` the documentation writes 1/(α(t + t₀)). With t counted from
1, as scikit-learn's own ``t_`` is ("Same as (n_iter_ * n_samples + 1)"),
that is the code's rate one update later; the two agree only if the
documentation's t counts from 0. In the code the first rate is
exactly η_init = 1/(α t₀), as in Léon Bottou's svmsgd, whose heuristic sets
η_init = w/max(1, ℓ'(1, −w)) with w = α^{−1/4} (a "typical weight"); for the
logistic loss scikit-learn's signed derivative ℓ'(1, −w) = σ(−w) − 1 is
negative (Bottou's is its negative, below 1), so η_init = α^{−1/4} and
t₀ = 1/(α η_init). ``eta0`` is not used by ``optimal``.

In the book's terms (with s = t − 1 = 0, 1, … the step of :mod:`lrnotes.schedules`):

* constant is ``eta0 * constant()``;
* optimal is ``η_init * inverse_time_decay(decay_rate=α·η_init)``, exactly:
  1/(α(t₀ + s)) = η_init/(1 + α η_init s);
* invscaling is η₀/(1 + s)^p, an inverse *power* decay: for p = 1 it is
  ``eta0 * inverse_time_decay(decay_rate=1.0)``; for the default p = 0.5 it is
  the inverse square root, which neither lrnotes nor PyTorch has as a class
  (``LambdaLR``); it is *not* ``polynomial_decay`` (PyTorch's
  ``PolynomialLR``, (1 − s/T)^p, which reaches 0 at step T);
* adaptive is ``reduce_on_plateau(eta0, factor=0.2,
  patience=n_iter_no_change − 1, threshold=tol, threshold_mode="abs")``
  called once per epoch, up to two details: scikit-learn compares with the
  running *minimum* of the epoch objectives, PyTorch with the best value at
  its last *improvement*; and scikit-learn stops training once η ≤ 10⁻⁶
  would be divided again.

:func:`reference_sgd` re-implements the example-by-example loop in NumPy so
that the rates can be seen; the tests and the book check that it reproduces
``SGDClassifier(loss="log_loss", shuffle=False)`` to rounding.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from lrnotes import _checks
from lrnotes.models import logistic_regression, sigmoid
from lrnotes.schedules import Schedule, constant, inverse_time_decay

LEARNING_RATES = ("constant", "optimal", "invscaling", "adaptive")


def _option(learning_rate: str) -> str:
    if learning_rate not in LEARNING_RATES:
        raise ValueError(f"learning_rate must be one of {LEARNING_RATES}, got {learning_rate!r}")
    return learning_rate


def optimal_eta0(alpha: float) -> float:
    r"""η_init = α^{−1/4}: the first rate of ``learning_rate="optimal"`` with the logistic loss.

    scikit-learn computes w/max(1, σ(−w) − 1) with w = α^{−1/4}; the
    denominator is max(1, |σ(−w) − 1|) = 1 either way.

    Example:
        >>> optimal_eta0(1e-4)
        10.0
    """
    alpha = _checks.positive("alpha", alpha)
    typw = np.sqrt(1.0 / np.sqrt(alpha))
    return float(typw / max(1.0, abs(sigmoid(-typw) - 1.0)))


def sklearn_rate(learning_rate: str, t, eta0: float = 0.01, alpha: float = 1e-4,
                 power_t: float = 0.5) -> np.ndarray:  # fmt: skip
    """scikit-learn's η at example update t = 1, 2, … (not for "adaptive", which needs losses).

    Example:
        >>> sklearn_rate("invscaling", [1, 4], eta0=1.0).tolist()
        [1.0, 0.5]
    """
    _option(learning_rate)
    t = np.asarray(t)
    if not np.issubdtype(t.dtype, np.integer) or (t.size and t.min() < 1):
        raise ValueError(f"t must be integer example updates >= 1, got {t!r}")
    eta0 = _checks.positive("eta0", eta0)
    alpha = _checks.positive("alpha", alpha)
    power_t = _checks.nonnegative("power_t", power_t)
    t = t.astype(np.float64)
    if learning_rate == "constant":
        return eta0 * np.ones_like(t)
    if learning_rate == "optimal":
        t0 = 1.0 / (optimal_eta0(alpha) * alpha)
        return 1.0 / (alpha * (t0 + t - 1))
    if learning_rate == "invscaling":
        return eta0 / t**power_t
    raise ValueError('learning_rate="adaptive" depends on the losses: use reference_sgd')


def book_schedule(learning_rate: str, eta0: float = 0.01, alpha: float = 1e-4,
                  power_t: float = 0.5) -> Schedule | None:  # fmt: skip
    """The lrnotes schedule equal to scikit-learn's rate (at s = t − 1), or None if there is none.

    Example:
        >>> book_schedule("optimal", alpha=1e-4)
        10.0 * inverse_time_decay(decay_rate=0.001)
    """
    _option(learning_rate)
    if learning_rate == "constant":
        return eta0 * constant()
    if learning_rate == "optimal":
        eta = optimal_eta0(alpha)
        return eta * inverse_time_decay(decay_rate=alpha * eta)
    if learning_rate == "invscaling" and power_t == 1.0:
        return eta0 * inverse_time_decay(decay_rate=1.0)
    return None


@dataclass(frozen=True)
class SGDRun:
    """One run: the weights, the rate after each epoch, and the epoch objectives."""

    learning_rate: str
    coef: np.ndarray = field(repr=False)
    intercept: float
    n_iter: int
    epoch_etas: np.ndarray = field(repr=False)  # η in force at the end of each epoch
    epoch_objectives: np.ndarray = field(repr=False)


def reference_sgd(features, labels, learning_rate: str, eta0: float = 0.01,
                  alpha: float = 1e-4, power_t: float = 0.5, max_iter: int = 1000,
                  tol: float = 1e-3, n_iter_no_change: int = 5) -> SGDRun:  # fmt: skip
    r"""``SGDClassifier(loss="log_loss", penalty="l2", shuffle=False)``'s loop, in NumPy.

    For each example i in order, with p = wᵀxᵢ + b and η_t as in the module docstring:

    .. math::
        w \leftarrow (1 - \eta_t \alpha)\, w - \eta_t (\sigma(p) - y_i)\, x_i, \qquad
        b \leftarrow b - \eta_t (\sigma(p) - y_i)

    After each epoch the mean of ℓᵢ + α‖w‖²/2 (each taken just before its
    example's update) is compared with the best so far: ``n_iter_no_change``
    epochs in a row without a drop of ``tol`` stop the run, or, for
    "adaptive", divide η by 5 while η > 10⁻⁶ (a plateau with η ≤ 10⁻⁶ stops
    it). A slow loop, for
    small data: it is here to be read and checked, not to be fast.
    """
    X = _checks.real_array("features", features, ndim=2)
    y = _checks.real_array("labels", labels, ndim=1)
    _option(learning_rate)
    eta = _checks.positive("eta0", eta0)
    alpha = _checks.positive("alpha", alpha)
    max_iter = _checks.integer("max_iter", max_iter, minimum=1)
    n_iter_no_change = _checks.integer("n_iter_no_change", n_iter_no_change, minimum=1)
    w, b, t = np.zeros(X.shape[1]), 0.0, 1
    best, bad, etas, objectives = np.inf, 0, [], []
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        total = 0.0
        for x_i, y_i in zip(X, y, strict=True):
            p = float(w @ x_i) + b
            if learning_rate != "constant" and learning_rate != "adaptive":
                eta = float(sklearn_rate(learning_rate, t, eta0, alpha, power_t))
            total += float(np.logaddexp(0.0, p)) - y_i * p + alpha * 0.5 * float(w @ w)
            update = -eta * (float(sigmoid(p)) - y_i)
            w = max(0.0, 1.0 - eta * alpha) * w + update * x_i
            b += update
            t += 1
        objective = total / len(y)
        bad = bad + 1 if objective > best - tol else 0
        best = min(best, objective)
        if bad >= n_iter_no_change:
            if learning_rate == "adaptive" and eta > 1e-6:
                eta, bad = eta / 5, 0
            else:
                etas.append(eta)
                objectives.append(objective)
                break
        etas.append(eta)
        objectives.append(objective)
    return SGDRun(learning_rate, w, b, n_iter, np.array(etas), np.array(objectives))


@dataclass(frozen=True)
class SklearnRow:
    """One ``SGDClassifier`` fit, scored with the book's objective."""

    learning_rate: str
    n_iter: int
    converged: bool
    train_loss: float
    test_accuracy: float
    coef: np.ndarray = field(repr=False)
    intercept: float = 0.0


def fit_sgdclassifier(split, learning_rate: str, eta0: float = 0.01, alpha: float = 1e-4,
                      power_t: float = 0.5, seed: int = 0, max_iter: int = 1000,
                      shuffle: bool = True) -> SklearnRow:  # fmt: skip
    """Fit ``SGDClassifier(loss="log_loss", learning_rate=…)`` on a ``datasets.Split``.

    The training loss is the book's ``logistic_regression(..., l2=alpha)`` at
    the fitted (w, b), the objective scikit-learn minimizes; a run that hits
    ``max_iter`` is reported as not converged (its ConvergenceWarning is
    caught, not printed).
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDClassifier

    _option(learning_rate)
    clf = SGDClassifier(loss="log_loss", penalty="l2", alpha=alpha, learning_rate=learning_rate,
                        eta0=eta0, power_t=power_t, random_state=seed, max_iter=max_iter,
                        shuffle=shuffle)  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        clf.fit(split.X_train, split.y_train)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    theta = np.append(clf.coef_.ravel(), clf.intercept_[0])
    J = logistic_regression(split.X_train, split.y_train, l2=alpha)
    return SklearnRow(
        learning_rate=learning_rate,
        n_iter=int(clf.n_iter_),
        converged=converged,
        train_loss=float(J.value(theta)),
        test_accuracy=float(J.accuracy(theta, split.X_test, split.y_test)),
        coef=clf.coef_.ravel().copy(),
        intercept=float(clf.intercept_[0]),
    )


_FORMULA = {
    "constant": "η = η₀",
    "optimal": "η = 1/(α(t₀ + t − 1))",
    "invscaling": "η = η₀ / t^power_t",
    "adaptive": "η₀, ÷5 after n_iter_no_change flat epochs",
}


def book_equivalent(learning_rate: str, eta0: float, alpha: float, power_t: float,
                    n_iter_no_change: int = 5, tol: float = 1e-3) -> str:  # fmt: skip
    """The book's schedule for a scikit-learn option, as text (see the module docstring)."""
    schedule = book_schedule(learning_rate, eta0, alpha, power_t)
    if schedule is not None:
        return repr(schedule)
    if learning_rate == "invscaling":
        return f"η₀/(1 + s)^{power_t:g}: inverse power decay (no lrnotes class)"
    return (
        f"reduce_on_plateau(lr={eta0!r}, factor=0.2, patience={n_iter_no_change - 1}, "
        f"threshold={tol!r}, threshold_mode='abs'), per epoch"
    )


def observed_rates(learning_rate: str, steps: int, eta0: float = 0.01, alpha: float = 1e-4,
                   power_t: float = 0.5) -> np.ndarray:  # fmt: skip
    r"""The rates η_1 … η_steps that ``SGDClassifier`` itself applies, read back from its bias.

    A probe: one feature that is always 0 and labels 1, 0, 1, … fed one
    example per ``partial_fit`` call. Each update then moves only the bias,
    b ← b − η_t (σ(b) − y_t), so η_t = −Δb/(σ(b) − y_t) is the rate of
    update t (scikit-learn's counter ``t_`` carries over between calls).
    Not for "adaptive", whose η restarts at ``eta0`` on every call.

    Example:
        >>> observed_rates("invscaling", 4, eta0=1.0).round(12).tolist()
        [1.0, 0.707106781187, 0.57735026919, 0.5]
    """
    from sklearn.linear_model import SGDClassifier

    if _option(learning_rate) == "adaptive":
        raise ValueError('learning_rate="adaptive" restarts η at every partial_fit: no probe')
    steps = _checks.integer("steps", steps, minimum=1)
    clf = SGDClassifier(loss="log_loss", penalty="l2", alpha=_checks.positive("alpha", alpha),
                        learning_rate=learning_rate, eta0=_checks.positive("eta0", eta0),
                        power_t=_checks.nonnegative("power_t", power_t))  # fmt: skip
    b, etas = 0.0, []
    for t in range(steps):
        y = np.array([1.0 - t % 2])
        clf.partial_fit(np.zeros((1, 1)), y, classes=[0.0, 1.0])
        b_new = float(clf.intercept_[0])
        etas.append(-(b_new - b) / (float(sigmoid(b)) - y[0]))
        b = b_new
    return np.array(etas)
