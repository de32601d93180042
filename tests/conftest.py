"""Fixtures for the browser tests: the built site on 127.0.0.1 and one headless Chromium.

The site is ``_build/html`` (``make test`` builds it first) or the folder named by
the environment variable LRNOTES_SITE. Chromium is Debian's (``make browser``
installs it): Playwright drives it but cannot download a browser of its own here.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site's html folder, or a failure that says how to build it."""
    site = Path(os.environ.get("LRNOTES_SITE", ROOT / "_build" / "html")).resolve()
    if not (site / "index.html").is_file():
        pytest.fail(
            f"No built site at {site} (index.html missing). Build it with `make book` "
            "(make test does), or point LRNOTES_SITE at a built _build/html folder."
        )
    return site


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The site served by http.server on 127.0.0.1 (a free port), for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `make browser` (as root) or `sudo apt-get install chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
