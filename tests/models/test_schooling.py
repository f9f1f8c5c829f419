"""The fields issue 13 (item 4) adds to a worker: degree level and major, formal trainings, trainee work.

Sources: ``shared/policy/standards.md`` (lesson 5, degree routes: 大学专科, 大学本科, 硕士研究生, 博士研究生;
lesson 6, the legacy edition: 正规培训…取得结业证书, 连续见习工作; lesson 8, 高等院校在校生). Every new field
is optional, left out it is "not stated", and inputs without them read as before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from skilleco.exceptions import InputError
from skilleco.models import Education, FormalTraining, Worker, WorkPeriod, validate
from skilleco.models.schooling import DEGREE_LEVELS

OCC = "6-18-02-04"


def person(**fields: Any) -> dict[str, Any]:
    """A worker in OCC, plus ``fields``."""
    return {"id": "p", "occupation": {"code": OCC}, **fields}


# --- degree level and major ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        ("junior_college", "junior_college"),  # 大学专科
        ("higher_vocational", "junior_college"),  # 高职专科
        ("higher_vocational", "bachelor"),  # 职业本科
        ("undergraduate", "bachelor"),  # 大学本科
        ("postgraduate", "master"),  # 硕士研究生
        ("postgraduate", "doctor"),  # 博士研究生
    ],
)
def test_a_higher_education_record_states_the_degree_it_gives(kind: str, level: str) -> None:
    """standards.md lesson 5: routes name the degree (专科, 本科, 硕士, 博士); a record states it."""
    e = validate(Education, {"school_kind": kind, "degree_level": level, "major": "劳动与社会保障"})
    assert (e.degree_level, e.major) == (level, "劳动与社会保障")
    assert level in DEGREE_LEVELS[kind]


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        ("technical_school", "junior_college"),
        ("technician_college", "bachelor"),
        ("secondary_vocational", "junior_college"),
        ("junior_college", "bachelor"),
        ("undergraduate", "master"),
        ("postgraduate", "bachelor"),
    ],
)
def test_a_degree_the_school_kind_does_not_give_is_refused(kind: str, level: str) -> None:
    """A technical school gives no degree; a 专科 record no 本科: the contradiction is bad input,
    named at the record."""
    with pytest.raises(InputError) as info:
        validate(Worker, person(education=[{"school_kind": kind, "degree_level": level}]))
    assert info.value.fields == ("education.0",)
    assert repr(level) in info.value.errors[0]["msg"]


def test_an_unknown_degree_level_is_refused_by_name() -> None:
    """Only the four levels exist (专科, 本科, 硕士, 博士)."""
    with pytest.raises(InputError) as info:
        validate(Worker, person(education=[{"school_kind": "postgraduate", "degree_level": "phd"}]))
    assert info.value.fields == ("education.0.degree_level",)


def test_degree_level_and_major_left_out_are_not_stated() -> None:
    """A record written before issue 13 reads as before: degree and major unknown (``None``)."""
    e = validate(Education, {"school_kind": "undergraduate", "graduated_on": "2015-07-01"})
    assert e.degree_level is None and e.major is None
    with pytest.raises(InputError):
        validate(Education, {"school_kind": "undergraduate", "major": ""})


# --- formal training ----------------------------------------------------------------------------------


def test_a_formal_training_is_a_certificate_level_in_an_occupation_on_a_date() -> None:
    """standards.md, std-qg-legacy 中级(1): "经本职业中级正规培训达规定标准学时数，并取得结业证书":
    the level trained for (any spelling of a certificate level), the occupation, the completion date."""
    t = validate(FormalTraining, {"level": "四级", "occupation_code": OCC, "completed_on": "2020年3月5日"})
    assert (t.level, t.occupation_code, t.completed_on) == ("intermediate", OCC, dt.date(2020, 3, 5))
    for bad in ({"level": "apprentice"}, {"level": "special_technician"}, {"completed_on": None}):
        with pytest.raises(InputError):
            validate(
                FormalTraining,
                {"level": "junior", "occupation_code": OCC, "completed_on": "2020-01-01", **bad},
            )


def test_formal_trainings_left_out_are_not_stated_and_complete_records_make_them_none() -> None:
    """Like every list on a worker: left out is "not stated"; with ``records_complete`` it is "none"."""
    assert validate(Worker, person()).formal_trainings is None
    assert validate(Worker, person(records_complete=True)).formal_trainings == []
    given = [{"level": "junior", "occupation_code": OCC, "completed_on": "2020-01-01"}]
    assert validate(Worker, person(records_complete=True, formal_trainings=given)).formal_trainings == [
        FormalTraining(level="junior", occupation_code=OCC, completed_on=dt.date(2020, 1, 1))
    ]


# --- trainee work -------------------------------------------------------------------------------------


def test_a_work_period_is_work_unless_it_says_trainee() -> None:
    """standards.md, std-qg-legacy 初级(2) "在本职业连续见习工作2年以上": trainee work (见习) is a kind of
    period; a period that says nothing is work, as every period was before."""
    assert validate(WorkPeriod, {"start": "2020-01-01"}).kind == "work"
    assert validate(WorkPeriod, {"start": "2020-01-01", "kind": "trainee"}).kind == "trainee"
    with pytest.raises(InputError) as info:
        validate(Worker, person(work_periods=[{"start": "2020-01-01", "kind": "intern"}]))
    assert info.value.fields == ("work_periods.0.kind",)
