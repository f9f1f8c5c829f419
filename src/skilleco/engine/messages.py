"""A finding's message, in Chinese and English: the verdict, and the values that decided it."""

from __future__ import annotations

import datetime as _dt

from ..decisions.finding import FindingStatus
from ..facts.value import Value
from ..rules.expr import COMPARISONS, Expr, Lit, Op, Trace
from ..rules.ranges import is_ranged
from ..rules.rule import Rule
from ..rules.syntax import unparse

_VERDICT_EN = {"yes": "holds", "no": "does not hold", "unknown": "cannot be decided"}
_VERDICT_ZH = {"yes": "满足", "no": "不满足", "unknown": "无法判定"}


def message_en(
    rule: Rule, status: FindingStatus, detail: str, blocked: bool, missing: tuple[str, ...]
) -> str:
    """The English message: the rule's title, the verdict, what blocked it, the values, what is missing."""
    text = f"{rule.title_en}: {_VERDICT_EN[status]}"
    if blocked:
        text += f" (blocked by {', '.join(rule.guards)})"
    if detail:
        text += f" [{detail}]"
    if missing:
        text += f"; missing: {', '.join(missing)}"
    return text + ("; modelled rule" if rule.provenance == "modelled" else "")


def message_zh(
    rule: Rule, status: FindingStatus, detail: str, blocked: bool, missing: tuple[str, ...]
) -> str:
    """The Chinese message, with the same parts as :func:`message_en`."""
    text = f"{rule.title_zh}：{_VERDICT_ZH[status]}"
    if blocked:
        text += f"（受限于 {', '.join(rule.guards)}）"
    if detail:
        text += f"［{detail}］"
    if missing:
        text += f"；缺少事实：{', '.join(missing)}"
    return text + ("；本规则为推定（modelled）" if rule.provenance == "modelled" else "")


def detail(node: Expr, trace: Trace) -> str:
    """The atoms that are not true, with the values they compared: ``years_since(x)=2 >= 3``."""
    parts: list[str] = []

    def visit(n: Expr) -> None:
        v = trace.values.get(id(n))
        if v is True or len(parts) >= 4:
            return
        if v is False and isinstance(n, Op) and is_ranged(n):
            visit(n.args[0])  # a threshold on a range that is no: its "most" is no as well
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
