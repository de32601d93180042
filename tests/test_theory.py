import math

import numpy as np
import pytest

from lrnotes import gradient_descent, quadratic, square
from lrnotes.theory import factor, regime, square_iterates, steps_to_reach, steps_to_tolerance

RATES = np.array([0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1])


def test_closed_form_matches_the_loop():
    run = gradient_descent(square(), 2.0, RATES, 30)
    closed = square_iterates(2.0, RATES, 30)
    assert closed.shape == (len(RATES), 31)
    for i in range(len(RATES)):
        np.testing.assert_allclose(run[i].thetas, closed[i, : run[i].stop_step + 1], rtol=1e-12)


def test_closed_form_article_numbers():
    np.testing.assert_allclose(
        square_iterates(2.0, 0.1, 6), [2, 1.6, 1.28, 1.024, 0.8192, 0.65536, 0.524288]
    )
    np.testing.assert_array_equal(square_iterates(2.0, 0.5, 3), [2.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(square_iterates(2.0, 1.0, 4), [2.0, -2.0, 2.0, -2.0, 2.0])


def test_closed_form_with_other_curvature():
    J = quadratic([[0.02]])  # J = 0.01 θ², L = 0.02
    run = gradient_descent(J, [2.0], 30.0, 10)
    np.testing.assert_allclose(run.thetas[:, 0], square_iterates(2.0, 30.0, 10, L=0.02))
    assert factor(50.0, L=0.02) == pytest.approx(0.0)


def test_regimes():
    assert regime(0.1) == "converges monotonically"
    assert regime(0.5) == "lands on the minimizer in one step"
    assert regime(0.75) == "oscillates and converges"
    assert regime(1.0) == "oscillates for ever between ±θ₀"
    assert regime(1.01) == "oscillates and diverges"
    assert regime(50.0, L=0.02) == "lands on the minimizer in one step"


def test_steps_to_tolerance_by_hand():
    # |θ_t| = 2 · 0.8^t ≤ 1e-3 first at t = ceil(ln(5e-4)/ln 0.8) = 35
    assert steps_to_tolerance(2.0, 0.1, 1e-3) == 35
    assert 2 * 0.8**35 <= 1e-3 < 2 * 0.8**34
    assert steps_to_tolerance(2.0, 0.5, 1e-3) == 1
    assert steps_to_tolerance(2.0, 1.0, 1e-3) == math.inf
    assert steps_to_tolerance(2.0, 1.5, 1e-3) == math.inf
    assert steps_to_tolerance(1e-4, 1.5, 1e-3) == 0
    # exactly on the boundary: |θ_1| = 1 ≤ tol = 1
    assert steps_to_tolerance(2.0, 0.25, 1.0) == 1


def test_steps_to_tolerance_agrees_with_runs():
    rates = np.array([0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0, 1.2])
    run = gradient_descent(square(), 2.0, rates, 20000)
    from_runs = steps_to_reach(run, 1e-6)
    closed = steps_to_tolerance(2.0, rates, 1e-6)
    np.testing.assert_array_equal(from_runs, closed)
    assert from_runs[-1] == math.inf and from_runs[-2] == math.inf
    # small rates converge, slowly: t ≈ ln(|θ₀|/tol)/(2α)
    assert closed[0] == pytest.approx(math.log(2e6) / 0.002, rel=0.01)


def test_steps_to_reach_single_and_errors():
    run = gradient_descent(square(), 2.0, 0.1, 10)
    assert steps_to_reach(run, 1.0) == 4  # 2, 1.6, 1.28, 1.024, 0.8192
    assert steps_to_reach(run, 1e-9) == math.inf
    with pytest.raises(TypeError, match="trajectory must be"):
        steps_to_reach([2.0, 1.0], 1.0)
    with pytest.raises(ValueError, match="tol must be > 0"):
        steps_to_reach(run, 0.0)
    two_d = gradient_descent(quadratic(np.eye(2)), [1.0, 1.0], 0.1, 3)
    with pytest.raises(ValueError, match="scalar θ"):
        steps_to_reach(two_d, 1.0)


def test_bad_input():
    with pytest.raises(ValueError, match="lr must be > 0"):
        factor(-0.1)
    with pytest.raises(ValueError, match="L must be > 0"):
        factor(0.1, L=0.0)
    with pytest.raises(TypeError, match="steps must be an integer"):
        square_iterates(2.0, 0.1, 3.0)
    with pytest.raises(ValueError, match="tol must be > 0"):
        steps_to_tolerance(2.0, 0.1, -1.0)
    with pytest.raises(ValueError, match="theta0 must be finite"):
        square_iterates(np.nan, 0.1, 3)


def test_theory_is_the_one_dimensional_case_of_stability():
    from lrnotes import stability

    for L in (2.0, 0.02, 7.5):
        lrs = np.array([0.1, 0.5, 1.0, 1.7]) / L
        # |q| is the spectral radius of the 1×1 matrix I − αA, A = (L)
        np.testing.assert_allclose(np.abs(factor(lrs, L)), stability.contraction_factor([[L]], lrs))
        assert stability.max_stable_lr([[L]]) == pytest.approx(2 / L)
        for lr in lrs[np.abs(factor(lrs, L)) < 1]:
            q = abs(factor(lr, L))
            if q == 0:
                continue
            # the same count of steps: on θ with tol, or on the ratio tol/|θ_0|
            assert steps_to_tolerance(2.0, lr, 1e-6, L) == stability.steps_to_tolerance(q, 5e-7)


def test_square_iterates_in_floating_point():
    import numpy as np

    from lrnotes.theory import square_iterates_in

    # an update below half an ulp of θ = 2 rounds back to 2, in every precision
    for dtype, lr in [(np.float64, 1e-17), (np.float32, 1e-8), (np.float16, 1e-4)]:
        thetas = square_iterates_in(dtype, 2.0, lr, 50)
        assert thetas.dtype == dtype and (thetas == 2).all()
        assert 4 * lr < np.spacing(dtype(2)) / 2
    # above half an ulp it moves, and in float64 it follows the closed form
    np.testing.assert_allclose(
        square_iterates_in(np.float64, 2.0, 0.1, 20), square_iterates(2.0, 0.1, 20), rtol=1e-14
    )
    assert square_iterates_in(np.float32, 2.0, 1e-7, 1)[1] < 2
    with pytest.raises(TypeError, match="dtype"):
        square_iterates_in(int, 2.0, 0.1, 3)
    with pytest.raises(ValueError, match="lr"):
        square_iterates_in(np.float64, 2.0, -0.1, 3)


def test_half_gap_toward_is_half_the_gap_below_a_power_of_two():
    import numpy as np

    from lrnotes.theory import half_gap_toward, square_iterates_in

    # the gaps below 2 are 2⁻⁵² , 2⁻²³, 2⁻¹⁰ (the binade [1, 2)); above 2 twice that
    for dtype, mantissa in [(np.float64, 52), (np.float32, 23), (np.float16, 10)]:
        down = half_gap_toward(dtype, 2.0, 0.0)
        assert down == 2.0**-mantissa / 2 and half_gap_toward(dtype, 2.0, 3.0) == 2 * down
        # L = 2 at θ = 2: the update is 4α. Below h, θ stays; between h and np.spacing(2)/2, it
        # moves (the referee's case); exactly h is a tie that rounds to even, which is 2.
        assert (square_iterates_in(dtype, 2.0, 0.9 * down / 4, 5) == 2).all()
        assert square_iterates_in(dtype, 2.0, 1.5 * down / 4, 1)[1] == 2 - 2 * down
        assert square_iterates_in(dtype, 2.0, down / 4, 1)[1] == 2
    assert half_gap_toward(np.float64, 1.5, 0.0) == float(np.spacing(1.5)) / 2
    with pytest.raises(TypeError, match="dtype"):
        half_gap_toward(float, 2.0, 0.0)
    with pytest.raises(ValueError, match="toward"):
        half_gap_toward(np.float64, 2.0, 2.0)
