r"""Reduce the learning rate when the loss stops improving, with explicit state.

Unlike the schedules of :mod:`lrnotes.schedules`, this rule reacts to the loss,
so it cannot be a function of the step alone. It is written as an optax-style
pair of pure functions, ``init() -> state`` and ``update(loss, state) -> state``;
the rate to use next is ``state.lr``. Passed to :func:`lrnotes.minimize` as its
``lr``, the rule runs inside the loop: it is fed the mean loss of every epoch of
``epoch_steps`` steps, and the rate it returns is used for the next epoch. The
semantics are those of PyTorch's
``ReduceLROnPlateau``: after more than ``patience`` calls without an
improvement (in ``"rel"`` mode, J < best·(1 − threshold) for ``mode="min"``),
the rate is multiplied by ``factor`` (never below ``min_lr``), and the rule
then waits ``cooldown`` calls before it counts bad calls again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from lrnotes import _checks


class PlateauState(NamedTuple):
    """Everything the rule remembers; each field is a number, or an array for a batch."""

    lr: np.ndarray  # the rate to use now
    best: np.ndarray  # the best loss seen so far
    num_bad_epochs: np.ndarray  # calls since the last improvement
    cooldown_counter: np.ndarray  # calls left before bad calls count again
    last_epoch: int  # how many times update has been called


class ReduceOnPlateau(NamedTuple):
    """The rule: its two pure functions, the PyTorch call that does the same, its epoch."""

    init: Callable[[], PlateauState]
    update: Callable[[object, PlateauState], PlateauState]
    torch: str
    epoch_steps: int = 1  # inside minimize: steps per call of update


def reduce_on_plateau(
    lr,
    mode: str = "min",
    factor: float = 0.1,
    patience: int = 10,
    threshold: float = 1e-4,
    threshold_mode: str = "rel",
    cooldown: int = 0,
    min_lr: float = 0.0,
    eps: float = 1e-8,
    epoch_steps: int = 1,
) -> ReduceOnPlateau:
    r"""PyTorch's ``ReduceLROnPlateau`` as an init/update pair.

    A call is an improvement when (``mode="min"``)

    .. math::
        J < J_{\text{best}}\,(1 - \text{threshold}) \ \text{("rel")} \quad\text{or}\quad
        J < J_{\text{best}} - \text{threshold} \ \text{("abs")}

    (and the mirror images for ``mode="max"``). When the count of calls since
    the last improvement exceeds ``patience``, α ← max(factor·α, min_lr),
    unless that changes α by no more than ``eps``.

    Args:
        lr: the starting rate α > 0, or a 1-D batch (then pass one loss per run).
        mode: ``"min"`` (a loss) or ``"max"`` (an accuracy).
        factor: in (0, 1).
        patience: integer ≥ 0.
        threshold: ≥ 0.
        threshold_mode: ``"rel"`` or ``"abs"``.
        cooldown: integer ≥ 0.
        min_lr: ≥ 0.
        eps: ≥ 0, the smallest change of α worth making.
        epoch_steps: ≥ 1, when the rule runs inside :func:`lrnotes.minimize`:
            the steps of one epoch, whose mean J is one call of ``update``
            (PyTorch has no such argument: there the loop calls
            ``scheduler.step(loss)`` once per epoch).

    Returns:
        A :class:`ReduceOnPlateau` with ``init()``, ``update(loss, state)`` and ``torch``.

    Example:
        >>> rule = reduce_on_plateau(1.0, factor=0.5, patience=1)
        >>> state = rule.init()
        >>> for loss in [3.0, 2.0, 2.0, 2.0]:
        ...     state = rule.update(loss, state)
        >>> float(state.lr), int(state.num_bad_epochs)
        (0.5, 0)
        >>> import lrnotes  # in the loop: on θ² at α = 1, J stays 4; the 2nd bad epoch halves α
        >>> rule = lrnotes.plateau.reduce_on_plateau(1.0, factor=0.5, patience=1)
        >>> run = lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 4, lr=rule)
        >>> run.lrs.tolist(), run.thetas.tolist()
        ([1.0, 1.0, 1.0, 0.5], [2.0, -2.0, 2.0, -2.0, 0.0])
    """
    lr = _checks.learning_rates("lr", lr)
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
    if threshold_mode not in ("rel", "abs"):
        raise ValueError(f"threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}")
    factor = _checks.in_interval("factor", factor, 0.0, 1.0)
    patience = _checks.integer("patience", patience)
    threshold = _checks.nonnegative("threshold", threshold)
    cooldown = _checks.integer("cooldown", cooldown)
    min_lr = _checks.nonnegative("min_lr", min_lr)
    eps = _checks.nonnegative("eps", eps)
    epoch_steps = _checks.integer("epoch_steps", epoch_steps, minimum=1)
    sign = 1.0 if mode == "min" else -1.0

    def is_better(loss, best):
        if threshold_mode == "rel":
            return sign * loss < sign * best * (1 - sign * threshold)
        return sign * loss < sign * best - threshold

    def init() -> PlateauState:
        zero = np.zeros(lr.shape, dtype=np.int64)
        return PlateauState(lr.copy(), np.full(lr.shape, sign * np.inf), zero, zero.copy(), 0)

    def update(loss, state: PlateauState) -> PlateauState:
        loss = _losses(loss, lr.shape)
        with np.errstate(invalid="ignore"):
            better = is_better(loss, state.best)
        best = np.where(better, loss, state.best)
        bad = np.where(better, 0, state.num_bad_epochs + 1)
        cooling = state.cooldown_counter > 0
        counter = np.where(cooling, state.cooldown_counter - 1, state.cooldown_counter)
        bad = np.where(cooling, 0, bad)
        reduce = bad > patience
        lowered = np.maximum(state.lr * factor, min_lr)
        new_lr = np.where(reduce & (state.lr - lowered > eps), lowered, state.lr)
        counter = np.where(reduce, cooldown, counter)
        bad = np.where(reduce, 0, bad)
        return PlateauState(new_lr, best, bad, counter, state.last_epoch + 1)

    torch = (
        f"ReduceLROnPlateau(optimizer, mode={mode!r}, factor={factor!r}, patience={patience!r}, "
        f"threshold={threshold!r}, threshold_mode={threshold_mode!r}, cooldown={cooldown!r}, "
        f"min_lr={min_lr!r}, eps={eps!r})"
    )
    return ReduceOnPlateau(init, update, torch, epoch_steps)


def plateau_lrs(rule: ReduceOnPlateau, losses) -> np.ndarray:
    """The rate after each of a sequence of ``update`` calls, one row per loss.

    Example:
        >>> plateau_lrs(reduce_on_plateau(1.0, factor=0.5, patience=0), [1.0, 1.0, 0.5]).tolist()
        [1.0, 0.5, 0.5]
    """
    state, out = rule.init(), []
    for loss in np.asarray(losses, dtype=np.float64):
        state = rule.update(loss, state)
        out.append(state.lr)
    return np.array(out)


def _losses(loss, shape: tuple) -> np.ndarray:
    """One loss per run; NaN and inf are allowed (a diverged run is never an improvement)."""
    if isinstance(loss, (bool, str, bytes)) or loss is None:
        raise TypeError(f"loss must be a real number or a 1-D array of them, got {loss!r}")
    array = np.asarray(loss, dtype=np.float64)
    if array.shape not in ((), shape):
        raise ValueError(f"loss must have shape {shape} (one per rate), got shape {array.shape}")
    return array
