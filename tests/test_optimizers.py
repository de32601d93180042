"""Tests of lrnotes.optimizers: hand-computed first steps, PyTorch's trajectories, purity, checks.

The PyTorch numbers come from tests/data/torch_reference.json, written once by
tests/data/make_torch_reference.py with torch 2.13.0 in float64 (PyTorch is not
needed to run these tests). Its ``kwargs`` are torch.optim's, the rate ``lr``
among them: here the rate goes to ``minimize`` and the rest to the optimizer.
"""

import copy
import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest

import lrnotes
from lrnotes import optimizers
from lrnotes.optimizers import SGD, Adagrad, Adam, AdamW, RMSprop

REFERENCE = json.loads((Path(__file__).parent / "data" / "torch_reference.json").read_text())
J = lrnotes.square()  # J(θ) = θ², ∇J = 2θ; from θ₀ = 2 the first gradient is 4


def run(optimizer, lr, steps=2, theta0=2.0, **kw):
    return lrnotes.minimize(J, theta0, optimizer, steps, lr, **kw).thetas


# torch.optim's default rates, used by the reference cases that do not give one
TORCH_LR = {"Adagrad": 0.01, "RMSprop": 0.01, "Adam": 0.001, "AdamW": 0.001}


def kwargs(case):
    """The optimizer's hyperparameters of a reference case: torch's kwargs without lr."""
    return {k: tuple(v) if k == "betas" else v for k, v in case["kwargs"].items() if k != "lr"}


def rate(case):
    """The learning rate of a reference case, torch's default when it gives none."""
    return case["kwargs"].get("lr", TORCH_LR.get(case["optimizer"]))


# --- first steps by hand ----------------------------------------------------


def test_sgd_first_steps():
    # θ₁ = 2 − 0.1·4 = 1.6; θ₂ = 1.6 − 0.1·3.2 = 1.28
    np.testing.assert_allclose(run(SGD(), 0.1), [2.0, 1.6, 1.28], rtol=1e-15)
    # momentum: b₁ = g₁ = 4, θ₁ = 1.6; b₂ = 0.9·4 + 3.2 = 6.8, θ₂ = 1.6 − 0.68 = 0.92
    np.testing.assert_allclose(run(SGD(momentum=0.9), 0.1), [2.0, 1.6, 0.92], rtol=1e-15)
    # Nesterov: θ₁ = 2 − 0.1·(4 + 0.9·4) = 1.24
    np.testing.assert_allclose(run(SGD(momentum=0.9, nesterov=True), 0.1, 1), [2.0, 1.24])


def test_adagrad_first_steps():
    # s₁ = 16, θ₁ = 2 − 0.5·4/(4 + 1e-10); s₂ = 16 + 3²... with g₂ = 2θ₁
    t1 = 2 - 0.5 * 4 / (4 + 1e-10)
    g2 = 2 * t1
    t2 = t1 - 0.5 * g2 / (np.sqrt(16 + g2**2) + 1e-10)
    np.testing.assert_allclose(run(Adagrad(), 0.5), [2.0, t1, t2], rtol=1e-15)
    np.testing.assert_allclose(t2, 1.2, rtol=1e-9)  # 1.5 − 0.5·3/5
    # lr_decay = 1: the second step uses 0.5/(1 + 1·1) = 0.25 → 1.5 − 0.25·3/5 = 1.35
    np.testing.assert_allclose(run(Adagrad(lr_decay=1.0), 0.5)[2], 1.35, rtol=1e-9)
    # initial_accumulator_value = 9: s₁ = 9 + 16 = 25, θ₁ = 2 − 0.5·4/5 = 1.6
    np.testing.assert_allclose(run(Adagrad(initial_accumulator_value=9.0), 0.5, 1)[1], 1.6)
    # weight_decay = 0.5: g₁ = 4 + 0.5·2 = 5, the first step is still ≈ α·sign(g) = 0.5
    np.testing.assert_allclose(run(Adagrad(weight_decay=0.5), 0.5, 1)[1], 1.5, rtol=1e-9)


def test_rmsprop_first_steps():
    # v₁ = 0.01·16 = 0.16, √v₁ = 0.4, θ₁ = 2 − 0.01·4/(0.4 + 1e-8) ≈ 1.9 (10α, not α)
    t1 = 2 - 0.01 * 4 / (0.4 + 1e-8)
    v2 = 0.99 * 0.16 + 0.01 * (2 * t1) ** 2  # 0.1584 + 0.01·3.8² = 0.3028
    t2 = t1 - 0.01 * 2 * t1 / (np.sqrt(v2) + 1e-8)
    np.testing.assert_allclose(run(RMSprop(), 0.01), [2.0, t1, t2], rtol=1e-14)
    np.testing.assert_allclose([t1, v2], [1.9, 0.3028], rtol=1e-7)
    # centered: ḡ₁ = 0.01·4 = 0.04, ṽ₁ = 0.16 − 0.0016 = 0.1584
    np.testing.assert_allclose(
        run(RMSprop(centered=True), 0.01, 1)[1], 2 - 0.04 / (np.sqrt(0.1584) + 1e-8), rtol=1e-14
    )
    # momentum 0.9: b₁ = 4/0.4 = 10 → θ₁ = 1.9; b₂ = 0.9·10 + 3.8/√v₂
    b2 = 0.9 * 4 / (0.4 + 1e-8) + 2 * t1 / (np.sqrt(v2) + 1e-8)
    np.testing.assert_allclose(run(RMSprop(momentum=0.9), 0.01)[2], t1 - 0.01 * b2, rtol=1e-14)


def test_adam_first_steps():
    # m₁ = 0.1·4 = 0.4, v₁ = 0.001·16 = 0.016, m̂₁ = 4, v̂₁ = 16: θ₁ = 2 − 0.1·4/(4 + 1e-8)
    t1 = 2 - 0.1 * 4 / (4 + 1e-8)
    g2 = 2 * t1
    m2 = 0.9 * 0.4 + 0.1 * g2  # 0.74 when g₂ = 3.8
    v2 = 0.999 * 0.016 + 0.001 * g2**2  # 0.030424
    t2 = t1 - 0.1 * (m2 / 0.19) / (np.sqrt(v2 / (1 - 0.999**2)) + 1e-8)
    np.testing.assert_allclose(run(Adam(), 0.1), [2.0, t1, t2], rtol=1e-14)
    np.testing.assert_allclose([m2, v2], [0.74, 0.030424], rtol=1e-7)
    # L2 weight decay goes into the moments: g₁ = 4 + 0.5·2 = 5, m₁ = 0.5
    opt = Adam(weight_decay=0.5)
    _, state = opt.update(np.array([4.0]), opt.init(np.array([2.0])), np.array([2.0]), 0.1)
    np.testing.assert_allclose([state["exp_avg"][0], state["exp_avg_sq"][0]], [0.5, 0.025])


def test_adamw_first_step():
    # θ₁ = 2 − 0.1·0.5·2 − 0.1·4/(4 + 1e-8) = 2 − 0.1 − 0.1 = 1.8; the decay is not in m
    np.testing.assert_allclose(run(AdamW(weight_decay=0.5), 0.1, 1)[1], 1.8, rtol=1e-8)
    opt = AdamW(weight_decay=0.5)
    _, state = opt.update(np.array([4.0]), opt.init(np.array([2.0])), np.array([2.0]), 0.1)
    np.testing.assert_allclose(state["exp_avg"], [0.4])


def test_defaults_are_pytorchs():
    assert Adagrad().hyperparams == dict(
        lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10
    )
    assert RMSprop().hyperparams == dict(
        alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False
    )
    assert Adam().hyperparams == dict(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    assert AdamW().hyperparams == dict(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    # the rate is not a hyperparameter any more: torch's default rates (TORCH_LR) are
    # those the reference cases that give no lr were computed with
    no_lr = {c["optimizer"] for c in REFERENCE["optimizers"] if "lr" not in c["kwargs"]}
    assert no_lr == set(TORCH_LR)
    for opt in (SGD(), Adagrad(), RMSprop(), Adam(), AdamW()):
        assert "lr" not in opt.hyperparams and not hasattr(opt, "lr")


# --- PyTorch ----------------------------------------------------------------


OBJECTIVES = {
    "quadratic": lrnotes.quadratic(
        REFERENCE["objectives"]["quadratic"]["A"], REFERENCE["objectives"]["quadratic"]["b"]
    ),
    "rosenbrock": lrnotes.rosenbrock(),
}


@pytest.mark.parametrize(
    "case",
    REFERENCE["optimizers"],
    ids=lambda c: f"{c['optimizer']}-{c['objective']}-{c['kwargs']}",
)
def test_trajectory_equals_pytorch(case):
    """30 steps of lrnotes and of torch.optim (float64) agree to 1e-12."""
    theta0 = REFERENCE["objectives"][case["objective"]]["theta0"]
    optimizer = getattr(optimizers, case["optimizer"])(**kwargs(case))
    traj = lrnotes.minimize(OBJECTIVES[case["objective"]], theta0, optimizer, 30, rate(case))
    assert not traj.diverged
    np.testing.assert_allclose(traj.thetas, case["thetas"], rtol=1e-12, atol=1e-14)


def test_reference_covers_every_optimizer():
    names = {c["optimizer"] for c in REFERENCE["optimizers"]}
    assert names == {"SGD", "Adagrad", "RMSprop", "Adam", "AdamW"}


# --- batches, purity, shapes -----------------------------------------------

ALL = [
    SGD(momentum=0.9, nesterov=True, weight_decay=0.1),
    Adagrad(lr_decay=0.1, initial_accumulator_value=0.1, weight_decay=0.1),
    RMSprop(momentum=0.5, centered=True, weight_decay=0.1),
    Adam(weight_decay=0.1),
    AdamW(),
]


@pytest.mark.parametrize("opt", ALL, ids=["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_batch_equals_one_at_a_time(opt):
    rates = np.array([0.001, 0.01, 0.03])
    batch = lrnotes.minimize(OBJECTIVES["quadratic"], [1.5, -2.0], opt, 25, rates)
    for i, lr in enumerate(rates):
        alone = lrnotes.minimize(OBJECTIVES["quadratic"], [1.5, -2.0], opt, 25, lr)
        np.testing.assert_allclose(batch[i].thetas, alone.thetas, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(batch[i].losses, alone.losses, rtol=1e-13, atol=1e-15)


# One of each optimizer class, with SGD's momentum and Nesterov forms and RMSprop's
# centered momentum.
EVERY = {
    "SGD": SGD(),
    "SGD-momentum": SGD(momentum=0.9),
    "SGD-nesterov": SGD(momentum=0.9, nesterov=True),
    "Adagrad": Adagrad(),
    "RMSprop-centered-momentum": RMSprop(centered=True, momentum=0.9),
    "Adam": Adam(),
    "AdamW": AdamW(),
    "KerasAdam": optimizers.KerasAdam(),
    "KerasAdagrad": optimizers.KerasAdagrad(),
}
CLASSES = [
    SGD,
    Adagrad,
    RMSprop,
    Adam,
    AdamW,
    optimizers.KerasAdam,
    optimizers.KerasAdagrad,
]


def arrays_of(state):
    return [v for v in state.values() if isinstance(v, np.ndarray)]


def assert_same_state(a, b):
    """Two states hold the same keys, and equal values, arrays compared element by element."""
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], strict=True, err_msg=key)


def states_to_test(opt, theta, grad, lr):
    """The state before the first step, and one with non-zero buffers after two steps."""
    fresh = opt.init(theta)
    warm = fresh
    for _ in range(2):
        _, warm = opt.update(grad, warm, theta, lr)
    return {"fresh": fresh, "warm": warm}


@pytest.mark.parametrize("batched", [False, True], ids=["one-rate", "batch-of-rates"])
@pytest.mark.parametrize("opt", EVERY.values(), ids=EVERY.keys())
def test_update_is_pure(opt, batched):
    """The contract: update leaves state, grad and θ as they were, so the same call
    gives the same updates and the same new state twice; it is ``_step`` (which works
    in place, for minimize) run on a copy of the state."""
    rng = np.random.default_rng(0)
    theta, grad = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    lr = np.array([0.01, 0.02, 0.03, 0.04]) if batched else 0.01  # a batch on the last axis
    for label, state in states_to_test(opt, theta, grad, lr).items():
        theta0, grad0, saved = theta.copy(), grad.copy(), copy.deepcopy(state)
        first, new1 = opt.update(grad, state, theta, lr)
        second, new2 = opt.update(grad, state, theta, lr)
        np.testing.assert_array_equal(first, second, err_msg=label)
        assert_same_state(new1, new2)
        assert_same_state(state, saved)  # the input state is untouched
        np.testing.assert_array_equal(theta, theta0)
        np.testing.assert_array_equal(grad, grad0)
        assert new1["step"] == state["step"] + 1
        # update is _step on a copy
        stepped, new_step = opt._step(grad, copy.deepcopy(state), theta, lr)
        np.testing.assert_array_equal(first, stepped, err_msg=label)
        assert_same_state(new1, new_step)
        # nothing returned is a view of an input, so a later step cannot reach back
        old = [theta, grad, *arrays_of(state)]
        for out in (first, *arrays_of(new1)):
            assert not any(np.shares_memory(out, x) for x in old), label
        assert not any(np.shares_memory(first, x) for x in arrays_of(new1)), label
        assert not np.shares_memory(first, second)
        # the new state moves the next step on: it is not the old one handed back
        # (plain SGD keeps no buffers: the same gradient gives the same step)
        after, _ = opt.update(grad, new1, theta, lr)
        assert np.array_equal(after, first) == (not arrays_of(new1)), label


@pytest.mark.parametrize("opt", EVERY.values(), ids=EVERY.keys())
def test_step_consumes_the_state_update_does_not(opt):
    """_step, minimize's kernel, updates the state's buffers in place: the trap that
    update used to be. The same steps through update and through _step agree."""
    rng = np.random.default_rng(2)
    theta, grads = rng.normal(size=5), rng.normal(size=(3, 5))
    pure, inplace = opt.init(theta), opt.init(theta)
    for g in grads:
        u_pure, pure = opt.update(g, pure, theta, 0.01)
        u_step, inplace = opt._step(g, inplace, theta, 0.01)
        np.testing.assert_array_equal(u_pure, u_step)
        assert_same_state(pure, inplace)


@pytest.mark.parametrize("opt", ALL, ids=["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_unbatched_scalar_theta(opt):
    """update works on a bare 0-d θ too (ufuncs return scalars there)."""
    updates, state = opt.update(np.array(4.0), opt.init(np.array(2.0)), np.array(2.0), 0.1)
    assert np.shape(updates) == () and np.isfinite(updates) and updates < 0


Q3 = lrnotes.quadratic([[4.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 2.0]], [1.0, -1.0, 0.5])
D3 = lrnotes.diagonal_quadratic([4.0, 1.0, 0.25], [1.0, -1.0, 0.5])


@pytest.mark.parametrize("opt", EVERY.values(), ids=EVERY.keys())
def test_a_batch_of_rates_is_the_runs_one_at_a_time(opt):
    """minimize(J, θ₀, opt, steps, lrs): run i of the batch is the run at rate lrs[i]."""
    lrs, theta0 = np.array([0.001, 0.01, 0.03]), [1.5, -2.0, 0.5]
    # A diagonal Hessian: the gradient is elementwise, and so is every optimizer's
    # kernel, so a batch is the single runs bit for bit.
    batch = lrnotes.minimize(D3, theta0, opt, 40, lrs)
    for i, lr in enumerate(lrs):
        alone = lrnotes.minimize(D3, theta0, opt, 40, lr)
        np.testing.assert_array_equal(batch[i].thetas, alone.thetas)
        np.testing.assert_array_equal(batch[i].losses, alone.losses)
        np.testing.assert_array_equal(batch[i].lrs, alone.lrs)
        assert not alone.diverged and batch[i].stop_step == alone.stop_step == 40
    # A full 3×3 Hessian: A @ X sums in an order that depends on the batch's width,
    # so a run and its batch member may differ in the last bit (up to ~4e-16 here).
    batch = lrnotes.minimize(Q3, theta0, opt, 40, lrs)
    for i, lr in enumerate(lrs):
        alone = lrnotes.minimize(Q3, theta0, opt, 40, lr)
        np.testing.assert_allclose(batch[i].thetas, alone.thetas, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch[i].losses, alone.losses, rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(batch[i].lrs, alone.lrs)


def test_exported():
    for name in ["Adagrad", "RMSprop", "Adam", "AdamW", "SGD", "Optimizer"]:
        assert getattr(lrnotes, name) is getattr(optimizers, name)


# --- the objects: keyword-only, frozen, comparable ---------------------------


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_positional_rate_is_a_type_error_naming_lr(cls):
    """SGD(0.1), the old way to give the rate, must not quietly mean something else."""
    for args in [(0.1,), (0.001, 0.9)]:
        with pytest.raises(TypeError, match=r"by keyword.*\blr\b") as info:
            cls(*args)
        assert cls.__name__ in str(info.value) and "minimize(..., lr=...)" in str(info.value)
    with pytest.raises(TypeError, match=r"\blr\b"):
        cls(0.1, eps=1e-8)  # a rate and a keyword


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_other_positional_arguments_are_refused_with_the_keywords(cls):
    """SGD(params) (PyTorch's first argument) is not about the rate: say what is taken."""
    for args in [([np.zeros(2)],), ("momentum",), (True,)]:
        with pytest.raises(TypeError, match="by keyword") as info:
            cls(*args)
        message = str(info.value)
        assert "minimize(..., lr=...)" not in message, message
        assert all(f.name in message for f in dataclasses.fields(cls)), message


def test_the_old_calls_are_type_errors():
    with pytest.raises(TypeError, match=r"\blr\b"):
        SGD(0.1)
    with pytest.raises(TypeError, match=r"\blr\b"):
        Adam(0.001)
    with pytest.raises(TypeError, match="lr"):  # the rate is not a keyword either
        Adam(lr=0.001)
    with pytest.raises(TypeError, match="lr"):  # minimize needs the rate
        lrnotes.minimize(J, 2.0, SGD(), 3)
    with pytest.raises(TypeError, match="schedule"):  # the schedule is the rate now
        lrnotes.minimize(J, 2.0, SGD(), 3, 0.1, schedule=lambda t: 0.1)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_optimizers_are_frozen_dataclasses(cls):
    opt = cls()
    assert isinstance(opt, lrnotes.Optimizer) and dataclasses.is_dataclass(opt)
    field = dataclasses.fields(opt)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(opt, field, getattr(opt, field))
    with pytest.raises(dataclasses.FrozenInstanceError):
        opt.lr = 0.1  # there is nowhere to put a rate
    assert opt.name == cls.__name__
    assert opt.hyperparams == {f.name: getattr(opt, f.name) for f in dataclasses.fields(opt)}
    assert repr(opt) == f"{cls.__name__}()"
    assert opt == cls() and hash(opt) == hash(cls()) and len({opt, cls()}) == 1
    assert copy.deepcopy(opt) == opt and dataclasses.replace(opt) == opt


def test_identity_repr_and_hyperparams():
    assert isinstance(lrnotes.SGD(), lrnotes.Optimizer)
    assert isinstance(AdamW(), Adam) and AdamW().name == "AdamW"
    assert Adam(weight_decay=0.01) != AdamW()  # L2 and decoupled decay: not one algorithm
    assert SGD(momentum=0.9) == SGD(momentum=0.9) != SGD(momentum=0.5)
    assert hash(SGD(momentum=0.9)) == hash(SGD(momentum=0.9))
    assert {SGD(momentum=0.9): "m"}[SGD(momentum=0.9)] == "m"
    assert Adam(betas=[0.9, 0.99]) == Adam(betas=(0.9, 0.99))  # a list is kept as a pair
    assert repr(SGD()) == "SGD()"
    assert repr(SGD(momentum=0.9)) == "SGD(momentum=0.9)"
    assert repr(AdamW()) == "AdamW()"
    assert repr(AdamW(weight_decay=0.0)) == "AdamW(weight_decay=0.0)"
    assert repr(Adam(betas=(0.9, 0.99), eps=1e-6)) == "Adam(betas=(0.9, 0.99), eps=1e-06)"
    assert SGD(momentum=0.9, nesterov=True).hyperparams == dict(
        momentum=0.9, dampening=0.0, nesterov=True, weight_decay=0.0
    )
    assert optimizers.KerasAdam().hyperparams == dict(betas=(0.9, 0.999), eps=1e-7)
    assert optimizers.KerasAdagrad().hyperparams == dict(initial_accumulator_value=0.1, eps=1e-7)
    assert [o.name for o in EVERY.values()] == [
        "SGD", "SGD", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "KerasAdam", "KerasAdagrad"
    ]  # fmt: skip


# --- invalid arguments -------------------------------------------------------

BAD = [
    (Adagrad, {"lr_decay": -1.0}, ValueError, "lr_decay must be >= 0, got -1.0"),
    (Adagrad, {"weight_decay": -0.1}, ValueError, "weight_decay must be >= 0"),
    (Adagrad, {"initial_accumulator_value": -1}, ValueError, "initial_accumulator_value"),
    (Adagrad, {"eps": -1e-10}, ValueError, "eps must be >= 0"),
    (Adagrad, {"eps": None}, TypeError, "eps must be a real number, got None"),
    (RMSprop, {"alpha": 1.0}, ValueError, "alpha must be in [0.0, 1.0), got 1.0"),
    (RMSprop, {"alpha": -0.1}, ValueError, "alpha"),
    (RMSprop, {"eps": -1.0}, ValueError, "eps must be >= 0"),
    (RMSprop, {"weight_decay": -1.0}, ValueError, "weight_decay"),
    (RMSprop, {"momentum": 1.0}, ValueError, "momentum must be in [0.0, 1.0)"),
    (RMSprop, {"centered": 1}, TypeError, "centered must be True or False, got 1"),
    (Adam, {"betas": 0.9}, TypeError, "betas must be a pair"),
    (Adam, {"betas": (0.9, 0.999, 0.1)}, TypeError, "betas must be a pair"),
    (Adam, {"betas": (1.0, 0.999)}, ValueError, "betas[0] must be in [0.0, 1.0), got 1.0"),
    (Adam, {"betas": (0.9, -0.1)}, ValueError, "betas[1] must be in [0.0, 1.0), got -0.1"),
    (Adam, {"eps": -1e-8}, ValueError, "eps must be >= 0"),
    (Adam, {"weight_decay": -0.01}, ValueError, "weight_decay must be >= 0"),
    (AdamW, {"betas": (0.9, "x")}, TypeError, "betas[1]"),
    (AdamW, {"weight_decay": -0.01}, ValueError, "weight_decay must be >= 0, got -0.01"),
    (AdamW, {"eps": float("inf")}, ValueError, "eps must be finite"),
]


@pytest.mark.parametrize("factory, kw, error, message", BAD, ids=lambda x: str(x)[:40])
def test_invalid_arguments(factory, kw, error, message):
    with pytest.raises(error, match=re.escape(message)):
        factory(**kw)


# The rate is checked where it is given, by minimize, whatever the optimizer.
BAD_LR = [
    (Adagrad, 0.0, ValueError, "lr must be > 0"),
    (Adagrad, "0.1", TypeError, "lr"),
    (Adagrad, [[0.1]], ValueError, "lr must be a number or a 1-D array"),
    (RMSprop, -0.01, ValueError, "lr must be > 0"),
    (Adam, float("nan"), ValueError, "lr must be finite"),
    (AdamW, True, TypeError, "lr"),
    (optimizers.KerasAdam, 0.0, ValueError, "lr must be > 0"),
]


@pytest.mark.parametrize("factory, lr, error, message", BAD_LR, ids=lambda x: str(x)[:40])
def test_invalid_learning_rates(factory, lr, error, message):
    with pytest.raises(error, match=re.escape(message)):
        lrnotes.minimize(J, 2.0, factory(), 1, lr)


def test_state_buffers_per_parameter():
    assert optimizers.state_buffers(SGD()) == []
    assert optimizers.state_buffers(SGD(momentum=0.9)) == ["momentum_buffer"]
    assert optimizers.state_buffers(Adagrad()) == ["sum"]
    assert optimizers.state_buffers(RMSprop()) == ["square_avg"]
    assert optimizers.state_buffers(RMSprop(momentum=0.9, centered=True)) == [
        "square_avg",
        "momentum_buffer",
        "grad_avg",
    ]
    assert optimizers.state_buffers(Adam()) == ["exp_avg", "exp_avg_sq"]
    assert optimizers.state_buffers(AdamW()) == ["exp_avg", "exp_avg_sq"]
    with pytest.raises(TypeError, match="optimizer must be an lrnotes Optimizer"):
        optimizers.state_buffers("Adam")


def test_common_methods_are_the_named_optimizers():
    methods = lrnotes.catalogue.methods(momentum=0.5)
    assert list(methods) == ["SGD", "momentum 0.5", "Adagrad", "RMSprop", "Adam"]
    assert all(isinstance(o, lrnotes.Optimizer) for o in methods.values())
    assert [o.name for o in methods.values()] == ["SGD", "SGD", "Adagrad", "RMSprop", "Adam"]
    assert methods["momentum 0.5"].hyperparams["momentum"] == 0.5
    assert methods["SGD"].hyperparams["momentum"] == 0.0
    for opt in methods.values():  # each runs at a rate of your choice
        np.testing.assert_array_equal(lrnotes.minimize(J, 2.0, opt, 2, 0.03).lrs, [0.03, 0.03])
    assert lrnotes.catalogue.methods()["momentum 0.9"] == SGD(momentum=0.9)
    assert lrnotes.catalogue.methods() == {
        "SGD": SGD(),
        "momentum 0.9": SGD(momentum=0.9),
        "Adagrad": Adagrad(),
        "RMSprop": RMSprop(),
        "Adam": Adam(),
    }
    with pytest.raises(ValueError, match="momentum must be in"):
        lrnotes.catalogue.methods(momentum=1.0)


@pytest.mark.parametrize("make", [Adam, AdamW], ids=["Adam", "AdamW"])
def test_blockwise_update_equals_one_whole_array_pass(make, monkeypatch):
    """On many parameters Adam runs in cache-sized blocks; the numbers do not change."""
    rng = np.random.default_rng(1)
    theta, grads = rng.normal(size=100_003), rng.normal(size=(3, 100_003))

    def three_steps():
        opt = make(weight_decay=0.1)
        state, out = opt.init(theta), []
        for g in grads:
            u, state = opt.update(g, state, theta, np.asarray(0.01))
            out.append(u)
        return np.array(out)

    blocked = three_steps()
    monkeypatch.setattr(optimizers, "BLOCK", 10**9)  # one pass over whole arrays
    np.testing.assert_array_equal(blocked, three_steps())


# --- Keras's conventions -------------------------------------------------------

Q = lrnotes.quadratic([[10.0, 2.0], [2.0, 1.0]], [1.0, -1.0])


def test_keras_adam_equals_pytorchs_formula_with_a_growing_eps():
    """Oracle: PyTorch's update written out by hand, with ε_t = ε/√(1 − β₂ᵗ) at step t."""
    lr, (b1, b2), eps = 0.05, (0.8, 0.99), 0.3  # a large ε, so that its placement shows
    keras = optimizers.KerasAdam(betas=(b1, b2), eps=eps)
    run = lrnotes.minimize(Q, [1.5, -2.0], keras, 20, lr)
    theta, m, v = np.array([1.5, -2.0]), np.zeros(2), np.zeros(2)
    for t in range(1, 21):
        g = Q.grad(theta)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        eps_t = eps / np.sqrt(1 - b2**t)
        theta = theta - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps_t)
        np.testing.assert_allclose(run.thetas[t], theta, rtol=1e-12)


def test_keras_adam_first_step_is_pytorchs_with_eps_over_root_one_minus_beta2():
    g0 = float(Q.grad(np.array([1.5, -2.0]))[0])
    keras = run_on_q(optimizers.KerasAdam(eps=0.5), 0.1)
    torch_like = run_on_q(Adam(eps=0.5 / np.sqrt(1 - 0.999)), 0.1)
    np.testing.assert_allclose(keras, torch_like, rtol=1e-12)
    assert keras[0] == pytest.approx(-0.1 * g0 / (abs(g0) + 0.5 / np.sqrt(0.001)), rel=1e-12)


def run_on_q(optimizer, lr):
    return lrnotes.minimize(Q, [1.5, -2.0], optimizer, 1, lr).thetas[1] - [1.5, -2.0]


def test_keras_adam_eps():
    assert optimizers.keras_adam_eps(1e-7, 0.999, 1) == pytest.approx(1e-7 / np.sqrt(1e-3))
    np.testing.assert_allclose(
        optimizers.keras_adam_eps(2.0, 0.5, np.array([1, 2, 3])),
        [2 / np.sqrt(0.5), 2 / np.sqrt(0.75), 2 / np.sqrt(0.875)],
    )
    for bad in (0, 1.5, np.array([1, 0])):
        with pytest.raises(ValueError, match="step must be an integer >= 1"):
            optimizers.keras_adam_eps(1e-7, 0.999, bad)
    with pytest.raises(ValueError, match="beta2"):
        optimizers.keras_adam_eps(1e-7, 1.0, 1)


def test_keras_adagrad_first_steps_by_hand():
    # θ² from 2: g₁ = 4, s₁ = 0.1 + 16; θ₁ = 2 − 0.1·4/√(16.1 + ε)
    eps = 1e-7
    t1 = 2 - 0.1 * 4 / np.sqrt(16.1 + eps)
    g2 = 2 * t1
    t2 = t1 - 0.1 * g2 / np.sqrt(16.1 + g2**2 + eps)
    np.testing.assert_allclose(run(optimizers.KerasAdagrad(), 0.1), [2.0, t1, t2], rtol=1e-14)
    # a small gradient: the step is about α·g/√0.1, far below α
    small = lrnotes.minimize(lrnotes.quadratic([[0.01]]), [1.0], optimizers.KerasAdagrad(), 1, 1.0)
    assert 1 - small.thetas[1, 0] == pytest.approx(0.01 / np.sqrt(0.1 + 1e-4 + eps), rel=1e-12)


@pytest.mark.parametrize("make", [optimizers.KerasAdam, optimizers.KerasAdagrad])
def test_keras_batch_equals_one_at_a_time(make):
    rates = np.array([0.01, 0.1])
    batch = lrnotes.minimize(Q, [1.5, -2.0], make(), 10, rates)
    for i, lr in enumerate(rates):
        alone = lrnotes.minimize(Q, [1.5, -2.0], make(), 10, lr)
        np.testing.assert_allclose(batch[i].thetas, alone.thetas, rtol=1e-13)


@pytest.mark.parametrize(
    "factory, kw, message",
    [
        (optimizers.KerasAdam, {"betas": (0.9, 1.0)}, "betas[1]"),
        (optimizers.KerasAdam, {"eps": -1.0}, "eps must be >= 0"),
        (optimizers.KerasAdagrad, {"initial_accumulator_value": -0.1}, "initial_accumulator"),
        (optimizers.KerasAdagrad, {"eps": -1.0}, "eps must be >= 0"),
    ],
)
def test_keras_invalid_arguments(factory, kw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        factory(**kw)


def test_integer_gradients_keep_a_float_momentum_buffer():
    opt, theta = SGD(momentum=0.9), np.array([2.0, 1.0])
    updates, state = opt.update(np.array([4, 2]), opt.init(theta), theta, 0.1)
    assert state["momentum_buffer"].dtype == np.float64
    updates, state = opt.update(np.array([4, 2]), state, theta, 0.1)
    np.testing.assert_allclose(updates, [-0.76, -0.38], rtol=1e-15)


def test_the_base_class_is_not_an_optimizer():
    with pytest.raises(TypeError, match="base class"):
        lrnotes.Optimizer()


@pytest.mark.parametrize("make", [SGD, Adagrad, RMSprop, Adam, AdamW])
def test_a_keyword_lr_says_where_the_rate_goes(make):
    with pytest.raises(TypeError, match=r"got lr=0.001: pass it to minimize\(\.\.\., lr=\.\.\.\)"):
        make(lr=0.001)
