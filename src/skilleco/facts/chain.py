"""Facts for the chain questions: chain-lead candidates, chain members and certificate candidates
(dual certificates, the Guangdong–Hong Kong–Macao scheme), derived as of a date, and the fact schemas
by rule-set subject.

An organisation's own facts, how time is counted for them and the records they rest on are in
:mod:`skilleco.facts.organisation` and :mod:`skilleco.facts.evidence`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain, ChainMember
from ..models.organisations import Organisation
from .evidence import Derived
from .organisation import ORGANISATION_FACTS, organisation_facts, self_evaluation_registered
from .spec import FactSpec, SpecRow, fact_schema
from .time import whole_months
from .value import Value

__all__ = [
    "CHAIN_SCHEMAS",
    "dual_certificate_facts",
    "gba_facts",
    "lead_facts",
    "member_active",
    "member_facts",
]

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
