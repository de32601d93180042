r"""Learning as optimization: fitting a line by minimizing a loss.

The model predicts ŷ = w x + b; its parameters are θ = (w, b). The mean
squared error over n points is a quadratic in θ:

.. math::
    J(\theta) = \frac1n \sum_{i=1}^n (w x_i + b - y_i)^2
              = \tfrac12 \theta^\top A \theta + \mathbf{b}^\top \theta + c,
    \qquad A = \tfrac2n X^\top X,\quad \mathbf{b} = -\tfrac2n X^\top y,
    \quad c = \tfrac1n y^\top y,

where X has rows (x_i, 1). So "training" this model is gradient descent on a
:func:`lrnotes.quadratic`, and its minimizer is the least-squares line.
"""

from __future__ import annotations

import numpy as np

from lrnotes import _checks
from lrnotes.objectives import Quadratic, quadratic


def line_data(
    n: int = 30,
    slope: float = 2.0,
    intercept: float = -1.0,
    noise: float = 0.5,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Noisy points around the line y = slope · x + intercept, x in [0, 2].

    Args:
        n: the number of points, ≥ 2.
        slope: the true w.
        intercept: the true b.
        noise: the standard deviation of the Gaussian noise added to y, ≥ 0.
        seed: the seed of ``np.random.default_rng``: the same seed, the same data.

    Returns:
        ``(x, y)``, two arrays of length n, x sorted.

    Example:
        >>> x, y = line_data(n=3, noise=0.0)
        >>> x.tolist(), y.tolist()
        ([0.0, 1.0, 2.0], [-1.0, 1.0, 3.0])
    """
    n = _checks.integer("n", n, minimum=2)
    _checks.fits("n", n, 8 * 4 * n)
    slope = _checks.real_scalar("slope", slope)
    intercept = _checks.real_scalar("intercept", intercept)
    noise = _checks.nonnegative("noise", noise)
    seed = _checks.integer("seed", seed)
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 2.0, n)
    y = slope * x + intercept + noise * rng.standard_normal(n)
    return x, y


def mse_objective(x, y) -> Quadratic:
    r"""The mean squared error of the line ŷ = w x + b as a function of θ = (w, b).

    .. math:: J(w, b) = \frac1n \sum_i (w x_i + b - y_i)^2

    Args:
        x: the inputs, a 1-D array of length n ≥ 2 (not all equal).
        y: the targets, a 1-D array of length n.

    Returns:
        A :class:`~lrnotes.objectives.Quadratic` on θ = (w, b), whose
        ``minimizer`` is the least-squares line.

    Example:
        >>> J = mse_objective([0.0, 1.0, 2.0], [-1.0, 1.0, 3.0])
        >>> J.minimizer.round(6).tolist(), round(float(J.value([2.0, -1.0])), 12)
        ([2.0, -1.0], 0.0)
    """
    x = _checks.real_array("x", x, ndim=1)
    y = _checks.real_array("y", y, ndim=1)
    if x.shape != y.shape or len(x) < 2:
        raise ValueError(f"x and y must have the same length ≥ 2, got {len(x)} and {len(y)}")
    if np.ptp(x) == 0:
        raise ValueError(f"x must not be constant, got {x.tolist()!r}")
    n = len(x)
    X = np.column_stack([x, np.ones(n)])
    return quadratic(2 / n * X.T @ X, -2 / n * X.T @ y, float(y @ y) / n)
