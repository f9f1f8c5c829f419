"""Benchmark 3: ``compare`` of a baseline and a one-parameter reform over 1,000,000 workers.

Targets (issue 5): the comparison ≤ 1 s, peak memory ≤ 600 MB, building the reform ≤ 1 ms.

The population is a facts frame: facts are derived for ``--base`` synthetic workers (about
100 µs each) and the frame is tiled to ``--n`` rows with distinct ids — the evaluator's work per row
does not depend on where the rows came from. Run::

    python benchmarks/compare.py            # --n 1000000 --base 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import resource
import sys
import time

import polars as pl

import skilleco
from skilleco import columnar
from skilleco.population import synthetic

ON = dt.date(2026, 11, 21)
PARAM = "t2023.technician.after_senior_years"


def _rss_mb() -> float:
    """The current resident set size (Linux /proc), in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--base", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"polars {pl.__version__}, skilleco {skilleco.__version__}"
    )

    t = time.perf_counter()
    seed_frame = columnar.facts_frame(synthetic.workers(args.base, seed=2026, on=ON), "next_grade", on=ON)
    copies = -(-args.n // args.base)
    frame = pl.concat([seed_frame] * copies).head(args.n)
    frame = frame.with_columns(
        (pl.col("subject_id") + "-" + pl.int_range(pl.len()).cast(pl.String)).alias("subject_id"),
        (pl.col("weight") / copies),
    )
    print(
        f"population: {frame.height:,} rows ({args.base:,} synthetic workers' facts tiled), "
        f"{frame.estimated_size() / 1e6:,.0f} MB as a frame, built in {time.perf_counter() - t:.1f} s"
    )

    gd = skilleco.load_policy("gd-2025")
    gd.content_hash()
    builds = []
    for i in range(200):
        t = time.perf_counter()
        reform = gd.with_changes({PARAM: 4 + (i % 2)}, label="wait")
        builds.append(time.perf_counter() - t)
    reform = gd.with_changes({PARAM: 4}, label="wait 4 years")
    build_ms = min(builds) * 1e3
    print(
        f"build a one-parameter reform: {build_ms:.3f} ms (best of 200; target ≤ 1 ms, "
        f"ratio {build_ms / 1.0:.2f})"
    )

    skilleco.compare(frame.head(1000), "next_grade", baseline=gd, reform=reform, on=ON)  # warm up
    gc.collect()
    before = _rss_mb()
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        c = skilleco.compare(frame, "next_grade", baseline=gd, reform=reform, on=ON, cost=True)
        times.append(time.perf_counter() - t)
    best = min(times)
    peak = _peak_mb()
    eligible = c.count("eligible")
    print(
        f"compare next_grade over {c.rows:,} rows: {best:.2f} s best of {args.repeat} "
        f"({c.rows / best:,.0f} rows/s; target ≤ 1 s, ratio {best / 1.0:.2f})"
    )
    print(
        f"  eligible {eligible.baseline:,.0f} → {eligible.reform:,.0f} (weighted), "
        f"{len(c.flips):,} rows flip, all by {', '.join(a.rule_id for a in c.attribution)}"
    )
    print(
        f"peak memory: {peak:,.0f} MB for the whole process, {peak - before:,.0f} MB above the "
        f"{before:,.0f} MB resident before comparing (mostly the frame); target ≤ 600 MB: ratio "
        f"{peak / 600:.2f} for the process, {(peak - before) / 600:.2f} for the comparison"
    )


if __name__ == "__main__":
    main()
