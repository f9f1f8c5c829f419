"""Presenters: decisions, profiles and policies as text (zh, en), Markdown and HTML.

Words come from the catalogue (:mod:`.words`), tables from the one writer (:mod:`.tables`). Every
line is escaped for its form (:mod:`.escape`): ids, names and messages come from outside, and an id
holding a line break or markup must show as text, not start a line or a heading (issue 15, L2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .escape import html_text, md_code, md_text, visible
from .policies import policy_html
from .tables import Cell, Html, Md, Table
from .words import Lang, label, list_sep, status_label, word

if TYPE_CHECKING:
    from ..decisions import Decision, EditionComparison, ExitReport, GradeProfile, UnitExit

__all__ = [
    "Lang",
    "comparison_html",
    "comparison_markdown",
    "comparison_text",
    "decision_html",
    "decision_markdown",
    "decision_text",
    "exit_report_html",
    "exit_report_markdown",
    "exit_report_text",
    "policy_html",
    "profile_html",
    "profile_text",
]

_COLOURS = {"yes": "#1a7f37", "no": "#cf222e", "unknown": "#9a6700"}
_MARKS = {"yes": "+", "no": "-", "unknown": "?"}


def _cols(lang: Lang, *keys: str) -> list[str]:
    return [word(f"col.{k}", lang) for k in keys]


def _modelled_badge() -> str:
    both = f"{word('provenance.modelled', 'en')} {word('provenance.modelled', 'zh')}"
    return f' <b style="color:#8250df">{html_text(both)}</b>'


def _tag(provenance: str, modelled: bool, lang: Lang) -> str:
    return label("provenance", provenance, lang) + (" *" if modelled else "")


def _policy(policy_id: str, reform_label: str | None) -> str:
    return policy_id + (f" [{reform_label}]" if reform_label else "")


def _head(d: Decision, lang: Lang) -> list[str]:
    sep = list_sep(lang)
    about = word("decision.about", lang, target=d.target) if d.target else ""
    lines = [
        word("decision.head", lang, question=d.question, about=about, status=status_label(d.status, lang)),
        word(
            "decision.where",
            lang,
            subject=d.subject_id,
            on=d.on.isoformat(),
            policy=_policy(d.policy_id, d.reform_label),
            ruleset=d.ruleset_id,
        ),
    ]
    if d.deciding:
        lines.append(word("decision.deciding", lang, rules=sep.join(d.deciding)))
    if d.missing_facts:
        lines.append(word("decision.missing", lang, facts=sep.join(d.missing_facts)))
    if d.earliest_date:
        lines.append(word("decision.earliest", lang, date=d.earliest_date.isoformat()))
    if d.modelled_rule_ids:
        lines.append(word("decision.modelled", lang, rules=sep.join(d.modelled_rule_ids)))
    return lines + _scope(d, lang)


def _scope(d: Decision, lang: Lang) -> list[str]:
    """Whose rule set answered, when it is an ancestor's, and what it does not check (chain.md)."""
    lines = []
    if d.standard_id is not None:
        lines.append(word("decision.standard", lang, standard=d.standard_id))
    if d.ruleset_policy_id is not None and d.ruleset_policy_id != d.policy_id:
        lines.append(
            word(
                "decision.borrowed", lang, policy=d.policy_id, owner=d.ruleset_policy_id, ruleset=d.ruleset_id
            )
        )
    if d.not_checked:
        what = list_sep(lang).join(label("criterion", k, lang) for k in d.not_checked)
        lines.append(word("decision.not_checked", lang, ruleset=d.ruleset_id, what=what))
    return lines


def _md_doc(title: Sequence[str], table: Table) -> str:
    """Markdown: the first title line in bold, the rest as a list, then a table (lines escaped)."""
    out = [f"**{md_text(title[0])}**", "", *(f"- {md_text(line)}" for line in title[1:]), ""]
    return "\n".join([*out, *table.markdown_lines()])


def _lines(lines: Sequence[str]) -> str:
    """Plain-text lines joined, each with its control characters made visible."""
    return "\n".join(visible(line) for line in lines)


def _html_doc(css: str, head: str, table: Table) -> str:
    return f'<div class="{css}"><p>{head}</p>{table.html()}</div>'


def _both(en: Sequence[str], zh: Sequence[str]) -> str:
    """Head lines in English, then in Chinese (small), escaped."""
    return "<br>".join(map(html_text, en)) + "<br><small>" + "<br>".join(map(html_text, zh)) + "</small>"


def decision_text(d: Decision, lang: Lang) -> str:
    """Plain text: a head, then one line per finding."""
    lines = _head(d, lang)
    for f in d.findings:
        tag = _tag(f.provenance, f.rests_on_modelled, lang)
        lines.append(f"  {_MARKS[f.status]} {f.rule_id} ({tag}; {f.citation}) {f.message(lang)}")
    return _lines(lines)


def decision_markdown(d: Decision, lang: Lang) -> str:
    """Markdown: the head as a list, the findings as a table."""
    rows: list[tuple[Cell, ...]] = [
        (
            Md(md_code(f.rule_id)),
            label("finding", f.status, lang),
            f.strength,
            _tag(f.provenance, f.rests_on_modelled, lang),
            f.citation,
            f.message(lang),
        )
        for f in d.findings
    ]
    cols = _cols(lang, "rule", "result", "strength", "provenance", "citation", "message")
    return _md_doc(_head(d, lang), Table(cols, rows))


def decision_html(d: Decision) -> str:
    """HTML for notebooks: both languages, findings coloured, modelled rules flagged."""
    e = html_text
    rows: list[list[Cell]] = [
        [
            Html(f"<code>{e(f.rule_id)}</code>"),
            Html(f"<b>{e(f.status)}</b>", style=f"color:{_COLOURS[f.status]}"),
            f.strength,
            Html(e(f.provenance) + (_modelled_badge() if f.rests_on_modelled else "")),
            f.citation,
            Html(f"{e(f.message_en)}<br><small>{e(f.message_zh)}</small>"),
        ]
        for f in d.findings
    ]
    cols = _cols("en", "rule", "result", "strength", "provenance", "citation", "message")
    return _html_doc("skilleco-decision", _both(_head(d, "en"), _head(d, "zh")), Table(cols, rows))


def profile_text(p: GradeProfile, lang: Lang) -> str:
    """Plain text: current and next grade, then one line per higher grade."""
    current = p.current_grade or word("profile.unknown" if not p.current_known else "profile.none", lang)
    lines = [
        word(
            "profile.head",
            lang,
            subject=p.subject_id,
            on=p.on.isoformat(),
            policy=_policy(p.policy_id, p.reform_label),
            current=current,
            next=p.next_grade,
        )
    ]
    for d in p.decisions:
        when = p.earliest_dates.get(str(d.target))
        extra = (
            word("profile.earliest", lang, date=when.isoformat()) if when and d.status != "eligible" else ""
        )
        via = word("profile.via", lang, rules=", ".join(d.deciding)) if d.status == "eligible" else ""
        lines.append(f"  {d.target}: {status_label(d.status, lang)}{via}{extra}")
    return _lines(lines)


def profile_table(p: GradeProfile, lang: Lang) -> Table:
    """One row per higher grade: grade, status, the rules it is reached by, the earliest date."""
    rows = [
        (
            str(d.target),
            status_label(d.status, lang),
            ", ".join(d.deciding) if d.status == "eligible" else "",
            "" if d.status == "eligible" else str(p.earliest_dates.get(str(d.target)) or ""),
        )
        for d in p.decisions
    ]
    return Table(_cols(lang, "grade", "status", "via", "earliest"), rows)


def profile_markdown(p: GradeProfile, lang: Lang) -> str:
    """Markdown: the head line in bold, then :func:`profile_table`."""
    return f"**{md_text(profile_text(p, lang).splitlines()[0])}**\n\n{profile_table(p, lang).markdown()}"


def profile_html(p: GradeProfile) -> str:
    """HTML for notebooks."""
    rows = [
        (
            str(d.target),
            d.status,
            ", ".join(d.deciding) if d.status == "eligible" else "",
            str(p.earliest_dates.get(str(d.target)) or ""),
        )
        for d in p.decisions
    ]
    table = Table(_cols("en", "grade", "status", "via", "earliest"), rows)
    return f"<div><p>{html_text(profile_text(p, 'en').splitlines()[0])}</p>{table.html()}</div>"


# --- chain questions: exit reports and edition comparisons --------------------------------------


def _exit_head(r: ExitReport, lang: Lang) -> list[str]:
    sep = list_sep(lang)
    lines = [
        word("exit.head", lang, status=status_label(r.status, lang)),
        word(
            "exit.where",
            lang,
            chain=r.chain_id,
            on=r.on.isoformat(),
            policy=_policy(r.policy_id, r.reform_label),
            ruleset=r.ruleset_id,
        ),
    ]
    if r.modelled_rule_ids:
        lines.append(word("decision.modelled", lang, rules=sep.join(r.modelled_rule_ids)))
    if r.missing_facts:
        lines.append(word("decision.missing", lang, facts=sep.join(f"{u}.{f}" for u, f in r.missing_facts)))
    if r.loses_lead:
        lines.append(word("exit.loses_lead", lang, id=r.lead_id))
    return lines


def _unit_label(u: UnitExit, lang: Lang) -> str:
    return word("exit.lead" if u.is_lead else "exit.member", lang, id=u.unit_id)


def _scenario(u: UnitExit, rule_id: str, lang: Lang) -> str:
    mark = f" [{word('provenance.modelled', lang)}]" if u.decision.finding(rule_id).rests_on_modelled else ""
    return f"{rule_id}{mark}"


def _evidence_items(u: UnitExit, rule_id: str) -> list[str]:
    return [f"{e.record} {e.kind} {e.on.isoformat()}" for e in u.evidence if e.rule_id == rule_id]


def exit_report_text(r: ExitReport, lang: Lang) -> str:
    """Plain text: a head, then per unit its status, the scenarios triggered (with evidence) or unknown."""
    lines = _exit_head(r, lang)
    for u in r.units:
        lines.append(f"  {_unit_label(u, lang)}: {status_label(u.status, lang)}")
        for f in u.decision.findings:
            if f.status == "no":
                continue
            tag = _tag(f.provenance, f.rests_on_modelled, lang)
            lines.append(f"    {_MARKS[f.status]} {f.rule_id} ({tag}; {f.citation}) {f.message(lang)}")
            for item in _evidence_items(u, f.rule_id):
                lines.append(f"        {word('col.evidence', lang)}: {item}")
    return _lines(lines)


def exit_report_markdown(r: ExitReport, lang: Lang) -> str:
    """Markdown: the head as a list, one table row per unit."""
    rows: list[tuple[Cell, ...]] = [
        (
            _unit_label(u, lang),
            status_label(u.status, lang),
            Md(", ".join(md_code(_scenario(u, rid, lang)) for rid in u.triggered)),
            "; ".join(item for rid in u.triggered for item in _evidence_items(u, rid)),
            ", ".join(u.decision.missing_facts),
        )
        for u in r.units
    ]
    cols = _cols(lang, "unit", "result", "triggered", "evidence", "missing_facts")
    return _md_doc(_exit_head(r, lang), Table(cols, rows))


def exit_report_html(r: ExitReport) -> str:
    """HTML for notebooks: both languages, one row per unit, modelled scenarios flagged."""
    e = html_text
    rows: list[list[Cell]] = []
    for u in r.units:
        colour = {"exit": _COLOURS["no"], "retain": _COLOURS["yes"]}.get(u.status, _COLOURS["unknown"])
        triggered = "<br>".join(
            f"<code>{e(rid)}</code>"
            + (_modelled_badge() if u.decision.finding(rid).rests_on_modelled else "")
            + "".join(f"<br><small>{e(item)}</small>" for item in _evidence_items(u, rid))
            for rid in u.triggered
        )
        rows.append(
            [
                Html(f"{e(_unit_label(u, 'en'))}<br><small>{e(_unit_label(u, 'zh'))}</small>"),
                Html(f"<b>{e(u.status)}</b>", style=f"color:{colour}"),
                Html(triggered),
                ", ".join(u.decision.missing_facts),
            ]
        )
    table = Table(_cols("en", "unit", "result", "triggered", "missing_facts"), rows)
    return _html_doc("skilleco-exit-report", _both(_exit_head(r, "en"), _exit_head(r, "zh")), table)


def _comparison_rows(c: EditionComparison, lang: Lang) -> list[tuple[str, str, str]]:
    rows = []
    for d in c.decisions:
        rules = ", ".join(_scenario_of(d, rid, lang) for rid in d.deciding)
        rows.append((_policy(d.policy_id, d.reform_label), status_label(d.status, lang), rules))
    return rows


def _scenario_of(d: Decision, rule_id: str, lang: Lang) -> str:
    mark = f" [{word('provenance.modelled', lang)}]" if d.finding(rule_id).rests_on_modelled else ""
    return f"{rule_id}{mark}"


def _comparison_head(c: EditionComparison, lang: Lang) -> str:
    verdict = word("edition.agree" if c.agree else "edition.differ", lang)
    return word("edition.head", lang, subject=c.subject_id, on=c.on.isoformat(), verdict=verdict)


def _comparison_scope(c: EditionComparison, lang: Lang) -> list[str]:
    """Each edition's :func:`_scope` lines: whose rule set answered and what it does not check."""
    return list(dict.fromkeys(line for d in c.decisions for line in _scope(d, lang)))


def comparison_text(c: EditionComparison, lang: Lang) -> str:
    """Plain text: one line per edition with its status and deciding rules, then what rule sets
    borrowed from an ancestor or leaving criteria out say about themselves."""
    lines = [_comparison_head(c, lang)]
    lines += [f"  {p}: {s}" + (f" ({rules})" if rules else "") for p, s, rules in _comparison_rows(c, lang)]
    lines += [f"  * {line}" for line in _comparison_scope(c, lang)]
    return _lines(lines)


def comparison_markdown(c: EditionComparison, lang: Lang) -> str:
    """Markdown: a table of editions."""
    cols = _cols(lang, "edition", "result", "deciding_rules")
    head = [_comparison_head(c, lang), *_comparison_scope(c, lang)]
    return _md_doc(head, Table(cols, _comparison_rows(c, lang)))


def comparison_html(c: EditionComparison) -> str:
    """HTML for notebooks: a table of editions, in both languages, modelled rules flagged."""
    e = html_text
    rows = [
        (
            _policy(d.policy_id, d.reform_label),
            Html(f"{e(status_label(d.status, 'en'))}<br><small>{e(status_label(d.status, 'zh'))}</small>"),
            Html(
                ", ".join(
                    f"<code>{e(r)}</code>" + (_modelled_badge() if d.finding(r).rests_on_modelled else "")
                    for r in d.deciding
                )
            ),
        )
        for d in c.decisions
    ]
    head = _both(
        [_comparison_head(c, "en"), *_comparison_scope(c, "en")],
        [_comparison_head(c, "zh"), *_comparison_scope(c, "zh")],
    )
    return _html_doc(
        "skilleco-comparison", head, Table(_cols("en", "edition", "result", "deciding_rules"), rows)
    )
