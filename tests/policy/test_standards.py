"""Occupational standards as data (issue 13; ``shared/policy/standards.md``): the file format, the
shipped standards, and a policy judging each occupation by its standard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import skilleco
from skilleco.exceptions import PolicyFileError
from skilleco.policy.standards import (
    Standard,
    load_standard_file,
    read_standard,
    shipped_standards,
    with_standards,
)

ELECTRICIAN = "6-31-01-03"
WELDER = "6-18-02-04"
INFANT_CARER = "4-10-01-02"
AI_TRAINER = "4-04-05-05"
ON = "2025-06-01"

POLICY = with_standards(skilleco.load_policy("cn-2025"), shipped_standards())


def person(code: str, **fields: Any) -> dict[str, Any]:
    """A worker in occupation ``code`` with complete records (the stated edition is t2023)."""
    return {
        "id": "p",
        "records_complete": True,
        "birth_date": "1985-01-01",
        "occupation": {"code": code, "standard_edition": "t2023"},
        **fields,
    }


def work(start: str, end: str | None = None, code: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"start": start}
    if end is not None:
        out["end"] = end
    if code is not None:
        out["occupation_code"] = code
    return out


# --- the shipped standards ---------------------------------------------------------------------------


def test_the_shipped_standards_are_secondary_and_say_where_their_code_comes_from() -> None:
    """standards.md: third-party verbatim copies, tagged secondary; the occupation codes are not in the
    reference, so each says whether it was read from a copy of the standard or looked up (modelled)."""
    shipped = shipped_standards()
    assert set(shipped) == {ELECTRICIAN, WELDER, INFANT_CARER, AI_TRAINER, "4-07-03-02", "qg-legacy"}
    assert {s.provenance for s in shipped.values()} == {"secondary"}
    assert shipped[AI_TRAINER].code_provenance == "secondary"
    assert shipped[ELECTRICIAN].code_provenance == "modelled"
    assert shipped[AI_TRAINER].kinship.trades == frozenset({"数据标注员", "人工智能算法测试员"})
    assert shipped[INFANT_CARER].levels == ("junior", "intermediate", "senior")


def test_electrician_counts_only_its_own_occupation() -> None:
    """std-dg-2018 四级(2) "累计从事本职业工作6年(含)以上" (its 相关职业 field is blank): five years as a
    welder and a year as an electrician are one year of work, not six — no, not unknown."""
    w = person(ELECTRICIAN, work_periods=[work("2018-06-01", "2023-05-31", WELDER), work("2023-06-01")])
    d = skilleco.assess_grade(w, "intermediate", policy=POLICY, on=ON)
    assert (d.ruleset_id, d.status, d.standard_id) == (
        "grade.t2018.intermediate",
        "ineligible",
        "std-dg-2018",
    )
    assert d.finding("grade.t2018.intermediate.worked").status == "no"
    template = skilleco.assess_grade(w, "intermediate", policy="cn-2025", on=ON)
    assert (template.status, template.standard_id) == ("undetermined", None)
    assert "work_relation_known" in template.missing_facts


def test_electrician_six_years_of_its_own_work_on_the_day_and_not_the_day_before() -> None:
    """std-dg-2018 四级(2): six years of electrician's work, from 2019-06-01."""
    w = person(ELECTRICIAN, work_periods=[work("2019-06-01")])
    assert skilleco.assess_grade(w, "intermediate", policy=POLICY, on="2025-05-31").status == "ineligible"
    assert skilleco.assess_grade(w, "intermediate", policy=POLICY, on="2025-06-01").status == "eligible"


def test_the_standard_replaces_the_template_the_record_states() -> None:
    """A worker is judged by their occupation's standard: t2018 wording for the welder, whatever the
    record says (std-hg-2018)."""
    d = skilleco.assess_grade(
        person(WELDER, work_periods=[work("2020-01-01")]), "intermediate", policy=POLICY, on=ON
    )
    assert d.ruleset_id == "grade.t2018.intermediate" and d.standard_id == "std-hg-2018"


def test_infant_carer_ends_at_senior_and_its_related_occupations_are_known_by_name_only() -> None:
    """std-yyy-2019: levels 五级 to 三级; related occupations listed by name (no codes in the reference),
    so work in another stated occupation is unknown, never dropped."""
    w = person(INFANT_CARER, work_periods=[work("2023-01-01", code="4-10-01-03")])
    profile = skilleco.grade_profile(w, policy=POLICY, on=ON)
    assert [d.target for d in profile.decisions] == ["junior", "intermediate", "senior"]
    junior = profile.decisions[0]
    assert junior.status == "undetermined" and "work_relation_known" in junior.missing_facts
    with pytest.raises(skilleco.InputError) as err:
        skilleco.assess_grade(w, "technician", policy=POLICY, on=ON)
    assert err.value.errors[0]["type"] == "no_level"


def test_a_decision_names_the_standard_in_its_text() -> None:
    """Issue 13: a decision names the standard it used."""
    d = skilleco.assess_grade(
        person(WELDER, work_periods=[work("2020-01-01")]), "junior", policy=POLICY, on=ON
    )
    assert "std-hg-2018" in d.text("en") and "std-hg-2018" in d.text("zh")
    assert skilleco.Decision.from_json(d.to_json()).standard_id == "std-hg-2018"


# --- a user's own standard ---------------------------------------------------------------------------

OWN = """
[standard]
id = "std-demo"
occupation_code = "9-99-99-99"
occupation_name = "示例职业"
edition = "t2018"
levels = ["intermediate", "senior", "technician", "senior_technician"]
related_count = true
provenance = "secondary"
related_occupations = [{ name = "示例相关职业", code = "9-99-99-98" }]
drop_routes = ["grade.t2018.intermediate.after_junior"]

[parameters]
"t2018.intermediate.worked_years" = 4

[[routes]]
id = "grade.std-demo.intermediate.bachelor"
target = "intermediate"
title_zh = "本科本专业毕业"
title_en = "Bachelor's graduate in the specialty"
citation = "std-demo 四级(3)"
provenance = "secondary"
when = "graduated_college_related"
"""


def test_a_users_standard_changes_thresholds_drops_and_adds_routes(tmp_path: Path) -> None:
    """standards.md, "What the library must let a user do": thresholds, routes removed and added, and
    related occupations with codes (then any other occupation is settled: it does not count)."""
    path = tmp_path / "std-demo.toml"
    path.write_text(OWN, encoding="utf-8")
    std = load_standard_file(path)
    pol = with_standards(skilleco.load_policy("cn-2025"), [std])
    w = person(
        "9-99-99-99", work_periods=[work("2021-06-01", "2023-05-31", "9-99-99-98"), work("2023-06-01")]
    )
    d = skilleco.assess_grade(w, "intermediate", policy=pol, on="2025-06-01")
    assert d.status == "eligible" and d.deciding == ("grade.t2018.intermediate.worked",)
    assert "grade.t2018.intermediate.after_junior" not in {f.rule_id for f in d.findings}
    assert "grade.std-demo.intermediate.bachelor" in {f.rule_id for f in d.findings}
    other = person(
        "9-99-99-99", work_periods=[work("2021-06-01", "2023-05-31", "1-11-11-11"), work("2023-06-01")]
    )
    assert skilleco.assess_grade(other, "intermediate", policy=pol, on="2025-06-01").status == "ineligible"


# --- broken standard files ---------------------------------------------------------------------------


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BROKEN = [
    ("not TOML", "[standard\n", "not_toml"),
    ("unknown key", _with(OWN, 'edition = "t2018"', 'editon = "t2018"\nedition = "t2018"'), "unknown_key"),
    ("unknown top key", OWN + "\n[routez]\n", "unknown_key"),
    (
        "missing key",
        _with(OWN, 'provenance = "secondary"\nrelated_occupations', "related_occupations"),
        "missing_key",
    ),
    ("bad edition", _with(OWN, 'edition = "t2018"', 'edition = "t2019"'), "bad_value"),
    ("bad level", _with(OWN, '"intermediate", "senior"', '"intermediat", "senior"'), "bad_value"),
    ("levels out of order", _with(OWN, '"intermediate", "senior"', '"senior", "intermediate"'), "bad_value"),
    (
        "bad provenance",
        _with(OWN, 'provenance = "secondary"\nrelated', 'provenance = "official"\nrelated'),
        "bad_value",
    ),
    ("bad id", _with(OWN, 'id = "std-demo"', 'id = "STD Demo"'), "bad_id"),
    ("bad type", _with(OWN, "related_count = true", 'related_count = "yes"'), "bad_type"),
    (
        "date with a time",
        _with(
            OWN,
            'occupation_name = "示例职业"',
            'occupation_name = "示例职业"\nissued_on = 2018-12-26T10:00:00',
        ),
        "bad_date",
    ),
    ("route target not a level", _with(OWN, 'target = "intermediate"', 'target = "junior"'), "bad_value"),
    (
        "route condition",
        _with(OWN, 'when = "graduated_college_related"', 'when = "graduated_college_related and"'),
        "bad_condition",
    ),
    (
        "related occupation without a name",
        _with(OWN, '{ name = "示例相关职业", code', "{ code"),
        "missing_key",
    ),
    ("too large", OWN + "#" * 1_000_001, "too_large"),
]


@pytest.mark.parametrize(("text", "reason"), [pytest.param(t, r, id=i) for i, t, r in BROKEN])
def test_a_broken_standard_file_gives_its_error_code(text: str, reason: str) -> None:
    """Each broken file is refused with a typed error naming its reason (docs/reference/errors.md)."""
    with pytest.raises(PolicyFileError) as err:
        read_standard("std-demo.toml", text.encode("utf-8"))
    assert err.value.reason == reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            ('"t2018.intermediate.worked_years" = 4', '"t2018.intermediate.workd_years" = 4'),
            "unknown_parameter",
            id="unknown-parameter",
        ),
        pytest.param(
            ('drop_routes = ["grade.t2018.intermediate.after_junior"]', 'drop_routes = ["grade.t2018.nope"]'),
            "unknown_rule",
            id="unknown-route-dropped",
        ),
        pytest.param(
            ('when = "graduated_college_related"', 'when = "graduated_colege_related"'),
            "unknown_fact",
            id="unknown-fact",
        ),
    ],
)
def test_a_standard_that_does_not_fit_the_policy_is_refused(change: tuple[str, str], reason: str) -> None:
    """A standard naming a parameter, route or fact the policy does not have is refused when applied."""
    std = read_standard("std-demo.toml", _with(OWN, *change).encode("utf-8"))
    with pytest.raises(PolicyFileError) as err:
        with_standards(skilleco.load_policy("cn-2025"), [std])
    assert err.value.reason == reason


def test_two_standards_for_one_occupation_are_refused() -> None:
    """One occupation, one standard."""
    std: Standard = read_standard("a.toml", OWN.encode("utf-8"))
    with pytest.raises(PolicyFileError) as err:
        with_standards(skilleco.load_policy("cn-2025"), [std, std])
    assert err.value.reason == "duplicate_occupation"


def test_standards_inside_a_policy_directory_are_applied(tmp_path: Path) -> None:
    """Issue 13 item 3: standards inside a policy pack directory (its ``standards/`` folder)."""
    (tmp_path / "my-cn.toml").write_text(
        '[policy]\nid = "my-cn"\nparent = "cn-2025"\njurisdiction = "cn"\ntitle_zh = "我的"\ntitle_en = "Mine"\n',
        encoding="utf-8",
    )
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "std-demo.toml").write_text(OWN, encoding="utf-8")
    pol = skilleco.load_policy_file(tmp_path)
    w = person("9-99-99-99", work_periods=[work("2021-06-01")])
    d = skilleco.assess_grade(w, "intermediate", policy=pol, on="2025-06-01")
    assert (d.policy_id, d.standard_id, d.status) == ("my-cn", "std-demo", "eligible")
    (tmp_path / "standards" / "broken.toml").write_text("[standard\n", encoding="utf-8")
    with pytest.raises(PolicyFileError) as err:
        skilleco.load_policy_file(tmp_path)
    assert err.value.reason == "not_toml"


def test_columnar_and_scalar_agree_under_standards() -> None:
    """Issue 13 item 6: a population with mixed occupations is judged per occupation, by its standard,
    on the columnar path as on the scalar one (status and grade asked, row for row)."""
    pytest.importorskip("polars")
    import datetime as dt

    from hypothesis import given, settings
    from hypothesis import strategies as st

    import skilleco.columnar as columnar
    from skilleco.models import Worker
    from skilleco.questions.grades import next_grade_decision
    from skilleco.testing import worker_dicts

    on = dt.date(2026, 11, 21)
    codes = st.sampled_from([ELECTRICIAN, WELDER, INFANT_CARER, AI_TRAINER, "9-99-99-99"])

    @settings(max_examples=60, database=None, deadline=None)
    @given(st.lists(worker_dicts(occupation_code=codes), min_size=1, max_size=4, unique_by=lambda w: w["id"]))
    def agree(people: list[dict[str, Any]]) -> None:
        frame = columnar.facts_frame(people, "next_grade", on=on, policy=POLICY)
        rows = columnar.evaluate(frame, "next_grade", policy=POLICY, on=on).to_dicts()
        for p, row in zip(people, rows, strict=True):
            _, d = next_grade_decision(Worker.model_validate(p), POLICY, on, with_earliest=False)
            expected = ("not_applicable", None) if d is None else (d.status, d.target)
            assert (row["status"], row["target"]) == expected

    agree()


# --- the labour-relations coordinator: starts at 四级, degree and student routes ----------------------

LDGX = "4-07-03-02"


def graduate(level: str, major: str, graduated_on: str | None = None, **fields: Any) -> dict[str, Any]:
    """A university record with a degree level and a major (no stated specialty match)."""
    kind = {"junior_college": "junior_college", "bachelor": "undergraduate"}.get(level, "postgraduate")
    out: dict[str, Any] = {
        "school_kind": kind,
        "degree_level": level,
        "major": major,
        "enrolled_on": "2015-09-01",
    }
    if graduated_on is not None:
        out["graduated_on"] = graduated_on
    return {**out, **fields}


@pytest.mark.parametrize(
    ("target", "fields", "route", "clause"),
    [
        pytest.param(
            "intermediate",
            {"work_periods": [work("2021-06-01")]},
            "grade.t2018.intermediate.worked",
            "累计从事本职业或相关职业工作4年（含）以上",
            id="4级(1)-four-years",
        ),
        pytest.param(
            "intermediate",
            {"education": [graduate("bachelor", "法学", expected_graduation="2027-07-01")]},
            "grade.std-ldgx.intermediate.student",
            "高等院校本专业或相关专业在校生",
            id="4级(3)-student",
        ),
        pytest.param(
            "senior",
            {"education": [graduate("master", "社会学", "2025-01-10")]},
            "grade.std-ldgx.senior.master",
            "具有硕士研究生及以上本专业或相关专业学历证书",
            id="3级(5)-master",
        ),
        pytest.param(
            "senior",
            {
                "education": [graduate("bachelor", "劳动与社会保障", "2019-07-01")],
                "certificates": [
                    {"level": "intermediate", "occupation_code": LDGX, "issued_on": "2024-06-01"}
                ],
                "work_periods": [work("2024-06-01")],
            },
            "grade.std-ldgx.senior.bachelor",
            "累计从事本职业或相关职业工作1年（含）以上",
            id="3级(4)-bachelor",
        ),
        pytest.param(
            "technician",
            {
                "education": [graduate("doctor", "劳动经济学", "2022-07-01")],
                "work_periods": [work("2023-06-01")],
            },
            "grade.std-ldgx.technician.doctor",
            "具有博士研究生本专业或相关专业学历证书",
            id="2级(5)-doctor",
        ),
    ],
)
def test_labour_relations_coordinator_routes(
    target: str, fields: dict[str, Any], route: str, clause: str
) -> None:
    """std-ldgx: each route holds alone on the day (2025-06-01) and the clause is the standard's."""
    text = Path(__file__).resolve().parents[3] / "shared/policy/standards.md"
    if text.exists():
        assert clause in "".join(text.read_text(encoding="utf-8").split())  # lines wrap mid-clause
    d = skilleco.assess_grade(person(LDGX, **fields), target, policy=POLICY, on=ON)
    assert (d.status, d.deciding, d.standard_id) == ("eligible", (route,), "std-ldgx")


def test_labour_relations_coordinator_a_major_not_listed_and_no_junior_level() -> None:
    """std-ldgx 注2: the related majors are listed; a stated major outside the list is not related,
    and the occupation has no 五级 (its levels start at 四级)."""
    d = skilleco.assess_grade(
        person(LDGX, education=[graduate("master", "机械工程", "2025-01-10")]), "senior", policy=POLICY, on=ON
    )
    assert d.status == "ineligible"
    with pytest.raises(skilleco.InputError):
        skilleco.assess_grade(person(LDGX), "junior", policy=POLICY, on=ON)
    d = skilleco.assess_grade(
        person(LDGX, work_periods=[work("2021-06-02")]), "intermediate", policy=POLICY, on=ON
    )
    assert (d.status, d.earliest_date) == ("ineligible", __import__("datetime").date(2025, 6, 2))


# --- the fitter: the legacy edition, continuous work -----------------------------------------------


def test_fitter_legacy_continuous_work_after_the_junior_certificate() -> None:
    """std-qg-legacy 中级(2) "取得本职业初级职业资格证书后，连续从事本职业工作5年以上": a change of employer
    without a break keeps the stretch; a day off starts it again."""
    cert = [{"level": "junior", "occupation_code": "qg-legacy", "issued_on": "2018-03-01"}]
    touching = person(
        "qg-legacy", certificates=cert, work_periods=[work("2018-03-01", "2020-12-31"), work("2021-01-01")]
    )
    d = skilleco.assess_grade(touching, "intermediate", policy=POLICY, on="2023-03-01")
    assert (d.ruleset_id, d.status, d.deciding) == (
        "grade.legacy.intermediate",
        "eligible",
        ("grade.legacy.intermediate.after_junior",),
    )
    assert (
        skilleco.assess_grade(touching, "intermediate", policy=POLICY, on="2023-02-28").status == "ineligible"
    )
    broken = person(
        "qg-legacy", certificates=cert, work_periods=[work("2018-03-01", "2020-12-30"), work("2021-01-01")]
    )
    d = skilleco.assess_grade(broken, "intermediate", policy=POLICY, on="2023-03-01")
    assert (d.status, str(d.earliest_date)) == ("ineligible", "2026-01-01")


def test_the_legacy_shape_without_a_standard_leaves_its_steps_unknown() -> None:
    """standards.md: the legacy edition gives only the shape; its steps are each standard's, so a
    legacy occupation with no standard on file cannot be decided on a waiting route."""
    w = person(
        "9-00-00-00",
        occupation={"code": "9-00-00-00", "standard_edition": "legacy"},
        work_periods=[work("2010-01-01")],
    )
    d = skilleco.assess_grade(w, "intermediate", policy="cn-2025", on=ON)
    assert d.ruleset_id == "grade.legacy.intermediate"
    assert d.finding("grade.legacy.intermediate.worked").status == "unknown"


def test_a_reform_of_one_standards_threshold_flips_only_that_occupation() -> None:
    """Issue 13 item 6: a reform can change one standard's thresholds; compare sees who flips."""
    ldgx = shipped_standards()[LDGX]
    reform = with_standards(POLICY, [ldgx.with_changes({"t2018.intermediate.worked_years": 3})])
    three_years = [
        person(LDGX, id="l", work_periods=[work("2022-05-01")]),
        person(INFANT_CARER, id="y", work_periods=[work("2022-05-01")]),
    ]
    c = skilleco.compare(three_years, "grade:intermediate", baseline=POLICY, reform=reform, on=ON)
    assert (c.count("eligible").baseline_rows, c.count("eligible").reform_rows) == (0, 1)
    assert {(f.subject_id, f.before, f.after) for f in c.flips} == {("l", "ineligible", "eligible")}


@pytest.mark.parametrize(
    ("school", "major", "related"),
    [
        ("secondary_vocational", "护理", True),  # 中职's list
        ("secondary_vocational", "预防医学", False),  # listed for 高职高专 only: not related at 中职
        ("higher_vocational", "预防医学", True),
        ("undergraduate", "护理学", True),
        ("undergraduate", "学前教育", True),  # 本专业, every level
    ],
)
def test_infant_carer_majors_by_school_level(school: str, major: str, related: bool) -> None:
    """std-yyy-2019 注2–3: the related majors are listed per school level (中职, 高职高专, 普通高校)."""
    from skilleco.facts.relation import specialty_related

    kinship = shipped_standards()[INFANT_CARER].kinship
    assert specialty_related(None, major, kinship, school) is related
