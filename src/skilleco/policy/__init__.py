"""Policies: jurisdiction editions shipped as TOML data, loaded by id, changed only by reforms.

A policy inherits its parent's parameters, rule sets and rules and may override or drop any of
them. ``with_changes`` derives a new immutable policy (a reform); nothing is ever mutated in place.

Example:
    >>> import datetime
    >>> import skilleco
    >>> cn = skilleco.load_policy("cn-2025")
    >>> cn.rule("grade.t2023.senior.after_intermediate").provenance
    'text'
    >>> reform = cn.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4")
    >>> reform.parameter("t2023.technician.after_senior_years").at(datetime.date(2026, 1, 1))
    4
"""

from __future__ import annotations

from .diagnostics import Diagnostic
from .files import load_policy_file
from .policy import Policy
from .ranges import ParameterRange
from .registry import list_policies, load_policy
from .standards import Standard, load_standard_file, shipped_standards, with_standards

__all__ = [
    "Diagnostic",
    "ParameterRange",
    "Policy",
    "Standard",
    "list_policies",
    "load_policy",
    "load_policy_file",
    "load_standard_file",
    "shipped_standards",
    "with_standards",
]
