"""A comparison of two policies over one population: counts, flips, attribution and cost.

A frozen value that converts to plain rows (``to_rows``), pandas or Polars frames, text, Markdown,
HTML (``_repr_html_``), JSON, and charts (``plot`` / ``save_chart``, the ``plot`` extra).

``to_dict`` is JSON-compatible whatever the comparison holds: parameter values with their dates as
ISO text at any depth, and a number that is not finite (an amount past the range of a 64-bit float)
as ``null``; ``to_json`` writes it with ``allow_nan=False`` (issue 15, L6 and M2).
"""

from __future__ import annotations

import datetime as _dt
import math
import statistics
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .. import _present
from ..decisions.documents import envelope, json_text
from ..exceptions import InputError
from .parts import (
    Attribution,
    CostLine,
    Flip,
    Lang,
    ParamChange,
    PolicyRef,
    StatusCount,
    Table,
    as_frame,
    exact_sum,
    json_document,
    plain_groups,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@attrs.frozen(eq=False)
class Comparison:
    """A baseline and a reform answered over one population on one date.

    Attributes:
        question: the question name (``next_grade``, ``grade:technician``, ``lead``, ...).
        question_en: a short English description.
        question_zh: a short Chinese description.
        statuses: the statuses the question can give, favourable first.
        on: the date asked about.
        baseline: the baseline policy.
        reform: the reform policy.
        changes: parameters whose values on ``on`` differ.
        changed_rules: rule ids added, dropped or changed.
        rows: the number of rows answered.
        total_weight: the sum of the row weights.
        counts: per status, rows and weighted counts under each policy.
        flips: every row whose status changed, in row order.
        attribution: flips per rule whose findings changed, largest first.
        cost: the certificate-subsidy cost line, when asked for.
        skipped: rows left out as invalid (``on_error="skip"``).
        source: what the population was read from.
    """

    question: str
    question_en: str
    question_zh: str
    statuses: tuple[str, ...]
    on: _dt.date
    baseline: PolicyRef
    reform: PolicyRef
    changes: tuple[ParamChange, ...]
    changed_rules: tuple[str, ...]
    rows: int
    total_weight: float
    counts: tuple[StatusCount, ...]
    flips: tuple[Flip, ...]
    attribution: tuple[Attribution, ...]
    cost: CostLine | None = None
    skipped: int = 0
    source: str = ""

    # --- views --------------------------------------------------------------------------------

    def count(self, status: str) -> StatusCount:
        """The counts for ``status`` (zero counts for a status no row has)."""
        for c in self.counts:
            if c.status == status:
                return c
        return StatusCount(status, 0, 0, 0.0, 0.0)

    @property
    def flipped_weight(self) -> float:
        """The weighted number of flips."""
        return sum(f.weight for f in self.flips)

    @property
    def weighted(self) -> bool:
        """Whether rows stand for more (or fewer) subjects than one each: a weighted sample."""
        return any(f.weight != 1.0 for f in self.flips) or not math.isclose(self.total_weight, self.rows)

    def net_gain_interval(self, confidence: float = 0.95) -> tuple[float, float, float]:
        """The weighted net number of subjects the reform moves to a more favourable status, and the
        bounds of its confidence interval as a weighted sample's estimate of the population's.

        Each row is one draw standing for ``weight`` subjects (weights as inverse inclusion
        probabilities, drawn with replacement: the Hansen–Hurwitz estimator); the interval is the
        normal approximation. For a population counted in full (every weight 1) it is exact, and the
        bounds equal the estimate.

        Raises:
            ValueError: ``confidence`` is not between 0 and 1.
        """
        if not 0 < confidence < 1:
            raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
        z = [f.weight if f.gained else -f.weight for f in self.flips]
        net = exact_sum(z)
        n = self.rows
        if not self.weighted or n < 2:
            return net, net, net
        spread = (exact_sum(x * x for x in z) - net * net / n) * n / (n - 1)
        half = statistics.NormalDist().inv_cdf(0.5 + confidence / 2) * math.sqrt(max(spread, 0.0))
        return net, net - half, net + half

    @property
    def flip_ids(self) -> tuple[str, ...]:
        """The subject ids of the flips, in row order."""
        return tuple(f.subject_id for f in self.flips)

    def transitions(self) -> dict[tuple[str, str], float]:
        """Weighted flips by ``(before, after)``."""
        out: dict[tuple[str, str], float] = {}
        for f in self.flips:
            out[(f.before, f.after)] = out.get((f.before, f.after), 0.0) + f.weight
        return out

    def flips_by(self, label: str) -> dict[str, dict[str, float]]:
        """Weighted flips per value of a group label (``target``, ``grade``, ``region``...).

        Returns:
            ``{value: {"gained": w, "lost": w}}``; rows without the label count under ``"—"``.

        Raises:
            InputError: no flip carries ``label`` while there are flips (naming the labels there are).
        """
        known = {k for f in self.flips for k in f.groups}
        if self.flips and label not in known:
            raise InputError(
                "arguments",
                [
                    {
                        "loc": ("by",),
                        "input": label,
                        "type": "unknown_label",
                        "msg": f"expected one of {sorted(known)}",
                    }
                ],
            )
        out: dict[str, dict[str, float]] = {}
        for f in self.flips:
            acc = out.setdefault(f.groups.get(label, "—"), {"gained": 0.0, "lost": 0.0})
            acc["gained" if f.gained else "lost"] += f.weight
        return out

    # --- tables -------------------------------------------------------------------------------

    def to_rows(self, table: Table = "counts") -> list[dict[str, Any]]:
        """A table as plain rows: ``counts``, ``flips``, ``attribution``, ``changes`` or ``cost``."""
        if table == "counts":
            return [
                {
                    "status": c.status,
                    "baseline": c.baseline,
                    "reform": c.reform,
                    "change": c.change,
                    "baseline_rows": c.baseline_rows,
                    "reform_rows": c.reform_rows,
                }
                for c in self.counts
            ]
        if table == "flips":
            return [
                {
                    "subject_id": f.subject_id,
                    "row": f.row,
                    "weight": f.weight,
                    "before": f.before,
                    "after": f.after,
                    "rules": ",".join(f.rules),
                    **plain_groups(f.groups),
                }
                for f in self.flips
            ]
        if table == "attribution":
            return [attrs.asdict(a) for a in self.attribution]
        if table == "changes":
            return [{"parameter": p.name, "baseline": p.baseline, "reform": p.reform} for p in self.changes]
        if table == "cost":
            if self.cost is None:
                return []
            return [
                {
                    "grade": g,
                    "baseline_eligible": be,
                    "baseline_yuan": ba,
                    "reform_eligible": re_,
                    "reform_yuan": ra,
                    "change_yuan": ra - ba,
                }
                for g, be, ba, re_, ra in self.cost.by_grade
            ]
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("table",),
                    "input": table,
                    "type": "unknown_table",
                    "msg": "expected counts, flips, attribution, changes or cost",
                }
            ],
        )

    def to_pandas(self, table: Table = "counts") -> Any:
        """A table as a pandas DataFrame (the ``frames`` extra)."""
        return as_frame(self.to_rows(table), "pandas")

    def to_polars(self, table: Table = "counts") -> Any:
        """A table as a Polars DataFrame (the ``frames`` extra)."""
        return as_frame(self.to_rows(table), "polars")

    # --- output -------------------------------------------------------------------------------

    def text(self, lang: Lang = "en", *, top: int = 10) -> str:
        """A plain-text summary: counts, flips, attribution and cost."""
        return _present.text(self, "text", lang=lang, top=top)

    def markdown(self, lang: Lang = "en", *, top: int = 10) -> str:
        """A Markdown summary with tables."""
        return _present.text(self, "markdown", lang=lang, top=top)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data (every table, the policies and the question).

        Parameter values have their dates as ISO text and their lists as lists; a number that is
        not finite (a sum past the range of a 64-bit float) is ``None``.
        """
        return json_document(
            {
                **envelope(),
                "question": self.question,
                "on": self.on.isoformat(),
                "baseline": attrs.asdict(self.baseline),
                "reform": attrs.asdict(self.reform),
                "rows": self.rows,
                "total_weight": self.total_weight,
                "skipped": self.skipped,
                "source": self.source,
                "changed_rules": list(self.changed_rules),
                **{t: self.to_rows(t) for t in ("changes", "counts", "flips", "attribution")},
                "cost": None
                if self.cost is None
                else {
                    "baseline": self.cost.baseline,
                    "reform": self.cost.reform,
                    "delta": self.cost.delta,
                    "take_up": self.cost.take_up,
                    "by_grade": self.to_rows("cost"),
                    "parameters": [
                        dict(zip(("policy", "name", "value", "provenance", "citation"), p, strict=True))
                        for p in self.cost.parameters
                    ],
                },
            }
        )

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 kept): always valid JSON (no ``NaN`` or ``Infinity``)."""
        return json_text(self.to_dict(), indent)

    def plot(
        self, kind: Literal["counts", "flips"] = "counts", *, by: str = "target", lang: Lang = "en"
    ) -> Figure:
        """A chart: ``counts`` (baseline vs reform per status) or ``flips`` (gained/lost per ``by``)."""
        return _present.figure(self, kind=kind, by=by, lang=lang)

    def save_chart(
        self,
        path: str | Path,
        kind: Literal["counts", "flips"] = "counts",
        *,
        by: str = "target",
        lang: Lang = "en",
    ) -> Path:
        """Draw :meth:`plot` and save it (``.png`` or ``.svg``); returns the path."""
        return _present.chart_file(self, path, kind=kind, by=by, lang=lang)
