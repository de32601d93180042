"""Searches and the range test against runs made one by one, and replayed by hand."""

import math

import numpy as np
import pytest

import lrnotes
from lrnotes import tuning

J = lrnotes.quadratic([[1.0, 0.0], [0.0, 50.0]], c=0.0)
THETA0 = np.array([2.0, 1.0])


def one_by_one(objective, theta0, lrs, steps):
    """The oracle: each rate in its own call."""
    runs = [lrnotes.gradient_descent(objective, theta0, float(lr), steps) for lr in lrs]
    finals = np.array([r.losses[-1] for r in runs])
    cost = sum(r.stop_step + 1 if r.diverged else steps for r in runs)
    return runs, finals, cost


def test_grid_search_matches_separate_runs():
    result = tuning.grid_search(J, THETA0, 1e-4, 1.0, budget=9, steps=60)
    np.testing.assert_allclose(result.lrs, 10.0 ** np.linspace(-4, 0, 9))
    runs, finals, cost = one_by_one(J, THETA0, result.lrs, 60)
    np.testing.assert_allclose(result.final_losses, finals, rtol=1e-12)
    assert result.diverged.tolist() == [r.diverged for r in runs]
    assert result.diverged.sum() >= 3  # 0.1, 0.316, 1 are above 2/L = 0.04
    ok = ~result.diverged
    assert result.best_lr == result.lrs[ok][np.argmin(finals[ok])]
    assert result.best_loss == pytest.approx(finals[ok].min(), rel=1e-12)
    assert result.grad_evals == cost and cost < 9 * 60


def test_random_search_is_seeded_and_log_uniform():
    a = tuning.random_search(J, THETA0, 1e-5, 1.0, budget=5, steps=10, seed=3)
    b = tuning.random_search(J, THETA0, 1e-5, 1.0, budget=5, steps=10, seed=3)
    c = tuning.random_search(J, THETA0, 1e-5, 1.0, budget=5, steps=10, seed=4)
    np.testing.assert_array_equal(a.lrs, b.lrs)
    assert not np.array_equal(a.lrs, c.lrs)
    many = tuning.random_search(J, THETA0, 1e-5, 1.0, budget=20_000, steps=1, seed=0)
    decades = np.histogram(np.log10(many.lrs), bins=5, range=(-5, 0))[0]
    np.testing.assert_allclose(decades / 20_000, 0.2, atol=0.015)  # uniform in log α
    runs, finals, _ = one_by_one(J, THETA0, a.lrs, 10)
    np.testing.assert_allclose(a.final_losses, finals, rtol=1e-12)


def test_all_diverged_is_a_result():
    result = tuning.grid_search(J, THETA0, 0.5, 1.0, budget=3, steps=200)
    assert result.diverged.all() and np.isnan(result.best_lr)


def replay_range_test(objective, theta, min_lr, max_lr, steps, beta, factor):
    """An independent replay of Smith's test: rates, losses, smoothing, stop."""
    lrs, losses, smooth, avg = [], [], [], 0.0
    for t in range(steps):
        lr = min_lr * (max_lr / min_lr) ** (t / (steps - 1))
        theta = theta - lr * objective.grad(theta)
        loss = float(objective.value(theta))
        avg = beta * avg + (1 - beta) * loss
        lrs.append(lr)
        losses.append(loss)
        smooth.append(avg / (1 - beta ** (t + 1)))
        if smooth[-1] > factor * min(smooth):
            break
    return np.array(lrs), np.array(losses), np.array(smooth)


@pytest.mark.parametrize("beta", [0.0, 0.9, 0.98])
def test_range_test_matches_a_replay(beta):
    result = tuning.lr_range_test(J, THETA0, 1e-5, 1.0, steps=120, beta=beta)
    lrs, losses, smooth = replay_range_test(J, THETA0, 1e-5, 1.0, 120, beta, 4.0)
    np.testing.assert_allclose(result.lrs, lrs, rtol=1e-12)
    np.testing.assert_allclose(result.losses, losses, rtol=1e-10)
    np.testing.assert_allclose(result.smoothed, smooth, rtol=1e-10)
    assert result.stop_step == len(lrs) - 1 < 119 and result.reason.startswith("stopped")
    assert result.grad_evals == len(lrs)
    # the rate grows by one constant factor per step
    ratios = result.lrs[1:] / result.lrs[:-1]
    np.testing.assert_allclose(ratios, (1e5) ** (1 / 119), rtol=1e-12)
    # fastai's rules, on the curve without its first 120 // 10 and last 5 points
    cut_lrs, cut = lrs[12 : len(lrs) - 5], smooth[12 : len(lrs) - 5]
    assert result.lr_min == pytest.approx(cut_lrs[np.argmin(cut)] / 10)
    x = np.log(cut_lrs)
    forward = [(cut[i + 1] - cut[i]) / (x[i + 1] - x[i]) for i in range(len(cut) - 1)]
    assert result.lr_steep == pytest.approx(cut_lrs[int(np.argmin(forward))])
    assert result.lr_valley == fastai_valley(cut_lrs, cut)
    # the stop: the last smoothed loss is the first above 4 × the minimum so far
    assert smooth[-1] > 4 * smooth.min()
    assert all(smooth[t] <= 4 * smooth[: t + 1].min() for t in range(len(smooth) - 1))


def test_range_test_without_smoothing_records_the_raw_loss():
    result = tuning.lr_range_test(lrnotes.square(), 2.0, 1e-3, 10.0, steps=50, beta=0.0)
    np.testing.assert_array_equal(result.smoothed, result.losses)
    # J = θ² is unstable above α = 1: the blow-up comes after it, never before
    assert result.lrs[-1] > 1.0
    assert result.lr_min * 10 < 1.0


def test_range_test_needs_a_nonnegative_loss():
    shifted = lrnotes.quadratic([[1.0, 0.0], [0.0, 50.0]], c=-1.0)
    with pytest.raises(ValueError, match="needs J >= 0"):
        tuning.lr_range_test(shifted, THETA0)


def test_compare_rows_on_a_quadratic_and_on_rosenbrock():
    rows = tuning.compare(J, THETA0, steps=1200, range_test={"beta": 0.0})
    names = [r.method for r in rows]
    assert names[-1] == "backtracking line search"
    assert "1/L rule" in names and "best fixed rate 2/(λ_min+λ_max)" in names
    best = rows[names.index("best fixed rate 2/(λ_min+λ_max)")]
    assert best.lr == pytest.approx(2 / 51)
    one_over_l = rows[names.index("1/L rule")]
    # an independent run with 1/L reaches the gap 1e-8 at the reported step
    run = lrnotes.gradient_descent(J, THETA0, 1 / 50, 1200)
    assert run.losses[-1] <= 1e-8
    assert one_over_l.steps_to_target == int(np.argmax(run.losses <= 1e-8))
    assert rows[-1].value_evals > rows[-1].steps_to_target  # backtracking costs J evaluations
    ros = tuning.compare(lrnotes.rosenbrock(), [-1.2, 1.0], steps=200, range_test={"beta": 0.0})
    assert "1/L rule" not in [r.method for r in ros]
    table = lrnotes.tables.choices(ros)
    assert table.count("\n") == len(ros) + 2 and "grid search (10 runs)" in table
    assert max(len(line) for line in lrnotes.tables.choices(rows).splitlines()) <= 80


def test_first_step_below():
    assert tuning.first_step_below([3.0, 2.0, 1.0], 2.0) == 1
    assert tuning.first_step_below([3.0, 2.0, 1.0], 0.5) == math.inf


def test_stays_below_from_waits_for_the_last_return():
    # oracle: scan every t by hand
    losses = np.array([5.0, 0.1, 3.0, 0.2, 0.05, 2.0, 0.01, 0.0])
    expected = next(t for t in range(len(losses)) if all(losses[t:] <= 0.5))
    assert tuning.stays_below_from(losses, 0.5) == expected == 6
    assert tuning.first_step_below(losses, 0.5) == 1
    assert tuning.stays_below_from([0.1, 0.2], 0.5) == 0
    assert tuning.stays_below_from([0.1, 0.7], 0.5) == math.inf
    assert tuning.stays_below_from([0.1, np.nan], 0.5) == math.inf


def test_tuned_table_is_narrow_and_quotes_both_steps():
    J = lrnotes.quadratic(np.diag([1.0, 1000.0]))
    tuned = tuning.tune(
        J, [1.5, 0.4], {"Adam": lrnotes.Adam()}, 300, low=0.2512, high=0.2513, budget=1
    )
    run = tuned.runs["Adam"]
    first, stays = (
        tuning.first_step_below(run.losses, 1e-8),
        tuning.stays_below_from(run.losses, 1e-8),
    )
    assert first < stays  # Adam circles: it dips below the level and comes back above it
    table = lrnotes.tables.tuned(tuned)
    assert table.splitlines()[1].split()[-2:] == [str(first), str(stays)]
    assert max(len(line) for line in table.splitlines()) < 72
    with pytest.raises(TypeError, match="tuned"):
        lrnotes.tables.tuned("table")


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="high must be > low"):
        tuning.grid_search(J, THETA0, 1.0, 0.1)
    with pytest.raises(ValueError, match="budget must be >= 1"):
        tuning.random_search(J, THETA0, budget=0)
    with pytest.raises(TypeError, match="seed must be an integer"):
        tuning.random_search(J, THETA0, seed=1.5)
    with pytest.raises(ValueError, match="max_lr must be > min_lr"):
        tuning.lr_range_test(J, THETA0, 1.0, 0.5)
    with pytest.raises(ValueError, match="beta must be in"):
        tuning.lr_range_test(J, THETA0, beta=1.0)
    with pytest.raises(ValueError, match="diverge_factor must be > 1"):
        tuning.lr_range_test(J, THETA0, diverge_factor=1.0)
    with pytest.raises(ValueError, match="objective must have a known minimizer"):
        tuning.compare(lrnotes.square().__class__("x", ()), 1.0, steps=3)


def test_tune_keeps_each_methods_best_run():
    methods = {"GD": lrnotes.SGD(), "momentum": lrnotes.SGD(momentum=0.9)}
    tuned = tuning.tune(J, THETA0, methods, 150, low=1e-3, high=1.0, budget=13, level=1e-6)
    for name, optimizer in methods.items():
        search = tuning.grid_search(J, THETA0, 1e-3, 1.0, 13, 150, optimizer=optimizer)
        assert tuned.searches[name].best_lr == search.best_lr
        # the kept run is the best rate run on its own
        alone = lrnotes.minimize(J, THETA0, optimizer, 150, search.best_lr)
        np.testing.assert_allclose(tuned.runs[name].losses, alone.losses, rtol=1e-12)
        hits = np.flatnonzero(alone.losses <= 1e-6)
        assert tuned.first_below[name] == (int(hits[0]) if hits.size else math.inf)
    assert tuned.first_below["GD"] == math.inf and tuned.first_below["momentum"] == 95
    lines = str(tuned).splitlines()
    assert len(lines) == 2 and lines[0].startswith("GD ") and "J after 150 steps" in lines[0]
    with pytest.raises(TypeError, match="methods must be"):
        tuning.tune(J, THETA0, [lrnotes.SGD()], 10)


def test_searches_take_optimizer_instances_not_factories():
    # the old API's methods were functions lr -> Optimizer; the class itself is one such
    for bad in (lrnotes.SGD, lambda lr: lrnotes.SGD(momentum=0.9), "SGD"):
        with pytest.raises(TypeError, match="optimizer must be an lrnotes Optimizer"):
            tuning.tune(J, THETA0, {"GD": bad}, 10)
        with pytest.raises(TypeError, match="optimizer must be an lrnotes Optimizer"):
            tuning.grid_search(J, THETA0, optimizer=bad)
        with pytest.raises(TypeError, match="optimizer must be an lrnotes Optimizer"):
            tuning.random_search(J, THETA0, optimizer=bad)
        with pytest.raises(TypeError, match="optimizer must be an lrnotes Optimizer"):
            tuning.lr_range_test(J, THETA0, optimizer=bad)


def test_best_run_is_none_when_every_run_diverges():
    search = tuning.grid_search(J, THETA0, 1.0, 10.0, budget=3, steps=200)
    assert search.diverged.all() and search.best_run is None


def fastai_valley(lrs, losses):
    """The oracle: fastai's valley, transcribed loop for loop from fastai/callback/schedule.py."""
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1):
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    return float(lrs[max_start + int(sections) + int(sections / 2)])


def test_valley_is_fastais_rule():
    rng = np.random.default_rng(0)
    for n in [2, 3, 7, 30, 90]:
        for _ in range(20):
            lrs = np.geomspace(1e-5, 1.0, n)
            losses = np.cumsum(rng.normal(size=n))
            assert tuning.valley(lrs, losses) == fastai_valley(lrs, losses)
    assert tuning.valley([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 1.0  # never falls: the first
    assert tuning.valley([1.0, 2.0, 3.0], [3.0, 2.0, 5.0]) == 3.0  # index −1: the last
    with pytest.raises(ValueError, match="same length"):
        tuning.valley([1.0, 2.0], [1.0])


def test_range_test_valley_skips_fastais_ends():
    result = tuning.lr_range_test(J, THETA0, 1e-5, 1.0, steps=120, beta=0.98)
    n = len(result.lrs)
    inner = slice(12, n - 5)
    assert result.lr_valley == fastai_valley(result.lrs[inner], result.smoothed[inner])


def logistic_minibatches(seed):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 3))
    y = (X @ [1.0, -2.0, 0.5] + rng.normal(size=60) > 0).astype(float)
    J = lrnotes.logistic_regression(X, y, l2=0.01)
    return J, lrnotes.minibatch(J, batch_size=8, seed=seed)


def test_minibatch_range_test_matches_a_replay():
    J, S = logistic_minibatches(seed=2)
    result = tuning.minibatch_range_test(S, np.zeros(4), 1e-3, 1e4, steps=80, beta=0.9)
    theta, avg, smooth, losses = np.zeros(4), 0.0, [], []
    for t in range(80):
        lr = 1e-3 * 1e7 ** (t / 79)
        rows = S.rows(t)
        theta = theta - lr * J._grad_on(theta, J.features[rows], J.labels[rows])
        nxt = S.rows(t + 1)
        losses.append(float(J._value_on(theta, J.features[nxt], J.labels[nxt])))
        avg = 0.9 * avg + 0.1 * losses[-1]
        smooth.append(avg / (1 - 0.9 ** (t + 1)))
        if smooth[-1] > 4 * min(smooth):
            break
    np.testing.assert_allclose(result.losses, losses, rtol=1e-12)
    np.testing.assert_allclose(result.smoothed, smooth, rtol=1e-12)
    assert result.reason.startswith("stopped: smoothed") and result.grad_evals == len(losses)
    cut_lrs, cut = result.lrs[8 : len(losses) - 5], np.array(smooth[8 : len(losses) - 5])
    assert result.lr_min == pytest.approx(cut_lrs[np.argmin(cut)] / 10)
    with pytest.raises(TypeError, match="minibatch"):
        tuning.minibatch_range_test(J, np.zeros(4))


def test_minibatch_final_loss_averages_separate_runs():
    J, _ = logistic_minibatches(seed=0)
    lrs = [0.05, 0.5, 5.0]
    result = tuning.minibatch_final_loss(J, np.zeros(4), lrs, 30, batch_size=8, seeds=3, window=4)
    by_hand = [
        np.mean(
            [
                lrnotes.minimize(lrnotes.minibatch(J, 8, s), np.zeros(4), lrnotes.SGD(), 30, lr)
                .losses[-4:]
                .mean()
                for s in range(3)
            ]
        )
        for lr in lrs
    ]
    np.testing.assert_allclose(result, by_hand, rtol=1e-12)
    big = tuning.minibatch_final_loss(J, np.zeros(4), [0.1, 1e6], 30, batch_size=8, seeds=2)
    assert np.isfinite(big[0]) and big[1] == np.inf
    with pytest.raises(ValueError, match="window must be <= steps"):
        tuning.minibatch_final_loss(J, np.zeros(4), lrs, 3, batch_size=8, window=5)


def test_range_test_status_and_the_bill_of_a_loss_that_is_not_finite():
    from lrnotes.descent import Status

    done = tuning.lr_range_test(lrnotes.square(), 2.0, 1e-4, 1e-2, steps=20, beta=0.0)
    assert done.status is Status.COMPLETED and done.grad_evals == 20
    blow = tuning.lr_range_test(lrnotes.square(), 2.0, 1e-3, 10.0, steps=50, beta=0.0)
    assert blow.status is Status.STOPPED and blow.grad_evals == blow.stop_step + 1
    huge = tuning.lr_range_test(lrnotes.square(), 2.0, 1e-3, 1e300, steps=50, beta=0.0,
                                diverge_factor=1e308)  # fmt: skip
    assert huge.status is Status.STOPPED and "not finite" in huge.reason
    assert huge.grad_evals == huge.stop_step + 2  # the step whose J was not finite was paid


def test_the_range_test_is_a_reading_of_one_minimize_run():
    J, theta0 = lrnotes.quadratic([[1.0, 0.0], [0.0, 100.0]], c=1.0), [1.0, 1.0]
    result = tuning.lr_range_test(J, theta0, 1e-4, 1.0, steps=60, beta=0.0)
    ramp = 1e-4 * (1.0 / 1e-4) ** (np.arange(60) / 59)
    run = lrnotes.minimize(J, theta0, lrnotes.SGD(), 60, lambda t: ramp[t])
    n = len(result.losses)
    np.testing.assert_array_equal(result.lrs, ramp[:n])
    np.testing.assert_array_equal(result.losses, run.losses[1 : n + 1])  # ℓ_t = J(θ_{t+1})
    assert result.status is lrnotes.Status.STOPPED and n < 60


def test_every_search_returns_one_sweep_type_with_best():
    J = lrnotes.square()
    grid = tuning.grid_search(J, 2.0, 0.01, 1.5, budget=5, steps=20)
    assert isinstance(grid, tuning.Sweep) and grid.method == "grid search"
    i = grid.best()
    assert grid.best_lr == grid.lrs[i] and grid.best_loss == grid.final_losses[i]
    np.testing.assert_array_equal(grid.best_run.losses, grid.trajectory[i].losses)
    assert grid.final_losses[i] == grid.final_losses[~grid.diverged].min()
    wild = tuning.grid_search(J, 2.0, 1.5, 3.0, budget=3, steps=50)
    assert wild.best() is None and math.isnan(wild.best_lr) and wild.best_run is None
