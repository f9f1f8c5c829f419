"""The facts frame of record tables: which parts to derive for the facts asked, and the frame
:func:`skilleco.columnar.facts_frame` gives (issue 14, item 2)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection

import polars as pl

from ...exceptions import UnknownFactError
from ...facts.holdings import CERT_KEYS, PREP_KEYS, TITLE_KEYS, HoldingKeys
from ...facts.legacy import CONTINUOUS_KEYS
from ...facts.spec import FactSpec
from ...facts.worker import (
    APPRENTICESHIP,
    CERT_CONTINUOUS,
    CERT_MONTHS,
    CERTS,
    COMPETITIONS,
    CONTINUOUS,
    CONTRIBUTIONS,
    EDUCATION,
    FORMAL_TRAINING,
    OTHER,
    POSTS,
    PREP,
    PREP_MONTHS,
    TITLE_MONTHS,
    TITLES,
    TRAINEE,
    WORK,
    fact_groups,
)
from ...models.dates import as_date
from ...policy.policy import SCHEMAS, Policy
from ...policy.registry import load_policy
from ...population.records import RecordTables
from . import career, holdings, schooling, work
from .context import Context
from .holdings import Held
from .work import Since

__all__ = ["worker_facts"]

_ID = "subject_id"
_OCCUPATION = "occupation_code"
_COMPUTED = frozenset({"target_rank", "current_rank"})  # set by the evaluator, never derived
_TYPES = {"bool": pl.Boolean, "int": pl.Int64, "float": pl.Float64, "str": pl.String, "date": pl.Date}
# A worker's whole numbers are months, ranks and counts of records, all far below 2**31: 32 bits
# halve a facts frame's integer columns (organisations' counts, given by users, keep 64).
_INT32 = frozenset(n for n, s in SCHEMAS["worker"].items() if s.type == "int")


def fact_dtype(spec: FactSpec) -> pl.DataType:
    """A fact's column type in a facts frame."""
    return pl.Int32() if spec.name in _INT32 else _TYPES[spec.type]()


def usable(dtype: pl.DataType, spec: FactSpec) -> bool:
    """Whether a column of ``dtype`` serves ``spec`` as it is: its own type, or a 32- or 64-bit
    signed integer for a whole-number fact (any other type is cast to the fact's type)."""
    return bool(dtype == fact_dtype(spec) or (spec.type == "int" and dtype in (pl.Int32, pl.Int64)))


def worker_facts(
    tables: RecordTables,
    on: _dt.date | str,
    *,
    policy: str | Policy,
    names: Collection[str] | None = None,
) -> pl.DataFrame:
    """The workers' facts as of ``on``, derived in columns from their record tables.

    The frame :func:`skilleco.columnar.facts_frame` gives for the same workers, row for row: one row
    per worker in table order with ``subject_id`` and ``occupation_code``, each fact asked for as a
    typed column in schema order (null: unknown), then ``weight`` and the group columns. An
    occupation with a standard on file in ``policy`` is judged by it: its template and levels,
    and whose work and certificates count (``standards.md``).

    Args:
        tables: the workers and their records.
        on: the date the facts are derived for.
        policy: the policy whose standards apply.
        names: the facts wanted (default: every fact of the worker schema the evaluator does not set
            itself); only the fact groups they need are derived.

    Raises:
        UnknownFactError: a name that is not a derived worker fact.
    """
    day, pol = as_date(on), load_policy(policy)
    specs = {name: spec for name, spec in SCHEMAS["worker"].items() if name not in _COMPUTED}
    if names is None:
        wanted = list(specs)
    else:
        for name in names:
            if name not in specs:
                raise UnknownFactError(name, specs)
        asked = set(names)
        wanted = [name for name in specs if name in asked]
    ctx = Context.build(tables, day, pol)
    facts = _derive(ctx, frozenset(wanted))
    workers = tables.workers
    columns = [workers["id"].alias(_ID), workers["occupation_code"].alias(_OCCUPATION)]
    columns += [facts[name].cast(fact_dtype(specs[name])).alias(name) for name in wanted]
    columns.append(workers["weight"])
    columns += [workers[g].cast(pl.String) for g in tables.group_names]
    return pl.DataFrame(columns)


_MONTHS = WORK | CONTINUOUS | CERT_MONTHS | CERT_CONTINUOUS | PREP_MONTHS | TITLE_MONTHS | TRAINEE
_TABLES = (
    (_MONTHS, "work_periods"),
    (CERTS | CERT_MONTHS | CERT_CONTINUOUS, "certificates"),
    (PREP | PREP_MONTHS, "prep_technician_certificates"),
    (TITLES | TITLE_MONTHS, "titles"),
    (EDUCATION, "education"),
    (FORMAL_TRAINING, "formal_trainings"),
    (COMPETITIONS, "competitions"),
    (POSTS, "posts"),
    (POSTS, "direct_recognitions"),
    (CONTRIBUTIONS, "contributions"),
)
"""The record tables each fact group reads."""


def _derive(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    groups = fact_groups(wanted)
    ctx.locate(table for bits, table in _TABLES if groups & bits)
    out = _occupation(ctx, wanted)
    since: list[Since] = []
    if groups & (CERTS | CERT_MONTHS | CERT_CONTINUOUS):
        certs = holdings.certificates(ctx)
        continuous = {gid: (low, high) for gid, low, high in CONTINUOUS_KEYS}
        for gid, _, keys in CERT_KEYS:
            out.update(holdings.holding_facts(keys, certs[gid], wanted))
            since.append(
                Since(
                    certs[gid], _pair(keys.months, keys.months_max, wanted), _pair(*continuous[gid], wanted)
                )
            )
        if "cert_rank" in wanted:
            out["cert_rank"] = holdings.cert_rank(certs)
    if groups & (PREP | PREP_MONTHS):
        since.append(_holding(out, PREP_KEYS, holdings.prep_certificate(ctx), wanted))
    if groups & (TITLES | TITLE_MONTHS):
        for (keys, _), h in zip(TITLE_KEYS, holdings.titles(ctx), strict=True):
            since.append(_holding(out, keys, h, wanted))
    since = [s for s in since if s.months is not None or s.continuous is not None]
    if groups & (WORK | CONTINUOUS) or since:
        out.update(work.work_facts(ctx, wanted, since))
    if groups & TRAINEE:
        out.update(work.trainee_facts(ctx, wanted))
    if groups & EDUCATION:
        out.update(schooling.education_facts(ctx, wanted))
    if groups & FORMAL_TRAINING:
        out.update(schooling.formal_training_facts(ctx, wanted))
    if groups & COMPETITIONS:
        out.update(career.competition_facts(ctx, wanted))
    if groups & POSTS:
        out.update(career.post_facts(ctx, wanted))
    if groups & APPRENTICESHIP:
        out.update(career.apprenticeship_facts(ctx, wanted))
    if groups & OTHER:
        out.update(career.other_facts(ctx, wanted))
    if groups & CONTRIBUTIONS:
        out.update(career.contribution_facts(ctx))
    return out


def _pair(low: str, high: str, wanted: frozenset[str]) -> tuple[str, str] | None:
    return (low, high) if low in wanted or high in wanted else None


def _holding(out: dict[str, pl.Series], keys: HoldingKeys, h: Held, wanted: frozenset[str]) -> Since:
    out.update(holdings.holding_facts(keys, h, wanted))
    return Since(h, _pair(keys.months, keys.months_max, wanted))


def _occupation(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """Birth date, and the occupation's template and 高级技师 level as its standard has them
    (:func:`~skilleco.questions.grades.by_standard`)."""
    workers = ctx.workers
    code = pl.col("occupation_code")
    editions = {c: s.edition for c, s in ctx.standing.items() if s.edition is not None}
    no_top = sorted(c for c, s in ctx.standing.items() if s.no_top)
    edition = pl.col("occupation_standard_edition")
    if editions:
        edition = code.replace_strict(editions, default=edition, return_dtype=pl.String)
    top = pl.col("occupation_has_senior_technician")
    if no_top:
        top = pl.when(code.is_in(no_top)).then(False).otherwise(top)
    frame = workers.select(
        birth_date="birth_date", occupation_edition=edition, occupation_has_senior_technician=top
    )
    return {name: frame[name] for name in frame.columns if name in wanted}
