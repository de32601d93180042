r"""The descent loop and the :class:`Trajectory` it returns.

One loop serves every optimizer and every schedule:

.. math:: \theta_{t+1} = \theta_t + \text{update}(\nabla J(\theta_t), \alpha_t)

It runs a whole batch of learning rates at once (a leading batch axis on every
array) and watches every run for divergence: a run stops, and says so, as soon
as θ or J(θ) is no longer finite or |J(θ)| passes ``max_loss``. No NaN is
plotted and no RuntimeWarning is printed; the trajectory reports the step and
the reason instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrnotes import _checks
from lrnotes.objectives import Objective
from lrnotes.optimizers import SGD, Optimizer

COMPLETED = "completed"


@dataclass(frozen=True)
class Trajectory:
    """The path of one run, or of a batch of runs, of an optimizer.

    For a single run, ``thetas`` holds the iterates θ_0 … θ_k (θ_0 first) and
    ``losses`` the values J(θ_0) … J(θ_k), where k = ``stop_step``: k equals
    ``steps`` unless the run diverged, in which case the arrays end at the last
    iterate that passed the check and ``reason`` says what failed at step k + 1.
    ``lrs[t]`` is the learning rate used to go from θ_t to θ_{t+1}.

    For a batch (``lr`` a 1-D array), every field gains a leading batch axis;
    the arrays keep ``steps + 1`` rows and a diverged run's rows after its stop
    are NaN. ``trajectory[i]`` is run i on its own, cut at its stop, exactly as
    a single call with that learning rate would return it.
    """

    thetas: np.ndarray
    losses: np.ndarray
    lrs: np.ndarray
    diverged: np.ndarray | bool
    stop_step: np.ndarray | int
    reason: np.ndarray | str

    @property
    def batched(self) -> bool:
        """True when the trajectory holds a batch of runs."""
        return np.ndim(self.diverged) == 1

    def __len__(self) -> int:
        if not self.batched:
            raise TypeError("a single-run Trajectory has no len(); use len(t.losses)")
        return len(self.diverged)

    def __getitem__(self, i: int) -> Trajectory:
        if not self.batched:
            raise TypeError("only a batched Trajectory can be indexed")
        k = int(self.stop_step[i])
        return Trajectory(
            thetas=self.thetas[i, : k + 1],
            losses=self.losses[i, : k + 1],
            lrs=self.lrs[i, :k],
            diverged=bool(self.diverged[i]),
            stop_step=k,
            reason=str(self.reason[i]),
        )

    @property
    def final_loss(self) -> np.ndarray | float:
        """J at the last iterate kept (per run for a batch)."""
        if not self.batched:
            return float(self.losses[-1])
        return self.losses[np.arange(len(self)), self.stop_step]


def minimize(
    objective: Objective,
    theta0,
    optimizer: Optimizer,
    steps: int,
    schedule: Callable[[int], float | np.ndarray] | None = None,
    *,
    max_loss: float | None = None,
) -> Trajectory:
    """Run ``optimizer`` on ``objective`` from ``theta0`` for ``steps`` steps.

    Args:
        objective: what to minimize (see :mod:`lrnotes.objectives`).
        theta0: the starting point θ_0, of shape ``objective.shape``.
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`; its ``lr`` is
            used at every step unless a schedule is given.
        steps: the number of updates, an integer ≥ 0.
        schedule: optional; the rate at step t is ``schedule(t)``.
        max_loss: a run whose |J(θ)| exceeds this is stopped as diverged;
            by default 10¹⁰ · max(1, |J(θ_0)|).

    Returns:
        A :class:`Trajectory`, batched when the learning rate is a 1-D array.
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be an lrnotes objective, got {objective!r}")
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an lrnotes Optimizer, got {optimizer!r}")
    steps = _checks.integer("steps", steps)
    theta0 = _checks.real_array("theta0", theta0)
    if theta0.shape != objective.shape:
        raise ValueError(
            f"theta0 must have shape {objective.shape} for {objective.name}, "
            f"got shape {theta0.shape}: {theta0.tolist()!r}"
        )
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the step, got {schedule!r}")
    rate = _rate_fn(optimizer, schedule)
    batch = np.ndim(rate(0)) == 1
    lr0 = np.atleast_1d(rate(0))
    loss0 = float(objective.value(theta0))
    if max_loss is None:
        max_loss = 1e10 * max(1.0, abs(loss0))
    max_loss = _checks.positive("max_loss", max_loss)

    runs = len(lr0)
    expand = (slice(None),) + (None,) * len(objective.shape)
    thetas = np.full((runs, steps + 1, *objective.shape), np.nan)
    losses = np.full((runs, steps + 1), np.nan)
    lrs = np.full((runs, steps), np.nan)
    theta = np.broadcast_to(theta0, (runs, *objective.shape)).copy()
    thetas[:, 0], losses[:, 0] = theta, loss0
    alive = np.ones(runs, dtype=bool)
    stop_step = np.full(runs, steps)
    reason = np.full(runs, COMPLETED, dtype=object)

    state = optimizer.init(theta)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(steps):
            lr = np.broadcast_to(np.atleast_1d(rate(t)), (runs,))
            updates, state = optimizer.update(objective._grad(theta), state, theta, lr[expand])
            new_theta = theta + updates
            loss = objective._value(new_theta)
            finite = np.isfinite(loss) & np.isfinite(new_theta.reshape(runs, -1)).all(axis=1)
            failed = alive & ~(finite & (np.abs(loss) <= max_loss))
            if failed.any():
                for i in np.flatnonzero(failed):
                    stop_step[i] = t
                    reason[i] = _why(loss[i], finite[i], max_loss, t + 1)
                alive &= ~failed
                new_theta = np.where(alive[expand], new_theta, theta)
            thetas[alive, t + 1] = new_theta[alive]
            losses[alive, t + 1] = loss[alive]
            lrs[alive | failed, t] = lr[alive | failed]
            theta = new_theta
            if not alive.any():
                break

    trajectory = Trajectory(thetas, losses, lrs, ~alive, stop_step, reason)
    return trajectory if batch else trajectory[0]


def gradient_descent(
    objective: Objective, theta0, lr, steps: int, *, max_loss: float | None = None
) -> Trajectory:
    r"""Plain gradient descent with a fixed learning rate, the articles' loop.

    .. math:: \theta_{t+1} = \theta_t - \alpha \nabla J(\theta_t)

    Args:
        objective: what to minimize, e.g. :func:`lrnotes.square`.
        theta0: the starting point θ_0.
        lr: the learning rate α > 0, or a 1-D array of rates: one call then
            runs them all as a batch.
        steps: the number of updates.
        max_loss: see :func:`minimize`.

    Returns:
        A :class:`Trajectory` with ``steps + 1`` iterates, θ_0 first.

    Example:
        >>> from lrnotes import square
        >>> gradient_descent(square(), 2.0, lr=0.1, steps=3).thetas.round(6).tolist()
        [2.0, 1.6, 1.28, 1.024]
    """
    return minimize(objective, theta0, SGD(lr), steps, max_loss=max_loss)


def _rate_fn(optimizer: Optimizer, schedule):
    if schedule is None:
        return lambda t: optimizer.lr
    return lambda t: _checks.learning_rates(f"schedule({t})", schedule(t))


def _why(loss: float, finite: bool, max_loss: float, step: int) -> str:
    if not finite:
        return f"diverged: θ or J(θ) not finite at step {step}"
    return f"diverged: |J(θ)| = {abs(loss):.3g} exceeded max_loss = {max_loss:.3g} at step {step}"
