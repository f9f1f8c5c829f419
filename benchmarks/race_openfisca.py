"""A fair race with OpenFisca (issue 14, item 7): equal output from the same input, side by side.

Run in the OpenFisca venv (``benchmarks/requirements-openfisca.txt``)::

    benchmarks/.venv-openfisca/bin/python benchmarks/race_openfisca.py --n 1000000

Both sides return, for every row, the three-valued status of ``next_grade`` (and ``not_applicable``
where no grade is asked) and the deciding routes (rule ids, in the engine's order); an agreement
check compares both on every row. Input conversion is inside both timed regions. Each race runs
``--repeat`` rounds; in each round both sides run once, in alternating order (ABBA), so load on a
shared machine falls on both alike; medians are reported.

1. **From a facts frame** (the frame of ``columnar_vs_openfisca.py``: facts of ``--base`` synthetic
   workers tiled to ``--n`` rows). skilleco: ``columnar.evaluate(frame, "next_grade",
   findings=False)`` — status, deciding, missing facts, rule set, target and held grade.
   OpenFisca (``openfisca_ladder.py``): the frame's columns to numpy (values and null masks), a
   ``Simulation``, ``next_grade_status`` / ``next_grade_ruleset`` / ``next_grade_deciding``
   calculated and decoded to text and tuples of rule ids.
2. **From record tables** (a folder of Parquet files of ``--n`` synthetic workers written by
   ``write_worker_tables``). Each side reads them with ``read_records`` inside its timed region
   (timed apart as well), then derives its own facts: skilleco with ``columnar.facts_frame`` (only
   the facts next grade reads under the policy) and evaluates as above; OpenFisca with
   ``openfisca_records.record_inputs`` (numpy group-bys) and the same simulation. Ratios are
   printed with and without the (identical) read.

``POLARS_MAX_THREADS`` sets skilleco's thread count; numpy and OpenFisca run on one thread.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Sibling files, not a package: importable once their folder is on the path.
from columnar_vs_openfisca import machine, population
from openfisca_ladder import LadderSystem, build_simulation, input_arrays, outcome
from openfisca_records import record_inputs

from skilleco import columnar
from skilleco.population import read_records
from skilleco.population.synthetic_tables import write_worker_tables

QUESTION = "next_grade"
Output = tuple[np.ndarray, np.ndarray]  # per row: status text, deciding rule ids joined by ","


# --- the sides ---------------------------------------------------------------------------------------


def skilleco_frame(frame: pl.DataFrame, policy: str, on: _dt.date) -> pl.DataFrame:
    return columnar.evaluate(frame, QUESTION, policy=policy, on=on, findings=False)


def openfisca_frame(frame: pl.DataFrame, system: LadderSystem, on: _dt.date) -> Output:
    sim = build_simulation(system, input_arrays(frame, system), on=on)
    return outcome(system, sim, on)


def skilleco_records(folder: Path, policy: str, on: _dt.date, laps: dict[str, float]) -> pl.DataFrame:
    start = time.perf_counter()
    tables = read_records(folder)
    laps["read"] = time.perf_counter() - start
    frame = columnar.facts_frame(tables, QUESTION, on=on, policy=policy, names=_needed(tables, policy, on))
    laps["derive"] = time.perf_counter() - start - laps["read"]
    del tables
    return skilleco_frame(frame, policy, on)


def _needed(tables: Any, policy: str, on: _dt.date) -> list[str]:
    """The facts next grade reads for the templates these workers are judged by, as ``compare``
    finds them: their templates first (``occupation_edition``, a cheap fact), then the facts of
    those templates' rule sets alone (no legacy routes' facts for a population without legacy
    workers; OpenFisca's side has no legacy template either)."""
    first = columnar.facts_frame(tables, QUESTION, on=on, policy=policy, names=["occupation_edition"])
    editions = columnar.frame_editions(first, QUESTION)
    return columnar.required_facts(QUESTION, policy=policy, editions=editions)


def openfisca_records(folder: Path, system: LadderSystem, on: _dt.date, laps: dict[str, float]) -> Output:
    start = time.perf_counter()
    tables = read_records(folder)
    laps["read"] = time.perf_counter() - start
    arrays = record_inputs(tables, system, on, laps)
    laps["derive"] = time.perf_counter() - start - laps["read"]
    del tables
    sim = build_simulation(system, arrays, on=on)
    return outcome(system, sim, on)


# --- racing ------------------------------------------------------------------------------------------


def race(
    sides: dict[str, Callable[[dict[str, float]], Any]], repeat: int
) -> tuple[dict[str, list[dict[str, float]]], dict[str, Any]]:
    """``repeat`` rounds, both sides once per round in alternating order; per side the laps of each
    run (``total`` and any the side records) and the last result."""
    laps: dict[str, list[dict[str, float]]] = {k: [] for k in sides}
    last: dict[str, Any] = {}
    names = list(sides)
    for i in range(repeat):
        for side in names if i % 2 == 0 else names[::-1]:
            last.pop(side, None)
            gc.collect()
            lap: dict[str, float] = {}
            start = time.perf_counter()
            last[side] = sides[side](lap)
            lap["total"] = time.perf_counter() - start
            laps[side].append(lap)
    return laps, last


def median(laps: list[dict[str, float]], key: str) -> float:
    return statistics.median(lap[key] for lap in laps)


def agreement(out: pl.DataFrame, of: Output) -> dict[str, Any]:
    """Row-by-row comparison: status, and deciding routes as rule ids in order."""
    status, deciding = of
    sk_deciding = out.get_column("deciding").cast(pl.List(pl.String)).list.join(",")
    of_deciding = pl.Series("deciding", [",".join(t) for t in deciding.tolist()], dtype=pl.String)
    status_differs = np.flatnonzero(out.get_column("status").to_numpy() != status)
    deciding_differs = np.flatnonzero((sk_deciding != of_deciding).to_numpy())
    rows = np.union1d(status_differs, deciding_differs)[:5]
    return {
        "rows": out.height,
        "statuses": dict(sorted(out.get_column("status").value_counts().iter_rows())),
        "status_differs": len(status_differs),
        "deciding_differs": len(deciding_differs),
        "rows_with_deciding": int((sk_deciding != "").sum()),
        "examples": [
            {
                "subject_id": out.get_column("subject_id")[int(i)],
                "skilleco": (out.get_column("status")[int(i)], sk_deciding[int(i)]),
                "openfisca": (status[i], of_deciding[int(i)]),
            }
            for i in rows
        ],
    }


def facts_agreement(frame: pl.DataFrame, arrays: dict[str, np.ndarray], system: LadderSystem) -> list[str]:
    """The facts on which OpenFisca's own derivation differs from skilleco's frame on some row
    (value where known, or the null mask)."""
    ref = input_arrays(frame, system)
    everywhere = np.ones(frame.height, dtype=bool)
    differ = []
    for name in system.facts:
        k_ref, k_of = ref.get(f"{name}_known", everywhere), arrays.get(f"{name}_known", everywhere)
        if ((k_ref != k_of) | (k_ref & (ref[name] != arrays[name]))).any():
            differ.append(name)
    return differ


# --- the report --------------------------------------------------------------------------------------


def show(title: str, laps: dict[str, list[dict[str, float]]], rows: int, parts: tuple[str, ...]) -> None:
    print(f"\n{title}")
    head = "".join(f"{p:>10}" for p in (*parts, "total"))
    print(f"  {'side':<12}{head}   runs (total, s)")
    for side, runs in laps.items():
        cells = "".join(f"{median(runs, p):>10.3f}" for p in (*parts, "total"))
        totals = ", ".join(f"{lap['total']:.2f}" for lap in runs)
        print(f"  {side:<12}{cells}   [{totals}]")
    print(f"  (medians in seconds over {len(next(iter(laps.values())))} runs, {rows:,} rows)")


def verdict(check: dict[str, Any]) -> str:
    same = check["status_differs"] == 0 and check["deciding_differs"] == 0
    text = (
        f"agreement: {'IDENTICAL' if same else 'DIFFERENT'} on {check['rows']:,} rows — status differs on "
        f"{check['status_differs']:,}, deciding routes on {check['deciding_differs']:,}; statuses "
        f"{check['statuses']}"
    )
    return text + "".join(f"\n  differs: {ex}" for ex in check["examples"])


def main(argv: list[str] | None = None) -> int:
    """Run both races and print the figures (and write them as JSON with ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="rows / workers (default 1,000,000)")
    ap.add_argument("--base", type=int, default=50_000, help="distinct workers of the facts frame")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--on", type=_dt.date.fromisoformat, default=_dt.date(2026, 11, 21))
    ap.add_argument("--policy", default="gd-2025")
    ap.add_argument("--repeat", type=int, default=5, help="rounds per race; medians are reported")
    ap.add_argument("--only", choices=("frame", "records"), help="run one race only")
    ap.add_argument(
        "--tables", type=Path, help="a folder to write the record tables to (default: a temporary one)"
    )
    ap.add_argument(
        "--other-work", type=float, default=0.0, help="write_worker_tables: share with work elsewhere"
    )
    ap.add_argument("--other-certificates", type=float, default=0.0, help="… with certificates elsewhere")
    ap.add_argument("--undated", type=float, default=0.0, help="… share of undated certificates")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    on, policy = args.on, args.policy

    info = machine()
    print("machine:", ", ".join(f"{k}={v}" for k, v in info.items()))
    derived = importlib.util.find_spec("skilleco.columnar.derive") is not None
    print(
        "skilleco facts_frame from record tables: "
        + (
            "columnar derivation (skilleco.columnar.derive)"
            if derived
            else "SCALAR FALLBACK (derive not importable)"
        )
    )
    start = time.perf_counter()
    system = LadderSystem(policy)
    print(
        f"OpenFisca: tax-benefit system for {policy} built once "
        f"({time.perf_counter() - start:.2f} s, not timed)"
    )
    figures: dict[str, Any] = {"machine": info, "n": args.n, "repeat": args.repeat}
    ok = True

    if args.only in (None, "frame"):
        start = time.perf_counter()
        frame = population(args.n, args.base, args.seed, on)
        print(
            f"\n[1] facts frame: facts of {min(args.base, args.n):,} synthetic workers "
            f"(seed={args.seed}, on={on}) "
            f"tiled to {frame.height:,} rows ({time.perf_counter() - start:.1f} s, not timed)"
        )
        skilleco_frame(frame.head(1000), policy, on), openfisca_frame(frame.head(1000), system, on)  # warm up
        laps, last = race(
            {
                "skilleco": lambda lap: skilleco_frame(frame, policy, on),
                "openfisca": lambda lap: openfisca_frame(frame, system, on),
            },
            args.repeat,
        )
        show(
            "[1] from a facts frame: evaluate (skilleco) vs numpy + Simulation + calculate + decode "
            "(OpenFisca)",
            laps,
            frame.height,
            (),
        )
        ratio = median(laps["openfisca"], "total") / median(laps["skilleco"], "total")
        check = agreement(last["skilleco"], last["openfisca"])
        print(
            f"  ratio 1 (OpenFisca median / skilleco median, from a facts frame): {ratio:.2f}x"
            "  (target >= 2x)"
        )
        print("  " + verdict(check))
        ok &= check["status_differs"] == 0 and check["deciding_differs"] == 0
        figures["frame"] = {"laps": laps, "ratio": ratio, "agreement": check}
        del frame, last

    if args.only in (None, "records"):
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.tables or Path(tmp) / "tables"
            start = time.perf_counter()
            write_worker_tables(
                folder,
                args.n,
                seed=args.seed,
                on=on,
                other_work=args.other_work,
                other_certificates=args.other_certificates,
                undated=args.undated,
            )
            size = sum(f.stat().st_size for f in folder.iterdir()) / 2**20
            print(
                f"\n[2] record tables: {args.n:,} synthetic workers (seed={args.seed}, on={on}, other_work="
                f"{args.other_work}, other_certificates={args.other_certificates}, undated={args.undated}) "
                f"written as Parquet ({size:,.0f} MiB, {time.perf_counter() - start:.1f} s, not timed)"
            )
            laps, last = race(
                {
                    "skilleco": lambda lap: skilleco_records(folder, policy, on, lap),
                    "openfisca": lambda lap: openfisca_records(folder, system, on, lap),
                },
                args.repeat,
            )
            for runs in laps.values():
                for lap in runs:
                    lap["evaluate"] = lap["total"] - lap["read"] - lap["derive"]
                    lap["no read"] = lap["total"] - lap["read"]
            show(
                "[2] from record tables: read_records, derive facts, evaluate (each side its own derivation)",
                laps,
                args.n,
                ("read", "derive", "evaluate", "no read"),
            )
            print(
                f"  of OpenFisca's derive, turning worker ids into worker rows (Arrow hash lookup): "
                f"{median(laps['openfisca'], 'lookup'):.3f} s (median)"
            )
            ratio = median(laps["openfisca"], "total") / median(laps["skilleco"], "total")
            ratio_no_read = median(laps["openfisca"], "no read") / median(laps["skilleco"], "no read")
            check = agreement(last["skilleco"], last["openfisca"])
            del last
            tables = read_records(folder)
            names = columnar.required_facts(QUESTION, policy=policy)
            facts = columnar.facts_frame(tables, QUESTION, on=on, policy=policy, names=names)
            differ = facts_agreement(facts, record_inputs(tables, system, on), system)
            del tables, facts
        print(
            f"  ratio 2 (OpenFisca median / skilleco median, from record tables, read included): {ratio:.2f}x"
        )
        print(f"  ratio 2 without the read (derive + evaluate): {ratio_no_read:.2f}x  (target >= 2x)")
        print("  " + verdict(check))
        print(
            f"  facts: OpenFisca's own derivation equals skilleco's facts frame on every row for "
            f"{len(system.facts) - len(differ)} of {len(system.facts)} facts"
            + (f"; differs on {differ}" if differ else "")
        )
        ok &= check["status_differs"] == 0 and check["deciding_differs"] == 0 and not differ
        figures["records"] = {
            "laps": laps,
            "ratio": ratio,
            "ratio_without_read": ratio_no_read,
            "agreement": check,
            "facts_differ": differ,
        }
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
