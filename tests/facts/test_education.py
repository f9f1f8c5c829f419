"""Schooling facts: the specialty settled by a standard's majors, degree routes, students (issue 13).

Sources: ``shared/policy/standards.md`` — lesson 3 (standards list their own and related majors,
本专业/相关专业), lesson 5 (degree routes), lesson 7 (current-year graduates: "含尚未取得毕业证书的在校应届
研究生毕业生"), lesson 8 ("高等院校本专业或相关专业在校生", any year of study); ``std-ldgx`` 三级(3)
"具有大学专科本专业或相关专业毕业证书", 三级(4) "具有大学本科本专业或相关专业学历证书", 三级(5) "具有硕士研究生
及以上本专业或相关专业学历证书（含尚未取得毕业证书的在校应届研究生毕业生）", 二级(5) "具有博士研究生本专业或相关
专业学历证书", 四级(3) "高等院校本专业或相关专业在校生"; ``time.md`` ("Current-year graduates").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from _workers import school, worker
from skilleco.facts import worker_facts
from skilleco.facts.relation import Kinship, major_key, specialty_related
from skilleco.models import Worker

LDGX = Kinship(
    own_only=False,
    majors=frozenset({"劳动与社会保障", "劳动经济学", "人力资源管理", "工商企业管理", "法学", "社会学"}),
)
"""std-ldgx's list of related majors (注 2)."""
ON = "2025-06-01"


def facts(*records: dict[str, Any], kinship: Kinship | None = LDGX, on: str = ON) -> dict[str, Any]:
    """The facts on ``on`` of a worker with these school records (complete records)."""
    w = Worker.model_validate(worker("t2018", education=list(records)))
    return worker_facts(w, dt.date.fromisoformat(on), kinship=kinship)


# --- 本专业或相关专业: a stated match wins, else the standard's majors ------------------------------------


@pytest.mark.parametrize(
    ("stated", "major", "kinship", "related"),
    [
        (True, "会计学", LDGX, True),  # stated: wins over a list that does not name the major
        (False, "法学", LDGX, False),  # stated: wins over a list that names it
        (None, "法学", LDGX, True),  # not stated: the list names the major
        (None, "会计学", LDGX, False),  # not stated: the list does not name it
        (None, None, LDGX, None),  # no major stated: nothing to read the list with
        (None, "法学", None, None),  # no standard on file: unknown, as before
        (None, "法学", Kinship(own_only=True), None),  # a standard with no list of majors
    ],
)
def test_the_specialty_is_stated_or_read_from_the_standards_majors(
    stated: bool | None, major: str | None, kinship: Kinship | None, related: bool | None
) -> None:
    """standards.md lesson 3 and issue 13 item 4 ("a stated specialty_match still wins over the
    standard's major lists"): the rule, and the same answer through an old fact (技工学校本专业) and a
    new one (大学本科本专业或相关专业)."""
    assert specialty_related(stated, major, kinship) is related
    fields = {"specialty_match": stated, "major": major, "graduated_on": "2020-07-01"}
    f = facts(school("technical_school", **fields), kinship=kinship)
    assert f["grad_technical_school_specialty"] is related
    g = facts(school("undergraduate", degree_level="bachelor", **fields), kinship=kinship)
    assert g["graduated_bachelor_related"] is related
    assert g["graduated_college_related"] is related


def test_majors_compare_without_width_spaces_or_a_trailing_zhuanye() -> None:
    """std-hg-2018 lists "金属热加工（焊接）" with full-width brackets; a record may write half-width ones,
    spaces, or "…专业". They are the same major."""
    welder = Kinship(own_only=True, majors=frozenset({"金属热加工（焊接）", "焊接技术应用"}))
    for written in ("金属热加工(焊接)", " 金属热加工 （焊接） ", "焊接技术应用专业"):
        assert specialty_related(None, written, welder) is True, written
    assert specialty_related(None, "焊接", welder) is False
    assert major_key("专业") == "专业"


def test_without_a_standard_todays_records_read_as_before() -> None:
    """Issue 13: today's inputs give the same answers — a record with no stated match and a major is
    unknown with no standard on file, as a record with no major was."""
    record = school("technical_school", graduated_on="2020-07-01", major="焊接技术应用")
    assert facts(record, kinship=None)["grad_technical_school_specialty"] is None
    bare = school("technical_school", graduated_on="2020-07-01", specialty_match=True)
    assert facts(bare, kinship=None)["grad_technical_school_specialty"] is True


@pytest.mark.parametrize(("major", "related"), [("劳动经济学", True), ("护理", False), (None, None)])
def test_the_assessed_vocational_routes_in_the_specialty(major: str | None, related: bool | None) -> None:
    """std-dg-2018 四级(3) "以中级技能为培养目标的中等及以上职业学校本专业或相关专业毕业证书" and 三级(2)
    "以高级技能为培养目标的高等职业学校本专业或相关专业毕业证书": the real standards add the specialty the
    template facts leave out; the ``…_related`` facts read it, the template facts stay as they were."""
    fields = {"assessed": True, "graduated_on": "2020-07-01", "major": major}
    mid = facts(school("secondary_vocational", training_target="intermediate", **fields))
    assert mid["grad_assessed_vocational_intermediate"] is True
    assert mid["grad_assessed_vocational_intermediate_related"] is related
    high = facts(school("higher_vocational", training_target="advanced", **fields))
    assert high["grad_assessed_higher_vocational_advanced"] is True
    assert high["grad_assessed_higher_vocational_advanced_related"] is related


# --- degree routes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "holds"), [("2019-06-30", False), ("2019-07-01", True)])
def test_a_bachelors_degree_counts_from_the_graduation_day(on: str, holds: bool) -> None:
    """std-ldgx 三级(4) "具有大学本科…学历证书": held from the graduation day (2019-07-01), not the day
    before; the route says 具有 (holds), so an enrolled final-year student does not count."""
    record = school(
        "undergraduate", major="劳动与社会保障", enrolled_on="2015-09-01", graduated_on="2019-07-01"
    )
    assert facts(record, on=on)["graduated_bachelor_related"] is holds
    final_year = school(
        "undergraduate", major="法学", enrolled_on="2015-09-01", expected_graduation="2019-07-01"
    )
    assert facts(final_year, on="2019-03-01")["graduated_bachelor_related"] is False


@pytest.mark.parametrize(
    ("record", "junior_college", "bachelor", "master_or_above", "doctor"),
    [
        (school("junior_college"), True, False, False, False),  # 大专 gives only 专科
        (school("higher_vocational"), None, None, False, False),  # 高职: 专科 or 职业本科
        (school("higher_vocational", degree_level="bachelor"), False, True, False, False),
        (school("undergraduate"), False, True, False, False),
        (school("postgraduate"), False, False, True, None),  # 硕士 or 博士: either is 硕士及以上
        (school("postgraduate", degree_level="master"), False, False, True, False),
        (school("postgraduate", degree_level="doctor"), False, False, True, True),
        (school("technical_school"), False, False, False, False),  # no degree at all
    ],
)
def test_each_degree_route_names_its_level(
    record: dict[str, Any],
    junior_college: bool | None,
    bachelor: bool | None,
    master_or_above: bool | None,
    doctor: bool | None,
) -> None:
    """standards.md lesson 5: 大学专科, 大学本科, 博士研究生 name a level exactly; 硕士研究生及以上 takes a
    doctor too. A degree not stated is read from the school kind where it gives one level only."""
    f = facts({**record, "specialty_match": True, "graduated_on": "2020-07-01"})
    assert f["graduated_junior_college_related"] is junior_college
    assert f["graduated_bachelor_related"] is bachelor
    assert f["grad_master_or_above_related"] is master_or_above
    assert f["graduated_doctor_related"] is doctor


@pytest.mark.parametrize(
    ("expected", "holds"),
    [("2025-07-01", True), ("2026-07-01", False)],
)
def test_a_current_year_postgraduate_counts_for_the_masters_route_only(expected: str, holds: bool) -> None:
    """std-ldgx 三级(5) "含尚未取得毕业证书的在校应届研究生毕业生" (time.md, Current-year graduates: expected
    to graduate in the calendar year of ``on``); 二级(5) 博士 says 具有 (holds): not yet."""
    record = school("postgraduate", degree_level="doctor", major="社会学", enrolled_on="2021-09-01")
    f = facts({**record, "expected_graduation": expected})
    assert f["grad_master_or_above_related"] is holds
    assert f["graduated_doctor_related"] is False


# --- students (在校生) -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("on", "student"), [("2024-08-31", False), ("2024-09-01", True)])
def test_a_student_in_any_year_from_the_enrolment_day(on: str, student: bool) -> None:
    """std-ldgx 四级(3) "高等院校本专业或相关专业在校生": a first-year student counts from the enrolment
    day; being three years from graduating, they are not a current-year graduate."""
    record = school(
        "undergraduate", major="人力资源管理", enrolled_on="2024-09-01", expected_graduation="2028-07-01"
    )
    f = facts(record, on=on)
    assert f["student_higher_ed_related"] is student
    assert f["grad_vocational_or_college_specialty"] is False


def test_a_graduate_is_no_longer_a_student() -> None:
    """在校生 and 毕业生 are told apart: graduated on 2025-06-01, a student the day before, not on it."""
    record = school("junior_college", major="劳动经济学", enrolled_on="2022-09-01", graduated_on="2025-06-01")
    assert facts(record, on="2025-05-31")["student_higher_ed_related"] is True
    after = facts(record, on="2025-06-01")
    assert after["student_higher_ed_related"] is False
    assert after["graduated_junior_college_related"] is True


@pytest.mark.parametrize(
    ("record", "student"),
    [
        # expected to graduate before the date asked, no graduation recorded: may have graduated
        (
            school(
                "undergraduate",
                specialty_match=True,
                enrolled_on="2019-09-01",
                expected_graduation="2023-07-01",
            ),
            None,
        ),
        # no enrolment date: whether they were enrolled by the date asked is not stated
        (school("postgraduate", specialty_match=True, expected_graduation="2027-07-01"), None),
        # not higher education: a technician college's student is no 高等院校在校生
        (school("technician_college", specialty_match=True, enrolled_on="2024-09-01"), False),
        # a student in another specialty
        (school("higher_vocational", major="护理", enrolled_on="2024-09-01"), False),
    ],
)
def test_what_leaves_a_student_unknown_or_not(record: dict[str, Any], student: bool | None) -> None:
    """time.md, Missing dates: what is not stated is unknown, never false."""
    assert facts(record)["student_higher_ed_related"] is student


def test_schooling_not_stated_is_unknown() -> None:
    """Left out, every schooling fact is unknown; stated none, every one is false."""
    w = Worker.model_validate({"id": "u", "occupation": {"code": "x"}})
    f = worker_facts(w, dt.date(2025, 6, 1), kinship=LDGX)
    assert f["graduated_bachelor_related"] is None and f["student_higher_ed_related"] is None
    none = facts()
    assert none["graduated_bachelor_related"] is False and none["student_higher_ed_related"] is False
