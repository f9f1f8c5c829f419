"""Plans: what answering a rule set takes that does not depend on the subject, worked out once.

A plan belongs to one policy, one rule set and one date segment (parameter values are constant
within a segment): the member rules in order, the parameter values each finding reports with their
dates and citations, the messages of findings that hold, the facts the rules and their guards read,
and the compiled time-only checks of the earliest-date search. A policy keeps its plans (see
``Policy._cached``); a policy never changes, so neither does a plan.
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Callable, Mapping
from typing import TypeAlias

import attrs

from ..decisions.deferred import Deferred
from ..decisions.finding import Finding, FindingStatus, ParamUse, Plain, finding_maker, plain
from ..facts.value import Value
from ..facts.worker import fact_groups
from ..policy.policy import SCHEMAS, Policy
from ..rules.compile import compile_bound
from ..rules.expr import Compiled
from ..rules.rule import Rule, RuleSet
from .earliest import RouteSearch, route_search
from .messages import message_en, message_zh

FactPair: TypeAlias = tuple[str, Plain]
Pick: TypeAlias = Callable[[Mapping[str, FactPair]], tuple[FactPair, ...]]
Make: TypeAlias = Callable[
    [FindingStatus, tuple[FactPair, ...], tuple[str, ...], str | Deferred, str | Deferred], Finding
]


@attrs.frozen(eq=False)
class Step:
    """One member rule, with what its finding reports that does not depend on the subject.

    Attributes:
        id: the rule id.
        rule: the rule.
        compiled: its condition compiled with the segment's parameter values bound
            (``rules.compile.compile_bound``).
        pick: from ``(name, value)`` pairs by fact name, the rule's facts in order.
        make: ``make(status, facts, missing, message_zh, message_en)``: the rule's finding
            (:func:`~skilleco.decisions.finding_maker`).
        params: the parameters it reads, with their values in the segment.
        yes_zh: the Chinese message of a finding that holds (it never depends on the facts).
        yes_en: the English message of a finding that holds.
    """

    id: str
    rule: Rule
    compiled: Compiled
    pick: Pick
    make: Make
    params: tuple[ParamUse, ...]
    yes_zh: str
    yes_en: str


@attrs.frozen(eq=False)
class Plan:
    """A rule set under one policy in one date segment.

    Attributes:
        ruleset: the rule set.
        rules: its member rules, in declaration order.
        steps: one per member rule, in the same order.
        makers: of each step, ``(id, make, pick, yes_zh, yes_en)``: what building its finding takes.
        fact_names: the facts the member rules read, in first-read order.
        guarded: the member rules that have guards.
        params: every parameter's value in the segment.
        facts: the facts the member rules and their guards read.
        fact_groups: the derivation groups of ``facts`` (``_worker_facts.fact_groups``).
        temporal: the temporal facts of the rule set's subject.
        temporal_read: those of them the rules read.
        searches: what the earliest-date search needs of each member route.
        route_groups: by route, the derivation groups of the temporal facts it and its guards read
            (``searches[id].moving``): what moving its facts to a later day derives.
        conditions: of each step, ``(id, compiled)``: what evaluating the rules takes.
        route_ids: the ids of the member rules that are routes or criteria (role ``rule``).
    """

    ruleset: RuleSet
    rules: tuple[Rule, ...]
    steps: tuple[Step, ...]
    makers: tuple[tuple[str, Make, Pick, str, str], ...]
    fact_names: tuple[str, ...]
    guarded: tuple[Rule, ...]
    params: Mapping[str, Value]
    facts: frozenset[str]
    fact_groups: int
    temporal: frozenset[str]
    temporal_read: frozenset[str]
    searches: Mapping[str, RouteSearch]
    route_groups: Mapping[str, int]
    conditions: tuple[tuple[str, Compiled], ...]
    route_ids: tuple[str, ...]


def ruleset_plan(policy: Policy, ruleset_id: str, on: _dt.date) -> Plan:
    """The plan of ``ruleset_id`` under ``policy`` on ``on`` (built on first use, then kept).

    Raises:
        UnknownRuleError: no such rule set.
    """
    segment = policy._segment(on)
    return policy._cached(("plan", ruleset_id, segment), lambda: _build(policy, ruleset_id, on))


def _build(policy: Policy, ruleset_id: str, on: _dt.date) -> Plan:
    ruleset = policy.ruleset(ruleset_id)
    rules = policy.members(ruleset_id)
    params = policy.params_at(on)
    read = {name for r in rules for name in r.facts}
    read.update(name for r in rules for g in r.guards for name in policy.rule(g).facts)
    temporal = frozenset(n for n, spec in SCHEMAS.get(ruleset.subject, {}).items() if spec.temporal)
    steps = tuple(_step(policy, r, params, on) for r in rules)
    searches = {
        r.id: route_search(r, [policy.rule(g) for g in r.guards], temporal, params)
        for r in rules
        if r.role == "rule"
    }
    return Plan(
        ruleset=ruleset,
        rules=rules,
        steps=steps,
        makers=tuple((s.id, s.make, s.pick, s.yes_zh, s.yes_en) for s in steps),
        fact_names=tuple(dict.fromkeys(name for r in rules for name in r.facts)),
        guarded=tuple(r for r in rules if r.guards),
        params=params,
        facts=frozenset(read),
        fact_groups=fact_groups(read),
        temporal=temporal,
        temporal_read=temporal & read,
        searches=searches,
        route_groups={rid: fact_groups(search.moving) for rid, search in searches.items()},
        conditions=tuple((s.id, s.compiled) for s in steps),
        route_ids=tuple(r.id for r in rules if r.role == "rule"),
    )


def _step(policy: Policy, rule: Rule, params: Mapping[str, Value], on: _dt.date) -> Step:
    uses = []
    for name in rule.params:
        p = policy.parameters[name]
        since = p.effective_from(on)
        uses.append(
            ParamUse(
                name, plain(params.get(name)), since.isoformat() if since else None, p.citation, p.provenance
            )
        )
    return Step(
        id=rule.id,
        rule=rule,
        compiled=compile_bound(rule.condition, params),
        pick=_picker(rule.facts),
        make=finding_maker(
            rule.id,
            rule.strength,
            rule.provenance,
            rule.citation,
            rule.title_zh,
            rule.title_en,
            tuple(uses),
            rule.role,
            rule.guards,
        ),
        params=tuple(uses),
        yes_zh=message_zh(rule, "yes", "", False, ()),
        yes_en=message_en(rule, "yes", "", False, ()),
    )


def _picker(names: tuple[str, ...]) -> Pick:
    if not names:
        return lambda pairs: ()
    if len(names) == 1:
        name = names[0]
        return lambda pairs: (pairs[name],)
    pick: Pick = operator.itemgetter(*names)  # several names: a tuple of the items, in order
    return pick
