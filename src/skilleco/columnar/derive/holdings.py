"""Dated holdings in columns: certificates per grade, the preparatory-technician certificate and
titles per group, as :mod:`skilleco.facts.holdings` reads them.

Per worker and holding, three reductions of the records that count or may (a record that does not
count, or dated after the date asked, is left out): the earliest dated record that surely counts
(``on``), the earliest dated one that may, and whether one is undated. From them, as
:func:`~skilleco.facts.holdings.holding`: held yes (a sure one), unknown (only maybe or undated
ones) or no; the earliest date open while an undated record may be older; settled when nothing
that may count could be older than ``on``.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import polars as pl

from ...facts.holdings import CERT_KEYS, TITLE_KEYS, HoldingKeys
from .calendar import day_number, from_day_number
from .context import Context
from .runs import W, first_per_cell, unstack

__all__ = ["Held", "cert_rank", "certificates", "holding_facts", "prep_certificate", "titles"]

_NULL_BOOL = pl.lit(None, dtype=pl.Boolean)


@attrs.frozen
class Held:
    """One holding over worker rows (null everywhere the records are not stated).

    Attributes:
        has: held yes, unknown or no.
        on: the earliest date of a record that surely counts.
        earliest: the earliest date it may have (``on`` once settled; null while open).
        known: yes once settled, else unknown.
        counted: whether the months of work since it are counted (records stated, held yes or
            unknown; never null).
    """

    has: pl.Series
    on: pl.Series
    earliest: pl.Series
    known: pl.Series
    counted: pl.Series


def held(ctx: Context, records: pl.DataFrame, slots: int, stated: pl.Series) -> list[Held]:
    """Per slot ``0..slots-1``, the :class:`Held` of ``records`` (``_w``, ``slot``, ``day``, ``counts``)."""
    day, counts = pl.col("day"), pl.col("counts")
    keep = (counts.is_null() | counts) & (day.is_null() | (day <= ctx.on)) & pl.col("slot").is_not_null()
    # Per worker, slot and kind of record (0 sure and dated, 1 maybe and dated, 2 undated): the
    # earliest day (for undated ones, only that there is one).
    kind = pl.when(day.is_null()).then(2).when(counts.is_null()).then(1).otherwise(0)
    cell = (pl.col(W).cast(pl.Int64) * slots + pl.col("slot")) * 3 + kind
    firsts = first_per_cell(records.filter(keep), cell, day_number(day))
    columns = unstack(firsts["cell"], firsts["value"], ctx.n, slots * 3)
    cols = {f"{what}{s}": columns[s * 3 + k] for s in range(slots) for k, what in enumerate(_KINDS)}
    steps: dict[str, pl.Expr] = {}
    exprs: list[pl.Expr] = []
    for s in range(slots):
        sure, maybe, undated = pl.col(f"sure{s}"), pl.col(f"maybe{s}"), pl.col(f"undated{s}").is_not_null()
        seen = sure.is_not_null() | maybe.is_not_null() | undated
        steps[f"has{s}"] = pl.when(sure.is_not_null()).then(True).when(seen).then(_NULL_BOOL).otherwise(False)
        steps[f"settled{s}"] = ~seen | (sure.is_not_null() & ~undated & (maybe.is_null() | (maybe >= sure)))
        steps[f"open{s}"] = undated
        has, settled = pl.col(f"has{s}"), pl.col(f"settled{s}")
        earliest = pl.when(settled).then(sure).when(~pl.col(f"open{s}")).then(pl.min_horizontal(maybe, sure))
        exprs += [
            pl.when(stated).then(has).alias(f"has{s}"),
            pl.when(stated).then(from_day_number(sure)).alias(f"on{s}"),
            pl.when(stated).then(from_day_number(earliest)).alias(f"earliest{s}"),
            pl.when(stated & settled).then(True).alias(f"known{s}"),
            (stated & has.fill_null(True)).alias(f"counted{s}"),
        ]
    out = pl.DataFrame(cols).with_columns(**steps).select(exprs)
    return [
        Held(out[f"has{s}"], out[f"on{s}"], out[f"earliest{s}"], out[f"known{s}"], out[f"counted{s}"])
        for s in range(slots)
    ]


_KINDS = ("sure", "maybe", "undated")


def holding_facts(keys: HoldingKeys, h: Held, wanted: frozenset[str]) -> dict[str, pl.Series]:
    """The dated facts of one holding (``has_…``, ``…_on``, ``…_on_earliest``, ``…_earliest_known``)."""
    facts = {keys.has: h.has, keys.on: h.on, keys.earliest: h.earliest, keys.earliest_known: h.known}
    return {name: column for name, column in facts.items() if name in wanted}


_GRADE_SLOT = {gid: i for i, (gid, _, _) in enumerate(CERT_KEYS)}


def certificates(ctx: Context) -> dict[str, Held]:
    """By grade id, the holding of the worker's certificates of that grade: one in another
    occupation counts as its occupation's standard says (``counts_toward``)."""
    recs = ctx.records("certificates", ["level", "occupation_code", "issued_on"])
    frame = pl.DataFrame(
        {
            W: recs[W],
            "slot": recs["level"].replace_strict(_GRADE_SLOT, default=None, return_dtype=pl.UInt8),
            "day": recs["issued_on"],
            "counts": ctx.counts(recs[W], recs["occupation_code"]),
        }
    )
    helds = held(ctx, frame, len(CERT_KEYS), ctx.stated("certificates"))
    return {gid: h for (gid, _, _), h in zip(CERT_KEYS, helds, strict=True)}


def cert_rank(certs: Mapping[str, Held]) -> pl.Series:
    """The rank of the highest certificate held: 0 for none, unknown where a higher one may be held
    (:func:`skilleco.facts.holdings.cert_rank`)."""
    frame = pl.DataFrame({gid: h.has for gid, h in certs.items()})
    rank: pl.Expr = pl.lit(0, dtype=pl.Int64)
    for gid, r, _ in CERT_KEYS:  # lowest first: each higher grade decides where held or maybe held
        has = pl.col(gid)
        rank = pl.when(has).then(pl.lit(r, dtype=pl.Int64)).when(has.is_null()).then(None).otherwise(rank)
    return frame.select(rank.alias("cert_rank"))["cert_rank"]


def prep_certificate(ctx: Context) -> Held:
    """The holding of preparatory-technician certificates (counted as certificates are)."""
    recs = ctx.records("prep_technician_certificates", ["occupation_code", "issued_on"])
    frame = pl.DataFrame(
        {
            W: recs[W],
            "slot": pl.repeat(0, recs.height, dtype=pl.UInt8, eager=True),
            "day": recs["issued_on"],
            "counts": ctx.counts(recs[W], recs["occupation_code"]),
        }
    )
    return held(ctx, frame, 1, ctx.stated("prep_technician_certificates"))[0]


_TITLE_SLOT = {level: i for i, (_, levels) in enumerate(TITLE_KEYS) for level in levels}


def titles(ctx: Context) -> list[Held]:
    """Per title group of :data:`~skilleco.facts.holdings.TITLE_KEYS`, the holding of the titles
    of its levels; a title counts where its specialty matches, and may where that is not stated."""
    recs = ctx.records("titles", ["level", "specialty_match", "obtained_on"])
    frame = recs.select(
        W,
        slot=pl.col("level").replace_strict(_TITLE_SLOT, default=None, return_dtype=pl.UInt8),
        day="obtained_on",
        counts="specialty_match",
    )
    return held(ctx, frame, len(TITLE_KEYS), ctx.stated("titles"))
