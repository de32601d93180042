"""Tests of lrnotes.plateau against PyTorch's ReduceLROnPlateau and by hand.

The PyTorch rates come from tests/data/torch_reference.json, written once by
tests/data/make_torch_reference.py with torch 2.13.0: the same loss sequence
(with a plateau, a tiny improvement under the threshold and a NaN) fed to
``ReduceLROnPlateau.step`` under several settings.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import lrnotes
from lrnotes.plateau import plateau_lrs, reduce_on_plateau

REFERENCE = json.loads((Path(__file__).parent / "data" / "torch_reference.json").read_text())


@pytest.mark.parametrize("case", REFERENCE["plateau"], ids=lambda c: str(c["kwargs"]))
def test_equals_pytorch(case):
    rule = reduce_on_plateau(case["lr"], **case["kwargs"])
    np.testing.assert_allclose(plateau_lrs(rule, case["losses"]), case["lrs"], rtol=1e-15)


def test_by_hand():
    # patience 1: the 2nd call without improvement reduces; cooldown 1 then skips one call
    rule = reduce_on_plateau(1.0, factor=0.5, patience=1, cooldown=1)
    losses = [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.0]
    # bad counts: 0 0 1 2→cut(0.5), cooldown 0, 1, 2→cut(0.25), improve
    np.testing.assert_allclose(plateau_lrs(rule, losses), [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25])


def test_threshold_rel_needs_a_real_improvement():
    rule = reduce_on_plateau(1.0, factor=0.5, patience=0, threshold=0.1)
    # 9.5 is not below 10·(1 − 0.1) = 9: no improvement, cut at once; 8 is
    np.testing.assert_allclose(plateau_lrs(rule, [10.0, 9.5, 8.0]), [1, 0.5, 0.5])


def test_min_lr_and_eps():
    rule = reduce_on_plateau(1.0, factor=0.1, patience=0, min_lr=0.05)
    np.testing.assert_allclose(plateau_lrs(rule, [1, 1, 1, 1]), [1, 0.1, 0.05, 0.05])
    rule = reduce_on_plateau(1.0, factor=0.99, patience=0, eps=0.02)  # 0.01 change < eps
    np.testing.assert_allclose(plateau_lrs(rule, [1, 1]), [1, 1])


def test_nan_loss_is_never_an_improvement():
    rule = reduce_on_plateau(1.0, factor=0.5, patience=0)
    np.testing.assert_allclose(plateau_lrs(rule, [1.0, np.nan, np.inf]), [1, 0.5, 0.25])


def test_state_is_explicit_and_update_is_pure():
    rule = reduce_on_plateau(1.0, factor=0.5, patience=0)
    s0 = rule.init()
    assert s0.last_epoch == 0 and np.isinf(s0.best) and float(s0.lr) == 1.0
    s1 = rule.update(2.0, s0)
    assert float(s0.best) == np.inf and float(s1.best) == 2.0  # s0 untouched
    a, b = rule.update(3.0, s1), rule.update(3.0, s1)  # replaying s1 repeats the step
    assert float(a.lr) == float(b.lr) == 0.5 and int(a.num_bad_epochs) == 0
    assert rule.update(3.0, s1).last_epoch == 2


def test_batch_equals_one_at_a_time():
    rng = np.random.default_rng(0)
    losses = np.abs(rng.normal(size=(40, 3))).cumsum(axis=0)[::-1] / 10 + 1
    losses[20:] = losses[20]  # then a plateau
    rates = np.array([0.1, 0.5, 1.0])
    batch = plateau_lrs(reduce_on_plateau(rates, factor=0.5, patience=2), losses)
    assert batch.shape == (40, 3)
    for i, lr in enumerate(rates):
        alone = plateau_lrs(reduce_on_plateau(lr, factor=0.5, patience=2), losses[:, i])
        np.testing.assert_array_equal(batch[:, i], alone)


def test_torch_call_and_export():
    rule = lrnotes.plateau.reduce_on_plateau(0.1, patience=3)
    assert rule.torch == (
        "ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=3, threshold=0.0001, "
        "threshold_mode='rel', cooldown=0, min_lr=0.0, eps=1e-08)"
    )


BAD = [
    ({"lr": 0.0}, ValueError, "lr must be > 0"),
    ({"mode": "minimum"}, ValueError, "mode must be 'min' or 'max', got 'minimum'"),
    ({"factor": 1.0}, ValueError, "factor must be in (0.0, 1.0), got 1.0"),
    ({"factor": 0.0}, ValueError, "factor must be in (0.0, 1.0)"),
    ({"patience": -1}, ValueError, "patience must be >= 0, got -1"),
    ({"patience": 2.0}, TypeError, "patience must be an integer"),
    ({"threshold": -0.1}, ValueError, "threshold must be >= 0"),
    ({"threshold_mode": "relative"}, ValueError, "threshold_mode must be 'rel' or 'abs'"),
    ({"cooldown": -1}, ValueError, "cooldown must be >= 0"),
    ({"min_lr": -1.0}, ValueError, "min_lr must be >= 0"),
    ({"eps": -1.0}, ValueError, "eps must be >= 0"),
]


@pytest.mark.parametrize("kw, error, message", BAD, ids=lambda x: str(x)[:30])
def test_invalid_arguments(kw, error, message):
    with pytest.raises(error, match=re.escape(message)):
        reduce_on_plateau(**{"lr": 0.1, **kw})


def test_invalid_loss():
    rule = reduce_on_plateau(np.array([0.1, 0.2]))
    with pytest.raises(ValueError, match=re.escape("loss must have shape (2,)")):
        rule.update([1.0, 2.0, 3.0], rule.init())
    with pytest.raises(TypeError, match="loss must be a real number"):
        rule.update("low", rule.init())


def test_the_rule_runs_inside_minimize_as_its_lr():
    # oracle: the loop written out, the rule fed the mean J of each epoch of 5 steps
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 10.0]])
    N = lrnotes.noisy(J, sigma=1.0, seed=2)
    rule = lrnotes.plateau.reduce_on_plateau(0.15, factor=0.5, patience=1, epoch_steps=5)
    run = lrnotes.minimize(N, [-4.0, 1.5], lrnotes.SGD(momentum=0.5), 200, lr=rule)
    opt, theta, state, plan = lrnotes.SGD(momentum=0.5), np.array([-4.0, 1.5]), None, rule.init()
    state, lrs, losses = opt.init(theta), [], [float(J.value(theta))]
    for t in range(200):
        if t and t % 5 == 0:
            plan = rule.update(np.mean(losses[t - 4 : t + 1]), plan)
        lrs.append(float(plan.lr))
        step, state = opt.update(N.grad_at(theta, t), state, theta, lrs[-1])
        theta = theta + step
        losses.append(float(J.value(theta)))
    np.testing.assert_array_equal(run.lrs, lrs)
    np.testing.assert_allclose(run.losses, losses, rtol=1e-13)
    assert run.lrs.min() < 0.15  # the rule did cut the rate


def test_a_batch_of_plateau_rules_is_each_rule_alone():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 10.0]])
    rates = np.array([0.05, 0.15, 0.25])  # 0.25 is past 2/L = 0.2: J grows until a cut
    batch = lrnotes.minimize(
        J,
        [-4.0, 1.5],
        lrnotes.SGD(),
        60,
        lrnotes.plateau.reduce_on_plateau(rates, patience=0, epoch_steps=3),
    )
    for i, rate in enumerate(rates):
        alone = lrnotes.minimize(
            J,
            [-4.0, 1.5],
            lrnotes.SGD(),
            60,
            lrnotes.plateau.reduce_on_plateau(rate, patience=0, epoch_steps=3),
        )
        np.testing.assert_array_equal(batch[i].lrs, alone.lrs)
        np.testing.assert_array_equal(batch[i].thetas, alone.thetas)
    assert not batch.diverged.any() and batch[2].lrs[-1] < 0.2  # the rule brought 0.25 below 2/L


def test_epoch_steps_is_checked():
    with pytest.raises(ValueError, match="epoch_steps must be >= 1"):
        lrnotes.plateau.reduce_on_plateau(0.1, epoch_steps=0)
