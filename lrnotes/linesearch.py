r"""Backtracking line search: let the objective choose α at every step.

At θ_t with gradient g = ∇J(θ_t), try α = α₀, then α₀ρ, α₀ρ², … and take the
first α that decreases J by at least a fraction c of what the slope promises
(the Armijo, or sufficient-decrease, condition):

.. math::
    J(\theta_t - \alpha g) \le J(\theta_t) - c\, \alpha\, \lVert g \rVert^2 .

No learning rate has to be tuned by hand; the price is one or more extra
evaluations of J per step. Every evaluation is counted, so the cost can be set
against a tuned fixed rate.

References:
    L. Armijo, "Minimization of functions having Lipschitz continuous first
    partial derivatives", Pacific J. Math. 16(1), 1966.
    J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
    2006, Algorithm 3.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrnotes import _checks
from lrnotes.descent import Status, Trajectory
from lrnotes.models import Minibatch
from lrnotes.objectives import Objective


@dataclass(frozen=True)
class LineSearchTrajectory(Trajectory):
    """A :class:`~lrnotes.descent.Trajectory` with the line search's bill.

    ``lrs[t]`` is the α accepted at step t; ``backtracks[t]`` how many times it
    was shrunk. Up to step k the search used k gradients and
    1 + k + sum(backtracks[:k]) values of J (the 1 is J(θ_0)); the totals are
    ``grad_evals`` and ``value_evals`` (a gradient at a final, converged θ
    counts too).
    """

    backtracks: np.ndarray
    grad_evals: int
    value_evals: int

    def grad_evals_until(self, step: int) -> int:
        """Gradients needed to reach θ_step: one per step."""
        return int(step)

    def value_evals_until(self, step: int) -> int:
        """Values of J needed to reach θ_step."""
        return int(1 + step + np.sum(self.backtracks[:step]))


def armijo_step(
    objective: Objective,
    theta: np.ndarray,
    loss: float,
    grad: np.ndarray,
    lr0: float = 1.0,
    rho: float = 0.5,
    c: float = 1e-4,
    max_backtracks: int = 60,
) -> tuple[float, np.ndarray, float, int]:
    r"""One backtracking search from θ along −∇J(θ) (no argument checks: a building block).

    Returns:
        ``(alpha, new_theta, new_loss, backtracks)``; alpha is NaN when no
        α = α₀ρ^k with k ≤ ``max_backtracks`` satisfied the condition.

    Example:
        >>> import lrnotes
        >>> J = lrnotes.square()
        >>> alpha, new, new_loss, k = armijo_step(J, 2.0, 4.0, 4.0)
        >>> alpha, float(new), k
        (0.5, 0.0, 1)
    """
    slope = float(np.sum(grad * grad))
    alpha = lr0
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(max_backtracks + 1):
            new = theta - alpha * grad
            new_loss = float(objective._value(new))
            if new_loss <= loss - c * alpha * slope:  # False for NaN
                return alpha, new, new_loss, k
            alpha *= rho
    return float("nan"), theta, loss, max_backtracks


def backtracking_line_search(
    objective: Objective,
    theta0,
    steps: int,
    lr0: float = 1.0,
    rho: float = 0.5,
    c: float = 1e-4,
    *,
    tol: float = 0.0,
    max_backtracks: int = 60,
) -> LineSearchTrajectory:
    r"""Gradient descent whose rate α_t is found by backtracking at every step.

    .. math::
        \theta_{t+1} = \theta_t - \alpha_t \nabla J(\theta_t), \qquad
        \alpha_t = \alpha_0 \rho^{k_t},\;
        k_t = \min\{k : J(\theta_t - \alpha_0\rho^k \nabla J) \le
        J(\theta_t) - c\,\alpha_0\rho^k \lVert\nabla J\rVert^2\}

    Args:
        objective: what to minimize.
        theta0: the start θ_0.
        steps: the most steps to take, an integer ≥ 0.
        lr0: the first trial α₀ > 0 at every step.
        rho: the shrink factor ρ in (0, 1).
        c: the sufficient-decrease constant c in (0, 1).
        tol: stop once ‖∇J(θ_t)‖ ≤ tol.
        max_backtracks: give up (and stop, saying so) when every trial
            α = α₀ρ^k, k ≤ max_backtracks, has J(θ − αg) > J(θ) − cα‖g‖².
            A step too small to change J passes (J(θ − αg) = J(θ), and
            cα‖g‖² is lost in rounding J(θ) − cα‖g‖²), so with g = ∇J this
            needs J(θ − αg) to round above J(θ) at every trial.

    Returns:
        A :class:`LineSearchTrajectory`; its ``status`` is completed, converged
        (``reason``: "converged: …") or stopped ("line search failed: …"), never
        diverged (the Armijo condition never lets J increase).

    Example:
        >>> import lrnotes
        >>> run = backtracking_line_search(lrnotes.square(), 2.0, steps=3)
        >>> run.thetas.tolist(), run.lrs.tolist(), run.value_evals
        ([2.0, 0.0], [0.5], 3)
    """
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be an lrnotes objective, got {objective!r}")
    theta = objective.check_theta(theta0, "theta0")
    if theta.shape != objective.shape:
        raise ValueError(f"theta0 must have shape {objective.shape}, got shape {theta.shape}")
    steps = _checks.integer("steps", steps)
    lr0 = _checks.positive("lr0", lr0)
    rho = _checks.in_interval("rho", rho, 0.0, 1.0)
    c = _checks.in_interval("c", c, 0.0, 1.0)
    tol = _checks.nonnegative("tol", tol)
    max_backtracks = _checks.integer("max_backtracks", max_backtracks)

    loss = float(objective._value(theta))
    thetas, losses, lrs, backtracks = [theta], [loss], [], []
    values, grads, reason, status = 1, 0, "completed", Status.COMPLETED
    for t in range(steps):
        g = objective._grad_at(theta, t)
        grads += 1
        gnorm = float(np.sqrt(np.sum(g * g)))
        if gnorm <= tol:
            reason = f"converged: ‖∇J(θ)‖ = {gnorm:.3g} <= tol = {tol:.3g} at step {t}"
            status = Status.CONVERGED
            break
        alpha, theta, loss, k = armijo_step(objective, theta, loss, g, lr0, rho, c, max_backtracks)
        values += k + 1
        if np.isnan(alpha):
            reason = (
                f"line search failed: no α >= {lr0 * rho**max_backtracks:.3g} decreased J "
                f"enough at step {t}"
            )
            status = Status.STOPPED
            break
        thetas.append(theta)
        losses.append(loss)
        lrs.append(alpha)
        backtracks.append(k)
    return LineSearchTrajectory(
        thetas=np.array(thetas),
        losses=np.array(losses),
        lrs=np.array(lrs),
        status=status,
        stop_step=len(lrs),
        reason=reason,
        backtracks=np.array(backtracks, dtype=int),
        grad_evals=grads,
        value_evals=values,
    )


def minibatch_line_search(
    objective,
    theta0,
    steps: int,
    lr0: float = 1.0,
    rho: float = 0.5,
    c: float = 1e-4,
    *,
    exact_value: bool = False,
    max_backtracks: int = 60,
) -> LineSearchTrajectory:
    r"""Backtracking with minibatch gradients: the Armijo test on the batch's loss, or on J.

    Step t takes g_t = ∇J_{B_t}(θ_t) on the rows B_t of
    :meth:`~lrnotes.models.Minibatch.rows` and the first α = α₀ρ^k with

    .. math::
        F(\theta_t - \alpha g_t) \le F(\theta_t) - c\,\alpha\,\lVert g_t \rVert^2,

    where F = J_{B_t}, the loss of the same minibatch (the only loss a training
    loop can afford), or F = J, the full loss, if ``exact_value``. −g_t need not
    be a descent direction of J: then α shrinks until the step is lost in
    rounding, where F(θ_t − αg_t) comes out equal to F(θ_t) (or just below)
    and the right side rounds to F(θ_t), so a tiny α is accepted: the step is
    skipped in effect. Only if every trial has F(θ_t − αg_t) > F(θ_t) − cα‖g_t‖² does
    no α pass; the step is then skipped outright (α_t = 0).

    Args:
        objective: a :func:`lrnotes.minibatch` objective.
        theta0: the start θ_0.
        steps: the number of steps.
        lr0, rho, c, max_backtracks: as in :func:`backtracking_line_search`.
        exact_value: test the full J instead of the minibatch's loss.

    Returns:
        A :class:`LineSearchTrajectory` whose ``losses`` are the full J(θ_t)
        (for the page, not seen by the search) and ``value_evals`` the
        evaluations of F: F(θ_t) on each new batch plus one per trial
        (``value_evals_until`` does not apply).

    Example:
        >>> import lrnotes
        >>> J = lrnotes.logistic_regression([[1.0], [2.0], [-1.0], [-2.0]], [1, 1, 0, 0])
        >>> run = minibatch_line_search(lrnotes.minibatch(J, 2, seed=0), [0.0, 0.0], steps=3)
        >>> run.lrs.tolist(), run.value_evals
        ([1.0, 1.0, 1.0], 6)
    """
    if not isinstance(objective, Minibatch):
        raise TypeError(f"objective must be an lrnotes.minibatch objective, got {objective!r}")
    theta = objective.check_theta(theta0, "theta0")
    steps = _checks.integer("steps", steps)
    lr0 = _checks.positive("lr0", lr0)
    rho = _checks.in_interval("rho", rho, 0.0, 1.0)
    c = _checks.in_interval("c", c, 0.0, 1.0)
    max_backtracks = _checks.integer("max_backtracks", max_backtracks)
    model = objective.base
    thetas, losses, lrs, backtracks, values = [theta], [float(model._value(theta))], [], [], 0
    for t in range(steps):
        rows = objective.rows(t)
        g = objective.grad_at(theta, t)
        test = model if exact_value else _OnRows(model, rows)
        alpha, theta, _, k = armijo_step(
            test, theta, float(test._value(theta)), g, lr0, rho, c, max_backtracks
        )
        values += k + 2
        thetas.append(theta)
        losses.append(float(model._value(theta)))
        lrs.append(0.0 if np.isnan(alpha) else alpha)
        backtracks.append(k)
    return LineSearchTrajectory(
        thetas=np.array(thetas),
        losses=np.array(losses),
        lrs=np.array(lrs),
        status=Status.COMPLETED,
        stop_step=steps,
        reason="completed",
        backtracks=np.array(backtracks, dtype=int),
        grad_evals=steps,
        value_evals=values,
    )


@dataclass(frozen=True)
class _OnRows:
    """The loss of a classifier on some of its rows, as :func:`armijo_step` calls it."""

    model: object
    rows: np.ndarray

    def _value(self, theta):
        return self.model._value_on(
            theta, self.model.features[self.rows], self.model.labels[self.rows]
        )
