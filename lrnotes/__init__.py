"""lrnotes: the companion package of *Learning Rate, Explained*.

Every number and figure in the book comes from here, and every function here is
tested. The chapters import it as ``import lrnotes``.
"""

# lrnotes.plotting needs matplotlib, so it is imported by name: from lrnotes import plotting
from lrnotes import (
    applications,
    datasets,
    linesearch,
    models,
    numdiff,
    plateau,
    regression,
    response,
    schedules,
    sklearn_sgd,
    stability,
    stochastic,
    theory,
    tuning,
)
from lrnotes.descent import Status, Trajectory, gradient_descent, minimize
from lrnotes.linesearch import backtracking_line_search
from lrnotes.models import logistic_regression, minibatch, two_layer_net
from lrnotes.objectives import (
    DiagonalQuadratic,
    DoubleWell,
    Objective,
    Quadratic,
    Rosenbrock,
    Square,
    diagonal_quadratic,
    double_well,
    quadratic,
    rosenbrock,
    square,
)
from lrnotes.optimizers import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop
from lrnotes.plateau import reduce_on_plateau
from lrnotes.response import effective_lr
from lrnotes.tuning import grid_search, lr_range_test, random_search

__version__ = "0.1.0"

__all__ = [
    "applications",
    "datasets",
    "models",
    "numdiff",
    "stochastic",
    "sklearn_sgd",
    "logistic_regression",
    "two_layer_net",
    "minibatch",
    "DiagonalQuadratic",
    "diagonal_quadratic",
    "DoubleWell",
    "double_well",
    "SGD",
    "Objective",
    "Optimizer",
    "Quadratic",
    "Rosenbrock",
    "Square",
    "Trajectory",
    "Status",
    "gradient_descent",
    "minimize",
    "quadratic",
    "rosenbrock",
    "square",
    "regression",
    "stability",
    "linesearch",
    "backtracking_line_search",
    "tuning",
    "grid_search",
    "random_search",
    "lr_range_test",
    "theory",
    "Adagrad",
    "RMSprop",
    "Adam",
    "AdamW",
    "schedules",
    "plateau",
    "reduce_on_plateau",
    "response",
    "effective_lr",
]
