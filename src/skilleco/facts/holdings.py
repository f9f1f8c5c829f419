"""A worker's dated holdings: certificates, preparatory-technician certificates and titles.

Each is held from a date; a record dated after the cutoff does not exist yet, and the earliest dated,
matching record is the evidence.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from ..ladder import CERTIFICATE_GRADES
from ..models.worker import Title, Worker
from .value import Value

__all__ = ["CERT_KEYS", "TITLE_GROUPS", "certificate_facts", "prep_facts", "title_facts"]

CERT_KEYS = tuple(
    (g.id, g.rank, f"has_cert_{g.id}", f"cert_{g.id}_on", f"work_months_since_cert_{g.id}")
    for g in CERTIFICATE_GRADES
)
"""Per certificate grade: its id, rank and the names of its three facts."""
TITLE_GROUPS = (
    ("has_title_junior", "title_junior_on", frozenset({"junior"})),
    ("has_title_intermediate", "title_intermediate_on", frozenset({"intermediate"})),
    ("has_title_senior", "title_senior_on", frozenset({"deputy_senior", "full_senior"})),
)
"""Per title fact pair: the held flag, the date fact and the title levels that count."""
# What an empty (stated: none) list of titles gives.
_NO_TITLES: dict[str, Value] = {
    name: (False if name.startswith("has_") else None) for has, on, _ in TITLE_GROUPS for name in (has, on)
}


def _holding(
    dates: list[_dt.date | None], matches: list[bool | None], cutoff: _dt.date
) -> tuple[bool | None, _dt.date | None]:
    """(held?, earliest date) from records that each have a date and a match flag.

    A record dated after the cutoff does not exist yet. When a dated, matching record exists, the
    earliest such date is the answer: an undated record, or one whose match is not stated, does
    not displace it (the dated record is the evidence). Only when no dated, matching record exists
    do such records make the answer unknown.
    """
    known = [d for d, m in zip(dates, matches, strict=True) if m is True and d is not None and d <= cutoff]
    if known:
        return True, min(known)
    vague = any(
        (m is None and (d is None or d <= cutoff)) or (m is True and d is None)
        for d, m in zip(dates, matches, strict=True)
    )
    return (None if vague else False), None


def _cert_holdings(worker: Worker, cutoff: _dt.date) -> tuple[dict[str, _dt.date], set[str]]:
    """By grade id, the earliest issue date of a certificate in the occupation up to the cutoff;
    and the grades with an undated one. :func:`_holding` over each grade's certificates, in one pass."""
    earliest: dict[str, _dt.date] = {}
    undated: set[str] = set()
    code = worker.occupation.code
    for c in worker.certificates or ():
        if c.occupation_code != code:
            continue
        day = c.issued_on
        if day is None:
            undated.add(c.level)
        elif day <= cutoff:
            seen = earliest.get(c.level)
            if seen is None or day < seen:
                earliest[c.level] = day
    return earliest, undated


def certificate_facts(
    f: dict[str, Value], worker: Worker, cutoff: _dt.date, months_since: Callable[[Value], Value] | None
) -> None:
    """Set the certificate facts in ``f``: per grade held?, since when, and ``cert_rank``.

    Args:
        f: the facts being derived.
        worker: the worker.
        cutoff: records dated after it do not exist yet.
        months_since: counts the months of work since a date; ``None``: leave those facts out.
    """
    certs = worker.certificates
    earliest, undated = ({}, set()) if certs is None else _cert_holdings(worker, cutoff)
    cert_rank: int | None = 0
    for gid, rank, has, on_key, months in CERT_KEYS:
        day = earliest.get(gid)
        held = None if certs is None else (True if day is not None else (None if gid in undated else False))
        f[has] = held
        f[on_key] = day
        if months_since is not None:
            f[months] = months_since(day)
        if held is True:
            cert_rank = rank
        elif held is None and cert_rank is not None and rank > cert_rank:
            cert_rank = None
    f["cert_rank"] = None if certs is None else cert_rank


def prep_facts(f: dict[str, Value], worker: Worker, cutoff: _dt.date) -> None:
    """Set the preparatory-technician certificate facts in ``f`` (held?, since when).

    Args:
        f: the facts being derived.
        worker: the worker.
        cutoff: records dated after it do not exist yet.
    """
    preps = worker.prep_technician_certificates
    if preps is None:
        f["has_prep_technician_cert"] = f["prep_technician_cert_on"] = None
        return
    code = worker.occupation.code
    rows = [c for c in preps if c.occupation_code == code]
    f["has_prep_technician_cert"], f["prep_technician_cert_on"] = _holding(
        [c.issued_on for c in rows], [True] * len(rows), cutoff
    )


def title_facts(titles: list[Title] | None, cutoff: _dt.date) -> dict[str, Value]:
    """The title facts: per title group, held? and since when.

    Args:
        titles: the worker's professional titles (``None``: not stated).
        cutoff: records dated after it do not exist yet.
    """
    if titles is not None and not titles:
        return dict(_NO_TITLES)
    out: dict[str, Value] = {}
    for has, on_key, levels in TITLE_GROUPS:
        if titles is None:
            out[has] = out[on_key] = None
            continue
        rows = [t for t in titles if t.level in levels]
        if rows:
            out[has], out[on_key] = _holding(
                [t.obtained_on for t in rows], [t.specialty_match for t in rows], cutoff
            )
        else:
            out[has], out[on_key] = False, None
    return out
