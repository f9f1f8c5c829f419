"""Input models for the certificate questions: dual-certificate and Guangdong–Hong Kong–Macao candidates.

Validated at the boundary with the conventions of :mod:`skilleco.models.organisations` (a list left
out is not stated, an empty list is stated and empty, a value left out is unknown).

Source: ``shared/policy/chain.md`` (dual certificates).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .chains import Chain
from .fields import MAX_ITEMS, Day, Text
from .organisations import _Model

__all__ = ["DualCertificateCandidate", "Evaluation", "GbaCandidate", "GbaExam"]


class Evaluation(_Model):
    """The single evaluation a dual-certificate candidate took.

    Attributes:
        item: the special-ability item evaluated.
        evaluator_id: the id of the evaluating organisation (a member of the chain).
        on: the date of the evaluation.
        result: ``pass`` or ``fail`` (unknown when left out).
    """

    item: Text
    evaluator_id: Text
    on: Day | None = None
    result: Literal["pass", "fail"] | None = None


class DualCertificateCandidate(_Model):
    """A person evaluated under a Beijing chain's one-test-two-certificates scheme.

    Attributes:
        person_id: the person.
        employer_id: the id of the employing organisation.
        chain: the chain, with its members and item list.
        evaluation: the evaluation taken.

    Checked against the date asked: the chain's ``established_on`` is not after it.
    """

    person_id: Text
    employer_id: Text | None = None
    chain: Chain
    evaluation: Evaluation


class GbaExam(_Model):
    """The one exam taken under the Guangdong–Hong Kong–Macao scheme."""

    on: Day | None = None
    result: Literal["pass", "fail"] | None = None


class GbaCandidate(_Model):
    """A person under the Guangdong–Hong Kong–Macao "one test, several certificates" scheme.

    Attributes:
        person_id: the person.
        occupation: the occupation id (``hairdresser``, ``beautician``, ``room_attendant``,
            ``waiter``, ``painter``, ``bricklayer``, ...).
        exam: the exam taken.
        listed_occupations: the scheme's list of occupations as the caller knows it (the policy
            pack holds only those seen in reports); left out, an occupation not in the pack is unknown.
        counterparts: the Hong Kong and/or Macao certificates offered for the occupation.
    """

    person_id: Text
    occupation: Text
    exam: GbaExam | None = None
    listed_occupations: Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None = None
    counterparts: Annotated[list[Literal["hong_kong", "macao"]], Field(max_length=2)] | None = None
