"""Impossible records are bad input (issue 12, item 4): refused with the fields named, never answered.

The clause: grades.md, "Dates must be possible" — "a certificate, title, school record, work period,
competition or post dated before the person's birth (or a worker too young for the work recorded) is
bad input, refused with the fields named — never answered." Anniversaries are counted as time.md
says ("Anniversaries": 29 February plus N years is 28 February); the minimum working age is 16
(PRC Labour Law art.15; ``skilleco.models.plausible.MIN_WORKING_AGE``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import skilleco
from skilleco.exceptions import InputError
from skilleco.models import Chain, Worker, validate
from skilleco.models.plausible import MIN_WORKING_AGE, add_years, check_asked_on

BIRTH = "2000-05-10"
BEFORE = "2000-05-09"
"""The day before the birth."""
SIXTEENTH = "2016-05-10"
"""The 16th birthday."""
ON = "2026-11-21"
OCC = "6-18-02-04"


def person(**fields: Any) -> dict[str, Any]:
    """A worker born on BIRTH with complete records, plus ``fields``."""
    return {
        "id": "p",
        "birth_date": BIRTH,
        "records_complete": True,
        "occupation": {"code": OCC, "standard_edition": "t2023"},
        **fields,
    }


def refused(data: dict[str, Any]) -> InputError:
    """The InputError validating ``data`` as a worker raises."""
    with pytest.raises(InputError) as info:
        validate(Worker, data)
    return info.value


# Each record that must not be dated before the birth: (the field path named, the worker fields).
BEFORE_BIRTH = [
    ("certificates.0.issued_on", {"certificates": [{"level": "junior", "occupation_code": OCC, "issued_on": BEFORE}]}),
    ("prep_technician_certificates.0.issued_on", {"prep_technician_certificates": [{"occupation_code": OCC, "issued_on": BEFORE}]}),
    ("titles.0.obtained_on", {"titles": [{"level": "junior", "obtained_on": BEFORE}]}),
    ("education.0.enrolled_on", {"education": [{"school_kind": "technical_school", "enrolled_on": BEFORE}]}),
    ("education.0.graduated_on", {"education": [{"school_kind": "technical_school", "graduated_on": BEFORE}]}),
    ("education.0.expected_graduation", {"education": [{"school_kind": "technical_school", "expected_graduation": BEFORE}]}),
    ("work_periods.0.start", {"work_periods": [{"start": BEFORE}]}),
    ("competitions.0.on", {"competitions": [{"level": "national_final", "on": BEFORE}]}),
    ("competitions.0.promoted_on", {"competitions": [{"level": "tj_district", "on": "2020-01-01", "promoted_on": BEFORE}]}),
    ("contributions.0.on", {"contributions": [{"kind": "outstanding_mentoring", "on": BEFORE}]}),
    ("direct_recognitions.0.on", {"direct_recognitions": [{"grade": "senior", "on": BEFORE, "by": "ACME"}]}),
    ("posts.0.start", {"posts": [{"kind": "apprentice", "start": BEFORE}]}),
    ("apprenticeship.start", {"apprenticeship": {"occupation_code": OCC, "start": BEFORE}}),
    ("formal_trainings.0.completed_on", {"formal_trainings": [{"level": "junior", "occupation_code": OCC, "completed_on": BEFORE}]}),
]  # fmt: skip


@pytest.mark.parametrize(("field", "fields"), BEFORE_BIRTH, ids=[f for f, _ in BEFORE_BIRTH])
def test_a_record_dated_before_the_birth_is_refused_naming_the_field(
    field: str, fields: dict[str, Any]
) -> None:
    """grades.md, "Dates must be possible": a record dated the day before the birth is bad input,
    and the error names the field and the value."""
    error = refused(person(**fields))
    assert error.fields == (field,)
    assert error.errors[0]["input"] == dt.date.fromisoformat(BEFORE)
    assert error.errors[0]["type"] == "impossible_date" and BIRTH in error.errors[0]["msg"]


@pytest.mark.parametrize(("field", "fields"), BEFORE_BIRTH, ids=[f for f, _ in BEFORE_BIRTH])
def test_the_question_is_refused_too(field: str, fields: dict[str, Any]) -> None:
    """grades.md, "Dates must be possible": never answered — assess_grade raises, naming the field."""
    with pytest.raises(InputError) as info:
        skilleco.assess_grade(person(**fields), "senior", policy="cn-2025", on=ON)
    assert info.value.fields == (field,)


def test_several_problems_are_reported_together() -> None:
    """grades.md, "Dates must be possible": every impossible field is named in one error, nested
    paths and all, beside pydantic's own errors."""
    data = person(
        certificates=[
            {"level": "junior", "occupation_code": OCC, "issued_on": "2020-01-01"},
            {"level": "senior", "occupation_code": OCC, "issued_on": "1999-01-01"},
        ],
        work_periods=[{"start": "2010-01-01"}],
        titles=[{"level": "junior", "obtained_on": "1990-01-01"}],
    )
    assert refused(data).fields == (
        "work_periods.0.start",
        "certificates.1.issued_on",
        "titles.0.obtained_on",
    )


# --- the boundaries ----------------------------------------------------------------------------------


def test_a_record_dated_on_the_birth_day_is_possible_for_everything_but_work() -> None:
    """grades.md, "Dates must be possible": only a date *before* the birth is impossible; a school
    record, certificate or title dated on the birth day itself is accepted (odd, not impossible)."""
    fields: dict[str, Any] = {
        "certificates": [{"level": "junior", "occupation_code": OCC, "issued_on": BIRTH}],
        "titles": [{"level": "junior", "obtained_on": BIRTH}],
        "education": [{"school_kind": "technical_school", "enrolled_on": BIRTH}],
        "contributions": [{"kind": "outstanding_mentoring", "on": BIRTH}],
        # Formal training (正规培训) is schooling, not work: no age limit beyond the birth.
        "formal_trainings": [{"level": "junior", "occupation_code": OCC, "completed_on": BIRTH}],
    }
    assert validate(Worker, person(**fields)).birth_date == dt.date.fromisoformat(BIRTH)
    assert refused(person(work_periods=[{"start": BIRTH}])).fields == ("work_periods.0.start",)


WORK = [
    ("work_periods.0.start", lambda day: {"work_periods": [{"start": day}]}),
    ("apprenticeship.start", lambda day: {"apprenticeship": {"occupation_code": OCC, "start": day}}),
    ("posts.0.start", lambda day: {"posts": [{"kind": "apprentice", "start": day}]}),
    # Trainee work (见习) is work: standards.md's legacy route reads "连续见习工作".
    ("work_periods.0.start", lambda day: {"work_periods": [{"start": day, "kind": "trainee"}]}),
]


@pytest.mark.parametrize(("field", "make"), WORK, ids=["work", "apprenticeship", "post", "trainee_work"])
def test_work_starts_on_or_after_the_16th_birthday(field: str, make: Any) -> None:
    """grades.md, "Dates must be possible" ("a worker too young for the work recorded"), with the
    legal minimum working age 16: work starting the day before the 16th birthday is refused, on the
    birthday itself accepted (time.md, "Anniversaries": N full years hold on the anniversary)."""
    error = refused(person(**make("2016-05-09")))
    assert error.fields == (field,)
    assert SIXTEENTH in error.errors[0]["msg"] and "minimum working age" in error.errors[0]["msg"]
    assert validate(Worker, person(**make(SIXTEENTH))).birth_date is not None
    assert MIN_WORKING_AGE == 16


def test_born_on_29_february_works_from_28_february_sixteen_years_on() -> None:
    """time.md, "Anniversaries": 29 February plus 16 years lands on 28 February in a common year."""
    assert add_years(dt.date(2008, 2, 29), 16) == dt.date(2024, 2, 29)
    assert add_years(dt.date(2004, 2, 29), 16) == dt.date(2020, 2, 29)
    assert add_years(dt.date(2003, 2, 28), 16) == dt.date(2019, 2, 28)
    leap = {**person(), "birth_date": "2004-02-29"}
    assert refused({**leap, "work_periods": [{"start": "2020-02-28"}]}).fields == ("work_periods.0.start",)
    assert validate(Worker, {**leap, "work_periods": [{"start": "2020-02-29"}]})
    born_2005 = {**person(), "birth_date": "2005-02-28"}
    assert validate(Worker, {**born_2005, "work_periods": [{"start": "2021-02-28"}]})
    assert add_years(dt.date(2008, 2, 29), 15) == dt.date(2023, 2, 28)


def test_without_a_birth_date_nothing_is_checked() -> None:
    """With no birth date there is nothing to compare with: the records stand (time.md, "Missing
    dates": what is not given is unknown, never false)."""
    data = {k: v for k, v in person(work_periods=[{"start": "1950-01-01"}]).items() if k != "birth_date"}
    assert validate(Worker, data).work_periods is not None


# --- the date asked -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        lambda w, on: skilleco.assess_grade(w, "junior", policy="cn-2025", on=on),
        lambda w, on: skilleco.grade_profile(w, policy="cn-2025", on=on),
        lambda w, on: skilleco.assess_title_bridge(w, "assistant", policy="sd-2020", on=on),
        lambda w, on: skilleco.assess_apprenticeship(w, policy="cn-2025", on=on),
    ],
    ids=["assess_grade", "grade_profile", "assess_title_bridge", "assess_apprenticeship"],
)
def test_a_worker_born_after_the_date_asked_is_refused(ask: Any) -> None:
    """grades.md, "Dates must be possible" (issue 12: "a worker born in 2030 is told they may apply
    for 技师 in 2026"): a birth date after ``on`` is bad input naming ``birth_date``; asked on the
    birth day itself, the question is answered."""
    unborn = person(birth_date="2030-01-01")
    with pytest.raises(InputError) as info:
        ask(unborn, "2026-11-21")
    assert info.value.fields == ("birth_date",)
    assert info.value.errors[0]["input"] == dt.date(2030, 1, 1)
    ask(unborn, "2030-01-01")


def test_the_check_of_the_date_asked_names_every_field() -> None:
    """check_asked_on names each date after ``on`` (issue 12, item 4), and nothing else."""
    founders = [{k: v for k, v in m.items() if k != "joined_on"} for m in CHAIN["members"]]
    chain = validate(Chain, CHAIN | {"established_on": "2027-01-01", "members": founders})
    with pytest.raises(InputError) as info:
        check_asked_on(chain, dt.date(2026, 12, 31))
    assert (info.value.fields, info.value.model) == (("established_on",), "Chain")
    check_asked_on(chain, dt.date(2027, 1, 1))


# --- chains ---------------------------------------------------------------------------------------------

CHAIN: dict[str, Any] = {
    "id": "c1",
    "lead_id": "acme",
    "established_on": "2024-03-01",
    "members": [
        {"organisation": {"id": "acme", "kind": "enterprise"}},
        {"organisation": {"id": "school", "kind": "vocational_college"}, "joined_on": "2024-03-01"},
        {"organisation": {"id": "trainer", "kind": "training_institution"}, "joined_on": "2025-01-01"},
    ],
}


def test_a_member_joining_before_the_chain_was_established_is_refused() -> None:
    """Issue 12, item 4 (grades.md, "Dates must be possible", for chains): a member cannot join a
    chain before it exists; joining on the day it is established is fine. Every such member is named."""
    validate(Chain, CHAIN)
    early = [{**m, "joined_on": "2024-02-29"} if "joined_on" in m else m for m in CHAIN["members"]]
    with pytest.raises(InputError) as info:
        validate(Chain, {**CHAIN, "members": early})
    assert info.value.fields == ("members.1.joined_on", "members.2.joined_on")
    assert info.value.errors[0]["input"] == dt.date(2024, 2, 29)
    with pytest.raises(InputError) as through:
        skilleco.check_exits({**CHAIN, "members": early}, policy="gd-2025", on=ON)
    assert through.value.fields == info.value.fields


@pytest.mark.parametrize(
    "ask",
    [
        lambda c, on: skilleco.assess_chain_lead(c, policy="sz-2025", on=on),
        lambda c, on: skilleco.compare_editions(c, on=on),
        lambda c, on: skilleco.check_exits(c, policy="gd-2025", on=on),
    ],
    ids=["assess_chain_lead", "compare_editions", "check_exits"],
)
def test_a_chain_established_after_the_date_asked_is_refused(ask: Any) -> None:
    """Issue 12, item 4: a chain established after ``on`` is bad input naming ``established_on``;
    asked on the day it was established, the question is answered."""
    with pytest.raises(InputError) as info:
        ask(CHAIN, "2024-02-29")
    assert info.value.fields == ("established_on",)
    ask(CHAIN, "2024-03-01")


def test_a_population_row_with_an_impossible_record_is_a_row_error() -> None:
    """Through a population the refusal names the row and the field (grades.md, "Dates must be possible")."""
    rows = [person(id="ok"), person(id="bad", work_periods=[{"start": "2010-01-01"}])]
    with pytest.raises(skilleco.PopulationError) as info:
        skilleco.read_population(rows, kind="worker")
    assert "work_periods.0.start" in str(info.value)
