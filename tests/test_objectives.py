"""Objectives: values, gradients (against finite differences), constants, bad input."""

import numpy as np
import pytest

import lrnotes


def numerical_grad(f, x, h=1e-6):
    """Central differences, the independent oracle for every gradient."""
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def test_square_values_and_constants():
    J = lrnotes.square()
    assert J.value(2.0) == 4.0
    assert J.grad(2.0) == 4.0
    assert J.grad(1.6) == pytest.approx(3.2)
    assert (J.minimizer, J.L, J.shape) == (0.0, 2.0, ())


def test_square_is_batched():
    J = lrnotes.square()
    np.testing.assert_array_equal(J.value([1.0, -2.0, 3.0]), [1.0, 4.0, 9.0])
    np.testing.assert_array_equal(J.grad([1.0, -2.0, 3.0]), [2.0, -4.0, 6.0])


A = np.array([[3.0, 1.0], [1.0, 2.0]])
b = np.array([1.0, -1.0])


def test_quadratic_value_grad_and_minimizer():
    J = lrnotes.quadratic(A, b, c=0.5)
    x = np.array([0.3, -0.7])
    assert J.value(x) == pytest.approx(0.5 * x @ A @ x + b @ x + 0.5)
    np.testing.assert_allclose(J.grad(x), numerical_grad(J.value, x), rtol=1e-7)
    np.testing.assert_allclose(J.grad(J.minimizer), [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(A @ J.minimizer, -b)


def test_quadratic_curvature_constants_match_numpy():
    J = lrnotes.quadratic(A, b)
    eig = np.linalg.eigvalsh(A)
    assert J.L == pytest.approx(eig.max())
    assert J.mu == pytest.approx(eig.min())
    assert J.condition_number == pytest.approx(eig.max() / eig.min())


def test_quadratic_batch_equals_one_at_a_time():
    J = lrnotes.quadratic(A, b)
    xs = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_allclose(J.value(xs), [J.value(x) for x in xs])
    np.testing.assert_allclose(J.grad(xs), [J.grad(x) for x in xs])


def test_rosenbrock_value_grad_minimizer():
    J = lrnotes.rosenbrock()
    assert J.value([1.0, 1.0]) == 0.0
    np.testing.assert_array_equal(J.grad([1.0, 1.0]), [0.0, 0.0])
    p = np.array([-1.2, 1.0])
    assert J.value(p) == pytest.approx(24.2)  # (1 + 1.2)² + 100 (1 − 1.44)²
    np.testing.assert_allclose(J.grad(p), numerical_grad(J.value, p), rtol=1e-6)
    np.testing.assert_array_equal(lrnotes.rosenbrock(a=2.0).minimizer, [2.0, 4.0])
    assert J.L is None


@pytest.mark.parametrize(
    ("A_bad", "message"),
    [
        ([[1.0, 2.0, 3.0]], "square"),
        ([[1.0, 2.0], [0.0, 1.0]], "symmetric"),
        ([[1.0, 0.0], [0.0, -1.0]], "positive definite"),
        ([[1.0, 2.0], [2.0, 1.0]], "positive definite"),
        ([[1.0, np.nan], [np.nan, 1.0]], "finite"),
    ],
)
def test_quadratic_rejects_bad_A(A_bad, message):
    with pytest.raises(ValueError, match=message):
        lrnotes.quadratic(A_bad)


def test_quadratic_rejects_bad_b_and_c():
    with pytest.raises(ValueError, match=r"b must have shape \(2,\)"):
        lrnotes.quadratic(A, [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="c must be a real number"):
        lrnotes.quadratic(A, b, c="zero")
    with pytest.raises(TypeError, match="A must be real-valued"):
        lrnotes.quadratic([[True, False], [False, True]])


def test_value_rejects_wrong_shape_and_non_finite_theta():
    with pytest.raises(ValueError, match=r"theta must have shape \(2,\)"):
        lrnotes.rosenbrock().value([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="theta must be finite"):
        lrnotes.square().grad(np.inf)
    with pytest.raises(TypeError, match="theta must be a real number"):
        lrnotes.square().value("2")


def test_diagonal_quadratic_equals_the_dense_one():
    d, bb = np.array([1.0, 4.0, 10.0]), np.array([0.5, -1.0, 2.0])
    dense = lrnotes.quadratic(np.diag(d), bb, c=1.5)
    diag = lrnotes.diagonal_quadratic(d, bb, c=1.5)
    xs = np.random.default_rng(1).normal(size=(4, 3))
    np.testing.assert_allclose(diag.value(xs), dense.value(xs), rtol=1e-14)
    np.testing.assert_allclose(diag.grad(xs), dense.grad(xs), rtol=1e-14)
    np.testing.assert_allclose(diag.minimizer, dense.minimizer)
    assert diag.L == dense.L == 10.0


def test_diagonal_quadratic_rejects_bad_input():
    with pytest.raises(ValueError, match="every entry > 0"):
        lrnotes.diagonal_quadratic([1.0, 0.0])
    with pytest.raises(ValueError, match=r"b must have shape \(2,\)"):
        lrnotes.diagonal_quadratic([1.0, 2.0], [1.0])


def test_double_well_minima_gradient_and_batch():
    J = lrnotes.double_well(0.5)
    assert J.minima.shape == (2,) and J.minimizer == J.minima[0]
    np.testing.assert_allclose(J.grad(J.minima), [0.0, 0.0], atol=1e-12)
    assert np.all(12 * J.minima**2 - 4 > 0)  # both are minima, not the hump
    assert J.value(J.minima[0]) < J.value(J.minima[1])  # the global one first
    assert J.minimizer < 0 < J.minima[1]  # tilt > 0 deepens the left valley
    assert J.minimizer == pytest.approx(-1.0574537707383778, rel=1e-12)
    xs = np.linspace(-2, 2, 7)
    np.testing.assert_allclose(J.grad(xs), [numerical_grad(J.value, x) for x in xs], rtol=1e-6)
    np.testing.assert_array_equal(J.value(xs), [J.value(x) for x in xs])
    assert lrnotes.double_well(-0.5).minimizer == pytest.approx(-J.minimizer)


def test_double_well_curvature_and_hump():
    J = lrnotes.double_well(0.5)
    xs = np.array([-1.5, -1.0, 0.0, 0.4, 2.0])
    second = [numerical_grad(J.grad, x) for x in xs]  # J'' as the slope of J'
    np.testing.assert_allclose(J.curvature(xs), second, rtol=1e-6, atol=1e-6)
    assert J.curvature(0.0) == -4.0 and J.curvature(1.0) == 8.0  # 12θ² − 4 by hand
    assert J.minima[0] < J.hump < J.minima[1]
    assert J.grad(J.hump) == pytest.approx(0.0, abs=1e-12) and J.curvature(J.hump) < 0
    assert J.hump == pytest.approx(0.12705084, abs=1e-8)  # 4θ³ − 4θ + 0.5 = 0, middle root
    assert lrnotes.double_well(0.0).hump == pytest.approx(0.0, abs=1e-12)
    with pytest.raises((TypeError, ValueError), match="theta"):
        J.curvature("1.0")


def test_double_well_rejects_too_much_tilt():
    with pytest.raises(ValueError, match=r"tilt .* got 1\.6"):
        lrnotes.double_well(1.6)
    with pytest.raises(TypeError, match="tilt"):
        lrnotes.double_well("0.5")
