"""One test, two certificates: Beijing chains (bj-2025) and the separate Greater Bay Area scheme (gba)."""

from __future__ import annotations

import copy
import datetime as _dt
from typing import Any

import pytest

import skilleco
from skilleco.exceptions import InputError, UnknownRuleError

ON = _dt.date(2025, 12, 1)


def candidate(**changes: Any) -> dict[str, Any]:
    """A candidate who meets every rule: an employee of a chain enterprise, evaluated by a registered one."""
    base: dict[str, Any] = {
        "person_id": "p1",
        "employer_id": "partner",
        "chain": {
            "id": "bj-chain",
            "jurisdiction": "bj",
            "lead_id": "evaluator",
            "established_on": "2025-07-18",
            "exits": [],
            "dual_certificate_items": [
                {
                    "special_ability_item": "drone-inspection",
                    "enterprise_certification": "Acme drone inspector",
                }
            ],
            "members": [
                {
                    "organisation": {
                        "id": "evaluator",
                        "kind": "enterprise",
                        "self_evaluation_registered": True,
                        "self_evaluation_registered_on": "2025-01-10",
                    }
                },
                {"organisation": {"id": "partner", "kind": "enterprise"}, "joined_on": "2025-08-01"},
                {"organisation": {"id": "college", "kind": "vocational_college"}, "joined_on": "2025-08-01"},
            ],
        },
        "evaluation": {
            "item": "drone-inspection",
            "evaluator_id": "evaluator",
            "on": "2025-10-15",
            "result": "pass",
        },
    }
    return _merge(base, changes)


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` applied; a dotted key (``chain.exits``) reaches into nested tables."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        *path, last = key.split(".")
        node = out
        for part in path:
            node = node[part]
        node[last] = value
    return out


def evaluator(**changes: Any) -> dict[str, Any]:
    """The evaluating member, changed as asked."""
    return {"organisation": {"id": "evaluator", "kind": "enterprise", **changes}}


def assess(c: dict[str, Any], on: _dt.date = ON) -> skilleco.Decision:
    """The bj-2025 decision on ``on``."""
    return skilleco.assess_dual_certificate(c, policy="bj-2025", on=on)


def test_one_evaluation_yields_both_certificates() -> None:
    """The decision is eligible and names the special ability certificate and the enterprise certification."""
    d = assess(candidate())
    assert (d.status, d.question, d.ruleset_id) == ("eligible", "dual_certificate", "dualcert.bj2025")
    assert d.target == (
        "special_vocational_ability_certificate: drone-inspection"
        " + enterprise_certification: Acme drone inspector"
    )
    assert dict(d.finding("dualcert.bj2025.pilot_item").facts) == {"item_on_list": True}


def _members_with_evaluator(**changes: Any) -> list[dict[str, Any]]:
    members = candidate()["chain"]["members"]
    return [evaluator(**changes), *members[1:]]


BJ_2025 = [
    # (rule id, changes to the candidate, expected status, the rule's finding)
    (
        "dualcert.bj2025.self_evaluation_registered",
        {"chain.members": _members_with_evaluator(self_evaluation_registered_on="2025-10-16")},
        "ineligible",
        "no",
    ),
    (
        "dualcert.bj2025.self_evaluation_registered",
        {"chain.members": _members_with_evaluator(self_evaluation_registered_on="2025-10-15")},
        "eligible",
        "yes",
    ),
    (
        "dualcert.bj2025.self_evaluation_registered",
        {"chain.members": _members_with_evaluator(self_evaluation_registered=False)},
        "ineligible",
        "no",
    ),
    (
        "dualcert.bj2025.self_evaluation_registered",
        {"chain.members": _members_with_evaluator(self_evaluation_registered=True)},
        "undetermined",
        "unknown",
    ),
    (
        "dualcert.bj2025.self_evaluation_registered",
        {
            "chain.members": [
                {
                    "organisation": {
                        "id": "evaluator",
                        "kind": "training_institution",
                        "self_evaluation_registered_on": "2025-01-10",
                    }
                },
                *candidate()["chain"]["members"][1:],
            ]
        },
        "ineligible",
        "no",
    ),
    ("dualcert.bj2025.scope", {"employer_id": "evaluator"}, "eligible", "yes"),
    ("dualcert.bj2025.scope", {"employer_id": "outsider"}, "ineligible", "no"),
    ("dualcert.bj2025.scope", {"employer_id": "college"}, "ineligible", "no"),
    ("dualcert.bj2025.scope", {"employer_id": None}, "undetermined", "unknown"),
    ("dualcert.bj2025.scope", {"evaluation.on": "2025-07-31"}, "ineligible", "no"),
    ("dualcert.bj2025.pilot_item", {"evaluation.item": "forklift"}, "ineligible", "no"),
    ("dualcert.bj2025.pilot_item", {"chain.dual_certificate_items": None}, "undetermined", "unknown"),
    ("dualcert.bj2025.passed", {"evaluation.result": "fail"}, "ineligible", "no"),
    ("dualcert.bj2025.passed", {"evaluation.result": None}, "undetermined", "unknown"),
    ("dualcert.bj2025.passed", {"evaluation.on": None}, "undetermined", "unknown"),
    ("dualcert.bj2025.passed", {"evaluation.on": "2025-12-02"}, "ineligible", "no"),
    ("dualcert.bj2025.passed", {"evaluation.on": "2025-12-01"}, "eligible", "yes"),
    ("dualcert.bj2025.chain_active", {"chain.established_on": "2023-12-02"}, "eligible", "yes"),
    ("dualcert.bj2025.chain_active", {"chain.established_on": "2023-12-01"}, "undetermined", "unknown"),
    (
        "dualcert.bj2025.chain_active",
        {"chain.established_on": "2023-12-01", "chain.confirmed_active": False},
        "ineligible",
        "no",
    ),
    (
        "dualcert.bj2025.chain_active",
        {"chain.established_on": "2023-12-01", "chain.confirmed_active": True},
        "eligible",
        "yes",
    ),
    (
        "dualcert.bj2025.chain_active",
        {"chain.established_on": "2023-06-01", "chain.construction_period_months": 36},
        "eligible",
        "yes",
    ),
    (
        "dualcert.bj2025.chain_active",
        {"chain.construction_period_months": 3, "chain.confirmed_active": False},
        "ineligible",
        "no",
    ),
    ("dualcert.bj2025.chain_active", {"chain.exits": [{"on": "2025-11-30"}]}, "ineligible", "no"),
    ("dualcert.bj2025.chain_active", {"chain.exits": [{"on": "2025-12-02"}]}, "eligible", "yes"),
    ("dualcert.bj2025.chain_active", {"chain.exits": None}, "undetermined", "unknown"),
    ("dualcert.bj2025.chain_active", {"chain.established_on": None}, "undetermined", "unknown"),
]


@pytest.mark.parametrize(("rule_id", "changes", "status", "finding"), BJ_2025)
def test_bj2025(rule_id: str, changes: dict[str, Any], status: str, finding: str) -> None:
    """Beijing one-test-two-certificates: each row changes one thing and checks the rule it cites."""
    d = assess(candidate(**changes))
    assert (d.status, d.finding(rule_id).status) == (status, finding)
    if status != "eligible":
        assert rule_id in d.deciding


def test_a_chain_established_after_the_date_asked_is_bad_input() -> None:
    """A chain established after ``on`` does not exist yet: the question is refused, naming
    ``chain.established_on`` (issue 12, item 4; grades.md, "Dates must be possible")."""
    founding = [{**m, "joined_on": None} for m in candidate()["chain"]["members"]]
    changes = {"chain.established_on": "2025-12-02", "chain.members": founding}
    with pytest.raises(InputError) as info:
        assess(candidate(**changes))
    assert info.value.fields == ("chain.established_on",)
    assert assess(candidate(**changes), on=_dt.date(2025, 12, 2)).status == "eligible"


def test_unknowns_name_the_missing_facts() -> None:
    """An unknown evaluation result is undetermined, naming the fact that would settle it."""
    d = assess(candidate(**{"evaluation.result": None}))
    assert (d.deciding, d.missing_facts) == (("dualcert.bj2025.passed",), ("evaluation_passed",))


def test_modelled_dual_certificate_rules_are_marked() -> None:
    """pilot_item, passed and chain_active are modelled, and every output says so."""
    d = assess(candidate())
    assert d.modelled_rule_ids == (
        "dualcert.bj2025.pilot_item",
        "dualcert.bj2025.passed",
        "dualcert.bj2025.chain_active",
    )
    assert d.finding("dualcert.bj2025.scope").provenance == "secondary"  # chain.md: a news report only
    for lang, mark in (("en", "MODELLED"), ("zh", "推定")):
        assert mark in d.text(lang) and mark in d.markdown(lang)
    assert skilleco.Decision.from_json(d.to_json()) == d


# --- the Greater Bay Area scheme, kept apart ---------------------------------------------------------------


def gba(**changes: Any) -> dict[str, Any]:
    """A GBA candidate who passed a hairdresser exam at Hengqin, changed as asked."""
    base = {
        "person_id": "g1",
        "occupation": "hairdresser",
        "exam": {"on": "2022-08-30", "result": "pass"},
        "counterparts": ["hong_kong", "macao"],
    }
    return _merge(base, changes)


GBA = [
    ("dualcert.gba.listed_occupation", {}, "eligible", "yes"),
    ("dualcert.gba.listed_occupation", {"occupation": "bricklayer"}, "eligible", "yes"),
    ("dualcert.gba.listed_occupation", {"occupation": "chef"}, "undetermined", "unknown"),
    (
        "dualcert.gba.listed_occupation",
        {"occupation": "chef", "listed_occupations": ["chef"]},
        "eligible",
        "yes",
    ),
    ("dualcert.gba.listed_occupation", {"occupation": "chef", "listed_occupations": []}, "ineligible", "no"),
    ("dualcert.gba.passed", {"exam.result": "fail"}, "ineligible", "no"),
    ("dualcert.gba.passed", {"exam.on": "2022-09-02"}, "ineligible", "no"),
    ("dualcert.gba.passed", {"exam": None}, "undetermined", "unknown"),
    ("dualcert.gba.passed", {"exam.result": None}, "undetermined", "unknown"),
]


@pytest.mark.parametrize(("rule_id", "changes", "status", "finding"), GBA)
def test_gba(rule_id: str, changes: dict[str, Any], status: str, finding: str) -> None:
    """GBA one test, several certificates: each row changes one thing and checks the rule it cites."""
    d = skilleco.assess_dual_certificate(gba(**changes), policy="gba", on="2022-09-01")
    assert (d.status, d.finding(rule_id).status) == (status, finding)


def test_gba_decision_names_the_certificates() -> None:
    """The GBA decision names the mainland certificate and each counterpart certificate."""
    d = skilleco.assess_dual_certificate(gba(counterparts=["macao"]), policy="gba", on="2022-09-01")
    assert (d.ruleset_id, d.target) == (
        "dualcert.gba",
        "mainland_skill_level_certificate: hairdresser + macao_certificate",
    )


def test_the_two_schemes_are_kept_apart() -> None:
    """Each policy answers with its own scheme and model; the other model is bad input, not a silent mix."""
    assert skilleco.load_policy("gba").parent is None
    assert "dualcert.gba" not in skilleco.load_policy("bj-2025").rulesets
    with pytest.raises(InputError):
        skilleco.assess_dual_certificate(candidate(), policy="gba", on=ON)
    with pytest.raises(InputError):
        skilleco.assess_dual_certificate(gba(), policy="bj-2025", on=ON)
    with pytest.raises(UnknownRuleError):
        skilleco.assess_dual_certificate(gba(), policy="cn-2025", on=ON)


def test_model_instances_are_accepted() -> None:
    """A validated candidate model is accepted as it is."""
    model = skilleco.DualCertificateCandidate.model_validate(candidate())
    assert assess(model.model_dump()).status == assess(candidate()).status == "eligible"
    assert skilleco.assess_dual_certificate(model, policy="bj-2025", on=ON).status == "eligible"
