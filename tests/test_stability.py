"""Stability theory against brute force: real runs, fine scans over α, hand-computed spectra."""

import numpy as np
import pytest

import lrnotes
from lrnotes import stability

# A rotated, ill-conditioned bowl: eigenvalues 1 and 25, eigenvectors at 30°.
ROT = np.array([[np.cos(np.pi / 6), -np.sin(np.pi / 6)], [np.sin(np.pi / 6), np.cos(np.pi / 6)]])
A = ROT @ np.diag([1.0, 25.0]) @ ROT.T
J = lrnotes.quadratic(A, [1.0, -2.0], 3.0)
ARTICLE_A = np.array([[2.0, -1.0], [1.0, 3.0]])
ARTICLE_B = np.array([1.0, -2.0])


def test_iteration_matrix_and_spectrum():
    np.testing.assert_allclose(stability.iteration_matrix(A, 0.1), np.eye(2) - 0.1 * A)
    # ρ(I − αA) = max(|1 − α|, |1 − 25α|) by hand
    for lr in (0.01, 0.05, 0.08, 0.1):
        expected = max(abs(1 - lr), abs(1 - 25 * lr))
        assert stability.contraction_factor(J, lr) == pytest.approx(expected, rel=1e-12)
    rho = stability.contraction_factor(A, np.array([0.01, 0.05, 0.1]))
    np.testing.assert_allclose(rho, [0.99, 0.95, 1.5], rtol=1e-12)


def test_bounds_of_the_spd_case():
    assert stability.max_stable_lr(J) == pytest.approx(2 / 25, rel=1e-12)
    assert stability.optimal_lr(A) == pytest.approx(2 / 26, rel=1e-12)
    assert stability.optimal_contraction(A) == pytest.approx(24 / 26, rel=1e-12)


def test_optimal_lr_minimizes_rho_on_a_fine_scan():
    lrs = np.linspace(1e-4, 0.079, 200_001)
    rho = stability.contraction_factor(A, lrs)
    assert lrs[np.argmin(rho)] == pytest.approx(stability.optimal_lr(A), abs=1e-6)
    assert rho.min() == pytest.approx(stability.optimal_contraction(A), abs=1e-6)


def test_runs_just_below_and_above_two_over_L():
    theta0 = np.array([4.0, -3.0])
    edge = stability.max_stable_lr(J)
    below = lrnotes.gradient_descent(J, theta0, edge * 0.99, 3000)
    above = lrnotes.gradient_descent(J, theta0, edge * 1.01, 3000)
    assert not below.diverged
    assert np.linalg.norm(below.thetas[-1] - J.minimizer) < 1e-6
    assert above.diverged and above.reason.startswith("diverged")


def test_predicted_distance_matches_the_run():
    theta0 = np.array([4.0, -3.0])
    for lr in (0.01, stability.optimal_lr(A), 0.079):
        run = lrnotes.gradient_descent(J, theta0, lr, 200)
        measured = stability.distance_to_minimizer(run, J)
        predicted = stability.predicted_distance(J, theta0, lr, 200)
        np.testing.assert_allclose(measured, predicted, rtol=1e-8, atol=1e-13)
        # and the bound ‖e_t‖ ≤ ρ^t ‖e_0‖ (A symmetric, so ‖I − αA‖₂ = ρ)
        rho = stability.contraction_factor(J, lr)
        assert np.all(measured <= rho ** np.arange(201) * measured[0] * (1 + 1e-9))


def test_measured_contraction_tends_to_rho():
    theta0 = np.array([4.0, -3.0])
    for lr in (0.01, 0.05, 0.075):
        run = lrnotes.gradient_descent(J, theta0, lr, 300)
        d = stability.distance_to_minimizer(run, J)
        assert stability.measured_contraction(d, 20) == pytest.approx(
            stability.contraction_factor(J, lr), rel=1e-6
        )
    # a batch of runs: one factor per row, the same as run by run
    lrs = np.array([0.01, 0.05, 0.075])
    batch = stability.distance_to_minimizer(lrnotes.gradient_descent(J, theta0, lrs, 300), J)
    np.testing.assert_allclose(
        stability.measured_contraction(batch, 20), stability.contraction_factor(J, lrs), rtol=1e-6
    )
    with pytest.raises(ValueError, match="1 or 2 dimensions"):
        stability.measured_contraction(batch[None], 20)


def test_batched_distance():
    run = lrnotes.gradient_descent(J, [4.0, -3.0], np.array([0.01, 0.2]), 50)
    d = stability.distance_to_minimizer(run, J)
    assert d.shape == (2, 51)
    assert np.isnan(d[1, -1]) and np.all(np.isfinite(d[0]))


def test_steps_to_tolerance_is_the_first_crossing():
    for factor, ratio in ((0.5, 1e-3), (0.975, 4.47e-7), (0.9, 0.9), (0.3, 0.5)):
        t = stability.steps_to_tolerance(factor, ratio)
        assert factor**t <= ratio < factor ** (t - 1) if t > 0 else factor**0 <= ratio


def test_non_symmetric_article_matrix():
    lam = np.linalg.eigvals(ARTICLE_A)
    np.testing.assert_allclose(
        sorted(lam, key=np.imag), [2.5 - 0.75**0.5 * 1j, 2.5 + 0.75**0.5 * 1j]
    )
    # |1 − αλ| < 1 ⟺ α < 2 Re λ / |λ|² = 5/7
    assert stability.max_stable_lr(ARTICLE_A) == pytest.approx(5 / 7, rel=1e-12)
    assert stability.contraction_factor(ARTICLE_A, 0.01) == pytest.approx(
        abs(1 - 0.01 * lam[0]), rel=1e-12
    )
    with pytest.raises(ValueError, match="symmetric positive definite"):
        stability.optimal_lr(ARTICLE_A)


def test_linear_iteration_is_the_article_loop_on_floats():
    def article(A, b, learning_rate=0.01, max_iterations=100):
        x = np.zeros_like(b)
        for _ in range(max_iterations):
            gradient = A @ x + b
            x -= learning_rate * gradient
            if np.linalg.norm(gradient) < 1e-6:
                break
        return x

    run = stability.linear_iteration(ARTICLE_A, ARTICLE_B, [0.0, 0.0], 0.01, 100, tol=1e-6)
    assert run.stop_step == 100 and not run.converged
    np.testing.assert_array_equal(run.thetas[-1], article(ARTICLE_A, ARTICLE_B))
    assert run.residual_norms[0] == pytest.approx(5**0.5)
    # with enough steps it reaches the solution of Ax = −b, not a minimizer of ½xᵀAx + bᵀx
    long = stability.linear_iteration(ARTICLE_A, ARTICLE_B, [0.0, 0.0], 0.01, 5000, tol=1e-6)
    assert long.converged and long.stop_step < 5000
    np.testing.assert_allclose(long.thetas[-1], np.linalg.solve(ARTICLE_A, -ARTICLE_B), atol=1e-6)
    # past 2 Re λ/|λ|² = 5/7 it blows up
    wild = stability.linear_iteration(ARTICLE_A, ARTICLE_B, [0.0, 0.0], 0.75, 400)
    assert wild.residual_norms[-1] > 1e3 * wild.residual_norms[0]


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="A must be a non-empty square"):
        stability.contraction_factor([[1.0, 2.0]], 0.1)
    with pytest.raises(ValueError, match="lr must be > 0"):
        stability.contraction_factor(A, -0.1)
    with pytest.raises(ValueError, match="no learning rate is stable"):
        stability.max_stable_lr([[1.0, 0.0], [0.0, -1.0]])
    with pytest.raises(ValueError, match="e0 must have shape"):
        stability.predicted_errors(A, 0.1, [1.0, 2.0, 3.0], 3)
    with pytest.raises(ValueError, match="factor must be in"):
        stability.steps_to_tolerance(1.2, 1e-3)
    with pytest.raises(ValueError, match="window must be <"):
        stability.measured_contraction([1.0, 0.5], 5)
    with pytest.raises(TypeError, match="objective must be an lrnotes quadratic"):
        stability.predicted_distance(lrnotes.square(), 1.0, 0.1, 3)


def test_momentum_limit_is_where_the_companion_matrix_leaves_the_unit_circle():
    # oracle: the spectral radius of the 2×2 recursion e_{t+1} = (1 + β − αλ)e_t − βe_{t−1}
    def radius(lr, lam, beta):
        return max(abs(np.linalg.eigvals([[1 + beta - lr * lam, -beta], [1.0, 0.0]])))

    for beta in (0.0, 0.5, 0.9):
        edge = stability.momentum_max_stable_lr(A, beta)
        assert edge == pytest.approx(2 * (1 + beta) / 25, rel=1e-12)
        assert radius(edge * 0.999, 25.0, beta) < 1 < radius(edge * 1.001, 25.0, beta)
    assert stability.momentum_max_stable_lr(J, 0.0) == pytest.approx(stability.max_stable_lr(J))


def test_momentum_runs_just_below_and_above_the_limit():
    theta0 = np.array([4.0, -3.0])
    edge = stability.momentum_max_stable_lr(J, 0.9)
    below = lrnotes.minimize(J, theta0, lrnotes.SGD(momentum=0.9), 5000, edge * 0.99)
    above = lrnotes.minimize(J, theta0, lrnotes.SGD(momentum=0.9), 5000, edge * 1.01)
    assert not below.diverged
    assert np.linalg.norm(below.thetas[-1] - J.minimizer) < 1e-6
    assert above.diverged


def _pytorch_sgd_radius(lr, lam, momentum, dampening, nesterov):
    # oracle: the 2×2 map (e_{t−1}, b_{t−1}) → (e_t, b_t) of torch.optim.SGD's loop, written out
    def step(e, b):
        g = lam * e
        b = momentum * b + (1 - dampening) * g
        return e - lr * (g + momentum * b if nesterov else b), b

    M = np.column_stack([step(1.0, 0.0), step(0.0, 1.0)])
    return max(abs(np.linalg.eigvals(M)))


@pytest.mark.parametrize(
    "momentum, dampening, nesterov, factor",
    [
        (0.9, 0.0, False, 1.9),
        (0.5, 0.5, False, 3.0),
        (0.9, 0.0, True, 1.9 / 2.8),
        (0.5, 0.0, True, 0.75),
    ],
)
def test_momentum_limit_with_dampening_and_nesterov(momentum, dampening, nesterov, factor):
    kw = dict(dampening=dampening, nesterov=nesterov)
    edge = stability.momentum_max_stable_lr(A, momentum, **kw)
    assert edge == pytest.approx(2 * factor / 25, rel=1e-12)
    for lam in (1.0, 25.0):  # the steep direction sets the limit, the shallow one is stable
        assert _pytorch_sgd_radius(edge * 0.999, lam, momentum, **kw) < 1
    assert _pytorch_sgd_radius(edge * 1.001, 25.0, momentum, **kw) > 1
    theta0 = np.array([4.0, -3.0])
    below = lrnotes.minimize(J, theta0, lrnotes.SGD(momentum=momentum, **kw), 5000, edge * 0.99)
    above = lrnotes.minimize(J, theta0, lrnotes.SGD(momentum=momentum, **kw), 5000, edge * 1.01)
    assert np.linalg.norm(below.thetas[-1] - J.minimizer) < 1e-6
    assert above.diverged


@pytest.mark.parametrize(
    "A, momentum, error, message",
    [
        ([[1.0, 0.0], [0.0, -1.0]], 0.9, ValueError, "positive definite"),
        ([[1.0]], 1.0, ValueError, "momentum"),
        ([[1.0]], -0.1, ValueError, "momentum"),
    ],
)
def test_momentum_limit_rejects_bad_input(A, momentum, error, message):
    with pytest.raises(error, match=message):
        stability.momentum_max_stable_lr(A, momentum)


def test_momentum_limit_rejects_bad_options():
    with pytest.raises(ValueError, match="dampening"):
        stability.momentum_max_stable_lr([[1.0]], 0.9, dampening=1.0)
    with pytest.raises(ValueError, match="dampening = 0"):
        stability.momentum_max_stable_lr([[1.0]], 0.9, dampening=0.5, nesterov=True)
    with pytest.raises(TypeError, match="nesterov"):
        stability.momentum_max_stable_lr([[1.0]], 0.9, nesterov=1)


def test_linear_iteration_reports_a_status_as_a_trajectory_does():
    A, b = [[2.0]], [-2.0]
    assert stability.linear_iteration(A, b, [0.0], 0.25, 3).status is lrnotes.Status.COMPLETED
    met = stability.linear_iteration(A, b, [0.0], 0.25, 100, tol=1e-6)
    assert met.status is lrnotes.Status.CONVERGED and met.converged
    wild = stability.linear_iteration(A, b, [0.0], 1.5, 5000)
    assert wild.status is lrnotes.Status.DIVERGED and not wild.converged
