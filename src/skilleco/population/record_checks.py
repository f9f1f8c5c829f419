"""Record tables checked and typed up front, every problem named by table, row and column.

Each column is read as its schema says (:mod:`skilleco.population.record_schema`): text trimmed, a
blank cell "not stated", numbers, dates, booleans and grades read by the very validators the models
use (run once per distinct value, so a million rows cost what their few thousand distinct values
cost), enumerations checked against their values. Then what the models check across fields (an end
before a start, a rank above the entrants, a degree the school does not give, more than
``MAX_ITEMS`` records), what only tables can get wrong (a repeated worker id, a record of a worker
who is not in the workers table, records of a worker whose records are said not to be stated), and
the dates that cannot be (``grades.md``, "Dates must be possible": nothing before the birth, no work
before the 16th birthday).

A row with a problem is never dropped silently: ``on_error="raise"`` raises a
:class:`~skilleco.exceptions.PopulationError` listing every problem; ``on_error="skip"`` leaves out
each worker with a problem in any of their rows, with all their records, and lists every problem.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import polars as pl
from pydantic import Field, TypeAdapter, ValidationError

from ..exceptions import PopulationError, RowError, plain_message
from ..ladder import grade
from ..models.fields import certificate_level
from .record_rules import BIRTH, ROW, WORKER, Problems, cross_checks, plausible
from .record_schema import KEY, LONG_TABLES, TABLES, WORKERS, Column, stated_column
from .records import RecordTables, dtype_of

__all__ = ["check_tables"]


# --- reading one column ---------------------------------------------------------------------------


def _reader(table: str, column: Column) -> Callable[[object], object]:
    """The model's own validator for one column's values (``ValueError`` with its message)."""
    if column.kind == "grade":
        check = certificate_level if column.field[-1] == "level" else (lambda v: v)

        def read_grade(value: object) -> object:
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise ValueError(f"expected a grade id, label or certificate level 1-5, got {value!r}")
            try:
                return check(grade(value).id)
            except LookupError as exc:
                raise ValueError(str(exc)) from None

        return read_grade
    adapter = _adapter(table, column)

    def read(value: object) -> object:
        try:
            return adapter.validate_python(value)
        except ValidationError as exc:
            raise ValueError(plain_message(exc.errors()[0]["msg"])) from None

    return read


@functools.cache
def _adapter(table: str, column: Column) -> TypeAdapter[Any]:
    """A validator of the model field behind a column (``weight`` and ``…_stated``: their own)."""
    from ..models.worker import Apprenticeship, Employer, Occupation, Worker

    if not column.field:
        if column.kind == "bool":
            return TypeAdapter(bool | None)
        return TypeAdapter(Annotated[float, Field(ge=0, le=column.maximum, allow_inf_nan=False)])
    if table != WORKERS:
        owner: Any = TABLES[table].model
    else:
        owners = {"occupation": Occupation, "apprenticeship": Apprenticeship, "employer": Employer}
        owner = owners[column.field[0]] if len(column.field) > 1 else Worker
    info = owner.model_fields[column.field[-1]]
    # The field's own validators and bounds travel in its metadata (``Day`` reads dates strictly).
    kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(kind)


def _by_distinct(frame: pl.DataFrame, table: str, column: Column, problems: Problems) -> pl.Series:
    """A column read value by value with the model's validator, once per distinct value."""
    raw = frame[column.name]
    read = _reader(table, column)
    distinct = raw.drop_nulls().unique()
    good: dict[Any, object] = {}
    bad: dict[Any, str] = {}
    for value in distinct.to_list():
        try:
            good[value] = read(value)
        except ValueError as exc:
            bad[value] = str(exc)
    by_reason: dict[str, list[Any]] = {}
    for value, reason in bad.items():
        by_reason.setdefault(reason, []).append(value)
    for reason, values in by_reason.items():
        rows = frame.filter(raw.is_in(pl.Series(values, dtype=raw.dtype).implode()))
        problems.add(table, rows, column.name, reason, "invalid_value")
    dtype = dtype_of(column)
    if not good:
        return pl.Series(column.name, [None] * frame.height, dtype=dtype)
    keys = pl.Series("k", list(good), dtype=raw.dtype)
    parsed = pl.Series("v", list(good.values()), dtype=dtype)
    return raw.replace_strict(keys, parsed, default=None, return_dtype=dtype).alias(column.name)


def _text(raw: pl.Series) -> pl.Series:
    """Text trimmed; a blank cell is not stated."""
    s = raw.cast(pl.String).str.strip_chars()
    return pl.select(pl.when(s.str.len_chars() == 0).then(None).otherwise(s)).to_series().alias(raw.name)


def _column(frame: pl.DataFrame, table: str, column: Column, problems: Problems) -> pl.Series:
    """One column read and typed as the schema says; bad cells become problems (and null)."""
    raw = frame[column.name]
    dtype: Any = raw.dtype
    kind = column.kind
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        text = _text(raw)
        if kind in ("str", "enum"):
            return _checked_text(frame.with_columns(text), table, column, problems)
        return _by_distinct(frame.with_columns(text), table, column, problems)
    if dtype == pl.Null:
        return pl.Series(column.name, [None] * frame.height, dtype=dtype_of(column))
    if kind == "date" and isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        zoned = frame.filter(raw.is_not_null())
        why = "expected a date, got a timestamp with a time zone (a moment, not a calendar day)"
        problems.add(table, zoned, column.name, why, "invalid_value")
        raw = raw.dt.replace_time_zone(None).dt.truncate("1d")  # one problem a cell, not two
    if kind == "date" and isinstance(dtype, pl.Datetime):
        midnight = raw.dt.time() == _dt.time(0)
        timed = frame.filter(~midnight.fill_null(True) & raw.is_not_null())
        problems.add(table, timed, column.name, "expected a date without a time of day", "invalid_value")
        raw = raw.dt.date()
        dtype = pl.Date
    if kind == "date" and dtype == pl.Date:
        return _by_distinct(frame.with_columns(raw), table, column, problems)
    if kind == "bool" and dtype == pl.Boolean:
        return raw
    if kind in ("int", "float", "bool") and dtype.is_numeric():
        if dtype.is_float() and kind != "float":
            raw = raw.fill_nan(None)
        if kind == "float" and dtype.is_float():
            raw = raw.fill_nan(None)
        return _by_distinct(frame.with_columns(raw), table, column, problems)
    problems.add(
        table,
        frame.filter(raw.is_not_null()),
        column.name,
        f"expected a {kind} column, got a column of {dtype}",
        "wrong_dtype",
    )
    return pl.Series(column.name, [None] * frame.height, dtype=dtype_of(column))


def _checked_text(frame: pl.DataFrame, table: str, column: Column, problems: Problems) -> pl.Series:
    s = frame[column.name]
    if column.kind == "enum":
        bad = frame.filter(s.is_not_null() & ~s.is_in(list(column.allowed)))
        shown = ", ".join(column.allowed)
        problems.add(table, bad, column.name, f"expected one of {shown}", "invalid_value")
        return pl.select(pl.when(s.is_in(list(column.allowed))).then(s)).to_series().alias(column.name)
    if column.max_length is not None:
        long = frame.filter(s.str.len_chars() > column.max_length)
        problems.add(table, long, column.name, f"at most {column.max_length} characters", "string_too_long")
        s = pl.select(pl.when(s.str.len_chars() <= column.max_length).then(s)).to_series().alias(column.name)
    return s


# --- one table ------------------------------------------------------------------------------------


def _columns_of(
    name: str, frame: pl.DataFrame, groups: tuple[str, ...], source: str
) -> tuple[tuple[str, ...], list[RowError]]:
    """The group columns present, and problems with the table's columns (always fatal)."""
    spec = TABLES[name]
    known = set(spec.column_names)
    out: list[RowError] = []
    seen: set[str] = set()
    for c in frame.columns:
        if c in seen:
            out.append(RowError(0, c, None, "a column appears twice", "duplicate_column", name))
        seen.add(c)
    present_groups = tuple(c for c in frame.columns if name == WORKERS and c in groups)
    for c in frame.columns:
        if c not in known and c not in present_groups and c != ROW:
            out.append(RowError(0, c, None, f"not a column of the {name} table", "unknown_column", name))
    # A one-of record's required columns are needed once any of its columns is there.
    one_of = {col.field[0] for col in spec.columns if len(col.field) > 1 and col.name in frame.columns}
    for col in spec.columns:
        needed = col.required and (
            len(col.field) <= 1 or col.field[0] == "occupation" or col.field[0] in one_of
        )
        if needed and col.name not in frame.columns:
            out.append(RowError(0, col.name, None, "a required column is missing", "missing_column", name))
    return present_groups, out


def _typed(name: str, frame: pl.DataFrame, problems: Problems) -> pl.DataFrame:
    """Every schema column of one table, read and typed, blanks filled with the defaults."""
    spec = TABLES[name]
    cols = [frame[ROW]]
    for col in spec.columns:
        if col.name not in frame.columns:
            s = pl.Series(col.name, [col.default] * frame.height, dtype=dtype_of(col))
        else:
            s = _column(frame, name, col, problems)
            if col.default is not None:
                s = s.fill_null(col.default)
        cols.append(s)
    # One chunk per column: an eager operation on columns chunked differently copies them all first.
    return pl.DataFrame(cols).rechunk()


def _required(name: str, frame: pl.DataFrame, problems: Problems) -> None:
    spec = TABLES[name]
    given = None
    if name == WORKERS:
        appr = [c for c in spec.columns if c.field[:1] == ("apprenticeship",)]
        given = pl.any_horizontal(
            [
                pl.col(c.name).is_not_null()
                if c.default is None
                else (pl.col(c.name) != pl.lit(c.default)).fill_null(False)
                for c in appr
            ]
        )
        frame = frame.with_columns(given.alias("__appr"))
    for col in spec.columns:
        if not col.required:
            continue
        missing = pl.col(col.name).is_null()
        if col.field[:1] == ("apprenticeship",):
            missing = missing & pl.col("__appr")
        problems.add(name, frame.filter(missing), col.name, "a value is required", "missing")


# --- the tables together --------------------------------------------------------------------------


def check_tables(
    frames: Mapping[str, pl.DataFrame],
    *,
    source: str,
    groups: tuple[str, ...] = ("region",),
    on_error: str = "raise",
) -> RecordTables:
    """Check and type raw tables (strings or typed columns) into :class:`RecordTables`."""
    fatal: list[RowError] = []
    for name in frames:
        if name not in TABLES:
            fatal.append(
                RowError(
                    0,
                    "",
                    name,
                    f"not a record table (expected one of {', '.join(TABLES)})",
                    "unknown_table",
                    name,
                )
            )
    if WORKERS not in frames:
        fatal.append(RowError(0, "", None, "the workers table is missing", "missing_table", WORKERS))
    present_groups: tuple[str, ...] = ()
    for name, frame in frames.items():
        if name in TABLES:
            found, errs = _columns_of(name, frame, groups, source)
            fatal.extend(errs)
            if name == WORKERS:
                present_groups = found
    if fatal:
        raise PopulationError(source, fatal, "worker")
    problems = Problems()
    typed: dict[str, pl.DataFrame] = {}
    for name in TABLES:
        if name not in frames:
            continue
        raw = frames[name]
        if ROW not in raw.columns:  # a chunk of a larger file carries its rows' numbers in the file
            raw = raw.with_row_index(ROW, offset=1)
        t = _typed(name, raw, problems)
        if name == WORKERS:
            t = t.with_columns([_text(raw[g]).alias(g) for g in present_groups])
        _required(name, t, problems)
        if name == WORKERS:
            cross_checks(name, t, problems)
        typed[name] = t
    workers = typed[WORKERS]
    dupes = workers.filter(pl.col("id").is_duplicated() & pl.col("id").is_not_null())
    problems.add(WORKERS, dupes, "id", "this worker id appears more than once", "duplicate_id")
    plausible(WORKERS, workers, problems)
    # Each record's worker as a row index of the workers table (one join per table); every check
    # across tables then gathers by it instead of joining on the text ids again.
    locate = _locator(workers["id"])
    births = workers["birth_date"]
    for name in LONG_TABLES:
        if name not in typed:
            continue
        t = typed[name]
        t = t.with_columns(locate(t[KEY]).alias(WORKER))
        t = t.with_columns(_gather(births, t[WORKER]).alias(BIRTH))
        typed[name] = t
        cross_checks(name, t, problems)
        plausible(name, t, problems)
        orphans = t.filter(pl.col(WORKER).is_null())
        problems.add(name, orphans, KEY, "no worker with this id in the workers table", "unknown_worker")
        col = stated_column(name)
        if col in frames[WORKERS].columns:
            unstated = _gather(workers[col].not_().fill_null(False), t[WORKER]).fill_null(False)
            problems.add(
                name,
                t.filter(unstated),
                KEY,
                f"records of a worker whose {name} are said not to be stated",
                "not_stated",
            )
    if problems.count and on_error != "skip":
        raise PopulationError(source, sorted(problems.rows, key=_order), "worker")
    return _assemble(typed, problems, present_groups, source)


def _locator(ids: pl.Series) -> Callable[[pl.Series], pl.Series]:
    """A function giving, for worker ids, their row in the workers table (null: none), the first
    when an id repeats: a binary search when the ids are sorted (as exports and our generator
    write them), else a join."""
    n = ids.len()
    if n and ids.null_count() == 0 and ids.is_sorted():

        def search(keys: pl.Series) -> pl.Series:
            at = ids.search_sorted(keys, side="left").clip(0, n - 1)
            found = (ids.gather(at) == keys).fill_null(False)
            return pl.select(pl.when(found).then(at)).to_series().cast(pl.UInt32)

        return search
    index = (
        pl.DataFrame({KEY: ids, WORKER: pl.int_range(n, dtype=pl.UInt32, eager=True)})
        .drop_nulls(KEY)
        .unique(KEY, keep="first")
    )

    def join(keys: pl.Series) -> pl.Series:
        return pl.DataFrame({KEY: keys}).join(index, on=KEY, how="left", maintain_order="left")[WORKER]

    return join


def _gather(values: pl.Series, index: pl.Series) -> pl.Series:
    """``values`` at each row index (null where the index is null)."""
    return values.gather(index)


def _order(e: RowError) -> tuple[int, int]:
    return list(TABLES).index(e.table) if e.table in TABLES else -1, e.row


def _assemble(
    typed: Mapping[str, pl.DataFrame], problems: Problems, groups: tuple[str, ...], source: str
) -> RecordTables:
    workers = typed[WORKERS]
    keep = pl.Series([True] * workers.height, dtype=pl.Boolean)
    if problems.bad_ids or problems.bad_rows.get(WORKERS):
        bad_ids = pl.Series(KEY, sorted(problems.bad_ids), dtype=pl.String)
        bad_rows = pl.Series(ROW, sorted(problems.bad_rows.get(WORKERS, ())), dtype=pl.UInt32)
        keep = workers.select(
            ~pl.col("id").is_in(bad_ids.implode()).fill_null(False) & ~pl.col(ROW).is_in(bad_rows.implode())
        ).to_series()
    complete = pl.col("records_complete").fill_null(False)
    stated = []
    for name in LONG_TABLES:
        col = stated_column(name)
        given = name in typed
        stated.append((pl.col(col).fill_null(given) | complete).alias(col))
    tables, rows_of = {}, {}
    # Each kept worker's new row: rows before it that are kept (the same row when none is left out).
    renumber = None if keep.all() else keep.cast(pl.UInt32).cum_sum() - 1
    for name in LONG_TABLES:
        if name not in typed:
            continue
        t = typed[name]
        mask = _gather(keep, t[WORKER]).fill_null(False)
        if problems.bad_rows.get(name):
            rows = pl.Series(ROW, sorted(problems.bad_rows[name]), dtype=pl.UInt32)
            mask = mask & ~t[ROW].is_in(rows.implode())
        kept = t.filter(mask)
        tables[name] = kept.drop(ROW, WORKER, BIRTH)
        rows_of[name] = kept[WORKER] if renumber is None else renumber.gather(kept[WORKER])
    workers = workers.filter(keep).with_columns(stated).drop(ROW)
    found = {name: (workers, tables[name], rows.rename(WORKER)) for name, rows in rows_of.items()}
    return RecordTables(
        workers, tables, groups, tuple(sorted(problems.rows, key=_order)), source, found=found
    )
