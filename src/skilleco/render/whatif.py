"""Presenters for what-if results: comparisons and sweeps as text (zh, en), Markdown and HTML.

Words come from the catalogue (:mod:`.words`), tables from the one writer (:mod:`.tables`). Lines
are escaped for their form (:mod:`.escape`; issue 15, L2), and numbers are formatted by
:func:`~skilleco.render.escape.number`, which never raises: an amount past the range of a 64-bit
float (a subsidy of 1e308 times a few workers) shows as ``∞`` with a note, not an ``OverflowError``
(issue 15, M2).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .escape import html_text, md_text, number, visible
from .tables import Table
from .words import Lang, grade_name, label, status_label, word

if TYPE_CHECKING:
    from ..whatif.comparison import Comparison
    from ..whatif.sweep import Sweep

__all__ = [
    "comparison_html",
    "comparison_markdown",
    "comparison_text",
    "sweep_html",
    "sweep_markdown",
    "sweep_text",
]


def _num(x: float) -> str:
    return number(x)


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + _num(x)


def _value(value: object) -> str:
    """A parameter value as shown: a list as its items separated by commas."""
    if isinstance(value, tuple | list):
        return ", ".join(_value(v) for v in value)
    return str(value)


def _finite(numbers: Iterable[float]) -> bool:
    return all(math.isfinite(x) for x in numbers)


def _amounts(c: Comparison) -> list[float]:
    """Every number a comparison shows (to tell whether one went past the range of a float)."""
    out = [c.total_weight, *(x for k in c.counts for x in (k.baseline, k.reform, k.change))]
    out += [x for a in c.attribution for x in (a.weight, a.gained, a.lost)]
    out += c.transitions().values()
    if c.cost is not None:
        out += [c.cost.baseline, c.cost.reform, c.cost.delta]
        out += [x for row in c.cost.by_grade for x in row[1:]]
    return out


def _cols(lang: Lang, *keys: str) -> list[str]:
    return [word(f"col.{k}", lang) for k in keys]


def _sections(c: Comparison, lang: Lang, top: int) -> list[tuple[str, Table]]:
    out: list[tuple[str, Table]] = []
    counts = [
        [status_label(k.status, lang), _num(k.baseline), _num(k.reform), _signed(k.change)]
        for k in c.counts
        if k.baseline_rows or k.reform_rows  # statuses no row has are left out of the view
    ]
    out.append(
        (
            word("whatif.status_title", lang),
            Table(_cols(lang, "status", "baseline", "reform", "change"), counts),
        )
    )
    if c.changes:
        rows = [[p.name, _value(p.baseline), _value(p.reform)] for p in c.changes]
        out.append(
            (word("whatif.changes_title", lang), Table(_cols(lang, "parameter", "baseline", "reform"), rows))
        )
    trans = c.transitions()
    if trans:
        rows = [[status_label(a, lang), status_label(b, lang), _num(n)] for (a, b), n in trans.items()]
        out.append(
            (word("whatif.flips_title", lang), Table(_cols(lang, "baseline", "reform", "flips"), rows))
        )
    if c.attribution:
        rows = [
            [
                a.rule_id or "—",
                _num(a.weight),
                _num(a.gained),
                _num(a.lost),
                label("provenance", a.provenance, lang) if a.provenance else "—",
            ]
            for a in c.attribution
        ]
        cols = _cols(lang, "rule", "flips", "gained", "lost", "source")
        out.append((word("whatif.by_rule_title", lang), Table(cols, rows)))
    if c.flips and top > 0:
        rows = [
            [
                f.subject_id,
                str(f.row),
                status_label(f.baseline_status, lang),
                status_label(f.reform_status, lang),
                ", ".join(f.rules) or "—",
            ]
            for f in c.flips[:top]
        ]
        if len(c.flips) > top:
            rows.append([word("whatif.more", lang, n=len(c.flips) - top), "", "", "", ""])
        title = word("whatif.who_title", lang, n=min(top, len(c.flips)))
        out.append((title, Table(_cols(lang, "subject", "row", "baseline", "reform", "rule"), rows)))
    if c.cost is not None:
        out.append(_cost_section(c, lang))
    return out


def _cost_section(c: Comparison, lang: Lang) -> tuple[str, Table]:
    k = c.cost
    assert k is not None  # only called with costs
    rows = [
        [grade_name(g, lang), _num(be), _num(ba), _num(re_), _num(ra), _signed(ra - ba)]
        for g, be, ba, re_, ra in k.by_grade
    ]
    rows.append(["Σ", "", _num(k.baseline), "", _num(k.reform), _signed(k.delta)])
    base, reform = word("col.baseline", lang), word("col.reform", lang)
    cols = [
        word("col.grade", lang),
        word("whatif.eligible_col", lang, side=base),
        word("whatif.yuan_col", lang, side=base),
        word("whatif.eligible_col", lang, side=reform),
        word("whatif.yuan_col", lang, side=reform),
        word("col.change", lang),
    ]
    return word("whatif.cost_title", lang, take_up=f"{k.take_up:.0%}"), Table(cols, rows)


def _head(c: Comparison, lang: Lang) -> list[str]:
    q = c.question_zh if lang == "zh" else c.question_en
    lines = [
        word(
            "whatif.head",
            lang,
            question=q,
            on=c.on.isoformat(),
            rows=f"{c.rows:,}",
            weight=_num(c.total_weight),
        ),
        word("whatif.policies", lang, baseline=c.baseline.display_id, reform=c.reform.display_id),
    ]
    if c.changed_rules:
        lines.append(word("whatif.rule_changes", lang, rules=", ".join(c.changed_rules)))
    if c.skipped:
        lines.append(word("whatif.skipped", lang, n=f"{c.skipped:,}"))
    if c.weighted and c.flips and _finite(c.net_gain_interval()):
        net, low, high = c.net_gain_interval()
        # A sample's estimate to the nearest 10 at best: no false precision.
        step = 10 ** max(1, len(str(int(abs(high - low) / 2))) - 2)
        low_r, net_r, high_r = (round(x / step) * step for x in (low, net, high))
        lines.append(
            word(
                "whatif.interval",
                lang,
                rows=f"{c.rows:,}",
                net=_signed(net_r),
                low=_signed(low_r),
                high=_signed(high_r),
            )
        )
    modelled = [a.rule_id for a in c.attribution if a.provenance == "modelled"]
    if modelled or (c.cost is not None and c.cost.rests_on_modelled):
        rules = ", ".join(r or "—" for r in modelled) or word("whatif.subsidy", lang)
        lines.append(word("whatif.modelled_note", lang, rules=rules))
    if not c.flips:
        lines.append(word("whatif.no_flips", lang))
    if not _finite(_amounts(c)):
        lines.append(word("whatif.overflow", lang))
    return lines


def comparison_text(c: Comparison, lang: Lang, top: int) -> str:
    """Plain text: the head lines, then each section as a table aligned by display width."""
    out = [visible(line) for line in _head(c, lang)]
    for title, table in _sections(c, lang, top):
        out += ["", visible(title), *table.text_lines()]
    return "\n".join(out)


def comparison_markdown(c: Comparison, lang: Lang, top: int) -> str:
    """Markdown: the head lines as a list, then one table per section."""
    head = [md_text(line) for line in _head(c, lang)]
    out = [f"**{head[0]}**", "", *(f"- {x}" for x in head[1:])]
    for title, table in _sections(c, lang, top):
        out += ["", f"*{md_text(title)}*", "", *table.markdown_lines()]
    return "\n".join(out)


def comparison_html(c: Comparison) -> str:
    """HTML for notebooks (in English)."""
    head = _head(c, "en")
    parts = [f"<div class='skilleco-comparison'><strong>{html_text(head[0])}</strong><ul>"]
    parts += [f"<li>{html_text(x)}</li>" for x in head[1:]]
    parts.append("</ul>")
    for title, table in _sections(c, "en", 10):
        parts.append(f"<p><em>{html_text(title)}</em></p>{table.html()}")
    parts.append("</div>")
    return "".join(parts)


def _sweep_table(s: Sweep, lang: Lang) -> Table:
    rows = s.to_rows()
    statuses = [k for k in (rows[0] if rows else {}) if k not in (s.parameter, "cost_yuan")]
    cols = [s.parameter, *(status_label(k, lang) for k in statuses)]
    has_cost = any("cost_yuan" in r for r in rows)
    if has_cost:
        cols.append(word("col.cost", lang))
    body = []
    for r in rows:
        value = _value(r[s.parameter])
        line = [word("whatif.current", lang, value=value) if r[s.parameter] == s.current else value]
        line += [_num(r[k]) for k in statuses]
        if has_cost:
            line.append(_num(r.get("cost_yuan", 0.0)))
        body.append(line)
    return Table(cols, body)


def _sweep_head(s: Sweep, lang: Lang) -> str:
    return word(
        "whatif.sweep_head",
        lang,
        parameter=s.parameter,
        question=s.question_zh if lang == "zh" else s.question_en,
        policy=s.policy.display_id,
        on=s.on.isoformat(),
        rows=f"{s.rows:,}",
        weight=_num(s.total_weight),
    )


def sweep_text(s: Sweep, lang: Lang) -> str:
    """Plain text: a head line and the table."""
    return "\n".join([visible(_sweep_head(s, lang)), *_sweep_table(s, lang).text_lines()])


def sweep_markdown(s: Sweep, lang: Lang) -> str:
    """Markdown: a bold head line and the table."""
    return "\n".join([f"**{md_text(_sweep_head(s, lang))}**", "", *_sweep_table(s, lang).markdown_lines()])


def sweep_html(s: Sweep) -> str:
    """HTML for notebooks."""
    head = html_text(_sweep_head(s, "en"))
    return f"<div class='skilleco-sweep'><strong>{head}</strong>{_sweep_table(s, 'en').html()}</div>"
