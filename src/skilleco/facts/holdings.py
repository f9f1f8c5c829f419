"""A worker's dated holdings: certificates, preparatory-technician certificates and titles.

Each is held from a date; a record dated after the cutoff does not exist yet, and the earliest dated
record that surely counts is the evidence. A record that may count (an undated one, a title whose
specialty match is not stated, a certificate in an occupation whose relation no standard settles) may
be the older one: it does not displace the evidence, but it leaves the holding's earliest date open,
and the months of work since it are then a range (``…_max``), settled by ``…_earliest_known``
(``shared/policy/grades.md``; issue 12).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import NamedTuple

from ..ladder import CERTIFICATE_GRADES
from ..models.worker import Title, Worker
from .relation import Kinship, counts_toward
from .value import Value

__all__ = [
    "CERT_KEYS",
    "PREP_KEYS",
    "TITLE_KEYS",
    "Holding",
    "HoldingKeys",
    "certificate_holdings",
    "holding",
    "prep_holding",
    "title_holdings",
]


class HoldingKeys(NamedTuple):
    """The names of one holding's facts."""

    has: str
    on: str
    earliest: str
    earliest_known: str
    months: str
    months_max: str


def _keys(stem: str, has: str) -> HoldingKeys:
    return HoldingKeys(
        has=has,
        on=f"{stem}_on",
        earliest=f"{stem}_on_earliest",
        earliest_known=f"{stem}_earliest_known",
        months=f"work_months_since_{stem}",
        months_max=f"work_months_since_{stem}_max",
    )


CERT_KEYS = tuple((g.id, g.rank, _keys(f"cert_{g.id}", f"has_cert_{g.id}")) for g in CERTIFICATE_GRADES)
"""Per certificate grade: its id, rank and the names of its facts."""
PREP_KEYS = _keys("prep_technician_cert", "has_prep_technician_cert")
"""The names of the preparatory-technician certificate's facts."""
TITLE_KEYS = tuple(
    (_keys(f"title_{name}", f"has_title_{name}"), levels)
    for name, levels in (
        ("junior", frozenset({"junior"})),
        ("intermediate", frozenset({"intermediate"})),
        ("senior", frozenset({"deputy_senior", "full_senior"})),
    )
)
"""Per title group: the names of its facts and the title levels that count."""


class Holding(NamedTuple):
    """What a worker's records of one kind say about holding it.

    Attributes:
        held: yes (a dated record that surely counts), unknown (only records that may), or no.
        on: the earliest date of a record that surely counts.
        earliest: the earliest date any record that counts or may count could have: ``None`` when
            an undated one leaves it open (or there is none).
        settled: no record that may count could be older than ``on``.
    """

    held: bool | None
    on: _dt.date | None
    earliest: _dt.date | None
    settled: bool


NONE_HELD = Holding(False, None, None, True)


def holding(records: Iterable[tuple[_dt.date | None, bool | None]], cutoff: _dt.date) -> Holding:
    """The :class:`Holding` of records given as ``(date, counts)`` pairs, as of ``cutoff``.

    ``counts`` is whether the record counts toward the occupation (``None``: nothing settles it).
    A record dated after the cutoff does not exist yet; one that does not count is left out.
    """
    sure: _dt.date | None = None
    maybe: _dt.date | None = None
    undated = False
    for day, counts in records:
        if counts is False or (day is not None and day > cutoff):
            continue
        if day is None:
            undated = True
        elif counts is True:
            if sure is None or day < sure:
                sure = day
        elif maybe is None or day < maybe:
            maybe = day
    if not undated and maybe is None:
        return NONE_HELD if sure is None else Holding(True, sure, sure, True)
    earliest = None if undated else (maybe if sure is None or (maybe is not None and maybe < sure) else sure)
    settled = sure is not None and not undated and (maybe is None or maybe >= sure)
    return Holding(True if sure is not None else None, sure, earliest, settled)


def set_holding(f: dict[str, Value], keys: HoldingKeys, h: Holding | None) -> None:
    """Set a holding's dated facts in ``f`` (``None``: the records are not stated)."""
    if h is None:
        f[keys.has] = f[keys.on] = f[keys.earliest] = f[keys.earliest_known] = None
        return
    f[keys.has] = h.held
    f[keys.on] = h.on
    f[keys.earliest] = h.on if h.settled else h.earliest
    f[keys.earliest_known] = True if h.settled else None


def certificate_holdings(
    worker: Worker, cutoff: _dt.date, kinship: Kinship | None
) -> dict[str, Holding] | None:
    """By grade id, the :class:`Holding` of the worker's certificates (``None``: not stated).

    A certificate counts in the worker's occupation, or in another where its standard admits it.
    """
    certs = worker.certificates
    if certs is None:
        return None
    own = worker.occupation.code
    # The common case first: every certificate dated and in the occupation, so each grade's
    # holding is its earliest date up to the cutoff.
    earliest: dict[str, _dt.date] = {}
    for c in certs:
        day = c.issued_on
        if day is None or c.occupation_code != own:
            break
        if day <= cutoff:
            seen = earliest.get(c.level)
            if seen is None or day < seen:
                earliest[c.level] = day
    else:
        out = dict(_NONE_HELD_BY_GRADE)
        for gid, d in earliest.items():
            if gid in out:
                out[gid] = _tuple_new(Holding, (True, d, d, True))  # Holding(True, d, d, True)
        return out
    rows: dict[str, list[tuple[_dt.date | None, bool | None]]] = {}
    for c in certs:
        code = c.occupation_code
        rows.setdefault(c.level, []).append(
            (c.issued_on, True if code == own else counts_toward(code, own, kinship))
        )
    return {gid: holding(rows[gid], cutoff) if gid in rows else NONE_HELD for gid, _, _ in CERT_KEYS}


_NONE_HELD_BY_GRADE: dict[str, Holding] = {gid: NONE_HELD for gid, _, _ in CERT_KEYS}
# A NamedTuple's own constructor is a Python function around this: the holdings of a worker's
# certificates are made on every derivation.
_tuple_new = tuple.__new__


def cert_rank(holdings: dict[str, Holding] | None) -> int | None:
    """The ladder rank of the highest certificate held (0: none; unknown if a higher one may be)."""
    if holdings is None:
        return None
    rank: int | None = 0
    for gid, r, _ in CERT_KEYS:
        held = holdings[gid].held
        if held is True:
            rank = r
        elif held is None and rank is not None and r > rank:
            rank = None
    return rank


def prep_holding(worker: Worker, cutoff: _dt.date, kinship: Kinship | None) -> Holding | None:
    """The :class:`Holding` of the worker's preparatory-technician certificates (``None``: not stated)."""
    preps = worker.prep_technician_certificates
    if preps is None:
        return None
    own = worker.occupation.code
    return holding(((c.issued_on, counts_toward(c.occupation_code, own, kinship)) for c in preps), cutoff)


def title_holdings(titles: list[Title] | None, cutoff: _dt.date) -> list[Holding] | None:
    """Per title group of :data:`TITLE_KEYS`, the :class:`Holding` of matching titles.

    A title counts when its specialty matches the occupation; one whose match is not stated may.
    """
    if titles is None:
        return None
    if not titles:
        return [NONE_HELD] * len(TITLE_KEYS)
    return [
        holding(((t.obtained_on, t.specialty_match) for t in titles if t.level in levels), cutoff)
        for _, levels in TITLE_KEYS
    ]
