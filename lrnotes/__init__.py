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

# Every module is an attribute (lrnotes.schedules, lrnotes.tuning, ...; importing
# lrnotes.descent below makes it one too), except
# lrnotes.plotting and lrnotes.widgets, which need matplotlib and ipywidgets and
# are imported by name: from lrnotes import plotting.
from lrnotes import (
    applications,
    catalogue,
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
    tables,
    theory,
    tuning,
)
from lrnotes.descent import Status, Trajectory, gradient_descent, minimize
from lrnotes.models import logistic_regression, minibatch, two_layer_net
from lrnotes.objectives import (
    Objective,
    diagonal_quadratic,
    double_well,
    noisy,
    quadratic,
    rosenbrock,
    square,
)
from lrnotes.optimizers import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop

__version__ = "0.1.0"

# The everyday names, one spelling each; everything else is reached through its
# module (lrnotes.tuning.grid_search, lrnotes.objectives.Quadratic for isinstance).
__all__ = [
    # the loop and what it returns
    "minimize",
    "gradient_descent",
    "Trajectory",
    "Status",
    # how to step
    "Optimizer",
    "SGD",
    "Adagrad",
    "RMSprop",
    "Adam",
    "AdamW",
    # what to minimize
    "Objective",
    "square",
    "quadratic",
    "diagonal_quadratic",
    "rosenbrock",
    "double_well",
    "noisy",
    "minibatch",
    "logistic_regression",
    "two_layer_net",
]

LAYERS = {
    "problems and rules": ["_checks", "objectives", "models", "datasets", "regression",
                           "numdiff", "optimizers", "schedules", "plateau", "catalogue"],
    "loop": ["descent", "linesearch"],
    "analysis": ["theory", "stability", "sharpness", "response"],
    "experiments": ["stochastic", "tuning", "applications", "sklearn_sgd"],
    "presentation": ["style", "tables", "plotting", "static", "widgets", "sources"],
}  # fmt: skip
