"""The scalar engine's shortcuts give exactly what the plain way gives.

Messages written on first read equal messages written at once; a rule set's plan is built once per
policy and date segment and shared by threads; the compiled closures agree with the traced
evaluation; the earliest-date search tries anniversaries first and finds the day bisection finds.
"""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

import skilleco
from _workers import cert, title, work, worker
from skilleco.decisions import Decision, Finding
from skilleco.decisions.finding import finding_maker
from skilleco.engine import earliest as _earliest
from skilleco.engine import messages as _messages
from skilleco.engine import plan as _plan
from skilleco.engine.decide import decide
from skilleco.facts import WORKER_FACTS, worker_facts
from skilleco.ladder import grade
from skilleco.models import Worker, validate
from skilleco.policy import policy
from skilleco.questions.grades import (
    TEMPORAL,
    _decide_grade,
    _facts_at,
    _ruleset_id,
    current_rank,
    rank_parts,
)
from skilleco.rules import compile as _compile
from skilleco.rules import expr as _expr
from skilleco.testing import dates, exprs, fact_values, workers

POLICY = "cn-2025"
ON = dt.date(2026, 3, 14)
TARGETS = tuple(g.id for g in skilleco.GRADES if g.id != "apprentice")
WORKER_SCHEMA = {name: spec.type for name, spec in WORKER_FACTS.items()}

# A worker whose next grades are out of reach for now: findings that do not hold, an earliest date.
WAITING = worker(
    "t2023",
    birth_date="1994-06-18",
    work_periods=[work("2013-07-01", "2018-02-28"), work("2018-03-01")],
    certificates=[cert("五级", "2014-05-20"), cert("四级", "2017-06-30"), cert("三级", "2021-09-15")],
    titles=[title("junior", "2022-01-10")],
)


def _eager_messages(decision: Decision, facts: dict[str, _expr.Value]) -> list[tuple[str, str]]:
    """Each finding's messages, written the way the engine used to write them: all at once."""
    pol = skilleco.load_policy(decision.policy_id)
    params = pol.params_at(decision.on)
    out = []
    for f in decision.findings:
        rule = pol.rule(f.rule_id)
        trace = _expr.evaluate(rule.condition, facts, params, decision.on)
        detail = "" if f.status == "yes" else _messages.detail(rule.condition, trace)
        missing = _expr.missing_facts(rule.condition, trace)
        blocked = trace.value is not False and f.status == "no" and bool(rule.guards)
        out.append(
            (
                _messages.message_zh(rule, f.status, detail, blocked, missing),
                _messages.message_en(rule, f.status, detail, blocked, missing),
            )
        )
    return out


def _grade_facts(w: Worker, target: str, on: dt.date) -> dict[str, _expr.Value]:
    pol = skilleco.load_policy(POLICY)
    facts = worker_facts(w, on)
    facts["current_rank"] = current_rank(rank_parts(pol, facts, on))
    facts["target_rank"] = grade(target).rank
    return facts


# --- messages written on first read ---------------------------------------------------------------


@given(workers(), st.sampled_from(TARGETS), dates())
def test_a_message_written_on_first_read_equals_one_written_at_once(
    w: Worker, target: str, on: dt.date
) -> None:
    """Every finding's messages, read after the decision, are the ones an eager engine writes."""
    assume(w.birth_date is None or w.birth_date <= on)  # born after `on`: bad input (grades.md)
    decision = skilleco.assess_grade(w, target, policy=POLICY, on=on)
    expected = _eager_messages(decision, _grade_facts(w, target, on))
    assert [(f.message_zh, f.message_en) for f in decision.findings] == expected


def test_a_fresh_decision_round_trips_and_hashes_like_a_read_one() -> None:
    """Equality, hashing, pickling and JSON see the messages, written or not yet."""
    fresh = skilleco.assess_grade(WAITING, "technician", policy=POLICY, on=ON)
    other = skilleco.assess_grade(WAITING, "technician", policy=POLICY, on=ON)
    assert fresh == other
    assert hash(fresh.findings) == hash(other.findings)
    read_back = Decision.from_json(skilleco.assess_grade(WAITING, "technician", policy=POLICY, on=ON).to_json())
    assert read_back == fresh
    assert pickle.loads(pickle.dumps(other)) == fresh
    assert attrs.asdict(fresh.findings[0])["message_en"] == fresh.findings[0].message_en


def test_changing_the_facts_after_a_decision_changes_no_message() -> None:
    """The engine keeps its own copy of the facts it will write messages from."""
    facts = _grade_facts(validate(Worker, WAITING), "technician", ON)
    pol = skilleco.load_policy(POLICY)
    sid = "grade.t2023.technician"
    kept = decide(pol, sid, facts, ON, question="grade", subject_id="w")
    expected = _eager_messages(kept, dict(facts))
    facts.clear()
    assert [(f.message_zh, f.message_en) for f in kept.findings] == expected


def test_finding_maker_makes_the_finding_the_constructor_makes() -> None:
    """A finding from the engine's maker equals and hashes like one from ``Finding(...)``."""
    fields = {
        "rule_id": "r",
        "strength": "required",
        "provenance": "text",
        "citation": "c",
        "title_zh": "题",
        "title_en": "t",
        "params": (),
        "role": "rule",
        "guards": ("g",),
    }
    made = finding_maker(**fields)("no", (("n", 1),), ("m",), "zh", "en")
    built = Finding(status="no", facts=(("n", 1),), missing=("m",), message_zh="zh", message_en="en", **fields)
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)


# --- plans -----------------------------------------------------------------------------------------


def test_a_plan_is_built_once_per_policy_and_date_segment() -> None:
    """Two dates in one segment share a plan; a reform has its own plans."""
    pol = skilleco.load_policy(POLICY)
    sid = "grade.t2023.technician"
    first = _plan.ruleset_plan(pol, sid, dt.date(2026, 1, 1))
    assert _plan.ruleset_plan(pol, sid, dt.date(2026, 6, 1)) is first
    reform = pol.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4")
    assert _plan.ruleset_plan(reform, sid, dt.date(2026, 1, 1)) is not first


def test_unknown_rule_set_is_an_error_not_a_plan() -> None:
    """Asking for a rule set the policy lacks raises, and stores nothing."""
    pol = skilleco.load_policy(POLICY).with_changes({}, label="empty memo")
    with pytest.raises(skilleco.UnknownRuleError):
        _plan.ruleset_plan(pol, "grade.t2023.nonesuch", ON)
    assert not pol._memo


def test_the_memo_of_a_policy_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the limit a value is built and returned, and not kept."""
    monkeypatch.setattr(policy, "MEMO_LIMIT", 2)
    pol = skilleco.load_policy(POLICY).with_changes({}, label="small memo")
    assert [pol._cached(k, lambda k=k: k * 10) for k in range(5)] == [0, 10, 20, 30, 40]
    assert len(pol._memo) == 2


def test_threads_deciding_under_one_policy_agree() -> None:
    """Threads deciding at once under a new policy share its plans and give equal decisions."""
    reform = skilleco.load_policy(POLICY).with_changes({"t2023.technician.after_senior_years": 4}, label="t")
    expected = [skilleco.assess_grade(WAITING, t, policy=POLICY, on=ON) for t in TARGETS]
    start = threading.Barrier(4)

    def work(_: int) -> list[Decision]:
        start.wait()
        return [skilleco.assess_grade(WAITING, t, policy=reform, on=ON) for t in TARGETS]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(4)))
    for decisions in results:
        assert [d.to_json() for d in decisions] == [d.to_json() for d in results[0]]
    # The reform changes one parameter: the statuses of every other grade are the shipped ones.
    assert [d.status for d in results[0] if d.target != "technician"] == [
        d.status for d in expected if d.target != "technician"
    ]
    sid = "grade.t2023.technician"
    assert _plan.ruleset_plan(reform, sid, ON) is _plan.ruleset_plan(reform, sid, ON)


@given(workers(), st.sampled_from(TARGETS), dates())
def test_deriving_only_what_the_rules_read_changes_no_decision(w: Worker, target: str, on: dt.date) -> None:
    """A decision from the facts its rule set reads equals one from every fact."""
    pol = skilleco.load_policy(POLICY).for_occupation(w.occupation.code)
    g = grade(target)
    full = worker_facts(w, on)
    full["current_rank"] = current_rank(rank_parts(pol, full, on))
    assert _decide_grade(w, pol, g, on, None) == _decide_grade(w, pol, g, on, full)


# --- compiled closures ----------------------------------------------------------------------------


@given(st.data())
def test_the_scalar_compiler_agrees_with_the_traced_evaluation(data: st.DataObject) -> None:
    """``compile_scalar`` gives the value of the traced evaluation and of ``compile_expr``."""
    tree = data.draw(exprs(WORKER_SCHEMA, params={"k": "int", "x": "float", "flag": "bool"}))
    facts = data.draw(fact_values(WORKER_SCHEMA))
    params = data.draw(fact_values({"k": "int", "x": "float", "flag": "bool"}))
    on = data.draw(dates())
    expected = _expr.evaluate(tree, facts, params, on).value
    assert _compile.compile_scalar(tree)(facts, params, on) is expected
    assert _expr.compile_expr(tree)(facts, params, on) is expected


def test_every_shipped_rule_compiles_to_the_same_closure_values() -> None:
    """For the example worker, every rule of every shipped policy gives one value either way."""
    w = validate(Worker, WAITING)
    for pid in skilleco.list_policies():
        pol = skilleco.load_policy(pid)
        params = pol.params_at(ON)
        facts = {**worker_facts(w, ON), "target_rank": 5, "current_rank": 4}
        for rule in pol.rules.values():
            value = rule.compiled(facts, params, ON)
            assert _compile.compile_scalar(rule.condition)(facts, params, ON) is value, rule.id


# --- the earliest-date search ---------------------------------------------------------------------


@st.composite
def waiting_workers(draw: st.DrawFn) -> tuple[Worker, dt.date]:
    """Workers with settled records and waiting periods still running, and the date asked."""
    on = draw(dates(dt.date(1995, 1, 1), dt.date(2035, 12, 31)))
    since = on - relativedelta(years=12)
    w = draw(workers(complete=True, until=on, expected_only=False, min_date=since))
    return w, on


@given(waiting_workers(), st.sampled_from(TARGETS))
def test_the_search_finds_the_day_plain_bisection_finds(case: tuple[Worker, dt.date], target: str) -> None:
    """With anniversaries tried first, the earliest date is the one bisection alone finds."""
    w, on = case
    pol = skilleco.load_policy(POLICY).for_occupation(w.occupation.code)
    g = grade(target)
    plan = _plan.ruleset_plan(pol, _ruleset_id(w, g), on)
    facts = _grade_facts(w, target, on)
    own = {r.id: r.compiled(facts, plan.params, on) for r in plan.rules}
    facts_at = _facts_at(w, plan, facts, on)
    for r in plan.rules:
        if own[r.id] is not False:
            continue
        fast = _earliest.earliest_date(
            [r], pol.rules, facts, plan.params, on, facts_at, TEMPORAL, plan.searches, own
        )
        everything = _earliest.project(facts, lambda day: worker_facts(w, day, records_until=on), TEMPORAL)
        plain = _earliest.earliest_date([r], pol.rules, facts, plan.params, on, everything, TEMPORAL)
        assert fast == plain, r.id


def test_an_age_limit_is_not_known_to_rise() -> None:
    """A route that an age limit can close again is searched by bisection alone."""
    capped = skilleco.Rule.build(
        id="capped",
        when="years_since(cert_senior_on) >= 5 and years_since(birth_date) <= 60",
    )
    rising = skilleco.Rule.build(id="rising", when="has_cert_senior and years_since(cert_senior_on) >= 5")
    assert not _earliest.route_search(capped, [], TEMPORAL).rising
    assert _earliest.route_search(rising, [], TEMPORAL).rising


def test_anniversaries_are_the_days_thresholds_turn() -> None:
    """The hints of ``years_since(d) >= n`` are ``d`` plus ``n`` years (29 February lands on the 28th)."""
    rule = skilleco.Rule.build(
        id="r", when="years_since(cert_senior_on) >= 2 and years_since(birth_date) > p.min_age"
    )
    hints = _earliest.route_search(rule, [], TEMPORAL).hints
    facts = {"cert_senior_on": dt.date(2020, 2, 29), "birth_date": dt.date(2000, 5, 1)}
    assert hints(facts, {"min_age": 17}, ON) == [dt.date(2018, 5, 1), dt.date(2022, 2, 28)]
