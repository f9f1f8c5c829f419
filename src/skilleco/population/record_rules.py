"""The checks of record tables across fields and tables: what the models check across a record's
fields, and the dates that cannot be (``grades.md``, "Dates must be possible"), as Polars filters.

:class:`Problems` collects what every check finds, by table, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from ..exceptions import RowError
from ..models.fields import MAX_ITEMS
from ..models.plausible import MIN_WORKING_AGE
from ..models.schooling import DEGREE_LEVELS
from .record_schema import KEY, WORKERS

__all__ = ["BIRTH", "ROW", "WORKER", "Problems", "cross_checks", "plausible"]

ROW = "__row"
"""The column holding each row's 1-based number in its table."""
WORKER = "__worker"
"""The column holding a record's worker as a row index of the workers table (null: no such worker)."""
BIRTH = "__birth"
"""The column holding a record's worker's birth date."""
_MAX_ERRORS = 10_000  # listed problems kept per source (the count of skipped workers is exact)


class Problems:
    """Problems found so far, and the workers (by id) and orphan rows they rule out."""

    def __init__(self) -> None:
        self.rows: list[RowError] = []
        self.bad_ids: set[str] = set()
        self.bad_rows: dict[str, set[int]] = {}
        self.cells: dict[tuple[str, str], set[int]] = {}
        self.count = 0

    def add(self, table: str, frame: pl.DataFrame, column: str, reason: str, code: str) -> None:
        """Record a problem for every row of ``frame`` (with ``__row``, the value, and the id)."""
        seen = self.cells.setdefault((table, column), set())
        if code == "missing" and seen:  # a bad value, reported already, is not also a missing one
            frame = frame.filter(~pl.col(ROW).is_in(pl.Series(sorted(seen), dtype=pl.UInt32).implode()))
        if frame.is_empty():
            return
        seen.update(frame[ROW].to_list())
        key = "id" if table == WORKERS else KEY
        self.count += frame.height
        self.bad_rows.setdefault(table, set()).update(frame[ROW].to_list())
        if key in frame.columns:
            self.bad_ids.update(v for v in frame[key].to_list() if v is not None)
        room = _MAX_ERRORS - len(self.rows)
        if room <= 0:
            return
        values = (
            frame[column].to_list()[:room] if column in frame.columns else [None] * min(room, frame.height)
        )
        for row, value in zip(frame[ROW].to_list()[:room], values, strict=True):
            self.rows.append(RowError(int(row), column, value, reason, code, table))


def _ordered(name: str, frame: pl.DataFrame, start: str, end: str, what: str, problems: Problems) -> None:
    bad = frame.filter(pl.col(end) < pl.col(start))
    problems.add(name, bad, end, f"{what}: the end is before the start", "value_error")


def cross_checks(name: str, frame: pl.DataFrame, problems: Problems) -> None:
    """What the models check across the fields of one record."""
    if name in ("work_periods", "posts"):
        _ordered(name, frame, "start", "end", "work period" if name == "work_periods" else "post", problems)
    elif name == WORKERS:
        _ordered(name, frame, "apprenticeship_start", "apprenticeship_end", "apprenticeship", problems)
    elif name == "competitions":
        bad = frame.filter(pl.col("rank") > pl.col("entrants"))
        problems.add(name, bad, "rank", "the rank is greater than the entrants", "value_error")
    elif name == "education":
        _ordered(name, frame, "enrolled_on", "graduated_on", "education", problems)
        _ordered(
            name, frame, "enrolled_on", "expected_graduation", "education (expected graduation)", problems
        )
        pairs = [(k, d) for k, levels in DEGREE_LEVELS.items() for d in levels]
        ok = pl.DataFrame(
            {
                "school_kind": [k for k, _ in pairs],
                "degree_level": [d for _, d in pairs],
                "__ok": [True] * len(pairs),
            }
        )
        joined = frame.join(ok, on=["school_kind", "degree_level"], how="left")
        bad = joined.filter(pl.col("degree_level").is_not_null() & pl.col("__ok").is_null())
        problems.add(name, bad, "degree_level", "not a degree this kind of school gives", "value_error")
    if name != WORKERS:
        counts = frame[WORKER].drop_nulls().value_counts(name="n")
        over = counts.filter(pl.col("n") > MAX_ITEMS)[WORKER]
        if over.len():
            bad = frame.filter(pl.col(WORKER).is_in(over.implode()))
            problems.add(name, bad, KEY, f"more than {MAX_ITEMS} {name} for one worker", "too_long")


# Which dates of each long table must not precede the birth, and whether the record is work.
_DATED: Mapping[str, tuple[tuple[str, ...], bool]] = {
    "work_periods": (("start",), True),
    "certificates": (("issued_on",), False),
    "prep_technician_certificates": (("issued_on",), False),
    "education": (("enrolled_on", "graduated_on", "expected_graduation"), False),
    "formal_trainings": (("completed_on",), False),
    "titles": (("obtained_on",), False),
    "competitions": (("on", "promoted_on"), False),
    "contributions": (("on",), False),
    "direct_recognitions": (("on",), False),
    "posts": (("start",), True),
}


def plausible(name: str, frame: pl.DataFrame, problems: Problems) -> None:
    """Records dated before the birth, and work before the 16th birthday (``models/plausible.py``);
    a long table holds its worker's birth date in :data:`BIRTH`."""
    if name == WORKERS:
        adult = pl.col("birth_date").dt.offset_by(f"{MIN_WORKING_AGE}y")
        bad = frame.filter(pl.col("apprenticeship_start") < adult)
        problems.add(name, bad, "apprenticeship_start", _young, "impossible_date")
        return
    names, work = _DATED[name]
    adult = pl.col(BIRTH).dt.offset_by(f"{MIN_WORKING_AGE}y")
    for column in names:
        limit = adult if work else pl.col(BIRTH)
        bad = frame.filter(pl.col(column) < limit)
        if bad.is_empty():
            continue
        before = bad.filter(pl.col(column) < pl.col(BIRTH))
        problems.add(name, before, column, "dated before the birth date", "impossible_date")
        problems.add(name, bad.filter(pl.col(column) >= pl.col(BIRTH)), column, _young, "impossible_date")


_young = f"work starting before the {MIN_WORKING_AGE}th birthday: under the legal minimum working age"
