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
