"""Findings: one rule's outcome in a decision, with the facts and parameters it read.

A finding's values are plain (:data:`Plain`): dates as ISO text, lists as tuples, so a document
round-trips. :func:`finding_maker` builds one rule's findings fast, for the engine.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any, Literal, TypeAlias

import attrs

from .deferred import Deferred, defer_messages, stored_slot

__all__ = [
    "Finding",
    "FindingStatus",
    "Lang",
    "ParamUse",
    "Plain",
    "finding_maker",
    "plain",
    "set_work_months_short",
]

FindingStatus: TypeAlias = Literal["yes", "no", "unknown"]
"""A rule's outcome, in Kleene logic: holds (or triggered), does not, or cannot be told."""
Lang: TypeAlias = Literal["zh", "en"]
"""The language of a message or text."""
Plain: TypeAlias = "bool | int | float | str | tuple[Plain, ...] | None"
"""A fact or parameter value as a document holds it (see :func:`plain`)."""


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
        work_months_short: in a decision with no earliest date, for a route that does not hold
            only because time has not passed (every blocker a threshold on time or on work), the
            most months of work it still needs: with no work period open, waiting alone does not
            supply them (``time.md``, Earliest date). ``None`` otherwise.
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
    work_months_short: int | None = None

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
    "work_months_short",
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
    set_work_months_short,
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
        set_work_months_short(f, None)
        return f

    return make
