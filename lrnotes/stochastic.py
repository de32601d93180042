r"""SGD with noisy gradients: many seeded runs at once, and the exact expected loss.

The problem is :func:`lrnotes.noisy` (in :mod:`lrnotes.objectives`): any
objective whose gradient carries Gaussian noise, g(θ) = ∇J(θ) + σξ, the noise
of step t a pure function of (seed, t). This module runs it:
:func:`final_loss`, :func:`final_losses` and :func:`window_losses` make many
seeded runs in one batched call; on a quadratic, :func:`expected_loss` gives the
number their average tends to, E[J(θ_t)], exactly, from a deterministic recursion.
"""

from __future__ import annotations

import numpy as np

from lrnotes import _checks
from lrnotes.descent import minimize
from lrnotes.objectives import Objective, Quadratic, Square, noisy


def final_loss(
    objective: Objective,
    theta0,
    optimizer,
    steps: int,
    lr,
    *,
    sigma: float,
    seeds: int = 5,
    window: int = 20,
) -> float:
    """The loss a noisy run ends at: J over the last ``window`` steps, averaged over seeds.

    One noisy run's last loss is itself noisy; averaging over the last steps
    and over ``seeds`` runs (seeds 0 … seeds − 1, the same for every call)
    gives a number that two schedules can be compared by.

    Args:
        objective: the noise-free objective (its true J is what is averaged).
        theta0: the start.
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`.
        steps: the length of each run.
        lr: one rate, or a schedule, as in :func:`lrnotes.minimize` (not a batch).
        sigma: the gradient noise σ > 0.
        seeds: how many runs, ≥ 1.
        window: how many final steps to average, 1 … steps + 1.

    Returns:
        The mean loss (inf if a run diverged).

    Example:
        >>> import lrnotes
        >>> J = lrnotes.square()
        >>> big = final_loss(J, 2.0, lrnotes.SGD(), 200, 0.4, sigma=1.0)
        >>> small = final_loss(J, 2.0, lrnotes.SGD(), 200, 0.05, sigma=1.0)
        >>> bool(small < big)
        True
    """
    seeds = _checks.integer("seeds", seeds, minimum=1)
    window = _checks.window(window, steps)
    _one_rate(lr, steps)
    means = []
    for seed in range(seeds):
        run = minimize(noisy(objective, sigma, seed), theta0, optimizer, steps, lr)
        if run.diverged:
            return float("inf")
        means.append(run.losses[-window:].mean())
    return float(np.mean(means))


def final_losses(
    objective: Objective,
    theta0,
    optimizer,
    steps: int,
    lr,
    *,
    sigma: float,
    runs: int = 1000,
    seed: int = 0,
    window: int = 20,
) -> np.ndarray:
    """The end loss of each of ``runs`` noisy runs, all made by one batched call.

    Like :func:`final_loss`, but the runs are a batch of one
    :func:`lrnotes.minimize` call (the noise of step t, one column per run,
    drawn from ``default_rng([seed, t])``), and the result is one number per run:
    J averaged over its last ``window`` steps (inf for a run that diverged).
    Their mean estimates E[J] at the end; their spread gives its standard error.

    Args:
        objective: the noise-free objective.
        theta0: the start.
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`.
        steps: the length of each run.
        lr: one rate, or a schedule with one rate per step (not a batch).
        sigma: the gradient noise σ > 0.
        runs: how many runs, ≥ 2.
        seed: the seed of the noise.
        window: how many final steps to average, 1 … steps + 1.

    Returns:
        An array of shape ``(runs,)``.

    Example:
        >>> import lrnotes
        >>> ends = final_losses(lrnotes.square(), 2.0, lrnotes.SGD(), 200, 0.05, sigma=1.0)
        >>> exact = expected_loss(lrnotes.square(), 2.0, [0.05] * 200, sigma=1.0)[-20:].mean()
        >>> standard_error = ends.std(ddof=1) / len(ends) ** 0.5
        >>> ends.shape, bool(abs(ends.mean() - exact) < 4 * standard_error)
        ((1000,), True)
    """
    runs = _checks.integer("runs", runs, minimum=2)
    steps = _checks.integer("steps", steps)
    window = _checks.window(window, steps)
    _checks.fits("runs", runs, 8 * (steps + 1) * runs * 3)  # iterates, losses, rates
    table = _one_rate(lr, steps)
    batch = lambda t: np.full(runs, table[t])  # noqa: E731  (the same α_t for every run)
    run = minimize(noisy(objective, sigma, seed), theta0, optimizer, steps, batch)
    ends = run.losses[:, -window:].mean(axis=1)
    return np.where(run.diverged, np.inf, ends)


def expected_loss(objective: Objective, theta0, lrs, *, sigma: float) -> np.ndarray:
    r"""The exact expected loss E[J(θ_t)] of SGD with gradient noise on a quadratic.

    On J(θ) = ½ θᵀAθ + bᵀθ + c with gradients ∇J(θ) + σξ, write e = θ − θ* in
    the eigenvectors of A (eigenvalues λ_i). Each coordinate obeys
    e_{t+1} = (1 − α_t λ_i) e_t − α_t σ ξ_t, so its second moment
    q_i = E[e_i²] follows a deterministic recursion, and E[J] follows from it:

    .. math::
        q_{i,t+1} = (1 - \alpha_t \lambda_i)^2\, q_{i,t} + \alpha_t^2 \sigma^2,
        \qquad
        \mathbb E[J(\theta_t)] = J(\theta^*) + \tfrac12 \sum_i \lambda_i\, q_{i,t}

    No sampling, so no seed: the number a Monte Carlo average over runs tends to.

    Args:
        objective: a :func:`lrnotes.quadratic` or :func:`lrnotes.square` (λ = 2).
        theta0: the start θ_0.
        lrs: the rates α_0 … α_{T−1}, shape (T,), or (T, B) for B schedules at once.
        sigma: the noise's standard deviation σ ≥ 0 (0 gives plain GD's J(θ_t)).

    Returns:
        E[J(θ_t)] for t = 0 … T, shape (T + 1,) or (T + 1, B).

    Example:
        >>> import lrnotes
        >>> expected_loss(lrnotes.square(), 1.0, [0.25, 0.25], sigma=1.0).tolist()
        [1.0, 0.3125, 0.140625]
    """
    lam, z0, J_star = _eigen_start(objective, theta0)
    lrs = _checks.real_array("lrs", lrs)
    if lrs.ndim not in (1, 2) or np.any(lrs < 0):
        raise ValueError(f"lrs must be a 1-D or 2-D array of rates >= 0, got {lrs.tolist()!r}")
    sigma = _checks.nonnegative("sigma", sigma)
    table = lrs.reshape(len(lrs), -1)
    q = np.repeat((z0**2)[:, None], table.shape[1], axis=1)  # (n, B)
    out = np.empty((len(table) + 1, table.shape[1]))
    out[0] = 0.5 * lam @ q
    for t, alpha in enumerate(table):
        q = (1 - alpha * lam[:, None]) ** 2 * q + (alpha * sigma) ** 2
        out[t + 1] = 0.5 * lam @ q
    out += J_star
    return out if lrs.ndim == 2 else out[:, 0]


def _eigen_start(objective: Objective, theta0) -> tuple[np.ndarray, np.ndarray, float]:
    """The Hessian's eigenvalues λ_i, θ_0 − θ* in its eigenvectors, and J(θ*)."""
    if isinstance(objective, Square):
        A = np.array([[2.0]])
    elif isinstance(objective, Quadratic):
        A = objective.A
    else:
        raise TypeError(f"objective must be a quadratic or square(), got {objective!r}")
    theta0 = _checks.real_array("theta0", theta0)
    if theta0.shape != objective.shape:
        raise ValueError(f"theta0 must have shape {objective.shape}, got {theta0.tolist()!r}")
    lam, Q = np.linalg.eigh(A)
    star = np.asarray(objective.minimizer, dtype=float)
    z0 = Q.T @ (theta0 - star).reshape(-1)
    return lam, z0, float(objective.value(star))


def window_losses(
    objective: Objective,
    theta0,
    optimizer,
    ends,
    lrs,
    *,
    sigma: float,
    runs: int = 20,
    seed: int = 0,
    window: int = 20,
) -> np.ndarray:
    r"""J averaged over the ``window`` steps up to each T of ``ends``, for many noisy runs at once.

    One :func:`lrnotes.minimize` call of T = max(ends) steps runs ``runs`` seeded
    noisy runs for each rate of ``lrs`` (a batch of len(lrs) × runs; the noise of
    step t, one column per run, drawn from ``default_rng([seed, t])``), and for each run

    .. math:: \bar J_T = \frac1W \sum_{t=T-W+1}^{T} J(\theta_t), \qquad T \in \text{ends}.

    A shorter run is a prefix of the longer one, so the numbers at every T of
    ``ends`` cost one run, and their spread over the runs shows the seed noise.

    Args:
        objective: the noise-free objective.
        theta0: the start θ_0.
        optimizer: an :class:`~lrnotes.optimizers.Optimizer`.
        ends: the step counts T, each ≥ ``window`` − 1.
        lrs: a list of learning rates, each a number or a schedule t → α_t.
        sigma: the gradient noise σ > 0.
        runs: how many runs per schedule, ≥ 2.
        seed: the seed of the noise.
        window: W ≥ 1, how many iterates to average.

    Returns:
        An array of shape (len(lrs), len(ends), runs); inf for a diverged run.

    Example:
        >>> import lrnotes
        >>> J, sgd = lrnotes.square(), lrnotes.SGD()
        >>> out = window_losses(J, 2.0, sgd, [200, 400], [0.05], sigma=1.0, runs=200, window=100)
        >>> floor = 0.05 / (4 * (1 - 0.05))  # E[J] at rest: α/(4(1 − α)) on J = θ², σ = 1
        >>> out.shape, bool(abs(out[0, 1].mean() / floor - 1) < 0.1)
        ((1, 2, 200), True)
    """
    runs = _checks.integer("runs", runs, minimum=2)
    window = _checks.integer("window", window, minimum=1)
    ends = [_checks.integer("ends", T, minimum=max(window - 1, 1)) for T in np.atleast_1d(ends)]
    if isinstance(lrs, (str, bytes)) or not isinstance(lrs, (list, tuple)) or not lrs:
        raise TypeError(f"lrs must be a non-empty list of rates or schedules, got {lrs!r}")
    steps = max(ends)
    _checks.fits("runs", runs, 8 * (steps + 1) * len(lrs) * runs * 2)
    table = np.stack([_one_rate(lr, steps, f"lrs[{i}]") for i, lr in enumerate(lrs)], axis=1)
    table = np.repeat(table, runs, axis=1)  # (steps, len(lrs) × runs)
    run = minimize(noisy(objective, sigma, seed), theta0, optimizer, steps, lambda t: table[t])
    means = np.stack([run.losses[:, T - window + 1 : T + 1].mean(axis=1) for T in ends], axis=1)
    means = np.where(np.asarray(run.diverged)[:, None], np.inf, means)
    return means.reshape(len(lrs), runs, len(ends)).transpose(0, 2, 1)


def _one_rate(lr, steps: int, name: str = "lr") -> np.ndarray:
    """The rates α_0 … α_{steps−1} of one run, from a number or a schedule (not a batch).

    One more entry follows, unused, so that a table of ``steps=0`` still has a row 0.
    """
    if callable(lr):
        table = np.array([_checks.real_array(f"{name}({t})", lr(t)) for t in range(steps)])
        if table.ndim != 1:
            raise TypeError(f"{name} must give one rate per step, not a batch, got {lr!r}")
        if np.any(table < 0):
            raise ValueError(f"{name}(t) must be >= 0, got {table.tolist()!r}")
        return np.append(table, 0.0)  # and a rate for t = steps, never used
    rate = _checks.learning_rates(name, lr)
    if rate.ndim:
        raise TypeError(f"{name} must be one rate, not a batch, got {lr!r}")
    return np.full(steps + 1, float(rate))
