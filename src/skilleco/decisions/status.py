"""What a decision's status is, given its rules' values: the hit policies, and an exit report's status.

These are the meanings of the statuses, so they live with the values: the engine gives a decision
the status :func:`combine` gives for its rule set, and a decision document read back must have the
status :func:`combine` gives for its findings (issue 15, L5); an exit report's status is
:func:`overall` of its units'. (The stages run ``decisions`` before ``engine`` and ``questions``:
this module imports neither; ``tests/decisions/test_document_checks.py`` checks that
``engine.decide.combine`` and the exit question give exactly what this module gives.)

Hit policies (``rules.rule.HitPolicy``):

- ``any_route``: ``eligible`` when a route (a rule of role ``rule``) holds, deciding: the routes
  that hold; else ``undetermined`` when a route is unknown (deciding: those); else ``ineligible``
  (deciding: every route).
- ``any_triggers``: ``exit`` when a scenario holds (deciding: those); else ``undetermined`` when one
  is unknown (deciding: those); else ``retain``.
- ``all_of``: ``ineligible`` when a ``required`` rule fails (deciding: those); else
  ``undetermined`` when a ``required`` or ``in_principle`` rule is unknown (deciding: the unknown
  ones); else ``review`` when an ``in_principle`` rule fails (deciding: those); else ``eligible``
  (deciding: the required and in-principle rules). ``priority`` rules never decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, Protocol, TypeAlias

__all__ = ["HIT_POLICIES", "RuleLike", "any_route", "combine", "overall"]

Value: TypeAlias = bool | None
"""A rule's value after its guards: holds, does not, or unknown (Kleene logic)."""
Status: TypeAlias = Literal["eligible", "review", "ineligible", "undetermined", "retain", "exit"]
HIT_POLICIES = ("all_of", "any_triggers", "any_route")


class RuleLike(Protocol):
    """What :func:`combine` reads of a rule: a rule of a policy, or a finding's record of one."""

    @property
    def id(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def strength(self) -> str: ...


def any_route(routes: tuple[str, ...], values: Mapping[str, object]) -> tuple[Status, tuple[str, ...]]:
    """The ``any_route`` status of the route ids ``routes`` (in rule order) and the deciding ids."""
    holding = tuple(r for r in routes if values[r] is True)
    if holding:
        return "eligible", holding
    undecided = tuple(r for r in routes if values[r] is None)
    return ("undetermined", undecided) if undecided else ("ineligible", routes)


def combine(
    hit: str, rules: Sequence[RuleLike], values: Mapping[str, object]
) -> tuple[Status, tuple[str, ...]]:
    """The status under hit policy ``hit`` of ``rules`` with ``values`` (by rule id, after guards),
    and the rule ids that decided it (see the module docstring)."""
    if hit == "any_route":
        return any_route(tuple(r.id for r in rules if r.role == "rule"), values)
    if hit == "any_triggers":
        triggered = tuple(r.id for r in rules if values[r.id] is True)
        if triggered:
            return "exit", triggered
        unknown = tuple(r.id for r in rules if values[r.id] is None)
        return ("undetermined", unknown) if unknown else ("retain", ())
    required = [r for r in rules if r.strength == "required"]
    principle = [r for r in rules if r.strength == "in_principle"]
    failing = tuple(r.id for r in required if values[r.id] is False)
    if failing:
        return "ineligible", failing
    unknown = tuple(r.id for r in (*required, *principle) if values[r.id] is None)
    if unknown:
        return "undetermined", unknown
    soft = tuple(r.id for r in principle if values[r.id] is False)
    if soft:
        return "review", soft
    return "eligible", tuple(r.id for r in (*required, *principle))


def overall(statuses: Sequence[str]) -> Status:
    """An exit report's status from its units': ``exit`` if one exits, else ``undetermined`` if one
    cannot be decided, else ``retain``."""
    if "exit" in statuses:
        return "exit"
    return "undetermined" if "undetermined" in statuses else "retain"
