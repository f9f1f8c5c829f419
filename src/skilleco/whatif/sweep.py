"""A parameter sweep: one policy answered at several values of one parameter.

``to_dict`` is JSON-compatible as a comparison's is (:mod:`skilleco.whatif.comparison`): values with
their dates as ISO text at any depth, a number that is not finite as ``null`` (issue 15, L6, M2);
``from_dict`` / ``from_json`` read it back into an equal value. ``repr()`` is a shape line and a head.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .. import _present
from ..decisions.documents import envelope, json_object, json_text
from ..decisions.reprs import align, count, short
from ..exceptions import DecisionFormatError
from .documents import sweep_fields
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


@attrs.frozen(unsafe_hash=False)
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

    def __repr__(self) -> str:
        """A shape line (parameter, values, question, date, policy, rows) and the first values' counts."""
        lines = [
            f"<Sweep {short(self.parameter)} over {len(self.points)} values: {short(self.question)} on "
            f"{self.on.isoformat()} under {short(self.policy.display_id)}; {self.rows:,} rows>"
        ]
        statuses = [s for s in self.statuses if any(p.counts.get(s) for p in self.points)][:6]
        rows = [
            [
                short(p.value, 16) + (" *" if p.value == self.current else ""),
                *(count(p.counts.get(s, 0.0)) for s in statuses),
            ]
            for p in self.points[:8]
        ]
        lines += align(["value", *statuses], rows)
        if len(self.points) > 8:
            lines.append(f"  … {len(self.points) - 8} more values")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data (dates as ISO text, a number that is not finite as ``None``):
        each point's value, weighted counts and rows per status, and cost (``costed`` says whether
        costs were computed, so that a ``null`` cost past the range of a float reads back as ``inf``)."""
        return json_document(
            {
                **envelope(),
                "question": self.question,
                "question_en": self.question_en,
                "question_zh": self.question_zh,
                "statuses": list(self.statuses),
                "on": self.on.isoformat(),
                "policy": attrs.asdict(self.policy),
                "parameter": self.parameter,
                "current": self.current,
                "rows": self.rows,
                "total_weight": self.total_weight,
                "source": self.source,
                "costed": any(p.cost is not None for p in self.points),
                "points": [
                    {"value": p.value, "counts": dict(p.counts), "rows": dict(p.rows), "cost": p.cost}
                    for p in self.points
                ],
            }
        )

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 kept): always valid JSON (no ``NaN`` or ``Infinity``)."""
        return json_text(self.to_dict(), indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sweep:
        """Read a sweep back from :meth:`to_dict` output (an equal value; a ``null`` number, a sum
        past the range of a float, reads as ``inf``).

        Raises:
            DecisionFormatError: the data is not a sweep document of a known format version, naming
                the field that is off.
        """
        try:
            fields = sweep_fields(data)
            return cls(**{**fields, "points": tuple(SweepPoint(*p) for p in fields["points"])})
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not a sweep: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> Sweep:
        """Read a sweep back from :meth:`to_json` output."""
        return cls.from_dict(json_object(text))

    def plot(self, *, lang: Lang = "en") -> Figure:
        """The sweep curve: one line per status over the values, the current value marked."""
        return _present.figure(self, lang=lang)

    def save_chart(self, path: str | Path, *, lang: Lang = "en") -> Path:
        """Draw :meth:`plot` and save it (``.png`` or ``.svg``); returns the path."""
        return _present.chart_file(self, path, lang=lang)
