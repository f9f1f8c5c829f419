"""Reading policy packs (TOML) into values. Data only: nothing in a file is ever executed.

A pack has a ``[policy]`` table, ``[parameters.<name>]`` tables, ``[rulesets.<id>]`` tables,
``[[rules]]`` and ``[[occupations]]``. Every key is checked; an unknown key is an error with a
did-you-mean; errors name the file, the key path and the problem.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Mapping
from typing import Any, cast

import attrs

from ._expr import Value
from ._syntax import parse
from ._timeline import Timeline
from .exceptions import ExpressionError, PolicyFileError
from .rules import HIT_POLICIES, PROVENANCES, STRENGTHS, Parameter, Rule, RuleSet

ID = re.compile(r"[a-z0-9][a-z0-9_\-]*(\.[a-z0-9_\-]+)*")
MAX_FILE_BYTES = 1_000_000


@attrs.frozen
class OccupationOverride:
    """An occupation's own departures from the template: thresholds, and routes added or removed.

    Attributes:
        code: the occupation code it applies to.
        name: the occupation name.
        parameters: parameter values that replace the template's for this occupation.
        drop_rules: rule ids (routes) the occupation's standard does not have.
        add_rules: extra routes the occupation's standard has.
        citation: where the occupation's standard says so.
    """

    code: str
    name: str = ""
    parameters: Mapping[str, Value] = attrs.field(factory=dict)
    drop_rules: tuple[str, ...] = ()
    add_rules: tuple[Rule, ...] = ()
    citation: str = ""


@attrs.frozen
class Pack:
    """One file's content, before inheritance is resolved."""

    source: str
    id: str
    parent: str | None
    meta: Mapping[str, Any]
    parameters: Mapping[str, Parameter]
    rulesets: Mapping[str, RuleSet]
    rules: tuple[Rule, ...]
    drop_rules: tuple[str, ...]
    occupations: tuple[OccupationOverride, ...]


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> PolicyFileError:
        return PolicyFileError(self.source, key, problem)

    def table(
        self, data: object, key: str, allowed: Mapping[str, tuple[type, ...]], required: set[str]
    ) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, f"expected a table, got {type(data).__name__}")
        for name, value in data.items():
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.fail(f"{key}.{name}", f"unknown key{hint} (allowed: {', '.join(sorted(allowed))})")
            if not isinstance(value, allowed[name]) or (
                isinstance(value, bool) and bool not in allowed[name]
            ):
                kinds = " or ".join(t.__name__ for t in allowed[name])
                raise self.fail(f"{key}.{name}", f"expected {kinds}, got {type(value).__name__} {value!r}")
        for name in sorted(required - set(data)):
            raise self.fail(f"{key}.{name}", "missing required key")
        return data

    def ident(self, value: str, key: str) -> str:
        if not ID.fullmatch(value):
            raise self.fail(key, f"expected a lowercase dotted id, got {value!r}")
        return value

    def choice(self, value: str, options: tuple[str, ...], key: str) -> Any:
        if value not in options:
            raise self.fail(key, f"expected one of {', '.join(options)}, got {value!r}")
        return value

    def strings(self, value: list[Any], key: str) -> tuple[str, ...]:
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected a list of strings")
        return tuple(value)


_VALUE = (bool, int, float, str, _dt.date, list)


def read_value(value: object) -> Value:
    """A TOML value as a rule value (lists become tuples; datetimes are refused)."""
    if isinstance(value, _dt.datetime | _dt.time):
        raise ValueError(f"expected a date without a time, got {value!r}")
    if isinstance(value, list):
        return tuple(read_value(v) for v in value)
    if isinstance(value, bool | int | float | str | _dt.date):
        if isinstance(value, float) and value != value:  # NaN
            raise ValueError("NaN is not a value")
        return value
    raise ValueError(f"expected a number, text, date, true/false or a list, got {type(value).__name__}")


def read_pack(source: str, data: Mapping[str, Any]) -> Pack:
    """Read one parsed TOML document."""
    r = _Reader(source)
    top = r.table(
        data,
        "<top>",
        {
            "policy": (dict,),
            "parameters": (dict,),
            "rulesets": (dict,),
            "rules": (list,),
            "occupations": (list,),
        },
        {"policy"},
    )
    meta = r.table(
        top["policy"],
        "policy",
        {
            "id": (str,),
            "parent": (str,),
            "jurisdiction": (str,),
            "title_zh": (str,),
            "title_en": (str,),
            "effective_from": (_dt.date,),
            "sources": (list,),
            "drop_rules": (list,),
            "note": (str,),
        },
        {"id", "jurisdiction", "title_zh", "title_en"},
    )
    pid = r.ident(meta["id"], "policy.id")
    params = {name: _parameter(r, name, body) for name, body in top.get("parameters", {}).items()}
    rulesets = {sid: _ruleset(r, sid, body) for sid, body in top.get("rulesets", {}).items()}
    rules = tuple(_rule(r, f"rules[{i}]", body) for i, body in enumerate(top.get("rules", [])))
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise r.fail(f"rules[{i}].id", f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)
    occupations = tuple(
        _occupation(r, f"occupations[{i}]", b) for i, b in enumerate(top.get("occupations", []))
    )
    return Pack(
        source=source,
        id=pid,
        parent=meta.get("parent"),
        meta=meta,
        parameters=params,
        rulesets=rulesets,
        rules=rules,
        drop_rules=r.strings(meta.get("drop_rules", []), "policy.drop_rules"),
        occupations=occupations,
    )


def _parameter(r: _Reader, name: str, body: object) -> Parameter:
    key = f"parameters.{name}"
    r.ident(name, key)
    t = r.table(
        body,
        key,
        {
            "unit": (str,),
            "citation": (str,),
            "provenance": (str,),
            "description": (str,),
            "values": (list,),
            "unset": (bool,),
        },
        {"unit", "citation", "provenance"},
    )
    entries: list[tuple[_dt.date, Value]] = []
    for i, entry in enumerate(t.get("values", [])):
        e = r.table(entry, f"{key}.values[{i}]", {"from": (_dt.date,), "value": _VALUE}, {"value"})
        try:
            value = read_value(e["value"])
        except ValueError as exc:
            raise r.fail(f"{key}.values[{i}].value", str(exc)) from None
        entries.append((e.get("from", _dt.date(1900, 1, 1)), value))
    if not entries and not t.get("unset", False):
        raise r.fail(f"{key}.values", "no values: give at least one, or say unset = true")
    dates = [d for d, _ in entries]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise r.fail(f"{key}.values", "entries must be in strictly increasing date order")
    if t.get("unset", False):
        entries = entries or [(_dt.date(1900, 1, 1), None)]
    return Parameter(
        name=name,
        timeline=Timeline(tuple(entries)),
        unit=t["unit"],
        citation=t["citation"],
        provenance=r.choice(t["provenance"], PROVENANCES, f"{key}.provenance"),
        description=t.get("description", ""),
    )


def _ruleset(r: _Reader, sid: str, body: object) -> RuleSet:
    key = f"rulesets.{sid}"
    r.ident(sid, key)
    t = r.table(
        body,
        key,
        {
            "hit": (str,),
            "question": (str,),
            "subject": (str,),
            "target": (str,),
            "title_zh": (str,),
            "title_en": (str,),
        },
        {"hit", "question"},
    )
    return RuleSet(
        id=sid,
        hit=r.choice(t["hit"], HIT_POLICIES, f"{key}.hit"),
        question=t["question"],
        subject=t.get("subject", "worker"),
        target=t.get("target"),
        title_zh=t.get("title_zh", ""),
        title_en=t.get("title_en", ""),
    )


RULE_KEYS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "title_zh": (str,),
    "title_en": (str,),
    "citation": (str,),
    "provenance": (str,),
    "strength": (str,),
    "when": (str,),
    "sets": (list,),
    "guards": (list,),
    "role": (str,),
    "note": (str,),
}


def _rule(r: _Reader, key: str, body: object) -> Rule:
    t = r.table(body, key, RULE_KEYS, {"id", "title_zh", "title_en", "citation", "provenance", "when"})
    rid = r.ident(t["id"], f"{key}.id")
    try:
        condition = parse(t["when"])
    except ExpressionError as exc:
        raise r.fail(f"{key}.when", f"{exc.problem} in {t['when']!r}") from None
    return Rule(
        id=rid,
        title_zh=t["title_zh"],
        title_en=t["title_en"],
        citation=t["citation"],
        provenance=r.choice(t["provenance"], PROVENANCES, f"{key}.provenance"),
        strength=r.choice(t.get("strength", "required"), STRENGTHS, f"{key}.strength"),
        condition=condition,
        sets=r.strings(t.get("sets", []), f"{key}.sets"),
        guards=r.strings(t.get("guards", []), f"{key}.guards"),
        role=r.choice(t.get("role", "rule"), ("rule", "guard"), f"{key}.role"),
        note=t.get("note", ""),
    )


def rule_from_data(data: Mapping[str, Any], source: str = "<reform>") -> Rule:
    """A rule from a plain mapping shaped like a ``[[rules]]`` table."""
    return _rule(_Reader(source), "rule", dict(data))


def _occupation(r: _Reader, key: str, body: object) -> OccupationOverride:
    t = r.table(
        body,
        key,
        {
            "code": (str,),
            "name": (str,),
            "citation": (str,),
            "parameters": (dict,),
            "drop_rules": (list,),
            "rules": (list,),
        },
        {"code"},
    )
    values: dict[str, Value] = {}
    for name, value in t.get("parameters", {}).items():
        try:
            values[name] = read_value(value)
        except ValueError as exc:
            raise r.fail(f"{key}.parameters.{name}", str(exc)) from None
    return OccupationOverride(
        code=t["code"],
        name=t.get("name", ""),
        parameters=values,
        drop_rules=r.strings(t.get("drop_rules", []), f"{key}.drop_rules"),
        add_rules=tuple(
            _rule(r, f"{key}.rules[{i}]", b) for i, b in enumerate(cast(list[Any], t.get("rules", [])))
        ),
        citation=t.get("citation", ""),
    )
