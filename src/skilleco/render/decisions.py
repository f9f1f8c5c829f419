"""Presenters: decisions, profiles and policies as text (zh, en), Markdown and HTML."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..decisions.values import Decision, GradeProfile
    from ..policy.policy import Policy

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


# --- chain questions: exit reports and edition comparisons (appended) ----------------------------

from collections.abc import Sequence  # noqa: E402  # appended section: imports kept with the code using them

if TYPE_CHECKING:
    from ..decisions.values import EditionComparison, ExitReport, UnitExit

_MODELLED_MARK = {"en": "MODELLED", "zh": "推定"}
_MODELLED_BADGE = ' <b style="color:#8250df">MODELLED 推定</b>'
_LOSES_LEAD = {
    "en": "The lead unit {id} exits: the chain loses its lead. What the authority does next is not "
    "decided here.",
    "zh": "链主单位 {id} 触发退出情形：该链失去链主。主管部门如何处理不在本判断范围内。",
}


def _exit_head(r: ExitReport, lang: Lang) -> list[str]:
    policy = r.policy_id + (f" [{r.reform_label}]" if r.reform_label else "")
    if lang == "zh":
        lines = [
            f"退出情形检查：{STATUS_LABEL['zh'][r.status]}",
            f"生态链 {r.chain_id}；日期 {r.on.isoformat()}；政策 {policy}；规则集 {r.ruleset_id}",
        ]
        if r.modelled_rule_ids:
            lines.append("依赖推定规则（modelled）：" + "，".join(r.modelled_rule_ids))
        if r.missing_facts:
            lines.append("缺少的事实：" + "，".join(f"{u}.{f}" for u, f in r.missing_facts))
    else:
        lines = [
            f"exit check: {STATUS_LABEL['en'][r.status]}",
            f"chain {r.chain_id}; on {r.on.isoformat()}; policy {policy}; rule set {r.ruleset_id}",
        ]
        if r.modelled_rule_ids:
            lines.append("rests on MODELLED rules: " + ", ".join(r.modelled_rule_ids))
        if r.missing_facts:
            lines.append("missing facts: " + ", ".join(f"{u}.{f}" for u, f in r.missing_facts))
    if r.loses_lead:
        lines.append(_LOSES_LEAD[lang].format(id=r.lead_id))
    return lines


def _md_table(title: Sequence[str], cols: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Markdown: the first title line in bold, the rest as a list, then a table."""
    out = [f"**{title[0]}**", "", *(f"- {line}" for line in title[1:]), ""]
    out.append("| " + " | ".join(cols) + " |")
    out.append("|" + "---|" * len(cols))
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |" for cells in rows]
    return "\n".join(out)


def _unit_label(u: UnitExit, lang: Lang) -> str:
    if lang == "zh":
        return ("链主 " if u.is_lead else "成员 ") + u.unit_id
    return ("lead " if u.is_lead else "member ") + u.unit_id


def _scenario(u: UnitExit, rule_id: str, lang: Lang) -> str:
    f = u.decision.finding(rule_id)
    mark = f" [{_MODELLED_MARK[lang]}]" if f.rests_on_modelled else ""
    return f"{rule_id}{mark}"


def _evidence_items(u: UnitExit, rule_id: str) -> list[str]:
    return [f"{e.record} {e.kind} {e.on.isoformat()}" for e in u.evidence if e.rule_id == rule_id]


def exit_report_text(r: ExitReport, lang: Lang) -> str:
    """Plain text: a head, then per unit its status, the scenarios triggered (with evidence) or unknown."""
    lines = _exit_head(r, lang)
    for u in r.units:
        lines.append(f"  {_unit_label(u, lang)}: {STATUS_LABEL[lang][u.status]}")
        for f in u.decision.findings:
            if f.status == "no":
                continue
            mark = "+" if f.status == "yes" else "?"
            tag = PROVENANCE_LABEL[lang][f.provenance] + (" *" if f.rests_on_modelled else "")
            lines.append(f"    {mark} {f.rule_id} ({tag}; {f.citation}) {f.message(lang)}")
            for item in _evidence_items(u, f.rule_id):
                lines.append(f"        {'证据' if lang == 'zh' else 'evidence'}: {item}")
    return "\n".join(lines)


def exit_report_markdown(r: ExitReport, lang: Lang) -> str:
    """Markdown: the head as a list, one table row per unit."""
    cols = (
        ("单位", "结果", "触发的情形", "证据", "缺少的事实")
        if lang == "zh"
        else ("unit", "result", "triggered", "evidence", "missing facts")
    )
    rows = [
        (
            _unit_label(u, lang),
            STATUS_LABEL[lang][u.status],
            ", ".join(f"`{_scenario(u, rid, lang)}`" for rid in u.triggered),
            "; ".join(item for rid in u.triggered for item in _evidence_items(u, rid)),
            ", ".join(u.decision.missing_facts),
        )
        for u in r.units
    ]
    return _md_table(_exit_head(r, lang), cols, rows)


def exit_report_html(r: ExitReport) -> str:
    """HTML for notebooks: both languages, one row per unit, modelled scenarios flagged."""
    e = html.escape
    rows = []
    for u in r.units:
        colour = {"exit": _COLOURS["no"], "retain": _COLOURS["yes"]}.get(u.status, _COLOURS["unknown"])
        triggered = "<br>".join(
            f"<code>{e(rid)}</code>"
            + (_MODELLED_BADGE if u.decision.finding(rid).rests_on_modelled else "")
            + "".join(f"<br><small>{e(item)}</small>" for item in _evidence_items(u, rid))
            for rid in u.triggered
        )
        rows.append(
            f"<tr><td>{e(_unit_label(u, 'en'))}<br><small>{e(_unit_label(u, 'zh'))}</small></td>"
            f'<td style="color:{colour}"><b>{e(u.status)}</b></td><td>{triggered}</td>'
            f"<td>{e(', '.join(u.decision.missing_facts))}</td></tr>"
        )
    head = "<br>".join(e(x) for x in _exit_head(r, "en")) + "<br><small>"
    head += "<br>".join(e(x) for x in _exit_head(r, "zh")) + "</small>"
    return (
        f'<div class="skilleco-exit-report"><p>{head}</p><table><thead><tr><th>unit</th><th>result</th>'
        f"<th>triggered</th><th>missing facts</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _comparison_rows(c: EditionComparison, lang: Lang) -> list[tuple[str, str, str]]:
    rows = []
    for d in c.decisions:
        policy = d.policy_id + (f" [{d.reform_label}]" if d.reform_label else "")
        rules = ", ".join(
            r + (f" [{_MODELLED_MARK[lang]}]" if d.finding(r).rests_on_modelled else "") for r in d.deciding
        )
        rows.append((policy, STATUS_LABEL[lang][d.status], rules))
    return rows


def _comparison_head(c: EditionComparison, lang: Lang) -> str:
    if lang == "zh":
        verdict = "各版本结论一致" if c.agree else "各版本结论不同"
        return f"链主评估对比 {c.subject_id}（{c.on.isoformat()}）：{verdict}"
    verdict = "the editions agree" if c.agree else "the editions differ"
    return f"chain-lead comparison for {c.subject_id} on {c.on.isoformat()}: {verdict}"


def comparison_text(c: EditionComparison, lang: Lang) -> str:
    """Plain text: one line per edition with its status and deciding rules."""
    lines = [_comparison_head(c, lang)]
    lines += [f"  {p}: {s}" + (f" ({rules})" if rules else "") for p, s, rules in _comparison_rows(c, lang)]
    return "\n".join(lines)


def comparison_markdown(c: EditionComparison, lang: Lang) -> str:
    """Markdown: a table of editions."""
    cols = ("版本", "结果", "决定性规则") if lang == "zh" else ("edition", "result", "deciding rules")
    return _md_table([_comparison_head(c, lang)], cols, _comparison_rows(c, lang))


def comparison_html(c: EditionComparison) -> str:
    """HTML for notebooks: a table of editions, in both languages, modelled rules flagged."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(d.policy_id + (f' [{d.reform_label}]' if d.reform_label else ''))}</td>"
        f"<td>{e(STATUS_LABEL['en'][d.status])}<br><small>{e(STATUS_LABEL['zh'][d.status])}</small></td><td>"
        + ", ".join(
            f"<code>{e(r)}</code>" + (_MODELLED_BADGE if d.finding(r).rests_on_modelled else "")
            for r in d.deciding
        )
        + "</td></tr>"
        for d in c.decisions
    )
    head = f"{e(_comparison_head(c, 'en'))}<br><small>{e(_comparison_head(c, 'zh'))}</small>"
    return (
        f'<div class="skilleco-comparison"><p>{head}</p><table><thead><tr><th>edition</th><th>result</th>'
        f"<th>deciding rules</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
