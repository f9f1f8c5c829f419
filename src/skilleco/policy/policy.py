"""Policies: jurisdiction editions shipped as TOML data, loaded by id, changed only by reforms."""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import hashlib
import json
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from .. import _present
from ..exceptions import PolicyFileError, UnknownParameterError, UnknownPolicyError, UnknownRuleError, _short
from ..facts.chain import CHAIN_SCHEMAS
from ..facts.spec import WORKER_FACTS, FactSpec
from ..facts.value import Value
from ..models.limits import MAX_INHERITANCE_DEPTH
from ..rules.check import problems, value_type
from ..rules.expr import to_data
from ..rules.rule import Parameter, Rule, RuleSet
from ..rules.timeline import Timeline
from .diagnostics import Diagnostic, diagnose
from .loader import OccupationOverride, Pack, read_pack_bytes, read_value, rule_from_data
from .pack_check import check_pack

__all__ = ["Diagnostic", "Policy", "list_policies", "load_policy"]

SCHEMAS: Mapping[str, Mapping[str, FactSpec]] = MappingProxyType({"worker": WORKER_FACTS, **CHAIN_SCHEMAS})
"""Fact schemas by subject kind; every rule set names the one its rules read."""

_PACKAGE = "skilleco.policy.packs"

MEMO_LIMIT = 4096
"""The most entries a policy's memo holds (its keys are finite anyway: rule sets × date segments)."""

_T = TypeVar("_T")


@attrs.frozen(eq=False)
class Policy:
    """A jurisdiction edition: parameters, rule sets and rules, possibly reformed.

    Use :func:`load_policy` to get one; use :meth:`with_changes` to derive a reform.

    Attributes:
        id: the policy id (``cn-2025``, ``gd-2025``, ...).
        title_zh: Chinese title.
        title_en: English title.
        jurisdiction: ``cn``, ``gd``, ``sz``, ``bj``, ``tj``, ...
        parent: the parent policy id, if any.
        label: the reform label, ``None`` for a shipped policy.
        parameters: parameters by name.
        rules: rules by id, in declaration order.
        rulesets: rule sets by id.
        occupations: per-occupation overrides by occupation code.
        sources: the files it was read from, root first.
        ancestors: the parent, grandparent, ... ids, nearest first (a pack's own files included, so
            a policy read from a user's file knows its whole lineage).
        read_by: parameter name to what reads it other than rules (a pack's ``read_by`` key), for
            parameters no rule reads on purpose; see :meth:`diagnostics`.
    """

    id: str
    title_zh: str
    title_en: str
    jurisdiction: str
    parent: str | None
    label: str | None
    parameters: Mapping[str, Parameter]
    rules: Mapping[str, Rule]
    rulesets: Mapping[str, RuleSet]
    occupations: Mapping[str, OccupationOverride]
    sources: tuple[str, ...]
    ancestors: tuple[str, ...] = ()
    read_by: Mapping[str, str] = attrs.field(factory=lambda: MappingProxyType({}))
    _members: Mapping[str, tuple[Rule, ...]] = attrs.field(init=False, repr=False)
    _dates: tuple[_dt.date, ...] = attrs.field(init=False, repr=False)
    _segments: tuple[Mapping[str, Value], ...] = attrs.field(init=False, repr=False)
    _occupation_cache: dict[str, Policy] = attrs.field(init=False, repr=False)
    _lock: threading.Lock = attrs.field(init=False, repr=False)
    _memo: dict[Hashable, object] = attrs.field(init=False, repr=False)
    _hash: str = attrs.field(init=False, repr=False, default="")

    def __attrs_post_init__(self) -> None:
        members: dict[str, list[Rule]] = {sid: [] for sid in self.rulesets}
        for rule in self.rules.values():
            for sid in rule.sets:
                members[sid].append(rule)
        object.__setattr__(self, "_members", MappingProxyType({k: tuple(v) for k, v in members.items()}))
        # Parameter values are constant between change dates: precompute one mapping per segment
        # so a lookup by date is one bisect.
        dates = sorted({d for p in self.parameters.values() for d, _ in p.timeline.entries})
        segments = [MappingProxyType({name: p.at(d) for name, p in self.parameters.items()}) for d in dates]
        object.__setattr__(self, "_dates", tuple(dates))
        object.__setattr__(self, "_segments", tuple(segments))
        object.__setattr__(self, "_occupation_cache", {})
        object.__setattr__(self, "_lock", threading.Lock())
        object.__setattr__(self, "_memo", {})

    # --- lookups --------------------------------------------------------------------------------

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id.

        Raises:
            UnknownRuleError: with a did-you-mean suggestion.
        """
        try:
            return self.rules[rule_id]
        except (KeyError, TypeError):  # TypeError: an unhashable id (a list)
            raise UnknownRuleError(rule_id, self.rules) from None

    def ruleset(self, ruleset_id: str) -> RuleSet:
        """The rule set with this id (raises :class:`UnknownRuleError`)."""
        try:
            return self.rulesets[ruleset_id]
        except (KeyError, TypeError):  # TypeError: an unhashable id (a list)
            raise UnknownRuleError(ruleset_id, self.rulesets) from None

    def members(self, ruleset_id: str) -> tuple[Rule, ...]:
        """The rules of a rule set, in declaration order."""
        self.ruleset(ruleset_id)
        return self._members[ruleset_id]

    def parameter(self, name: str) -> Parameter:
        """The parameter with this name (raises :class:`UnknownParameterError`)."""
        try:
            return self.parameters[name]
        except (KeyError, TypeError):  # TypeError: an unhashable name (a list)
            raise UnknownParameterError(name, self.parameters) from None

    def params_at(self, on: _dt.date) -> Mapping[str, Value]:
        """Every parameter's value in force on ``on`` (``None`` where unset)."""
        i = bisect.bisect_right(self._dates, on)
        if i == 0:
            return MappingProxyType(dict.fromkeys(self.parameters))
        return self._segments[i - 1]

    def _segment(self, on: _dt.date) -> int:
        """The index of the date segment ``on`` falls in: 0 before any parameter is set, then one more
        at each date a parameter changes. Parameter values are constant within a segment."""
        return bisect.bisect_right(self._dates, on)

    def _cached(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """``build()``, computed once per ``key`` for this policy and kept (the engine's plans).

        Safe under threads: the read is a single dict lookup; a miss builds outside the lock (two
        threads may both build; the first stored wins, and both values are equal) and stores under
        it. At most :data:`MEMO_LIMIT` entries are kept; past that a value is built and not stored.
        """
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            built = build()
            with self._lock:
                if len(self._memo) >= MEMO_LIMIT:
                    return built
                found = self._memo.setdefault(key, built)
        return found  # type: ignore[return-value]  # stored by build() for this key: a _T

    @property
    def display_id(self) -> str:
        """The id with the reform label, if any (``gd-2025 [wait 4]``)."""
        return self.id if self.label is None else f"{self.id} [{self.label}]"

    def content_hash(self) -> str:
        """A SHA-256 of the policy's content (parameters, rule sets, rules): equal content, equal hash."""
        if not self._hash:
            # Computed once, on first use; the value depends only on immutable content.
            object.__setattr__(self, "_hash", self._compute_hash())
        return self._hash

    def _compute_hash(self) -> str:
        doc = {
            "parameters": {
                n: [[d.isoformat(), _jsonable(v)] for d, v in p.timeline.entries]
                for n, p in sorted(self.parameters.items())
            },
            "rulesets": {s.id: [s.hit, s.question, s.subject, s.target] for s in self.rulesets.values()},
            "rules": {
                r.id: [to_data(r.condition), r.strength, r.provenance, list(r.sets), list(r.guards), r.role]
                for r in self.rules.values()
            },
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    # --- reforms --------------------------------------------------------------------------------

    def with_changes(
        self,
        changes: Mapping[str, object] | None = None,
        *,
        label: str,
        drop: Iterable[str] = (),
        add: Iterable[Rule | Mapping[str, Any]] = (),
        replace: Iterable[Rule | Mapping[str, Any]] = (),
    ) -> Policy:
        """Derive a new policy (a reform). This policy is unchanged.

        Args:
            changes: parameter name to new value. A plain value replaces the whole timeline; a
                mapping ``{"from": date, "value": v}`` adds an entry from that date.
            label: a short label shown in every decision made under the reform.
            drop: rule ids to remove.
            add: new rules (``Rule`` values or mappings shaped like a ``[[rules]]`` table).
            replace: rules replacing existing ones with the same id.

        Raises:
            UnknownParameterError: a parameter that does not exist.
            UnknownRuleError: a rule to drop or replace that does not exist.
            PolicyFileError: a new rule that is malformed or reads unknown names, or an argument of
                the wrong kind (reason ``bad_type``).
        """
        drop, add, replace = _reform_arguments(changes, label, drop, add, replace)
        return self._derive(changes, label=label, drop=drop, add=add, replace=replace)

    def _derive(
        self,
        changes: Mapping[str, object] | None,
        *,
        label: str | None,
        drop: Iterable[str] = (),
        add: Iterable[Rule | Mapping[str, Any]] = (),
        replace: Iterable[Rule | Mapping[str, Any]] = (),
    ) -> Policy:
        params = dict(self.parameters)
        for name, change in (changes or {}).items():
            old = self.parameter(name)
            params[name] = attrs.evolve(old, timeline=_changed_timeline(old.timeline, name, change))
        rules = dict(self.rules)
        for rid in drop:
            self.rule(rid)
            rules.pop(rid, None)  # dropping a rule twice drops it once
        for item in replace:
            rule = item if isinstance(item, Rule) else rule_from_data(item)
            self.rule(rule.id)
            rules[rule.id] = rule
        for item in add:
            rule = item if isinstance(item, Rule) else rule_from_data(item)
            if rule.id in rules:
                raise PolicyFileError(
                    "<reform>", rule.id, "a rule with this id exists; use replace=", reason="duplicate_rule"
                )
            rules[rule.id] = rule
        return _assemble(
            self,
            params=params,
            rules=rules,
            label=label,
            source="<reform>",
            changed_params=set(changes or {}),
        )

    def for_occupation(self, code: str) -> Policy:
        """This policy with an occupation's own thresholds and routes applied (itself if none)."""
        override = self.occupations.get(code)
        if override is None:
            return self
        with self._lock:
            cached = self._occupation_cache.get(code)
            if cached is None:
                cached = self._derive(
                    override.parameters,
                    label=self.label,
                    drop=override.drop_rules,
                    add=override.add_rules,
                )
                self._occupation_cache[code] = cached
        return cached

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Load-time findings that are not errors: routes that can never hold, duplicate routes and
        parameters no rule reads. See ``docs/reference/policy-packs.md`` for what each check sees.

        Example:
            >>> [d.parameter for d in load_policy("gd-2025").diagnostics()][:2]
            ['post.special.quota', 'post.term_years']
        """
        return diagnose(self)

    def describe(self) -> list[dict[str, object]]:
        """One row per rule: id, sets, strength, provenance, citation, titles, condition."""
        return [
            {
                "id": r.id,
                "sets": list(r.sets),
                "strength": r.strength,
                "provenance": r.provenance,
                "citation": r.citation,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "when": r.when,
            }
            for r in self.rules.values()
        ]

    def __repr__(self) -> str:
        return f"<Policy {self.display_id}: {len(self.rules)} rules, {len(self.parameters)} parameters>"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle a shipped policy by id and any other (a reform) by its declared content.

        The lock, caches and lookup tables are rebuilt on load, so a policy can travel to worker
        processes (Dask, Spark). A shipped policy unpickles to the process's own cached copy.
        """
        if self.label is None and self.id in list_policies() and _load_builtin(self.id) is self:
            return load_policy, (self.id,)
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(Policy) if f.init}
        for name in _MAPPINGS:
            fields[name] = dict(fields[name])  # a mappingproxy does not pickle
        return _unpickle_policy, (fields,)

    def _repr_html_(self) -> str:
        return _present.text(self, "html")


_MAPPINGS = ("parameters", "rules", "rulesets", "occupations", "read_by")


def _unpickle_policy(fields: dict[str, Any]) -> Policy:
    for name in _MAPPINGS:
        if name in fields:
            fields[name] = MappingProxyType(fields[name])
    return Policy(**fields)


_MISSING = object()


def _jsonable(value: Value) -> object:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _reform_arguments(
    changes: object, label: object, drop: object, add: object, replace: object
) -> tuple[tuple[str, ...], tuple[Rule | Mapping[str, Any], ...], tuple[Rule | Mapping[str, Any], ...]]:
    """The arguments of :meth:`Policy.with_changes` checked for their kind (they often come from
    JSON): ``drop``, ``add`` and ``replace`` as tuples.

    Raises:
        PolicyFileError: naming the argument (``changes``, ``label``, ``add[1]``, ...) and what arrived.
    """

    def fail(key: str, expected: str, got: object) -> PolicyFileError:
        return PolicyFileError("<reform>", key, f"expected {expected}, got {_short(got)}", reason="bad_type")

    if changes is not None and not isinstance(changes, Mapping):
        raise fail("changes", "a mapping of parameter names to values", changes)
    if not isinstance(label, str):
        raise fail("label", "text", label)
    out: list[tuple[Any, ...]] = []
    for key, items, kinds, expected in (
        ("drop", drop, (str,), "a rule id"),
        ("add", add, (Rule, Mapping), "a rule or a mapping shaped like a [[rules]] table"),
        ("replace", replace, (Rule, Mapping), "a rule or a mapping shaped like a [[rules]] table"),
    ):
        if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
            raise fail(key, "a list", items)
        found = tuple(items)
        for i, item in enumerate(found):
            if not isinstance(item, kinds):
                raise fail(f"{key}[{i}]", expected, item)
        out.append(found)
    return out[0], out[1], out[2]


def _changed_timeline(old: Timeline[Value], name: str, change: object) -> Timeline[Value]:
    try:
        if isinstance(change, Mapping):
            if set(change) != {"from", "value"}:
                raise ValueError("expected {'from': date, 'value': v}")
            from ..models.dates import read_date

            return old.with_entry(read_date(change["from"]), read_value(change["value"]))
        return Timeline(((_dt.date(1900, 1, 1), read_value(change)),))
    except ValueError as exc:
        raise PolicyFileError(
            "<reform>", name, str(exc), reason=getattr(exc, "reason", "bad_value")
        ) from None


def _assemble(
    base: Policy | None,
    *,
    params: Mapping[str, Parameter],
    rules: Mapping[str, Rule],
    label: str | None,
    source: str,
    changed_params: set[str] | None = None,
    **fields: Any,
) -> Policy:
    """Build a policy and check it: rule sets exist, guards exist, names and types are right."""
    values: dict[str, Any] = (
        {}
        if base is None
        else {
            "id": base.id,
            "title_zh": base.title_zh,
            "title_en": base.title_en,
            "jurisdiction": base.jurisdiction,
            "parent": base.parent,
            "rulesets": base.rulesets,
            "occupations": base.occupations,
            "sources": base.sources,
            "ancestors": base.ancestors,
            "read_by": base.read_by,
        }
    )
    values.update(fields)
    _check_sets(rules, values["rulesets"], source)
    policy = Policy(
        label=label,
        parameters=MappingProxyType(dict(params)),
        rules=MappingProxyType(dict(rules)),
        rulesets=MappingProxyType(dict(values["rulesets"])),
        occupations=MappingProxyType(dict(values["occupations"])),
        read_by=MappingProxyType(dict(values.get("read_by", {}))),
        ancestors=values.get("ancestors", ()),
        **{k: values[k] for k in ("id", "title_zh", "title_en", "jurisdiction", "parent", "sources")},
    )
    param_types = {n: _param_type(p) for n, p in params.items()}
    for rule in rules.values():
        unchanged = base is not None and rule is base.rules.get(rule.id)
        if unchanged and changed_params is not None and not set(rule.params) & changed_params:
            continue  # unchanged rule reading unchanged parameters: checked when base was built
        for guard in rule.guards:
            if guard not in rules:
                raise PolicyFileError(
                    source, f"{rule.id}.guards", f"unknown guard rule {guard!r}", reason="unknown_rule"
                )
        for sid in rule.sets:
            schema = SCHEMAS.get(values["rulesets"][sid].subject)
            if schema is None:
                raise PolicyFileError(
                    source,
                    f"rulesets.{sid}.subject",
                    f"unknown subject (known: {', '.join(SCHEMAS)})",
                    reason="bad_value",
                )
            found = problems(rule.condition, {n: s.type for n, s in schema.items()}, param_types)
            if found:
                text = "; ".join(t for _, t in found) + f" in {rule.when!r}"
                raise PolicyFileError(source, f"{rule.id}.when", text, reason=found[0][0])
    return policy


def _check_sets(rules: Mapping[str, Rule], rulesets: Mapping[str, RuleSet], source: str) -> None:
    for rule in rules.values():
        for sid in rule.sets:
            if sid not in rulesets:
                raise PolicyFileError(
                    source, f"{rule.id}.sets", f"unknown rule set {sid!r}", reason="unknown_ruleset"
                )


def _param_type(p: Parameter) -> str:
    kinds = {value_type(v) for _, v in p.timeline.entries} - {"any"}
    if not kinds:
        return "any"
    if len(kinds) > 1:
        raise PolicyFileError("<reform>", p.name, f"values of mixed types {sorted(kinds)}", reason="bad_type")
    return kinds.pop()


# --- the shipped packs ------------------------------------------------------------------------------


def _pack_files() -> dict[str, Any]:
    return {
        f.name.removesuffix(".toml"): f
        for f in resources.files(_PACKAGE).iterdir()
        if f.name.endswith(".toml")
    }


def list_policies() -> tuple[str, ...]:
    """The ids of the shipped policies, sorted."""
    return tuple(sorted(_pack_files()))


@functools.lru_cache(maxsize=64)
def _read_builtin(policy_id: str) -> Pack:
    files = _pack_files()
    if policy_id not in files:
        raise UnknownPolicyError(policy_id, files)
    f = files[policy_id]
    name = f"skilleco/policy/packs/{f.name}"
    pack = read_pack_bytes(name, f.read_bytes())
    if pack.id != policy_id:
        raise PolicyFileError(
            name,
            "policy.id",
            f"expected {policy_id!r} (the file name), got {pack.id!r}",
            reason="id_mismatch",
        )
    return pack


@functools.lru_cache(maxsize=64)
def _load_builtin(policy_id: str) -> Policy:
    return build_policy(policy_id, _read_builtin, built=_shipped_parent)


def _shipped_parent(policy_id: str) -> Policy | None:
    return _load_builtin(policy_id) if policy_id in _pack_files() else None


def build_policy(
    policy_id: str,
    read: Callable[[str], Pack],
    _chain: tuple[str, ...] = (),
    *,
    built: Callable[[str], Policy | None] | None = None,
) -> Policy:
    """Resolve inheritance for ``policy_id`` using ``read(id) -> Pack``.

    Args:
        policy_id: the policy to build.
        read: reads one pack by id, raising :class:`UnknownPolicyError` for an id it does not know.
        built: an already built policy by id, or ``None`` (so shipped parents come from the cache).

    Raises:
        UnknownPolicyError: ``policy_id`` itself is unknown.
        PolicyFileError: a pack is malformed, or its parent is unknown or closes a cycle.
    """
    pack = read(policy_id)
    if pack.parent is None:
        return policy_from_pack(pack, None)
    chain = (*_chain, policy_id)
    if pack.parent in chain:
        cycle = " -> ".join((*chain[chain.index(pack.parent) :], pack.parent))
        raise PolicyFileError(pack.source, "policy.parent", f"inheritance cycle {cycle}", reason="cycle")
    parent = built(pack.parent) if built is not None else None
    if parent is None:
        try:
            parent = build_policy(pack.parent, read, chain, built=built)
        except UnknownPolicyError as exc:
            if exc.name != pack.parent:
                raise
            hint = f"; did you mean {exc.suggestion!r}?" if exc.suggestion else ""
            raise PolicyFileError(
                pack.source,
                "policy.parent",
                f"unknown parent policy {pack.parent!r}{hint}",
                reason="unknown_parent",
                suggestion=exc.suggestion,
            ) from None
    return policy_from_pack(pack, parent)


def policy_from_pack(pack: Pack, parent: Policy | None) -> Policy:
    """The policy a pack defines on top of its (built) parent, after checking the pack against it."""
    ancestors = () if parent is None else (parent.id, *parent.ancestors)
    if len(ancestors) > MAX_INHERITANCE_DEPTH:
        raise PolicyFileError(
            pack.source,
            "policy.parent",
            f"more than {MAX_INHERITANCE_DEPTH} ancestors ({' -> '.join(ancestors)})",
            reason="too_large",
        )
    check_pack(pack, parent, SCHEMAS)
    params = dict(parent.parameters) if parent else {}
    rules = dict(parent.rules) if parent else {}
    for rid in pack.drop_rules:
        del rules[rid]
    params.update(pack.parameters)
    rules.update({r.id: r for r in pack.rules})
    meta = pack.meta
    return _assemble(
        None,
        params=params,
        rules=rules,
        label=None,
        source=pack.source,
        id=pack.id,
        title_zh=meta["title_zh"],
        title_en=meta["title_en"],
        jurisdiction=meta["jurisdiction"],
        parent=pack.parent,
        rulesets={**(parent.rulesets if parent else {}), **pack.rulesets},
        occupations={**(parent.occupations if parent else {}), **{o.code: o for o in pack.occupations}},
        sources=(*(parent.sources if parent else ()), pack.source),
        ancestors=ancestors,
        read_by={**(parent.read_by if parent else {}), **pack.read_by},
    )


def load_policy(policy: str | Policy) -> Policy:
    """The shipped policy with this id (a :class:`Policy` passes through unchanged).

    Raises:
        UnknownPolicyError: no such policy (with a did-you-mean suggestion).
        PolicyFileError: the shipped pack is malformed.
    """
    if isinstance(policy, Policy):
        return policy
    if not isinstance(policy, str):
        raise UnknownPolicyError(_short(policy), list_policies())
    return _load_builtin(policy)
