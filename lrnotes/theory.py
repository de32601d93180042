r"""Closed forms for gradient descent on a one-dimensional quadratic.

On J(θ) = (L/2) θ² (the article's J(θ) = θ² is L = 2) the gradient is Lθ, so
one step multiplies θ by a fixed factor:

.. math::
    \theta_{t+1} = \theta_t - \alpha L \theta_t = (1 - \alpha L)\,\theta_t
    \quad\Longrightarrow\quad \theta_t = (1 - \alpha L)^t\, \theta_0

Everything about a fixed learning rate α on this function follows from the
factor q = 1 − αL: the run converges exactly when |q| < 1, i.e. 0 < α < 2/L.

This is the one-dimensional case of :mod:`lrnotes.stability`: q is the 1×1
matrix I − αA with A = (L), |q| its spectral radius
(``stability.contraction_factor([[L]], α)``), and 2/L its
``stability.max_stable_lr``. What this module adds is what only one dimension
allows: the iterates in closed form, the sign of q (monotone or oscillating),
and steps counted on θ itself.
"""

from __future__ import annotations

import numpy as np

from lrnotes import _checks
from lrnotes.descent import Trajectory
from lrnotes.stability import first_crossing


def factor(lr, L: float = 2.0) -> np.ndarray | float:
    r"""The factor q = 1 − αL by which one step multiplies θ.

    The 1×1 case of :func:`lrnotes.stability.iteration_matrix`; |q| is
    :func:`lrnotes.stability.contraction_factor` of A = (L).

    Args:
        lr: the learning rate α > 0, or a 1-D array of rates.
        L: the curvature (second derivative) of J, > 0; 2 for J(θ) = θ².

    Returns:
        q, a float or an array like ``lr``.

    Example:
        >>> factor(0.1), factor(0.5), factor(1.5)
        (0.8, 0.0, -2.0)
    """
    lr = _checks.learning_rates("lr", lr)
    L = _checks.positive("L", L)
    q = 1.0 - lr * L
    return float(q) if q.ndim == 0 else q


def square_iterates(theta0: float, lr, steps: int, L: float = 2.0) -> np.ndarray:
    r"""θ_0 … θ_steps from the closed form θ_t = (1 − αL)^t θ_0.

    Args:
        theta0: the starting point θ_0.
        lr: the learning rate α > 0, or a 1-D array of rates (then one row per rate).
        steps: the number of steps, an integer ≥ 0.
        L: the curvature of J(θ) = (L/2) θ²; 2 for the article's θ².

    Returns:
        An array of shape ``(steps + 1,)``, or ``(len(lr), steps + 1)``.

    Example:
        >>> square_iterates(2.0, 0.1, 3).round(6).tolist()
        [2.0, 1.6, 1.28, 1.024]
    """
    theta0 = _checks.real_scalar("theta0", theta0)
    steps = _checks.integer("steps", steps)
    q = np.asarray(factor(lr, L))
    t = np.arange(steps + 1)
    return theta0 * q[..., None] ** t


def regime(lr: float, L: float = 2.0) -> str:
    r"""What a fixed rate α does on J(θ) = (L/2) θ², read off q = 1 − αL.

    ======================  ==========  ==================================
    α                       q           behaviour
    ======================  ==========  ==================================
    0 < α < 1/L             0 < q < 1   monotone convergence
    α = 1/L                 q = 0       the minimizer in one step
    1/L < α < 2/L           −1 < q < 0  oscillating convergence
    α = 2/L                 q = −1      bounces between ±θ_0 for ever
    α > 2/L                 q < −1      oscillating divergence
    ======================  ==========  ==================================

    Example:
        >>> for a in (0.1, 0.5, 0.75, 1.0, 1.5):
        ...     print(a, regime(a))
        0.1 converges monotonically
        0.5 lands on the minimizer in one step
        0.75 oscillates and converges
        1.0 oscillates for ever between ±θ₀
        1.5 oscillates and diverges
    """
    q = factor(_checks.positive("lr", lr), L)
    if q > 0:
        return "converges monotonically"
    if q == 0:
        return "lands on the minimizer in one step"
    if q > -1:
        return "oscillates and converges"
    if q == -1:
        return "oscillates for ever between ±θ₀"
    return "oscillates and diverges"


def steps_to_tolerance(theta0: float, lr, tol: float, L: float = 2.0) -> np.ndarray | float:
    r"""The first t with |θ_t| ≤ tol, from the closed form (inf if never).

    With q = 1 − αL and 0 < |q| < 1 it is the smallest integer

    .. math:: t \ge \frac{\ln(\mathrm{tol} / |\theta_0|)}{\ln |q|},

    so halving α roughly doubles t when αL is small: t ≈ ln(|θ_0|/tol) / (αL).
    The same count as :func:`lrnotes.stability.steps_to_tolerance` with
    factor |q| and ratio tol/|θ_0|, extended to q = 0 (one step) and |q| ≥ 1 (inf).

    Args:
        theta0: the starting point θ_0.
        lr: the learning rate α > 0, or a 1-D array of rates.
        tol: the tolerance, > 0.
        L: the curvature of J(θ) = (L/2) θ².

    Returns:
        t as a float (inf when |q| ≥ 1 and |θ_0| > tol), or an array like ``lr``.

    Example:
        >>> steps_to_tolerance(2.0, 0.1, 1e-3), steps_to_tolerance(2.0, 0.5, 1e-3)
        (35.0, 1.0)
    """
    theta0 = abs(_checks.real_scalar("theta0", theta0))
    tol = _checks.positive("tol", tol)
    q = np.abs(np.asarray(factor(lr, L)))
    out = np.array([first_crossing(theta0, float(qi), tol) for qi in q.ravel()]).reshape(q.shape)
    return float(out) if out.ndim == 0 else out


def steps_to_reach(trajectory: Trajectory, tol: float, minimizer: float = 0.0):
    r"""The first step t of a run with |θ_t − θ*| ≤ tol (inf if it never gets there).

    For a one-dimensional run (θ a number); for a batch, one value per run.

    Args:
        trajectory: a :class:`~lrnotes.descent.Trajectory` with scalar θ.
        tol: the tolerance, > 0.
        minimizer: θ*, 0 for J(θ) = θ².

    Returns:
        t as a float, or an array with one entry per run.

    Example:
        >>> import lrnotes
        >>> run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=0.1, steps=100)
        >>> steps_to_reach(run, 1e-3)
        35.0
    """
    if not isinstance(trajectory, Trajectory):
        raise TypeError(f"trajectory must be an lrnotes Trajectory, got {trajectory!r}")
    tol = _checks.positive("tol", tol)
    minimizer = _checks.real_scalar("minimizer", minimizer)
    thetas = np.asarray(trajectory.thetas, dtype=float)
    if thetas.ndim != (2 if trajectory.batched else 1):
        raise ValueError(f"steps_to_reach needs a run with scalar θ, got θ of shape {thetas.shape}")
    with np.errstate(invalid="ignore"):
        close = np.abs(thetas - minimizer) <= tol  # NaN rows after a divergence are False
    first = np.where(close.any(axis=-1), close.argmax(axis=-1), np.inf).astype(float)
    return float(first) if first.ndim == 0 else first


def square_iterates_in(dtype, theta0: float, lr: float, steps: int, L: float = 2.0) -> np.ndarray:
    r"""Gradient descent on J(θ) = (L/2) θ², every operation rounded to ``dtype``.

    .. math::
        \theta_{t+1} = \mathrm{fl}\big(\theta_t
        - \mathrm{fl}(\alpha \cdot \mathrm{fl}(L\theta_t))\big)

    In exact arithmetic θ_t = (1 − αL)^t θ_0 moves for every α > 0. In floating
    point the subtraction rounds to the nearest representable number, so when
    the update |αLθ_t| is below half the gap from θ_t to its neighbouring float
    in the step's direction (:func:`half_gap_toward`) θ never changes. Below a
    power of two that gap is half of ``np.spacing(θ_t)``, the gap above.

    Args:
        dtype: a NumPy floating type (``np.float16``, ``np.float32``, ``np.float64``).
        theta0: the start θ_0.
        lr: the learning rate α > 0.
        steps: the number of updates.
        L: the curvature.

    Returns:
        θ_0 … θ_steps, an array of ``dtype``.

    Example:
        >>> square_iterates_in(np.float64, 2.0, 1e-17, 3).tolist()
        [2.0, 2.0, 2.0, 2.0]
        >>> square_iterates_in(np.float64, 2.0, 0.1, 2).tolist()
        [2.0, 1.6, 1.28]
    """
    if not (isinstance(dtype, type) and issubclass(dtype, np.floating)):
        raise TypeError(f"dtype must be a NumPy floating type, got {dtype!r}")
    theta0 = _checks.real_scalar("theta0", theta0)
    lr = _checks.positive("lr", lr)
    steps = _checks.integer("steps", steps, minimum=0)
    L, a = dtype(_checks.positive("L", L)), dtype(lr)
    thetas = np.empty(steps + 1, dtype=dtype)
    thetas[0] = dtype(theta0)
    for t in range(steps):
        thetas[t + 1] = thetas[t] - a * (L * thetas[t])
    return thetas


def half_gap_toward(dtype, theta: float, toward: float) -> float:
    r"""Half the gap from θ to the next ``dtype`` number in the direction of ``toward``.

    .. math:: h = \tfrac12\,\bigl|\theta - \mathrm{nextafter}(\theta, \text{toward})\bigr|

    An update θ − u (u moving θ toward ``toward``) with |u| < h rounds back to
    θ; |u| > h reaches the neighbour or beyond; |u| = h is a tie that
    round-half-to-even settles. At a power of two the gap below is half the
    gap above (``np.spacing(θ)``), so a step down is lost only below
    ``np.spacing(θ) / 4``.

    Args:
        dtype: a NumPy floating type (``np.float16``, ``np.float32``, ``np.float64``).
        theta: θ, a finite number (rounded to ``dtype``).
        toward: the direction of the step, a number different from θ.

    Returns:
        h, as a Python float.

    Example:
        >>> half_gap_toward(np.float64, 2.0, 0.0), float(np.spacing(2.0)) / 2
        (1.1102230246251565e-16, 2.220446049250313e-16)
    """
    if not (isinstance(dtype, type) and issubclass(dtype, np.floating)):
        raise TypeError(f"dtype must be a NumPy floating type, got {dtype!r}")
    theta = _checks.real_scalar("theta", theta)
    toward = _checks.real_scalar("toward", toward)
    if dtype(toward) == dtype(theta):
        raise ValueError(f"toward must differ from theta = {theta!r}, got {toward!r}")
    x = dtype(theta)
    return float(abs(x - np.nextafter(x, dtype(toward)))) / 2
