"""A worker's schooling facts: graduations (this year's included), degrees, enrolments, training targets.

"In the specialty or a related one" (本专业或相关专业) is the record's stated ``specialty_match``, or,
left out, what the occupation's standard's list of majors says of the record's major
(:func:`~skilleco.facts.relation.specialty_related`); unknown when neither settles it.
"""

from __future__ import annotations

import datetime as _dt

from ..models.schooling import DEGREE_LEVELS, Education
from .kleene import kleene_all, or_into
from .relation import Kinship, specialty_related
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
    "graduated_junior_college_related",
    "graduated_bachelor_related",
    "grad_master_or_above_related",
    "graduated_doctor_related",
    "student_higher_ed_related",
    "grad_assessed_vocational_intermediate_related",
    "grad_assessed_higher_vocational_advanced_related",
)
"""The schooling facts, in schema order."""

_TECH_SCHOOLS = frozenset({"technical_school", "senior_technical_school", "technician_college"})
_SENIOR_TECH = frozenset({"senior_technical_school", "technician_college"})
_VOCATIONAL = frozenset({"secondary_vocational", "higher_vocational"})
_COLLEGE = frozenset({"higher_vocational", "junior_college", "undergraduate", "postgraduate"})
_POSTGRADUATE = frozenset({"master", "doctor"})


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


def _in_school(e: Education, on: _dt.date) -> bool | None:
    """A student on ``on`` (在校生, any year of study): enrolled by then and not yet graduated.

    Stricter than :func:`_enrolled` on one point: a record whose expected graduation has passed
    with no graduation recorded may have graduated (``_graduated`` says unknown), so whether the
    person is still a student is unknown too.
    """
    enrolled = _enrolled(e, on)
    passed = e.expected_graduation is not None and e.expected_graduation <= on
    return None if enrolled is True and e.graduated_on is None and passed else enrolled


def _degree_is(e: Education, levels: frozenset[str]) -> bool | None:
    """Whether the record's degree is one of ``levels``: stated, or read from its school kind."""
    if e.degree_level is not None:
        return e.degree_level in levels
    possible = DEGREE_LEVELS.get(e.school_kind, frozenset())
    if possible <= levels:
        return bool(possible)
    return None if possible & levels else False


def education_facts(
    records: list[Education] | None, on: _dt.date, kinship: Kinship | None = None
) -> dict[str, Value]:
    """The schooling facts as of ``on``: each true if some record shows it, unknown if some might.

    Args:
        records: the worker's schooling (``None``: not stated, so every fact is unknown).
        on: the date asked about (or the records' cutoff, when earlier).
        kinship: the occupation's standard, whose list of majors settles a record's specialty
            where the record does not state it (``None``: no standard on file).
    """
    if records is None:
        return dict.fromkeys(EDUCATION_NAMES)
    out: dict[str, bool | None] = dict.fromkeys(EDUCATION_NAMES, False)
    for e in records:
        k = e.school_kind
        cy = _graduate_incl_current_year(e, on)
        related = specialty_related(e.specialty_match, e.major, kinship, e.school_kind)
        cy_spec = kleene_all(cy, related)
        if k in _TECH_SCHOOLS:
            or_into(out, "grad_technical_school_specialty", cy_spec)
            or_into(out, "grad_vocational_or_college_specialty", cy_spec)
            senior_class = None if e.class_level is None else e.class_level != "intermediate"
            or_into(out, "grad_senior_class", kleene_all(cy, senior_class))
        if k in _VOCATIONAL:
            target = None if e.training_target is None else e.training_target == "intermediate"
            assessed = kleene_all(cy, e.assessed, target)
            or_into(out, "grad_assessed_vocational_intermediate", assessed)
            or_into(out, "grad_assessed_vocational_intermediate_related", kleene_all(assessed, related))
            or_into(out, "grad_vocational_or_college_specialty", cy_spec)
        if k == "higher_vocational":
            target = None if e.training_target is None else e.training_target == "advanced"
            assessed = kleene_all(cy, e.assessed, target)
            or_into(out, "grad_assessed_higher_vocational_advanced", assessed)
            or_into(out, "grad_assessed_higher_vocational_advanced_related", kleene_all(assessed, related))
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
            graduated_related = kleene_all(_graduated(e, on), related)
            or_into(out, "grad_vocational_or_college_specialty", cy_spec)
            or_into(out, "graduated_college_related", graduated_related)
            or_into(out, "grad_higher_vocational_or_college_specialty", cy_spec)
            or_into(
                out, "grad_assessed_higher_vocational_or_college_specialty", kleene_all(cy_spec, e.assessed)
            )
            _degree_facts(out, e, on, cy_spec, graduated_related)
            or_into(out, "student_higher_ed_related", kleene_all(_in_school(e, on), related))
    return dict(out)


_JUNIOR_COLLEGE = frozenset({"junior_college"})
_BACHELOR = frozenset({"bachelor"})
_DOCTOR = frozenset({"doctor"})


def _degree_facts(
    out: dict[str, bool | None], e: Education, on: _dt.date, cy_spec: bool | None, graduated: bool | None
) -> None:
    """The degree routes of ``standards.md`` (std-ldgx): 大学专科 and 大学本科 graduates (毕业证书 /
    学历证书 held), 硕士研究生及以上 (current-year included), 博士研究生 graduates."""
    if graduated is not False:
        or_into(
            out, "graduated_junior_college_related", kleene_all(graduated, _degree_is(e, _JUNIOR_COLLEGE))
        )
        or_into(out, "graduated_bachelor_related", kleene_all(graduated, _degree_is(e, _BACHELOR)))
        or_into(out, "graduated_doctor_related", kleene_all(graduated, _degree_is(e, _DOCTOR)))
    if cy_spec is not False:
        or_into(out, "grad_master_or_above_related", kleene_all(cy_spec, _degree_is(e, _POSTGRADUATE)))
