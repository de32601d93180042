"""Record PyTorch's numbers once, for the tests to compare lrnotes against.

PyTorch is not a dependency of lrnotes or of its tests; this script is run by
hand, in an environment that has it, and its output is committed:

    python3 -m venv /tmp/torchenv
    /tmp/torchenv/bin/pip install torch==2.13.0 numpy
    /tmp/torchenv/bin/python tests/data/make_torch_reference.py

It writes tests/data/torch_reference.json: trajectories of every torch.optim
optimizer that lrnotes has (float64, on a quadratic and on Rosenbrock), the
learning rates of every torch.optim.lr_scheduler that an lrnotes schedule
claims to equal (built from the schedule's own ``torch`` field), a few runs
that combine the two, and ReduceLROnPlateau on fixed loss sequences.
The numpy in that environment is used only to build the lrnotes schedules
whose PyTorch equivalents are recorded.
"""

import json
import sys
import warnings
from pathlib import Path

try:
    import torch
    from torch.optim import lr_scheduler
except ImportError:  # pytest's doctest collection imports this file where torch is absent
    torch = lr_scheduler = None

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from lrnotes import catalogue, schedules  # noqa: E402

OUT = Path(__file__).with_name("torch_reference.json")

A = [[10.0, 2.0], [2.0, 1.0]]
B = [1.0, -1.0]
OBJECTIVES = {
    # J(θ) = ½ θᵀAθ + bᵀθ, as lrnotes.quadratic(A, b)
    "quadratic": (
        lambda x: 0.5 * x @ torch.tensor(A) @ x + torch.tensor(B) @ x,
        [1.5, -2.0],
    ),
    # J(θ) = (1 − x)² + 100 (y − x²)², as lrnotes.rosenbrock()
    "rosenbrock": (lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2, [-1.5, 2.0]),
}

OPTIMIZERS = [
    ("SGD", {"lr": 0.001}),
    ("SGD", {"lr": 0.0005, "momentum": 0.9}),
    ("SGD", {"lr": 0.0005, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.0005, "momentum": 0.8, "nesterov": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.5}),
    (
        "Adagrad",
        {"lr": 0.5, "lr_decay": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.5},
    ),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5}),
    ("RMSprop", {"lr": 0.01, "centered": True, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.005, "centered": True, "momentum": 0.9, "eps": 1e-4}),
    ("Adam", {}),
    ("Adam", {"lr": 0.1}),
    ("Adam", {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.1, "weight_decay": 0.5}),
    ("AdamW", {"lr": 0.05, "betas": [0.5, 0.9], "eps": 1e-3, "weight_decay": 0.0}),
]

EXTRA_SCHEDULES = [
    "0.3 * constant()",
    "1.0 * step_decay(step_size=1, gamma=0.5)",
    "0.2 * step_decay(step_size=7, gamma=1.0)",
    "0.2 * multistep_decay(milestones=[1, 2, 50], gamma=0.3)",
    "2.0 * exponential_decay(gamma=1.0)",
    "0.1 * polynomial_decay(total_steps=10, power=1.0)",
    "0.1 * polynomial_decay(total_steps=37, power=0.5)",
    "0.1 * linear(start_factor=0.1, end_factor=1.0, total_steps=20)",
    "0.1 * linear(start_factor=1.0, end_factor=0.0, total_steps=1)",
    "0.5 * cosine_decay(t_max=7, lr_min=0.0)",
    "0.5 * cosine_decay(t_max=1, lr_min=0.1)",
    "0.5 * cosine_restarts(t_0=7, t_mult=1, lr_min=0.0)",
    "0.5 * cosine_restarts(t_0=1, t_mult=3, lr_min=0.05)",
    "0.5 * warmup_cosine(warmup_steps=1, total_steps=2, start_factor=1.0, lr_min=0.0)",
    "0.5 * warmup_cosine(warmup_steps=7, total_steps=30, start_factor=0.5, lr_min=0.01)",
    "one_cycle(max_lr=1.0, total_steps=10, pct_start=0.5, div_factor=10.0)",
    "one_cycle(max_lr=0.5, total_steps=37, pct_start=0.1, div_factor=5.0, "
    "final_div_factor=100.0, three_phase=True)",
    "one_cycle(max_lr=0.5, total_steps=9, pct_start=0.45, three_phase=True)",
    "cyclic(base_lr=0.1, max_lr=1.0, step_size_up=1, mode='triangular')",
    "cyclic(base_lr=0.1, max_lr=1.0, step_size_up=3, mode='triangular2', step_size_down=1)",
]

# (optimizer, its kwargs, lrnotes schedule, objective, steps)
COMBINED = [
    (
        "SGD",
        {"lr": 0.05, "momentum": 0.9},
        "0.05 * step_decay(step_size=10, gamma=0.5)",
        "quadratic",
        40,
    ),
    (
        "Adam",
        {"lr": 0.1},
        "0.1 * warmup_cosine(warmup_steps=5, total_steps=40, start_factor=0.1, lr_min=0.001)",
        "rosenbrock",
        40,
    ),
    (
        "AdamW",
        {"lr": 0.1, "weight_decay": 0.3},
        "one_cycle(max_lr=0.1, total_steps=40)",
        "quadratic",
        40,
    ),
    (
        "RMSprop",
        {"lr": 0.01, "momentum": 0.5},
        "0.01 * cosine_restarts(t_0=5, t_mult=2)",
        "rosenbrock",
        40,
    ),
    (
        "Adagrad",
        {"lr": 0.5},
        "cyclic(base_lr=0.05, max_lr=0.5, step_size_up=4, mode='triangular2')",
        "quadratic",
        40,
    ),
]

PLATEAU_LOSSES = [
    10,
    9,
    8,
    8,
    8.0005,
    8,
    8,
    7.9999,
    8,
    8,
    8,
    8,
    8,
    7,
    7,
    7,
    7,
    7,
    7,
    7,
    6.9,
    6.9,
    6.9,
    6.9,
    6.9,
    6.9,
    float("nan"),
    6,
    6,
    6,
    6,
    6,
    6,
    6,
    6,
    6,
]
PLATEAU = [
    {},
    {"factor": 0.5, "patience": 2},
    {"factor": 0.5, "patience": 1, "cooldown": 2},
    {"factor": 0.1, "patience": 0, "min_lr": 0.002},
    {"factor": 0.5, "patience": 1, "threshold": 0.5, "threshold_mode": "abs"},
    {"factor": 0.5, "patience": 1, "mode": "max"},
    {"factor": 0.5, "patience": 0, "threshold": 0.01, "threshold_mode": "rel", "cooldown": 1},
    {"factor": 0.9, "patience": 0, "eps": 0.05},
]


def run_optimizer(name, kwargs, objective, steps, schedule=None):
    f, theta0 = OBJECTIVES[objective]
    p = torch.tensor(theta0, requires_grad=True)
    opt = getattr(torch.optim, name)(
        [p], **{k: tuple(v) if k == "betas" else v for k, v in kwargs.items()}
    )
    sched = scheduler(opt, schedule) if schedule else None
    thetas, lrs = [p.detach().tolist()], []
    for _ in range(steps):
        opt.zero_grad()
        f(p).backward()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched is not None:
            sched.step()
        thetas.append(p.detach().tolist())
    return thetas, lrs


def scheduler(opt, schedule):
    ns = {"optimizer": opt, **{k: getattr(lr_scheduler, k) for k in dir(lr_scheduler)}}
    return eval(schedule.torch, ns) if schedule.torch else None


def schedule_lrs(schedule, n):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=schedule.torch_lr)
    sched = scheduler(opt, schedule)
    lrs = []
    for t in range(n):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched is not None and t < n - 1:
            sched.step()
    return lrs


def build(call):
    return eval(call, vars(schedules))


def main():
    torch.set_default_dtype(torch.float64)
    warnings.simplefilter("ignore")
    data = {"torch": torch.__version__, "dtype": "float64"}
    data["objectives"] = {
        "quadratic": {"A": A, "b": B, "theta0": OBJECTIVES["quadratic"][1]},
        "rosenbrock": {"a": 1.0, "b": 100.0, "theta0": OBJECTIVES["rosenbrock"][1]},
    }
    data["optimizers"] = []
    for name, kwargs in OPTIMIZERS:
        for objective in OBJECTIVES:
            thetas, _ = run_optimizer(name, kwargs, objective, 30)
            data["optimizers"].append(
                {"optimizer": name, "kwargs": kwargs, "objective": objective, "thetas": thetas}
            )
    data["schedules"] = []
    for call in [repr(s) for s in catalogue.schedules()] + EXTRA_SCHEDULES:
        s = build(call)
        n = s.last_step + 1 if s.last_step is not None else 150
        data["schedules"].append(
            {"lrnotes": call, "torch": s.torch, "torch_lr": s.torch_lr, "lrs": schedule_lrs(s, n)}
        )
    data["combined"] = []
    for name, kwargs, call, objective, steps in COMBINED:
        thetas, lrs = run_optimizer(name, kwargs, objective, steps, build(call))
        data["combined"].append(
            {
                "optimizer": name,
                "kwargs": kwargs,
                "schedule": call,
                "objective": objective,
                "thetas": thetas,
                "lrs": lrs,
            }
        )
    data["plateau"] = []
    for kwargs in PLATEAU:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        sched = lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
        lrs = []
        for loss in PLATEAU_LOSSES:
            opt.step()
            sched.step(loss)
            lrs.append(opt.param_groups[0]["lr"])
        data["plateau"].append({"lr": 0.1, "kwargs": kwargs, "losses": PLATEAU_LOSSES, "lrs": lrs})
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(data['optimizers'])} optimizer runs, "
        f"{len(data['schedules'])} schedules, {len(data['combined'])} combined runs, "
        f"{len(data['plateau'])} plateau runs (torch {torch.__version__})"
    )


if __name__ == "__main__":
    main()
