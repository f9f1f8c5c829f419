"""Hypothesis strategies for skilleco's input models, expression trees and fact mappings.

Install the ``testing`` extra (``pip install "skilleco[testing]"``) to use this package; skilleco
itself never imports it, so hypothesis stays a test-time dependency.

Every model strategy draws *valid* instances: ends never precede starts, a rank never exceeds the
number of entrants, certificates are at a certificate level (``junior`` … ``senior_technician``),
and every date lies between :data:`DEFAULT_MIN_DATE` and :data:`DEFAULT_MAX_DATE` unless you widen
the bounds (the models accept 1900-01-01 to 2100-12-31).

The hostile strategies (:func:`hostile_json`, :func:`hostile_text`, :func:`hostile_dates`,
:func:`json_texts`, :func:`mutated`) draw the opposite: input meant to break a function that trusts
it, for fuzzing (skilleco's own fuzz suite feeds them to every public function).

Example:
    >>> from hypothesis import given
    >>> import skilleco
    >>> from skilleco.testing import dates, workers
    >>> @given(workers(edition="t2023", complete=True), dates())
    ... def test_decides(worker, on):
    ...     d = skilleco.assess_grade(worker, "senior", policy="cn-2025", on=on)
    ...     assert d.status in ("eligible", "ineligible", "undetermined")
    >>> test_decides()
"""

from __future__ import annotations

from .expressions import exprs, fact_values
from .hostile import hostile_dates, hostile_json, hostile_text, json_texts, mutated
from .records import (
    COMPETITION_LEVELS,
    OCCUPATION_CODES,
    apprenticeships,
    certificates,
    competition_results,
    contributions,
    direct_recognitions,
    employers,
    occupations,
    posts,
    prep_technician_certificates,
    titles,
    work_periods,
)
from .schooling import MAJORS, educations, formal_trainings
from .values import DEFAULT_MAX_DATE, DEFAULT_MIN_DATE, JSONValue, dates, kleene_values
from .worker import worker_dicts, workers

__all__ = [
    "COMPETITION_LEVELS",
    "DEFAULT_MAX_DATE",
    "DEFAULT_MIN_DATE",
    "MAJORS",
    "OCCUPATION_CODES",
    "JSONValue",
    "apprenticeships",
    "certificates",
    "competition_results",
    "contributions",
    "dates",
    "direct_recognitions",
    "educations",
    "employers",
    "exprs",
    "fact_values",
    "formal_trainings",
    "hostile_dates",
    "hostile_json",
    "hostile_text",
    "json_texts",
    "kleene_values",
    "mutated",
    "occupations",
    "posts",
    "prep_technician_certificates",
    "titles",
    "work_periods",
    "worker_dicts",
    "workers",
]
