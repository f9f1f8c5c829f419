"""What-if on the fast path: any population turned into facts frames, chunk by chunk, and both
policies answered by the columnar evaluator (the ``frames`` extra).

Record tables (:class:`~skilleco.population.records.RecordTables`, a folder, a zip, a mapping of
frames, or a :func:`~skilleco.population.scan_records` scan) are derived in columns chunk by chunk,
so a population larger than memory is compared in bounded memory; a population of models or rows is
validated as :func:`~skilleco.population.read_population` does, then derived in columns too
(workers) or subject by subject (other subjects). The answers are the scalar path's, row for row (a
property test checks it); only the rows that flip become Python objects.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import polars as pl

from ..columnar.evaluation import evaluate_pair
from ..columnar.frames import _schema_name, facts_frame, frame_editions, required_facts
from ..exceptions import PopulationError, RowError
from ..policy.policy import Policy
from ..population.population import OnError, Population, read_population
from ..population.record_scan import DEFAULT_CHUNK, RecordScan, iter_chunks, scan_records
from ..population.records import RecordTables, from_workers
from ..questions.registry import Question
from . import frame as wc
from .parts import Flip, StatusCount, Sum
from .subjects import SubjectTable

__all__ = ["Chunk", "Totals", "WorkerChunk", "fact_chunks", "is_record_tables", "worker_chunks"]

Progress = Callable[[int, int], None]


@attrs.frozen
class Chunk:
    """One facts frame of a population and where its rows come from."""

    frame: pl.DataFrame
    rows: Sequence[int] | None  # the source row of each subject (None: offset + position)
    offset: int  # subjects before this chunk


FRAME_SLICE = 350_000
"""Rows of a facts frame answered at a time: the evaluator's working columns for 1,000,000 rows at
once take about 400 MB beside the frame; in slices of this size, about 250 MB, for some 0.1 s more
(``benchmarks/records.py``)."""


def frame_chunks(frame: pl.DataFrame, q: Question, size: int | None = None) -> Iterator[Chunk]:
    """A facts frame in even slices of at most ``size`` rows (default :data:`FRAME_SLICE`; no copy;
    the chain units of an exits frame stay together, in one slice)."""
    parts = 1 if q.area == "exits" else max(1, -(-frame.height // (size or FRAME_SLICE)))
    step = -(-frame.height // parts) if frame.height else 0
    for k in range(parts):
        yield Chunk(frame.slice(k * step, step) if parts > 1 else frame, None, k * step)


def is_record_tables(source: object) -> bool:
    """Whether ``source`` is record tables (rather than one table of rows)."""
    if isinstance(source, RecordTables | RecordScan):
        return True
    if isinstance(source, Mapping) and "workers" in source:
        return True
    if isinstance(source, str | os.PathLike):
        return _is_dir(source) or Path(source).suffix.lower() == ".zip"
    return False


def _is_dir(source: str | os.PathLike[str]) -> bool:
    """Whether ``source`` names a folder (a name no file system takes is not one)."""
    try:
        return Path(source).is_dir()
    except (OSError, ValueError):  # too long, a NUL byte, ...
        return False


def needed_facts(
    q: Question, policies: Sequence[Policy], editions: Collection[str] | None = None
) -> list[str]:
    """The fact columns any of ``policies`` reads for ``q`` (grade questions: for rows judged by
    ``editions``, by default any template)."""
    out: dict[str, None] = {}
    for p in policies:
        out.update(dict.fromkeys(required_facts(q, policy=p, editions=editions)))
    return list(out)


def _chunk_facts(
    tables: RecordTables, q: Question, policy: Policy, policies: Sequence[Policy], day: _dt.date
) -> pl.DataFrame:
    """A chunk's facts frame, with only the facts of the templates its workers are judged by (a
    chunk without a legacy worker derives none of the legacy routes' facts)."""
    editions = None
    if q.area == "grade":
        first = facts_frame(tables, q, on=day, policy=policy, names=["occupation_edition"])
        editions = frame_editions(first, q)
    return facts_frame(tables, q, on=day, policy=policy, names=needed_facts(q, policies, editions))


def fact_chunks(
    source: Any,
    q: Question,
    policy: Policy,
    policies: Sequence[Policy],
    day: _dt.date,
    *,
    on_error: OnError,
    chunk_size: int = DEFAULT_CHUNK,
    meta: dict[str, Any],
) -> Iterator[Chunk]:
    """The population's facts frames, chunk by chunk; ``meta`` gets ``source``, ``rows`` (subjects
    in all), ``skipped`` (rows left out) as they become known."""
    kind = q.kind(policy)
    if not is_record_tables(source):
        pop = read_population(source, kind, on_error=on_error)  # a Population: its kind checked
        if pop.kind != "worker":
            meta.update(source=pop.source, skipped=len({e.row for e in pop.skipped}), rows=len(pop))
            yield Chunk(
                facts_frame(pop, q, on=day, policy=policy, names=needed_facts(q, policies)), pop.rows, 0
            )
            return
        source = pop
    for part in worker_chunks(source, q.name, kind, on_error=on_error, chunk_size=chunk_size, meta=meta):
        frame = _chunk_facts(part.tables, q, policy, policies, day)
        if part.ids is not None:
            frame = frame.with_columns(pl.Series("subject_id", part.ids, dtype=pl.String))
        yield Chunk(frame, part.rows, part.offset)


@attrs.frozen
class WorkerChunk:
    """Record tables of some workers of a population: ``ids`` are the workers' own ids where the
    tables key them by position instead (repeated ids), ``rows`` their source rows (``None``:
    ``offset`` + position)."""

    tables: RecordTables
    ids: Sequence[str] | None
    rows: Sequence[int] | None
    offset: int


def worker_chunks(
    source: Any,
    question: str,
    kind: str,
    *,
    on_error: OnError,
    chunk_size: int = DEFAULT_CHUNK,
    meta: dict[str, Any],
) -> Iterator[WorkerChunk]:
    """A population of workers as record tables, chunk by chunk: record tables (a folder is
    scanned), or a population of models or rows (read and validated here unless already a
    :class:`~skilleco.population.Population`); ``meta`` as :func:`fact_chunks` fills it."""
    if is_record_tables(source):
        if kind != "worker":
            raise PopulationError(
                "<record tables>",
                [
                    RowError(
                        0, "", question, "record tables hold workers, not what this question asks of", "kind"
                    )
                ],
                kind,
            )
        offset = 0
        if isinstance(source, str | os.PathLike) and _is_dir(source):
            source = scan_records(source, chunk_size=chunk_size, on_error=on_error)
        scan = source if isinstance(source, RecordScan) else None
        if isinstance(source, RecordScan | RecordTables):
            meta["rows"] = len(source)
        meta["source"] = getattr(
            source, "source", str(source) if isinstance(source, str | os.PathLike) else "<tables>"
        )
        meta["skipped"] = 0 if scan is None else len({(e.table, e.row) for e in scan.problems})
        for tables in iter_chunks(source, chunk_size=chunk_size, on_error=on_error):
            meta["skipped"] += len({(e.table, e.row) for e in tables.skipped})
            meta["source"] = tables.source
            yield WorkerChunk(tables, None, None, offset)
            offset += len(tables)
        meta["rows"] = offset
        return
    pop = source if isinstance(source, Population) else read_population(source, kind, on_error=on_error)
    meta.update(source=pop.source, skipped=len({e.row for e in pop.skipped}), rows=len(pop))
    for start in range(0, len(pop), chunk_size):
        end = min(start + chunk_size, len(pop))
        subjects = pop.subjects[start:end]
        ids = [str(getattr(w, "id", "")) for w in subjects]
        # Record tables key records by worker id: repeated ids (a population may hold them) are
        # keyed by position instead, and the ids put back in the results.
        keys = None if len(set(ids)) == len(ids) else [str(i) for i in range(len(ids))]
        tables = from_workers(
            subjects,
            weights=pop.weights[start:end],
            groups=pop.groups[start:end],
            source=pop.source,
            ids=keys,
        )
        yield WorkerChunk(tables, None if keys is None else ids, pop.rows[start:end], start)


_EXACT = float(2**53)  # below it, every sum of whole numbers is a whole number a float holds


def _weights_by(keys: pl.Series, w: pl.Series) -> dict[Any, tuple[int, list[float]]]:
    """Per key, its rows and what to add to a :class:`Sum` for their weights: the Polars sum itself
    when the weights are whole numbers whose absolute values add up to under 2**53 (then every
    partial sum, in any order, is exact), else every weight, for ``math.fsum``."""
    w = w.cast(pl.Float64)
    t = (
        pl.DataFrame({"k": keys, "w": w})
        .group_by("k")
        .agg(pl.len().alias("n"), pl.col("w").sum().alias("s"), _whole(pl.col("w")).alias("whole"))
    )
    out: dict[Any, tuple[int, list[float]]] = {}
    for k, n, total, exact in t.iter_rows():
        out[k] = (n, [total] if exact else w.filter(keys == k if k is not None else keys.is_null()).to_list())
    return out


def _whole(w: pl.Expr) -> pl.Expr:
    """Whether Polars' own sum of ``w`` is exact: whole numbers adding up (in absolute value) to
    under 2**53."""
    return (w == w.round()).all() & (w.abs().sum() < _EXACT)


def add_weights(total: Sum, w: pl.Series) -> None:
    """Add a chunk's weights to ``total``, exactly (see :func:`_weights_by`)."""
    w = w.cast(pl.Float64)
    whole = w.len() == 0 or bool(pl.select(_whole(pl.lit(w))).item())
    total.add([float(w.sum())] if whole else w.to_list())


@attrs.define
class Totals:
    """Counts, flips and eligible weights summed over chunks."""

    rows: dict[str, list[int]] = attrs.field(factory=dict)  # status -> [rows a, rows b]
    weights: dict[str, tuple[Sum, Sum]] = attrs.field(factory=dict)
    flips: list[Flip] = attrs.field(factory=list)
    eligible: dict[str, tuple[Sum, Sum]] = attrs.field(factory=dict)
    subjects: int = 0
    weight: Sum = attrs.field(factory=Sum)
    table: SubjectTable | None = None  # the per-subject table, when kept

    def add_statuses(self, a: pl.Series, b: pl.Series, w: pl.Series) -> None:
        for k, statuses in enumerate((a, b)):
            for status, (n, values) in _weights_by(statuses, w).items():
                self.rows.setdefault(status, [0, 0])[k] += n
                self.weights.setdefault(status, (Sum(), Sum()))[k].add(values)

    def add_eligible(self, k: int, out: pl.DataFrame, w: pl.Series) -> None:
        mask = (out["status"] == "eligible") & out["target"].is_not_null()
        for target, (_n, values) in _weights_by(out["target"].filter(mask), w.filter(mask)).items():
            self.eligible.setdefault(str(target), (Sum(), Sum()))[k].add(values)

    def eligible_by_grade(self, k: int) -> dict[str, float]:
        return {g: sums[k].value for g, sums in self.eligible.items() if sums[k].parts}

    def status_counts(self, statuses: Sequence[str]) -> tuple[StatusCount, ...]:
        seen = list(statuses) + sorted(set(self.rows) - set(statuses))
        out = []
        for s in seen:
            a, b = self.rows.get(s, [0, 0])
            wa, wb = self.weights.get(s, (Sum(), Sum()))
            out.append(StatusCount(s, a, b, wa.value, wb.value))
        return tuple(out)


def compare_chunk(
    chunk: Chunk,
    q: Question,
    pa: Policy,
    pb: Policy,
    day: _dt.date,
    weights: Sequence[float] | None,
    totals: Totals,
    cost: bool,
) -> None:
    """Answer one chunk under both policies and add its counts, flips and eligible weights."""
    frame = chunk.frame
    schema = _schema_name(q, pa)
    a, b = evaluate_pair(frame, q, policies=(pa, pb), on=day, explain=totals.table is not None)
    subjects = wc.subject_frame(frame, q)
    part = None if weights is None else weights[chunk.offset : chunk.offset + subjects.height]
    w = wc.weights_of(subjects, part)
    sa, sb = wc.subject_statuses(frame, a, q), wc.subject_statuses(frame, b, q)
    totals.add_statuses(sa, sb, w)
    totals.flips += wc.flips(frame, q, pa, pb, day, sa, sb, w, schema, chunk.rows, chunk.offset)
    if cost:
        totals.add_eligible(0, a, w)
        totals.add_eligible(1, b, w)
    if totals.table is not None:
        n = subjects.height
        rows = (
            pl.Series("row", chunk.rows, dtype=pl.Int64)
            if chunk.rows is not None
            else pl.int_range(chunk.offset + 1, chunk.offset + n + 1, dtype=pl.Int64, eager=True)
        )
        totals.table.add_frame(wc.subject_rows(frame, q, a, b, w, rows, schema))
    totals.subjects += subjects.height
    add_weights(totals.weight, w)


def answer_chunk(
    chunk: Chunk, q: Question, policy: Policy, day: _dt.date, weights: Sequence[float] | None
) -> tuple[pl.Series, pl.Series, pl.DataFrame]:
    """One policy's status per subject of a chunk, the subjects' weights, and the answer rows."""
    frame = chunk.frame
    out = wc.answer(frame, q, policy, day)
    subjects = wc.subject_frame(frame, q)
    part = None if weights is None else weights[chunk.offset : chunk.offset + subjects.height]
    return wc.subject_statuses(frame, out, q), wc.weights_of(subjects, part), out
