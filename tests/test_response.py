"""response: what optimizers do with given gradients, against the closed forms."""

import numpy as np
import pytest

import lrnotes
from lrnotes import response


def test_plain_sgd_effective_rate_is_alpha():
    g = np.random.default_rng(0).normal(size=(20, 3))
    np.testing.assert_allclose(response.effective_lr(lrnotes.SGD(), g, lr=0.3), 0.3, rtol=1e-15)


def test_momentum_tends_to_alpha_over_one_minus_mu():
    eff = response.effective_lr(lrnotes.SGD(momentum=0.9), np.ones(200), lr=0.1)
    np.testing.assert_allclose(eff, 0.1 * (1 - 0.9 ** np.arange(1, 201)) / 0.1, rtol=1e-12)
    assert eff[-1] == pytest.approx(1.0, rel=1e-8)


def test_adagrad_decays_like_one_over_sqrt_t_and_rmsprop_does_not():
    g = np.full(1000, 3.0)
    ada = response.effective_lr(lrnotes.Adagrad(), g, lr=0.01)
    np.testing.assert_allclose(ada, 0.01 / (3 * np.sqrt(np.arange(1, 1001))), rtol=1e-8)
    rms = response.effective_lr(lrnotes.RMSprop(), g, lr=0.01)
    t = np.arange(1, 1001)
    np.testing.assert_allclose(rms, 0.01 / (3 * np.sqrt(1 - 0.99**t)), rtol=1e-7)


def test_adam_step_is_alpha_whatever_the_gradient_scale():
    for scale in (1e-3, 1.0, 1e3):
        steps = response.updates(lrnotes.Adam(), np.full(50, scale), lr=1e-3)
        np.testing.assert_allclose(steps, -1e-3, rtol=1e-4)


def test_weight_decay_sees_the_moving_theta():
    # g = 0 from the loss, so SGD's only force is λθ: θ_{t+1} = (1 − αλ) θ_t
    steps = response.updates(lrnotes.SGD(weight_decay=0.5), np.zeros(3), lr=0.1, theta0=1.0)
    np.testing.assert_allclose(steps, [-0.05, -0.0475, -0.045125])


def test_bad_input():
    with pytest.raises(TypeError, match="optimizer"):
        response.updates("sgd", [1.0], lr=0.1)
    with pytest.raises(TypeError, match="lr must be a single number"):
        response.updates(lrnotes.SGD(), [1.0], lr=np.array([0.1, 0.2]))
    with pytest.raises(ValueError, match="lr must be > 0"):
        response.updates(lrnotes.SGD(), [1.0], lr=0.0)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'lr'"):
        response.updates(lrnotes.SGD(), [1.0])
    with pytest.raises(ValueError, match="grads"):
        response.updates(lrnotes.SGD(), [], lr=0.1)
    with pytest.raises(ValueError, match="zero"):
        response.effective_lr(lrnotes.SGD(), [1.0, 0.0], lr=0.1)
