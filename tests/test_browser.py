"""The built site in a real browser: Debian's Chromium driven by Playwright.

Every page of the site is opened once (on 127.0.0.1, see conftest.py), in a context of its
own, and the tests below read what happened: console errors, every request the page made,
the typeset math, and the static sliders, which are moved with the keyboard as a reader
would. A full-page screenshot of each chapter goes to ``<site>/../screenshots/``
(``_build/screenshots/`` for the default site) for a person to look at.

Run alone on another build:
    LRNOTES_SITE=/tmp/x/_build/html .venv/bin/python -m pytest tests/test_browser.py
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("LRNOTES_SITE", ROOT / "_build" / "html")).resolve()
SKIP = {"_static", "_sources", "_images", "_downloads"}
PAGE_BUDGET = 3_000_000  # bytes: a page and everything the browser loads for it
TIMEOUT_MS = 15_000


def site_pages() -> list[str]:
    """Every HTML page of the site, relative to its root ([] if there is no site yet)."""
    if not SITE.is_dir():
        return []
    pages = (p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))
    return sorted(p for p in pages if p.split("/")[0] not in SKIP)


PAGES = site_pages()
CHAPTERS = [p for p in PAGES if p.startswith("book/")]


@dataclass
class Visit:
    """One page, loaded, with everything recorded while it loaded."""

    path: str
    page: object
    context: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    has_math: bool = False


def _load(browser, site_url: str, path: str) -> Visit:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    visit = Visit(path, page, context)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and visit.errors.append(msg.text))
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and visit.errors.append(f"HTTP {r.status} for {r.url}"),
    )
    page.goto(f"{site_url}/{path}", wait_until="load")
    if 'http-equiv="refresh"' in (SITE / path).read_text(encoding="utf-8").lower():
        # a redirect page (the site's root index.html): check where it leads
        page.wait_for_url(lambda url: url != f"{site_url}/{path}", wait_until="load")
    visit.has_math = page.evaluate("() => !!document.querySelector('.math')")
    if visit.has_math:
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("() => MathJax.startup.promise")
    page.wait_for_load_state("networkidle")  # MathJax fetches its fonts after typesetting
    return visit


@pytest.fixture(scope="module")
def visit(browser, site_url, site_dir):
    """visit(path) -> the loaded page; each page is loaded once for the whole module."""
    loaded: dict[str, Visit] = {}

    def get(path: str) -> Visit:
        if path not in loaded:
            loaded[path] = _load(browser, site_url, path)
        return loaded[path]

    yield get
    for v in loaded.values():
        v.context.close()


def test_the_site_has_pages_and_chapters(site_dir):
    assert SITE == site_dir
    assert "index.html" in PAGES
    assert CHAPTERS, f"no chapter pages under {SITE / 'book'}"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_error(visit, path):
    v = visit(path)
    assert v.errors == [], f"{path}: console errors {v.errors}"


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_localhost(visit, path):
    v = visit(path)
    assert v.requests, f"{path}: no request recorded at all"
    away = [
        url
        for url in v.requests
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert away == [], f"{path}: requests to other hosts {away}"


@pytest.mark.parametrize("path", PAGES)
def test_page_weight_in_the_browser(visit, path):
    v = visit(path)
    total = v.page.evaluate(
        """() => performance.getEntriesByType("navigation")
              .concat(performance.getEntriesByType("resource"))
              .reduce((sum, e) => sum + e.decodedBodySize, 0)"""
    )
    assert 0 < total < PAGE_BUDGET, f"{path}: the browser loaded {total / 1e6:.2f} MB"


# Text that MathJax should have replaced: TeX delimiters and $...$ left in the prose.
RAW_MATH_JS = r"""() => {
  const root = (document.querySelector("article") || document.body).cloneNode(true);
  root.querySelectorAll("pre, code, script, style, textarea, mjx-container, .highlight")
      .forEach(e => e.remove());
  const text = root.textContent;
  const found = text.match(/\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\s][^$]*\$/g) || [];
  return {
    math: document.querySelectorAll(".math").length,
    typeset: document.querySelectorAll(".math mjx-container").length,
    containers: document.querySelectorAll("mjx-container").length,
    raw: found.slice(0, 5),
  };
}"""


@pytest.mark.parametrize("path", PAGES)
def test_math_is_rendered(visit, path):
    v = visit(path)
    report = v.page.evaluate(RAW_MATH_JS)
    assert report["raw"] == [], f"{path}: raw TeX left in the text: {report['raw']}"
    assert report["typeset"] == report["math"], f"{path}: math not all typeset: {report}"
    if v.has_math:
        assert report["containers"] > 0, f"{path}: math on the page but no mjx-container"


@pytest.mark.parametrize("path", PAGES)
def test_every_static_slider_changes_the_figure(visit, path):
    page = visit(path).page
    blocks = page.locator(".lrnotes-exploration")
    for b in range(blocks.count()):
        block = blocks.nth(b)
        image = block.locator("img.lrnotes-frame")
        sliders = block.locator("input.lrnotes-slider")
        values = block.locator("output.lrnotes-value")
        assert sliders.count() >= 1, f"{path}: exploration {b} has no slider"
        for k in range(sliders.count()):
            slider = sliders.nth(k)
            src, label = image.get_attribute("src"), values.nth(k).text_content()
            position = slider.input_value()
            at_end = position == slider.get_attribute("max")
            slider.press("Home" if at_end else "End")  # as a reader with the keyboard
            assert slider.input_value() != position, f"{path}: slider {k} did not move"
            new_src = image.get_attribute("src")
            assert new_src != src, f"{path}: slider {k} of exploration {b} left the figure as is"
            assert values.nth(k).text_content() != label, f"{path}: slider {k}: label unchanged"
            width = image.evaluate("img => img.decode().then(() => img.naturalWidth)")
            assert width > 0, f"{path}: exploration {b}: the new frame does not decode"


def test_the_site_has_static_sliders(visit):
    counts = {p: visit(p).page.locator(".lrnotes-exploration").count() for p in CHAPTERS}
    assert sum(counts.values()) >= 1, f"no static slider on any chapter page: {counts}"


@pytest.mark.parametrize("path", CHAPTERS)
def test_screenshot_of_each_chapter(visit, site_dir, path):
    out = site_dir.parent / "screenshots" / (Path(path).stem + ".png")
    out.parent.mkdir(parents=True, exist_ok=True)
    visit(path).page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000, f"{out} is suspiciously small"


# Navigation, as a reader meets it on a phone and on a desktop (issue 13). Every page has
# the same header, so one chapter page stands for all of them.
NAV_PAGE = "book/03_worked_example.html"


@pytest.fixture
def at_width(browser, site_url):
    """at_width(px) -> a fresh page of NAV_PAGE, loaded at that viewport width."""
    contexts = []

    def load(width: int):
        context = browser.new_context(viewport={"width": width, "height": 844})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{site_url}/{NAV_PAGE}", wait_until="load")
        return page

    yield load
    for context in contexts:
        context.close()


def _visible(page, selector: str) -> int:
    return page.locator(selector).evaluate_all("els => els.filter(e => e.offsetParent).length")


@pytest.mark.parametrize(
    ("toggle", "dialog", "link"),
    [
        (".primary-toggle", "#pst-primary-sidebar-modal", "a.reference[href='04_code.html']"),
        (".secondary-toggle", "#pst-secondary-sidebar-modal", "a.nav-link[href^='#']"),
    ],
)
def test_on_a_phone_each_menu_button_opens_its_menu(at_width, toggle, dialog, link):
    page = at_width(390)
    assert page.locator(toggle).count() == 1, f"{toggle}: one button, not a hidden twin"
    page.locator(toggle).click()
    page.wait_for_function(f"() => document.querySelector({dialog!r}).open")
    box = page.locator(dialog).bounding_box()
    assert box["width"] > 200 and box["height"] > 400, f"{dialog} opened at {box}"
    assert page.locator(f"{dialog} {link}").first.is_visible(), f"{dialog}: no {link}"
    page.keyboard.press("Escape")
    page.wait_for_function(f"() => !document.querySelector({dialog!r}).open")


def test_on_a_desktop_the_menu_button_hides_and_shows_the_chapters(at_width):
    page = at_width(1280)
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    assert _visible(page, ".search-button-field") == 1, "one search box, in the sidebar"
    page.locator(".primary-toggle").click()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility"
        " === 'hidden'"
    )
    page.locator(".primary-toggle").click()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility"
        " === 'visible'"
    )
