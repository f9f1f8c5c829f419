"""Chain-lead criteria per edition (chain.md "Chain-lead criteria"), as scenario tables citing rule ids."""

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
from skilleco.questions.chain import edition_ruleset

ON = _dt.date(2025, 6, 30)


def org(**changes: Any) -> dict[str, Any]:
    """An enterprise meeting every lead criterion of every edition (Shenzhen-registered), changed as asked."""
    base: dict[str, Any] = {
        "id": "acme",
        "kind": "enterprise",
        "registration": {
            "province": "guangdong",
            "city": "shenzhen",
            "independent_legal_person": True,
            "operating_normally": True,
        },
        "size_class": "large",
        "insured_employees_in_city": 300,
        "profile": {"listed": True, "industry_clusters": ["20+8:smart-terminals"]},
        "internal_training_system": True,
        "staff_education_fund_compliant": True,
        "school_cooperation_genuine": True,
        "school_cooperation_good_record": True,
        "apprenticeship_occupations_match": True,
        "national_platforms": [],
        "violations": [],
        "dishonesty_listings": [],
    }
    return {**base, **changes}


def chain(organisation: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """A proposed chain led by ``organisation`` that meets every commitment, changed as asked."""
    o = organisation if organisation is not None else org()
    return {
        "id": "c1",
        "lead_id": o["id"],
        "members": [{"organisation": o}],
        "partner_enterprises_committed": 5,
        "jobs_offered": 300,
        "posts_offered": 500,
        **changes,
    }


def years_before(years: int, days: int = 0) -> str:
    """The ISO date ``years`` calendar years before ON, plus ``days`` days."""
    return (ON.replace(year=ON.year - years) + _dt.timedelta(days=days)).isoformat()


def violation(on: str, kind: str = "illegal_act") -> dict[str, Any]:
    """A violation record."""
    return {"kind": kind, "on": on}


def assess(policy: str | skilleco.Policy, candidate: Any) -> skilleco.Decision:
    """The lead decision on ON."""
    return skilleco.assess_chain_lead(candidate, policy=policy, on=ON)


def test_the_base_candidate_is_eligible_everywhere() -> None:
    """The base candidate (in Shenzhen) meets every edition but Beijing's registration rule."""
    for policy in ("sz-2025", "gd-2022", "cn-2025"):
        assert assess(policy, chain()).status == "eligible", policy
    d = assess("bj-2024", chain())
    assert (d.status, d.deciding) == ("ineligible", ("lead.bj2024.registered",))


# --- sz-2025 -----------------------------------------------------------------------------------------------

SZ_2025 = [
    # (rule id, organisation changes, chain changes, expected status, the rule's finding)
    (
        "lead.sz2025.registered",
        {"registration": {"city": "guangzhou", "independent_legal_person": True, "operating_normally": True}},
        {},
        "ineligible",
        "no",
    ),
    (
        "lead.sz2025.registered",
        {"registration": {"city": "shenzhen", "independent_legal_person": False, "operating_normally": True}},
        {},
        "ineligible",
        "no",
    ),
    (
        "lead.sz2025.registered",
        {"registration": {"city": "shenzhen", "independent_legal_person": True, "operating_normally": False}},
        {},
        "ineligible",
        "no",
    ),
    ("lead.sz2025.registered", {"registration": None}, {}, "undetermined", "unknown"),
    ("lead.sz2025.clean_record", {"violations": [violation(years_before(3))]}, {}, "eligible", "yes"),
    ("lead.sz2025.clean_record", {"violations": [violation(years_before(3, 1))]}, {}, "ineligible", "no"),
    (
        "lead.sz2025.clean_record",
        {"violations": [violation(ON.isoformat(), "serious_illegal_act")]},
        {},
        "ineligible",
        "no",
    ),
    (
        "lead.sz2025.clean_record",
        {"violations": [violation((ON + _dt.timedelta(days=1)).isoformat())]},
        {},
        "eligible",
        "yes",
    ),
    (
        "lead.sz2025.clean_record",
        {"violations": [violation(years_before(1), "disciplinary")]},
        {},
        "eligible",
        "yes",
    ),
    (
        "lead.sz2025.clean_record",
        {"dishonesty_listings": [{"listed_on": years_before(5), "removed_on": years_before(3)}]},
        {},
        "eligible",
        "yes",
    ),
    (
        "lead.sz2025.clean_record",
        {"dishonesty_listings": [{"listed_on": years_before(5), "removed_on": years_before(1)}]},
        {},
        "ineligible",
        "no",
    ),
    (
        "lead.sz2025.clean_record",
        {"dishonesty_listings": [{"listed_on": years_before(6)}]},
        {},
        "ineligible",
        "no",
    ),
    ("lead.sz2025.clean_record", {"violations": None}, {}, "undetermined", "unknown"),
    ("lead.sz2025.size", {"insured_employees_in_city": 300}, {}, "eligible", "yes"),
    ("lead.sz2025.size", {"insured_employees_in_city": 299}, {}, "ineligible", "no"),
    ("lead.sz2025.size", {"size_class": "medium"}, {}, "eligible", "yes"),
    ("lead.sz2025.size", {"size_class": "small"}, {}, "ineligible", "no"),
    ("lead.sz2025.size", {"kind": "vocational_college"}, {}, "ineligible", "no"),
    ("lead.sz2025.size", {"insured_employees_in_city": None}, {}, "undetermined", "unknown"),
    (
        "lead.sz2025.profile",
        {
            "profile": {
                "industry_clusters": [],
                "above_designated_size": False,
                "group_company": False,
                "listed": False,
                "specialised_and_new": False,
            }
        },
        {},
        "review",
        "no",
    ),
    (
        "lead.sz2025.profile",
        {"profile": {"industry_clusters": [], "specialised_and_new": True}},
        {},
        "eligible",
        "yes",
    ),
    (
        "lead.sz2025.profile",
        {"profile": {"industry_clusters": [], "group_company": True}},
        {},
        "eligible",
        "yes",
    ),
    ("lead.sz2025.profile", {"profile": None}, {}, "undetermined", "unknown"),
    ("lead.sz2025.leverage", {}, {"partner_enterprises_committed": 4}, "ineligible", "no"),
    ("lead.sz2025.leverage", {}, {"jobs_offered": 299}, "ineligible", "no"),
    ("lead.sz2025.leverage", {}, {"jobs_offered": None}, "undetermined", "unknown"),
    ("lead.sz2025.training_system", {"internal_training_system": False}, {}, "ineligible", "no"),
    ("lead.sz2025.training_system", {"internal_training_system": None}, {}, "undetermined", "unknown"),
]


@pytest.mark.parametrize(("rule_id", "org_changes", "chain_changes", "status", "finding"), SZ_2025)
def test_sz2025(
    rule_id: str, org_changes: dict[str, Any], chain_changes: dict[str, Any], status: str, finding: str
) -> None:
    """Shenzhen incubation: each row changes one thing and checks the rule it cites."""
    d = assess("sz-2025", chain(org(**org_changes), **chain_changes))
    assert (d.status, d.finding(rule_id).status) == (status, finding)
    if status in ("ineligible", "review"):
        assert rule_id in d.deciding


def test_sz2025_without_a_chain_names_the_missing_commitments() -> None:
    """An organisation alone leaves the chain's commitments unknown, and says which facts would settle them."""
    d = assess("sz-2025", org())
    assert d.status == "undetermined"
    assert d.deciding == ("lead.sz2025.leverage",)
    assert d.missing_facts == ("partner_enterprises_committed", "jobs_offered")


def test_missing_records_name_the_facts() -> None:
    """Records left out make the clean-record rule undetermined, naming the facts it needs."""
    d = assess("sz-2025", chain(org(violations=None, dishonesty_listings=None)))
    assert d.status == "undetermined"
    assert set(d.finding("lead.sz2025.clean_record").missing) == {
        "has_illegal_act",
        "illegal_act_free_years",
        "has_dishonesty_listing",
        "dishonesty_listing_free_years",
    }


# --- gd-2022 -----------------------------------------------------------------------------------------------

GD_2022 = [
    ("lead.gd2022.enterprise_led", {"kind": "technical_school"}, {}, "ineligible", "no"),
    (
        "lead.gd2022.registered",
        {"registration": {"city": "foshan", "independent_legal_person": True, "operating_normally": True}},
        {},
        "ineligible",
        "no",
    ),
    ("lead.gd2022.clean_record", {"violations": [violation(years_before(12))]}, {}, "ineligible", "no"),
    (
        "lead.gd2022.clean_record",
        {"violations": [violation(years_before(2), "disciplinary")]},
        {},
        "ineligible",
        "no",
    ),
    (
        "lead.gd2022.clean_record",
        {"dishonesty_listings": [{"listed_on": years_before(9), "removed_on": years_before(8)}]},
        {},
        "ineligible",
        "no",
    ),
    (
        "lead.gd2022.clean_record",
        {"violations": [violation((ON + _dt.timedelta(days=1)).isoformat())]},
        {},
        "eligible",
        "yes",
    ),
    (
        "lead.gd2022.profile",
        {
            "profile": {
                "single_item_champion": True,
                "linked_to_leading_enterprises": False,
                "above_designated_size": False,
                "chain_master": False,
                "listed": False,
                "industry_education_integration": False,
            }
        },
        {},
        "review",
        "no",
    ),
    (
        "lead.gd2022.profile",
        {"profile": {"single_item_champion": True, "linked_to_leading_enterprises": True}},
        {},
        "eligible",
        "yes",
    ),
    ("lead.gd2022.profile", {"profile": {"chain_master": True}}, {}, "eligible", "yes"),
    ("lead.gd2022.training_regime", {"staff_education_fund_compliant": False}, {}, "ineligible", "no"),
    ("lead.gd2022.training_regime", {"school_cooperation_genuine": False}, {}, "ineligible", "no"),
    ("lead.gd2022.training_regime", {"internal_training_system": None}, {}, "undetermined", "unknown"),
    ("lead.gd2022.apprenticeship_match", {"apprenticeship_occupations_match": False}, {}, "ineligible", "no"),
    ("lead.gd2022.leverage", {}, {"posts_offered": 499}, "ineligible", "no"),
    ("lead.gd2022.leverage", {}, {"posts_offered": 500, "jobs_offered": 0}, "eligible", "yes"),
    ("lead.gd2022.leverage", {}, {"partner_enterprises_committed": 4}, "ineligible", "no"),
    ("lead.gd2022.school_cooperation", {"school_cooperation_good_record": False}, {}, "ineligible", "no"),
    (
        "lead.gd2022.national_platforms",
        {"national_platforms": ["skills_master_studio"]},
        {},
        "eligible",
        "yes",
    ),
    ("lead.gd2022.national_platforms", {"national_platforms": []}, {}, "eligible", "no"),
    ("lead.gd2022.national_platforms", {"national_platforms": None}, {}, "eligible", "unknown"),
]


@pytest.mark.parametrize(("rule_id", "org_changes", "chain_changes", "status", "finding"), GD_2022)
def test_gd2022(
    rule_id: str, org_changes: dict[str, Any], chain_changes: dict[str, Any], status: str, finding: str
) -> None:
    """Guangdong 2022 round: each row changes one thing and checks the rule it cites."""
    d = assess("gd-2022", chain(org(**org_changes), **chain_changes))
    assert (d.status, d.finding(rule_id).status) == (status, finding)


def test_priority_factors_never_decide() -> None:
    """A priority rule is reported as a finding but never appears among the deciding rules."""
    for platforms in (["high_skill_training_base"], [], None):
        d = assess("gd-2022", chain(org(national_platforms=platforms)))
        assert d.status == "eligible"
        assert "lead.gd2022.national_platforms" not in d.deciding
        assert d.finding("lead.gd2022.national_platforms").strength == "priority"


def test_gd2022_any_record_counts_until_a_window_is_set() -> None:
    """With no window stated any old record counts; a reform that sets one lets an old record pass."""
    old = chain(org(violations=[violation(years_before(12))]))
    gd = skilleco.load_policy("gd-2022")
    reform = gd.with_changes({"lead.clean_record_years": 3}, label="3-year window")
    assert assess(gd, old).status == "ineligible"
    assert assess(reform, old).status == "eligible"


def test_gd2022_registration_city_rests_on_a_modelled_parameter() -> None:
    """The 2022 round's "registered locally" reads a modelled city, so the finding is marked modelled."""
    d = assess("gd-2022", chain())
    assert d.finding("lead.gd2022.registered").rests_on_modelled
    assert d.finding("lead.gd2022.enterprise_led").provenance == "modelled"


# --- bj-2024 and cn-2025 -----------------------------------------------------------------------------------

BEIJING_SCHOOL: dict[str, Any] = {
    "id": "bj-poly",
    "kind": "vocational_college",
    "registration": {"province": "beijing", "city": "beijing"},
    "profile": {"industry_clusters": ["bj:new-energy-vehicles"]},
    "violations": [],
    "dishonesty_listings": [],
}

BJ_2024 = [
    ("lead.bj2024.applicant_kind", {}, "eligible", "yes"),
    ("lead.bj2024.applicant_kind", {"kind": "enterprise"}, "eligible", "yes"),
    ("lead.bj2024.applicant_kind", {"kind": "university"}, "eligible", "yes"),
    # chain.md: "市场主体和院校机构均可申报"; the first batch includes a private cooking school.
    ("lead.bj2024.applicant_kind", {"kind": "training_institution"}, "eligible", "yes"),
    ("lead.bj2024.applicant_kind", {"kind": "hr_service"}, "ineligible", "no"),
    ("lead.bj2024.registered", {"registration": {"city": "tianjin"}}, "ineligible", "no"),
    ("lead.bj2024.key_industry", {"profile": {"industry_clusters": []}}, "review", "no"),
    ("lead.bj2024.clean_record", {"violations": [violation(years_before(1))]}, "ineligible", "no"),
    ("lead.bj2024.clean_record", {"violations": [violation(years_before(3))]}, "eligible", "yes"),
    (
        "lead.bj2024.clean_record",
        {"dishonesty_listings": [{"listed_on": years_before(2)}]},
        "ineligible",
        "no",
    ),
]


@pytest.mark.parametrize(("rule_id", "changes", "status", "finding"), BJ_2024)
def test_bj2024(rule_id: str, changes: dict[str, Any], status: str, finding: str) -> None:
    """Beijing pilot: a school may lead; each row changes one thing and checks the rule it cites."""
    d = assess("bj-2024", {**BEIJING_SCHOOL, **changes})
    assert (d.status, d.finding(rule_id).status) == (status, finding)


def test_bj2024_modelled_rules_are_marked() -> None:
    """Beijing's registration and clean-record rules are modelled, and the decision says so."""
    d = assess("bj-2024", BEIJING_SCHOOL)
    assert d.modelled_rule_ids == ("lead.bj2024.registered", "lead.bj2024.clean_record")


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("enterprise", "eligible"),
        ("university", "ineligible"),
        ("vocational_college", "ineligible"),
        ("government", "ineligible"),
    ],
)
def test_cn2025_enterprise_led(kind: str, status: str) -> None:
    """lead.cn2025.enterprise_led: nationally, only an enterprise leads."""
    d = assess("cn-2025", {"id": "x", "kind": kind})
    assert (d.status, d.deciding) == (status, ("lead.cn2025.enterprise_led",))


# --- which rule set answers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "ruleset"),
    [
        ("sz-2025", "lead.sz2025"),
        ("gd-2022", "lead.gd2022"),
        ("bj-2024", "lead.bj2024"),
        ("bj-2025", "lead.bj2024"),
        ("cn-2025", "lead.cn2025"),
        ("gd-2025", "lead.cn2025"),
        ("tj-2024", "lead.cn2025"),
    ],
)
def test_each_edition_uses_its_own_or_its_nearest_ancestors_lead_rules(policy: str, ruleset: str) -> None:
    """An edition answers with its own lead rule set; without one, with its nearest ancestor's."""
    d = assess(policy, chain())
    assert d.ruleset_id == ruleset
    assert {r.split(".")[1] for r in d.rule_ids} == {ruleset.split(".")[1]}


def test_a_lead_decision_says_whose_rule_set_answered_and_what_it_does_not_check() -> None:
    """chain.md ("cn-2025"): under an edition with no lead rule set of its own a lead assessment uses
    the nearest ancestor's, and the decision says which rule set answered and that clean-record and
    size rules are absent from it, so that a national "eligible" is never taken for a full check.
    What is not checked is data in the pack (``lead.cn2025.not_checked``), shown in every output."""
    gd = assess("gd-2025", chain())
    assert (gd.status, gd.ruleset_id, gd.ruleset_policy_id) == ("eligible", "lead.cn2025", "cn-2025")
    assert gd.not_checked == ("clean_record", "size")
    national = assess("cn-2025", chain())
    assert (national.ruleset_policy_id, national.not_checked) == ("cn-2025", ("clean_record", "size"))
    assert (assess("bj-2025", chain()).ruleset_policy_id, assess("bj-2025", chain()).not_checked) == (
        "bj-2024",
        (),
    )
    sz = assess("sz-2025", chain())
    assert (sz.ruleset_policy_id, sz.not_checked) == ("sz-2025", ())

    en, zh = gd.text("en"), gd.text("zh")
    assert "gd-2025 has no rule set of its own" in en and "cn-2025's lead.cn2025 answered" in en
    assert "a clean record" in en and "enterprise size" in en and "not a full check" in en
    assert "由 cn-2025 的 lead.cn2025 作答" in zh and "违法失信记录" in zh and "企业规模" in zh
    assert "not a full check" in gd.markdown("en") and "并非完整审查" in gd.markdown("zh")
    assert "not a full check" in gd._repr_html_() and "并非完整审查" in gd._repr_html_()
    assert "no rule set of its own" not in national.text("en") and "not a full check" in national.text("en")
    assert "no rule set of its own" not in sz.text("en") and "not a full check" not in sz.text("en")
    assert skilleco.Decision.from_json(gd.to_json()) == gd
    assert gd.to_dict()["not_checked"] == ["clean_record", "size"]

    compared = skilleco.compare_editions(chain(), policies=("sz-2025", "gd-2025", "cn-2025"), on=ON)
    assert compared.text("en").count("not a full check") == 1  # one rule set, said once
    assert "并非完整审查" in compared.markdown("zh") and "not a full check" in compared._repr_html_()

    full = skilleco.load_policy("gd-2025").with_changes({"lead.cn2025.not_checked": []}, label="full check")
    assert assess(full, chain()).not_checked == ()


def test_a_reform_keeps_its_editions_rule_set() -> None:
    """A reform of sz-2025 is still answered by lead.sz2025, with the reformed threshold."""
    reform = skilleco.load_policy("sz-2025").with_changes({"lead.min_insured_staff": 500}, label="500 staff")
    d = assess(reform, chain())
    assert (d.ruleset_id, d.status, d.reform_label) == ("lead.sz2025", "ineligible", "500 staff")


def _reader(extra: dict[str, str]) -> Any:
    """Read packs by id: the given TOML texts, else the shipped files."""

    def read(policy_id: str) -> Pack:
        text = extra.get(policy_id)
        if text is None:
            text = resources.files("skilleco.policy.packs").joinpath(f"{policy_id}.toml").read_text("utf-8")
        return read_pack(f"<{policy_id}>", tomllib.loads(text))

    return read


CHILD = """
[policy]
id = "sz-2026"
parent = "sz-2025"
jurisdiction = "sz"
title_zh = "测试"
title_en = "test edition"
"""

OWN_RULES = """
[rulesets."lead.sz2026"]
hit = "all_of"
question = "lead"
subject = "organisation"

[[rules]]
id = "lead.sz2026.registered"
sets = ["lead.sz2026"]
title_zh = "在深圳注册"
title_en = "Registered in Shenzhen"
citation = "sz-2025-lead"
provenance = "modelled"
when = "registration_city == \\"shenzhen\\""
"""


def test_a_pack_without_lead_rules_inherits_its_parents() -> None:
    """A child pack that declares no lead rule set is answered by its parent's (lead.sz2025)."""
    child = build_policy("sz-2026", _reader({"sz-2026": CHILD}))
    assert edition_ruleset(child, "lead", "lead") == "lead.sz2025"


def test_a_pack_with_its_own_lead_rules_uses_them() -> None:
    """A child pack that declares lead.<its id> is answered by it, not by the inherited sets."""
    child = build_policy("sz-2026", _reader({"sz-2026": CHILD + OWN_RULES}))
    d = assess(child, chain(org(kind="university")))
    assert (d.ruleset_id, d.status, d.rule_ids) == ("lead.sz2026", "eligible", ("lead.sz2026.registered",))


def test_a_policy_without_lead_rules_is_a_typed_error() -> None:
    """The GBA scheme has no lead rules: asking it is an UnknownRuleError naming the rule set looked for."""
    with pytest.raises(UnknownRuleError) as info:
        assess("gba", org())
    assert info.value.name == "lead.gba"


# --- editions side by side ---------------------------------------------------------------------------------


def test_a_school_may_lead_in_beijing_but_not_nationally_or_in_guangdong() -> None:
    """compare_editions shows the Beijing school eligible under bj-2024 and ineligible elsewhere, and why."""
    c = skilleco.compare_editions(BEIJING_SCHOOL, on=ON)
    assert c.statuses == {
        "sz-2025": "ineligible",
        "gd-2022": "ineligible",
        "bj-2024": "eligible",
        "cn-2025": "ineligible",
    }
    assert not c.agree
    assert c.by_status == {"ineligible": ("sz-2025", "gd-2022", "cn-2025"), "eligible": ("bj-2024",)}
    assert "lead.cn2025.enterprise_led" in c.decision("cn-2025").deciding
    assert "lead.gd2022.enterprise_led" in c.decision("gd-2022").deciding
    assert "lead.sz2025.size" in c.decision("sz-2025").deciding


def test_comparison_round_trips_and_marks_modelled_rules() -> None:
    """A comparison reads back from its JSON, and every rendering marks modelled deciding rules."""
    c = skilleco.compare_editions(BEIJING_SCHOOL, policies=("bj-2024", "cn-2025"), on=ON)
    assert skilleco.EditionComparison.from_json(c.to_json()) == c
    assert c.to_dict()["statuses"] == {"bj-2024": "eligible", "cn-2025": "ineligible"}
    assert "MODELLED" in c.text("en") and "推定" in c.text("zh")
    assert "MODELLED" in c.markdown("en") and "推定" in c.markdown("zh")
    html = c._repr_html_()
    assert "MODELLED" in html and "推定" in html


def test_lead_decision_round_trips_and_marks_modelled_rules() -> None:
    """A lead decision reads back from JSON, and its outputs mark the modelled findings in both languages."""
    d = assess("bj-2024", BEIJING_SCHOOL)
    assert skilleco.Decision.from_json(d.to_json()) == d
    registered = next(f for f in d.to_dict()["findings"] if f["rule_id"] == "lead.bj2024.registered")
    assert registered["provenance"] == "modelled"
    for lang, mark in (("en", "MODELLED"), ("zh", "推定")):
        assert mark in d.text(lang) and mark in d.markdown(lang)
    assert "MODELLED 推定" in d._repr_html_()
