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


def grid(ax, **kwargs) -> None:
    """The grid of every axes of the book: light lines behind the data."""
    ax.grid(True, alpha=GRID_ALPHA, **kwargs)
