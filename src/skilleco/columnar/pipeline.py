"""The pipeline in columns: for every worker of some record tables, the first look at which they are
eligible for each certificate grade above the one they hold (issue 17).

The definition is :func:`skilleco.questions.pipeline.worker_pipeline` (its assumptions are in its
module); this is the same walk over the looks for a whole table at once. At each look the facts of
the workers still short of a grade are derived in columns from their record tables plus the
certificates the earlier looks projected, every certificate grade is answered by the columnar
evaluator for the workers short of it, and the certificates of the grades just reached are added
to the tables, issued ``lead_months`` after the look. A property test holds it to the scalar walk,
worker by worker.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Sequence

import attrs
import polars as pl

from ..facts.time import add_months
from ..ladder import GRADES, Grade
from ..policy.policy import Policy
from ..population.records import RecordTables
from ..questions.registry import parse_question
from .derive import worker_facts as derive_worker_facts
from .evaluation import evaluate
from .frames import frame_editions, required_facts

__all__ = ["CERTIFICATE_GRADES", "pipeline_frame"]

CERTIFICATE_GRADES: tuple[Grade, ...] = tuple(g for g in GRADES if g.kind == "certificate")
"""The grades a pipeline counts: the five certificate levels (五级 to 一级)."""

_GRADE = pl.Enum([g.id for g in CERTIFICATE_GRADES])
_RANK = {g.id: g.rank for g in GRADES}
_KEY = "subject_id"


def pipeline_frame(
    tables: RecordTables, *, policy: Policy, on: _dt.date, months: Sequence[int], lead_months: int
) -> pl.DataFrame:
    """Of each worker and each certificate grade above the one held on ``on`` that the occupation
    has, the first look (months after ``on``) at which the worker is eligible, and the routes then.

    Args:
        tables: the workers and their records (worker ids unique, as record tables are).
        policy: the policy (its standards apply, as in :func:`~skilleco.columnar.facts_frame`).
        on: the date asked about.
        months: the looks, ascending, starting at 0 (:func:`~skilleco.questions.pipeline.looks`).
        lead_months: months from a look at which a grade is reached to holding its certificate.

    Returns:
        One row per worker and grade, workers in table order and grades up the ladder:
        ``subject_id``, ``grade`` (an Enum of the certificate grade ids), ``month`` (Int32; null:
        not reached by the last look), ``routes`` (a list of rule ids; empty when not reached).
    """
    edition = derive_worker_facts(tables, on, policy=policy, names=["occupation_edition"])
    names = _names(policy, frame_editions(edition, "next_grade"))  # the templates of these workers only
    first = derive_worker_facts(tables, on, policy=policy, names=names)
    state = _State(tables, _pending(first, policy, on))
    for m in months:
        if state.pending.height == 0:
            break
        day = add_months(on, m)
        # Look 0 is the date asked, before any projection: the facts the pending pairs came from.
        frame = first if m == 0 else derive_worker_facts(state.active(), day, policy=policy, names=names)
        reached = []
        for g in CERTIFICATE_GRADES:
            ids = state.pending.filter(pl.col("grade") == g.id).get_column(_KEY)
            rows = frame.filter(pl.col(_KEY).is_in(ids.implode()))
            if rows.height == 0:
                continue
            status = evaluate(
                rows, f"grade:{g.id}", policy=policy, on=day, explain=False, findings=False, check=False
            )
            eligible = status.filter(pl.col("status") == "eligible").get_column(_KEY)
            if eligible.len() == 0:
                continue
            # The routes of the rows just reached only (few at each look): explaining every row costs more.
            rows = rows.filter(pl.col(_KEY).is_in(eligible.implode()))
            out = evaluate(rows, f"grade:{g.id}", policy=policy, on=day, findings=False, check=False)
            hit = out.select(
                _KEY,
                pl.lit(g.id).cast(_GRADE).alias("grade"),
                pl.lit(m, dtype=pl.Int32).alias("month"),
                pl.col("deciding").cast(pl.List(pl.String)).alias("routes"),
            )
            reached.append(hit)
        if reached:
            state.reach(pl.concat(reached), add_months(day, lead_months))
    return state.result()


def _names(policy: Policy, editions: Collection[str] | None) -> list[str]:
    out: dict[str, None] = {"occupation_has_senior_technician": None}
    for g in CERTIFICATE_GRADES:
        q = parse_question(f"grade:{g.id}")
        out.update(dict.fromkeys(required_facts(q, policy=policy, editions=editions)))
    return list(out)


def _pending(frame: pl.DataFrame, policy: Policy, on: _dt.date) -> pl.DataFrame:
    """The (worker, grade) pairs to walk: certificate grades above the grade held on ``on`` that the
    occupation has (``questions.pipeline.certificate_grades_above``); ``frame``: the facts on ``on``."""
    held = evaluate(
        frame, f"grade:{CERTIFICATE_GRADES[0].id}", policy=policy, on=on, explain=False, findings=False
    ).get_column("held")
    levels = {code: _levels(policy, code) for code in frame.get_column("occupation_code").unique().to_list()}
    base = frame.select(
        _KEY,
        pl.Series("held_rank", [_RANK.get(h, 0) if h else 0 for h in held.to_list()], dtype=pl.Int32),
        pl.col("occupation_has_senior_technician").fill_null(True).alias("top"),
        pl.col("occupation_code"),
    )
    parts = []
    for g in CERTIFICATE_GRADES:
        codes = [c for c, lv in levels.items() if lv is None or g.id in lv]
        keep = (pl.col("held_rank") < g.rank) & pl.col("occupation_code").is_in(codes)
        if g.id == "senior_technician":
            keep &= pl.col("top")
        parts.append(base.filter(keep).select(_KEY, pl.lit(g.id).cast(_GRADE).alias("grade")))
    return pl.concat(parts)


def _levels(policy: Policy, code: str) -> tuple[str, ...] | None:
    o = policy.for_occupation(code).occupations.get(code)
    return None if o is None or o.standard is None else o.levels


@attrs.define
class _State:
    """The walk's state: the pairs not yet reached, the reaches, the projected certificates."""

    tables: RecordTables
    pending: pl.DataFrame
    reached: list[pl.DataFrame] = attrs.field(factory=list)
    projected: list[pl.DataFrame] = attrs.field(factory=list)
    everyone: pl.DataFrame | None = None
    cut: RecordTables | None = None

    def __attrs_post_init__(self) -> None:
        self.everyone = self.pending

    def active(self) -> RecordTables:
        """The tables of the workers still short of a grade (or a few more: the tables are cut again
        only when a quarter of their workers is done), with the projected certificates."""
        ids = self.pending.get_column(_KEY).unique()
        if self.cut is None or ids.len() < 0.75 * self.cut.workers.height:
            keep = ids.implode()
            self.cut = attrs.evolve(
                self.tables,
                workers=self.tables.workers.filter(pl.col("id").is_in(keep)),
                tables={n: t.filter(pl.col("worker_id").is_in(keep)) for n, t in self.tables.tables.items()},
            )
        if not self.projected:
            return self.cut
        # Only the certificates of workers in the cut: a derivation reads records of its workers alone.
        keep = self.cut.workers.get_column("id").implode()
        extra = pl.concat(self.projected).filter(pl.col("worker_id").is_in(keep))
        certs = self.cut.table("certificates")
        certs = pl.concat([certs, extra.select(certs.columns).cast(certs.schema)])
        stated = pl.col("id").is_in(extra.get_column("worker_id").unique().implode())
        workers = self.cut.workers.with_columns(
            (pl.col("certificates_stated") | stated).alias("certificates_stated")
        )
        return attrs.evolve(self.cut, workers=workers, tables={**self.cut.tables, "certificates": certs})

    def reach(self, hit: pl.DataFrame, issued_on: _dt.date) -> None:
        """Record the reaches of a look; their certificates are issued on ``issued_on``."""
        self.reached.append(hit)
        self.pending = self.pending.join(hit.select(_KEY, "grade"), on=[_KEY, "grade"], how="anti")
        codes = self.tables.workers.select(pl.col("id").alias(_KEY), "occupation_code")
        certs = hit.join(codes, on=_KEY, how="left").select(
            pl.col(_KEY).alias("worker_id"),
            pl.col("grade").cast(pl.String).alias("level"),
            pl.col("occupation_code"),
            pl.lit(issued_on, dtype=pl.Date).alias("issued_on"),
        )
        schema = self.tables.table("certificates").schema
        self.projected.append(
            certs.with_columns(
                pl.lit(None).cast(schema[c]).alias(c) for c in schema if c not in certs.columns
            )
        )

    def result(self) -> pl.DataFrame:
        assert self.everyone is not None
        order = self.tables.workers.select(pl.col("id").alias(_KEY)).with_row_index("_row")
        empty = pl.DataFrame(
            schema={_KEY: pl.String, "grade": _GRADE, "month": pl.Int32, "routes": pl.List(pl.String)}
        )
        hits = pl.concat([empty, *self.reached])
        out = (
            self.everyone.join(hits, on=[_KEY, "grade"], how="left")
            .join(order, on=_KEY, how="left")
            .sort("_row", pl.col("grade").to_physical())
            .drop("_row")
        )
        return out.with_columns(pl.col("routes").fill_null(pl.lit([], dtype=pl.List(pl.String))))
