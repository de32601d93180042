"""Tests of lrnotes.schedules: PyTorch's numbers, edges, batches, and every invalid argument.

The PyTorch learning rates come from tests/data/torch_reference.json, written
once by tests/data/make_torch_reference.py with torch 2.13.0: for each schedule
it builds the scheduler from the schedule's own ``torch`` field and records
``optimizer.param_groups[0]["lr"]`` before each ``scheduler.step()``. It was
recorded when a factory took the rate first, ``step_decay(lr=0.1, ...)``;
:func:`build` reads that form as ``0.1 * step_decay(...)``, the same numbers.
"""

import importlib.util
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import lrnotes
from lrnotes import schedules
from lrnotes.schedules import (
    constant,
    cosine_decay,
    cosine_restarts,
    cyclic,
    exponential_decay,
    inverse_time_decay,
    linear,
    multistep_decay,
    one_cycle,
    polynomial_decay,
    step_decay,
    warmup_cosine,
)

REFERENCE = json.loads((Path(__file__).parent / "data" / "torch_reference.json").read_text())


def build(call: str) -> schedules.Schedule:
    """The schedule of a call, in today's form or in the reference file's ``f(lr=α, ...)``."""
    return eval(re.sub(r"^(\w+)\(lr=([^,)]+)(?:, )?", r"\2 * \1(", call), vars(schedules))


@pytest.mark.parametrize("case", REFERENCE["schedules"], ids=lambda c: c["lrnotes"][:60])
def test_equals_pytorch(case):
    s = build(case["lrnotes"])
    assert s.torch == case["torch"]  # the recorded run used this very mapping
    t = np.arange(len(case["lrs"]))
    np.testing.assert_allclose(s(t), case["lrs"], rtol=1e-12, atol=1e-300)
    # one step at a time gives the same numbers as the array call
    np.testing.assert_allclose([float(s(int(k))) for k in t[:12]], case["lrs"][:12], rtol=1e-12)


def test_reference_covers_every_factory_and_mode():
    calls = " ".join(c["lrnotes"] for c in REFERENCE["schedules"])
    names = [n for n in dir(schedules) if isinstance(getattr(schedules, n), type(constant))]
    for name in ["constant", "step_decay", "multistep_decay", "exponential_decay",
                 "inverse_time_decay", "polynomial_decay", "linear", "cosine_decay",
                 "cosine_restarts", "warmup_cosine", "one_cycle", "cyclic"]:  # fmt: skip
        assert name + "(" in calls and name in names
    for fragment in ["three_phase=True", "'triangular2'", "t_mult=2", "t_mult=3"]:
        assert fragment in calls
    recorded = {repr(build(c["lrnotes"])) for c in REFERENCE["schedules"]}
    assert {repr(s) for s in lrnotes.catalogue.schedules()} <= recorded


def test_the_reference_script_lists_the_recorded_schedules_in_todays_form():
    spec = importlib.util.spec_from_file_location(
        "make_torch_reference", Path(__file__).parent / "data" / "make_torch_reference.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    calls = [repr(s) for s in lrnotes.catalogue.schedules()] + script.EXTRA_SCHEDULES
    calls += [c[2] for c in script.COMBINED]
    recorded = [c["lrnotes"] for c in REFERENCE["schedules"]]
    recorded += [c["schedule"] for c in REFERENCE["combined"]]
    assert [repr(build(c)) for c in calls] == [repr(build(c)) for c in recorded]


@pytest.mark.parametrize("case", REFERENCE["combined"], ids=lambda c: c["schedule"][:50])
def test_minimize_with_schedule_equals_pytorch(case):
    """An optimizer driven by a schedule in lrnotes.minimize moves as torch's does."""
    objective = (
        lrnotes.quadratic(
            REFERENCE["objectives"]["quadratic"]["A"], REFERENCE["objectives"]["quadratic"]["b"]
        )  # fmt: skip
        if case["objective"] == "quadratic"
        else lrnotes.rosenbrock()
    )
    # torch's kwargs hold its lr; here the schedule is the rate, so only the rest is kept
    kw = {k: tuple(v) if k == "betas" else v for k, v in case["kwargs"].items() if k != "lr"}
    optimizer = getattr(lrnotes, case["optimizer"])(**kw)
    theta0 = REFERENCE["objectives"][case["objective"]]["theta0"]
    traj = lrnotes.minimize(objective, theta0, optimizer, len(case["lrs"]), build(case["schedule"]))
    np.testing.assert_allclose(traj.lrs, case["lrs"], rtol=1e-12)
    np.testing.assert_allclose(traj.thetas, case["thetas"], rtol=1e-11, atol=1e-14)


# --- step 0, boundaries, past the end, by hand --------------------------------

EDGES = [
    # (schedule, steps, expected) — the arithmetic is in the expected values
    (0.1 * constant(), [0, 1, 10**6], [0.1, 0.1, 0.1]),
    (1.0 * step_decay(3, 0.5), [0, 2, 3, 5, 6, 300], [1, 1, 0.5, 0.5, 0.25, 0.5**100]),
    (1.0 * multistep_decay([2, 5], 0.1), [0, 1, 2, 4, 5, 1000], [1, 1, 0.1, 0.1, 0.01, 0.01]),
    (2.0 * exponential_decay(0.5), [0, 1, 10], [2, 1, 2 * 0.5**10]),
    (1.0 * inverse_time_decay(0.25), [0, 4, 12], [1, 1 / 2, 1 / 4]),
    (1.0 * polynomial_decay(4, 1.0), [0, 1, 3, 4, 5, 100], [1, 0.75, 0.25, 0, 0, 0]),
    (1.0 * polynomial_decay(4, 0.5), [0, 3], [1, 0.5]),
    (1.0 * linear(0.5, 1.0, 4), [0, 2, 4, 9], [0.5, 0.75, 1, 1]),
    (1.0 * linear(1.0, 0.0, 4), [0, 1, 4, 9], [1, 0.75, 0, 0]),
    # α_min + (α − α_min)(1 + cos(πt/4))/2 with α_min = 0.1: t = 2 gives 0.1 + 0.9/2
    (1.0 * cosine_decay(4, 0.1), [0, 2, 4, 6, 8], [1, 0.55, 0.1, 0.55, 1]),
    # α_min is a rate, not a factor: bound to α = 2 the floor is still 0.1
    (2.0 * cosine_decay(4, 0.1), [0, 2, 4], [2, 1.05, 0.1]),
    # periods 3, 6, 12 start at 0, 3, 9: t = 9 restarts, t = 12 is 3/12 into the third
    (1.0 * cosine_restarts(3, 2), [0, 3, 6, 9, 12],
     [1, 1, 0.5, 1, (1 + np.cos(np.pi / 4)) / 2]),
    (1.0 * cosine_restarts(4, 1, 0.2), [0, 2, 4, 8, 10], [1, 0.6, 1, 1, 0.6]),
    # warmup 0.1 → 1 over 3 steps, then half a cosine over 4 steps to 0 (and back up)
    (1.0 * warmup_cosine(3, 7, 0.1), [0, 1, 3, 5, 7, 11], [0.1, 0.4, 1, 0.5, 0, 1]),
    # 0.1 → 1 over steps 0…4 (pct_start·T − 1 = 4), then 1 → 1e-5 over 4…9
    (one_cycle(1.0, 10, 0.5, 10.0), [0, 2, 4, 9], [0.1, 0.55, 1, 1e-5]),
    (one_cycle(1.0, 20, 0.25, 10.0, 100.0, True), [0, 4, 8, 19], [0.1, 1, 0.1, 0.001]),
    (cyclic(0.1, 1.0, 2), [0, 1, 2, 3, 4, 6, 8], [0.1, 0.55, 1, 0.55, 0.1, 1, 0.1]),
    (cyclic(0.1, 1.0, 2, "triangular2"), [2, 6, 10], [1, 0.55, 0.325]),
    # up in 1 step, down in 3: t = 2 is 1/3 of the way down
    (cyclic(0.5, 1.0, 1, step_size_down=3), [0, 1, 2, 4], [0.5, 1, 0.5 + 0.5 * 2 / 3, 0.5]),
]  # fmt: skip


@pytest.mark.parametrize("schedule, t, expected", EDGES, ids=lambda x: repr(x)[:50])
def test_edges(schedule, t, expected):
    np.testing.assert_allclose(schedule(np.array(t)), expected, rtol=1e-12, atol=1e-15)


def test_one_cycle_ends_where_pytorch_does():
    s = one_cycle(1.0, total_steps=10)
    assert np.isfinite(s(10))  # PyTorch's last allowed step
    with pytest.raises(ValueError, match="t must be <= 10 for one_cycle"):
        s(11)
    with pytest.raises(ValueError, match="t must be <= 10"):
        s(np.arange(12))


def test_cosine_decay_climbs_back_past_t_max_as_pytorch():
    s = 1.0 * cosine_decay(t_max=10)
    np.testing.assert_allclose(s([10, 15, 20]), [0.0, 0.5, 1.0], atol=1e-15)


def test_triangular2_runs_thousands_of_cycles_without_a_warning():
    # 21000 steps of 20 are 1050 cycles: 2.0 ** 1049 overflows, ½^1049 does not
    s = cyclic(0.001, 0.1, step_size_up=10, mode="triangular2")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rates = s(np.arange(21000))
        run = lrnotes.minimize(lrnotes.square(), 1.0, lrnotes.SGD(), 21000, s)
    assert np.all(np.isfinite(rates)) and np.all(rates >= 0.001)
    assert rates[-20:].tolist() == [0.001] * 20  # the height is far below one ulp of base_lr
    np.testing.assert_array_equal(run.lrs, rates)
    # the first cycles, bit for bit, as the formula 1 / 2 ** (c − 1) gives them
    t = np.arange(2000)
    cycle = np.floor(1 + t / 20.0)
    x = 1.0 + t / 20.0 - cycle
    scale = np.where(x <= 0.5, x / 0.5, (x - 1) / (0.5 - 1))
    np.testing.assert_array_equal(rates[:2000], 0.001 + 0.099 * scale * (1 / 2.0 ** (cycle - 1)))


# --- binding a schedule to its base rate ----------------------------------------


def test_a_factory_builds_an_unbound_schedule_that_a_rate_binds():
    unbound = cosine_decay(t_max=400, lr_min=0.0015)
    assert not unbound.bound and unbound.lr is None
    for s in [0.15 * unbound, unbound * 0.15, np.float64(0.15) * unbound]:
        assert s.bound and s.lr == 0.15 and s.torch_lr == 0.15 and not s.batched
        assert s == 0.15 * unbound and s.torch == unbound.torch
        assert repr(s) == "0.15 * cosine_decay(t_max=400, lr_min=0.0015)"
    assert not unbound.bound  # binding makes a new schedule
    np.testing.assert_array_equal(
        (0.15 * unbound)(np.arange(5)),
        0.0015 + (0.15 - 0.0015) * (1 + np.cos(np.pi * np.arange(5) / 400)) / 2,
    )


def test_an_array_times_a_schedule_is_a_batch_of_the_single_schedules():
    rates = np.array([0.1, 0.2])
    s = step_decay(step_size=5)
    for batch in [rates * s, s * rates, [0.1, 0.2] * s]:
        assert batch.batched and batch.lr == [0.1, 0.2]
        assert batch(np.arange(12)).shape == (12, 2)
        for i, lr in enumerate(rates):
            np.testing.assert_array_equal(batch(np.arange(12))[:, i], (lr * s)(np.arange(12)))


def test_an_unbound_schedule_cannot_be_called_or_run():
    s = cosine_decay(t_max=4)
    with pytest.raises(TypeError, match=re.escape("multiply it by a base rate first, e.g. 0.1 *")):
        s(3)
    for steps in [0, 10]:
        with pytest.raises(TypeError, match=re.escape("lr=0.1 * cosine_decay(t_max=4")):
            lrnotes.minimize(lrnotes.square(), 1.0, lrnotes.SGD(), steps, s)
    with pytest.raises(TypeError, match="multiply it by a base rate"):
        lrnotes.stochastic.final_loss(lrnotes.square(), 1.0, lrnotes.SGD(), 30, s, sigma=1.0)
    with pytest.raises(TypeError, match=re.escape("bind it first, e.g. 0.1 * cosine_decay")):
        lrnotes.tables.pytorch_schedules([s])


@pytest.mark.parametrize(
    "own, scheduler, rates",
    [
        (one_cycle(0.1, total_steps=100), "OneCycleLR", "max_lr"),
        (cyclic(0.001, 0.1, step_size_up=10), "CyclicLR", "base_lr and max_lr"),
    ],
    ids=["one_cycle", "cyclic"],
)
def test_one_cycle_and_cyclic_keep_their_own_rates(own, scheduler, rates):
    assert own.bound and own.lr is None and own.torch_lr in (0.1, 0.001)
    message = f"has rates of its own, as PyTorch's {scheduler} ignores the optimizer's lr: "
    message += f"it takes no base rate (set its {rates} instead)"
    for bind in [lambda: 0.1 * own, lambda: own * 0.1, lambda: np.array([0.1, 0.2]) * own]:
        with pytest.raises(TypeError, match=re.escape(message)):
            bind()


def test_a_bound_schedule_cannot_be_bound_again():
    s = 0.2 * step_decay(step_size=5)
    message = "0.2 * step_decay(step_size=5, gamma=0.1) is bound to a base rate already: "
    message += "multiply the unbound step_decay(step_size=5, gamma=0.1) instead"
    for bind in [lambda: 0.1 * s, lambda: s * 0.1, lambda: np.array([0.1, 0.3]) * s]:
        with pytest.raises(TypeError, match=re.escape(message)):
            bind()
    with pytest.raises(TypeError, match="cannot multiply two schedules"):
        s * step_decay(step_size=5)


BAD_RATES = [
    (constant(), 0.0, ValueError, "lr must be > 0, got 0.0"),
    (constant(), [0.1, -0.1], ValueError, "lr must be > 0, got [-0.1]"),
    (constant(), np.ones((2, 2)), ValueError, "lr must be a number or a 1-D array"),
    (constant(), [], ValueError, "lr must not be empty"),
    (exponential_decay(0.9), -0.1, ValueError, "lr must be > 0"),
    (step_decay(5), np.nan, ValueError, "lr must be finite"),
    (step_decay(5), True, TypeError, "lr must be a positive number or 1-D array, got True"),
    (step_decay(5), "0.1", TypeError, "lr must be a real number or array of them, got '0.1'"),
    (cosine_decay(10, 0.1), 0.1, ValueError, "lr_min must be < lr, got lr_min=0.1 and lr=0.1"),
    (cosine_decay(10, 0.1), 0.05, ValueError, "lr_min must be < lr, got lr_min=0.1 and lr=0.05"),
    (cosine_decay(10, 0.05), [0.1, 0.05], ValueError, "and lr=[0.1, 0.05]"),
    (cosine_restarts(5, 1, 0.2), 0.1, ValueError, "lr_min must be < lr, got lr_min=0.2"),
    (warmup_cosine(5, 10, 0.1, 0.5), 0.1, ValueError, "lr_min must be < lr, got lr_min=0.5"),
]  # fmt: skip


@pytest.mark.parametrize("schedule, lr, error, message", BAD_RATES, ids=lambda x: repr(x)[:30])
def test_invalid_base_rate(schedule, lr, error, message):
    for bind in [lambda: lr * schedule, lambda: schedule * lr]:
        with pytest.raises(error, match=re.escape(message)):
            bind()


@pytest.mark.parametrize(
    "old",
    ["constant(0.1)", "step_decay(0.1, 30)", "step_decay(0.1, step_size=30)",
     "multistep_decay(0.1, [30, 60])", "exponential_decay(0.1, 0.97)",
     "inverse_time_decay(0.1, 0.05)", "polynomial_decay(0.1, 100)",
     "linear(0.1, 1.0, 0.05, 100)", "cosine_decay(0.15, 400)",
     "cosine_restarts(0.1, 10)", "warmup_cosine(0.1, 10, 100, 0.01)"],
)  # fmt: skip
def test_a_rate_in_the_old_place_is_an_error_not_a_step_count(old):
    with pytest.raises(TypeError):
        eval(old, vars(schedules))


def test_repr_is_the_call_that_rebuilds_it():
    cases = {
        "step_decay(step_size=30, gamma=0.5)": step_decay(step_size=30, gamma=0.5),
        "0.1 * step_decay(step_size=30, gamma=0.5)": 0.1 * step_decay(step_size=30, gamma=0.5),
        "[0.1, 0.2] * constant()": np.array([0.1, 0.2]) * constant(),
        "0.1 * warmup_cosine(warmup_steps=10, total_steps=100, start_factor=0.01, lr_min=0.0)": (
            0.1 * warmup_cosine(10, 100, 0.01)
        ),
        "one_cycle(max_lr=0.1, total_steps=100, pct_start=0.3, div_factor=25.0, "
        "final_div_factor=10000.0, three_phase=False)": one_cycle(0.1, 100),
        "cyclic(base_lr=0.001, max_lr=0.1, step_size_up=10, mode='triangular')": (
            cyclic(0.001, 0.1, 10)
        ),
    }
    for text, s in cases.items():
        assert repr(s) == text
        again = build(text)
        assert again == s and repr(again) == text
        if s.bound:
            np.testing.assert_array_equal(again(np.arange(50)), s(np.arange(50)))


# --- shapes and batches --------------------------------------------------------

BATCHABLE = [
    lambda lr: lr * constant(),
    lambda lr: lr * step_decay(5, 0.5),
    lambda lr: lr * multistep_decay([3, 9]),
    lambda lr: lr * exponential_decay(0.9),
    lambda lr: lr * inverse_time_decay(0.1),
    lambda lr: lr * polynomial_decay(10, 2.0),
    lambda lr: lr * linear(0.2, 1.0, 10),
    lambda lr: lr * cosine_decay(10, 0.001),
    lambda lr: lr * cosine_restarts(3, 2, 0.001),
    lambda lr: lr * warmup_cosine(3, 12, 0.1, 0.001),
    lambda lr: one_cycle(lr, 20, three_phase=True),
    lambda lr: cyclic(0.001, lr, 4, "triangular2"),
    lambda lr: cyclic(lr / 10, lr, 4),
]


@pytest.mark.parametrize("make", BATCHABLE, ids=lambda f: f(0.1).name)
def test_batch_equals_one_at_a_time(make):
    rates = np.array([0.1, 0.3, 1.0])
    t = np.arange(20)
    batch = make(rates)
    assert batch(t).shape == (20, 3) and batch(4).shape == (3,)
    for i, lr in enumerate(rates):
        alone = make(float(lr))
        assert alone(t).shape == (20,) and alone(4).shape == ()
        np.testing.assert_allclose(batch(t)[:, i], alone(t), rtol=1e-14)
        np.testing.assert_allclose(batch(7)[i], alone(7), rtol=1e-14)


def test_t_array_of_any_shape():
    s = 1.0 * step_decay(2)
    assert s(np.arange(6).reshape(2, 3)).shape == (2, 3)
    assert s([]).shape == (0,)
    assert s(np.int32(3)).item() == pytest.approx(0.1)


def test_minimize_records_the_schedule_with_a_batch():
    s = np.array([0.01, 0.05]) * warmup_cosine(5, 30, 0.1)
    traj = lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.Adam(), 29, s)
    np.testing.assert_allclose(traj.lrs, s(np.arange(29)).T)
    alone = lrnotes.minimize(
        lrnotes.square(), 2.0, lrnotes.Adam(), 29, 0.05 * warmup_cosine(5, 30, 0.1)
    )
    np.testing.assert_allclose(traj[1].thetas, alone.thetas, rtol=1e-13)


def test_minimize_runs_a_schedule_down_to_zero():
    # 0.1 * polynomial_decay(4) is 0.1, 0.075, 0.05, 0.025, then exactly 0 at t = 4
    run = lrnotes.minimize(lrnotes.square(), 1.0, lrnotes.SGD(), 5, 0.1 * polynomial_decay(4))
    np.testing.assert_allclose(run.lrs, [0.1, 0.075, 0.05, 0.025, 0.0])
    assert run.thetas[5] == run.thetas[4]  # α = 0 leaves θ where it is


def test_repr_rebuilds_and_table_comes_from_the_code():
    for s in lrnotes.catalogue.schedules():
        again = build(repr(s))
        np.testing.assert_array_equal(again(np.arange(50)), s(np.arange(50)))
    rows = lrnotes.tables.pytorch_schedules()
    assert len(rows) == len(lrnotes.catalogue.schedules())
    assert rows[0] == ("0.1 * constant()", "lr=0.1", "no scheduler")
    assert rows[1] == (
        "0.1 * step_decay(step_size=30, gamma=0.5)",
        "lr=0.1",
        "StepLR(optimizer, step_size=30, gamma=0.5)",
    )
    assert rows[12][:2] == (
        "cyclic(base_lr=0.001, max_lr=0.1, step_size_up=10, mode='triangular')",
        "any (ignored)",  # CyclicLR sets the optimizer's rate from base_lr itself
    )
    assert rows[10][1] == "any (ignored)"  # and OneCycleLR from max_lr / div_factor
    assert (
        "SequentialLR(optimizer, schedulers=[LinearLR("
        in dict((r[0], r[2]) for r in rows)[repr(lrnotes.catalogue.schedules()[9])]
    )
    # the base rate is the PyTorch optimizer's lr, the factor the scheduler's
    row = lrnotes.tables.pytorch_schedules([[0.1, 0.2] * cosine_decay(t_max=10)])[0]
    assert row[1:] == ("lr=[0.1, 0.2]", "CosineAnnealingLR(optimizer, T_max=10, eta_min=0.0)")


# --- invalid t and invalid arguments ---------------------------------------------


@pytest.mark.parametrize(
    "t, error, message",
    [
        (-1, ValueError, "t must be >= 0, got -1"),
        ([0, 3, -2], ValueError, "t must be >= 0, got -2"),
        (1.0, TypeError, "t must be an integer step or an integer array, got 1.0"),
        (np.array([0.0, 1.0]), TypeError, "integer array"),
        (True, TypeError, "t must be an integer step or an array of them, got True"),
        ("3", TypeError, "t must be an integer step"),
        (None, TypeError, "t must be an integer step"),
    ],
)
def test_invalid_t(t, error, message):
    with pytest.raises(error, match=re.escape(message)):
        (0.1 * step_decay(10))(t)


BAD = [
    (step_decay, (0,), {}, ValueError, "step_size must be >= 1, got 0"),
    (step_decay, (2.0,), {}, TypeError, "step_size must be an integer, got 2.0"),
    (step_decay, (2,), {"gamma": 0.0}, ValueError, "gamma must be in (0.0, 1.0], got 0.0"),
    (step_decay, (2,), {"gamma": 1.5}, ValueError, "gamma must be in (0.0, 1.0]"),
    (multistep_decay, ([],), {}, ValueError, "milestones must be a non-empty"),
    (multistep_decay, ([5, 5],), {}, ValueError, "strictly increasing list, got [5, 5]"),
    (multistep_decay, ([0, 5],), {}, ValueError, "milestones[0] must be >= 1, got 0"),
    (multistep_decay, (5,), {}, TypeError, "milestones must be a list of integer steps"),
    (multistep_decay, ([2, 4.5],), {}, TypeError, "milestones[1] must be an integer"),
    (multistep_decay, ([2],), {"gamma": -0.1}, ValueError, "gamma"),
    (exponential_decay, (0.0,), {}, ValueError, "gamma must be in (0.0, 1.0], got 0.0"),
    (exponential_decay, (1.01,), {}, ValueError, "gamma"),
    (inverse_time_decay, (0.0,), {}, ValueError, "decay_rate must be > 0, got 0.0"),
    (inverse_time_decay, ("fast",), {}, TypeError, "decay_rate must be a real number"),
    (polynomial_decay, (0,), {}, ValueError, "total_steps must be >= 1, got 0"),
    (polynomial_decay, (10,), {"power": 0.0}, ValueError, "power must be > 0, got 0.0"),
    (linear, (0.0, 1.0, 10), {}, ValueError, "start_factor must be in (0.0, 1.0], got 0.0"),
    (linear, (1.5, 1.0, 10), {}, ValueError, "start_factor"),
    (linear, (0.5, 1.5, 10), {}, ValueError, "end_factor must be in [0.0, 1.0], got 1.5"),
    (linear, (0.5, 1.0, 0), {}, ValueError, "total_steps must be >= 1"),
    (cosine_decay, (0,), {}, ValueError, "t_max must be >= 1, got 0"),
    (cosine_decay, (10, -0.01), {}, ValueError, "lr_min must be >= 0, got -0.01"),
    (cosine_restarts, (0,), {}, ValueError, "t_0 must be >= 1, got 0"),
    (cosine_restarts, (5, 0), {}, ValueError, "t_mult must be >= 1, got 0"),
    (cosine_restarts, (5, 1.5), {}, TypeError, "t_mult must be an integer, got 1.5"),
    (warmup_cosine, (0, 10, 0.1), {}, ValueError, "warmup_steps must be >= 1, got 0"),
    (warmup_cosine, (10, 10, 0.1), {}, ValueError, "total_steps must be >= 11, got 10"),
    (warmup_cosine, (5, 10, 0.0), {}, ValueError, "start_factor must be in (0.0, 1.0]"),
    (one_cycle, (0.0, 100), {}, ValueError, "max_lr must be > 0"),
    (one_cycle, (0.1, 1), {}, ValueError, "total_steps must be >= 2, got 1"),
    (one_cycle, (0.1, 100), {"pct_start": 0.0}, ValueError, "pct_start must be in (0.0, 1.0)"),
    (one_cycle, (0.1, 100), {"pct_start": 1.0}, ValueError, "must be in (0.0, 1.0), got 1.0"),
    (one_cycle, (0.1, 10), {"pct_start": 0.1}, ValueError, "pct_start * total_steps must be > 1"),
    (one_cycle, (0.1, 100), {"pct_start": 0.6, "three_phase": True}, ValueError,
     "leaves no room for the last phase"),
    (one_cycle, (0.1, 100), {"div_factor": 0.0}, ValueError, "div_factor must be > 0, got 0.0"),
    (one_cycle, (0.1, 100), {"final_div_factor": -1.0}, ValueError, "final_div_factor must be > 0"),
    (one_cycle, (0.1, 100), {"three_phase": "yes"}, TypeError, "three_phase must be True or False"),
    (cyclic, (0.1, 0.1, 10), {}, ValueError, "> base_lr, got max_lr=0.1, base_lr=0.1"),
    (cyclic, (0.0, 0.1, 10), {}, ValueError, "base_lr must be > 0"),
    (cyclic, (0.01, 0.1, 0), {}, ValueError, "step_size_up must be >= 1, got 0"),
    (cyclic, (0.01, 0.1, 5), {"step_size_down": 0}, ValueError, "step_size_down must be >= 1"),
    (cyclic, (0.01, 0.1, 5), {"mode": "exp_range"}, ValueError,
     "mode must be 'triangular' or 'triangular2', got 'exp_range'"),
]  # fmt: skip


@pytest.mark.parametrize("factory, args, kw, error, message", BAD, ids=lambda x: str(x)[:40])
def test_invalid_arguments(factory, args, kw, error, message):
    with pytest.raises(error, match=re.escape(message)):
        factory(*args, **kw)
