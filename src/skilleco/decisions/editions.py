"""Edition comparisons: the same chain-lead candidate assessed under several editions, side by side."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from .. import _present
from ..exceptions import DecisionFormatError
from .decision import Decision, Status
from .documents import check_version, document_date, envelope, json_object, json_text
from .finding import Lang
from .reprs import listing, short
from .typecheck import checked

__all__ = ["EditionComparison"]


@attrs.frozen
class EditionComparison:
    """The same chain-lead candidate assessed under several editions, side by side.

    Attributes:
        subject_id: the candidate.
        on: the date asked about.
        decisions: one decision per edition, in the order asked.
    """

    subject_id: str
    on: _dt.date
    decisions: tuple[Decision, ...]

    def decision(self, policy_id: str) -> Decision:
        """The decision under ``policy_id``."""
        for d in self.decisions:
            if d.policy_id == policy_id:
                return d
        raise KeyError(f"no decision under {policy_id!r}; policies: {[d.policy_id for d in self.decisions]}")

    @property
    def statuses(self) -> dict[str, Status]:
        """Each edition's status, by policy id."""
        return {d.policy_id: d.status for d in self.decisions}

    @property
    def agree(self) -> bool:
        """Whether every edition gives the same status."""
        return len(set(self.statuses.values())) <= 1

    @property
    def by_status(self) -> dict[str, tuple[str, ...]]:
        """Policy ids grouped by the status they give: where the editions differ."""
        out: dict[str, tuple[str, ...]] = {}
        for d in self.decisions:
            out[d.status] = (*out.get(d.status, ()), d.policy_id)
        return out

    def text(self, lang: Lang = "en") -> str:
        """A plain-text table: edition, status, deciding rules."""
        return _present.text(self, "text", lang=lang)

    def markdown(self, lang: Lang = "en") -> str:
        """A Markdown table: edition, status, deciding rules."""
        return _present.text(self, "markdown", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        """A shape line (subject, date, editions, whether they agree) and each edition's status."""
        agree = "they agree" if self.agree else "they differ"
        lines = [
            f"<EditionComparison {short(self.subject_id)} on {self.on.isoformat()}: "
            f"{len(self.decisions)} editions, {agree}>"
        ]
        for d in self.decisions[:8]:
            policy = short(d.policy_id) + (f" [{short(d.reform_label)}]" if d.reform_label else "")
            lines.append(f"  {policy}: {d.status} by {listing(d.deciding, 2)}")
        if len(self.decisions) > 8:
            lines.append(f"  … {len(self.decisions) - 8} more editions")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data, with ``statuses`` alongside."""
        return {
            **envelope(),
            "subject_id": self.subject_id,
            "on": self.on.isoformat(),
            "decisions": [d.to_dict() for d in self.decisions],
            "statuses": self.statuses,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 characters kept)."""
        return json_text(self.to_dict(), indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EditionComparison:
        """Read a comparison back from :meth:`to_dict` output."""
        try:
            check_version(data)
            return checked(
                cls(
                    subject_id=data["subject_id"],
                    on=document_date(data["on"], "on"),
                    decisions=tuple(Decision.from_dict(d) for d in data["decisions"]),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not an edition comparison: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> EditionComparison:
        """Read a comparison back from :meth:`to_json` output."""
        return cls.from_dict(json_object(text))
