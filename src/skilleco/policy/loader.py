"""Reading policy packs (TOML) into values. Data only: nothing in a file is ever executed.

A pack has a ``[policy]`` table, ``[parameters.<name>]`` tables, ``[rulesets.<id>]`` tables,
``[[rules]]`` and ``[[occupations]]``. Every key is checked; an unknown key is an error with a
did-you-mean; errors name the file, the key path and the problem, with a stable reason
(:data:`~skilleco.exceptions.POLICY_FILE_REASONS`). The file is parsed by :mod:`tomllib`, once
:mod:`skilleco.policy.toml_scan` has bounded what that costs, and the conditions by
:mod:`skilleco.rules.syntax`; neither evaluates anything. The checked reading of one
table or value is :mod:`skilleco.policy.reader`; checks that need the parent policy (unknown names,
duplicate rule ids across the chain) are in :mod:`skilleco.policy.pack_check`.
"""

from __future__ import annotations

import datetime as _dt
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import attrs

from ..exceptions import ExpressionError, PolicyFileError
from ..facts.value import Value
from ..models.limits import MAX_FILE_BYTES
from ..rules.check import number_problem, value_type
from ..rules.rule import HIT_POLICIES, PROVENANCES, STRENGTHS, Parameter, Rule, RuleSet
from ..rules.syntax import parse
from ..rules.timeline import Timeline
from .content import OccupationOverride
from .ranges import ParameterRange, read_range
from .reader import VALUE_TYPES, Reader, key_of, short_repr
from .toml_scan import toml_complexity

__all__ = [
    "OccupationOverride",
    "Pack",
    "as_path",
    "read_pack",
    "read_pack_bytes",
    "rule_from_data",
]


@attrs.frozen
class Pack:
    """One file's content, before inheritance is resolved.

    Attributes:
        replaces: ids of the rules marked ``replace = true`` (they replace an inherited rule).
        read_by: parameter name to what reads it other than rules (the ``read_by`` key).
        ranges: parameter name to the range its table states (the ``min`` and ``max`` keys).
    """

    source: str
    id: str
    parent: str | None
    meta: Mapping[str, Any]
    parameters: Mapping[str, Parameter]
    rulesets: Mapping[str, RuleSet]
    rules: tuple[Rule, ...]
    drop_rules: tuple[str, ...]
    occupations: tuple[OccupationOverride, ...]
    replaces: frozenset[str] = frozenset()
    read_by: Mapping[str, str] = attrs.field(factory=dict)
    ranges: Mapping[str, ParameterRange] = attrs.field(factory=dict)


def read_pack_bytes(source: str, raw: bytes) -> Pack:
    """Read one policy file's bytes: size limit, UTF-8, TOML, then :func:`read_pack`."""
    return read_pack(source, parse_toml_bytes(source, raw))


def as_path(path: object) -> Path:
    """``path`` as a :class:`Path` (a ``str`` or an ``os.PathLike`` of text), else a ``bad_type`` error
    at the argument ``path`` (file ``<arguments>``)."""
    try:
        if isinstance(path, str | os.PathLike):
            return Path(path)
    except TypeError:  # an os.PathLike giving bytes
        pass
    problem = f"expected a file or directory path, got {short_repr(path)}"
    raise PolicyFileError("<arguments>", "path", problem, reason="bad_type")


def read_file_bytes(path: Path, source: str) -> bytes:
    """A regular file's bytes, refused before reading when over the size limit (``source`` names it)."""
    if "\0" in str(path):  # every system call refuses it (as a ValueError)
        raise PolicyFileError(source, "<file>", "a NUL character in the path", reason="unreadable")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise PolicyFileError(source, "<file>", "not a regular file", reason="unreadable")
        if size > MAX_FILE_BYTES:  # refused before reading it into memory
            raise PolicyFileError(
                source, "<file>", f"larger than {MAX_FILE_BYTES} bytes ({size})", reason="too_large"
            )
        return path.read_bytes()
    except OSError as exc:
        raise PolicyFileError(
            source, "<file>", f"cannot read: {exc.strerror or exc}", reason="unreadable"
        ) from None


def parse_toml_bytes(source: str, raw: bytes) -> dict[str, Any]:
    """A file's bytes as TOML tables: size limit, UTF-8 (a leading byte-order mark is allowed), keys
    within the limits of :mod:`~skilleco.policy.toml_scan`, then :mod:`tomllib` (refusals named)."""
    if len(raw) > MAX_FILE_BYTES:
        raise PolicyFileError(
            source, "<file>", f"larger than {MAX_FILE_BYTES} bytes ({len(raw)})", reason="too_large"
        )
    try:
        text = raw.decode("utf-8-sig")  # a BOM, as editors on Windows write, is not part of the text
    except UnicodeDecodeError as exc:
        raise PolicyFileError(source, "<file>", f"not UTF-8 text: {exc}", reason="not_toml") from None
    found = toml_complexity(text)
    if found is not None:
        line, problem = found
        raise PolicyFileError(source, "<file>", f"line {line}: {problem}", reason="too_complex")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError(source, "<file>", f"not valid TOML: {exc}", reason="not_toml") from None
    except ValueError as exc:  # tomllib's own limits, such as an integer of over 4300 digits
        raise PolicyFileError(source, "<file>", f"not valid TOML: {exc}", reason="not_toml") from None
    except RecursionError:
        raise PolicyFileError(
            source, "<file>", "arrays or tables nested too deeply", reason="too_large"
        ) from None
    return data


_POLICY_KEYS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "parent": (str,),
    "jurisdiction": (str,),
    "title_zh": (str,),
    "title_en": (str,),
    "effective_from": (_dt.date,),
    "sources": (list,),
    "drop_rules": (list,),
    "note": (str,),
}


def read_pack(source: str, data: Mapping[str, Any]) -> Pack:
    """Read one parsed TOML document: the structure, types, ids and limits of a single file."""
    r = Reader(source)
    top = r.table(
        data,
        "",
        {
            "policy": (dict,),
            "parameters": (dict,),
            "rulesets": (dict,),
            "rules": (list,),
            "occupations": (list,),
        },
        {"policy"},
        {"rules": "MAX_RULES", "occupations": "MAX_OCCUPATIONS"},
    )
    meta = r.table(top["policy"], "policy", _POLICY_KEYS, {"id", "jurisdiction", "title_zh", "title_en"})
    pid = r.ident(meta["id"], "policy.id")
    parent = None if "parent" not in meta else r.ident(meta["parent"], "policy.parent")
    r.strings(meta.get("sources", []), "policy.sources")
    r.count(top.get("parameters", {}), "parameters", "MAX_PARAMETERS")
    r.count(top.get("rulesets", {}), "rulesets", "MAX_RULESETS")
    params: dict[str, Parameter] = {}
    read_by: dict[str, str] = {}
    ranges: dict[str, ParameterRange] = {}
    for name, body in top.get("parameters", {}).items():
        params[name], note, span = _parameter(r, name, body)
        if note is not None:
            read_by[name] = note
        if span is not None:
            ranges[name] = span
    rulesets = {sid: _ruleset(r, sid, body) for sid, body in top.get("rulesets", {}).items()}
    read = [_rule(r, f"rules[{i}]", body, allow_replace=True) for i, body in enumerate(top.get("rules", []))]
    rules = tuple(rule for rule, _ in read)
    _no_duplicates(r, rules, "rules")
    codes: dict[str, int] = {}
    occupations = []
    for i, body in enumerate(top.get("occupations", [])):
        occ = _occupation(r, f"occupations[{i}]", body)
        if occ.code in codes:
            raise r.fail(
                f"occupations[{i}].code",
                f"occupation {occ.code!r} is already overridden at occupations[{codes[occ.code]}]",
                "duplicate_occupation",
            )
        codes[occ.code] = i
        occupations.append(occ)
    return Pack(
        source=source,
        id=pid,
        parent=parent,
        meta=meta,
        parameters=params,
        rulesets=rulesets,
        rules=rules,
        drop_rules=r.idents(meta.get("drop_rules", []), "policy.drop_rules"),
        occupations=tuple(occupations),
        replaces=frozenset(rule.id for rule, replace in read if replace),
        read_by=read_by,
        ranges=ranges,
    )


def _no_duplicates(r: Reader, rules: tuple[Rule, ...], key: str) -> None:
    seen: dict[str, int] = {}
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise r.fail(
                f"{key}[{i}].id",
                f"duplicate rule id {rule.id!r} (first at {key}[{seen[rule.id]}])",
                "duplicate_rule",
            )
        seen[rule.id] = i


_PARAMETER_KEYS: dict[str, tuple[type, ...]] = {
    "unit": (str,),
    "citation": (str,),
    "provenance": (str,),
    "description": (str,),
    "values": (list,),
    "unset": (bool,),
    "read_by": (str,),
    "min": (int, float),
    "max": (int, float),
}


def _parameter(r: Reader, name: str, body: object) -> tuple[Parameter, str | None, ParameterRange | None]:
    key = key_of("parameters", name)
    r.ident(name, key)
    t = r.table(
        body, key, _PARAMETER_KEYS, {"unit", "citation", "provenance"}, {"values": "MAX_TIMELINE_ENTRIES"}
    )
    values = t.get("values", [])
    entries: list[tuple[_dt.date, Value]] = []
    for i, entry in enumerate(values):
        at = f"{key}.values[{i}]"
        e = r.table(entry, at, {"from": (_dt.date,), "value": VALUE_TYPES}, {"value"})
        day = e.get("from", _dt.date(1900, 1, 1))
        if entries and day <= entries[-1][0]:
            same = "the same date as" if day == entries[-1][0] else "earlier than"
            raise r.fail(
                f"{at}.from",
                f"{day.isoformat()} is {same} the entry before it: entries must be in strictly "
                "increasing date order",
                "timeline_order",
            )
        entries.append((day, r.value(e["value"], f"{at}.value")))
    if not entries and not t.get("unset", False):
        raise r.fail(f"{key}.values", "no values: give at least one, or say unset = true", "missing_key")
    kinds = {value_type(v) for _, v in entries} - {"any"}
    if len(kinds) > 1:
        raise r.fail(f"{key}.values", f"values of mixed types {sorted(kinds)}", "bad_type")
    span = read_range(r, key, t, kinds, entries)
    if t.get("unset", False):
        entries = entries or [(_dt.date(1900, 1, 1), None)]
    parameter = Parameter(
        name=name,
        timeline=Timeline(tuple(entries)),
        unit=t["unit"],
        citation=t["citation"],
        provenance=r.choice(t["provenance"], PROVENANCES, f"{key}.provenance"),
        description=t.get("description", ""),
    )
    return parameter, t.get("read_by"), span


def _ruleset(r: Reader, sid: str, body: object) -> RuleSet:
    key = key_of("rulesets", sid)
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
_RULE_REQUIRED = {"id", "title_zh", "title_en", "citation", "provenance", "when"}


def _rule(r: Reader, key: str, body: object, *, allow_replace: bool = False) -> tuple[Rule, bool]:
    """A rule, and whether it is marked ``replace = true`` (allowed in a pack's ``[[rules]]`` only)."""
    allowed = {**RULE_KEYS, "replace": (bool,)} if allow_replace else RULE_KEYS
    t = r.table(body, key, allowed, _RULE_REQUIRED)
    rid = r.ident(t["id"], f"{key}.id")
    try:
        condition = parse(t["when"])
    except ExpressionError as exc:
        raise r.fail(f"{key}.when", f"{exc.problem} in {short_repr(t['when'], 200)}", exc.reason) from None
    too_big = number_problem(condition)
    if too_big is not None:
        raise r.fail(f"{key}.when", too_big, "bad_value")
    rule = Rule(
        id=rid,
        title_zh=t["title_zh"],
        title_en=t["title_en"],
        citation=t["citation"],
        provenance=r.choice(t["provenance"], PROVENANCES, f"{key}.provenance"),
        strength=r.choice(t.get("strength", "required"), STRENGTHS, f"{key}.strength"),
        condition=condition,
        sets=r.idents(t.get("sets", []), f"{key}.sets"),
        guards=r.idents(t.get("guards", []), f"{key}.guards"),
        role=r.choice(t.get("role", "rule"), ("rule", "guard"), f"{key}.role"),
        note=t.get("note", ""),
    )
    return rule, bool(t.get("replace", False))


def rule_body(r: Reader, key: str, body: object) -> Rule:
    """A rule from a table shaped like a ``[[rules]]`` table, read by ``r`` at ``key``."""
    return _rule(r, key, body)[0]


def rule_from_data(data: Mapping[str, Any], source: str = "<reform>") -> Rule:
    """A rule from a plain mapping shaped like a ``[[rules]]`` table."""
    return _rule(Reader(source), "rule", dict(data))[0]


def _occupation(r: Reader, key: str, body: object) -> OccupationOverride:
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
        {"rules": "MAX_RULES"},
    )
    values = {
        name: r.value(value, key_of(key, "parameters", name))
        for name, value in t.get("parameters", {}).items()
    }
    bodies = cast(list[Any], t.get("rules", []))
    rules = tuple(_rule(r, f"{key}.rules[{i}]", b)[0] for i, b in enumerate(bodies))
    _no_duplicates(r, rules, f"{key}.rules")
    return OccupationOverride(
        code=t["code"],
        name=t.get("name", ""),
        parameters=values,
        drop_rules=r.idents(t.get("drop_rules", []), f"{key}.drop_rules"),
        add_rules=rules,
        citation=t.get("citation", ""),
    )
