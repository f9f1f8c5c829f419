"""What every part of the derivation shares: the workers by row, their records joined to that row,
each occupation's standard, and per-record judgements made once per distinct key.

The standard of an occupation applies as on the one-worker path (:func:`~skilleco.questions.grades.
by_standard`, :func:`~skilleco.questions.grades.standard_kinship`): it is worked out once per distinct
occupation code. Whether a record in another occupation counts
(:func:`~skilleco.facts.relation.counts_toward`) and whether a school record is in the specialty
(:func:`~skilleco.facts.relation.specialty_related`) are Python functions of a few values: they run
once per distinct tuple of those values, and the answers are joined back to the records.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs
import polars as pl

from ...facts.relation import Kinship, counts_toward
from ...models.worker import Occupation, Worker
from ...policy.policy import Policy
from ...population.record_schema import KEY, stated_column
from ...population.records import RecordTables
from ...questions.grades import by_standard, standard_kinship
from .calendar import day_number, day_of, packed_days
from .runs import W

__all__ = ["Context", "Standing", "classify", "standings"]


@attrs.frozen
class Standing:
    """What an occupation's standard on file does to its workers (nothing, with no standard).

    Attributes:
        edition: the standard's template, replacing the one the worker's record states (``None``:
            the record's stands).
        no_top: the standard has no 一级, so the occupation has no 高级技师 level.
        kinship: what the standard says of other occupations and of majors.
    """

    edition: str | None = None
    no_top: bool = False
    kinship: Kinship | None = None


def standings(policy: Policy, codes: Iterable[str]) -> dict[str, Standing]:
    """Per occupation code, its :class:`Standing` under ``policy``, read as the one-worker path reads it."""
    out = {}
    for code in codes:
        occupation = Occupation.model_construct(
            code=code, standard_edition="t2023", has_senior_technician=True
        )
        probe = Worker.model_construct(id="-", occupation=occupation)
        seen, pol = by_standard(probe, policy)
        changed = seen is not probe
        out[code] = Standing(
            seen.occupation.standard_edition if changed else None,
            changed and seen.occupation.has_senior_technician is False,
            standard_kinship(pol, seen),
        )
    return out


def classify(keys: pl.DataFrame, judge: Callable[..., bool | None]) -> pl.Series:
    """``judge(*row)`` for every row of ``keys``, called once per distinct row (yes/no/unknown)."""
    if keys.is_empty():
        return pl.Series("judged", [], dtype=pl.Boolean)
    distinct = keys.unique()
    answers = pl.Series("judged", [judge(*row) for row in distinct.iter_rows()], dtype=pl.Boolean)
    table = distinct.with_columns(answers)
    joined = keys.with_row_index("_i").join(table, on=keys.columns, how="left")
    return joined.sort("_i")["judged"]


@attrs.frozen(eq=False)
class Context:
    """The record tables and the date asked, with what the parts of the derivation share.

    Attributes:
        tables: the record tables.
        on: the date asked (records dated after it do not exist yet).
        standing: per occupation code of the workers table, its :class:`Standing`.
        calendar: per day number, the packed date (:func:`~.calendar.packed_days`).
        hashes: the hash of each worker's id.
    """

    tables: RecordTables
    on: _dt.date
    standing: Mapping[str, Standing]
    calendar: pl.Series
    hashes: pl.Series
    owners: dict[str, tuple[pl.Series | None, pl.Series]] = attrs.field(factory=dict)
    """Per long table once found, its records' worker rows: ``(None, rows)``, a row per record
    (null: no such worker), or ``(records, rows)`` pairs where an id is more than one worker's."""

    @classmethod
    def build(cls, tables: RecordTables, on: _dt.date, policy: Policy) -> Context:
        codes = tables.workers["occupation_code"].unique().to_list()
        return cls(tables, on, standings(policy, codes), packed_days(), tables.workers["id"].hash())

    @property
    def n(self) -> int:
        return self.tables.workers.height

    @property
    def workers(self) -> pl.DataFrame:
        return self.tables.workers

    @property
    def today(self) -> int:
        """The day number of ``on``."""
        return day_of(self.on)

    def stated(self, table: str) -> pl.Series:
        """Per worker row, whether the worker's records of ``table`` are stated."""
        return self.workers[stated_column(table)]

    def packed(self, day: pl.Expr) -> pl.Expr:
        """The packed date of a date column (null stays null)."""
        return pl.lit(self.calendar).gather(day_number(day))

    def locate(self, names: Iterable[str]) -> None:
        """Find the worker row of every record of the tables ``names``, all in one join.

        The ids are joined by their hashes (one hash table of the workers' ids for every table),
        then checked against the ids themselves. Where two workers' ids share a hash (the same id
        twice, or a collision), or a record's id shares one with a worker's, a table is joined on
        the ids instead: a record then belongs to every worker of its id, as
        :meth:`~skilleco.population.records.RecordTables.to_workers` gives it to each.
        """
        todo = [name for name in dict.fromkeys(names) if name not in self.owners]
        for name in list(todo):  # found already by the reader, as it checked the tables
            rows = self.tables.worker_rows(name)
            if rows is not None:
                self.owners[name] = (None, rows)
                todo.remove(name)
        if not todo:
            return
        keys = [self.tables.table(name)[KEY] for name in todo]
        if self.hashes.n_unique() < self.n:
            for name, key in zip(todo, keys, strict=True):
                self.owners[name] = self._join_ids(key)
            return
        hashes = pl.concat([k.hash() for k in keys])
        # A worker's records mostly come together: join each run of one id once.
        head = (hashes != hashes.shift(1)).fill_null(True)
        heads = pl.DataFrame({"_h": hashes.filter(head)}).with_row_index("_i")
        workers = pl.DataFrame({"_h": self.hashes, W: pl.int_range(0, self.n, dtype=pl.UInt32, eager=True)})
        found = heads.join(workers, on="_h", how="inner")
        rows = pl.repeat(None, heads.height, dtype=pl.UInt32, eager=True)
        if found.height:
            rows.scatter(found["_i"], found[W])
        rows = rows.gather(head.cum_sum() - 1)
        offset = 0
        for name, key in zip(todo, keys, strict=True):
            mine = rows.slice(offset, key.len())
            offset += key.len()
            same = (self.workers["id"].gather(mine) == key).fill_null(True).all()
            self.owners[name] = (None, mine) if same else self._join_ids(key)

    def _join_ids(self, key: pl.Series) -> tuple[pl.Series, pl.Series]:
        """Each record of ``key`` with the row of each worker of its id, joined on the ids."""
        ids = self.workers.select(
            pl.col("id").alias(KEY), pl.int_range(0, pl.len(), dtype=pl.UInt32).alias(W)
        )
        found = pl.DataFrame({KEY: key}).with_row_index("_i").join(ids, on=KEY, how="inner").sort("_i", W)
        return found["_i"], found[W]

    def records(self, table: str, columns: Sequence[str]) -> pl.DataFrame:
        """The ``columns`` of ``table`` with ``_w``, the worker row: records of workers whose
        records of ``table`` are stated (a record of another worker is no one's, as in the models)."""
        t = self.tables.table(table).select(columns)
        self.locate([table])
        index, rows = self.owners[table]
        if index is not None:
            t = t[index]
        keep = rows.is_not_null() & self.stated(table).gather(rows).fill_null(False)
        return t.with_columns(rows.alias(W)).filter(keep).select(W, *columns)

    def own(self, rows: pl.Series) -> pl.Series:
        """The occupation code of the workers at ``rows``."""
        return self.workers["occupation_code"].gather(rows)

    def kinship(self, code: str) -> Kinship | None:
        standing = self.standing.get(code)
        return None if standing is None else standing.kinship

    def counts(self, rows: pl.Series, codes: pl.Series) -> pl.Series:
        """Whether a record in occupation ``codes`` counts toward its worker's occupation:
        :func:`~skilleco.facts.relation.counts_toward` by the occupation's standard."""
        own = self.own(rows)
        plain = (codes.is_null() | (codes == own)).fill_null(True)
        out = pl.repeat(True, rows.len(), dtype=pl.Boolean, eager=True)
        if plain.all():
            return out
        other = pl.DataFrame({"code": codes.filter(~plain), "own": own.filter(~plain)})
        judged = classify(other, lambda code, own: counts_toward(code, own, self.kinship(own)))
        out.scatter(plain.not_().arg_true(), judged)
        return out
