"""Decisions: frozen values with their reasons, citations and provenance."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeAlias

import attrs

from .. import _present
from .._version import __version__
from ..exceptions import DecisionFormatError
from ..models.jsontext import load_json
from .deferred import Deferred, defer_messages, stored_slot
from .typecheck import checked

__all__ = [
    "FORMAT_VERSION",
    "Decision",
    "Finding",
    "FindingStatus",
    "GradeProfile",
    "ParamUse",
    "Status",
]

FORMAT_VERSION = 1
Status: TypeAlias = Literal["eligible", "review", "ineligible", "undetermined", "retain", "exit"]
FindingStatus: TypeAlias = Literal["yes", "no", "unknown"]
Lang: TypeAlias = Literal["zh", "en"]
Plain: TypeAlias = "bool | int | float | str | tuple[Plain, ...] | None"


def plain(value: object) -> Plain:
    """A fact or parameter value in JSON-friendly form (dates as ISO text, lists as tuples)."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return tuple(plain(v) for v in value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@attrs.frozen
class ParamUse:
    """A parameter value a finding read.

    Attributes:
        name: the parameter name.
        value: its value on the date asked (``None``: unset).
        effective_from: the date that value took effect (ISO text), if set.
        citation: where the value comes from.
        provenance: ``text``, ``secondary`` or ``modelled``.
    """

    name: str
    value: Plain
    effective_from: str | None
    citation: str
    provenance: str


@attrs.frozen
class Finding:
    """One rule's outcome in a decision.

    Attributes:
        rule_id: the rule id.
        status: ``yes`` (holds / triggered), ``no`` or ``unknown``. For a route with guards this is
            the route's outcome after its guards.
        strength: ``required``, ``in_principle`` or ``priority``.
        provenance: ``text``, ``secondary`` or ``modelled``.
        citation: ``<doc id> <clause>``.
        title_zh: the rule's Chinese title.
        title_en: the rule's English title.
        facts: the facts read, with their values.
        params: the parameters read, with values, effective dates, citations and provenance.
        missing: the unknown facts that would settle an ``unknown``.
        role: ``rule`` or ``guard``.
        guards: guard rule ids this route also needs.
        message_zh: a sentence in Chinese.
        message_en: a sentence in English.
    """

    rule_id: str
    status: FindingStatus
    strength: str
    provenance: str
    citation: str
    title_zh: str
    title_en: str
    facts: tuple[tuple[str, Plain], ...] = ()
    params: tuple[ParamUse, ...] = ()
    missing: tuple[str, ...] = ()
    role: str = "rule"
    guards: tuple[str, ...] = ()
    message_zh: str = ""
    message_en: str = ""

    @property
    def rests_on_modelled(self) -> bool:
        """Whether the rule, or any parameter it read, is tagged ``modelled``."""
        return self.provenance == "modelled" or any(p.provenance == "modelled" for p in self.params)

    def message(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en


# The engine may store a finding's messages unwritten (see skilleco.decisions.deferred).
defer_messages(Finding, ("message_zh", "zh"), ("message_en", "en"))

_new = object.__new__


def _slot_setter(name: str) -> Any:
    return stored_slot(Finding, name).__set__


_FINDING_FIELDS = (
    "rule_id",
    "status",
    "strength",
    "provenance",
    "citation",
    "title_zh",
    "title_en",
    "facts",
    "params",
    "missing",
    "role",
    "guards",
    "message_zh",
    "message_en",
)
if tuple(f.name for f in attrs.fields(Finding)) != _FINDING_FIELDS:  # pragma: no cover
    raise AssertionError("finding_maker must set every field of Finding, in order")
(
    _set_rule_id,
    _set_status,
    _set_strength,
    _set_provenance,
    _set_citation,
    _set_title_zh,
    _set_title_en,
    _set_facts,
    _set_params,
    _set_missing,
    _set_role,
    _set_guards,
    _set_message_zh,
    _set_message_en,
) = (_slot_setter(name) for name in _FINDING_FIELDS)


def finding_maker(
    rule_id: str,
    strength: str,
    provenance: str,
    citation: str,
    title_zh: str,
    title_en: str,
    params: tuple[ParamUse, ...],
    role: str,
    guards: tuple[str, ...],
) -> Callable[
    [FindingStatus, tuple[tuple[str, Plain], ...], tuple[str, ...], str | Deferred, str | Deferred], Finding
]:
    """A maker of one rule's findings: ``make(status, facts, missing, message_zh, message_en)``.

    ``make(...)`` equals ``Finding(rule_id, status, strength, ...)`` with the other fields given
    here. A finding has no validators, converters or defaults to compute, so attrs' ``__init__``
    only sets each slot in turn; setting them here, with the rule's fields bound once, skips a
    method lookup and an argument per field — which counts when every decision builds one finding
    per rule. The messages may be :data:`~skilleco.decisions.deferred.Deferred`.
    """

    def make(
        status: FindingStatus,
        facts: tuple[tuple[str, Plain], ...],
        missing: tuple[str, ...],
        message_zh: str | Deferred,
        message_en: str | Deferred,
    ) -> Finding:
        f = _new(Finding)
        _set_rule_id(f, rule_id)
        _set_status(f, status)
        _set_strength(f, strength)
        _set_provenance(f, provenance)
        _set_citation(f, citation)
        _set_title_zh(f, title_zh)
        _set_title_en(f, title_en)
        _set_facts(f, facts)
        _set_params(f, params)
        _set_missing(f, missing)
        _set_role(f, role)
        _set_guards(f, guards)
        _set_message_zh(f, message_zh)
        _set_message_en(f, message_en)
        return f

    return make


@attrs.frozen
class Decision:
    """The answer to one question about one subject on one date.

    Attributes:
        question: ``grade``, ``post``, ``bridge``, ``apprenticeship``, ...
        subject_id: the id of the worker (or organisation, chain, candidate).
        on: the date asked about.
        policy_id: the policy id.
        reform_label: the reform label, ``None`` for a shipped policy.
        ruleset_id: the rule set that answered.
        status: see the module docstring.
        findings: one per rule of the rule set, in rule order.
        target: the grade or title asked about, when there is one.
        deciding: the rule ids that decided the status (the routes that hold; the rules that fail).
        missing_facts: the unknown facts that would settle an ``undetermined``.
        earliest_date: where only time stands in the way, the first date the answer turns.
        policy_hash: the content hash of the policy used.
    """

    question: str
    subject_id: str
    on: _dt.date
    policy_id: str
    reform_label: str | None
    ruleset_id: str
    status: Status
    findings: tuple[Finding, ...]
    target: str | None = None
    deciding: tuple[str, ...] = ()
    missing_facts: tuple[str, ...] = ()
    earliest_date: _dt.date | None = None
    policy_hash: str = ""

    # --- views --------------------------------------------------------------------------------

    def finding(self, rule_id: str) -> Finding:
        """The finding for ``rule_id`` (raises ``KeyError`` naming the known ids)."""
        for f in self.findings:
            if f.rule_id == rule_id:
                return f
        raise KeyError(f"no finding for {rule_id!r}; findings: {[f.rule_id for f in self.findings]}")

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The rule ids of the findings, in order."""
        return tuple(f.rule_id for f in self.findings)

    @property
    def modelled_rule_ids(self) -> tuple[str, ...]:
        """Rule ids of findings resting on a ``modelled`` rule or parameter."""
        return tuple(f.rule_id for f in self.findings if f.rests_on_modelled)

    @property
    def ok(self) -> bool:
        """True for ``eligible`` (and ``retain``)."""
        return self.status in ("eligible", "retain")

    # --- output -------------------------------------------------------------------------------

    def text(self, lang: Lang = "en") -> str:
        """A plain-text explanation in Chinese or English."""
        return _present.text(self, "text", lang=lang)

    def markdown(self, lang: Lang = "en") -> str:
        """A Markdown explanation with a findings table."""
        return _present.text(self, "markdown", lang=lang)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")

    def __str__(self) -> str:
        return self.text("en")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data; :meth:`from_dict` reads it back into an equal value."""
        return {**envelope(), **_unstructure(self)}

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 characters kept): byte-identical for equal decisions."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """Read a decision back from :meth:`to_dict` output.

        Raises:
            DecisionFormatError: the data is not a decision document of a known format version.
        """
        try:
            _check_version(data)
            body = {k: v for k, v in data.items() if k not in _ENVELOPE}
            return checked(_structure_decision(body))
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not a decision document: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> Decision:
        """Read a decision back from :meth:`to_json` output."""
        try:
            data = load_json(text)
        except ValueError as exc:  # not JSON, nested too deeply, a number too long
            raise DecisionFormatError(f"not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise DecisionFormatError("expected a JSON object")
        return cls.from_dict(data)


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
        out = _unstructure(self)
        out["decisions"] = [d.to_dict() for d in self.decisions]
        return {**envelope(), **out}


# --- (un)structuring ---------------------------------------------------------------------------


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _unstructure(value: Any) -> Any:
    if type(value) in _SCALARS:  # most of a decision: ids, statuses, titles, messages
        return value
    if attrs.has(type(value)):
        return {f.name: _unstructure(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, tuple | list):
        return [_unstructure(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _tuple(value: Any) -> Any:
    return tuple(_tuple(v) for v in value) if isinstance(value, list) else value


def _structure_decision(d: Mapping[str, Any]) -> Decision:
    findings = tuple(
        Finding(
            **{
                **f,
                "facts": tuple((str(n), _tuple(v)) for n, v in f["facts"]),
                "params": tuple(ParamUse(**{**p, "value": _tuple(p["value"])}) for p in f["params"]),
                "missing": tuple(f["missing"]),
                "guards": tuple(f["guards"]),
            }
        )
        for f in d["findings"]
    )
    earliest = d.get("earliest_date")
    return Decision(
        **{
            **d,
            "on": _dt.date.fromisoformat(d["on"]),
            "findings": findings,
            "deciding": tuple(d["deciding"]),
            "missing_facts": tuple(d["missing_facts"]),
            "earliest_date": None if earliest is None else _dt.date.fromisoformat(earliest),
        }
    )


# --- chain questions: exit reports and edition comparisons (appended) ----------------------------


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

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data, with the derived views (``loses_lead``, ...) alongside."""
        out = _unstructure(self)
        out["units"] = [{**_unstructure(u), "decision": u.decision.to_dict()} for u in self.units]
        extras = {name: _unstructure(getattr(self, name)) for name in _EXIT_EXTRAS}
        return {**envelope(), **out, **extras}

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExitReport:
        """Read a report back from :meth:`to_dict` output (the derived views are recomputed).

        Raises:
            DecisionFormatError: the data is not an exit report of a known format version.
        """
        try:
            _check_version(data)
            body = {k: v for k, v in data.items() if k not in (*_ENVELOPE, *_EXIT_EXTRAS)}
            units = tuple(
                UnitExit(
                    **{
                        **u,
                        "decision": Decision.from_dict(u["decision"]),
                        "evidence": tuple(
                            Evidence(
                                **{**e, "facts": tuple(e["facts"]), "on": _dt.date.fromisoformat(e["on"])}
                            )
                            for e in u["evidence"]
                        ),
                    }
                )
                for u in body["units"]
            )
            report = checked(cls(**{**body, "on": _dt.date.fromisoformat(body["on"]), "units": units}))
            if report.lead_id not in {u.unit_id for u in report.units}:
                raise ValueError(f"lead_id {report.lead_id!r} is not among the units")
            return report
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not an exit report: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> ExitReport:
        """Read a report back from :meth:`to_json` output."""
        return cls.from_dict(_json_object(text))


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
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EditionComparison:
        """Read a comparison back from :meth:`to_dict` output."""
        try:
            _check_version(data)
            return checked(
                cls(
                    subject_id=data["subject_id"],
                    on=_dt.date.fromisoformat(data["on"]),
                    decisions=tuple(Decision.from_dict(d) for d in data["decisions"]),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
            raise DecisionFormatError(f"not an edition comparison: {exc}") from None

    @classmethod
    def from_json(cls, text: str | bytes) -> EditionComparison:
        """Read a comparison back from :meth:`to_json` output."""
        return cls.from_dict(_json_object(text))


def envelope() -> dict[str, Any]:
    """The keys every exported document starts with: the format version and the library version."""
    return {"format_version": FORMAT_VERSION, "skilleco_version": __version__}


_ENVELOPE = ("format_version", "skilleco_version")


def _check_version(data: Mapping[str, Any]) -> None:
    if data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"expected format_version {FORMAT_VERSION}, got {data.get('format_version')!r}")
    written_by = data.get("skilleco_version", "")
    if not isinstance(written_by, str):
        raise ValueError(f"skilleco_version must be text, got {written_by!r}")


def _json_object(text: str | bytes) -> Mapping[str, Any]:
    try:
        data = load_json(text)
    except ValueError as exc:  # not JSON, nested too deeply, a number too long
        raise DecisionFormatError(f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise DecisionFormatError("expected a JSON object")
    return data


__all__ += ["EditionComparison", "Evidence", "ExitReport", "UnitExit"]
