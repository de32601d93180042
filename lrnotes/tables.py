"""Text tables: what the chapters print, made from the results the experiments return.

The experiments (:mod:`lrnotes.tuning`, :mod:`lrnotes.applications`,
:mod:`lrnotes.sklearn_sgd`) return numbers; the schedules carry their PyTorch
equivalents as data. This module turns both into the plain-text and Markdown
tables the book shows, every line short enough for a phone where it says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from lrnotes import catalogue, sklearn_sgd
from lrnotes.applications import Best
from lrnotes.schedules import Schedule
from lrnotes.sklearn_sgd import SklearnRow
from lrnotes.tuning import Choice, Tuned, _steps, stays_below_from


def pytorch_schedules(schedules: Sequence[Schedule] | None = None) -> list[tuple[str, str, str]]:
    """Rows (lrnotes call, PyTorch optimizer lr, PyTorch scheduler), from the schedules' data.

    Args:
        schedules: the schedules to list; by default :func:`lrnotes.catalogue.schedules`.

    Returns:
        One ``(repr(s), "lr=…", s.torch or "no scheduler")`` row per schedule:
        the PyTorch optimizer's lr is the base rate; ``OneCycleLR`` and
        ``CyclicLR`` set the optimizer's rate themselves (from ``max_lr`` and
        ``base_lr``), so for ``one_cycle`` and ``cyclic`` the row says "any (ignored)".

    Example:
        >>> from lrnotes.schedules import constant, step_decay
        >>> call, lr, torch = pytorch_schedules([0.1 * step_decay(30)])[0]
        >>> call, lr
        ('0.1 * step_decay(step_size=30, gamma=0.1)', 'lr=0.1')
        >>> torch
        'StepLR(optimizer, step_size=30, gamma=0.1)'
    """
    rows = []
    for s in catalogue.schedules() if schedules is None else schedules:
        if not s.bound:
            raise TypeError(f"{s!r} has no rate, so no PyTorch lr: bind it first, e.g. 0.1 * {s!r}")
        lr = f"lr={s.torch_lr!r}" if s.scaled else "any (ignored)"
        rows.append((repr(s), lr, s.torch or "no scheduler"))
    return rows


def pytorch_markdown(schedules: Sequence[Schedule] | None = None) -> str:
    """:func:`pytorch_schedules` as a Markdown table, for a chapter to display.

    Example:
        >>> from lrnotes.schedules import constant
        >>> print(pytorch_markdown([0.1 * constant()]))
        | lrnotes | PyTorch optimizer | PyTorch scheduler |
        |---|---|---|
        | `0.1 * constant()` | `lr=0.1` | no scheduler |
    """
    lines = ["| lrnotes | PyTorch optimizer | PyTorch scheduler |", "|---|---|---|"]
    for call, lr, torch in pytorch_schedules(schedules):
        scheduler = torch if torch == "no scheduler" else f"`{torch}`"
        lr = lr if lr == "any (ignored)" else f"`{lr}`"
        lines.append(f"| `{call}` | {lr} | {scheduler} |")
    return "\n".join(lines)


def choices(rows: list[Choice], target: float = 1e-8) -> str:
    """The rows of :func:`lrnotes.tuning.compare` as a plain-text table.

    The last column, the gradients paid in all, is the choosing cost plus the
    steps to the target; for a search the winning run is one of the runs
    already paid for, so it is the search's cost alone. Two header lines;
    every line is at most 80 characters wide.
    """
    head = (
        f"{'':<31}{'':>8}{'grads':>9}{'steps to':>10}{'gap at':>9}{'grads':>7}{'J':>6}\n"
        f"{'method':<31}{'α':>8}{'to pick':>9}{f'gap≤{target:g}':>10}{'end':>9}{'in all':>7}"
        f"{'evals':>6}"
    )
    lines = [head, "-" * len(head.split("\n")[1])]
    for r in rows:
        reached = _steps(r.steps_to_target)
        if math.isinf(r.steps_to_target):
            total = "-"
        elif "search (" in r.method:
            total = str(r.choose_grad_evals)
        else:
            total = str(r.choose_grad_evals + r.steps_to_target)
        gap = "diverged" if r.diverged else f"{r.final_gap:.2e}"
        lines.append(
            f"{r.method:<31}{r.lr:>8.3g}{r.choose_grad_evals:>9}{reached:>10}"
            f"{gap:>9}{total:>7}{r.value_evals or '':>6}"
        )
    return "\n".join(lines)


def tuned(tuned: Tuned) -> str:
    """A :class:`Tuned` as a narrow table: best α, final J, first step ≤ level, stays below from.

    Lines stay under 72 characters (a phone-width page), where ``str(tuned)``
    is one long line per method.

    Example:
        >>> import lrnotes
        >>> methods = {"SGD": lrnotes.SGD()}
        >>> found = lrnotes.tuning.tune(lrnotes.square(), 2.0, methods, 12, low=0.1, high=1,
        ...                             budget=3)
        >>> print(tuned(found))
        method        best α       J(θ_12)  first J ≤ 1e-08  stays below from
        SGD           0.3162      1.48e-10               10                10
    """
    if not isinstance(tuned, Tuned):
        raise TypeError(f"tuned must be a tuning.Tuned, got {tuned!r}")
    head = f"J(θ_{tuned.steps})"
    lines = [
        f"{'method':<13} {'best α':<10} {head:>9}  first J ≤ {tuned.level:g}  stays below from"
    ]
    for name, search in tuned.searches.items():
        run = tuned.runs[name]
        first = tuned.first_below[name]
        stays = math.inf if run is None else stays_below_from(run.losses, tuned.level)
        cells = [_steps(x) for x in (first, stays)]
        lines.append(
            f"{name:<13} {search.best_lr:<10.4g} {search.best_loss:>9.3g}  "
            f"{cells[0]:>15}  {cells[1]:>16}"
        )
    return "\n".join(lines)


def best(rows: list[Best], J_star: float) -> str:
    """Best runs side by side, with J − J* and the ratio to the first row's J − J*."""
    ref = rows[0].final_loss - J_star
    lines = [
        f"{'schedule':<28} {'best α':>8} {'J − J*':>10} {'÷ first row':>11} {'held-out acc':>12}"
    ]
    for r in rows:
        excess = r.final_loss - J_star
        lines.append(
            f"{r.name:<28} {r.lr:8.3g} {excess:10.2e} {excess / ref:11.2f} {r.test_accuracy:12.3f}"
        )
    return "\n".join(lines)


def sklearn(rows: list[SklearnRow], eta0: float, alpha: float, power_t: float) -> str:
    """The fits of :func:`~lrnotes.sklearn_sgd.fit_sgdclassifier`, then each option's formula
    and the book's schedule."""
    lines = [
        f"{'learning_rate':<13} {'epochs':>6} {'converged':>9} {'train J':>8} {'held-out acc':>12}"
    ]
    for r in rows:
        lines.append(
            f"{r.learning_rate:<13} {r.n_iter:>6} {'yes' if r.converged else 'no':>9} "
            f"{r.train_loss:>8.4f} {r.test_accuracy:>12.3f}"
        )
    lines.append("")
    for r in rows:
        formula = sklearn_sgd._FORMULA[r.learning_rate]
        lines.append(f"{r.learning_rate:<11} sklearn: {formula}")
        book = sklearn_sgd.book_equivalent(r.learning_rate, eta0, alpha, power_t)
        lines.append(f"{'':<11} book:    {book}")
    return "\n".join(lines)
