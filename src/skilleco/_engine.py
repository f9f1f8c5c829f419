"""The engine: evaluate a rule set over facts, apply its hit policy, explain every rule.

Rules are evaluated by their compiled closures; only rules whose answer is unknown are traced
again, to name the facts that would settle them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence

from ._expr import COMPARISONS, Expr, Facts, Lit, Op, Params, Trace, Value, evaluate, missing_facts
from ._syntax import unparse
from .decisions import Decision, Finding, FindingStatus, ParamUse, Status, plain
from .policy import Policy
from .rules import Rule, RuleSet

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
    """The status under the rule set's hit policy, and the rule ids that decided it."""
    if ruleset.hit == "any_route":
        routes = [r for r in rules if r.role == "rule"]
        holding = tuple(r.id for r in routes if values[r.id] is True)
        if holding:
            return "eligible", holding
        if any(values[r.id] is None for r in routes):
            return "undetermined", tuple(r.id for r in routes if values[r.id] is None)
        return "ineligible", tuple(r.id for r in routes)
    if ruleset.hit == "any_triggers":
        triggered = tuple(r.id for r in rules if values[r.id] is True)
        if triggered:
            return "exit", triggered
        unknown = tuple(r.id for r in rules if values[r.id] is None)
        return ("undetermined", unknown) if unknown else ("retain", ())
    required = [r for r in rules if r.strength == "required"]
    principle = [r for r in rules if r.strength == "in_principle"]
    failing = tuple(r.id for r in required if values[r.id] is False)
    if failing:
        return "ineligible", failing
    unknown = tuple(r.id for r in (*required, *principle) if values[r.id] is None)
    if any(values[r.id] is None for r in required):
        return "undetermined", unknown
    soft = tuple(r.id for r in principle if values[r.id] is False)
    if unknown:
        return "undetermined", unknown
    if soft:
        return "review", soft
    return "eligible", tuple(r.id for r in (*required, *principle))


def decide(
    policy: Policy,
    ruleset_id: str,
    facts: Facts,
    on: _dt.date,
    *,
    question: str,
    subject_id: str,
    target: str | None = None,
    earliest: Callable[[Sequence[Rule], Mapping[str, Value]], _dt.date | None] | None = None,
) -> Decision:
    """Answer one rule set for one subject.

    Args:
        earliest: given the rules and their values, the first date the answer turns by time
            alone; called only when the status is ``ineligible``.
    """
    ruleset = policy.ruleset(ruleset_id)
    rules = policy.members(ruleset_id)
    params = policy.params_at(on)
    own = run_rules(rules, facts, params, on)
    values = route_values(rules, own)
    status, deciding = combine(ruleset, rules, values)
    findings = tuple(_finding(policy, r, values[r.id], own[r.id], facts, params, on) for r in rules)
    missing: dict[str, None] = {}
    if status == "undetermined":
        for f in findings:
            if f.rule_id in deciding:
                missing.update(dict.fromkeys(f.missing))
    when = earliest(rules, values) if earliest is not None and status == "ineligible" else None
    return Decision(
        question=question,
        subject_id=subject_id,
        on=on,
        policy_id=policy.id,
        reform_label=policy.label,
        ruleset_id=ruleset_id,
        status=status,
        findings=findings,
        target=target,
        deciding=deciding,
        missing_facts=tuple(missing),
        earliest_date=when,
        policy_hash=policy.content_hash(),
    )


def _finding(
    policy: Policy, rule: Rule, value: Value, own: Value, facts: Facts, params: Params, on: _dt.date
) -> Finding:
    status = _STATUS[value]
    trace = evaluate(rule.condition, facts, params, on) if own is not True or status != "yes" else None
    missing: tuple[str, ...] = ()
    if trace is not None and own is None:
        missing = missing_facts(rule.condition, trace)
    uses = []
    for name in rule.params:
        p = policy.parameters[name]
        since = p.effective_from(on)
        uses.append(
            ParamUse(
                name, plain(params.get(name)), since.isoformat() if since else None, p.citation, p.provenance
            )
        )
    detail = _detail(rule.condition, trace) if trace is not None else ""
    blocked = own is not False and value is False and bool(rule.guards)
    return Finding(
        rule_id=rule.id,
        status=status,
        strength=rule.strength,
        provenance=rule.provenance,
        citation=rule.citation,
        title_zh=rule.title_zh,
        title_en=rule.title_en,
        facts=tuple((n, plain(facts.get(n))) for n in rule.facts),
        params=tuple(uses),
        missing=missing,
        role=rule.role,
        guards=rule.guards,
        message_zh=_message_zh(rule, status, detail, blocked, missing),
        message_en=_message_en(rule, status, detail, blocked, missing),
    )


_VERDICT_EN = {"yes": "holds", "no": "does not hold", "unknown": "cannot be decided"}
_VERDICT_ZH = {"yes": "满足", "no": "不满足", "unknown": "无法判定"}


def _message_en(
    rule: Rule, status: FindingStatus, detail: str, blocked: bool, missing: tuple[str, ...]
) -> str:
    text = f"{rule.title_en}: {_VERDICT_EN[status]}"
    if blocked:
        text += f" (blocked by {', '.join(rule.guards)})"
    if detail:
        text += f" [{detail}]"
    if missing:
        text += f"; missing: {', '.join(missing)}"
    return text + ("; modelled rule" if rule.provenance == "modelled" else "")


def _message_zh(
    rule: Rule, status: FindingStatus, detail: str, blocked: bool, missing: tuple[str, ...]
) -> str:
    text = f"{rule.title_zh}：{_VERDICT_ZH[status]}"
    if blocked:
        text += f"（受限于 {', '.join(rule.guards)}）"
    if detail:
        text += f"［{detail}］"
    if missing:
        text += f"；缺少事实：{', '.join(missing)}"
    return text + ("；本规则为推定（modelled）" if rule.provenance == "modelled" else "")


def _detail(node: Expr, trace: Trace) -> str:
    """The atoms that are not true, with the values they compared: ``years_since(x)=2 >= 3``."""
    parts: list[str] = []

    def visit(n: Expr) -> None:
        v = trace.values.get(id(n))
        if v is True or len(parts) >= 4:
            return
        if isinstance(n, Op) and n.op in ("all_of", "any_of"):
            # Under a "no" all_of only the "no" parts matter; under an unknown, the unknown ones.
            for a in n.args:
                if n.op == "any_of" or trace.values.get(id(a)) is v:
                    visit(a)
            return
        if isinstance(n, Op) and n.op in COMPARISONS:
            left, right = n.args
            parts.append(f"{_side(left, trace)} {n.op} {_side(right, trace)}")
        else:
            parts.append(f"{unparse(n)} = {_show(v)}")

    visit(node)
    return "; ".join(parts)


def _side(n: Expr, trace: Trace) -> str:
    v = trace.values.get(id(n))
    return _show(v) if isinstance(n, Lit) else f"{unparse(n)}={_show(v)}"


def _show(v: Value) -> str:
    if v is None:
        return "unknown"
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
