"""The career plan (issue 17): what a worker still needs, and by when, to reach a higher grade.

Routes exercised: ``grade.t2023.senior.after_intermediate`` (std-2023 三级(2), 4 years of work after
the 四级 certificate), ``grade.t2023.technician.after_senior`` (std-2023 二级(1), 5 years after the
三级 certificate), ``grade.t2023.senior_technician.after_technician`` (std-2023 一级(1), 5 years
after the 二级 certificate), ``grade.t2018.technician.after_senior`` (std-2018, 4 years); time is
counted as in time.md ("Work after a date", "Earliest date": open work periods continue). The
assessment lead time is modelled (no policy text gives one).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, event, given, note
from hypothesis import strategies as st

import skilleco
from _workers import cert, title, work, worker
from skilleco.decisions import Plan
from skilleco.exceptions import DecisionFormatError, InputError
from skilleco.models import Worker
from skilleco.questions.career import DEFAULT_LEAD_MONTHS
from skilleco.testing import workers

ONE_DAY = dt.timedelta(days=1)
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "reference" / "schemas" / "plan.schema.json"


def _senior_holder() -> dict[str, Any]:
    """三级 since 2021-03-15, working since 2019-07-01 and still working."""
    return worker("t2023", birth_date="1995-01-01", work_periods=[work("2019-07-01")],
                  certificates=[cert("senior", "2021-03-15")])


def test_technician_after_senior_day_before_and_day_of() -> None:
    """grade.t2023.technician.after_senior: 60 months after 2021-03-15 → 2026-03-15, not the 14th."""
    p = skilleco.plan(_senior_holder(), policy="cn-2025", on="2025-03-14", target="technician")
    assert p.current_grade == "senior" and p.target == "technician" and p.reached
    assert [(s.grade, s.eligible_on, s.certificate_on) for s in p.steps] == [
        ("technician", dt.date(2026, 3, 15), None)
    ]
    assert p.steps[0].via == ("grade.t2023.technician.after_senior",)
    route = {r.rule_id: r for r in p.grade("technician").routes}["grade.t2023.technician.after_senior"]
    assert route.status == "no" and route.citation.startswith("std-2023")
    assert route.earliest == dt.date(2026, 3, 15)
    # 47 whole months counted on 2025-03-14 (a day short of 48), 60 needed.
    assert [(n.kind, n.months) for n in route.needs] == [("work", 13)]
    w = _senior_holder()
    assert skilleco.assess_grade(w, "technician", policy="cn-2025", on="2026-03-15").status == "eligible"
    assert skilleco.assess_grade(w, "technician", policy="cn-2025", on="2026-03-14").status == "ineligible"


def test_eligible_today_is_a_step_today() -> None:
    p = skilleco.plan(_senior_holder(), policy="cn-2025", on="2026-03-15", target="technician")
    assert p.grade("technician").status == "eligible"
    assert p.steps[0].eligible_on == dt.date(2026, 3, 15) and p.target_date == dt.date(2026, 3, 15)


def test_path_through_two_levels_with_the_lead_time() -> None:
    """四级 held → 三级 (after_intermediate, 4 years) → 技师 (after_senior, 5 years after the 三级
    certificate, issued ``lead_months`` after eligibility)."""
    w = worker("t2023", birth_date="1995-01-01", work_periods=[work("2020-01-01")],
               certificates=[cert("intermediate", "2023-03-01")])
    p = skilleco.plan(w, policy="cn-2025", on="2025-01-01", target="technician")
    assert p.lead_months == DEFAULT_LEAD_MONTHS == 3
    assert [(s.grade, s.eligible_on, s.certificate_on) for s in p.steps] == [
        ("senior", dt.date(2027, 3, 1), dt.date(2027, 6, 1)),
        ("technician", dt.date(2032, 6, 1), None),
    ]
    p0 = skilleco.plan(w, policy="cn-2025", on="2025-01-01", target="technician", lead_months=0)
    assert [s.eligible_on for s in p0.steps] == [dt.date(2027, 3, 1), dt.date(2032, 3, 1)]
    # The 三级 certificate as a need of the 技师 route, now.
    route = {r.rule_id: r for r in p.grade("technician").routes}["grade.t2023.technician.after_senior"]
    assert ("certificate", "has_cert_senior") in [(n.kind, n.fact) for n in route.needs]


def test_default_target_is_the_top_of_the_ladder() -> None:
    p = skilleco.plan(_senior_holder(), policy="cn-2025", on="2025-03-14")
    assert [g.grade for g in p.grades] == ["technician", "senior_technician"]
    # grade.t2023.senior_technician.after_technician: 5 years after the 二级 certificate (2026-06-15).
    assert [s.eligible_on for s in p.steps] == [dt.date(2026, 3, 15), dt.date(2031, 6, 15)]
    assert p.steps[0].certificate_on == dt.date(2026, 6, 15)


def test_no_open_work_stops_the_path_and_names_the_months() -> None:
    """A month of work short and no work period open: time alone does not turn it (time.md)."""
    w = worker("t2018", birth_date="1990-01-01", work_periods=[work("2015-01-01", "2024-02-29")],
               certificates=[cert("senior", "2020-03-01")])
    p = skilleco.plan(w, policy="cn-2025", on="2025-01-01", target="technician")
    assert not p.reached and p.steps == () and p.target_date is None
    assert all(r.earliest is None for r in p.grade("technician").routes)
    route = {r.rule_id: r for r in p.grade("technician").routes}["grade.t2018.technician.after_senior"]
    # 2020-03-01 → 2024-02-29 is 47 whole months; 48 needed.
    assert [(n.kind, n.months) for n in route.needs] == [("work", 1)]
    assert "not by time alone" in p.text("en") and "does not reach technician" in p.text("en")


def test_unknown_facts_settle_the_plan() -> None:
    w = worker("t2023", birth_date="1990-01-01", work_periods=[work("2015-01-01")],
               certificates=[cert("senior", "2020-03-01")], titles=[title("intermediate", "2022-01-01",
                                                                          specialty_match=None)])
    p = skilleco.plan(w, policy="cn-2025", on="2023-01-01", target="technician")
    assert p.grade("technician").status == "undetermined"
    assert "has_title_intermediate" in p.settles
    needs = {r.rule_id: r.needs for r in p.grade("technician").routes}
    assert ("unknown", "has_title_intermediate") in [(n.kind, n.fact) for n in needs[
        "grade.t2023.technician.intermediate_title"]]
    # Undetermined now, but grade.t2023.technician.after_senior turns by time alone: 2025-03-01.
    assert p.steps[0].eligible_on == dt.date(2025, 3, 1)
    assert p.steps[0].via == ("grade.t2023.technician.after_senior",)


def test_bad_arguments() -> None:
    w = _senior_holder()
    with pytest.raises(InputError, match="target"):
        skilleco.plan(w, policy="cn-2025", on="2025-01-01", target="intermediate")  # already held
    with pytest.raises(InputError, match="target"):
        skilleco.plan(w, policy="cn-2025", on="2025-01-01", target="special_technician")  # a post
    for bad in (-1, 121, True, 1.5):
        with pytest.raises(InputError, match="lead_months"):
            skilleco.plan(w, policy="cn-2025", on="2025-01-01", lead_months=bad)  # type: ignore[arg-type]


def test_documents_round_trip_and_validate() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    p = skilleco.plan(_senior_holder(), policy="gd-2025", on="2025-03-14")
    assert Plan.from_json(p.to_json()) == p
    jsonschema.validate(p.to_dict(), json.loads(SCHEMA.read_text(encoding="utf-8")))
    with pytest.raises(DecisionFormatError, match="not a plan"):
        Plan.from_dict({**p.to_dict(), "steps": "x"})
    assert repr(p).startswith("<Plan w-t2023 on 2025-03-14") and "\n" not in repr(p)
    assert "技师" in p.text("zh") and "模型假设" in p.text("zh")
    assert "modelled" in p.text("en") and "| " not in p.text("en")
    assert p.markdown().startswith("### ") and "<ol>" in p._repr_html_()


# --- the property: the plan's path, applied, is eligible on the planned day and not the day before ---

ON = dt.date(2025, 6, 30)


@st.composite
def _planned(draw: st.DrawFn) -> tuple[Worker, Plan]:
    w = draw(workers(complete=True, until=ON, expected_only=False, min_date=dt.date(2005, 1, 1)))
    lead = draw(st.integers(0, 12))
    try:
        p = skilleco.plan(w, policy="cn-2025", on=ON, lead_months=lead)
    except InputError:  # at the top of the ladder already
        assume(False)
        raise
    return w, p


def _with_certificates(w: Worker, p: Plan, before: int) -> Worker:
    certs = [
        {"level": s.grade, "occupation_code": w.occupation.code, "issued_on": s.certificate_on}
        for s in p.steps[:before]
        if s.certificate_on is not None
    ]
    data = w.model_dump()
    data["certificates"] = [*(data.get("certificates") or []), *certs]
    return Worker.model_validate(data)


@given(_planned())
def test_applying_the_plan_is_eligible_on_the_day_and_not_before(case: tuple[Worker, Plan]) -> None:
    w, p = case
    event(f"steps: {len(p.steps)}, reached: {p.reached}")
    note(w.model_dump_json())
    note(repr(p))
    _check(w, p)


def test_an_unknown_route_turning_yes_and_a_grade_passed_by() -> None:
    """Found by the property: 五级 undetermined (no birth date: grade.t2023.junior.age) is passed by;
    grade.t2023.senior.worked is unknown (work in an occupation whose relation is not settled) and
    turns yes as the work counted for certain grows: the plan finds that day by bisection."""
    w = Worker.model_validate(
        worker("t2023", work_periods=[work("2016-01-01"), {"start": "2005-01-01", "occupation_code": "9-99-99-99"}])
    )
    p = skilleco.plan(w, policy="cn-2025", on=ON)
    assert p.grade("junior").earliest is None and p.steps[0].grade == "intermediate"
    assert p.grade("senior").status == "undetermined" and p.grade("senior").earliest is not None
    _check(w, p)


def _check(w: Worker, p: Plan) -> None:
    for i, s in enumerate(p.steps):
        projected = _with_certificates(w, p, i)
        assert skilleco.assess_grade(projected, s.grade, policy="cn-2025", on=s.eligible_on).status == "eligible"
        if s.eligible_on > p.on:
            before = skilleco.assess_grade(projected, s.grade, policy="cn-2025", on=s.eligible_on - ONE_DAY)
            assert before.status != "eligible"
        # Each route's own date: the route holds that day and not the day before.
        for r in p.grade(s.grade).routes:
            if r.earliest is None:
                continue
            assert skilleco.assess_grade(projected, s.grade, policy="cn-2025", on=r.earliest).finding(
                r.rule_id
            ).status == "yes"
            if r.earliest > p.on:
                before = skilleco.assess_grade(projected, s.grade, policy="cn-2025", on=r.earliest - ONE_DAY)
                assert before.finding(r.rule_id).status != "yes"
            assert r.earliest >= s.eligible_on
        assert min(r.earliest for r in p.grade(s.grade).routes if r.earliest is not None) == s.eligible_on


def test_need_kinds_come_from_the_fact_groups() -> None:
    """What settles a missing fact is read from the group that derives it (facts/worker.py), not
    guessed from its name: certificates (and the prep class certificate), titles, school records."""
    from skilleco.questions.career import _kind

    assert [_kind(n) for n in ("has_cert_senior", "prep_technician_cert_on", "has_title_junior",
                               "graduated_bachelor_related", "formal_training_junior", "no_such_fact")] == [
        "certificate", "certificate", "title", "school", "other", "other"]
