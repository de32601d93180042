import numpy as np
import pytest

import lrnotes
from lrnotes import datasets, schedules
from lrnotes import sklearn_sgd as K

SPLIT = datasets.breast_cancer()
T = np.arange(1, 5001)


def test_optimal_is_inverse_time_decay_exactly():
    for alpha in (1e-4, 1e-2):
        s = K.book_schedule("optimal", alpha=alpha)
        np.testing.assert_allclose(s(T - 1), K.sklearn_rate("optimal", T, alpha=alpha), rtol=1e-13)
    assert K.optimal_eta0(1e-4) == pytest.approx(10.0)


def test_constant_and_invscaling_power_one():
    np.testing.assert_allclose(
        K.book_schedule("constant", eta0=0.3)(T - 1), K.sklearn_rate("constant", T, eta0=0.3)
    )
    s = K.book_schedule("invscaling", eta0=0.3, power_t=1.0)
    np.testing.assert_allclose(s(T - 1), K.sklearn_rate("invscaling", T, 0.3, power_t=1.0))
    assert K.book_schedule("invscaling", eta0=0.3, power_t=0.5) is None
    assert K.book_schedule("adaptive") is None
    # invscaling is not PyTorch's PolynomialLR, which reaches 0 at total_steps
    poly = (0.3 * schedules.polynomial_decay(total_steps=5000, power=0.5))(T - 1)
    assert not np.allclose(poly, K.sklearn_rate("invscaling", T, 0.3))


@pytest.mark.parametrize("learning_rate", ["constant", "invscaling", "adaptive"])
def test_reference_loop_reproduces_sgdclassifier(learning_rate):
    fit = K.fit_sgdclassifier(SPLIT, learning_rate, eta0=0.1, shuffle=False, max_iter=200)
    ref = K.reference_sgd(SPLIT.X_train, SPLIT.y_train, learning_rate, eta0=0.1, max_iter=200)
    assert fit.n_iter == ref.n_iter and fit.converged
    np.testing.assert_allclose(fit.coef, ref.coef, atol=1e-10)
    assert fit.intercept == pytest.approx(ref.intercept, abs=1e-10)


def test_reference_loop_optimal_first_epochs():
    # rates near α^(−1/4) = 10 make this run chaotic: rounding differences grow
    # after a few epochs, so only the first two are compared
    fit = K.fit_sgdclassifier(SPLIT, "optimal", shuffle=False, max_iter=2)
    ref = K.reference_sgd(SPLIT.X_train, SPLIT.y_train, "optimal", max_iter=2)
    assert not fit.converged and ref.n_iter == 2
    np.testing.assert_allclose(fit.coef, ref.coef, atol=1e-10)


def test_adaptive_divides_by_five():
    ref = K.reference_sgd(SPLIT.X_train, SPLIT.y_train, "adaptive", eta0=0.1, max_iter=200)
    ratios = set(np.round(ref.epoch_etas[:-1] / ref.epoch_etas[1:], 12)) - {1.0}
    assert ratios == {5.0}


def test_compare_table_lists_each_option():
    rows = [K.fit_sgdclassifier(SPLIT, lr, eta0=0.01) for lr in K.LEARNING_RATES]
    text = lrnotes.tables.sklearn(rows, eta0=0.01, alpha=1e-4, power_t=0.5)
    for lr in K.LEARNING_RATES:
        assert lr in text
    assert "10.0 * inverse_time_decay(decay_rate=0.001)" in text
    assert all(0.9 < r.test_accuracy <= 1 for r in rows)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: K.sklearn_rate("optimal", [0]), "t must be"),
        (lambda: K.sklearn_rate("bold", [1]), "learning_rate"),
        (lambda: K.sklearn_rate("adaptive", [1]), "adaptive"),
        (lambda: K.sklearn_rate("constant", [1], eta0=0.0), "eta0"),
        (lambda: K.optimal_eta0(-1.0), "alpha"),
        (lambda: K.reference_sgd(np.ones((2, 1)), [0, 1], "constant", max_iter=0), "max_iter"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_sklearn_not_imported_by_lrnotes():
    import subprocess
    import sys

    code = "import sys, lrnotes; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert lrnotes.sklearn_sgd is K


def test_observed_rates_are_the_codes_not_the_documented_formula():
    seen = K.observed_rates("optimal", 5, alpha=1e-4)
    t0 = 1 / (1e-4 * 10.0)  # Bottou: η_init = α^(−1/4) = 10, t₀ = 1/(α η_init) = 1000
    np.testing.assert_allclose(seen, [1 / (1e-4 * (t0 + t - 1)) for t in range(1, 6)], rtol=1e-13)
    assert seen[0] == pytest.approx(10.0, rel=1e-14)
    assert not np.allclose(seen, [1 / (1e-4 * (t + t0)) for t in range(1, 6)], rtol=1e-6)
    np.testing.assert_array_equal(seen, K.observed_rates("optimal", 5, eta0=3.0, alpha=1e-4))
    np.testing.assert_allclose(K.observed_rates("invscaling", 9, eta0=0.2),
                               0.2 / np.sqrt(np.arange(1, 10)), rtol=1e-12)  # fmt: skip
    with pytest.raises(ValueError, match="adaptive"):
        K.observed_rates("adaptive", 3)
    with pytest.raises(ValueError, match="steps"):
        K.observed_rates("optimal", 0)


def test_adaptive_stops_at_the_first_plateau_with_eta_at_most_1e6():
    ref = K.reference_sgd(SPLIT.X_train, SPLIT.y_train, "adaptive", eta0=0.1, max_iter=200)
    etas = np.unique(ref.epoch_etas)[::-1]
    np.testing.assert_allclose(etas, 0.1 / 5.0 ** np.arange(len(etas)), rtol=1e-12)
    assert etas[-2] > 1e-6 >= etas[-1]  # divided while η > 1e-6, then stopped
