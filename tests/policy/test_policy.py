"""Policies: loading by id, inheritance, parameters by date, reforms, occupation overrides."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest

import skilleco
from skilleco.exceptions import PolicyFileError, UnknownRuleError
from skilleco.policy import Policy
from skilleco.policy.build import build_policy
from skilleco.policy.loader import read_pack
from skilleco.rules.timeline import Timeline

# A senior (三级) certificate of 2021-09-15 and work without a break from that day: the years of work
# after the certificate (time.md, "Work after a date") are then its full years since 2021-09-15.
W = {
    "id": "p",
    "records_complete": True,
    "occupation": {"code": "6-18-02-04", "standard_edition": "t2023"},
    "certificates": [{"level": "senior", "occupation_code": "6-18-02-04", "issued_on": "2021-09-15"}],
    "work_periods": [{"start": "2021-09-15"}],
}


def test_shipped_policies_load() -> None:
    """Every shipped policy loads and is immutable data."""
    ids = skilleco.list_policies()
    assert {"cn-2025", "gd-2025", "sz-2025", "gd-2022", "bj-2024", "tj-2024"} <= set(ids)
    for pid in ids:
        p = skilleco.load_policy(pid)
        assert p.id == pid
        assert p.label is None
        with pytest.raises(TypeError):
            p.rules["x"] = p.rules[next(iter(p.rules))]  # type: ignore[index]  # read-only on purpose


def test_child_inherits_and_overrides() -> None:
    """sz-2025 inherits gd-2025's subsidy figures, which override the national ones."""
    on = dt.date(2025, 8, 1)
    cn, gd, sz = (skilleco.load_policy(p) for p in ("cn-2025", "gd-2025", "sz-2025"))
    assert cn.parameter("subsidy.senior").provenance == "secondary"
    assert gd.parameter("subsidy.senior").provenance == "text"
    assert sz.parameter("subsidy.shortage_senior_bonus_pct").at(on) == 30
    assert "grade.t2023.senior.after_intermediate" in sz.rules
    assert sz.parent == "gd-2025"


def test_tianjin_rules_only_in_tianjin() -> None:
    """grade.exceptional.tj.*: the Tianjin routes exist in tj-2024 and not in cn-2025."""
    assert "grade.exceptional.tj.city_top10" in skilleco.load_policy("tj-2024").rules
    assert "grade.exceptional.tj.city_top10" not in skilleco.load_policy("cn-2025").rules


def test_parameter_lookup_by_date_before_first_entry_is_unset() -> None:
    """subsidy.senior takes effect 2024-01-01: unset the day before, 2000 on the day."""
    p = skilleco.load_policy("cn-2025").parameter("subsidy.senior")
    assert p.at(dt.date(2023, 12, 31)) is None
    assert p.at(dt.date(2024, 1, 1)) == 2000
    assert skilleco.load_policy("cn-2025").params_at(dt.date(2023, 12, 31))["subsidy.senior"] is None


def test_timeline_refuses_unsorted_dates() -> None:
    """A timeline's dates must strictly increase."""
    with pytest.raises(ValueError, match="strictly increasing"):
        Timeline(((dt.date(2025, 1, 1), 1), (dt.date(2024, 1, 1), 2)))


def test_reform_is_a_new_policy_and_flips_the_decision() -> None:
    """grade.t2023.technician.after_senior: shortening the wait to 4 years makes 2025-09-15 (48 months
    of work after the certificate) eligible."""
    cn = skilleco.load_policy("cn-2025")
    reform = cn.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4")
    assert cn.parameter("t2023.technician.after_senior_years").at(dt.date(2026, 1, 1)) == 5
    base = skilleco.assess_grade(W, "technician", policy=cn, on="2025-09-15")
    new = skilleco.assess_grade(W, "technician", policy=reform, on="2025-09-15")
    assert (base.status, new.status) == ("ineligible", "eligible")
    assert new.reform_label == "wait 4" and base.reform_label is None
    assert new.policy_hash != base.policy_hash
    uses = {u.name: u for u in new.finding("grade.t2023.technician.after_senior").params}
    assert uses["t2023.technician.after_senior_years"].value == 4


def test_reform_from_a_date_keeps_history() -> None:
    """A dated change applies from its date only."""
    cn = skilleco.load_policy("cn-2025")
    reform = cn.with_changes(
        {"t2023.technician.after_senior_years": {"from": "2027-01-01", "value": 4}}, label="from 2027"
    )
    p = reform.parameter("t2023.technician.after_senior_years")
    assert p.at(dt.date(2026, 12, 31)) == 5
    assert p.at(dt.date(2027, 1, 1)) == 4
    assert p.effective_from(dt.date(2027, 6, 1)) == dt.date(2027, 1, 1)


def test_reform_drops_adds_and_replaces_rules() -> None:
    """Rules can be dropped, added (tagged modelled by default) and replaced; unknown ids are errors."""
    cn = skilleco.load_policy("cn-2025")
    dropped = cn.with_changes(drop=["grade.t2023.technician.after_senior"], label="no wait route")
    assert "grade.t2023.technician.after_senior" not in dropped.rules
    assert skilleco.assess_grade(W, "technician", policy=dropped, on="2030-01-01").status == "ineligible"
    added = cn.with_changes(
        add=[
            skilleco.Rule.build(
                id="grade.reform.any_senior",
                when="has_cert_senior",
                sets=("grade.t2023.technician",),
                title_en="any senior",
            )
        ],
        label="add",
    )
    d = skilleco.assess_grade(W, "technician", policy=added, on="2022-01-01")
    assert d.deciding == ("grade.reform.any_senior",)
    assert "grade.reform.any_senior" in d.modelled_rule_ids
    replaced = cn.with_changes(
        replace=[
            {
                **_rule_table(cn, "grade.t2023.technician.after_senior"),
                "when": "has_cert_senior and years_since(cert_senior_on) >= 1",
            }
        ],
        label="replace",
    )
    assert skilleco.assess_grade(W, "technician", policy=replaced, on="2022-09-15").status == "eligible"
    with pytest.raises(UnknownRuleError):
        cn.with_changes(drop=["grade.t2023.nope"], label="x")


def _rule_table(policy: Policy, rule_id: str) -> dict[str, Any]:
    r = policy.rule(rule_id)
    return {
        "id": r.id,
        "title_zh": r.title_zh,
        "title_en": r.title_en,
        "citation": r.citation,
        "provenance": "modelled",
        "when": r.when,
        "sets": list(r.sets),
    }


@pytest.mark.parametrize(
    ("when", "problem"),
    [
        ("has_cert_senoir", "unknown fact"),
        ("p.no_such >= 1", "unknown parameter"),
        ("cert_senior_on >= 3", "cannot compare"),
        ("work_months", "must be true/false"),
        ("years_since(work_months) >= 1", "years_since needs a date"),
    ],
)
def test_bad_added_rule_is_rejected_at_build_time(when: str, problem: str) -> None:
    """A rule reading unknown names or mixing types is rejected when the reform is built, naming the rule."""
    cn = skilleco.load_policy("cn-2025")
    with pytest.raises(PolicyFileError) as info:
        cn.with_changes(
            add=[skilleco.Rule.build(id="x.y", when=when, sets=("grade.t2023.junior",))], label="bad"
        )
    assert info.value.key == "x.y.when"
    assert problem in info.value.problem


PACK = """
[policy]
id = "occ-test"
parent = "cn-2025"
jurisdiction = "cn"
title_zh = "测试"
title_en = "test"

[[occupations]]
code = "9-99-99-99"
name = "test occupation"
parameters = { "t2023.technician.after_senior_years" = 3 }
drop_rules = ["grade.t2023.technician.school"]

[[occupations.rules]]
id = "grade.occ.bachelor"
sets = ["grade.t2023.technician"]
title_zh = "本科"
title_en = "bachelor's route"
citation = "test"
provenance = "modelled"
when = "graduated_college_related"
"""


def _with_pack(text: str) -> Policy:
    packs = {"occ-test": read_pack("occ-test.toml", tomllib.loads(text))}

    def read(pid: str) -> Any:
        from skilleco.policy.registry import _read_builtin

        return packs[pid] if pid in packs else _read_builtin(pid)

    return build_policy("occ-test", read)


def test_occupation_overrides_thresholds_and_routes() -> None:
    """An occupation's standard may shorten a wait, drop a route and add one, as data (here 3 years of
    work after the 三级 certificate: 36 months on 2024-09-15)."""
    policy = _with_pack(PACK)
    occ = {
        **W,
        "occupation": {"code": "9-99-99-99", "standard_edition": "t2023"},
        "certificates": [{"level": "senior", "occupation_code": "9-99-99-99", "issued_on": "2021-09-15"}],
    }
    d = skilleco.assess_grade(occ, "technician", policy=policy, on="2024-09-15")
    assert d.status == "eligible"
    assert "grade.t2023.technician.school" not in d.rule_ids
    assert "grade.occ.bachelor" in d.rule_ids
    other = skilleco.assess_grade(W, "technician", policy=policy, on="2024-09-15")
    assert other.status == "ineligible"
    assert "grade.t2023.technician.school" in other.rule_ids


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (PACK.replace('title_en = "test"', 'title_en = "test"\ntitel = "x"'), "policy.titel"),
        (
            PACK.replace('provenance = "modelled"', 'provenance = "official"'),
            "occupations[0].rules[0].provenance",
        ),
        (
            PACK.replace('when = "graduated_college_related"', 'when = "a and"'),
            "occupations[0].rules[0].when",
        ),
        (PACK.replace('parent = "cn-2025"', 'parent = "cn-2099"'), "policy.parent"),
    ],
)
def test_bad_pack_names_file_and_key(text: str, key: str) -> None:
    """A malformed pack raises PolicyFileError naming the file and the key path."""
    with pytest.raises(PolicyFileError) as info:
        _with_pack(text)
    assert info.value.file == "occ-test.toml"
    assert info.value.key == key


def test_content_hash_is_stable_and_content_based() -> None:
    """Equal content gives an equal hash; a reform changes it."""
    cn = skilleco.load_policy("cn-2025")
    same = cn.with_changes({}, label="nothing")
    assert same.content_hash() == cn.content_hash()
    assert cn.with_changes({"t2023.junior.min_age": 18}, label="18").content_hash() != cn.content_hash()


def test_every_rule_has_citation_provenance_and_titles() -> None:
    """Every shipped rule carries a citation, a provenance tag, a strength and both titles."""
    for pid in skilleco.list_policies():
        for r in skilleco.load_policy(pid).rules.values():
            assert r.citation and r.title_zh and r.title_en, r.id
            assert r.provenance in ("text", "secondary", "modelled"), r.id
            assert r.strength in ("required", "in_principle", "priority"), r.id


def test_shipped_policy_pickles_by_id() -> None:
    """A shipped policy pickles as its id and unpickles to the process's own cached copy."""
    import pickle

    gd = skilleco.load_policy("gd-2025")
    data = pickle.dumps(gd)
    assert len(data) < 200
    assert pickle.loads(data) is gd


def test_reform_pickles_by_content_and_decides_the_same() -> None:
    """A reform (changed parameter, added rule) survives pickling: same content, label and decisions."""
    import pickle

    reform = skilleco.load_policy("gd-2025").with_changes(
        {"t2023.technician.after_senior_years": 4},
        label="w4",
        add=[skilleco.Rule.build(id="x.always", when="has_cert_senior", sets=("grade.t2023.technician",))],
    )
    copy = pickle.loads(pickle.dumps(reform))
    assert copy is not reform
    assert (copy.content_hash(), copy.display_id) == (reform.content_hash(), reform.display_id)
    assert copy.rule("x.always") == reform.rule("x.always")
    for on in ("2024-09-15", "2026-09-15"):
        a = skilleco.assess_grade(W, "technician", policy=reform, on=on)
        b = skilleco.assess_grade(W, "technician", policy=copy, on=on)
        assert (a.status, a.rule_ids) == (b.status, b.rule_ids)


def test_occupation_overrides_survive_pickling() -> None:
    """A policy with occupation overrides pickles; its per-occupation policy is rebuilt the same on load."""
    import pickle

    policy = _with_pack(PACK)
    copy = pickle.loads(pickle.dumps(policy))
    assert (
        copy.for_occupation("9-99-99-99").content_hash() == policy.for_occupation("9-99-99-99").content_hash()
    )
    assert "grade.occ.bachelor" in copy.for_occupation("9-99-99-99").rules


# --- parameter units and ranges (issue 16) -------------------------------------------------------------

WAIT = "t2023.technician.after_senior_years"


def test_every_shipped_number_parameter_has_a_unit_and_a_range_its_values_fit() -> None:
    """Every shipped parameter states its unit; every one holding numbers (or unset) a min and max that
    each of its values, in every policy and occupation override, lies within."""
    for pid in skilleco.list_policies():
        policy = skilleco.load_policy(pid)
        for name, p in policy.parameters.items():
            assert p.unit, (pid, name)
            values = [v for _, v in p.timeline.entries]
            numeric = all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in values if v is not None
            )
            if not numeric:
                assert name not in policy.ranges, (pid, name)
                continue
            span = policy.ranges[name]
            assert span.min is not None and span.max is not None and span.unit == p.unit, (pid, name)
            assert all(span.problem(v) is None for v in values), (pid, name)
        for code, override in policy.occupations.items():
            for name, value in override.parameters.items():
                assert name not in policy.ranges or policy.ranges[name].problem(value) is None, (
                    pid,
                    code,
                    name,
                )
    cn = skilleco.load_policy("cn-2025")
    assert (cn.ranges[WAIT].min, cn.ranges[WAIT].max, cn.ranges[WAIT].unit) == (0, 30, "years")
    assert cn.ranges["apprentice.max_months"].unit == "months"
    assert skilleco.load_policy("gd-2025").ranges["subsidy.senior"].describe() == "0 to 100,000 yuan"


@pytest.mark.parametrize(
    "change",
    [-3, 400, 30.5, {"from": "2027-01-01", "value": -1}],
    ids=["-3", "400", "30.5", "dated -1"],
)
def test_a_reform_outside_the_range_is_refused_naming_the_parameter(change: object) -> None:
    """with_changes refuses a value outside the parameter's min and max: a PolicyFileError (bad_value)
    whose key is the parameter and whose problem gives the range and the unit."""
    with pytest.raises(PolicyFileError) as info:
        skilleco.load_policy("gd-2025").with_changes({WAIT: change}, label="x")
    err = info.value
    assert (err.file, err.key, err.reason) == ("<reform>", WAIT, "bad_value")
    assert "expected 0 to 30 years, got" in err.problem


def test_a_reform_at_the_ends_of_the_range_is_taken_and_sweeps_are_checked() -> None:
    """The ends themselves are inside; a sweep through a value outside is refused before any row."""
    gd = skilleco.load_policy("gd-2025")
    for value in (0, 30, 4.5):
        assert gd.with_changes({WAIT: value}, label="x").parameter(WAIT).at(dt.date(2026, 1, 1)) == value
    with pytest.raises(PolicyFileError) as info:
        skilleco.sweep([W], "next_grade", parameter=WAIT, values=[4, 31], policy=gd, on="2026-11-21")
    assert info.value.key == WAIT and "got 31" in info.value.problem


def test_ranges_survive_pickling_and_reforms() -> None:
    """A reform keeps its base's ranges, and so does a reform sent to another process."""
    import pickle

    reform = skilleco.load_policy("gd-2025").with_changes({WAIT: 4}, label="wait 4")
    again = pickle.loads(pickle.dumps(reform))
    assert again.ranges == reform.ranges and WAIT in again.ranges
    with pytest.raises(PolicyFileError):
        again.with_changes({WAIT: 99}, label="x")


RANGED = PACK.replace(
    "[[occupations]]",
    '[parameters."occ.wait_years"]\nunit = "years"\nmin = 0\nmax = 10\ncitation = "test"\n'
    'provenance = "modelled"\nread_by = "nobody: a test"\nvalues = [{ value = 4 }]\n\n[[occupations]]',
)


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("max = 10", "max = -1", 'parameters."occ.wait_years".max', "expected max ≥ min"),
        (
            "values = [{ value = 4 }]",
            "values = [{ value = 11 }]",
            'parameters."occ.wait_years".values[0].value',
            "expected 0 to 10 years, got 11",
        ),
        (
            "values = [{ value = 4 }]",
            'values = [{ value = "x" }]',
            'parameters."occ.wait_years".min',
            "min and max apply to numbers",
        ),
        ("max = 10", 'max = "ten"', 'parameters."occ.wait_years".max', "expected an integer or a number"),
        ("max = 10", "max = true", 'parameters."occ.wait_years".max', "expected an integer or a number"),
        ("max = 10", "max = nan", 'parameters."occ.wait_years".max', "finite"),
        (
            '"t2023.technician.after_senior_years" = 3',
            '"t2023.technician.after_senior_years" = 31',
            'occupations[0].parameters."t2023.technician.after_senior_years"',
            "expected 0 to 30 years, got 31",
        ),
    ],
)
def test_a_pack_range_is_checked_where_it_is_read(old: str, new: str, key: str, problem: str) -> None:
    """min and max are numbers in order, on a parameter of numbers, and every value given (the pack's
    own, an occupation's override of an inherited one) lies within them: else PolicyFileError at the key."""
    text = RANGED.replace(old, new)
    assert text != RANGED
    with pytest.raises(PolicyFileError) as info:
        _with_pack(text)
    assert (info.value.file, info.value.key) == ("occ-test.toml", key)
    assert problem in info.value.problem


def test_a_pack_keeps_an_inherited_range_unless_it_states_its_own() -> None:
    """A pack's table for an inherited parameter keeps the parent's range (a value outside is refused);
    a table with its own min and max replaces it."""
    table = f'[parameters."{WAIT}"]\nunit = "years"\ncitation = "test"\nprovenance = "modelled"\n'
    outside = RANGED.replace("[[occupations]]", f"{table}values = [{{ value = 31 }}]\n\n[[occupations]]")
    with pytest.raises(PolicyFileError) as info:
        _with_pack(outside)
    assert info.value.key == f'parameters."{WAIT}".values[0].value' and "got 31" in info.value.problem
    own = RANGED.replace(
        "[[occupations]]", f"{table}min = 0\nmax = 40\nvalues = [{{ value = 31 }}]\n\n[[occupations]]"
    )
    policy = _with_pack(own)
    assert policy.ranges[WAIT].max == 40 and policy.ranges["occ.wait_years"].describe() == "0 to 10 years"
