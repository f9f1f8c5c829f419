"""Benchmark: the scalar path, one worker at a time, each figure beside its target (issue 5).

Targets on the reference machine (2 cores):

- ``assess_grade(worker, "technician", policy="cn-2025", on=...)`` with full findings: ≤ 20 µs from
  a validated ``Worker``, ≤ 60 µs from a plain dict (validation included);
- building a one-parameter reform with ``Policy.with_changes``: ≤ 1 ms;
- ``import skilleco``: ≤ 300 ms (in a fresh interpreter).

The worker is the bundled example (``skilleco/examples/worker.json``): a senior worker (三级) for
whom 技师 is out of reach until 2026-09-15, so the decision is ``ineligible`` and carries an
earliest date — the full decision includes the earliest-date search. "Without the search" is the
same decision with the search switched off (``earliest_date`` left empty), as a what-if count asks
it. Messages are written when first read: "… + every message read" reads them all (``to_json``).

Each figure is the best of ``--repeat`` timings (``timeit``, after a warm-up), per call. Run::

    python benchmarks/scalar.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import timeit
from collections.abc import Callable
from importlib import resources
from typing import Any

import skilleco
from skilleco.ladder import grade
from skilleco.models import Worker
from skilleco.questions.grades import _decide_grade, _setup

ON = dt.date(2026, 3, 14)
POLICY = "cn-2025"
PARAM = "t2023.technician.after_senior_years"
HEAVY = ("polars", "pandas", "pyarrow", "numpy", "matplotlib", "hypothesis", "pytest")


def best_us(fn: Callable[[], object], repeat: int, budget: float = 0.05) -> float:
    """The best of ``repeat`` timings of ``fn``, in µs per call; each timing runs about ``budget`` s."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()  # also the warm-up
    number = max(1, int(number * budget / 0.2))
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e6


def import_ms(repeat: int) -> tuple[float, list[str]]:
    """The best of ``repeat`` times to ``import skilleco`` in a fresh interpreter (ms), and the heavy
    optional modules that import pulled in (there should be none)."""
    code = (
        "import sys, time; t = time.perf_counter(); import skilleco; t = time.perf_counter() - t; "
        f"heavy = [m for m in {list(HEAVY)!r} if m in sys.modules]; "
        "import json; print(json.dumps([t, heavy]))"
    )
    best, heavy = float("inf"), []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        seconds, heavy = json.loads(out.stdout)
        best = min(best, seconds * 1e3)
    return best, heavy


def example_worker() -> dict[str, Any]:
    """The bundled example worker, as a plain dict."""
    text = resources.files("skilleco.examples").joinpath("worker.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def without_search(data: Worker | dict[str, Any], target: str) -> skilleco.Decision:
    """``assess_grade`` with the earliest-date search switched off (the what-if questions' call)."""
    w, pol, day = _setup(data, POLICY, ON)
    return _decide_grade(w, pol, grade(target), day, None, with_earliest=False)


Row = tuple[str, float, float | None, str]


def rows(repeat: int) -> list[Row]:
    """``(what, measured, target, unit)``, one per measure."""
    data = example_worker()
    model = Worker.model_validate(data)
    pol = skilleco.load_policy(POLICY)
    full = skilleco.assess_grade(model, "technician", policy=POLICY, on=ON)
    assert full.status == "ineligible", full
    assert full.earliest_date == dt.date(2026, 9, 15), full
    assert without_search(model, "technician").earliest_date is None
    n_profile = len(skilleco.grade_profile(model, policy=POLICY, on=ON).decisions)
    out: list[Row] = []

    def add(
        what: str, fn: Callable[[], object], target: float | None, unit: str = "µs", per: int = 1
    ) -> None:
        scale = 1e-3 if unit == "ms" else 1.0
        out.append((what, best_us(fn, repeat) * scale / per, target, unit))

    def assess(worker: Worker | dict[str, Any], target: str = "technician") -> Callable[[], object]:
        return lambda: skilleco.assess_grade(worker, target, policy=POLICY, on=ON)

    add("assess_grade technician, Worker model (full decision)", assess(model), 20)
    add("  without the earliest-date search", lambda: without_search(model, "technician"), 20)
    add(
        "  full decision + every message read (to_json)",
        lambda: skilleco.assess_grade(model, "technician", policy=POLICY, on=ON).to_json(),
        None,
    )
    add("assess_grade technician, plain dict (validation incl.)", assess(data), 60)
    add("  without the earliest-date search", lambda: without_search(data, "technician"), 60)
    add("  of which Worker.model_validate(dict)", lambda: Worker.model_validate(data), None)
    add("assess_grade senior (eligible, no search), Worker model", assess(model, "senior"), 20)
    add(
        f"grade_profile, per decision ({n_profile} decisions)",
        lambda: skilleco.grade_profile(model, policy=POLICY, on=ON),
        20,
        per=n_profile,
    )
    add("Policy.with_changes, one parameter", lambda: pol.with_changes({PARAM: 4}, label="wait 4"), 1, "ms")
    cold = _cold_us(pol, model, repeat)
    out.append(("  first decision under a new reform (plans built)", cold, None, "µs"))
    return out


def _cold_us(pol: skilleco.Policy, model: Worker, repeat: int) -> float:
    """A decision under a reform just built, less the building: what building the plans costs."""

    def cold() -> None:
        reform = pol.with_changes({PARAM: 4}, label="wait 4")
        skilleco.assess_grade(model, "technician", policy=reform, on=ON)

    return best_us(cold, repeat) - best_us(lambda: pol.with_changes({PARAM: 4}, label="wait 4"), repeat)


def main(argv: list[str] | None = None) -> None:
    """Print the machine, then one row per measure: the figure, its target and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timings per measure; the best counts")
    args = parser.parse_args(argv)
    print(f"skilleco {skilleco.__version__} scalar path, policy {POLICY}, on {ON.isoformat()}")
    print(
        f"machine: {platform.platform()}; {platform.processor() or platform.machine()}; "
        f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    print()
    print(f"{'measure':58s} {'best':>9s} {'target':>8s} {'ratio':>6s}")
    measured = rows(args.repeat)
    ms, heavy = import_ms(5)
    measured.append(("import skilleco (fresh interpreter, best of 5)", ms, 300, "ms"))
    for what, value, target, unit in measured:
        goal = f"{target:g} {unit}" if target is not None else ""
        ratio = f"{value / target:.2f}" if target is not None else ""
        print(f"{what:58s} {value:6.1f} {unit:2s} {goal:>8s} {ratio:>6s}")
    print()
    print(f"heavy optional modules imported by `import skilleco`: {', '.join(heavy) or 'none'}")
    print("ratio = measured / target (≤ 1.00 meets it); figures are per call, best of", args.repeat)


if __name__ == "__main__":
    main()
