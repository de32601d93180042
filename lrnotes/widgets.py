r"""Explorations: one call gives a slider that is live in JupyterLab and draggable on the site.

Each ``explore_*`` function returns an :class:`Exploration`. Displayed in a
notebook, it offers the front end two views of the same thing, in one output:

* ``application/vnd.jupyter.widget-view+json``: ipywidgets controls and an
  image of the figure. In a kernel, moving a slider runs ``lrnotes`` for the new
  value, moves the plotted data of one persistent matplotlib figure
  (``set_data``, no new figure, no flicker) and sends the redrawn PNG.
* ``text/html``: the static version, for a page with no kernel. One frame per
  point of a grid of slider values, computed here at execution time by the same
  ``run`` and the same drawing code (for α, one vectorized
  :func:`~lrnotes.descent.gradient_descent` call over the whole grid), and a
  script that only swaps frames (see :mod:`lrnotes.static`).

A view draws its first frame once, with empty data, and ``show`` moves the data
of the artists it keeps. Where a chapter's figure draws the same thing (the curve
J(θ), a path with its start circled) the view uses the same piece of
:mod:`lrnotes.plotting`, which returns the artists it adds; sizes, floors and the
grid come from :mod:`lrnotes.style`.

JupyterLab ranks the widget view first, so a reader there sees one live
control; the book's ``_config.yml`` tells myst-nb to drop the widget view and
keep ``text/html``, so the site shows one draggable control and loads no widget
JavaScript.

Example:
    >>> from lrnotes.widgets import explore_lr
    >>> exp = explore_lr(steps=5)
    >>> exp.update(lr=0.1).thetas.round(4).tolist()
    [2.0, 1.6, 1.28, 1.024, 0.8192, 0.6554]
    >>> exp.view.path.get_xdata().round(4).tolist()
    [2.0, 1.6, 1.28, 1.024, 0.8192, 0.6554]
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lrnotes import _checks, plotting, schedules, static, style
from lrnotes.descent import Trajectory, gradient_descent, minimize
from lrnotes.objectives import Objective, quadratic, square
from lrnotes.optimizers import SGD, Adam

DPI = style.EXPLORATION_DPI
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

Values = dict[str, float]


@dataclass(frozen=True)
class Slider:
    """One slider: the argument it sets, its label and the grid of the static frames.

    Attributes:
        name: the keyword it sets in the exploration's ``run``, e.g. ``"lr"``.
        label: what the reader sees, e.g. ``"α"``.
        grid: the values that get a precomputed frame on the static site.
        value: the starting value (a point of the grid).
        step: the step of the live slider (any value in between is computed);
            None makes the live slider pick from the grid only.
        fmt: how a value is shown.
    """

    name: str
    label: str
    grid: tuple[float, ...]
    value: float
    step: float | None = None
    fmt: str = "{:.2f}"

    def __post_init__(self):
        grid = _checks.real_array(f"{self.name} grid", self.grid, ndim=1)
        if grid.size < 2 or np.any(np.diff(grid) <= 0):
            raise ValueError(f"{self.name} grid must increase, with 2 points or more: {self.grid}")
        if self.value not in self.grid:
            raise ValueError(
                f"{self.name} = {self.value!r} must be a point of its grid {self.grid}"
            )

    def check(self, value) -> float:
        """``value`` as a float, if the live slider could take it, else a ValueError naming it.

        A slider that picks from its grid (``step`` None) takes a point of the
        grid; the others any finite number between the grid's ends.
        """
        x = _checks.real_scalar(self.name, value)
        if self.step is None and x not in self.grid:
            raise ValueError(f"{self.name} must be one of {self.grid}, got {value!r}")
        if not self.grid[0] <= x <= self.grid[-1]:
            raise ValueError(
                f"{self.name} must be in [{self.grid[0]}, {self.grid[-1]}], got {value!r}"
            )
        return x

    def text(self, value: float) -> str:
        """The value as the reader sees it."""
        return self.fmt.format(value)

    def control(self, value: float | None = None):
        """A new ipywidgets slider for this parameter, at ``value`` (by default its start)."""
        import ipywidgets as w

        value = self.value if value is None else value
        style = {"description_width": "initial"}
        if self.step is None:
            options = [(self.text(v), v) for v in self.grid]
            return w.SelectionSlider(
                options=options, value=value, description=self.label, style=style
            )
        digits = max(0, -int(np.floor(np.log10(self.step))))
        return w.FloatSlider(
            value=value, min=self.grid[0], max=self.grid[-1], step=self.step,
            description=self.label, readout_format=f".{digits}f", style=style,
        )  # fmt: skip


class Exploration:
    """A figure driven by sliders, from one ``run`` function of the slider values.

    Args:
        title: what is explored, for the text view.
        sliders: the controls, in display order.
        run: the slider values (a dict by name) -> what the view shows,
            typically a :class:`~lrnotes.descent.Trajectory`.
        draw: a new figure -> a view object with ``show(result, values, caption)``
            and ``artists``, the artists that ``show`` changes;
            called once for the live figure and once for the static frames.
        figsize: the figure size in inches (pixels = inches · 80).
        run_grid: optional; a list of value dicts -> the list of results, when
            a batch is faster than one ``run`` per grid point.
    """

    def __init__(
        self,
        title: str,
        sliders: Sequence[Slider],
        run: Callable[[Values], object],
        draw: Callable[[Figure], object],
        *,
        figsize: tuple[float, float],
        run_grid: Callable[[list[Values]], list] | None = None,
    ):
        self.title = title
        self.sliders = tuple(sliders)
        self.run = run
        self.draw = draw
        self.figsize = figsize
        self.run_grid = run_grid or (lambda grid: [run(values) for values in grid])
        self.values: Values = {s.name: s.value for s in self.sliders}
        self.figure = self._figure()
        self.view = draw(self.figure)
        self.update()
        self._widget = None
        self._html = None

    def _figure(self) -> Figure:
        fig = Figure(figsize=self.figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        return fig

    @staticmethod
    def _render(fig: Figure, view) -> None:
        """Redraw only the view's moving artists over a cached background (blitting).

        The axes, ticks and curves that never change are drawn once; a new
        value costs a copy of that background and a few lines and labels. The
        live figure and the static frames are both drawn this way.
        """
        canvas = fig.canvas
        if getattr(view, "background", None) is None:
            canvas.draw()  # everything but the animated artists; fixes the layout
            fig.set_layout_engine("none")
            view.background = canvas.copy_from_bbox(fig.bbox)
        canvas.restore_region(view.background)
        for artist in view.artists:
            fig.draw_artist(artist)

    def update(self, **values: float) -> object:
        """Set some slider values, recompute and redraw the live figure's data.

        Each value is checked (:meth:`Slider.check`) and the run made before
        anything is kept: a value that is refused, or a run that fails, leaves
        the exploration as it was.

        Returns:
            The result of ``run`` for the new values.
        """
        unknown = set(values) - set(self.values)
        if unknown:
            raise TypeError(f"unknown slider(s) {sorted(unknown)}; have {sorted(self.values)}")
        by_name = {s.name: s for s in self.sliders}
        new = {**self.values, **{k: by_name[k].check(v) for k, v in values.items()}}
        result = self.run(dict(new))
        self.view.show(result, dict(new), self.caption(new))
        self.values.update(new)
        return result

    def png(self) -> bytes:
        """The live figure as a PNG (fast: full colour, light compression)."""
        self._render(self.figure, self.view)
        return static.png(self.figure, colors=None, compress_level=1, draw=False)

    def widget(self):
        """The live control: ipywidgets sliders above an image of the figure (made once)."""
        if self._widget is None:
            import ipywidgets as w

            # the controls start where the figure is: at the values of the last update
            controls = [s.control(self.values[s.name]) for s in self.sliders]
            image = w.Image(value=self.png(), format="png", layout={"max_width": "100%"})

            def redraw(change, name):
                self.update(**{name: float(change["new"])})
                image.value = self.png()

            for slider, control in zip(self.sliders, controls, strict=True):
                control.observe(lambda change, n=slider.name: redraw(change, n), names="value")
            self._widget = w.VBox([w.HBox(controls), image])
            self.controls = {s.name: c for s, c in zip(self.sliders, controls, strict=True)}
            self.image = image
        return self._widget

    def grid(self) -> list[Values]:
        """Every combination of grid values, the last slider varying fastest."""
        names = [s.name for s in self.sliders]
        points = itertools.product(*(s.grid for s in self.sliders))
        return [dict(zip(names, p, strict=True)) for p in points]

    def frames(self) -> list[bytes]:
        """One PNG per point of :meth:`grid`, drawn on a figure of their own."""
        fig = self._figure()
        view = self.draw(fig)
        frames = []
        for values, result in zip(self.grid(), self.run_grid(self.grid()), strict=True):
            view.show(result, values, self.caption(values))
            self._render(fig, view)
            frames.append(static.png(fig, draw=False))
        return frames

    def to_html(self) -> str:
        """The static version: sliders over precomputed frames, self-contained (made once)."""
        if self._html is None:
            frames = self.frames()
            alts = [f"{self.title}: {self.caption(v)}" for v in self.grid()]
            width, height = (int(round(x * DPI)) for x in self.figsize)
            self._html = static.html_block(
                frames, [s.label for s in self.sliders],
                [[s.text(v) for v in s.grid] for s in self.sliders],
                [s.grid.index(s.value) for s in self.sliders], alts, width=width, height=height,
            )  # fmt: skip
        return self._html

    def caption(self, values: Values) -> str:
        """The slider values as the figure's title shows them."""
        return ", ".join(f"{s.label} = {s.text(values[s.name])}" for s in self.sliders)

    def __repr__(self) -> str:
        ranges = ", ".join(
            f"{s.label} in [{s.text(s.grid[0])}, {s.text(s.grid[-1])}]" for s in self.sliders
        )
        return f"<lrnotes exploration: {self.title}; sliders {ranges}>"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        widget = self.widget()._repr_mimebundle_() or {}
        bundle = {"text/plain": repr(self), "text/html": self.to_html()}
        if WIDGET_VIEW in widget:
            bundle[WIDGET_VIEW] = widget[WIDGET_VIEW]
        return bundle


# -- views: what a figure shows, and how a new result moves its data ---------------------------


def _loss_panel(ax, steps: int, ylim, *, markersize: float, ylabel: str = "J(θ_t)"):
    """A log loss axis over the fixed steps 0 … steps, an empty loss curve and a corner note.

    Returns:
        ``(loss, note)``: the Line2D whose data ``show`` sets, the Text of the outcome.
    """
    (loss,) = ax.plot([], [], ".-", color="C0", ms=markersize)
    ax.set_yscale("log", nonpositive="clip")
    ax.set(xlim=style.steps_xlim(steps), ylim=ylim, xlabel="step t", ylabel=ylabel)
    style.grid(ax)
    return loss, style.corner_note(ax)


class ParabolaView:
    """θ_t on the curve J(θ) (left) and the loss curve J(θ_t) against t (right)."""

    def __init__(
        self, fig: Figure, objective: Objective, span: float, steps: int, ylim: tuple[float, float]
    ):
        self.objective = objective
        left, right = fig.subplots(1, 2)
        plotting.objective_curve(objective, span, left, points=style.LIVE_CURVE_POINTS)
        self.path, self.start = plotting.path_line(left, [], [], color="C3", markersize=4, lw=1)
        pad = style.CURVE_PAD
        left.set(xlim=(-span, span), ylim=(-pad * span**2, (1 + pad) * span**2))
        left.set(xlabel="θ", ylabel="J(θ)")
        style.grid(left)
        self.loss, self.note = _loss_panel(right, steps, ylim, markersize=5, ylabel="loss J(θ_t)")
        self.left = left
        self.artists = _animated(self.path, self.start, self.loss, self.note, left.title)

    def show(self, run: Trajectory, values: Values, caption: str) -> None:
        self.path.set_data(run.thetas, run.losses)
        self.start.set_data(run.thetas[:1], run.losses[:1])
        self.loss.set_data(np.arange(len(run.losses)), run.losses)
        self.left.set_title(caption)
        self.note.set_text(_outcome(run))


def _positive(y) -> np.ndarray:
    """y for a log axis: a loss of exactly 0 (a start at the minimizer) is left out."""
    y = np.asarray(y, dtype=float)
    return np.where(y > 0, y, np.nan)


class QuadraticView:
    """The path on the contour lines, the loss curve and, optionally, J(θ_T) against α.

    The third panel marks the stability limit α = 2/L with a dashed line and
    the current α with a dot on the precomputed sweep.
    """

    def __init__(self, fig, objective, lim, steps, ymax, sweep=None, reference=None):
        axes = fig.subplots(1, 3 if sweep is not None else 2, width_ratios=None)
        plane, curve = axes[0], axes[1]
        x, y = np.linspace(-lim, lim, 121), np.linspace(-lim, lim, 121)
        X, Y = np.meshgrid(x, y)
        Z = objective.value(np.stack([X, Y], axis=-1))
        levels = np.geomspace(Z.max() / 3000, Z.max(), 10)
        plane.contour(X, Y, Z, levels=levels, colors="0.7", linewidths=0.7)
        plane.plot(*objective.minimizer, "*", color="k", ms=9)
        (self.path,) = plane.plot([], [], "o-", color="C3", ms=3, lw=1)
        plane.set(xlim=(-lim, lim), ylim=(-lim, lim), xlabel="θ₁", ylabel="θ₂", aspect="equal")
        if reference is not None:
            curve.plot(np.arange(len(reference.losses)), _positive(reference.losses),
                       color="0.6", lw=1.2, label="plain GD (β = 0)")  # fmt: skip
            curve.legend(loc="lower left", fontsize="small")
        self.loss, self.note = _loss_panel(curve, steps, (style.LOSS_FLOOR, ymax), markersize=4)
        self.plane, self.marker = plane, None
        if sweep is not None:
            alphas, final = sweep
            limit = 2 / objective.L
            ax = axes[2]
            ax.plot(alphas, _positive(final), color="C0", lw=1.2)
            ax.axvline(limit, color="C3", ls="--", lw=1)
            ax.text(limit, 0.5, " 2/L", color="C3", transform=ax.get_xaxis_transform())
            ax.set_yscale("log", nonpositive="clip")
            ax.set(xlabel="α", ylabel=f"J(θ_{steps})", ylim=(style.LOSS_FLOOR, ymax))
            (self.marker,) = ax.plot([], [], "o", color="C3", ms=7)
            style.grid(ax)
        style.grid(plane)
        moving = (self.path, self.loss, self.note, plane.title)
        self.artists = _animated(*moving, *([self.marker] if self.marker is not None else []))

    def show(self, run: Trajectory, values: Values, caption: str) -> None:
        self.path.set_data(run.thetas[:, 0], run.thetas[:, 1])
        self.loss.set_data(np.arange(len(run.losses)), run.losses)
        self.plane.set_title(caption)
        self.note.set_text(_outcome(run))
        if self.marker is not None:
            self.marker.set_data([values["lr"]], [run.final_loss])


class ScheduleView:
    """The schedule α_t against t with the limit 2/L (left) and the loss curve (right)."""

    def __init__(self, fig: Figure, limit: float, steps: int, lr_max: float, ymax: float):
        left, right = fig.subplots(1, 2)
        left.axhline(limit, color="C3", ls="--", lw=1)
        left.text(steps, limit, "2/L ", color="C3", ha="right", va="bottom")
        (self.rate,) = left.plot([], [], ".-", color="C2", ms=3, lw=1)
        left.set(
            xlim=style.steps_xlim(steps), ylim=(0, 1.1 * lr_max), xlabel="step t", ylabel="α_t"
        )
        style.grid(left)
        self.loss, self.note = _loss_panel(right, steps, (style.LOSS_FLOOR, ymax), markersize=3)
        self.left = left
        self.artists = _animated(self.rate, self.loss, self.note, left.title)

    def show(self, result: tuple, values: Values, caption: str) -> None:
        rates, run = result
        self.rate.set_data(np.arange(len(rates)), rates)
        self.loss.set_data(np.arange(len(run.losses)), run.losses)
        self.left.set_title(caption, fontsize="medium")
        self.note.set_text(_outcome(run))


def _animated(*artists) -> list:
    """Mark the artists that change with the sliders: they are left out of the background."""
    for artist in artists:
        artist.set_animated(True)
    return list(artists)


def _outcome(run: Trajectory) -> str:
    if run.diverged:
        return f"diverged at step {run.stop_step + 1}"
    return f"J(θ_{len(run.losses) - 1}) = {run.final_loss:.2g}"


def _plane(J, theta0) -> tuple[float, float]:
    """The half-width of a 2-D view around the start, and the J that sets its loss axis.

    A start at the minimizer (J(θ₀) = 0) still gets a plane and an axis: a
    unit one, as if it started at distance 1.
    """
    reach = float(np.max(np.abs(theta0))) or 1.0
    height = float(J.value(theta0)) or float(J.value(np.full(np.shape(theta0), reach)))
    return style.MARGIN * reach, height


def _grid(low: float, high: float, step: float) -> tuple[float, ...]:
    n = int(round((high - low) / step))
    return tuple(float(v) for v in np.round(low + step * np.arange(n + 1), 10))


def _batch_lr(objective: Objective, theta0, steps: int):
    """run_grid for an exploration whose only slider is α: one batched call."""

    def run_grid(grid: list[Values]) -> list[Trajectory]:
        lrs = np.array([v["lr"] for v in grid])
        batch = gradient_descent(objective, theta0, lr=lrs, steps=steps)
        return [batch[i] for i in range(len(batch))]

    return run_grid


# -- the explorations -------------------------------------------------------------------------


def explore_lr(theta0: float = 2.0, steps: int = 20, lr: float = 0.1) -> Exploration:
    r"""α on J(θ) = θ²: the iterates on the parabola and the loss curve, side by side.

    .. math:: \theta_{t+1} = \theta_t - \alpha \cdot 2\theta_t = (1 - 2\alpha)\,\theta_t

    The slider spans α from 0.05 to 1.1: slow, fast, one step to the minimum
    (α = 0.5), oscillating, bouncing for ever (α = 1) and diverging.

    Args:
        theta0: the start θ₀.
        steps: the number of updates shown.
        lr: the starting α, a multiple of 0.05 in [0.05, 1.1].

    Example:
        >>> exp = explore_lr()
        >>> exp.update(lr=0.5).thetas[:3].tolist()
        [2.0, 0.0, 0.0]
    """
    theta0 = _checks.real_scalar("theta0", theta0)
    if theta0 == 0:
        raise ValueError("theta0 must not be 0 (the start would be the minimizer), got 0")
    steps = _checks.integer("steps", steps, minimum=1)
    J = square()
    slider = Slider("lr", "α", _grid(0.05, 1.1, 0.05), lr, step=0.01)
    highest = np.nanmax(gradient_descent(J, theta0, np.array(slider.grid), steps).losses)
    ylim = (style.PARABOLA_FLOOR, 10 * max(float(highest), 2.25 * theta0**2))
    return Exploration(
        f"α on {J.name}, θ₀ = {theta0:g}",
        [slider],
        lambda v: gradient_descent(J, theta0, v["lr"], steps),
        lambda fig: ParabolaView(fig, J, 1.5 * abs(theta0), steps, ylim),
        figsize=(8.0, 3.0),
        run_grid=_batch_lr(J, theta0, steps),
    )


def explore_theta0(lr: float = 0.1, steps: int = 20, theta0: float = 2.0) -> Exploration:
    r"""θ₀ on J(θ) = θ², at a fixed α: where you start changes the scale, not the rate.

    Args:
        lr: the learning rate α.
        steps: the number of updates shown.
        theta0: the starting θ₀, a multiple of 0.25 in [−3, 3].

    Example:
        >>> exp = explore_theta0()
        >>> exp.update(theta0=-1.0).thetas[:2].tolist()
        [-1.0, -0.8]
    """
    lr = _checks.positive("lr", lr)
    steps = _checks.integer("steps", steps, minimum=1)
    J = square()
    slider = Slider("theta0", "θ₀", _grid(-3.0, 3.0, 0.25), theta0, step=0.05)
    return Exploration(
        f"θ₀ on {J.name}, α = {lr:g}",
        [slider],
        lambda v: gradient_descent(J, v["theta0"], lr, steps),
        lambda fig: ParabolaView(fig, J, 3.3, steps, (style.PARABOLA_FLOOR, 100.0)),
        figsize=(8.0, 3.0),
    )


def explore_lr_quadratic(
    A=((1.0, 0.0), (0.0, 10.0)), theta0=(-4.0, 1.5), steps: int = 30, lr: float | None = None
) -> Exploration:
    r"""α on a 2-D quadratic, with the stability limit 2/L marked.

    .. math:: J(\theta) = \tfrac12 \theta^\top A \theta, \qquad
              \text{stable} \iff 0 < \alpha < 2/L, \quad L = \lambda_{\max}(A)

    Three panels: the path on the contour lines, the loss curve, and the loss
    after ``steps`` updates against α (one batched run over 400 rates) with the
    line α = 2/L; the grid of the static frames crosses that line.

    Args:
        A: the symmetric positive definite matrix (default: L = 10, κ = 10).
        theta0: the start θ₀.
        steps: the number of updates shown.
        lr: the starting α, a point of the grid (22 points from 0.1/L to 2.2/L);
            by default its tenth point, 1/L.

    Example:
        >>> exp = explore_lr_quadratic()
        >>> run = exp.update(lr=0.21)  # past 2/L = 0.2: the loss grows
        >>> bool(run.final_loss > run.losses[0])
        True
    """
    J = quadratic(A)
    theta0 = J.check_theta(theta0, "theta0")
    steps = _checks.integer("steps", steps, minimum=1)
    grid = _grid(0.1 / J.L, 2.2 / J.L, 0.1 / J.L)
    lr = grid[9] if lr is None else lr
    if lr not in grid:
        raise ValueError(f"lr must be a point of the grid {grid}, got {lr!r}")
    alphas = np.linspace(grid[0], grid[-1], 400)
    final = gradient_descent(J, theta0, lr=alphas, steps=steps).final_loss
    lim, height = _plane(J, theta0)
    ymax = 100 * height * 1e3
    return Exploration(
        f"α on a 2-D quadratic with L = {J.L:g}",
        [Slider("lr", "α", grid, lr, step=round(0.02 / J.L, 12), fmt="{:.3f}")],
        lambda v: gradient_descent(J, theta0, v["lr"], steps),
        lambda fig: QuadraticView(fig, J, lim, steps, ymax, sweep=(alphas, final)),
        figsize=(10.0, 3.2),
        run_grid=_batch_lr(J, theta0, steps),
    )


def explore_momentum(
    A=((1.0, 0.0), (0.0, 10.0)), theta0=(-4.0, 1.5), lr: float = 0.03, steps: int = 40,
    momentum: float = 0.5,
) -> Exploration:  # fmt: skip
    r"""The momentum β of SGD (PyTorch's heavy ball) on a 2-D quadratic, at a fixed α.

    .. math:: b_t = \beta b_{t-1} + \nabla J(\theta_t), \qquad \theta_{t+1} = \theta_t - \alpha b_t

    The loss curve of plain gradient descent (β = 0) stays in grey for comparison.

    Args:
        A: the symmetric positive definite matrix.
        theta0: the start θ₀.
        lr: the learning rate α.
        steps: the number of updates shown.
        momentum: the starting β, a multiple of 0.05 in [0, 0.95].

    Example:
        >>> exp = explore_momentum()
        >>> exp.update(momentum=0.9).thetas.shape
        (41, 2)
    """
    J = quadratic(A)
    theta0 = J.check_theta(theta0, "theta0")
    lr = _checks.positive("lr", lr)
    steps = _checks.integer("steps", steps, minimum=1)
    plain = gradient_descent(J, theta0, lr, steps)
    lim, height = _plane(J, theta0)
    return Exploration(
        f"momentum β on a 2-D quadratic, α = {lr:g}",
        [Slider("momentum", "β", _grid(0.0, 0.95, 0.05), momentum, step=0.01)],
        lambda v: minimize(J, theta0, SGD(momentum=v["momentum"]), steps, lr),
        lambda fig: QuadraticView(fig, J, lim, steps, 1e3 * height, reference=plain),
        figsize=(8.0, 3.2),
    )


SCHEDULES = {
    # name: (the schedule's sliders besides lr, how to build it from the values)
    "step_decay": (
        [Slider("gamma", "γ", (0.1, 0.3, 0.5, 0.8), 0.5, step=0.05),
         Slider("step_size", "step size", (5, 10, 20), 10, fmt="{:.0f}")],
        lambda v, steps: v["lr"] * schedules.step_decay(int(v["step_size"]), v["gamma"]),
    ),
    "warmup_cosine": (
        [Slider("warmup_steps", "warmup", (1, 5, 10, 20, 30), 10, fmt="{:.0f}")],
        lambda v, steps: v["lr"] * schedules.warmup_cosine(
            int(v["warmup_steps"]), steps, start_factor=0.1),
    ),
    "cyclic": (
        [Slider("step_size_up", "half cycle", (5, 10, 15, 20), 10, fmt="{:.0f}")],
        lambda v, steps: schedules.cyclic(0.01, v["lr"], int(v["step_size_up"])),
    ),
}  # fmt: skip


def _below(slider: Slider, steps: int) -> Slider:
    """The warmup slider cut to warmups shorter than the run (the cosine needs a step)."""
    grid = tuple(w for w in slider.grid if w < steps)
    if len(grid) < 2:
        raise ValueError(f"steps must be > {slider.grid[1]} for warmup_cosine, got {steps}")
    return dataclasses.replace(slider, grid=grid, value=min(slider.value, grid[-1]))


def explore_schedule(
    name: str = "step_decay", A=((1.0, 0.0), (0.0, 10.0)), theta0=(-4.0, 1.5), steps: int = 60
) -> Exploration:
    r"""A learning-rate schedule's parameters, on a 2-D quadratic whose limit is 2/L.

    .. math:: \theta_{t+1} = \theta_t - \alpha_t \nabla J(\theta_t), \qquad \alpha_t = s(t)

    Left, the rates α_t of :mod:`lrnotes.schedules` with the stability limit
    2/L of a fixed rate; right, the loss. The peak rate α may start above 2/L:
    the loss climbs while α_t > 2/L and falls once the schedule brings it below.

    Args:
        name: ``"step_decay"`` (sliders α, γ, step size), ``"warmup_cosine"``
            (α, warmup steps) or ``"cyclic"`` (peak α, half-cycle length).
        A: the symmetric positive definite matrix (default L = 10).
        theta0: the start θ₀.
        steps: the number of updates (also the cosine's total).

    Example:
        >>> exp = explore_schedule("step_decay")
        >>> rates, run = exp.update(lr=0.25, gamma=0.5, step_size=10)
        >>> rates[[0, 9, 10, 20]].tolist()
        [0.25, 0.25, 0.125, 0.0625]
    """
    if name not in SCHEDULES:
        raise ValueError(f"name must be one of {sorted(SCHEDULES)}, got {name!r}")
    J = quadratic(A)
    theta0 = J.check_theta(theta0, "theta0")
    steps = _checks.integer("steps", steps, minimum=1)
    extra, build = SCHEDULES[name]
    extra = [_below(slider, steps) if slider.name == "warmup_steps" else slider for slider in extra]
    lr = Slider("lr", "α", _grid(0.05, 0.25, 0.1), 0.15, step=0.01)  # few frames: pages < 3 MB

    def run(v: Values):
        schedule = build(v, steps)
        rates = schedule(np.arange(steps))
        return rates, minimize(J, theta0, SGD(), steps, schedule)

    ymax = 1e4 * _plane(J, theta0)[1]
    return Exploration(
        f"{name} on a 2-D quadratic with L = {J.L:g}",
        [lr, *extra],
        run,
        lambda fig: ScheduleView(fig, 2 / J.L, steps, lr.grid[-1], ymax),
        figsize=(8.0, 3.0),
    )


def explore_adam(
    A=((1.0, 0.0), (0.0, 10.0)), theta0=(-4.0, 1.5), lr: float = 0.3, steps: int = 60,
    beta1: float = 0.9, beta2: float = 0.999,
) -> Exploration:  # fmt: skip
    r"""Adam's β₁ and β₂ on a 2-D quadratic, at a fixed α (PyTorch's Adam).

    .. math:: m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \quad
              v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2, \quad
              \theta_t = \theta_{t-1} - \alpha \hat m_t / (\sqrt{\hat v_t} + \varepsilon)

    with g_t = ∇J(θ_{t−1}), t = 1, 2, … (θ₀ the start).

    Args:
        A: the symmetric positive definite matrix.
        theta0: the start θ₀.
        lr: the learning rate α.
        steps: the number of updates shown.
        beta1: the starting β₁, one of 0, 0.5, 0.8, 0.9, 0.95, 0.99.
        beta2: the starting β₂, one of 0.9, 0.99, 0.999, 0.9999.

    Example:
        >>> exp = explore_adam()
        >>> exp.update(beta1=0.0, beta2=0.99).thetas.shape
        (61, 2)
    """
    J = quadratic(A)
    theta0 = J.check_theta(theta0, "theta0")
    lr = _checks.positive("lr", lr)
    steps = _checks.integer("steps", steps, minimum=1)
    lim, height = _plane(J, theta0)
    sliders = [
        Slider("beta1", "β₁", (0.0, 0.5, 0.8, 0.9, 0.95, 0.99), beta1),
        Slider("beta2", "β₂", (0.9, 0.99, 0.999, 0.9999), beta2, fmt="{:g}"),
    ]
    return Exploration(
        f"Adam's β₁ and β₂ on a 2-D quadratic, α = {lr:g}",
        sliders,
        lambda v: minimize(J, theta0, Adam(betas=(v["beta1"], v["beta2"])), steps, lr),
        lambda fig: QuadraticView(fig, J, lim, steps, 1e3 * height),
        figsize=(8.0, 3.2),
    )
