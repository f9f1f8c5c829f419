"""The checks of one policy file that need what it inherits: names, types and rule ids across the chain.

:mod:`skilleco.policy.loader` checks a file on its own (keys, types, ids, limits, date order). Once the
parent policy is built, :func:`check_pack` checks what the file adds against it, so that every
error names the file and the key path inside it (``rules[3].when``, ``occupations[0].drop_rules[1]``):

- a rule whose id is inherited must say ``replace = true`` (and a rule saying so must replace one);
- ``drop_rules`` name inherited rules, and do not remove a guard another rule still needs;
- rules name existing rule sets and guards, and a guard belongs to every rule set its route is in;
- conditions read facts of their rule sets' subject and existing parameters, with matching types;
- a parameter keeps its inherited type; a rule set's subject is a known fact schema;
- an occupation override names existing parameters (of the same type) and rules, and adds new ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from ..exceptions import PolicyFileError, PolicyFileReason
from ..facts.spec import FactSpec
from ..rules.check import problems, same_type, value_type
from ..rules.rule import Parameter, Rule, RuleSet
from .loader import OccupationOverride, Pack
from .reader import key_of
from .view import PolicyView

__all__ = ["check_pack", "parameter_type"]


def parameter_type(p: Parameter) -> str:
    """The checker's type of a parameter's values (``any`` when it is never set)."""
    kinds = {value_type(v) for _, v in p.timeline.entries} - {"any"}
    return kinds.pop() if len(kinds) == 1 else "any"


class _Checker:
    def __init__(self, pack: Pack, parent: PolicyView | None, schemas: Mapping[str, Mapping[str, FactSpec]]):
        self.pack = pack
        self.parent_id = parent.id if parent is not None else None
        self.schemas = schemas
        self.inherited_rules: dict[str, Rule] = dict(parent.rules) if parent is not None else {}
        self.inherited_params: Mapping[str, Parameter] = parent.parameters if parent is not None else {}
        self.rulesets: dict[str, RuleSet] = {
            **(parent.rulesets if parent is not None else {}),
            **pack.rulesets,
        }
        params = {**self.inherited_params, **pack.parameters}
        self.param_types = {n: parameter_type(p) for n, p in params.items()}

    def fail(
        self, key: str, problem: str, reason: PolicyFileReason, suggestion: str | None = None
    ) -> PolicyFileError:
        return PolicyFileError(self.pack.source, key, problem, reason=reason, suggestion=suggestion)

    def unknown(self, key: str, kind: str, name: str, known: Iterable[str], reason: PolicyFileReason) -> None:
        close = difflib.get_close_matches(name, list(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise self.fail(key, f"unknown {kind} {name!r}{hint}", reason, close[0] if close else None)

    def run(self) -> None:
        self.parameters()
        for sid, rs in self.pack.rulesets.items():
            if rs.subject not in self.schemas:
                close = difflib.get_close_matches(rs.subject, list(self.schemas), n=1)
                raise self.fail(
                    key_of("rulesets", sid, "subject"),
                    f"unknown subject {rs.subject!r} (known: {', '.join(sorted(self.schemas))})",
                    "bad_value",
                    close[0] if close else None,
                )
        rules = dict(self.inherited_rules)
        self.drops(self.pack.drop_rules, "policy.drop_rules", rules, "inherited rule")
        for i, rule in enumerate(self.pack.rules):
            self.own_id(rule, f"rules[{i}]", rules)
        final = {**rules, **{r.id: r for r in self.pack.rules}}
        for i, rule in enumerate(self.pack.rules):
            self.rule(rule, f"rules[{i}]", final)
        self.guards_kept(final, "policy.drop_rules")
        for i, occupation in enumerate(self.pack.occupations):
            self.occupation(i, occupation, final)

    def drops(self, drop: tuple[str, ...], key: str, rules: dict[str, Rule], kind: str) -> None:
        """Remove the ``drop`` ids from ``rules``: each must be there, and named once."""
        for i, rid in enumerate(drop):
            if rid in drop[:i]:
                raise self.fail(
                    f"{key}[{i}]", f"{rid!r} is already dropped at {key}[{drop.index(rid)}]", "duplicate_rule"
                )
            if rid not in rules:
                self.unknown(f"{key}[{i}]", kind, rid, rules, "unknown_rule")
            del rules[rid]

    def parameters(self) -> None:
        for name, p in self.pack.parameters.items():
            old = self.inherited_params.get(name)
            if old is None:
                continue
            was, now = parameter_type(old), parameter_type(p)
            if not same_type(was, now):
                raise self.fail(
                    key_of("parameters", name, "values"),
                    f"the inherited parameter holds a {was} (in {self.parent_id}), this file gives a {now}",
                    "bad_type",
                )

    def own_id(self, rule: Rule, key: str, inherited: Mapping[str, Rule]) -> None:
        replace = rule.id in self.pack.replaces
        if rule.id in inherited and not replace:
            raise self.fail(
                f"{key}.id",
                f"rule {rule.id!r} is inherited from {self.parent_id}: to change it, say replace = true "
                "in this [[rules]] table (or drop it in policy.drop_rules and add it again)",
                "duplicate_rule",
            )
        if replace and rule.id not in inherited:
            close = difflib.get_close_matches(rule.id, list(inherited), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise self.fail(
                f"{key}.replace",
                f"replace = true, but no inherited rule {rule.id!r} to replace{hint}",
                "unknown_rule",
                close[0] if close else None,
            )

    def rule(self, rule: Rule, key: str, rules: Mapping[str, Rule]) -> None:
        for j, sid in enumerate(rule.sets):
            if sid not in self.rulesets:
                self.unknown(f"{key}.sets[{j}]", "rule set", sid, self.rulesets, "unknown_ruleset")
        for j, guard in enumerate(rule.guards):
            if guard not in rules:
                others = [r for r in rules if r != rule.id]
                self.unknown(f"{key}.guards[{j}]", "guard rule", guard, others, "unknown_rule")
            missing = [sid for sid in rule.sets if sid not in rules[guard].sets]
            if missing:
                raise self.fail(
                    f"{key}.guards[{j}]",
                    f"guard {guard!r} is not in rule set {missing[0]!r}, which {rule.id!r} is in",
                    "unknown_rule",
                )
        subjects = dict.fromkeys(self.rulesets[sid].subject for sid in rule.sets) or {"worker": None}
        for subject in subjects:
            facts = {n: s.type for n, s in self.schemas[subject].items()}
            found = problems(rule.condition, facts, self.param_types)
            if found:
                text = "; ".join(t for _, t in found)
                raise self.fail(f"{key}.when", f"{text} in {rule.when!r}", found[0][0])

    def guards_kept(self, rules: Mapping[str, Rule], key: str) -> None:
        """An inherited rule whose guard was dropped (own rules were checked by :meth:`rule`)."""
        for rule in rules.values():
            for guard in rule.guards:
                if guard not in rules:
                    raise self.fail(
                        key, f"drops {guard!r}, which guards the rule {rule.id!r}", "unknown_rule"
                    )

    def occupation(self, i: int, occupation: OccupationOverride, rules: Mapping[str, Rule]) -> None:
        key = f"occupations[{i}]"
        for name, value in occupation.parameters.items():
            at = key_of(key, "parameters", name)
            if name not in self.param_types:
                self.unknown(at, "parameter", name, self.param_types, "unknown_parameter")
            was, now = self.param_types[name], value_type(value)
            if not same_type(was, now):
                raise self.fail(at, f"the parameter holds a {was}, the override gives a {now}", "bad_type")
        kept = dict(rules)
        self.drops(occupation.drop_rules, f"{key}.drop_rules", kept, "rule")
        for j, rule in enumerate(occupation.add_rules):
            if rule.id in kept:
                raise self.fail(
                    f"{key}.rules[{j}].id",
                    f"the policy already has a rule {rule.id!r}: drop it in {key}.drop_rules first",
                    "duplicate_rule",
                )
        final = {**kept, **{r.id: r for r in occupation.add_rules}}
        for j, rule in enumerate(occupation.add_rules):
            self.rule(rule, f"{key}.rules[{j}]", final)
        self.guards_kept(final, f"{key}.drop_rules")


def check_pack(pack: Pack, parent: PolicyView | None, schemas: Mapping[str, Mapping[str, FactSpec]]) -> None:
    """Check what ``pack`` adds to ``parent`` (``None`` for a root pack).

    Raises:
        PolicyFileError: naming ``pack.source``, the key path and the reason.
    """
    _Checker(pack, parent, schemas).run()
