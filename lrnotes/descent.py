r"""The descent loop and the :class:`Trajectory` it returns.

One loop serves every optimizer and every learning rate, fixed or scheduled:

.. math:: \theta_{t+1} = \theta_t + \text{update}(\nabla J(\theta_t), \alpha_t)

It runs a whole batch of learning rates at once (a leading batch axis on every
array) and watches every run for divergence: a run stops, and says so, as soon
as θ or J(θ) is no longer finite or |J(θ)| passes ``max_loss``. No NaN is
plotted and no RuntimeWarning is printed; the trajectory reports the step and
the reason instead.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np

from lrnotes import _checks
from lrnotes.objectives import Objective
from lrnotes.optimizers import SGD, Optimizer
from lrnotes.plateau import ReduceOnPlateau
from lrnotes.schedules import Schedule


class Status(enum.StrEnum):
    """How a run ended; the run's ``reason`` says the same for people, with the numbers."""

    COMPLETED = "completed"  # every step was made
    DIVERGED = "diverged"  # θ or J(θ) stopped being finite, or |J(θ)| passed max_loss
    CONVERGED = "converged"  # a stop rule was met: the gradient fell below a tolerance
    STOPPED = "stopped"  # a rule ended the run early: a range test's blow-up, a failed search


COMPLETED = Status.COMPLETED.value  # the reason of a run that made every step


@dataclass(frozen=True)
class Trajectory:
    """The path of one run, or of a batch of runs, of an optimizer.

    For a single run, ``thetas`` holds the iterates θ_0 … θ_k (θ_0 first) and
    ``losses`` the values J(θ_0) … J(θ_k), where k = ``stop_step``: k equals
    ``steps`` unless the run diverged, in which case the arrays end at the last
    iterate that passed the check and ``reason`` says what failed at step k + 1.
    ``status`` is how the run ended (a :class:`Status`), ``diverged`` whether
    that was divergence.
    ``lrs[t]`` is the learning rate used to go from θ_t to θ_{t+1}.

    For a batch (``lr`` a 1-D array or a batched schedule), every field gains a
    leading batch axis; the arrays keep ``steps + 1`` rows and a diverged run's
    rows after its stop are NaN. ``trajectory[i]`` is run i on its own, cut at
    its stop, as a single call with that learning rate returns it: bit for bit
    where the gradient is elementwise (θ², diagonal problems), to the last bit
    where it multiplies by a matrix (BLAS rounds a batch of columns and one
    column differently). Not for :func:`~lrnotes.objectives.noisy` problems of
    more than one coordinate: there run i's noise is column i of one draw of
    the batch's shape, so it depends on how many runs the batch holds.
    """

    thetas: np.ndarray
    losses: np.ndarray
    lrs: np.ndarray
    status: np.ndarray | Status
    stop_step: np.ndarray | int
    reason: np.ndarray | str

    @property
    def batched(self) -> bool:
        """True when the trajectory holds a batch of runs."""
        return np.ndim(self.status) == 1

    @property
    def diverged(self) -> np.ndarray | bool:
        """Whether the run diverged (per run for a batch)."""
        if not self.batched:
            return self.status is Status.DIVERGED
        return np.array([s is Status.DIVERGED for s in self.status])

    def __len__(self) -> int:
        if not self.batched:
            raise TypeError("a single-run Trajectory has no len(); use len(t.losses)")
        return len(self.status)

    def __getitem__(self, i: int) -> Trajectory:
        if not self.batched:
            raise TypeError("only a batched Trajectory can be indexed")
        k = int(self.stop_step[i])
        return Trajectory(
            thetas=self.thetas[i, : k + 1],
            losses=self.losses[i, : k + 1],
            lrs=self.lrs[i, :k],
            status=self.status[i],
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
    lr,
    *,
    max_loss: float | None = None,
) -> Trajectory:
    """Run ``optimizer`` on ``objective`` from ``theta0`` for ``steps`` steps at rate ``lr``.

    Args:
        objective: what to minimize (see :mod:`lrnotes.objectives`).
        theta0: the starting point θ_0, of shape ``objective.shape``.
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`, e.g. ``Adam()``.
        steps: the number of updates, an integer ≥ 0.
        lr: the learning rate, the one place it is given: a number α > 0; a
            1-D array of rates, run as a batch in one call; a schedule,
            α_t = ``lr(t)`` (a :class:`~lrnotes.schedules.Schedule`, or any
            function of the step t); or a rule that watches the loss,
            :func:`~lrnotes.plateau.reduce_on_plateau`, fed the mean J of each
            epoch of its ``epoch_steps`` steps (J at the iterates after each
            step, where a training loop averages the losses it computed
            before each step: one step apart).
        max_loss: a run whose |J(θ)| exceeds this is stopped as diverged;
            by default 10¹⁰ · max(1, |J(θ_0)|).

    Returns:
        A :class:`Trajectory`, batched when the learning rate is a batch.

    Example:
        >>> from lrnotes import SGD, square
        >>> minimize(square(), 2.0, SGD(), steps=2, lr=0.1).thetas.tolist()
        [2.0, 1.6, 1.28]
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
    rule = lr if isinstance(lr, ReduceOnPlateau) else None  # a rate that watches the loss
    size = theta0.size
    batch, rates = _rates(lr, steps, size) if rule is None else _plateau_table(rule, steps, size)
    with np.errstate(over="ignore", invalid="ignore"):
        loss0 = float(objective.value(theta0))
    if not np.isfinite(loss0):
        raise ValueError(f"J(theta0) must be finite, got {loss0!r} at theta0 = {theta0.tolist()!r}")
    if max_loss is None:
        max_loss = min(1e10 * max(1.0, abs(loss0)), _LARGEST)
    max_loss = _checks.positive("max_loss", max_loss)
    if max_loss < abs(loss0):
        raise ValueError(
            f"max_loss must be >= |J(theta0)| = {abs(loss0):.6g}, or the start would count as "
            f"diverged, got {max_loss!r}"
        )
    runs = rates.shape[1]

    # The batch lives on the LAST axis while the loop runs (see Objective), and
    # thetas[t] holds θ_t of every run: a step is a handful of whole-array
    # operations. Divergence is checked on blocks of steps, in bulk.
    X = np.repeat(theta0[..., None], runs, axis=-1)
    thetas = np.empty((steps + 1, *X.shape))
    losses = np.empty((steps + 1, runs))
    thetas[0] = X
    losses[0] = loss0
    alive = np.ones(runs, dtype=bool)
    stop_step = np.full(runs, steps)
    reason = np.full(runs, COMPLETED, dtype=object)
    status = np.empty(runs, dtype=object)
    status.fill(Status.COMPLETED)  # (np.full would store the str, not the Status)
    checked = 0  # losses[: checked + 1] are computed and checked

    state, plan = optimizer.init(X), None  # plan: the plateau rule's state
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(steps):  # exactly one gradient per step
            if rule is not None and t % rule.epoch_steps == 0:
                if t > checked:
                    checked = _check(objective, thetas, losses, checked, t, max_loss,
                                     alive, stop_step, reason, status)  # fmt: skip
                plan = _plateau_step(rule, plan, losses, t) if t else rule.init()
                rates[t : t + rule.epoch_steps] = np.reshape(plan.lr, -1)
            updates, state = optimizer._step(objective._grad_at(X, t), state, X, rates[t])
            X = X + updates
            thetas[t + 1] = X
            if t + 1 - checked == CHECK_EVERY or t + 1 == steps:
                checked = _check(objective, thetas, losses, checked, t + 1, max_loss,
                                 alive, stop_step, reason, status)  # fmt: skip
                if not alive.any():
                    break

    # Past its stop a run holds NaN, so that no plot draws a value it never had.
    # (A run keeps computing until the block it failed in is checked: the values
    # it computed past its stop are thrown away here.)
    after = np.arange(steps + 1)[:, None] > stop_step
    losses[after] = np.nan
    np.moveaxis(thetas, -1, 1)[after] = np.nan
    lrs = np.where(np.arange(steps)[:, None] < stop_step, rates, np.nan)
    trajectory = Trajectory(
        thetas=np.moveaxis(thetas, -1, 0),
        losses=losses.T,
        lrs=lrs.T,
        status=status,
        stop_step=stop_step,
        reason=reason,
    )
    return trajectory if batch else trajectory[0]


_LARGEST = float(np.finfo(np.float64).max)
CHECK_EVERY = 64  # steps between divergence checks; results do not depend on it


def _check(objective, thetas, losses, start, stop, max_loss, alive, stop_step, reason, status):
    """Compute J for steps start+1 … stop in one call, and stop the runs that failed."""
    block = np.moveaxis(thetas[start + 1 : stop + 1], 0, -2)  # (*shape, steps, runs)
    loss = objective._value(block)
    losses[start + 1 : stop + 1] = loss
    params = tuple(range(block.ndim - 2))
    finite = np.isfinite(loss) & np.isfinite(block).all(axis=params)
    ok = finite & (np.abs(loss) <= max_loss)
    for i in np.flatnonzero(alive & ~ok.all(axis=0)):
        first = int(np.argmin(ok[:, i]))  # the first failed step of the block
        stop_step[i] = start + first
        reason[i] = _why(loss[first, i], finite[first, i], max_loss, start + first + 1)
        status[i] = Status.DIVERGED
        alive[i] = False
    return stop


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
    return minimize(objective, theta0, SGD(), steps, lr, max_loss=max_loss)


def _rates(lr, steps: int, size: int = 1) -> tuple[bool, np.ndarray]:
    """Whether ``lr`` is a batch, and the rate of every step, shape (steps, runs), checked.

    A schedule may reach 0 (a linear decay to zero does at its end): a step with
    α = 0 leaves θ where it is. Negative or non-finite rates are errors.
    """
    if not callable(lr):
        lr = _checks.learning_rates("lr", lr)
        _fits(steps, lr.size, size, table=False)
        return lr.ndim == 1, np.broadcast_to(np.atleast_1d(lr), (steps, lr.size))
    if isinstance(lr, Schedule) and not lr.bound:
        raise TypeError(
            f"lr={lr!r} is a schedule without a base rate: multiply it by one, e.g. lr=0.1 * {lr!r}"
        )
    first = _checks.real_array("lr(0)", lr(0))  # a step's rate: one, or a batch of them
    if first.ndim > 1 or first.size == 0:
        raise ValueError(f"lr(t) must be a number or a non-empty 1-D batch, got {lr(0)!r}")
    runs = first.size
    _fits(steps, runs, size, table=True)
    if isinstance(lr, Schedule):  # vectorized over t: one call for every step
        table = lr(np.arange(steps)).reshape(steps, runs)
    else:
        table = np.empty((steps, runs))
        for t in range(steps):
            rate = _checks.real_array(f"lr({t})", lr(t)) if t else first
            if rate.shape != first.shape:
                raise ValueError(
                    f"lr(t) must keep one shape, got {first.shape} at t = 0 and "
                    f"{rate.shape} at t = {t}"
                )
            table[t] = rate
    bad = ~(np.isfinite(table) & (table >= 0))
    if bad.any():
        t, i = np.argwhere(bad)[0]
        raise ValueError(f"lr({t}) must be finite and >= 0, got {float(table[t, i])!r}")
    return first.ndim == 1, table


def _plateau_table(rule: ReduceOnPlateau, steps: int, size: int) -> tuple[bool, np.ndarray]:
    """Whether the plateau rule runs a batch, and the table its rates will fill."""
    start = rule.init().lr
    _fits(steps, start.size, size, table=True)
    return start.ndim == 1, np.full((steps, start.size), np.nan)


def _fits(steps: int, runs: int, size: int, *, table: bool) -> None:
    """Refuse, before allocating anything, a run whose arrays cannot fit in memory.

    ``minimize`` keeps every iterate, every loss and every rate (and a table of
    rates for a schedule): about 8 bytes × (steps + 1) × runs × (size of θ + 2, + 1).
    """
    need = (8 * (size + 2 + int(table)) + 1) * (steps + 1) * runs
    free = _checks.available_memory()
    if need > free:
        raise ValueError(
            f"steps={steps} needs {need / 2**30:.3g} GiB for the iterates and losses of "
            f"{runs} run(s) of {size} parameter(s), more than the {free / 2**30:.3g} GiB "
            f"available: run fewer steps, or fewer runs at once"
        )


def _plateau_step(rule: ReduceOnPlateau, plan, losses: np.ndarray, t: int):
    """The rule's state after the epoch that ends at step t: fed the epoch's mean J."""
    epoch = losses[t - rule.epoch_steps + 1 : t + 1].mean(axis=0)
    return rule.update(epoch.reshape(np.shape(plan.lr)), plan)


def _why(loss: float, finite: bool, max_loss: float, step: int) -> str:
    if not finite:
        return f"diverged: θ or J(θ) not finite at step {step}"
    return f"diverged: |J(θ)| = {abs(loss):.3g} exceeded max_loss = {max_loss:.3g} at step {step}"
