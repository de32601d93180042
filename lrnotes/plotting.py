"""Figures shared by the chapters: loss curves, the θ² parabola, contour plots.

Every figure function draws on the ``ax`` it is given, or on a new figure of
the book's size (:mod:`lrnotes.style`), and returns ``(fig, ax)``. Nothing here
is random and nothing depends on the screen, so a figure is the same on every
build.

Two pieces the figures are built from draw one thing on a given ``ax`` and
return the artists they add instead: :func:`objective_curve` (J(θ) under the
iterates) and :func:`path_line` (a path with its start circled). The live views
of :mod:`lrnotes.widgets` build their first frame with the same pieces and then
move those artists' data (``set_data``) on every slider move, so a path looks the
same in a chapter's figure and under a slider. The figure functions keep their
``(fig, ax)``: the artists they make are on ``ax`` (``ax.lines``).

A diverged run is drawn up to its last good iterate and ends in a cross; a
loss of exactly 0 (a run that lands on the minimizer) cannot sit on a log
axis, so it is marked by a triangle on the bottom edge instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lrnotes import _checks, style
from lrnotes.descent import Trajectory
from lrnotes.objectives import Objective, square
from lrnotes.schedules import Schedule
from lrnotes.style import DPI, FIGSIZE, MARGIN, PATH_FLOOR
from lrnotes.tuning import RangeTestResult


def new_axes(ncols: int = 1, *, width: float = FIGSIZE[0], height: float = FIGSIZE[1]):
    """A new figure of the book's size with ``ncols`` axes side by side.

    Args:
        ncols: the number of axes, an integer ≥ 1.
        width: the figure width in inches.
        height: the figure height in inches.

    Returns:
        ``(fig, ax)``, or ``(fig, axes)`` with an array of axes when ``ncols > 1``.

    Example:
        >>> fig, ax = new_axes()
        >>> fig.get_size_inches().tolist(), fig.dpi
        ([6.0, 3.6], 100)
        >>> plt.close(fig)
    """
    ncols = _checks.integer("ncols", ncols, minimum=1)
    width = _checks.positive("width", width)
    height = _checks.positive("height", height)
    fig, ax = plt.subplots(1, ncols, figsize=(width, height), dpi=DPI, layout="constrained")
    return fig, ax


def objective_curve(
    objective: Objective, span: float, ax: Axes, *, points: int = style.CURVE_POINTS
) -> Line2D:
    """Draw J(θ) of a 1-D objective on [−span, span], in grey, for iterates to sit on.

    Args:
        objective: a 1-D objective (shape ``()``).
        span: the half-width of the interval, > 0.
        ax: the axes to draw on.
        points: how many points the curve goes through.

    Returns:
        The curve's :class:`~matplotlib.lines.Line2D`.

    Example:
        >>> fig, ax = new_axes()
        >>> line = objective_curve(square(), 2.0, ax, points=5)
        >>> line.get_xydata().tolist()
        [[-2.0, 4.0], [-1.0, 1.0], [0.0, 0.0], [1.0, 1.0], [2.0, 4.0]]
        >>> plt.close(fig)
    """
    grid = np.linspace(-span, span, points)
    (line,) = ax.plot(grid, objective.value(grid), color="0.6", linewidth=1.5, label="J(θ)")
    return line


def path_line(
    ax: Axes, x, y, *, color: str, markersize: float, lw: float, label: str | None = None
) -> tuple[Line2D, Line2D]:
    """Draw a path through the points (x_t, y_t) and circle its start (x_0, y_0).

    A path on contour lines is (θ₁, θ₂); a path on the parabola is (θ_t, J(θ_t)).

    Args:
        ax: the axes to draw on.
        x, y: the points, 1-D arrays of one length (empty for a path drawn later).
        color: the colour of the path and of its start.
        markersize: the size of a point's marker.
        lw: the width of the line.
        label: the path's legend label.

    Returns:
        ``(line, start)``, two :class:`~matplotlib.lines.Line2D`; to move the path,
        ``line.set_data(x, y)`` and ``start.set_data(x[:1], y[:1])``.

    Example:
        >>> fig, ax = new_axes()
        >>> line, start = path_line(ax, [2.0, 1.6], [1.0, 0.2], color="C0", markersize=3, lw=1)
        >>> line.get_xydata().tolist(), start.get_xydata().tolist()
        ([[2.0, 1.0], [1.6, 0.2]], [[2.0, 1.0]])
        >>> plt.close(fig)
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    (line,) = ax.plot(x, y, "-o", color=color, markersize=markersize, lw=lw, label=label)
    (start,) = ax.plot(x[:1], y[:1], "o", color=color, markersize=8, mfc="none")
    return line, start


def _axes(ax: Axes | None) -> tuple[Figure, Axes]:
    if ax is None:
        return new_axes()
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {ax!r}")
    return ax.figure, ax


def _runs(trajectory: Trajectory) -> list[Trajectory]:
    if not isinstance(trajectory, Trajectory):
        raise TypeError(f"trajectory must be an lrnotes Trajectory, got {trajectory!r}")
    if trajectory.batched:
        return [trajectory[i] for i in range(len(trajectory))]
    return [trajectory]


def _labels(labels, runs: list[Trajectory]) -> list[str | None]:
    if labels is None:
        return [f"α = {float(r.lrs[0]):g}" if len(r.lrs) else None for r in runs]
    if isinstance(labels, str):
        labels = [labels]
    labels = list(labels)
    if len(labels) != len(runs):
        raise ValueError(f"labels must have one entry per run ({len(runs)}), got {labels!r}")
    return labels


def loss_curve(
    trajectory: Trajectory,
    ax: Axes | None = None,
    *,
    labels: str | Sequence[str] | None = None,
    log: bool = True,
    minimum: float | None = None,
) -> tuple[Figure, Axes]:
    """Plot J(θ_t) against the step t, for one run or for every run of a batch.

    On a log axis (the default) a geometric decrease J(θ_t) = J(θ_0) q^t is a
    straight line. A diverged run ends in a cross at its last good iterate and
    its legend entry says at which step it failed; a run that reaches a loss
    of exactly 0 is marked by a triangle on the bottom edge at that step.

    Args:
        trajectory: a :class:`~lrnotes.descent.Trajectory`, single or batched.
        ax: the axes to draw on (a new figure if None).
        labels: one legend label per run; by default "α = …".
        log: a logarithmic loss axis.
        minimum: if given, plot the excess loss J(θ_t) − minimum (e.g. J(θ*)),
            which decreases geometrically to 0 instead of levelling off.

    Returns:
        ``(fig, ax)``.

    Example:
        >>> import lrnotes
        >>> run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=0.1, steps=10)
        >>> fig, ax = loss_curve(run)
        >>> ax.get_yscale(), ax.lines[0].get_ydata()[:3].round(4).tolist()
        ('log', [4.0, 2.56, 1.6384])
        >>> plt.close(fig)
    """
    runs = _runs(trajectory)
    names = _labels(labels, runs)
    if minimum is not None:
        minimum = _checks.real_scalar("minimum", minimum)
    fig, ax = _axes(ax)
    if log:
        ax.set_yscale("log")
    bottom = ax.get_xaxis_transform()  # x in data units, y in axes units
    for run, name in zip(runs, names, strict=True):
        steps = np.arange(len(run.losses))
        losses = np.asarray(run.losses, dtype=float)
        if minimum is not None:
            losses = losses - minimum
        if run.diverged and name is not None:
            name = f"{name} (diverged at step {run.stop_step + 1})"
        shown = np.where(losses > 0, losses, np.nan) if log else losses
        marker = "." if len(steps) <= 60 else None
        (line,) = ax.plot(steps, shown, marker=marker, markersize=4, label=name)
        if log and np.any(losses == 0):
            zero = int(np.flatnonzero(losses == 0)[0])
            ax.plot(
                zero, 0.0, marker="v", markersize=9, color=line.get_color(),
                transform=bottom, clip_on=False, linestyle="none",
            )  # fmt: skip
        if run.diverged:
            ax.plot(steps[-1], shown[-1], marker="x", markersize=10, mew=2, color=line.get_color())
    ax.set_xlabel("step t")
    ax.set_ylabel(r"loss $J(\theta_t)$" if minimum is None else r"$J(\theta_t) - J(\theta^*)$")
    if any(n is not None for n in names):
        ax.legend(fontsize="small")
    style.grid(ax)
    return fig, ax


def parabola_path(
    thetas,
    objective: Objective | None = None,
    ax: Axes | None = None,
    *,
    label: str | None = None,
    span: float | None = None,
) -> tuple[Figure, Axes]:
    """Draw J(θ) for a 1-D objective and the iterates θ_0, θ_1, … on it.

    Each step is an arrow from (θ_t, J(θ_t)) to (θ_{t+1}, J(θ_{t+1})), so a
    step that overshoots the minimizer is seen to cross the valley.

    Args:
        thetas: the iterates, a 1-D array (e.g. ``trajectory.thetas``).
        objective: a 1-D objective with shape ``()``; J(θ) = θ² if None.
        ax: the axes to draw on (a new figure if None).
        label: a title for the axes.
        span: the curve is drawn on [−span, span]; by default ``style.MARGIN`` · max|θ_t|.

    Returns:
        ``(fig, ax)``.

    Example:
        >>> fig, ax = parabola_path([2.0, 1.6, 1.28])
        >>> ax.lines[1].get_xydata().tolist()
        [[2.0, 4.0], [1.6, 2.5600000000000005], [1.28, 1.6384]]
        >>> plt.close(fig)
    """
    if objective is None:
        objective = square()
    if objective.shape != ():
        raise ValueError(f"objective must be one-dimensional (shape ()), got {objective.name}")
    thetas = _checks.real_array("thetas", thetas, ndim=1)
    if span is None:
        span = MARGIN * max(float(np.max(np.abs(thetas))), 1e-12)
    span = _checks.positive("span", span)
    fig, ax = _axes(ax)
    objective_curve(objective, span, ax)
    losses = objective.value(thetas)
    ax.plot(thetas, losses, "o", color="C3", markersize=5, label=r"$\theta_t$")
    for t in range(len(thetas) - 1):
        ax.annotate(
            "", xy=(thetas[t + 1], losses[t + 1]), xytext=(thetas[t], losses[t]),
            arrowprops={"arrowstyle": "->", "color": "C3", "lw": 1.2, "shrinkA": 3, "shrinkB": 3},
        )  # fmt: skip
    ax.annotate(r"$\theta_0$", (thetas[0], losses[0]), textcoords="offset points", xytext=(6, 4))
    ax.set_xlabel("θ")
    ax.set_ylabel("J(θ)")
    if label is not None:
        ax.set_title(label)
    style.grid(ax)
    return fig, ax


def contour(
    objective: Objective,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    ax: Axes | None = None,
    *,
    levels: int | Sequence[float] = 12,
    trajectories: Trajectory | Sequence | None = None,
    labels: str | Sequence[str] | None = None,
) -> tuple[Figure, Axes]:
    """Contour lines of a 2-D objective, with the paths of one or several runs.

    Args:
        objective: an objective with shape ``(2,)``.
        xlim: the range of θ_1 shown.
        ylim: the range of θ_2 shown.
        ax: the axes to draw on (a new figure if None).
        levels: the number of contour levels, or the levels themselves.
        trajectories: a Trajectory (single or batched), an array of iterates
            of shape (k, 2), or a list of either; each path is drawn with its
            start marked by a circle and its minimizer by a star.
        labels: one legend label per path.

    Returns:
        ``(fig, ax)``.

    Example:
        >>> import lrnotes
        >>> J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
        >>> run = lrnotes.gradient_descent(J, [2.0, 1.0], lr=0.2, steps=5)
        >>> fig, ax = contour(J, (-2.5, 2.5), (-1.5, 1.5), trajectories=run)
        >>> ax.lines[0].get_xydata()[:2].round(4).tolist()
        [[2.0, 1.0], [1.6, 0.2]]
        >>> plt.close(fig)
    """
    if not isinstance(objective, Objective) or objective.shape != (2,):
        raise ValueError(f"objective must be a 2-D lrnotes objective, got {objective!r}")
    xlim = tuple(_checks.real_array("xlim", xlim, ndim=1).tolist())
    ylim = tuple(_checks.real_array("ylim", ylim, ndim=1).tolist())
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        if len(lim) != 2 or lim[0] >= lim[1]:
            raise ValueError(f"{name} must be (low, high) with low < high, got {lim!r}")
    fig, ax = _axes(ax)
    x, y = np.linspace(*xlim, 201), np.linspace(*ylim, 201)
    X, Y = np.meshgrid(x, y)
    Z = objective.value(np.stack([X, Y], axis=-1))
    ax.contour(X, Y, Z, levels=levels, colors="0.65", linewidths=0.8)
    paths = _paths(trajectories)
    names = [None] * len(paths) if labels is None else _path_labels(labels, len(paths))
    for i, (path, name) in enumerate(zip(paths, names, strict=True)):
        path_line(ax, path[:, 0], path[:, 1], color=f"C{i}", markersize=3, lw=1.2, label=name)
    if objective.minimizer is not None:
        star = np.asarray(objective.minimizer)
        ax.plot(star[0], star[1], "*", color="k", markersize=11, label="minimizer θ*")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    ax.set_aspect("equal")
    if names and any(n is not None for n in names):
        ax.legend(fontsize="small", loc="upper left")
    return fig, ax


def paths_and_losses(
    objective: Objective,
    runs: dict[str, Trajectory],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    title: str = "",
    levels: int | Sequence[float] = 12,
    first: int = 60,
    floor: float = PATH_FLOOR,
    on_top: str | None = None,
) -> tuple[Figure, np.ndarray]:
    """Several methods on one 2-D problem: their first steps on the contours, their losses.

    Left, the first ``first`` steps of every run on the contour lines of
    ``objective``; right, every run's loss J(θ_t) on a log axis cut at
    ``floor``, labelled with the run's (first) rate.

    Args:
        objective: an objective with shape ``(2,)``.
        runs: name → a single :class:`~lrnotes.descent.Trajectory`.
        xlim, ylim: the window of the contour plot.
        title: what the left panel's title starts with.
        levels: the contour levels, as in :func:`contour`.
        first: how many steps of each path to draw.
        floor: the bottom of the loss axis.
        on_top: the name of a run to draw above the others, dashed and thicker
            (a path the others would hide); colours and order stay as they are.

    Returns:
        ``(fig, axes)`` with the two axes.

    Example:
        >>> import lrnotes
        >>> J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
        >>> runs = {"GD": lrnotes.gradient_descent(J, [2.0, 1.0], 0.2, 100)}
        >>> fig, axes = paths_and_losses(J, runs, (-2.5, 2.5), (-1.5, 1.5), first=3)
        >>> axes[0].lines[0].get_xydata().round(4).tolist()
        [[2.0, 1.0], [1.6, 0.2], [1.28, 0.04]]
        >>> plt.close(fig)
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError(f"runs must be a non-empty dict name -> Trajectory, got {runs!r}")
    first = _checks.integer("first", first, minimum=1)
    floor = _checks.positive("floor", floor)
    fig, axes = new_axes(2, width=11, height=4.2)
    names = list(runs)
    paths = [runs[n].thetas[:first] for n in names]
    contour(objective, xlim, ylim, ax=axes[0], levels=levels, trajectories=paths, labels=names)
    axes[0].set_title(f"{title}: the first {first} steps".lstrip(": "), fontsize="medium")
    axes[0].set_aspect("auto")
    axes[0].legend(fontsize="small", loc="best")  # not over the paths' start
    for name in names:
        label = f"{name}, α = {float(runs[name].lrs[0]):.3g}"
        loss_curve(runs[name], ax=axes[1], labels=label)
    axes[1].set_title(f"loss, tuned rates (cut at {floor:g})", fontsize="medium")
    top = max(float(np.nanmax(runs[n].losses)) for n in names)
    axes[1].set_ylim(floor, 10 * top)
    if on_top is not None:
        _raise_run(axes, names, on_top)
    return fig, axes


def _raise_run(axes, names, name) -> None:
    """Draw run ``name`` of :func:`paths_and_losses` above the others, dashed and thicker."""
    if name not in names:
        raise ValueError(f"on_top must be one of {names!r}, got {name!r}")
    for line in axes[0].lines + axes[1].lines:
        label = line.get_label()
        if label == name or label.startswith(f"{name}, α = "):
            line.set(zorder=5, linewidth=2.4, linestyle="--")
    for ax in axes:
        ax.legend(fontsize="small", loc="best")


def _paths(trajectories) -> list[np.ndarray]:
    if trajectories is None:
        return []
    items = trajectories if isinstance(trajectories, list | tuple) else [trajectories]
    paths = []
    for item in items:
        if isinstance(item, Trajectory):
            paths.extend(run.thetas for run in _runs(item))
        else:
            paths.append(_checks.real_array("trajectories", item, ndim=2))
    for path in paths:
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"each path must have shape (k, 2), got shape {path.shape}")
    return paths


def _path_labels(labels, n: int) -> list[str]:
    labels = [labels] if isinstance(labels, str) else list(labels)
    if len(labels) != n:
        raise ValueError(f"labels must have one entry per path ({n}), got {labels!r}")
    return labels


def step_arrows(
    objective: Objective, theta, lr: float, ax: Axes, *, grad_scale: float = 1.0
) -> np.ndarray:
    """Draw one gradient step θ_{t+1} = θ_t − α∇J(θ_t) on a 2-D contour plot.

    Draws the gradient ∇J(θ_t) (scaled by ``grad_scale`` to fit the picture),
    which points uphill across the contour lines, and the step −α∇J(θ_t), an
    arrow of length α‖∇J(θ_t)‖ from θ_t to θ_{t+1}.

    Args:
        objective: an objective with shape ``(2,)``.
        theta: the current point θ_t.
        lr: the learning rate α > 0.
        ax: the axes to draw on (e.g. from :func:`contour`).
        grad_scale: the gradient arrow is drawn as grad_scale · ∇J(θ_t).

    Returns:
        θ_{t+1}, the point the step lands on.

    Example:
        >>> import lrnotes
        >>> J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
        >>> fig, ax = contour(J, (-2.5, 2.5), (-1.5, 1.5))
        >>> step_arrows(J, [2.0, 1.0], 0.2, ax).round(6).tolist()
        [1.6, 0.2]
        >>> plt.close(fig)
    """
    theta = objective.check_theta(theta)
    if theta.shape != (2,):
        raise ValueError(f"theta must be one point of shape (2,), got shape {theta.shape}")
    lr = _checks.positive("lr", lr)
    grad_scale = _checks.positive("grad_scale", grad_scale)
    g = objective.grad(theta)
    new = theta - lr * g
    uphill = theta + grad_scale * g
    for tip, color in ((uphill, "C1"), (new, "C2")):
        ax.annotate(
            "", xy=tip, xytext=theta, arrowprops={"arrowstyle": "->", "color": color, "lw": 2}
        )
    ax.plot(*theta, "o", color="k", markersize=5)
    ax.plot(*new, "o", color="C2", markersize=5)
    ax.annotate(r"$\theta_t$", theta, textcoords="offset points", xytext=(6, -12))
    ax.annotate(r"$\theta_{t+1}$", new, textcoords="offset points", xytext=(-10, -16), color="C2")
    scale = "" if grad_scale == 1 else f" (drawn × {grad_scale:g})"
    ax.plot([], [], color="C1", lw=2, label=f"gradient ∇J(θₜ){scale}")
    ax.plot([], [], color="C2", lw=2, label=f"step −α∇J(θₜ), α = {lr:g}")
    return new


# --- learning-rate pictures: the phase diagram and the range test (chapters 7, 8) ---


def final_loss_vs_lr(
    lrs,
    final_losses,
    diverged,
    ax: Axes | None = None,
    *,
    marks: dict[str, float] | None = None,
    loss0: float | None = None,
    minimum: float = 0.0,
) -> tuple[Figure, Axes]:
    """The phase diagram: the loss each run ended with, against its learning rate.

    Both axes are logarithmic. A run that was stopped as diverged has no final
    loss worth plotting: it is drawn as a red cross on the top edge, and the
    legend counts them, so a gap in the curve is never left unexplained. A run
    that ended at exactly ``minimum`` is drawn as a triangle on the bottom edge.

    Args:
        lrs: the learning rates, a 1-D array.
        final_losses: the loss of each run's last kept iterate.
        diverged: whether each run was stopped as diverged.
        ax: the axes to draw on (a new figure if None).
        marks: vertical lines to draw, label → α (e.g. ``{"2/L": 2 / J.L}``).
        loss0: if given, a horizontal line at the starting loss J(θ_0).
        minimum: plot final_losses − minimum (e.g. J(θ*)); if nonzero, the
            axis and the legend say J − J*.

    Returns:
        ``(fig, ax)``.

    Example:
        >>> fig, ax = final_loss_vs_lr([0.1, 0.5, 2.0], [1e-3, 0.0, 9.0], [False, False, True])
        >>> ax.get_xscale(), ax.get_yscale(), len(ax.lines)
        ('log', 'log', 3)
        >>> plt.close(fig)
    """
    lrs = _checks.real_array("lrs", lrs, ndim=1)
    losses = np.asarray(final_losses, dtype=float) - _checks.real_scalar("minimum", minimum)
    diverged = np.asarray(diverged, dtype=bool)
    if losses.shape != lrs.shape or diverged.shape != lrs.shape:
        raise ValueError(
            f"lrs, final_losses and diverged must have one entry per run ({lrs.size}), "
            f"got shapes {lrs.shape}, {losses.shape}, {diverged.shape}"
        )
    fig, ax = _axes(ax)
    ax.set_xscale("log")
    ax.set_yscale("log")
    excess = minimum != 0  # the legend names what is plotted: J − J* or J
    ok = ~diverged & (losses > 0)
    run_label = r"final $J - J^*$ of a run" if excess else "final loss of a run"
    ax.plot(lrs[ok], losses[ok], ".", markersize=2.5, color="C0", label=run_label)
    zero = ~diverged & (losses <= 0)
    if zero.any():
        ax.plot(
            lrs[zero], np.zeros(zero.sum()), "v", color="C2", markersize=6, clip_on=False,
            transform=ax.get_xaxis_transform(), label=f"reached the minimum exactly ({zero.sum()})",
        )  # fmt: skip
    if diverged.any():
        ax.plot(
            lrs[diverged], np.ones(diverged.sum()), "x", color="C3", markersize=4, clip_on=False,
            transform=ax.get_xaxis_transform(), label=f"diverged, stopped early ({diverged.sum()})",
        )  # fmt: skip
    if loss0 is not None:
        start = r"start, $J(\theta_0) - J^*$" if excess else r"starting loss $J(\theta_0)$"
        ax.axhline(_checks.real_scalar("loss0", loss0) - minimum, color="0.5", lw=1, ls=":",
                   label=start)  # fmt: skip
    for i, (name, lr) in enumerate((marks or {}).items()):
        ax.axvline(_checks.positive(f"marks[{name!r}]", lr), color=f"C{i + 4}", lw=1.2, ls="--",
                   label=f"{name} = {lr:.3g}")  # fmt: skip
    ax.set_xlabel("learning rate α")
    ax.set_ylabel(r"final $J - J^*$" if excess else "final loss")
    style.grid(ax, which="major")
    ax.legend(fontsize="small")
    return fig, ax


def range_test_plot(
    result, ax: Axes | None = None, *, marks: dict[str, float] | None = None, log: bool = True
) -> tuple[Figure, Axes]:
    """The range test's loss against α (log axis) with its two suggestions.

    Draws the recorded loss, the smoothed loss (when smoothing was used), and
    vertical lines at the "steepest descent" and "minimum ÷ 10" rates; the
    last point is where the test stopped.

    Args:
        result: a :class:`~lrnotes.tuning.RangeTestResult`.
        ax: the axes to draw on (a new figure if None).
        marks: more vertical lines, label → α (e.g. ``{"2/L": 0.02}``).
        log: a logarithmic loss axis.

    Returns:
        ``(fig, ax)``.

    Example:
        >>> import lrnotes
        >>> result = lrnotes.tuning.lr_range_test(lrnotes.square(), 2.0, 1e-3, 10.0, 50, beta=0.0)
        >>> fig, ax = range_test_plot(result)
        >>> ax.get_xscale(), [line.get_label()[:8] for line in ax.lines[1:3]]
        ('log', ['steepest', 'minimum '])
        >>> plt.close(fig)
    """
    if not isinstance(result, RangeTestResult):
        raise TypeError(f"result must be a RangeTestResult, got {result!r}")
    fig, ax = _axes(ax)
    ax.set_xscale("log")
    if log:
        ax.set_yscale("log")
    smoothed = not np.array_equal(result.smoothed, result.losses)
    ax.plot(result.lrs, result.losses, color="C0", lw=1 if smoothed else 1.5,
            alpha=0.5 if smoothed else 1.0, label="loss after the step")  # fmt: skip
    ax.axvline(
        result.lr_steep, color="C2", ls="--", label=f"steepest descent: α = {result.lr_steep:.3g}"
    )
    ax.axvline(result.lr_min, color="C1", ls="--", label=f"minimum ÷ 10: α = {result.lr_min:.3g}")
    if smoothed:
        ax.plot(result.lrs, result.smoothed, color="C0", lw=2, label="smoothed loss")
    ax.plot(result.lrs[-1], result.losses[-1], "x", color="C3", markersize=9, mew=2,
            label=f"stopped at step {result.stop_step}")  # fmt: skip
    for i, (name, lr) in enumerate((marks or {}).items()):
        ax.axvline(_checks.positive(f"marks[{name!r}]", lr), color=f"C{i + 4}", lw=1.2, ls=":",
                   label=f"{name} = {lr:.3g}")  # fmt: skip
    ax.set_xlabel("learning rate α (grows every step)")
    ax.set_ylabel("loss")
    style.grid(ax, which="major")
    ax.legend(fontsize="small")
    return fig, ax


def _schedule_steps(schedule, steps: int) -> np.ndarray:
    """0 … steps, cut at the last step the schedule is defined for (one_cycle)."""
    last = steps if schedule.last_step is None else min(steps, schedule.last_step)
    return np.arange(last + 1)


def schedule_curves(
    schedules,
    steps: int,
    ax: Axes | None = None,
    *,
    labels: str | Sequence[str] | None = None,
    log: bool = False,
) -> tuple[Figure, Axes]:
    """Plot the learning rate α_t against the step t for one or several schedules.

    Args:
        schedules: a :class:`~lrnotes.schedules.Schedule` or a list of them.
        steps: the last step shown, an integer ≥ 1.
        ax: the axes to draw on (a new figure if None).
        labels: one legend label per schedule; by default each schedule's name.
        log: a logarithmic rate axis.

    Returns:
        ``(fig, ax)``.

    Example:
        >>> from lrnotes import schedules
        >>> fig, ax = schedule_curves(0.1 * schedules.step_decay(2), steps=4)
        >>> ax.lines[0].get_ydata().round(4).tolist()
        [0.1, 0.1, 0.01, 0.01, 0.001]
        >>> plt.close(fig)
    """
    items = list(schedules) if isinstance(schedules, list | tuple) else [schedules]
    for s in items:
        if not isinstance(s, Schedule):
            raise TypeError(f"schedules must be lrnotes Schedules, got {s!r}")
    steps = _checks.integer("steps", steps, minimum=1)
    if labels is None:  # the factory's name; a repeated name gets its rank, "one_cycle (2)"
        names = [s.name for s in items]
        names = [n if names[:i].count(n) == 0 else f"{n} ({names[: i + 1].count(n)})"
                 for i, n in enumerate(names)]  # fmt: skip
    else:
        names = _path_labels(labels, len(items))
    fig, ax = _axes(ax)
    for i, (s, name) in enumerate(zip(items, names, strict=True)):
        t = _schedule_steps(s, steps)
        ax.plot(t, s(t), lw=1.6, label=name, ls=("-", "--", ":")[i // 10 % 3])
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.set_ylabel(r"learning rate $\alpha_t$")
    style.grid(ax)
    if len(items) > 1 or labels is not None:
        ax.legend(fontsize="small")
    return fig, ax


def schedule_panels(
    schedules, steps: int, *, ncols: int = 3, width: float = 10.5, row_height: float = 2.3
) -> tuple[Figure, np.ndarray]:
    """Each schedule alone in a grid of small plots, titled by its call.

    Args:
        schedules: a list of :class:`~lrnotes.schedules.Schedule`.
        steps: the last step shown in every panel.
        ncols: panels per row.
        width: the figure width in inches.
        row_height: the height of a row of panels in inches.

    Returns:
        ``(fig, axes)``, axes a 2-D array (unused panels are hidden).

    Example:
        >>> from lrnotes import catalogue
        >>> fig, axes = schedule_panels(catalogue.schedules()[:4], steps=50, ncols=2)
        >>> axes.shape, axes[0, 1].get_title()
        ((2, 2), '0.1 * step_decay(step_size=30, gamma=0.5)')
        >>> plt.close(fig)
    """
    import textwrap

    items = list(schedules)
    ncols = _checks.integer("ncols", ncols, minimum=1)
    nrows = -(-len(items) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, row_height * nrows), dpi=DPI,
                             layout="constrained", squeeze=False, sharex=True)  # fmt: skip
    for ax, s in zip(axes.flat, items, strict=False):
        schedule_curves(s, steps, ax=ax)
        ax.set_title("\n".join(textwrap.wrap(repr(s), 48)), fontsize="x-small")
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(labelsize="x-small")
    for ax in list(axes.flat)[len(items) :]:
        ax.set_visible(False)
    fig.supxlabel("step t", fontsize="small")
    fig.supylabel(r"$\alpha_t$", fontsize="small")
    return fig, axes
