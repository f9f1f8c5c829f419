"""The career plan: what a worker still needs, and by when, to reach 技师 or any higher grade (issue 17).

No second rule evaluator: the plan projects the worker — the certificates of the levels below the
target are added as dated records, as if obtained as soon as the worker is eligible plus an
assessment lead time — and asks :func:`~skilleco.questions.grades.assess_grade`'s own decision (and
its earliest-date search, ``engine/earliest.py``) on the days that matter.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from ..decisions import Decision, Finding
from ..decisions.career_plan import Need, NeedKind, Plan, PlanGrade, PlanRoute, PlanStep
from ..engine.earliest import HORIZON_DAYS, earliest_date
from ..engine.plan import ruleset_plan
from ..engine.work import work_shortfall
from ..exceptions import InputError
from ..facts.time import add_months
from ..facts.worker import (
    CERT_CONTINUOUS,
    CERT_MONTHS,
    CERTS,
    EDUCATION,
    GROUP_OF,
    PREP,
    PREP_MONTHS,
    TITLE_MONTHS,
    TITLES,
)
from ..ladder import Grade, by_rank
from ..models.worker import Certificate, Worker
from ..policy.policy import Policy
from .grades import (
    TEMPORAL,
    WorkerInput,
    _base_facts,
    _decide_grade,
    _ladder_groups,
    _levels,
    _movers,
    _ruleset_id,
    _setup,
    _target,
    _targets_above,
    rank_parts,
    standard_kinship,
)

__all__ = ["DEFAULT_LEAD_MONTHS", "plan"]

DEFAULT_LEAD_MONTHS = 3
"""Months from being eligible for a level to holding its certificate: registering, sitting the
assessment and the certificate being issued. ``modelled``: the policy texts give no figure (an
assessment body typically holds sessions every few months); a parameter of :func:`plan`."""

MAX_LEAD_MONTHS = 120


def plan(
    worker: WorkerInput,
    *,
    policy: str | Policy,
    on: object,
    target: str | int | Grade | None = None,
    lead_months: int = DEFAULT_LEAD_MONTHS,
) -> Plan:
    """What the worker still needs, and by when, to reach each higher certificate grade.

    For each certificate grade above the one held, up to ``target`` (by default the highest the
    occupation has), every route of the grade's rule set with its status on ``on`` and what it
    still needs (months of work, a certificate, a title, a school record, or a fact not stated),
    the first day the grade may be applied for, and the fastest path as dated steps.

    Assumptions: the worker keeps working as now (an open work period continues; time.md, Earliest
    date); sits each level's assessment as soon as eligible; and holds its certificate
    ``lead_months`` later. The lead time is ``modelled`` — the policy texts give none — and
    defaults to :data:`DEFAULT_LEAD_MONTHS`. Titles, school records, competitions are not assumed:
    a route that needs one is listed with its needs but is not on the path.

    Args:
        worker: a :class:`~skilleco.models.Worker`, a dict, or JSON text.
        policy: a policy id or :class:`~skilleco.policy.Policy`.
        on: the date asked about.
        target: a certificate grade above the one held (``None``: the top of the worker's ladder).
        lead_months: months from being eligible to holding the certificate (0–120).

    Raises:
        InputError: invalid worker data or date; a target that is not a certificate grade above the
            one held, or not a level of the occupation; a bad lead time.
    """
    w, pol, day = _setup(worker, policy, on)
    if (
        isinstance(lead_months, bool)
        or not isinstance(lead_months, int)
        or not 0 <= lead_months <= MAX_LEAD_MONTHS
    ):
        raise _arg_error(
            "lead_months", lead_months, "bad_lead", f"an integer of months, 0 to {MAX_LEAD_MONTHS}"
        )
    base = _base_facts(w, pol, day, _ladder_groups(pol))
    rank = max((r for r in rank_parts(pol, base, day) if isinstance(r, int)), default=0)
    above = [g for g in _targets_above(rank, base, _levels(pol, w)) if g.kind == "certificate"]
    if target is not None:
        t = _target(target)
        if t not in above:
            ids = [g.id for g in above]
            raise _arg_error(
                "target", target, "no_plan", f"a certificate grade above the one held, one of {ids}"
            )
        above = [g for g in above if g.rank <= t.rank]
    if not above:
        raise _arg_error(
            "worker", w.id, "no_plan", "a worker below the top certificate grade of the occupation"
        )

    grades: list[PlanGrade] = []
    steps: list[PlanStep] = []
    projected = w
    settles: list[str] = []
    for g in above:
        now = _decide_grade(w, pol, g, day, None)
        days = _route_days(projected, pol, g, day)
        routes = _routes(w, pol, g, day, now, days)
        first, via = _first_day(days, projected, pol, g)
        grades.append(PlanGrade(g.id, now.status, first, via, routes, now.missing_facts))
        settles.extend(now.missing_facts)
        if first is None:  # not by time and the certificates below: the next grade may still be
            continue
        last = g is above[-1]
        issued = None if last else add_months(first, lead_months)
        steps.append(PlanStep(g.id, first, issued, via))
        if issued is not None:
            projected = with_certificate(projected, g, issued)
    reached = grades[-1].earliest is not None
    held = by_rank(rank).id if rank > 0 else None
    return Plan(
        subject_id=w.id,
        on=day,
        policy_id=pol.id,
        reform_label=pol.label,
        current_grade=held,
        target=above[-1].id,
        lead_months=lead_months,
        grades=tuple(grades),
        steps=tuple(steps),
        reached=reached,
        settles=tuple(dict.fromkeys(settles)),
    )


def projected_worker(worker: Worker, p: Plan) -> Worker:
    """``worker`` with the certificates the plan's steps name, dated as they name them."""
    out = worker
    for s in p.steps:
        if s.certificate_on is not None:
            out = with_certificate(out, by_rank(_rank(s.grade)), s.certificate_on)
    return out


def _rank(grade_id: str) -> int:
    return _target(grade_id).rank


def with_certificate(worker: Worker, g: Grade, issued_on: _dt.date) -> Worker:
    cert = Certificate.model_validate(
        {"level": g.id, "occupation_code": worker.occupation.code, "issued_on": issued_on}
    )
    return worker.model_copy(update={"certificates": [*(worker.certificates or []), cert]})


def _first_day(
    days: dict[str, _dt.date | None], worker: Worker, policy: Policy, g: Grade
) -> tuple[_dt.date | None, tuple[str, ...]]:
    """The first day the projected worker may apply for ``g`` (any route suffices: the first day
    of any route), and the routes that hold then."""
    first = min((d for d in days.values() if d is not None), default=None)
    if first is None:
        return None, ()
    return first, _decide_grade(worker, policy, g, first, None, with_earliest=False).deciding


def _route_days(worker: Worker, policy: Policy, g: Grade, on: _dt.date) -> dict[str, _dt.date | None]:
    """Of each route of ``g``, the first day on or after ``on`` it holds for the projected worker.

    Between two record dates the records stand still, so within each stretch a route that is no
    turns by time alone on the day the engine's earliest-date search (``engine/earliest.py``) gives;
    a route that is unknown (work whose relation is not settled, counted between bounds) may turn
    yes as its lower bound grows: where it holds at the end of the stretch, the first day is found
    by bisection on the decision (routes only rise with time: ``engine.earliest._rising``).
    """
    starts = [on, *sorted({d for d in _record_days(worker) if d > on})]
    out: dict[str, _dt.date | None] = {}
    ids: list[str] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else None
        d = _decide_grade(worker, policy, g, start, None, with_earliest=False)
        ids = [f.rule_id for f in d.findings if f.role == "rule"]
        pending = [f for f in d.findings if f.role == "rule" and f.rule_id not in out]
        if not pending:
            break
        plan = ruleset_plan(policy, _ruleset_id(worker, g), start)
        facts = {**_base_facts(worker, policy, start, plan.fact_groups), "target_rank": g.rank}
        facts_for = _movers(worker, plan, facts, start, standard_kinship(policy, worker))
        last = min(start + _HORIZON, _LAST_DAY) if end is None else end - _ONE_DAY
        status_on = _statuses(worker, policy, g)
        for f in pending:
            if f.status == "yes":
                out[f.rule_id] = start
            elif f.status == "no":
                rule = [policy.rules[f.rule_id]]
                e = earliest_date(
                    rule, policy.rules, facts, plan.params, start, None, TEMPORAL, None, None, facts_for
                )
                if e is not None and e <= last:
                    out[f.rule_id] = e
            elif last > start and status_on(last).get(f.rule_id) == "yes":
                lo, hi = start, last  # no on lo, yes on hi
                while (hi - lo).days > 1:
                    mid = lo + (hi - lo) // 2
                    lo, hi = (lo, mid) if status_on(mid).get(f.rule_id) == "yes" else (mid, hi)
                out[f.rule_id] = hi
    return {rid: out.get(rid) for rid in ids}


def _statuses(worker: Worker, policy: Policy, g: Grade) -> Callable[[_dt.date], dict[str, str]]:
    """Each route's status on a day, decided once per day."""
    seen: dict[_dt.date, dict[str, str]] = {}

    def on(day: _dt.date) -> dict[str, str]:
        if day not in seen:
            d = _decide_grade(worker, policy, g, day, None, with_earliest=False)
            seen[day] = {f.rule_id: f.status for f in d.findings}
        return seen[day]

    return on


_ONE_DAY = _dt.timedelta(days=1)
_HORIZON = _dt.timedelta(days=HORIZON_DAYS)
_LAST_DAY = _dt.date(2100, 12, 31)  # the last day a document may hold (decisions.documents)


def _record_days(worker: Worker) -> list[_dt.date]:
    """The days the worker's certificates and titles are dated (records change only then)."""
    days = [c.issued_on for c in worker.certificates or [] if c.issued_on is not None]
    days += [t.obtained_on for t in worker.titles or [] if t.obtained_on is not None]
    return days


def _routes(
    worker: Worker, policy: Policy, g: Grade, on: _dt.date, d: Decision, days: dict[str, _dt.date | None]
) -> tuple[PlanRoute, ...]:
    plan = ruleset_plan(policy, _ruleset_id(worker, g), on)
    facts = {**_base_facts(worker, policy, on, plan.fact_groups), "target_rank": g.rank}
    params = policy.params_at(on)
    out = []
    for f in d.findings:
        if f.role != "rule":
            continue
        months = None
        if f.status == "no":
            months = work_shortfall(policy.rule(f.rule_id), TEMPORAL)(facts, params, on)
        out.append(
            PlanRoute(
                f.rule_id,
                f.status,
                f.provenance,
                f.citation,
                f.title_zh,
                f.title_en,
                _needs(f, months),
                days.get(f.rule_id),
            )
        )
    return tuple(out)


def _kind(fact: str) -> NeedKind:
    """What kind of record settles ``fact``: the fact group that derives it (``facts/worker.py``)."""
    group = GROUP_OF.get(fact, 0)
    if group & (CERTS | CERT_MONTHS | CERT_CONTINUOUS | PREP | PREP_MONTHS):
        return "certificate"
    if group & (TITLES | TITLE_MONTHS):
        return "title"
    if group & EDUCATION:
        return "school"
    return "other"


def _needs(f: Finding, months: int | None) -> tuple[Need, ...]:
    """What a route still needs: its facts that are no, the months of work short, the facts not stated."""
    if f.status == "yes":
        return ()
    out: list[Need] = [Need("unknown", name) for name in f.missing]
    if f.status == "no":
        out += [Need(_kind(name), name) for name, value in f.facts if value is False]
        if months is not None and months > 0:
            work = next((n for n, _ in f.facts if n.startswith("work_months")), "work_months")
            out.append(Need("work", work, months))
        if not out and f.facts:  # a threshold on a rank or count (a recognition, a competition)
            out.append(Need("other", f.facts[0][0]))
    return tuple(dict.fromkeys(out))


def _arg_error(field: str, value: object, kind: str, expected: str) -> InputError:
    return InputError(
        "arguments", [{"loc": (field,), "input": value, "type": kind, "msg": f"expected {expected}"}]
    )
