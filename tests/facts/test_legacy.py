"""The legacy edition's facts: continuous work, trainee work and formal training (issue 13, item 5).

Sources: ``shared/policy/time.md`` ("Continuous work": "The longest single stretch of merged work in
the occupation (after the certificate where the route names one), in whole months, must reach
``12 × N``. "以上" is read as inclusive."; "Cumulative work" for merging and whole months) and
``standards.md`` (``std-qg-legacy``: "连续从事本职业工作N年以上", "在本职业连续见习工作2年以上",
"经本职业…正规培训达规定标准学时数，并取得结业证书").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skilleco
from _workers import OCC, OTHER_OCC, cert, work, worker
from skilleco.engine import earliest as _earliest
from skilleco.engine import work as _work
from skilleco.facts import WORKER_FACTS, worker_facts
from skilleco.facts import worker as _worker_facts
from skilleco.facts.relation import Kinship
from skilleco.facts.time import merge_periods
from skilleco.models import Worker
from skilleco.questions.grades import TEMPORAL
from skilleco.testing import dates, workers

SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
OWN_ONLY = Kinship(own_only=True)
RELATED = Kinship(own_only=False, related=frozenset({OTHER_OCC}))


def facts(kinship: Kinship | None = None, on: str = "2024-01-15", **fields: Any) -> dict[str, Any]:
    """The facts on ``on`` of a t2018 worker in OCC with complete records and ``fields``."""
    w = Worker.model_validate(worker("t2018", **fields))
    return worker_facts(w, dt.date.fromisoformat(on), kinship=kinship)


def trainee(start: str, end: str | None = None, code: str | None = None) -> dict[str, Any]:
    """A period of trainee work (见习)."""
    return {**work(start, end), "kind": "trainee", **({} if code is None else {"occupation_code": code})}


def elsewhere(start: str, end: str | None = None) -> dict[str, Any]:
    """A period of work in OTHER_OCC."""
    return {**work(start, end), "occupation_code": OTHER_OCC}


# --- continuous work ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "months"), [("2027-03-14", 83), ("2027-03-15", 84)])
def test_seven_continuous_years_are_reached_on_the_anniversary(on: str, months: int) -> None:
    """std-qg-legacy 中级(3) "连续从事本职业工作7年以上" (以上 inclusive): working without a break since
    2020-03-15, the stretch is 83 whole months the day before the 7th anniversary and 84 on it."""
    f = facts(on=on, work_periods=[work("2020-03-15")])
    assert f["continuous_work_months"] == f["continuous_work_months_max"] == months
    assert f["work_months"] == months


def test_a_gap_breaks_continuity_but_not_the_cumulative_count() -> None:
    """time.md: continuous work is the longest single stretch. 2013-01-15..2017-01-14 (47 months)
    and, after a year off, 2018-01-15..2021-01-14 (35): 82 months of cumulative work, but the
    longest stretch is 47 — a month short of 4 continuous years."""
    f = facts(work_periods=[work("2013-01-15", "2017-01-14"), work("2018-01-15", "2021-01-14")])
    assert f["work_months"] == 82
    assert f["continuous_work_months"] == 47


def test_a_change_of_employer_without_a_break_does_not_break_continuity() -> None:
    """time.md (touching periods merge, as merge_periods does): a new job the day after the last one
    ended is one stretch: 2019-01-15..2021-06-30 and from 2021-07-01 are 60 months on 2024-01-15.
    A day off between them (ending 2021-06-29) parts them: the longer piece is 30 months."""
    touching = facts(work_periods=[work("2019-01-15", "2021-06-30"), work("2021-07-01")])
    assert touching["continuous_work_months"] == 60
    gap = facts(work_periods=[work("2019-01-15", "2021-06-29"), work("2021-07-01")])
    assert gap["continuous_work_months"] == 30
    assert gap["work_months"] == 59


def test_overlapping_periods_are_one_stretch() -> None:
    """time.md: overlapping periods merge first (two jobs at once count once)."""
    f = facts(work_periods=[work("2018-01-15", "2022-01-14"), work("2020-01-15")])
    assert f["continuous_work_months"] == 72


def test_work_starting_after_the_date_asked_does_not_exist_yet() -> None:
    """time.md: a period starting after ``on`` counts nothing."""
    f = facts(on="2020-01-01", work_periods=[work("2020-01-02")])
    assert f["continuous_work_months"] == 0 and f["work_months"] == 0


def test_continuous_work_not_stated_is_unknown() -> None:
    """time.md, "Missing dates": work periods left out (records not complete) are unknown, not 0."""
    w = Worker.model_validate({"id": "u", "occupation": {"code": OCC}})
    f = worker_facts(w, dt.date(2024, 1, 15))
    assert f["continuous_work_months"] is None and f["continuous_work_months_max"] is None
    assert facts(work_periods=[])["continuous_work_months"] == 0


@pytest.mark.parametrize(
    ("kinship", "sure", "most", "known"),
    [
        (None, 36, 60, None),  # no standard on file: the other occupation may count
        (OWN_ONLY, 36, 36, True),  # 本职业: it does not
        (RELATED, 60, 60, True),  # listed as related: it does, and bridges the two stretches
    ],
)
def test_work_in_another_occupation_makes_the_longest_stretch_a_range(
    kinship: Kinship | None, sure: int, most: int, known: bool | None
) -> None:
    """time.md ("Cumulative work", whose work counts): a period in an occupation no standard settles
    makes the count unknown, not zero. 2019-01-15..2020-01-14 own, 2020-01-15..2021-01-14 elsewhere,
    2021-01-15..2024-01-15 own: 36 months for sure; if the middle year counts, one stretch of 60."""
    f = facts(
        kinship,
        work_periods=[
            work("2019-01-15", "2020-01-14"),
            elsewhere("2020-01-15", "2021-01-14"),
            work("2021-01-15"),
        ],
    )
    assert (f["continuous_work_months"], f["continuous_work_months_max"]) == (sure, most)
    assert f["work_relation_known"] is known
    spec = WORKER_FACTS["continuous_work_months"]
    assert (spec.most, spec.settled_by, spec.temporal, spec.stretch) == (
        "continuous_work_months_max",
        ("work_relation_known",),
        True,
        True,
    )


# --- continuous work after a certificate -----------------------------------------------------------------


@pytest.mark.parametrize(("on", "months"), [("2025-03-14", 59), ("2025-03-15", 60)])
def test_continuous_work_after_the_certificate_is_clipped_at_its_date(on: str, months: int) -> None:
    """std-qg-legacy 中级(2) "取得本职业初级职业资格证书后，连续从事本职业工作5年以上": work since 2015 counts
    from the certificate of 2020-03-15 on: 59 months the day before its 5th anniversary, 60 on it."""
    f = facts(on=on, certificates=[cert("junior", "2020-03-15")], work_periods=[work("2015-06-01")])
    assert f["continuous_months_since_cert_junior"] == f["continuous_months_since_cert_junior_max"] == months
    assert f["continuous_work_months"] > months


def test_a_break_after_the_certificate_restarts_the_stretch() -> None:
    """time.md, "Continuous work": after a certificate of 2020-03-15, work to 2022-03-14 (23 months
    after it), a month off, then from 2022-04-15: on 2025-03-15 the longest stretch after it is 35
    months, where the cumulative count after it is 58."""
    f = facts(
        on="2025-03-15",
        certificates=[cert("junior", "2020-03-15")],
        work_periods=[work("2018-01-01", "2022-03-14"), work("2022-04-15")],
    )
    assert f["continuous_months_since_cert_junior"] == 35
    assert f["work_months_since_cert_junior"] == 58


def test_no_certificate_no_continuous_months_after_it() -> None:
    """A grade not held: unknown months after it (the route fails on ``has_cert_…``), as for the
    cumulative count."""
    f = facts(certificates=[], work_periods=[work("2015-06-01")])
    assert f["has_cert_junior"] is False
    assert f["continuous_months_since_cert_junior"] is None


def test_an_undated_certificate_leaves_the_stretch_after_it_a_range() -> None:
    """Issue 12 item 5, for continuous work: an undated 初级 beside one of 2022 may be the older; the
    stretch after it is then between 22 months (from 2022-03-15) and the whole stretch since 2019."""
    f = facts(
        on="2024-01-15",
        certificates=[cert("junior", "2022-03-15"), {"level": "junior", "occupation_code": OCC}],
        work_periods=[work("2019-01-15")],
    )
    assert f["continuous_months_since_cert_junior"] == 22
    assert f["continuous_months_since_cert_junior_max"] == 60
    assert f["cert_junior_earliest_known"] is None
    spec = WORKER_FACTS["continuous_months_since_cert_junior"]
    assert spec.settled_by == ("work_relation_known", "cert_junior_earliest_known")
    assert spec.since == "cert_junior_on"


# --- trainee work ----------------------------------------------------------------------------------------


def test_trainee_work_is_not_work() -> None:
    """std-qg-legacy 初级(2) "在本职业连续见习工作2年以上" counts trainee work (见习); it is not work:
    neither the cumulative nor the continuous count, nor the months after a certificate, include it,
    and a trainee period running into a job does not lengthen the job's stretch."""
    f = facts(
        certificates=[cert("junior", "2019-01-15")],
        work_periods=[trainee("2019-01-15", "2021-01-14"), work("2021-01-15")],
    )
    assert f["work_months"] == f["continuous_work_months"] == 36
    assert f["work_months_since_cert_junior"] == 36
    assert f["trainee_continuous_months"] == 23
    assert f["work_open_since"] == dt.date(2021, 1, 15)
    assert f["trainee_open_since"] is None


@pytest.mark.parametrize(("on", "months"), [("2022-03-14", 23), ("2022-03-15", 24)])
def test_two_continuous_years_of_trainee_work(on: str, months: int) -> None:
    """std-qg-legacy 初级(2) (以上 inclusive): trainee work since 2020-03-15 reaches 24 months on
    2022-03-15, not the day before; being open, it is the stretch running on the date asked."""
    f = facts(on=on, work_periods=[trainee("2020-03-15")])
    assert f["trainee_continuous_months"] == f["trainee_continuous_months_max"] == months
    assert f["trainee_relation_known"] is True
    assert f["trainee_open_since"] == dt.date(2020, 3, 15)
    assert f["work_months"] == 0 and f["work_open_since"] is None


def test_a_gap_in_trainee_work_breaks_it() -> None:
    """连续见习: two trainee stretches of 12 and 11 months with a day between are 12, not 23."""
    f = facts(work_periods=[trainee("2020-01-15", "2021-01-15"), trainee("2021-01-17", "2021-12-20")])
    assert f["trainee_continuous_months"] == 12


@pytest.mark.parametrize(
    ("kinship", "sure", "most", "known"),
    [(None, 0, 24, None), (OWN_ONLY, 0, 0, True), (RELATED, 24, 24, True)],
)
def test_trainee_work_in_another_occupation_is_settled_by_the_standard(
    kinship: Kinship | None, sure: int, most: int, known: bool | None
) -> None:
    """在本职业…见习: trainee work elsewhere counts only where the standard admits the occupation."""
    f = facts(kinship, on="2022-03-15", work_periods=[trainee("2020-03-15", code=OTHER_OCC)])
    assert (f["trainee_continuous_months"], f["trainee_continuous_months_max"]) == (sure, most)
    assert f["trainee_relation_known"] is known


def test_trainee_work_not_stated_is_unknown() -> None:
    """Work periods left out: the trainee facts are unknown; stated none: 0 months."""
    w = Worker.model_validate({"id": "u", "occupation": {"code": OCC}})
    assert worker_facts(w, dt.date(2024, 1, 15))["trainee_continuous_months"] is None
    assert facts(work_periods=[work("2020-01-01")])["trainee_continuous_months"] == 0


# --- formal training -------------------------------------------------------------------------------------


def training(level: str, completed_on: str, code: str = OCC) -> dict[str, Any]:
    """A completed formal training."""
    return {"level": level, "occupation_code": code, "completed_on": completed_on}


@pytest.mark.parametrize(("on", "done"), [("2021-06-29", False), ("2021-06-30", True)])
def test_formal_training_counts_from_the_day_it_is_completed(on: str, done: bool) -> None:
    """std-qg-legacy 中级(1) "经本职业中级正规培训达规定标准学时数，并取得结业证书": completed on
    2021-06-30, it does not exist the day before; it is for its own level only."""
    f = facts(on=on, formal_trainings=[training("intermediate", "2021-06-30")])
    assert f["formal_training_intermediate"] is done
    assert f["formal_training_junior"] is False and f["formal_training_senior"] is False


@pytest.mark.parametrize(("kinship", "counts"), [(None, None), (OWN_ONLY, False), (RELATED, True)])
def test_formal_training_in_another_occupation_counts_where_a_certificate_would(
    kinship: Kinship | None, counts: bool | None
) -> None:
    """本职业…正规培训: like a certificate, a training in another occupation counts where the
    standard admits it, never under 本职业, and is unknown with no standard on file."""
    f = facts(kinship, formal_trainings=[training("senior", "2020-01-01", OTHER_OCC)])
    assert f["formal_training_senior"] is counts


def test_formal_trainings_not_stated_are_unknown() -> None:
    """time.md, "Missing dates": not stated is unknown, never false."""
    w = Worker.model_validate({"id": "u", "occupation": {"code": OCC}})
    f = worker_facts(w, dt.date(2024, 1, 15))
    assert all(f[f"formal_training_{g}"] is None for g in ("junior", "intermediate", "technician"))
    assert facts()["formal_training_junior"] is False


# --- the earliest date -----------------------------------------------------------------------------------


def _search(
    rule: skilleco.Rule, w: Worker, on: dt.date
) -> tuple[dt.date | None, dt.date | None, list[dt.date]]:
    """The earliest date of ``rule`` for ``w`` by the projection and hints, by plain bisection over
    full derivations, and the hints tried."""
    facts = worker_facts(w, on)
    own = {rule.id: rule.compiled(facts, {}, on)}
    moving = frozenset(rule.facts) & TEMPORAL
    search = _earliest.route_search(rule, [], TEMPORAL)
    at = _earliest.project(
        facts, _worker_facts.projector(w, on, _worker_facts.fact_groups(moving), known=facts), moving
    )
    fast = _earliest.earliest_date(
        [rule], {rule.id: rule}, facts, {}, on, at, TEMPORAL, {rule.id: search}, own
    )
    everything = _earliest.project(facts, lambda day: worker_facts(w, day, records_until=on), TEMPORAL)
    plain = _earliest.earliest_date([rule], {rule.id: rule}, facts, {}, on, everything, TEMPORAL)
    return fast, plain, search.hints(facts, {}, on)


def test_the_earliest_date_of_continuous_work_counts_from_the_running_stretch() -> None:
    """time.md ("Continuous work", "Earliest date"): a closed stretch of 29 months does not grow; the
    stretch running since 2023-05-10 reaches 36 months on 2026-05-10, and the hint says so."""
    w = Worker.model_validate(
        worker("t2018", work_periods=[work("2015-01-15", "2017-07-14"), work("2023-05-10")])
    )
    rule = skilleco.Rule.build(id="legacy.continuous", when="continuous_work_months >= 36")
    fast, plain, hints = _search(rule, w, dt.date(2024, 1, 15))
    assert fast == plain == dt.date(2026, 5, 10)
    assert hints == [dt.date(2026, 5, 10)]


def test_the_earliest_date_of_continuous_work_after_a_certificate() -> None:
    """std-qg-legacy 高级(2) shape: 7 continuous years after the certificate of 2021-03-15, working
    since 2019: from the certificate on, reached on 2028-03-15."""
    w = Worker.model_validate(
        worker("t2018", certificates=[cert("intermediate", "2021-03-15")], work_periods=[work("2019-01-01")])
    )
    rule = skilleco.Rule.build(
        id="legacy.after", when="has_cert_intermediate and continuous_months_since_cert_intermediate >= 84"
    )
    fast, plain, hints = _search(rule, w, dt.date(2024, 1, 15))
    assert fast == plain == hints[0] == dt.date(2028, 3, 15)


def test_the_earliest_date_of_trainee_work_counts_from_the_trainee_stretch() -> None:
    """std-qg-legacy 初级(2): trainee work since 2023-09-01 reaches 24 months on 2025-09-01, whatever
    the work beside it."""
    w = Worker.model_validate(worker("t2018", work_periods=[work("2020-01-01"), trainee("2023-09-01")]))
    rule = skilleco.Rule.build(id="legacy.trainee", when="trainee_continuous_months >= 24")
    fast, plain, hints = _search(rule, w, dt.date(2024, 1, 15))
    assert fast == plain == dt.date(2025, 9, 1)
    assert hints == [dt.date(2025, 9, 1)]


def test_months_short_of_continuous_work_are_a_whole_new_stretch() -> None:
    """time.md, Earliest date: nobody working, no date; the work still needed for a continuous
    route is a new stretch of the whole threshold (the old one cannot be continued), unless the
    last stretch ends on the date asked, when work from the next day continues it."""
    rule = skilleco.Rule.build(id="legacy.continuous", when="continuous_work_months >= 36")
    short = _work.work_shortfall(rule, TEMPORAL)
    stopped = facts(on="2024-01-15", work_periods=[work("2019-01-15", "2021-07-14")])
    assert stopped["continuous_work_months"] == 29
    assert short(stopped, {}, dt.date(2024, 1, 15)) == 36
    ending = facts(on="2024-01-15", work_periods=[work("2021-07-15", "2024-01-15")])
    assert ending["continuous_work_months"] == 30
    assert short(ending, {}, dt.date(2024, 1, 15)) == 6
    cumulative = skilleco.Rule.build(id="cumulative", when="work_months >= 36")
    assert _work.work_shortfall(cumulative, TEMPORAL)(stopped, {}, dt.date(2024, 1, 15)) == 7


# --- properties ------------------------------------------------------------------------------------------

_KINSHIPS = st.sampled_from(
    [None, OWN_ONLY, Kinship(own_only=False), Kinship(own_only=False, related=frozenset({"9-99-99-99"}))]
)


@SLOW
@given(
    w=workers(),
    on=dates(),
    later=st.integers(0, 4000),
    kinship=_KINSHIPS,
    names=st.one_of(st.none(), st.sets(st.sampled_from(sorted(TEMPORAL)), min_size=1)),
)
def test_the_projection_gives_every_temporal_fact_a_derivation_gives(
    w: Worker, on: dt.date, later: int, kinship: Kinship | None, names: set[str] | None
) -> None:
    """facts.worker.projector (the earliest-date search's view of a later day) has, for every
    temporal fact, the value a derivation on that day with the records as on ``on`` has — with
    every group, or only those of some facts (as a question derives them)."""
    try:
        day = on + dt.timedelta(days=later)
    except OverflowError:
        return
    wanted = TEMPORAL if names is None else frozenset(names)
    groups = _worker_facts.ALL_GROUPS if names is None else _worker_facts.fact_groups(names)
    known = _worker_facts.derive(w, on, None, groups, kinship)
    full = _worker_facts.derive(w, day, on, _worker_facts.ALL_GROUPS, kinship)
    for at in (
        _worker_facts.projector(w, on, groups, kinship),
        _worker_facts.projector(w, on, groups, kinship, known=known),
    ):
        projected = _earliest.project(known, at, wanted)(day)
        assert {n: projected[n] for n in wanted} == {n: full[n] for n in wanted}


@given(w=workers(complete=True), on=dates(), kinship=_KINSHIPS)
def test_continuous_work_never_exceeds_cumulative_work(
    w: Worker, on: dt.date, kinship: Kinship | None
) -> None:
    """The longest stretch is one of the merged stretches the cumulative count sums; after a
    certificate, one of those the count after it sums; trainee work is in neither."""
    f = worker_facts(w, on, kinship=kinship)
    assert f["continuous_work_months"] <= f["work_months"]
    assert f["continuous_work_months_max"] <= f["work_months_max"]
    for g in ("junior", "intermediate", "senior", "technician", "senior_technician"):
        low, most = f[f"continuous_months_since_cert_{g}"], f[f"continuous_months_since_cert_{g}_max"]
        if low is not None:
            assert low <= f[f"work_months_since_cert_{g}"] and most <= f[f"work_months_since_cert_{g}_max"]
    if f["trainee_continuous_months"] is not None:
        trainee = [(p.start, p.end) for p in w.work_periods or () if p.kind == "trainee"]
        assert f["trainee_continuous_months_max"] <= sum(
            (e - s).days // 28 + 1 for s, e in merge_periods(trainee, on)
        )


_RULES = (
    skilleco.Rule.build(id="legacy.worked", when="continuous_work_months >= 84"),
    skilleco.Rule.build(
        id="legacy.after_cert", when="has_cert_junior and continuous_months_since_cert_junior >= 60"
    ),
    skilleco.Rule.build(
        id="legacy.trained",
        when="has_cert_intermediate and continuous_months_since_cert_intermediate >= 36 "
        "and formal_training_senior",
    ),
    skilleco.Rule.build(id="legacy.trainee", when="trainee_continuous_months >= 24"),
    skilleco.Rule.build(id="legacy.either", when="continuous_work_months >= 60 or work_months >= 96"),
)


@st.composite
def careers(draw: st.DrawFn, on: dt.date) -> Worker:
    """A worker in OCC with a few periods of work and trainee work before ``on`` (some open, some
    touching), certificates and formal trainings: the workers legacy routes wait on."""
    lo = on - dt.timedelta(days=12 * 366)
    periods = []
    start = draw(dates(lo, on))
    for _ in range(draw(st.integers(1, 4))):
        end = draw(st.one_of(st.none(), dates(start, on)))
        kind = draw(st.sampled_from(["work", "work", "trainee"]))
        periods.append(
            {"start": start.isoformat(), "end": None if end is None else end.isoformat(), "kind": kind}
        )
        if end is None or end >= on:
            break
        start = min(on, end + dt.timedelta(days=draw(st.sampled_from([1, 1, 2, 40]))))
    levels = draw(st.sets(st.sampled_from(["junior", "intermediate"])))
    certs = [cert(g, draw(dates(lo, on)).isoformat()) for g in sorted(levels)]
    trained = [
        {"level": "senior", "occupation_code": OCC, "completed_on": draw(dates(lo, on)).isoformat()}
        for _ in range(draw(st.integers(0, 1)))
    ]
    return Worker.model_validate(
        worker("t2018", work_periods=periods, certificates=certs, formal_trainings=trained)
    )


@SLOW
@given(
    on=dates(dt.date(1995, 1, 1), dt.date(2035, 12, 31)),
    data=st.data(),
    rule=st.sampled_from(_RULES),
)
def test_the_search_finds_the_day_plain_bisection_finds(
    on: dt.date, data: st.DataObject, rule: skilleco.Rule
) -> None:
    """For routes on continuous work, trainee work and formal training, the earliest date found with
    the projection and the hints is the one bisection over full derivations finds."""
    generated = workers(
        complete=True, until=on, expected_only=False, min_date=on - dt.timedelta(days=12 * 366)
    )
    w = data.draw(st.one_of(careers(on), generated))
    fast, plain, _ = _search(rule, w, on)
    assert fast == plain
