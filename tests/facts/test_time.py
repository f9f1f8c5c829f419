"""Counting time exactly as shared/policy/time.md says, through the helpers and through decisions."""

from __future__ import annotations

import datetime as dt

import pytest

import skilleco
from skilleco.exceptions import InputError, InvalidDateError
from skilleco.facts import time as _time
from skilleco.models.dates import read_date

D = dt.date
OCC = "6-18-02-04"


def worker(**fields: object) -> dict[str, object]:
    """A t2023 worker with complete records, plus the given fields."""
    base: dict[str, object] = {
        "id": "t",
        "records_complete": True,
        "occupation": {"code": OCC, "standard_edition": "t2023", "has_senior_technician": True},
    }
    base.update(fields)
    return base


def cert(level: str, issued_on: str | None) -> dict[str, object]:
    """A certificate in the worker's occupation."""
    return {"level": level, "occupation_code": OCC, "issued_on": issued_on}


# --- anniversaries -------------------------------------------------------------------------------


def test_anniversary_holds_on_the_day_not_the_day_before() -> None:
    """grade.t2023.technician.after_senior: with work without a break from the certificate's date
    (2020-03-15), 5 years (60 whole months) of work after it are reached on 2025-03-15, not the 14th (59
    months): the work-month boundary and the anniversary coincide (time.md, "Work after a date")."""
    w = worker(certificates=[cert("senior", "2020-03-15")], work_periods=[{"start": "2020-03-15"}])
    before = skilleco.assess_grade(w, "technician", policy="cn-2025", on="2025-03-14")
    on_day = skilleco.assess_grade(w, "technician", policy="cn-2025", on="2025-03-15")
    assert before.status == "ineligible"
    assert before.finding("grade.t2023.technician.after_senior").status == "no"
    assert before.earliest_date == D(2025, 3, 15)
    assert on_day.status == "eligible"
    assert on_day.deciding == ("grade.t2023.technician.after_senior",)


def test_29_february_plus_years_lands_on_28_february() -> None:
    """grade.t2023.technician.after_senior: a certificate of 2020-02-29, with work from that day on,
    reaches 5 years (60 whole months) of work after it on 2025-02-28, the day 29 February plus 5 years
    lands on."""
    w = worker(certificates=[cert("senior", "2020-02-29")], work_periods=[{"start": "2020-02-29"}])
    assert skilleco.assess_grade(w, "technician", policy="cn-2025", on="2025-02-27").status == "ineligible"
    assert skilleco.assess_grade(w, "technician", policy="cn-2025", on="2025-02-28").status == "eligible"
    assert _time.add_years(D(2020, 2, 29), 1) == D(2021, 2, 28)
    assert _time.full_years(D(2020, 2, 29), D(2021, 2, 28)) == 1
    assert _time.full_years(D(2020, 2, 29), D(2021, 2, 27)) == 0


def test_age_sixteen_on_the_birthday() -> None:
    """grade.t2023.junior.age: aged 16 on the 16th birthday, not the day before."""
    w = worker(birth_date="2010-07-01")
    assert skilleco.assess_grade(w, "junior", policy="cn-2025", on="2026-06-30").status == "ineligible"
    assert skilleco.assess_grade(w, "junior", policy="cn-2025", on="2026-07-01").status == "eligible"


@pytest.mark.parametrize(
    ("event", "inside"),
    [
        (D(2022, 6, 1), False),  # exactly 3 years before: outside
        (D(2022, 6, 2), True),  # one day inside
        (D(2025, 6, 1), True),  # on the day asked
        (D(2025, 6, 2), False),  # after the day asked: does not exist yet
    ],
)
def test_within_last_three_years(event: dt.date, inside: bool) -> None:
    """ "Within the last N years" means on - N years < e <= on."""
    assert _time.within_last_years(event, D(2025, 6, 1), 3) is inside


# --- cumulative work ------------------------------------------------------------------------------


def test_overlapping_periods_are_merged() -> None:
    """Two overlapping jobs give no double credit."""
    periods = [(D(2020, 1, 1), D(2021, 1, 1)), (D(2020, 7, 1), D(2021, 7, 1))]
    assert _time.cumulative_months(periods, D(2030, 1, 1)) == 18


def test_open_period_counts_up_to_on_and_future_periods_count_nothing() -> None:
    """An open period runs to `on`; a period starting after `on` counts nothing."""
    periods = [(D(2020, 1, 15), None), (D(2031, 1, 1), None)]
    assert _time.cumulative_months(periods, D(2021, 1, 14)) == 11
    assert _time.cumulative_months(periods, D(2021, 1, 15)) == 12


def test_leftover_days_are_dropped_per_period() -> None:
    """Each merged period contributes whole months; leftover days are dropped, not carried."""
    periods = [(D(2020, 1, 1), D(2020, 2, 20)), (D(2020, 3, 1), D(2020, 4, 20))]
    assert _time.cumulative_months(periods, D(2030, 1, 1)) == 2


def test_cumulative_work_threshold_day_before_and_day_of() -> None:
    """grade.t2023.intermediate.worked: 60 months of open work are reached on the 5th anniversary of the start."""
    w = worker(work_periods=[{"start": "2019-09-01"}])
    before = skilleco.assess_grade(w, "intermediate", policy="cn-2025", on="2024-08-31")
    on_day = skilleco.assess_grade(w, "intermediate", policy="cn-2025", on="2024-09-01")
    assert before.status == "ineligible"
    assert before.earliest_date == D(2024, 9, 1)
    assert on_day.deciding == ("grade.t2023.intermediate.worked",)


def test_earliest_date_with_a_closed_period_and_an_open_one() -> None:
    """grade.t2023.intermediate.worked: 30 closed months plus an open period reach 60 months 30 months later."""
    w = worker(work_periods=[{"start": "2015-01-01", "end": "2017-07-01"}, {"start": "2020-01-01"}])
    d = skilleco.assess_grade(w, "intermediate", policy="cn-2025", on="2021-01-01")
    assert d.status == "ineligible"
    assert d.earliest_date == D(2022, 7, 1)
    assert skilleco.assess_grade(w, "intermediate", policy="cn-2025", on="2022-06-30").status == "ineligible"
    assert skilleco.assess_grade(w, "intermediate", policy="cn-2025", on="2022-07-01").status == "eligible"


def test_no_earliest_date_when_work_has_ended() -> None:
    """With no open period, time alone never adds work: no earliest date."""
    w = worker(work_periods=[{"start": "2015-01-01", "end": "2017-07-01"}])
    d = skilleco.assess_grade(w, "intermediate", policy="cn-2025", on="2021-01-01")
    assert d.status == "ineligible"
    assert d.earliest_date is None


# --- events after `on` -----------------------------------------------------------------------------


def test_certificate_issued_after_on_does_not_exist_yet() -> None:
    """A certificate dated after `on` is ignored: has_cert_senior is false as of `on`."""
    w = worker(certificates=[cert("senior", "2030-01-01")])
    d = skilleco.assess_grade(w, "technician", policy="cn-2025", on="2026-01-01")
    assert d.status == "ineligible"
    assert dict(d.finding("grade.t2023.technician.after_senior").facts)["has_cert_senior"] is False
    assert d.earliest_date is None


# --- current-year graduates -------------------------------------------------------------------------


def _student(expected: str, graduated: str | None = None) -> dict[str, object]:
    return {
        "school_kind": "technical_school",
        "specialty_match": True,
        "enrolled_on": "2022-09-01",
        "expected_graduation": expected,
        "graduated_on": graduated,
    }


@pytest.mark.parametrize(
    ("on", "status"),
    [
        ("2025-12-31", "ineligible"),  # expected graduation is next calendar year
        ("2026-01-01", "eligible"),  # same calendar year: a current-year graduate
        ("2026-12-31", "eligible"),
    ],
)
def test_current_year_graduate(on: str, status: str) -> None:
    """grade.t2023.intermediate.graduate admits students expected to graduate in the calendar year of `on`."""
    w = worker(education=[_student("2026-07-01")])
    assert skilleco.assess_grade(w, "intermediate", policy="cn-2025", on=on).status == status


def test_graduated_before_on_counts_and_unrecorded_past_graduation_is_unknown() -> None:
    """A graduation on or before `on` counts; an expected date long past with none recorded is unknown."""
    done = worker(education=[_student("2024-07-01", graduated="2024-07-01")])
    assert skilleco.assess_grade(done, "intermediate", policy="cn-2025", on="2026-03-01").status == "eligible"
    vague = worker(education=[_student("2024-07-01")])
    d = skilleco.assess_grade(vague, "intermediate", policy="cn-2025", on="2026-03-01")
    assert d.status == "undetermined"
    assert "grad_vocational_or_college_specialty" in d.missing_facts


# --- missing dates ---------------------------------------------------------------------------------


def test_missing_issue_date_is_unknown_not_false() -> None:
    """grade.t2023.technician.after_senior: a certificate without a date makes the route unknown.

    The worker has worked since 2015, so the work done after the certificate could be anything from
    none to 15 years: only its date settles it. (With no work at all the route would be surely false:
    no work can have been done after any date.)"""
    w = worker(certificates=[cert("senior", None)], work_periods=[{"start": "2015-01-01"}])
    d = skilleco.assess_grade(w, "technician", policy="cn-2025", on="2030-01-01")
    assert d.status == "undetermined"
    assert d.finding("grade.t2023.technician.after_senior").status == "unknown"
    # The route reads the months of work since the certificate, a range while its date is open: the
    # decision names the fact that closes the range (facts/spec.py, ``settled_by``).
    assert "cert_senior_earliest_known" in d.missing_facts


def test_missing_birth_date_is_unknown() -> None:
    """grade.t2023.junior.age: no birth date, no answer; the decision names the fact."""
    d = skilleco.assess_grade(worker(), "junior", policy="cn-2025", on="2026-01-01")
    assert d.status == "undetermined"
    assert d.missing_facts == ("birth_date",)


# --- reading dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [("2025-03-15", D(2025, 3, 15)), ("2025年3月5日", D(2025, 3, 5)), ("2025/3/5", D(2025, 3, 5))],
)
def test_accepted_date_forms(text: str, day: dt.date) -> None:
    """ISO, 年月日 and Y/M/D forms are read."""
    assert read_date(text) == day


@pytest.mark.parametrize(
    "bad",
    [
        "2025-3-5",
        "03/05/2025",
        "5/3/2025",
        "2025-02-30",
        "2025-13-01",
        "1899-12-31",
        "2101-01-01",
        "",
        20250315,
    ],
)
def test_ambiguous_or_impossible_dates_are_rejected(bad: object) -> None:
    """Ambiguous, impossible or out-of-range dates raise InvalidDateError naming the argument."""
    with pytest.raises(InvalidDateError) as info:
        skilleco.assess_grade(worker(birth_date="2000-01-01"), "junior", policy="cn-2025", on=bad)
    assert info.value.code == "invalid_date"
    assert info.value.fields == ("on",)
    assert info.value.errors[0]["input"] == bad


def test_datetime_is_not_a_date() -> None:
    """A datetime (with a time of day) is rejected rather than silently truncated."""
    with pytest.raises(InputError):
        skilleco.assess_grade(worker(), "junior", policy="cn-2025", on=dt.datetime(2025, 1, 1, 12))


def test_bad_date_inside_a_model_names_the_field() -> None:
    """A bad date inside the worker names its path, the value and the expectation."""
    w = worker(certificates=[cert("senior", "15/03/2020")])
    with pytest.raises(InputError) as info:
        skilleco.assess_grade(w, "technician", policy="cn-2025", on="2026-01-01")
    assert info.value.fields == ("certificates.0.issued_on",)
    assert info.value.errors[0]["input"] == "15/03/2020"
