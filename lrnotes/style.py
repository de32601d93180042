"""The look of every figure, written once: sizes, resolution, grid, log-axis floors, margins.

:mod:`lrnotes.plotting` (the chapters' static figures) and :mod:`lrnotes.widgets`
(the live and the static explorations) read their numbers here, so that a
change of style is one edit and the two kinds of figure cannot drift apart.
"""

from __future__ import annotations

FIGSIZE = (6.0, 3.6)  # inches: one static figure of a chapter
DPI = 100  # a chapter's static figures
EXPLORATION_DPI = 80  # the explorations' frames: pixels = inches · 80, to keep pages light
GRID_ALPHA = 0.3  # the grid behind every curve
LOSS_FLOOR = 1e-12  # the lowest J an exploration's log axis shows
PARABOLA_FLOOR = 1e-14  # the same on θ², whose loss falls further in a few steps
PATH_FLOOR = 1e-20  # contours and losses of a 2-D path: the lowest J drawn
MARGIN = 1.15  # a path's axes reach this many times its largest |θ|
CURVE_POINTS = 401  # points of the curve J(θ) in a chapter's figure
LIVE_CURVE_POINTS = 201  # and in an exploration's frame
CURVE_PAD = 0.05  # room below 0 and above the top of the parabola J(θ) = θ², in units of J


def grid(ax, **kwargs) -> None:
    """The grid of every axes of the book: light lines behind the data."""
    ax.grid(True, alpha=GRID_ALPHA, **kwargs)


def steps_xlim(steps: int) -> tuple[float, float]:
    """A step axis 0 … steps with half a step of room on either side."""
    return (-0.5, steps + 0.5)


def corner_note(ax):
    """An empty text in the top-right corner of ax, for the outcome of a run."""
    return ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top",
                   bbox={"fc": "white", "ec": "none", "alpha": 0.8})  # fmt: skip
