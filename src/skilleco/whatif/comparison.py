"""A comparison of two policies over one population: counts, flips, attribution and cost.

A frozen value that converts to plain rows (``to_rows``), pandas or Polars frames, text, Markdown,
HTML (``_repr_html_``), JSON, and charts (``plot`` / ``save_chart``, the ``plot`` extra).

``to_dict`` is JSON-compatible whatever the comparison holds: parameter values with their dates as
ISO text at any depth, and a number that is not finite (an amount past the range of a 64-bit float)
as ``null``; ``to_json`` writes it with ``allow_nan=False`` (issue 15, L6 and M2). ``from_dict`` /
``from_json`` read it back into an equal value (the per-subject table aside: it is not part of the
document). ``repr()`` is a shape line and a head, like a frame's.
"""

from __future__ import annotations

import datetime as _dt
import math
import statistics
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .. import _present
from ..decisions.documents import envelope, json_object, json_text
from ..decisions.reprs import align, count, listing, short
from ..exceptions import DecisionFormatError, InputError
from .documents import comparison_fields
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
from .subjects import SubjectTable, no_table_error

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@attrs.frozen(unsafe_hash=False)
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

    The per-subject table (``to_polars("subjects")``), when kept, is not a field: it takes no part
    in equality, and a comparison read back from JSON has none.
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
    _subjects: SubjectTable | None = attrs.field(default=None, eq=False, repr=False, alias="subjects")

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
        """Weighted flips by ``(baseline_status, reform_status)``."""
        out: dict[tuple[str, str], float] = {}
        for f in self.flips:
            key = (f.baseline_status, f.reform_status)
            out[key] = out.get(key, 0.0) + f.weight
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
        """A table as plain rows: ``counts``, ``flips``, ``attribution``, ``changes``, ``cost``, or
        ``subjects`` (one row per subject, see :meth:`to_polars`)."""
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
                    "baseline_status": f.baseline_status,
                    "reform_status": f.reform_status,
                    "rules": list(f.rules),
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
        if table == "subjects":
            return self._table().rows()
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("table",),
                    "input": table,
                    "type": "unknown_table",
                    "msg": "expected counts, flips, attribution, changes, cost or subjects",
                }
            ],
        )

    def _table(self) -> SubjectTable:
        if self._subjects is None:
            raise no_table_error()
        return self._subjects

    @property
    def has_subjects(self) -> bool:
        """Whether the per-subject table is kept (``to_polars("subjects")``)."""
        return self._subjects is not None

    def to_pandas(self, table: Table = "counts") -> Any:
        """A table as a pandas DataFrame (the ``frames`` extra); ``subjects``: statuses as ordered
        ``Categorical`` (favourable first), deciding rules and missing facts as lists."""
        if table == "subjects":
            return self._table().pandas()
        return as_frame(self.to_rows(table), "pandas")

    def to_polars(self, table: Table = "counts") -> Any:
        """A table as a Polars DataFrame (the ``frames`` extra).

        ``subjects`` is one row per subject, in population order, to join back to the data it came
        from (on ``subject_id``, or ``row``): ``subject_id``, ``row``, ``weight``, the population's
        group columns, for grade questions ``target`` and ``grade`` (held), ``baseline_status`` and
        ``reform_status`` (a ``pl.Enum`` of :attr:`statuses`, favourable first), ``flipped``,
        ``baseline_deciding`` / ``reform_deciding`` (the rules that decided, ``List(String)``) and
        ``baseline_missing`` / ``reform_missing`` (the facts that would settle an ``undetermined``).

        Raises:
            InputError: ``subjects`` of a comparison that keeps none (``compare(..., subjects=False)``,
                or read back from JSON).
        """
        if table == "subjects":
            return self._table().polars()
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

    def __repr__(self) -> str:
        """A shape line (question, date, policies, rows, flips), the counts and the first flips."""
        lines = [
            f"<Comparison {short(self.question)} on {self.on.isoformat()}: {short(self.baseline.display_id)}"
            f" vs {short(self.reform.display_id)}; {self.rows:,} rows, {len(self.flips):,} flips>"
        ]
        shown = [c for c in self.counts if c.baseline_rows or c.reform_rows][:8]
        rows = [[c.status, count(c.baseline), count(c.reform), _signed(c.change)] for c in shown]
        lines += align(["status", "baseline", "reform", "change"], rows)
        for f in self.flips[:3]:
            change = f"{f.baseline_status} → {f.reform_status}"
            lines.append(f"  {short(f.subject_id, 24)}: {change} by {listing(f.rules, 1)}")
        if len(self.flips) > 3:
            lines.append(f"  … {len(self.flips) - 3:,} more flips")
        return "\n".join(lines)

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
                "question_en": self.question_en,
                "question_zh": self.question_zh,
                "statuses": list(self.statuses),
                "baseline": attrs.asdict(self.baseline),
                "reform": attrs.asdict(self.reform),
                "rows": self.rows,
                "total_weight": self.total_weight,
                "skipped": self.skipped,
                "source": self.source,
                "changed_rules": list(self.changed_rules),
                **{t: self.to_rows(t) for t in ("changes", "counts", "attribution")},
                "flips": [
                    {
                        "subject_id": f.subject_id,
                        "row": f.row,
                        "weight": f.weight,
                        "baseline_status": f.baseline_status,
                        "reform_status": f.reform_status,
                        "rules": list(f.rules),
                        "groups": plain_groups(f.groups),
                    }
                    for f in self.flips
                ],
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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Comparison:
        """Read a comparison back from :meth:`to_dict` output (an equal value, with no per-subject
        table); a ``null`` number (a sum past the range of a float) reads as ``inf``.

        Raises:
            DecisionFormatError: the data is not a comparison document of a known format version,
                naming the field that is off.
        """
        try:
            return cls(**comparison_fields(data))
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not a comparison: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> Comparison:
        """Read a comparison back from :meth:`to_json` output."""
        return cls.from_dict(json_object(text))

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


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + count(x)
