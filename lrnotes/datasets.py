r"""Real data for the applications chapter: a seeded, standardized held-out split.

The data ship inside scikit-learn (no download at run time). Features are
standardized with the *training* rows' mean and standard deviation only,

.. math:: x' = (x - \mu_{\text{train}}) / \sigma_{\text{train}},

so nothing about the held-out rows leaks into training.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lrnotes import _checks


@dataclass(frozen=True)
class Split:
    """Training and held-out rows, standardized; labels are 0 or 1."""

    name: str
    X_train: np.ndarray = field(repr=False)
    y_train: np.ndarray = field(repr=False)
    X_test: np.ndarray = field(repr=False)
    y_test: np.ndarray = field(repr=False)
    feature_names: tuple[str, ...] = field(default=(), repr=False)

    def summary(self) -> str:
        """One line: sizes and the share of label 1 in each part."""
        return (
            f"{self.name}: {self.X_train.shape[1]} features, "
            f"{len(self.y_train)} training rows ({self.y_train.mean():.1%} label 1), "
            f"{len(self.y_test)} held-out rows ({self.y_test.mean():.1%} label 1)"
        )


def standardized_split(
    features, labels, test_fraction: float = 0.25, seed: int = 0, name: str = "data"
) -> Split:
    """Shuffle with ``default_rng(seed)``, hold out a fraction, standardize by the training rows.

    Args:
        features: an n×d real matrix.
        labels: n labels, each 0 or 1.
        test_fraction: the share of rows held out, in (0, 1); rounded down, at least 1 row.
        seed: an integer ≥ 0.
        name: a label for the summary.

    Example:
        >>> s = standardized_split(np.arange(20.0).reshape(10, 2), [0, 1] * 5, 0.3, seed=0)
        >>> s.X_train.shape, s.X_test.shape, bool(abs(s.X_train.mean()) < 1e-12)
        ((7, 2), (3, 2), True)
    """
    X = _checks.real_array("features", features, ndim=2)
    y = _checks.real_array("labels", labels, ndim=1)
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"labels must have one entry per row of features ({X.shape[0]}), got shape {y.shape}"
        )
    test_fraction = _checks.in_interval("test_fraction", test_fraction, 0.0, 1.0)
    seed = _checks.integer("seed", seed)
    n = len(y)
    n_test = max(1, int(n * test_fraction))
    if n_test >= n:
        raise ValueError(f"test_fraction={test_fraction!r} leaves no training rows out of {n}")
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    mean = X[train].mean(axis=0)
    std = X[train].std(axis=0)
    std[std == 0] = 1.0  # a constant column stays 0 instead of dividing by zero
    return Split(
        name=name,
        X_train=(X[train] - mean) / std,
        y_train=y[train],
        X_test=(X[test] - mean) / std,
        y_test=y[test],
    )


def breast_cancer(test_fraction: float = 0.25, seed: int = 0) -> Split:
    """The Wisconsin breast cancer data bundled with scikit-learn, split and standardized.

    569 tumours, 30 features computed from images of cell nuclei; label 1 is
    benign, 0 malignant (scikit-learn's coding).

    Example:
        >>> breast_cancer().X_train.shape
        (427, 30)
    """
    from sklearn.datasets import load_breast_cancer  # optional dependency: only this chapter

    data = load_breast_cancer()
    split = standardized_split(data.data, data.target, test_fraction, seed, "breast cancer")
    return Split(
        name=split.name,
        X_train=split.X_train,
        y_train=split.y_train,
        X_test=split.X_test,
        y_test=split.y_test,
        feature_names=tuple(str(f) for f in data.feature_names),
    )
