"""The grade profile: where a worker stands on the ladder, and a decision per grade above."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from .. import _present
from .decision import Decision
from .documents import envelope, unstructure
from .finding import Lang

__all__ = ["GradeProfile"]


@attrs.frozen
class GradeProfile:
    """Where a worker stands on the ladder and what comes next.

    Attributes:
        subject_id: the worker id.
        on: the date asked about.
        policy_id: the policy id.
        reform_label: the reform label, if any.
        current_grade: the grade held (the higher of certificates, posts and a valid direct
            recognition), as far as the records show; ``None`` if none is shown.
        current_known: whether the records settle it (``False``: a part not stated could raise it).
        next_grade: the next grade up the ladder.
        decisions: one decision per grade above the current one, lowest first.
    """

    subject_id: str
    on: _dt.date
    policy_id: str
    reform_label: str | None
    current_grade: str | None
    current_known: bool
    next_grade: str | None
    decisions: tuple[Decision, ...]

    def decision(self, target: str) -> Decision:
        """The decision for ``target``."""
        for d in self.decisions:
            if d.target == target:
                return d
        raise KeyError(f"no decision for {target!r}; targets: {[d.target for d in self.decisions]}")

    @property
    def earliest_dates(self) -> dict[str, _dt.date | None]:
        """For each higher grade, the date it becomes reachable by time alone (today if already)."""
        return {
            str(d.target): (self.on if d.status == "eligible" else d.earliest_date) for d in self.decisions
        }

    def text(self, lang: Lang = "en") -> str:
        """A plain-text summary."""
        return _present.text(self, "text", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data."""
        out = unstructure(self)
        out["decisions"] = [d.to_dict() for d in self.decisions]
        return {**envelope(), **out}
