"""The eight-level ladder questions: may a worker apply for a grade, and where do they stand."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..decisions import Decision, GradeProfile
from ..engine.decide import decide
from ..engine.earliest import earliest_date, project
from ..engine.plan import Plan, ruleset_plan
from ..exceptions import InputError, UnknownGradeError
from ..facts.relation import Kinship
from ..facts.spec import WORKER_FACTS
from ..facts.value import Value
from ..facts.worker import derive, fact_groups, projector
from ..ladder import GRADES, Grade, by_rank, grade
from ..models.dates import as_date
from ..models.plausible import check_asked_on
from ..models.worker import Worker, validate
from ..policy.loader import OccupationOverride
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..rules.expr import Facts
from ..rules.rule import Rule

TEMPORAL = frozenset(name for name, spec in WORKER_FACTS.items() if spec.temporal)
DIRECT_RECOGNITION = "grade.exceptional.direct_recognition"
RANK_FACTS = ("cert_rank", "post_rank", "direct_recognition_rank", "direct_recognition_waived_rank")
"""The facts the current grade is made of (see :func:`rank_parts`)."""

WorkerInput = Worker | Mapping[str, Any] | str | bytes


def _setup(worker: WorkerInput, policy: str | Policy, on: object) -> tuple[Worker, Policy, _dt.date]:
    w = validate(Worker, worker)
    day = as_date(on)
    check_asked_on(w, day)  # born after the date asked: bad input (grades.md, "Dates must be possible")
    w, pol = by_standard(w, load_policy(policy))
    return w, pol, day


def by_standard(worker: Worker, policy: Policy) -> tuple[Worker, Policy]:
    """The worker as their occupation's standard sees them, and the policy with its routes applied.

    Where the policy has a national standard on file for the occupation (``with_standards``), its
    template replaces the one the worker's record states, and an occupation without 一级 has no
    高级技师 level; otherwise the worker is as given.
    """
    pol = policy.for_occupation(worker.occupation.code)
    o = _standard_of(pol, worker)
    if o is None or o.edition is None:
        return worker, pol
    top = o.levels is None or "senior_technician" in o.levels
    occ = worker.occupation.model_copy(
        update={
            "standard_edition": o.edition,
            "has_senior_technician": worker.occupation.has_senior_technician if top else False,
        }
    )
    return worker.model_copy(update={"occupation": occ}), pol


def _standard_of(policy: Policy, worker: Worker) -> OccupationOverride | None:
    o = policy.occupations.get(worker.occupation.code)
    return o if o is not None and o.standard is not None else None


def standard_kinship(policy: Policy, worker: Worker) -> Kinship | None:
    """What the occupation's standard on file says of other occupations (``None``: none on file)."""
    o = _standard_of(policy, worker)
    return None if o is None else o.kinship


def _levels(policy: Policy, worker: Worker) -> tuple[str, ...] | None:
    o = _standard_of(policy, worker)
    return None if o is None else o.levels


def _target(target: str | int | Grade) -> Grade:
    try:
        return grade(target)
    except UnknownGradeError as exc:
        raise InputError(
            "arguments", [{"loc": ("target",), "input": target, "msg": str(exc), "type": "unknown_grade"}]
        ) from None


def grade_ruleset_id(edition: str, g: Grade) -> str:
    """The rule set answering ``g`` for an occupation of template ``edition`` (posts: one for all)."""
    if g.kind == "post":
        return f"post.{g.id}"
    return f"grade.{edition}.{g.id}"


def _ruleset_id(worker: Worker, g: Grade) -> str:
    return grade_ruleset_id(worker.occupation.standard_edition, g)


def _int_or_none(value: Value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def rank_parts(policy: Policy, facts: Mapping[str, Value], on: _dt.date) -> list[int | None]:
    """The ranks that make up the current grade: certificates, posts, a valid direct recognition."""
    ranks = [_int_or_none(facts.get("cert_rank")), _int_or_none(facts.get("post_rank"))]
    rule = policy.rules.get(DIRECT_RECOGNITION)
    if rule is not None:
        # The highest recognised rank that the policy's own rule accepts.
        for rank in (facts.get("direct_recognition_rank"), facts.get("direct_recognition_waived_rank")):
            if rank is None:
                ranks.append(None)
            elif isinstance(rank, int) and rank > 0:
                valid = rule.compiled({**facts, "target_rank": rank}, policy.params_at(on), on)
                ranks.append(rank if valid is True else (0 if valid is False else None))
    return ranks


def current_rank(ranks: list[int | None]) -> int | None:
    """The worker's ladder rank, or ``None`` when an unknown part could raise it."""
    if None in ranks:
        # An unknown part could raise the rank, unless a known part is already the top.
        return len(GRADES) if len(GRADES) in ranks else None
    return max(ranks)  # type: ignore[type-var]  # no None among them


def _decide_grade(
    worker: Worker,
    policy: Policy,
    g: Grade,
    on: _dt.date,
    base: dict[str, Value] | None,
    *,
    with_earliest: bool = True,
) -> Decision:
    """Decide ``g``; ``base`` facts (with the current rank) are derived here when not given."""
    ruleset_id = _ruleset_id(worker, g)
    plan = ruleset_plan(policy, ruleset_id, on)
    if base is None:
        facts = _base_facts(worker, policy, on, plan.fact_groups)
        facts["target_rank"] = g.rank
    else:
        facts = {**base, "target_rank": g.rank}

    o = _standard_of(policy, worker)
    standard_id = None if o is None else o.standard
    if g.kind == "post":  # all-of criteria: every failing one must turn by time alone
        return _decide_simple(
            worker, policy, plan, on, facts, question="post", target=g.id, standard_id=standard_id
        )

    def earliest(
        rules: Sequence[Rule], values: Mapping[str, Value], own: Mapping[str, Value]
    ) -> _dt.date | None:
        facts_for = _movers(worker, plan, facts, on, None if o is None else o.kinship)
        return earliest_date(
            rules, policy.rules, facts, plan.params, on, None, TEMPORAL, plan.searches, own, facts_for
        )

    return decide(
        policy,
        ruleset_id,
        facts,
        on,
        question="grade",
        subject_id=worker.id,
        target=g.id,
        earliest=earliest if with_earliest else None,
        plan=plan,
        standard_id=standard_id,
    )


def _facts_at(
    worker: Worker, plan: Plan, facts: Facts, on: _dt.date, kinship: Kinship | None = None
) -> Callable[[_dt.date], Facts]:
    """The facts on a later day, records as on ``on``: only the temporal facts the rules read move."""
    moving = plan.temporal_read
    if not moving:
        return lambda day: facts
    groups = fact_groups(moving)
    return project(facts, projector(worker, on, groups, kinship, known=facts), moving)


def _movers(
    worker: Worker, plan: Plan, facts: Facts, on: _dt.date, kinship: Kinship | None
) -> Callable[[Rule], Callable[[_dt.date], Facts]]:
    """Of a route, the facts on a later day, records as on ``on``: only the temporal facts it and
    its guards read move, to what :func:`_facts_at` gives them (the route reads no others)."""
    projectors: dict[int, Callable[[_dt.date], Mapping[str, Value]]] = {}

    def facts_for(rule: Rule) -> Callable[[_dt.date], Facts]:
        search = plan.searches.get(rule.id)
        if search is None or not search.moving:
            return _facts_at(worker, plan, facts, on, kinship) if search is None else lambda day: facts
        groups = plan.route_groups[rule.id]
        if groups not in projectors:
            projectors[groups] = projector(worker, on, groups, kinship, known=facts)
        return project(facts, projectors[groups], search.moving)

    return facts_for


def _base_facts(worker: Worker, policy: Policy, on: _dt.date, groups: int) -> dict[str, Value]:
    """The facts of ``groups`` (see ``skilleco._worker_facts``), those of the current rank, and it."""
    facts = derive(worker, on, None, groups | _rank_groups(policy), standard_kinship(policy, worker))
    facts["current_rank"] = current_rank(rank_parts(policy, facts, on))
    return facts


def _rank_groups(policy: Policy) -> int:
    """The fact groups :func:`rank_parts` reads under ``policy``."""

    def build() -> int:
        rule = policy.rules.get(DIRECT_RECOGNITION)
        return fact_groups((*RANK_FACTS, *(() if rule is None else rule.facts)))

    return policy._cached("grades.rank_groups", build)


def _ladder_groups(policy: Policy) -> int:
    """The fact groups any worker rule set reads under ``policy``: enough for every grade at once."""

    def build() -> int:
        worker_sets = {sid for sid, s in policy.rulesets.items() if s.subject == "worker"}
        rules = [r for r in policy.rules.values() if worker_sets.intersection(r.sets)]
        read = {n for r in rules for g in (r.id, *r.guards) for n in policy.rule(g).facts}
        return fact_groups(read)

    return policy._cached("grades.ladder_groups", build)


def assess_grade(
    worker: WorkerInput, target: str | int | Grade, *, policy: str | Policy, on: object
) -> Decision:
    """May this worker apply for ``target`` (or be appointed to it, for the two top posts)?

    Certificate grades are answered by the application routes of the occupation's template
    (``t2018`` or ``t2023``) plus the exceptional routes: any route suffices. The posts
    ``special_technician`` and ``chief_technician`` are answered by their all-of criteria.

    Args:
        worker: a :class:`~skilleco.models.Worker`, a dict, or JSON text.
        target: a grade id, label, 五级…一级, or certificate level 5…1.
        policy: a policy id or :class:`~skilleco.policy.Policy`.
        on: the date asked about (a ``date`` or ISO text).

    Returns:
        A decision: ``eligible``, ``ineligible`` or ``undetermined`` (for posts also ``review``),
        one finding per route or criterion, the missing facts, and where time alone stands in the
        way, the earliest date.

    Raises:
        InputError: invalid worker data, date or target (``apprentice`` has no application route).
        UnknownPolicyError: no such policy.
    """
    w, pol, day = _setup(worker, policy, on)
    g = _target(target)
    if g.id == "apprentice":
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("target",),
                    "input": target,
                    "type": "no_route",
                    "msg": "apprentice is an enterprise post with no application route; "
                    "use assess_apprenticeship",
                }
            ],
        )
    levels = _levels(pol, w)
    if levels is not None and g.kind == "certificate" and g.id not in levels:
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("target",),
                    "input": target,
                    "type": "no_level",
                    "msg": f"the occupation's standard {_standard_of(pol, w).standard} has no {g.id} level "  # type: ignore[union-attr]
                    f"(its levels: {', '.join(levels)})",
                }
            ],
        )
    return _decide_grade(w, pol, g, day, None)


def grade_decision(
    worker: Worker, g: Grade, policy: Policy, on: _dt.date, *, with_earliest: bool = True
) -> tuple[str | None, Decision]:
    """The grade held and :func:`assess_grade` for validated input, optionally without the
    earliest-date search."""
    worker, pol = by_standard(worker, policy)
    plan = ruleset_plan(pol, _ruleset_id(worker, g), on)
    base = _base_facts(worker, pol, on, plan.fact_groups)
    rank = max((r for r in rank_parts(pol, base, on) if isinstance(r, int)), default=0)
    held = by_rank(rank).id if rank > 0 else None
    return held, _decide_grade(worker, pol, g, on, base, with_earliest=with_earliest)


def grade_profile(worker: WorkerInput, *, policy: str | Policy, on: object) -> GradeProfile:
    """The worker's current grade, the next grade, and a decision for each grade above.

    Each decision carries the earliest date it becomes reachable by time alone, when that applies.
    ``senior_technician`` (一级) and the two posts above it are listed only for occupations that
    have (or may have) a 高级技师 level.
    """
    w, pol, day = _setup(worker, policy, on)
    base = _base_facts(w, pol, day, _ladder_groups(pol))
    # At least the highest known part; the profile says when an unknown part could raise it.
    known = isinstance(base["current_rank"], int)
    rank = max((r for r in rank_parts(pol, base, day) if isinstance(r, int)), default=0)
    targets = _targets_above(rank, base, _levels(pol, w))
    decisions = tuple(_decide_grade(w, pol, g, day, base) for g in targets)
    current = by_rank(rank).id if rank > 0 else None
    return GradeProfile(
        subject_id=w.id,
        on=day,
        policy_id=pol.id,
        reform_label=pol.label,
        current_grade=current,
        current_known=known,
        next_grade=targets[0].id if targets else None,
        decisions=decisions,
    )


def assess_title_bridge(worker: WorkerInput, title: str, *, policy: str | Policy, on: object) -> Decision:
    """May this skilled worker apply for a professional title (技能 → 职称 bridging)?

    Args:
        title: ``assistant``, ``intermediate`` or ``deputy_senior``.
    """
    w, pol, day = _setup(worker, policy, on)
    sid = f"bridge.{title}" if isinstance(title, str) else ""
    if sid not in pol.rulesets:
        known = [s.target or s.id for s in pol.rulesets.values() if s.question == "bridge"]
        raise InputError(
            "arguments",
            [{"loc": ("title",), "input": title, "type": "unknown_title", "msg": f"expected one of {known}"}],
        )
    plan = ruleset_plan(pol, sid, day)
    base = _base_facts(w, pol, day, plan.fact_groups)
    return _decide_simple(w, pol, plan, day, base, question="bridge", target=title)


def assess_apprenticeship(worker: WorkerInput, *, policy: str | Policy, on: object) -> Decision:
    """May the enterprise grade this apprentice as a regular worker, and is the apprenticeship in order?

    ``eligible`` when the apprenticeship and probation have ended and the wage floor is met;
    ``review`` when only the duration (1–2 years, up to 3 in special cases) is out of line.
    The subsidy is reported as a priority finding.
    """
    w, pol, day = _setup(worker, policy, on)
    plan = ruleset_plan(pol, "apprenticeship", day)
    base = _base_facts(w, pol, day, plan.fact_groups)
    return _decide_simple(w, pol, plan, day, base, question="apprenticeship", target=None)


def _decide_simple(
    worker: Worker,
    policy: Policy,
    plan: Plan,
    on: _dt.date,
    facts: dict[str, Value],
    *,
    question: str,
    target: str | None,
    standard_id: str | None = None,
) -> Decision:
    def earliest(
        rules: Sequence[Rule], values: Mapping[str, Value], own: Mapping[str, Value]
    ) -> _dt.date | None:
        # All-of: the answer turns when every failing required rule turns; each must be time-only.
        facts_for = _movers(worker, plan, facts, on, standard_kinship(policy, worker))
        params = plan.params
        dates = []
        for r in rules:
            if r.strength == "required" and values[r.id] is False:
                d = earliest_date(
                    [r], policy.rules, facts, params, on, None, TEMPORAL, plan.searches, own, facts_for
                )
                if d is None:
                    return None
                dates.append(d)
        return max(dates) if dates else None

    return decide(
        policy,
        plan.ruleset.id,
        facts,
        on,
        question=question,
        subject_id=worker.id,
        target=target,
        earliest=earliest,
        plan=plan,
        standard_id=standard_id,
    )


def next_grade_decision(
    worker: Worker, policy: Policy, on: _dt.date, *, with_earliest: bool = True
) -> tuple[str | None, Decision | None]:
    """The grade held and the decision for the next grade up (``None`` at the top of the ladder).

    The same choice of next grade as :func:`grade_profile`, deciding only that one grade; without
    ``with_earliest`` the decision's earliest date is not searched for (what-if counts need none).
    """
    worker, pol = by_standard(worker, policy)
    base = _base_facts(worker, pol, on, _ladder_groups(pol))
    rank = max((r for r in rank_parts(pol, base, on) if isinstance(r, int)), default=0)
    held = by_rank(rank).id if rank > 0 else None
    targets = _targets_above(rank, base, _levels(pol, worker))
    if not targets:
        return held, None
    return held, _decide_grade(worker, pol, targets[0], on, base, with_earliest=with_earliest)


def _targets_above(
    rank: int, base: Mapping[str, Value], levels: tuple[str, ...] | None = None
) -> list[Grade]:
    """The grades one may ask about above ``rank``: no apprentice post; in an occupation known to
    have no 高级技师 level, neither 一级 nor the posts that exist only above it (cpc-2022-58 §11);
    where the occupation's standard has fewer levels (``levels``), only those certificate levels."""
    has_top = base.get("occupation_has_senior_technician") is not False
    above_technician = ("senior_technician", "special_technician", "chief_technician")
    return [
        g
        for g in GRADES[rank:]
        if g.id != "apprentice"
        and (has_top or g.id not in above_technician)
        and (levels is None or g.kind != "certificate" or g.id in levels)
    ]
