"""The career plan: what a worker still needs, and by when, to reach each higher grade (issue 17).

A :class:`Plan` is a value like a decision: frozen, rendered through :mod:`skilleco._present`, and
written to and read back from JSON. :func:`skilleco.plan` builds one.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

import attrs

from .. import _present
from ..exceptions import DecisionFormatError
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

__all__ = ["Need", "NeedKind", "Plan", "PlanGrade", "PlanRoute", "PlanStep"]

NeedKind: TypeAlias = Literal["work", "certificate", "title", "school", "other", "unknown"]
"""What a route still needs: months of work, a certificate, a title, a school or degree record,
something else the records do not show (a competition, a contribution, a recognition), or a fact
not stated (``unknown``: what would settle it)."""


@attrs.frozen
class Need:
    """One thing a route still needs.

    Attributes:
        kind: see :data:`NeedKind`.
        fact: the fact that stands in the way (or is not stated).
        months: for ``work``, the months of work still needed.
    """

    kind: NeedKind
    fact: str
    months: int | None = None


@attrs.frozen
class PlanRoute:
    """One route of a grade's rule set, as it stands on the date asked.

    Attributes:
        rule_id: the route's rule id.
        status: ``yes``, ``no`` or ``unknown`` on the date asked.
        provenance: ``text``, ``secondary`` or ``modelled``.
        citation: ``<doc id> <clause>``.
        title_zh: the route's Chinese title.
        title_en: the route's English title.
        needs: what it still needs (empty when it holds).
        earliest: the first day it holds under the plan's assumptions (the certificates of the
            path's earlier steps added), ``None``: not by time and those certificates alone.
    """

    rule_id: str
    status: Literal["yes", "no", "unknown"]
    provenance: str
    citation: str
    title_zh: str
    title_en: str
    needs: tuple[Need, ...] = ()
    earliest: _dt.date | None = None


@attrs.frozen
class PlanGrade:
    """One higher grade: where it stands now, and the first day it may be applied for.

    Attributes:
        grade: the grade id.
        status: the decision's status on the date asked.
        earliest: the first day the worker may apply, under the plan's assumptions (``None``: not
            by time and the certificates below alone).
        via: the routes that hold on that day.
        routes: every route of the grade's rule set, as it stands on the date asked.
        missing_facts: the facts not stated that would settle the grade.
    """

    grade: str
    status: str
    earliest: _dt.date | None
    via: tuple[str, ...]
    routes: tuple[PlanRoute, ...]
    missing_facts: tuple[str, ...] = ()


@attrs.frozen
class PlanStep:
    """A dated step of the fastest path.

    Attributes:
        grade: the grade applied for.
        eligible_on: the first day the worker may apply for it.
        certificate_on: the day its certificate is assumed to be issued (``eligible_on`` plus the
            assessment lead time); ``None`` for the target (the path ends on being eligible).
        via: the routes that hold on ``eligible_on``.
    """

    grade: str
    eligible_on: _dt.date
    certificate_on: _dt.date | None
    via: tuple[str, ...]


@attrs.frozen
class Plan:
    """What a worker still needs, and by when, to reach each higher grade.

    Assumptions (stated in every output): the worker keeps working as now (an open work period
    continues; a closed one does not reopen), sits each level's assessment as soon as eligible for
    it, and is issued the certificate ``lead_months`` later. The lead time is ``modelled``: the
    policy texts give none.

    Attributes:
        subject_id: the worker id.
        on: the date asked about.
        policy_id: the policy id.
        reform_label: the reform label, if any.
        current_grade: the certificate grade held on ``on`` (``None``: none shown).
        target: the grade planned for (the highest on the worker's ladder when none was asked).
        lead_months: months from being eligible for a level to holding its certificate (modelled).
        grades: each grade above the current one up to the target, lowest first.
        steps: the fastest path, as dated steps up to the target; a grade that time and the
            certificates below do not reach is left out.
        reached: whether the path reaches the target.
        settles: the facts not stated that would settle the plan.
    """

    subject_id: str
    on: _dt.date
    policy_id: str
    reform_label: str | None
    current_grade: str | None
    target: str
    lead_months: int
    grades: tuple[PlanGrade, ...]
    steps: tuple[PlanStep, ...]
    reached: bool
    settles: tuple[str, ...] = ()

    def grade(self, grade_id: str) -> PlanGrade:
        """The entry for ``grade_id``."""
        for g in self.grades:
            if g.grade == grade_id:
                return g
        raise KeyError(f"no grade {grade_id!r} in the plan; grades: {[g.grade for g in self.grades]}")

    @property
    def target_date(self) -> _dt.date | None:
        """The first day the worker may apply for the target, under the assumptions."""
        return self.steps[-1].eligible_on if self.reached else None

    def text(self, lang: Lang = "en") -> str:
        """A plain-text summary (``zh`` or ``en``)."""
        return _present.text(self, "text", lang=lang)

    def markdown(self, lang: Lang = "en") -> str:
        """A Markdown summary."""
        return _present.text(self, "markdown", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        path = " → ".join(f"{short(s.grade)} {s.eligible_on.isoformat()}" for s in self.steps[:6])
        end = "" if self.reached else " (stops short)"
        return (
            f"<Plan {short(self.subject_id)} on {self.on.isoformat()} under {short(self.policy_id)}: "
            f"holds {short(self.current_grade or 'none')}, target {short(self.target)}: {path or '—'}{end}>"
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data; :meth:`from_dict` reads it back into an equal value."""
        return {**envelope(), **unstructure(self)}

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 kept): byte-identical for equal plans."""
        return json_text(self.to_dict(), indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Read a plan back from :meth:`to_dict` output.

        Raises:
            DecisionFormatError: the data is not a plan of a known format version.
        """
        try:
            check_version(data)
            body = {k: v for k, v in data.items() if k not in ENVELOPE_KEYS}
            return checked(
                cls(
                    **{
                        **body,
                        "on": document_date(body["on"], "on"),
                        "grades": tuple(_grade(g) for g in body["grades"]),
                        "steps": tuple(_step(s) for s in body["steps"]),
                        "settles": tuple(body.get("settles", ())),
                    }
                )
            )
        except DecisionFormatError as exc:
            raise DecisionFormatError(f"not a plan: {exc}") from None
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not a plan: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> Plan:
        """Read a plan back from :meth:`to_json` output."""
        return cls.from_dict(json_object(text))


def _date_or_none(value: object, field: str) -> _dt.date | None:
    return None if value is None else document_date(value, field)


def _grade(g: Mapping[str, Any]) -> PlanGrade:
    routes = tuple(
        PlanRoute(
            **{
                **r,
                "needs": tuple(Need(**n) for n in r["needs"]),
                "earliest": _date_or_none(r["earliest"], "earliest"),
            }
        )
        for r in g["routes"]
    )
    return PlanGrade(
        **{
            **g,
            "earliest": _date_or_none(g["earliest"], "earliest"),
            "via": tuple(g["via"]),
            "routes": routes,
            "missing_facts": tuple(g["missing_facts"]),
        }
    )


def _step(s: Mapping[str, Any]) -> PlanStep:
    return PlanStep(
        **{
            **s,
            "eligible_on": document_date(s["eligible_on"], "eligible_on"),
            "certificate_on": _date_or_none(s["certificate_on"], "certificate_on"),
            "via": tuple(s["via"]),
        }
    )
