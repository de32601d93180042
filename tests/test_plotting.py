import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import lrnotes  # noqa: E402
from lrnotes import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def test_loss_curve_single_run_draws_the_losses():
    run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=0.1, steps=10)
    fig, ax = plotting.loss_curve(run)
    assert ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), run.losses)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), np.arange(11))
    assert ax.get_legend().get_texts()[0].get_text() == "α = 0.1"


def test_loss_curve_batch_marks_divergence_and_exact_zero():
    rates = np.array([0.1, 0.5, 1.2])
    run = lrnotes.gradient_descent(lrnotes.square(), 2.0, rates, 100)
    assert list(run.diverged) == [False, False, True]
    fig, ax = plotting.loss_curve(run)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    stop = int(run.stop_step[2])
    assert labels == ["α = 0.1", "α = 0.5", f"α = 1.2 (diverged at step {stop + 1})"]
    for line in ax.lines:  # nothing non-finite but the masked zeros, nothing ≤ 0 on the log axis
        y = np.asarray(line.get_ydata(), dtype=float)
        assert np.all((y[np.isfinite(y)] > 0) | (line.get_marker() == "v"))
    # α = 0.5 lands on 0 at step 1: the zeros are masked and a triangle marks step 1
    zero_marks = [line for line in ax.lines if line.get_marker() == "v"]
    assert len(zero_marks) == 1 and list(zero_marks[0].get_xdata()) == [1]
    # the diverged run ends in a cross at its last good iterate
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and list(crosses[0].get_xdata()) == [stop]
    assert len(ax.lines[3].get_xdata()) == stop + 1


def test_loss_curve_linear_axis_and_labels():
    run = lrnotes.gradient_descent(lrnotes.square(), 2.0, np.array([0.1, 0.2]), 5)
    fig, ax = plotting.loss_curve(run, labels=["slow", "fast"], log=False)
    assert ax.get_yscale() == "linear"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["slow", "fast"]
    with pytest.raises(ValueError, match="labels must have one entry per run"):
        plotting.loss_curve(run, labels=["one"])
    with pytest.raises(TypeError, match="trajectory must be"):
        plotting.loss_curve([4.0, 2.0])
    with pytest.raises(TypeError, match="ax must be"):
        plotting.loss_curve(run, ax="nope")


def test_loss_curve_excess_loss():
    J = lrnotes.quadratic([[2.0]], [-2.0], 3.0)  # J = (θ − 1)² + 2, J* = 2
    run = lrnotes.gradient_descent(J, [3.0], np.array([0.25, 0.5]), 4)
    fig, ax = plotting.loss_curve(run, minimum=2.0)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), 4 * 0.25 ** np.arange(5))
    assert "J(\\theta^*)" in ax.get_ylabel()
    # α = 0.5 lands on θ* at step 1: the excess is 0 there, masked and marked
    assert np.isnan(ax.lines[1].get_ydata()[1]) and ax.lines[2].get_marker() == "v"


def test_loss_curve_draws_on_a_given_axes():
    fig, axes = plotting.new_axes(2)
    run = lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.3, 5)
    fig2, ax = plotting.loss_curve(run, ax=axes[1])
    assert fig2 is fig and ax is axes[1] and len(axes[0].lines) == 0


def test_parabola_path():
    fig, ax = plotting.parabola_path([2.0, -2.0, 2.0])
    curve, points = ax.lines[0], ax.lines[1]
    np.testing.assert_allclose(curve.get_ydata(), curve.get_xdata() ** 2)
    assert curve.get_xdata().max() == pytest.approx(2.3)
    np.testing.assert_array_equal(points.get_xydata(), [[2, 4], [-2, 4], [2, 4]])
    arrows = [a for a in ax.texts if a.arrow_patch is not None]
    assert len(arrows) == 2
    J = lrnotes.quadratic([[1.0]])
    with pytest.raises(ValueError, match="one-dimensional"):
        plotting.parabola_path([1.0], objective=J)
    with pytest.raises(ValueError, match="thetas must have 1 dimension"):
        plotting.parabola_path([[1.0, 2.0]])


def test_objective_curve_returns_the_curve_it_drew():
    fig, ax = plotting.new_axes()
    line = plotting.objective_curve(lrnotes.square(), 2.5, ax, points=11)
    assert list(ax.lines) == [line]
    np.testing.assert_array_equal(line.get_xdata(), np.linspace(-2.5, 2.5, 11))
    np.testing.assert_array_equal(line.get_ydata(), np.linspace(-2.5, 2.5, 11) ** 2)
    fig, ax = plotting.parabola_path([2.0, 1.0])  # the figure is built on it
    assert len(ax.lines[0].get_xdata()) == plotting.style.CURVE_POINTS


def test_path_line_returns_the_path_and_its_start_on_the_axes():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
    run = lrnotes.gradient_descent(J, [2.0, 1.0], 0.2, 6)
    fig, ax = plotting.new_axes()
    line, start = plotting.path_line(
        ax, run.thetas[:, 0], run.thetas[:, 1], color="C1", markersize=3, lw=1, label="GD"
    )
    assert list(ax.lines) == [line, start] and line.get_label() == "GD"
    np.testing.assert_array_equal(line.get_xydata(), run.thetas)
    np.testing.assert_array_equal(start.get_xydata(), run.thetas[:1])
    assert start.get_markerfacecolor() == "none" and start.get_color() == line.get_color()
    empty, empty_start = plotting.path_line(ax, [], [], color="C2", markersize=4, lw=1)
    assert len(empty.get_xdata()) == len(empty_start.get_xdata()) == 0  # moved later


def test_contour_with_several_paths():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
    run = lrnotes.gradient_descent(J, [2.0, 1.0], np.array([0.1, 0.4]), 5)
    fig, ax = plotting.contour(J, (-2.5, 2.5), (-1.5, 1.5), trajectories=run, labels=["a", "b"])
    paths = [line for line in ax.lines if line.get_label() in ("a", "b")]
    np.testing.assert_array_equal(paths[1].get_xydata(), run[1].thetas)
    starts = [line for line in ax.lines if line.get_markerfacecolor() == "none"]
    np.testing.assert_array_equal([s.get_xydata()[0] for s in starts], run.thetas[:, 0])
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["a", "b", "minimizer θ*"]
    assert ax.get_xlim() == (-2.5, 2.5)
    with pytest.raises(ValueError, match="2-D lrnotes objective"):
        plotting.contour(lrnotes.square(), (-1, 1), (-1, 1))
    with pytest.raises(ValueError, match="xlim must be"):
        plotting.contour(J, (1, -1), (-1, 1))
    with pytest.raises(ValueError, match="one entry per path"):
        plotting.contour(J, (-1, 1), (-1, 1), trajectories=run, labels=["a"])


def test_step_arrows_returns_the_next_iterate():
    J = lrnotes.quadratic([[1.0, 0.5], [0.5, 3.0]])
    fig, ax = plotting.contour(J, (-3, 3), (-2, 2))
    theta = np.array([2.0, 1.0])
    new = plotting.step_arrows(J, theta, 0.25, ax, grad_scale=0.5)
    np.testing.assert_allclose(new, theta - 0.25 * J.grad(theta))
    step = lrnotes.gradient_descent(J, theta, 0.25, 1).thetas[1]
    np.testing.assert_array_equal(new, step)
    with pytest.raises(ValueError, match="lr must be > 0"):
        plotting.step_arrows(J, theta, 0.0, ax)


def test_figures_are_deterministic_and_small():
    def draw():
        run = lrnotes.gradient_descent(lrnotes.square(), 2.0, np.array([0.1, 0.5, 1.2]), 60)
        fig, ax = plotting.loss_curve(run)
        return _png(fig)

    first, second = draw(), draw()
    assert first == second
    assert len(first) < 150_000


def test_final_loss_vs_lr_plots_the_given_runs():
    lrs = np.array([0.01, 0.1, 0.5, 1.0, 2.0])
    finals = np.array([3.0, 1e-4, 1.0, 0.0, 50.0])  # 1.0 is J*: the run at 0.5 has excess 0
    diverged = np.array([False, False, False, False, True])
    fig, ax = plotting.final_loss_vs_lr(lrs, finals + 1.0, diverged, marks={"2/L": 0.8},
                                        loss0=5.0, minimum=1.0)  # fmt: skip
    assert ax.get_xscale() == ax.get_yscale() == "log"
    runs, zeros, crosses = ax.lines[0], ax.lines[1], ax.lines[2]
    np.testing.assert_allclose(runs.get_xydata(), [[0.01, 3.0], [0.1, 1e-4], [0.5, 1.0]])
    np.testing.assert_array_equal(zeros.get_xdata(), [1.0])  # excess exactly 0: bottom edge
    assert zeros.get_marker() == "v" and list(zeros.get_ydata()) == [0.0]
    np.testing.assert_array_equal(crosses.get_xdata(), [2.0])  # diverged: top edge
    assert crosses.get_marker() == "x" and list(crosses.get_ydata()) == [1.0]
    start, edge = ax.lines[3], ax.lines[4]
    assert list(start.get_ydata()) == [4.0, 4.0]  # loss0 − minimum
    assert list(edge.get_xdata()) == [0.8, 0.8]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "diverged, stopped early (1)" in legend and "2/L = 0.8" in legend
    assert r"final $J - J^*$ of a run" in legend and r"start, $J(\theta_0) - J^*$" in legend
    assert ax.get_ylabel() == r"final $J - J^*$"
    plt.close(fig)
    fig, ax = plotting.final_loss_vs_lr(lrs, finals, diverged, loss0=5.0)  # minimum 0: J itself
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "final loss of a run" in legend and r"starting loss $J(\theta_0)$" in legend
    assert ax.get_ylabel() == "final loss"
    plt.close(fig)
    with pytest.raises(ValueError, match="one entry per run"):
        plotting.final_loss_vs_lr(lrs, finals[:3], diverged)


def test_range_test_plot_draws_the_losses_and_the_suggestions():
    result = lrnotes.tuning.lr_range_test(lrnotes.square(), 2.0, 1e-3, 10.0, 50, beta=0.9)
    fig, ax = plotting.range_test_plot(result, marks={"2/L": 1.0})
    raw = ax.lines[0]
    np.testing.assert_array_equal(raw.get_xdata(), result.lrs)
    np.testing.assert_array_equal(raw.get_ydata(), result.losses)
    assert list(ax.lines[1].get_xdata()) == [result.lr_steep] * 2
    assert list(ax.lines[2].get_xdata()) == [result.lr_min] * 2
    smooth = ax.lines[3]
    np.testing.assert_array_equal(smooth.get_ydata(), result.smoothed)
    stop = ax.lines[4]
    assert list(stop.get_xdata()) == [result.lrs[-1]] and stop.get_marker() == "x"
    assert list(ax.lines[5].get_xdata()) == [1.0, 1.0]
    assert f"stopped at step {result.stop_step}" in [t.get_text() for t in ax.get_legend().texts]
    unsmoothed = lrnotes.tuning.lr_range_test(lrnotes.square(), 2.0, 1e-3, 10.0, 50, beta=0.0)
    fig, ax = plotting.range_test_plot(unsmoothed, log=False)
    assert ax.get_yscale() == "linear" and len(ax.lines) == 4  # no separate smoothed curve
    with pytest.raises(TypeError, match="RangeTestResult"):
        plotting.range_test_plot(result.losses)


def test_schedule_curves_plot_the_rates():
    from lrnotes import schedules

    decay = 0.1 * schedules.exponential_decay(0.5)
    cycle = schedules.one_cycle(0.1, total_steps=6)
    fig, ax = plotting.schedule_curves([decay, cycle, decay], 10, log=True)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), np.arange(11))
    np.testing.assert_allclose(ax.lines[0].get_ydata(), 0.1 * 0.5 ** np.arange(11))
    # one_cycle is defined up to its total_steps only: its curve stops there
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), np.arange(7))
    np.testing.assert_allclose(ax.lines[1].get_ydata(), cycle(np.arange(7)))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["exponential_decay", "one_cycle", "exponential_decay (2)"]
    assert ax.get_yscale() == "log"
    with pytest.raises(TypeError, match="Schedules"):
        plotting.schedule_curves([lambda t: 0.1], 10)
    with pytest.raises(ValueError, match="one entry per path"):
        plotting.schedule_curves([decay, cycle], 10, labels=["one"])


def test_schedule_panels_one_schedule_per_panel():

    items = lrnotes.catalogue.schedules()[:5]
    fig, axes = plotting.schedule_panels(items, 40, ncols=2)
    assert axes.shape == (3, 2) and not axes[2, 1].get_visible()
    for ax, s in zip(axes.flat, items, strict=False):
        np.testing.assert_allclose(ax.lines[0].get_ydata(), s(np.arange(41)))
        assert ax.get_title().replace("\n", " ") == repr(s).replace("\n", " ") or (
            "".join(ax.get_title().split()) == "".join(repr(s).split())
        )


def test_paths_and_losses_draws_each_run():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
    runs = {
        "slow": lrnotes.gradient_descent(J, [2.0, 1.0], 0.1, 80),
        "fast": lrnotes.gradient_descent(J, [2.0, 1.0], 0.4, 80),
    }
    fig, axes = plotting.paths_and_losses(J, runs, (-2.5, 2.5), (-1.5, 1.5), title="t", first=10)
    paths = [line for line in axes[0].lines if line.get_label() in runs]
    for line, run in zip(paths, runs.values(), strict=True):
        np.testing.assert_array_equal(line.get_xydata(), run.thetas[:10])
    losses = [line for line in axes[1].lines if line.get_label().startswith(("slow", "fast"))]
    assert [line.get_label() for line in losses] == ["slow, α = 0.1", "fast, α = 0.4"]
    np.testing.assert_array_equal(losses[0].get_ydata(), runs["slow"].losses)
    assert axes[0].get_title() == "t: the first 10 steps"
    assert axes[1].get_ylim()[0] == pytest.approx(1e-20)
    with pytest.raises(TypeError, match="runs must be"):
        plotting.paths_and_losses(J, [], (-1, 1), (-1, 1))
    plt.close(fig)


def test_paths_and_losses_can_draw_one_run_on_top():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
    runs = {
        n: lrnotes.gradient_descent(J, [2.0, 1.0], lr, 30) for n, lr in [("a", 0.1), ("b", 0.2)]
    }
    fig, axes = plotting.paths_and_losses(J, runs, (-2.5, 2.5), (-1.5, 1.5), on_top="a")
    raised = [line for ax in axes for line in ax.lines if line.get_zorder() == 5]
    assert [line.get_label() for line in raised] == ["a", "a, α = 0.1"]
    assert all(line.get_linestyle() == "--" for line in raised)
    plain, _ = plotting.paths_and_losses(J, runs, (-2.5, 2.5), (-1.5, 1.5))
    colours = [[line.get_color() for line in ax.lines] for ax in axes]
    assert colours == [[line.get_color() for line in ax.lines] for ax in plain.axes]
    with pytest.raises(ValueError, match="on_top"):
        plotting.paths_and_losses(J, runs, (-2.5, 2.5), (-1.5, 1.5), on_top="c")
    plt.close("all")


def test_the_style_is_read_from_one_place():
    from lrnotes import style, widgets

    fig, ax = plotting.new_axes()
    assert fig.dpi == style.DPI and tuple(fig.get_size_inches()) == style.FIGSIZE
    plt.close(fig)
    fig, ax = plotting.loss_curve(lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.1, 5))
    assert all(line.get_alpha() == style.GRID_ALPHA for line in ax.get_xgridlines())
    plt.close(fig)
    assert widgets.DPI == style.EXPLORATION_DPI
