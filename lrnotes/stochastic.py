r"""Noisy gradients: an objective whose gradient is measured with noise, as in SGD.

With minibatches, an optimizer never sees ∇J(θ) itself but an unbiased
estimate of it. :func:`noisy` wraps any objective so that its gradient is

.. math:: g(\theta) = \nabla J(\theta) + \sigma \xi, \qquad \xi \sim \mathcal N(0, I)

while its value stays the true J(θ), the number a chapter plots. The noise
comes from a seeded generator owned by the wrapper: a fresh ``noisy(J, σ,
seed)`` replays the same noise, so runs that each get their own wrapper with
the same seed meet the same noise (a fair comparison).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lrnotes import _checks
from lrnotes.objectives import Objective


@dataclass(frozen=True)
class Noisy(Objective):
    """An objective whose gradient carries Gaussian noise of standard deviation σ."""

    base: Objective | None = field(default=None, repr=False)
    sigma: float = 0.0
    rng: np.random.Generator | None = field(default=None, repr=False, compare=False)

    def _value(self, X):
        return self.base._value(X)

    def _grad(self, X):
        return self.base._grad(X) + self.sigma * self.rng.standard_normal(X.shape)


def noisy(objective: Objective, sigma: float, seed: int = 0) -> Noisy:
    """Wrap ``objective`` so that its gradient is ∇J(θ) + σξ, ξ standard normal.

    Args:
        objective: the objective whose gradient to disturb.
        sigma: σ > 0, the noise's standard deviation per coordinate.
        seed: the seed of the noise.

    Returns:
        A :class:`Noisy` objective with the same value, shape, minimizer and L.

    Example:
        >>> import lrnotes
        >>> J = noisy(lrnotes.square(), sigma=1.0, seed=0)
        >>> float(J.value(2.0)), round(float(J.grad(2.0)), 4)
        (4.0, 4.1257)
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be an lrnotes objective, got {objective!r}")
    sigma = _checks.positive("sigma", sigma)
    seed = _checks.integer("seed", seed)
    return Noisy(
        name=f"{objective.name} with gradient noise σ = {sigma:g}",
        shape=objective.shape,
        minimizer=objective.minimizer,
        L=objective.L,
        base=objective,
        sigma=sigma,
        rng=np.random.default_rng(seed),
    )


def final_loss(
    objective: Objective,
    theta0,
    optimizer,
    steps: int,
    schedule=None,
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
        optimizer: an :class:`~lrnotes.optimizers.Optimizer` with one rate.
        steps: the length of each run.
        schedule: optional, as in :func:`lrnotes.minimize`.
        sigma: the gradient noise σ > 0.
        seeds: how many runs, ≥ 1.
        window: how many final steps to average, 1 … steps + 1.

    Returns:
        The mean loss (inf if a run diverged).

    Example:
        >>> import lrnotes
        >>> J = lrnotes.square()
        >>> big = final_loss(J, 2.0, lrnotes.SGD(0.4), 200, sigma=1.0)
        >>> small = final_loss(J, 2.0, lrnotes.SGD(0.05), 200, sigma=1.0)
        >>> bool(small < big)
        True
    """
    from lrnotes.descent import minimize

    seeds = _checks.integer("seeds", seeds, minimum=1)
    window = _checks.integer("window", window, minimum=1)
    if window > steps + 1:
        raise ValueError(f"window must be <= steps + 1 = {steps + 1}, got {window}")
    means = []
    for seed in range(seeds):
        run = minimize(noisy(objective, sigma, seed), theta0, optimizer, steps, schedule)
        if run.diverged:
            return float("inf")
        means.append(run.losses[-window:].mean())
    return float(np.mean(means))
