import numpy as np
import pytest

from lrnotes import datasets


def test_split_is_seeded_standardized_on_training_rows_only():
    X = np.arange(40.0).reshape(20, 2) ** 1.5
    y = np.tile([0.0, 1.0], 10)
    a = datasets.standardized_split(X, y, 0.25, seed=3)
    b = datasets.standardized_split(X, y, 0.25, seed=3)
    np.testing.assert_array_equal(a.X_test, b.X_test)
    assert a.X_train.shape == (15, 2) and a.X_test.shape == (5, 2)
    np.testing.assert_allclose(a.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(a.X_train.std(axis=0), 1.0, rtol=1e-12)
    assert not np.allclose(a.X_test.mean(axis=0), 0.0)  # held-out rows keep their offset
    c = datasets.standardized_split(X, y, 0.25, seed=4)
    assert not np.array_equal(a.X_test, c.X_test)


def test_breast_cancer_is_bundled():
    s = datasets.breast_cancer()
    assert s.X_train.shape == (427, 30) and s.X_test.shape == (142, 30)
    assert set(np.unique(s.y_train)) == {0.0, 1.0} and len(s.feature_names) == 30
    assert "427 training rows" in s.summary()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"test_fraction": 1.0}, "test_fraction"),
        ({"test_fraction": 0.0}, "test_fraction"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        datasets.standardized_split(np.ones((4, 2)), [0, 1, 0, 1], **kwargs)
    with pytest.raises(ValueError, match="labels"):
        datasets.standardized_split(np.ones((4, 2)), [0, 1, 0])
