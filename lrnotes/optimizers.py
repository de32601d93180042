r"""Optimizers as pairs of pure functions, in the style of optax.

An :class:`Optimizer` is ``init(theta) -> state`` and
``update(grad, state, theta, lr) -> (updates, state)``; the caller adds the
updates to θ. State is passed in and handed back, never kept behind your back,
and the learning rate is an argument of ``update`` so that a schedule can feed
a new α at every step and a batch of rates can run in one call.

Parameter names, defaults and update equations are those of ``torch.optim``,
so that a number computed here carries over to PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from lrnotes import _checks

State = Any
UpdateFn = Callable[[np.ndarray, State, np.ndarray, np.ndarray], tuple[np.ndarray, State]]


class Optimizer(NamedTuple):
    """An optimizer: its name, its default learning rate and its two functions."""

    name: str
    lr: np.ndarray  # a number, or a 1-D batch of rates
    init: Callable[[np.ndarray], State]
    update: UpdateFn
    hyperparams: dict


def SGD(
    lr,
    momentum: float = 0.0,
    dampening: float = 0.0,
    nesterov: bool = False,
    weight_decay: float = 0.0,
) -> Optimizer:
    r"""Stochastic gradient descent, with PyTorch's momentum.

    With g_t = ∇J(θ_t) + λθ_t (λ = ``weight_decay``) and μ = ``momentum``:

    .. math::
        b_1 = g_1, \qquad b_t = \mu b_{t-1} + (1 - \tau) g_t \quad (t > 1),

        \theta_{t+1} = \theta_t - \alpha\, b_t
        \quad\text{or, with Nesterov,}\quad
        \theta_{t+1} = \theta_t - \alpha\,(g_t + \mu b_t)

    where τ = ``dampening``. With μ = 0 this is the plain rule
    θ_{t+1} = θ_t − α∇J(θ_t) of the worked example.

    Where others differ: PyTorch (and this) starts the buffer at the first
    gradient, b₁ = g₁, rather than at zero; Sutskever et al. and many textbooks
    write v = μv + αg with α inside the buffer, which is the same only while α
    is constant.

    Args:
        lr: the learning rate α > 0, or a 1-D array of rates to run as a batch.
        momentum: μ in [0, 1).
        dampening: τ in [0, 1].
        nesterov: use Nesterov momentum (needs μ > 0 and τ = 0).
        weight_decay: λ ≥ 0, an L2 penalty added to the gradient.

    Example:
        >>> from lrnotes import minimize, square
        >>> minimize(square(), 2.0, SGD(lr=0.1), steps=2).thetas.tolist()
        [2.0, 1.6, 1.28]
    """
    lr = _checks.learning_rates("lr", lr)
    momentum = _checks.in_interval("momentum", momentum, 0.0, 1.0, closed="left")
    dampening = _checks.in_interval("dampening", dampening, 0.0, 1.0, closed="both")
    weight_decay = _checks.nonnegative("weight_decay", weight_decay)
    if not isinstance(nesterov, bool):
        raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
    if nesterov and (momentum == 0 or dampening != 0):
        raise ValueError(
            f"nesterov=True needs momentum > 0 and dampening = 0, "
            f"got momentum={momentum!r}, dampening={dampening!r}"
        )

    def init(theta):
        return {"step": 0, "momentum_buffer": np.zeros_like(theta)}

    def update(grad, state, theta, lr):
        g = grad + weight_decay * theta if weight_decay else grad
        if momentum == 0:
            return -lr * g, {"step": state["step"] + 1, "momentum_buffer": state["momentum_buffer"]}
        if state["step"] == 0:
            buf = g.copy()
        else:
            buf = momentum * state["momentum_buffer"] + (1 - dampening) * g
        direction = g + momentum * buf if nesterov else buf
        return -lr * direction, {"step": state["step"] + 1, "momentum_buffer": buf}

    hyper = dict(momentum=momentum, dampening=dampening, nesterov=nesterov, weight_decay=weight_decay)
    return Optimizer("SGD", lr, init, update, hyper)
