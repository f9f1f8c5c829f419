"""The engine: evaluate a rule set over facts, apply its hit policy, explain every rule.

Rules are evaluated by their compiled closures; only rules whose answer is unknown are traced
again, to name the facts that would settle them. What does not depend on the subject comes from the
rule set's plan (:mod:`skilleco.engine.plan`). A decision's findings are built when first read, and
a finding's message when it is first read: findings that hold share one message per rule, and the
others keep what they need to write theirs (see :mod:`skilleco.decisions.deferred`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial

from ..decisions import status as _status
from ..decisions.decision import Decision, Status, new_decision
from ..decisions.deferred import Pending
from ..decisions.finding import Finding, FindingStatus, Lang, plain, set_work_months_short
from ..facts.value import Value
from ..policy.policy import Policy
from ..rules.expr import Facts, Params, Trace, evaluate, missing_facts
from ..rules.rule import Rule, RuleSet
from .messages import detail, message_en, message_zh
from .plan import FactPair, Plan, ruleset_plan

_STATUS: dict[Value, FindingStatus] = {True: "yes", False: "no", None: "unknown"}


def run_rules(rules: Sequence[Rule], facts: Facts, params: Params, on: _dt.date) -> dict[str, Value]:
    """Every rule's own value, by rule id."""
    return {r.id: r.compiled(facts, params, on) for r in rules}


def route_values(rules: Sequence[Rule], own: Mapping[str, Value]) -> dict[str, Value]:
    """Each rule's value after its guards (Kleene and); guards keep their own value."""
    out: dict[str, Value] = {}
    for r in rules:
        value = own[r.id]
        for g in r.guards:
            gv = own.get(g)
            if value is False or gv is False:
                value = False
            elif gv is None:
                value = None
        out[r.id] = value
    return out


def combine(
    ruleset: RuleSet, rules: Sequence[Rule], values: Mapping[str, Value]
) -> tuple[Status, tuple[str, ...]]:
    """The status under the rule set's hit policy, and the rule ids that decided it
    (:func:`skilleco.decisions.status.combine`, the one definition)."""
    return _status.combine(ruleset.hit, rules, values)


def _combine(plan: Plan, values: Mapping[str, Value]) -> tuple[Status, tuple[str, ...]]:
    """:func:`combine` of the plan's rules, any-route sets from the plan's route ids."""
    if plan.ruleset.hit != "any_route":
        return combine(plan.ruleset, plan.rules, values)
    return _status.any_route(plan.route_ids, values)


def decide(
    policy: Policy,
    ruleset_id: str,
    facts: Facts,
    on: _dt.date,
    *,
    question: str,
    subject_id: str,
    target: str | None = None,
    earliest: Callable[[Sequence[Rule], Mapping[str, Value], Mapping[str, Value]], _dt.date | None]
    | None = None,
    plan: Plan | None = None,
    standard_id: str | None = None,
    ruleset_policy_id: str | None = None,
    not_checked: tuple[str, ...] = (),
) -> Decision:
    """Answer one rule set for one subject.

    The findings are built when first read (``decisions.Pending``), from a copy of the facts.

    Args:
        earliest: given the rules, their values and their own values (before guards), the first
            date the answer turns by time alone; called only when the status is ``ineligible``.
        plan: the rule set's plan on ``on``, when the caller already has it.
        standard_id: the decision's ``standard_id``.
        ruleset_policy_id: the decision's ``ruleset_policy_id``.
        not_checked: the decision's ``not_checked``.
    """
    if plan is None:
        plan = ruleset_plan(policy, ruleset_id, on)
    rules = plan.rules
    params = plan.params
    own = {rule_id: compiled(facts, params, on) for rule_id, compiled in plan.conditions}
    values = _route_values(plan, own)
    status, deciding = _combine(plan, values)
    # The caller's mapping may change later; the findings read this copy.
    copy = dict(facts)
    source = None
    missing: dict[str, None] = {}
    if status == "undetermined":
        source = _Messages(plan, copy, on, own, values)
        for i, rule in enumerate(rules):
            if rule.id in deciding and values[rule.id] is not True:
                missing.update(dict.fromkeys(source.missing(i)))
    when = None
    short = False
    if earliest is not None and status == "ineligible":
        when = earliest(rules, values, own)
        short = when is None
    return new_decision(
        question,
        subject_id,
        on,
        policy.id,
        policy.label,
        ruleset_id,
        status,
        Pending(partial(_findings, source or (plan, copy, on, own, values), short)),
        target,
        deciding,
        tuple(missing),
        when,
        policy.content_hash(),
        ruleset_policy_id,
        not_checked,
        standard_id,
    )


def _mark_work_short(
    plan: Plan, facts: Facts, on: _dt.date, own: Mapping[str, Value], findings: tuple[Finding, ...]
) -> None:
    """Set ``work_months_short`` on the findings of routes that wait only for time and work."""
    for rule, finding in zip(plan.rules, findings, strict=True):
        search = plan.searches.get(rule.id)
        if (
            finding.status != "no"
            or search is None
            or not search.time_only(facts, plan.params, on, own[rule.id])
        ):
            continue
        short = search.shortfall(facts, plan.params, on)
        if short is not None:
            set_work_months_short(finding, short)


def _route_values(plan: Plan, own: dict[str, Value]) -> dict[str, Value]:
    """:func:`route_values` of the plan's rules: only rules with guards change."""
    if not plan.guarded:
        return own
    values = dict(own)
    for r in plan.guarded:
        value = own[r.id]
        for g in r.guards:
            gv = own.get(g)
            if value is False or gv is False:
                value = False
            elif gv is None:
                value = None
        values[r.id] = value
    return values


# Values that are already plain (see decisions.plain): reported as they are.
_SIMPLE = frozenset({bool, int, float, str})


def _findings(
    source: _Messages | tuple[Plan, Facts, _dt.date, Mapping[str, Value], Mapping[str, Value]], short: bool
) -> tuple[Finding, ...]:
    """One finding per rule; the messages of those that do not hold are written when first read.

    ``source``: the messages' source, or what it is made of (see :class:`_Messages`). ``short``:
    the decision is ``ineligible`` with no earliest date, so the routes that wait only for time and
    work say how many months of work they lack (:func:`_mark_work_short`).
    """
    if not isinstance(source, _Messages):
        source = _Messages(*source)
    plan, facts, own, values = source.plan, source.facts, source.own, source.values
    # The facts the rules read, once, as reported.
    pairs: dict[str, FactPair] = {}
    get = facts.get
    for name in plan.fact_names:
        value = get(name)
        shown = value if value is None or type(value) in _SIMPLE else plain(value)
        pairs[name] = (name, shown)  # type: ignore[assignment]  # a simple value is plain already
    out = []
    for i, (rule_id, make, pick, yes_zh, yes_en) in enumerate(plan.makers):
        value = values[rule_id]
        if value is True:
            # A rule that holds was true itself (guards only ever lower a value): its message is
            # the plan's, with no values and nothing missing.
            out.append(make("yes", pick(pairs), (), yes_zh, yes_en))
        else:
            deferred = (source, i)
            missing = () if own[rule_id] is not None else source.missing(i)
            out.append(make("no" if value is False else "unknown", pick(pairs), missing, deferred, deferred))
    findings = tuple(out)
    if short:
        _mark_work_short(plan, facts, source.on, own, findings)
    return findings


class _Messages:
    """The messages of one decision's findings that do not hold, written when first read.

    It keeps the facts (its own copy: a caller changing its mapping later changes nothing), and
    the traces it made.
    """

    __slots__ = ("_details", "_traces", "facts", "on", "own", "plan", "values")

    def __init__(
        self, plan: Plan, facts: Facts, on: _dt.date, own: Mapping[str, Value], values: Mapping[str, Value]
    ) -> None:
        self.plan = plan
        self.facts = facts
        self.on = on
        self.own = own
        self.values = values
        self._traces: dict[int, Trace] = {}
        self._details: dict[int, str] = {}

    def _trace(self, i: int) -> Trace:
        trace = self._traces.get(i)
        if trace is None:
            rule = self.plan.rules[i]
            trace = self._traces[i] = evaluate(rule.condition, self.facts, self.plan.params, self.on)
        return trace

    def missing(self, i: int) -> tuple[str, ...]:
        """The unknown facts that would settle finding ``i`` (only an unknown rule has any)."""
        rule = self.plan.rules[i]
        if self.own[rule.id] is not None:
            return ()
        return missing_facts(rule.condition, self._trace(i))

    def message(self, index: int, lang: Lang) -> str:
        """The message of finding ``index``, which does not hold, in ``lang``."""
        rule = self.plan.rules[index]
        value, own = self.values[rule.id], self.own[rule.id]
        text = self._details.get(index)
        if text is None:
            text = self._details[index] = detail(rule.condition, self._trace(index))
        blocked = own is not False and value is False and bool(rule.guards)
        write = message_zh if lang == "zh" else message_en
        return write(rule, _STATUS[value], text, blocked, self.missing(index))
