"""A worker's schooling facts: graduations (this year's included), enrolments and what they trained for."""

from __future__ import annotations

import datetime as _dt

from ..models.worker import Education
from .kleene import kleene_all, or_into
from .value import Value

__all__ = ["EDUCATION_NAMES", "education_facts"]

EDUCATION_NAMES = (
    "grad_technical_school_specialty",
    "grad_assessed_vocational_intermediate",
    "grad_senior_technical_school",
    "grad_assessed_higher_vocational_advanced",
    "graduated_college_related",
    "graduated_senior_technical_school",
    "graduated_technician_college",
    "grad_vocational_or_college_specialty",
    "grad_senior_class",
    "grad_higher_vocational_or_college_specialty",
    "grad_assessed_higher_vocational_or_college_specialty",
    "student_technician_college_prep_class",
)
"""The schooling facts, in schema order."""

_TECH_SCHOOLS = frozenset({"technical_school", "senior_technical_school", "technician_college"})
_SENIOR_TECH = frozenset({"senior_technical_school", "technician_college"})
_VOCATIONAL = frozenset({"secondary_vocational", "higher_vocational"})
_COLLEGE = frozenset({"higher_vocational", "junior_college", "undergraduate", "postgraduate"})


def _graduate_incl_current_year(e: Education, on: _dt.date) -> bool | None:
    """Graduated on or before ``on``, or enrolled and expected to graduate in ``on``'s year."""
    if e.graduated_on is not None:
        return e.graduated_on <= on or e.graduated_on.year == on.year
    if e.enrolled_on is not None and e.enrolled_on > on:
        return False
    if e.expected_graduation is None:
        return None
    if e.expected_graduation.year == on.year:
        return True
    # Expected in a later year: not yet. Expected in an earlier year with no graduation recorded:
    # whether they graduated is not stated.
    return False if e.expected_graduation > on else None


def _graduated(e: Education, on: _dt.date) -> bool | None:
    if e.graduated_on is not None:
        return e.graduated_on <= on
    if e.expected_graduation is not None and e.expected_graduation > on:
        return False
    if e.enrolled_on is not None and e.enrolled_on > on:
        return False
    return None


def _enrolled(e: Education, on: _dt.date) -> bool | None:
    if e.graduated_on is not None and e.graduated_on <= on:
        return False
    if e.enrolled_on is None:
        return None
    return e.enrolled_on <= on


def education_facts(records: list[Education] | None, on: _dt.date) -> dict[str, Value]:
    """The schooling facts as of ``on``: each true if some record shows it, unknown if some might.

    Args:
        records: the worker's schooling (``None``: not stated, so every fact is unknown).
        on: the date asked about (or the records' cutoff, when earlier).
    """
    if records is None:
        return dict.fromkeys(EDUCATION_NAMES)
    out: dict[str, bool | None] = dict.fromkeys(EDUCATION_NAMES, False)
    for e in records:
        k = e.school_kind
        cy = _graduate_incl_current_year(e, on)
        cy_spec = kleene_all(cy, e.specialty_match)
        if k in _TECH_SCHOOLS:
            or_into(out, "grad_technical_school_specialty", cy_spec)
            or_into(out, "grad_vocational_or_college_specialty", cy_spec)
            senior_class = None if e.class_level is None else e.class_level != "intermediate"
            or_into(out, "grad_senior_class", kleene_all(cy, senior_class))
        if k in _VOCATIONAL:
            target = None if e.training_target is None else e.training_target == "intermediate"
            or_into(out, "grad_assessed_vocational_intermediate", kleene_all(cy, e.assessed, target))
            or_into(out, "grad_vocational_or_college_specialty", cy_spec)
        if k == "higher_vocational":
            target = None if e.training_target is None else e.training_target == "advanced"
            or_into(out, "grad_assessed_higher_vocational_advanced", kleene_all(cy, e.assessed, target))
        if k in _SENIOR_TECH:
            or_into(out, "grad_senior_technical_school", cy)
            or_into(out, "graduated_senior_technical_school", _graduated(e, on))
        if k == "technician_college":
            or_into(out, "graduated_technician_college", _graduated(e, on))
            prep = (
                None if e.class_level is None else e.class_level in ("preparatory_technician", "technician")
            )
            or_into(out, "student_technician_college_prep_class", kleene_all(_enrolled(e, on), prep))
        if k in _COLLEGE:
            or_into(out, "grad_vocational_or_college_specialty", cy_spec)
            or_into(out, "graduated_college_related", kleene_all(_graduated(e, on), e.specialty_match))
            or_into(out, "grad_higher_vocational_or_college_specialty", cy_spec)
            or_into(
                out, "grad_assessed_higher_vocational_or_college_specialty", kleene_all(cy_spec, e.assessed)
            )
    return dict(out)
