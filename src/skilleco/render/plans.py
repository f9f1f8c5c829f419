"""Career plans (:class:`~skilleco.decisions.career_plan.Plan`) as text (zh, en), Markdown and HTML."""

from __future__ import annotations

from ..decisions.career_plan import Need, Plan, PlanGrade
from ..ladder import grade
from .escape import html_text, md_code, md_text, visible
from .words import Lang, status_label, word


def _w(key: str, lang: Lang, **kw: object) -> str:
    return word(f"plan.{key}", lang, **kw)


def _label(grade_id: str | None, lang: Lang) -> str:
    if grade_id is None:
        return _w("none", lang)
    g = grade(grade_id)
    return g.label_zh if lang == "zh" else g.label_en


def need_text(n: Need, lang: Lang) -> str:
    """One need in words."""
    return _w(n.kind, lang, fact=n.fact, months=n.months)


def _grade_line(g: PlanGrade, lang: Lang) -> str:
    when = g.earliest.isoformat() if g.earliest is not None else _w("never", lang)
    return _w("grade", lang, grade=_label(g.grade, lang), status=status_label(g.status, lang), when=when)


def _route_lines(g: PlanGrade, lang: Lang) -> list[str]:
    sep = "；" if lang == "zh" else "; "
    out = []
    for r in g.routes:
        needs = _w("holdsnow", lang) if r.status == "yes" else sep.join(need_text(n, lang) for n in r.needs)
        when = "" if r.earliest is None else " " + _w("from", lang, on=r.earliest.isoformat())
        out.append(f"{r.rule_id} ({r.provenance}; {r.citation}): {r.status} — {needs}{when}")
    return out


def _head(p: Plan, lang: Lang) -> list[str]:
    policy = p.policy_id + (f" [{p.reform_label}]" if p.reform_label else "")
    return [
        _w("head", lang, who=visible(p.subject_id), on=p.on.isoformat(), policy=visible(policy)),
        _w("holds", lang, grade=_label(p.current_grade, lang), target=_label(p.target, lang)),
        _w("assume", lang, lead=p.lead_months),
    ]


def _path(p: Plan, lang: Lang) -> list[str]:
    out = []
    for s in p.steps:
        line = _w("step", lang, grade=_label(s.grade, lang), on=s.eligible_on.isoformat())
        if s.certificate_on is not None:
            line += _w("cert", lang, on=s.certificate_on.isoformat())
        out.append(line)
    return out


def _stops(p: Plan, lang: Lang) -> list[str]:
    if p.reached:
        return []
    stuck = next(g for g in p.grades if g.earliest is None)
    return [_w("stops", lang, grade=_label(stuck.grade, lang), target=_label(p.target, lang))]


def plan_text(p: Plan, lang: Lang = "en") -> str:
    """Plain text."""
    arrow = " → "
    lines = [*_head(p, lang), _w("path", lang) + " " + arrow.join(_path(p, lang)), *_stops(p, lang)]
    for g in p.grades:
        lines.append(_grade_line(g, lang))
        lines += [f"  - {r}" for r in _route_lines(g, lang)]
    if p.settles:
        lines.append(_w("settles", lang, facts=", ".join(p.settles)))
    return "\n".join(lines)


def plan_markdown(p: Plan, lang: Lang = "en") -> str:
    """Markdown."""
    head = _head(p, lang)
    lines = [f"### {md_text(head[0])}", "", md_text(head[1]), "", f"*{md_text(head[2])}*", ""]
    lines.append(f"**{md_text(_w('path', lang))}**")
    lines += [f"1. {md_text(s)}" for s in _path(p, lang)]
    lines += [md_text(s) for s in _stops(p, lang)]
    for g in p.grades:
        lines += ["", f"**{md_text(_grade_line(g, lang))}**", ""]
        for r in g.routes:
            needs = "; ".join(md_text(need_text(n, lang)) for n in r.needs) or md_text(_w("holdsnow", lang))
            when = "" if r.earliest is None else " " + md_text(_w("from", lang, on=r.earliest.isoformat()))
            lines.append(f"- {md_code(r.rule_id)} ({md_text(r.provenance)}): {r.status} — {needs}{when}")
    if p.settles:
        lines += ["", md_text(_w("settles", lang, facts=", ".join(p.settles)))]
    return "\n".join(lines)


def plan_html(p: Plan) -> str:
    """HTML for notebooks."""
    head = "".join(f"<p>{html_text(line)}</p>" for line in _head(p, "en"))
    path = "".join(f"<li>{html_text(s)}</li>" for s in _path(p, "en"))
    stops = "".join(f"<p>{html_text(s)}</p>" for s in _stops(p, "en"))
    rows = "".join(
        f"<tr><td>{html_text(_label(g.grade, 'en'))}</td><td>{html_text(g.status)}</td>"
        f"<td>{html_text(g.earliest.isoformat() if g.earliest else '—')}</td>"
        f"<td>{html_text(', '.join(g.via))}</td></tr>"
        for g in p.grades
    )
    table = f"<table><tr><th>grade</th><th>now</th><th>earliest</th><th>via</th></tr>{rows}</table>"
    return f"<div>{head}<ol>{path}</ol>{stops}{table}</div>"
