"""Benchmark 1 of issue 5: next-grade eligibility, skilleco columnar vs OpenFisca, same rows.

Superseded for issue 14 by ``race_openfisca.py`` (equal output on both sides, conversion timed,
medians, and a race from record tables). Here OpenFisca still returns only
``next_grade_eligible``, which the encoding now reads off its three-valued ``next_grade_status``.

Run in the OpenFisca venv (``benchmarks/requirements-openfisca.txt``)::

    benchmarks/.venv-openfisca/bin/python benchmarks/columnar_vs_openfisca.py --n 1000000

Deriving facts from worker models costs about 100 µs a worker, so the facts of ``--base``
synthetic workers are derived once and the frame is tiled to ``--n`` rows with distinct
``subject_id``s. Then, best of ``--repeat`` (the sides take turns, so load on a shared machine
falls on both alike):

(a) ``skilleco.columnar.evaluate(frame, "next_grade", policy=..., on=...)`` — status, the deciding
    routes per row, missing facts, one column per rule;
(b) the OpenFisca system of ``openfisca_ladder.py`` (built once, not timed): a simulation built from
    numpy arrays (timed) computing ``next_grade_eligible`` (timed).

Peak memory is measured once per side in a fresh child process that reads the same frame from
Parquet: the rise of the peak resident set over the resident set before the call. Then the
agreement check: OpenFisca's ``next_grade_eligible`` equals skilleco's ``status == "eligible"`` on
every row (and ``next_grade`` equals skilleco's ``target``). ``POLARS_MAX_THREADS`` sets
skilleco's thread count; OpenFisca's formulas run on one thread.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import inspect
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

# A sibling file, not a package: importable once its folder is on the path.
from openfisca_ladder import LadderSystem, build_simulation, input_arrays

from skilleco import columnar
from skilleco.ladder import GRADES
from skilleco.population import synthetic

HERE = Path(__file__).resolve().parent
SIDES = ("skilleco", "openfisca")


# --- measuring -------------------------------------------------------------------------------------------


def _status_kib(field: str) -> int | None:
    """A field of /proc/self/status in KiB (``VmRSS``, ``VmHWM``), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_rise_kib(run: Callable[[], Any]) -> int | None:
    """Run once; the peak resident set's rise over the resident set before (Linux ≥ 4.0 only)."""
    gc.collect()
    before = _status_kib("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident set
    except OSError:
        return None
    run()
    peak = _status_kib("VmHWM")
    return None if before is None or peak is None else peak - before


def machine() -> dict[str, Any]:
    """What the figures were measured on, and the state of the skilleco source measured."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "polars_threads": pl.thread_pool_size(),
        "numpy": np.__version__,
        "openfisca_core": version("openfisca-core"),
        "skilleco": version("skilleco"),
        "skilleco_source": _source_state(),
    }


def _source_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", ":(top)src")
    return f"{commit}{' + uncommitted changes in src/' if dirty else ''}"


# --- the two sides -----------------------------------------------------------------------------------------


def population(n: int, base: int, seed: int, on: _dt.date) -> pl.DataFrame:
    """Facts of ``base`` synthetic workers tiled to ``n`` rows with distinct subject ids."""
    frame = columnar.facts_frame(synthetic.workers(min(base, n), seed=seed, on=on), "next_grade", on=on)
    copies = -(-n // frame.height)
    tiles = [frame.with_columns(pl.col("subject_id") + f"~{i}") for i in range(copies)]
    return pl.concat(tiles).head(n)


# skilleco's reference variants: leaving out what OpenFisca does not return either (where the API
# has the option; the headline is the default call).
VARIANTS: dict[str, dict[str, bool]] = {
    "skilleco_no_findings": {"findings": False},
    "skilleco_status_only": {"explain": False, "findings": False},
}


def runners(frame: pl.DataFrame, policy: str, on: _dt.date) -> dict[str, Callable[[], Any]]:
    """The timed calls: skilleco's default call, OpenFisca, and the reference variants."""
    system = LadderSystem(policy)
    arrays = input_arrays(frame, system)

    def skilleco(**options: bool) -> Callable[[], pl.DataFrame]:
        return lambda: columnar.evaluate(frame, "next_grade", policy=policy, on=on, **options)

    def openfisca() -> tuple[np.ndarray, Any]:
        sim = build_simulation(system, arrays, on=on)
        return sim.calculate("next_grade_eligible", on.isoformat()), sim

    out = {"skilleco": skilleco(), "openfisca": openfisca}
    accepted = inspect.signature(columnar.evaluate).parameters
    for name, options in VARIANTS.items():
        if all(k in accepted for k in options):
            out[name] = skilleco(**options)
    return out


def child(side: str, frame_path: Path, policy: str, on: _dt.date) -> int:
    """The memory run of one side, in a process of its own: prints the figure as JSON."""
    frame = pl.read_parquet(frame_path)
    run = runners(frame, policy, on)[side]
    runners(frame.head(100), policy, on)[side]()  # warm up: imports, policy loading
    print(json.dumps({"side": side, "peak_rise_kib": peak_rise_kib(run)}))
    return 0


def memory(frame: pl.DataFrame, sides: list[str], policy: str, on: _dt.date) -> dict[str, int | None]:
    """Peak-RSS rise of each side, each measured in a fresh child process."""
    out: dict[str, int | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "facts.parquet"
        frame.write_parquet(path)
        for side in sides:
            cmd = [sys.executable, __file__, "--child", side, "--frame", str(path), "--policy", policy]
            done = subprocess.run([*cmd, "--on", on.isoformat()], capture_output=True, text=True, check=True)
            out[side] = json.loads(done.stdout.strip().splitlines()[-1])["peak_rise_kib"]
    return out


def agreement(out: pl.DataFrame, eligible: np.ndarray, next_grade: np.ndarray) -> dict[str, Any]:
    """Row-by-row comparison of skilleco's answers with OpenFisca's."""
    sk = (out["status"] == "eligible").to_numpy()
    ranks = {g.id: g.rank for g in GRADES}
    target = out["target"].replace_strict(ranks, default=0, return_dtype=pl.Int32).to_numpy()
    differ = np.nonzero(sk != eligible)[0]
    examples = out[differ[:5].tolist()].select("subject_id", "status", "target", "deciding", "missing_facts")
    return {
        "rows": out.height,
        "eligible_skilleco": int(sk.sum()),
        "eligible_openfisca": int(eligible.sum()),
        "undetermined_skilleco": int((out["status"] == "undetermined").sum()),
        "eligibility_differs": len(differ),
        "next_grade_differs": int((target != next_grade).sum()),
        "examples": examples.to_dicts(),
    }


# --- the report --------------------------------------------------------------------------------------------

LABELS = {
    "skilleco": "skilleco columnar.evaluate (with deciding)",
    "openfisca": "OpenFisca Simulation (build + calculate)",
    "skilleco_no_findings": "  skilleco findings=False (deciding kept)",
    "skilleco_status_only": "  skilleco explain=False, findings=False",
}


def report(rows: int, best: dict[str, float], mem: dict[str, int | None], check: dict[str, Any]) -> None:
    """Print the figures."""
    print(f"\n{'side':<46}{'rows':>11}{'best s':>9}{'rows/s':>13}{'peak +RSS':>12}")
    for side, secs in best.items():
        rise = mem.get(side)
        peak = "n/a" if rise is None else f"{rise / 1024:,.0f} MiB"
        print(f"{LABELS[side]:<46}{rows:>11,}{secs:>9.3f}{rows / secs:>13,.0f}{peak:>12}")
    ratio = best["openfisca"] / best["skilleco"]
    verdict = "met" if ratio >= 2 else f"missed by {2 / ratio:.1f}x"
    print(f"\nratio skilleco/OpenFisca throughput: {ratio:.2f}x (target >= 2x: {verdict})")
    print("skilleco returned the deciding routes per row: yes (column deciding, a list of rule ids)")
    print("OpenFisca returned next_grade_eligible only (its route variables stay in its cache)")
    same = check["eligibility_differs"] == 0 and check["next_grade_differs"] == 0
    print(
        f"agreement: {'IDENTICAL' if same else 'DIFFERENT'} on {rows:,} rows: eligible "
        f"{check['eligible_skilleco']:,} (skilleco) vs {check['eligible_openfisca']:,} (OpenFisca); "
        f"eligibility differs on {check['eligibility_differs']:,} rows, next grade on "
        f"{check['next_grade_differs']:,}; undetermined in skilleco (not eligible on either side): "
        f"{check['undetermined_skilleco']:,}"
    )
    for ex in check["examples"]:
        print("  differs:", ex)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures (and write them as JSON with ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="rows (default 1,000,000)")
    ap.add_argument("--base", type=int, default=50_000, help="distinct workers whose facts are derived")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--on", type=_dt.date.fromisoformat, default=_dt.date(2026, 11, 21))
    ap.add_argument("--policy", default="gd-2025")
    ap.add_argument("--repeat", type=int, default=3, help="runs per side; the best is reported")
    ap.add_argument("--no-memory", action="store_true", help="skip the child processes measuring memory")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--child", choices=[*SIDES, *VARIANTS], help=argparse.SUPPRESS)
    ap.add_argument("--frame", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child, args.frame, args.policy, args.on)
    on = args.on

    info = machine()
    print("machine:", ", ".join(f"{k}={v}" for k, v in info.items()))
    start = time.perf_counter()
    frame = population(args.n, args.base, args.seed, on)
    distinct = min(args.base, args.n)
    print(
        f"population: facts of {distinct:,} synthetic workers (seed={args.seed}, on={on}) derived with "
        f"columnar.facts_frame, tiled x{-(-args.n // distinct)} to {frame.height:,} rows with distinct "
        f"subject_ids ({time.perf_counter() - start:.1f} s, not timed)"
    )
    start = time.perf_counter()
    run = runners(frame, args.policy, on)
    print(
        f"OpenFisca: tax-benefit system built once and inputs converted to numpy arrays "
        f"({time.perf_counter() - start:.2f} s, not timed)"
    )

    best = dict.fromkeys(run, float("inf"))
    results: dict[str, Any] = {}
    for _ in range(args.repeat):
        for side, call in run.items():
            results[side] = None
            gc.collect()
            start = time.perf_counter()
            results[side] = call()
            best[side] = min(best[side], time.perf_counter() - start)
    out, (eligible, sim) = results["skilleco"], results["openfisca"]
    check = agreement(out, eligible, sim.calculate("next_grade", on.isoformat()))
    results.clear()
    del out, sim, eligible
    mem = {} if args.no_memory else memory(frame, list(run), args.policy, on)
    report(frame.height, best, mem, check)
    if args.json:
        figures = {
            "machine": info,
            "rows": frame.height,
            "distinct_workers": distinct,
            "seconds": best,
            "rows_per_s": {k: frame.height / v for k, v in best.items()},
            "peak_rss_rise_kib": mem,
            "ratio": best["openfisca"] / best["skilleco"],
            "agreement": check,
        }
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0 if check["eligibility_differs"] == 0 and check["next_grade_differs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
