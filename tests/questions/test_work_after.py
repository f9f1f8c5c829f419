"""Work after a date, whose work counts, months of work short, and records that leave the answer open.

Sources: ``shared/policy/time.md`` ("Work after a date", "Earliest date"), ``grades.md`` (the
routes read "N years of cumulative work … on or after its date"; titles need a stated match) and
``standards.md`` (lesson 3, 本职业 / 本职业或相关职业).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import skilleco
from _workers import OCC, OTHER_OCC, cert, title, work, worker
from skilleco.facts import worker_facts
from skilleco.facts.relation import Kinship, counts_toward
from skilleco.models import Worker

AFTER_SENIOR = "grade.t2023.technician.after_senior"
ON = "2026-03-15"


def technician(w: dict[str, Any], on: str = ON) -> skilleco.Decision:
    """The 技师 question under cn-2025."""
    return skilleco.assess_grade(w, "technician", policy="cn-2025", on=on)


def other_work(start: str, end: str | None = None, code: str = OTHER_OCC) -> dict[str, Any]:
    """A period of work in another stated occupation."""
    return {**work(start, end), "occupation_code": code}


# --- the reading: work after the certificate, not calendar time ------------------------------------


def test_stopping_work_after_the_certificate_delays_the_route() -> None:
    """grade.t2023.technician.after_senior (std-2023 二级(1)): a year off work after the 三级
    certificate is a year later, not a year early. Calendar time says 6 years; work says 5 less a day."""
    w = worker(
        "t2023",
        certificates=[cert("senior", "2020-03-15")],
        work_periods=[work("2018-01-01", "2020-12-31"), work("2022-03-16")],
    )
    d = technician(w)
    assert d.status == "ineligible"
    assert d.finding(AFTER_SENIOR).status == "no"
    # 2020-03-15..2020-12-31: 9 whole months; 2022-03-16..2026-03-15: 47 whole months.
    assert dict(d.finding(AFTER_SENIOR).facts)["work_months_since_cert_senior"] == 56
    # 4 months short: the stretch of work begun 2022-03-16 reaches them on 2026-06-16.
    assert d.earliest_date == dt.date(2026, 6, 16)


def test_work_before_the_certificate_does_not_count_after_it() -> None:
    """time.md: a period that began before the certificate counts from its date."""
    w = worker("t2023", certificates=[cert("senior", "2021-03-15")], work_periods=[work("2010-01-01")])
    assert technician(w, "2026-03-14").status == "ineligible"
    assert technician(w, "2026-03-15").status == "eligible"


# --- whose work counts -------------------------------------------------------------------------------


def test_work_in_another_occupation_without_a_standard_is_unknown_where_it_could_count() -> None:
    """time.md: a period in another occupation whose relation no standard settles makes the count
    unknown, not zero, and the decision names what would settle it."""
    w = worker(
        "t2023",
        certificates=[cert("senior", "2020-03-15")],
        work_periods=[other_work("2020-03-15", "2023-03-14"), work("2023-03-15")],
    )
    d = technician(w)
    assert d.status == "undetermined"
    assert d.finding(AFTER_SENIOR).status == "unknown"
    assert "work_relation_known" in d.missing_facts


def test_work_in_another_occupation_that_cannot_change_the_answer_leaves_it_decided() -> None:
    """Another occupation's work before the certificate cannot add to the work after it."""
    w = worker(
        "t2023",
        certificates=[cert("senior", "2020-03-15")],
        work_periods=[other_work("2012-01-01", "2019-12-31"), work("2023-03-15")],
    )
    d = technician(w)
    assert d.status == "ineligible"
    assert d.finding(AFTER_SENIOR).status == "no"


def test_a_period_with_no_occupation_or_the_own_occupation_counts() -> None:
    """time.md: a period whose occupation is not stated is taken as in the occupation."""
    w = worker(
        "t2023",
        certificates=[cert("senior", "2020-03-15")],
        work_periods=[other_work("2020-03-15", code=OCC)],
    )
    assert technician(w).status == "eligible"


@pytest.mark.parametrize(
    ("kinship", "counts"),
    [
        (None, None),  # no standard on file: unknown
        (Kinship(own_only=True), False),  # 本职业: only the occupation itself
        (Kinship(own_only=False, related=frozenset({OTHER_OCC})), True),  # listed as related
        (Kinship(own_only=False, related=frozenset({"9-99-99-99"})), False),  # not listed
        (Kinship(own_only=False), True),  # 本职业或相关职业, no list
    ],
)
def test_kinship_settles_other_occupations(kinship: Kinship | None, counts: bool | None) -> None:
    """standards.md lesson 3: the standard says which other occupations count."""
    assert counts_toward(OTHER_OCC, OCC, kinship) is counts
    assert counts_toward(None, OCC, kinship) is True
    w = Worker.model_validate(
        worker("t2023", certificates=[cert("senior", "2020-03-15")], work_periods=[other_work("2020-03-15")])
    )
    f = worker_facts(w, dt.date(2025, 3, 15), kinship=kinship)
    expected = {True: 60, False: 0, None: 0}[counts]
    assert f["work_months_since_cert_senior"] == expected
    assert f["work_months_since_cert_senior_max"] == (0 if counts is False else 60)
    assert f["work_relation_known"] is (None if counts is None else True)


def test_a_certificate_in_another_occupation_is_unknown_without_a_standard() -> None:
    """grades.md: the certificate a route names may be in a related occupation where the standard
    says so; with no standard on file, one in another occupation is unknown."""
    w = worker(
        "t2023", certificates=[cert("senior", "2019-03-15", OTHER_OCC)], work_periods=[work("2019-03-15")]
    )
    d = technician(w)
    assert d.status == "undetermined"
    assert "has_cert_senior" in d.missing_facts
    own_only = Worker.model_validate(w)
    f = worker_facts(own_only, dt.date(2026, 3, 15), kinship=Kinship(own_only=True))
    assert f["has_cert_senior"] is False


# --- unsettled records -------------------------------------------------------------------------------


def test_an_undated_certificate_beside_a_dated_one_may_be_the_older() -> None:
    """Issue 12 item 5: an undated 三级 beside one of 2024 may be older; with work since 2015 that
    could change the answer, so it is undetermined, naming the fact that would settle it."""
    w = worker(
        "t2023",
        certificates=[cert("senior", "2024-01-10"), {"level": "senior", "occupation_code": OCC}],
        work_periods=[work("2015-03-15")],
    )
    d = technician(w)
    assert d.status == "undetermined"
    assert d.finding(AFTER_SENIOR).status == "unknown"
    assert "cert_senior_earliest_known" in d.missing_facts


def test_an_undated_certificate_that_cannot_change_the_answer_leaves_it_decided() -> None:
    """With only 2 years of work in all, no certificate date can give 5 years of work after it."""
    w = worker(
        "t2023",
        certificates=[cert("senior", "2024-01-10"), {"level": "senior", "occupation_code": OCC}],
        work_periods=[work("2024-03-15")],
    )
    d = technician(w)
    assert d.status == "ineligible"
    assert d.finding(AFTER_SENIOR).status == "no"


def test_a_title_of_unstated_match_older_than_the_matching_one_leaves_it_open() -> None:
    """grades.md: a title with no stated match makes its route unknown where it could decide it."""
    w = worker(
        "t2023",
        titles=[
            title("intermediate", "2025-12-01"),
            title("intermediate", "2020-01-01", specialty_match=None),
        ],
        work_periods=[work("2019-01-01")],
    )
    d = technician(w)
    assert d.status == "undetermined"
    assert "title_intermediate_earliest_known" in d.missing_facts


# --- earliest dates and months of work short ---------------------------------------------------------


def test_no_earliest_date_when_nobody_is_working_and_the_months_short_are_named() -> None:
    """time.md, Earliest date: work ended a month short of 5 years after the certificate; waiting
    alone will not supply it, so no date, and the finding says 1 month of work is missing."""
    w = worker(
        "t2023", certificates=[cert("senior", "2020-03-15")], work_periods=[work("2020-03-15", "2025-02-15")]
    )
    d = technician(w)
    assert d.status == "ineligible"
    assert d.earliest_date is None
    assert d.finding(AFTER_SENIOR).work_months_short == 1


def test_an_open_period_continues_to_the_earliest_date() -> None:
    """The same worker still working: a month short today, eligible on the month's anniversary."""
    w = worker("t2023", certificates=[cert("senior", "2020-03-15")], work_periods=[work("2020-04-15")])
    d = technician(w, "2025-03-15")
    assert d.earliest_date == dt.date(2025, 4, 15)
    assert d.finding(AFTER_SENIOR).work_months_short is None  # the date says it: none needed
    assert technician(w, "2025-04-14").status == "ineligible"
    assert technician(w, "2025-04-15").status == "eligible"


def test_a_route_waiting_on_something_else_has_no_months_short() -> None:
    """A route blocked by a missing certificate is not waiting for work."""
    w = worker("t2023", work_periods=[work("2024-03-15")])
    d = technician(w)
    assert d.finding(AFTER_SENIOR).work_months_short is None


def test_a_change_of_employer_without_a_break_costs_no_month() -> None:
    """time.md: touching periods are one stretch of work (our reading, modelled): 2019-01-15 to
    2021-06-30 and from 2021-07-01 on count 60 months on 2024-01-15, as one period would."""
    split = Worker.model_validate(
        worker("t2023", work_periods=[work("2019-01-15", "2021-06-30"), work("2021-07-01")])
    )
    whole = Worker.model_validate(worker("t2023", work_periods=[work("2019-01-15")]))
    on = dt.date(2024, 1, 15)
    assert worker_facts(split, on)["work_months"] == worker_facts(whole, on)["work_months"] == 60
    gap = Worker.model_validate(
        worker("t2023", work_periods=[work("2019-01-15", "2021-06-29"), work("2021-07-01")])
    )
    assert worker_facts(gap, on)["work_months"] == 59  # a day off between them: two stretches
