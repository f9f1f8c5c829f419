"""The career record in columns: competitions, posts and direct recognitions, contributions, the
apprenticeship, and the employer and front-line facts (:mod:`skilleco.facts.career`).

Records dated after the date asked do not exist yet. A list that is stated but holds nothing gives
each fact its "none" value (no result, rank 0, no promotion); one that is not stated, unknown.
"""

from __future__ import annotations

import datetime as _dt

import polars as pl

from ...ladder import GRADES
from ...population.record_schema import TABLES, WORKERS
from .calendar import months_between
from .context import Context
from .runs import W, spread

__all__ = [
    "apprenticeship_facts",
    "competition_facts",
    "contribution_facts",
    "other_facts",
    "post_facts",
]

_RANK = {g.id: g.rank for g in GRADES}
_TIERS = {
    "tj_city": ("tj_city_comprehensive", "tj_city_class1"),
    "tj_class2": ("tj_city_class2", "tj_district"),
    "tj_enterprise": ("tj_enterprise", "tj_school"),
}


def _per_worker(
    ctx: Context,
    table: str,
    columns: list[str],
    aggs: dict[str, pl.Expr],
    facts: dict[str, tuple[pl.Expr, object]],
) -> dict[str, pl.Series]:
    """``facts`` from ``aggs`` over each worker's records of ``table``: each fact an expression of
    the aggregates and its value for a worker with no record (a stated list of none); unknown where
    the records are not stated."""
    recs = ctx.records(table, columns)
    per = spread(recs.group_by(W).agg(_rows=pl.len(), **aggs), ctx.n)
    stated, has_rows = ctx.stated(table), pl.col("_rows").is_not_null()
    out = per.select(
        pl.when(stated).then(pl.when(has_rows).then(value).otherwise(pl.lit(none))).alias(name)
        for name, (value, none) in facts.items()
    )
    return {name: out[name] for name in facts}


def competition_facts(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """The competition facts among ``wanted``: a national-final award, the Tianjin tiers' best
    results, the promotions granted in the year of the date asked."""
    on = ctx.on
    seen = pl.col("on") <= on
    level, rank, entrants = pl.col("level"), pl.col("rank"), pl.col("entrants")
    national = seen & (level == "national_final")
    aggs: dict[str, pl.Expr] = {
        "nat_comp_award": (national & (pl.col("award") != "none")).any(ignore_nulls=False),
    }
    facts: dict[str, tuple[pl.Expr, object]] = {"nat_comp_award": (pl.col("nat_comp_award"), False)}
    pct = pl.lit(100.0) * rank.cast(pl.Float64) / entrants.cast(pl.Float64)
    for name, levels in _TIERS.items():
        rows = seen & level.is_in(levels)
        value = pct if name == "tj_enterprise" else rank
        aggs[f"has_{name}_result"] = rows.any()
        aggs[f"_{name}_unknown"] = (rows & value.is_null()).any()
        aggs[f"_{name}_best"] = value.filter(rows).min()
        # The best result, where every result of the tier gives one.
        best = pl.when(pl.col(f"has_{name}_result") & ~pl.col(f"_{name}_unknown")).then(
            pl.col(f"_{name}_best")
        )
        key = "tj_enterprise_best_pct" if name == "tj_enterprise" else f"{name}_best_rank"
        facts[f"has_{name}_result"] = (pl.col(f"has_{name}_result"), False)
        facts[key] = (best, None)
    promoted = pl.col("promoted_on")
    aggs["tj_comp_promotions_in_year"] = (
        promoted.is_between(_dt.date(on.year, 1, 1), _dt.date(on.year, 12, 31)) & (promoted <= on)
    ).sum()
    facts["tj_comp_promotions_in_year"] = (pl.col("tj_comp_promotions_in_year"), 0)
    columns = ["level", "award", "rank", "entrants", "on", "promoted_on"]
    facts = {name: fact for name, fact in facts.items() if name in wanted}
    return _per_worker(ctx, "competitions", columns, aggs, facts) if facts else {}


_POSTS = ("post_rank", "has_post_special_technician", "post_special_technician_on")
_RECOGNITIONS = ("direct_recognition_rank", "direct_recognition_waived_rank")


def post_facts(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """The post facts (the highest post held on the date asked, a special-technician post and its
    start) and the direct-recognition ranks among ``wanted``."""
    on = ctx.on
    out: dict[str, pl.Series] = {}
    if wanted.intersection(_POSTS):
        current = (pl.col("start") <= on) & (pl.col("end").is_null() | (pl.col("end") > on))
        special = current & (pl.col("kind") == "special_technician")
        rank = pl.col("kind").replace_strict(_RANK, default=None, return_dtype=pl.Int64)
        aggs = {
            "post_rank": rank.filter(current).max().fill_null(0),
            "has_post_special_technician": special.any(),
            "post_special_technician_on": pl.col("start").filter(special).min(),
        }
        nones: tuple[object, ...] = (0, False, None)
        facts = {name: (pl.col(name), none) for name, none in zip(_POSTS, nones, strict=True)}
        out.update(_per_worker(ctx, "posts", ["kind", "start", "end"], aggs, facts))
    if wanted.intersection(_RECOGNITIONS):
        valid, waived = pl.col("on") <= on, pl.col("limits_waived")
        rank = pl.col("grade").replace_strict(_RANK, default=None, return_dtype=pl.Int64)
        aggs = {
            "direct_recognition_rank": rank.filter(valid & ~waived).max().fill_null(0),
            "direct_recognition_waived_rank": rank.filter(valid & waived).max().fill_null(0),
        }
        facts = {name: (pl.col(name), 0) for name in _RECOGNITIONS}
        out.update(_per_worker(ctx, "direct_recognitions", ["grade", "on", "limits_waived"], aggs, facts))
    return {name: column for name, column in out.items() if name in wanted}


def contribution_facts(ctx: Context) -> dict[str, pl.Series]:
    """Whether a contribution permitting exceptional promotion is on record by the date asked."""
    aggs = {"major_contribution": (pl.col("on") <= ctx.on).any()}
    return _per_worker(
        ctx, "contributions", ["on"], aggs, {"major_contribution": (pl.col("major_contribution"), False)}
    )


def _given(record: str) -> pl.Expr:
    """The worker has the one-of ``record``: a column of it differs from its default (as
    :meth:`~skilleco.population.records.RecordTables.to_workers` reads a row)."""
    given = pl.lit(False)
    for c in TABLES[WORKERS].columns:
        if c.field[:1] == (record,):
            col = pl.col(c.name)
            differs = col.is_not_null() if c.default is None else col.is_not_null() & (col != c.default)
            given = given | differs
    return given


def apprenticeship_facts(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """The apprenticeship facts among ``wanted``: started, completed in the occupation (or one its
    standard admits), months, special case, ended, probation ended, wages."""
    on = ctx.on
    workers = ctx.workers
    present = workers.select(_given("apprenticeship")).to_series()
    rows = pl.int_range(0, ctx.n, dtype=pl.UInt32, eager=True).filter(present)
    in_occupation = pl.repeat(None, ctx.n, dtype=pl.Boolean, eager=True)
    if rows.len():
        in_occupation.scatter(rows, ctx.counts(rows, workers["apprenticeship_occupation_code"].gather(rows)))
    start, end = pl.col("apprenticeship_start"), pl.col("apprenticeship_end")
    started = start <= on
    ended = end <= on
    months = (
        pl.when(end > start)
        .then(months_between(ctx.packed(start), ctx.packed(end)))
        .otherwise(pl.when(end.is_not_null()).then(0))
    )
    facts = {
        "has_apprenticeship": started,
        "apprenticeship_completed": started
        & pl.lit(in_occupation)
        & ended
        & pl.col("apprenticeship_completed"),
        "apprenticeship_months": months,
        "apprenticeship_special_case": pl.col("apprenticeship_special_case"),
        "apprenticeship_ended": ended,
        "probation_ended": pl.col("apprenticeship_probation_end") <= on,
        "apprentice_wage": pl.col("apprenticeship_monthly_wage"),
        "local_minimum_wage": pl.col("apprenticeship_local_minimum_wage"),
    }
    # Complete records with no apprenticeship: there is none (started and completed are no).
    none = pl.when(pl.col("records_complete")).then(False)
    exprs = [
        pl.when(pl.lit(present))
        .then(value)
        .otherwise(none if name in ("has_apprenticeship", "apprenticeship_completed") else None)
        .alias(name)
        for name, value in facts.items()
        if name in wanted
    ]
    out = workers.select(exprs)
    return {name: out[name] for name in out.columns}


_OTHER = {
    "employer_above_designated_size": "employer_above_designated_size",
    "employer_mainly_skilled": "employer_mainly_skilled_workforce",
    "employer_appoints_special_technicians": "employer_appoints_special_technicians",
    "frontline": "frontline",
    "frontline_record": "frontline_record",
    "annual_appraisals_passed": "annual_appraisals_passed",
}


def other_facts(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """The employer, front-line and appraisal facts among ``wanted``: the workers table's columns
    (an employer's columns are all null where the worker has none, so they read as its facts)."""
    return {name: ctx.workers[column] for name, column in _OTHER.items() if name in wanted}
