"""Checks over the built site: self-contained, complete, and light enough.

They read the HTML that ``make book`` writes to ``_build/html`` (``make test`` builds
it first). To check another build, point LRNOTES_SITE at its html folder::

    LRNOTES_SITE=/tmp/x/_build/html .venv/bin/python -m pytest tests/test_site.py

Each test walks every page and reports every offender at once. What a browser
really requests is checked by tests/test_browser.py; these are the static checks.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("LRNOTES_SITE", ROOT / "_build" / "html")).resolve()
PAGE_BUDGET = 3_000_000  # bytes: a page and everything it loads
MATHJAX = "_static/mathjax"

# Element attributes that make the browser fetch something while loading the page.
FETCHING_ATTRS = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "image": ["href", "xlink:href"],  # SVG
}
# <link rel=...> values whose target the browser downloads with the page.
LOADED_LINK_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "icon",
    "shortcut",
    "apple-touch-icon",
}
# Script types that are data, never run (widget state, thebe config, JSON).
DATA_SCRIPT = re.compile(r"json|x-thebe-config|text/template", re.I)
URL_IN_TEXT = re.compile(r"""(?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s"'`<>)\\]*""", re.I)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.I | re.S)
# Hosts that appear in the site's own JavaScript and are never requested.
HARMLESS_JS_HOSTS = {
    "www.w3.org": "XML namespace names (SVG, MathML), not fetched",
    "developer.mozilla.org": "a comment in Sphinx's searchtools.js",
    "pydata-sphinx-theme.readthedocs.io": "a link in an error message of the theme",
    "clipboardjs.com": "the licence header of clipboard.min.js",
    "www.apache.org": "the licence header of MathJax's mhchem extension",
    "github.com": "a credit comment in MathJax's mhchem extension",
}
# Hosts of the CDNs that a default Jupyter Book build loads from; none may appear
# in any file the site serves.
CDN_HOSTS = re.compile(
    r"unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|ajax\.googleapis\.com|"
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|code\.jquery\.com|cdn\.plot\.ly|"
    r"THEBE_JS_URL"
)


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(
            f"No built site at {SITE} (index.html missing). Build it first with `make book` "
            "(make test does), or point LRNOTES_SITE at a built _build/html folder."
        )
    return SITE


def pages(site: Path) -> list[Path]:
    """Every HTML page of the site (not the template fragments in _static)."""
    found = sorted(
        p
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in ("_static", "_sources")
    )
    assert len(found) > 3, f"only {len(found)} pages under {site}"
    return found


@cache
def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def foreign(url: str) -> bool:
    """True for a URL that names a host: http(s)://, protocol-relative //, ftp:, ws: ..."""
    url = url.strip()
    if not url or url.startswith(("#", "data:", "blob:", "about:", "javascript:")):
        return False
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "file")


def local_file(base: Path, url: str, site: Path) -> Path | None:
    """The file a relative URL of a page (or a CSS file) at `base` names, inside the site."""
    if foreign(url) or url.strip().startswith(("#", "data:", "blob:", "about:", "javascript:")):
        return None
    path = unquote(urlsplit(url.strip()).path)
    if not path:
        return None
    target = (site / path.lstrip("/")) if path.startswith("/") else (base.parent / path)
    return target.resolve()


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def fetched(page: Path) -> list[tuple[str, str]]:
    """(what, url) for every URL the page's own HTML makes the browser fetch."""
    out = []
    doc = soup(page)
    for tag, attrs in FETCHING_ATTRS.items():
        for el in doc.find_all(tag):
            if tag == "link" and not (set(el.get("rel") or []) & LOADED_LINK_RELS):
                # prev/next/index/search links are navigation, but still no other host
                if el.get("href") and foreign(el["href"]):
                    out.append(("<link href>", el["href"]))
                continue
            for attr in attrs:
                value = el.get(attr)
                if not value:
                    continue
                urls = srcset_urls(value) if attr == "srcset" else [value]
                out += [(f"<{tag} {attr}>", u) for u in urls]
    for el in doc.find_all("style"):
        out += [("<style> url()/@import", u) for u in css_urls(el.get_text())]
    for el in doc.find_all(style=True):
        out += [("style= url()", u) for u in css_urls(el["style"])]
    return out


def css_urls(css: str, fonts_first_only: bool = False) -> list[str]:
    """url(...) and @import targets of a stylesheet.

    With fonts_first_only, an @font-face contributes only the first URL of its
    src list: the format a current browser takes (the rest are fallbacks).
    """
    urls = []
    if fonts_first_only:
        for face in FONT_FACE.findall(css):
            first = [
                m[1] or m[3]
                for m in CSS_URL.findall(face)
                if not (m[1] or m[3]).startswith("data:")
            ]
            urls += first[:1]
        css = FONT_FACE.sub("", css)
    urls += [m[1] or m[3] for m in CSS_URL.findall(css)]
    return [u for u in urls if u and not u.startswith("data:")]


def stylesheets(page: Path, site: Path) -> list[Path]:
    doc = soup(page)
    sheets = []
    for el in doc.find_all("link", href=True):
        if "stylesheet" in (el.get("rel") or []):
            target = local_file(page, el["href"], site)
            if target is not None:
                sheets.append(target)
    return sheets


def css_closure(sheets: list[Path], site: Path, fonts_first_only: bool) -> dict[Path, list[str]]:
    """Every stylesheet reachable through @import, with the URLs each one uses."""
    seen: dict[Path, list[str]] = {}
    todo = list(sheets)
    while todo:
        sheet = todo.pop()
        if sheet in seen or not sheet.is_file():
            continue
        urls = css_urls(sheet.read_text(encoding="utf-8", errors="replace"), fonts_first_only)
        seen[sheet] = urls
        for url in urls:
            target = local_file(sheet, url, site)
            if target is not None and target.suffix == ".css":
                todo.append(target)
    return seen


def executable_scripts(page: Path) -> list[str]:
    return [
        el.get_text()
        for el in soup(page).find_all("script")
        if not el.get("src") and not DATA_SCRIPT.search(el.get("type") or "")
    ]


def has_math(page: Path) -> bool:
    return bool(soup(page).select(".math"))


def toc_docnames() -> list[str]:
    """The root and every file: entry of _toc.yml, at any depth."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [
        str(Path(n).with_suffix("")) if Path(n).suffix in (".md", ".ipynb") else n for n in names
    ]


def repository() -> tuple[str, str]:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].rstrip("/")
    return url.split("github.com/")[1], config["repository"].get("branch", "main")


# -- no other host -------------------------------------------------------------


def test_no_page_fetches_from_another_host(site):
    bad = [
        f"{page.relative_to(site)}: {what} {url}"
        for page in pages(site)
        for what, url in fetched(page)
        if foreign(url)
    ]
    assert not bad, "pages that load from another host:\n" + "\n".join(bad)


def test_no_stylesheet_fetches_from_another_host(site):
    sheets = {s for page in pages(site) for s in stylesheets(page, site)}
    closure = css_closure(sorted(sheets), site, fonts_first_only=False)
    assert closure, "no local stylesheet found: the check would pass vacuously"
    bad = [
        f"{sheet.relative_to(site)}: {url}"
        for sheet, urls in closure.items()
        for url in urls
        if foreign(url)
    ]
    assert not bad, "stylesheets with url()/@import on another host:\n" + "\n".join(bad)


def test_no_inline_script_names_another_host(site):
    bad = []
    for page in pages(site):
        for body in executable_scripts(page):
            for url in URL_IN_TEXT.findall(body):
                host = urlsplit(url if "://" in url else "http:" + url).hostname or ""
                if host not in HARMLESS_JS_HOSTS:
                    bad.append(f"{page.relative_to(site)}: {url}")
    assert not bad, "inline scripts that name another host (e.g. thebe's unpkg.com):\n" + "\n".join(
        bad
    )


def test_site_javascript_names_no_other_host(site):
    """Every JS file a page loads (and all of MathJax) names only harmless hosts."""
    scripts = {
        target
        for page in pages(site)
        for what, url in fetched(page)
        if what == "<script src>"
        and (target := local_file(page, url, site)) is not None
        and target.is_file()  # a missing one is test_every_local_asset_exists's
    }
    scripts |= set((site / MATHJAX).rglob("*.js"))
    assert scripts, "no local script found: the check would pass vacuously"
    bad = []
    for script in sorted(scripts):
        text = script.read_text(encoding="utf-8", errors="replace")
        for url in set(URL_IN_TEXT.findall(text)):
            host = urlsplit(url if "://" in url else "http:" + url).hostname or ""
            if "://" in url and host not in HARMLESS_JS_HOSTS:
                bad.append(f"{script.relative_to(site)}: {url}")
    assert not bad, (
        "site JavaScript that names another host (add it to HARMLESS_JS_HOSTS only if it is "
        "never requested, with the reason):\n" + "\n".join(sorted(bad))
    )


def test_no_file_of_the_site_names_a_cdn(site):
    """No served text file mentions a CDN that Jupyter Book's defaults load from."""
    bad = []
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".json", ".svg") and path.is_file():
            hit = CDN_HOSTS.search(path.read_text(encoding="utf-8", errors="replace"))
            if hit:
                bad.append(f"{path.relative_to(site)}: {hit.group(0)}")
    assert not bad, "files that name a CDN:\n" + "\n".join(bad)


def test_no_thebe(site):
    bad = [
        str(page.relative_to(site))
        for page in pages(site)
        if re.search(
            r"thebe", " ".join(str(el) for el in soup(page).find_all(["script", "link"])), re.I
        )
    ]
    assert not bad, "pages that still load or configure thebe:\n" + "\n".join(bad)


def test_every_local_asset_exists(site):
    """A missing local file is a 404 (and a console error) in the reader's browser."""
    missing = []
    for page in pages(site):
        for what, url in fetched(page):
            target = local_file(page, url, site)
            if target is not None and not target.is_file():
                missing.append(f"{page.relative_to(site)}: {what} {url}")
    assert not missing, "pages that reference missing files:\n" + "\n".join(missing)


# -- math ----------------------------------------------------------------------


def test_math_pages_load_the_local_mathjax(site):
    math_pages = [page for page in pages(site) if has_math(page)]
    assert math_pages, "no page has math: the check would pass vacuously"
    bad = []
    for page in math_pages:
        scripts = [
            local_file(page, el["src"], site) for el in soup(page).find_all("script", src=True)
        ]
        mathjax = [s for s in scripts if s is not None and (site / MATHJAX) in s.parents]
        if not mathjax or not all(s.is_file() for s in mathjax):
            bad.append(f"{page.relative_to(site)}: no script from {MATHJAX}/ (found {scripts})")
            continue
        config = next((b for b in executable_scripts(page) if "window.MathJax" in b), None)
        if config is None:
            bad.append(f"{page.relative_to(site)}: no window.MathJax configuration")
            continue
        settings = json.loads(config.split("=", 1)[1].strip().rstrip(";"))
        for component in ["core", *settings.get("loader", {}).get("load", [])]:
            if not (site / MATHJAX / f"{component}.js").is_file():
                bad.append(f"{page.relative_to(site)}: MathJax component {component} not served")
    fonts = list((site / MATHJAX / "output/chtml/fonts/woff-v2").glob("*.woff"))
    assert fonts, f"no MathJax fonts under {MATHJAX}/output/chtml/fonts/woff-v2"
    assert not bad, "pages whose math would not render offline:\n" + "\n".join(bad)


def test_no_dollar_math_left_raw(site):
    """$...$ outside code is math that the parser missed: MathJax would not see it."""
    raw = re.compile(r"(?<![\\$])\$(?=\S)[^$]*?\\[A-Za-z]+[^$]*?\$")
    bad = []
    for page in pages(site):
        main = soup(page).find("main") or soup(page)
        for text in main.find_all(string=raw):
            if not text.find_parent(["pre", "code", "script", "style", "textarea"]):
                bad.append(f"{page.relative_to(site)}: {raw.search(text).group(0)[:60]}")
    assert not bad, "unrendered $...$ math:\n" + "\n".join(bad)


def test_markdown_tables_from_cells_render_as_tables(site):
    """A cell's Markdown(...) output is parsed with tables (nb_render_markdown_format:
    myst in _config.yml); myst-nb's default, CommonMark, would leave raw pipes."""
    page = site / "book" / "05_schedules.html"
    main = soup(page).find("main")
    tables = [t for t in main.find_all("table") if "PyTorch scheduler" in t.get_text()]
    assert len(tables) == 1, f"{page.name}: the PyTorch table is not one <table>"
    rows = tables[0].find_all("tr")
    assert len(rows) > 10 and "StepLR(optimizer" in tables[0].get_text()
    raw = [t for t in main.find_all(string=re.compile(r"\|\s*lrnotes\s*\||\|---\|"))
           if not t.find_parent(["pre", "code", "script"])]  # fmt: skip
    assert not raw, f"{page.name}: Markdown table left as text: {raw[0][:80]!r}"


# -- completeness ----------------------------------------------------------------


def test_every_toc_document_has_a_page(site):
    names = toc_docnames()
    assert len(names) >= 2, f"_toc.yml lists {names}"
    missing = [n for n in names if not (site / f"{n}.html").is_file()]
    assert not missing, f"in _toc.yml but not built (missing source?): {missing}"


def test_every_notebook_page_offers_its_ipynb_and_launch_buttons(site):
    notebooks = [n for n in toc_docnames() if (ROOT / f"{n}.ipynb").is_file()]
    assert notebooks, "no notebook in _toc.yml"
    repo, branch = repository()
    bad = []
    for name in notebooks:
        page = site / f"{name}.html"
        if not page.is_file():
            continue  # reported by test_every_toc_document_has_a_page
        hrefs = [a["href"] for a in soup(page).find_all("a", href=True)]
        downloads = [
            h
            for h in hrefs
            if not foreign(h) and urlsplit(h).path.endswith(f"{Path(name).name}.ipynb")
        ]
        if not downloads:
            bad.append(f"{name}: no download link to {Path(name).name}.ipynb")
        for href in downloads:
            target = local_file(page, href, site)
            try:
                cells = json.loads(target.read_text(encoding="utf-8"))["cells"]
            except (OSError, ValueError, KeyError) as err:
                bad.append(f"{name}: download {href} is not a notebook ({err})")
                continue
            if not cells:
                bad.append(f"{name}: download {href} has no cells")
        for host, expected in [
            (
                "mybinder.org",
                f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{name}.ipynb",
            ),
            (
                "colab",
                f"https://colab.research.google.com/github/{repo}/blob/{branch}/{name}.ipynb",
            ),
        ]:
            if expected not in hrefs:
                bad.append(f"{name}: no {host} launch link {expected}")
    assert not bad, "\n".join(bad)


# -- weight ----------------------------------------------------------------------


def mathjax_files(site: Path) -> set[Path]:
    """What a page's MathJax can load besides startup.js: an upper bound.

    Everything under _static/mathjax except the TeX extensions, which are
    autoloaded only by rare macros; every CHTML font counts, used or not.
    """
    extensions = site / MATHJAX / "input" / "tex" / "extensions"
    return {p for p in (site / MATHJAX).rglob("*") if p.is_file() and extensions not in p.parents}


def page_weight(page: Path, site: Path) -> tuple[int, dict[Path, int]]:
    """Bytes of the page plus every local file it loads (CSS followed through)."""
    files: set[Path] = set()
    uses_mathjax = False
    for _what, url in fetched(page):
        target = local_file(page, url, site)
        if target is None or not target.is_file():
            continue
        files.add(target)
        uses_mathjax |= (site / MATHJAX) in target.parents
    for sheet, urls in css_closure(stylesheets(page, site), site, fonts_first_only=True).items():
        files.add(sheet)
        for url in urls:
            target = local_file(sheet, url, site)
            if target is not None and target.is_file():
                files.add(target)
    if uses_mathjax:
        files |= mathjax_files(site)
    sizes = {f: f.stat().st_size for f in files}
    return page.stat().st_size + sum(sizes.values()), sizes


def test_every_page_is_under_the_budget(site):
    weights = {page: page_weight(page, site) for page in pages(site)}
    heaviest = max(weights, key=lambda p: weights[p][0])
    assert weights[heaviest][0] > 200_000, "suspiciously light pages: are the assets found?"
    bad = []
    for page, (total, sizes) in sorted(weights.items()):
        if total >= PAGE_BUDGET:
            top = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
            detail = ", ".join(f"{p.relative_to(site)} {n / 1e6:.2f}" for p, n in top)
            bad.append(f"{page.relative_to(site)}: {total / 1e6:.2f} MB (largest: {detail})")
    assert not bad, f"pages over {PAGE_BUDGET / 1e6:.0f} MB:\n" + "\n".join(bad)


def test_site_figures_are_palette_pngs(site):
    # book/_ext/lightpng.py re-encodes every opaque figure with a palette.
    from PIL import Image

    full_colour = []
    for path in sorted((site / "_images").glob("*.png")):
        with Image.open(path) as image:
            opaque = image.mode != "RGBA" or image.getextrema()[3][0] == 255
            if image.mode != "P" and opaque:
                full_colour.append(path.name)
    assert full_colour == [], f"full-colour PNGs on the site: {full_colour}"


def test_lightpng_keeps_the_pixels_of_a_line_plot(tmp_path):
    import sys

    from PIL import Image, ImageChops, ImageDraw

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from lightpng import quantized

    image = Image.new("RGB", (200, 100), "white")
    draw = ImageDraw.Draw(image)
    for k, colour in enumerate(["#1f77b4", "#ff7f0e", "#2ca02c"]):
        draw.line([(0, 10 + 30 * k), (199, 90 - 20 * k)], fill=colour, width=2)
    path = tmp_path / "plot.png"
    image.save(path, compress_level=0)
    data = quantized(path)
    assert data is not None and len(data) < path.stat().st_size
    (tmp_path / "light.png").write_bytes(data)
    with Image.open(tmp_path / "light.png") as light:
        assert light.mode == "P"
        assert ImageChops.difference(light.convert("RGB"), image).getbbox() is None
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(tmp_path / "clear.png")
    assert quantized(tmp_path / "clear.png") is None  # transparency is kept as it is
