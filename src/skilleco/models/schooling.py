"""School records and formal training: what a worker studied, to which degree, and when.

``standards.md`` routes name school kinds (技工学校, 高级技工学校, 技师学院, 职业学校), degree levels
(大学专科, 大学本科, 硕士研究生, 博士研究生), students (高等院校在校生) and, in the legacy edition, formal
training (正规培训达规定标准学时数，并取得结业证书). Every field left out is *not stated*.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from pydantic import field_validator, model_validator

from .fields import Day, GradeField, Text, _Model, certificate_level, ordered

__all__ = ["DEGREE_LEVELS", "DegreeLevel", "Education", "FormalTraining", "SchoolKind"]

SchoolKind = Literal[
    "technical_school",
    "senior_technical_school",
    "technician_college",
    "secondary_vocational",
    "higher_vocational",
    "junior_college",
    "undergraduate",
    "postgraduate",
]
DegreeLevel = Literal["junior_college", "bachelor", "master", "doctor"]
"""The degree (学历层次) a higher-education record gives: 专科, 本科, 硕士, 博士."""

DEGREE_LEVELS: Mapping[str, frozenset[DegreeLevel]] = MappingProxyType(
    {
        "junior_college": frozenset({"junior_college"}),
        "higher_vocational": frozenset({"junior_college", "bachelor"}),  # 高职专科, 职业本科
        "undergraduate": frozenset({"bachelor"}),
        "postgraduate": frozenset({"master", "doctor"}),
    }
)
"""The degree levels a record of each school kind may give (kinds not listed give none). A record
that states no ``degree_level`` may have any of its kind's levels."""


class Education(_Model):
    """A school record (technical school, vocational school, college or university).

    Attributes:
        school_kind: the kind of school.
        class_level: for technical schools, the class (中级工班, 高级工班, 预备技师班, 技师班).
        specialty_match: whether the specialty matches the occupation (本专业或相关专业). Stated, it
            wins; left out, the occupation's standard settles it from ``major`` where the standard
            lists its majors, and it is unknown otherwise.
        assessed: whether the school was assessed (经评估论证) for the occupation.
        training_target: for assessed vocational schools, the skill level it trains to.
        enrolled_on: enrolment date.
        graduated_on: actual graduation date.
        expected_graduation: expected graduation date while enrolled.
        degree_level: the degree the record gives (学历层次): ``junior_college`` (专科),
            ``bachelor`` (本科), ``master`` (硕士) or ``doctor`` (博士); only for higher education, and
            one its school kind gives (:data:`DEGREE_LEVELS`). Left out: any level the kind gives
            (a ``postgraduate`` record is a master's or a doctor's).
        major: the major (专业) studied, by its Chinese name (``劳动与社会保障``), matched against
            the majors the occupation's standard lists when ``specialty_match`` is left out.

    A student (在校生, any year of study) is a record enrolled on or before the date asked and not
    graduated by it; a current-year graduate (应届毕业生) has graduated, or is enrolled and expected to
    graduate in the calendar year of the date asked (``time.md``).

    Checked across fields: ``graduated_on`` and ``expected_graduation`` are not before
    ``enrolled_on``; ``degree_level`` is one ``school_kind`` gives (:data:`DEGREE_LEVELS`).
    """

    school_kind: SchoolKind
    class_level: Literal["intermediate", "senior", "preparatory_technician", "technician"] | None = None
    specialty_match: bool | None = None
    assessed: bool | None = None
    training_target: Literal["intermediate", "advanced"] | None = None
    enrolled_on: Day | None = None
    graduated_on: Day | None = None
    expected_graduation: Day | None = None
    degree_level: DegreeLevel | None = None
    major: Text | None = None

    @model_validator(mode="after")
    def _check_order(self) -> Education:
        ordered(self.enrolled_on, self.graduated_on, "education")
        ordered(self.enrolled_on, self.expected_graduation, "education (expected graduation)")
        level = self.degree_level
        if level is not None and level not in DEGREE_LEVELS.get(self.school_kind, ()):
            gives = sorted(DEGREE_LEVELS.get(self.school_kind, ()))
            raise ValueError(
                f"degree_level {level!r} is not a degree a {self.school_kind!r} record gives "
                f"({', '.join(repr(g) for g in gives) if gives else 'none'})"
            )
        return self


class FormalTraining(_Model):
    """A completed formal training (正规培训) for a certificate level, legacy edition (``standards.md``).

    The legacy standards' routes read "经本职业中级正规培训达规定标准学时数，并取得结业证书": trained
    for the level in the occupation for the standard hours, with the completion certificate (结业证书).

    Attributes:
        level: the grade trained for: a grade id, label, 五级…一级, or level 5…1.
        occupation_code: the occupation trained in; it counts where a certificate in it would.
        completed_on: the day the completion certificate was obtained.
    """

    level: GradeField
    occupation_code: Text
    completed_on: Day

    @field_validator("level")
    @classmethod
    def _certificate_level(cls, value: str) -> str:
        return certificate_level(value)
