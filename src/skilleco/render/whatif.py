"""Presenters for what-if results: comparisons and sweeps as text (zh, en), Markdown and HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .decisions import PROVENANCE_LABEL, STATUS_LABEL, Lang

if TYPE_CHECKING:
    from ..whatif.values import Comparison, Sweep

_WORDS = {
    "en": {
        "over": "over",
        "rows": "rows",
        "standing_for": "standing for",
        "baseline": "baseline",
        "reform": "reform",
        "status": "status",
        "change": "change",
        "flips": "flips",
        "no_flips": "No row changes status.",
        "by_rule": "Flips by rule whose finding changed",
        "rule": "rule",
        "gained": "gained",
        "lost": "lost",
        "provenance": "provenance",
        "changes": "Parameter changes",
        "rule_changes": "Rules added, dropped or changed",
        "cost": "Certificate subsidies (yuan, ceilings; every eligible worker × take-up",
        "grade": "grade",
        "eligible": "eligible",
        "skipped": "rows skipped as invalid",
        "who": "Rows that flip (first {n})",
        "subject": "subject",
        "more": "… and {n} more",
        "sweep": "Sweep of",
        "value": "value",
        "current": "current",
        "cost_col": "cost (yuan)",
        "modelled_note": "rests on a MODELLED rule or parameter",
    },
    "zh": {
        "over": "对象",
        "rows": "行",
        "standing_for": "代表",
        "baseline": "现行",
        "reform": "改革",
        "status": "结论",
        "change": "变化",
        "flips": "结论变化",
        "no_flips": "没有任何一行的结论发生变化。",
        "by_rule": "按规则归因（结论变化所涉规则）",
        "rule": "规则",
        "gained": "转好",
        "lost": "转差",
        "provenance": "来源",
        "changes": "参数变化",
        "rule_changes": "新增、删除或修改的规则",
        "cost": "职业技能等级证书补贴（元，上限；全部符合条件者 × 申领率",
        "grade": "等级",
        "eligible": "符合条件",
        "skipped": "行因数据无效被跳过",
        "who": "结论变化的对象（前 {n} 个）",
        "subject": "对象",
        "more": "…… 另有 {n} 个",
        "sweep": "参数扫描",
        "value": "取值",
        "current": "现行值",
        "cost_col": "补贴（元）",
        "modelled_note": "依据推定（modelled）规则或参数",
    },
}


def _status(s: str, lang: Lang) -> str:
    if s == "not_applicable":
        return "不适用" if lang == "zh" else "not applicable"
    return STATUS_LABEL[lang].get(s, s)


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x - round(x)) < 1e-9 or abs(x) >= 100 else f"{x:,.2f}"


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + _num(x)


def _grade(g: str, lang: Lang) -> str:
    from ..ladder import grade

    try:
        gr = grade(g)
    except LookupError:
        return g
    return gr.label_zh if lang == "zh" else gr.label_en


def _sections(c: Comparison, lang: Lang, top: int) -> list[tuple[str, list[str], list[list[str]]]]:
    w = _WORDS[lang]
    out: list[tuple[str, list[str], list[list[str]]]] = []
    out.append(
        (
            w["status"],
            [w["status"], w["baseline"], w["reform"], w["change"]],
            [
                [_status(k.status, lang), _num(k.baseline), _num(k.reform), _signed(k.change)]
                for k in c.counts
                if k.baseline_rows or k.reform_rows  # statuses no row has are left out of the view
            ],
        )
    )
    if c.changes:
        out.append(
            (
                w["changes"],
                ["parameter", w["baseline"], w["reform"]],
                [[p.name, str(p.baseline), str(p.reform)] for p in c.changes],
            )
        )
    trans = c.transitions()
    if trans:
        out.append(
            (
                w["flips"],
                [w["baseline"], w["reform"], w["flips"]],
                [[_status(a, lang), _status(b, lang), _num(n)] for (a, b), n in trans.items()],
            )
        )
    if c.attribution:
        out.append(
            (
                w["by_rule"],
                [w["rule"], w["flips"], w["gained"], w["lost"], w["provenance"]],
                [
                    [
                        a.rule_id or "—",
                        _num(a.weight),
                        _num(a.gained),
                        _num(a.lost),
                        PROVENANCE_LABEL[lang].get(a.provenance, a.provenance or "—"),
                    ]
                    for a in c.attribution
                ],
            )
        )
    if c.flips and top > 0:
        rows = [
            [
                f.subject_id,
                str(f.row),
                _status(f.before, lang),
                _status(f.after, lang),
                ", ".join(f.rules) or "—",
            ]
            for f in c.flips[:top]
        ]
        if len(c.flips) > top:
            rows.append([w["more"].format(n=len(c.flips) - top), "", "", "", ""])
        out.append(
            (
                w["who"].format(n=min(top, len(c.flips))),
                [w["subject"], "row", w["baseline"], w["reform"], w["rule"]],
                rows,
            )
        )
    if c.cost is not None:
        k = c.cost
        rows = [
            [_grade(g, lang), _num(be), _num(ba), _num(re_), _num(ra), _signed(ra - ba)]
            for g, be, ba, re_, ra in k.by_grade
        ]
        rows.append(["Σ", "", _num(k.baseline), "", _num(k.reform), _signed(k.delta)])
        out.append(
            (
                f"{w['cost']} {k.take_up:.0%})",
                [
                    w["grade"],
                    f"{w['baseline']} {w['eligible']}",
                    f"{w['baseline']} ¥",
                    f"{w['reform']} {w['eligible']}",
                    f"{w['reform']} ¥",
                    w["change"],
                ],
                rows,
            )
        )
    return out


def _head(c: Comparison, lang: Lang) -> list[str]:
    w = _WORDS[lang]
    q = c.question_zh if lang == "zh" else c.question_en
    lines = [
        f"{q} — {c.on.isoformat()} — {c.rows:,} {w['rows']} ({w['standing_for']} {_num(c.total_weight)})",
        f"{w['baseline']}: {c.baseline.display_id} · {w['reform']}: {c.reform.display_id}",
    ]
    if c.changed_rules:
        lines.append(f"{w['rule_changes']}: {', '.join(c.changed_rules)}")
    if c.skipped:
        lines.append(f"{c.skipped:,} {w['skipped']}")
    modelled = [a.rule_id for a in c.attribution if a.provenance == "modelled"]
    if modelled or (c.cost is not None and c.cost.rests_on_modelled):
        lines.append(f"⚠ {w['modelled_note']}: {', '.join(modelled) or 'subsidy'}")
    if not c.flips:
        lines.append(w["no_flips"])
    return lines


def _plain_table(cols: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(cols, *rows, strict=True)]
    fmt = "  ".join(f"{{:<{n}}}" for n in widths)
    return [fmt.format(*cols), fmt.format(*("-" * n for n in widths)), *(fmt.format(*r) for r in rows)]


def comparison_text(c: Comparison, lang: Lang, top: int) -> str:
    """Plain text: the head lines, then each section as an aligned table."""
    out = _head(c, lang)
    for title, cols, rows in _sections(c, lang, top):
        out += ["", title, *_plain_table(cols, rows)]
    return "\n".join(out)


def _md(cols: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    esc = [[str(x).replace("|", "\\|") for x in r] for r in rows]
    return [
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
        *("| " + " | ".join(r) + " |" for r in esc),
    ]


def comparison_markdown(c: Comparison, lang: Lang, top: int) -> str:
    """Markdown: the head lines as a list, then one table per section."""
    head = _head(c, lang)
    out = [f"**{head[0]}**", "", *(f"- {x}" for x in head[1:])]
    for title, cols, rows in _sections(c, lang, top):
        out += ["", f"*{title}*", "", *_md(cols, rows)]
    return "\n".join(out)


def _html_table(cols: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(x)}</th>" for x in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def comparison_html(c: Comparison) -> str:
    """HTML for notebooks (English head, both languages' status names in tables stay English)."""
    head = _head(c, "en")
    parts = [f"<div class='skilleco-comparison'><strong>{html.escape(head[0])}</strong><ul>"]
    parts += [f"<li>{html.escape(x)}</li>" for x in head[1:]]
    parts.append("</ul>")
    for title, cols, rows in _sections(c, "en", 10):
        parts.append(f"<p><em>{html.escape(title)}</em></p>{_html_table(cols, rows)}")
    parts.append("</div>")
    return "".join(parts)


def _sweep_table(s: Sweep, lang: Lang) -> tuple[list[str], list[list[str]]]:
    w = _WORDS[lang]
    rows = s.to_rows()
    statuses = [k for k in (rows[0] if rows else {}) if k not in (s.parameter, "cost_yuan")]
    cols = [s.parameter, *(_status(k, lang) for k in statuses)]
    has_cost = any("cost_yuan" in r for r in rows)
    if has_cost:
        cols.append(w["cost_col"])
    body = []
    for r in rows:
        mark = f" ({w['current']})" if r[s.parameter] == s.current else ""
        line = [f"{r[s.parameter]}{mark}", *(_num(r[k]) for k in statuses)]
        if has_cost:
            line.append(_num(r.get("cost_yuan", 0.0)))
        body.append(line)
    return cols, body


def _sweep_head(s: Sweep, lang: Lang) -> str:
    w = _WORDS[lang]
    q = s.question_zh if lang == "zh" else s.question_en
    return (
        f"{w['sweep']} {s.parameter} — {q} — {s.policy.display_id} — {s.on.isoformat()} — "
        f"{s.rows:,} {w['rows']} ({w['standing_for']} {_num(s.total_weight)})"
    )


def sweep_text(s: Sweep, lang: Lang) -> str:
    """Plain text: a head line and the table."""
    cols, body = _sweep_table(s, lang)
    return "\n".join([_sweep_head(s, lang), *_plain_table(cols, body)])


def sweep_markdown(s: Sweep, lang: Lang) -> str:
    """Markdown: a bold head line and the table."""
    cols, body = _sweep_table(s, lang)
    return "\n".join([f"**{_sweep_head(s, lang)}**", "", *_md(cols, body)])


def sweep_html(s: Sweep) -> str:
    """HTML for notebooks."""
    cols, body = _sweep_table(s, "en")
    head = html.escape(_sweep_head(s, "en"))
    return f"<div class='skilleco-sweep'><strong>{head}</strong>{_html_table(cols, body)}</div>"
