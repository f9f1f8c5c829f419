"""Pipelines (:class:`~skilleco.whatif.pipeline_result.Pipeline`, ``PipelineComparison``) as text
(zh, en), Markdown and HTML: head lines, then one table per section, as comparisons are shown."""

from __future__ import annotations

from collections.abc import Sequence

from ..ladder import grade
from ..whatif.pipeline_result import Pipeline, PipelineComparison
from .escape import html_text, md_text, number, visible
from .tables import Table
from .words import Lang, word

__all__ = [
    "comparison_html",
    "comparison_markdown",
    "comparison_text",
    "pipeline_html",
    "pipeline_markdown",
    "pipeline_text",
]


def _w(key: str, lang: Lang, **kw: object) -> str:
    return word(f"pipeline.{key}", lang, **kw)


def _workers(n: int, lang: Lang) -> str:
    return _w("one_worker" if n == 1 else "workers", lang, n=f"{n:,}")


def _grade(grade_id: str, lang: Lang) -> str:
    g = grade(grade_id)
    return g.label_zh if lang == "zh" else g.label_en


def _assume(p: Pipeline, lang: Lang) -> str:
    step = p.months[1] - p.months[0] if len(p.months) > 1 else 1
    return _w("assume", lang, step=step, years=p.months[-1] // 12, lead=p.lead_months)


def _pipeline_head(p: Pipeline, lang: Lang) -> list[str]:
    out = [
        _w(
            "head",
            lang,
            policy=p.policy.display_id,
            on=p.on,
            workers=_workers(p.rows, lang),
            weight=number(p.total_weight),
        ),
        _assume(p, lang),
    ]
    if p.skipped:
        out.append(_w("skipped", lang, n=p.skipped))
    return out


def _columns(p: Pipeline) -> list[int]:
    """The looks shown: now (month 0), then the horizons."""
    return [0, *(h for h in p.horizons if h != 0)]


def _horizons(p: Pipeline, lang: Lang) -> list[str]:
    return [_w("now", lang) if h == 0 else _w("mo", lang, h=h) for h in _columns(p)]


def _at(p: Pipeline, series: Sequence[float], h: int) -> float:
    return series[p.months.index(h)]


def _pipeline_sections(p: Pipeline, lang: Lang) -> list[tuple[str, Table]]:
    if not p.grades:
        return []
    first = Table(
        (_w("grade", lang), _w("below", lang), *_horizons(p, lang)),
        [
            (
                _grade(g.grade, lang),
                number(g.candidates),
                *(number(_at(p, g.eligible, h)) for h in _columns(p)),
            )
            for g in p.grades
        ],
    )
    last = p.horizons[-1]
    routes = Table(
        (_w("grade", lang), _w("route", lang), *_horizons(p, lang)),
        [
            (_grade(g.grade, lang), r.rule_id, *(number(_at(p, r.eligible, h)) for h in _columns(p)))
            for g in p.grades
            for r in g.routes
            if _at(p, r.eligible, last) > 0
        ],
    )
    return [(_w("first", lang), first), (_w("routes", lang, h=last), routes)]


def _comparison_head(c: PipelineComparison, lang: Lang) -> list[str]:
    a, b = c.baseline, c.reform
    out = [
        _w(
            "vs",
            lang,
            on=a.on,
            a=a.policy.display_id,
            b=b.policy.display_id,
            workers=_workers(a.rows, lang),
            weight=number(a.total_weight),
        ),
        _assume(a, lang),
        *(_w("change", lang, name=x.name, a=x.baseline, b=x.reform) for x in c.changes),
    ]
    if a.skipped:
        out.append(_w("skipped", lang, n=a.skipped))
    return out


def _comparison_sections(c: PipelineComparison, lang: Lang) -> list[tuple[str, Table]]:
    a, b = c.baseline, c.reform
    grades = sorted({g.grade for g in (*a.grades, *b.grades)}, key=lambda g: grade(g).rank)
    rows = []
    for g in grades:
        for p in (a, b):
            values = [number(_safe(p, g, h)) for h in _columns(a)]
            rows.append((_grade(g, lang), p.policy.display_id, *values))
        rows.append((_grade(g, lang), "Δ", *(_signed(c.delta(g, h)) for h in _columns(a))))
    first = Table((_w("grade", lang), _w("policy", lang), *_horizons(a, lang)), rows)
    moved = Table(
        (_w("grade", lang), _w("sooner", lang), _w("sooner_w", lang), _w("later", lang), _w("later_w", lang)),
        [
            (
                _grade(m.grade, lang),
                f"{m.earlier_rows:,}",
                number(m.earlier),
                f"{m.later_rows:,}",
                number(m.later),
            )
            for m in c.moved
        ],
    )
    return [
        (_w("first", lang), first),
        (_w("route_delta", lang, h=a.horizons[-1]), _route_table(c, lang)),
        (_w("moved", lang), moved),
    ]


def _route_table(c: PipelineComparison, lang: Lang) -> Table:
    """Each route's first eligibilities by the last horizon under both policies, and the change."""
    a, b, h = c.baseline, c.reform, c.baseline.horizons[-1]
    found: dict[tuple[str, str], list[float]] = {}
    for i, p in enumerate((a, b)):
        for g in p.grades:
            for r in g.routes:
                found.setdefault((g.grade, r.rule_id), [0.0, 0.0])[i] = _at(p, r.eligible, h)
    rows = [
        (_grade(g, lang), rid, number(x), number(y), _signed(y - x))
        for (g, rid), (x, y) in sorted(found.items(), key=lambda kv: grade(kv[0][0]).rank)
        if x or y
    ]
    return Table((_w("grade", lang), _w("route", lang), a.policy.display_id, b.policy.display_id, "Δ"), rows)


def _safe(p: Pipeline, grade_id: str, h: int) -> float:
    try:
        return p.eligible(grade_id, h)
    except KeyError:
        return 0.0


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + number(x)


def _text(head: list[str], sections: list[tuple[str, Table]], empty: str) -> str:
    out = [visible(line) for line in head]
    if not sections:
        out.append(empty)
    for title, table in sections:
        out += ["", visible(title), *(line.rstrip() for line in table.text_lines())]
    return "\n".join(out)


def _markdown(head: list[str], sections: list[tuple[str, Table]], empty: str) -> str:
    lines = [md_text(line) for line in head]
    out = [f"**{lines[0]}**", "", *(f"- {x}" for x in lines[1:])]
    if not sections:
        out += ["", md_text(empty)]
    for title, table in sections:
        out += ["", f"*{md_text(title)}*", "", *table.markdown_lines()]
    return "\n".join(out)


def _html(head: list[str], sections: list[tuple[str, Table]], empty: str) -> str:
    parts = [f"<div class='skilleco-pipeline'><strong>{html_text(head[0])}</strong><ul>"]
    parts += [f"<li>{html_text(x)}</li>" for x in head[1:]]
    parts.append("</ul>")
    if not sections:
        parts.append(f"<p>{html_text(empty)}</p>")
    for title, table in sections:
        parts.append(f"<p><em>{html_text(title)}</em></p>{table.html()}")
    parts.append("</div>")
    return "".join(parts)


def pipeline_text(p: Pipeline, lang: Lang = "en") -> str:
    """Plain text: head lines, first eligibility by grade and horizon, then the routes."""
    return _text(_pipeline_head(p, lang), _pipeline_sections(p, lang), _w("none", lang))


def pipeline_markdown(p: Pipeline, lang: Lang = "en") -> str:
    """Markdown: the head lines as a list, then the tables."""
    return _markdown(_pipeline_head(p, lang), _pipeline_sections(p, lang), _w("none", lang))


def pipeline_html(p: Pipeline) -> str:
    """HTML for notebooks (in English)."""
    return _html(_pipeline_head(p, "en"), _pipeline_sections(p, "en"), _w("none", "en"))


def comparison_text(c: PipelineComparison, lang: Lang = "en") -> str:
    """Plain text: head lines, baseline/reform/Δ by grade and horizon, then who moves."""
    return _text(_comparison_head(c, lang), _comparison_sections(c, lang), _w("none", lang))


def comparison_markdown(c: PipelineComparison, lang: Lang = "en") -> str:
    """Markdown: the head lines as a list, then the tables."""
    return _markdown(_comparison_head(c, lang), _comparison_sections(c, lang), _w("none", lang))


def comparison_html(c: PipelineComparison) -> str:
    """HTML for notebooks (in English)."""
    return _html(_comparison_head(c, "en"), _comparison_sections(c, "en"), _w("none", "en"))
