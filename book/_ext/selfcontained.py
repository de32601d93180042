"""Keep every page of the book on its own host: no CDN, no request elsewhere.

A Sphinx extension loaded through ``sphinx.local_extensions`` in ``_config.yml``.
It does three things, each because a default Jupyter Book 1.x build does otherwise:

1. Drops sphinx-thebe. Jupyter Book always loads it; even with ``thebe: false``
   it adds ``const THEBE_JS_URL = "https://unpkg.com/..."`` to every page, twice
   (a JavaScript error: ``const`` declared twice), plus a loader script and a
   stylesheet. The book has no thebe button, so all of it goes.
2. Serves MathJax from the site, and only the part a page uses. The MathJax 3
   files come from the PyPI package ``sphinx-mathjax-offline`` (installed by
   requirements.txt, not committed). Instead of its 24 MB tree and the 1.2 MB
   ``tex-chtml.js`` bundle, a page loads ``startup.js`` and the loader fetches
   the components listed in MATHJAX_LOAD: TeX input (with its extensions,
   autoloaded on first use), CommonHTML output and its fonts, and the hidden
   MathML that screen readers read. That is about 0.76 MB of script where the
   bundle was 1.16 MB: the difference is MathJax's right-click menu, which the
   book does without. The site holds 1.7 MB of MathJax.
3. Drops pydata-sphinx-theme's 1.5 MB fontawesome.js (templates/layout.html):
   the theme's stylesheet already draws every icon with the local web font.
4. Fails the build (a warning, and warnings are errors) if a page would still
   load a script or stylesheet from another host, e.g. a CDN added by a future
   extension. ``tests/test_site.py`` checks the finished pages in full.
5. Leaves out the saved ipywidgets state that myst-nb embeds in a page (about
   40 kB per exploration, mostly a PNG of the live figure): with no widget
   script loaded it is inert, and the static sliders do not need it.
6. Writes the site's root ``index.html`` (a redirect to the landing page) with
   the favicon: sphinx-external-toc's bare redirect makes the browser ask for
   ``/favicon.ico``, a 404 logged as a console error.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

MATHJAX_ENTRY = "startup.js"
# Components the loader fetches on every page with math (core comes with them).
MATHJAX_LOAD = ["input/tex", "output/chtml", "a11y/assistive-mml"]
# Everything those can request, relative to the MathJax root; nothing else is copied.
MATHJAX_FILES = [
    "startup.js",
    "core.js",
    "input/tex.js",
    "input/tex/extensions",  # \require and autoload (e.g. \boldsymbol, \color)
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "output/chtml/fonts/woff-v2",
    "a11y/assistive-mml.js",
]
TEMPLATES = Path(__file__).parent / "templates"


def mathjax_source() -> Path:
    """The MathJax 3 distribution shipped in the sphinx-mathjax-offline package."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError(
            "selfcontained: the package sphinx-mathjax-offline (the source of the "
            "book's MathJax files) is not installed; run make book"
        )
    source = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"
    if not (source / MATHJAX_ENTRY).is_file():
        raise ExtensionError(f"selfcontained: {source / MATHJAX_ENTRY} not found")
    return source


def copy_mathjax(app: Sphinx, exc: Exception | None) -> None:
    """Copy the MathJax subset into _static/mathjax after a successful HTML build."""
    if exc is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)  # no leftovers from an older copy
    for name in MATHJAX_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        else:
            shutil.copy2(source / name, target / name)


def drop_thebe(app: Sphinx, config: Config) -> None:
    """Disconnect sphinx-thebe's event handlers and remove its stylesheet."""
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            module = getattr(listener.handler, "__module__", "") or ""
            if module.split(".")[0] == "sphinx_thebe":
                app.disconnect(listener.id)
    app.registry.css_files = [
        (name, attrs) for name, attrs in app.registry.css_files if name != "sphinx-thebe.css"
    ]


def use_local_mathjax(app: Sphinx, config: Config) -> None:
    """Point Sphinx's MathJax script at the copy in _static (checked at start-up)."""
    source = mathjax_source()
    missing = [name for name in MATHJAX_FILES if not (source / name).exists()]
    if missing:
        raise ExtensionError(f"selfcontained: MathJax files missing in {source}: {missing}")
    config.mathjax_path = f"mathjax/{MATHJAX_ENTRY}"
    mathjax3 = dict(config.mathjax3_config or {})
    mathjax3.setdefault("loader", {"load": list(MATHJAX_LOAD)})
    config.mathjax3_config = mathjax3


def use_templates(app: Sphinx, config: Config) -> None:
    """Put templates/ (the theme layout without fontawesome.js) first in line."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _foreign(url: str | None) -> bool:
    """True for a URL that names a host (http:, https:, protocol-relative //)."""
    if not url:
        return False
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "file")


def check_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Warn (an error under -W) for a script or stylesheet from another host."""
    for key in ("script_files", "css_files"):
        for asset in context.get(key, []):
            url = getattr(asset, "filename", asset)
            if _foreign(url):
                logger.warning(
                    "selfcontained: page %s would load %s from another host", pagename, url
                )


def drop_widget_state(app: Sphinx, doctree: Any) -> None:
    """Forget the widget-state script myst-nb registered for this page."""
    page = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    page.get("js_files", {}).pop("ipywidgets_state", None)


def write_root_redirect(app: Sphinx, exc: Exception | None) -> None:
    """A root index.html that redirects to the landing page and names the favicon."""
    if exc is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    target = f"{app.config.root_doc}.html"
    title = app.config.html_title or app.config.project
    Path(app.outdir, "index.html").write_text(
        "<!DOCTYPE html>\n"
        f'<html><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="icon" href="_static/{Path(app.config.html_favicon or "").name}">'
        f'<meta http-equiv="Refresh" content="0; url={target}"></head>'
        f'<body><a href="{target}">{title}</a></body></html>\n',
        encoding="utf-8",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    # config-inited runs once every extension is set up, sphinx-thebe included.
    app.connect("config-inited", drop_thebe)
    app.connect("config-inited", use_local_mathjax, priority=900)
    app.connect("config-inited", use_templates)
    app.connect("html-page-context", check_assets, priority=900)
    app.connect("build-finished", copy_mathjax)
    app.connect("doctree-read", drop_widget_state, priority=900)
    # before sphinx-external-toc's (priority 500), which then leaves ours alone
    app.connect("build-finished", write_root_redirect, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
