"""The book's catalogue: the fixed lists of schedules and methods its chapters compare.

Kept apart from the modules that define schedules and optimizers, so that those
hold what a schedule or an optimizer *is*, and this the choices the book made.
"""

from __future__ import annotations

from lrnotes import _checks
from lrnotes.optimizers import SGD, Adagrad, Adam, Optimizer, RMSprop
from lrnotes.schedules import (
    Schedule,
    constant,
    cosine_decay,
    cosine_restarts,
    cyclic,
    exponential_decay,
    inverse_time_decay,
    linear,
    multistep_decay,
    one_cycle,
    polynomial_decay,
    step_decay,
    warmup_cosine,
)


def schedules() -> list[Schedule]:
    """One schedule from every factory, with the arguments the book and its tests use.

    Example:
        >>> len(schedules()), schedules()[1]
        (14, 0.1 * step_decay(step_size=30, gamma=0.5))
    """
    return [
        0.1 * constant(),
        0.1 * step_decay(step_size=30, gamma=0.5),
        0.1 * multistep_decay(milestones=[30, 60, 80], gamma=0.5),
        0.1 * exponential_decay(gamma=0.97),
        0.1 * inverse_time_decay(decay_rate=0.05),
        0.1 * polynomial_decay(total_steps=100, power=2.0),
        0.1 * linear(start_factor=1.0, end_factor=0.05, total_steps=100),
        0.1 * cosine_decay(t_max=100, lr_min=0.001),
        0.1 * cosine_restarts(t_0=10, t_mult=2, lr_min=0.001),
        0.1 * warmup_cosine(warmup_steps=10, total_steps=100, start_factor=0.01),
        one_cycle(0.1, total_steps=100),
        one_cycle(0.1, total_steps=100, pct_start=0.25, three_phase=True),
        cyclic(0.001, 0.1, step_size_up=10, mode="triangular"),
        cyclic(0.001, 0.1, step_size_up=10, mode="triangular2", step_size_down=15),
    ]


def methods(momentum: float = 0.9) -> dict[str, Optimizer]:
    """The five methods the book compares, name → Optimizer, with PyTorch's defaults.

    SGD, SGD with momentum μ (``momentum``), Adagrad, RMSprop and Adam; pass
    it to :func:`lrnotes.tuning.tune`, or run an entry with a rate of your choice.

    Example:
        >>> found = methods()
        >>> list(found), found["momentum 0.9"]
        (['SGD', 'momentum 0.9', 'Adagrad', 'RMSprop', 'Adam'], SGD(momentum=0.9))
    """
    momentum = _checks.in_interval("momentum", momentum, 0.0, 1.0, closed="left")
    return {
        "SGD": SGD(),
        f"momentum {momentum:g}": SGD(momentum=momentum),
        "Adagrad": Adagrad(),
        "RMSprop": RMSprop(),
        "Adam": Adam(),
    }
