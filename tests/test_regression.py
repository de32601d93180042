import numpy as np
import pytest

from lrnotes import gradient_descent
from lrnotes.regression import line_data, mse_objective


def test_line_data_is_seeded_and_noisy():
    x1, y1 = line_data(seed=3)
    x2, y2 = line_data(seed=3)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(y1, line_data(seed=4)[1])
    np.testing.assert_allclose(x1, np.linspace(0, 2, 30))
    # with noise 0 the points lie on the line
    x, y = line_data(n=5, slope=-3.0, intercept=0.5, noise=0.0)
    np.testing.assert_allclose(y, -3.0 * x + 0.5)


def test_mse_objective_is_the_mean_squared_error():
    x, y = line_data(n=12, seed=1)
    J = mse_objective(x, y)
    rng = np.random.default_rng(0)
    for theta in rng.normal(size=(5, 2)):
        w, b = theta
        np.testing.assert_allclose(J.value(theta), np.mean((w * x + b - y) ** 2))
        grad = [np.mean(2 * (w * x + b - y) * x), np.mean(2 * (w * x + b - y))]
        np.testing.assert_allclose(J.grad(theta), grad)


def test_minimizer_is_least_squares_and_descent_finds_it():
    x, y = line_data(seed=0)
    J = mse_objective(x, y)
    X = np.column_stack([x, np.ones_like(x)])
    np.testing.assert_allclose(J.minimizer, np.linalg.lstsq(X, y, rcond=None)[0])
    run = gradient_descent(J, [0.0, 0.0], lr=0.2, steps=500)
    np.testing.assert_allclose(run.thetas[-1], J.minimizer, atol=1e-8)


@pytest.mark.parametrize(
    "args, error, match",
    [
        (([1.0, 2.0], [1.0]), ValueError, "same length"),
        (([1.0, 1.0], [1.0, 2.0]), ValueError, "x must not be constant"),
        (([1.0, np.nan], [1.0, 2.0]), ValueError, "x must be finite"),
        (("ab", [1.0, 2.0]), TypeError, "x must be"),
    ],
)
def test_mse_objective_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        mse_objective(*args)


def test_line_data_rejects_bad_input():
    with pytest.raises(ValueError, match="n must be >= 2"):
        line_data(n=1)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        line_data(noise=-1.0)
    with pytest.raises(TypeError, match="seed must be an integer"):
        line_data(seed=1.5)
