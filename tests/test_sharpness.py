import numpy as np
import pytest

from lrnotes import gradient_descent, numdiff, quadratic
from lrnotes.sharpness import sharpness, sine_net, track


class Bowl:
    """J = ½θᵀAθ with the interface of a network, for an exact oracle."""

    def __init__(self, A, theta0):
        self.A, self.theta0 = np.asarray(A, dtype=float), np.asarray(theta0, dtype=float)

    def loss_and_grad(self, theta):
        return 0.5 * float(theta @ self.A @ theta), self.A @ theta

    def grad(self, theta):
        return self.A @ theta


def test_the_network_gradient_matches_central_differences():
    net = sine_net(n=7, hidden=3, seed=2)
    theta = net.theta0 + 0.1
    np.testing.assert_allclose(
        net.grad(theta),
        numdiff.gradient(lambda t: net.loss_and_grad(t)[0], theta),
        rtol=1e-6,
        atol=1e-9,
    )
    assert net.theta0.shape == (10,) and np.allclose(net.y, np.sin(2 * net.x))


def test_sharpness_of_a_quadratic_is_its_largest_eigenvalue():
    A = np.array([[2.0, 0.5, 0.0], [0.5, 3.0, 1.0], [0.0, 1.0, 7.0]])
    np.testing.assert_allclose(sharpness(lambda t: A @ t, np.ones(3)), np.linalg.eigvalsh(A)[-1])


def test_track_on_a_quadratic_is_gradient_descent_with_constant_sharpness():
    A = np.diag([1.0, 10.0])
    run = track(Bowl(A, [3.0, -1.0]), lr=0.15, steps=30, every=10)
    reference = gradient_descent(quadratic(A), [3.0, -1.0], lr=0.15, steps=30)
    np.testing.assert_allclose(run.losses, reference.losses, rtol=1e-12)
    assert run.checkpoints.tolist() == [0, 10, 20, 30]
    np.testing.assert_allclose(run.sharpness, 10.0)


def test_the_edge_of_stability_on_the_sine_net():
    run = track(sine_net(), lr=0.3, steps=3000, every=500)
    assert run.sharpness[0] < 2 / 0.3 and abs(run.sharpness[-1] * 0.3 / 2 - 1) < 0.01
    assert (np.diff(run.losses) > 0).any() and run.losses[-1] < 0.01 * run.losses[0]


def test_bad_input_and_divergence():
    with pytest.raises(ValueError, match="lr"):
        track(sine_net(), lr=0.0, steps=5, every=1)
    with pytest.raises(ValueError, match="hidden"):
        sine_net(hidden=0)
    with pytest.raises(ValueError, match="diverged"):
        track(Bowl(np.diag([1.0, 10.0]), [1.0, 1.0]), lr=100.0, steps=1000, every=1000)
