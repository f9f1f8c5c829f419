"""The public questions: grades on the eight-level ladder, chain lead, exits, dual certificates.

Each takes a subject (a model or a plain dict), a policy (a :class:`~skilleco.policy.Policy` or an
id) and the date asked about, and returns a decision value; :mod:`.registry` names the questions a
what-if comparison can put to every row of a population.
"""

from __future__ import annotations

from .career import plan
from .chain import assess_chain_lead, assess_dual_certificate, check_exits, compare_editions
from .grades import assess_apprenticeship, assess_grade, assess_title_bridge, grade_profile

__all__ = [
    "assess_apprenticeship",
    "assess_chain_lead",
    "assess_dual_certificate",
    "assess_grade",
    "assess_title_bridge",
    "check_exits",
    "compare_editions",
    "grade_profile",
    "plan",
]
