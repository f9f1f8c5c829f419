"""Exit reports: the exit scenarios checked over a chain's units, and the records behind what triggered."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from .. import _present
from ..exceptions import DecisionFormatError
from .decision import Decision, Status
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
from .reprs import listing, short
from .status import overall
from .typecheck import checked

__all__ = ["Evidence", "ExitReport", "UnitExit"]


@attrs.frozen
class Evidence:
    """A record behind a triggered exit scenario.

    Attributes:
        unit_id: the unit the record belongs to.
        rule_id: the scenario it triggered.
        facts: the facts the rule read that rest on it.
        record: where the record is in the unit's data (``violations[2]``).
        kind: what the record is.
        on: its date.
    """

    unit_id: str
    rule_id: str
    facts: tuple[str, ...]
    record: str
    kind: str
    on: _dt.date


@attrs.frozen
class UnitExit:
    """The exit check of one unit of a chain: its decision, and the evidence for what triggered."""

    unit_id: str
    is_lead: bool
    role: str | None
    decision: Decision
    evidence: tuple[Evidence, ...] = ()

    @property
    def status(self) -> Status:
        """``retain``, ``exit`` or ``undetermined``."""
        return self.decision.status

    @property
    def triggered(self) -> tuple[str, ...]:
        """The scenarios triggered (rule ids)."""
        return tuple(f.rule_id for f in self.decision.findings if f.status == "yes")


_EXIT_EXTRAS = ("loses_lead", "exiting", "missing_facts", "modelled_rule_ids")


@attrs.frozen
class ExitReport:
    """The exit scenarios checked over a chain's lead and every member unit active on a date.

    Attributes:
        chain_id: the chain.
        on: the date asked about.
        policy_id: the policy id.
        reform_label: the reform label, ``None`` for a shipped policy.
        ruleset_id: the rule set of exit scenarios.
        lead_id: the lead unit.
        status: ``exit`` when some unit exits, else ``undetermined`` when some unit cannot be
            decided, else ``retain``.
        units: one check per unit, the lead first.
        policy_hash: the content hash of the policy used.
    """

    chain_id: str
    on: _dt.date
    policy_id: str
    reform_label: str | None
    ruleset_id: str
    lead_id: str
    status: Status
    units: tuple[UnitExit, ...]
    policy_hash: str = ""

    def unit(self, unit_id: str) -> UnitExit:
        """The check of ``unit_id`` (raises ``KeyError`` naming the units checked)."""
        for u in self.units:
            if u.unit_id == unit_id:
                return u
        raise KeyError(f"no unit {unit_id!r}; units: {[u.unit_id for u in self.units]}")

    @property
    def lead(self) -> UnitExit:
        """The lead unit's check."""
        return self.unit(self.lead_id)

    @property
    def loses_lead(self) -> bool:
        """Whether the lead exits, so the chain loses its lead (what follows is the authority's call)."""
        return self.lead.status == "exit"

    @property
    def exiting(self) -> tuple[str, ...]:
        """The units that exit."""
        return tuple(u.unit_id for u in self.units if u.status == "exit")

    @property
    def missing_facts(self) -> tuple[tuple[str, str], ...]:
        """``(unit id, fact)`` pairs that would settle the undetermined units."""
        return tuple((u.unit_id, name) for u in self.units for name in u.decision.missing_facts)

    @property
    def modelled_rule_ids(self) -> tuple[str, ...]:
        """Rule ids, over all units, of findings resting on a ``modelled`` rule or parameter."""
        return tuple(dict.fromkeys(r for u in self.units for r in u.decision.modelled_rule_ids))

    def text(self, lang: Lang = "en") -> str:
        """A plain-text report in Chinese or English."""
        return _present.text(self, "text", lang=lang)

    def markdown(self, lang: Lang = "en") -> str:
        """A Markdown report with one row per unit."""
        return _present.text(self, "markdown", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        """A shape line (chain, date, policy, status, units) and the first units; ``text()`` tells all."""
        policy = short(self.policy_id) + (f" [{short(self.reform_label)}]" if self.reform_label else "")
        lines = [
            f"<ExitReport {short(self.chain_id)} on {self.on.isoformat()} under {policy}: {self.status}, "
            f"{len(self.units)} units, {len(self.exiting)} exiting>"
        ]
        for u in self.units[:5]:
            lead = " (lead)" if u.is_lead else ""
            lines.append(f"  {short(u.unit_id)}{lead}: {u.status}, triggered {listing(u.triggered)}")
        if len(self.units) > 5:
            lines.append(f"  … {len(self.units) - 5} more units")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data, with the derived views (``loses_lead``, ...) alongside."""
        out = unstructure(self)
        out["units"] = [{**unstructure(u), "decision": u.decision.to_dict()} for u in self.units]
        extras = {name: unstructure(getattr(self, name)) for name in _EXIT_EXTRAS}
        return {**envelope(), **out, **extras}

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 characters kept)."""
        return json_text(self.to_dict(), indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExitReport:
        """Read a report back from :meth:`to_dict` output (the derived views are recomputed).

        Raises:
            DecisionFormatError: the data is not an exit report of a known format version.
        """
        try:
            check_version(data)
            body = {k: v for k, v in data.items() if k not in (*ENVELOPE_KEYS, *_EXIT_EXTRAS)}
            units = tuple(
                UnitExit(
                    **{
                        **u,
                        "decision": Decision.from_dict(u["decision"]),
                        "evidence": tuple(
                            Evidence(
                                **{
                                    **e,
                                    "facts": tuple(e["facts"]),
                                    "on": document_date(e["on"], "evidence.on"),
                                }
                            )
                            for e in u["evidence"]
                        ),
                    }
                )
                for u in body["units"]
            )
            report = checked(cls(**{**body, "on": document_date(body["on"], "on"), "units": units}))
            if report.lead_id not in {u.unit_id for u in report.units}:
                raise ValueError(f"lead_id {report.lead_id!r} is not among the units")
            _check_statuses(report)
            return report
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not an exit report: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> ExitReport:
        """Read a report back from :meth:`to_json` output."""
        return cls.from_dict(json_object(text))


_UNIT_STATUSES = ("retain", "exit", "undetermined")


def _check_statuses(report: ExitReport) -> None:
    """Each unit's status is an exit check's, and the report's is what the units' give (issue 15, L5)."""
    for u in report.units:
        if u.status not in _UNIT_STATUSES:
            raise ValueError(f"unit {u.unit_id!r}: status {u.status!r} is not one of {list(_UNIT_STATUSES)}")
    given = overall([u.status for u in report.units])
    if report.status != given:
        raise ValueError(f"status {report.status!r} is not what the units give ({given!r})")
