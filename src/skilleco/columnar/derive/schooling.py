"""Schooling in columns: per school record the yes/no/unknown of each route's reading, then per
worker their Kleene "any" (:mod:`skilleco.facts.education`); and the legacy edition's formal
trainings per level (:func:`skilleco.facts.legacy.formal_training_facts`).

A record's specialty is its stated ``specialty_match`` or, left out, what the occupation's standard's
majors say of its major (:func:`~skilleco.facts.relation.specialty_related`), judged once per
distinct (major, occupation, school kind).
"""

from __future__ import annotations

import datetime as _dt

import polars as pl

from ...facts.legacy import FORMAL_KEYS
from ...facts.relation import specialty_related
from ...models.schooling import DEGREE_LEVELS
from .context import Context, classify
from .runs import W, kleene_code, kleene_value, reduce_runs, spread

__all__ = ["education_facts", "formal_training_facts"]

_NULL = pl.lit(None, dtype=pl.Boolean)
_TECH_SCHOOLS = ("technical_school", "senior_technical_school", "technician_college")
_SENIOR_TECH = ("senior_technical_school", "technician_college")
_VOCATIONAL = ("secondary_vocational", "higher_vocational")
_COLLEGE = ("higher_vocational", "junior_college", "undergraduate", "postgraduate")


def _specialty(ctx: Context, recs: pl.DataFrame) -> pl.Series:
    """Per record, in the specialty or a related one: stated, or read from the standard's majors."""
    stated = recs["specialty_match"]
    ask = stated.is_null() & recs["major"].is_not_null()
    out = stated.clone()
    if ask.any():
        rows = recs.filter(ask)
        keys = pl.DataFrame({"major": rows["major"], "own": ctx.own(rows[W]), "kind": rows["school_kind"]})
        judged = classify(
            keys, lambda major, own, kind: specialty_related(None, major, ctx.kinship(own), kind)
        )
        out.scatter(ask.arg_true(), judged)
    return out


def _degree_is(levels: frozenset[str]) -> pl.Expr:
    """The record's degree is one of ``levels``: stated, or read from its school kind."""
    by_kind = pl.lit(False)
    for kind, possible in DEGREE_LEVELS.items():
        if possible <= levels:
            by_kind = pl.when(pl.col("school_kind") == kind).then(bool(possible)).otherwise(by_kind)
        elif possible & levels:
            by_kind = pl.when(pl.col("school_kind") == kind).then(_NULL).otherwise(by_kind)
    level = pl.col("degree_level")
    return pl.when(level.is_not_null()).then(level.is_in(sorted(levels))).otherwise(by_kind)


def _stages(on: _dt.date) -> list[dict[str, pl.Expr]]:
    """Per record, what several facts read, in steps that each read the ones before: whether the
    record is of a current-year graduate, a graduate, enrolled, a student, in the specialty..."""
    grad, enrolled_on, expected = pl.col("graduated_on"), pl.col("enrolled_on"), pl.col("expected_graduation")
    kind, assessed, target = pl.col("school_kind"), pl.col("assessed"), pl.col("training_target")
    first, last = _dt.date(on.year, 1, 1), _dt.date(on.year, 12, 31)
    cy = (
        pl.when(grad.is_not_null())
        .then((grad <= on) | grad.is_between(first, last))
        .when(enrolled_on.is_not_null() & (enrolled_on > on))
        .then(False)
        .when(expected.is_null())
        .then(_NULL)
        .when(expected.is_between(first, last))
        .then(True)
        .when(expected > on)
        .then(False)
        .otherwise(_NULL)
    )
    graduated = (
        pl.when(grad.is_not_null())
        .then(grad <= on)
        .when(expected.is_not_null() & (expected > on))
        .then(False)
        .when(enrolled_on.is_not_null() & (enrolled_on > on))
        .then(False)
        .otherwise(_NULL)
    )
    enrolled = (
        pl.when(grad.is_not_null() & (grad <= on))
        .then(False)
        .when(enrolled_on.is_null())
        .then(_NULL)
        .otherwise(enrolled_on <= on)
    )
    passed = expected.is_not_null() & (expected <= on)
    related, c = pl.col("related"), pl.col
    return [
        {
            "_cy": cy,
            "_graduated": graduated,
            "_enrolled": enrolled,
            "_passed": passed,
            **{f"_{name}": kind.is_in(kinds) for name, kinds in _KIND_SETS.items()},
        },
        {
            "_in_school": pl.when(c("_enrolled").fill_null(False) & grad.is_null() & c("_passed"))
            .then(_NULL)
            .otherwise(c("_enrolled")),
            "_cy_spec": c("_cy") & related,
            "_grad_related": c("_graduated") & related,
            "_vocational": c("_cy") & assessed & (target == "intermediate"),
            "_higher": c("_cy") & assessed & (target == "advanced"),
        },
    ]


_KIND_SETS = {
    "tech": _TECH_SCHOOLS,
    "senior_tech": _SENIOR_TECH,
    "vocational_kind": _VOCATIONAL,
    "college": _COLLEGE,
    "higher_kind": ("higher_vocational",),
    "college_of_technicians": ("technician_college",),
    "any_kind": (*_TECH_SCHOOLS, *_VOCATIONAL, *_COLLEGE),
}


def _readings() -> dict[str, pl.Expr]:
    """Per record, the yes/no/unknown of each schooling fact (no where its school kind has no say),
    from the columns of :func:`_stages`."""
    c = pl.col
    related, cy, cy_spec, grad_related = c("related"), c("_cy"), c("_cy_spec"), c("_grad_related")
    class_level = c("class_level")
    prep = class_level.is_in(["preparatory_technician", "technician"])

    def only(kinds: str, value: pl.Expr) -> pl.Expr:
        return pl.when(c(f"_{kinds}")).then(value).otherwise(False)

    return {
        "grad_technical_school_specialty": only("tech", cy_spec),
        "grad_assessed_vocational_intermediate": only("vocational_kind", c("_vocational")),
        "grad_senior_technical_school": only("senior_tech", cy),
        "grad_assessed_higher_vocational_advanced": only("higher_kind", c("_higher")),
        "graduated_college_related": only("college", grad_related),
        "graduated_senior_technical_school": only("senior_tech", c("_graduated")),
        "graduated_technician_college": only("college_of_technicians", c("_graduated")),
        "grad_vocational_or_college_specialty": only("any_kind", cy_spec),
        "grad_senior_class": only("tech", cy & (class_level != "intermediate")),
        "grad_higher_vocational_or_college_specialty": only("college", cy_spec),
        "grad_assessed_higher_vocational_or_college_specialty": only("college", cy_spec & c("assessed")),
        "student_technician_college_prep_class": only("college_of_technicians", c("_enrolled") & prep),
        "graduated_junior_college_related": only(
            "college", grad_related & _degree_is(frozenset({"junior_college"}))
        ),
        "graduated_bachelor_related": only("college", grad_related & _degree_is(frozenset({"bachelor"}))),
        "grad_master_or_above_related": only(
            "college", cy_spec & _degree_is(frozenset({"master", "doctor"}))
        ),
        "graduated_doctor_related": only("college", grad_related & _degree_is(frozenset({"doctor"}))),
        "student_higher_ed_related": only("college", c("_in_school") & related),
        "grad_assessed_vocational_intermediate_related": only("vocational_kind", c("_vocational") & related),
        "grad_assessed_higher_vocational_advanced_related": only("higher_kind", c("_higher") & related),
    }


_EDUCATION_COLUMNS = (
    "school_kind",
    "class_level",
    "specialty_match",
    "assessed",
    "training_target",
    "enrolled_on",
    "graduated_on",
    "expected_graduation",
    "degree_level",
    "major",
)


def _any_per_worker(
    ctx: Context, rows: pl.DataFrame, values: dict[str, pl.Expr], table: str
) -> dict[str, pl.Series]:
    """Per worker row, the Kleene "any" of each of ``values`` over the worker's ``rows`` (no where
    the worker has none; unknown where the records of ``table`` are not stated)."""
    codes = rows.select(W, **{name: kleene_code(v) for name, v in values.items()}).sort(W)
    reduced = reduce_runs(codes, maxes={name: pl.col(name) for name in values})
    stated = ctx.stated(table)
    out = spread(reduced, ctx.n).select(
        pl.when(stated).then(kleene_value(pl.col(name).fill_null(0))).alias(name) for name in values
    )
    return {name: out[name] for name in values}


def education_facts(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """The schooling facts among ``wanted`` as of the date asked."""
    recs = ctx.records("education", _EDUCATION_COLUMNS)
    recs = recs.with_columns(related=_specialty(ctx, recs))
    readings = {name: v for name, v in _readings().items() if name in wanted}
    if readings:
        for stage in _stages(ctx.on):
            recs = recs.with_columns(**stage)
    return _any_per_worker(ctx, recs, readings, "education") if readings else {}


def formal_training_facts(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """Per certificate level, a formal training for it completed by the date asked in the occupation
    (or one whose standard admits it): yes, no, or unknown where it may count."""
    recs = ctx.records("formal_trainings", ["level", "occupation_code", "completed_on"])
    recs = recs.with_columns(counts=ctx.counts(recs[W], recs["occupation_code"]))
    done = pl.col("completed_on") <= ctx.on
    values = {
        name: pl.when((pl.col("level") == gid) & done).then(pl.col("counts")).otherwise(False)
        for gid, name in FORMAL_KEYS
        if name in wanted
    }
    return _any_per_worker(ctx, recs, values, "formal_trainings") if values else {}
