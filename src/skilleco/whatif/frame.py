"""What-if over a facts frame: both policies answered by the columnar evaluator, compared in Polars.

Used by :func:`skilleco.compare` when the population is a Polars (or pandas) frame of facts (it has
a ``subject_id`` column; see :mod:`skilleco.columnar`). Only the rows that flip become Python objects.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from ..columnar import evaluation as columnar
from ..policy.policy import SCHEMAS, Policy
from ..questions.registry import Question
from .parts import Flip, StatusCount
from .weights import read_weights


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
        return pl.Series("weight", read_weights(weights, frame.height), dtype=pl.Float64)
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


def answer(
    frame: pl.DataFrame, q: Question, policy: Policy, on: _dt.date, *, findings: bool = False
) -> pl.DataFrame:
    """Status per row (per unit for exits), in row order; the frame has been checked already."""
    return columnar.evaluate(frame, q, policy=policy, on=on, explain=False, findings=findings, check=False)


def counts(statuses: Sequence[str], a: pl.Series, b: pl.Series, w: pl.Series) -> tuple[StatusCount, ...]:
    """Rows and weighted counts per status under each policy."""
    both = pl.DataFrame({"a": a, "b": b, "w": w})
    ca = {r["a"]: r for r in both.group_by("a").agg(pl.len().alias("n"), pl.col("w").sum()).to_dicts()}
    cb = {r["b"]: r for r in both.group_by("b").agg(pl.len().alias("n"), pl.col("w").sum()).to_dicts()}
    seen = list(statuses) + sorted((set(ca) | set(cb)) - set(statuses))
    zero = {"n": 0, "w": 0.0}
    return tuple(
        StatusCount(
            s,
            int(ca.get(s, zero)["n"]),
            int(cb.get(s, zero)["n"]),
            float(ca.get(s, zero)["w"]),
            float(cb.get(s, zero)["w"]),
        )
        for s in seen
    )


def flips(
    frame: pl.DataFrame,
    q: Question,
    pa: Policy,
    pb: Policy,
    on: _dt.date,
    a: pl.Series,
    b: pl.Series,
    w: pl.Series,
    schema: str,
    rows: Sequence[int] | None = None,
    offset: int = 0,
) -> list[Flip]:
    """The subjects whose status differs (``a``, ``b``: one status per subject), with the rule ids
    whose findings differ — found by answering again, with findings, for those subjects alone.
    ``rows``: each subject's source row (default: ``offset`` + its place, from 1)."""
    idx = pl.arange(0, len(a), eager=True).filter((a != b).fill_null(True)).to_list()
    if not idx:
        return []
    if q.area == "exits":
        chains = frame["chain_id"].unique(maintain_order=True).gather(idx)
        sub = frame.filter(pl.col("chain_id").is_in(chains.implode()))
        key = "chain_id"
    else:
        sub = frame[idx]
        key = "subject_id"
    fa = answer(sub, q, pa, on, findings=True)
    fb = answer(sub, q, pb, on, findings=True)
    rules = list(dict.fromkeys([c for c in (*fa.columns, *fb.columns) if c.startswith("rule:")]))
    # Per row, a bit per rule whose finding differs (absent, yes, no, unknown), then per subject.
    codes = [_code(fa, c).ne(_code(fb, c)).cast(pl.Int64) * (1 << k) for k, c in enumerate(rules)]
    bits = pl.select(pl.sum_horizontal(codes)).to_series() if codes else pl.Series([0] * fa.height)
    masks = pl.DataFrame({key: sub[key] if q.area == "exits" else fa["subject_id"], "m": bits.cast(pl.Int64)})
    if q.area == "exits":
        masks = masks.group_by(key, maintain_order=True).agg(pl.col("m").bitwise_or())
    changed = _decode(masks["m"], [c[5:] for c in rules])
    subjects = (
        frame if q.area != "exits" else frame.unique(subset=["chain_id"], keep="first", maintain_order=True)
    )
    names = group_columns(frame, schema)
    labels = subjects.select(names)[idx].to_dicts() if names else [{} for _ in idx]
    grade = q.area == "grade"
    # Columns as lists once: indexing a Series per flip costs microseconds each, 16,000 flips a second.
    targets = fa["target"].fill_null(fb["target"]).to_list() if grade else []
    held = fa["held"].to_list() if grade else []
    sids = masks[key].cast(pl.String).to_list()
    ws = w.gather(idx).cast(pl.Float64).to_list()
    sa, sb = a.gather(idx).cast(pl.String).to_list(), b.gather(idx).cast(pl.String).to_list()
    out = []
    for k, i in enumerate(idx):
        g = {n: str(v) for n, v in labels[k].items() if v is not None}
        if grade:
            if targets[k] is not None:
                g["target"] = str(targets[k])
            g.setdefault("grade", held[k] or "none")
        row = rows[i] if rows is not None else offset + i + 1
        out.append(Flip(sids[k], row, ws[k], g, str(sa[k]), str(sb[k]), tuple(changed[k])))
    return out


def _code(frame: pl.DataFrame, column: str) -> pl.Series:
    """A finding as a small integer: 0 absent, 1 yes, 2 no, 3 unknown."""
    if column not in frame.columns:
        return pl.Series(column, [0] * frame.height, dtype=pl.Int8)
    col = frame[column]
    return pl.select(pl.when(col.is_null()).then(3).when(col).then(1).otherwise(2).cast(pl.Int8)).to_series()


def _decode(masks: pl.Series, names: Sequence[str]) -> list[list[str]]:
    mapping = {m: [n for i, n in enumerate(names) if (m >> i) & 1] for m in masks.unique().to_list()}
    return [mapping[m] for m in masks.to_list()]


def eligible_by_grade(out: pl.DataFrame, w: pl.Series) -> dict[str, float]:
    """Weighted eligible workers per grade asked, from :func:`answer`'s rows."""
    eligible = pl.DataFrame({"target": out["target"], "status": out["status"], "w": w}).filter(
        (pl.col("status") == "eligible") & pl.col("target").is_not_null()
    )
    sums = eligible.group_by("target").agg(pl.col("w").sum())
    return {str(t): float(n) for t, n in sums.iter_rows()}


def _explained_chains(units: pl.DataFrame) -> pl.DataFrame:
    """Per chain, from :func:`answer`'s ``exits`` rows with ``deciding`` and ``missing_facts``: the
    status (as :func:`~skilleco.columnar.evaluation.chain_status`), the deciding rules of the units
    whose status is the chain's, and every unit's missing facts, each once, in unit order."""
    status = (
        pl.when((pl.col("status") == "exit").any())
        .then(pl.lit("exit"))
        .when((pl.col("status") == "undetermined").any())
        .then(pl.lit("undetermined"))
        .otherwise(pl.lit("retain"))
    )
    return units.group_by("chain_id", maintain_order=True).agg(
        status.alias("status"),
        pl.col("deciding")
        .cast(pl.List(pl.String))
        .filter(pl.col("status") == status)
        .explode()
        .drop_nulls()
        .unique(maintain_order=True)
        .alias("deciding"),
        pl.col("missing_facts").explode().drop_nulls().unique(maintain_order=True).alias("missing_facts"),
    )


def subject_rows(
    frame: pl.DataFrame,
    q: Question,
    a: pl.DataFrame,
    b: pl.DataFrame,
    w: pl.Series,
    rows: pl.Series,
    schema: str,
) -> pl.DataFrame:
    """One chunk of the per-subject table (:mod:`skilleco.whatif.subjects`), from :func:`answer`'s
    rows under each policy with ``deciding`` and ``missing_facts`` (``explain``)."""
    from .subjects import ALL_STATUSES, reserved

    enum = pl.Enum(ALL_STATUSES)
    if q.area == "exits":
        a, b = _explained_chains(a), _explained_chains(b)
        ids = a["chain_id"]
    else:
        ids = a["subject_id"]
    grade = q.area == "grade"
    names = [n for n in group_columns(frame, schema) if n not in reserved(grade)]
    labels = subject_frame(frame, q).select(names).get_columns() if names else []
    extra = []
    if grade:
        extra = [
            a["target"].fill_null(b["target"]).alias("target"),
            a["held"].fill_null("none").alias("grade"),
        ]
    sa, sb = a["status"].cast(enum), b["status"].cast(enum)
    return pl.DataFrame(
        [
            ids.alias("subject_id"),
            rows.alias("row"),
            w.alias("weight"),
            *labels,
            *extra,
            sa.alias("baseline_status"),
            sb.alias("reform_status"),
            (sa != sb).fill_null(True).alias("flipped"),
            a["deciding"].alias("baseline_deciding"),
            b["deciding"].alias("reform_deciding"),
            a["missing_facts"].alias("baseline_missing"),
            b["missing_facts"].alias("reform_missing"),
        ]
    )
