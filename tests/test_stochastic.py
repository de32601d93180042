"""Tests of lrnotes.stochastic: the noise is unbiased, seeded, and only in the gradient."""

import numpy as np
import pytest

import lrnotes
from lrnotes import noisy
from lrnotes.stochastic import expected_loss, final_loss, final_losses, window_losses


def test_value_is_exact_and_gradient_is_unbiased():
    J = lrnotes.quadratic([[2.0, 0.0], [0.0, 1.0]])
    N = noisy(J, sigma=0.5, seed=1)
    theta = np.array([1.0, -2.0])
    assert float(N.value(theta)) == float(J.value(theta))
    np.testing.assert_array_equal(N.grad(theta), J.grad(theta))  # grad: the true one
    draws = N.grad_at(np.broadcast_to(theta, (20000, 2)), 7)
    np.testing.assert_allclose(draws.mean(axis=0), J.grad(theta), atol=0.02)
    np.testing.assert_allclose(draws.std(axis=0), [0.5, 0.5], rtol=0.03)


def test_the_noise_is_a_pure_function_of_seed_and_step():
    N, theta = noisy(lrnotes.square(), sigma=1.0, seed=3), 2.0
    assert (
        N.grad_at(theta, 5)
        == N.grad_at(theta, 5)
        == noisy(lrnotes.square(), 1.0, 3).grad_at(theta, 5)
    )
    xi = np.random.default_rng([3, 5]).standard_normal()
    assert N.grad_at(theta, 5) == 4.0 + xi
    assert N.grad_at(theta, 6) != N.grad_at(theta, 5)
    assert noisy(lrnotes.square(), 1.0, 4).grad_at(theta, 5) != N.grad_at(theta, 5)
    run = lrnotes.minimize(N, 2.0, lrnotes.SGD(), 20, 0.1)
    np.testing.assert_array_equal(
        run.thetas, lrnotes.minimize(N, 2.0, lrnotes.SGD(), 20, 0.1).thetas
    )


def test_same_seed_same_noise():
    runs = [lrnotes.minimize(noisy(lrnotes.square(), 1.0, seed=3), 2.0, lrnotes.SGD(), 20, 0.1)
            for _ in range(2)]  # fmt: skip
    np.testing.assert_array_equal(runs[0].thetas, runs[1].thetas)
    other = lrnotes.minimize(noisy(lrnotes.square(), 1.0, seed=4), 2.0, lrnotes.SGD(), 20, 0.1)
    assert not np.array_equal(runs[0].thetas, other.thetas)


def test_attributes_carry_over():
    N = noisy(lrnotes.square(), 0.1)
    assert N.L == 2.0 and N.minimizer == 0.0 and N.shape == ()
    assert "σ = 0.1" in N.name


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((lrnotes.square(), 0.0), ValueError, "sigma must be > 0, got 0.0"),
        ((lrnotes.square(), 1.0, 1.5), TypeError, "seed must be an integer"),
        (("square", 1.0), TypeError, "objective must be an lrnotes objective"),
    ],
)
def test_invalid_arguments(args, error, message):
    with pytest.raises(error, match=message):
        noisy(*args)


def test_final_loss_averages_the_end_of_seeded_runs():
    J = lrnotes.square()
    got = final_loss(J, 2.0, lrnotes.SGD(), 30, 0.1, sigma=0.5, seeds=2, window=3)
    runs = [lrnotes.minimize(noisy(J, 0.5, s), 2.0, lrnotes.SGD(), 30, 0.1) for s in range(2)]
    assert got == pytest.approx(np.mean([r.losses[-3:].mean() for r in runs]), rel=1e-15)
    assert final_loss(J, 2.0, lrnotes.SGD(), 200, 1.5, sigma=0.5) == float("inf")
    with pytest.raises(ValueError, match="window must be <= steps"):
        final_loss(J, 2.0, lrnotes.SGD(), 5, 0.1, sigma=0.5, window=7)
    with pytest.raises(TypeError, match="lr must be one rate, not a batch"):
        final_loss(J, 2.0, lrnotes.SGD(), 30, [0.1, 0.2], sigma=0.5)


def _moment_oracle(A, b, c, theta0, lrs, sigma):
    """E[J] from the mean and second-moment matrix of θ, in the original coordinates."""
    A, b, m = np.asarray(A), np.asarray(b), np.asarray(theta0, dtype=float)
    P = np.outer(m, m)
    out = [0.5 * np.trace(A @ P) + b @ m + c]
    for alpha in lrs:
        M = np.eye(len(b)) - alpha * A
        P = (M @ P @ M.T - alpha * (np.outer(M @ m, b) + np.outer(b, M @ m))
             + alpha**2 * (np.outer(b, b) + sigma**2 * np.eye(len(b))))  # fmt: skip
        m = M @ m - alpha * b
        out.append(0.5 * np.trace(A @ P) + b @ m + c)
    return np.array(out)


def test_expected_loss_matches_the_second_moment_recursion():
    A, b, c = [[3.0, 1.0], [1.0, 2.0]], [0.5, -1.0], 0.25
    J = lrnotes.quadratic(A, b, c)
    lrs = (0.3 * lrnotes.schedules.cosine_decay(40, 0.01))(np.arange(40))
    got = expected_loss(J, [1.0, 2.0], lrs, sigma=0.7)
    np.testing.assert_allclose(got, _moment_oracle(A, b, c, [1.0, 2.0], lrs, 0.7), rtol=1e-12)
    batch = expected_loss(J, [1.0, 2.0], np.stack([lrs, lrs / 2], axis=1), sigma=0.7)
    np.testing.assert_allclose(batch[:, 0], got, rtol=1e-15)
    assert batch.shape == (41, 2)


def test_expected_loss_without_noise_is_gradient_descent():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 10.0]])
    run = lrnotes.minimize(J, [3.0, 1.0], lrnotes.SGD(), 30, 0.15)
    got = expected_loss(J, [3.0, 1.0], np.full(30, 0.15), sigma=0.0)
    np.testing.assert_allclose(got, run.losses, rtol=1e-10, atol=1e-300)


def test_expected_loss_is_what_many_runs_average_to():
    J = lrnotes.quadratic([[2.0, 0.5], [0.5, 1.0]], [0.0, 1.0])
    s = 0.3 * lrnotes.schedules.step_decay(25, 0.5)
    ends = final_losses(J, [2.0, -1.0], lrnotes.SGD(), 100, s, sigma=0.5, runs=4000, window=1)
    exact = expected_loss(J, [2.0, -1.0], s(np.arange(100)), sigma=0.5)[-1]
    standard_error = ends.std(ddof=1) / np.sqrt(len(ends))
    assert abs(ends.mean() - exact) < 4 * standard_error
    excess = exact - float(J.value(J.minimizer))
    assert standard_error < 0.02 * excess  # a tight check, not a wide one


def test_final_losses_one_batched_call():
    J = lrnotes.square()
    ends = final_losses(J, 2.0, lrnotes.SGD(), 30, 0.1, sigma=0.5, runs=3, seed=1, window=3)
    run = lrnotes.minimize(noisy(J, 0.5, seed=1), 2.0, lrnotes.SGD(), 30, np.full(3, 0.1))
    np.testing.assert_allclose(ends, run.losses[:, -3:].mean(axis=1), rtol=1e-15)
    assert np.isinf(final_losses(J, 2.0, lrnotes.SGD(), 200, 1.5, sigma=0.5, runs=2)).all()


def test_window_losses_replays_a_hand_loop():
    # oracle: SGD written out on J = θ², the noise of step t from default_rng([seed, t])
    J, runs, sigma = lrnotes.square(), 3, 0.5
    decay = 0.1 * lrnotes.schedules.inverse_time_decay(0.05)
    got = window_losses(J, 2.0, lrnotes.SGD(), [10, 30], [0.1, decay], sigma=sigma,
                        runs=runs, seed=4, window=5)  # fmt: skip
    lrs = np.repeat([[0.1, float(decay(t))] for t in range(30)], runs, axis=1)
    theta, losses = np.full(2 * runs, 2.0), [np.full(2 * runs, 4.0)]
    for t in range(30):
        xi = np.random.default_rng([4, t]).standard_normal(2 * runs)
        theta = theta - lrs[t] * (2 * theta + sigma * xi)
        losses.append(theta**2)
    losses = np.array(losses)
    want = np.stack([losses[T - 4 : T + 1].mean(axis=0) for T in (10, 30)])
    np.testing.assert_allclose(got, want.reshape(2, 2, runs).transpose(1, 0, 2), rtol=1e-12)
    assert np.isinf(window_losses(J, 2.0, lrnotes.SGD(), [200], [1.5], sigma=0.5)).all()
    for lrs in (0.1, [], "0.1"):  # a bare rate is not a list of rates
        with pytest.raises(TypeError, match="lrs must be a non-empty list"):
            window_losses(J, 2.0, lrnotes.SGD(), [10], lrs, sigma=0.5, window=5)
    with pytest.raises(TypeError, match=r"lrs\[0\] must be a real number"):  # old None: "α"
        window_losses(J, 2.0, lrnotes.SGD(), [10], [None, decay], sigma=0.5, window=5)
    with pytest.raises(TypeError, match=r"lrs\[1\] must be one rate, not a batch"):
        window_losses(J, 2.0, lrnotes.SGD(), [10], [0.1, [0.1, 0.2]], sigma=0.5, window=5)
    with pytest.raises(ValueError, match="ends"):
        window_losses(J, 2.0, lrnotes.SGD(), [3], [0.1], sigma=0.5, window=5)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: expected_loss(lrnotes.rosenbrock(), [0.0, 0.0], [0.1], sigma=1.0), TypeError,
         "objective must be a quadratic"),
        (lambda: expected_loss(lrnotes.square(), 1.0, [0.1, -0.1], sigma=1.0), ValueError,
         "lrs must be a 1-D or 2-D array of rates >= 0"),
        (lambda: expected_loss(lrnotes.square(), [1.0, 2.0], [0.1], sigma=1.0), ValueError,
         "theta0 must have shape"),
        (lambda: expected_loss(lrnotes.square(), 1.0, [0.1], sigma=-1.0), ValueError,
         "sigma must be >= 0"),
        (lambda: final_losses(lrnotes.square(), 1.0, lrnotes.SGD(), 5, 0.1, sigma=1.0, runs=1),
         ValueError, "runs must be >= 2, got 1"),
        (lambda: final_losses(lrnotes.square(), 1.0, lrnotes.SGD(), 30, [0.1, 0.2], sigma=1.0),
         TypeError, "lr must be one rate, not a batch"),
        (lambda: final_losses(lrnotes.square(), 1.0, lrnotes.SGD(), 5, 0.1, sigma=1.0, window=7),
         ValueError, "window must be <= steps"),
        (lambda: final_losses(lrnotes.square(), 1.0, lrnotes.SGD(), 30, "0.1", sigma=1.0),
         TypeError, "lr must be a real number"),
        (lambda: final_losses(lrnotes.square(), 1.0, lrnotes.SGD(), 30, 0.0, sigma=1.0),
         ValueError, "lr must be > 0"),
        (lambda: final_losses(lrnotes.square(), 1.0, lrnotes.SGD(), 30,
                              [0.1, 0.2] * lrnotes.schedules.constant(), sigma=1.0),
         TypeError, "lr must give one rate per step, not a batch"),
        (lambda: final_losses(lrnotes.square(), 1.0, lrnotes.SGD(), 30,
                              lambda t: 0.1 - 0.01 * t, sigma=1.0),
         ValueError, r"lr\(t\) must be >= 0"),
    ],
)  # fmt: skip
def test_expected_and_final_losses_refuse_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
