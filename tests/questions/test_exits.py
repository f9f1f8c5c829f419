"""The six exit scenarios of gd-2025 (chain.md "The six exit scenarios"), all modelled, as scenario tables."""

from __future__ import annotations

import datetime as _dt
import tomllib
from importlib import resources
from typing import Any

import pytest

import skilleco
from skilleco.exceptions import UnknownRuleError
from skilleco.policy.build import build_policy
from skilleco.policy.loader import Pack, read_pack

ON = _dt.date(2025, 6, 30)
DAY = _dt.timedelta(days=1)
SCENARIOS = (
    "exit.gd2025.fraud",
    "exit.gd2025.serious_incident",
    "exit.gd2025.dishonesty",
    "exit.gd2025.loss_of_standing",
    "exit.gd2025.failed_assessment",
    "exit.gd2025.voluntary",
)
RECORD_LISTS = (
    "violations",
    "incidents",
    "dishonesty_listings",
    "standing_events",
    "assessments",
    "fraud_findings",
    "withdrawal_applications",
)
ACTIVE = [{"year": y, "trainees": 10, "evaluations": 5} for y in (2023, 2024)]


def unit(uid: str, kind: str = "enterprise", **changes: Any) -> dict[str, Any]:
    """A unit with every record stated and clean, and activity in each whole year, changed as asked."""
    return {
        "id": uid,
        "kind": kind,
        **{key: [] for key in RECORD_LISTS},
        "yearly_activity": ACTIVE,
        **changes,
    }


def chain(
    lead: dict[str, Any] | None = None, member: dict[str, Any] | None = None, **changes: Any
) -> dict[str, Any]:
    """A chain established on 2023-01-01: the lead and one school member (joined 2023-01-01)."""
    return {
        "id": "c1",
        "lead_id": "lead",
        "established_on": "2023-01-01",
        "members": [
            {"organisation": lead or unit("lead")},
            {"organisation": member or unit("school", "vocational_college"), "joined_on": "2023-01-01"},
        ],
        **changes,
    }


def check(
    c: dict[str, Any], on: _dt.date = ON, policy: str | skilleco.Policy = "gd-2025"
) -> skilleco.ExitReport:
    """The exit report on ``on``."""
    return skilleco.check_exits(c, policy=policy, on=on)


def iso(day: _dt.date) -> str:
    """ISO text of a date."""
    return day.isoformat()


def years_before(years: int) -> _dt.date:
    """ON, ``years`` calendar years earlier."""
    return ON.replace(year=ON.year - years)


def test_a_clean_chain_is_retained() -> None:
    """Every record stated and clean, activity every year: every unit is retained."""
    r = check(chain())
    assert (r.status, [u.status for u in r.units], r.loses_lead, r.exiting) == (
        "retain",
        ["retain", "retain"],
        False,
        (),
    )
    assert r.ruleset_id == "exit.gd2025" and r.lead.decision.rule_ids == SCENARIOS


# One row per case: the rule it cites, the lead's changed records, whether it triggers, the evidence.
LEAD_SCENARIOS = [
    ("exit.gd2025.fraud", {"fraud_findings": [{"on": iso(ON)}]}, True, [("fraud_findings[0]", ON)]),
    ("exit.gd2025.fraud", {"fraud_findings": [{"on": iso(ON + DAY)}]}, False, []),
    (
        "exit.gd2025.serious_incident",
        {"incidents": [{"kind": "production_safety", "severity": "major", "on": iso(years_before(3) + DAY)}]},
        True,
        [("incidents[0]", years_before(3) + DAY)],
    ),
    (
        "exit.gd2025.serious_incident",
        {"incidents": [{"kind": "production_safety", "severity": "major", "on": iso(years_before(3))}]},
        False,
        [],
    ),
    (
        "exit.gd2025.serious_incident",
        {"incidents": [{"kind": "environmental", "severity": "especially_major", "on": "2024-01-05"}]},
        True,
        [("incidents[0]", _dt.date(2024, 1, 5))],
    ),
    (
        "exit.gd2025.serious_incident",
        {"incidents": [{"kind": "quality", "severity": "larger", "on": "2024-01-05"}]},
        False,
        [],
    ),
    (
        "exit.gd2025.serious_incident",
        {"incidents": [{"kind": "other", "severity": "major", "on": "2024-01-05"}]},
        False,
        [],
    ),
    (
        "exit.gd2025.serious_incident",
        {"violations": [{"kind": "serious_illegal_act", "on": "2025-02-01"}]},
        True,
        [("violations[0]", _dt.date(2025, 2, 1))],
    ),
    (
        "exit.gd2025.serious_incident",
        {"violations": [{"kind": "illegal_act", "on": "2025-02-01"}]},
        False,
        [],
    ),
    (
        "exit.gd2025.serious_incident",
        {"violations": [{"kind": "serious_illegal_act", "on": iso(ON + DAY)}]},
        False,
        [],
    ),
    (
        "exit.gd2025.dishonesty",
        {"dishonesty_listings": [{"listed_on": "2025-01-01"}]},
        True,
        [("dishonesty_listings[0]", _dt.date(2025, 1, 1))],
    ),
    (
        "exit.gd2025.dishonesty",
        {"dishonesty_listings": [{"listed_on": "2024-01-01", "removed_on": iso(ON - DAY)}]},
        False,
        [],
    ),
    (
        "exit.gd2025.dishonesty",
        {"dishonesty_listings": [{"listed_on": "2024-01-01", "removed_on": iso(ON)}]},
        False,
        [],
    ),
    (
        "exit.gd2025.dishonesty",
        {"dishonesty_listings": [{"listed_on": "2024-01-01", "removed_on": iso(ON + DAY)}]},
        True,
        [("dishonesty_listings[0]", _dt.date(2024, 1, 1))],
    ),
    ("exit.gd2025.dishonesty", {"dishonesty_listings": [{"listed_on": iso(ON + DAY)}]}, False, []),
    *[
        (
            "exit.gd2025.loss_of_standing",
            {"standing_events": [{"kind": kind, "on": "2025-06-01"}]},
            True,
            [("standing_events[0]", _dt.date(2025, 6, 1))],
        )
        for kind in ("deregistered", "bankrupt", "licence_revoked", "moved_out")
    ],
    (
        "exit.gd2025.loss_of_standing",
        {"standing_events": [{"kind": "bankrupt", "on": iso(ON + DAY)}]},
        False,
        [],
    ),
    (
        "exit.gd2025.failed_assessment",
        {"assessments": [{"year": 2024, "result": "fail", "decided_on": "2025-03-01"}]},
        True,
        [("assessments[0]", _dt.date(2025, 3, 1))],
    ),
    (
        "exit.gd2025.failed_assessment",
        {"assessments": [{"year": 2024, "result": "fail", "decided_on": iso(ON + DAY)}]},
        False,
        [],
    ),
    ("exit.gd2025.failed_assessment", {"assessments": [{"year": 2025, "result": "fail"}]}, False, []),
    (
        "exit.gd2025.failed_assessment",
        {"assessments": [{"year": 2024, "result": "fail"}]},
        True,
        [("assessments[0]", _dt.date(2024, 12, 31))],
    ),
    ("exit.gd2025.failed_assessment", {"assessments": [{"year": 2024, "result": "pass"}]}, False, []),
    (
        "exit.gd2025.failed_assessment",
        {"yearly_activity": [ACTIVE[0], {"year": 2024, "trainees": 0, "evaluations": 0}]},
        True,
        [("yearly_activity[1]", _dt.date(2024, 12, 31))],
    ),
    (
        "exit.gd2025.failed_assessment",
        {"yearly_activity": [ACTIVE[0]]},
        True,
        [("yearly_activity[year=2024]", _dt.date(2024, 12, 31))],
    ),
    (
        "exit.gd2025.failed_assessment",
        {"yearly_activity": [*ACTIVE, {"year": 2025, "trainees": 0, "evaluations": 0}]},
        False,
        [],
    ),
    (
        "exit.gd2025.failed_assessment",
        {"yearly_activity": [ACTIVE[0], {"year": 2024, "trainees": 0, "evaluations": 1}]},
        False,
        [],
    ),
    (
        "exit.gd2025.voluntary",
        {"withdrawal_applications": [{"on": iso(ON)}]},
        True,
        [("withdrawal_applications[0]", ON)],
    ),
    ("exit.gd2025.voluntary", {"withdrawal_applications": [{"on": iso(ON + DAY)}]}, False, []),
]


@pytest.mark.parametrize(("rule_id", "changes", "triggers", "evidence"), LEAD_SCENARIOS)
def test_scenario_on_the_lead(
    rule_id: str, changes: dict[str, Any], triggers: bool, evidence: list[tuple[str, _dt.date]]
) -> None:
    """Each row changes the lead's records; the scenario it cites triggers (with its evidence) or not."""
    r = check(chain(lead=unit("lead", **changes)))
    lead = r.lead
    assert lead.triggered == ((rule_id,) if triggers else ())
    assert (lead.status, r.status, r.loses_lead) == (
        ("exit",) * 2 + (True,) if triggers else ("retain",) * 2 + (False,)
    )
    assert [(e.record, e.on) for e in lead.evidence] == evidence
    assert {e.rule_id for e in lead.evidence} <= {rule_id}


def test_a_member_exit_is_not_a_lead_exit() -> None:
    """A member's exit leaves the lead in place: the chain exits that unit but does not lose its lead."""
    r = check(chain(member=unit("school", "vocational_college", fraud_findings=[{"on": "2025-01-01"}])))
    assert (r.status, r.exiting, r.loses_lead) == ("exit", ("school",), False)
    assert r.lead.status == "retain"


def test_every_triggered_scenario_is_listed() -> None:
    """A unit triggering several scenarios lists each, each with its own evidence."""
    lead = unit(
        "lead",
        fraud_findings=[{"on": "2024-05-01"}],
        withdrawal_applications=[{"on": "2025-06-01"}],
        standing_events=[{"kind": "moved_out", "on": "2025-06-15"}],
    )
    r = check(chain(lead=lead))
    assert r.lead.triggered == ("exit.gd2025.fraud", "exit.gd2025.loss_of_standing", "exit.gd2025.voluntary")
    assert [(e.rule_id, e.facts, e.record) for e in r.lead.evidence] == [
        ("exit.gd2025.fraud", ("has_fraud_finding",), "fraud_findings[0]"),
        ("exit.gd2025.loss_of_standing", ("lost_standing",), "standing_events[0]"),
        ("exit.gd2025.voluntary", ("applied_to_withdraw",), "withdrawal_applications[0]"),
    ]


def test_withdrawal_takes_effect_on_its_application_date() -> None:
    """exit.gd2025.voluntary: retained the day before the application, exiting on the day itself."""
    c = chain(member=unit("school", "vocational_college", withdrawal_applications=[{"on": "2025-03-10"}]))
    assert check(c, on=_dt.date(2025, 3, 9)).unit("school").status == "retain"
    assert check(c, on=_dt.date(2025, 3, 10)).unit("school").triggered == ("exit.gd2025.voluntary",)


@pytest.mark.parametrize(
    ("records", "rule_id", "missing"),
    [
        ("fraud_findings", "exit.gd2025.fraud", {"has_fraud_finding"}),
        (
            "incidents",
            "exit.gd2025.serious_incident",
            {"has_major_incident", "major_incident_free_years"},
        ),
        (
            "violations",
            "exit.gd2025.serious_incident",
            {"has_serious_violation", "serious_violation_free_years"},
        ),
        ("dishonesty_listings", "exit.gd2025.dishonesty", {"currently_listed_dishonest"}),
        ("standing_events", "exit.gd2025.loss_of_standing", {"lost_standing"}),
        ("assessments", "exit.gd2025.failed_assessment", {"failed_assessments"}),
        ("yearly_activity", "exit.gd2025.failed_assessment", {"idle_years"}),
        ("withdrawal_applications", "exit.gd2025.voluntary", {"applied_to_withdraw"}),
    ],
)
def test_missing_records_give_undetermined_never_retain(
    records: str, rule_id: str, missing: set[str]
) -> None:
    """Records left out make the scenario undetermined, never retain, and name the facts that would settle it."""
    lead = unit("lead")
    del lead[records]
    r = check(chain(lead=lead))
    assert (r.status, r.lead.status) == ("undetermined", "undetermined")
    assert r.lead.decision.finding(rule_id).status == "unknown"
    assert r.lead.decision.deciding == (rule_id,)
    assert set(r.lead.decision.missing_facts) == missing
    assert set(r.missing_facts) == {("lead", fact) for fact in missing}


def test_an_unknown_scenario_does_not_hide_a_triggered_one() -> None:
    """A unit with one scenario triggered and another unknown exits (the unknown one is still reported)."""
    lead = unit("lead", fraud_findings=[{"on": "2024-01-01"}])
    del lead["standing_events"]
    r = check(chain(lead=lead))
    assert (r.lead.status, r.lead.decision.finding("exit.gd2025.loss_of_standing").status) == (
        "exit",
        "unknown",
    )


def test_a_record_less_member_leaves_the_report_undetermined() -> None:
    """A member with nothing stated is undetermined on every scenario; the report names its facts."""
    r = check(chain(member={"id": "school", "kind": "vocational_college"}))
    assert (r.status, r.unit("school").status, r.lead.status) == ("undetermined", "undetermined", "retain")
    assert {u for u, _ in r.missing_facts} == {"school"}


@pytest.mark.parametrize(
    ("joined_on", "left_on", "checked"),
    [
        ("2023-01-01", None, True),
        ("2023-01-01", iso(ON), False),
        ("2023-01-01", iso(ON + DAY), True),
        (iso(ON), None, True),
        (iso(ON + DAY), None, False),
        (None, None, True),
    ],
)
def test_only_members_active_on_the_date_are_checked(
    joined_on: str | None, left_on: str | None, checked: bool
) -> None:
    """A member is checked from the day it joins until the day before it leaves; a founder always."""
    c = chain()
    c["members"][1] = {
        "organisation": unit("school", "vocational_college"),
        "joined_on": joined_on,
        "left_on": left_on,
    }
    assert ("school" in [u.unit_id for u in check(c).units]) is checked


def test_idle_years_count_whole_years_of_membership() -> None:
    """A member that joined mid-2024 has no whole year of membership by mid-2025, so no idle year yet."""
    c = chain(member=unit("late", "training_institution", yearly_activity=[]))
    c["members"][1]["joined_on"] = "2024-03-01"
    assert check(c).unit("late").status == "retain"
    assert check(c, on=_dt.date(2025, 12, 31)).unit("late").triggered == ("exit.gd2025.failed_assessment",)


def test_policies_inheriting_gd2025_check_the_same_scenarios() -> None:
    """Shenzhen inherits Guangdong's exit scenarios; a policy without any is a typed error."""
    assert check(chain(), policy="sz-2025").ruleset_id == "exit.gd2025"
    with pytest.raises(UnknownRuleError):
        check(chain(), policy="bj-2024")


# --- the scenarios are data: reworded or replaced without touching code ---------------------------------------


def test_a_scenario_reworded_by_a_reform_takes_effect() -> None:
    """Replacing exit.gd2025.fraud through with_changes changes its wording and condition in the report."""
    gd = skilleco.load_policy("gd-2025")
    reworded = gd.with_changes(
        label="fraud needs two findings' worth",
        replace=[
            {
                "id": "exit.gd2025.fraud",
                "sets": ["exit.gd2025"],
                "title_zh": "骗取资金且考核不合格",
                "title_en": "Fraud found and an assessment failed",
                "citation": "gd-2025-25 dynamic adjustment",
                "provenance": "modelled",
                "when": "has_fraud_finding and failed_assessments >= 1",
            }
        ],
    )
    c = chain(lead=unit("lead", fraud_findings=[{"on": "2025-01-01"}]))
    assert check(c, policy=gd).lead.triggered == ("exit.gd2025.fraud",)
    after = check(c, policy=reworded)
    assert (after.status, after.reform_label) == ("retain", "fraud needs two findings' worth")
    assert after.lead.decision.finding("exit.gd2025.fraud").title_en == "Fraud found and an assessment failed"


def test_a_window_changed_by_a_reform_takes_effect() -> None:
    """Widening exit.incident_window_years to 5 brings a four-year-old major accident into the window."""
    old = {"kind": "production_safety", "severity": "major", "on": iso(years_before(4))}
    c = chain(lead=unit("lead", incidents=[old]))
    wider = skilleco.load_policy("gd-2025").with_changes({"exit.incident_window_years": 5}, label="5 years")
    assert check(c).status == "retain"
    assert check(c, policy=wider).lead.triggered == ("exit.gd2025.serious_incident",)


VERIFIED_PACK = """
[policy]
id = "gd-2025-verified"
parent = "gd-2025"
jurisdiction = "gd"
title_zh = "广东（2025）退出情形（核实后）"
title_en = "Guangdong (2025), exit scenarios as verified"

[[rules]]
id = "exit.gd2025.dishonesty"
replace = true
sets = ["exit.gd2025"]
title_zh = "曾被列入严重失信主体名单"
title_en = "Ever listed as a seriously dishonest entity"
citation = "gd-2025-25 art.30"
provenance = "text"
when = "has_dishonesty_listing"
"""


def test_a_scenario_replaced_by_a_policy_file_takes_effect(tmp_path: Any) -> None:
    """A pack written to disk that redefines exit.gd2025.dishonesty changes the outcome, wording and tag."""
    path = tmp_path / "gd-2025-verified.toml"
    path.write_text(VERIFIED_PACK, encoding="utf-8")

    def read(policy_id: str) -> Pack:
        if policy_id == "gd-2025-verified":
            return read_pack(str(path), tomllib.loads(path.read_text(encoding="utf-8")))
        text = resources.files("skilleco.policy.packs").joinpath(f"{policy_id}.toml").read_text("utf-8")
        return read_pack(policy_id, tomllib.loads(text))

    verified = build_policy("gd-2025-verified", read)
    c = chain(
        lead=unit("lead", dishonesty_listings=[{"listed_on": "2024-01-01", "removed_on": "2024-06-01"}])
    )
    assert check(c).status == "retain"
    r = check(c, policy=verified)
    finding = r.lead.decision.finding("exit.gd2025.dishonesty")
    assert (r.status, r.ruleset_id, finding.provenance, finding.title_en) == (
        "exit",
        "exit.gd2025",
        "text",
        "Ever listed as a seriously dishonest entity",
    )
    assert [e.record for e in r.lead.evidence] == ["dishonesty_listings[0]"]
    assert "exit.gd2025.dishonesty" not in r.modelled_rule_ids


# --- output ------------------------------------------------------------------------------------------------


def exiting_chain() -> dict[str, Any]:
    """A chain whose lead exits for fraud and whose member cannot be decided."""
    return chain(
        lead=unit("lead", fraud_findings=[{"on": "2025-01-01"}]),
        member={"id": "school", "kind": "vocational_college"},
    )


def test_report_round_trips_through_json() -> None:
    """An exit report reads back from its JSON into an equal value, with the derived views alongside."""
    r = check(exiting_chain())
    assert skilleco.ExitReport.from_json(r.to_json()) == r
    data = r.to_dict()
    assert (data["loses_lead"], data["exiting"], data["status"]) == (True, ["lead"], "exit")
    assert data["modelled_rule_ids"] == list(SCENARIOS)
    assert data["units"][0]["evidence"][0]["record"] == "fraud_findings[0]"


def test_modelled_scenarios_are_marked_in_every_output() -> None:
    """Text, Markdown, HTML and JSON mark the modelled scenarios in both languages."""
    r = check(exiting_chain())
    for lang, mark in (("en", "MODELLED"), ("zh", "推定")):
        assert mark in r.text(lang) and mark in r.markdown(lang)
    assert "MODELLED 推定" in r._repr_html_()
    finding = r.to_dict()["units"][0]["decision"]["findings"][0]
    assert finding["provenance"] == "modelled"
    assert "modelled" in finding["message_en"] and "推定" in finding["message_zh"]


def test_lead_exit_is_reported_as_losing_the_lead() -> None:
    """When the lead exits, every output says the chain loses its lead."""
    r = check(exiting_chain())
    assert r.loses_lead
    assert "loses its lead" in r.text("en") and "失去链主" in r.text("zh")
    assert "loses its lead" in r.markdown("en") and "失去链主" in r._repr_html_()
