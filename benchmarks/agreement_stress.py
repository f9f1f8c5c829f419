"""Agreement of skilleco's columnar path and the OpenFisca encoding on a harsher population.

The benchmark population has few unknown facts (a title with no stated specialty match) and no
direct recognitions, so this check scrambles a facts frame first: random ranks (certificates,
posts, direct recognitions up to chief technician), a share of booleans flipped, dates for absent
certificates, occupations without a 高级技师 level, and a share of every fact set to unknown. Then
OpenFisca's ``next_grade_eligible`` must equal skilleco's ``status == "eligible"`` and
``next_grade`` its ``target``, row for row. Run in the OpenFisca venv::

    benchmarks/.venv-openfisca/bin/python benchmarks/agreement_stress.py --n 50000 --seeds 3
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from columnar_vs_openfisca import agreement, population
from openfisca_ladder import LadderSystem, build_simulation, input_arrays

from skilleco import columnar

RANKS = ("cert_rank", "post_rank", "direct_recognition_rank", "direct_recognition_waived_rank")


def scramble(
    frame: pl.DataFrame, system: LadderSystem, *, seed: int, unknown: float, on: _dt.date
) -> pl.DataFrame:
    """The frame with the facts the routes read scrambled (dates on or before ``on``), and a share
    ``unknown`` of each set to null."""
    rng = np.random.default_rng(seed)
    n = frame.height
    day = np.datetime64(on.isoformat(), "D")
    cols = {}
    for name, kind in system.facts.items():
        s = frame[name]
        if name in RANKS:
            s = pl.Series(name, rng.choice([0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8], n))
        elif name == "occupation_has_senior_technician":
            s = pl.Series(name, rng.random(n) < 0.7)
        elif kind == "bool":
            values = s.fill_null(False).to_numpy()
            s = pl.Series(name, np.where(rng.random(n) < 0.2, ~values, values))
        elif kind == "date":
            drawn = day - rng.integers(0, 12 * 365, n).astype("timedelta64[D]")
            s = pl.Series(name, np.where(s.is_null().to_numpy(), drawn, s.to_numpy()))
        if name != "occupation_edition":  # skilleco needs the edition to pick a rule set
            s = s.set(pl.Series(rng.random(n) < unknown), None)
        cols[name] = s.cast(frame.schema[name])
    return frame.with_columns(**cols)


def main(argv: list[str] | None = None) -> int:
    """Scramble, evaluate both ways, compare; exit 1 on any difference."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--seeds", type=int, default=3, help="scrambles to try")
    ap.add_argument("--unknown", type=float, default=0.05, help="share of each fact set to unknown")
    ap.add_argument("--on", type=_dt.date.fromisoformat, default=_dt.date(2026, 11, 21))
    ap.add_argument("--policy", default="gd-2025")
    args = ap.parse_args(argv)
    system = LadderSystem(args.policy)
    base = population(args.n, args.n, 1, args.on)
    failed = 0
    for seed in range(args.seeds):
        frame = scramble(base, system, seed=seed, unknown=args.unknown, on=args.on)
        out = columnar.evaluate(frame, "next_grade", policy=args.policy, on=args.on)
        sim = build_simulation(system, input_arrays(frame, system), on=args.on)
        day = args.on.isoformat()
        check = agreement(out, sim.calculate("next_grade_eligible", day), sim.calculate("next_grade", day))
        counts = dict(out["status"].value_counts().iter_rows())
        diff = check["eligibility_differs"] + check["next_grade_differs"]
        failed += diff > 0
        print(
            f"seed {seed}: {frame.height:,} rows, statuses {counts}; eligibility differs on "
            f"{check['eligibility_differs']:,} rows, next grade on {check['next_grade_differs']:,}"
        )
        for ex in check["examples"]:
            print("  differs:", ex)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
