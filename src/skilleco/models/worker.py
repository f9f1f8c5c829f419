"""Input models, validated at the boundary (pydantic v2, frozen, unknown fields rejected)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from ..exceptions import InputError
from .fields import MAX_ITEMS as MAX_ITEMS
from .fields import Day as Day
from .fields import GradeField as GradeField
from .fields import NoBoolInt, NoBoolNumber, _Model, certificate_level, ordered
from .fields import Text as Text
from .plausible import refuse, worker_problems
from .schooling import Education, FormalTraining

__all__ = [
    "Apprenticeship",
    "Certificate",
    "CompetitionResult",
    "Contribution",
    "DirectRecognition",
    "Education",
    "Employer",
    "FormalTraining",
    "Occupation",
    "Post",
    "Title",
    "WorkPeriod",
    "Worker",
    "validate",
]


class Occupation(_Model):
    """The occupation the worker is assessed in.

    Attributes:
        code: the occupation code (国家职业分类大典编码) or any stable id.
        name: the occupation name.
        standard_edition: the template its national standard was written under (``t2018``,
            ``t2023``, or ``legacy``: a pre-2018 职业资格 standard, whose steps each standard sets).
        has_senior_technician: whether the occupation has a 高级技师 level (needed for posts 7–8).
    """

    code: Text
    name: Text | None = None
    standard_edition: Literal["t2018", "t2023", "legacy"] = "t2023"
    has_senior_technician: bool | None = None


class WorkPeriod(_Model):
    """A period of work; ``end`` open means still working.

    Attributes:
        start: the first day.
        end: the last day counted (open: still working).
        occupation_code: the occupation worked in. Left out, the period is taken as work in the
            worker's own occupation (``time.md``); a period in another occupation counts only where
            the occupation's standard admits it as related, and is unknown where nothing settles it.
        trade: the trade (工种) within the occupation, when stated.
        kind: ``work`` (the default), or ``trainee`` for trainee work (见习). Trainee work counts
            only toward the legacy edition's route "在本职业连续见习工作2年以上" (fact
            ``trainee_continuous_months``), never as work (``work_months`` and the months since a
            certificate or title leave it out). Like all work it starts on or after the 16th birthday.

    Checked across fields: ``end`` is not before ``start``.
    """

    start: Day
    end: Day | None = None
    occupation_code: Text | None = None
    trade: Text | None = None
    kind: Literal["work", "trainee"] = "work"

    @model_validator(mode="after")
    def _check_order(self) -> WorkPeriod:
        ordered(self.start, self.end, "work period")
        return self


class Certificate(_Model):
    """A vocational skill level certificate (or vocational qualification) at one level.

    Attributes:
        level: the grade it certifies: a grade id, label, 五级…一级, or level 5…1.
        occupation_code: the occupation it was issued in; only certificates in the worker's own
            occupation count toward its routes.
        issued_on: the issue date (unknown when left out).
        issuer_kind: who issued it.
        kind: a skill level certificate or a (pre-reform) vocational qualification certificate.
    """

    level: GradeField
    occupation_code: Text
    issued_on: Day | None = None
    issuer_kind: Literal["enterprise_self_evaluation", "social_evaluation_body", "government"] | None = None
    kind: Literal["skill_level", "vocational_qualification"] = "skill_level"

    @field_validator("level")
    @classmethod
    def _certificate_level(cls, value: str) -> str:
        return certificate_level(value)


class PrepTechnicianCertificate(_Model):
    """A preparatory-technician certificate (预备技师证书) from a technician college."""

    occupation_code: Text
    issued_on: Day | None = None


class Title(_Model):
    """A professional title (职称).

    Attributes:
        level: junior (初级/助理), intermediate (中级), deputy_senior (副高) or full_senior (正高).
        specialty_match: whether the title's specialty matches the occupation (符合专业对应关系);
            left out, routes that need it are unknown.
        obtained_on: the date obtained.
    """

    level: Literal["junior", "intermediate", "deputy_senior", "full_senior"]
    specialty_match: bool | None = None
    obtained_on: Day | None = None


class CompetitionResult(_Model):
    """A result in a vocational skills competition.

    Attributes:
        level: the competition: the national final, or a Tianjin tier (tj-2024-comp).
        award: for the national final, the award won.
        rank: the placing (1 = first).
        entrants: the number of entrants (for percentage placings).
        on: the date of the result.
        promoted_on: when a promotion was granted on the strength of this result (for the Tianjin
            once-a-year limit).

    Checked across fields: ``rank`` is not greater than ``entrants``.
    """

    level: Literal[
        "national_final",
        "tj_city_comprehensive",
        "tj_city_class1",
        "tj_city_class2",
        "tj_district",
        "tj_enterprise",
        "tj_school",
    ]
    award: Literal["gold", "silver", "bronze", "honourable_mention", "none"] | None = None
    rank: Annotated[int, Field(ge=1, le=1_000_000), NoBoolInt] | None = None
    entrants: Annotated[int, Field(ge=1, le=10_000_000), NoBoolInt] | None = None
    on: Day
    promoted_on: Day | None = None

    @model_validator(mode="after")
    def _check_rank(self) -> CompetitionResult:
        if self.rank is not None and self.entrants is not None and self.rank > self.entrants:
            raise ValueError(f"rank {self.rank} is greater than entrants {self.entrants}")
        return self


class Contribution(_Model):
    """A record that permits exceptional promotion (cpc-2022-58 §13)."""

    kind: Literal["major_process_problem", "award_provincial_or_higher", "outstanding_mentoring"]
    on: Day


class DirectRecognition(_Model):
    """An enterprise's direct recognition of an employee at a grade (cpc-2022-58 §13).

    Attributes:
        grade: the recognised grade.
        on: the date of recognition.
        by: the recognising enterprise.
        limits_waived: whether the limits of degree, seniority, age and proportion were waived.
    """

    grade: GradeField
    on: Day
    by: Text
    limits_waived: bool = False


class Post(_Model):
    """An enterprise post held: apprentice, special technician or chief technician.

    Checked across fields: ``end`` is not before ``start``.
    """

    kind: Literal["apprentice", "special_technician", "chief_technician"]
    start: Day
    end: Day | None = None

    @model_validator(mode="after")
    def _check_order(self) -> Post:
        ordered(self.start, self.end, "post")
        return self


class Apprenticeship(_Model):
    """An apprenticeship under a master (企业新型学徒制).

    Attributes:
        occupation_code: the occupation of the apprenticeship.
        start: start date.
        end: end date (planned or actual).
        completed: whether it was completed.
        probation_end: the end of the probation period.
        special_case: whether the enterprise invokes the special case allowing up to 3 years.
        monthly_wage: the apprentice's monthly wage.
        local_minimum_wage: the local monthly minimum wage.

    Checked across fields: ``end`` is not before ``start``.
    """

    occupation_code: Text
    start: Day
    end: Day | None = None
    completed: bool | None = None
    probation_end: Day | None = None
    special_case: bool = False
    monthly_wage: Annotated[float, Field(ge=0, le=1e7, allow_inf_nan=False), NoBoolNumber] | None = None
    local_minimum_wage: Annotated[float, Field(ge=0, le=1e7, allow_inf_nan=False), NoBoolNumber] | None = None

    @model_validator(mode="after")
    def _check_order(self) -> Apprenticeship:
        ordered(self.start, self.end, "apprenticeship")
        return self


class Employer(_Model):
    """What the post rules need to know about the worker's enterprise (hb-2024-10)."""

    name: Text | None = None
    above_designated_size: bool | None = None
    mainly_skilled_workforce: bool | None = None
    appoints_special_technicians: bool | None = None


class Worker(_Model):
    """A worker, as the eight-level ladder needs to see them.

    List fields left out mean "not stated" (facts read from them are unknown); an empty list means
    "stated: none". ``formal_trainings`` lists the completed formal trainings (正规培训结业) the
    legacy edition's routes name.

    Attributes:
        id: the worker's stable id.
        birth_date: the date of birth (no record may precede it; work starts at 16 at the earliest).
        frontline: whether the worker serves on the production or research front line.
        frontline_record: a strong record of solving front-line problems or of mentoring.
        annual_appraisals_passed: the consecutive most recent annual appraisals passed.
        records_complete: the records are complete: every list left out means "none".

    Checked across fields (error type ``impossible_date``): with a ``birth_date``, no record is
    dated before it, and no work (a work period, a post, the apprenticeship) starts before the 16th
    birthday. Checked against the date asked: ``birth_date`` is not after it.
    """

    id: Text
    birth_date: Day | None = None
    occupation: Occupation
    work_periods: Annotated[list[WorkPeriod], Field(max_length=MAX_ITEMS)] | None = None
    certificates: Annotated[list[Certificate], Field(max_length=MAX_ITEMS)] | None = None
    prep_technician_certificates: (
        Annotated[list[PrepTechnicianCertificate], Field(max_length=MAX_ITEMS)] | None
    ) = None
    education: Annotated[list[Education], Field(max_length=MAX_ITEMS)] | None = None
    formal_trainings: Annotated[list[FormalTraining], Field(max_length=MAX_ITEMS)] | None = None
    titles: Annotated[list[Title], Field(max_length=MAX_ITEMS)] | None = None
    competitions: Annotated[list[CompetitionResult], Field(max_length=MAX_ITEMS)] | None = None
    contributions: Annotated[list[Contribution], Field(max_length=MAX_ITEMS)] | None = None
    direct_recognitions: Annotated[list[DirectRecognition], Field(max_length=MAX_ITEMS)] | None = None
    posts: Annotated[list[Post], Field(max_length=MAX_ITEMS)] | None = None
    apprenticeship: Apprenticeship | None = None
    employer: Employer | None = None
    frontline: bool | None = None
    frontline_record: bool | None = None
    annual_appraisals_passed: Annotated[int, Field(ge=0, le=100), NoBoolInt] | None = None
    records_complete: bool = False
    """When true, list fields (and the apprenticeship) left out mean "none", not "not stated"."""

    @model_validator(mode="before")
    @classmethod
    def _complete_lists(cls, data: Any) -> Any:
        if isinstance(data, dict) and _says_true(data.get("records_complete")):
            return {
                **{key: [] for key in _LIST_FIELDS},
                **{k: v for k, v in data.items() if v is not None or k not in _LIST_FIELDS},
            }
        return data

    @model_validator(mode="after")
    def _possible_dates(self) -> Worker:
        # Nothing before the birth, no work before 16: grades.md, "Dates must be possible".
        refuse("Worker", worker_problems(self))
        return self


def _says_true(value: object) -> bool:
    """``True`` as pydantic's lax bool reads it (``true``, ``1``, ``yes``... from a CSV cell)."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on", "t", "y")
    return value is True or (type(value) is int and value == 1)


_LIST_FIELDS = (
    "work_periods",
    "certificates",
    "prep_technician_certificates",
    "education",
    "formal_trainings",
    "titles",
    "competitions",
    "contributions",
    "direct_recognitions",
    "posts",
)


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: M | Mapping[str, Any] | str | bytes) -> M:
    """Validate ``data`` (a model, a dict, or JSON text) as ``model``.

    Raises:
        InputError: with pydantic's structured errors kept (field path, value, expectation).
    """
    if isinstance(data, model):
        return data
    try:
        if isinstance(data, str | bytes):
            return model.model_validate_json(data)
        if isinstance(data, BaseModel):
            data = data.model_dump()
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(model.__name__, exc.errors(include_url=False)) from None
