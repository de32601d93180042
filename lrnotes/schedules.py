r"""Learning-rate schedules: pure functions of the step t, in the style of optax.

A schedule is a factor of a base rate, as a PyTorch scheduler scales the
``lr`` of its optimizer: a factory such as ``step_decay(step_size=30)`` builds
it without a rate, and multiplying by the rate binds it,
``0.1 * step_decay(step_size=30)``. The result is a :class:`Schedule`, a
function ``t -> α_t`` with no hidden state: call it with one step or an
integer array of steps. ``lrnotes.minimize(..., lr=s)`` uses ``s(t)`` at step t.
``one_cycle`` and ``cyclic`` keep absolute rates of their own (``max_lr``,
``base_lr``), as PyTorch's ``OneCycleLR`` and ``CyclicLR`` ignore the
optimizer's lr: they are bound from the start and take no base rate.

Every schedule that PyTorch also has gives PyTorch's numbers: ``s(t)`` is the
learning rate that a ``torch.optim`` optimizer holds after t calls of
``scheduler.step()`` in the loop ``optimizer.step(); scheduler.step()``, i.e.
the rate of its (t + 1)-th ``optimizer.step()``. (The scheduler's constructor
makes one step of its own, from ``last_epoch = -1`` to 0, which sets ``s(0)``:
the rate of the first update.) Each
schedule carries its PyTorch equivalent as data (:attr:`Schedule.torch`), and
:func:`lrnotes.tables.pytorch_markdown` turns that into the table the book shows.

The rate (the base rate, or ``max_lr`` and ``base_lr``) may be a 1-D array, a
batch of rates: ``s(t)`` then has shape ``t.shape + (B,)``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from lrnotes import _checks


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule α_t = s(t), with the recipe that built it.

    ``rate * s`` (or ``s * rate``) binds an unbound schedule to its base rate
    α, a number or a 1-D batch; only a bound schedule can be called.

    Attributes:
        name: the factory's name, e.g. ``"step_decay"``.
        params: the factory's arguments, so that ``repr(s)`` rebuilds it.
        torch: the equivalent ``torch.optim.lr_scheduler`` call, written for
            an ``optimizer`` built with ``lr=torch_lr``; ``None`` when PyTorch
            needs no scheduler (a constant rate).
        fn: α_t from the steps t and the base rate, ``fn(t, lr)``; for a
            schedule with rates of its own (``scaled=False``), ``fn(t)``.
        scaled: True for a factor of a base rate; False for ``one_cycle`` and
            ``cyclic``, which keep their own rates.
        lr: the base rate once bound (a float, or a list for a batch), else None.
        torch_lr: the ``lr`` to give that PyTorch optimizer: the base rate
            (``max_lr`` for ``one_cycle``, ``base_lr`` for ``cyclic``).
        last_step: the largest t at which s(t) is defined (None: every t).
        batched: True when the rates are a 1-D batch.
    """

    name: str
    params: dict
    torch: str | None
    fn: Callable[..., np.ndarray] = field(repr=False, compare=False)
    scaled: bool = True
    lr: float | list | None = None
    torch_lr: float | list | None = None
    last_step: int | None = None
    batched: bool = False

    __array_ufunc__ = None  # NumPy defers: array * s calls s.__rmul__, as a float does

    @property
    def bound(self) -> bool:
        """True when the schedule has its rates: bound to a base rate, or its own."""
        return self.lr is not None or not self.scaled

    def __call__(self, t) -> np.ndarray:
        """The learning rate at step t (an int ≥ 0 or an integer array)."""
        if not self.bound:
            raise TypeError(
                f"{self!r} has no rate yet: multiply it by a base rate first, e.g. 0.1 * {self!r}"
            )
        t = steps_array(t)
        if self.last_step is not None and t.size and t.max() > self.last_step:
            raise ValueError(
                f"t must be <= {self.last_step} for {self.name} (its total_steps), "
                f"got {int(t.max())}"
            )
        if self.batched:
            t = t[..., None]
        if self.scaled:
            return np.asarray(self.fn(t, np.asarray(self.lr, dtype=np.float64)), dtype=np.float64)
        return np.asarray(self.fn(t), dtype=np.float64)

    def __rmul__(self, lr) -> Schedule:
        """``lr * s``: the schedule bound to the base rate ``lr`` (a number or a 1-D batch)."""
        if isinstance(lr, Schedule):
            raise TypeError(f"cannot multiply two schedules, {lr!r} and {self!r}")
        if not self.scaled:
            scheduler = self.torch.split("(")[0]
            own = " and ".join(k for k in self.params if k.endswith("lr"))
            raise TypeError(
                f"{self!r} has rates of its own, as PyTorch's {scheduler} ignores the "
                f"optimizer's lr: it takes no base rate (set its {own} instead)"
            )
        if self.lr is not None:
            unbound = replace(self, lr=None, torch_lr=None, batched=False)
            raise TypeError(
                f"{self!r} is bound to a base rate already: multiply the unbound "
                f"{unbound!r} instead"
            )
        rate = _checks.learning_rates("lr", lr)
        if "lr_min" in self.params:  # an absolute floor, as PyTorch's eta_min
            _below("lr_min", self.params["lr_min"], rate)
        return replace(self, lr=_param(rate), torch_lr=_param(rate), batched=rate.ndim == 1)

    __mul__ = __rmul__

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        call = f"{self.name}({args})"
        return call if self.lr is None else f"{self.lr!r} * {call}"


def steps_array(t) -> np.ndarray:
    """Check a step t (an int ≥ 0, or an array of them) and return it as an int array."""
    if isinstance(t, (bool, np.bool_)) or isinstance(t, (str, bytes)) or t is None:
        raise TypeError(f"t must be an integer step or an array of them, got {t!r}")
    if isinstance(t, numbers.Integral):
        if int(t) < 0:
            raise ValueError(f"t must be >= 0, got {t!r}")
        if int(t) > np.iinfo(np.int64).max:
            raise ValueError(f"t must fit in 64 bits, got {t!r}")
        array = np.asarray(int(t))
    else:
        array = np.asarray(t)
        if not np.issubdtype(array.dtype, np.integer) and array.size:
            raise TypeError(
                f"t must be an integer step or an integer array, got {t!r} (dtype {array.dtype})"
            )
    if array.size and array.min() < 0:
        raise ValueError(f"t must be >= 0, got {array.min().item()!r}")
    return array.astype(np.int64)


def _int(name: str, value, minimum: int = 1) -> int:
    return _checks.integer(name, value, minimum=minimum)


def _gamma(value) -> float:
    return _checks.in_interval("gamma", value, 0.0, 1.0, closed="right")


def _param(lr: np.ndarray):
    """A rate as it is recorded in ``params``: a float, or a list for a batch."""
    return lr.tolist() if lr.ndim else float(lr)


def _below(name: str, lr_min: float, lr: np.ndarray) -> None:
    """At binding: the floor lr_min must be below the base rate (of every run of a batch)."""
    if np.any(lr_min >= lr):
        raise ValueError(f"{name} must be < lr, got {name}={lr_min!r} and lr={_param(lr)!r}")


def _cosine(lr_min: float, lr, x):
    """lr_min + (lr − lr_min)(1 + cos πx)/2, PyTorch's cosine annealing."""
    return lr_min + (lr - lr_min) * (1 + np.cos(np.pi * x)) / 2


def constant() -> Schedule:
    r"""A fixed rate, α_t = α.

    Example:
        >>> (0.1 * constant())(3).item()
        0.1
    """
    return Schedule("constant", {}, None, lambda t, lr: lr * np.ones(t.shape))


def step_decay(step_size: int, gamma: float = 0.1) -> Schedule:
    r"""Multiply the rate by γ every ``step_size`` steps (PyTorch's ``StepLR``).

    .. math:: \alpha_t = \alpha\, \gamma^{\lfloor t / s \rfloor}

    Example:
        >>> s = 0.1 * step_decay(step_size=30, gamma=0.5)
        >>> s([0, 29, 30, 60]).tolist()
        [0.1, 0.1, 0.05, 0.025]
    """
    step_size, gamma = _int("step_size", step_size), _gamma(gamma)
    return Schedule(
        "step_decay",
        {"step_size": step_size, "gamma": gamma},
        f"StepLR(optimizer, step_size={step_size!r}, gamma={gamma!r})",
        lambda t, lr: lr * gamma ** (t // step_size),
    )


def multistep_decay(milestones: Sequence[int], gamma: float = 0.1) -> Schedule:
    r"""Multiply the rate by γ at each milestone (PyTorch's ``MultiStepLR``).

    .. math:: \alpha_t = \alpha\, \gamma^{\#\{m_i \le t\}}

    Args:
        milestones: strictly increasing steps ≥ 1.
        gamma: γ in (0, 1].

    Example:
        >>> s = 1.0 * multistep_decay(milestones=[2, 5], gamma=0.5)
        >>> s([0, 1, 2, 5, 9]).tolist()
        [1.0, 1.0, 0.5, 0.25, 0.25]
    """
    if isinstance(milestones, (str, bytes)) or not isinstance(milestones, Sequence | np.ndarray):
        raise TypeError(f"milestones must be a list of integer steps, got {milestones!r}")
    ms = [_int(f"milestones[{i}]", m) for i, m in enumerate(milestones)]
    if not ms or any(b <= a for a, b in zip(ms, ms[1:], strict=False)):
        raise ValueError(f"milestones must be a non-empty, strictly increasing list, got {ms!r}")
    gamma = _gamma(gamma)
    edges = np.array(ms)
    return Schedule(
        "multistep_decay",
        {"milestones": ms, "gamma": gamma},
        f"MultiStepLR(optimizer, milestones={ms!r}, gamma={gamma!r})",
        lambda t, lr: lr * gamma ** np.searchsorted(edges, t, side="right"),
    )


def exponential_decay(gamma: float) -> Schedule:
    r"""Multiply the rate by γ at every step (PyTorch's ``ExponentialLR``).

    .. math:: \alpha_t = \alpha\, \gamma^t

    Example:
        >>> (1.0 * exponential_decay(gamma=0.5))([0, 1, 3]).tolist()
        [1.0, 0.5, 0.125]
    """
    gamma = _gamma(gamma)
    return Schedule(
        "exponential_decay",
        {"gamma": gamma},
        f"ExponentialLR(optimizer, gamma={gamma!r})",
        lambda t, lr: lr * gamma ** t.astype(np.float64),
    )


def inverse_time_decay(decay_rate: float) -> Schedule:
    r"""The rate of the classical convergence proofs, α/(1 + kt).

    .. math:: \alpha_t = \frac{\alpha}{1 + k t}

    PyTorch has no class for it: ``LambdaLR`` with that factor gives it, and
    so does Adagrad's own ``lr_decay``. Keras's ``InverseTimeDecay`` divides
    t by a ``decay_steps`` first.

    Example:
        >>> (1.0 * inverse_time_decay(decay_rate=0.5))([0, 2, 6]).tolist()
        [1.0, 0.5, 0.25]
    """
    k = _checks.positive("decay_rate", decay_rate)
    return Schedule(
        "inverse_time_decay",
        {"decay_rate": k},
        f"LambdaLR(optimizer, lr_lambda=lambda t: 1 / (1 + {k!r} * t))",
        lambda t, lr: lr / (1 + k * t),
    )


def polynomial_decay(total_steps: int, power: float = 1.0) -> Schedule:
    r"""Decay to zero as a power of the remaining fraction (PyTorch's ``PolynomialLR``).

    .. math:: \alpha_t = \alpha \left(1 - \frac{\min(t, T)}{T}\right)^p

    The rate is 0 from t = T on. (optax and Keras decay to an ``end_value``
    instead of 0.)

    Example:
        >>> s = 1.0 * polynomial_decay(total_steps=4, power=2.0)
        >>> s([0, 2, 4, 9]).tolist()
        [1.0, 0.25, 0.0, 0.0]
    """
    total = _int("total_steps", total_steps)
    power = _checks.positive("power", power)
    return Schedule(
        "polynomial_decay",
        {"total_steps": total, "power": power},
        f"PolynomialLR(optimizer, total_iters={total!r}, power={power!r})",
        lambda t, lr: lr * (1 - np.minimum(t, total) / total) ** power,
    )


def linear(start_factor: float, end_factor: float, total_steps: int) -> Schedule:
    r"""Move the factor linearly from ``start_factor`` to ``end_factor`` (``LinearLR``).

    .. math::
        \alpha_t = \alpha \left(f_0 + (f_1 - f_0) \frac{\min(t, T)}{T}\right)

    With f₀ < f₁ = 1 this is a linear warmup; with f₀ = 1 > f₁ a linear decay.
    As in PyTorch, f₀ is in (0, 1] and f₁ in [0, 1].

    Example:
        >>> s = 1.0 * linear(start_factor=0.25, end_factor=1.0, total_steps=3)
        >>> s([0, 1, 3, 5]).tolist()
        [0.25, 0.5, 1.0, 1.0]
    """
    f0 = _checks.in_interval("start_factor", start_factor, 0.0, 1.0, closed="right")
    f1 = _checks.in_interval("end_factor", end_factor, 0.0, 1.0, closed="both")
    total = _int("total_steps", total_steps)
    return Schedule(
        "linear",
        {"start_factor": f0, "end_factor": f1, "total_steps": total},
        f"LinearLR(optimizer, start_factor={f0!r}, end_factor={f1!r}, total_iters={total!r})",
        lambda t, lr: lr * (f0 + (f1 - f0) * np.minimum(t, total) / total),
    )


def cosine_decay(t_max: int, lr_min: float = 0.0) -> Schedule:
    r"""Half a cosine from α down to α_min over t_max steps (``CosineAnnealingLR``).

    .. math::
        \alpha_t = \alpha_{\min} + (\alpha - \alpha_{\min})\,
        \frac{1 + \cos(\pi t / T_{\max})}{2}

    α_min = ``lr_min`` is a rate, not a factor (PyTorch's ``eta_min``): it
    stays the same whatever α the schedule is bound to, and must be below it.
    Past t_max the formula goes on, as PyTorch's does: the rate climbs back
    to α at 2·t_max (a period of 2·t_max). optax's ``cosine_decay_schedule``
    and Keras's ``CosineDecay`` stay at the floor instead. Set t_max to the
    number of steps you run.

    Example:
        >>> (1.0 * cosine_decay(t_max=4))([0, 2, 4, 6, 8]).round(6).tolist()
        [1.0, 0.5, 0.0, 0.5, 1.0]
    """
    t_max = _int("t_max", t_max)
    lr_min = _checks.nonnegative("lr_min", lr_min)
    return Schedule(
        "cosine_decay",
        {"t_max": t_max, "lr_min": lr_min},
        f"CosineAnnealingLR(optimizer, T_max={t_max!r}, eta_min={lr_min!r})",
        lambda t, lr: _cosine(lr_min, lr, t / t_max),
    )


def cosine_restarts(t_0: int, t_mult: int = 1, lr_min: float = 0.0) -> Schedule:
    r"""Cosine decay restarted from α, each period t_mult times the last (SGDR).

    PyTorch's ``CosineAnnealingWarmRestarts``: with T_i = t_0·t_mult^i the
    length of the current period and T_cur the steps since its start,

    .. math::
        \alpha_t = \alpha_{\min} + (\alpha - \alpha_{\min})\,
        \frac{1 + \cos(\pi T_{cur} / T_i)}{2}

    ``lr_min`` is a rate, as in :func:`cosine_decay`.

    Example:
        >>> s = 1.0 * cosine_restarts(t_0=2, t_mult=2)
        >>> s([0, 1, 2, 3, 4, 6]).round(6).tolist()
        [1.0, 0.5, 1.0, 0.853553, 0.5, 1.0]
    """
    t_0, t_mult = _int("t_0", t_0), _int("t_mult", t_mult)
    lr_min = _checks.nonnegative("lr_min", lr_min)

    def fn(t, lr):
        if t_mult == 1:
            t_cur, t_i = t % t_0, t_0
        else:
            n = 1
            while t_0 * (t_mult**n - 1) // (t_mult - 1) <= t.max(initial=0):
                n += 1
            starts = t_0 * (t_mult ** np.arange(n) - 1) // (t_mult - 1)  # exact integers
            i = np.searchsorted(starts, t, side="right") - 1
            t_cur, t_i = t - starts[i], t_0 * t_mult**i
        return _cosine(lr_min, lr, t_cur / t_i)

    return Schedule(
        "cosine_restarts",
        {"t_0": t_0, "t_mult": t_mult, "lr_min": lr_min},
        f"CosineAnnealingWarmRestarts(optimizer, T_0={t_0!r}, T_mult={t_mult!r}, "
        f"eta_min={lr_min!r})",
        fn,
    )


def warmup_cosine(
    warmup_steps: int, total_steps: int, start_factor: float, lr_min: float = 0.0
) -> Schedule:
    r"""Linear warmup from f₀·α to α, then cosine decay to α_min: the transformer recipe.

    With w = ``warmup_steps`` and T = ``total_steps``:

    .. math::
        \alpha_t = \begin{cases}
        \alpha\,\bigl(f_0 + (1 - f_0)\, t / w\bigr) & t < w \\
        \alpha_{\min} + (\alpha - \alpha_{\min})\,
        \frac{1 + \cos(\pi (t - w) / (T - w))}{2} & t \ge w
        \end{cases}

    In PyTorch: ``LinearLR`` then ``CosineAnnealingLR`` joined by
    ``SequentialLR`` (past T the cosine climbs again, as in
    :func:`cosine_decay`). optax's ``warmup_cosine_decay_schedule`` starts from
    an ``init_value`` and holds the floor after T. ``lr_min`` is a rate, as in
    :func:`cosine_decay`.

    Example:
        >>> s = 1.0 * warmup_cosine(warmup_steps=2, total_steps=6, start_factor=0.5)
        >>> s([0, 1, 2, 4, 6]).round(6).tolist()
        [0.5, 0.75, 1.0, 0.5, 0.0]
    """
    w = _int("warmup_steps", warmup_steps)
    total = _int("total_steps", total_steps, minimum=w + 1)
    f0 = _checks.in_interval("start_factor", start_factor, 0.0, 1.0, closed="right")
    lr_min = _checks.nonnegative("lr_min", lr_min)

    def fn(t, lr):
        warm = lr * (f0 + (1 - f0) * np.minimum(t, w) / w)
        return np.where(t < w, warm, _cosine(lr_min, lr, (t - w) / (total - w)))

    torch = (
        f"SequentialLR(optimizer, schedulers=["
        f"LinearLR(optimizer, start_factor={f0!r}, end_factor=1.0, total_iters={w!r}), "
        f"CosineAnnealingLR(optimizer, T_max={total - w!r}, eta_min={lr_min!r})], "
        f"milestones=[{w!r}])"
    )
    params = {"warmup_steps": w, "total_steps": total, "start_factor": f0, "lr_min": lr_min}
    return Schedule("warmup_cosine", params, torch, fn)


def one_cycle(
    max_lr,
    total_steps: int,
    pct_start: float = 0.3,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> Schedule:
    r"""The one-cycle policy (Smith): up to ``max_lr``, then far below the start (``OneCycleLR``).

    With α₀ = max_lr / div_factor and α_end = α₀ / final_div_factor, the rate
    follows cosine arcs a + (b − a)(1 − cos πp)/2 through the phases

    - α₀ → max_lr over the first pct_start·T − 1 steps, then max_lr → α_end; or,
      with ``three_phase``, α₀ → max_lr, max_lr → α₀ (same length), then α₀ → α_end.

    The phase ends are PyTorch's (pct_start·T − 1, T − 1, and 2·pct_start·T − 2),
    so the values match ``OneCycleLR(anneal_strategy="cos")`` exactly,
    including at t = T, the last step PyTorch allows; t > T is an error here as
    there. PyTorch also cycles the momentum by default (``cycle_momentum=True``);
    this schedule is the learning rate only. Its rates are its own, as
    ``OneCycleLR`` ignores the optimizer's lr: it is bound from the start and
    takes no base rate (``0.1 * one_cycle(...)`` is an error).

    Example:
        >>> s = one_cycle(1.0, total_steps=10, pct_start=0.5, div_factor=10.0)
        >>> s([0, 4, 9]).round(6).tolist()
        [0.1, 1.0, 1e-05]
    """
    lr = _checks.learning_rates("max_lr", max_lr)
    total = _int("total_steps", total_steps, minimum=2)
    pct = _checks.in_interval("pct_start", pct_start, 0.0, 1.0)
    div = _checks.positive("div_factor", div_factor)
    final_div = _checks.positive("final_div_factor", final_div_factor)
    if not isinstance(three_phase, bool):
        raise TypeError(f"three_phase must be True or False, got {three_phase!r}")
    initial, low = lr / div, lr / div / final_div
    up_end = pct * total - 1
    if up_end <= 0:
        raise ValueError(
            f"pct_start * total_steps must be > 1 so that the warm-up phase has a length, "
            f"got pct_start={pct!r}, total_steps={total!r}"
        )
    if three_phase:
        ends = [up_end, 2 * pct * total - 2, total - 1]
        values = [(initial, lr), (lr, initial), (initial, low)]
    else:
        ends = [up_end, total - 1]
        values = [(initial, lr), (lr, low)]
    if ends[-2] >= ends[-1]:
        raise ValueError(
            f"pct_start={pct!r} leaves no room for the last phase with three_phase=True "
            f"and total_steps={total!r}: need 2 * pct_start * total_steps - 2 < total_steps - 1"
        )

    def fn(t):
        starts = [0.0, *ends[:-1]]
        arcs = [
            end + (start - end) / 2.0 * (np.cos(np.pi * (t - s) / (e - s)) + 1)
            for s, e, (start, end) in zip(starts, ends, values, strict=True)
        ]
        return np.select([t <= e for e in ends[:-1]], arcs[:-1], default=arcs[-1])

    torch = (
        f"OneCycleLR(optimizer, max_lr={_param(lr)!r}, total_steps={total!r}, "
        f"pct_start={pct!r}, anneal_strategy='cos', cycle_momentum=False, "
        f"div_factor={div!r}, final_div_factor={final_div!r}, three_phase={three_phase!r})"
    )
    params = {
        "max_lr": _param(lr),
        "total_steps": total,
        "pct_start": pct,
        "div_factor": div,
        "final_div_factor": final_div,
        "three_phase": three_phase,
    }
    return Schedule("one_cycle", params, torch, fn, scaled=False, torch_lr=_param(lr),
                    last_step=total, batched=lr.ndim == 1)  # fmt: skip


def cyclic(
    base_lr,
    max_lr,
    step_size_up: int,
    mode: str = "triangular",
    step_size_down: int | None = None,
) -> Schedule:
    r"""Triangular cycles between ``base_lr`` and ``max_lr`` (Smith; ``CyclicLR``).

    With a cycle of s_up + s_down steps (s_down = s_up unless given), the rate
    climbs linearly from base_lr to max_lr in s_up steps and falls back in
    s_down. In ``"triangular2"`` mode the height halves after every cycle:

    .. math::
        \alpha_t = \alpha_{\text{base}} + (\alpha_{\max} - \alpha_{\text{base}})\,
        h(t)\, \bigl(\tfrac{1}{2}\bigr)^{c(t) - 1}

    where h is the triangle wave in [0, 1] and c(t) = 1, 2, … the cycle number.
    PyTorch's ``CyclicLR`` also cycles the momentum by default; this is the
    learning rate only. Its two rates are its own, as ``CyclicLR`` ignores the
    optimizer's lr: it is bound from the start and takes no base rate.

    Example:
        >>> s = cyclic(0.1, 1.0, step_size_up=2, mode="triangular2")
        >>> s([0, 1, 2, 3, 4, 6]).round(6).tolist()
        [0.1, 0.55, 1.0, 0.55, 0.1, 0.55]
    """
    base = _checks.learning_rates("base_lr", base_lr)
    peak = _checks.learning_rates("max_lr", max_lr)
    if np.any(peak <= base):
        raise ValueError(
            f"max_lr must be > base_lr, got max_lr={_param(peak)!r}, base_lr={_param(base)!r}"
        )
    up = _int("step_size_up", step_size_up)
    down = up if step_size_down is None else _int("step_size_down", step_size_down)
    if mode not in ("triangular", "triangular2"):
        raise ValueError(f"mode must be 'triangular' or 'triangular2', got {mode!r}")
    size, ratio = float(up + down), up / float(up + down)
    height = peak - base

    def fn(t):
        cycle = np.floor(1 + t / size)
        x = 1.0 + t / size - cycle
        scale = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        # ½^(c−1) as exp2: 1 / 2.0 ** (c − 1) overflows (a RuntimeWarning) after ~1000 cycles
        shrink = 1.0 if mode == "triangular" else np.exp2(1 - cycle)
        return base + height * scale * shrink

    params = {"base_lr": _param(base), "max_lr": _param(peak), "step_size_up": up, "mode": mode}
    if step_size_down is not None:
        params["step_size_down"] = down
    torch = (
        f"CyclicLR(optimizer, base_lr={_param(base)!r}, max_lr={_param(peak)!r}, "
        f"step_size_up={up!r}, step_size_down={down!r}, mode={mode!r}, cycle_momentum=False)"
    )
    batched = bool(np.broadcast_shapes(base.shape, peak.shape))
    return Schedule("cyclic", params, torch, fn, scaled=False, torch_lr=_param(base),
                    batched=batched)  # fmt: skip
