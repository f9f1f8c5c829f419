"""Chain input models, fact schemas, the rule catalogue of chain.md, and bad input."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import skilleco
from skilleco.exceptions import InputError, InvalidDateError, UnknownPolicyError
from skilleco.facts.chain import CHAIN_SCHEMAS
from skilleco.facts.organisation import free_years
from skilleco.facts.time import within_last_years
from skilleco.models import Chain, Organisation
from skilleco.policy.policy import SCHEMAS

ON = "2025-06-30"


def org(**changes: Any) -> dict[str, Any]:
    """A minimal enterprise, changed as asked."""
    return {"id": "acme", "kind": "enterprise", **changes}


def chain(**changes: Any) -> dict[str, Any]:
    """A chain of one enterprise and one school, led by the enterprise, changed as asked."""
    return {
        "id": "c1",
        "lead_id": "acme",
        "members": [
            {"organisation": org()},
            {"organisation": {"id": "school", "kind": "vocational_college"}, "joined_on": "2024-03-01"},
        ],
        **changes,
    }


# --- the catalogue: every rule id of chain.md, with its strength and provenance ------------------------

CATALOGUE = [
    # (policy, rule id, strength, provenance)
    ("sz-2025", "lead.sz2025.registered", "required", "text"),
    ("sz-2025", "lead.sz2025.clean_record", "required", "text"),
    ("sz-2025", "lead.sz2025.size", "required", "text"),
    ("sz-2025", "lead.sz2025.profile", "in_principle", "text"),
    ("sz-2025", "lead.sz2025.leverage", "required", "text"),
    ("sz-2025", "lead.sz2025.training_system", "required", "text"),
    ("gd-2022", "lead.gd2022.registered", "required", "text"),
    ("gd-2022", "lead.gd2022.clean_record", "required", "text"),
    ("gd-2022", "lead.gd2022.profile", "in_principle", "text"),
    ("gd-2022", "lead.gd2022.training_regime", "required", "text"),
    ("gd-2022", "lead.gd2022.apprenticeship_match", "required", "text"),
    ("gd-2022", "lead.gd2022.leverage", "required", "text"),
    ("gd-2022", "lead.gd2022.school_cooperation", "required", "text"),
    ("gd-2022", "lead.gd2022.national_platforms", "priority", "text"),
    ("bj-2024", "lead.bj2024.applicant_kind", "required", "secondary"),
    ("bj-2024", "lead.bj2024.registered", "required", "modelled"),
    ("bj-2024", "lead.bj2024.key_industry", "in_principle", "secondary"),
    ("bj-2024", "lead.bj2024.clean_record", "required", "modelled"),
    ("cn-2025", "lead.cn2025.enterprise_led", "required", "secondary"),
    ("gd-2025", "exit.gd2025.fraud", "required", "modelled"),
    ("gd-2025", "exit.gd2025.serious_incident", "required", "modelled"),
    ("gd-2025", "exit.gd2025.dishonesty", "required", "modelled"),
    ("gd-2025", "exit.gd2025.loss_of_standing", "required", "modelled"),
    ("gd-2025", "exit.gd2025.failed_assessment", "required", "modelled"),
    ("gd-2025", "exit.gd2025.voluntary", "required", "modelled"),
    ("bj-2025", "dualcert.bj2025.self_evaluation_registered", "required", "secondary"),
    ("bj-2025", "dualcert.bj2025.scope", "required", "secondary"),
    ("bj-2025", "dualcert.bj2025.pilot_item", "required", "modelled"),
    ("bj-2025", "dualcert.bj2025.passed", "required", "modelled"),
    ("bj-2025", "dualcert.bj2025.chain_active", "required", "modelled"),
    ("gba", "dualcert.gba.listed_occupation", "required", "text"),
    ("gba", "dualcert.gba.passed", "required", "text"),
]


@pytest.mark.parametrize(("policy", "rule_id", "strength", "provenance"), CATALOGUE)
def test_every_chain_rule_ships_with_its_strength_and_provenance(
    policy: str, rule_id: str, strength: str, provenance: str
) -> None:
    """Each rule id of chain.md is in its edition's pack with the strength and provenance chain.md gives."""
    rule = skilleco.load_policy(policy).rule(rule_id)
    assert (rule.strength, rule.provenance) == (strength, provenance)
    assert rule.citation.split()[0] in {
        "sz-2025-lead",
        "city-2022-round",
        "bj-2024-pilot",
        "bj-2025-batch1",
        "mohrss-2025-3",
        "gd-2025-25",
        "gba-multi-cert",
    }


def test_chain_parameters_carry_the_values_of_chain_md() -> None:
    """The parameters chain.md names have its values, on any date."""
    day = _dt.date(2025, 6, 30)
    expected = {
        "sz-2025": {
            "lead.jurisdiction_city": "shenzhen",
            "lead.clean_record_years": 3,
            "lead.size_classes": ("large", "medium"),
            "lead.min_insured_staff": 300,
            "lead.min_partner_enterprises": 5,
            "lead.min_jobs": 300,
        },
        "gd-2022": {
            "lead.clean_record_years": None,
            "lead.min_partner_enterprises": 5,
            "lead.min_posts": 500,
        },
        "gd-2025": {
            "exit.incident_window_years": 3,
            "exit.max_failed_assessments": 1,
            "exit.max_idle_years": 1,
        },
        "bj-2025": {"dualcert.construction_period_months": 24},
    }
    for policy, values in expected.items():
        params = skilleco.load_policy(policy).params_at(day)
        assert {name: params[name] for name in values} == values, policy


def test_exit_parameters_are_modelled_and_never_upgraded() -> None:
    """The six scenarios' parameters are tagged modelled, as the scenarios are."""
    gd = skilleco.load_policy("gd-2025")
    assert {gd.parameter(n).provenance for n in gd.parameters if n.startswith("exit.")} == {"modelled"}


def test_chain_subjects_are_registered_schemas() -> None:
    """Every chain rule set names a registered fact schema, and the registry holds them all."""
    assert set(CHAIN_SCHEMAS) <= set(SCHEMAS)
    for policy in ("sz-2025", "gd-2022", "bj-2025", "gba", "gd-2025"):
        for rs in skilleco.load_policy(policy).rulesets.values():
            if rs.question in ("lead", "exit", "dual_certificate"):
                assert rs.subject in CHAIN_SCHEMAS


# --- time: "within the last N years" -----------------------------------------------------------------------


@given(
    event=st.dates(_dt.date(1990, 1, 1), _dt.date(2030, 12, 31)),
    on=st.dates(_dt.date(1990, 1, 1), _dt.date(2030, 12, 31)),
    years=st.integers(1, 10),
)
def test_free_years_matches_the_window_of_time_md(event: _dt.date, on: _dt.date, years: int) -> None:
    """An event is within the last N years (on - N years < e <= on) exactly when free_years(e, on) < N."""
    if event <= on:
        assert within_last_years(event, on, years) == (free_years(event, on) < years)


def test_free_years_on_a_leap_day() -> None:
    """A 29 February event is still inside a 3-year window on 28 February three years on (time.md)."""
    assert within_last_years(_dt.date(2020, 2, 29), _dt.date(2023, 2, 28), 3)
    assert free_years(_dt.date(2020, 2, 29), _dt.date(2023, 2, 28)) == 2


# --- models -----------------------------------------------------------------------------------------------


def test_left_out_lists_are_not_stated_and_empty_lists_are_none() -> None:
    """A list left out is None (unknown); an empty list is stated as none."""
    o = Organisation.model_validate(org(violations=[]))
    assert o.violations == [] and o.incidents is None and o.registration is None


def test_models_are_frozen() -> None:
    """Input models cannot be changed after validation."""
    o = Organisation.model_validate(org())
    with pytest.raises(ValueError, match="frozen"):
        o.kind = "university"  # type: ignore[misc]


def test_chain_lead_is_the_member_named() -> None:
    """Chain.lead is the member whose organisation id is lead_id."""
    c = Chain.model_validate(chain())
    assert c.lead.organisation.id == "acme" and c.member("nobody") is None


BAD_INPUT = [
    # (model, data, expected error location, expected error type)
    pytest.param(Organisation, org(kind="firm"), ("kind",), "literal_error", id="unknown-kind"),
    pytest.param(
        Organisation,
        org(insured_employees_in_city=-1),
        ("insured_employees_in_city",),
        "greater_than_equal",
        id="negative-staff",
    ),
    pytest.param(
        Organisation,
        org(registration={"city": "Shenzhen"}),
        ("registration", "city"),
        "string_pattern_mismatch",
        id="city-not-an-id",
    ),
    pytest.param(
        Organisation,
        org(dishonesty_listings=[{"listed_on": "2024-05-01", "removed_on": "2024-04-30"}]),
        ("dishonesty_listings", 0, "removed_on"),
        "value_error",
        id="removed-before-listed",
    ),
    pytest.param(
        Organisation,
        org(self_evaluation_registered=False, self_evaluation_registered_on="2024-01-01"),
        ("self_evaluation_registered_on",),
        "value_error",
        id="registration-date-without-registration",
    ),
    pytest.param(
        Organisation,
        org(violations=[{"kind": "illegal_act", "on": "2024-13-01"}]),
        ("violations", 0, "on"),
        "value_error",
        id="bad-date",
    ),
    pytest.param(Organisation, org(colour="red"), ("colour",), "extra_forbidden", id="unknown-field"),
    pytest.param(
        Organisation,
        org(yearly_activity=[{"year": 2024, "trainees": 1, "evaluations": 0}] * 2),
        ("yearly_activity",),
        "value_error",
        id="activity-year-twice",
    ),
    pytest.param(
        Chain,
        chain(
            members=[
                {"organisation": org()},
                {
                    "organisation": {"id": "s", "kind": "university"},
                    "joined_on": "2024-05-02",
                    "left_on": "2024-05-01",
                },
            ]
        ),
        ("members", 1, "left_on"),
        "value_error",
        id="leave-before-join",
    ),
    pytest.param(Chain, chain(lead_id="ghost"), ("lead_id",), "value_error", id="lead-not-a-member"),
    pytest.param(
        Chain,
        chain(members=[{"organisation": org()}, {"organisation": org()}]),
        ("members",),
        "value_error",
        id="member-twice",
    ),
    pytest.param(Chain, chain(jobs_offered=-5), ("jobs_offered",), "greater_than_equal", id="negative-jobs"),
]


@pytest.mark.parametrize(("model", "data", "loc", "kind"), BAD_INPUT)
def test_bad_input_names_the_field(
    model: type, data: dict[str, Any], loc: tuple[object, ...], kind: str
) -> None:
    """Bad input raises InputError whose structured errors name the field and the kind of problem."""
    with pytest.raises(InputError) as info:
        skilleco.models.validate(model, data)
    assert [(e["loc"], e["type"]) for e in info.value.errors] == [(loc, kind)]
    assert info.value.code == "invalid_input"


def test_questions_reject_bad_chain_input_with_the_field() -> None:
    """The public questions raise the same structured error as the models."""
    with pytest.raises(InputError) as info:
        skilleco.check_exits(chain(lead_id="ghost"), on=ON)
    assert info.value.fields == ("lead_id",)
    with pytest.raises(InputError) as lead_info:
        skilleco.assess_chain_lead(org(kind="factory"), policy="sz-2025", on=ON)
    assert lead_info.value.fields == ("kind",)


@pytest.mark.parametrize(
    "call",
    [
        lambda p: skilleco.assess_chain_lead(org(), policy=p, on=ON),
        lambda p: skilleco.check_exits(chain(), policy=p, on=ON),
        lambda p: skilleco.assess_dual_certificate({}, policy=p, on=ON),
        lambda p: skilleco.compare_editions(org(), policies=("sz-2025", p), on=ON),
    ],
    ids=["lead", "exits", "dual-certificate", "compare"],
)
def test_unknown_policy_id_is_a_typed_error(call: Any) -> None:
    """An unknown policy id raises UnknownPolicyError with a did-you-mean suggestion."""
    with pytest.raises(UnknownPolicyError) as info:
        call("sz-2052")
    assert info.value.code == "unknown_policy" and info.value.suggestion == "sz-2025"


def test_bad_date_is_a_typed_error() -> None:
    """An unreadable date raises InvalidDateError naming the argument."""
    with pytest.raises(InvalidDateError) as info:
        skilleco.assess_chain_lead(org(), policy="cn-2025", on="30/06/2025")
    assert info.value.fields == ("on",)


def test_json_text_is_read_as_an_organisation_or_a_chain() -> None:
    """JSON text with a lead_id is a chain (its lead assessed); without one, an organisation."""
    as_org = skilleco.assess_chain_lead(json.dumps(org()), policy="cn-2025", on=ON)
    as_chain = skilleco.assess_chain_lead(json.dumps(chain()), policy="cn-2025", on=ON)
    assert as_org.subject_id == as_chain.subject_id == "acme"
    with pytest.raises(InputError):
        skilleco.assess_chain_lead("{not json", policy="cn-2025", on=ON)


def test_model_instances_are_accepted_as_candidates() -> None:
    """A validated Organisation or Chain is used as it is; a chain's lead is the candidate assessed."""
    o = Organisation.model_validate(org())
    c = Chain.model_validate(chain(jobs_offered=300))
    by_org = skilleco.assess_chain_lead(o, policy="sz-2025", on=ON)
    by_chain = skilleco.assess_chain_lead(c, policy="sz-2025", on=ON)
    assert by_org.subject_id == by_chain.subject_id == "acme"
    assert dict(by_org.finding("lead.sz2025.leverage").facts)["jobs_offered"] is None
    assert dict(by_chain.finding("lead.sz2025.leverage").facts)["jobs_offered"] == 300
