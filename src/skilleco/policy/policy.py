"""The policy value: a jurisdiction edition's parameters, rule sets and rules, and its reforms.

A :class:`Policy` is immutable; :meth:`Policy.with_changes` derives a reform and
:meth:`Policy.for_occupation` an occupation's own version, each through :func:`assemble`, which
builds a policy and checks it. Shipped policies are loaded by id in :mod:`skilleco.policy.registry`;
inheritance between packs is resolved in :mod:`skilleco.policy.build`.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from .. import _present
from ..exceptions import InputError, PolicyFileError, UnknownParameterError, UnknownRuleError
from ..facts.chain import CHAIN_SCHEMAS
from ..facts.spec import WORKER_FACTS, FactSpec
from ..facts.value import Value
from ..rules.rule import Parameter, Rule, RuleSet
from .content import OccupationOverride, content_hash, frozen_map, frozen_strings
from .diagnostics import Diagnostic, diagnose
from .loader import rule_from_data
from .policy_check import check_rules, check_sets
from .ranges import ParameterRange, check_changes
from .reform import changed_timeline, reform_arguments

__all__ = ["MEMO_LIMIT", "SCHEMAS", "Policy", "assemble"]

SCHEMAS: Mapping[str, Mapping[str, FactSpec]] = MappingProxyType({"worker": WORKER_FACTS, **CHAIN_SCHEMAS})
"""Fact schemas by subject kind; every rule set names the one its rules read."""

MEMO_LIMIT = 4096
"""The most entries a policy's memo holds (its keys are finite anyway: rule sets × date segments)."""

_T = TypeVar("_T")


@attrs.frozen(eq=False)
class Policy:
    """A jurisdiction edition: parameters, rule sets and rules, possibly reformed.

    Use :func:`~skilleco.policy.load_policy` to get one; use :meth:`with_changes` to derive a reform.

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
        ranges: parameter name to the values it may take (a pack's ``min`` and ``max``), for the
            numeric parameters that state one; reforms outside it are refused.
    """

    id: str
    title_zh: str
    title_en: str
    jurisdiction: str
    parent: str | None
    label: str | None
    # Every mapping a read-only view of a private copy, every sequence a tuple (finding M8).
    parameters: Mapping[str, Parameter] = attrs.field(converter=frozen_map)
    rules: Mapping[str, Rule] = attrs.field(converter=frozen_map)
    rulesets: Mapping[str, RuleSet] = attrs.field(converter=frozen_map)
    occupations: Mapping[str, OccupationOverride] = attrs.field(converter=frozen_map)
    sources: tuple[str, ...] = attrs.field(converter=frozen_strings)
    ancestors: tuple[str, ...] = attrs.field(default=(), converter=frozen_strings)
    read_by: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_map)
    ranges: Mapping[str, ParameterRange] = attrs.field(factory=dict, converter=frozen_map)
    _members: Mapping[str, tuple[Rule, ...]] = attrs.field(init=False, repr=False)
    _dates: tuple[_dt.date, ...] = attrs.field(init=False, repr=False)
    _segments: tuple[Mapping[str, Value], ...] = attrs.field(init=False, repr=False)
    _occupation_cache: dict[str, Policy] = attrs.field(init=False, repr=False)
    _lock: threading.Lock = attrs.field(init=False, repr=False)
    _memo: dict[Hashable, object] = attrs.field(init=False, repr=False)
    _hash: str = attrs.field(init=False, repr=False, default="")
    # Set by the registry on the shipped policies it caches (see _mark_shipped).
    _reload: Callable[[str], Policy] | None = attrs.field(init=False, repr=False, default=None)

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
        """A SHA-256 of what can change the policy's answers: parameters, rule sets, rules and the
        occupation overrides (standards included). Equal content, equal hash (``policy.content``)."""
        if not self._hash:
            # Computed once, on first use; the value depends only on immutable content.
            digest = content_hash(self.parameters, self.rulesets, self.rules, self.occupations)
            object.__setattr__(self, "_hash", digest)
        return self._hash

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
            PolicyFileError: a new rule that is malformed or reads unknown names, an argument of
                the wrong kind (reason ``bad_type``), or a value outside the parameter's range
                (:attr:`ranges`; reason ``bad_value``, naming the parameter).
        """
        drop, add, replace = reform_arguments(changes, label, drop, add, replace)
        reform = self._derive(changes, label=label, drop=drop, add=add, replace=replace)
        check_changes(self.ranges, changes)  # once each value is read (a number past MAX_NUMBER...)
        return reform

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
            params[name] = attrs.evolve(old, timeline=changed_timeline(old.timeline, name, change))
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
        return assemble(
            self,
            params=params,
            rules=rules,
            label=label,
            source="<reform>",
            changed_params=set(changes or {}),
        )

    def for_occupation(self, code: str) -> Policy:
        """This policy with an occupation's own thresholds and routes applied (itself if none).

        Raises:
            InputError: ``code`` is not text (error type ``bad_argument``, at ``code``).
        """
        if not isinstance(code, str):
            problem = {"loc": ("code",), "input": code, "msg": "expected an occupation code as text"}
            raise InputError("arguments", [{**problem, "type": "bad_argument"}])
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
            >>> from skilleco import load_policy
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
        """The id (with the reform label) and the policy's dimensions, on one line."""
        n = (len(self.rules), len(self.parameters), len(self.rulesets))
        return f"<Policy {self.display_id}: {n[0]} rules, {n[1]} parameters, {n[2]} rule sets>"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle a shipped policy by id and any other (a reform) by its declared content.

        The lock, caches and lookup tables are rebuilt on load, so a policy can travel to worker
        processes (Dask, Spark). A shipped policy unpickles to the process's own cached copy.
        """
        load = self._reload
        if load is not None and self.label is None and load(self.id) is self:
            return load, (self.id,)
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(Policy) if f.init}
        for name in _MAPPINGS:
            fields[name] = dict(fields[name])  # a mappingproxy does not pickle
        return _unpickle_policy, (fields,)

    def _mark_shipped(self, load: Callable[[str], Policy]) -> None:
        """Make this the copy that a pickle reloads by id, with ``load`` (the registry's ``load_policy``).

        The registry calls this on each shipped policy it caches. It builds on this module, so this
        module cannot import it to ask whether a policy is the cached copy.
        """
        object.__setattr__(self, "_reload", load)

    def _repr_html_(self) -> str:
        """Notebook HTML: dimensions, every parameter's latest value, the first 20 rules."""
        return _present.text(self, "html")


_MAPPINGS = ("parameters", "rules", "rulesets", "occupations", "read_by", "ranges")


def _unpickle_policy(fields: dict[str, Any]) -> Policy:
    return Policy(**fields)  # the converters make the mappings read-only again


_MISSING = object()


def assemble(
    base: Policy | None,
    *,
    params: Mapping[str, Parameter],
    rules: Mapping[str, Rule],
    label: str | None,
    source: str,
    changed_params: set[str] | None = None,
    **fields: Any,
) -> Policy:
    """Build a policy and check it: rule sets exist, guards exist, names and types are right.

    ``base`` (a policy derived from, else ``None``) gives the metadata ``fields`` do not; base rules
    reading none of ``changed_params`` were checked when it was built and are not checked again.

    Raises:
        PolicyFileError: naming ``source``: an unknown rule set or guard, or an ill-typed condition.
    """
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
            "ranges": base.ranges,
        }
    )
    values.update(fields)
    check_sets(rules, values["rulesets"], source)
    policy = Policy(
        label=label,
        parameters=params,
        rules=rules,
        rulesets=values["rulesets"],
        occupations=values["occupations"],
        read_by=values.get("read_by", {}),
        ranges=values.get("ranges", {}),
        ancestors=values.get("ancestors", ()),
        **{k: values[k] for k in ("id", "title_zh", "title_en", "jurisdiction", "parent", "sources")},
    )
    check_rules(
        rules,
        rulesets=values["rulesets"],
        parameters=params,
        schemas=SCHEMAS,
        source=source,
        base_rules=None if base is None else base.rules,
        changed_params=changed_params,
    )
    return policy
