"""Properties of decisions, the expression engine and the time arithmetic, checked with hypothesis.

Strategies come from :mod:`skilleco.testing`; the number of examples is set by the hypothesis
profile (``HYPOTHESIS_PROFILE``, see ``conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, event, example, given
from hypothesis import strategies as st

import skilleco
from skilleco import testing
from skilleco.decisions import Decision
from skilleco.facts import WORKER_FACTS
from skilleco.facts import time as _time
from skilleco.models import DirectRecognition, Occupation, Worker, validate
from skilleco.rules import expr as _expr
from skilleco.rules import syntax as _syntax
from skilleco.rules.expr import Expr, Fact, Lit, Op, Value
from skilleco.rules.timeline import Timeline
from skilleco.testing import (
    certificates,
    dates,
    exprs,
    fact_values,
    kleene_values,
    occupations,
    titles,
    work_periods,
    worker_dicts,
    workers,
)

POLICY = "cn-2025"
TARGETS = tuple(g.id for g in skilleco.GRADES if g.id != "apprentice")  # every grade one may ask about
BRIDGES = ("assistant", "intermediate", "deputy_senior")
# Policies that answer the ladder questions (some packs hold other rule sets only).
LADDER_POLICIES = tuple(
    p
    for p in skilleco.list_policies()
    if {
        "grade.t2018.junior",
        "grade.t2023.junior",
        "post.chief_technician",
        "bridge.assistant",
        "apprenticeship",
    }
    <= set(skilleco.load_policy(p).rulesets)
)
ONE_DAY = dt.timedelta(days=1)

SMALL_FACTS = {"a": "bool", "b": "bool", "n": "int", "m": "int", "x": "float", "born": "date", "s": "str"}
SMALL_PARAMS = {"k": "int", "flag": "bool"}
WORKER_SCHEMA = {name: spec.type for name, spec in WORKER_FACTS.items()}
SCHEMAS = {"small": (SMALL_FACTS, SMALL_PARAMS), "worker": (WORKER_SCHEMA, {})}


# --- decisions ------------------------------------------------------------------------------------


def born_by(worker: Worker, on: dt.date) -> bool:
    """Whether ``worker`` may be asked about on ``on``: a worker born after the date asked is bad
    input (grades.md, "Dates must be possible"), so properties drawing the date apart skip it."""
    return worker.birth_date is None or worker.birth_date <= on


@st.composite
def decisions(draw: st.DrawFn) -> Decision:
    """Decisions of every kind, under every shipped policy."""
    worker = draw(workers())
    policy = draw(st.sampled_from(LADDER_POLICIES))
    on = draw(dates())
    assume(born_by(worker, on))
    kind = draw(st.sampled_from(("grade", "profile", "bridge", "apprenticeship")))
    if kind == "grade":
        return skilleco.assess_grade(worker, draw(st.sampled_from(TARGETS)), policy=policy, on=on)
    if kind == "bridge":
        title = draw(st.sampled_from(BRIDGES))
        return skilleco.assess_title_bridge(worker, title, policy=policy, on=on)
    if kind == "apprenticeship":
        return skilleco.assess_apprenticeship(worker, policy=policy, on=on)
    profile = skilleco.grade_profile(worker, policy=policy, on=on)
    return draw(st.sampled_from(profile.decisions)) if profile.decisions else draw(decisions())


@given(workers(), st.sampled_from(TARGETS), dates(), st.sampled_from(LADDER_POLICIES))
def test_assessment_is_deterministic(worker: Worker, target: str, on: dt.date, policy: str) -> None:
    """Asking the same question twice gives equal decisions and byte-identical JSON."""
    assume(born_by(worker, on))
    first = skilleco.assess_grade(worker, target, policy=policy, on=on)
    again = skilleco.assess_grade(worker.model_copy(deep=True), target, policy=policy, on=on)
    assert first == again
    assert first.to_json() == again.to_json()
    assert first.to_json(indent=2) == again.to_json(indent=2)


@given(decisions())
def test_decision_round_trips_through_json(decision: Decision) -> None:
    """A decision read back from its JSON or its dict equals the original."""
    assert Decision.from_json(decision.to_json()) == decision
    assert Decision.from_dict(decision.to_dict()) == decision
    assert Decision.from_json(decision.to_json()).to_json() == decision.to_json()


@given(worker_dicts(), st.sampled_from(TARGETS), dates())
def test_worker_dicts_validate_and_decide_like_the_model(
    data: dict[str, object], target: str, on: dt.date
) -> None:
    """A JSON-like worker validates, survives JSON text, and is assessed like its model."""
    worker = validate(Worker, data)
    assume(born_by(worker, on))
    assert validate(Worker, json.dumps(data, ensure_ascii=False)) == worker
    from_dict = skilleco.assess_grade(data, target, policy=POLICY, on=on.isoformat())
    assert from_dict == skilleco.assess_grade(worker, target, policy=POLICY, on=on)


@given(workers())
@example(Worker(id="w", occupation=Occupation(code="x"), birth_date=dt.date(2000, 1, 1)))
def test_worker_round_trips_through_model_json(worker: Worker) -> None:
    """A worker dumped to JSON by pydantic (or to JSON-mode data) validates back to an equal worker."""
    assert validate(Worker, worker.model_dump_json()) == worker
    assert validate(Worker, worker.model_dump(mode="json")) == worker


@given(
    workers(complete=True),
    st.sampled_from(TARGETS),
    dates(),
    st.sampled_from(("junior", "intermediate")),
    dates(),
)
@example(
    Worker(
        id="dr",
        records_complete=True,
        occupation=Occupation(code="6-18-02-04", standard_edition="t2023"),
        direct_recognitions=[DirectRecognition(grade="junior", on=dt.date(2020, 1, 1), by="ACME")],
    ),
    "junior",
    dt.date(2021, 1, 1),
    "intermediate",
    dt.date(2020, 6, 1),
)
def test_an_invalid_recognition_counts_for_nothing(
    worker: Worker, target: str, on: dt.date, grade_id: str, recognised: dt.date
) -> None:
    """A recognition with limits waived below senior, which the policy does not allow, changes no answer."""
    assume(born_by(worker, min(recognised, on)))
    invalid = DirectRecognition(grade=grade_id, on=min(recognised, on), by="ACME", limits_waived=True)
    more = worker.model_copy(update={"direct_recognitions": [*(worker.direct_recognitions or []), invalid]})
    before = skilleco.assess_grade(worker, target, policy=POLICY, on=on)
    after = skilleco.assess_grade(more, target, policy=POLICY, on=on)
    assert after.status == before.status


# --- the expression engine ------------------------------------------------------------------------


@st.composite
def trees_and_inputs(
    draw: st.DrawFn, schema: str
) -> tuple[Expr, dict[str, Value], dict[str, Value], dt.date]:
    """A tree over a schema, with facts and parameters (some unknown) and a date."""
    facts, params = SCHEMAS[schema]
    tree = draw(exprs(facts, params=params))
    return tree, draw(fact_values(facts)), draw(fact_values(params)), draw(dates())


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
@given(data=st.data())
def test_every_evaluation_path_agrees(schema: str, data: st.DataObject) -> None:
    """The traced evaluation, the compiled closure and a rule built on the tree give one value."""
    tree, facts, params, on = data.draw(trees_and_inputs(schema))
    trace = _expr.evaluate(tree, facts, params, on)
    assert trace.value is None or isinstance(trace.value, bool)
    assert trace.values[id(tree)] is trace.value
    assert _expr.compile_expr(tree)(facts, params, on) is trace.value
    rule = skilleco.Rule(
        id="t",
        title_zh="t",
        title_en="t",
        citation="",
        provenance="modelled",
        strength="required",
        condition=tree,
    )
    # A rule evaluates its tree with rising thresholds on ranges rewritten (rules/ranges.py): the
    # same value as the tree as written wherever a range's facts agree with each other; facts drawn
    # independently may not (a settled earliest date beside an unknown date), so the rule is
    # checked against the rewritten tree it holds.
    assert rule.compiled(facts, params, on) is _expr.evaluate(rule.condition, facts, params, on).value
    # Only an unknown root has facts that could settle it.
    assert bool(_expr.missing_facts(tree, trace)) <= (trace.value is None)


@given(exprs(SMALL_FACTS, params=SMALL_PARAMS))
def test_tree_round_trips_through_data(tree: Expr) -> None:
    """A tree read back from its plain data (also through JSON text) equals the original."""
    assert _expr.from_data(_expr.to_data(tree)) == tree
    assert _expr.from_data(json.loads(json.dumps(_expr.to_data(tree)))) == tree


@given(exprs(SMALL_FACTS, params=SMALL_PARAMS))
def test_tree_round_trips_through_text(tree: Expr) -> None:
    """A tree parsed back from its printed condition text equals the original."""
    assert _syntax.parse(_syntax.unparse(tree)) == tree


@given(st.floats(allow_nan=False, allow_infinity=False))
@example(0.00001)
@example(1e17)
@example(-2.5e-300)
def test_float_literals_round_trip_through_text(value: float) -> None:
    """A comparison with any finite float literal prints as text that parses back to it."""
    tree = Op(">=", (Fact("wage"), Lit(value)))
    assert _syntax.parse(_syntax.unparse(tree)) == tree


@given(exprs(SMALL_FACTS, params=SMALL_PARAMS, float_literals=True))
def test_trees_with_float_literals_round_trip_through_text(tree: Expr) -> None:
    """Trees with float literals of any magnitude also print as text that parses back to them."""
    assert _syntax.parse(_syntax.unparse(tree)) == tree


@pytest.mark.parametrize(
    "tree",
    [
        pytest.param(Op("==", (Fact("a"), Lit("技师"))), id="text-literal"),
        pytest.param(Op("in", (Fact("a"), Lit(()))), id="empty-list"),
        pytest.param(Op("neg", (Lit(3),)), id="negated-number"),
        pytest.param(Op("all_of", (Fact("a"),)), id="one-part-all-of"),
        pytest.param(Op("==", (Fact("a"), Lit('say "hi"'))), id="quote-in-text"),
        pytest.param(Op("==", (Fact("a"), Lit("a\\b\nc"))), id="backslash-and-newline"),
        pytest.param(Op("in", (Fact("a"), Lit((1e-9, 'x"')))), id="list-of-awkward-literals"),
    ],
)
def test_tree_shapes_from_data_round_trip_through_text(tree: Expr) -> None:
    """Tree shapes that from_data accepts print as text that parses back to an equal tree."""
    assert _expr.from_data(_expr.to_data(tree)) == tree
    assert _syntax.parse(_syntax.unparse(tree)) == tree


@pytest.mark.parametrize("literal", [None, float("inf"), float("nan")], ids=["null", "inf", "nan"])
def test_from_data_refuses_literals_text_cannot_spell(literal: float | None) -> None:
    """An unknown or non-finite literal has no condition text, so from_data refuses it."""
    with pytest.raises(ValueError, match="literal"):
        _expr.from_data({"op": "is_known", "args": [{"lit": literal}]})


# --- Kleene laws ----------------------------------------------------------------------------------

TODAY = dt.date(2025, 1, 1)
JUNCTIONS = ("all_of", "any_of")
DUAL = {"all_of": "any_of", "any_of": "all_of"}
ABSORBING = {"all_of": False, "any_of": True}


def ap(op: str, *values: Value) -> Value:
    """``_expr.apply`` on values, as of a fixed date (the logical operators ignore it)."""
    return _expr.apply(op, list(values), TODAY)


@given(st.sampled_from(JUNCTIONS), kleene_values(), kleene_values())
def test_junctions_commute(op: str, a: bool | None, b: bool | None) -> None:
    """all_of and any_of do not depend on the order of their parts."""
    assert ap(op, a, b) is ap(op, b, a)


@given(st.sampled_from(JUNCTIONS), kleene_values(), kleene_values(), kleene_values())
def test_junctions_associate(op: str, a: bool | None, b: bool | None, c: bool | None) -> None:
    """all_of and any_of give the same value however their parts are grouped."""
    left = ap(op, ap(op, a, b), c)
    assert left is ap(op, a, ap(op, b, c))
    assert left is ap(op, a, b, c)


@given(st.sampled_from(JUNCTIONS), st.lists(kleene_values(), min_size=1, max_size=5))
def test_de_morgan(op: str, values: list[bool | None]) -> None:
    """not all_of is any_of of the nots, and not any_of is all_of of the nots."""
    assert ap("not", ap(op, *values)) is ap(DUAL[op], *(ap("not", v) for v in values))


@given(kleene_values())
def test_not_is_an_involution(a: bool | None) -> None:
    """not not a is a, and not unknown is unknown."""
    assert ap("not", ap("not", a)) is a
    assert (ap("not", a) is None) == (a is None)


@given(st.sampled_from(JUNCTIONS), st.lists(kleene_values(), max_size=5), kleene_values())
def test_identity_and_annihilator(op: str, values: list[bool | None], a: bool | None) -> None:
    """True is all_of's identity and False annihilates it, even beside unknowns; dually any_of."""
    identity = not ABSORBING[op]
    assert ap(op, identity, a) is a
    assert ap(op, *values, ABSORBING[op], *values) is ABSORBING[op]


@given(st.sampled_from(JUNCTIONS), st.lists(kleene_values(), min_size=1, max_size=5))
def test_unknown_is_never_read_as_false(op: str, values: list[bool | None]) -> None:
    """An unknown part makes the result unknown unless a known part already settles it."""
    settled = ABSORBING[op] in values
    result = ap(op, *values)
    if None in values and not settled:
        assert result is None
    if not settled and None not in values:
        assert result is (not ABSORBING[op])


@given(st.sampled_from(JUNCTIONS), st.lists(kleene_values(), min_size=1, max_size=5), st.data())
def test_learning_a_fact_never_overturns_a_known_answer(
    op: str, values: list[bool | None], data: st.DataObject
) -> None:
    """Replacing unknown parts by true or false never changes an answer that was already known."""
    before = ap(op, *values)
    learned = [data.draw(st.booleans()) if v is None else v for v in values]
    after = ap(op, *learned)
    assert after is not None
    if before is not None:
        assert after is before


# --- timelines and time ---------------------------------------------------------------------------


@st.composite
def timeline_cases(draw: st.DrawFn, max_size: int = 12) -> tuple[list[tuple[dt.date, int]], dt.date]:
    """Timeline entries, and a date that is often an entry's date or a day either side of it."""
    pairs = draw(st.lists(st.tuples(dates(), st.integers()), unique_by=lambda p: p[0], max_size=max_size))
    on = draw(dates())
    if pairs and draw(st.booleans()):
        near = draw(st.sampled_from([d for d, _ in pairs])) + draw(
            st.sampled_from((-ONE_DAY, 0 * ONE_DAY, ONE_DAY))
        )
        on = min(max(near, dt.date(1900, 1, 1)), dt.date(2100, 12, 31))
    return pairs, on


@given(timeline_cases())
def test_timeline_lookup_equals_linear_scan(case: tuple[list[tuple[dt.date, int]], dt.date]) -> None:
    """The value in force on a date is the one with the latest effective date on or before it."""
    pairs, on = case
    timeline = Timeline.of(pairs)
    in_force = [(d, v) for d, v in pairs if d <= on]
    expected = max(in_force)[1] if in_force else None
    assert timeline.at(on) == expected
    assert timeline.entry_at(on) == (max(in_force) if in_force else None)


@given(
    st.lists(st.tuples(dates(), st.integers()), unique_by=lambda p: p[0], max_size=8),
    dates(),
    st.integers(),
    dates(),
)
def test_timeline_with_entry_takes_effect_from_its_date(
    pairs: list[tuple[dt.date, int]], since: dt.date, value: int, on: dt.date
) -> None:
    """A new entry is in force from its date until the next later entry."""
    timeline = Timeline.of(pairs).with_entry(since, value)
    later = [d for d, _ in pairs if since < d <= on]
    if since <= on and not later:
        assert timeline.at(on) == value
    if on < since:
        assert timeline.at(on) == Timeline.of(pairs).at(on)


@given(
    dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.integers(-250, 250),
)
@example(dt.date(2020, 2, 29), dt.date(2021, 2, 28), 1)
@example(dt.date(2020, 2, 29), dt.date(2021, 2, 27), 1)
@example(dt.date(2020, 3, 15), dt.date(2025, 3, 14), 5)
def test_full_years_matches_relativedelta(since: dt.date, on: dt.date, n: int) -> None:
    """N full years have passed since d on ``on`` exactly when on >= d + relativedelta(years=N)."""
    assert (_time.full_years(since, on) >= n) == (on >= since + relativedelta(years=n))


@given(dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.integers(-250, 250))
@example(dt.date(2020, 2, 29), 1)
@example(dt.date(2020, 2, 29), 4)
@example(dt.date(2000, 2, 29), -100)
def test_add_years_matches_relativedelta(day: dt.date, years: int) -> None:
    """The fast anniversary arithmetic gives what relativedelta gives (29 February included)."""
    assert _time.add_years(day, years) == day + relativedelta(years=years)


Period = tuple[dt.date, dt.date | None]


@st.composite
def periods_and_dates(draw: st.DrawFn) -> tuple[list[Period], dt.date, dt.date | None]:
    """Work periods, a date asked about, and optionally a date to count from."""
    rows = [(p.start, p.end) for p in draw(st.lists(work_periods(), min_size=1, max_size=5))]
    return rows, draw(dates()), draw(st.one_of(st.none(), dates()))


@given(periods_and_dates(), st.data())
def test_cumulative_months_ignore_how_a_period_is_split(
    case: tuple[list[Period], dt.date, dt.date | None], data: st.DataObject
) -> None:
    """Splitting a period in two at a shared day does not change the cumulative months."""
    rows, on, since = case
    i = data.draw(st.integers(0, len(rows) - 1))
    start, end = rows[i]
    cut = data.draw(dates(start, end or dt.date(2040, 12, 31)))
    split = [*rows[:i], (start, cut), (cut, end), *rows[i + 1 :]]
    assert _time.cumulative_months(split, on, since=since) == _time.cumulative_months(rows, on, since=since)


@given(periods_and_dates(), st.data())
def test_cumulative_months_give_no_double_credit(
    case: tuple[list[Period], dt.date, dt.date | None], data: st.DataObject
) -> None:
    """Adding a period inside an existing one (a second job at the same time) adds nothing."""
    rows, on, since = case
    start, end = rows[data.draw(st.integers(0, len(rows) - 1))]
    inner_start = data.draw(dates(start, end or dt.date(2040, 12, 31)))
    inner_end = data.draw(
        st.one_of(st.none(), dates(inner_start, end or dt.date(2040, 12, 31)))
        if end is None
        else dates(inner_start, end)
    )
    more = [*rows, (inner_start, inner_end)]
    assert _time.cumulative_months(more, on, since=since) == _time.cumulative_months(rows, on, since=since)


@given(periods_and_dates(), st.integers(0, 20 * 366))
def test_cumulative_months_never_shrink(
    case: tuple[list[Period], dt.date, dt.date | None], days: int
) -> None:
    """Counting on a later date never gives fewer months."""
    rows, on, since = case
    later = min(on + dt.timedelta(days=days), dt.date(2100, 12, 31))
    assert _time.cumulative_months(rows, later, since=since) >= _time.cumulative_months(rows, on, since=since)


# --- time and eligibility -------------------------------------------------------------------------


@st.composite
def settled_workers(draw: st.DrawFn) -> tuple[Worker, dt.date]:
    """A worker whose records are all settled by a date, and that date.

    Restrictions, each because the records would otherwise change after the date by something
    other than the passing of time:

    - ``complete=True``: lists left out mean "none", so no route waits on an unstated list.
    - ``until=on``: every record is dated on or before the date (issue dates, starts and *ends*
      of work periods, posts and apprenticeships, graduation, probation, promotions). A record
      dated later is new information, not more time: a post ending later lowers the current
      grade and so moves the one-step exceptional route; a later certificate opens new routes.
      Open work periods and posts stay open, which is what "time alone" continues.
    - ``expected_only=False``: an enrolment with only an *expected* graduation date counts as a
      current-year graduate within that calendar year only (policy/time.md); the next year it is
      unknown whether they graduated, so the answer rightly turns from yes to unknown.
    - Tianjin competitions are kept: cn-2025 reads no Tianjin fact, and the only one that depends
      on the calendar (``tj_comp_promotions_in_year``) is read by tj-2024 alone.
    - Records start at most 12 years before the date, so that waiting periods (1–10 years) are
      often still running: that is where an earliest date exists. Half the examples are plain
      careers (dated certificates in the occupation, work, perhaps a title, nothing unknown
      beyond that), where time is most often all that stands in the way.
    """
    on = draw(dates(dt.date(1975, 1, 1), dt.date(2035, 12, 31)))
    since = on - relativedelta(years=12)
    if draw(st.booleans()):
        worker = draw(workers(complete=True, until=on, expected_only=False, min_date=since))
        return worker, on
    occupation = draw(occupations())
    periods = draw(st.lists(work_periods(min_date=since, max_date=on), max_size=3))
    certs = draw(
        st.lists(
            certificates(occupation_code=occupation.code, min_date=since, max_date=on, dated=True),
            max_size=3,
        )
    )
    held = draw(st.lists(titles(min_date=since, max_date=on), max_size=1))
    # Born within 30 years of the date, but on or before every record and 16 before any work
    # (grades.md, "Dates must be possible").
    latest = min(
        [on, *(c.issued_on for c in certs if c.issued_on), *(t.obtained_on for t in held if t.obtained_on)]
        + [p.start - relativedelta(years=16) for p in periods]
    )
    worker = Worker(
        id="career",
        records_complete=True,
        occupation=occupation,
        birth_date=draw(dates(min(on - relativedelta(years=30), latest), latest)),
        work_periods=periods,
        certificates=certs,
        titles=held,
    )
    return worker, on


@given(settled_workers(), st.integers(1, 20 * 366))
def test_more_time_never_removes_eligibility(case: tuple[Worker, dt.date], days: int) -> None:
    """A worker eligible for a grade on one date is still eligible on any later date."""
    worker, on = case
    later = on + dt.timedelta(days=days)
    for target in TARGETS:
        before = skilleco.assess_grade(worker, target, policy=POLICY, on=on)
        if before.status != "eligible":
            continue
        event(f"eligible for {target}")
        after = skilleco.assess_grade(worker, target, policy=POLICY, on=later)
        assert after.status == "eligible", (target, before.deciding, after.deciding)


@given(settled_workers())
def test_earliest_date_is_the_first_eligible_day(case: tuple[Worker, dt.date]) -> None:
    """On the earliest date a "not yet" becomes eligible, and on the day before it is not."""
    worker, on = case
    for target in TARGETS:
        decision = skilleco.assess_grade(worker, target, policy=POLICY, on=on)
        first = decision.earliest_date
        if decision.status != "ineligible" or first is None:
            continue
        event(f"earliest date for {target}")
        assert first > on
        on_the_day = skilleco.assess_grade(worker, target, policy=POLICY, on=first)
        assert on_the_day.status == "eligible", (target, first, on_the_day.deciding)
        day_before = skilleco.assess_grade(worker, target, policy=POLICY, on=first - ONE_DAY)
        assert day_before.status != "eligible", (target, first, day_before.deciding)


# --- the strategies module ----------------------------------------------------------------------


def test_strategies_module_exports_its_public_names() -> None:
    """skilleco.testing lists every public function it defines in __all__, each with a docstring."""
    import importlib
    import pkgutil

    # The package's modules (skilleco.testing is a folder): every public function defined in any of them.
    modules = [importlib.import_module(f"{testing.__name__}.{m.name}") for m in pkgutil.iter_modules(testing.__path__)]
    defined = {
        name
        for module in modules
        for name, value in vars(module).items()
        if not name.startswith("_") and callable(value) and getattr(value, "__module__", "") == module.__name__
    }
    assert len(set(testing.__all__)) == len(testing.__all__)
    assert defined <= set(testing.__all__)
    for name in testing.__all__:
        value = getattr(testing, name)
        if callable(value) and name[0].islower():
            assert (value.__doc__ or "").strip(), name


@given(dates(), dates())
@example(dt.date(2024, 1, 31), dt.date(2024, 2, 29))  # start + 1 month clips to the month's end
@example(dt.date(2023, 1, 31), dt.date(2023, 2, 27))
@example(dt.date(2023, 3, 15), dt.date(2023, 4, 14))  # the day before the monthiversary
@example(dt.date(2023, 3, 15), dt.date(2023, 4, 15))  # the day of
def test_whole_months_counts_as_relativedelta_does(start: dt.date, end: dt.date) -> None:
    """time.md: whole months of work, leftover days dropped (the arithmetic replaced relativedelta)."""
    expected = 0 if end <= start else relativedelta(end, start).years * 12 + relativedelta(end, start).months
    assert _time.whole_months(start, end) == expected
