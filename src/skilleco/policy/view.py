"""What the checks and diagnostics read of a policy, as a protocol, so they need not import it.

:class:`~skilleco.policy.Policy` is built on :mod:`~skilleco.policy.pack_check` and
:mod:`~skilleco.policy.diagnostics`; they in turn read a built policy (a pack's parent, the policy
diagnosed) through :class:`PolicyView`, which ``Policy`` satisfies, so the dependency runs one way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from ..rules.rule import Parameter, Rule, RuleSet
from .loader import OccupationOverride

__all__ = ["PolicyView"]


class PolicyView(Protocol):
    """The parts of a built policy that checks and diagnostics read."""

    @property
    def id(self) -> str:
        """The policy id."""

    @property
    def parameters(self) -> Mapping[str, Parameter]:
        """Parameters by name."""

    @property
    def rules(self) -> Mapping[str, Rule]:
        """Rules by id, in declaration order."""

    @property
    def rulesets(self) -> Mapping[str, RuleSet]:
        """Rule sets by id."""

    @property
    def occupations(self) -> Mapping[str, OccupationOverride]:
        """Per-occupation overrides by occupation code."""

    @property
    def read_by(self) -> Mapping[str, str]:
        """Parameter name to what reads it other than rules."""

    def members(self, ruleset_id: str) -> tuple[Rule, ...]:
        """The rules of a rule set, in declaration order."""
