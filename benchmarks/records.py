"""Benchmark: millions of workers from the record tables an HR system exports (issue 14).

Each figure is what a user pays, measured in a fresh child process (so its peak RSS is the whole
process: interpreter, Polars, the tables, the facts, the answers):

- ``decide``: 1,000,000 workers read from a folder of Parquet record tables, facts derived in
  columns, next-grade decisions with the deciding routes (target ≤ 5 s, ≤ 2 GB).
- ``compare-tables``: baseline vs a one-parameter reform from the same folder (≤ 6 s, ≤ 2 GB).
- ``compare-frame``: the same comparison from a facts frame already in memory — read from Parquet
  before the clock starts (≤ 1 s and ≤ 600 MB for the whole process).
- Both comparisons run twice: as ``compare`` is called by default (keeping the per-subject table of
  issue 16) and with ``subjects=False`` (what the command does).
- ``big`` (``--big N``): N workers (10,000,000 for the target) generated to Parquet and compared
  chunk by chunk (peak RSS ≤ 4 GB), with and without the per-subject table (about 80 bytes a
  subject: 0.8 GB for 10,000,000).

Wall times are medians of ``--repeat`` runs (≥ 5 by default), each in its own process. Run::

    python benchmarks/records.py                 # --n 1000000 --repeat 5
    python benchmarks/records.py --big 10000000  # adds the 10M run (about 2 minutes more)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ON = dt.date(2026, 11, 21)
POLICY = "gd-2025"
PARAM = "t2023.technician.after_senior_years"


def _peak_mb() -> float:
    """The process's peak resident set (VmHWM), in MB. (``ru_maxrss`` would carry the parent's
    high-water mark over ``exec``.)"""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e3  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def child(mode: str, folder: str) -> None:
    """One timed run, printed as JSON: seconds, peak RSS (MB), and a checksum of the answer."""
    import polars as pl

    import skilleco
    from skilleco import columnar
    from skilleco.population import read_records, scan_records

    base = skilleco.load_policy(POLICY)
    reform = base.with_changes({PARAM: 4}, label="4 years")
    mode, _, lean = mode.partition("+")
    subjects = lean != "no-subjects"  # the default keeps the per-subject table (issue 16)
    if mode == "compare-frame":
        frame = pl.read_parquet(Path(folder) / "facts.parquet")
        t = time.perf_counter()
        c = skilleco.compare(frame, "next_grade", baseline=base, reform=reform, on=ON, subjects=subjects)
        seconds, check = time.perf_counter() - t, [len(c.flips), c.rows]
    elif mode == "decide":
        t = time.perf_counter()
        tables = read_records(folder)
        # As compare does: the workers' templates first, then only the facts of their rule sets.
        first = columnar.facts_frame(tables, "next_grade", on=ON, policy=base, names=["occupation_edition"])
        names = columnar.required_facts(
            "next_grade", policy=base, editions=columnar.frame_editions(first, "next_grade")
        )
        facts = columnar.facts_frame(tables, "next_grade", on=ON, policy=base, names=names)
        out = columnar.evaluate(facts, "next_grade", policy=base, on=ON, findings=False, check=False)
        seconds = time.perf_counter() - t
        check = [out.height, int((out["status"] == "eligible").sum()), int(out["deciding"].list.len().sum())]
    elif mode == "compare-tables":
        t = time.perf_counter()
        c = skilleco.compare(
            read_records(folder), "next_grade", baseline=base, reform=reform, on=ON, subjects=subjects
        )
        seconds, check = time.perf_counter() - t, [len(c.flips), c.rows]
    elif mode == "big":
        t = time.perf_counter()
        c = skilleco.compare(
            scan_records(folder), "next_grade", baseline=base, reform=reform, on=ON, subjects=subjects
        )
        seconds, check = time.perf_counter() - t, [len(c.flips), c.rows]
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "check": check}))


def _run(mode: str, folder: Path, repeat: int) -> tuple[float, float, list[object]]:
    times, peaks, checks = [], [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--folder", str(folder)],
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


def _line(name: str, seconds: float, peak: float, target: str, check: list[object]) -> None:
    print(f"{name:<44} {seconds:7.2f} s  {peak:7.0f} MB peak   target {target:<18} {check}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--big", type=int, default=0, help="also N workers compared chunk by chunk")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.folder)
        return

    import polars as pl

    import skilleco
    from skilleco import columnar
    from skilleco.population import read_records
    from skilleco.population.synthetic_tables import write_worker_tables

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"polars {pl.__version__}, skilleco {skilleco.__version__}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tables"
        t = time.perf_counter()
        write_worker_tables(folder, args.n, seed=2026, on=ON)
        size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        print(f"generated {args.n:,} workers to Parquet in {time.perf_counter() - t:.1f} s ({size:.0f} MB)")
        base = skilleco.load_policy(POLICY)
        names = list(
            dict.fromkeys(
                columnar.required_facts("next_grade", policy=base)
                + columnar.required_facts("next_grade", policy=base.with_changes({PARAM: 4}, label="r"))
            )
        )
        facts = columnar.facts_frame(read_records(folder), "next_grade", on=ON, policy=base, names=names)
        facts_dir = Path(tmp) / "facts"
        facts_dir.mkdir()
        facts.write_parquet(facts_dir / "facts.parquet")
        del facts
        print(f"medians of {args.repeat} runs, each in a fresh process; peak RSS of the whole process")
        s, p, c = _run("decide", folder, args.repeat)
        _line(f"{args.n:,} workers: tables -> decisions + routes", s, p, "≤ 5 s, ≤ 2 GB", c)
        s, p, c = _run("compare-tables", folder, args.repeat)
        _line(f"{args.n:,} workers: compare from tables", s, p, "≤ 6 s, ≤ 2 GB", c)
        s, p, c = _run("compare-tables+no-subjects", folder, args.repeat)
        _line("  the same, subjects=False", s, p, "≤ 6 s, ≤ 2 GB", c)
        s, p, c = _run("compare-frame", facts_dir, args.repeat)
        _line(f"{args.n:,} workers: compare from a facts frame", s, p, "≤ 1 s, ≤ 600 MB", c)
        s, p, c = _run("compare-frame+no-subjects", facts_dir, args.repeat)
        _line("  the same, subjects=False", s, p, "≤ 1 s, ≤ 600 MB", c)
        if args.big:
            big = Path(tmp) / "big"
            t = time.perf_counter()
            write_worker_tables(big, args.big, seed=2026, on=ON)
            print(f"generated {args.big:,} workers to Parquet in {time.perf_counter() - t:.1f} s")
            s, p, c = _run("big", big, 1)
            _line(f"{args.big:,} workers: compare, chunk by chunk", s, p, "peak ≤ 4 GB", c)
            s, p, c = _run("big+no-subjects", big, 1)
            _line("  the same, subjects=False", s, p, "peak ≤ 4 GB", c)


if __name__ == "__main__":
    main()
