"""What every benchmark shares: timing by median, and the verdict against a budget."""

from __future__ import annotations

import statistics
import time


def median_seconds(fn, repeat: int = 5, warmup: int = 1) -> float:
    """The median wall time of ``fn()`` over ``repeat`` runs, after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def verdict(passed: bool) -> str:
    """The last column of the table."""
    return "ok" if passed else "OVER BUDGET"
