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


def test_contour_with_several_paths():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 4.0]])
    run = lrnotes.gradient_descent(J, [2.0, 1.0], np.array([0.1, 0.4]), 5)
    fig, ax = plotting.contour(J, (-2.5, 2.5), (-1.5, 1.5), trajectories=run, labels=["a", "b"])
    paths = [line for line in ax.lines if line.get_label() in ("a", "b")]
    np.testing.assert_array_equal(paths[1].get_xydata(), run[1].thetas)
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
