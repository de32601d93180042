"""pyproject.toml declares every package that lrnotes imports, as a dependency or an extra."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Import names that differ from the name of the distribution that provides them.
DISTRIBUTION = {"sklearn": "scikit-learn", "PIL": "pillow", "yaml": "pyyaml"}


def imported_packages(folder: Path) -> set[str]:
    """The top-level names of every package the modules in ``folder`` import."""
    names = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__", folder.name}


def declared_distributions(pyproject: dict) -> set[str]:
    project = pyproject["project"]
    specs = project["dependencies"] + [
        s for extra in project["optional-dependencies"].values() for s in extra
    ]
    return {re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower() for spec in specs}


def test_every_import_of_lrnotes_is_declared():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = {DISTRIBUTION.get(name, name).lower() for name in imported_packages(ROOT / "lrnotes")}
    assert needed - declared_distributions(pyproject) == set()


def test_the_check_sees_an_undeclared_import(tmp_path):
    (tmp_path / "m.py").write_text("import numpy\nfrom sklearn.linear_model import X\nimport os\n")
    needed = {DISTRIBUTION.get(n, n) for n in imported_packages(tmp_path)}
    assert needed == {"numpy", "scikit-learn"}
    declared = declared_distributions(
        {"project": {"dependencies": ["numpy>=2"], "optional-dependencies": {}}}
    )
    assert needed - declared == {"scikit-learn"}
