"""Input models for the chain questions: organisations, their standing data and dated records.

Chains live in :mod:`skilleco.models.chains`, certificate candidates in
:mod:`skilleco.models.candidates`; all are re-exported by :mod:`skilleco.models`.

Validated at the boundary (pydantic v2, frozen, unknown fields rejected), with the conventions of
:mod:`skilleco.models`:

- a list field left out (``None``) means *not stated*: facts read from it are unknown;
- an empty list means *stated, and there are none*;
- a flag left out (``None``) is unknown, never false;
- dated records dated after the date asked about do not exist yet.

Source: ``shared/policy/chain.md`` (member kinds, lead criteria, exit scenarios, dual certificates).

Example:
    >>> from skilleco.models import Organisation
    >>> org = Organisation.model_validate({"id": "o1", "kind": "enterprise", "size_class": "large"})
    >>> org.kind, org.violations is None
    ('enterprise', True)
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .fields import MAX_ITEMS, Day, NoBoolInt, Text

__all__ = [
    "DishonestyListing",
    "FraudFinding",
    "Incident",
    "Organisation",
    "OrganisationKind",
    "PeriodicAssessment",
    "Profile",
    "Registration",
    "StandingEvent",
    "Violation",
    "WithdrawalApplication",
    "YearlyActivity",
]

OrganisationKind = Literal[
    "enterprise",
    "university",
    "vocational_college",
    "technical_school",
    "training_institution",
    "evaluation_institution",
    "hr_service",
    "industry_association",
    "government",
]
"""The member kinds of a chain (chain.md, "Member kinds the model must know")."""

PlaceId = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_\-]*$",
        max_length=60,
        description="a place id in lowercase pinyin: shenzhen, beijing, guangdong, ...",
    ),
]
Year = Annotated[int, Field(ge=1900, le=2100), NoBoolInt]
Count = Annotated[int, Field(ge=0, le=100_000_000), NoBoolInt]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _not_before(value: _dt.date | None, info: ValidationInfo, start: str) -> _dt.date | None:
    """Reject an end date before the start date, naming the end field."""
    begin = info.data.get(start)
    if value is not None and isinstance(begin, _dt.date) and value < begin:
        raise ValueError(f"{info.field_name} {value.isoformat()} is before {start} {begin.isoformat()}")
    return value


# --- an organisation's standing data -------------------------------------------------------------


class Registration(_Model):
    """Where and how the organisation is registered.

    Attributes:
        province: the province of registration (lowercase pinyin id: ``guangdong``, ``beijing``).
        city: the city of registration (lowercase pinyin id: ``shenzhen``, ``beijing``).
        independent_legal_person: registered as an independent legal person (独立法人).
        operating_normally: operating normally (正常经营).
    """

    province: PlaceId | None = None
    city: PlaceId | None = None
    independent_legal_person: bool | None = None
    operating_normally: bool | None = None


class Profile(_Model):
    """The profile flags lead criteria look at (each ``None`` when not stated).

    Attributes:
        above_designated_size: an above-designated-size enterprise (规模以上).
        group_company: a group company (集团企业).
        listed: a listed company (上市企业).
        specialised_and_new: a specialised-and-new enterprise (专精特新).
        chain_master: an industry-chain master enterprise (链主企业).
        industry_education_integration: an industry–education integration enterprise (产教融合型企业).
        single_item_champion: a single-item champion (单项冠军).
        linked_to_leading_enterprises: able to link to leading or listed enterprises.
        industry_clusters: codes of the designated industry clusters or key industries of its city
            the organisation belongs to (Shenzhen "20+8" and strength clusters, Beijing key
            industries); ``[]``: none.
    """

    above_designated_size: bool | None = None
    group_company: bool | None = None
    listed: bool | None = None
    specialised_and_new: bool | None = None
    chain_master: bool | None = None
    industry_education_integration: bool | None = None
    single_item_champion: bool | None = None
    linked_to_leading_enterprises: bool | None = None
    industry_clusters: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = None


# --- dated records ---------------------------------------------------------------------------------


class Violation(_Model):
    """A recorded violation.

    Attributes:
        kind: an illegal act, a serious illegal act (严重违法), or a disciplinary violation (违纪).
        on: the date of the record.
        description: free text.
    """

    kind: Literal["illegal_act", "serious_illegal_act", "disciplinary"]
    on: Day
    description: Text | None = None


class Incident(_Model):
    """An accident on record.

    Attributes:
        kind: production safety, environmental, quality, or another kind.
        severity: the Chinese accident grade: 一般 (general), 较大 (larger), 重大 (major),
            特别重大 (especially major).
        on: the date of the accident.
        description: free text.
    """

    kind: Literal["production_safety", "environmental", "quality", "other"]
    severity: Literal["general", "larger", "major", "especially_major"]
    on: Day
    description: Text | None = None


class DishonestyListing(_Model):
    """A listing as a seriously dishonest entity (严重失信主体名单); on the list from ``listed_on``
    until the day before ``removed_on``.

    Checked across fields: ``removed_on`` is not before ``listed_on``.
    """

    listed_on: Day
    removed_on: Day | None = None
    list_name: Text | None = None

    @field_validator("removed_on")
    @classmethod
    def _removed_after_listed(cls, value: _dt.date | None, info: ValidationInfo) -> _dt.date | None:
        return _not_before(value, info, "listed_on")


class StandingEvent(_Model):
    """An event ending the organisation's standing (主体资格灭失); ``moved_out``: out of the province."""

    kind: Literal["deregistered", "bankrupt", "licence_revoked", "moved_out"]
    on: Day


class PeriodicAssessment(_Model):
    """The result of a periodic (yearly) assessment of the unit's chain work.

    Attributes:
        year: the assessment year.
        result: ``pass`` or ``fail``.
        decided_on: when the result was given; left out, the result counts from the last day of
            its year.
    """

    year: Year
    result: Literal["pass", "fail"]
    decided_on: Day | None = None


class YearlyActivity(_Model):
    """The unit's training and evaluation activity in one calendar year.

    A year of membership with no record, in a list that is given, had no activity.
    """

    year: Year
    trainees: Count
    evaluations: Count
    placements: Count | None = None


class FraudFinding(_Model):
    """A finding of falsified materials or of subsidy funds obtained by deception (弄虚作假、骗取资金)."""

    on: Day
    description: Text | None = None


class WithdrawalApplication(_Model):
    """An application to withdraw from the chain (主动申请退出), effective on its date."""

    on: Day


class Organisation(_Model):
    """An organisation: a chain-lead candidate or a chain member unit.

    List fields left out mean "not stated" (facts read from them are unknown); an empty list means
    "stated: none".

    Attributes:
        id: a stable id.
        name: the name.
        kind: one of the nine member kinds.
        registration: where and how it is registered.
        size_class: enterprise size by the national statistics standard.
        insured_employees_in_city: employees insured in the city of registration, across the
            organisation and its subsidiaries, branches and offices.
        profile: profile flags.
        staff_education_fund_compliant: the statutory staff education fund (职工教育经费) is
            withdrawn in full and spent on front-line training.
        internal_training_system: a skills-training system with a sound internal staff-training regime.
        school_cooperation_genuine: real school–enterprise cooperation is in place.
        school_cooperation_good_record: a good record of cooperation with schools in the province.
        national_platforms: national platforms held (high-skill training base, skills-master studio,
            or another); ``[]``: none.
        apprenticeship_occupations_match: the occupations used for student apprenticeship and
            trainee programmes match the main business.
        self_evaluation_registered: registered (备案) as a self-evaluation institution.
        self_evaluation_registered_on: the date of that registration.
        violations: violations on record.
        incidents: accidents on record.
        dishonesty_listings: listings as a seriously dishonest entity.
        standing_events: events ending its standing.
        assessments: periodic assessment results.
        yearly_activity: activity per calendar year.
        withdrawal_applications: applications to withdraw from a chain.
        fraud_findings: findings of fraud.

    Checked across fields: at most one ``yearly_activity`` record per year; a
    ``self_evaluation_registered_on`` date only when ``self_evaluation_registered`` is not false.
    """

    id: Text
    name: Text | None = None
    kind: OrganisationKind
    registration: Registration | None = None
    size_class: Literal["large", "medium", "small", "micro"] | None = None
    insured_employees_in_city: Count | None = None
    profile: Profile | None = None
    staff_education_fund_compliant: bool | None = None
    internal_training_system: bool | None = None
    school_cooperation_genuine: bool | None = None
    school_cooperation_good_record: bool | None = None
    national_platforms: (
        Annotated[
            list[Literal["high_skill_training_base", "skills_master_studio", "other"]],
            Field(max_length=MAX_ITEMS),
        ]
        | None
    ) = None
    apprenticeship_occupations_match: bool | None = None
    self_evaluation_registered: bool | None = None
    self_evaluation_registered_on: Day | None = None
    violations: Annotated[list[Violation], Field(max_length=MAX_ITEMS)] | None = None
    incidents: Annotated[list[Incident], Field(max_length=MAX_ITEMS)] | None = None
    dishonesty_listings: Annotated[list[DishonestyListing], Field(max_length=MAX_ITEMS)] | None = None
    standing_events: Annotated[list[StandingEvent], Field(max_length=MAX_ITEMS)] | None = None
    assessments: Annotated[list[PeriodicAssessment], Field(max_length=MAX_ITEMS)] | None = None
    yearly_activity: Annotated[list[YearlyActivity], Field(max_length=MAX_ITEMS)] | None = None
    withdrawal_applications: Annotated[list[WithdrawalApplication], Field(max_length=MAX_ITEMS)] | None = None
    fraud_findings: Annotated[list[FraudFinding], Field(max_length=MAX_ITEMS)] | None = None

    @field_validator("yearly_activity")
    @classmethod
    def _one_record_per_year(cls, value: list[YearlyActivity] | None) -> list[YearlyActivity] | None:
        years = [r.year for r in value or ()]
        twice = sorted({y for y in years if years.count(y) > 1})
        if twice:
            raise ValueError(f"more than one activity record for year(s) {twice}")
        return value

    @field_validator("self_evaluation_registered_on")
    @classmethod
    def _registered_date_needs_registration(
        cls, value: _dt.date | None, info: ValidationInfo
    ) -> _dt.date | None:
        if value is not None and info.data.get("self_evaluation_registered") is False:
            raise ValueError("a registration date is given but self_evaluation_registered is false")
        return value
