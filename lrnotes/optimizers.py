r"""Optimizers: hyperparameters in a frozen object, two pure functions, in the style of optax.

An :class:`Optimizer` is built from its hyperparameters alone (``SGD(momentum=0.9)``,
``Adam(betas=(0.9, 0.99))``): the learning rate is not one of them. It lives in
one place, the ``lr`` of :func:`lrnotes.minimize`, which may be a number, a batch
of rates or a schedule. The optimizer gives

- ``init(theta) -> state``, and
- ``update(grad, state, theta, lr) -> (updates, new_state)``: the caller adds the
  updates to θ. It is pure: ``state``, ``grad`` and ``theta`` are left as they
  were, so the same call gives the same answer twice.

:func:`lrnotes.minimize` owns its state and uses ``_step``, the same kernel
working in place on the state's buffers (as ``torch.optim`` does); on 10⁶
parameters this is what keeps Adam within 3× of a plain copy (``make bench``).

Parameter names, defaults and update equations are those of ``torch.optim``,
so that a number computed here carries over to PyTorch.
"""

from __future__ import annotations

import dataclasses
import numbers
from typing import Any, ClassVar

import numpy as np

from lrnotes import _checks

State = dict[str, Any]


class Optimizer:
    """The base of every optimizer: hyperparameters, ``init`` and a pure ``update``."""

    def __new__(cls, *args, **kwargs):
        if cls is Optimizer:
            raise TypeError("Optimizer is the base class: build SGD(), Adam(), ... instead")
        if "lr" in kwargs or _rate_first(args):
            got = f"lr={kwargs['lr']!r}" if "lr" in kwargs else f"positional {args!r}"
            raise TypeError(
                f"{cls.__name__} takes its hyperparameters by keyword, and the learning rate "
                f"is not one of them, got {got}: pass it to minimize(..., lr=...)"
            )
        if args:
            names = ", ".join(f.name for f in dataclasses.fields(cls))
            raise TypeError(
                f"{cls.__name__} takes its hyperparameters by keyword ({names}), "
                f"got positional {args!r}"
            )
        return super().__new__(cls)

    @property
    def name(self) -> str:
        """The optimizer's name, e.g. ``"Adam"``."""
        return type(self).__name__

    @property
    def hyperparams(self) -> dict:
        """Every hyperparameter, name → value."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def __repr__(self) -> str:
        changed = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != f.default
        ]
        return f"{self.name}({', '.join(changed)})"

    def init(self, theta) -> State:
        """The state before the first step, for parameters shaped like ``theta``."""
        raise NotImplementedError

    def update(self, grad, state: State, theta, lr) -> tuple[np.ndarray, State]:
        """The updates to add to θ and the state after the step; the inputs are left alone.

        ``lr`` is the rate of this step, a number, or one per run for a batch
        (the runs on the last axis of ``theta``).
        """
        copy = {k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in state.items()}
        return self._step(np.asarray(grad, dtype=np.float64), copy, np.asarray(theta), lr)

    def _step(self, grad, state: State, theta, lr) -> tuple[np.ndarray, State]:
        """``update``, consuming ``state``: its buffers are updated in place."""
        raise NotImplementedError

    def _set(self, name: str, value) -> None:
        object.__setattr__(self, name, value)  # a frozen dataclass's checked value


def _flag(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def _betas(value) -> tuple[float, float]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"betas must be a pair (β₁, β₂), got {value!r}")
    b1 = _checks.in_interval("betas[0]", value[0], 0.0, 1.0, closed="left")
    b2 = _checks.in_interval("betas[1]", value[1], 0.0, 1.0, closed="left")
    return b1, b2


def _empty(x) -> np.ndarray:
    """A fresh float array shaped like x (0-d too: ufuncs return scalars there)."""
    return np.empty(np.shape(x))


def _zeros(theta) -> np.ndarray:
    return np.zeros_like(theta, dtype=np.float64)


BLOCK = 32_768  # elements: the few arrays of a block stay in L2 cache across a step's passes


def _blockwise(kernel, scalar_lr: bool, *arrays) -> None:
    """Run the elementwise ``kernel`` on matching blocks of the arrays (all one shape).

    Adam makes a dozen passes over its arrays; over blocks that fit in cache
    they cost a fraction of whole-array passes (``make bench``). The result
    is the same, element by element. Small, batched (a learning rate per
    run), or non-contiguous arrays get one call.
    """
    first = arrays[0]
    if (
        first.size <= 2 * BLOCK
        or not scalar_lr
        or any(a.shape != first.shape or not a.flags.c_contiguous for a in arrays)
    ):
        kernel(*arrays)
        return
    flat = [a.reshape(-1) for a in arrays]
    for start in range(0, first.size, BLOCK):
        kernel(*(a[start : start + BLOCK] for a in flat))


def _lerp(buffer, target, weight, scratch):
    """buffer ← buffer + weight · (target − buffer), in place; target may be scratch."""
    np.subtract(target, buffer, out=scratch)
    np.multiply(scratch, weight, out=scratch)
    np.add(buffer, scratch, out=buffer)


def _decayed(grad, theta, weight_decay):
    """g = ∇J(θ) + λθ, a new array only when λ > 0."""
    return grad + weight_decay * theta if weight_decay else grad


_optimizer = dataclasses.dataclass(frozen=True, kw_only=True, repr=False)


@_optimizer
class SGD(Optimizer):
    r"""Stochastic gradient descent, with PyTorch's momentum.

    With g_t = ∇J(θ_{t−1}) + λθ_{t−1}, t = 1, 2, … (θ₀ the start; λ = ``weight_decay``)
    and μ = ``momentum``:

    .. math::
        b_1 = g_1, \qquad b_t = \mu b_{t-1} + (1 - \tau) g_t \quad (t > 1),

        \theta_t = \theta_{t-1} - \alpha\, b_t
        \quad\text{or, with Nesterov,}\quad
        \theta_t = \theta_{t-1} - \alpha\,(g_t + \mu b_t)

    where τ = ``dampening``. With μ = 0 this is the plain rule
    θ_t = θ_{t−1} − α∇J(θ_{t−1}) of the worked example. On a quadratic the heavy-ball
    form is stable for α < 2(1 + μ)/((1 − τ)L), Nesterov's only for
    α < 2(1 + μ)/((1 + 2μ)L) (:func:`lrnotes.stability.momentum_max_stable_lr`).

    Where others differ: PyTorch (and this) starts the buffer at the first
    gradient, b₁ = g₁, rather than at zero; Sutskever et al. and many textbooks
    write v = μv + αg with α inside the buffer, which is the same only while α
    is constant.

    Args:
        momentum: μ in [0, 1).
        dampening: τ in [0, 1].
        nesterov: use Nesterov momentum (needs μ > 0 and τ = 0).
        weight_decay: λ ≥ 0, an L2 penalty added to the gradient.

    Example:
        >>> from lrnotes import minimize, square
        >>> minimize(square(), 2.0, SGD(), steps=2, lr=0.1).thetas.tolist()
        [2.0, 1.6, 1.28]
    """

    momentum: float = 0.0
    dampening: float = 0.0
    nesterov: bool = False
    weight_decay: float = 0.0

    def __post_init__(self):
        self._set(
            "momentum", _checks.in_interval("momentum", self.momentum, 0.0, 1.0, closed="left")
        )
        self._set(
            "dampening", _checks.in_interval("dampening", self.dampening, 0.0, 1.0, closed="both")
        )
        self._set("weight_decay", _checks.nonnegative("weight_decay", self.weight_decay))
        _flag("nesterov", self.nesterov)
        if self.nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError(
                f"nesterov=True needs momentum > 0 and dampening = 0, "
                f"got momentum={self.momentum!r}, dampening={self.dampening!r}"
            )

    def init(self, theta) -> State:
        if self.momentum == 0:  # plain SGD keeps nothing per parameter
            return {"step": 0}
        return {"step": 0, "momentum_buffer": _zeros(theta)}

    def _step(self, grad, state, theta, lr):
        mu, tau = self.momentum, self.dampening
        g = _decayed(grad, theta, self.weight_decay)
        if mu == 0:
            return -lr * g, {"step": state["step"] + 1}
        out = _empty(g)  # the one new array of the step: it becomes the updates
        if state["step"] == 0:
            buf = np.array(g, dtype=np.float64)
        else:  # b = μb + (1 − τ)g, in the state's own buffer
            buf = state["momentum_buffer"]
            np.multiply(buf, mu, out=buf)
            np.add(buf, g if tau == 0 else np.multiply(g, 1 - tau, out=out), out=buf)
        if self.nesterov:
            np.multiply(buf, mu, out=out)
            np.add(g, out, out=out)
        else:
            np.copyto(out, buf)
        np.multiply(out, -lr, out=out)
        return out, {"step": state["step"] + 1, "momentum_buffer": buf}


@_optimizer
class Adagrad(Optimizer):
    r"""Adagrad: each coordinate's step shrinks with its own gradient history.

    With g_t = ∇J(θ_{t−1}) + λθ_{t−1}, t = 1, 2, … (θ₀ the start), η = ``lr_decay`` and
    s₀ = ``initial_accumulator_value``:

    .. math::
        \alpha_t = \frac{\alpha}{1 + (t - 1)\,\eta}, \qquad
        s_t = s_{t-1} + g_t^2, \qquad
        \theta_t = \theta_{t-1} - \alpha_t \frac{g_t}{\sqrt{s_t} + \varepsilon}

    (t = 1, 2, … counts the updates; squares, roots and quotients are per
    coordinate). This is ``torch.optim.Adagrad``: ε is added *outside* the
    square root, and the first step is α·g₁/(|g₁| + ε) ≈ α·sign(g₁) when s₀ = 0 and
    |g₁| ≫ ε.

    Where others differ: Keras (``initial_accumulator_value=0.1``,
    ``epsilon=1e-7``, ``learning_rate=0.001``) and optax (``0.1``, ``1e-7``)
    put ε *inside* the root, √(s_t + ε), and start the accumulator at 0.1, so
    their first step is α·g₁/√(0.1 + g₁² + ε): much smaller than α only where
    |g₁| ≲ 0.3 (see :class:`KerasAdagrad`).

    Args:
        lr_decay: η ≥ 0, the inverse-time decay of α built into Adagrad.
        weight_decay: λ ≥ 0, an L2 penalty added to the gradient.
        initial_accumulator_value: s₀ ≥ 0.
        eps: ε ≥ 0.

    Example:
        >>> from lrnotes import minimize, square
        >>> minimize(square(), 2.0, Adagrad(), steps=1, lr=0.5).thetas.round(6).tolist()
        [2.0, 1.5]
    """

    lr_decay: float = 0.0
    weight_decay: float = 0.0
    initial_accumulator_value: float = 0.0
    eps: float = 1e-10

    def __post_init__(self):
        for name in ("lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            self._set(name, _checks.nonnegative(name, getattr(self, name)))

    def init(self, theta) -> State:
        return {
            "step": 0,
            "sum": np.full_like(theta, self.initial_accumulator_value, dtype=np.float64),
        }

    def _step(self, grad, state, theta, lr):
        step = state["step"] + 1
        g = _decayed(grad, theta, self.weight_decay)
        s, updates = state["sum"], _empty(g)
        np.add(s, np.multiply(g, g, out=updates), out=s)  # s_t = s_{t−1} + g²
        np.sqrt(s, out=updates)
        np.add(updates, self.eps, out=updates)
        np.divide(g, updates, out=updates)
        np.multiply(updates, -lr / (1 + (step - 1) * self.lr_decay), out=updates)
        return updates, {"step": step, "sum": s}


@_optimizer
class RMSprop(Optimizer):
    r"""RMSprop: divide the step by a running root-mean-square of the gradient.

    With g_t = ∇J(θ_{t−1}) + λθ_{t−1}, t = 1, 2, … (θ₀ the start), the smoothing
    constant ρ = ``alpha`` (PyTorch's name; not the learning rate) and v₀ = 0:

    .. math::
        v_t = \rho\, v_{t-1} + (1 - \rho)\, g_t^2, \qquad
        \tilde v_t = v_t - \bar g_t^2 \ \text{(centered, with }
        \bar g_t = \rho\,\bar g_{t-1} + (1 - \rho)\, g_t\text{)},

        \theta_t = \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{\tilde v_t} + \varepsilon}
        \quad\text{or, with momentum } \mu > 0,\quad
        b_t = \mu b_{t-1} + \frac{g_t}{\sqrt{\tilde v_t} + \varepsilon},\
        \theta_t = \theta_{t-1} - \alpha\, b_t

    with ṽ_t = v_t when not centered and b₀ = 0. This is ``torch.optim.RMSprop``:
    ε is added outside the root, v starts at 0 with no bias correction (so the
    first step is α·g₁/(0.1·|g₁| + ε) ≈ 10α·sign(g₁) with ρ = 0.99 and |g₁| ≫ ε), and the
    momentum buffer holds the normalised gradient without α.

    Where others differ: Keras (``rho=0.9``, ``epsilon=1e-7``) and optax
    (``decay=0.9``, ``eps=1e-8``, ``eps_in_sqrt=True``) use √(ṽ_t + ε), ε
    inside the root; Keras's momentum buffer
    holds α·g/√(…) (α inside, b = μb + αg/√…), which differs from this one when
    α changes during training.

    Args:
        alpha: ρ in [0, 1), the decay of the running mean of g².
        eps: ε ≥ 0.
        weight_decay: λ ≥ 0, an L2 penalty added to the gradient.
        momentum: μ in [0, 1).
        centered: divide by an estimate of the variance of g instead of its
            second moment.

    Example:
        >>> from lrnotes import minimize, square
        >>> minimize(square(), 2.0, RMSprop(), steps=1, lr=0.01).thetas.round(6).tolist()
        [2.0, 1.9]
    """

    alpha: float = 0.99
    eps: float = 1e-08
    weight_decay: float = 0.0
    momentum: float = 0.0
    centered: bool = False

    def __post_init__(self):
        self._set("alpha", _checks.in_interval("alpha", self.alpha, 0.0, 1.0, closed="left"))
        self._set("eps", _checks.nonnegative("eps", self.eps))
        self._set("weight_decay", _checks.nonnegative("weight_decay", self.weight_decay))
        self._set(
            "momentum", _checks.in_interval("momentum", self.momentum, 0.0, 1.0, closed="left")
        )
        _flag("centered", self.centered)

    def init(self, theta) -> State:
        state = {"step": 0, "square_avg": _zeros(theta)}
        if self.momentum > 0:
            state["momentum_buffer"] = _zeros(theta)
        if self.centered:
            state["grad_avg"] = _zeros(theta)
        return state

    def _step(self, grad, state, theta, lr):
        rho = self.alpha
        new = {**state, "step": state["step"] + 1}
        g = _decayed(grad, theta, self.weight_decay)
        v, u = state["square_avg"], _empty(g)  # u: scratch, then the updates
        _lerp(v, np.multiply(g, g, out=u), 1 - rho, u)  # v + (1 − ρ)(g² − v), as PyTorch
        if self.centered:
            gbar = state["grad_avg"]
            _lerp(gbar, g, 1 - rho, u)
            np.multiply(gbar, gbar, out=u)
            np.subtract(v, u, out=u)
            np.sqrt(u, out=u)
        else:
            np.sqrt(v, out=u)
        np.add(u, self.eps, out=u)
        np.divide(g, u, out=u)  # u = g / (√ṽ + ε)
        if self.momentum > 0:
            buf = state["momentum_buffer"]
            np.multiply(buf, self.momentum, out=buf)
            np.add(buf, u, out=buf)
            np.copyto(u, buf)
        np.multiply(u, -lr, out=u)
        return u, new


@_optimizer
class Adam(Optimizer):
    r"""Adam: momentum on g divided by a running root-mean-square of g, bias-corrected.

    With g_t = ∇J(θ_{t−1}) + λθ_{t−1}, t = 1, 2, … (θ₀ the start; an L2 penalty, see
    :class:`AdamW` for the decoupled form) and m₀ = v₀ = 0:

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}

    This is ``torch.optim.Adam`` (``amsgrad=False``): ε is added to the
    bias-corrected root √v̂_t, so the first step is α·g₁/(|g₁| + ε) ≈ α·sign(g₁)
    whatever the size of g₁, as long as |g₁| ≫ ε.

    Where others differ: Keras (``epsilon=1e-7``) and the Adam paper's reordered,
    "slightly more efficient (but less clear)" form (its ε̂, §2, just before §2.1;
    Algorithm 1 itself adds ε where PyTorch does) add ε to the uncorrected √v_t. Since
    α√(1 − β₂^t)/(1 − β₁^t) · m_t/(√v_t + ε) = α m̂_t/(√v̂_t + ε/√(1 − β₂^t)),
    their ε is ε/√(1 − β₂^t) in the formula above: early steps see a *larger*
    ε, 1/√(1 − β₂) ≈ 31.6 times larger at t = 1 with β₂ = 0.999 (see
    :class:`KerasAdam` and :func:`keras_adam_eps`). optax's ``adam`` adds ε
    where PyTorch does and has a second constant ``eps_root`` (default 0)
    inside the root, √(v̂_t + eps_root) + ε.

    Args:
        betas: (β₁, β₂), each in [0, 1).
        eps: ε ≥ 0.
        weight_decay: λ ≥ 0, added to the gradient (L2), as in PyTorch's Adam.

    Example:
        >>> from lrnotes import minimize, square
        >>> minimize(square(), 2.0, Adam(), steps=1, lr=0.1).thetas.round(6).tolist()
        [2.0, 1.9]
    """

    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-08
    weight_decay: float = 0.0
    decoupled: ClassVar[bool] = False  # AdamW's decay

    def __post_init__(self):
        self._set("betas", _betas(self.betas))
        self._set("eps", _checks.nonnegative("eps", self.eps))
        self._set("weight_decay", _checks.nonnegative("weight_decay", self.weight_decay))

    def init(self, theta) -> State:
        return {"step": 0, "exp_avg": _zeros(theta), "exp_avg_sq": _zeros(theta)}

    def _step(self, grad, state, theta, lr):
        (b1, b2), eps, decay, decoupled = self.betas, self.eps, self.weight_decay, self.decoupled
        step = state["step"] + 1
        g = grad if decoupled else _decayed(grad, theta, decay)
        m, v, u = state["exp_avg"], state["exp_avg_sq"], _empty(g)  # u: scratch, then updates
        root_bias2, step_size = np.sqrt(1 - b2**step), -lr / (1 - b1**step)

        def kernel(g, m, v, u, theta):
            _lerp(m, g, 1 - b1, u)  # m + (1 − β₁)(g − m): PyTorch's lerp
            _lerp(v, np.multiply(g, g, out=u), 1 - b2, u)  # v + (1 − β₂)(g² − v)
            np.sqrt(v, out=u)
            np.divide(u, root_bias2, out=u)
            np.add(u, eps, out=u)
            np.divide(m, u, out=u)
            np.multiply(u, step_size, out=u)
            if decoupled and decay:
                np.subtract(u, (lr * decay) * theta, out=u)

        _blockwise(kernel, np.size(lr) == 1, g, m, v, u, theta)
        return u, {"step": step, "exp_avg": m, "exp_avg_sq": v}


@_optimizer
class AdamW(Adam):
    r"""AdamW: Adam with decoupled weight decay (Loshchilov and Hutter).

    With g_t = ∇J(θ_{t−1}), t = 1, 2, … (θ₀ the start; no penalty added) and m_t, v_t,
    m̂_t, v̂_t as in :class:`Adam`:

    .. math::
        \theta_t = (1 - \alpha\lambda)\,\theta_{t-1}
        - \alpha\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}

    This is ``torch.optim.AdamW``: the decay is multiplied by the current
    learning rate α (so a schedule shrinks it too) and applied to θ_{t−1} before
    the Adam step; its default λ is 0.01.

    Where others differ: optax's ``adamw`` has the same form with default
    ``weight_decay=1e-4``; Keras's ``AdamW`` uses 0.004. The paper's
    Algorithm 2 multiplies λ by a schedule multiplier η_t but not by α.

    Args:
        betas: (β₁, β₂), each in [0, 1).
        eps: ε ≥ 0.
        weight_decay: λ ≥ 0, the decoupled decay.

    Example:
        >>> from lrnotes import minimize, square
        >>> run = minimize(square(), 2.0, AdamW(weight_decay=0.5), steps=1, lr=0.1)
        >>> run.thetas.round(6).tolist()
        [2.0, 1.8]
    """

    weight_decay: float = 0.01
    decoupled: ClassVar[bool] = True


def state_buffers(optimizer: Optimizer) -> list[str]:
    """The names of the arrays, each the size of θ, that the optimizer's state keeps.

    Read off the state that ``optimizer.init`` builds, so that a table of
    memory per parameter comes from the code. (The step counter is one number
    for the whole model and is not listed.)

    Example:
        >>> state_buffers(Adam()), state_buffers(SGD()), state_buffers(SGD(momentum=0.9))
        (['exp_avg', 'exp_avg_sq'], [], ['momentum_buffer'])
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an lrnotes Optimizer, got {optimizer!r}")
    theta = np.zeros(3)
    state = optimizer.init(theta)
    return [name for name, value in state.items() if np.shape(value) == theta.shape]


# --- Keras's conventions, for comparison ------------------------------------


def keras_adam_eps(eps: float, beta2: float, step) -> np.ndarray | float:
    r"""The ε of PyTorch's Adam formula that Keras's (and the paper's ε̂) equals at step t.

    Keras adds ε to the uncorrected root: α√(1−β₂ᵗ)/(1−β₁ᵗ) · m_t/(√v_t + ε).
    Dividing above and below by √(1−β₂ᵗ) gives PyTorch's form
    α m̂_t/(√v̂_t + ε_t) with

    .. math:: \varepsilon_t = \frac{\varepsilon}{\sqrt{1 - \beta_2^t}},

    larger than ε in the early steps (by 1/√(1 − β₂) ≈ 31.6 at t = 1 with
    β₂ = 0.999) and tending to ε as t grows.

    Args:
        eps: Keras's ε ≥ 0.
        beta2: β₂ in [0, 1).
        step: t ≥ 1, an integer or an array of them.

    Example:
        >>> round(keras_adam_eps(1.0, 0.999, 1), 3), round(keras_adam_eps(1.0, 0.999, 10**5), 6)
        (31.623, 1.0)
    """
    eps = _checks.nonnegative("eps", eps)
    beta2 = _checks.in_interval("beta2", beta2, 0.0, 1.0, closed="left")
    t = np.asarray(step)
    if t.dtype.kind not in "iu" or np.any(t < 1):
        raise ValueError(f"step must be an integer >= 1 (or an array of them), got {step!r}")
    out = eps / np.sqrt(1 - beta2**t)
    return float(out) if out.ndim == 0 else out


@_optimizer
class KerasAdam(Optimizer):
    r"""Keras's ``Adam`` (and the Adam paper's reordered form), reimplemented to compare.

    With g_t = ∇J(θ_{t−1}), t = 1, 2, … (θ₀ the start) and m₀ = v₀ = 0:

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2,

        \theta_t = \theta_{t-1} - \alpha\,\frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}\,
        \frac{m_t}{\sqrt{v_t} + \varepsilon}

    as ``keras.optimizers.Adam.update_step`` (``amsgrad=False``, no weight
    decay): ε is added before the bias correction of √v_t, as in the Adam paper's
    reordered, "slightly more efficient (but less clear)" form (§2, just before
    §2.1). It equals :class:`Adam` with ε replaced by :func:`keras_adam_eps` at
    every step.

    Args:
        betas: (β₁, β₂), each in [0, 1).
        eps: ε ≥ 0 (Keras's default 1e-7).

    Example:
        >>> from lrnotes import minimize, square
        >>> minimize(square(), 2.0, KerasAdam(), steps=1, lr=0.1).thetas.round(6).tolist()
        [2.0, 1.9]
    """

    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-7

    def __post_init__(self):
        self._set("betas", _betas(self.betas))
        self._set("eps", _checks.nonnegative("eps", self.eps))

    def init(self, theta) -> State:
        return {"step": 0, "m": _zeros(theta), "v": _zeros(theta)}

    def _step(self, grad, state, theta, lr):
        (b1, b2), t = self.betas, state["step"] + 1
        m = state["m"] + (1 - b1) * (grad - state["m"])
        v = state["v"] + (1 - b2) * (grad * grad - state["v"])
        step_size = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        return -step_size * m / (np.sqrt(v) + self.eps), {"step": t, "m": m, "v": v}


@_optimizer
class KerasAdagrad(Optimizer):
    r"""Keras's ``Adagrad``, reimplemented to compare with PyTorch's.

    With g_t = ∇J(θ_{t−1}), t = 1, 2, … (θ₀ the start):

    .. math::
        s_0 = 0.1, \qquad s_t = s_{t-1} + g_t^2, \qquad
        \theta_t = \theta_{t-1} - \alpha\,\frac{g_t}{\sqrt{s_t + \varepsilon}}

    as ``keras.optimizers.Adagrad.update_step``: the accumulator starts at
    ``initial_accumulator_value`` and ε is inside the root, so the first step
    is α·g₁/√(s₀ + g₁² + ε): close to α·sign(g₁) for |g₁| ≫ √s₀ ≈ 0.32, and
    α·g₁/√s₀, much smaller than α, for |g₁| ≪ √s₀.

    Args:
        initial_accumulator_value: s₀ ≥ 0.
        eps: ε ≥ 0.

    Example:
        >>> from lrnotes import minimize, square
        >>> run = minimize(square(), 2.0, KerasAdagrad(eps=0.0), steps=1, lr=0.1)
        >>> round(float(2.0 - run.thetas[1]), 6)  # 0.1 · 4/√16.1
        0.099689
    """

    initial_accumulator_value: float = 0.1
    eps: float = 1e-7

    def __post_init__(self):
        for name in ("initial_accumulator_value", "eps"):
            self._set(name, _checks.nonnegative(name, getattr(self, name)))

    def init(self, theta) -> State:
        s0 = self.initial_accumulator_value
        return {"step": 0, "accumulator": np.full_like(theta, s0, dtype=np.float64)}

    def _step(self, grad, state, theta, lr):
        s = state["accumulator"] + grad * grad
        return -lr * grad / np.sqrt(s + self.eps), {"step": state["step"] + 1, "accumulator": s}


def _rate_first(args: tuple) -> bool:
    """Whether positional ``args`` start with what looks like a learning rate: a real number."""
    return bool(args) and isinstance(args[0], numbers.Real) and not isinstance(args[0], bool)
