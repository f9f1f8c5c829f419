"""What differs between two policies (parameters on a date, rules), and which rules the flips involve."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..policy.policy import Policy
from .parts import Attribution, Flip, ParamChange, plain_value

__all__ = ["attribution", "param_changes", "rule_changes"]


def param_changes(baseline: Policy, reform: Policy, on: _dt.date) -> tuple[ParamChange, ...]:
    """The parameters whose values on ``on`` differ, baseline's order first (values made plain)."""
    a, b = baseline.params_at(on), reform.params_at(on)
    names = list(a) + [n for n in b if n not in a]
    return tuple(
        ParamChange(n, plain_value(a.get(n)), plain_value(b.get(n))) for n in names if a.get(n) != b.get(n)
    )


def rule_changes(baseline: Policy, reform: Policy) -> tuple[str, ...]:
    """The rule ids added, dropped, or changed (condition, strength or rule sets)."""
    ids = list(baseline.rules) + [r for r in reform.rules if r not in baseline.rules]
    out = []
    for rid in ids:
        x, y = baseline.rules.get(rid), reform.rules.get(rid)
        if (
            x is None
            or y is None
            or x.condition != y.condition
            or x.strength != y.strength
            or x.sets != y.sets
        ):
            out.append(rid)
    return tuple(out)


def attribution(flips: Iterable[Flip], baseline: Policy, reform: Policy) -> tuple[Attribution, ...]:
    """Flips per rule whose findings changed (``""``: none did), the heaviest first."""
    acc: dict[str, list[float]] = {}
    for f in flips:
        for rid in f.rules or ("",):
            a = acc.setdefault(rid, [0, 0.0, 0.0, 0.0])
            a[0] += 1
            a[1] += f.weight
            a[2 if f.gained else 3] += f.weight
    out = []
    for rid, (n, w, gained, lost) in sorted(acc.items(), key=lambda kv: (-kv[1][1], kv[0])):
        rule = reform.rules.get(rid) or baseline.rules.get(rid)
        out.append(
            Attribution(
                rule_id=rid,
                title_en=rule.title_en if rule else "(no finding changed)",
                title_zh=rule.title_zh if rule else "（无规则结论变化）",
                provenance=rule.provenance if rule else "",
                citation=rule.citation if rule else "",
                flips=int(n),
                weight=w,
                gained=gained,
                lost=lost,
            )
        )
    return tuple(out)
