"""One row's answer under one policy, with what the per-subject table keeps of it: the deciding
rules and the missing facts (row by row; the columnar path reads the same from its ``deciding`` and
``missing_facts`` columns).

The answer is :meth:`Question.ask <skilleco.questions.registry.Question.ask>`'s, asked the same way
(the same functions, the same order), with the decision's ``deciding`` and ``missing_facts`` kept
beside the outcome. A chain (``exits``) is one subject: its deciding rules are those of the units
whose status is the chain's (the scenarios that trigger, or the undecided ones), and its missing
facts are every unit's, each once, in unit order (the lead first).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs
from pydantic import BaseModel

from ..decisions import Decision
from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain
from ..models.organisations import Organisation
from ..models.worker import Worker
from ..policy.policy import Policy
from ..questions.chain import assess_chain_lead, assess_dual_certificate, check_exits
from ..questions.grades import grade_decision, next_grade_decision
from ..questions.registry import NOT_APPLICABLE, Outcome, Question

__all__ = ["Explained", "explain", "once"]


@attrs.frozen
class Explained:
    """One row's outcome with the rules that decided it and the facts that would settle it."""

    outcome: Outcome
    deciding: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def once(items: Iterable[str]) -> tuple[str, ...]:
    """``items`` without repeats, in the order of first appearance."""
    return tuple(dict.fromkeys(items))


def _findings(d: Decision) -> dict[str, str]:
    return {f.rule_id: f.status for f in d.findings}


def _of(d: Decision, target: str | None = None, held: str | None = None) -> Explained:
    return Explained(Outcome(d.status, _findings(d), target, held), d.deciding, d.missing_facts)


def explain(q: Question, policy: Policy, subject: BaseModel, on: _dt.date) -> Explained:
    """The outcome of ``q`` for one validated subject (as ``q.ask`` gives it), explained."""
    if q.area == "grade":
        assert isinstance(subject, Worker)
        if q.grade is not None:
            held, d = grade_decision(subject, q.grade, policy, on, with_earliest=False)
            return _of(d, q.grade.id, held)
        held, nd = next_grade_decision(subject, policy, on, with_earliest=False)
        if nd is None:
            return Explained(Outcome(NOT_APPLICABLE, {}, None, held))
        return _of(nd, nd.target, held)
    if q.area == "lead":
        assert isinstance(subject, Organisation | Chain)
        return _of(assess_chain_lead(subject, policy=policy, on=on))
    if q.area == "exits":
        assert isinstance(subject, Chain)
        report = check_exits(subject, policy=policy, on=on)
        merged: dict[str, list[str]] = {}
        for u in report.units:
            for f in u.decision.findings:
                merged.setdefault(f.rule_id, []).append(f"{u.unit_id}:{f.status}")
        deciding = once(r for u in report.units if u.status == report.status for r in u.decision.deciding)
        missing = once(name for u in report.units for name in u.decision.missing_facts)
        return Explained(
            Outcome(report.status, {k: "/".join(v) for k, v in merged.items()}), deciding, missing
        )
    assert isinstance(subject, DualCertificateCandidate | GbaCandidate)
    return _of(assess_dual_certificate(subject, policy=policy, on=on))
