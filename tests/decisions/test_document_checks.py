"""Issue 15, L5: a decision document reads back only if the library could have written it."""

from __future__ import annotations

import copy
import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import skilleco
from skilleco.decisions import Decision, EditionComparison, ExitReport, status
from skilleco.engine import decide
from skilleco.exceptions import DecisionFormatError
from skilleco.questions import chain

ON = dt.date(2026, 11, 21)
WAITING = {
    "id": "w1",
    "records_complete": True,
    "birth_date": "1990-01-01",
    "occupation": {"code": "6-18-02-04"},
    "work_periods": [{"start": "2010-01-01"}],
    "certificates": [{"level": "三级", "occupation_code": "6-18-02-04", "issued_on": "2022-09-15"}],
}
"""Ineligible for technician on ON, with an earliest date (the wait after senior)."""
CHAIN = {
    "id": "c1",
    "lead_id": "o1",
    "members": [
        {"organisation": {"id": "o1", "kind": "enterprise", "fraud_findings": [{"on": "2026-01-05"}]}},
        {"organisation": {"id": "o2", "kind": "university"}},
    ],
}

BAD_DATES = (
    "2026-W01-1",  # an ISO week date: date.fromisoformat reads it
    "2026-W01",
    "20261121",  # the basic format: date.fromisoformat reads it
    "2026-325",  # an ordinal date
    "0001-01-01",
    "1899-12-31",
    "2101-01-01",
    "２０２６-１１-２１",
    "2026-11-21T00:00",
    " 2026-11-21",
    "2026年11月21日",  # read_date's other forms are not a document's
    "2026/11/21",
    20261121,
)


def _fails(cls: Any, data: dict[str, Any]) -> DecisionFormatError:
    with pytest.raises(DecisionFormatError) as exc:
        cls.from_dict(data)
    assert exc.value.code == "decision_format"
    return exc.value


@pytest.fixture(scope="module")
def waiting() -> dict[str, Any]:
    d = skilleco.assess_grade(WAITING, "technician", policy="cn-2025", on=ON)
    assert d.status == "ineligible" and d.earliest_date is not None
    return d.to_dict()


@pytest.mark.parametrize("bad", BAD_DATES, ids=repr)
def test_l5_document_dates_are_exactly_iso(waiting: dict[str, Any], bad: object) -> None:
    """L5: ``on``, ``earliest_date``, an exit report's and an evidence's date are YYYY-MM-DD in 1900–2100."""
    assert Decision.from_dict(waiting).to_dict() == waiting
    assert "on:" in str(_fails(Decision, {**waiting, "on": bad}))
    assert "earliest_date" in str(_fails(Decision, {**waiting, "earliest_date": bad}))
    report = skilleco.check_exits(CHAIN, policy="gd-2025", on=ON).to_dict()
    assert ExitReport.from_dict(report).to_dict() == report
    _fails(ExitReport, {**report, "on": bad})
    evidence = copy.deepcopy(report)
    evidence["units"][0]["evidence"][0]["on"] = bad
    assert "evidence.on" in str(_fails(ExitReport, evidence))
    editions = skilleco.compare_editions(CHAIN, on=ON).to_dict()
    _fails(EditionComparison, {**editions, "on": bad})


def test_l5_earliest_date_is_on_or_after_on(waiting: dict[str, Any]) -> None:
    """L5: an earliest date before the date asked, or on a decision that is not ineligible, is refused."""
    before = (ON - dt.timedelta(days=1)).isoformat()
    assert "before the date asked" in str(_fails(Decision, {**waiting, "earliest_date": before}))
    assert Decision.from_dict({**waiting, "earliest_date": ON.isoformat()}).earliest_date == ON
    eligible = skilleco.assess_grade(WAITING, "senior", policy="cn-2025", on=ON).to_dict()
    assert eligible["status"] == "eligible"
    assert "not 'ineligible'" in str(_fails(Decision, {**eligible, "earliest_date": "2027-01-01"}))


def test_l5_status_is_what_the_findings_give(waiting: dict[str, Any]) -> None:
    """L5: a status or deciding rules other than the engine's hit policy gives for the findings are refused."""
    for wrong in ("eligible", "review", "undetermined", "retain", "exit"):
        doc = {**waiting, "status": wrong, "earliest_date": None}
        assert "is not what the findings give" in str(_fails(Decision, doc))
    _fails(Decision, {**waiting, "deciding": waiting["deciding"][:1]})
    flipped = copy.deepcopy(waiting)
    for f in flipped["findings"]:  # every route now holds: the findings give eligible
        f["status"] = "yes"
    _fails(Decision, flipped)
    _fails(Decision, {**flipped, "earliest_date": None})
    routes = [f["rule_id"] for f in flipped["findings"] if f["role"] == "rule"]
    read = Decision.from_dict({**flipped, "status": "eligible", "deciding": routes, "earliest_date": None})
    assert read.status == "eligible"


def test_l5_an_exit_report_status_is_what_its_units_give() -> None:
    """L5: an exit report whose status is not its units' (exit wins, then undetermined) is refused."""
    report = skilleco.check_exits(CHAIN, policy="gd-2025", on=ON).to_dict()
    assert report["status"] == "exit"
    assert "is not what the units give" in str(_fails(ExitReport, {**report, "status": "retain"}))
    unit = copy.deepcopy(report)
    unit["units"][0]["decision"]["status"] = "retain"  # against its own findings
    _fails(ExitReport, unit)


_RULES = st.lists(
    st.builds(
        SimpleNamespace,
        role=st.sampled_from(["rule", "guard"]),
        strength=st.sampled_from(["required", "in_principle", "priority"]),
        value=st.sampled_from([True, False, None]),
    ),
    max_size=8,
)


@given(rules=_RULES, hit=st.sampled_from(status.HIT_POLICIES))
def test_l5_documents_are_checked_by_the_engine_s_own_statuses(rules: list[Any], hit: str) -> None:
    """L5: the statuses a document is checked against are the engine's, for any rules and values
    (decisions.status sits before the engine in the stages, so this keeps the two one definition)."""
    for i, r in enumerate(rules):
        r.id = f"r{i}"
    values = {r.id: r.value for r in rules}
    engine = decide.combine(SimpleNamespace(hit=hit), rules, values)
    assert status.combine(hit, rules, values) == engine


@given(st.lists(st.sampled_from(["retain", "exit", "undetermined"]), min_size=1, max_size=6))
def test_l5_an_exit_report_is_checked_by_the_exit_question_s_status(statuses: list[Any]) -> None:
    """L5: an exit report's status is checked as the exit question gives it."""
    assert status.overall(statuses) == chain._overall(statuses)
