"""Deriving a worker's facts as of a date, in groups, so a question derives only what its rules read.

Each group is one kind of record (certificates, titles, schooling, ...) and yields a fixed set of
facts; the months of work since a date are groups of their own, being the costly part. A derivation
is asked for a set of groups (:func:`fact_groups` of the fact names a rule set reads) and may
return facts of other groups too. With every group it is :func:`skilleco.facts.worker_facts`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..models.worker import Worker
from .career import (
    APPRENTICESHIP_NAMES,
    COMPETITION_NAMES,
    OTHER_NAMES,
    POST_NAMES,
    apprenticeship_facts,
    competition_facts,
    other_facts,
    post_facts,
)
from .education import EDUCATION_NAMES, education_facts
from .holdings import CERT_KEYS, TITLE_GROUPS, certificate_facts, prep_facts, title_facts
from .time import merge_periods, months_in
from .value import Value

# --- groups ---------------------------------------------------------------------------------------

WORK = 1 << 0
CERTS = 1 << 1
CERT_MONTHS = 1 << 2
PREP = 1 << 3
PREP_MONTHS = 1 << 4
EDUCATION = 1 << 5
TITLES = 1 << 6
TITLE_MONTHS = 1 << 7
COMPETITIONS = 1 << 8
POSTS = 1 << 9
APPRENTICESHIP = 1 << 10
OTHER = 1 << 11
CONTRIBUTIONS = 1 << 12
ALL_GROUPS = (1 << 13) - 1
_MONTHS = WORK | CERT_MONTHS | PREP_MONTHS | TITLE_MONTHS

GROUP_OF: dict[str, int] = {
    "birth_date": 0,
    "occupation_edition": 0,
    "occupation_has_senior_technician": 0,
    "work_months": WORK,
    **{name: CERTS for _, _, has, on, _ in CERT_KEYS for name in (has, on)},
    "cert_rank": CERTS,
    **{months: CERT_MONTHS for *_, months in CERT_KEYS},
    "has_prep_technician_cert": PREP,
    "prep_technician_cert_on": PREP,
    "work_months_since_prep_technician_cert": PREP_MONTHS,
    **dict.fromkeys(EDUCATION_NAMES, EDUCATION),
    **{name: TITLES for has, on, _ in TITLE_GROUPS for name in (has, on)},
    "work_months_since_title_junior": TITLE_MONTHS,
    **dict.fromkeys(COMPETITION_NAMES, COMPETITIONS),
    **dict.fromkeys(POST_NAMES, POSTS),
    **dict.fromkeys(APPRENTICESHIP_NAMES, APPRENTICESHIP),
    **dict.fromkeys(OTHER_NAMES, OTHER),
    "major_contribution": CONTRIBUTIONS,
}
"""The group that derives each fact (0: derived always)."""


def fact_groups(names: Iterable[str]) -> int:
    """The groups that derive ``names`` (names that are not derived facts are ignored)."""
    groups = 0
    for name in names:
        groups |= GROUP_OF.get(name, 0)
    return groups


# --- the derivation -----------------------------------------------------------------------------------


def derive(
    worker: Worker, on: _dt.date, records_until: _dt.date | None = None, groups: int = ALL_GROUPS
) -> dict[str, Value]:
    """The worker's facts as of ``on`` of at least ``groups`` (see :func:`skilleco.facts.worker_facts`).

    With every group the facts come in the order of the schema, group by group.
    """
    cutoff = on if records_until is None else min(records_until, on)
    occ = worker.occupation
    f: dict[str, Value] = {
        "birth_date": worker.birth_date,
        "occupation_edition": occ.standard_edition,
        "occupation_has_senior_technician": occ.has_senior_technician,
    }
    # Work periods merged once; the months since each date are counted from them.
    merged: list[tuple[_dt.date, _dt.date]] | None = None
    if groups & _MONTHS and worker.work_periods is not None:
        merged = merge_periods(((p.start, p.end) for p in worker.work_periods if p.start <= cutoff), on)
    if groups & WORK:
        f["work_months"] = None if merged is None else months_in(merged)

    def months_since(day: Value) -> Value:
        if merged is None or not isinstance(day, _dt.date):
            return None
        return months_in(merged, day)

    if groups & (CERTS | CERT_MONTHS):
        certificate_facts(f, worker, cutoff, months_since if groups & CERT_MONTHS else None)
    if groups & (PREP | PREP_MONTHS):
        prep_facts(f, worker, cutoff)
        if groups & PREP_MONTHS:
            f["work_months_since_prep_technician_cert"] = months_since(f["prep_technician_cert_on"])
    if groups & EDUCATION:
        f.update(education_facts(worker.education, on if records_until is None else cutoff))
    if groups & (TITLES | TITLE_MONTHS):
        f.update(title_facts(worker.titles, cutoff))
        if groups & TITLE_MONTHS:
            f["work_months_since_title_junior"] = months_since(f["title_junior_on"])
    if groups & COMPETITIONS:
        f.update(competition_facts(worker, on, cutoff))
    if groups & POSTS:
        f.update(post_facts(worker, cutoff))
    if groups & APPRENTICESHIP:
        f.update(apprenticeship_facts(worker, cutoff))
    if groups & OTHER:
        other_facts(f, worker)
    if groups & CONTRIBUTIONS:
        contributions = worker.contributions
        f["major_contribution"] = (
            None if contributions is None else any(c.on <= cutoff for c in contributions)
        )
    return f
