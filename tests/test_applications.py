import numpy as np
import pytest

import lrnotes
from lrnotes import applications, schedules

RNG = np.random.default_rng(0)
X = RNG.normal(size=(60, 2))
Y = (X[:, 0] - X[:, 1] + 0.5 * RNG.normal(size=60) > 0).astype(float)
TEST = (X[:20], Y[:20])


def test_sweep_scores_each_rate_and_flags_divergence():
    J = lrnotes.logistic_regression(X[20:], Y[20:], l2=0.1)
    J_star = float(J.value(J.minimizer))
    result = applications.sweep(J, [0.01, 1.0, 1000.0], 50, TEST, J_star=J_star)
    assert list(result.trajectory.diverged) == [False, False, True]
    assert result.final_losses[1] - J_star < result.final_losses[0] - J_star
    one = lrnotes.minimize(J, np.zeros(3), lrnotes.SGD(), 50, 1.0)
    assert result.test_accuracy[1] == J.accuracy(one.thetas[-1], *TEST)
    text = result.table()
    assert "diverged at step" in text and "ran all steps" in text


def test_sweep_with_schedule_and_best_of():
    J = lrnotes.logistic_regression(X[20:], Y[20:], l2=0.1)
    J_star = float(J.value(J.minimizer))
    lrs = np.geomspace(0.1, 10, 5)
    const = applications.best_of("constant", applications.sweep(J, lrs, 20, TEST))
    cos = applications.sweep(J, lrs, 20, TEST, schedule=schedules.cosine_decay(t_max=20))
    assert np.allclose(cos.trajectory.lrs[:, 10], lrs / 2)
    # each run is the single schedule bound to its rate
    alone = lrnotes.minimize(
        J, np.zeros(J.shape), lrnotes.SGD(), 20, lrs[2] * schedules.cosine_decay(20)
    )
    np.testing.assert_array_equal(cos.trajectory[2].lrs, alone.lrs)
    best = applications.best_of("cosine", cos)
    assert best.final_loss == cos.final_losses[~cos.trajectory.diverged].min()
    table = lrnotes.tables.best([const, best], J_star)
    assert "constant" in table and "1.00" in table


def test_sweep_starts_a_net_at_its_theta0_and_repeats_a_minibatch_run():
    net = lrnotes.two_layer_net(X[20:], Y[20:], hidden=3, seed=0)
    result = applications.sweep(net, [0.1], 5, TEST)
    assert result.trajectory.losses[0, 0] == net.value(net.theta0)
    S = lrnotes.minibatch(net, 8, seed=1)
    a = applications.sweep(S, [0.5], 10, TEST).final_losses
    b = applications.sweep(S, [0.5], 10, TEST).final_losses
    np.testing.assert_array_equal(a, b)


def test_best_of_all_diverged_and_bad_schedule():
    J = lrnotes.logistic_regression(X, Y, l2=0.1)
    with pytest.raises(ValueError, match="diverged"):
        applications.best_of("x", applications.sweep(J, [1e4], 30, TEST))
    # the old form (a function of the rates), a bound schedule, and one with rates of its own
    for bad in [lambda lr: schedules.cosine_decay(3), 0.1 * schedules.cosine_decay(3),
                schedules.one_cycle(0.1, 10)]:  # fmt: skip
        with pytest.raises(TypeError, match="schedule must be an unbound lrnotes Schedule"):
            applications.sweep(J, [0.1], 3, TEST, schedule=bad)
    with pytest.raises(ValueError, match="lr_min must be < lr"):
        applications.sweep(J, [0.1, 0.01], 3, TEST, schedule=schedules.cosine_decay(3, 0.05))
    with pytest.raises(ValueError, match="lrs"):
        applications.sweep(J, [-0.1], 3, TEST)


def test_sweep_takes_an_optimizer_instance():
    J = lrnotes.logistic_regression(X[20:], Y[20:], l2=0.1)
    lrs = np.array([0.1, 1.0])
    result = applications.sweep(J, lrs, 20, TEST, optimizer=lrnotes.SGD(momentum=0.9))
    run = lrnotes.minimize(J, np.zeros(3), lrnotes.SGD(momentum=0.9), 20, lrs)
    np.testing.assert_array_equal(result.trajectory.thetas, run.thetas)
    for bad in (lrnotes.SGD, lambda lr: lrnotes.SGD(momentum=0.9)):
        with pytest.raises(TypeError, match="optimizer must be an lrnotes Optimizer"):
            applications.sweep(J, lrs, 3, TEST, optimizer=bad)


def test_a_sweep_is_the_searches_sweep_type():
    result = applications.sweep(lrnotes.logistic_regression(X, Y, l2=0.1), [0.1, 1.0], 20, TEST)
    assert isinstance(result, lrnotes.tuning.Sweep) and result.test_accuracy.shape == (2,)
    assert applications.best_of("x", result).lr == result.best_lr
