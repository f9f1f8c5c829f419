"""An organisation's facts (as a lead candidate and as a chain member), derived as of a date.

Time is counted as ``shared/policy/time.md`` says. Records dated after ``on`` do not exist yet.
"Within the last N years" means ``on - N years < e <= on``; rules read it through a
``*_free_years`` fact, the largest ``N`` for which no such event lies within the last ``N`` years,
so that ``*_free_years >= N`` is exactly "none within the last N years" and ``< N`` is "one within
them" (29 February included). Every fact is a value or unknown (``None``); "known absent" is spelled
with a ``has_…`` flag.

Derivation also returns, for each fact, the records it rests on (:class:`~.evidence.Derived`), so an
exit report can name its evidence whatever the wording of the rule that read the fact.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TypeVar

from ..models.organisations import DishonestyListing, Incident, Organisation, YearlyActivity
from .evidence import Derived, Record
from .spec import FactSpec, SpecRow, fact_schema
from .time import add_years
from .value import Value

__all__ = [
    "ORGANISATION_FACTS",
    "PROFILE_FLAGS",
    "free_years",
    "organisation_facts",
    "self_evaluation_registered",
]

T = TypeVar("T")


_WINDOWED = {
    "illegal_act": "an illegal act (serious or not)",
    "disciplinary_violation": "a disciplinary violation",
    "dishonesty_listing": "a day on the seriously-dishonest list",
    "serious_violation": "a serious illegal act",
    "major_incident": "a major or especially major production-safety, environmental or quality accident",
}
"""Record groups read through a ``has_<name>`` flag and a ``<name>_free_years`` count."""

_WINDOWED_ROWS: list[SpecRow] = []
for _name, _what in _WINDOWED.items():
    _WINDOWED_ROWS += [
        (f"has_{_name}", "bool", f"{_what} is on record, dated on or before the date asked"),
        (
            f"{_name}_free_years",
            "int",
            f"the largest N such that no record of {_what} lies within the last N years "
            "(unknown when there is none: read it with the has_ flag)",
            True,
        ),
    ]
del _name, _what

ORGANISATION_FACTS: Mapping[str, FactSpec] = fact_schema(
    ("kind", "str", "the organisation kind (one of the nine member kinds)"),
    ("registration_province", "str", "province of registration (lowercase pinyin)"),
    ("registration_city", "str", "city of registration (lowercase pinyin)"),
    ("independent_legal_person", "bool", "registered as an independent legal person"),
    ("operating_normally", "bool", "operating normally"),
    ("size_class", "str", "enterprise size by the national statistics standard: large, medium, small, micro"),
    (
        "insured_staff_in_city",
        "int",
        "employees insured in the city, with subsidiaries, branches and offices",
    ),
    ("above_designated_size", "bool", "an above-designated-size enterprise"),
    ("group_company", "bool", "a group company"),
    ("listed", "bool", "a listed company"),
    ("specialised_and_new", "bool", "a specialised-and-new (专精特新) enterprise"),
    ("chain_master", "bool", "an industry-chain master (链主) enterprise"),
    ("industry_education_integration", "bool", "an industry–education integration enterprise"),
    ("single_item_champion", "bool", "a single-item champion"),
    ("linked_to_leading_enterprises", "bool", "able to link to leading or listed enterprises"),
    ("in_industry_cluster", "bool", "belongs to a designated industry cluster or key industry of its city"),
    (
        "staff_education_fund_compliant",
        "bool",
        "staff education fund withdrawn in full, spent on the front line",
    ),
    ("internal_training_system", "bool", "a skills-training system with a sound internal training regime"),
    ("school_cooperation_genuine", "bool", "real school–enterprise cooperation"),
    ("school_cooperation_good_record", "bool", "a good record of cooperation with schools in the province"),
    ("has_national_platform", "bool", "holds a national high-skill base, master studio or similar platform"),
    ("apprenticeship_occupations_match", "bool", "apprenticeship and trainee occupations match the business"),
    ("self_evaluation_registered", "bool", "registered as a self-evaluation institution by the date asked"),
    *_WINDOWED_ROWS,
    ("currently_listed_dishonest", "bool", "on the seriously-dishonest list on the date asked"),
    ("lost_standing", "bool", "deregistered, bankrupt, licence revoked or moved out of the province"),
    ("has_fraud_finding", "bool", "a finding of falsified materials or subsidy fraud is on record"),
    ("failed_assessments", "int", "periodic assessments failed, results given by the date asked"),
    (
        "idle_years",
        "int",
        "whole calendar years of membership (or of recorded activity) with no trainees and no evaluations",
        True,
    ),
    ("applied_to_withdraw", "bool", "applied to withdraw, on or before the date asked (effective that day)"),
)

# --- counting time ---------------------------------------------------------------------------------


PROFILE_FLAGS = (
    "above_designated_size",
    "group_company",
    "listed",
    "specialised_and_new",
    "chain_master",
    "industry_education_integration",
    "single_item_champion",
    "linked_to_leading_enterprises",
)
"""The yes/no flags of an organisation's profile that are lead facts under the same names."""


def free_years(event: _dt.date, on: _dt.date) -> int:
    """The largest ``N >= 0`` with ``on - N years >= event``: the event is not within the last N years.

    So an event lies within the last ``N`` years (``on - N years < event <= on``) exactly when
    ``free_years(event, on) < N``.
    """
    n = max(on.year - event.year, 0)
    while n > 0 and add_years(on, -n) < event:
        n -= 1
    return n


def _cut(
    items: Sequence[T] | None, make: Callable[[int, T], Record | None], on: _dt.date
) -> list[Record] | None:
    """The records ``make`` draws from ``items``, dated on or before ``on`` (``None``: not stated)."""
    if items is None:
        return None
    return [r for r in (make(i, x) for i, x in enumerate(items)) if r is not None and r.on <= on]


# --- organisations -----------------------------------------------------------------------------------


def _flag(obj: object | None, name: str) -> Value:
    return None if obj is None else getattr(obj, name)


def organisation_facts(org: Organisation, on: _dt.date, *, since: _dt.date | None = None) -> Derived:
    """Derive an organisation's facts as of ``on``.

    Args:
        org: a validated organisation.
        on: the date asked about.
        since: the start of its membership of a chain, for counting idle years (``None``: count
            the years its activity records cover).
    """
    reg, prof = org.registration, org.profile
    f: dict[str, Value] = {
        "kind": org.kind,
        "registration_province": _flag(reg, "province"),
        "registration_city": _flag(reg, "city"),
        "independent_legal_person": _flag(reg, "independent_legal_person"),
        "operating_normally": _flag(reg, "operating_normally"),
        "size_class": org.size_class,
        "insured_staff_in_city": org.insured_employees_in_city,
        "staff_education_fund_compliant": org.staff_education_fund_compliant,
        "internal_training_system": org.internal_training_system,
        "school_cooperation_genuine": org.school_cooperation_genuine,
        "school_cooperation_good_record": org.school_cooperation_good_record,
        "has_national_platform": None if org.national_platforms is None else bool(org.national_platforms),
        "apprenticeship_occupations_match": org.apprenticeship_occupations_match,
        "self_evaluation_registered": self_evaluation_registered(org, on),
    }
    for name in PROFILE_FLAGS:
        f[name] = _flag(prof, name)
    clusters = None if prof is None else prof.industry_clusters
    f["in_industry_cluster"] = None if clusters is None else bool(clusters)
    evidence: dict[str, tuple[Record, ...]] = {}
    _record_facts(org, on, f, evidence)
    idle, idle_records = _idle_years(org.yearly_activity, on, since)
    f["idle_years"] = idle
    evidence["idle_years"] = idle_records
    return Derived(f, MappingProxyType(evidence))


def _record_facts(
    org: Organisation, on: _dt.date, f: dict[str, Value], evidence: dict[str, tuple[Record, ...]]
) -> None:
    def violations(*kinds: str) -> list[Record] | None:
        return _cut(
            org.violations,
            lambda i, x: Record(f"violations[{i}]", x.kind, x.on) if x.kind in kinds else None,
            on,
        )

    groups: dict[str, list[Record] | None] = {
        "illegal_act": violations("illegal_act", "serious_illegal_act"),
        "disciplinary_violation": violations("disciplinary"),
        "serious_violation": violations("serious_illegal_act"),
        "major_incident": _cut(org.incidents, _major_incident, on),
        # A listing counts on the last day it was in force, as of ``on``: in force today, today.
        "dishonesty_listing": _cut(
            org.dishonesty_listings,
            lambda i, x: (
                Record(f"dishonesty_listings[{i}]", "dishonesty_listing", _last_listed_day(x, on))
                if x.listed_on <= on
                else None
            ),
            on,
        ),
    }
    for name, found in groups.items():
        latest = () if not found else (max(found, key=lambda r: r.on),)
        f[f"has_{name}"] = None if found is None else bool(found)
        f[f"{name}_free_years"] = free_years(latest[0].on, on) if latest else None
        evidence[f"has_{name}"] = evidence[f"{name}_free_years"] = latest

    singles: dict[str, list[Record] | None] = {
        "currently_listed_dishonest": _cut(
            org.dishonesty_listings,
            lambda i, x: (
                Record(f"dishonesty_listings[{i}]", "dishonesty_listing", x.listed_on)
                if x.removed_on is None or x.removed_on > on
                else None
            ),
            on,
        ),
        "lost_standing": _cut(
            org.standing_events, lambda i, x: Record(f"standing_events[{i}]", x.kind, x.on), on
        ),
        "has_fraud_finding": _cut(
            org.fraud_findings, lambda i, x: Record(f"fraud_findings[{i}]", "fraud_finding", x.on), on
        ),
        "applied_to_withdraw": _cut(
            org.withdrawal_applications,
            lambda i, x: Record(f"withdrawal_applications[{i}]", "withdrawal_application", x.on),
            on,
        ),
    }
    for name, found in singles.items():
        f[name] = None if found is None else bool(found)
        evidence[name] = tuple(found or ())
    # An assessment result counts from the day it was given, or from the end of its year.
    failed = _cut(
        org.assessments,
        lambda i, x: (
            Record(
                f"assessments[{i}]", f"failed assessment {x.year}", x.decided_on or _dt.date(x.year, 12, 31)
            )
            if x.result == "fail"
            else None
        ),
        on,
    )
    f["failed_assessments"] = None if failed is None else len(failed)
    evidence["failed_assessments"] = tuple(failed or ())


def _major_incident(i: int, x: Incident) -> Record | None:
    if x.kind == "other" or x.severity not in ("major", "especially_major"):
        return None
    return Record(f"incidents[{i}]", f"{x.severity} {x.kind} accident", x.on)


def _last_listed_day(x: DishonestyListing, on: _dt.date) -> _dt.date:
    if x.removed_on is None or x.removed_on > on:
        return on
    return max(x.listed_on, x.removed_on - _dt.timedelta(days=1))


def _idle_years(
    records: Sequence[YearlyActivity] | None, on: _dt.date, since: _dt.date | None
) -> tuple[int | None, tuple[Record, ...]]:
    """Whole calendar years, ended by ``on``, with no trainees and no evaluations.

    The years counted are those of membership (beginning on or after ``since``) or, without a
    start, those the records cover. A year in that span with no record had no activity.
    """
    if records is None:
        return None, ()
    by_year = {r.year: (i, r) for i, r in enumerate(records)}
    last = on.year if on == _dt.date(on.year, 12, 31) else on.year - 1
    if since is not None:
        first = since.year if (since.month, since.day) == (1, 1) else since.year + 1
    else:
        first = min(by_year, default=last + 1)
    idle: list[Record] = []
    for year in range(first, last + 1):
        found = by_year.get(year)
        if found is None:
            idle.append(Record(f"yearly_activity[year={year}]", "no activity record", _dt.date(year, 12, 31)))
        elif found[1].trainees == 0 and found[1].evaluations == 0:
            idle.append(
                Record(f"yearly_activity[{found[0]}]", "no training or evaluation", _dt.date(year, 12, 31))
            )
    return len(idle), tuple(idle)


def self_evaluation_registered(org: Organisation, by: _dt.date) -> bool | None:
    """Registered as a self-evaluation institution on or before ``by`` (unknown without a date)."""
    if org.self_evaluation_registered_on is not None:
        return org.self_evaluation_registered_on <= by
    return False if org.self_evaluation_registered is False else None
