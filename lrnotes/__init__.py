"""lrnotes: the companion package of *Learning Rate, Explained*.

Every number and figure in the book comes from here, and every function here is
tested. The chapters import it as ``import lrnotes``.

The modules stand in layers (``LAYERS``), and a module imports only from its own
layer or those below it (``tests/test_layers.py`` checks the import graph):

1. problems and rules: what to minimize (objectives, models, datasets), how to
   step (optimizers), which rate (schedules, plateau), and small maths on them;
2. the loop that runs them: descent (``minimize``), linesearch;
3. analysis: the quadratic theory and the measurements it predicts;
4. experiments: the searches and sweeps the chapters run;
5. presentation: figures, live explorations, the PyTorch translations, text.
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
    noisy,
    quadratic,
    rosenbrock,
    square,
)
from lrnotes.optimizers import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop
from lrnotes.plateau import reduce_on_plateau
from lrnotes.response import effective_lr
from lrnotes.tuning import grid_search, lr_range_test, random_search

__version__ = "0.1.0"

LAYERS = {
    "problems and rules": ["_checks", "objectives", "models", "datasets", "regression",
                           "numdiff", "optimizers", "schedules", "plateau"],
    "loop": ["descent", "linesearch"],
    "analysis": ["theory", "stability", "sharpness", "response"],
    "experiments": ["stochastic", "tuning", "applications", "sklearn_sgd"],
    "presentation": ["plotting", "static", "widgets", "sources"],
}  # fmt: skip

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
    "noisy",
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
