"""The static half of a slider: PNG frames without metadata, the HTML block and its index."""

from __future__ import annotations

import io
import json
import re

import pytest
from matplotlib.figure import Figure
from PIL import Image

from lrnotes import static


def figure(y):
    fig = Figure(figsize=(2, 1), dpi=50)
    fig.add_subplot().plot([0, 1], y)
    return fig


def test_png_is_deterministic_small_and_without_metadata():
    a, b = static.png(figure([0, 1])), static.png(figure([0, 1]))
    assert a == b
    image = Image.open(io.BytesIO(a))
    assert image.size == (100, 50) and image.mode == "P"
    assert image.info == {} or set(image.info) <= {"transparency"}
    assert static.png(figure([1, 0])) != a


def test_html_block_strides_start_frame_and_labels():
    frames = [bytes([i]) * 3 for i in range(6)]
    html = static.html_block(
        frames, ["a", "b"], [["x", "y"], ["1", "2", "3"]], [1, 2],
        [f"frame {i}" for i in range(6)], width=10, height=5,
    )  # fmt: skip
    data = json.loads(re.search(r'class="lrnotes-frames">(.*?)</script>', html).group(1))
    assert data["strides"] == [3, 1]
    assert data["labels"] == [["x", "y"], ["1", "2", "3"]]
    # start (1, 2) is frame 1·3 + 2 = 5
    assert 'alt="frame 5"' in html and html.count('class="lrnotes-slider"') == 2
    assert '<output class="lrnotes-value">y</output>' in html


def test_html_block_refuses_a_wrong_number_of_frames():
    with pytest.raises(ValueError, match="need 6 frames"):
        static.html_block([b""] * 5, ["a"], [["1"] * 6], [0], ["t"] * 5, width=1, height=1)


def test_script_end_tags_in_labels_cannot_close_the_script():
    html = static.html_block([b"x", b"y"], ["a"], [["</script>", "b"]], [0], ["p", "q"],
                             width=1, height=1)  # fmt: skip
    payload = re.search(r'class="lrnotes-frames">(.*?)</script>', html).group(1)
    assert "</script>" not in payload
