"""Central differences against gradients and Hessians known in closed form."""

import numpy as np
import pytest

import lrnotes
from lrnotes import numdiff


def test_gradient_matches_the_closed_form():
    J = lrnotes.quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0])
    theta = np.array([0.7, -1.3])
    np.testing.assert_allclose(numdiff.gradient(J.value, theta), J.grad(theta), rtol=1e-8)
    rosen = lrnotes.rosenbrock()
    np.testing.assert_allclose(numdiff.gradient(rosen.value, [-1.2, 1.0]), [-215.6, -88.0],
                               rtol=1e-7)  # fmt: skip


def test_hessian_of_a_quadratic_is_its_matrix():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    J = lrnotes.quadratic(A)
    np.testing.assert_allclose(numdiff.hessian(J.grad, [5.0, -2.0]), A, atol=1e-8)
    # Rosenbrock at (x, y): [[2 − 400(y − x²) + 800x², −400x], [−400x, 200]]
    x, y = -1.2, 1.0
    exact = [[2 - 400 * (y - x**2) + 800 * x**2, -400 * x], [-400 * x, 200.0]]
    np.testing.assert_allclose(numdiff.hessian(lrnotes.rosenbrock().grad, [x, y]), exact,
                               rtol=1e-6)  # fmt: skip


def test_hessian_of_a_non_gradient_is_not_symmetric():
    A = np.array([[2.0, -1.0], [1.0, 3.0]])  # x ↦ Ax is the gradient of nothing
    H = numdiff.hessian(lambda x: A @ x, [1.0, 1.0])
    np.testing.assert_allclose(H.T, A, atol=1e-8)  # row j holds ∂(Ax)/∂x_j, a column of A


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="h must be > 0"):
        numdiff.gradient(np.sum, [1.0], h=0.0)
    with pytest.raises(TypeError, match="f must be a function"):
        numdiff.gradient(3.0, [1.0])
    with pytest.raises(ValueError, match="theta must have 1 dimension"):
        numdiff.hessian(np.sum, [[1.0]])
