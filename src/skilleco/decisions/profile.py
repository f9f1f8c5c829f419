"""The grade profile: where a worker stands on the ladder, and a decision per grade above."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from .. import _present
from ..exceptions import DecisionFormatError
from .decision import Decision
from .documents import (
    ENVELOPE_KEYS,
    check_version,
    document_date,
    envelope,
    json_object,
    json_text,
    unstructure,
)
from .finding import Lang
from .reprs import short
from .typecheck import checked

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

    def __repr__(self) -> str:
        """A shape line (worker, date, policy, grade held, next grade) and one line per grade above."""
        policy = short(self.policy_id) + (f" [{short(self.reform_label)}]" if self.reform_label else "")
        held = short(self.current_grade or "none") + ("" if self.current_known else " (or higher)")
        lines = [
            f"<GradeProfile {short(self.subject_id)} on {self.on.isoformat()} under {policy}: "
            f"holds {held}, next {short(self.next_grade or '—')}, {len(self.decisions)} grades above>"
        ]
        for d in self.decisions[:8]:
            when = self.earliest_dates.get(str(d.target))
            tail = f", earliest {when.isoformat()}" if when is not None and d.status != "eligible" else ""
            lines.append(f"  {short(d.target or '—')}: {d.status}{tail}")
        if len(self.decisions) > 8:
            lines.append(f"  … {len(self.decisions) - 8} more grades")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data; :meth:`from_dict` reads it back into an equal value."""
        out = unstructure(self)
        out["decisions"] = [d.to_dict() for d in self.decisions]
        return {**envelope(), **out}

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 characters kept): byte-identical for equal profiles."""
        return json_text(self.to_dict(), indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeProfile:
        """Read a profile back from :meth:`to_dict` output.

        Raises:
            DecisionFormatError: the data is not a grade profile of a known format version, or not
                one the library could have written: a decision that is not (see
                :meth:`Decision.from_dict <skilleco.decisions.Decision.from_dict>`), a decision about
                another worker, date or policy, or a next grade that is not the first grade decided.
        """
        try:
            check_version(data)
            body = {k: v for k, v in data.items() if k not in ENVELOPE_KEYS}
            profile = checked(
                cls(
                    **{
                        **body,
                        "on": document_date(body["on"], "on"),
                        "decisions": tuple(Decision.from_dict(d) for d in body["decisions"]),
                    }
                )
            )
            _check_profile(profile)
            return profile
        except DecisionFormatError as exc:
            raise DecisionFormatError(f"not a grade profile: {exc}") from None
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not a grade profile: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> GradeProfile:
        """Read a profile back from :meth:`to_json` output."""
        return cls.from_dict(json_object(text))


def _check_profile(p: GradeProfile) -> None:
    """Each decision is about the profile's worker, date and policy; the next grade is the first decided."""
    for i, d in enumerate(p.decisions):
        if (d.subject_id, d.on, d.policy_id, d.reform_label) != (
            p.subject_id,
            p.on,
            p.policy_id,
            p.reform_label,
        ):
            raise ValueError(f"decisions[{i}]: about another worker, date or policy than the profile")
    first = p.decisions[0].target if p.decisions else None
    if p.next_grade != first:
        raise ValueError(f"next_grade {p.next_grade!r} is not the first grade decided ({first!r})")
