"""Site weight: the bytes each page of the built site really loads, measured in Chromium.

Every response the page receives is counted (HTML, scripts, styles, fonts MathJax
fetches on demand, images, embedded frames), as a reader's browser would get them.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from common import verdict
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
BUDGET = 3 * 1024 * 1024
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def pages() -> list[Path]:
    """Every chapter page of the built site (and the landing page)."""
    return [SITE / "index.html", *sorted((SITE / "book").glob("*.html"))]


def page_bytes() -> dict[str, int]:
    """Bytes loaded by each page, by its path relative to the site."""
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    weights = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for page_path in pages():
                context = browser.new_context()  # a fresh cache: every byte counts
                page = context.new_page()
                sizes = []
                page.on("response", lambda r, sizes=sizes: sizes.append(len(r.body())))
                page.goto(f"{base}/{page_path.relative_to(SITE).as_posix()}")
                page.wait_for_load_state("networkidle")
                weights[page_path.relative_to(SITE).as_posix()] = sum(sizes)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> list[tuple[str, str, str, str]]:
    if not SITE.joinpath("index.html").exists():
        raise SystemExit("no site at _build/html: run `make book` first")
    weights = page_bytes()
    rows = [(f"site: {name}", f"{size / 1e6:.2f} MB", "", "") for name, size in weights.items()]
    largest = max(weights.values())
    rows.append(
        ("site: largest page", f"{largest / 1e6:.2f} MB", "< 3 MiB", verdict(largest < BUDGET))
    )
    return rows


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
