"""A policy as HTML for notebooks: its dimensions, its parameters, and the first of its rules.

``Policy._repr_html_`` shows this. A policy has some seventy rules and sixty parameters: the rules
are cut to the first :data:`RULES_SHOWN` (with how many more there are), the parameters are all
shown, each with its value on a date (by default the latest value of its timeline, with the date it
takes effect) and its unit, since they are what a reform changes.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from .escape import html_text
from .tables import Cell, Html, Table
from .words import word

if TYPE_CHECKING:
    from ..policy.policy import Policy
    from ..rules.rule import Parameter

__all__ = ["RULES_SHOWN", "policy_html"]

RULES_SHOWN = 20
"""How many rules a policy's HTML shows (the rest are counted: ``… 49 more rules``)."""

_NO_START = _dt.date(1900, 1, 1)
"""The date the loader gives an entry written without ``from``: in force from the start."""


def _value(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)


def _entry(parameter: Parameter, on: _dt.date | None) -> tuple[str, str]:
    """The value shown (on ``on``, else the latest) and the date it takes effect (``—``: always)."""
    entry = parameter.timeline.entry_at(on) if on is not None else (parameter.timeline.entries or (None,))[-1]
    if entry is None:
        return "unset", ""
    day, value = entry
    return _value(value), "—" if day == _NO_START else day.isoformat()


def _cols(*keys: str) -> list[str]:
    return [word(f"col.{k}", "en") for k in keys]


def policy_html(policy: Policy, *, on: _dt.date | None = None, rules: int = RULES_SHOWN) -> str:
    """HTML for notebooks: title, dimensions, every parameter (value on ``on``, or the latest, with
    unit and provenance), and the first ``rules`` rules with citations, provenance and conditions."""
    e = html_text
    title = f"<b>{e(policy.display_id)}</b> — {e(policy.title_en)} / {e(policy.title_zh)}"
    dims = (
        f"{len(policy.rules)} rules · {len(policy.parameters)} parameters · {len(policy.rulesets)} rule sets"
        + (f" · parent {e(policy.parent)}" if policy.parent else "")
        + (
            f" · {len(policy.occupations)} occupations with their own thresholds"
            if policy.occupations
            else ""
        )
    )
    params = []
    for name, parameter in policy.parameters.items():
        value, since = _entry(parameter, on)
        params.append(
            (
                Html(f"<code>{e(name)}</code>"),
                value,
                parameter.unit,
                since,
                parameter.provenance,
                parameter.citation,
            )
        )
    ptable = Table(_cols("parameter", "value", "unit", "since", "provenance", "citation"), params)
    shown = list(policy.rules.values())[: max(rules, 0)]
    rows: list[tuple[Cell, ...]] = [
        (
            Html(f"<code>{e(r.id)}</code>"),
            Html(f"{e(r.title_en)}<br><small>{e(r.title_zh)}</small>"),
            r.strength,
            r.provenance,
            r.citation,
            Html(f"<code>{e(r.when)}</code>"),
        )
        for r in shown
    ]
    more = len(policy.rules) - len(shown)
    if more > 0:
        rows.append((Html(f"<em>… {more} more rules</em>"), "", "", "", "", ""))
    rtable = Table(_cols("rule", "title", "strength", "provenance", "citation", "condition"), rows)
    when = f"{len(policy.parameters)}, " + (f"on {on.isoformat()}" if on is not None else "latest values")
    first = f"first {len(shown)} of {len(policy.rules)}" if more > 0 else f"all {len(policy.rules)}"
    return (
        f"<div class='skilleco-policy'><p>{title}</p><p>{dims}</p>"
        f"<details open><summary>Parameters ({when})</summary>{ptable.html()}</details>"
        f"<details open><summary>Rules ({first})</summary>{rtable.html()}</details></div>"
    )
