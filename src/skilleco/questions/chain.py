"""The chain questions: who may lead a chain, which units exit, who gets two certificates.

Which rule set answers a question is found by a naming convention, not by a list in code: an
edition declares its own rule set ``<area>.<policy id without hyphens>`` (``lead.sz2025`` in
``sz-2025``, ``exit.gd2025`` in ``gd-2025``, ``dualcert.bj2025`` in ``bj-2025``), and a question
uses the one of the policy itself or, failing that, of its nearest ancestor. So ``sz-2025`` answers
the lead question with ``lead.sz2025`` (not the national ``lead.cn2025`` it also inherits), checks
exits with Guangdong's ``exit.gd2025``, and ``bj-2025`` assesses leads with ``lead.bj2024``.
A lead decision names the policy whose rule set answered (``Decision.ruleset_policy_id``) and what
that rule set does not check (``Decision.not_checked``, from its ``<rule set>.not_checked``
parameter), so that ``gd-2025``'s answer by the national ``lead.cn2025`` is not taken for a full check.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

from ..decisions import Decision, EditionComparison, Evidence, ExitReport, Status, UnitExit
from ..decisions import status as _status
from ..engine.decide import decide
from ..exceptions import InputError, UnknownPolicyError, UnknownRuleError
from ..facts.chain import dual_certificate_facts, gba_facts, lead_facts, member_active, member_facts
from ..facts.evidence import Derived, Record
from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain
from ..models.dates import as_date
from ..models.jsontext import load_json
from ..models.organisations import Organisation
from ..models.plausible import check_asked_on
from ..models.worker import validate
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..rules.expr import Expr, Fact, Op, Trace, evaluate, fact_names

__all__ = [
    "DEFAULT_EDITIONS",
    "assess_chain_lead",
    "assess_dual_certificate",
    "check_exits",
    "compare_editions",
    "edition_ruleset",
]

LeadInput = Organisation | Chain | Mapping[str, Any] | str | bytes
ChainInput = Chain | Mapping[str, Any] | str | bytes
CandidateInput = DualCertificateCandidate | GbaCandidate | Mapping[str, Any] | str | bytes

DEFAULT_EDITIONS = ("sz-2025", "gd-2022", "bj-2024", "cn-2025")
"""The editions :func:`compare_editions` compares unless told otherwise."""

NOT_CHECKED = "not_checked"
"""A rule set ``S`` that leaves criteria of other editions out says which in the parameter
``S.not_checked`` (a list of criterion keys, read by the lead question, not by rules)."""


def edition_ruleset(policy: Policy, area: str, question: str) -> str:
    """The id of the rule set answering ``question`` for this policy (see the module docstring).

    Args:
        policy: the policy.
        area: the rule-id area: ``lead``, ``exit`` or ``dualcert``.
        question: the question the rule set must declare.

    Raises:
        UnknownRuleError: neither the policy nor an ancestor declares such a rule set.
    """
    return _edition_ruleset(policy, area, question)[0]


def _edition_ruleset(policy: Policy, area: str, question: str) -> tuple[str, str]:
    """:func:`edition_ruleset`, and the id of the policy (itself or an ancestor) that declares it."""
    # Every built policy records its ancestors, user packs' included; a Policy made by hand
    # without them falls back to walking the shipped policies by id.
    lineage = [policy.id, *policy.ancestors]
    parent = None if policy.ancestors else policy.parent
    while parent is not None and parent not in lineage:
        lineage.append(parent)
        try:
            parent = load_policy(parent).parent
        except UnknownPolicyError:  # a parent that is not shipped: its own ancestors are unknown
            break
    for pid in lineage:
        sid = f"{area}.{pid.replace('-', '')}"
        found = policy.rulesets.get(sid)
        if found is not None and found.question == question:
            return sid, pid
    known = [s.id for s in policy.rulesets.values() if s.question == question]
    raise UnknownRuleError(f"{area}.{policy.id.replace('-', '')}", known)


# --- chain lead ------------------------------------------------------------------------------------


def _lead_candidate(candidate: LeadInput) -> tuple[Organisation, Chain | None]:
    """An organisation alone, or a chain whose lead is the candidate (with the chain's commitments)."""
    if isinstance(candidate, Organisation):
        return candidate, None
    if isinstance(candidate, Chain):
        return candidate.lead.organisation, candidate
    data: object = candidate
    if isinstance(candidate, str | bytes):
        try:
            data = load_json(candidate)
        except ValueError:
            return validate(Organisation, candidate), None  # raises, naming the JSON problem
    if isinstance(data, Mapping) and "lead_id" in data:
        chain = validate(Chain, data)
        return chain.lead.organisation, chain
    return validate(Organisation, data if isinstance(data, Mapping) else candidate), None


def _assess_lead(org: Organisation, chain: Chain | None, policy: Policy, on: _dt.date) -> Decision:
    check_asked_on(org if chain is None else chain, on)  # a chain established after `on`: bad input
    sid, owner = _edition_ruleset(policy, "lead", "lead")
    # Which edition's rule set answered, and what it leaves out (chain.md: a national "eligible"
    # is not a full check).
    return decide(
        policy,
        sid,
        lead_facts(org, chain, on),
        on,
        question="lead",
        subject_id=org.id,
        ruleset_policy_id=owner,
        not_checked=_not_checked(policy, sid, on),
    )


def _not_checked(policy: Policy, sid: str, on: _dt.date) -> tuple[str, ...]:
    """What the rule set ``sid`` does not check: the pack's ``<sid>.not_checked`` parameter, if any."""
    name = f"{sid}.{NOT_CHECKED}"
    value = policy.params_at(on).get(name)
    return tuple(str(v) for v in value) if isinstance(value, tuple) else ()


def assess_chain_lead(candidate: LeadInput, *, policy: str | Policy, on: object) -> Decision:
    """May this organisation lead (or be incubated as the lead of) a chain, as of ``on``?

    All ``required`` rules must hold; a failing ``in_principle`` rule sends the case to review;
    ``priority`` rules are reported as findings and never decide.

    Args:
        candidate: an :class:`~skilleco.models.Organisation` (the commitments of the chain
            it would lead are then unknown), or a :class:`~skilleco.models.Chain` whose lead
            is assessed with the chain's commitments; or a dict or JSON text of either (a mapping
            with a ``lead_id`` key is read as a chain).
        policy: a policy id (``sz-2025``, ``gd-2022``, ``bj-2024``, ``cn-2025``, ...) or
            :class:`~skilleco.policy.Policy`; its own lead rule set, or its nearest ancestor's, answers.
        on: the date asked about.

    Returns:
        A decision: ``eligible``, ``review``, ``ineligible`` or ``undetermined``, one finding per rule,
        and the missing facts.

    Raises:
        InputError: invalid candidate data or date.
        UnknownPolicyError: no such policy.
        UnknownRuleError: the policy has no chain-lead rules.
    """
    org, chain = _lead_candidate(candidate)
    return _assess_lead(org, chain, load_policy(policy), as_date(on))


def compare_editions(
    candidate: LeadInput, *, policies: Iterable[str | Policy] = DEFAULT_EDITIONS, on: object
) -> EditionComparison:
    """Assess one chain-lead candidate under several editions and show where they differ.

    Args:
        candidate: as for :func:`assess_chain_lead`.
        policies: the editions, as ids or policies (default: ``sz-2025``, ``gd-2022``, ``bj-2024``,
            ``cn-2025``).
        on: the date asked about.

    Raises:
        InputError: invalid candidate data or date, or ``policies`` not a list.
        UnknownPolicyError: no such policy.
    """
    org, chain = _lead_candidate(candidate)
    day = as_date(on)
    if isinstance(policies, str | bytes | Mapping) or not isinstance(policies, Iterable):
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("policies",),
                    "input": policies,
                    "msg": "expected a list of policies",
                    "type": "bad_type",
                }
            ],
        )
    decisions = tuple(_assess_lead(org, chain, load_policy(p), day) for p in policies)
    return EditionComparison(subject_id=org.id, on=day, decisions=decisions)


# --- exits -----------------------------------------------------------------------------------------


def check_exits(chain: ChainInput, *, policy: str | Policy = "gd-2025", on: object) -> ExitReport:
    """Check the exit scenarios for a chain's lead and every member unit active on ``on``.

    A unit ``exit``\\ s when any scenario is triggered (all are listed, each with the records behind
    it); it is ``undetermined`` when none is triggered but some cannot be decided (the missing facts
    are named); ``retain`` only when every scenario is decided and none is triggered. When the lead
    exits the report says the chain loses its lead; what the authority does next is not decided.

    Args:
        chain: a :class:`~skilleco.models.Chain`, a dict, or JSON text.
        policy: a policy id or :class:`~skilleco.policy.Policy` (default ``gd-2025``, whose six
            scenarios are all ``modelled``).
        on: the date asked about.

    Raises:
        InputError: invalid chain data or date.
        UnknownPolicyError: no such policy.
        UnknownRuleError: the policy has no exit scenarios.
    """
    c = validate(Chain, chain)
    pol, day = load_policy(policy), as_date(on)
    check_asked_on(c, day)  # a chain established after the date asked: bad input
    sid = edition_ruleset(pol, "exit", "exit")
    units = []
    # The lead first; then members active on the date, in the order given.
    for m in sorted(c.members, key=lambda m: m.organisation.id != c.lead_id):
        is_lead = m.organisation.id == c.lead_id
        if not is_lead and not member_active(m, day):
            continue
        derived = member_facts(m, c, day)
        d = decide(pol, sid, derived.facts, day, question="exit", subject_id=m.organisation.id)
        units.append(UnitExit(m.organisation.id, is_lead, m.role, d, _evidence(pol, d, derived, day)))
    return ExitReport(
        chain_id=c.id,
        on=day,
        policy_id=pol.id,
        reform_label=pol.label,
        ruleset_id=sid,
        lead_id=c.lead_id,
        status=_overall([u.status for u in units]),
        units=tuple(units),
        policy_hash=pol.content_hash(),
    )


def _overall(statuses: list[Status]) -> Status:
    return _status.overall(statuses)


def _evidence(policy: Policy, d: Decision, derived: Derived, on: _dt.date) -> tuple[Evidence, ...]:
    """The records behind each triggered scenario, read off the parts of its condition that hold."""
    params = policy.params_at(on)
    out: list[Evidence] = []
    for f in d.findings:
        if f.status != "yes":
            continue
        rule = policy.rule(f.rule_id)
        trace = evaluate(rule.condition, derived.facts, params, on)
        facts_by_record: dict[Record, list[str]] = {}
        for name in _facts_that_hold(rule.condition, trace):
            for r in derived.evidence.get(name, ()):
                facts_by_record.setdefault(r, []).append(name)
        out += [
            Evidence(d.subject_id, rule.id, tuple(names), r.path, r.kind, r.on)
            for r, names in facts_by_record.items()
        ]
    return tuple(out)


def _facts_that_hold(node: Expr, trace: Trace) -> tuple[str, ...]:
    """Facts read by the parts of a true condition that are themselves true (not under a ``not``)."""
    out: dict[str, None] = {}

    def visit(n: Expr) -> None:
        if trace.values.get(id(n)) is not True:
            return
        if isinstance(n, Fact):
            out[n.name] = None
        elif isinstance(n, Op) and n.op in ("all_of", "any_of"):
            for a in n.args:
                visit(a)
        elif isinstance(n, Op) and n.op != "not":
            out.update(dict.fromkeys(fact_names(n)))

    visit(node)
    return tuple(out)


# --- dual certificates ---------------------------------------------------------------------------------


def _bj_target(c: DualCertificateCandidate, facts: Mapping[str, object]) -> str:
    target = f"special_vocational_ability_certificate: {c.evaluation.item}"
    cert = facts.get("enterprise_certification")
    return target if cert is None else f"{target} + enterprise_certification: {cert}"


def _gba_target(c: GbaCandidate) -> str:
    regions = c.counterparts
    others = " + ".join(f"{r}_certificate" for r in regions) if regions else "hong_kong_or_macao_certificate"
    return f"mainland_skill_level_certificate: {c.occupation} + {others}"


def assess_dual_certificate(candidate: CandidateInput, *, policy: str | Policy, on: object) -> Decision:
    """Does one evaluation yield two (or more) certificates for this candidate, as of ``on``?

    Under ``bj-2025`` the candidate is a
    :class:`~skilleco.models.DualCertificateCandidate` and the decision's ``target`` names
    the special vocational ability certificate and the enterprise certification the chain's list
    maps it to. Under the separate ``gba`` scheme the candidate is a
    :class:`~skilleco.models.GbaCandidate` and the target names the mainland skill level
    certificate and the Hong Kong and/or Macao certificate.

    Args:
        candidate: a candidate model, a dict, or JSON text (the model follows the policy's scheme).
        policy: ``bj-2025``, ``gba``, or a policy inheriting one of them.
        on: the date asked about.

    Raises:
        InputError: invalid candidate data or date.
        UnknownPolicyError: no such policy.
        UnknownRuleError: the policy has no dual-certificate scheme.
    """
    pol, day = load_policy(policy), as_date(on)
    sid = edition_ruleset(pol, "dualcert", "dual_certificate")
    if pol.ruleset(sid).subject == "gba_candidate":
        # The other scheme's model is dumped and fails validation here, naming its fields.
        g = validate(GbaCandidate, cast(Any, candidate))
        facts = gba_facts(g, day)
        subject, target = g.person_id, _gba_target(g)
    else:
        b = validate(DualCertificateCandidate, cast(Any, candidate))
        check_asked_on(b, day)  # the candidate's chain established after the date asked: bad input
        facts = dual_certificate_facts(b, day)
        subject, target = b.person_id, _bj_target(b, facts)
    return decide(pol, sid, facts, day, question="dual_certificate", subject_id=subject, target=target)
