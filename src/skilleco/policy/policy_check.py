"""The checks of a built policy's rules: rule sets and guards exist, conditions read known names.

:func:`~skilleco.policy.pack_check.check_pack` checks a file against its parent with key paths into
the file; these checks run on every policy assembled (a pack's, a reform's, an occupation's), so a
reform's new rules and changed parameter types are checked too.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..exceptions import PolicyFileError
from ..facts.spec import FactSpec
from ..rules.check import number_problem, problems, value_type
from ..rules.rule import Parameter, Rule, RuleSet

__all__ = ["check_rules", "check_sets"]


def check_sets(rules: Mapping[str, Rule], rulesets: Mapping[str, RuleSet], source: str) -> None:
    """Every rule names existing rule sets.

    Raises:
        PolicyFileError: an unknown rule set (reason ``unknown_ruleset``).
    """
    for rule in rules.values():
        for sid in rule.sets:
            if sid not in rulesets:
                raise PolicyFileError(
                    source, f"{rule.id}.sets", f"unknown rule set {sid!r}", reason="unknown_ruleset"
                )


def check_rules(
    rules: Mapping[str, Rule],
    *,
    rulesets: Mapping[str, RuleSet],
    parameters: Mapping[str, Parameter],
    schemas: Mapping[str, Mapping[str, FactSpec]],
    source: str,
    base_rules: Mapping[str, Rule] | None = None,
    changed_params: set[str] | None = None,
) -> None:
    """Guards exist, rule sets' subjects are known schemas, conditions read known names with right types.

    Args:
        rules: the policy's rules by id.
        rulesets: its rule sets by id (every rule's sets among them: see :func:`check_sets`).
        parameters: its parameters by name.
        schemas: fact schemas by subject kind.
        source: the file (or ``<reform>``) errors name.
        base_rules: the rules of the policy this one is derived from, if any.
        changed_params: the parameters the derivation changed; a base rule reading none of them was
            checked when the base was built and is skipped.

    Raises:
        PolicyFileError: naming the rule and the key (``<rule id>.guards``, ``<rule id>.when``, ...).
    """
    param_types = {n: _param_type(p) for n, p in parameters.items()}
    for rule in rules.values():
        unchanged = base_rules is not None and rule is base_rules.get(rule.id)
        if unchanged and changed_params is not None and not set(rule.params) & changed_params:
            continue  # unchanged rule reading unchanged parameters: checked when base was built
        too_big = number_problem(rule.condition)
        if too_big is not None:
            raise PolicyFileError(source, f"{rule.id}.when", too_big, reason="bad_value")
        for guard in rule.guards:
            if guard not in rules:
                raise PolicyFileError(
                    source, f"{rule.id}.guards", f"unknown guard rule {guard!r}", reason="unknown_rule"
                )
        for sid in rule.sets:
            schema = schemas.get(rulesets[sid].subject)
            if schema is None:
                raise PolicyFileError(
                    source,
                    f"rulesets.{sid}.subject",
                    f"unknown subject (known: {', '.join(schemas)})",
                    reason="bad_value",
                )
            found = problems(rule.condition, {n: s.type for n, s in schema.items()}, param_types)
            if found:
                text = "; ".join(t for _, t in found) + f" in {rule.when!r}"
                raise PolicyFileError(source, f"{rule.id}.when", text, reason=found[0][0])


def _param_type(p: Parameter) -> str:
    kinds = {value_type(v) for _, v in p.timeline.entries} - {"any"}
    if not kinds:
        return "any"
    if len(kinds) > 1:
        raise PolicyFileError("<reform>", p.name, f"values of mixed types {sorted(kinds)}", reason="bad_type")
    return kinds.pop()
