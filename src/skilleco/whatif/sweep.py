"""A parameter sweep: one policy answered at several values of one parameter.

``to_dict`` is JSON-compatible as a comparison's is (:mod:`skilleco.whatif.comparison`): values with
their dates as ISO text at any depth, a number that is not finite as ``null`` (issue 15, L6, M2).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .. import _present
from ..decisions.documents import envelope, json_text
from .parts import Lang, PolicyRef, as_frame, json_document

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@attrs.frozen
class SweepPoint:
    """The outcome at one parameter value: weighted counts and rows per status, and the cost."""

    value: object
    counts: Mapping[str, float]
    rows: Mapping[str, int]
    cost: float | None = None


@attrs.frozen(eq=False)
class Sweep:
    """Outcome counts as one parameter moves through values (each a reform of one policy).

    Attributes:
        question: the question name.
        question_en: a short English description.
        question_zh: a short Chinese description.
        statuses: the statuses the question can give, favourable first.
        on: the date asked about.
        policy: the policy swept.
        parameter: the parameter moved.
        current: its value in the policy on ``on``.
        points: one point per value, in the order given.
        rows: the number of rows answered.
        total_weight: the sum of the row weights.
        source: what the population was read from.
    """

    question: str
    question_en: str
    question_zh: str
    statuses: tuple[str, ...]
    on: _dt.date
    policy: PolicyRef
    parameter: str
    current: object
    points: tuple[SweepPoint, ...]
    rows: int
    total_weight: float
    source: str = ""

    @property
    def values(self) -> tuple[object, ...]:
        """The parameter values, in order."""
        return tuple(p.value for p in self.points)

    def series(self, status: str) -> tuple[float, ...]:
        """The weighted count of ``status`` at each value."""
        return tuple(p.counts.get(status, 0.0) for p in self.points)

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per value: the value, a weighted count per status, and the cost if computed."""
        statuses = [s for s in self.statuses if any(s in p.counts for p in self.points)]
        out = []
        for p in self.points:
            row: dict[str, Any] = {self.parameter: p.value, **{s: p.counts.get(s, 0.0) for s in statuses}}
            if p.cost is not None:
                row["cost_yuan"] = p.cost
            out.append(row)
        return out

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (the ``frames`` extra)."""
        return as_frame(self.to_rows(), "pandas")

    def to_polars(self) -> Any:
        """The table as a Polars DataFrame (the ``frames`` extra)."""
        return as_frame(self.to_rows(), "polars")

    def text(self, lang: Lang = "en") -> str:
        """A plain-text table."""
        return _present.text(self, "text", lang=lang)

    def markdown(self, lang: Lang = "en") -> str:
        """A Markdown table."""
        return _present.text(self, "markdown", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data (dates as ISO text, a number that is not finite as ``None``)."""
        return json_document(
            {
                **envelope(),
                "question": self.question,
                "on": self.on.isoformat(),
                "policy": attrs.asdict(self.policy),
                "parameter": self.parameter,
                "current": self.current,
                "rows": self.rows,
                "total_weight": self.total_weight,
                "source": self.source,
                "points": self.to_rows(),
            }
        )

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 kept): always valid JSON (no ``NaN`` or ``Infinity``)."""
        return json_text(self.to_dict(), indent)

    def plot(self, *, lang: Lang = "en") -> Figure:
        """The sweep curve: one line per status over the values, the current value marked."""
        return _present.figure(self, lang=lang)

    def save_chart(self, path: str | Path, *, lang: Lang = "en") -> Path:
        """Draw :meth:`plot` and save it (``.png`` or ``.svg``); returns the path."""
        return _present.chart_file(self, path, lang=lang)
