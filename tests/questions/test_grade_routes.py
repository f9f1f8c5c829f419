"""Every route in shared/policy/grades.md, one row that holds and one row that fails.

Read the table as a policy expert would: each row names its rule id, says in a sentence who the
worker is, and what the library must answer. "Holds" rows are eligible through that route alone
(every other route says "no"); time-based routes also get a "one day short" row, asked the day
before the anniversary, whose earliest date must be the anniversary (time.md); other routes get a
row with their one missing ingredient. Routes that count work after a certificate or title
("取得…证书后，累计从事…工作N年", grades.md and time.md "Work after a date") also get a "gap-year" row:
a year without work after the date, so on the calendar anniversary the route does not hold, and
its earliest date is a year later. Posts, title bridging and apprentices are all-of rule sets:
there the "holds" row meets every criterion and the failing row misses only this one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import skilleco
from _workers import (
    OCC,
    OTHER_OCC,
    apprenticeship,
    cert,
    competition,
    employer,
    school,
    title,
    work,
    worker,
)
from skilleco import Decision, Policy

GRADES_MD = Path(__file__).parents[3] / "shared/policy/grades.md"
RULE_ID = re.compile(r"`((?:grade|bridge)\.[a-z0-9_.]+)`")

ALONE = "this route alone"
"""Expected deciding ids: exactly the row's rule, every other route "no"."""
NO_ROUTE = "no route holds"
"""Expected deciding ids for an ineligible any-route answer: every route, each "no"."""

SPECIAL = (
    "grade.post.occupation_has_senior_technician",
    "grade.post.special.holds_senior_technician",
    "grade.post.special.enterprise",
    "grade.post.special.frontline",
)
CHIEF = (
    "grade.post.occupation_has_senior_technician",
    "grade.post.chief.enterprise_runs_special",
    "grade.post.chief.holds_special",
)
APPRENTICE = ("grade.apprentice.regularise", "grade.apprentice.wage_floor", "grade.apprentice.duration")

@dataclass(frozen=True)
class Case:
    """One scenario: a worker, a question, and the answer the policy text requires."""

    rule: str
    outcome: str
    description: str
    worker: dict[str, Any]
    on: str
    status: str
    target: str | None = None
    ask: str = "grade"
    policy: str | Policy = "cn-2025"
    deciding: str | tuple[str, ...] = ALONE
    finding: str = "yes"
    earliest: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.outcome}"


def holds(rule: str, description: str, w: dict[str, Any], on: str, **kw: Any) -> Case:
    """A row where ``rule`` holds (alone, for any-route questions) and the worker is eligible."""
    return Case(rule, "holds", description, w, on, "eligible", **kw)


def short(rule: str, description: str, w: dict[str, Any], on: str, anniversary: str, **kw: Any) -> Case:
    """A row asked the day before ``anniversary``: ineligible, earliest date the anniversary."""
    kw.setdefault("deciding", NO_ROUTE)
    return Case(rule, "one-day-short", description, w, on, "ineligible", finding="no",
                earliest=anniversary, **kw)


def lacks(rule: str, ingredient: str, description: str, w: dict[str, Any], on: str, **kw: Any) -> Case:
    """A row missing ``ingredient`` of a route that no waiting can supply."""
    kw.setdefault("deciding", NO_ROUTE)
    kw.setdefault("status", "ineligible")
    kw.setdefault("finding", "no")
    return Case(rule, f"missing-{ingredient}", description, w, on, **kw)


def gap(rule: str, description: str, w: dict[str, Any], on: str, earliest: str, **kw: Any) -> Case:
    """A row with a year without work after the date counted from: not yet on the calendar anniversary."""
    kw.setdefault("deciding", NO_ROUTE)
    return Case(rule, "gap-year", description, w, on, "ineligible", finding="no", earliest=earliest, **kw)


def plus_years(day: str, years: int) -> str:
    """``day`` plus ``years`` calendar years (29 February lands on 28 February), as time.md says."""
    return (dt.date.fromisoformat(day) + relativedelta(years=years)).isoformat()


def day_before(day: str) -> str:
    """The day before ``day``."""
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def after(rule: str, what: str, edition: str, target: str, held: dict[str, Any], since: str, years: int,
          **fields: Any) -> list[Case]:
    """The three rows of a route counting ``years`` of work after a certificate or title of ``since``.

    ``held`` is the record (``{"certificates": [...]}`` or ``{"titles": [...]}``). Working from the
    date on, the route holds on the anniversary and not the day before; with a year off work first,
    it does not hold on the anniversary, and its earliest date is a year later.
    """
    on = plus_years(since, years)
    w = worker(edition, work_periods=[work(since)], **held, **fields)
    wgap = worker(edition, work_periods=[work(plus_years(since, 1))], **held, **fields)
    return [
        holds(rule, f"{what}, then {years} years of work", w, on, target=target),
        short(rule, f"{what}, then {years} years of work less a day", w, day_before(on), on, target=target),
        gap(rule, f"{what}, a year without work, then work: the calendar anniversary is too early",
            wgap, on, plus_years(since, years + 1), target=target),
    ]


def certs(level: str | int, issued_on: str) -> dict[str, Any]:
    """One certificate in the occupation, as the worker's ``certificates``."""
    return {"certificates": [cert(level, issued_on)]}


def titles(level: str, obtained_on: str) -> dict[str, Any]:
    """One matching title, as the worker's ``titles``."""
    return {"titles": [title(level, obtained_on)]}


def ask(case: Case) -> Decision:
    """Put the row's question to the library."""
    if case.ask == "bridge":
        assert case.target is not None
        return skilleco.assess_title_bridge(case.worker, case.target, policy=case.policy, on=case.on)
    if case.ask == "apprenticeship":
        return skilleco.assess_apprenticeship(case.worker, policy=case.policy, on=case.on)
    assert case.target is not None
    return skilleco.assess_grade(case.worker, case.target, policy=case.policy, on=case.on)


# A t2018 junior row must also settle the apprenticeship route; this one was broken off.
BROKEN_OFF = apprenticeship("2023-01-01", "2023-12-31", completed=False)

# ---------------------------------------------------------------------------------------------
# Template t2018 (std-2018)
# ---------------------------------------------------------------------------------------------

T2018 = [
    holds("grade.t2018.junior.worked", "one year of work in the occupation",
          worker("t2018", work_periods=[work("2024-03-15")], apprenticeship=BROKEN_OFF),
          "2025-03-15", target="junior"),
    short("grade.t2018.junior.worked", "one year of work less a day",
          worker("t2018", work_periods=[work("2024-03-15")], apprenticeship=BROKEN_OFF),
          "2025-03-14", "2025-03-15", target="junior"),
    holds("grade.t2018.junior.apprenticeship", "completed an apprenticeship in the occupation",
          worker("t2018", apprenticeship=apprenticeship("2023-03-01", "2025-03-01", completed=True)),
          "2025-03-15", target="junior"),
    Case("grade.t2018.junior.apprenticeship", "unknown-apprenticeship-in-other-occupation",
         "completed an apprenticeship in another occupation, no standard on file to say it is related",
         worker("t2018", apprenticeship=apprenticeship(
             "2023-03-01", "2025-03-01", completed=True, occupation_code=OTHER_OCC)),
         "2025-03-15", "undetermined", target="junior", finding="unknown",
         deciding=("grade.t2018.junior.apprenticeship",), missing=("apprenticeship_completed",)),
    lacks("grade.t2018.junior.apprenticeship", "completion",
          "an apprenticeship in the occupation that was broken off",
          worker("t2018", apprenticeship=BROKEN_OFF), "2025-03-15", target="junior"),
    *after("grade.t2018.intermediate.after_junior", "junior certificate (五级)", "t2018", "intermediate",
           certs("五级", "2021-03-15"), "2021-03-15", 4),
    holds("grade.t2018.intermediate.worked", "six years of work",
          worker("t2018", work_periods=[work("2019-03-15")]),
          "2025-03-15", target="intermediate"),
    short("grade.t2018.intermediate.worked", "six years of work less a day",
          worker("t2018", work_periods=[work("2019-03-15")]),
          "2025-03-14", "2025-03-15", target="intermediate"),
    holds("grade.t2018.intermediate.school", "technical-school graduate in the specialty",
          worker("t2018", education=[school("technical_school", specialty_match=True,
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="intermediate"),
    lacks("grade.t2018.intermediate.school", "specialty",
          "technical-school graduate in another specialty",
          worker("t2018", education=[school("technical_school", specialty_match=False,
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="intermediate"),
    *after("grade.t2018.senior.after_intermediate", "intermediate certificate (四级)", "t2018", "senior",
           certs(4, "2020-03-15"), "2020-03-15", 5),
    holds("grade.t2018.senior.school",
          "intermediate certificate; technician-college student graduating this year",
          worker("t2018", certificates=[cert("intermediate", "2024-01-10")],
                 education=[school("technician_college", enrolled_on="2021-09-01",
                                   expected_graduation="2025-07-01")]),
          "2025-03-15", target="senior"),
    lacks("grade.t2018.senior.school", "intermediate-certificate",
          "technician-college graduate without an intermediate certificate",
          worker("t2018", education=[school("technician_college", enrolled_on="2021-09-01",
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="senior"),
    Case("grade.t2018.senior.school", "unknown-certificate-in-other-occupation",
         "technician-college graduate whose intermediate certificate is in another occupation, "
         "no standard on file to say whether it counts",
         worker("t2018", certificates=[cert("intermediate", "2024-01-10", OTHER_OCC)],
                education=[school("technician_college", enrolled_on="2021-09-01",
                                  graduated_on="2024-07-01")]),
         "2025-03-15", "undetermined", target="senior", finding="unknown",
         deciding=("grade.t2018.senior.school",), missing=("has_cert_intermediate",)),
    *after("grade.t2018.senior.college", "college graduate in the specialty, intermediate certificate",
           "t2018", "senior", certs("intermediate", "2023-03-15"), "2023-03-15", 2,
           education=[school("junior_college", specialty_match=True, graduated_on="2022-07-01")]),
    *after("grade.t2018.technician.after_senior", "senior certificate (三级)", "t2018", "technician",
           certs("三级", "2021-03-15"), "2021-03-15", 4),
    holds("grade.t2018.technician.school",
          "senior-technical-school graduate with a senior certificate of 2024, three years of work "
          "since 2022 (cumulative, not counted from the certificate)",
          worker("t2018", certificates=[cert("senior", "2024-06-01")], work_periods=[work("2022-03-15")],
                 education=[school("senior_technical_school", graduated_on="2021-07-01")]),
          "2025-03-15", target="technician"),
    short("grade.t2018.technician.school",
          "senior-technical-school graduate, senior certificate, three years of work less a day",
          worker("t2018", certificates=[cert("senior", "2024-06-01")], work_periods=[work("2022-03-15")],
                 education=[school("senior_technical_school", graduated_on="2021-07-01")]),
          "2025-03-14", "2025-03-15", target="technician"),
    holds("grade.t2018.technician.prep",
          "technician-college graduate with a preparatory-technician certificate and no senior "
          "certificate, two years of work begun before the certificate",
          worker("t2018",
                 prep_technician_certificates=[{"occupation_code": OCC, "issued_on": "2024-06-01"}],
                 education=[school("technician_college", class_level="preparatory_technician",
                                   graduated_on="2023-07-01")],
                 work_periods=[work("2023-03-15")]),
          "2025-03-15", target="technician"),
    short("grade.t2018.technician.prep",
          "technician-college graduate, preparatory-technician certificate, 2 years of work less a day",
          worker("t2018",
                 prep_technician_certificates=[{"occupation_code": OCC, "issued_on": "2024-06-01"}],
                 education=[school("technician_college", class_level="preparatory_technician",
                                   graduated_on="2023-07-01")],
                 work_periods=[work("2023-03-15")]),
          "2025-03-14", "2025-03-15", target="technician"),
    *after("grade.t2018.senior_technician.after_technician", "technician certificate (二级)", "t2018",
           "senior_technician", certs("二级", "2021-03-15"), "2021-03-15", 4),
]

# ---------------------------------------------------------------------------------------------
# Template t2023 (std-2023)
# ---------------------------------------------------------------------------------------------

# The junior-title and intermediate-title routes to the top two levels count work from two dates.
JUNIOR_TITLE = {"titles": [title("junior", "2020-03-15")], "certificates": [cert("senior", "2024-01-10")]}
INTERMEDIATE_TITLE = {
    "titles": [title("intermediate", "2020-03-15")],
    "certificates": [cert("technician", "2024-01-10")],
}

T2023 = [
    holds("grade.t2023.junior.age", "sixteenth birthday",
          worker("t2023", birth_date="2009-03-15"), "2025-03-15", target="junior"),
    short("grade.t2023.junior.age", "the day before the sixteenth birthday",
          worker("t2023", birth_date="2009-03-15"), "2025-03-14", "2025-03-15", target="junior"),
    holds("grade.t2023.intermediate.worked", "five years of work",
          worker("t2023", work_periods=[work("2020-03-15")]), "2025-03-15", target="intermediate"),
    short("grade.t2023.intermediate.worked", "five years of work less a day",
          worker("t2023", work_periods=[work("2020-03-15")]),
          "2025-03-14", "2025-03-15", target="intermediate"),
    *after("grade.t2023.intermediate.after_junior", "junior certificate", "t2023", "intermediate",
           certs("junior", "2022-03-15"), "2022-03-15", 3),
    holds("grade.t2023.intermediate.graduate", "secondary-vocational graduate in the specialty",
          worker("t2023", education=[school("secondary_vocational", specialty_match=True,
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="intermediate"),
    lacks("grade.t2023.intermediate.graduate", "specialty",
          "secondary-vocational graduate in another specialty",
          worker("t2023", education=[school("secondary_vocational", specialty_match=False,
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="intermediate"),
    replace(
        holds("grade.t2023.intermediate.graduate", "专科 (junior-college) graduate in the specialty",
              worker("t2023", education=[school("junior_college", specialty_match=True,
                                                graduated_on="2024-07-01")]),
              "2025-03-15", target="intermediate"),
        outcome="holds-junior-college",
    ),
    holds("grade.t2023.senior.worked", "ten years of work",
          worker("t2023", work_periods=[work("2015-03-15")]), "2025-03-15", target="senior"),
    short("grade.t2023.senior.worked", "ten years of work less a day",
          worker("t2023", work_periods=[work("2015-03-15")]),
          "2025-03-14", "2025-03-15", target="senior"),
    *after("grade.t2023.senior.after_intermediate", "intermediate certificate", "t2023", "senior",
           certs("intermediate", "2021-03-15"), "2021-03-15", 4),
    *after("grade.t2023.senior.junior_title", "matching junior title", "t2023", "senior",
           titles("junior", "2024-03-15"), "2024-03-15", 1),
    holds("grade.t2023.senior.senior_class", "graduate of a technical school's senior-worker class",
          worker("t2023", education=[school("technical_school", class_level="senior",
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="senior"),
    lacks("grade.t2023.senior.senior_class", "senior-class",
          "graduate of a technical school's intermediate-worker class",
          worker("t2023", education=[school("technical_school", class_level="intermediate",
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="senior"),
    holds("grade.t2023.senior.intermediate_and_college",
          "intermediate certificate and an (unassessed) higher-vocational graduate in the specialty",
          worker("t2023", certificates=[cert("intermediate", "2024-01-10")],
                 education=[school("higher_vocational", specialty_match=True, assessed=False,
                                   graduated_on="2024-07-01")]),
          "2025-03-15", target="senior"),
    lacks("grade.t2023.senior.intermediate_and_college", "intermediate-certificate",
          "higher-vocational graduate in the specialty without an intermediate certificate",
          worker("t2023", education=[school("higher_vocational", specialty_match=True,
                                            assessed=False, graduated_on="2024-07-01")]),
          "2025-03-15", target="senior"),
    holds("grade.t2023.senior.assessed_college",
          "graduate in the specialty of an assessed college",
          worker("t2023", education=[school("junior_college", specialty_match=True, assessed=True,
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="senior"),
    lacks("grade.t2023.senior.assessed_college", "assessment",
          "graduate in the specialty of a college not assessed for the occupation",
          worker("t2023", education=[school("junior_college", specialty_match=True, assessed=False,
                                            graduated_on="2024-07-01")]),
          "2025-03-15", target="senior"),
    *after("grade.t2023.technician.after_senior",
           "senior certificate of 29 February (anniversaries on 28 February)", "t2023", "technician",
           certs("senior", "2020-02-29"), "2020-02-29", 5),
    holds("grade.t2023.technician.junior_title",
          "matching junior title, 5 years of work since; senior certificate, 1 year of work since",
          worker("t2023", work_periods=[work("2020-03-15")], **JUNIOR_TITLE),
          "2025-03-15", target="technician"),
    short("grade.t2023.technician.junior_title",
          "matching junior title, 5 years of work less a day; senior certificate, 1 year of work",
          worker("t2023", work_periods=[work("2020-03-15")], **JUNIOR_TITLE),
          "2025-03-14", "2025-03-15", target="technician"),
    gap("grade.t2023.technician.junior_title",
        "matching junior title of 2020, a year without work, then work: 4 years of work in 2025",
        worker("t2023", work_periods=[work("2021-03-15")], **JUNIOR_TITLE),
        "2025-03-15", "2026-03-15", target="technician"),
    *after("grade.t2023.technician.intermediate_title", "matching intermediate title", "t2023",
           "technician", titles("intermediate", "2024-03-15"), "2024-03-15", 1),
    holds("grade.t2023.technician.school",
          "senior-technical-school graduate, senior certificate of 2024, two years of work since 2023 "
          "(cumulative, not counted from the certificate)",
          worker("t2023", certificates=[cert("senior", "2024-06-01")], work_periods=[work("2023-03-15")],
                 education=[school("senior_technical_school", graduated_on="2022-07-01")]),
          "2025-03-15", target="technician"),
    short("grade.t2023.technician.school",
          "senior-technical-school graduate, senior certificate, two years of work less a day",
          worker("t2023", certificates=[cert("senior", "2024-06-01")], work_periods=[work("2023-03-15")],
                 education=[school("senior_technical_school", graduated_on="2022-07-01")]),
          "2025-03-14", "2025-03-15", target="technician"),
    holds("grade.t2023.technician.prep_class",
          "student of a preparatory-technician class, senior certificate held 2 years, no work "
          "(证书满2年 counts elapsed time)",
          worker("t2023", certificates=[cert("senior", "2023-03-15")],
                 education=[school("technician_college", class_level="preparatory_technician",
                                   enrolled_on="2021-09-01", expected_graduation="2026-07-01")]),
          "2025-03-15", target="technician"),
    short("grade.t2023.technician.prep_class",
          "student of a preparatory-technician class, senior certificate 2 years less a day",
          worker("t2023", certificates=[cert("senior", "2023-03-15")],
                 education=[school("technician_college", class_level="preparatory_technician",
                                   enrolled_on="2021-09-01", expected_graduation="2026-07-01")]),
          "2025-03-14", "2025-03-15", target="technician"),
    *after("grade.t2023.senior_technician.after_technician", "technician certificate", "t2023",
           "senior_technician", certs("technician", "2020-03-15"), "2020-03-15", 5),
    holds("grade.t2023.senior_technician.intermediate_title",
          "matching intermediate title, 5 years of work since; technician certificate, 1 year since",
          worker("t2023", work_periods=[work("2020-03-15")], **INTERMEDIATE_TITLE),
          "2025-03-15", target="senior_technician"),
    short("grade.t2023.senior_technician.intermediate_title",
          "matching intermediate title, 5 years of work less a day; technician certificate, 1 year",
          worker("t2023", work_periods=[work("2020-03-15")], **INTERMEDIATE_TITLE),
          "2025-03-14", "2025-03-15", target="senior_technician"),
    gap("grade.t2023.senior_technician.intermediate_title",
        "matching intermediate title of 2020, a year without work, then work: 4 years in 2025",
        worker("t2023", work_periods=[work("2021-03-15")], **INTERMEDIATE_TITLE),
        "2025-03-15", "2026-03-15", target="senior_technician"),
    *after("grade.t2023.senior_technician.senior_title", "matching full-senior title", "t2023",
           "senior_technician", titles("full_senior", "2024-03-15"), "2024-03-15", 1),
    replace(
        short("grade.t2023.senior_technician.senior_title",
              "matching deputy-senior title, a year of work less a day",
              worker("t2023", titles=[title("deputy_senior", "2024-03-15")], work_periods=[work("2024-03-15")]),
              "2025-03-14", "2025-03-15", target="senior_technician"),
        outcome="one-day-short-deputy-senior",
    ),
]

# ---------------------------------------------------------------------------------------------
# Exceptional routes (破格), national and Tianjin
# ---------------------------------------------------------------------------------------------


def recognised(grade: str, *, limits_waived: bool) -> list[dict[str, Any]]:
    """One direct recognition by the employer on 2025-01-10."""
    return [{"grade": grade, "on": "2025-01-10", "by": "示例制造有限公司", "limits_waived": limits_waived}]


def tj(level: str, rank: int, **fields: Any) -> list[dict[str, Any]]:
    """One Tianjin competition result of 2025-01-10."""
    return [competition(level, "2025-01-10", rank=rank, **fields)]


PROMOTED_LAST_YEAR = competition("tj_enterprise", "2024-05-01", rank=10, entrants=100,
                                 promoted_on="2024-06-01")
PROMOTED_THIS_YEAR = competition("tj_enterprise", "2024-11-01", rank=10, entrants=100,
                                 promoted_on="2025-02-01")

EXCEPTIONAL = [
    holds("grade.exceptional.direct_recognition",
          "recognised directly as senior worker, limits waived",
          worker("t2018", direct_recognitions=recognised("senior", limits_waived=True)),
          "2025-03-15", target="senior"),
    lacks("grade.exceptional.direct_recognition", "senior-or-above-when-limits-waived",
          "recognised directly as intermediate worker with limits waived (allowed only at senior+)",
          worker("t2018", direct_recognitions=recognised("intermediate", limits_waived=True)),
          "2025-03-15", target="intermediate"),
    holds("grade.exceptional.major_contribution",
          "senior worker who solved a major process problem, one step up",
          worker("t2023", certificates=[cert("senior", "2024-01-10")],
                 contributions=[{"kind": "major_process_problem", "on": "2025-01-10"}]),
          "2025-03-15", target="technician"),
    lacks("grade.exceptional.major_contribution", "one-step-up",
          "senior worker who solved a major process problem, asking two steps up (steps = 1)",
          worker("t2023", certificates=[cert("senior", "2024-01-10")],
                 contributions=[{"kind": "major_process_problem", "on": "2025-01-10"}]),
          "2025-03-15", target="senior_technician"),
    holds("grade.exceptional.national_competition",
          "honourable mention in the national final, no certificate: technician",
          worker("t2018", competitions=[competition("national_final", "2024-11-01",
                                                    award="honourable_mention")]),
          "2025-03-15", target="technician"),
    lacks("grade.exceptional.national_competition", "technician-already",
          "national-final medallist holding only a senior certificate asks for senior technician",
          worker("t2018", certificates=[cert("senior", "2024-01-10")],
                 competitions=[competition("national_final", "2024-11-01", award="gold")]),
          "2025-03-15", target="senior_technician"),
    holds("grade.exceptional.tj.city_top10", "8th in a Tianjin city class-1 competition: technician",
          worker("t2023", competitions=tj("tj_city_class1", 8)),
          "2025-03-15", target="technician", policy="tj-2024"),
    lacks("grade.exceptional.tj.city_top10", "top-10-placing",
          "11th in a Tianjin city class-1 competition",
          worker("t2023", competitions=tj("tj_city_class1", 11)),
          "2025-03-15", target="technician", policy="tj-2024"),
    holds("grade.exceptional.tj.city_class2_top6", "6th in a Tianjin district competition: senior",
          worker("t2023", competitions=tj("tj_district", 6)),
          "2025-03-15", target="senior", policy="tj-2024"),
    lacks("grade.exceptional.tj.city_class2_top6", "top-6-placing",
          "7th in a Tianjin district competition",
          worker("t2023", competitions=tj("tj_district", 7)),
          "2025-03-15", target="senior", policy="tj-2024"),
    holds("grade.exceptional.tj.enterprise_top30pct",
          "30th of 100 in a Tianjin enterprise competition: intermediate",
          worker("t2023", competitions=tj("tj_enterprise", 30, entrants=100)),
          "2025-03-15", target="intermediate", policy="tj-2024"),
    lacks("grade.exceptional.tj.enterprise_top30pct", "top-30pct-placing",
          "31st of 100 in a Tianjin enterprise competition",
          worker("t2023", competitions=tj("tj_enterprise", 31, entrants=100)),
          "2025-03-15", target="intermediate", policy="tj-2024"),
    holds("grade.exceptional.tj.once_a_year",
          "3rd in a city class-1 competition; last competition promotion was last year",
          worker("t2023", competitions=[PROMOTED_LAST_YEAR, *tj("tj_city_class1", 3)]),
          "2025-03-15", target="technician", policy="tj-2024",
          deciding=("grade.exceptional.tj.city_top10",)),
    lacks("grade.exceptional.tj.once_a_year", "no-promotion-this-year",
          "3rd in a city class-1 competition, but already promoted by competition this year",
          worker("t2023", competitions=[PROMOTED_THIS_YEAR, *tj("tj_city_class1", 3)]),
          "2025-03-15", target="technician", policy="tj-2024"),
]

# ---------------------------------------------------------------------------------------------
# Special-grade and chief technicians (posts: all-of)
# ---------------------------------------------------------------------------------------------


def special_candidate(**changes: Any) -> dict[str, Any]:
    """A senior technician on the front line with a strong record, at a qualifying employer."""
    fields: dict[str, Any] = {
        "certificates": [cert("senior_technician", "2020-03-15")],
        "employer": employer(),
        "frontline": True,
        "frontline_record": True,
    }
    return worker("t2023", **{**fields, **changes})


def chief_candidate(**changes: Any) -> dict[str, Any]:
    """A serving special technician at an employer that appoints special technicians."""
    fields: dict[str, Any] = {
        "certificates": [cert("senior_technician", "2018-03-15")],
        "posts": [{"kind": "special_technician", "start": "2022-01-01"}],
        "employer": employer(),
    }
    return worker("t2023", **{**fields, **changes})


POSTS = [
    holds("grade.post.occupation_has_senior_technician", "occupation has 高级技师; all criteria met",
          special_candidate(), "2025-03-15", target="special_technician", deciding=SPECIAL),
    lacks("grade.post.occupation_has_senior_technician", "senior-technician-level",
          "occupation without a 高级技师 level",
          special_candidate() | {"occupation": {"code": OCC, "standard_edition": "t2023",
                                                "has_senior_technician": False}},
          "2025-03-15", target="special_technician",
          deciding=("grade.post.occupation_has_senior_technician",)),
    holds("grade.post.special.holds_senior_technician", "holds a 高级技师 certificate",
          special_candidate(), "2025-03-15", target="special_technician", deciding=SPECIAL),
    lacks("grade.post.special.holds_senior_technician", "senior-technician-certificate",
          "holds only a technician certificate",
          special_candidate(certificates=[cert("technician", "2018-03-15")]),
          "2025-03-15", target="special_technician",
          deciding=("grade.post.special.holds_senior_technician",)),
    holds("grade.post.special.enterprise", "employer above designated size, mainly skilled",
          special_candidate(), "2025-03-15", target="special_technician", deciding=SPECIAL),
    lacks("grade.post.special.enterprise", "mainly-skilled-workforce",
          "employer above designated size whose workforce is not mainly skilled",
          special_candidate(employer=employer(mainly_skilled=False)),
          "2025-03-15", target="special_technician", deciding=("grade.post.special.enterprise",)),
    holds("grade.post.special.frontline", "front line with a strong record",
          special_candidate(), "2025-03-15", target="special_technician", deciding=SPECIAL),
    lacks("grade.post.special.frontline", "frontline-record",
          "on the front line without a strong problem-solving or mentoring record",
          special_candidate(frontline_record=False),
          "2025-03-15", target="special_technician", deciding=("grade.post.special.frontline",)),
    holds("grade.post.chief.enterprise_runs_special", "employer already appoints special technicians",
          chief_candidate(), "2025-03-15", target="chief_technician", deciding=CHIEF),
    lacks("grade.post.chief.enterprise_runs_special", "special-technician-scheme",
          "employer that appoints no special technicians",
          chief_candidate(employer=employer(appoints_special=False)),
          "2025-03-15", target="chief_technician",
          deciding=("grade.post.chief.enterprise_runs_special",)),
    holds("grade.post.chief.holds_special", "serving special technician",
          chief_candidate(), "2025-03-15", target="chief_technician", deciding=CHIEF),
    lacks("grade.post.chief.holds_special", "current-special-post",
          "special-technician post that ended last year",
          chief_candidate(posts=[{"kind": "special_technician", "start": "2022-01-01",
                                  "end": "2024-12-31"}]),
          "2025-03-15", target="chief_technician", deciding=("grade.post.chief.holds_special",)),
]

# ---------------------------------------------------------------------------------------------
# Title bridging (技能 → 职称): all-of, one rule each
# ---------------------------------------------------------------------------------------------

BRIDGES = [
    holds("bridge.title.assistant", "senior certificate, 2 years of technical work since",
          worker("t2023", certificates=[cert("senior", "2023-03-15")],
                 work_periods=[work("2023-03-15")]),
          "2025-03-15", ask="bridge", target="assistant"),
    short("bridge.title.assistant", "senior certificate, 2 years of work less a day",
          worker("t2023", certificates=[cert("senior", "2023-03-15")],
                 work_periods=[work("2023-03-15")]),
          "2025-03-14", "2025-03-15", ask="bridge", target="assistant",
          deciding=("bridge.title.assistant",)),
    holds("bridge.title.intermediate", "technician certificate, 3 years of technical work since",
          worker("t2023", certificates=[cert("technician", "2022-03-15")],
                 work_periods=[work("2022-03-15")]),
          "2025-03-15", ask="bridge", target="intermediate"),
    short("bridge.title.intermediate", "technician certificate, 3 years of work less a day",
          worker("t2023", certificates=[cert("technician", "2022-03-15")],
                 work_periods=[work("2022-03-15")]),
          "2025-03-14", "2025-03-15", ask="bridge", target="intermediate",
          deciding=("bridge.title.intermediate",)),
    holds("bridge.title.deputy_senior",
          "senior-technician certificate, 4 years of technical work since",
          worker("t2023", certificates=[cert("senior_technician", "2021-03-15")],
                 work_periods=[work("2021-03-15")]),
          "2025-03-15", ask="bridge", target="deputy_senior"),
    short("bridge.title.deputy_senior", "senior-technician certificate, 4 years of work less a day",
          worker("t2023", certificates=[cert("senior_technician", "2021-03-15")],
                 work_periods=[work("2021-03-15")]),
          "2025-03-14", "2025-03-15", ask="bridge", target="deputy_senior",
          deciding=("bridge.title.deputy_senior",)),
]

# ---------------------------------------------------------------------------------------------
# Apprentices (all-of; the duration rule is in_principle, the subsidy a priority)
# ---------------------------------------------------------------------------------------------


def apprentice(**changes: Any) -> dict[str, Any]:
    """A two-year apprentice (2023-01-01 to 2025-01-01), probation over, paid above the minimum."""
    fields: dict[str, Any] = {
        "completed": True, "probation_end": "2023-04-01",
        "monthly_wage": 3000, "local_minimum_wage": 2320,
    }
    start = changes.pop("start", "2023-01-01")
    end = changes.pop("end", "2025-01-01")
    return worker("t2023", apprenticeship=apprenticeship(start, end, **{**fields, **changes}))


APPRENTICES = [
    holds("grade.apprentice.regularise", "apprenticeship and probation both over",
          apprentice(), "2025-03-15", ask="apprenticeship", deciding=APPRENTICE),
    lacks("grade.apprentice.regularise", "apprenticeship-ended",
          "asked the day before the apprenticeship ends",
          apprentice(start="2023-03-15", end="2025-03-15"), "2025-03-14", ask="apprenticeship",
          deciding=("grade.apprentice.regularise",)),
    holds("grade.apprentice.duration", "a 3-year apprenticeship in a special case",
          apprentice(start="2022-03-01", end="2025-03-01", special_case=True),
          "2025-03-15", ask="apprenticeship", deciding=APPRENTICE),
    lacks("grade.apprentice.duration", "special-case-for-over-2-years",
          "a 25-month apprenticeship, no special case: for review, not refusal",
          apprentice(start="2023-01-01", end="2025-02-01"), "2025-03-15", ask="apprenticeship",
          status="review", deciding=("grade.apprentice.duration",)),
    holds("grade.apprentice.wage_floor", "paid above the local minimum wage",
          apprentice(), "2025-03-15", ask="apprenticeship", deciding=APPRENTICE),
    lacks("grade.apprentice.wage_floor", "minimum-wage",
          "paid below the local minimum wage",
          apprentice(monthly_wage=2000), "2025-03-15", ask="apprenticeship",
          deciding=("grade.apprentice.wage_floor",)),
    holds("grade.apprentice.subsidy", "an apprentice under a policy with a subsidy figure",
          apprentice(), "2025-03-15", ask="apprenticeship", deciding=APPRENTICE),
    lacks("grade.apprentice.subsidy", "apprenticeship-started",
          "an apprenticeship that starts next month: no subsidy yet (and nothing to regularise)",
          apprentice(start="2025-04-01", end="2027-04-01"), "2025-03-15", ask="apprenticeship",
          deciding=("grade.apprentice.regularise",)),
]

CASES = [*T2018, *T2023, *EXCEPTIONAL, *POSTS, *BRIDGES, *APPRENTICES]


def params(cases: list[Case]) -> list[Any]:
    """``pytest.param`` for each case, with its id."""
    return [pytest.param(c, id=c.id) for c in cases]


@pytest.mark.parametrize("case", params(CASES))
def test_route_table(case: Case) -> None:
    """Each row's question gets the status, deciding ids, finding and earliest date it names."""
    d = ask(case)
    assert d.status == case.status
    assert d.finding(case.rule).status == case.finding
    routes = [f for f in d.findings if f.role == "rule"]
    if case.deciding == ALONE:
        assert d.deciding == (case.rule,)
        assert {f.rule_id: f.status for f in routes if f.rule_id != case.rule} == {
            f.rule_id: "no" for f in routes if f.rule_id != case.rule
        }
    elif case.deciding == NO_ROUTE:
        assert set(d.deciding) == {f.rule_id for f in routes}
        assert {f.rule_id: f.status for f in routes} == {f.rule_id: "no" for f in routes}
    else:
        assert d.deciding == case.deciding
    expected_earliest = None if case.earliest is None else dt.date.fromisoformat(case.earliest)
    assert d.earliest_date == expected_earliest
    assert d.missing_facts == case.missing


def test_table_ids_are_unique() -> None:
    """No two rows share an id, so every failure names exactly one scenario."""
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_every_route_has_a_holding_and_a_failing_row() -> None:
    """Each rule with a row has both a "holds" row and a failing row."""
    outcomes: dict[str, set[str]] = {}
    for c in CASES:
        outcomes.setdefault(c.rule, set()).add("holds" if c.outcome.startswith("holds") else "fails")
    assert {r: o for r, o in outcomes.items() if o != {"holds", "fails"}} == {}


# ---------------------------------------------------------------------------------------------
# grades.md coverage: every rule id exists, with its provenance, and appears in the table
# ---------------------------------------------------------------------------------------------


def grades_md_ids() -> list[str]:
    """Every rule id mentioned in shared/policy/grades.md, in order of first mention."""
    if not GRADES_MD.exists():
        pytest.skip(f"policy source of truth not found at {GRADES_MD} (outside this checkout)")
    return list(dict.fromkeys(RULE_ID.findall(GRADES_MD.read_text(encoding="utf-8"))))


def all_rules() -> dict[str, skilleco.Rule]:
    """The rules of cn-2025 and tj-2024 (which inherits cn-2025 and adds the Tianjin routes)."""
    return {**skilleco.load_policy("cn-2025").rules, **skilleco.load_policy("tj-2024").rules}


def test_grades_md_rule_ids_exist() -> None:
    """Every rule id grades.md names is a rule in cn-2025 or tj-2024."""
    ids = grades_md_ids()
    assert len(ids) >= 50
    assert [i for i in ids if i not in all_rules()] == []


def test_grades_md_rule_ids_appear_in_the_table() -> None:
    """Every rule id grades.md names has a row of its own and is a finding of some decision here."""
    ids = grades_md_ids()
    seen = {f.rule_id for c in CASES for f in ask(c).findings}
    assert [i for i in ids if i not in seen] == []
    assert [i for i in ids if i not in {c.rule for c in CASES}] == []


def documented_provenance() -> dict[str, str]:
    """Rule id → provenance as grades.md states it, read from its tables.

    Route tables say "provenance `text` unless marked" and mark a route with "— `secondary`";
    the other tables end each row with a provenance cell ("text (…)", "secondary (…)", "modelled").
    """
    out: dict[str, str] = {}
    for line in GRADES_MD.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = RULE_ID.findall(line)
        if not line.startswith("|") or not found:
            continue
        last = re.match(r"(text|secondary|modelled)\b", cells[-1])
        if last is not None:
            out[found[0]] = last.group(1)
        else:
            marked = re.search(r"—\s*`(secondary|modelled)`", cells[-1])
            out[found[0]] = marked.group(1) if marked else "text"
    return out


def test_grades_md_provenance_matches_the_rules() -> None:
    """Every rule in grades.md's tables carries the provenance tag grades.md gives it."""
    grades_md_ids()
    documented = documented_provenance()
    rules = all_rules()
    assert len(documented) >= 50
    assert {i: rules[i].provenance for i in documented} == documented


# The secondary and modelled rows of grades.md, copied by hand: a check on the table reader above.
SPOT_CHECK = {
    "grade.t2018.technician.school": "secondary",
    "grade.t2018.technician.prep": "secondary",
    "grade.t2023.technician.school": "secondary",
    "grade.t2023.technician.prep_class": "secondary",
    "grade.t2023.senior_technician.after_technician": "secondary",
    "grade.t2023.senior_technician.intermediate_title": "secondary",
    "grade.t2023.senior_technician.senior_title": "secondary",
    "grade.exceptional.national_competition": "secondary",
    "grade.post.special.holds_senior_technician": "secondary",
    "grade.post.special.frontline": "secondary",
    "grade.post.chief.holds_special": "modelled",
    "bridge.title.deputy_senior": "secondary",
    "grade.apprentice.duration": "secondary",
    "grade.apprentice.wage_floor": "secondary",
    "grade.apprentice.subsidy": "secondary",
    "grade.exceptional.major_contribution": "text",
    "grade.exceptional.tj.once_a_year": "text",
    "grade.t2023.senior.assessed_college": "text",
}


@pytest.mark.parametrize(("rule_id", "provenance"), SPOT_CHECK.items())
def test_provenance_spot_check(rule_id: str, provenance: str) -> None:
    """The secondary and modelled rules of grades.md carry that tag (checked by hand)."""
    assert all_rules()[rule_id].provenance == provenance


def test_major_contribution_step_is_modelled() -> None:
    """The one-step reading of exceptional promotion is a parameter tagged modelled (grades.md)."""
    cn = skilleco.load_policy("cn-2025")
    step = cn.parameter("exceptional.major_contribution.steps")
    assert (step.provenance, step.at(dt.date(2025, 3, 15))) == ("modelled", 1)
    d = ask(next(c for c in EXCEPTIONAL if c.rule == "grade.exceptional.major_contribution"))
    assert "grade.exceptional.major_contribution" in d.modelled_rule_ids


# ---------------------------------------------------------------------------------------------
# Unknown facts: a list not stated makes a route unknown, never false
# ---------------------------------------------------------------------------------------------


def stated(edition: str, **fields: Any) -> dict[str, Any]:
    """A worker without ``records_complete``: only the lists given here are stated."""
    lists = ("work_periods", "certificates", "prep_technician_certificates", "education", "titles",
             "competitions", "contributions", "direct_recognitions", "posts")
    w = worker(edition, **{name: [] for name in lists})
    w.pop("records_complete")
    for name, value in fields.items():
        if value is None:
            w.pop(name)
        else:
            w[name] = value
    return w


@pytest.mark.parametrize(
    ("edition", "worker_dict", "target", "route", "fact"),
    [
        pytest.param("t2018", stated("t2018", certificates=None, work_periods=[work("2023-03-15")]),
                     "intermediate", "grade.t2018.intermediate.after_junior", "has_cert_junior",
                     id="t2018-certificates-not-stated"),
        pytest.param("t2023", stated("t2023", titles=None, work_periods=[work("2023-03-15")]),
                     "senior", "grade.t2023.senior.junior_title", "has_title_junior",
                     id="t2023-titles-not-stated"),
    ],
)
def test_list_not_stated_is_undetermined(
    edition: str, worker_dict: dict[str, Any], target: str, route: str, fact: str
) -> None:
    """A worker whose list is not stated gets "undetermined", naming the missing fact."""
    d = skilleco.assess_grade(worker_dict, target, policy="cn-2025", on="2025-03-15")
    assert d.ruleset_id == f"grade.{edition}.{target}"
    assert d.status == "undetermined"
    assert d.finding(route).status == "unknown"
    assert route in d.deciding
    assert fact in d.missing_facts


def test_title_without_stated_match_is_unknown() -> None:
    """A title whose specialty match is not stated makes its route unknown, not true (grades.md)."""
    w = worker("t2023", titles=[title("intermediate", "2024-03-15", specialty_match=None)],
               work_periods=[work("2024-03-15")])
    d = skilleco.assess_grade(w, "technician", policy="cn-2025", on="2025-03-15")
    assert d.status == "undetermined"
    assert d.finding("grade.t2023.technician.intermediate_title").status == "unknown"
    assert "has_title_intermediate" in d.missing_facts


# ---------------------------------------------------------------------------------------------
# Edges the table leans on: earliest dates for all-of posts, records that settle a route
# ---------------------------------------------------------------------------------------------

MIN_YEARS_3 = skilleco.load_policy("cn-2025").with_changes(
    {"post.special.min_years_senior_technician": 3}, label="3 years as 高级技师"
)


def test_post_earliest_date_when_only_time_stands_in_the_way() -> None:
    """With a 3-year minimum set, a 2-year 高级技师 meeting every other criterion turns on the anniversary."""
    w = special_candidate(certificates=[cert("senior_technician", "2023-03-15")])
    d = skilleco.assess_grade(w, "special_technician", policy=MIN_YEARS_3, on="2025-03-15")
    assert d.status == "ineligible"
    assert d.deciding == ("grade.post.special.holds_senior_technician",)
    assert d.earliest_date == dt.date(2026, 3, 15)


def test_post_no_earliest_date_when_a_criterion_cannot_turn_by_time() -> None:
    """A 2-year 高级技师 at an employer not mainly skilled has no earliest date: waiting won't fix it."""
    w = special_candidate(certificates=[cert("senior_technician", "2023-03-15")],
                          employer=employer(mainly_skilled=False))
    d = skilleco.assess_grade(w, "special_technician", policy=MIN_YEARS_3, on="2025-03-15")
    assert d.status == "ineligible"
    assert set(d.deciding) == {"grade.post.special.holds_senior_technician",
                               "grade.post.special.enterprise"}
    assert d.earliest_date is None


def test_dated_certificate_settles_route_despite_an_undated_duplicate() -> None:
    """grade.t2023.technician.after_senior: a senior certificate of 2015 settles it, whatever an undated one says."""
    w = worker("t2023", certificates=[cert("senior", "2015-03-15"),
                                      {"level": "senior", "occupation_code": OCC}],
               work_periods=[work("2015-03-15")])
    d = skilleco.assess_grade(w, "technician", policy="cn-2025", on="2025-03-15")
    assert d.status == "eligible"
    assert d.deciding == ("grade.t2023.technician.after_senior",)


def test_matching_title_settles_route_despite_a_title_of_unstated_match() -> None:
    """grade.t2023.technician.intermediate_title: a matching 2015 title settles it beside an unclear one."""
    w = worker("t2023", titles=[title("intermediate", "2015-03-15"),
                                title("intermediate", "2016-01-01", specialty_match=None)],
               work_periods=[work("2015-03-15")])
    d = skilleco.assess_grade(w, "technician", policy="cn-2025", on="2025-03-15")
    assert d.status == "eligible"
    assert d.deciding == ("grade.t2023.technician.intermediate_title",)


def test_occupation_without_a_senior_technician_level_stops_at_technician() -> None:
    """cpc-2022-58 §11 (grade.post.occupation_has_senior_technician): no 高级技师 level, no 一级 to
    apply for and no posts above it — the profile and the what-if next grade end at 技师."""
    w = {
        "id": "no-top",
        "records_complete": True,
        "occupation": {"code": "6-18-02-04", "standard_edition": "t2023", "has_senior_technician": False},
        "certificates": [{"level": "三级", "occupation_code": "6-18-02-04", "issued_on": "2015-01-01"}],
    }
    profile = skilleco.grade_profile(w, policy="cn-2025", on="2026-11-21")
    assert [d.target for d in profile.decisions] == ["technician"]
    w["certificates"] = [{"level": "二级", "occupation_code": "6-18-02-04", "issued_on": "2015-01-01"}]
    top = skilleco.grade_profile(w, policy="cn-2025", on="2026-11-21")
    assert top.current_grade == "technician" and top.next_grade is None and top.decisions == ()
    c = skilleco.compare([w], "next_grade", baseline="cn-2025", reform="cn-2025", on="2026-11-21")
    assert c.count("not_applicable").baseline_rows == 1
