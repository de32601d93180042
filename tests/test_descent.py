"""The descent loop: the article's numbers, batches, divergence as a result, bad input."""

import warnings

import numpy as np
import pytest

import lrnotes
from lrnotes import schedules

# The article's printed output for J = θ², θ₀ = 2, α = 0.1, ten iterations
# (its section 5). It shows the numbers rounded; the loop reproduces them to
# floating-point tolerance.
ARTICLE_THETAS = [2, 1.6, 1.28, 1.024, 0.8192, 0.65536, 0.524288, 0.4194304, 0.33554432,
                  0.268435456, 0.2147483648]  # fmt: skip
ARTICLE_LOSSES = [4, 2.56, 1.6384, 1.048576, 0.67108864, 0.4294967296, 0.274877906944,
                  0.17592186044416, 0.1125899906842624, 0.07205759403792794,
                  0.04611686018427388]  # fmt: skip


def article_loop(theta, learning_rate, num_iterations):
    """The article's own program, verbatim but for the names: the oracle."""
    history, losses = [theta], [theta**2]
    for _ in range(num_iterations):
        theta = theta - learning_rate * (2 * theta)
        history.append(theta)
        losses.append(theta**2)
    return history, losses


def test_reproduces_the_article_printed_output():
    run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=0.1, steps=10)
    np.testing.assert_allclose(run.thetas, ARTICLE_THETAS, rtol=1e-12)
    np.testing.assert_allclose(run.losses, ARTICLE_LOSSES, rtol=1e-12)
    assert (run.diverged, run.stop_step, run.reason) == (False, 10, "completed")
    np.testing.assert_array_equal(run.lrs, np.full(10, 0.1))


def test_matches_the_article_program_bit_for_bit():
    thetas, losses = article_loop(2, 0.1, 10)
    run = lrnotes.gradient_descent(lrnotes.square(), 2, lr=0.1, steps=10)
    assert run.thetas.tolist() == thetas
    assert run.losses.tolist() == losses


def test_closed_form_on_the_square():
    # θ_t = (1 − 2α)^t θ₀ for J = θ²
    for lr in (0.05, 0.3, 0.5, 0.75, 0.99):
        run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=lr, steps=25)
        np.testing.assert_allclose(run.thetas, 2.0 * (1 - 2 * lr) ** np.arange(26), atol=1e-15)


def test_zero_steps_returns_the_start():
    run = lrnotes.gradient_descent(lrnotes.rosenbrock(), [-1.0, 2.0], lr=1e-3, steps=0)
    np.testing.assert_array_equal(run.thetas, [[-1.0, 2.0]])
    assert run.losses.shape == (1,) and run.lrs.shape == (0,)


def test_quadratic_converges_to_the_minimizer_below_two_over_L():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 10.0]], [1.0, 1.0])
    run = lrnotes.gradient_descent(J, [3.0, 3.0], lr=1.9 / J.L, steps=400)
    np.testing.assert_allclose(run.thetas[-1], J.minimizer, atol=1e-10)
    assert run.thetas.shape == (401, 2)


def test_divergence_is_reported_not_sprayed():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning fails the test
        run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=5.0, steps=100)
    assert run.diverged
    # θ_t = (−9)^t · 2; max_loss = 4e10, so θ₅ (loss 1.4e10) is kept and θ₆ fails
    assert run.stop_step == 5
    np.testing.assert_allclose(run.thetas, 2.0 * (-9.0) ** np.arange(6))
    assert "exceeded max_loss" in run.reason and "step 6" in run.reason
    assert np.all(np.isfinite(run.thetas)) and np.all(np.isfinite(run.losses))


def test_overflow_to_inf_is_reported_as_non_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=1e308, steps=3, max_loss=1e308)
    assert run.diverged and run.stop_step == 0 and "not finite" in run.reason
    assert run.thetas.tolist() == [2.0]


def test_alpha_one_oscillates_forever_without_diverging():
    run = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=1.0, steps=7)
    assert run.thetas.tolist() == [2.0, -2.0, 2.0, -2.0, 2.0, -2.0, 2.0, -2.0]
    assert not run.diverged


def test_batch_equals_one_at_a_time():
    J = lrnotes.quadratic([[2.0, 0.5], [0.5, 1.0]], [0.0, 1.0])
    lrs = np.array([0.01, 0.3, 0.9, 1.2, 3.0])
    batch = lrnotes.gradient_descent(J, [1.0, -1.0], lr=lrs, steps=60)
    assert batch.thetas.shape == (5, 61, 2) and batch.losses.shape == (5, 61)
    assert len(batch) == 5
    for i, lr in enumerate(lrs):
        single = lrnotes.gradient_descent(J, [1.0, -1.0], lr=float(lr), steps=60)
        one = batch[i]
        np.testing.assert_array_equal(one.thetas, single.thetas)
        np.testing.assert_array_equal(one.losses, single.losses)
        np.testing.assert_array_equal(one.lrs, single.lrs)
        assert (one.diverged, one.stop_step, one.reason) == (
            single.diverged,
            single.stop_step,
            single.reason,
        )
    np.testing.assert_array_equal(batch.diverged, [False, False, False, True, True])
    np.testing.assert_array_equal(batch.final_loss[:3], [batch[i].losses[-1] for i in range(3)])


def test_batch_pads_after_a_stop_with_nan():
    batch = lrnotes.gradient_descent(lrnotes.square(), 2.0, lr=np.array([0.1, 5.0]), steps=10)
    assert np.isnan(batch.losses[1, 6:]).all() and np.isfinite(batch.losses[1, :6]).all()
    assert np.isfinite(batch.losses[0]).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(lr=0.0), ValueError, "lr must be > 0, got 0.0"),
        (dict(lr=-0.1), ValueError, "lr must be > 0"),
        (dict(lr=np.nan), ValueError, "lr must be finite"),
        (dict(lr=np.inf), ValueError, "lr must be finite"),
        (dict(lr=np.array([0.1, -1.0])), ValueError, r"lr must be > 0, got \[-1.0\]"),
        (dict(lr=np.array([[0.1]])), ValueError, "lr must be a number or a 1-D array"),
        (dict(lr=np.array([])), ValueError, "lr must not be empty"),
        (dict(lr="0.1"), TypeError, "lr must be a real number"),
        (dict(lr=True), TypeError, "lr must be a positive number"),
        (dict(steps=-1), ValueError, "steps must be >= 0, got -1"),
        (dict(steps=10.0), TypeError, "steps must be an integer, got 10.0"),
        (dict(steps=True), TypeError, "steps must be an integer"),
        (dict(theta0=np.nan), ValueError, "theta0 must be finite"),
        (dict(theta0=[2.0]), ValueError, r"theta0 must have shape \(\)"),
        (dict(theta0=None), TypeError, "theta0 must be a real number"),
    ],
)
def test_bad_input_names_the_argument_and_value(kwargs, error, message):
    args = dict(objective=lrnotes.square(), theta0=2.0, lr=0.1, steps=10) | kwargs
    with pytest.raises(error, match=message):
        lrnotes.gradient_descent(**args)


def test_theta0_shape_must_match_a_2d_objective():
    with pytest.raises(ValueError, match=r"theta0 must have shape \(2,\) .* got shape \(3,\)"):
        lrnotes.gradient_descent(lrnotes.rosenbrock(), [1.0, 2.0, 3.0], lr=0.1, steps=1)


def test_minimize_rejects_non_objects():
    with pytest.raises(TypeError, match="objective must be an lrnotes objective"):
        lrnotes.minimize(lambda x: x**2, 2.0, lrnotes.SGD(), 3, 0.1)
    with pytest.raises(TypeError, match="optimizer must be an lrnotes Optimizer"):
        lrnotes.minimize(lrnotes.square(), 2.0, "sgd", 3, 0.1)
    with pytest.raises(ValueError, match="max_loss must be > 0"):
        lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.1, 3, max_loss=-1.0)


def test_schedule_feeds_the_rate_and_is_recorded():
    run = lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 3, lambda t: 0.1 / (t + 1))
    np.testing.assert_allclose(run.lrs, [0.1, 0.05, 0.1 / 3])
    expected = 2.0 * np.cumprod([1.0, 1 - 0.2, 1 - 0.1, 1 - 0.2 / 3])
    np.testing.assert_allclose(run.thetas, expected)
    with pytest.raises(ValueError, match=r"lr\(2\) must be finite and >= 0, got -0.1"):
        lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 3, lambda t: 0.1 - t * 0.1)


def test_a_schedule_may_reach_zero_and_then_holds_theta():
    run = lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 3, lambda t: 0.1 * (t < 1))
    np.testing.assert_allclose(run.thetas, [2.0, 1.6, 1.6, 1.6])
    np.testing.assert_array_equal(run.lrs, [0.1, 0.0, 0.0])


def test_lrnotes_schedules_run_vectorized_and_match_a_plain_function():
    s = 0.4 * schedules.step_decay(step_size=2, gamma=0.5)
    a = lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 6, s)
    b = lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 6, lambda t: float(s(t)))
    np.testing.assert_array_equal(a.thetas, b.thetas)
    np.testing.assert_array_equal(a.lrs, [0.4, 0.4, 0.2, 0.2, 0.1, 0.1])


def test_one_gradient_per_step():
    calls = []

    class Counted(lrnotes.objectives.Square):
        def _grad(self, X):
            calls.append(1)
            return super()._grad(X)

    J = Counted(name="counted θ²", shape=(), minimizer=0.0, L=2.0)
    lrnotes.gradient_descent(J, 2.0, lr=0.1, steps=7)
    assert len(calls) == 7


# --- minimize's lr, the one home of the rate: each test below would have caught
# a trap of the old API (a rate on the optimizer, overridden by a schedule=).


def test_minimize_has_no_schedule_keyword_and_needs_lr():
    with pytest.raises(TypeError, match="unexpected keyword argument 'schedule'"):
        lrnotes.minimize(
            lrnotes.square(), 2.0, lrnotes.SGD(), 3, schedule=0.1 * schedules.constant()
        )
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'lr'"):
        lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 3)


@pytest.mark.parametrize("lr", [0, -1, np.nan, np.inf, "0.1", True, [[0.1]], []])
def test_minimize_refuses_a_bad_lr_by_name(lr):
    with pytest.raises((ValueError, TypeError), match=r"^lr must"):
        lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 3, lr)


@pytest.mark.parametrize(
    ("lr", "message"),
    [
        (lambda t: 0.1 if t < 2 else -0.1, r"lr\(2\) must be finite and >= 0, got -0.1"),
        (lambda t: 0.1 if t < 1 else np.nan, r"lr\(1\) must be finite \(no NaN or inf\), got nan"),
    ],
)
def test_minimize_refuses_a_callable_lr_that_goes_bad(lr, message):
    with pytest.raises(ValueError, match=message):
        lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 3, lr)


@pytest.mark.parametrize(
    ("lr", "runs"),
    [
        pytest.param(0.1, None, id="number"),
        pytest.param(np.array([0.1, 0.2, 0.3]), 3, id="array"),
        pytest.param(0.1 * schedules.constant(), None, id="schedule"),
        pytest.param(np.array([0.1, 0.2]) * schedules.step_decay(2), 2, id="batched schedule"),
        pytest.param(schedules.one_cycle(0.1, 10), None, id="one_cycle"),
        pytest.param(schedules.cyclic(0.01, [0.1, 0.2], 5), 2, id="batched cyclic"),
        pytest.param(lambda t: 0.1 / (t + 1), None, id="lambda"),
    ],
)
def test_zero_steps_works_with_every_form_of_lr(lr, runs):
    run = lrnotes.minimize(lrnotes.rosenbrock(), [-1.0, 2.0], lrnotes.SGD(), 0, lr)
    if runs is None:
        assert not run.batched
        np.testing.assert_array_equal(run.thetas, [[-1.0, 2.0]])
        assert run.losses.shape == (1,) and run.lrs.shape == (0,)
        assert (run.diverged, run.stop_step, run.reason) == (False, 0, "completed")
    else:
        assert run.batched and len(run) == runs
        assert run.thetas.shape == (runs, 1, 2) and run.losses.shape == (runs, 1)
        np.testing.assert_array_equal(run.stop_step, np.zeros(runs))
        for i in range(runs):
            np.testing.assert_array_equal(run[i].thetas, [[-1.0, 2.0]])


def test_a_batch_of_rates_equals_single_runs_on_a_random_quadratic():
    # Equal to rounding, as the Trajectory docstring says: BLAS rounds A @ X for a
    # batch of columns and for one column differently in the last bit.
    rng = np.random.default_rng(42)
    M = rng.normal(size=(4, 4))
    J = lrnotes.quadratic(M @ M.T + 0.5 * np.eye(4), rng.normal(size=4))
    theta0 = rng.normal(size=4)
    lrs = np.array([0.3, 1.0, 1.9]) / J.L
    batch = lrnotes.minimize(J, theta0, lrnotes.SGD(), 40, lrs)
    assert batch.thetas.shape == (3, 41, 4)
    for i, lr in enumerate(lrs):
        single = lrnotes.minimize(J, theta0, lrnotes.SGD(), 40, float(lr))
        np.testing.assert_allclose(batch[i].thetas, single.thetas, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batch[i].losses, single.losses, rtol=1e-12, atol=1e-15)


def test_a_batched_schedule_equals_each_single_schedule():
    J = lrnotes.quadratic([[2.0, 0.5], [0.5, 1.0]], [0.0, 1.0])
    batch = lrnotes.minimize(
        J, [1.0, -1.0], lrnotes.SGD(momentum=0.9), 20,
        np.array([0.05, 0.1]) * schedules.step_decay(step_size=5),
    )  # fmt: skip
    assert len(batch) == 2
    for i, peak in enumerate([0.05, 0.1]):
        s = peak * schedules.step_decay(step_size=5)
        single = lrnotes.minimize(J, [1.0, -1.0], lrnotes.SGD(momentum=0.9), 20, s)
        assert np.array_equal(batch[i].thetas, single.thetas)
        assert np.array_equal(batch[i].losses, single.losses)
        np.testing.assert_array_equal(batch[i].lrs, single.lrs)


def test_a_lambda_and_the_equivalent_schedule_give_one_trajectory():
    J = lrnotes.quadratic([[2.0, 0.5], [0.5, 1.0]], [0.0, 1.0])
    s = 0.4 * schedules.cosine_decay(t_max=30)
    a = lrnotes.minimize(J, [1.0, -1.0], lrnotes.Adam(), 30, s)
    b = lrnotes.minimize(J, [1.0, -1.0], lrnotes.Adam(), 30, lambda t: float(s(t)))
    assert np.array_equal(a.thetas, b.thetas) and np.array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.lrs, b.lrs)


def test_status_says_how_each_run_ended():
    from lrnotes.descent import Status

    done = lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.1, 5)
    assert done.status is Status.COMPLETED and done.status == "completed" and not done.diverged
    batch = lrnotes.gradient_descent(lrnotes.square(), 2.0, [0.1, 1.5], 200)
    assert list(batch.status) == [Status.COMPLETED, Status.DIVERGED]
    assert batch.diverged.tolist() == [False, True]
    assert batch[1].status is Status.DIVERGED and batch[1].diverged is True
    assert batch[1].reason.startswith("diverged:")  # the reason is for people, status for code


def test_a_huge_start_runs_or_is_refused_by_name_never_blamed_on_max_loss():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = lrnotes.gradient_descent(lrnotes.square(), 1e154, 0.1, 10)  # J(θ₀) = 1e308
        assert run.status is lrnotes.Status.COMPLETED and run.thetas[-1] < 1e154
        with pytest.raises(ValueError, match=r"J\(theta0\) must be finite"):
            lrnotes.gradient_descent(lrnotes.square(), 1e160, 0.1, 10)


def test_max_loss_below_the_start_is_refused_not_reported_as_divergence():
    with pytest.raises(ValueError, match=r"max_loss must be >= \|J\(theta0\)\| = 4"):
        lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.1, 10, max_loss=1.0)
    assert not lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.1, 10, max_loss=4.0).diverged


def test_a_run_that_cannot_fit_in_memory_is_refused_before_any_work():
    for lr in (0.1, [0.1, 0.2], lambda t: 0.1, lrnotes.schedules.constant() * 0.1):
        with pytest.raises(ValueError, match=r"steps=1000000000000 needs [\d.]+e\+04 GiB"):
            lrnotes.minimize(lrnotes.square(), 2.0, lrnotes.SGD(), 10**12, lr)
    rule = lrnotes.plateau.reduce_on_plateau(0.1)
    with pytest.raises(ValueError, match="more than the .* GiB available"):
        lrnotes.minimize(lrnotes.quadratic(np.eye(3)), np.ones(3), lrnotes.SGD(), 10**12, rule)
    assert lrnotes.gradient_descent(lrnotes.square(), 2.0, 0.1, 10**5).stop_step == 10**5
