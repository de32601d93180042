"""The kernel-free half of a slider: precomputed frames in a self-contained HTML block.

On the published site there is no kernel, so :mod:`lrnotes.widgets` renders one
PNG frame per point of a grid of slider values, at execution time, with the same
code that draws the live figure. This module turns those frames into a block of
HTML: range inputs, one ``<img>``, the frames as JSON and a few lines of
JavaScript that only pick a frame by its index. No number of the model is
computed in the browser, no element id is needed (the script finds its block
through ``document.currentScript``) and nothing is loaded from anywhere.

The output is deterministic, so that strict nbval can compare it: PNG frames
carry no metadata (no matplotlib version, no date) and are quantized to a fixed
palette; the HTML holds no random id.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

COLORS = 64  # palette size of a static frame: a line plot needs few colours


def png(
    fig: Figure, *, colors: int | None = COLORS, compress_level: int = 6, draw: bool = True
) -> bytes:
    """Render ``fig`` with Agg and encode it as a PNG without metadata.

    Args:
        fig: a matplotlib figure (with or without an Agg canvas).
        colors: quantize to a palette of this many colours (about 3× smaller
            for line plots); None keeps full RGBA.
        compress_level: zlib level 0–9 (1 is fastest).
        draw: draw the figure first; False encodes the canvas as it stands
            (after blitting).

    Returns:
        The PNG file as bytes, the same for the same figure on every run.

    Example:
        >>> fig = Figure(figsize=(1, 1), dpi=50)
        >>> png(fig)[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    if draw:
        canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    image = image.convert("RGB")  # the figure's background is opaque
    if colors is not None:
        image = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=0)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=compress_level)
    return out.getvalue()


_SCRIPT = """(function (root) {
  var data = JSON.parse(root.querySelector("script.lrnotes-frames").textContent);
  var img = root.querySelector("img.lrnotes-frame");
  var inputs = root.querySelectorAll("input.lrnotes-slider");
  var outputs = root.querySelectorAll("output.lrnotes-value");
  function show() {
    var index = 0;
    for (var k = 0; k < inputs.length; k++) {
      var i = Number(inputs[k].value);
      index += i * data.strides[k];
      outputs[k].textContent = data.labels[k][i];
    }
    img.src = "data:image/png;base64," + data.frames[index];
    img.alt = data.alts[index];
  }
  for (var k = 0; k < inputs.length; k++) inputs[k].addEventListener("input", show);
})(document.currentScript.parentElement);"""


def html_block(
    frames: Sequence[bytes],
    names: Sequence[str],
    labels: Sequence[Sequence[str]],
    start: Sequence[int],
    alts: Sequence[str],
    *,
    width: int,
    height: int,
) -> str:
    """A self-contained HTML block of sliders over precomputed PNG frames.

    With sliders k = 0 … K−1 of n_k positions each, frame number
    Σ_k i_k · stride_k (last slider fastest) is the figure for positions
    (i_0, …, i_{K−1}).

    Args:
        frames: the PNG files, ∏ n_k of them, in that order.
        names: the label of each slider, e.g. ``"α"``.
        labels: for each slider, the text shown for each position.
        start: the starting position of each slider.
        alts: a text alternative for each frame.
        width: the frames' width in pixels.
        height: the frames' height in pixels.

    Returns:
        The HTML as a string.
    """
    sizes = [len(lab) for lab in labels]
    if len(frames) != int(np.prod(sizes)) or len(alts) != len(frames):
        raise ValueError(f"need {int(np.prod(sizes))} frames and alts for sizes {sizes}")
    strides = [int(np.prod(sizes[k + 1 :])) for k in range(len(sizes))]
    first = sum(i * s for i, s in zip(start, strides, strict=True))
    encoded = [base64.b64encode(f).decode("ascii") for f in frames]
    data = {"strides": strides, "labels": [list(lab) for lab in labels], "alts": list(alts)}
    data["frames"] = encoded
    controls = "".join(
        f'<label style="margin-right:1.5em;white-space:nowrap">{html.escape(name)} '
        f'<input class="lrnotes-slider" type="range" min="0" max="{n - 1}" step="1" '
        f'value="{i}" aria-label="{html.escape(name)}" style="vertical-align:middle"> '
        f'<output class="lrnotes-value">{html.escape(lab[i])}</output></label>'
        for name, lab, n, i in zip(names, labels, sizes, start, strict=True)
    )
    # "</" inside the JSON would end the script element early
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        '<div class="lrnotes-exploration">'
        f'<div class="lrnotes-controls">{controls}</div>'
        f'<img class="lrnotes-frame" src="data:image/png;base64,{encoded[first]}" '
        f'alt="{html.escape(alts[first])}" width="{width}" height="{height}" '
        'style="max-width:100%;height:auto">'
        f'<script type="application/json" class="lrnotes-frames">{payload}</script>'
        f"<script>{_SCRIPT}</script>"
        "</div>"
    )
