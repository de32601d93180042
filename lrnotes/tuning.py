r"""Choosing a learning rate: searches with a budget, and the range test.

* :func:`grid_search` tries ``budget`` rates spaced evenly on a log scale,
  :func:`random_search` draws them log-uniformly (seeded); each rate is a full
  run of ``steps`` steps and the lowest final loss wins. All the runs go
  through the descent loop as one batch.
* :func:`lr_range_test` (after L. N. Smith, "Cyclical Learning Rates for
  Training Neural Networks", WACV 2017, whose rate grows linearly; the
  exponential ramp, the stop rule and the suggestions are fastai's
  ``lr_find``) makes a single run whose rate grows exponentially at every
  step, records the loss, and stops when the loss blows up; the
  loss-against-α curve then suggests a rate.
* :func:`tune` grid-searches the rate of several optimizers on one problem,
  so that each is compared at its best.
* :func:`compare` sets every way of choosing α side by side on one problem,
  with what each one costs in gradient evaluations.

Cost is counted as a sequential search would pay it: a completed run of
``steps`` steps costs ``steps`` gradients, a run stopped as diverged at step k
costs k + 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lrnotes import _checks
from lrnotes.descent import Status, Trajectory, minimize
from lrnotes.linesearch import backtracking_line_search
from lrnotes.models import Minibatch, minibatch
from lrnotes.objectives import Objective
from lrnotes.optimizers import SGD, Optimizer
from lrnotes.stability import optimal_lr


@dataclass(frozen=True)
class Sweep:
    """A batch of runs, one per learning rate, and its pick: what every search returns.

    ``lrs`` are the rates tried (in the order tried) and ``trajectory`` the
    whole batch; ``final_losses`` is the loss each run ended with (its last
    good iterate if it diverged) and ``diverged`` whether it was stopped.
    :meth:`best` picks the run with the lowest final loss among those that did
    not diverge; ``best_lr``, ``best_loss`` and ``best_run`` read it. A search
    records its ``method`` and what it paid (``grad_evals``); a sweep on a
    classifier (:func:`lrnotes.applications.sweep`) its held-out
    ``test_accuracy`` per run and the minimum ``J_star`` if known.
    """

    lrs: np.ndarray
    trajectory: Trajectory
    method: str = "sweep"
    grad_evals: int | None = None
    test_accuracy: np.ndarray | None = None
    J_star: float | None = None

    @property
    def final_losses(self) -> np.ndarray:
        """J at each run's last good iterate."""
        return np.asarray(self.trajectory.final_loss)

    @property
    def diverged(self) -> np.ndarray:
        """Whether each run was stopped as diverged."""
        return np.asarray(self.trajectory.diverged)

    def best(self) -> int | None:
        """The index of the best run: the lowest final loss among those that did not diverge.

        None if every run diverged.
        """
        ok = ~self.diverged
        if not ok.any():
            return None
        return int(np.flatnonzero(ok)[np.argmin(self.final_losses[ok])])

    @property
    def best_lr(self) -> float:
        """The rate of the best run (NaN if every run diverged)."""
        i = self.best()
        return math.nan if i is None else float(self.lrs[i])

    @property
    def best_loss(self) -> float:
        """The final loss of the best run (NaN if every run diverged)."""
        i = self.best()
        return math.nan if i is None else float(self.final_losses[i])

    @property
    def best_run(self) -> Trajectory | None:
        """The best run on its own (None if every run diverged)."""
        i = self.best()
        return None if i is None else self.trajectory[i]

    def table(self) -> str:
        """One row per rate: α, outcome, final J, J − J*, held-out accuracy."""
        head = f"{'α':>8}  {'outcome':<26} {'final J':>10} {'J − J*':>10} {'held-out acc':>12}"
        lines = [head]
        for i, lr in enumerate(self.lrs):
            run = self.trajectory[i]
            outcome = f"diverged at step {run.stop_step + 1}" if run.diverged else "ran all steps"
            excess = "" if self.J_star is None else f"{self.final_losses[i] - self.J_star:10.2e}"
            accuracy = "" if self.test_accuracy is None else f"{self.test_accuracy[i]:12.3f}"
            lines.append(
                f"{lr:8.3g}  {outcome:<26} {self.final_losses[i]:10.4g} {excess:>10} {accuracy}"
            )
        return "\n".join(lines)


def grid_search(
    objective: Objective,
    theta0,
    low: float = 1e-5,
    high: float = 1.0,
    budget: int = 10,
    steps: int = 100,
    *,
    optimizer: Optimizer = SGD(),
) -> Sweep:
    r"""Try ``budget`` rates α_i = low · (high/low)^{i/(budget−1)} and keep the best.

    Args:
        objective: what to minimize.
        theta0: the start θ_0 of every run.
        low: the smallest rate tried, > 0.
        high: the largest rate tried, > low.
        budget: the number of runs, ≥ 1 (one run: α = low).
        steps: the length of each run.
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`, e.g.
            ``SGD(momentum=0.9)``; plain gradient descent by default.

    Returns:
        A :class:`Sweep`.

    Example:
        >>> import lrnotes
        >>> result = grid_search(lrnotes.square(), 2.0, 0.01, 1.0, budget=3, steps=5)
        >>> result.lrs.tolist(), result.best_lr, result.grad_evals
        ([0.01, 0.1, 1.0], 0.1, 15)
    """
    low, high, budget = _range("low", low, high, budget)
    lrs = np.geomspace(low, high, budget) if budget > 1 else np.array([low])
    return _search("grid search", objective, theta0, lrs, steps, optimizer)


def random_search(
    objective: Objective,
    theta0,
    low: float = 1e-5,
    high: float = 1.0,
    budget: int = 10,
    steps: int = 100,
    *,
    seed: int = 0,
    optimizer: Optimizer = SGD(),
) -> Sweep:
    r"""Try ``budget`` rates drawn log-uniformly, ln α ~ U(ln low, ln high); keep the best.

    Log-uniform, because a rate matters by its order of magnitude: uniform
    draws on [10⁻⁵, 1] would put 90 % of the budget above 0.1.

    Args:
        objective, theta0, low, high, budget, steps, optimizer: as in
            :func:`grid_search`.
        seed: the seed of ``np.random.default_rng``.

    Returns:
        A :class:`Sweep`.

    Example:
        >>> import lrnotes
        >>> result = random_search(lrnotes.square(), 2.0, 0.01, 1.0, budget=3, steps=5, seed=0)
        >>> result.lrs.round(4).tolist()
        [0.1879, 0.0346, 0.0121]
    """
    low, high, budget = _range("low", low, high, budget)
    seed = _checks.integer("seed", seed)
    rng = np.random.default_rng(seed)
    lrs = np.exp(rng.uniform(math.log(low), math.log(high), budget))
    return _search("random search", objective, theta0, lrs, steps, optimizer)


def _range(name, low, high, budget):
    low = _checks.positive(name, low)
    high = _checks.positive("high", high)
    if high <= low:
        raise ValueError(f"high must be > low = {low!r}, got {high!r}")
    budget = _checks.integer("budget", budget, minimum=1)
    _checks.fits("budget", budget, 8 * budget)
    return low, high, budget


def _search(method, objective, theta0, lrs, steps, optimizer) -> Sweep:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an lrnotes Optimizer, got {optimizer!r}")
    steps = _checks.integer("steps", steps, minimum=1)
    batch = minimize(objective, theta0, optimizer, steps, lrs)
    cost = np.where(batch.diverged, batch.stop_step + 1, steps)
    return Sweep(lrs, batch, method=method, grad_evals=int(cost.sum()))


@dataclass(frozen=True)
class RangeTestResult:
    """What :func:`lr_range_test` recorded and what it suggests.

    ``lrs[t]`` is the rate of step t and ``losses[t]`` the loss J(θ_{t+1})
    right after that step; ``smoothed`` is their debiased moving average.
    The three suggestions (fastai's rules ``steep``, ``minimum`` and its
    default ``valley``) are read, as fastai reads them, off the smoothed curve
    without its first T//10 and its last 5 points: ``lr_steep`` is the rate
    where it falls fastest against ln α (forward differences), ``lr_min`` the
    rate of its minimum divided by 10, ``lr_valley`` :func:`valley`.
    ``grad_evals`` is the number of steps made, one gradient each. ``status``
    is completed, or stopped (by the blow-up rule or a loss that is not
    finite); ``reason`` says which, at which step.
    """

    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    stop_step: int
    status: Status
    reason: str
    lr_steep: float
    lr_min: float
    grad_evals: int
    lr_valley: float = math.nan


_NO_LIMIT = float(np.finfo(np.float64).max)  # a range test stops on its own rule, not max_loss


def _ramp(min_lr: float, max_lr: float, steps: int) -> np.ndarray:
    """α_t = α_min (α_max/α_min)^{t/(T−1)}, t = 0 … T − 1."""
    return min_lr * (max_lr / min_lr) ** (np.arange(steps) / (steps - 1))


def _rows_of(objective, step: int):
    rows = objective.rows(step)
    return objective.base.features[rows], objective.base.labels[rows]


def _stop_rule(losses, beta: float, diverge_factor: float, what: str, *, check_sign: bool):
    """The range test's reading of its losses ℓ_0, ℓ_1, …: smooth, and stop at a blow-up.

    Returns the losses and smoothed losses kept (up to and including the step
    that fired the rule), the reason, and whether a loss that is not finite
    ended it.
    """
    kept, smoothed, avg, best = [], [], 0.0, math.inf
    for t, loss in enumerate(losses):
        loss = float(loss)
        if not math.isfinite(loss):
            return kept, smoothed, f"stopped: {what} not finite at step {t}", True
        if check_sign and loss < 0:
            raise ValueError(
                f"lr_range_test needs J >= 0 (its stop rule compares ratios), "
                f"got J(θ) = {loss:.6g} at step {t}: add a constant to the objective"
            )
        avg = beta * avg + (1 - beta) * loss
        smooth = avg / (1 - beta ** (t + 1))
        kept.append(loss)
        smoothed.append(smooth)
        best = min(best, smooth)
        if smooth > diverge_factor * best:
            return (
                kept,
                smoothed,
                (f"stopped: smoothed loss above {diverge_factor:g} × its minimum at step {t}"),
                False,
            )
    return kept, smoothed, "completed", False


def _range_test_args(min_lr, max_lr, steps, beta, diverge_factor):
    """The checked settings shared by both range tests."""
    min_lr = _checks.positive("min_lr", min_lr)
    max_lr = _checks.positive("max_lr", max_lr)
    if max_lr <= min_lr:
        raise ValueError(f"max_lr must be > min_lr = {min_lr!r}, got {max_lr!r}")
    steps = _checks.integer("steps", steps, minimum=2)
    beta = _checks.in_interval("beta", beta, 0.0, 1.0, closed="left")
    diverge_factor = _checks.positive("diverge_factor", diverge_factor)
    if diverge_factor <= 1:
        raise ValueError(f"diverge_factor must be > 1, got {diverge_factor!r}")
    return min_lr, max_lr, steps, beta, diverge_factor


def lr_range_test(
    objective: Objective,
    theta0,
    min_lr: float = 1e-6,
    max_lr: float = 10.0,
    steps: int = 100,
    *,
    beta: float = 0.98,
    diverge_factor: float = 4.0,
    optimizer: Optimizer = SGD(),
) -> RangeTestResult:
    r"""A learning-rate range test with fastai's exponential ramp (``lr_find``).

    L. N. Smith (2017, §3.3) lets the rate grow *linearly* between two
    values; fastai's ``LRFinder`` grows it exponentially, as here. One run with
    a rate that grows by a constant factor every step (a :func:`lrnotes.minimize`
    run with that schedule as its ``lr``, read afterwards),

    .. math::
        \alpha_t = \alpha_{\min} \left(\frac{\alpha_{\max}}{\alpha_{\min}}\right)^{t/(T-1)},
        \qquad t = 0, \dots, T-1,

    recording ℓ_t = J(θ_{t+1}) and its smoothed value
    s_t = m_t / (1 − β^{t+1}) with m_t = β m_{t−1} + (1 − β) ℓ_t. The run
    stops as soon as s_t > ``diverge_factor`` · min_{u≤t} s_u or ℓ_t is not
    finite: the loss has blown up and the rest of the range is useless.

    The rules read a rate off the curve s_t, t = ⌊T/10⌋, …, n − 6 (n points
    recorded), without its first tenth and last five points as in fastai
    (``Learner.lr_find`` in fastai/callback/schedule.py; the whole curve if
    fewer than two points are left):

    * steepest descent: the α_t with the most negative forward difference
      (s_{t+1} − s_t) / (ln α_{t+1} − ln α_t);
    * minimum ÷ 10: the α_t of the smallest s_t, divided by 10;
    * valley: :func:`valley`.

    Unlike fastai, α_t ends at exactly α_max (fastai's t/T stops at
    α_min (α_max/α_min)^{0.99}) and ℓ_t is paired with the α_t that produced
    it (fastai's recorder logs it with α_{t+1}).

    The stopping rule compares losses by ratio, so J must be ≥ 0, as a
    training loss is (add a constant c to a quadratic otherwise).

    Args:
        objective: what to minimize (J ≥ 0).
        theta0: the start θ_0.
        min_lr: the first rate, > 0.
        max_lr: the last rate, > min_lr.
        steps: T, the most steps, ≥ 2.
        beta: the smoothing β in [0, 1); 0 means no smoothing. The default
            0.98 is fastai's, made for noisy mini-batch losses; on a
            deterministic J that falls by orders of magnitude the average
            lags far behind (the book shows it), and β = 0 is the right choice.
        diverge_factor: the blow-up threshold, > 1 (fastai uses 4).
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`; plain gradient descent by default.

    Returns:
        A :class:`RangeTestResult`.

    Example:
        >>> import lrnotes
        >>> result = lr_range_test(lrnotes.square(), 2.0, 1e-3, 10.0, steps=50, beta=0.0)
        >>> result.reason
        'stopped: smoothed loss above 4 × its minimum at step 39'
        >>> round(result.lr_steep, 4), round(result.lr_min, 4)
        (0.0356, 0.0596)
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be an lrnotes objective, got {objective!r}")
    theta = objective.check_theta(theta0, "theta0")
    min_lr, max_lr, steps, beta, diverge_factor = _range_test_args(
        min_lr, max_lr, steps, beta, diverge_factor
    )
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an lrnotes Optimizer, got {optimizer!r}")

    schedule = _ramp(min_lr, max_lr, steps)
    run = minimize(objective, theta, optimizer, steps, lambda t: schedule[t], max_loss=_NO_LIMIT)
    losses, smoothed, reason, nonfinite = _stop_rule(
        run.losses[1 : run.stop_step + 1], beta, diverge_factor, "J(θ)", check_sign=True
    )
    nonfinite = nonfinite or (run.diverged and len(losses) == run.stop_step)
    if nonfinite:
        reason = f"stopped: J(θ) not finite at step {run.stop_step}"
    n = len(losses)
    if n < 2:
        raise ValueError(
            f"the range test stopped after {n} step(s) ({reason}): lower min_lr, got {min_lr!r}"
        )
    lrs, smoothed = schedule[:n], np.array(smoothed)
    steep, minimum, valley_lr = _suggestions(lrs, smoothed, steps)
    return RangeTestResult(
        lrs=lrs,
        losses=np.array(losses),
        smoothed=smoothed,
        stop_step=n - 1,
        status=Status.COMPLETED if n == steps else Status.STOPPED,
        reason=reason,
        lr_steep=steep,
        lr_min=minimum,
        grad_evals=n + 1 if nonfinite else n,  # the failed step's gradient was paid too
        lr_valley=valley_lr,
    )


@dataclass(frozen=True)
class Choice:
    """One way of choosing α on one problem, and how the chosen α then does.

    ``lr`` is the rate picked (for the line search: the median α it accepted);
    ``choose_grad_evals`` what picking it cost; ``steps_to_target`` the first
    step at which a run with that α had J − J* ≤ ``target`` (inf: not within
    the run); ``final_gap`` J − J* after the run; ``value_evals`` the extra
    evaluations of J (line search only).
    """

    method: str
    lr: float
    choose_grad_evals: int
    steps_to_target: int | float
    final_gap: float
    diverged: bool
    value_evals: int = 0


def first_step_below(losses, level: float) -> int | float:
    """The first t with losses[t] ≤ level, or ``math.inf``: the book's one spelling of never.

    A run that never gets there takes infinitely many steps, and inf compares
    and sorts as that (every "steps to" of ``lrnotes`` says never this way).

    Example:
        >>> first_step_below([4.0, 2.0, 1.0, 0.5], 1.0), first_step_below([4.0, 2.0], 1.0)
        (2, inf)
    """
    hits = np.flatnonzero(np.asarray(losses) <= level)
    return int(hits[0]) if hits.size else math.inf


def compare(
    objective: Objective,
    theta0,
    *,
    steps: int,
    target: float = 1e-8,
    low: float = 1e-5,
    high: float = 1.0,
    budget: int = 10,
    seed: int = 0,
    range_test: dict | None = None,
    line_search: dict | None = None,
) -> list[Choice]:
    """Every way of choosing α in the book, on one problem, at its cost.

    Rows: grid search and random search (``budget`` runs of ``steps`` steps
    on [low, high]); the range test's two suggestions; the 1/L rule and the
    best fixed rate 2/(λ_min + λ_max) where L (and the spectrum) is known;
    backtracking line search. Each picked α then runs ``steps`` steps of
    gradient descent from ``theta0``; J* = J(θ*) needs a known minimizer.

    Args:
        objective: an objective with a known minimizer.
        theta0: the start.
        steps: the length of every run.
        target: the loss gap J − J* counted as "reached".
        low, high, budget, seed: the searches' range, runs and seed.
        range_test: keyword arguments for :func:`lr_range_test`.
        line_search: keyword arguments for
            :func:`~lrnotes.linesearch.backtracking_line_search`.

    Returns:
        A list of :class:`Choice`, one per row.
    """
    if not isinstance(objective, Objective) or objective.minimizer is None:
        raise ValueError(f"objective must have a known minimizer, got {objective!r}")
    j_star = float(objective.value(objective.minimizer))
    rows = []

    def run_row(method, lr, cost, trajectory=None):
        if trajectory is None:
            trajectory = minimize(objective, theta0, SGD(), steps, lr)
        gap = trajectory.losses - j_star
        rows.append(
            Choice(
                method, lr, cost, first_step_below(gap, target), float(gap[-1]),
                bool(trajectory.diverged),
            )
        )  # fmt: skip

    for search in (
        grid_search(objective, theta0, low, high, budget, steps),
        random_search(objective, theta0, low, high, budget, steps, seed=seed),
    ):
        label = f"{search.method} ({budget} runs)"
        run_row(label, search.best_lr, search.grad_evals, search.best_run)
    test = lr_range_test(objective, theta0, **(range_test or {}))
    run_row("range test: steepest", test.lr_steep, test.grad_evals)
    run_row("range test: minimum ÷ 10", test.lr_min, test.grad_evals)
    if objective.L is not None:
        run_row("1/L rule", 1 / objective.L, 0)
    if getattr(objective, "eigenvalues", None) is not None:
        run_row("best fixed rate 2/(λ_min+λ_max)", optimal_lr(objective.A), 0)
    ls = backtracking_line_search(objective, theta0, steps, **(line_search or {}))
    gap = ls.losses - j_star
    hit = first_step_below(gap, target)
    rows.append(
        Choice(
            "backtracking line search", float(np.median(ls.lrs)), 0, hit, float(gap[-1]),
            False, ls.value_evals_until(hit) if math.isfinite(hit) else ls.value_evals,
        )
    )  # fmt: skip
    return rows


@dataclass(frozen=True)
class Tuned:
    """The best run of each method after :func:`tune`, and how it was found.

    ``runs`` maps a method's name to its best run (None if every rate
    diverged), ``searches`` to its whole :class:`Sweep`; ``first_below``
    to the first step with J(θ_t) ≤ ``level`` (inf: never). ``str(tuned)``
    is a table, one line per method.
    """

    runs: dict[str, Trajectory | None]
    searches: dict[str, Sweep]
    first_below: dict[str, int | float]
    steps: int
    level: float

    def __str__(self) -> str:
        lines = []
        for name, search in self.searches.items():
            hit = self.first_below[name]
            lines.append(
                f"{name:<13} best α = {search.best_lr:<10.4g} "
                f"J after {self.steps} steps = {search.best_loss:<10.3g} "
                f"J ≤ {self.level:g} from step {_steps(hit)}"
            )
        return "\n".join(lines)


def tune(
    objective: Objective,
    theta0,
    methods: dict[str, Optimizer],
    steps: int,
    *,
    low: float = 1e-5,
    high: float = 10.0,
    budget: int = 31,
    level: float = 1e-8,
) -> Tuned:
    r"""Tune the rate of every method by a grid search and keep its best run.

    For each method, :func:`grid_search` tries ``budget`` rates spaced evenly
    on a log scale in [low, high], ``steps`` steps each, and keeps the rate
    with the lowest final J(θ_T); so that methods are compared at their best,
    not at one shared α.

    Args:
        objective: what to minimize.
        theta0: the start θ_0 of every run.
        methods: name → :class:`~lrnotes.optimizers.Optimizer`, e.g.
            :func:`lrnotes.catalogue.methods`.
        steps: the length of every run.
        low, high, budget: the grid of rates.
        level: the loss counted as "reached" in ``first_below``.

    Returns:
        A :class:`Tuned`; ``print(tuned)`` shows the table.

    Example:
        >>> import lrnotes
        >>> methods = {"SGD": lrnotes.SGD()}
        >>> tuned = tune(lrnotes.square(), 2.0, methods, 5, low=0.1, high=1, budget=3)
        >>> tuned.searches["SGD"].best_lr, tuned.first_below["SGD"]
        (0.31622776601683794, inf)
    """
    if not isinstance(methods, dict) or not methods:
        raise TypeError(f"methods must be a non-empty dict name -> optimizer, got {methods!r}")
    steps = _checks.integer("steps", steps, minimum=1)
    level = _checks.positive("level", level)
    searches, runs, first = {}, {}, {}
    for name, optimizer in methods.items():
        search = grid_search(objective, theta0, low, high, budget, steps, optimizer=optimizer)
        searches[name] = search
        runs[name] = search.best_run
        first[name] = math.inf if runs[name] is None else first_step_below(runs[name].losses, level)
    return Tuned(runs, searches, first, steps, level)


def valley(lrs, losses) -> float:
    r"""fastai's ``valley`` rule: the rate about halfway down the longest descending stretch.

    With d_i the length of the longest strictly decreasing subsequence of the
    losses that ends at i, d_i = 1 + max{d_j : j < i, ℓ_j > ℓ_i}, the stretch
    ends at e, the first index of the largest d_i, and starts at s₀ = e − d_e
    (with d_e as it stood when e first took the lead, and s₀ = e = 0 if the
    losses never fall); the rule returns the α at index s₀ + ⌊s⌋ + ⌊s/2⌋,
    s = (e − s₀)/3, about halfway along
    (fastai/callback/schedule.py: the default ``suggest_funcs`` of
    ``Learner.lr_find``). As in fastai, an index of −1 means the last rate.

    Args:
        lrs: the rates, a 1-D array.
        losses: the (smoothed) loss at each rate, as many as ``lrs``.

    Returns:
        The suggested rate.

    Example:
        >>> valley([1, 2, 3, 4, 5, 6, 7], [5.0, 4.0, 3.0, 2.0, 1.0, 0.5, 3.0])
        3.0
    """
    lrs = _checks.real_array("lrs", lrs, ndim=1)
    losses = _checks.real_array("losses", losses, ndim=1)
    if losses.shape != lrs.shape or lrs.size < 2:
        raise ValueError(
            f"lrs and losses must be 1-D of one same length >= 2, got {lrs.shape}, {losses.shape}"
        )
    depth = [1] * lrs.size
    start = end = 0
    for i in range(1, lrs.size):  # fastai's loop, bookkeeping included
        for j in range(i):
            if losses[i] < losses[j] and depth[i] < depth[j] + 1:
                depth[i] = depth[j] + 1
            if depth[end] < depth[i]:
                end, start = i, i - depth[i]
    third = (end - start) / 3
    return float(lrs[start + int(third) + int(third / 2)])


def _suggestions(lrs, smoothed, steps):
    """steep, minimum ÷ 10 and valley, read as fastai reads them: without the
    curve's first T//10 and last 5 points, steep by forward differences."""
    inner = slice(steps // 10, len(lrs) - 5)
    if len(lrs[inner]) >= 2:
        lrs, smoothed = lrs[inner], smoothed[inner]
    slope = np.diff(smoothed) / np.diff(np.log(lrs))
    return (
        float(lrs[np.argmin(slope)]),
        float(lrs[np.argmin(smoothed)] / 10),
        valley(lrs, smoothed),
    )


def minibatch_range_test(
    objective,
    theta0,
    min_lr: float = 1e-6,
    max_lr: float = 10.0,
    steps: int = 100,
    *,
    beta: float = 0.98,
    diverge_factor: float = 4.0,
) -> RangeTestResult:
    r"""The range test as a training loop runs it: minibatch gradients, minibatch losses.

    Step t takes the gradient on the rows B_t of
    :meth:`~lrnotes.models.Minibatch.rows`, θ_{t+1} = θ_t − α_t ∇J_{B_t}(θ_t),
    with α_t as in :func:`lr_range_test`, and records

    .. math:: \ell_t = J_{B_{t+1}}(\theta_{t+1}),

    the loss that the next step's forward pass computes anyway (fastai's
    recorder logs that number with α_{t+1}; here it is paired with the α_t
    that produced it). Smoothing, the stop rule and the suggestions are those
    of :func:`lr_range_test`.

    Args:
        objective: a :func:`lrnotes.minibatch` objective.
        theta0: the start θ_0.
        min_lr, max_lr, steps, beta, diverge_factor: as in :func:`lr_range_test`.

    Returns:
        A :class:`RangeTestResult` whose ``losses`` are minibatch losses.

    Example:
        >>> import lrnotes
        >>> J = lrnotes.logistic_regression([[1.0], [2.0], [-1.0], [-2.0]], [1, 1, 0, 0])
        >>> S = lrnotes.minibatch(J, batch_size=2, seed=0)
        >>> result = minibatch_range_test(S, [0.0, 0.0], 1e-3, 1e3, steps=40)
        >>> result.reason, result.grad_evals, round(result.lr_steep, 3)
        ('completed', 40, 0.588)
    """
    if not isinstance(objective, Minibatch):
        raise TypeError(f"objective must be an lrnotes.minibatch objective, got {objective!r}")
    theta = objective.check_theta(theta0, "theta0")
    min_lr, max_lr, steps, beta, diverge_factor = _range_test_args(
        min_lr, max_lr, steps, beta, diverge_factor
    )
    model = objective.base
    schedule = _ramp(min_lr, max_lr, steps)
    run = minimize(objective, theta, SGD(), steps, lambda t: schedule[t], max_loss=_NO_LIMIT)
    with np.errstate(over="ignore", invalid="ignore"):
        batch_losses = [
            float(model._value_on(run.thetas[t + 1], *_rows_of(objective, t + 1)))
            for t in range(run.stop_step)
        ]  # ℓ_t = J_{B_{t+1}}(θ_{t+1}), the next step's forward pass
    losses, smoothed, reason, nonfinite = _stop_rule(
        batch_losses, beta, diverge_factor, "minibatch loss", check_sign=False
    )
    if not nonfinite and run.diverged and len(losses) == run.stop_step:
        reason, nonfinite = f"stopped: minibatch loss not finite at step {run.stop_step}", True
    n = len(losses)
    if n < 2:
        raise ValueError(f"the range test stopped after {n} step(s): lower min_lr, got {min_lr!r}")
    lrs, smoothed = schedule[:n], np.array(smoothed)
    steep, minimum, valley_lr = _suggestions(lrs, smoothed, steps)
    return RangeTestResult(
        lrs=lrs,
        losses=np.array(losses),
        smoothed=smoothed,
        stop_step=n - 1,
        status=Status.COMPLETED if n == steps else Status.STOPPED,
        reason=reason,
        lr_steep=steep,
        lr_min=minimum,
        grad_evals=n + 1 if nonfinite else n,
        lr_valley=valley_lr,
    )


def minibatch_final_loss(
    objective,
    theta0,
    lrs,
    steps: int,
    *,
    batch_size: int,
    seeds: int = 5,
    window: int = 20,
) -> np.ndarray:
    r"""How well each constant rate trains with minibatches: the full J late in the run.

    For every rate α, ``seeds`` runs of minibatch SGD (:func:`lrnotes.minibatch`
    with seeds 0 … S − 1, every rate seeing the same rows) and

    .. math::
        \bar J(\alpha) = \frac1S \sum_{s=0}^{S-1} \frac1W
        \sum_{t=T-W+1}^{T} J\bigl(\theta_t^{(s)}\bigr),

    the full training loss averaged over the last W = ``window`` iterates and
    the seeds: one noisy last value would be luck.

    Args:
        objective: a :func:`~lrnotes.models.logistic_regression` or
            :func:`~lrnotes.models.two_layer_net`.
        theta0: the start of every run.
        lrs: the rates, a 1-D array of positive numbers.
        steps: T, the length of every run, ≥ 1.
        batch_size: rows per step.
        seeds: S ≥ 1.
        window: W, 1 … T + 1.

    Returns:
        One J̄ per rate (inf where a run diverged).

    Example:
        >>> import lrnotes
        >>> J = lrnotes.logistic_regression([[1.0], [2.0], [-1.0], [-2.0]], [1, 1, 0, 0], l2=0.1)
        >>> minibatch_final_loss(J, [0.0, 0.0], [0.1, 1.0], 50, batch_size=2).round(4).tolist()
        [0.2521, 0.2375]
    """
    lrs = _checks.learning_rates("lrs", lrs)
    steps = _checks.integer("steps", steps, minimum=1)
    seeds = _checks.integer("seeds", seeds, minimum=1)
    window = _checks.window(window, steps)
    means = []
    for seed in range(seeds):
        run = minimize(minibatch(objective, batch_size, seed), theta0, SGD(), steps, lrs)
        late = np.atleast_2d(run.losses)[:, -window:].mean(axis=1)
        means.append(np.where(np.atleast_1d(run.diverged), np.inf, late))
    return np.mean(means, axis=0)


def stays_below_from(losses, level: float) -> int | float:
    """The first t with losses[s] ≤ level for every s ≥ t, or ``math.inf`` (never).

    Unlike :func:`first_step_below`, a loss that dips below ``level`` and
    comes back above it (a circling run) does not count until its last return.

    Example:
        >>> stays_below_from([4.0, 0.5, 2.0, 1.0, 0.5], 1.0), first_step_below([4.0, 0.5], 1.0)
        (3, 1)
    """
    level = _checks.positive("level", level)
    above = np.flatnonzero(~(np.asarray(losses) <= level))
    if above.size == 0:
        return 0
    return math.inf if above[-1] == len(losses) - 1 else int(above[-1] + 1)


def _steps(step: int | float) -> str:
    """A step count for a table: the number, or "never"."""
    return "never" if math.isinf(step) else str(step)
