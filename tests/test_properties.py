"""Properties of the public API, over many inputs (hypothesis, derandomized: the same each run).

Bad input of every kind gets a ValueError or TypeError that names the argument,
with warnings as errors (pyproject's filterwarnings); good input keeps the
package's promises: a batch member is the single run, schedules give finite
rates >= 0 for every step they accept, inputs are never mutated, and a
trajectory's losses are J at its iterates.
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lrnotes
from lrnotes import schedules

SETTINGS = settings(
    max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Values that are not a number at all, or not a finite real one.
NOT_REAL = st.sampled_from(
    [None, "0.1", b"1", True, False, 1 + 2j, np.complex128(1j), [], [[0.1, 0.2]], {"a": 1},
     math.nan, math.inf, -math.inf, np.float64("nan"), np.array([np.nan])]
)  # fmt: skip
NOT_POSITIVE = st.one_of(st.floats(max_value=0.0, allow_nan=False), st.integers(max_value=0))
NOT_A_COUNT = st.one_of(
    st.sampled_from([None, "3", 2.5, 3.0, True, math.nan, np.float64(4.0), [3]]),
    st.integers(max_value=-1),
)


def raises_naming(name, call):
    with pytest.raises((ValueError, TypeError)) as caught:
        call()
    assert name in str(caught.value), f"the error does not name {name!r}: {caught.value}"


@SETTINGS
@given(lr=st.one_of(NOT_REAL, NOT_POSITIVE))
def test_minimize_names_a_bad_lr(lr):
    raises_naming("lr", lambda: lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 5, lr))


@SETTINGS
@given(steps=NOT_A_COUNT)
def test_minimize_names_bad_steps(steps):
    raises_naming(
        "steps", lambda: lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), steps, 0.1)
    )


@SETTINGS
@given(theta0=st.one_of(NOT_REAL, st.just([1.0, 2.0]), st.just(np.zeros((2, 2)))))
def test_minimize_names_a_bad_start(theta0):
    raises_naming(
        "theta0", lambda: lrnotes.minimize(lrnotes.square(), theta0, lrnotes.SGD(), 5, 0.1)
    )


@SETTINGS
@given(
    name=st.sampled_from(["momentum", "dampening", "weight_decay"]),
    value=st.one_of(NOT_REAL, st.floats(min_value=-1e9, max_value=-1e-9)),
)
def test_sgd_names_a_bad_hyperparameter(name, value):
    raises_naming(name, lambda: lrnotes.SGD(**{name: value}))
    if name != "weight_decay":  # the two fractions: μ in [0, 1), τ in [0, 1]
        raises_naming(name, lambda: lrnotes.SGD(**{name: 1.5}))


@SETTINGS
@given(
    name=st.sampled_from(["eps", "weight_decay"]),
    value=st.one_of(NOT_REAL, st.floats(min_value=-1e9, max_value=-1e-9)),
    make=st.sampled_from([lrnotes.Adam, lrnotes.AdamW, lrnotes.RMSprop, lrnotes.Adagrad]),
)
def test_adaptive_optimizers_name_a_bad_hyperparameter(name, value, make):
    raises_naming(name, lambda: make(**{name: value}))


@SETTINGS
@given(beta=st.one_of(NOT_REAL, st.floats(min_value=1.0, max_value=1e9), st.just(-0.1)))
def test_adam_names_a_bad_beta(beta):
    raises_naming("betas", lambda: lrnotes.Adam(betas=(0.9, beta)))
    raises_naming("betas", lambda: lrnotes.Adam(betas=(beta, 0.999)))


FACTORIES = {
    "step_decay": (schedules.step_decay, {"step_size": 10}),
    "multistep_decay": (schedules.multistep_decay, {"milestones": [5, 9]}),
    "exponential_decay": (schedules.exponential_decay, {"gamma": 0.9}),
    "inverse_time_decay": (schedules.inverse_time_decay, {"decay_rate": 0.1}),
    "polynomial_decay": (schedules.polynomial_decay, {"total_steps": 20}),
    "linear": (schedules.linear, {"start_factor": 0.5, "end_factor": 1.0, "total_steps": 9}),
    "cosine_decay": (schedules.cosine_decay, {"t_max": 20}),
    "cosine_restarts": (schedules.cosine_restarts, {"t_0": 5, "t_mult": 2}),
    "warmup_cosine": (
        schedules.warmup_cosine,
        {"warmup_steps": 3, "total_steps": 20, "start_factor": 0.1},
    ),
}


@SETTINGS
@given(
    factory=st.sampled_from(sorted(FACTORIES)),
    which=st.integers(min_value=0, max_value=3),
    value=st.one_of(
        NOT_REAL, st.floats(max_value=-1e-9, allow_nan=False), st.integers(max_value=-1)
    ),
)
def test_schedule_factories_name_a_bad_argument(factory, which, value):
    make, good = FACTORIES[factory]
    name = sorted(good)[which % len(good)]
    raises_naming(name, lambda: make(**{**good, name: value}))


@SETTINGS
@given(
    factory=st.sampled_from(sorted(FACTORIES)),
    rate=st.floats(min_value=1e-6, max_value=10.0),
    t=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20),
)
def test_every_schedule_gives_finite_rates_at_least_zero_at_every_step(factory, rate, t):
    make, good = FACTORIES[factory]
    alpha = (rate * make(**good))(np.array(t))
    assert alpha.shape == (len(t),) and np.all(np.isfinite(alpha)) and np.all(alpha >= 0)
    assert np.all(alpha <= rate * (1 + 1e-12))  # a factor of the base rate never above 1


@SETTINGS
@given(
    d=st.lists(st.floats(min_value=0.1, max_value=10.0), min_size=1, max_size=4),
    rates=st.lists(st.floats(min_value=1e-3, max_value=0.5), min_size=1, max_size=4),
    momentum=st.sampled_from([0.0, 0.5, 0.9]),
)
def test_a_batch_member_is_the_single_run_bit_for_bit_on_diagonal_problems(d, rates, momentum):
    J = lrnotes.diagonal_quadratic(d)
    theta0 = np.linspace(-1.0, 2.0, len(d))
    opt = lrnotes.SGD(momentum=momentum)
    batch = lrnotes.minimize(J, theta0, opt, 30, np.array(rates))
    for i, lr in enumerate(rates):
        single = lrnotes.minimize(J, theta0, opt, 30, lr)
        np.testing.assert_array_equal(batch[i].thetas, single.thetas)
        assert batch[i].status is single.status


@SETTINGS
@given(
    theta0=st.lists(st.floats(min_value=-5, max_value=5), min_size=2, max_size=2),
    lr=st.floats(min_value=1e-4, max_value=1.0),
    make=st.sampled_from([lrnotes.SGD, lrnotes.Adam, lrnotes.RMSprop, lrnotes.Adagrad]),
)
def test_inputs_are_never_mutated_and_losses_are_j_at_the_iterates(theta0, lr, make):
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 10.0]])
    start = np.array(theta0)
    keep = start.copy()
    run = lrnotes.minimize(J, start, make(), 40, lr)
    np.testing.assert_array_equal(start, keep)
    assert len(run.thetas) == len(run.losses) == run.stop_step + 1 == len(run.lrs) + 1
    np.testing.assert_allclose(run.losses, J.value(run.thetas), rtol=1e-12, atol=1e-300)
    assert run.diverged == (run.status is lrnotes.Status.DIVERGED)


@SETTINGS
@given(t=st.one_of(st.integers(max_value=-1), st.sampled_from([1.5, "3", None, True, [0.5]])))
def test_a_schedule_names_a_bad_step(t):
    raises_naming("t", lambda: (0.1 * schedules.cosine_decay(t_max=10))(t))


@SETTINGS
@given(A=st.one_of(NOT_REAL, st.just([[1.0, 2.0], [0.0, 1.0]]), st.just([[-1.0, 0.0], [0.0, 1.0]])))
def test_quadratic_names_a_bad_matrix(A):
    raises_naming("A", lambda: lrnotes.quadratic(A))


@SETTINGS
@given(sigma=st.one_of(NOT_REAL, NOT_POSITIVE), seed=st.integers(min_value=0, max_value=99))
def test_noisy_names_a_bad_sigma(sigma, seed):
    raises_naming("sigma", lambda: lrnotes.noisy(lrnotes.square(), sigma, seed))


@SETTINGS
@given(
    name=st.sampled_from(["factor", "patience", "threshold", "cooldown", "min_lr", "epoch_steps"]),
    value=st.one_of(NOT_REAL, st.floats(max_value=-1e-9, allow_nan=False), st.just(2.5)),
)
def test_the_plateau_rule_names_a_bad_argument(name, value):
    if value == 2.5 and name in ("threshold", "min_lr"):
        return  # valid there: any threshold or floor >= 0
    raises_naming(name, lambda: lrnotes.plateau.reduce_on_plateau(0.1, **{name: value}))


@SETTINGS
@given(
    max_loss=st.one_of(
        NOT_REAL.filter(lambda v: v is not None),  # None is the default
        NOT_POSITIVE,
        st.floats(min_value=1e-9, max_value=3.99),
    )
)
def test_minimize_names_a_bad_max_loss(max_loss):
    J, sgd = lrnotes.square(), lrnotes.SGD()  # J(θ₀) = 4: a max_loss below it is refused too
    raises_naming("max_loss", lambda: lrnotes.minimize(J, 2.0, sgd, 5, 0.1, max_loss=max_loss))


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: lrnotes.regression.line_data(n=10**13, slope=1.0, intercept=0.0, noise=0.1,
                                              seed=0), "n"),
        (lambda: lrnotes.two_layer_net([[1.0], [2.0]], [0, 1], hidden=10**13, seed=0), "hidden"),
        (lambda: lrnotes.tuning.grid_search(lrnotes.square(), 2.0, budget=10**13), "budget"),
        (lambda: lrnotes.stochastic.window_losses(lrnotes.square(), 2.0, lrnotes.SGD(), [100],
                                                  [0.1], sigma=1.0, runs=10**12), "runs"),
        (lambda: lrnotes.stochastic.final_losses(lrnotes.square(), 2.0, lrnotes.SGD(), 100, 0.1,
                                                 sigma=1.0, runs=10**12), "runs"),
    ],
)  # fmt: skip
def test_a_size_that_cannot_fit_is_refused_by_name_before_any_work(call, name):
    with pytest.raises(ValueError, match=rf"{name}=\d+ needs [\d.e+]+ GiB, more than the"):
        call()
