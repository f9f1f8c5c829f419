"""Work in columns: each worker's periods merged, whole months per merged period, the longest
stretch, and the months since a holding's date (``time.md``, "Cumulative work", "Work after a
date", "Continuous work"), as :mod:`skilleco.facts.worker` and :mod:`skilleco.facts.time` count them.

The periods of a kind (work, or trainee work) that started by the date asked are clipped at it
(open ones run to it); one in another occupation is kept where it counts or may
(``counts_toward``). Two sets of merged periods: those that surely count, and — for a worker with a
period that may count — all of them (the ``…_max`` range). Overlapping and touching periods merge
(``merge_periods``): sorted by ``row × 2**20 + start``, a period opens a new stretch when it starts
more than a day after the running maximum of the ends before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import polars as pl

from .calendar import day_number, from_day_number, months_between
from .context import Context
from .holdings import Held
from .runs import W, marks, reduce_runs, series, spread

__all__ = ["Since", "merge", "trainee_facts", "work_facts"]

_SHIFT = 1 << 20
"""Row keys step by this: day numbers (under 2**17) fit below it."""


@attrs.frozen
class Since:
    """The months of work since a holding's date that are wanted.

    Attributes:
        held: the holding.
        months: the names of the cumulative months since it (sure, most), or ``None``.
        continuous: the names of the longest stretch since it (sure, most), or ``None``.
    """

    held: Held
    months: tuple[str, str] | None = None
    continuous: tuple[str, str] | None = None


def merge(periods: pl.DataFrame) -> pl.DataFrame:
    """Periods (``_w``, ``s``, ``e`` day numbers, ``e >= s``) merged per worker: overlapping and
    touching ones as one (:func:`~skilleco.facts.time.merge_periods`), sorted by worker and start."""
    key = pl.col(W).cast(pl.Int64) * _SHIFT
    ordered = periods.select(W, s=key + pl.col("s"), e=key + pl.col("e")).sort("s")
    reach = pl.col("e").cum_max()
    before = reach.shift(1)
    marked = ordered.with_columns(reach=reach, new=before.is_null() | (pl.col("s") > before + 1))
    starts = marked.filter(pl.col("new"))
    ends = marked.filter(pl.col("new").shift(-1).fill_null(True))
    return pl.DataFrame(
        {
            W: starts[W],
            "s": (starts["s"] - starts[W].cast(pl.Int64) * _SHIFT).cast(pl.Int32),
            "e": (ends["reach"] - ends[W].cast(pl.Int64) * _SHIFT).cast(pl.Int32),
        }
    )


@attrs.frozen
class _Stretches:
    """Merged periods of one kind: ``_w``, ``s``, ``e`` (day numbers), ``sp``, ``ep`` (packed),
    ``sure`` (in the set that surely counts), ``most`` (in the set that may), sorted by ``_w``."""

    table: pl.DataFrame
    unsettled: pl.Series
    stated: pl.Series


def _stretches(ctx: Context, kind: str) -> _Stretches:
    recs = ctx.records("work_periods", ["start", "end", "occupation_code", "kind"])
    recs = recs.filter((pl.col("kind") == kind) & (pl.col("start") <= ctx.on))
    today = ctx.today
    periods = recs.select(
        W,
        s=day_number(pl.col("start")),
        e=pl.min_horizontal(day_number(pl.col("end")), pl.lit(today, dtype=pl.Int32)),
        counts=ctx.counts(recs[W], recs["occupation_code"]),
    ).filter(pl.col("counts").is_null() | pl.col("counts"))
    unsettled = marks(periods.filter(pl.col("counts").is_null())[W], ctx.n)
    open_rows = pl.lit(unsettled).gather(pl.col(W))
    sure = merge(periods.filter(pl.col("counts"))).with_columns(sure=pl.lit(True), most=~open_rows)
    if unsettled.any():
        most = merge(periods.filter(open_rows)).with_columns(sure=pl.lit(False), most=pl.lit(True))
        sure = pl.concat([sure, most]).sort(W)
    calendar = pl.lit(ctx.calendar)
    table = sure.with_columns(sp=calendar.gather(pl.col("s")), ep=calendar.gather(pl.col("e")))
    return _Stretches(table, unsettled, ctx.stated("work_periods"))


def _open_since(ctx: Context, st: _Stretches) -> pl.Series:
    """Where the stretch running on the date asked began (of the periods that may count)."""
    running = st.table.filter(pl.col("most") & (pl.col("e") == ctx.today))
    days = pl.repeat(None, ctx.n, dtype=pl.Int32, eager=True)
    if running.height:
        days.scatter(running[W], running["s"])
    return series(pl.when(st.stated).then(from_day_number(pl.lit(days))))


def _reduce(
    ctx: Context, table: pl.DataFrame, sums: Mapping[str, pl.Expr], maxes: Mapping[str, pl.Expr]
) -> pl.DataFrame:
    """Per worker row, each sum and maximum over the worker's stretches (0 for a worker with none)."""
    if not sums and not maxes:
        return pl.DataFrame()
    return spread(reduce_runs(table, sums=sums, maxes=maxes), ctx.n).select(pl.all().fill_null(0))


def _when_stated(aligned: pl.DataFrame, stated: pl.Series) -> dict[str, pl.Series]:
    """The columns of ``aligned`` where the periods are stated (unknown elsewhere)."""
    out = aligned.select(pl.when(stated).then(pl.col(name)).alias(name) for name in aligned.columns)
    return {name: out[name] for name in out.columns}


def _since(ctx: Context, st: _Stretches, since: Sequence[Since]) -> dict[str, pl.Series]:
    """Per holding of ``since``, the months of work since its date: cumulative and the longest
    stretch, surely and at most (``_Work.months``, ``_Work.continuous``).

    Each holding held (or maybe held) meets its worker's stretches only: the stretches sorted by
    worker are a run per worker, so a holding of a worker with one stretch reads it directly, and
    one of a worker with several reads the range of their rows, not a join.
    """
    n = ctx.n
    table = st.table
    calendar = pl.lit(ctx.calendar)
    rows = pl.int_range(0, n, dtype=pl.UInt32, eager=True)
    parts = []
    for i, x in enumerate(since):
        take = rows.filter(st.stated & x.held.counted)
        dates = pl.DataFrame({W: take, "on": x.held.on.gather(take), "from": x.held.earliest.gather(take)})
        parts.append(
            dates.select(
                W,
                i=pl.lit(i, dtype=pl.UInt32),
                on=calendar.gather(day_number(pl.col("on"))),
                since=calendar.gather(day_number(pl.col("from"))),
            )
        )
    # Where each worker's run of stretches starts, and its length.
    heads = table.select(W, at=pl.int_range(0, pl.len(), dtype=pl.Int64)).filter(
        (pl.col(W) != pl.col(W).shift(1)).fill_null(True)
    )
    first = pl.repeat(None, n, dtype=pl.Int64, eager=True)
    length = pl.repeat(0, n, dtype=pl.Int64, eager=True)
    if heads.height:
        first.scatter(heads[W], heads["at"])
        ends = pl.concat([heads["at"].slice(1), pl.Series([table.height], dtype=pl.Int64)])
        length.scatter(heads[W], ends - heads["at"])
    held = pl.concat(parts).with_columns(
        at=pl.lit(first).gather(pl.col(W)), k=pl.lit(length).gather(pl.col(W))
    )
    stretch = ("sp", "ep", "sure", "most")
    wants_sum = any(x.months is not None for x in since)
    wants_max = any(x.continuous is not None for x in since)
    low, high = _after()
    # A worker with one stretch: its months since the date are that stretch's.
    one = held.filter(pl.col("k") == 1)
    one = one.with_columns(table.select(stretch)[one["at"]]).select(W, "i", low=low, high=high)
    if wants_max:
        one = one.with_columns(low_max="low", high_max="high")
    # Several: one row per (holding, stretch), reduced per holding.
    several = held.filter(pl.col("k") > 1)
    pairs = several.select(
        pair=pl.int_range(0, pl.len(), dtype=pl.UInt32).repeat_by(pl.col("k")).explode(),
        stretch=pl.int_ranges(pl.col("at"), pl.col("at") + pl.col("k")).explode(),
    )
    frame = pl.DataFrame(
        {
            W: pairs["pair"],
            **{c: table[c].gather(pairs["stretch"]) for c in stretch},
            **{c: several[c].gather(pairs["pair"]) for c in ("on", "since")},
        }
    )
    reduced = reduce_runs(
        frame,
        sums={"low": low, "high": high} if wants_sum else {},
        maxes={"low_max": low, "high_max": high} if wants_max else {},
    )
    reduced = reduced.select(
        several[W].gather(reduced[W]), several["i"].gather(reduced[W]), *reduced.columns[1:]
    )
    return _spread_since(ctx, st, since, [one.select(reduced.columns), reduced])


def _after() -> tuple[pl.Expr, pl.Expr]:
    """The months of a stretch after a holding's date: surely (a stretch that surely counts, from
    ``on``), and at most (one that may, from ``since``; from its start where ``since`` is open)."""
    sure, most, sp, ep = pl.col("sure"), pl.col("most"), pl.col("sp"), pl.col("ep")
    on, earliest = pl.col("on"), pl.col("since")
    low = pl.when(sure & (ep > on)).then(months_between(pl.max_horizontal(sp, on), ep)).otherwise(0)
    high = (
        pl.when(most & (earliest.is_null() | (ep > earliest)))
        .then(months_between(pl.max_horizontal(sp, earliest), ep))
        .otherwise(0)
    )
    return low, high


def _name(x: Since, what: str) -> str | None:
    """The fact a reduction (``low``, ``high``, ``low_max``, ``high_max``) of holding ``x`` fills."""
    names = x.continuous if what.endswith("_max") else x.months
    return None if names is None else names[0] if what.startswith("low") else names[1]


def _spread_since(
    ctx: Context, st: _Stretches, since: Sequence[Since], sources: Sequence[pl.DataFrame]
) -> dict[str, pl.Series]:
    """The months since each holding on worker rows, from frames of ``_w``, ``i`` (the holding) and
    the months, each frame holding by holding in order of ``i``."""
    n, count = ctx.n, len(since)
    columns: dict[str, pl.Series] = {}
    masks: dict[str, pl.Series] = {}
    for x in since:
        for what in sources[0].columns[2:]:
            name = _name(x, what)
            if name is not None:
                columns[name] = pl.repeat(0, n, dtype=pl.Int32, eager=True)
                masks[name] = st.stated & x.held.counted
    for source in sources:
        bounds = (
            source["i"].search_sorted(pl.Series(range(count + 1), dtype=pl.UInt32), side="left").to_list()
        )
        for i, x in enumerate(since):
            part = source.slice(bounds[i], bounds[i + 1] - bounds[i])
            for what in source.columns[2:]:
                name = _name(x, what)
                if name is not None and part.height:
                    columns[name].scatter(part[W], part[what])
    frame = pl.DataFrame(columns)
    done = frame.select(pl.when(masks[name]).then(pl.col(name)).alias(name) for name in columns)
    return {name: done[name] for name in columns}


def work_facts(ctx: Context, wanted: frozenset[str], since: Sequence[Since]) -> dict[str, pl.Series]:
    """The work facts among ``wanted`` and the months of work since each holding of ``since``."""
    st = _stretches(ctx, "work")
    sure, most = pl.col("sure"), pl.col("most")
    months = months_between(pl.col("sp"), pl.col("ep"))
    sums = {"work_months": pl.when(sure).then(months), "work_months_max": pl.when(most).then(months)}
    maxes = {
        "continuous_work_months": pl.when(sure).then(months),
        "continuous_work_months_max": pl.when(most).then(months),
    }
    sums = {k: v for k, v in sums.items() if k in wanted}
    maxes = {k: v for k, v in maxes.items() if k in wanted}
    aligned = _reduce(ctx, st.table, sums, maxes)
    out = _when_stated(aligned, st.stated)
    if since:
        out.update(_since(ctx, st, since))
    if "work_relation_known" in wanted:
        out["work_relation_known"] = series(pl.when(st.stated & ~st.unsettled).then(True))
    if "work_open_since" in wanted:
        out["work_open_since"] = _open_since(ctx, st)
    return out


def trainee_facts(ctx: Context, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """The trainee-work facts among ``wanted`` (:func:`skilleco.facts.legacy.trainee_facts`)."""
    st = _stretches(ctx, "trainee")
    months = months_between(pl.col("sp"), pl.col("ep"))
    maxes = {
        "trainee_continuous_months": pl.when(pl.col("sure")).then(months),
        "trainee_continuous_months_max": pl.when(pl.col("most")).then(months),
    }
    maxes = {k: v for k, v in maxes.items() if k in wanted}
    out = _when_stated(_reduce(ctx, st.table, {}, maxes), st.stated)
    if "trainee_relation_known" in wanted:
        out["trainee_relation_known"] = series(pl.when(st.stated & ~st.unsettled).then(True))
    if "trainee_open_since" in wanted:
        out["trainee_open_since"] = _open_since(ctx, st)
    return out
