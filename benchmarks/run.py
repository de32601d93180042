"""`make bench`: one table of every speed figure the project budgets, with the machine.

Sections: (1) the vectorized sweep against the articles' loop, (2) per-step cost of
each optimizer and its memory traffic on 10⁶ parameters, (3) live-slider latency,
(4) the book's build and test times, (5) the weight of each page of the site.
Each figure is a median of several runs. Set BENCH_QUICK=1 to skip section 4's
full `make test`.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import date

import core
import numpy as np
import weight
import widgets

import book


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    return (
        f"{date.today()} · {os.cpu_count()} cores · {cpu} · Python {platform.python_version()}"
        f" · NumPy {np.__version__}"
    )


def main() -> None:
    print(f"make bench — {machine()}\n")
    rows = core.main() + widgets.rows() + book.main(full_test=not os.environ.get("BENCH_QUICK"))
    rows += weight.main()
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measure", "median", "budget", "verdict")
    for row in [header, tuple("-" * w for w in width), *rows]:
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, width, strict=True)).rstrip())
    sys.exit(1 if any(r[3] == "OVER BUDGET" for r in rows) else 0)


if __name__ == "__main__":
    main()
