"""Explorations, headless: the live slider moves the figure's data, the static frames are right.

The live half is driven as a kernel drives it: the ipywidgets slider's value is set from
Python, its observer runs, and the plotted lines must then hold exactly what lrnotes computes
for the new value. The static half must hold one distinct frame per grid point, and be
byte-for-byte the same on every run (strict nbval compares it).
"""

from __future__ import annotations

import base64
import io
import json
import re
import warnings

import numpy as np
import pytest
from PIL import Image

import lrnotes
from lrnotes import widgets

EXPLORATIONS = {
    "lr": lambda: widgets.explore_lr(steps=10),
    "theta0": lambda: widgets.explore_theta0(steps=10),
    "lr_quadratic": lambda: widgets.explore_lr_quadratic(steps=10),
    "momentum": lambda: widgets.explore_momentum(steps=10),
    "adam": lambda: widgets.explore_adam(steps=10),
    "step_decay": lambda: widgets.explore_schedule("step_decay", steps=30),
    "warmup_cosine": lambda: widgets.explore_schedule("warmup_cosine", steps=30),
    "cyclic": lambda: widgets.explore_schedule("cyclic", steps=30),
}


def frames_of(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" class="lrnotes-frames">(.*?)</script>', html
    )
    assert found, "no frame data in the HTML"
    return json.loads(found.group(1).replace("<\\/", "</"))


@pytest.fixture(scope="module")
def lr_exploration():
    return widgets.explore_lr()


def test_moving_the_live_slider_moves_the_plotted_data(lr_exploration):
    exp = lr_exploration
    box = exp.widget()
    slider = exp.controls["lr"]
    assert slider in box.children[0].children
    before = exp.image.value
    slider.value = 0.9  # what the kernel does when the reader drags to 0.9
    run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=0.9, steps=20)
    np.testing.assert_array_equal(exp.view.path.get_xdata(), run.thetas)
    np.testing.assert_array_equal(exp.view.path.get_ydata(), run.losses)
    np.testing.assert_array_equal(exp.view.loss.get_ydata(), run.losses)
    np.testing.assert_array_equal(exp.view.loss.get_xdata(), np.arange(21))
    assert exp.image.value != before, "the image sent to the front end did not change"
    assert Image.open(io.BytesIO(exp.image.value)).size == (640, 240)
    assert exp.view.left.get_title() == "α = 0.90"


def test_the_parabola_view_moves_the_artists_plotting_drew():
    # the first frame comes from plotting.objective_curve and plotting.path_line; a new α
    # moves the data of the very artists they returned
    exp = widgets.explore_lr(steps=6)
    left = exp.figure.axes[0]
    curve, path, start = left.lines
    assert (path, start) == (exp.view.path, exp.view.start)
    assert curve.get_label() == "J(θ)" and len(curve.get_xdata()) == widgets.style.LIVE_CURVE_POINTS
    run = exp.update(lr=0.8)
    np.testing.assert_array_equal(path.get_xydata(), np.column_stack([run.thetas, run.losses]))
    np.testing.assert_array_equal(start.get_xydata(), [[run.thetas[0], run.losses[0]]])
    assert len(left.lines) == 3


def test_live_updates_reuse_one_figure(lr_exploration):
    exp = lr_exploration
    exp.widget()
    fig, lines = exp.figure, len(exp.figure.axes[0].lines)
    for value in (0.2, 0.45, 1.05):
        exp.controls["lr"].value = value
    assert exp.figure is fig and len(fig.axes) == 2
    assert len(fig.axes[0].lines) == lines, "a redraw piled up new lines"


@pytest.mark.parametrize("name", EXPLORATIONS)
def test_every_slider_of_every_exploration_moves_the_loss_curve(name):
    exp = EXPLORATIONS[name]()
    exp.widget()
    for slider in exp.sliders:
        control = exp.controls[slider.name]
        before = exp.view.loss.get_ydata().copy()
        new = slider.grid[0] if control.value != slider.grid[0] else slider.grid[-1]
        control.value = new
        result = exp.run(dict(exp.values))
        run = result[1] if isinstance(result, tuple) else result
        assert exp.values[slider.name] == new
        np.testing.assert_array_equal(exp.view.loss.get_ydata(), run.losses)
        assert not np.array_equal(before, run.losses), f"{name}: {slider.name} changed nothing"


def test_the_quadratic_marks_two_over_l():
    exp = widgets.explore_lr_quadratic()
    limit = exp.figure.axes[2].lines[1]  # the dashed vertical line
    np.testing.assert_array_equal(limit.get_xdata(), [0.2, 0.2])
    exp.update(lr=0.15)
    run = lrnotes.gradient_descent(lrnotes.quadratic([[1, 0], [0, 10]]), [-4, 1.5], 0.15, 30)
    np.testing.assert_array_equal(exp.view.marker.get_xdata(), [0.15])
    np.testing.assert_array_equal(exp.view.marker.get_ydata(), [run.final_loss])


def test_the_schedule_panel_shows_the_schedule():
    exp = widgets.explore_schedule("step_decay")
    exp.update(lr=0.2, gamma=0.5, step_size=5)
    rates = (0.2 * lrnotes.schedules.step_decay(5, 0.5))(np.arange(60))
    np.testing.assert_array_equal(exp.view.rate.get_ydata(), rates)


def test_static_html_has_one_distinct_frame_per_grid_value(lr_exploration):
    exp = lr_exploration
    data = frames_of(exp.to_html())
    grid = exp.sliders[0].grid
    assert len(data["frames"]) == len(grid) == 22
    assert len(set(data["frames"])) == len(grid), "two grid values gave the same frame"
    assert data["labels"] == [[f"{v:.2f}" for v in grid]]
    assert data["strides"] == [1]
    png = base64.b64decode(data["frames"][grid.index(0.5)])
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"matplotlib" not in png


def test_static_frames_come_from_the_batch_and_match_single_runs(lr_exploration):
    # the frame for α is the live figure for α: same run (batch == single), same drawing
    exp = lr_exploration
    data = frames_of(exp.to_html())
    exp.update(lr=0.3)
    exp._render(exp.figure, exp.view)
    live = widgets.static.png(exp.figure, draw=False)
    assert data["frames"][exp.sliders[0].grid.index(0.3)] == base64.b64encode(live).decode()


def test_static_html_is_deterministic():
    first = widgets.explore_lr(steps=8).to_html()
    second = widgets.explore_lr(steps=8).to_html()
    assert first == second
    assert ' id="' not in first  # no generated element id: the script finds its own block


def test_product_grid_with_two_sliders():
    exp = widgets.explore_adam(steps=5)
    data = frames_of(exp.to_html())
    assert data["strides"] == [4, 1]
    assert len(data["frames"]) == 6 * 4
    assert len(set(data["frames"])) == 24


def test_mimebundle_offers_the_widget_view_and_the_static_html(lr_exploration):
    bundle = lr_exploration._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", widgets.WIDGET_VIEW}
    assert bundle[widgets.WIDGET_VIEW]["model_id"] == lr_exploration.widget().model_id
    assert bundle["text/plain"].startswith("<lrnotes exploration: α on J(θ) = θ²")
    assert bundle["text/html"].startswith('<div class="lrnotes-exploration">')


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="theta0 must not be 0"):
        widgets.explore_lr(theta0=0.0)
    with pytest.raises(ValueError, match="lr must be a point of the grid"):
        widgets.explore_lr_quadratic(lr=0.123)
    with pytest.raises(ValueError, match="name must be one of"):
        widgets.explore_schedule("nope")
    with pytest.raises(ValueError, match="lr = 0.33 must be a point of its grid"):
        widgets.explore_lr(lr=0.33)
    with pytest.raises(TypeError, match="unknown slider"):
        widgets.explore_lr().update(alpha=0.1)


@pytest.mark.parametrize("bad", [float("nan"), "0.1", 50.0])
def test_a_refused_value_leaves_the_exploration_as_it_was(bad):
    exp = widgets.explore_lr()
    before = exp.update(lr=0.3).thetas.copy()
    with pytest.raises((ValueError, TypeError), match="lr"):
        exp.update(lr=bad)
    assert exp.values["lr"] == 0.3
    np.testing.assert_array_equal(exp.update().thetas, before)  # still works, unchanged


def test_a_grid_slider_takes_only_its_points():
    exp = widgets.explore_schedule("step_decay")
    with pytest.raises(ValueError, match=r"step_size must be one of \(5, 10, 20\), got 7.5"):
        exp.update(step_size=7.5)
    assert exp.values["step_size"] == 10


def test_explorations_take_valid_input_that_used_to_fail():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert widgets.explore_lr_quadratic(theta0=(0.0, 0.0)).update().final_loss == 0.0
        assert widgets.explore_momentum(theta0=(0.0, 0.0)).update().final_loss == 0.0
        wide = widgets.explore_lr_quadratic(A=[[1, 0], [0, 2.5]])  # L = 2.5: the default α is 1/L
        assert wide.values["lr"] == pytest.approx(0.4)
        short = widgets.explore_schedule("warmup_cosine", steps=30)
        assert max(short.sliders[1].grid) < 30 and "lrnotes" in short.to_html()


def test_the_live_controls_start_where_the_figure_is():
    exp = widgets.explore_schedule("cyclic")
    exp.update(lr=0.25, step_size_up=20)
    box = exp.widget()
    assert exp.controls["lr"].value == 0.25 and exp.controls["step_size_up"].value == 20
    exp.controls["lr"].value = 0.05  # and moving one still redraws from there
    assert exp.values == {"lr": 0.05, "step_size_up": 20}
    assert box.children[1].value == exp.png()
