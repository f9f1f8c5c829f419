"""Decisions: frozen values with their reasons, citations and provenance.

A decision is a value, never an exception. It renders as text (zh and en), Markdown, HTML
(``_repr_html_``) and dict/JSON, and reads back from dict/JSON into an equal value.

Statuses: ``eligible``, ``review`` (only in-principle rules fail), ``ineligible``, ``undetermined``;
exit checks use ``retain``, ``exit``, ``undetermined``. Finding statuses are ``yes``, ``no`` and
``unknown`` (Kleene logic).
"""

from __future__ import annotations

from .career_plan import Plan
from .decision import Decision, Status
from .documents import FORMAT_VERSION
from .editions import EditionComparison
from .exits import Evidence, ExitReport, UnitExit
from .finding import Finding, FindingStatus, ParamUse
from .profile import GradeProfile

__all__ = [
    "FORMAT_VERSION",
    "Decision",
    "EditionComparison",
    "Evidence",
    "ExitReport",
    "Finding",
    "FindingStatus",
    "GradeProfile",
    "ParamUse",
    "Plan",
    "Status",
    "UnitExit",
]
