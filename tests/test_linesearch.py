"""Backtracking line search: Armijo at every step, the first acceptable α, honest counts."""

import numpy as np
import pytest

import lrnotes
from lrnotes.linesearch import armijo_step, backtracking_line_search


def test_accepted_alpha_on_a_1d_quadratic_by_hand():
    # J = (L/2)θ²: Armijo holds iff α ≤ 2(1 − c)/L, so α_t is the largest α₀ρ^k below that.
    J = lrnotes.quadratic([[3.0]])
    run = backtracking_line_search(J, [1.0], steps=5, lr0=1.0, rho=0.5, c=1e-4)
    np.testing.assert_array_equal(run.lrs, [0.5] * 5)
    np.testing.assert_array_equal(run.backtracks, [1] * 5)
    np.testing.assert_allclose(run.thetas.ravel(), (1 - 0.5 * 3) ** np.arange(6))
    assert run.grad_evals == 5 and run.value_evals == 1 + 5 * 2


def test_armijo_holds_and_alpha_over_rho_fails_at_every_step():
    J, c, rho = lrnotes.rosenbrock(), 1e-4, 0.5
    run = backtracking_line_search(J, [-1.2, 1.0], steps=300, lr0=1.0, rho=rho, c=c)
    assert run.stop_step == 300 and run.reason == "completed" and not run.diverged
    for t in range(300):
        theta, g, alpha = run.thetas[t], J.grad(run.thetas[t]), run.lrs[t]
        gg = g @ g
        assert J.value(theta - alpha * g) <= J.value(theta) - c * alpha * gg
        if run.backtracks[t] > 0:
            bigger = alpha / rho
            assert J.value(theta - bigger * g) > J.value(theta) - c * bigger * gg
        assert alpha == pytest.approx(rho ** run.backtracks[t])
    assert np.all(np.diff(run.losses) < 0)
    assert run.value_evals == 1 + 300 + run.backtracks.sum()
    assert run.value_evals_until(10) == 1 + 10 + run.backtracks[:10].sum()
    assert run.grad_evals_until(10) == 10


def test_reaches_the_minimizer_of_an_ill_conditioned_quadratic():
    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 100.0]], [1.0, 1.0])
    # (much below ‖∇J‖ ≈ 1e-7 rounding in J hides the decrease Armijo asks for)
    run = backtracking_line_search(J, [3.0, 3.0], steps=5000, tol=1e-6)
    assert run.reason.startswith("converged") and run.stop_step < 5000
    assert np.linalg.norm(J.grad(run.thetas[-1])) <= 1e-6
    np.testing.assert_allclose(run.thetas[-1], J.minimizer, atol=1e-6)
    # the gradient at the converged point was computed too
    assert run.grad_evals == run.stop_step + 1


def test_failure_is_a_reason_not_an_exception():
    # α₀ far too large and no backtracking allowed: the first step is refused.
    run = backtracking_line_search(lrnotes.square(), 2.0, steps=4, lr0=10.0, max_backtracks=0)
    assert run.stop_step == 0 and run.reason.startswith("line search failed")
    assert run.thetas.tolist() == [2.0] and run.value_evals == 2


def test_armijo_step_returns_nan_when_nothing_works():
    alpha, theta, loss, k = armijo_step(lrnotes.square(), 2.0, 4.0, -4.0, max_backtracks=5)
    assert np.isnan(alpha) and theta == 2.0 and loss == 4.0 and k == 5


def test_bad_input_names_the_argument():
    J = lrnotes.square()
    with pytest.raises(ValueError, match="rho must be in"):
        backtracking_line_search(J, 1.0, 3, rho=1.5)
    with pytest.raises(ValueError, match="c must be in"):
        backtracking_line_search(J, 1.0, 3, c=0.0)
    with pytest.raises(ValueError, match="lr0 must be > 0"):
        backtracking_line_search(J, 1.0, 3, lr0=-1.0)
    with pytest.raises(TypeError, match="steps must be an integer"):
        backtracking_line_search(J, 1.0, 3.0)
    with pytest.raises(ValueError, match="theta0 must have shape"):
        backtracking_line_search(lrnotes.rosenbrock(), [1.0, 2.0, 3.0], 3)


def test_minibatch_line_search_tests_the_batch_or_the_full_loss():
    from lrnotes.linesearch import minibatch_line_search

    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 3))
    y = (X @ [1.0, -2.0, 0.5] + rng.normal(size=60) > 0).astype(float)
    J = lrnotes.logistic_regression(X, y, l2=0.01)
    S = lrnotes.minibatch(J, batch_size=8, seed=0)
    for exact in (False, True):
        run = minibatch_line_search(S, np.zeros(4), steps=40, lr0=8.0, exact_value=exact)
        for t in range(40):
            rows = S.rows(t)
            theta, alpha = run.thetas[t], run.lrs[t]
            g = J._grad_on(theta, X[rows], y[rows])

            def F(v, rows=rows, exact=exact):
                return J.value(v) if exact else J._value_on(v, X[rows], y[rows])

            np.testing.assert_allclose(run.thetas[t + 1], theta - alpha * g)
            assert run.losses[t] == pytest.approx(J.value(theta))
            if alpha > 0:
                assert F(theta - alpha * g) <= F(theta) - 1e-4 * alpha * (g @ g)
                assert alpha == pytest.approx(8.0 * 0.5 ** run.backtracks[t])
            if run.backtracks[t] > 0:
                big = 2 * alpha if alpha > 0 else 8.0 * 0.5**60
                assert F(theta - big * g) > F(theta) - 1e-4 * big * (g @ g)
        assert run.value_evals == np.sum(run.backtracks + 2) and run.grad_evals == 40
    with pytest.raises(TypeError, match="minibatch"):
        minibatch_line_search(J, np.zeros(4), steps=3)


def test_status_of_a_line_search():
    from lrnotes.descent import Status

    J = lrnotes.quadratic([[1.0, 0.0], [0.0, 10.0]])
    done = backtracking_line_search(J, [1.0, 1.0], steps=3)
    assert done.status is Status.COMPLETED and not done.diverged
    met = backtracking_line_search(J, [1.0, 1.0], steps=500, tol=1e-6)
    assert met.status is Status.CONVERGED and met.reason.startswith("converged")
