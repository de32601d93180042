r"""How an optimizer responds to a given sequence of gradients.

Feed an optimizer the gradients g_1, g_2, … directly (no objective) and record
what it does with them. The *effective learning rate* of step t is the factor
that plain gradient descent would have needed to take the same step,

.. math:: \alpha^{\text{eff}}_t = -\,\frac{\Delta\theta_t}{g_t}
   \qquad (\text{per coordinate}),

so plain SGD has α^eff_t = α at every step, momentum on a constant gradient
tends to α/(1 − μ), Adagrad's decays like α/√t and Adam's step stays near α
whatever the size of g. The articles call all of these "adaptive learning
rates"; this module measures what each one actually adapts.
"""

from __future__ import annotations

import numpy as np

from lrnotes import _checks
from lrnotes.optimizers import Optimizer


def updates(optimizer: Optimizer, grads, *, lr: float, theta0=0.0) -> np.ndarray:
    r"""The updates Δθ_1 … Δθ_T an optimizer makes for the gradients g_1 … g_T.

    .. math:: \Delta\theta_t = \text{update}(g_t), \qquad \theta_{t+1} = \theta_t + \Delta\theta_t

    θ only matters through weight decay; it starts at ``theta0`` and moves by
    each update, as in a real run.

    Args:
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`.
        grads: the gradients, an array of shape (T, *shape) with T ≥ 1.
        lr: the learning rate α > 0 of every step.
        theta0: θ_1, broadcastable to one gradient's shape.

    Returns:
        An array of the shape of ``grads``: row t − 1 holds Δθ_t.

    Example:
        >>> import lrnotes
        >>> updates(lrnotes.SGD(momentum=0.5), [1.0, 1.0, 1.0], lr=0.1).round(6).tolist()
        [-0.1, -0.15, -0.175]
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an lrnotes Optimizer, got {optimizer!r}")
    lr = _checks.positive("lr", lr)
    grads = _checks.real_array("grads", grads)
    if grads.ndim == 0 or len(grads) == 0:
        raise ValueError(f"grads must be a non-empty sequence of gradients, got {grads!r}")
    theta = np.broadcast_to(_checks.real_array("theta0", theta0), grads.shape[1:]).copy()
    state = optimizer.init(theta)
    out = np.empty_like(grads)
    for t, g in enumerate(grads):
        out[t], state = optimizer._step(g, state, theta, lr)  # our own state
        theta = theta + out[t]
    return out


def effective_lr(optimizer: Optimizer, grads, *, lr: float, theta0=0.0) -> np.ndarray:
    r"""α^eff_t = −Δθ_t / g_t: the plain-GD rate that would take the same step.

    Args:
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`.
        grads: the gradients g_1 … g_T, shape (T, *shape), no entry 0.
        lr: the learning rate α > 0 of every step.
        theta0: θ_1 (see :func:`updates`).

    Returns:
        An array of the shape of ``grads``.

    Example:
        >>> import lrnotes
        >>> effective_lr(lrnotes.Adagrad(), [1.0, 1.0, 1.0, 1.0], lr=1.0).round(4).tolist()
        [1.0, 0.7071, 0.5774, 0.5]
    """
    grads = _checks.real_array("grads", grads)
    if np.any(grads == 0):
        raise ValueError("grads must have no zero entry (α^eff = −Δθ/g is undefined there)")
    return -updates(optimizer, grads, lr=lr, theta0=theta0) / grads
