"""Decisions as values: findings, provenance, rendering, JSON round trip."""

from __future__ import annotations

import json

import pytest

import skilleco
from skilleco.decisions import Decision
from skilleco.exceptions import DecisionFormatError

W = {
    "id": "d1",
    "records_complete": True,
    "birth_date": "1990-01-01",
    "occupation": {"code": "x", "standard_edition": "t2023", "has_senior_technician": True},
    "work_periods": [{"start": "2010-01-01"}],
    "certificates": [{"level": "senior", "occupation_code": "x", "issued_on": "2019-05-01"}],
    "contributions": [{"kind": "major_process_problem", "on": "2022-01-01"}],
}


@pytest.fixture
def decision() -> Decision:
    """A decision with a modelled finding: grade.exceptional.major_contribution holds."""
    return skilleco.assess_grade(W, "technician", policy="cn-2025", on="2023-01-01")


def test_one_finding_per_rule_in_order(decision: Decision) -> None:
    """Findings follow the rule set: every route of grade.t2023.technician plus the exceptional ones."""
    members = skilleco.load_policy("cn-2025").members("grade.t2023.technician")
    assert decision.rule_ids == tuple(r.id for r in members)


def test_modelled_parameter_marks_the_finding(decision: Decision) -> None:
    """grade.exceptional.major_contribution is text but reads a modelled parameter: it rests on modelled."""
    f = decision.finding("grade.exceptional.major_contribution")
    assert f.status == "yes"
    assert f.provenance == "text"
    assert f.rests_on_modelled
    assert decision.modelled_rule_ids == ("grade.exceptional.major_contribution",)
    assert decision.deciding == ("grade.exceptional.major_contribution",)


def test_finding_records_facts_and_parameters_with_dates(decision: Decision) -> None:
    """A finding lists the facts it read and each parameter with value, effective date, citation, provenance.

    The route counts the work done after the senior certificate (time.md, "Work after a date"): 44 whole
    months from 2019-05-01 to 2023-01-01 (work since 2010, no break), with the companions that bound
    that range (here closed: the most that may count is the same, and nothing leaves it open)."""
    f = decision.finding("grade.t2023.technician.after_senior")
    assert dict(f.facts) == {
        "has_cert_senior": True,
        "work_months_since_cert_senior": 44,
        "work_months_since_cert_senior_max": 44,
        "work_relation_known": True,
        "cert_senior_earliest_known": True,
    }
    (use,) = f.params
    assert (use.name, use.value, use.effective_from, use.citation, use.provenance) == (
        "t2023.technician.after_senior_years",
        5,
        "1900-01-01",
        "std-2023 二级(1)",
        "text",
    )


def test_modelled_is_visible_in_every_output(decision: Decision) -> None:
    """Text (zh, en), Markdown, HTML and JSON all mark the finding that rests on a modelled rule."""
    assert "MODELLED" in decision.text("en")
    assert "推定" in decision.text("zh")
    assert "MODELLED" in decision.markdown("en") or "*" in decision.markdown("en")
    assert "MODELLED" in decision._repr_html_()
    data = decision.to_dict()
    assert data["findings"][-2]["rule_id"] == "grade.exceptional.major_contribution"
    assert {p["provenance"] for p in data["findings"][-2]["params"]} == {"modelled"}


def test_json_round_trip_and_determinism(decision: Decision) -> None:
    """to_json/from_json and to_dict/from_dict give back an equal decision; equal inputs give equal bytes."""
    assert Decision.from_json(decision.to_json()) == decision
    assert Decision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision
    again = skilleco.assess_grade(W, "technician", policy="cn-2025", on="2023-01-01")
    assert again.to_json() == decision.to_json()


@pytest.mark.parametrize(
    "doc",
    ['{"format_version": 99}', "[]", "not json", '{"format_version": 1, "findings": 3}'],
)
def test_bad_decision_documents(doc: str) -> None:
    """A document that is not a decision raises DecisionFormatError."""
    with pytest.raises(DecisionFormatError):
        Decision.from_json(doc)


def test_messages_in_both_languages(decision: Decision) -> None:
    """Every finding has a Chinese and an English message."""
    for f in decision.findings:
        assert f.message("zh") and f.message("en")
        assert f.message_zh != f.message_en


def test_undetermined_lists_missing_facts_of_deciding_rules() -> None:
    """An undetermined decision names the facts that would settle it, from the unknown routes only."""
    w = {"id": "u", "occupation": {"code": "x", "standard_edition": "t2023"}}
    d = skilleco.assess_grade(w, "junior", policy="cn-2025", on="2026-01-01")
    assert d.status == "undetermined"
    assert "birth_date" in d.missing_facts
    assert set(d.deciding) == {f.rule_id for f in d.findings if f.status == "unknown"}


def test_profile_lists_each_higher_grade_with_earliest_dates() -> None:
    """grade_profile: current grade senior, technician reachable on the 5th anniversary of the senior certificate."""
    w = {**W, "contributions": []}
    p = skilleco.grade_profile(w, policy="cn-2025", on="2023-01-01")
    assert (p.current_grade, p.next_grade, p.current_known) == ("senior", "technician", True)
    assert [d.target for d in p.decisions] == [
        "technician",
        "senior_technician",
        "special_technician",
        "chief_technician",
    ]
    assert str(p.earliest_dates["technician"]) == "2024-05-01"
    assert p.earliest_dates["senior_technician"] is None
    assert "technician" in p.text("en") and "<table>" in p._repr_html_()
    assert p.to_dict()["decisions"][0]["target"] == "technician"
