"""Speed of the numerical core: the vectorized sweep and the optimizers' per-step cost.

Run through ``make bench`` (benchmarks/run.py), or alone: ``.venv/bin/python benchmarks/core.py``.
Each figure is the median of several runs.
"""

from __future__ import annotations

import numpy as np
from common import median_seconds, verdict

import lrnotes


def article_way(A, b, theta0, lrs, steps):
    """The same work the articles' way: their loop (article 1, section 5), once per rate.

    Like ``gradient_descent`` it records θ and J(θ) at every step; the loss and the
    gradient are those of the 2-D quadratic, written with NumPy as article 2 does.
    """

    def loss_function(theta):
        return 0.5 * theta @ A @ theta + b @ theta

    finals = []
    for learning_rate in lrs:
        theta = np.array(theta0, dtype=float)
        theta_history, loss_history = [theta], [loss_function(theta)]
        for _ in range(steps):
            gradient = A @ theta + b
            theta = theta - learning_rate * gradient
            theta_history.append(theta)
            loss_history.append(loss_function(theta))
        finals.append(theta_history[-1])
    return np.array(finals)


def sweep(rates: int = 1000, steps: int = 1000) -> list[tuple[str, str, str, str]]:
    """Section 1: 1,000 rates × 1,000 steps on a 2-D quadratic, batched vs looped."""
    J = lrnotes.quadratic([[3.0, 0.5], [0.5, 1.0]], [1.0, -1.0])
    lrs = np.geomspace(1e-3, 1.9 / J.L, rates)  # all stable, so every run does every step
    batched = median_seconds(lambda: lrnotes.gradient_descent(J, [2.0, 2.0], lrs, steps), 5)
    looped = median_seconds(lambda: article_way(J.A, J.b, [2.0, 2.0], lrs, steps), 1, 0)
    run = lrnotes.gradient_descent(J, [2.0, 2.0], lrs, steps)
    reference = article_way(J.A, J.b, [2.0, 2.0], lrs[:5], steps)
    np.testing.assert_allclose(run.thetas[:5, -1], reference, rtol=1e-12, atol=1e-15)
    speedup = looped / batched
    return [
        ("sweep: one vectorized call", f"{batched * 1e3:.0f} ms", "", ""),
        ("sweep: a Python loop per rate", f"{looped * 1e3:.0f} ms", "", ""),
        ("sweep: speed-up", f"{speedup:.0f}×", "≥ 100×", verdict(speedup >= 100)),
    ]


LR = 0.01  # a small stable learning rate, the same for every optimizer


def optimizers() -> dict[str, lrnotes.Optimizer]:
    """Every optimizer lrnotes has, with PyTorch's default hyperparameters (run at ``LR``)."""
    found = {"SGD": lrnotes.SGD(), "SGD momentum": lrnotes.SGD(momentum=0.9)}
    for name in ("Adagrad", "RMSprop", "Adam", "AdamW"):
        if hasattr(lrnotes, name):
            found[name] = getattr(lrnotes, name)()
    return found


def per_step_small(steps: int = 2000) -> list[tuple[str, str, str, str]]:
    """Section 2a: µs per step through ``minimize`` on a 2-D problem."""
    J = lrnotes.quadratic([[3.0, 0.5], [0.5, 1.0]], [1.0, -1.0])
    rows = []
    for name, opt in optimizers().items():
        seconds = median_seconds(lambda opt=opt: lrnotes.minimize(J, [2.0, 2.0], opt, steps, LR), 5)
        rows.append(
            (f"2-D step through minimize: {name}", f"{seconds / steps * 1e6:.1f} µs", "", "")
        )
    return rows


# Bytes an update must move per parameter (8-byte floats): read grad and θ, write θ for SGD;
# Adam and AdamW also read and write two moment buffers; momentum, RMSprop, Adagrad one.
MIN_TRAFFIC = {"SGD": 3, "SGD momentum": 5, "Adagrad": 5, "RMSprop": 5, "Adam": 7, "AdamW": 7}
BUDGET = {"SGD": 2.0, "Adam": 3.0}


def copy_bandwidth(n: int) -> float:
    """Bytes per second of ``np.copyto`` on n float64 (read n, write n)."""
    src, dst = np.ones(n), np.empty(n)
    seconds = median_seconds(lambda: np.copyto(dst, src), 15, 3)
    return 2 * 8 * n / seconds


def per_step_large(n: int = 1_000_000) -> list[tuple[str, str, str, str]]:
    """Section 2b: one update on 10⁶ parameters, as memory traffic vs a plain copy."""
    rng = np.random.default_rng(0)
    theta = rng.normal(size=n)
    grad = rng.normal(size=n)
    lr = np.asarray(LR)
    copy = copy_bandwidth(n)
    rows = [("10⁶ params: numpy copy bandwidth", f"{copy / 1e9:.1f} GB/s", "", "")]
    for name, opt in optimizers().items():
        # _step is the in-place kernel minimize runs (update is the same plus a copy of the state)
        state = opt.init(theta)
        _, state = opt._step(grad, state, theta, lr)  # past any first-step special case

        def step(opt=opt, state=state):
            opt._step(grad, state, theta, lr)

        seconds = median_seconds(step, 15, 3)
        achieved = MIN_TRAFFIC[name] * 8 * n / seconds
        slowdown = copy / achieved
        budget = BUDGET.get(name)
        rows.append(
            (
                f"10⁶ params: {name} update",
                f"{seconds * 1e3:.2f} ms, {achieved / 1e9:.1f} GB/s "
                f"= {achieved / copy:.0%} of copy",
                f"within {budget:.0f}× of copy" if budget else "",
                verdict(slowdown <= budget) if budget else "",
            )
        )
    return rows


def main() -> list[tuple[str, str, str, str]]:
    return sweep() + per_step_small() + per_step_large()


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
