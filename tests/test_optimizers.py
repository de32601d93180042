"""Tests of lrnotes.optimizers: hand-computed first steps, PyTorch's trajectories, purity, checks.

The PyTorch numbers come from tests/data/torch_reference.json, written once by
tests/data/make_torch_reference.py with torch 2.13.0 in float64 (PyTorch is not
needed to run these tests).
"""

import copy
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


def run(optimizer, steps=2, theta0=2.0, **kw):
    return lrnotes.minimize(J, theta0, optimizer, steps, **kw).thetas


def kwargs(case):
    return {k: tuple(v) if k == "betas" else v for k, v in case["kwargs"].items()}


# --- first steps by hand ----------------------------------------------------


def test_sgd_first_steps():
    # θ₁ = 2 − 0.1·4 = 1.6; θ₂ = 1.6 − 0.1·3.2 = 1.28
    np.testing.assert_allclose(run(SGD(0.1)), [2.0, 1.6, 1.28], rtol=1e-15)
    # momentum: b₁ = g₁ = 4, θ₁ = 1.6; b₂ = 0.9·4 + 3.2 = 6.8, θ₂ = 1.6 − 0.68 = 0.92
    np.testing.assert_allclose(run(SGD(0.1, momentum=0.9)), [2.0, 1.6, 0.92], rtol=1e-15)
    # Nesterov: θ₁ = 2 − 0.1·(4 + 0.9·4) = 1.24
    np.testing.assert_allclose(run(SGD(0.1, momentum=0.9, nesterov=True), 1), [2.0, 1.24])


def test_adagrad_first_steps():
    # s₁ = 16, θ₁ = 2 − 0.5·4/(4 + 1e-10); s₂ = 16 + 3²... with g₂ = 2θ₁
    t1 = 2 - 0.5 * 4 / (4 + 1e-10)
    g2 = 2 * t1
    t2 = t1 - 0.5 * g2 / (np.sqrt(16 + g2**2) + 1e-10)
    np.testing.assert_allclose(run(Adagrad(0.5)), [2.0, t1, t2], rtol=1e-15)
    np.testing.assert_allclose(t2, 1.2, rtol=1e-9)  # 1.5 − 0.5·3/5
    # lr_decay = 1: the second step uses 0.5/(1 + 1·1) = 0.25 → 1.5 − 0.25·3/5 = 1.35
    np.testing.assert_allclose(run(Adagrad(0.5, lr_decay=1.0))[2], 1.35, rtol=1e-9)
    # initial_accumulator_value = 9: s₁ = 9 + 16 = 25, θ₁ = 2 − 0.5·4/5 = 1.6
    np.testing.assert_allclose(run(Adagrad(0.5, initial_accumulator_value=9.0), 1)[1], 1.6)
    # weight_decay = 0.5: g₁ = 4 + 0.5·2 = 5, the first step is still ≈ α·sign(g) = 0.5
    np.testing.assert_allclose(run(Adagrad(0.5, weight_decay=0.5), 1)[1], 1.5, rtol=1e-9)


def test_rmsprop_first_steps():
    # v₁ = 0.01·16 = 0.16, √v₁ = 0.4, θ₁ = 2 − 0.01·4/(0.4 + 1e-8) ≈ 1.9 (10α, not α)
    t1 = 2 - 0.01 * 4 / (0.4 + 1e-8)
    v2 = 0.99 * 0.16 + 0.01 * (2 * t1) ** 2  # 0.1584 + 0.01·3.8² = 0.3028
    t2 = t1 - 0.01 * 2 * t1 / (np.sqrt(v2) + 1e-8)
    np.testing.assert_allclose(run(RMSprop(0.01)), [2.0, t1, t2], rtol=1e-14)
    np.testing.assert_allclose([t1, v2], [1.9, 0.3028], rtol=1e-7)
    # centered: ḡ₁ = 0.01·4 = 0.04, ṽ₁ = 0.16 − 0.0016 = 0.1584
    np.testing.assert_allclose(
        run(RMSprop(0.01, centered=True), 1)[1], 2 - 0.04 / (np.sqrt(0.1584) + 1e-8), rtol=1e-14
    )
    # momentum 0.9: b₁ = 4/0.4 = 10 → θ₁ = 1.9; b₂ = 0.9·10 + 3.8/√v₂
    b2 = 0.9 * 4 / (0.4 + 1e-8) + 2 * t1 / (np.sqrt(v2) + 1e-8)
    np.testing.assert_allclose(run(RMSprop(0.01, momentum=0.9))[2], t1 - 0.01 * b2, rtol=1e-14)


def test_adam_first_steps():
    # m₁ = 0.1·4 = 0.4, v₁ = 0.001·16 = 0.016, m̂₁ = 4, v̂₁ = 16: θ₁ = 2 − 0.1·4/(4 + 1e-8)
    t1 = 2 - 0.1 * 4 / (4 + 1e-8)
    g2 = 2 * t1
    m2 = 0.9 * 0.4 + 0.1 * g2  # 0.74 when g₂ = 3.8
    v2 = 0.999 * 0.016 + 0.001 * g2**2  # 0.030424
    t2 = t1 - 0.1 * (m2 / 0.19) / (np.sqrt(v2 / (1 - 0.999**2)) + 1e-8)
    np.testing.assert_allclose(run(Adam(0.1)), [2.0, t1, t2], rtol=1e-14)
    np.testing.assert_allclose([m2, v2], [0.74, 0.030424], rtol=1e-7)
    # L2 weight decay goes into the moments: g₁ = 4 + 0.5·2 = 5, m₁ = 0.5
    opt = Adam(0.1, weight_decay=0.5)
    _, state = opt.update(np.array([4.0]), opt.init(np.array([2.0])), np.array([2.0]), 0.1)
    np.testing.assert_allclose([state["exp_avg"][0], state["exp_avg_sq"][0]], [0.5, 0.025])


def test_adamw_first_step():
    # θ₁ = 2 − 0.1·0.5·2 − 0.1·4/(4 + 1e-8) = 2 − 0.1 − 0.1 = 1.8; the decay is not in m
    np.testing.assert_allclose(run(AdamW(0.1, weight_decay=0.5), 1)[1], 1.8, rtol=1e-8)
    opt = AdamW(0.1, weight_decay=0.5)
    _, state = opt.update(np.array([4.0]), opt.init(np.array([2.0])), np.array([2.0]), 0.1)
    np.testing.assert_allclose(state["exp_avg"], [0.4])


def test_defaults_are_pytorchs():
    assert Adagrad().hyperparams == dict(
        lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10
    )
    assert float(Adagrad().lr) == 0.01 and float(RMSprop().lr) == 0.01
    assert RMSprop().hyperparams == dict(
        alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False
    )
    assert float(Adam().lr) == 0.001 and float(AdamW().lr) == 0.001
    assert Adam().hyperparams == dict(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    assert AdamW().hyperparams == dict(betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)


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
    traj = lrnotes.minimize(OBJECTIVES[case["objective"]], theta0, optimizer, 30)
    assert not traj.diverged
    np.testing.assert_allclose(traj.thetas, case["thetas"], rtol=1e-12, atol=1e-14)


def test_reference_covers_every_optimizer():
    names = {c["optimizer"] for c in REFERENCE["optimizers"]}
    assert names == {"SGD", "Adagrad", "RMSprop", "Adam", "AdamW"}


# --- batches, purity, shapes -----------------------------------------------

ALL = [
    lambda lr: SGD(lr, momentum=0.9, nesterov=True, weight_decay=0.1),
    lambda lr: Adagrad(lr, lr_decay=0.1, initial_accumulator_value=0.1, weight_decay=0.1),
    lambda lr: RMSprop(lr, momentum=0.5, centered=True, weight_decay=0.1),
    lambda lr: Adam(lr, weight_decay=0.1),
    lambda lr: AdamW(lr),
]


@pytest.mark.parametrize("make", ALL, ids=["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_batch_equals_one_at_a_time(make):
    rates = np.array([0.001, 0.01, 0.03])
    batch = lrnotes.minimize(OBJECTIVES["quadratic"], [1.5, -2.0], make(rates), 25)
    for i, lr in enumerate(rates):
        alone = lrnotes.minimize(OBJECTIVES["quadratic"], [1.5, -2.0], make(lr), 25)
        np.testing.assert_allclose(batch[i].thetas, alone.thetas, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(batch[i].losses, alone.losses, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("make", ALL, ids=["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_update_leaves_grad_and_theta_alone_and_consumes_only_the_state(make):
    """The contract: grad and θ are never written; the state's buffers are updated in
    place (as torch.optim does), so a deep copy of a state replays its step exactly; the
    updates are a new array each step, safe to keep."""
    rng = np.random.default_rng(0)
    opt = make(0.01)
    theta, grad = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    state = opt.init(theta)
    _, state = opt.update(grad, state, theta, 0.01)  # a state with non-zero buffers
    theta0, grad0, saved = theta.copy(), grad.copy(), copy.deepcopy(state)
    first, state = opt.update(grad, state, theta, 0.01)
    replay, _ = opt.update(grad, copy.deepcopy(saved), theta, 0.01)
    second, state = opt.update(grad, state, theta, 0.01)
    np.testing.assert_array_equal(first, replay)
    np.testing.assert_array_equal(theta, theta0)
    np.testing.assert_array_equal(grad, grad0)
    buffers = [v for v in state.values() if isinstance(v, np.ndarray)]
    for u in (first, second):
        assert not any(np.shares_memory(u, x) for x in [theta, grad, *buffers])
    assert not np.shares_memory(first, second)
    assert not np.array_equal(first, second)  # the buffers moved on: the state was used


@pytest.mark.parametrize("make", ALL, ids=["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_unbatched_scalar_theta(make):
    """update works on a bare 0-d θ too (ufuncs return scalars there)."""
    opt = make(0.1)
    updates, state = opt.update(np.array(4.0), opt.init(np.array(2.0)), np.array(2.0), 0.1)
    assert np.shape(updates) == () and np.isfinite(updates) and updates < 0


def test_exported():
    for name in ["Adagrad", "RMSprop", "Adam", "AdamW", "SGD"]:
        assert getattr(lrnotes, name) is getattr(optimizers, name)


# --- invalid arguments -------------------------------------------------------

BAD = [
    (Adagrad, {"lr": 0.0}, ValueError, "lr must be > 0"),
    (Adagrad, {"lr": "0.1"}, TypeError, "lr"),
    (Adagrad, {"lr": [[0.1]]}, ValueError, "lr must be a number or a 1-D array"),
    (Adagrad, {"lr_decay": -1.0}, ValueError, "lr_decay must be >= 0, got -1.0"),
    (Adagrad, {"weight_decay": -0.1}, ValueError, "weight_decay must be >= 0"),
    (Adagrad, {"initial_accumulator_value": -1}, ValueError, "initial_accumulator_value"),
    (Adagrad, {"eps": -1e-10}, ValueError, "eps must be >= 0"),
    (Adagrad, {"eps": None}, TypeError, "eps must be a real number, got None"),
    (RMSprop, {"lr": -0.01}, ValueError, "lr must be > 0"),
    (RMSprop, {"alpha": 1.0}, ValueError, "alpha must be in [0.0, 1.0), got 1.0"),
    (RMSprop, {"alpha": -0.1}, ValueError, "alpha"),
    (RMSprop, {"eps": -1.0}, ValueError, "eps must be >= 0"),
    (RMSprop, {"weight_decay": -1.0}, ValueError, "weight_decay"),
    (RMSprop, {"momentum": 1.0}, ValueError, "momentum must be in [0.0, 1.0)"),
    (RMSprop, {"centered": 1}, TypeError, "centered must be True or False, got 1"),
    (Adam, {"lr": float("nan")}, ValueError, "lr must be finite"),
    (Adam, {"betas": 0.9}, TypeError, "betas must be a pair"),
    (Adam, {"betas": (0.9, 0.999, 0.1)}, TypeError, "betas must be a pair"),
    (Adam, {"betas": (1.0, 0.999)}, ValueError, "betas[0] must be in [0.0, 1.0), got 1.0"),
    (Adam, {"betas": (0.9, -0.1)}, ValueError, "betas[1] must be in [0.0, 1.0), got -0.1"),
    (Adam, {"eps": -1e-8}, ValueError, "eps must be >= 0"),
    (Adam, {"weight_decay": -0.01}, ValueError, "weight_decay must be >= 0"),
    (AdamW, {"lr": True}, TypeError, "lr"),
    (AdamW, {"betas": (0.9, "x")}, TypeError, "betas[1]"),
    (AdamW, {"weight_decay": -0.01}, ValueError, "weight_decay must be >= 0, got -0.01"),
    (AdamW, {"eps": float("inf")}, ValueError, "eps must be finite"),
]


@pytest.mark.parametrize("factory, kw, error, message", BAD, ids=lambda x: str(x)[:40])
def test_invalid_arguments(factory, kw, error, message):
    with pytest.raises(error, match=re.escape(message)):
        factory(**kw)


def test_state_buffers_per_parameter():
    assert optimizers.state_buffers(SGD(0.1)) == []
    assert optimizers.state_buffers(SGD(0.1, momentum=0.9)) == ["momentum_buffer"]
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


def test_common_methods_build_the_named_optimizers():
    methods = optimizers.common_methods(momentum=0.5)
    assert list(methods) == ["SGD", "momentum 0.5", "Adagrad", "RMSprop", "Adam"]
    built = {name: make(0.03) for name, make in methods.items()}
    assert [o.name for o in built.values()] == ["SGD", "SGD", "Adagrad", "RMSprop", "Adam"]
    assert all(float(o.lr) == 0.03 for o in built.values())
    assert built["momentum 0.5"].hyperparams["momentum"] == 0.5
    assert built["SGD"].hyperparams["momentum"] == 0.0
    with pytest.raises(ValueError, match="momentum must be in"):
        optimizers.common_methods(momentum=1.0)


@pytest.mark.parametrize("make", [Adam, AdamW], ids=["Adam", "AdamW"])
def test_blockwise_update_equals_one_whole_array_pass(make, monkeypatch):
    """On many parameters Adam runs in cache-sized blocks; the numbers do not change."""
    rng = np.random.default_rng(1)
    theta, grads = rng.normal(size=100_003), rng.normal(size=(3, 100_003))

    def three_steps():
        opt = make(0.01, weight_decay=0.1)
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
    run = lrnotes.minimize(Q, [1.5, -2.0], optimizers.KerasAdam(lr, (b1, b2), eps), 20)
    theta, m, v = np.array([1.5, -2.0]), np.zeros(2), np.zeros(2)
    for t in range(1, 21):
        g = Q.grad(theta)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        eps_t = eps / np.sqrt(1 - b2**t)
        theta = theta - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps_t)
        np.testing.assert_allclose(run.thetas[t], theta, rtol=1e-12)


def test_keras_adam_first_step_is_pytorchs_with_eps_over_root_one_minus_beta2():
    g0 = float(Q.grad(np.array([1.5, -2.0]))[0])
    keras = run_on_q(optimizers.KerasAdam(0.1, eps=0.5))
    torch_like = run_on_q(Adam(0.1, eps=0.5 / np.sqrt(1 - 0.999)))
    np.testing.assert_allclose(keras, torch_like, rtol=1e-12)
    assert keras[0] == pytest.approx(-0.1 * g0 / (abs(g0) + 0.5 / np.sqrt(0.001)), rel=1e-12)


def run_on_q(optimizer):
    return lrnotes.minimize(Q, [1.5, -2.0], optimizer, 1).thetas[1] - [1.5, -2.0]


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
    np.testing.assert_allclose(run(optimizers.KerasAdagrad(0.1)), [2.0, t1, t2], rtol=1e-14)
    # a small gradient: the step is about α·g/√0.1, far below α
    small = lrnotes.minimize(lrnotes.quadratic([[0.01]]), [1.0], optimizers.KerasAdagrad(1.0), 1)
    assert 1 - small.thetas[1, 0] == pytest.approx(0.01 / np.sqrt(0.1 + 1e-4 + eps), rel=1e-12)


@pytest.mark.parametrize("make", [optimizers.KerasAdam, optimizers.KerasAdagrad])
def test_keras_batch_equals_one_at_a_time(make):
    rates = np.array([0.01, 0.1])
    batch = lrnotes.minimize(Q, [1.5, -2.0], make(rates), 10)
    for i, lr in enumerate(rates):
        alone = lrnotes.minimize(Q, [1.5, -2.0], make(lr), 10)
        np.testing.assert_allclose(batch[i].thetas, alone.thetas, rtol=1e-13)


@pytest.mark.parametrize(
    "factory, kw, message",
    [
        (optimizers.KerasAdam, {"lr": 0.0}, "lr must be > 0"),
        (optimizers.KerasAdam, {"betas": (0.9, 1.0)}, "betas[1]"),
        (optimizers.KerasAdam, {"eps": -1.0}, "eps must be >= 0"),
        (optimizers.KerasAdagrad, {"initial_accumulator_value": -0.1}, "initial_accumulator"),
        (optimizers.KerasAdagrad, {"eps": -1.0}, "eps must be >= 0"),
    ],
)
def test_keras_invalid_arguments(factory, kw, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        factory(**kw)
