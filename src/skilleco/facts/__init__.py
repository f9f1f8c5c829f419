"""Facts: the flat, typed record a rule reads, derived from a model as of a date.

Facts are the one contract between data and rules. Each fact is a value or unknown (``None``);
"known absent" is spelled with a companion ``has_…`` flag (``has_cert_senior`` false), so a rule
never confuses "no certificate" with "not stated". Records dated after ``on`` do not exist yet.

Example:
    >>> from skilleco.facts import WORKER_FACTS
    >>> WORKER_FACTS["work_months"].type, WORKER_FACTS["work_months"].temporal
    ('int', True)
"""

from __future__ import annotations

from .spec import WORKER_FACTS, FactSpec, FactType, worker_facts

__all__ = [
    "WORKER_FACTS",
    "FactSpec",
    "FactType",
    "worker_facts",
]
