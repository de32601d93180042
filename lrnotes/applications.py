"""Training a classifier with many learning rates at once, and tables of the results.

The applications chapter runs each experiment as one batched call of
:func:`lrnotes.minimize`; the functions here turn the batch into rows a reader
can compare: final training loss, its excess over J*, held-out accuracy, and
whether and when the run diverged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrnotes import _checks
from lrnotes.descent import minimize
from lrnotes.models import Classifier, Minibatch
from lrnotes.objectives import Objective
from lrnotes.optimizers import SGD, Optimizer
from lrnotes.schedules import Schedule
from lrnotes.tuning import Sweep


def _start(objective: Objective, theta0):
    if theta0 is not None:
        return theta0
    base = objective.base if isinstance(objective, Minibatch) else objective
    start = getattr(base, "theta0", None)
    return np.zeros(objective.shape) if start is None else start


def sweep(objective: Classifier, lrs, steps: int, test, *, theta0=None,
          optimizer: Optimizer = SGD(), schedule=None,
          J_star: float | None = None) -> Sweep:  # fmt: skip
    """Train with every rate in ``lrs`` in one batched call; score each on ``test = (X, y)``.

    Args:
        objective: a classifier (or its :func:`~lrnotes.models.minibatch`).
        lrs: a 1-D array of learning rates.
        steps: the number of updates of every run.
        test: the held-out ``(features, labels)``.
        theta0: the start; by default the model's ``theta0``, or zeros.
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`, e.g. ``lrnotes.Adam()``.
        schedule: an unbound :class:`~lrnotes.schedules.Schedule`, e.g.
            ``cosine_decay(t_max=steps)``, bound here to the batch of rates
            (``lrs * schedule``): each rate is its base rate. None: a constant rate.
        J_star: the minimum of J, if known, for the J − J* column.

    Returns:
        A :class:`Sweep`; a diverged run is scored at its last good iterate.
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an lrnotes Optimizer, got {optimizer!r}")
    lrs = _checks.learning_rates("lrs", np.atleast_1d(lrs))
    base = objective.base if isinstance(objective, Minibatch) else objective
    if schedule is not None and not (isinstance(schedule, Schedule) and not schedule.bound):
        raise TypeError(
            f"schedule must be an unbound lrnotes Schedule, e.g. cosine_decay(t_max=100): "
            f"the rates lrs are its base rates, got {schedule!r}"
        )
    lr = lrs if schedule is None else lrs * schedule
    run = minimize(objective, _start(objective, theta0), optimizer, steps, lr)
    last = run.thetas[np.arange(len(lrs)), run.stop_step]
    return Sweep(lrs, run, test_accuracy=base.accuracy(last, *test), J_star=J_star)


@dataclass(frozen=True)
class Best:
    """The best run of a sweep: its name, its (peak) rate, its final J and accuracy."""

    name: str
    lr: float
    final_loss: float
    test_accuracy: float
    losses: np.ndarray  # the loss curve of that run


def best_of(name: str, result: Sweep) -> Best:
    """The run with the lowest final training loss among those that did not diverge."""
    i = result.best()
    if i is None:
        raise ValueError(f"every run of {name!r} diverged: no best rate")
    return Best(name, float(result.lrs[i]), float(result.final_losses[i]),
                float(result.test_accuracy[i]), result.trajectory[i].losses)  # fmt: skip
