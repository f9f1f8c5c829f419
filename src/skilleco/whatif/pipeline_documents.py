"""Pipelines as JSON documents and back (:class:`~skilleco.whatif.pipeline_result.Pipeline`,
:class:`~skilleco.whatif.pipeline_result.PipelineComparison`).

The same rules as every what-if document (:mod:`skilleco.whatif.documents`): the envelope of this
format version, each field of its type, dates exactly ``YYYY-MM-DD``; a sum past the range of a
float is written ``null`` and reads back as ``inf``. Anything else is a
:class:`~skilleco.exceptions.DecisionFormatError` naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..decisions.documents import check_version, document_date, envelope, json_object
from ..exceptions import DecisionFormatError
from .documents import _at, _change, _int, _items, _num, _policy, _text
from .parts import ParamChange, json_document
from .pipeline_parts import GradePipeline, Moved, RoutePipeline

__all__ = ["comparison_dict", "pipeline_dict", "read_comparison", "read_pipeline"]


def _body(p: Any) -> dict[str, Any]:
    return {
        "policy": attrs.asdict(p.policy),
        "on": p.on.isoformat(),
        "months": list(p.months),
        "horizons": list(p.horizons),
        "lead_months": p.lead_months,
        "rows": p.rows,
        "total_weight": p.total_weight,
        "skipped": p.skipped,
        "source": p.source,
        "grades": [
            {
                "grade": g.grade,
                "candidate_rows": g.candidate_rows,
                "candidates": g.candidates,
                "rows": list(g.rows),
                "eligible": list(g.eligible),
                "routes": [{"rule_id": r.rule_id, "eligible": list(r.eligible)} for r in g.routes],
            }
            for g in p.grades
        ],
    }


def pipeline_dict(p: Any) -> dict[str, Any]:
    """A pipeline as a JSON-compatible document."""
    return json_document({**envelope(), "document": "pipeline", **_body(p)})


def comparison_dict(c: Any) -> dict[str, Any]:
    """A pipeline comparison as a JSON-compatible document."""
    return json_document(
        {
            **envelope(),
            "document": "pipeline_comparison",
            "baseline": _body(c.baseline),
            "reform": _body(c.reform),
            "changes": [{"parameter": p.name, "baseline": p.baseline, "reform": p.reform} for p in c.changes],
            "moved": [attrs.asdict(m) for m in c.moved],
        }
    )


def read_pipeline(data: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """The fields of the pipeline :func:`pipeline_dict` wrote (or its JSON text)."""
    doc = json_object(data) if isinstance(data, str | bytes) else data
    try:
        _kind(doc, "pipeline")
        return _pipeline(doc, "")
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise DecisionFormatError(f"not a pipeline: {exc}") from None


def read_comparison(
    data: str | bytes | Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], tuple[ParamChange, ...], tuple[Moved, ...]]:
    """The two pipelines' fields, the changes and the moves :func:`comparison_dict` wrote."""
    doc = json_object(data) if isinstance(data, str | bytes) else data
    try:
        _kind(doc, "pipeline_comparison")
        return (
            _pipeline(_at(doc, "baseline", ""), "baseline"),
            _pipeline(_at(doc, "reform", ""), "reform"),
            _items(doc, "changes", "", _change),
            _items(doc, "moved", "", _moved),
        )
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise DecisionFormatError(f"not a pipeline comparison: {exc}") from None


def _kind(doc: Mapping[str, Any], kind: str) -> None:
    check_version(doc)
    if _text(doc, "document") != kind:
        raise ValueError(f"document: expected {kind!r}, got {doc.get('document')!r:.60}")


def _ints(d: Any, key: str, here: str) -> tuple[int, ...]:
    return _items(d, key, here, lambda v, h: _int({"v": v}, "v", h))


def _nums(d: Any, key: str, here: str) -> tuple[float, ...]:
    return _items(d, key, here, lambda v, h: _num({"v": v}, "v", h))


def _pipeline(d: Any, here: str) -> dict[str, Any]:
    months = _ints(d, "months", here)

    def series_of(r: Any, key: str, at: str) -> tuple[float, ...]:
        out = _nums(r, key, at)
        if len(out) != len(months):
            raise ValueError(f"{at}.{key}: expected one value per look ({len(months)}), got {len(out)}")
        return out

    def route(r: Any, at: str) -> RoutePipeline:
        return RoutePipeline(_text(r, "rule_id", at), series_of(r, "eligible", at))

    def grade(g: Any, at: str) -> GradePipeline:
        rows = _ints(g, "rows", at)
        if len(rows) != len(months):
            raise ValueError(f"{at}.rows: expected one value per look ({len(months)}), got {len(rows)}")
        return GradePipeline(
            _text(g, "grade", at),
            _int(g, "candidate_rows", at),
            _num(g, "candidates", at),
            rows,
            series_of(g, "eligible", at),
            _items(g, "routes", at, route),
        )

    return {
        "policy": _policy(d, "policy"),
        "on": document_date(_at(d, "on", here), f"{here}.on" if here else "on"),
        "months": months,
        "horizons": _ints(d, "horizons", here),
        "lead_months": _int(d, "lead_months", here),
        "rows": _int(d, "rows", here),
        "total_weight": _num(d, "total_weight", here),
        "grades": _items(d, "grades", here, grade),
        "skipped": _int(d, "skipped", here),
        "source": _text(d, "source", here),
    }


def _moved(d: Any, here: str) -> Moved:
    return Moved(
        _text(d, "grade", here),
        _int(d, "earlier_rows", here),
        _num(d, "earlier", here),
        _int(d, "later_rows", here),
        _num(d, "later", here),
    )
