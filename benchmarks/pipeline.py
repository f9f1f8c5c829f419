"""Benchmark: the pipeline of a population (issue 17) from the record tables an HR system exports.

Each figure is measured in a fresh child process from a folder of Parquet record tables (reading,
the walk over 21 quarterly looks with facts derived in columns at each, and the sums):

- ``pipeline``: one policy, eligible by grade and route over five years.
- ``compare``: baseline vs a one-parameter reform (``t2023.technician.after_senior_years`` 5 → 4).
- ``scalar``: the same one-policy pipeline by the scalar walk on the first ``--scalar`` workers,
  for the ratio per worker.

The issue sets no time target for the pipeline; the figures say what it costs. Run::

    python benchmarks/pipeline.py                # --n 100000 --repeat 3
    python benchmarks/pipeline.py --n 1000000 --repeat 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from records import _peak_mb  # the same peak RSS reading as the records benchmark

ON = dt.date(2026, 11, 21)
POLICY = "gd-2025"
PARAM = "t2023.technician.after_senior_years"


def child(mode: str, folder: str, scalar: int) -> None:
    """One timed run, printed as JSON: seconds, peak RSS (MB), and a checksum of the answer."""
    import skilleco
    from skilleco.population import read_records

    base = skilleco.load_policy(POLICY)
    reform = base.with_changes({PARAM: 4}, label="4 years")
    t = time.perf_counter()
    if mode == "pipeline":
        p = skilleco.pipeline(folder, policy=base, on=ON)
        check = [p.rows, *(round(g.eligible[-1]) for g in p.grades)]
    elif mode == "compare":
        c = skilleco.compare_pipeline(folder, baseline=base, reform=reform, on=ON)
        check = [c.baseline.rows, *(m.earlier_rows for m in c.moved)]
    elif mode == "scalar":
        people = read_records(folder).to_workers()[:scalar]
        t = time.perf_counter()
        p = skilleco.pipeline(people, policy=base, on=ON, engine="scalar")
        check = [p.rows, *(round(g.eligible[-1]) for g in p.grades)]
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps({"seconds": time.perf_counter() - t, "peak_mb": _peak_mb(), "check": check}))


def _run(mode: str, folder: Path, repeat: int, scalar: int) -> tuple[float, float, list[object]]:
    times, peaks, checks = [], [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--folder", str(folder), "--scalar", str(scalar)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        times.append(r["seconds"])
        peaks.append(r["peak_mb"])
        checks.append(r["check"])
    if any(c != checks[0] for c in checks):
        raise SystemExit(f"{mode}: runs disagree: {checks}")
    return statistics.median(times), max(peaks), checks[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scalar", type=int, default=2_000, help="workers for the scalar walk")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.folder, args.scalar)
        return

    import polars as pl

    import skilleco
    from skilleco.population.synthetic_tables import write_worker_tables

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"polars {pl.__version__}, skilleco {skilleco.__version__}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tables"
        write_worker_tables(folder, args.n, seed=2026, on=ON)
        print(f"{args.n:,} workers in Parquet record tables; 21 looks (every 3 months, 5 years)")
        print(f"medians of {args.repeat} runs, each in a fresh process; peak RSS of the whole process")
        rates = {}
        small = min(args.scalar, args.n)
        for mode, label, n in (
            ("pipeline", f"{args.n:,} workers: pipeline, one policy", args.n),
            ("compare", f"{args.n:,} workers: pipeline, baseline vs reform", args.n),
            ("scalar", f"{small:,} workers: scalar walk, one policy", small),
        ):
            s, p, c = _run(mode, folder, args.repeat, args.scalar)
            rates[mode] = s / n * 1e6
            print(f"{label:<48} {s:7.2f} s  {p:7.0f} MB peak  {rates[mode]:8.1f} µs/worker  {c}")
        print(f"columnar vs scalar, one policy, per worker: {rates['scalar'] / rates['pipeline']:.1f}×")


if __name__ == "__main__":
    main()
