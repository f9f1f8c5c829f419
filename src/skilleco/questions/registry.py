"""The questions a what-if comparison can put to every row of a population.

Each question turns one subject under one policy on one date into an :class:`Outcome`: the status,
the finding of every rule (to tell which rules changed between two policies), the grade asked about
and the grade held (to break results down by grade).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs
from pydantic import BaseModel

from ..decisions import Decision
from ..exceptions import InputError, UnknownQuestionError, _short
from ..ladder import Grade, grade
from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain
from ..models.organisations import Organisation
from ..models.worker import Worker
from ..policy.policy import Policy
from .chain import assess_chain_lead, assess_dual_certificate, check_exits, edition_ruleset
from .grades import grade_decision, next_grade_decision

NOT_APPLICABLE = "not_applicable"
"""The status of a row the question does not apply to (a worker already at the top of the ladder)."""

QUESTIONS = ("next_grade", "grade:<grade>", "lead", "exits", "dualcert")
"""The question names: ``grade:<grade>`` takes any grade id or label (``grade:technician``)."""

# Favourable first: a flip towards the front "gains", towards the back "loses".
STATUS_ORDER: dict[str, tuple[str, ...]] = {
    "grade": ("eligible", "review", "undetermined", "ineligible", NOT_APPLICABLE),
    "lead": ("eligible", "review", "undetermined", "ineligible"),
    "exits": ("retain", "undetermined", "exit"),
    "dualcert": ("eligible", "review", "undetermined", "ineligible"),
}


@attrs.frozen
class Outcome:
    """One row's answer under one policy.

    Attributes:
        status: the decision status (or ``not_applicable``).
        findings: rule id → finding status; for chains, the statuses of the units joined by ``/``.
        target: the grade asked about (grade questions), else ``None``.
        held: the grade held (next-grade question), else ``None``.
    """

    status: str
    findings: Mapping[str, str]
    target: str | None = None
    held: str | None = None


def _findings(d: Decision) -> dict[str, str]:
    return {f.rule_id: f.status for f in d.findings}


@attrs.frozen
class Question:
    """A parsed question: ``name`` as given, ``area`` (grade, lead, exits, dualcert), the grade if any."""

    name: str
    area: str
    grade: Grade | None = None

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses an outcome can have, favourable first."""
        return STATUS_ORDER[self.area]

    @property
    def label_en(self) -> str:
        """A short English description."""
        if self.area == "grade":
            return f"eligibility for {self.grade.label_en}" if self.grade else "next-grade eligibility"
        return {
            "lead": "chain-lead eligibility",
            "exits": "chain exit scenarios",
            "dualcert": "one test, two certificates",
        }[self.area]

    @property
    def label_zh(self) -> str:
        """A short Chinese description."""
        if self.area == "grade":
            return f"申报{self.grade.label_zh}资格" if self.grade else "申报上一等级资格"
        return {"lead": "链主单位资格", "exits": "退出情形", "dualcert": "一试双证"}[self.area]

    def kind(self, policy: Policy) -> str:
        """The population kind this question reads under ``policy``."""
        if self.area == "grade":
            return "worker"
        if self.area == "lead":
            return "organisation"
        if self.area == "exits":
            return "chain"
        sid = edition_ruleset(policy, "dualcert", "dual_certificate")
        return (
            "gba_candidate"
            if policy.ruleset(sid).subject == "gba_candidate"
            else "dual_certificate_candidate"
        )

    def ask(self, policy: Policy, subject: BaseModel, on: _dt.date) -> Outcome:
        """The outcome for one validated subject."""
        if self.area == "grade":
            assert isinstance(subject, Worker)
            if self.grade is not None:
                held, d = grade_decision(subject, self.grade, policy, on, with_earliest=False)
                return Outcome(d.status, _findings(d), self.grade.id, held)
            held, nd = next_grade_decision(subject, policy, on, with_earliest=False)
            if nd is None:
                return Outcome(NOT_APPLICABLE, {}, None, held)
            return Outcome(nd.status, _findings(nd), nd.target, held)
        if self.area == "lead":
            assert isinstance(subject, Organisation | Chain)
            d = assess_chain_lead(subject, policy=policy, on=on)
            return Outcome(d.status, _findings(d))
        if self.area == "exits":
            assert isinstance(subject, Chain)
            report = check_exits(subject, policy=policy, on=on)
            merged: dict[str, list[str]] = {}
            for u in report.units:
                for f in u.decision.findings:
                    merged.setdefault(f.rule_id, []).append(f"{u.unit_id}:{f.status}")
            return Outcome(report.status, {k: "/".join(v) for k, v in merged.items()})
        assert isinstance(subject, DualCertificateCandidate | GbaCandidate)
        d = assess_dual_certificate(subject, policy=policy, on=on)
        return Outcome(d.status, _findings(d))


def parse_question(question: str | Question) -> Question:
    """Read a question name (``next_grade``, ``grade:technician``, ``lead``, ``exits``, ``dualcert``).

    Raises:
        UnknownQuestionError: not a question name (with the closest name).
        InputError: ``grade:<grade>`` with an unknown grade or ``grade:apprentice``.
    """
    if isinstance(question, Question):
        return question
    if not isinstance(question, str):
        raise UnknownQuestionError(_short(question), QUESTIONS)
    name = question.strip()
    if name in ("next_grade", "lead", "exits", "dualcert"):
        return Question(name, "grade" if name == "next_grade" else name)
    if name.startswith("grade:"):
        raw: Any = name.split(":", 1)[1].strip()
        try:
            g = grade(int(raw) if raw.isdigit() else raw)
        except LookupError as exc:
            raise InputError(
                "arguments", [{"loc": ("question",), "input": name, "msg": str(exc), "type": "unknown_grade"}]
            ) from None
        if g.id == "apprentice":
            raise InputError(
                "arguments",
                [
                    {
                        "loc": ("question",),
                        "input": name,
                        "type": "no_route",
                        "msg": "apprentice has no application route",
                    }
                ],
            )
        return Question(f"grade:{g.id}", "grade", g)
    raise UnknownQuestionError(name, QUESTIONS)
