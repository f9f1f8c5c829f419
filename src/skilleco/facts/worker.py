"""Deriving a worker's facts as of a date, in groups, so a question derives only what its rules read.

Each group is one kind of record (certificates, titles, schooling, ...) and yields a fixed set of
facts; the months of work since a date are groups of their own, being the costly part. A derivation
is asked for a set of groups (:func:`fact_groups` of the fact names a rule set reads) and may
return facts of other groups too. With every group it is :func:`skilleco.facts.worker_facts`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from functools import partial

from ..ladder import GradeId
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
from .holdings import (
    CERT_KEYS,
    PREP_KEYS,
    TITLE_KEYS,
    Holding,
    HoldingKeys,
    cert_rank,
    certificate_holdings,
    prep_holding,
    set_holding,
    title_holdings,
)
from .legacy import (
    CONTINUOUS_KEYS,
    CONTINUOUS_WORK,
    FORMAL_NAMES,
    TRAINEE_NAMES,
    formal_training_facts,
    trainee_facts,
)
from .relation import Kinship, counts_toward
from .time import longest_months, merge_periods, months_in
from .value import Value

# --- groups ---------------------------------------------------------------------------------------

WORK = 1 << 0
CERT_RANK = 1 << 1
CONTINUOUS = 1 << 2
PREP = 1 << 3
PREP_MONTHS = 1 << 4
EDUCATION = 1 << 5
TRAINEE = 1 << 6
FORMAL_TRAINING = 1 << 7
COMPETITIONS = 1 << 8
POSTS = 1 << 9
APPRENTICESHIP = 1 << 10
OTHER = 1 << 11
CONTRIBUTIONS = 1 << 12
# Each certificate grade and each title group has a group of its dated facts and one of its months of
# work since (a certificate also one of its continuous work since), so a question derives only the
# holdings and the counts its rules read.
_N = len(CERT_KEYS) + len(TITLE_KEYS)
CERT_OF = {gid: 1 << (13 + i) for i, (gid, _, _) in enumerate(CERT_KEYS)}
TITLE_OF = tuple(1 << (13 + len(CERT_KEYS) + i) for i in range(len(TITLE_KEYS)))
CERT_MONTHS_OF = {gid: bit << _N for gid, bit in CERT_OF.items()}
TITLE_MONTHS_OF = tuple(bit << _N for bit in TITLE_OF)
CERTS = sum(CERT_OF.values()) | CERT_RANK
TITLES = sum(TITLE_OF)
CERT_MONTHS = sum(CERT_MONTHS_OF.values())
TITLE_MONTHS = sum(TITLE_MONTHS_OF)
CERT_CONTINUOUS_OF = {gid: 1 << (13 + 2 * _N + i) for i, (gid, _, _) in enumerate(CERT_KEYS)}
CERT_CONTINUOUS = sum(CERT_CONTINUOUS_OF.values())
ALL_GROUPS = (1 << (13 + 2 * _N + len(CERT_KEYS))) - 1
_MONTHS = WORK | CONTINUOUS | CERT_MONTHS | CERT_CONTINUOUS | PREP_MONTHS | TITLE_MONTHS


def _dated(keys: HoldingKeys) -> tuple[str, ...]:
    return (keys.has, keys.on, keys.earliest, keys.earliest_known)


GROUP_OF: dict[str, int] = {
    "birth_date": 0,
    "occupation_edition": 0,
    "occupation_has_senior_technician": 0,
    "work_months": WORK,
    "work_months_max": WORK,
    "work_relation_known": WORK,
    "work_open_since": WORK,
    **dict.fromkeys(CONTINUOUS_WORK, CONTINUOUS),
    **dict.fromkeys(TRAINEE_NAMES, TRAINEE),
    **{name: CERT_OF[gid] for gid, _, keys in CERT_KEYS for name in _dated(keys)},
    "cert_rank": CERT_RANK,
    **{name: CERT_MONTHS_OF[gid] for gid, _, keys in CERT_KEYS for name in (keys.months, keys.months_max)},
    **{name: CERT_CONTINUOUS_OF[gid] for gid, *names in CONTINUOUS_KEYS for name in names},
    **dict.fromkeys(_dated(PREP_KEYS), PREP),
    PREP_KEYS.months: PREP_MONTHS,
    PREP_KEYS.months_max: PREP_MONTHS,
    **dict.fromkeys(EDUCATION_NAMES, EDUCATION),
    **dict.fromkeys(FORMAL_NAMES, FORMAL_TRAINING),
    **{name: bit for (keys, _), bit in zip(TITLE_KEYS, TITLE_OF, strict=True) for name in _dated(keys)},
    **{
        name: bit
        for (keys, _), bit in zip(TITLE_KEYS, TITLE_MONTHS_OF, strict=True)
        for name in (keys.months, keys.months_max)
    },
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


Spans = list[tuple[_dt.date, _dt.date | None]]


def _split(
    worker: Worker, cutoff: _dt.date, kinship: Kinship | None, kind: str = "work"
) -> tuple[Spans, Spans] | None:
    """The worker's periods of ``kind`` (work, or trainee work) up to the cutoff that surely count, and
    those that may (``None``: not stated). Trainee work (见习) is never work, nor work trainee work."""
    if worker.work_periods is None:
        return None
    own = worker.occupation.code
    sure: Spans = []
    maybe: Spans = []
    for p in worker.work_periods:
        if p.start > cutoff or p.kind != kind:
            continue
        code = p.occupation_code
        counts = True if code is None or code == own else counts_toward(code, own, kinship)
        if counts is True:
            sure.append((p.start, p.end))
        elif counts is None:
            maybe.append((p.start, p.end))
    return sure, maybe


class _Work:
    """A worker's work as of a date: the periods that surely count, and those that may, merged."""

    __slots__ = ("merged", "merged_max", "settled")

    def __init__(self, sure: Spans, maybe: Spans, on: _dt.date) -> None:
        self.merged = merge_periods(sure, on)
        self.settled = not maybe
        self.merged_max = self.merged if not maybe else merge_periods(sure + maybe, on)

    def months(self, h: Holding) -> tuple[Value, Value]:
        """Months of work after a holding's date: those that surely count, and the most that may."""
        if h.held is False:
            return None, None
        low = 0 if h.on is None else months_in(self.merged, h.on)
        if h.settled and self.settled:
            return low, low
        return low, months_in(self.merged_max, h.earliest)

    def longest(self) -> tuple[int, int]:
        """The longest stretch of work: surely counting, and the most that may."""
        low = longest_months(self.merged)
        return low, low if self.settled else longest_months(self.merged_max)

    def continuous(self, h: Holding) -> tuple[Value, Value]:
        """The longest stretch of work after a holding's date (periods clipped at it): surely
        counting, and the most that may (``time.md``, "Continuous work")."""
        if h.held is False:
            return None, None
        low = 0 if h.on is None else longest_months(self.merged, h.on)
        if h.settled and self.settled:
            return low, low
        return low, longest_months(self.merged_max, h.earliest)


def _set_months(f: dict[str, Value], keys: HoldingKeys, work: _Work | None, h: Holding | None) -> None:
    f[keys.months], f[keys.months_max] = (None, None) if work is None or h is None else work.months(h)


_CONTINUOUS_OF: dict[str, tuple[str, str]] = {gid: (low, high) for gid, low, high in CONTINUOUS_KEYS}
# Per certificate grade: its id, the names of its facts, and the groups of its dated facts and of
# its months of work since (cumulative or continuous).
_CERT_ROWS = tuple(
    (gid, keys, CERT_OF[gid], CERT_MONTHS_OF[gid] | CERT_CONTINUOUS_OF[gid]) for gid, _, keys in CERT_KEYS
)


def _set_cert_months(
    f: dict[str, Value], groups: int, gid: GradeId, keys: HoldingKeys, work: _Work | None, h: Holding | None
) -> None:
    """The cumulative and the continuous months of work since a certificate of grade ``gid``, as
    far as ``groups`` asks for them."""
    if groups & CERT_MONTHS_OF[gid]:
        _set_months(f, keys, work, h)
    if groups & CERT_CONTINUOUS_OF[gid]:
        low, high = _CONTINUOUS_OF[gid]
        f[low], f[high] = (None, None) if work is None or h is None else work.continuous(h)


def derive(
    worker: Worker,
    on: _dt.date,
    records_until: _dt.date | None = None,
    groups: int = ALL_GROUPS,
    kinship: Kinship | None = None,
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
    # Work periods split and merged once; the months since each date are counted from them.
    spans = _split(worker, cutoff, kinship) if groups & _MONTHS else None
    work = None if spans is None else _Work(*spans, on)
    if groups & WORK:
        if work is None:
            f["work_months"] = f["work_months_max"] = f["work_relation_known"] = None
        else:
            f["work_months"] = months_in(work.merged)
            f["work_months_max"] = months_in(work.merged_max) if not work.settled else f["work_months"]
            f["work_relation_known"] = True if work.settled else None
    if groups & CONTINUOUS:
        longest = (None, None) if work is None else work.longest()
        f["continuous_work_months"], f["continuous_work_months_max"] = longest
    if work is not None:
        # Where the stretch of work running on ``on`` began: the earliest-date search's hint.
        last = work.merged_max[-1] if work.merged_max else None
        f["work_open_since"] = last[0] if last is not None and last[1] == on else None
    elif groups & WORK:
        f["work_open_since"] = None
    if groups & TRAINEE:
        f.update(trainee_facts(_split(worker, cutoff, kinship, "trainee"), on))
    if groups & (CERTS | CERT_MONTHS | CERT_CONTINUOUS):
        certs = certificate_holdings(worker, cutoff, kinship)
        for gid, keys, dated, months in _CERT_ROWS:
            if not groups & (dated | months):
                continue  # a grade the rules do not read
            h = None if certs is None else certs[gid]
            if groups & dated:
                set_holding(f, keys, h)
            if groups & months:
                _set_cert_months(f, groups, gid, keys, work, h)
        if groups & CERT_RANK:
            f["cert_rank"] = cert_rank(certs)
    if groups & (PREP | PREP_MONTHS):
        prep = prep_holding(worker, cutoff, kinship)
        if groups & PREP:
            set_holding(f, PREP_KEYS, prep)
        if groups & PREP_MONTHS:
            _set_months(f, PREP_KEYS, work, prep)
    if groups & EDUCATION:
        f.update(education_facts(worker.education, on if records_until is None else cutoff, kinship))
    if groups & FORMAL_TRAINING:
        f.update(formal_training_facts(worker, cutoff, kinship))
    if groups & (TITLES | TITLE_MONTHS):
        titles = title_holdings(worker.titles, cutoff)
        for i, (keys, _) in enumerate(TITLE_KEYS):
            h = None if titles is None else titles[i]
            if groups & TITLE_OF[i]:
                set_holding(f, keys, h)
            if groups & TITLE_MONTHS_OF[i]:
                _set_months(f, keys, work, h)
    if groups & COMPETITIONS:
        f.update(competition_facts(worker, on, cutoff))
    if groups & POSTS:
        f.update(post_facts(worker, cutoff))
    if groups & APPRENTICESHIP:
        f.update(apprenticeship_facts(worker, cutoff, kinship))
    if groups & OTHER:
        other_facts(f, worker)
    if groups & CONTRIBUTIONS:
        contributions = worker.contributions
        f["major_contribution"] = (
            None if contributions is None else any(c.on <= cutoff for c in contributions)
        )
    return f


def _cert(worker: Worker, on: _dt.date, kinship: Kinship | None, gid: str) -> Holding | None:
    holdings = certificate_holdings(worker, on, kinship)
    return None if holdings is None else holdings[gid]


def _title(worker: Worker, on: _dt.date, index: int) -> Holding | None:
    holdings = title_holdings(worker.titles, on)
    return None if holdings is None else holdings[index]


def projector(
    worker: Worker,
    on: _dt.date,
    groups: int,
    kinship: Kinship | None = None,
    known: Mapping[str, Value] | None = None,
) -> Callable[[_dt.date], dict[str, Value]]:
    """The months-of-work facts of ``groups`` (cumulative, continuous, trainee) on later days, records
    as on ``on``.

    ``projector(w, on, g)(day)`` has the months facts of ``derive(w, day, on, g)``: the records are
    read once, and each day only merges the periods again (open ones run to the day). The
    earliest-date search calls it a few times per decision. ``known``: facts already derived on
    ``on``; the holdings are read back from them where they are there.
    """
    spans = _split(worker, on, kinship)
    facts = known if known is not None else {}

    def held(keys: HoldingKeys, make: Callable[[], Holding | None]) -> Holding | None:
        if keys.earliest_known in facts:
            settled = facts[keys.earliest_known] is True
            return Holding(facts[keys.has], facts[keys.on], facts[keys.earliest], settled)  # type: ignore[arg-type]
        return make()

    cert_rows = []
    if worker.certificates is not None:
        for gid, keys, _, months in _CERT_ROWS:
            if groups & months:
                cert_rows.append((gid, keys, held(keys, partial(_cert, worker, on, kinship, gid))))
    prep = None
    if groups & PREP_MONTHS and worker.prep_technician_certificates is not None:
        prep = held(PREP_KEYS, lambda: prep_holding(worker, on, kinship))
    title_rows = []
    if worker.titles is not None:
        for i, (keys, _) in enumerate(TITLE_KEYS):
            if groups & TITLE_MONTHS_OF[i]:
                title_rows.append((keys, held(keys, partial(_title, worker, on, i))))

    trainee = _split(worker, on, kinship, "trainee") if groups & TRAINEE else None

    # What each day derives, settled once.
    with_work, with_continuous = bool(groups & WORK), bool(groups & CONTINUOUS)
    with_trainee, with_prep = bool(groups & TRAINEE), bool(groups & PREP_MONTHS)

    def at(day: _dt.date) -> dict[str, Value]:
        work = None if spans is None else _Work(*spans, day)
        f: dict[str, Value] = {}
        if with_work:
            f["work_months"] = None if work is None else months_in(work.merged)
            f["work_months_max"] = None if work is None else months_in(work.merged_max)
        if with_continuous:
            longest = (None, None) if work is None else work.longest()
            f["continuous_work_months"], f["continuous_work_months_max"] = longest
        for gid, keys, h in cert_rows:
            _set_cert_months(f, groups, gid, keys, work, h)
        if with_trainee:
            f.update(trainee_facts(trainee, day))
        if with_prep:
            _set_months(f, PREP_KEYS, work, prep)
        for keys, h in title_rows:
            _set_months(f, keys, work, h)
        return f

    return at
