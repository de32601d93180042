"""The import graph of lrnotes against its layers (lrnotes.LAYERS).

A module may import from its own layer and the layers below it, never from one
above: the problems know nothing of the loop, the loop nothing of the
experiments, and only the presentation draws.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import lrnotes

PACKAGE = Path(lrnotes.__file__).parent
LAYER = {m: k for k, modules in enumerate(lrnotes.LAYERS.values()) for m in modules}
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def imports(module: str) -> set[str]:
    """The lrnotes modules that ``module`` imports, at the top or inside a function."""
    return imports_in((PACKAGE / f"{module}.py").read_text())


def imports_in(source: str) -> set[str]:
    tree = ast.parse(source)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "lrnotes":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lrnotes."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("lrnotes.")}
    return found


def test_every_module_has_a_layer():
    assert sorted(LAYER) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_a_module_imports_nothing_from_a_layer_above(module):
    above = {dep for dep in imports(module) if LAYER[dep] > LAYER[module]}
    assert not above, f"{module} (layer {LAYER[module] + 1}) imports {sorted(above)} from above"


def test_the_check_sees_every_form_of_import():
    source = (
        "import lrnotes.widgets\nfrom lrnotes import plotting, _checks\n"
        "def f():\n    from lrnotes.tuning import tune\n"
    )
    assert imports_in(source) == {"widgets", "plotting", "_checks", "tuning"}
    assert "descent" in imports("stochastic") and LAYER["descent"] < LAYER["stochastic"]


def test_the_top_level_names_are_few_and_each_spelled_once():
    names = lrnotes.__all__
    assert 15 <= len(names) <= 25 and len(set(names)) == len(names)
    assert all(hasattr(lrnotes, name) for name in names)
    lower = [n.lower() for n in names]
    assert len(set(lower)) == len(lower), "a class and its factory both exported"
    for module in ("schedules", "tuning", "stability", "stochastic", "descent", "optimizers"):
        assert hasattr(lrnotes, module)  # every module is an attribute


def test_import_lrnotes_needs_only_numpy():
    """What the README says: five modules are imported by name, and need more than NumPy."""
    code = (
        "import sys, lrnotes\n"
        "heavy = sorted(m for m in ('matplotlib', 'ipywidgets', 'yaml') if m in sys.modules)\n"
        "by_name = [m for m in ('plotting', 'static', 'style', 'widgets', 'sources')"
        " if hasattr(lrnotes, m)]\n"
        "print(heavy, by_name)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    assert out.stdout.strip() == "[] []", out.stdout + out.stderr
