"""Argument checks shared by the public entry points.

Every check raises a ``TypeError`` or ``ValueError`` whose message names the
argument and repeats the bad value, so that a reader sees at once what to fix.
Nothing is coerced silently: a float where an int is needed is an error, not a
truncation.
"""

from __future__ import annotations

import numbers
import os

import numpy as np


def real_array(name: str, value, *, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float64 array, all finite, or raise."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a real number or array of them, got {value!r}")
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a real number or array of them, got {value!r}") from exc
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(f"{name} must be real-valued, got {value!r} (dtype {array.dtype})")
    array = array.astype(np.float64)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            f"{name} must have {ndim} dimension(s), got shape {array.shape}: {value!r}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {value!r}")
    return array


def real_scalar(name: str, value) -> float:
    """Return ``value`` as a finite float, or raise."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    array = real_array(name, value)
    if array.ndim != 0:
        raise TypeError(f"{name} must be a single number, got an array of shape {array.shape}")
    return float(array)


def positive(name: str, value) -> float:
    """A finite float > 0."""
    x = real_scalar(name, value)
    if x <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return x


def nonnegative(name: str, value) -> float:
    """A finite float >= 0."""
    x = real_scalar(name, value)
    if x < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return x


def in_interval(name: str, value, low: float, high: float, *, closed: str = "neither") -> float:
    """A finite float in (low, high), [low, high), (low, high] or [low, high]."""
    x = real_scalar(name, value)
    lo_ok = x >= low if closed in ("left", "both") else x > low
    hi_ok = x <= high if closed in ("right", "both") else x < high
    if not (lo_ok and hi_ok):
        left = "[" if closed in ("left", "both") else "("
        right = "]" if closed in ("right", "both") else ")"
        raise ValueError(f"{name} must be in {left}{low}, {high}{right}, got {value!r}")
    return x


def integer(name: str, value, *, minimum: int = 0) -> int:
    """A Python or NumPy integer >= ``minimum`` (a float such as 10.0 is refused)."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def window(value, steps: int) -> int:
    """How many final iterates to average: an integer in 1 … steps + 1 (a run has steps + 1)."""
    value = integer("window", value, minimum=1)
    if value > steps + 1:
        raise ValueError(f"window must be <= steps + 1 = {steps + 1}, got {value}")
    return value


def learning_rates(name: str, value) -> np.ndarray:
    """One learning rate (0-d) or a 1-D batch of them, each finite and > 0."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a positive number or 1-D array, got {value!r}")
    lr = real_array(name, value)
    if lr.ndim > 1:
        raise ValueError(f"{name} must be a number or a 1-D array, got shape {lr.shape}")
    if lr.ndim == 1 and lr.size == 0:
        raise ValueError(f"{name} must not be empty, got {value!r}")
    if np.any(lr <= 0):
        bad = lr[lr <= 0] if lr.ndim else lr
        raise ValueError(f"{name} must be > 0, got {bad.tolist()!r}")
    return lr


def fits(name: str, value, nbytes: float) -> None:
    """Refuse, before anything is allocated, an argument whose arrays cannot fit in memory."""
    free = available_memory()
    if nbytes > free:
        raise ValueError(
            f"{name}={value!r} needs {nbytes / 2**30:.3g} GiB, more than the "
            f"{free / 2**30:.3g} GiB available"
        )


def available_memory() -> int:
    """Bytes of memory available now (MemAvailable), or the machine's physical memory."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 2**63
