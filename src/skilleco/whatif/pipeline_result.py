"""The pipeline of a population (issue 17): how many workers become eligible for each certificate
grade within so many months, per route, under one policy (:class:`Pipeline`) or two
(:class:`PipelineComparison`).

Both are plain values: JSON in and out (``to_json``/``from_json``, the schema in
:mod:`skilleco.whatif.schema`), text in English or Chinese, Markdown, HTML in a notebook, frames
with the ``frames`` extra and a chart with the ``plot`` extra.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .. import _present
from ..decisions.reprs import align, count, short
from .parts import ParamChange, PolicyRef
from .pipeline_documents import comparison_dict, pipeline_dict, read_comparison, read_pipeline
from .pipeline_parts import GradePipeline, Moved, RoutePipeline

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["GradePipeline", "Moved", "Pipeline", "PipelineComparison", "RoutePipeline"]

Frame = Literal["grades", "routes"]
Lang = Literal["en", "zh"]


@attrs.frozen
class Pipeline:
    """How many workers become eligible for each certificate grade, look by look, under one policy.

    Attributes:
        policy: the policy that answered.
        on: the date asked about (look 0).
        months: the looks, in months after ``on``.
        horizons: the looks reported in tables (6, 12, 24, 36 by default).
        lead_months: months from being eligible to holding the certificate (``modelled``).
        rows: workers read; total_weight: their weighted count.
        grades: one per certificate grade any worker is below, up the ladder.
        skipped: rows left out by ``on_error="skip"``; source: what was read.
    """

    policy: PolicyRef
    on: _dt.date
    months: tuple[int, ...]
    horizons: tuple[int, ...]
    lead_months: int
    rows: int
    total_weight: float
    grades: tuple[GradePipeline, ...]
    skipped: int = 0
    source: str = ""

    def grade(self, grade_id: str) -> GradePipeline:
        """One grade's pipeline (``KeyError`` when no worker is below it)."""
        for g in self.grades:
            if g.grade == grade_id:
                return g
        raise KeyError(grade_id)

    def eligible(self, grade_id: str, months: int) -> float:
        """The weighted workers first eligible for ``grade_id`` within ``months`` (a look)."""
        return self.grade(grade_id).eligible[self.months.index(months)]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (``skilleco.whatif.schema``: ``pipeline``)."""
        return pipeline_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Any]) -> Pipeline:
        """Read back what :meth:`to_json` wrote."""
        return cls(**read_pipeline(data))

    def text(self, lang: Lang = "en") -> str:
        """Plain text: a table of the grades by horizon, then the routes."""
        return _present.text(self, "text", lang=lang)

    def markdown(self, lang: Lang = "en") -> str:
        """Markdown tables."""
        return _present.text(self, "markdown", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        """A shape line (policy, date, looks, rows) and first eligibility by grade at the horizons."""
        head = (
            f"<Pipeline under {short(self.policy.display_id)} on {self.on.isoformat()}: "
            f"{len(self.months)} looks to {self.months[-1]} months, {self.rows:,} rows>"
        )
        return "\n".join([head, *_head_table(self)])

    def to_polars(self, what: Frame = "grades") -> Any:
        """A long frame: ``grades`` (grade, month, rows, eligible, candidates) or ``routes``
        (grade, rule_id, month, eligible)."""
        import polars as pl

        return pl.DataFrame(self.to_rows(what))

    def to_pandas(self, what: Frame = "grades") -> Any:
        """:meth:`to_polars` as a pandas frame."""
        import pandas as pd

        return pd.DataFrame(self.to_rows(what))

    def to_rows(self, what: Frame = "grades") -> list[dict[str, Any]]:
        """:meth:`to_polars`'s rows as dicts."""
        if what == "grades":
            return [
                {"grade": g.grade, "month": m, "rows": n, "eligible": e, "candidates": g.candidates}
                for g in self.grades
                for m, n, e in zip(self.months, g.rows, g.eligible, strict=True)
            ]
        if what == "routes":
            return [
                {"grade": g.grade, "rule_id": r.rule_id, "month": m, "eligible": e}
                for g in self.grades
                for r in g.routes
                for m, e in zip(self.months, r.eligible, strict=True)
            ]
        raise ValueError(f"expected 'grades' or 'routes', got {what!r}")

    def plot(self, *, lang: Lang = "en") -> Figure:
        """Eligible workers by grade over the looks (the ``plot`` extra)."""
        return _present.figure(self, lang=lang)


@attrs.frozen
class PipelineComparison:
    """A population's pipeline under a baseline and a reform, and who moves.

    Attributes:
        baseline, reform: the two pipelines (same looks and population).
        changes: the parameters whose values on the date differ.
        moved: per grade, the workers eligible sooner or later under the reform.
    """

    baseline: Pipeline
    reform: Pipeline
    changes: tuple[ParamChange, ...]
    moved: tuple[Moved, ...]

    def delta(self, grade_id: str, months: int) -> float:
        """Reform minus baseline: the weighted workers first eligible for ``grade_id`` within ``months``."""
        return _eligible(self.reform, grade_id, months) - _eligible(self.baseline, grade_id, months)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-compatible dict (``skilleco.whatif.schema``: ``pipeline_comparison``)."""
        return comparison_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Any]) -> PipelineComparison:
        """Read back what :meth:`to_json` wrote."""
        a, b, changes, moved = read_comparison(data)
        return cls(Pipeline(**a), Pipeline(**b), changes, moved)

    def text(self, lang: Lang = "en") -> str:
        """Plain text: baseline, reform and the change by grade and horizon, then who moves."""
        return _present.text(self, "text", lang=lang)

    def markdown(self, lang: Lang = "en") -> str:
        """Markdown tables."""
        return _present.text(self, "markdown", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        """A shape line (both policies, date, rows) and each side's head (:meth:`Pipeline.__repr__`)."""
        a, b = self.baseline, self.reform
        head = (
            f"<PipelineComparison on {a.on.isoformat()}: {short(a.policy.display_id)} vs "
            f"{short(b.policy.display_id)}, {a.rows:,} rows>"
        )
        return "\n".join([head, "  baseline", *_head_table(a, "    "), "  reform", *_head_table(b, "    ")])

    def to_polars(self, what: Frame = "grades") -> Any:
        """Both pipelines' long frames (:meth:`Pipeline.to_polars`) with a ``policy`` column
        (``baseline``/``reform``)."""
        import polars as pl

        return pl.DataFrame(self.to_rows(what))

    def to_pandas(self, what: Frame = "grades") -> Any:
        """:meth:`to_polars` as a pandas frame."""
        import pandas as pd

        return pd.DataFrame(self.to_rows(what))

    def to_rows(self, what: Frame = "grades") -> list[dict[str, Any]]:
        """:meth:`to_polars`'s rows as dicts."""
        return [
            {"policy": side, **row}
            for side, p in (("baseline", self.baseline), ("reform", self.reform))
            for row in p.to_rows(what)
        ]

    def plot(self, *, lang: Lang = "en") -> Figure:
        """Eligible workers by grade over the looks, baseline solid and reform dashed."""
        return _present.figure(self, lang=lang)


def _eligible(p: Pipeline, grade_id: str, months: int) -> float:
    try:
        return p.eligible(grade_id, months)
    except KeyError:
        return 0.0


def _head_table(p: Pipeline, indent: str = "  ") -> list[str]:
    """The grades' first eligibilities at the first six horizons, as a small table."""
    horizons = p.horizons[:6]
    rows = [[short(g.grade, 20), *(count(g.eligible[p.months.index(h)]) for h in horizons)] for g in p.grades]
    return align(["grade", *(f"{h} mo" for h in horizons)], rows, indent) if rows else [f"{indent}no grade"]
