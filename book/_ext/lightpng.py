"""Lighter figures on the site: every PNG in ``_images`` is re-encoded with a palette.

The notebooks keep matplotlib's full-colour PNGs; the site serves the same pixels
quantized to at most 256 colours, which a line or contour plot does not need more
of, and about 2.5× smaller. An image that would not get smaller, or that has
transparent pixels, is left as it is. The result is the same on every build.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image
from sphinx.application import Sphinx

COLORS = 256


def quantized(path: Path) -> bytes | None:
    """The PNG at ``path`` re-encoded with a palette, or None to keep the original."""
    with Image.open(path) as image:
        if image.format != "PNG" or image.mode not in ("RGB", "RGBA"):
            return None
        if image.mode == "RGBA" and image.getextrema()[3][0] < 255:
            return None  # has transparency: a palette would lose it
        rgb = image.convert("RGB")
    palette = rgb.quantize(colors=COLORS, method=Image.Quantize.MEDIANCUT, dither=0)
    out = BytesIO()
    palette.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    return data if len(data) < path.stat().st_size else None


def lighten_images(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    for path in sorted(Path(app.outdir, "_images").glob("*.png")):
        data = quantized(path)
        if data is not None:
            path.write_bytes(data)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", lighten_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
