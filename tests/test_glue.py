"""The numbers the prose quotes are glued from cells, and the glue is saved.

A chapter quotes a computed number through myst-nb's glue: a code cell calls
``glue("ch6_ratio", value, display=False)`` and the text says
{glue:text}`ch6_ratio:.3g`. Strict nbval compares the glued output like any
other, so a change that moves the number fails the tests. These checks make
sure every name the prose pastes was glued by a cell of the same notebook and
saved with it (the site is built from the saved outputs as executed), and that
no name is glued twice. (A cell may glue a whole table, of which the prose
quotes a few entries: a glued value that no sentence pastes is allowed.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_notebooks import _source, chapter_notebooks

GLUE_MIME = "application/papermill.record/"
# Inline roles ({glue}`x`, {glue:text}`x:.3g`, {glue:md}`x`) and directives
# (```{glue} x, ```{glue:figure} x, :::{glue:math} x).
_ROLE = re.compile(r"\{glue(?::\w+)?\}`([^`:]+)(?::[^`]*)?`")
_DIRECTIVE = re.compile(r"^(?:```|:::)\{glue(?::\w+)?\}\s+(\S+)", re.MULTILINE)


def pasted_names(notebook: dict) -> set[str]:
    """Every glue name that a markdown cell of ``notebook`` pastes."""
    text = "\n".join(_source(c) for c in notebook["cells"] if c["cell_type"] == "markdown")
    return set(_ROLE.findall(text)) | set(_DIRECTIVE.findall(text))


def glued_names(notebook: dict) -> list[str]:
    """Every name glued by a saved output of ``notebook``, in order."""
    names = []
    for cell in notebook["cells"]:
        for out in cell.get("outputs", []):
            record = out.get("metadata", {}).get("scrapbook", {})
            if "name" in record:
                names.append(record["name"])
    return names


def glue_problems(notebook: dict) -> list[str]:
    """What is wrong with a notebook's glue (empty if nothing)."""
    glued = glued_names(notebook)
    pasted = pasted_names(notebook)
    found = [
        f"{name!r} is pasted but no saved output glues it" for name in sorted(pasted - set(glued))
    ]
    twice = sorted({name for name in glued if glued.count(name) > 1})
    found += [f"{name!r} is glued more than once" for name in twice]
    return found


@pytest.mark.parametrize("path", chapter_notebooks(), ids=lambda p: p.name)
def test_every_pasted_number_is_glued_and_saved(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert glue_problems(notebook) == [], path.name


def test_glue_names_are_unique_across_the_book():
    owners: dict[str, list[str]] = {}
    for path in chapter_notebooks():
        for name in set(glued_names(json.loads(path.read_text(encoding="utf-8")))):
            owners.setdefault(name, []).append(path.name)
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}


# The checks themselves must be able to fail.


def _notebook(markdown: str, glued: list[str]) -> dict:
    outputs = [
        {
            "output_type": "display_data",
            "metadata": {"scrapbook": {"name": name, "mime_prefix": GLUE_MIME}},
            "data": {GLUE_MIME + "text/plain": "1.5"},
        }
        for name in glued
    ]
    return {
        "cells": [
            {"cell_type": "markdown", "source": markdown},
            {"cell_type": "code", "source": "glue(...)", "outputs": outputs},
        ]
    }


def test_pasted_names_reads_roles_and_directives():
    text = "a {glue:text}`x:.3g`, b {glue}`y`, c {glue:md}`z`\n```{glue:figure} fig\n```"
    assert pasted_names(_notebook(text, [])) == {"x", "y", "z", "fig"}


def test_a_consistent_notebook_passes():
    assert glue_problems(_notebook("{glue:text}`x:.2f` and {glue}`y`", ["x", "y"])) == []


@pytest.mark.parametrize(
    "markdown, glued, expected",
    [
        ("{glue:text}`x:.2f`", [], "'x' is pasted but no saved output glues it"),
        ("{glue}`x`", ["x", "x"], "'x' is glued more than once"),
    ],
)
def test_broken_glue_is_caught(markdown, glued, expected):
    assert glue_problems(_notebook(markdown, glued)) == [expected]
