"""The committed notebooks hold their outputs, from one top-to-bottom run.

Strict nbval compares outputs, but a notebook saved *without* outputs passes it
(there is nothing to compare). These checks close that hole: every code cell of
every chapter has an execution count, the counts run 1, 2, …, n (one fresh
kernel, top to bottom), and a cell that prints or shows something has outputs.
They also check that every page the table of contents lists exists.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


def chapter_notebooks() -> list[Path]:
    """Every notebook under book/, except build products and checkpoints."""
    return sorted(
        p
        for p in BOOK.rglob("*.ipynb")
        if not {"_build", ".ipynb_checkpoints"} & set(p.relative_to(BOOK).parts)
    )


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def shows_something(source: str) -> bool:
    """True when running ``source`` must produce output: it prints, shows a
    figure or displays, or its last statement is an expression that is not a
    call (a call may return None) and is not silenced by a trailing ';'."""
    if any(word in source for word in ("print(", "plt.show(", "display(")):
        return True
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: no judgement
        return False
    if not tree.body or source.rstrip().endswith(";"):
        return False
    last = tree.body[-1]
    return isinstance(last, ast.Expr) and not isinstance(last.value, ast.Call | ast.Constant)


def problems(notebook: dict) -> list[str]:
    """What is wrong with a notebook's saved outputs (empty if nothing)."""
    found = []
    code = [c for c in notebook["cells"] if c["cell_type"] == "code" and _source(c).strip()]
    counts = [c.get("execution_count") for c in code]
    if any(n is None for n in counts):
        missing = [i + 1 for i, n in enumerate(counts) if n is None]
        found.append(f"code cells {missing} were never executed (no execution_count)")
    elif counts != list(range(1, len(code) + 1)):
        found.append(
            f"execution counts {counts} are not 1..{len(code)}: not one fresh top-down run"
        )
    for i, cell in enumerate(code, start=1):
        if shows_something(_source(cell)) and not cell.get("outputs"):
            found.append(f"code cell {i} prints or shows something but has no saved output")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"code cell {i} saved an error: {out.get('ename')}")
    return found


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.name)
def test_notebook_was_executed_and_saved_with_outputs(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert problems(notebook) == [], f"{path.name}: re-run it top to bottom and save it"


def test_there_are_chapters():
    assert len(chapter_notebooks()) >= 4


def _toc_files(node) -> list[str]:
    if isinstance(node, dict):
        files = [node["file"]] if "file" in node else []
        return files + [f for value in node.values() for f in _toc_files(value)]
    if isinstance(node, list):
        return [f for item in node for f in _toc_files(item)]
    return []


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"], *_toc_files(toc)]


def test_every_page_in_the_toc_exists():
    for page in toc_pages():
        candidates = [ROOT / page] + [ROOT / f"{page}{ext}" for ext in (".ipynb", ".md")]
        assert any(p.is_file() for p in candidates), f"_toc.yml lists {page}, which does not exist"


def test_every_notebook_is_in_the_toc():
    listed = {str(Path(p).with_suffix("")) for p in toc_pages()}
    for path in chapter_notebooks():
        page = str(path.relative_to(ROOT).with_suffix(""))
        assert page in listed, f"{page} is not in _toc.yml, so the book leaves it out"


# The checks themselves must be able to fail.


def _first_chapter() -> dict:
    return json.loads(chapter_notebooks()[0].read_text(encoding="utf-8"))


def test_a_notebook_saved_without_outputs_is_caught():
    stripped = copy.deepcopy(_first_chapter())
    for cell in stripped["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    assert any("never executed" in p for p in problems(stripped))


def test_outputs_cleared_but_counts_kept_is_caught():
    stripped = copy.deepcopy(_first_chapter())
    for cell in stripped["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
    assert any("has no saved output" in p for p in problems(stripped))


def test_cells_run_out_of_order_are_caught():
    shuffled = copy.deepcopy(_first_chapter())
    code = [c for c in shuffled["cells"] if c["cell_type"] == "code" and _source(c).strip()]
    code[0]["execution_count"], code[1]["execution_count"] = 2, 1
    assert any("not one fresh top-down run" in p for p in problems(shuffled))


@pytest.mark.parametrize(
    "source, expected",
    [
        ("print(1)", True),
        ("x = 1\nx", True),
        ("run.thetas", True),
        ("x = 1", False),
        ("fig, ax = f()", False),
        ("ax.set_title('t');", False),
        ("f(x)", False),
        ("plt.show()", True),
        ("%matplotlib inline", False),
    ],
)
def test_shows_something(source, expected):
    assert shows_something(source) is expected


# Every section's contents sit under its own heading. A "Try it" section holds a
# slider and nothing else: its markdown intro, imports and one exploration cell,
# and after the slider only code cells that check its frames (cells that use the
# exploration's own module, `widgets.`, e.g. to loop over the slider's grids).
# Anything else after it (a program, more text, a sub-heading) would render, and be
# numbered in the table of contents, as part of the slider's section.

_FENCE = ("```", "~~~")
_TARGET = re.compile(r"^\([^)]+\)=\s*$")  # a MyST label, e.g. (notes-zero-one)=
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_EXPLORATION = re.compile(r"\bwidgets\.explore_\w+\(")
_WIDGETS = re.compile(r"\bwidgets\.")  # a cell after the slider that checks its frames


def blocks(notebook: dict) -> list[tuple]:
    """The notebook in reading order: ("heading", level, title, cell number),
    ("text", cell number) for markdown between headings and ("code", source,
    cell number) for each non-empty code cell; cells are numbered from 1, in the
    file. Headings in code fences are text; MyST labels are not content."""
    found: list[tuple] = []
    for number, cell in enumerate(notebook["cells"], start=1):
        source = _source(cell)
        if cell["cell_type"] == "code":
            if source.strip():
                found.append(("code", source, number))
            continue
        if cell["cell_type"] != "markdown":
            continue
        fenced, text = False, False
        for line in source.splitlines():
            if line.lstrip().startswith(_FENCE):
                fenced = not fenced
            heading = None if fenced else _HEADING.match(line)
            if heading:
                found.append(("heading", len(heading[1]), heading[2], number))
                text = False
            elif line.strip() and not _TARGET.match(line) and not text:
                found.append(("text", number))
                text = True
    return found


def only_imports(source: str) -> bool:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return all(isinstance(node, ast.Import | ast.ImportFrom) for node in tree.body)


def _try_it_problems(section: list[tuple], title: str) -> list[str]:
    found, explored, strays = [], False, []
    for block in section:
        kind, cell = block[0], block[-1]
        if kind == "heading":
            found.append(f"'{title}' has a sub-heading '{block[2]}' (cell {cell})")
        elif kind == "code" and _EXPLORATION.search(block[1]) and not explored:
            explored = True
        elif kind == "code" and only_imports(block[1]):
            continue
        elif kind == "code" and explored and _WIDGETS.search(block[1]):
            continue  # checks the slider's frames
        elif (kind == "code" or explored) and cell not in strays:
            strays.append(cell)
    if strays:
        found.append(
            f"'{title}' also holds cells {strays} that are not its slider's "
            "(only its intro, imports, one widgets.explore_... cell and, after it, cells "
            "that check its frames with widgets.… belong there): "
            "give them a heading of their own, or put them before the 'Try it' heading"
        )
    if not explored:
        found.append(f"'{title}' has no exploration cell (widgets.explore_...)")
    return found


def layout_problems(notebook: dict) -> list[str]:
    """What is wrong with a notebook's headings (empty if nothing): a heading
    level that jumps (## then ####), or a "Try it" section holding more than
    its intro, imports, its one exploration cell and, after that cell, code
    cells that check the slider's frames (code that uses ``widgets.``)."""
    found, flat = [], blocks(notebook)
    headings = [(i, b) for i, b in enumerate(flat) if b[0] == "heading"]
    previous = 0
    for _, (_, level, title, cell) in headings:
        if level > previous + 1:
            found.append(f"heading '{title}' (cell {cell}) jumps from level {previous} to {level}")
        previous = level
    for i, (_, level, title, _) in headings:
        if not title.startswith("Try it"):
            continue
        end = next(
            (j for j, b in headings if j > i and b[1] <= level),
            len(flat),
        )
        found += _try_it_problems(flat[i + 1 : end], title)
    return found


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.name)
def test_every_section_sits_under_its_own_heading(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found = layout_problems(notebook)
    assert found == [], f"{path.name}: " + "; ".join(found)


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "source": text}


def _code(text: str) -> dict:
    return {"cell_type": "code", "source": text}


_SLIDER = [
    _markdown("# Chapter\n\n## Try it: drag α\n\nThe slider below runs α."),
    _code("from lrnotes import widgets\n\nwidgets.explore_lr()"),
]


def test_a_try_it_section_with_its_slider_only_passes():
    cells = [*_SLIDER, _markdown("(a-label)=\n## Next\n\n```\n# not a heading\n```")]
    assert layout_problems({"cells": cells}) == []


_FRAME_CHECK = _code("exp = widgets.explore_lr()\nassert len(exp.grid()) == 22")


def test_a_frame_check_after_the_slider_passes():
    imports = _code("import numpy as np")
    cells = [*_SLIDER, _FRAME_CHECK, imports, _FRAME_CHECK, _markdown("## Next")]
    assert layout_problems({"cells": cells}) == []


@pytest.mark.parametrize(
    "after, expected",
    [
        ([_markdown("### What the loop computes\n\nText.")], "has a sub-heading"),
        ([_code("x = run()\nprint(x)")], "also holds cells [3]"),
        ([_markdown("The program crashes:")], "also holds cells [3]"),
        ([_code("import numpy as np"), _markdown("More teaching.")], "also holds cells [4]"),
        ([_FRAME_CHECK, _markdown("What the frames show.")], "also holds cells [4]"),
        ([_FRAME_CHECK, _code("x = run()\nprint(x)")], "also holds cells [4]"),
        ([_FRAME_CHECK, _markdown("### Frames\n\nText.")], "has a sub-heading 'Frames'"),
    ],
)
def test_content_after_a_slider_is_caught(after, expected):
    found = layout_problems({"cells": [*_SLIDER, *after, _markdown("## Next")]})
    assert any(expected in p and "'Try it: drag α'" in p for p in found), found


def test_a_try_it_section_without_its_slider_is_caught():
    cells = [_markdown("# C\n\n## Try it: drag α\n\nText."), _code("x = 1\nx")]
    found = layout_problems({"cells": cells})
    assert any("no exploration cell" in p for p in found)
    assert any("also holds cells [2]" in p for p in found)


def test_a_frame_check_before_the_slider_is_caught():
    intro = _markdown("# C\n\n## Try it: drag α\n\nThe slider below runs α.")
    check = _code("from lrnotes import widgets\n\nwidgets.SCHEDULES['cyclic']")
    found = layout_problems({"cells": [intro, check, _SLIDER[1]]})
    assert any("also holds cells [2]" in p for p in found), found


def test_a_heading_level_that_jumps_is_caught():
    cells = [_markdown("# C\n\n## Part\n\nText."), _markdown("#### Detail\n\nText.")]
    assert any("jumps from level 2 to 4" in p for p in layout_problems({"cells": cells}))


# What JupyterLab writes when it opens a notebook: committed as such, so that opening a
# chapter does not mark it modified (and autosave does not rewrite a tracked file).
JUPYTERLAB_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python",
                         "name": "python3"}  # fmt: skip


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.name)
def test_notebook_carries_the_kernelspec_jupyterlab_writes(path: Path):
    assert json.loads(path.read_text())["metadata"]["kernelspec"] == JUPYTERLAB_KERNELSPEC


def test_binder_builds_the_python_the_pins_were_made_for():
    # repo2docker's default Python would be 3.10, which the pinned contourpy refuses
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    assert '">=3.11"' in (ROOT / "pyproject.toml").read_text().replace("'", '"')


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.name)
def test_a_downloaded_notebook_installs_the_package_it_needs(path: Path):
    # Colab or a laptop: the first code cell installs lrnotes[book] from the one repository URL
    # of _config.yml, only where lrnotes is missing (a no-op here, in the build and under nbval);
    # the site does not show it.
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    first = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    source = _source(first)
    assert 'if importlib.util.find_spec("lrnotes") is None:' in source
    assert f'"lrnotes[book] @ git+{url}"' in source
    assert first["metadata"].get("tags") == ["remove-cell"] and first["outputs"] == []
