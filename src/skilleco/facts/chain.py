"""Facts for the chain questions: organisations (as lead candidates and as chain members), chains,
and certificate candidates, derived as of a date.

Time is counted as ``shared/policy/time.md`` says. Records dated after ``on`` do not exist yet.
"Within the last N years" means ``on - N years < e <= on``; rules read it through a
``*_free_years`` fact, the largest ``N`` for which no such event lies within the last ``N`` years,
so that ``*_free_years >= N`` is exactly "none within the last N years" and ``< N`` is "one within
them" (29 February included). Every fact is a value or unknown (``None``); "known absent" is spelled
with a ``has_…`` flag.

Derivation also returns, for each fact, the records it rests on, so an exit report can name its
evidence (which record, dated when) whatever the wording of the rule that read the fact.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TypeVar

import attrs

from ..models.organisations import (
    Chain,
    ChainMember,
    DishonestyListing,
    DualCertificateCandidate,
    GbaCandidate,
    Incident,
    Organisation,
    YearlyActivity,
)
from .spec import FactSpec, SpecRow, fact_schema
from .time import add_years, whole_months
from .value import Value

__all__ = [
    "CHAIN_SCHEMAS",
    "Derived",
    "Record",
    "dual_certificate_facts",
    "gba_facts",
    "lead_facts",
    "member_active",
    "member_facts",
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

LEAD_FACTS: Mapping[str, FactSpec] = MappingProxyType(
    {
        **ORGANISATION_FACTS,
        **fact_schema(
            ("partner_enterprises_committed", "int", "enterprises the candidate will bring into the chain"),
            ("jobs_offered", "int", "jobs the chain can offer"),
            ("posts_offered", "int", "training or employment posts offered"),
        ),
    }
)

MEMBER_FACTS: Mapping[str, FactSpec] = MappingProxyType(
    {
        **ORGANISATION_FACTS,
        **fact_schema(
            ("is_lead", "bool", "the unit is the chain's lead"),
            ("member_since", "date", "when the unit joined (the chain's establishment for a founder)"),
        ),
    }
)

_CHAIN_ROWS: tuple[SpecRow, ...] = (
    ("chain_established", "bool", "the chain was established on or before the date asked"),
    ("chain_months_since_established", "int", "whole months since the chain was established", True),
    ("chain_construction_period_months", "int", "the chain's own construction period, when stated"),
    ("chain_confirmed_active", "bool", "confirmed active beyond its construction period"),
    ("chain_exited", "bool", "the chain has exited the programme"),
)

DUAL_CERTIFICATE_FACTS: Mapping[str, FactSpec] = fact_schema(
    ("evaluator_in_chain", "bool", "the evaluator is a member of the chain on the evaluation date"),
    ("evaluator_kind", "str", "the evaluator's organisation kind"),
    (
        "evaluator_self_evaluation_registered",
        "bool",
        "the evaluator was registered as a self-evaluation institution by the evaluation date",
    ),
    ("employed_by_evaluator", "bool", "the candidate is an employee of the evaluator"),
    (
        "employer_is_chain_enterprise",
        "bool",
        "the candidate's employer is an enterprise member of the chain on the evaluation date",
    ),
    ("special_ability_item", "str", "the special-ability item evaluated"),
    ("item_on_list", "bool", "the item is on the chain's one-test-two-certificates list"),
    ("enterprise_certification", "str", "the enterprise certification the list maps the item to"),
    ("evaluation_on", "date", "the date of the evaluation"),
    ("evaluation_passed", "bool", "passed the evaluation on or before the date asked"),
    *_CHAIN_ROWS,
)

GBA_FACTS: Mapping[str, FactSpec] = fact_schema(
    ("occupation", "str", "the occupation id"),
    ("occupation_listed", "bool", "the occupation is on the scheme's list as the caller gives it"),
    ("exam_on", "date", "the date of the exam"),
    ("exam_passed", "bool", "passed the exam on or before the date asked"),
)

CHAIN_SCHEMAS: Mapping[str, Mapping[str, FactSpec]] = MappingProxyType(
    {
        "organisation": LEAD_FACTS,
        "chain_member": MEMBER_FACTS,
        "dual_certificate": DUAL_CERTIFICATE_FACTS,
        "gba_candidate": GBA_FACTS,
    }
)
"""Fact schemas by rule-set subject, for the chain questions."""


# --- evidence ---------------------------------------------------------------------------------------


@attrs.frozen
class Record:
    """A record a fact rests on.

    Attributes:
        path: where it is in the organisation's data (``violations[2]``, ``yearly_activity[year=2024]``).
        kind: what it is (``serious_illegal_act``, ``major environmental accident``, ``fail``, ...).
        on: its date.
    """

    path: str
    kind: str
    on: _dt.date


@attrs.frozen
class Derived:
    """Facts, and the records each fact rests on."""

    facts: Mapping[str, Value]
    evidence: Mapping[str, tuple[Record, ...]]


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


# --- lead candidates and chain members -------------------------------------------------------------------


def lead_facts(org: Organisation, chain: Chain | None, on: _dt.date) -> dict[str, Value]:
    """Facts of a chain-lead candidate, with the commitments of the chain it proposes to lead."""
    return {
        **organisation_facts(org, on).facts,
        "partner_enterprises_committed": None if chain is None else chain.partner_enterprises_committed,
        "jobs_offered": None if chain is None else chain.jobs_offered,
        "posts_offered": None if chain is None else chain.posts_offered,
    }


def member_active(member: ChainMember, on: _dt.date) -> bool:
    """Whether the unit is a member on ``on`` (a founder without a join date always is)."""
    joined = member.joined_on is None or member.joined_on <= on
    return joined and (member.left_on is None or member.left_on > on)


def member_facts(member: ChainMember, chain: Chain, on: _dt.date) -> Derived:
    """Facts of a chain member unit as of ``on`` (idle years counted from when it joined)."""
    since = member.joined_on or chain.established_on
    derived = organisation_facts(member.organisation, on, since=since)
    facts = {**derived.facts, "is_lead": member.organisation.id == chain.lead_id, "member_since": since}
    return Derived(facts, derived.evidence)


# --- certificate candidates ---------------------------------------------------------------------------


def _chain_facts(chain: Chain, on: _dt.date) -> dict[str, Value]:
    est = chain.established_on
    exits = chain.exits
    return {
        "chain_established": None if est is None else est <= on,
        "chain_months_since_established": None if est is None else whole_months(est, on),
        "chain_construction_period_months": chain.construction_period_months,
        "chain_confirmed_active": chain.confirmed_active,
        "chain_exited": None if exits is None else any(x.on <= on for x in exits),
    }


def dual_certificate_facts(c: DualCertificateCandidate, on: _dt.date) -> dict[str, Value]:
    """Facts of a dual-certificate candidate. Membership and registration are taken on the
    evaluation date (on ``on`` when that date is unknown or later)."""
    chain, ev = c.chain, c.evaluation
    when = ev.on if ev.on is not None and ev.on <= on else on
    evaluator = chain.member(ev.evaluator_id)
    employer = None if c.employer_id is None else chain.member(c.employer_id)
    items = chain.dual_certificate_items
    match = [i for i in items or () if i.special_ability_item == ev.item]
    if ev.result == "fail":
        passed: bool | None = False
    elif ev.on is None:
        passed = None
    else:
        passed = False if ev.on > on else (None if ev.result is None else True)
    return {
        "evaluator_in_chain": evaluator is not None and member_active(evaluator, when),
        "evaluator_kind": None if evaluator is None else evaluator.organisation.kind,
        "evaluator_self_evaluation_registered": (
            None if evaluator is None else self_evaluation_registered(evaluator.organisation, when)
        ),
        "employed_by_evaluator": None if c.employer_id is None else c.employer_id == ev.evaluator_id,
        "employer_is_chain_enterprise": (
            None
            if c.employer_id is None
            else employer is not None
            and member_active(employer, when)
            and employer.organisation.kind == "enterprise"
        ),
        "special_ability_item": ev.item,
        "item_on_list": None if items is None else bool(match),
        "enterprise_certification": match[0].enterprise_certification if match else None,
        "evaluation_on": ev.on,
        "evaluation_passed": passed,
        **_chain_facts(chain, on),
    }


def gba_facts(c: GbaCandidate, on: _dt.date) -> dict[str, Value]:
    """Facts of a candidate under the Guangdong–Hong Kong–Macao scheme."""
    exam = c.exam
    if exam is None:
        passed: bool | None = None
    elif exam.result == "fail":
        passed = False
    elif exam.on is None:
        passed = None
    else:
        passed = False if exam.on > on else (None if exam.result is None else True)
    listed = c.listed_occupations
    return {
        "occupation": c.occupation,
        "occupation_listed": None if listed is None else c.occupation in listed,
        "exam_on": None if exam is None else exam.on,
        "exam_passed": passed,
    }
