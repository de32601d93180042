import numpy as np
import pytest

import lrnotes
from lrnotes import models

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 3))
Y = (X @ [1.0, -2.0, 0.5] + RNG.normal(size=40) > 0).astype(float)


def central_differences(J, theta, h=1e-6):
    return np.array([(J.value(theta + h * e) - J.value(theta - h * e)) / (2 * h)
                     for e in np.eye(theta.size)])  # fmt: skip


def make(kind, l2=0.0):
    if kind == "logistic":
        return lrnotes.logistic_regression(X, Y, l2=l2)
    return lrnotes.two_layer_net(X, Y, hidden=4, seed=1, l2=l2)


@pytest.mark.parametrize("kind", ["logistic", "net"])
@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_gradient_matches_central_differences(kind, l2):
    J = make(kind, l2)
    theta = np.random.default_rng(2).normal(size=J.shape)
    np.testing.assert_allclose(J.grad(theta), central_differences(J, theta), atol=1e-8)


@pytest.mark.parametrize("kind", ["logistic", "net"])
def test_batch_equals_one_at_a_time(kind):
    J = make(kind, 0.05)
    thetas = np.random.default_rng(3).normal(size=(2, 3) + J.shape)
    values, grads = J.value(thetas), J.grad(thetas)
    assert values.shape == (2, 3) and grads.shape == thetas.shape
    for i in range(2):
        for j in range(3):
            np.testing.assert_allclose(values[i, j], J.value(thetas[i, j]), rtol=1e-13)
            np.testing.assert_allclose(grads[i, j], J.grad(thetas[i, j]), rtol=1e-12, atol=1e-15)
    acc = J.accuracy(thetas)
    assert acc[1, 2] == J.accuracy(thetas[1, 2])


def test_logistic_value_at_zero_is_log_2_and_gradient_is_known():
    J = lrnotes.logistic_regression(X, Y)
    assert J.value(np.zeros(4)) == pytest.approx(np.log(2), rel=1e-15)
    expected = np.append(X.T @ (0.5 - Y), (0.5 - Y).sum()) / len(Y)
    np.testing.assert_allclose(J.grad(np.zeros(4)), expected, rtol=1e-12)


def test_large_logits_are_finite_and_silent():
    J = lrnotes.logistic_regression([[1.0], [-1.0]], [1, 0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert J.value([1e6, 0.0]) == 0.0
        assert J.value([-1e6, 0.0]) == pytest.approx(1e6)
        np.testing.assert_allclose(J.grad([-1e6, 0.0]), [-1.0, 0.0])
        assert models.sigmoid(-1e308) == 0.0


def test_minimizer_by_newton_has_zero_gradient():
    J = lrnotes.logistic_regression(X, Y, l2=0.1)
    assert np.abs(J.grad(J.minimizer)).max() < 1e-12
    assert lrnotes.logistic_regression(X, Y).minimizer is None
    # L bounds the Hessian: the largest eigenvalue at θ = 0 equals L there (σ' = 1/4)
    X1 = np.hstack([X, np.ones((40, 1))])
    hess0 = X1.T @ X1 / 160 + 0.1 * np.diag([1.0, 1.0, 1.0, 0.0])
    assert np.linalg.eigvalsh(hess0)[-1] <= J.L + 1e-12


def test_unflatten_round_trip_and_logits():
    net = make("net")
    p = net.unflatten(net.theta0)
    assert p["W1"].shape == (3, 4) and p["b2"].shape == ()
    z = np.tanh(X @ p["W1"] + p["b1"]) @ p["w2"] + p["b2"]
    np.testing.assert_allclose(net.logits(net.theta0), z, rtol=1e-13)
    flat = np.concatenate([p["W1"].ravel(), p["b1"], p["w2"], [p["b2"]]])
    np.testing.assert_array_equal(flat, net.theta0)
    bound = 1 / np.sqrt(3)
    assert np.abs(net.theta0[:16]).max() <= bound


def test_init_is_seeded():
    a, b = make("net").theta0, make("net").theta0
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, lrnotes.two_layer_net(X, Y, 4, seed=2).theta0)


def test_sweep_in_one_call_equals_single_runs():
    J = make("logistic", 0.01)
    lrs = np.array([0.1, 1.0, 5.0])
    batch = lrnotes.minimize(J, np.zeros(4), lrnotes.SGD(), steps=30, lr=lrs)
    for i, lr in enumerate(lrs):
        one = lrnotes.minimize(J, np.zeros(4), lrnotes.SGD(), steps=30, lr=lr)
        np.testing.assert_allclose(batch[i].losses, one.losses, rtol=1e-12)


def test_minibatch_rows_cover_each_epoch_and_gradient_is_that_of_the_rows():
    J = make("logistic")
    S = lrnotes.minibatch(J, batch_size=8, seed=4)
    rows = np.concatenate([S.rows(t) for t in range(5)])
    assert sorted(rows.tolist()) == list(range(40))
    np.testing.assert_array_equal(S.rows(7), lrnotes.minibatch(J, 8, seed=4).rows(7))
    theta = np.arange(4.0) / 10
    sub = lrnotes.logistic_regression(X[S.rows(6)], Y[S.rows(6)])
    np.testing.assert_allclose(S.grad_at(theta, 6), sub.grad(theta), rtol=1e-12)
    assert S.value(theta) == J.value(theta)


def test_a_minibatch_keeps_no_state_so_a_second_run_is_the_first():
    S = lrnotes.minibatch(make("net"), batch_size=5, seed=0)
    first = lrnotes.minimize(S, S.base.theta0, lrnotes.SGD(), steps=20, lr=0.5).losses
    again = lrnotes.minimize(S, S.base.theta0, lrnotes.SGD(), steps=20, lr=0.5).losses
    np.testing.assert_array_equal(first, again)
    assert not hasattr(S, "reset")
    theta = S.base.theta0
    np.testing.assert_array_equal(S.grad_at(theta, 3), S.grad_at(theta, 3))
    np.testing.assert_array_equal(S.grad(theta), S.base.grad(theta))  # grad: the full one
    full = lrnotes.minimize(S.base, S.base.theta0, lrnotes.SGD(), steps=20, lr=0.5).losses
    assert not np.allclose(first, full)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: lrnotes.logistic_regression([1.0, 2.0], [0, 1]), "features"),
        (lambda: lrnotes.logistic_regression(X, Y[:-1]), "labels"),
        (lambda: lrnotes.logistic_regression(X, Y + 1), "labels must be 0 or 1"),
        (lambda: lrnotes.logistic_regression(X, Y, l2=-1.0), "l2"),
        (lambda: lrnotes.two_layer_net(X, Y, hidden=0, seed=0), "hidden"),
        (lambda: lrnotes.two_layer_net(X, Y, hidden=2.0, seed=0), "hidden"),
        (lambda: lrnotes.two_layer_net(X, Y, hidden=2, seed=-1), "seed"),
        (lambda: lrnotes.minibatch(make("logistic"), batch_size=41, seed=0), "batch_size"),
        (lambda: lrnotes.minibatch(lrnotes.square(), batch_size=1, seed=0), "objective"),
        (lambda: make("logistic").value(np.zeros(3)), "theta"),
        (lambda: make("logistic").accuracy(np.zeros(4), X[:, :2], Y), "features"),
        (lambda: make("logistic").accuracy(np.zeros(4), X), "both"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_hessian_matches_differences_of_the_gradient():
    J = lrnotes.logistic_regression(X, Y, l2=0.1)
    theta, h = np.array([0.3, -0.2, 0.1, 0.05]), 1e-6
    fd = np.array([(J.grad(theta + h * e) - J.grad(theta - h * e)) / (2 * h) for e in np.eye(4)])
    np.testing.assert_allclose(J.hessian(theta), fd, atol=1e-8)
    assert np.linalg.eigvalsh(J.hessian(np.zeros(4)))[-1] <= J.L
    with pytest.raises(ValueError, match="theta"):
        J.hessian(np.zeros((2, 4)))


def test_separating_hyperplane_certifies_separable_rows():
    rng = np.random.default_rng(5)
    Xs = rng.normal(size=(50, 2))
    ys = (Xs @ [1.0, -1.0] > 0).astype(float)
    theta = models.separating_hyperplane(Xs, ys)
    margins = (2 * ys - 1) * (Xs @ theta[:2] + theta[2])
    assert margins.min() >= 1 - 1e-9
    # the oracle: a perceptron, which stops only on a separator, also finds one
    from sklearn.linear_model import Perceptron

    assert Perceptron(tol=None, max_iter=1000, random_state=0).fit(Xs, ys).score(Xs, ys) == 1.0
    # without a penalty the loss tends to 0 along c·θ and never reaches it
    J = lrnotes.logistic_regression(Xs, ys)
    values = [float(J.value(c * theta)) for c in (1.0, 10.0, 100.0)]
    assert values[0] > values[1] > values[2] > 0 and values[2] < np.log1p(np.exp(-100.0)) + 1e-300
    assert J.minimizer is None


def test_separating_hyperplane_none_for_xor_and_one_class_has_no_minimizer():
    xor = [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
    assert models.separating_hyperplane(xor, [0, 0, 1, 1]) is None
    assert lrnotes.logistic_regression(xor, [1, 1, 1, 1], l2=0.1).minimizer is None
    with pytest.raises(ValueError, match="labels"):
        models.separating_hyperplane(xor, [0, 1, 2, 1])


def test_penalized_logistic_curvature_vanishes_along_the_bias():
    J = lrnotes.logistic_regression(X, Y, l2=0.1)
    e_b = np.eye(J.shape[0])[-1]
    floors = [np.linalg.eigvalsh(J.hessian(J.minimizer + s * e_b))[0] for s in (0, 10, 30)]
    assert floors[0] > floors[1] > floors[2] > 0 and floors[2] < 1e-10
    # coercive along b: both classes present, so J grows without bound
    assert J.value(J.minimizer + 30 * e_b) > 10 and J.value(J.minimizer - 30 * e_b) > 10
