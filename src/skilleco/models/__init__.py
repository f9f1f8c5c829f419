"""Input models, validated at the boundary (pydantic v2, frozen, unknown fields rejected).

Conventions that matter for three-valued answers:

- a list field left out (``None``) means *not stated*: facts read from it are unknown;
- an empty list means *stated, and there are none*;
- a flag left out (``None``) is unknown, never false.

Dates accept ``datetime.date`` or strict strings (``YYYY-MM-DD``, ``YYYY年M月D日``, ``YYYY/M/D``);
anything else is rejected with the field, the value and what was expected.
"""

from __future__ import annotations

from .candidates import DualCertificateCandidate, Evaluation, GbaCandidate, GbaExam
from .chains import Chain, ChainExitRecord, ChainMember, DualCertificateItem
from .organisations import (
    DishonestyListing,
    FraudFinding,
    Incident,
    Organisation,
    OrganisationKind,
    PeriodicAssessment,
    Profile,
    Registration,
    StandingEvent,
    Violation,
    WithdrawalApplication,
    YearlyActivity,
)
from .worker import (
    Apprenticeship,
    Certificate,
    CompetitionResult,
    Contribution,
    DirectRecognition,
    Education,
    Employer,
    FormalTraining,
    Occupation,
    Post,
    Title,
    Worker,
    WorkPeriod,
    validate,
)

__all__ = [
    "Apprenticeship",
    "Certificate",
    "Chain",
    "ChainExitRecord",
    "ChainMember",
    "CompetitionResult",
    "Contribution",
    "DirectRecognition",
    "DishonestyListing",
    "DualCertificateCandidate",
    "DualCertificateItem",
    "Education",
    "Employer",
    "Evaluation",
    "FormalTraining",
    "FraudFinding",
    "GbaCandidate",
    "GbaExam",
    "Incident",
    "Occupation",
    "Organisation",
    "OrganisationKind",
    "PeriodicAssessment",
    "Post",
    "Profile",
    "Registration",
    "StandingEvent",
    "Title",
    "Violation",
    "WithdrawalApplication",
    "WorkPeriod",
    "Worker",
    "YearlyActivity",
    "validate",
]
