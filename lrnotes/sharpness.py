r"""Sharpness along a gradient-descent run: the edge of stability on a tiny network.

The sharpness of J at θ is the largest eigenvalue of its Hessian, λ_max(∇²J(θ)).
On a quadratic it is L, the same everywhere, and gradient descent at rate α is
stable exactly when L < 2/α. On a network it changes as θ moves: Cohen et al.
(2021) report that full-batch gradient descent drives it up until it reaches
about 2/α and then holds it there (the *edge of stability*) while the loss
keeps falling, though not monotonically. :func:`sine_net` is a network small
enough that its Hessian is measured exactly enough by central differences
(:func:`lrnotes.numdiff.hessian`) at every checkpoint of a run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrnotes import _checks
from lrnotes.numdiff import hessian


@dataclass(frozen=True)
class SineNet:
    """A one-input tanh network fitted to sin(2x) by mean squared error.

    .. math::
        f(x) = w^\\top \\tanh(x W + b) + c, \\qquad
        J(\\theta) = \\frac{1}{2n} \\sum_i (f(x_i) - \\sin 2x_i)^2

    θ is the flat vector (W, b, w, c) of size 3h + 1.

    Attributes:
        x: the n inputs, evenly spaced on [−2, 2].
        y: the targets sin(2x).
        theta0: the seeded start, drawn as PyTorch's ``nn.Linear`` draws it.
    """

    x: np.ndarray
    y: np.ndarray
    theta0: np.ndarray

    def loss_and_grad(self, theta) -> tuple[float, np.ndarray]:
        """J(θ) and ∇J(θ), by backpropagation."""
        h = (len(theta) - 1) // 3
        W, b, w, c = theta[:h], theta[h : 2 * h], theta[2 * h : 3 * h], theta[-1]
        H = np.tanh(np.outer(self.x, W) + b)
        r = (H @ w + c - self.y) / len(self.x)  # ∂J/∂f(x_i)
        back = np.outer(r, w) * (1 - H**2)
        grad = np.concatenate([self.x @ back, back.sum(0), H.T @ r, [r.sum()]])
        return 0.5 * len(self.x) * float(r @ r), grad

    def grad(self, theta) -> np.ndarray:
        """∇J(θ)."""
        return self.loss_and_grad(theta)[1]


def sine_net(n: int = 20, hidden: int = 20, seed: int = 0) -> SineNet:
    """The network of :class:`SineNet` on ``n`` points, with ``hidden`` tanh units.

    Example:
        >>> net = sine_net()
        >>> net.theta0.shape, round(net.loss_and_grad(net.theta0)[0], 4)
        ((61,), 0.3517)
    """
    n = _checks.integer("n", n, minimum=2)
    hidden = _checks.integer("hidden", hidden, minimum=1)
    rng = np.random.default_rng(_checks.integer("seed", seed))
    x = np.linspace(-2.0, 2.0, n)
    first = rng.uniform(-1, 1, size=2 * hidden)  # fan-in 1
    second = rng.uniform(-1, 1, size=hidden + 1) / np.sqrt(hidden)
    return SineNet(x=x, y=np.sin(2 * x), theta0=np.concatenate([first, second]))


def sharpness(grad: Callable[[np.ndarray], np.ndarray], theta, h: float = 1e-5) -> float:
    r"""λ_max(∇²J(θ)), from the central-difference Hessian of ``grad``, symmetrized.

    Example:
        >>> round(sharpness(lambda t: np.diag([1.0, 10.0]) @ t, [3.0, -1.0]), 6)
        10.0
    """
    H = hessian(grad, theta, h)
    return float(np.linalg.eigvalsh((H + H.T) / 2)[-1])


@dataclass(frozen=True)
class SharpnessRun:
    """A gradient-descent run with its loss at every step and its sharpness at checkpoints.

    Attributes:
        lr: the rate α.
        losses: J(θ_0) … J(θ_steps).
        checkpoints: the steps at which the sharpness was measured.
        sharpness: λ_max(∇²J) at those steps.
    """

    lr: float
    losses: np.ndarray
    checkpoints: np.ndarray
    sharpness: np.ndarray


def track(net: SineNet, lr: float, steps: int, every: int) -> SharpnessRun:
    r"""Full-batch gradient descent θ_{t+1} = θ_t − α∇J(θ_t) from ``net.theta0``.

    Args:
        net: the network (anything with ``theta0`` and ``loss_and_grad``).
        lr: α > 0.
        steps: the number of updates.
        every: measure the sharpness at steps 0, every, 2·every, … ≤ steps.

    Raises:
        ValueError: if J exceeds 10⁶·J(θ_0) (the run diverged).

    Example:
        >>> run = track(sine_net(), 0.05, 20, every=10)
        >>> run.checkpoints.tolist(), bool(run.losses[-1] < run.losses[0])
        ([0, 10, 20], True)
    """
    lr = _checks.positive("lr", lr)
    steps = _checks.integer("steps", steps, minimum=1)
    every = _checks.integer("every", every, minimum=1)
    theta, losses, marks = np.array(net.theta0, dtype=float), [], []
    for t in range(steps + 1):
        loss, grad = net.loss_and_grad(theta)
        if not loss <= 1e6 * max(losses[:1], default=loss):
            raise ValueError(f"the run diverged at step {t} with lr={lr!r}: J = {loss:.3g}")
        losses.append(loss)
        if t % every == 0:
            marks.append(sharpness(net.grad, theta))
        theta = theta - lr * grad
    return SharpnessRun(lr, np.array(losses), np.arange(0, steps + 1, every), np.array(marks))
