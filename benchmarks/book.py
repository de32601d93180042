"""Speed of the book itself: a clean build, an unchanged rebuild, nbval, and `make test`.

These run the real commands in this checkout, with the environment already set up
(.venv), so a clean build throws ``_build`` away first and leaves a fresh one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import verdict

ROOT = Path(__file__).resolve().parent.parent


def timed(*command: str) -> float:
    """Seconds that ``command`` takes in the project's root; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return seconds


def main(full_test: bool = True) -> list[tuple[str, str, str, str]]:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = timed("make", "book")
    unchanged = timed("make", "book")
    nbval = timed(
        str(ROOT / ".venv/bin/python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "--nbval", "--nbval-sanitize-with", "tests/nbval-sanitize.cfg", "book",
        "--ignore=book/_build",
    )  # fmt: skip
    rows = [
        ("book: clean make book", f"{clean:.0f} s", "< 60 s", verdict(clean < 60)),
        ("book: unchanged rebuild", f"{unchanged:.1f} s", "< 10 s", verdict(unchanged < 10)),
        ("book: nbval over every notebook", f"{nbval:.0f} s", "", ""),
    ]
    if full_test:
        test = timed("make", "test")
        rows.append(("book: make test", f"{test:.0f} s", "< 300 s", verdict(test < 300)))
    return rows


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
