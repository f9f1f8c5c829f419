"""A policy's content frozen, and hashed: what can change an answer is read-only and in the hash.

Everything reachable from a :class:`~skilleco.policy.Policy` is immutable (finding M8): mappings are
read-only views of private copies (:func:`frozen_map`), sequences are tuples, and the values inside
(:class:`OccupationOverride`, rules, parameters, kinship) are frozen. :func:`content_hash` hashes
everything that can change an answer: parameters, rule sets, rules, and each occupation's override
(its thresholds, routes removed and added, and the standard's template, levels and kinship), so two
policies that answer differently never hash equal. Titles, citations and notes are not hashed.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ..facts.relation import Kinship
from ..facts.value import Value
from ..rules.expr import to_data
from ..rules.rule import Parameter, Rule, RuleSet

__all__ = ["OccupationOverride", "content_hash", "frozen_map", "frozen_strings"]


def frozen_map(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of a private copy of ``mapping`` (so no one else holds the dict under it)."""
    return MappingProxyType(dict(mapping))


def frozen_strings(items: Iterable[str]) -> tuple[str, ...]:
    """``items`` as a tuple."""
    return tuple(items)


def _rules(items: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(items)


def _frozen_values(mapping: Mapping[str, Any]) -> Mapping[str, Value]:
    """``mapping`` frozen, lists among its values as tuples."""
    return MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in mapping.items()})


def _tuple_or_none(items: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if items is None else tuple(items)


@attrs.frozen
class OccupationOverride:
    """An occupation's own departures from the template: thresholds, and routes added or removed.

    Attributes:
        code: the occupation code it applies to.
        name: the occupation name.
        parameters: parameter values that replace the template's for this occupation (read-only).
        drop_rules: rule ids (routes) the occupation's standard does not have.
        add_rules: extra routes the occupation's standard has.
        citation: where the occupation's standard says so.
        standard: the id of the national standard it comes from (``skilleco.policy.standards``).
        edition: the template the standard's routes follow, which then replaces the worker's.
        levels: the certificate levels the standard has (``None``: all five).
        kinship: what the standard says of other occupations, majors and trades.
    """

    code: str
    name: str = ""
    parameters: Mapping[str, Value] = attrs.field(factory=dict, converter=_frozen_values)
    drop_rules: tuple[str, ...] = attrs.field(default=(), converter=frozen_strings)
    add_rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)
    citation: str = ""
    standard: str | None = None
    edition: str | None = None
    levels: tuple[str, ...] | None = attrs.field(default=None, converter=_tuple_or_none)
    kinship: Kinship | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A read-only mapping does not pickle: the parameters travel as a dict and are frozen again.
        values = {f.name: getattr(self, f.name) for f in attrs.fields(OccupationOverride)}
        values["parameters"] = dict(self.parameters)
        return _override, (values,)


def _override(values: dict[str, Any]) -> OccupationOverride:
    return OccupationOverride(**values)


def content_hash(
    parameters: Mapping[str, Parameter],
    rulesets: Mapping[str, RuleSet],
    rules: Mapping[str, Rule],
    occupations: Mapping[str, OccupationOverride],
) -> str:
    """A SHA-256 of what can change a policy's answers: equal content, equal hash.

    A policy without occupation overrides hashes as it did before overrides were hashed.
    """
    doc: dict[str, Any] = {
        "parameters": {
            n: [[d.isoformat(), _jsonable(v)] for d, v in p.timeline.entries]
            for n, p in sorted(parameters.items())
        },
        "rulesets": {s.id: [s.hit, s.question, s.subject, s.target] for s in rulesets.values()},
        "rules": {r.id: _rule(r) for r in rules.values()},
    }
    if occupations:
        doc["occupations"] = {code: _occupation(o) for code, o in occupations.items()}
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _rule(r: Rule) -> list[object]:
    return [to_data(r.condition), r.strength, r.provenance, list(r.sets), list(r.guards), r.role]


def _occupation(o: OccupationOverride) -> dict[str, object]:
    return {
        "parameters": {n: _jsonable(v) for n, v in o.parameters.items()},
        "drop_rules": list(o.drop_rules),
        "add_rules": [[r.id, _rule(r)] for r in o.add_rules],  # in order: it decides which route shows
        "standard": o.standard,
        "edition": o.edition,
        "levels": None if o.levels is None else list(o.levels),
        "kinship": None if o.kinship is None else _kinship(o.kinship),
    }


def _kinship(k: Kinship) -> dict[str, object]:
    return {
        "own_only": k.own_only,
        "related": None if k.related is None else sorted(k.related),
        "complete": k.complete,
        "trades": sorted(k.trades),
        "majors": None if k.majors is None else sorted(k.majors),
        "majors_by_school": [[kind, sorted(majors)] for kind, majors in k.majors_by_school],
    }


def _jsonable(value: Value) -> object:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value
