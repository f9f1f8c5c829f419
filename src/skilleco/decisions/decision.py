"""The decision: the answer to one question about one subject on one date, with its findings."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

import attrs

from .. import _present
from ..exceptions import DecisionFormatError
from ..models.jsontext import load_json
from .deferred import Pending, defer_field, stored_slot
from .documents import (
    ENVELOPE_KEYS,
    as_tuples,
    check_dates,
    check_status,
    check_version,
    document_date,
    envelope,
    json_text,
    unstructure,
)
from .finding import Finding, Lang, ParamUse
from .reprs import listing, short
from .typecheck import checked

__all__ = ["Decision", "Status", "new_decision"]

Status: TypeAlias = Literal["eligible", "review", "ineligible", "undetermined", "retain", "exit"]
"""A decision's status (exit checks use ``retain``, ``exit`` and ``undetermined``)."""


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
        ruleset_policy_id: the policy whose pack declares the rule set that answered, where the
            question looks it up by edition (chain questions): ``policy_id`` itself, or the
            nearest ancestor's when the edition has no rule set of its own (``gd-2025`` answers
            the lead question with ``cn-2025``'s ``lead.cn2025``); ``None`` otherwise.
        not_checked: what that rule set does not check (criterion keys from the pack's
            ``<rule set id>.not_checked`` parameter, such as ``clean_record`` and ``size``), so
            that an ``eligible`` from it is not taken for a full check (chain.md); ``()``: none said.
        standard_id: the national occupational standard the worker was judged by (``std-dg-2018``),
            when the policy has one on file for the occupation; ``None``: the template.
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
    ruleset_policy_id: str | None = None
    not_checked: tuple[str, ...] = ()
    standard_id: str | None = None

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

    def __repr__(self) -> str:
        """A shape line (question, subject, date, policy, status) and a short head; ``text()`` tells all."""
        return "\n".join(decision_repr(self))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data; :meth:`from_dict` reads it back into an equal value."""
        return {**envelope(), **unstructure(self)}

    def to_json(self, *, indent: int | None = None) -> str:
        """JSON text (keys sorted, UTF-8 characters kept): byte-identical for equal decisions."""
        return json_text(self.to_dict(), indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """Read a decision back from :meth:`to_dict` output.

        Raises:
            DecisionFormatError: the data is not a decision document of a known format version,
                or not one the library could have written: a date not ``YYYY-MM-DD`` in
                1900–2100, an earliest date before ``on`` (or on a decision that is not
                ``ineligible``), a status or deciding rules other than the findings give.
        """
        try:
            check_version(data)
            body = {k: v for k, v in data.items() if k not in ENVELOPE_KEYS}
            d = checked(_structure_decision(body))
            check_dates(d.on, d.earliest_date, d.status)
            check_status(d.status, d.deciding, d.findings)
            return d
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


# The engine may store a decision's findings unbuilt (see skilleco.decisions.deferred).
defer_field(Decision, "findings")

_DECISION_FIELDS = (
    "question",
    "subject_id",
    "on",
    "policy_id",
    "reform_label",
    "ruleset_id",
    "status",
    "findings",
    "target",
    "deciding",
    "missing_facts",
    "earliest_date",
    "policy_hash",
    "ruleset_policy_id",
    "not_checked",
    "standard_id",
)
if tuple(f.name for f in attrs.fields(Decision)) != _DECISION_FIELDS:  # pragma: no cover
    raise AssertionError("new_decision must set every field of Decision, in order")
(
    _set_question,
    _set_subject_id,
    _set_on,
    _set_policy_id,
    _set_reform_label,
    _set_ruleset_id,
    _set_status,
    _set_findings,
    _set_target,
    _set_deciding,
    _set_missing_facts,
    _set_earliest_date,
    _set_policy_hash,
    _set_ruleset_policy_id,
    _set_not_checked,
    _set_standard_id,
) = (stored_slot(Decision, name).__set__ for name in _DECISION_FIELDS)
_new = object.__new__


def new_decision(
    question: str,
    subject_id: str,
    on: _dt.date,
    policy_id: str,
    reform_label: str | None,
    ruleset_id: str,
    status: Status,
    findings: tuple[Finding, ...] | Pending,
    target: str | None,
    deciding: tuple[str, ...],
    missing_facts: tuple[str, ...],
    earliest_date: _dt.date | None,
    policy_hash: str,
    ruleset_policy_id: str | None,
    not_checked: tuple[str, ...],
    standard_id: str | None,
) -> Decision:
    """``Decision(...)`` with every field given in order, for the engine; ``findings`` may be
    :class:`~skilleco.decisions.deferred.Pending`, built when first read.

    A decision has no validators, converters or defaults to compute, so attrs' ``__init__`` only
    sets each slot in turn: setting them here skips a method lookup per field.
    """
    d = _new(Decision)
    _set_question(d, question)
    _set_subject_id(d, subject_id)
    _set_on(d, on)
    _set_policy_id(d, policy_id)
    _set_reform_label(d, reform_label)
    _set_ruleset_id(d, ruleset_id)
    _set_status(d, status)
    _set_findings(d, findings)
    _set_target(d, target)
    _set_deciding(d, deciding)
    _set_missing_facts(d, missing_facts)
    _set_earliest_date(d, earliest_date)
    _set_policy_hash(d, policy_hash)
    _set_ruleset_policy_id(d, ruleset_policy_id)
    _set_not_checked(d, not_checked)
    _set_standard_id(d, standard_id)
    return d


def _structure_decision(d: Mapping[str, Any]) -> Decision:
    findings = tuple(
        Finding(
            **{
                **f,
                "facts": tuple((str(n), as_tuples(v)) for n, v in f["facts"]),
                "params": tuple(ParamUse(**{**p, "value": as_tuples(p["value"])}) for p in f["params"]),
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
            "on": document_date(d["on"], "on"),
            "findings": findings,
            "deciding": tuple(d["deciding"]),
            "missing_facts": tuple(d["missing_facts"]),
            "not_checked": tuple(d.get("not_checked", ())),
            "earliest_date": None if earliest is None else document_date(earliest, "earliest_date"),
        }
    )


def decision_repr(d: Decision, indent: str = "  ") -> list[str]:
    """The lines of ``repr(d)``: the shape line, then deciding rules, missing facts, earliest date
    and the findings' tally."""
    about = f"{short(d.question)}{': ' + short(d.target) if d.target else ''}"
    policy = short(d.policy_id) + (f" [{short(d.reform_label)}]" if d.reform_label else "")
    tally = {s: sum(1 for f in d.findings if f.status == s) for s in ("yes", "no", "unknown")}
    lines = [
        f"<Decision {about} for {short(d.subject_id)} on {d.on.isoformat()} under {policy}: {d.status}>",
        f"{indent}rule set: {short(d.ruleset_id)}",
        f"{indent}deciding: {listing(d.deciding)}",
    ]
    if d.missing_facts:
        lines.append(f"{indent}missing facts: {listing(d.missing_facts)}")
    if d.earliest_date is not None:
        lines.append(f"{indent}earliest date: {d.earliest_date.isoformat()}")
    found = ", ".join(f"{n} {s}" for s, n in tally.items() if n)
    lines.append(f"{indent}findings: {len(d.findings)}" + (f" ({found})" if found else ""))
    return lines
