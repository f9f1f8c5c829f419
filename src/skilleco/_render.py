"""Presenters: decisions, profiles and policies as text (zh, en), Markdown and HTML."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .decisions import Decision, GradeProfile
    from .policy import Policy

Lang = Literal["zh", "en"]

STATUS_LABEL: dict[str, dict[str, str]] = {
    "en": {
        "eligible": "eligible",
        "review": "review",
        "ineligible": "not eligible",
        "undetermined": "undetermined",
        "retain": "retain",
        "exit": "exit",
        "yes": "yes",
        "no": "no",
        "unknown": "unknown",
    },
    "zh": {
        "eligible": "符合条件",
        "review": "需复核",
        "ineligible": "不符合条件",
        "undetermined": "无法判定",
        "retain": "保留",
        "exit": "退出",
        "yes": "满足",
        "no": "不满足",
        "unknown": "未知",
    },
}
PROVENANCE_LABEL = {
    "en": {"text": "text", "secondary": "secondary", "modelled": "MODELLED"},
    "zh": {"text": "原文", "secondary": "二手资料", "modelled": "推定"},
}
_COLOURS = {"yes": "#1a7f37", "no": "#cf222e", "unknown": "#9a6700"}


def _head(d: Decision, lang: Lang) -> list[str]:
    policy = d.policy_id + (f" [{d.reform_label}]" if d.reform_label else "")
    about = f" → {d.target}" if d.target else ""
    if lang == "zh":
        lines = [
            f"{d.question}{about}：{STATUS_LABEL['zh'][d.status]}",
            f"对象 {d.subject_id}；日期 {d.on.isoformat()}；政策 {policy}；规则集 {d.ruleset_id}",
        ]
        if d.deciding:
            lines.append("决定性规则：" + "，".join(d.deciding))
        if d.missing_facts:
            lines.append("缺少的事实：" + "，".join(d.missing_facts))
        if d.earliest_date:
            lines.append(f"最早可满足日期：{d.earliest_date.isoformat()}")
        if d.modelled_rule_ids:
            lines.append("依赖推定规则（modelled）：" + "，".join(d.modelled_rule_ids))
        return lines
    lines = [
        f"{d.question}{about}: {STATUS_LABEL['en'][d.status]}",
        f"subject {d.subject_id}; on {d.on.isoformat()}; policy {policy}; rule set {d.ruleset_id}",
    ]
    if d.deciding:
        lines.append("deciding rules: " + ", ".join(d.deciding))
    if d.missing_facts:
        lines.append("missing facts: " + ", ".join(d.missing_facts))
    if d.earliest_date:
        lines.append(f"earliest date: {d.earliest_date.isoformat()}")
    if d.modelled_rule_ids:
        lines.append("rests on MODELLED rules: " + ", ".join(d.modelled_rule_ids))
    return lines


def decision_text(d: Decision, lang: Lang) -> str:
    """Plain text: a head, then one line per finding."""
    lines = _head(d, lang)
    for f in d.findings:
        mark = {"yes": "+", "no": "-", "unknown": "?"}[f.status]
        tag = PROVENANCE_LABEL[lang][f.provenance]
        modelled = " *" if f.rests_on_modelled else ""
        lines.append(f"  {mark} {f.rule_id} ({tag}{modelled}; {f.citation}) {f.message(lang)}")
    return "\n".join(lines)


def decision_markdown(d: Decision, lang: Lang) -> str:
    """Markdown: the head as a list, the findings as a table."""
    head = _head(d, lang)
    cols = (
        ("规则", "结果", "强度", "来源类型", "出处", "说明")
        if lang == "zh"
        else ("rule", "result", "strength", "provenance", "citation", "message")
    )
    out = [f"**{head[0]}**", "", *(f"- {line}" for line in head[1:]), ""]
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "---|" * len(cols))
    for f in d.findings:
        tag = PROVENANCE_LABEL[lang][f.provenance] + (" *" if f.rests_on_modelled else "")
        cells = (f"`{f.rule_id}`", STATUS_LABEL[lang][f.status], f.strength, tag, f.citation, f.message(lang))
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)


def decision_html(d: Decision) -> str:
    """HTML for notebooks: both languages, findings coloured, modelled rules flagged."""
    e = html.escape
    rows = []
    for f in d.findings:
        colour = _COLOURS[f.status]
        modelled = ' <b style="color:#8250df">MODELLED 推定</b>' if f.rests_on_modelled else ""
        rows.append(
            f"<tr><td><code>{e(f.rule_id)}</code></td>"
            f'<td style="color:{colour}"><b>{e(f.status)}</b></td>'
            f"<td>{e(f.strength)}</td><td>{e(f.provenance)}{modelled}</td><td>{e(f.citation)}</td>"
            f"<td>{e(f.message_en)}<br><small>{e(f.message_zh)}</small></td></tr>"
        )
    head = (
        "<br>".join(e(x) for x in _head(d, "en"))
        + "<br><small>"
        + "<br>".join(e(x) for x in _head(d, "zh"))
        + "</small>"
    )
    return (
        f'<div class="skilleco-decision"><p>{head}</p><table>'
        "<thead><tr><th>rule</th><th>result</th><th>strength</th><th>provenance</th><th>citation</th>"
        f"<th>message</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def profile_text(p: GradeProfile, lang: Lang) -> str:
    """Plain text: current and next grade, then one line per higher grade."""
    policy = p.policy_id + (f" [{p.reform_label}]" if p.reform_label else "")
    current = p.current_grade or ("unknown" if not p.current_known else "none")
    if lang == "zh":
        lines = [
            f"{p.subject_id} 于 {p.on.isoformat()}（{policy}）：当前等级 {current}，下一等级 {p.next_grade}"
        ]
    else:
        lines = [
            f"{p.subject_id} on {p.on.isoformat()} ({policy}): current grade {current}, next {p.next_grade}"
        ]
    for d in p.decisions:
        when = p.earliest_dates.get(str(d.target))
        extra = (
            f" ({'最早' if lang == 'zh' else 'earliest'} {when.isoformat()})"
            if when and d.status != "eligible"
            else ""
        )
        via = f" via {', '.join(d.deciding)}" if d.status == "eligible" else ""
        lines.append(f"  {d.target}: {STATUS_LABEL[lang][d.status]}{via}{extra}")
    return "\n".join(lines)


def profile_html(p: GradeProfile) -> str:
    """HTML for notebooks."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(str(d.target))}</td><td>{e(d.status)}</td>"
        f"<td>{e(', '.join(d.deciding) if d.status == 'eligible' else '')}</td>"
        f"<td>{e(str(p.earliest_dates.get(str(d.target)) or ''))}</td></tr>"
        for d in p.decisions
    )
    return (
        f"<div><p>{e(profile_text(p, 'en').splitlines()[0])}</p><table><thead><tr><th>grade</th>"
        f"<th>status</th><th>via</th><th>earliest</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def policy_html(policy: Policy) -> str:
    """HTML for notebooks: the rules table with citations and provenance."""
    e = html.escape
    rows = "".join(
        f"<tr><td><code>{e(r.id)}</code></td><td>{e(r.title_en)}<br><small>{e(r.title_zh)}</small></td>"
        f"<td>{e(r.strength)}</td><td>{e(r.provenance)}</td><td>{e(r.citation)}</td><td><code>{e(r.when)}</code></td></tr>"
        for r in policy.rules.values()
    )
    return (
        f"<div><p><b>{e(policy.display_id)}</b> — {e(policy.title_en)} / {e(policy.title_zh)}</p>"
        "<table><thead><tr><th>rule</th><th>title</th><th>strength</th><th>provenance</th><th>citation</th>"
        f"<th>condition</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
