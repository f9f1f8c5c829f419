"""skilleco: the skills-ecological-chain policy (产教评技能生态链) as typed, versioned, explainable rules.

Pure functions over validated input; every answer is a :class:`~skilleco.decisions.Decision` with
its reasons, citations and provenance. Nothing reads the clock, the network or the environment:
the date asked about is always an argument.

Example:
    >>> import skilleco
    >>> worker = {"id": "w1", "birth_date": "2000-05-01", "records_complete": True,
    ...           "occupation": {"code": "6-31-01-03", "standard_edition": "t2023"},
    ...           "certificates": [{"level": "senior", "occupation_code": "6-31-01-03",
    ...                             "issued_on": "2021-03-15"}],
    ...           "work_periods": [{"start": "2019-07-01"}]}
    >>> d = skilleco.assess_grade(worker, "technician", policy="cn-2025", on="2026-03-14")
    >>> d.status, d.earliest_date
    ('ineligible', datetime.date(2026, 3, 15))
"""

from __future__ import annotations

from ._version import __version__
from .decisions import (
    Decision,
    EditionComparison,
    Evidence,
    ExitReport,
    Finding,
    GradeProfile,
    Plan,
    UnitExit,
)
from .exceptions import (
    InputError,
    MissingDependencyError,
    PolicyFileError,
    PopulationError,
    SkillecoError,
    UnknownPolicyError,
    UnknownRuleError,
)
from .ladder import GRADES, Grade, grade
from .models import Chain, ChainMember, DualCertificateCandidate, GbaCandidate, Organisation, Worker
from .policy import (
    Policy,
    Standard,
    list_policies,
    load_policy,
    load_policy_file,
    load_standard_file,
    shipped_standards,
    with_standards,
)
from .population import Population, read_population
from .questions import (
    assess_apprenticeship,
    assess_chain_lead,
    assess_dual_certificate,
    assess_grade,
    assess_title_bridge,
    check_exits,
    compare_editions,
    grade_profile,
    plan,
)
from .rules import Parameter, Rule, RuleSet
from .whatif import (
    Comparison,
    Pipeline,
    PipelineComparison,
    Sweep,
    compare,
    compare_pipeline,
    pipeline,
    sweep,
)

__all__ = [
    "GRADES",
    "Chain",
    "ChainMember",
    "Comparison",
    "Decision",
    "DualCertificateCandidate",
    "EditionComparison",
    "Evidence",
    "ExitReport",
    "Finding",
    "GbaCandidate",
    "Grade",
    "GradeProfile",
    "InputError",
    "MissingDependencyError",
    "Organisation",
    "Parameter",
    "Pipeline",
    "PipelineComparison",
    "Plan",
    "Policy",
    "PolicyFileError",
    "Population",
    "PopulationError",
    "Rule",
    "RuleSet",
    "SkillecoError",
    "Standard",
    "Sweep",
    "UnitExit",
    "UnknownPolicyError",
    "UnknownRuleError",
    "Worker",
    "__version__",
    "assess_apprenticeship",
    "assess_chain_lead",
    "assess_dual_certificate",
    "assess_grade",
    "assess_title_bridge",
    "check_exits",
    "compare",
    "compare_editions",
    "compare_pipeline",
    "grade",
    "grade_profile",
    "list_policies",
    "load_policy",
    "load_policy_file",
    "load_standard_file",
    "pipeline",
    "plan",
    "read_population",
    "shipped_standards",
    "sweep",
    "with_standards",
]
