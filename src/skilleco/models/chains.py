"""Input models for a skills ecological chain: the chain, its member units and its item list.

Validated at the boundary with the conventions of :mod:`skilleco.models.organisations` (a list left
out is not stated, an empty list is stated and empty, a flag left out is unknown).

Source: ``shared/policy/chain.md`` (member kinds, lead criteria, exit scenarios, dual certificates).
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .fields import MAX_ITEMS, Day, NoBoolInt, Text
from .organisations import Count, Organisation, _Model, _not_before
from .plausible import member_problems, refuse

__all__ = ["Chain", "ChainExitRecord", "ChainMember", "DualCertificateItem"]


class ChainMember(_Model):
    """A member unit of a chain.

    Attributes:
        organisation: the member organisation, with its records.
        role: what it contributes (free text: ``posts and masters``, ``students``, ...).
        joined_on: when it joined; left out, it is a founding member.
        left_on: when it left (no longer a member from that day).

    Checked across fields: ``left_on`` is not before ``joined_on``.
    """

    organisation: Organisation
    role: Text | None = None
    joined_on: Day | None = None
    left_on: Day | None = None

    @field_validator("left_on")
    @classmethod
    def _left_after_joined(cls, value: _dt.date | None, info: ValidationInfo) -> _dt.date | None:
        return _not_before(value, info, "joined_on")


class DualCertificateItem(_Model):
    """One entry of a chain's one-test-two-certificates list (一试双证).

    Attributes:
        special_ability_item: the special vocational ability item (专项职业能力) evaluated.
        enterprise_certification: the enterprise certification (企业认证) it also yields.
    """

    special_ability_item: Text
    enterprise_certification: Text


class ChainExitRecord(_Model):
    """The chain itself exited (was removed from the programme) on a date."""

    on: Day
    reason: Text | None = None


class Chain(_Model):
    """A skills ecological chain (产教评技能生态链).

    Attributes:
        id: a stable id.
        name: the name.
        jurisdiction: the jurisdiction that recognised it (``gd``, ``sz``, ``bj``, ...).
        members: the member units, the lead among them.
        lead_id: the id of the lead unit (链主); it must be a member.
        established_on: when the chain was established.
        construction_period_months: the construction period (Beijing: 24 months).
        confirmed_active: the authority has confirmed the chain active beyond its construction period.
        exits: the chain's own exits from the programme; ``[]``: none.
        courses: training courses launched.
        occupations: occupations covered.
        dual_certificate_items: the one-test-two-certificates list.
        partner_enterprises_committed: enterprises the lead will bring into the chain.
        jobs_offered: jobs the chain can offer.
        posts_offered: training or employment posts offered.

    Checked across fields: no organisation is a member twice; ``lead_id`` is the id of a member;
    no member's ``joined_on`` is before ``established_on`` (error type ``impossible_date``).
    Checked against the date asked: ``established_on`` is not after it.
    """

    id: Text
    name: Text | None = None
    jurisdiction: Text | None = None
    members: Annotated[list[ChainMember], Field(min_length=1, max_length=MAX_ITEMS)]
    lead_id: Text
    established_on: Day | None = None
    construction_period_months: Annotated[int, Field(ge=1, le=600), NoBoolInt] | None = None
    confirmed_active: bool | None = None
    exits: Annotated[list[ChainExitRecord], Field(max_length=MAX_ITEMS)] | None = None
    courses: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = None
    occupations: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = None
    dual_certificate_items: Annotated[list[DualCertificateItem], Field(max_length=MAX_ITEMS)] | None = None
    partner_enterprises_committed: Count | None = None
    jobs_offered: Count | None = None
    posts_offered: Count | None = None

    @field_validator("members")
    @classmethod
    def _unique_members(cls, value: list[ChainMember]) -> list[ChainMember]:
        seen: set[str] = set()
        for m in value:
            if m.organisation.id in seen:
                raise ValueError(f"organisation {m.organisation.id!r} is listed twice")
            seen.add(m.organisation.id)
        return value

    @field_validator("lead_id")
    @classmethod
    def _lead_is_member(cls, value: str, info: ValidationInfo) -> str:
        members = info.data.get("members")
        if members is not None and value not in {m.organisation.id for m in members}:
            raise ValueError(f"the lead {value!r} is not among the members")
        return value

    @model_validator(mode="after")
    def _joined_after_established(self) -> Chain:
        # No member joins a chain before it exists (issue 12, item 4).
        refuse("Chain", member_problems(self))
        return self

    def member(self, organisation_id: str) -> ChainMember | None:
        """The member with this organisation id, if any."""
        for m in self.members:
            if m.organisation.id == organisation_id:
                return m
        return None

    @property
    def lead(self) -> ChainMember:
        """The lead member."""
        lead = self.member(self.lead_id)
        assert lead is not None  # checked when the chain was validated
        return lead
