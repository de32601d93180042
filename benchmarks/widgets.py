"""How long a live slider takes, from a new value to the redrawn figure (target: < 50 ms median).

Run: .venv/bin/python benchmarks/widgets.py   (part of `make bench`, never of `make test`)

For each exploration it sets the ipywidgets slider from Python, as the kernel does when the
front end sends a new value, and times the synchronous callback: lrnotes computes the run, the
persistent figure's artists get the new data, Agg redraws and the PNG reaches the Image widget.
What it does not time: the message to and from the browser and the browser's decoding of the
PNG (both outside the kernel, a few ms on localhost).

For comparison, the two usual ways of redrawing in an Output widget, measured on the same
figure: a new pyplot figure per value (what `interact` with plt.show() does) and the same
persistent figure re-rendered the way the inline backend displays it (savefig with
bbox_inches="tight"); both also pay a clear_output(wait=True), not included here.
"""

from __future__ import annotations

import io
import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from lrnotes import static, widgets  # noqa: E402

REPEATS = 40


def times_ms(fn, values) -> list[float]:
    out = []
    for v in values:
        start = time.perf_counter()
        fn(v)
        out.append(1e3 * (time.perf_counter() - start))
    return out


def report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    print(f"  {name:<46} median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms")


def values_for(slider: widgets.Slider) -> list[float]:
    grid = np.asarray(slider.grid)
    if slider.step is None:
        return [float(v) for v in np.resize(grid, REPEATS)]
    # values between the grid points too: a live slider computes any value
    return [float(v) for v in np.linspace(grid[0], grid[-1], REPEATS)]


MAKERS = {
    "explore_lr": widgets.explore_lr,
    "explore_theta0": widgets.explore_theta0,
    "explore_lr_quadratic": widgets.explore_lr_quadratic,
    "explore_momentum": widgets.explore_momentum,
    "explore_adam": widgets.explore_adam,
    "explore_schedule('step_decay')": lambda: widgets.explore_schedule("step_decay"),
}
BUDGET_MS = 50.0


def rows() -> list[tuple[str, str, str, str]]:
    """Section 3 of `make bench`: median ms from a new slider value to the redrawn figure."""
    out = []
    for name, make in MAKERS.items():
        exp = make()
        exp.widget()
        slider = exp.sliders[0]
        control = exp.controls[slider.name]

        def move(v, control=control):
            control.value = v

        values = values_for(slider)
        times_ms(move, values[:3])  # warm up
        median = statistics.median(times_ms(move, values))
        verdict = "ok" if median < BUDGET_MS else "OVER BUDGET"
        out.append((f"slider: {name} ({slider.label})", f"{median:.1f} ms", "< 50 ms", verdict))
    return out


def main() -> None:
    print(
        f"live slider update, {REPEATS} values each, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    for name, make in MAKERS.items():
        exp = make()
        exp.widget()
        slider = exp.sliders[0]
        control = exp.controls[slider.name]
        values = values_for(slider)
        print(f"{name} ({slider.label})")

        def move(v, control=control):
            control.value = v

        times_ms(move, values[:3])  # warm up
        report("Image widget, set_data + Agg + PNG (ours)", times_ms(move, values))
        report(
            "  of which lrnotes run only",
            times_ms(lambda v, e=exp, n=slider.name: e.run({**e.values, n: v}), values),
        )

        def tight(v, exp=exp, name=slider.name):
            exp.update(**{name: v})
            exp.figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")

        report("Output widget, same figure, inline-style PNG", times_ms(tight, values))

        def fresh(v, exp=exp, name=slider.name):
            fig = plt.figure(figsize=exp.figsize, dpi=widgets.DPI, layout="constrained")
            view = exp.draw(fig)
            values_now = {**exp.values, name: v}
            view.show(exp.run(values_now), values_now, exp.caption(values_now))
            fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
            plt.close(fig)

        report("Output widget, new pyplot figure per value", times_ms(fresh, values[:10]))

        def frame(v, exp=exp):
            exp._render(exp.figure, exp.view)
            static.png(exp.figure, draw=False)

        report("one static frame (blit + 64-colour PNG)", times_ms(frame, values[:10]))


if __name__ == "__main__":
    main()
