"""What-if over a facts frame: both policies answered by the columnar evaluator, compared in Polars.

Used by :func:`skilleco.compare` when the population is a Polars (or pandas) frame of facts (it has
a ``subject_id`` column; see :mod:`skilleco.columnar`). Only the rows that flip become Python objects.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Sequence
from typing import Any

import polars as pl

from . import columnar
from ._questions import Question
from ._whatif_values import CostLine, Flip, StatusCount
from .exceptions import InputError
from .policy import SCHEMAS, Policy


def as_polars(population: Any) -> pl.DataFrame:
    """A Polars frame (pandas frames are converted)."""
    return population if isinstance(population, pl.DataFrame) else pl.from_pandas(population)


def group_columns(frame: pl.DataFrame, schema: str) -> list[str]:
    """Text columns that are neither keys nor facts: labels to break flips down by (``region``)."""
    skip = {*SCHEMAS[schema], "subject_id", "occupation_code", "chain_id", "is_lead", "weight"}
    return [c for c, t in frame.schema.items() if c not in skip and t == pl.String]


def weights_of(frame: pl.DataFrame, weights: Sequence[float] | None) -> pl.Series:
    """The row weights: given, else the frame's ``weight`` column, else 1."""
    if weights is not None:
        w = pl.Series("weight", [float(x) for x in weights], dtype=pl.Float64)
        if len(w) != frame.height or not w.is_finite().all() or (w < 0).any():
            raise InputError(
                "arguments",
                [
                    {
                        "loc": ("weights",),
                        "input": f"{len(w)} values",
                        "type": "bad_weights",
                        "msg": f"expected {frame.height} finite weights ≥ 0, one per row",
                    }
                ],
            )
        return w
    if "weight" in frame.columns:
        return frame["weight"].cast(pl.Float64).fill_null(1.0).alias("weight")
    return pl.Series("weight", [1.0] * frame.height, dtype=pl.Float64)


def subject_statuses(frame: pl.DataFrame, out: pl.DataFrame, q: Question) -> pl.Series:
    """One status per subject: exits come per unit and are folded into one status per chain."""
    if q.area != "exits":
        return out["status"]
    return columnar.chain_status(out)["status"]


def subject_frame(frame: pl.DataFrame, q: Question) -> pl.DataFrame:
    """One row per subject (the first unit of each chain for exits), for weights and labels."""
    if q.area != "exits":
        return frame
    return frame.unique(subset=["chain_id"], keep="first", maintain_order=True)


def answer(frame: pl.DataFrame, q: Question, policy: Policy, on: _dt.date) -> pl.DataFrame:
    """Status per subject and findings (per unit for exits), in row order."""
    return columnar.evaluate(frame, q, policy=policy, on=on, explain=False)


def counts(statuses: Sequence[str], a: pl.Series, b: pl.Series, w: pl.Series) -> tuple[StatusCount, ...]:
    """Rows and weighted counts per status under each policy."""
    seen = list(statuses) + sorted((set(a.unique().to_list()) | set(b.unique().to_list())) - set(statuses))
    frame = pl.DataFrame({"a": a, "b": b, "w": w})
    out = []
    for s in seen:
        in_a, in_b = frame.filter(pl.col("a") == s), frame.filter(pl.col("b") == s)
        out.append(StatusCount(s, in_a.height, in_b.height, float(in_a["w"].sum()), float(in_b["w"].sum())))
    return tuple(out)


def flips(
    frame: pl.DataFrame, q: Question, a: pl.DataFrame, b: pl.DataFrame, w: pl.Series, schema: str
) -> list[Flip]:
    """The rows whose status differs, with the rule ids whose findings differ."""
    groups = group_columns(frame, schema)
    if q.area == "exits":
        sa, sb = columnar.chain_status(a), columnar.chain_status(b)
        changed_chains = (sa["status"] != sb["status"]).fill_null(True)
        picked = pl.arange(0, sa.height, eager=True).filter(changed_chains).to_list()
        return _chain_flips(frame, a, b, picked, w, groups) if picked else []
    rows = pl.arange(0, a.height, eager=True)
    changed = (a["status"] != b["status"]).fill_null(True)
    idx = rows.filter(changed).to_list()
    if not idx:
        return []
    rules = list(
        dict.fromkeys(
            [c for c in a.columns if c.startswith("rule:")] + [c for c in b.columns if c.startswith("rule:")]
        )
    )
    out = []
    ra, rb = a[idx], b[idx]
    labels = frame.select(groups)[idx] if groups else None
    for k, i in enumerate(idx):
        x, y = ra.row(k, named=True), rb.row(k, named=True)
        changed_rules = tuple(c[5:] for c in rules if _finding(x, c) != _finding(y, c))
        g: dict[str, str] = {}
        if labels is not None:
            g = {n: str(v) for n, v in labels.row(k, named=True).items() if v is not None}
        if q.area == "grade":
            target = x.get("target") or y.get("target")
            if target is not None:
                g["target"] = str(target)
            g.setdefault("grade", x.get("held") or "none")
        out.append(Flip(str(x["subject_id"]), i + 1, float(w[i]), g, x["status"], y["status"], changed_rules))
    return out


def _finding(row: dict[str, Any], column: str) -> str:
    if column not in row:
        return "absent"
    return {True: "yes", False: "no", None: "unknown"}[row[column]]


def _chain_flips(
    frame: pl.DataFrame, a: pl.DataFrame, b: pl.DataFrame, idx: list[int], w: pl.Series, groups: list[str]
) -> list[Flip]:
    """Flips of chains (``idx`` indexes chains in first-appearance order); rules compared unit by unit."""
    chains = frame["chain_id"].unique(maintain_order=True)
    sa, sb = columnar.chain_status(a), columnar.chain_status(b)
    rules = [c for c in a.columns if c.startswith("rule:")]
    out = []
    for i in idx:
        cid = chains[i]
        ua, ub = a.filter(pl.col("chain_id") == cid), b.filter(pl.col("chain_id") == cid)
        changed = tuple(c[5:] for c in rules if not ua[c].equals(ub[c], null_equal=True))
        first = frame.filter(pl.col("chain_id") == cid).row(0, named=True)
        g = {n: str(first[n]) for n in groups if first.get(n) is not None}
        out.append(Flip(str(cid), i + 1, float(w[i]), g, sa["status"][i], sb["status"][i], changed))
    return out


def cost_line(
    q: Question,
    pa: Policy,
    pb: Policy,
    a: pl.DataFrame,
    b: pl.DataFrame,
    w: pl.Series,
    on: _dt.date,
    take_up: float,
) -> CostLine:
    """Certificate subsidies for the rows eligible under each policy (as the scalar path's cost line)."""
    if q.area != "grade":
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("cost",),
                    "input": True,
                    "type": "no_cost",
                    "msg": f"certificate subsidies are costed for grade questions, not {q.name!r}",
                }
            ],
        )
    if not 0 <= take_up <= 1:
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("take_up",),
                    "input": take_up,
                    "type": "bad_take_up",
                    "msg": "a take-up rate between 0 and 1",
                }
            ],
        )

    def per_grade(pol: Policy, out: pl.DataFrame) -> dict[str, tuple[float, float]]:
        params = pol.params_at(on)
        eligible = pl.DataFrame({"target": out["target"], "status": out["status"], "w": w}).filter(
            (pl.col("status") == "eligible") & pl.col("target").is_not_null()
        )
        res: dict[str, tuple[float, float]] = {}
        for (target,), part in eligible.group_by(["target"], maintain_order=True):
            amount = params.get(f"subsidy.{target}")
            value = float(amount) if isinstance(amount, int | float) and not isinstance(amount, bool) else 0.0
            n = float(part["w"].sum())
            res[str(target)] = (n, n * take_up * value)
        return res

    x, y = per_grade(pa, a), per_grade(pb, b)
    order = {
        g: i
        for i, g in enumerate(
            (
                "junior",
                "intermediate",
                "senior",
                "technician",
                "senior_technician",
                "special_technician",
                "chief_technician",
            )
        )
    }
    grades = sorted({*x, *y}, key=lambda g: order.get(g, 99))
    params = []
    for g in grades:
        for pol in (pa, pb):
            name = f"subsidy.{g}"
            if name in pol.parameters:
                p = pol.parameter(name)
                value = pol.params_at(on).get(name)
                params.append((pol.display_id, name, value, p.provenance, p.citation))
    return CostLine(
        by_grade=tuple((g, *x.get(g, (0.0, 0.0)), *y.get(g, (0.0, 0.0))) for g in grades),
        baseline=math.fsum(v[1] for v in x.values()),
        reform=math.fsum(v[1] for v in y.values()),
        take_up=take_up,
        parameters=tuple(dict.fromkeys(params)),
    )
