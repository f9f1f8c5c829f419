"""National occupational standards (国家职业技能标准) as data: read from TOML, applied to a policy.

A worker is judged by the standard of their occupation. A standard file says which template its
routes follow (``t2018``, ``t2023``), which levels it has, whether work and certificates in other
occupations count (本职业 / 本职业或相关职业, and which), its majors and trades, and how its routes
depart from the template: thresholds changed, routes removed, routes added (degree and student
routes), each citing its clause. Files are parsed with :mod:`tomllib` and checked like policy packs
(size limit, every key known, did-you-mean, conditions parsed, never executed).
:func:`with_standards` gives a policy that judges each occupation with a standard on file by it, and
every other by the template (``shared/policy/standards.md``).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, cast

import attrs

from ..exceptions import PolicyFileError, SkillecoError, UnknownParameterError, UnknownRuleError
from ..facts.relation import Kinship
from ..facts.value import Value
from ..ladder import CERTIFICATE_GRADES
from ..models.limits import MAX_LIST_ITEMS
from .loader import OccupationOverride, as_path, parse_toml_bytes, read_file_bytes, rule_body
from .policy import Policy
from .ranges import check_in_range
from .reader import Reader, key_of

__all__ = ["Standard", "load_standard_file", "read_standard", "shipped_standards", "with_standards"]

EDITIONS = ("t2018", "t2023", "legacy")
"""The templates a standard's routes may follow (legacy: pre-2018 职业资格 standards)."""
LEVELS = tuple(g.id for g in CERTIFICATE_GRADES)
_STANDARD_KEYS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "occupation_code": (str,),
    "occupation_name": (str,),
    "code_provenance": (str,),
    "document": (str,),
    "issued_on": (_dt.date,),
    "edition": (str,),
    "levels": (list,),
    "related_count": (bool,),
    "related_occupations": (list,),
    "majors": (list,),
    "majors_by_school": (dict,),
    "related_certificates": (list,),
    "trades": (list,),
    "provenance": (str,),
    "note": (str,),
    "drop_routes": (list,),
}
_REQUIRED = {"id", "occupation_code", "occupation_name", "edition", "levels", "related_count", "provenance"}
_ROUTE_KEYS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "target": (str,),
    "title_zh": (str,),
    "title_en": (str,),
    "citation": (str,),
    "provenance": (str,),
    "when": (str,),
    "note": (str,),
}


@attrs.frozen
class Standard:
    """One occupation's national standard, as far as application conditions go.

    Attributes:
        id: the standard's id (``std-dg-2018``), cited as ``<id> <level>(<route>)``.
        occupation_code: the occupation it applies to (国家职业分类大典编码).
        occupation_name: its name.
        code_provenance: ``secondary`` where the code is read from a copy of the standard,
            ``modelled`` where it is our lookup (the reference gives none).
        document: the document number (人社厅发[2018]145号), when known.
        issued_on: its date, when known.
        edition: the template its routes follow (``t2018``, ``t2023``).
        levels: the certificate levels it has, lowest first (some start above 五级).
        kinship: whether and which other occupations count, its majors and trades.
        related_certificates: the related certificates (相关职业资格证书) it names, as text.
        override: its thresholds, routes removed and routes added, as applied to a policy.
        provenance: of its content (``secondary``: a third-party verbatim copy).
        source: the file it was read from.
    """

    id: str
    occupation_code: str
    occupation_name: str
    code_provenance: str
    document: str
    issued_on: _dt.date | None
    edition: str
    levels: tuple[str, ...]
    kinship: Kinship
    related_certificates: tuple[str, ...]
    override: OccupationOverride
    provenance: str
    source: str

    def with_changes(self, parameters: Mapping[str, Value]) -> Standard:
        """This standard with some of its thresholds changed: a reform of one occupation.

        ``with_standards(policy, [std.with_changes({...})])`` replaces the occupation's standard in
        ``policy``; compare the two policies as any baseline and reform.

        Example:
            >>> import skilleco
            >>> ldgx = skilleco.shipped_standards()["4-07-03-02"]
            >>> dict(ldgx.with_changes({"t2018.intermediate.worked_years": 3}).override.parameters)
            {'t2018.intermediate.worked_years': 3}
        """
        merged = MappingProxyType({**self.override.parameters, **parameters})
        return attrs.evolve(self, override=attrs.evolve(self.override, parameters=merged))


def read_standard(source: str, raw: bytes) -> Standard:
    """A standard from a file's bytes (``source`` names it in errors).

    Raises:
        PolicyFileError: too large, not TOML, a key unknown or of the wrong type, a level, edition
            or provenance not among the allowed, a route's condition that does not parse.
    """
    data = parse_toml_bytes(source, raw)
    r = Reader(source)
    top = r.table(
        data,
        "",
        {"standard": (dict,), "parameters": (dict,), "routes": (list,)},
        {"standard"},
        {"routes": "MAX_RULES"},
    )
    t = r.table(top["standard"], "standard", _STANDARD_KEYS, _REQUIRED)
    sid = r.ident(t["id"], "standard.id")
    edition = r.choice(t["edition"], EDITIONS, "standard.edition")
    levels = tuple(
        r.choice(v, LEVELS, f"standard.levels[{i}]")
        for i, v in enumerate(r.strings(t["levels"], "standard.levels"))
    )
    if not levels or list(levels) != sorted(levels, key=LEVELS.index) or len(set(levels)) != len(levels):
        raise r.fail(
            "standard.levels",
            f"expected distinct levels from lowest to highest, got {list(levels)}",
            "bad_value",
        )
    provenance = r.choice(t["provenance"], ("text", "secondary", "modelled"), "standard.provenance")
    related = [
        _related(r, f"standard.related_occupations[{i}]", b)
        for i, b in enumerate(t.get("related_occupations", []))
    ]
    codes = frozenset(c for _, c in related if c)
    kinship = Kinship(
        own_only=not t["related_count"],
        related=(codes if related else None),
        complete=all(c for _, c in related),
        trades=frozenset(r.strings(t.get("trades", []), "standard.trades")),
        majors=frozenset(r.strings(t["majors"], "standard.majors")) if "majors" in t else None,
        majors_by_school=_by_school(r, t.get("majors_by_school", {})),
    )
    values = {
        name: r.value(value, key_of("parameters", name)) for name, value in top.get("parameters", {}).items()
    }
    routes = cast(list[Any], top.get("routes", []))
    added = tuple(_route(r, f"routes[{i}]", body, edition, sid, levels) for i, body in enumerate(routes))
    override = OccupationOverride(
        code=t["occupation_code"],
        name=t["occupation_name"],
        parameters=MappingProxyType(values),
        drop_rules=r.idents(t.get("drop_routes", []), "standard.drop_routes"),
        add_rules=added,
        citation=sid,
        standard=sid,
        edition=edition,
        levels=levels,
        kinship=kinship,
    )
    return Standard(
        id=sid,
        occupation_code=t["occupation_code"],
        occupation_name=t["occupation_name"],
        code_provenance=r.choice(
            t.get("code_provenance", "secondary"), ("secondary", "modelled"), "standard.code_provenance"
        ),
        document=t.get("document", ""),
        issued_on=t.get("issued_on"),
        edition=edition,
        levels=levels,
        kinship=kinship,
        related_certificates=r.strings(t.get("related_certificates", []), "standard.related_certificates"),
        override=override,
        provenance=provenance,
        source=source,
    )


SCHOOL_KINDS = (
    "technical_school",
    "senior_technical_school",
    "technician_college",
    "secondary_vocational",
    "higher_vocational",
    "junior_college",
    "undergraduate",
    "postgraduate",
)
"""The kinds of school a standard may list majors for (``Education.school_kind``)."""


def _by_school(r: Reader, body: dict[str, Any]) -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for kind, majors in body.items():
        key = key_of("standard.majors_by_school", kind)
        r.choice(kind, SCHOOL_KINDS, key)
        if not isinstance(majors, list):
            raise r.fail(key, f"expected a list of majors, got {majors!r}", "bad_type")
        out.append((kind, frozenset(r.strings(majors, key))))
    return tuple(sorted(out, key=lambda pair: pair[0]))


def _related(r: Reader, key: str, body: object) -> tuple[str, str]:
    t = r.table(body, key, {"name": (str,), "code": (str,)}, {"name"})
    return t["name"], t.get("code", "")


def _route(r: Reader, key: str, body: object, edition: str, sid: str, levels: tuple[str, ...]) -> Any:
    t = r.table(
        body, key, _ROUTE_KEYS, {"id", "target", "title_zh", "title_en", "citation", "provenance", "when"}
    )
    target = r.choice(t["target"], levels, f"{key}.target")
    rule_data = {k: v for k, v in t.items() if k != "target"}
    return rule_body(r, key, {**rule_data, "sets": [f"grade.{edition}.{target}"]})


def load_standard_file(path: str | os.PathLike[str]) -> Standard:
    """A standard from a ``.toml`` file.

    Raises:
        PolicyFileError: unreadable, too large or complex, not TOML or malformed (see
            :func:`read_standard`); ``path`` not a path (reason ``bad_type``).

    Example:
        >>> from skilleco.policy.standards import shipped_standards
        >>> sorted(shipped_standards())[:2]
        ['4-04-05-05', '4-10-01-02']
    """
    p = as_path(path)
    raw = read_file_bytes(p, str(p))
    return read_standard(str(p), raw)


def shipped_standards() -> Mapping[str, Standard]:
    """The standards that ship with skilleco, by occupation code (``shared/policy/standards.md``)."""
    folder = resources.files("skilleco.policy.packs").joinpath("standards")
    out = {}
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".toml"):
            s = read_standard(f"standards/{item.name}", item.read_bytes())
            out[s.occupation_code] = s
    return MappingProxyType(out)


def with_standards(policy: Policy, standards: Iterable[Standard] | Mapping[str, Standard]) -> Policy:
    """``policy`` judging each occupation with a standard among ``standards`` by it.

    Each standard's thresholds, removed and added routes are checked against the policy now (an
    unknown parameter, rule or fact is a :class:`PolicyFileError` naming the standard's file).

    Raises:
        PolicyFileError: a standard that does not fit the policy, or two for one occupation.
    """
    items = list(standards.values() if isinstance(standards, Mapping) else standards)
    if len(items) > MAX_LIST_ITEMS * 10:
        raise PolicyFileError(
            "<standards>", "<list>", f"more than {MAX_LIST_ITEMS * 10} standards", reason="too_large"
        )
    occupations = dict(policy.occupations)
    seen: dict[str, str] = {}
    for s in items:
        if s.occupation_code in seen:
            raise PolicyFileError(
                s.source,
                "standard.occupation_code",
                f"{s.occupation_code!r} already has a standard ({seen[s.occupation_code]})",
                reason="duplicate_occupation",
            )
        seen[s.occupation_code] = s.id
        for name, value in s.override.parameters.items():
            check_in_range(policy.ranges, name, value, s.source, key_of("parameters", name))
        occupations[s.occupation_code] = s.override
    out = attrs.evolve(policy, occupations=MappingProxyType(occupations))
    for s in items:
        try:
            out.for_occupation(s.occupation_code)
        except PolicyFileError:
            raise
        except UnknownParameterError as exc:
            raise PolicyFileError(s.source, "parameters", str(exc), reason="unknown_parameter") from None
        except UnknownRuleError as exc:
            raise PolicyFileError(s.source, "standard.drop_routes", str(exc), reason="unknown_rule") from None
        except SkillecoError as exc:  # anything else the policy refuses
            raise PolicyFileError(s.source, "<standard>", str(exc), reason="invalid") from None
    return out
