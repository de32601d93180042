r"""Derivatives by central differences, to check a gradient or to measure a curvature.

.. math::
    \frac{\partial J}{\partial \theta_j} \approx
    \frac{J(\theta + h e_j) - J(\theta - h e_j)}{2h},
    \qquad
    H_{ij} \approx \frac{\partial_i J(\theta + h e_j) - \partial_i J(\theta - h e_j)}{2h}

The error of a central difference is O(h²) plus the rounding of J divided by h,
so h ≈ 1e-6 for a gradient and 1e-5 for a Hessian suit functions of size ~1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrnotes import _checks


def gradient(f: Callable[[np.ndarray], float], theta, h: float = 1e-6) -> np.ndarray:
    r"""∇f(θ) by central differences, one coordinate at a time.

    Args:
        f: a scalar function of a 1-D array (e.g. ``J.value``).
        theta: the point θ, a 1-D array.
        h: the step of the difference, > 0.

    Returns:
        An array like ``theta``.

    Example:
        >>> gradient(lambda x: x[0] ** 2 + 3 * x[1], [1.0, 5.0]).round(6).tolist()
        [2.0, 3.0]
    """
    theta = _checks.real_array("theta", theta, ndim=1)
    h = _checks.positive("h", h)
    if not callable(f):
        raise TypeError(f"f must be a function of θ, got {f!r}")
    return np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(len(theta))])


def hessian(grad: Callable[[np.ndarray], np.ndarray], theta, h: float = 1e-5) -> np.ndarray:
    r"""The Hessian ∇²J(θ) by central differences of the gradient, row j from e_j.

    Not symmetrized: for a true gradient it comes out symmetric to rounding.

    Args:
        grad: the gradient, a function of a 1-D array (e.g. ``J.grad``).
        theta: the point θ, a 1-D array.
        h: the step of the difference, > 0.

    Returns:
        An n×n array.

    Example:
        >>> import lrnotes
        >>> hessian(lrnotes.rosenbrock().grad, [1.0, 1.0]).round(3).tolist()
        [[802.0, -400.0], [-400.0, 200.0]]
    """
    theta = _checks.real_array("theta", theta, ndim=1)
    h = _checks.positive("h", h)
    if not callable(grad):
        raise TypeError(f"grad must be a function of θ, got {grad!r}")
    return np.array(
        [(grad(theta + h * e) - grad(theta - h * e)) / (2 * h) for e in np.eye(len(theta))]
    )
