"""Tests of lrnotes.stochastic: the noise is unbiased, seeded, and only in the gradient."""

import numpy as np
import pytest

import lrnotes
from lrnotes.stochastic import final_loss, noisy


def test_value_is_exact_and_gradient_is_unbiased():
    J = lrnotes.quadratic([[2.0, 0.0], [0.0, 1.0]])
    N = noisy(J, sigma=0.5, seed=1)
    theta = np.array([1.0, -2.0])
    assert float(N.value(theta)) == float(J.value(theta))
    draws = N.grad(np.broadcast_to(theta, (20000, 2)))
    np.testing.assert_allclose(draws.mean(axis=0), J.grad(theta), atol=0.02)
    np.testing.assert_allclose(draws.std(axis=0), [0.5, 0.5], rtol=0.03)


def test_same_seed_same_noise():
    runs = [lrnotes.minimize(noisy(lrnotes.square(), 1.0, seed=3), 2.0, lrnotes.SGD(0.1), 20)
            for _ in range(2)]  # fmt: skip
    np.testing.assert_array_equal(runs[0].thetas, runs[1].thetas)
    other = lrnotes.minimize(noisy(lrnotes.square(), 1.0, seed=4), 2.0, lrnotes.SGD(0.1), 20)
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
    got = final_loss(J, 2.0, lrnotes.SGD(0.1), 30, sigma=0.5, seeds=2, window=3)
    runs = [lrnotes.minimize(noisy(J, 0.5, s), 2.0, lrnotes.SGD(0.1), 30) for s in range(2)]
    assert got == pytest.approx(np.mean([r.losses[-3:].mean() for r in runs]), rel=1e-15)
    assert final_loss(J, 2.0, lrnotes.SGD(1.5), 200, sigma=0.5) == float("inf")
    with pytest.raises(ValueError, match="window must be <= steps"):
        final_loss(J, 2.0, lrnotes.SGD(0.1), 5, sigma=0.5, window=7)
