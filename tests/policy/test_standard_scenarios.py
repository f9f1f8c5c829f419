"""A scenario table per shipped standard (issue 13, Done-when; ``shared/policy/standards.md``).

For every route of every level of std-dg-2018 (电工), std-hg-2018 (焊工), std-yyy-2019 (育婴员) and
std-rgzn-2021 (人工智能训练师, whose reference text gives only 五级), the table has a row eligible by
that route alone (every other route "no", the exceptional routes included: they are not the
standard's, but they are asked) and a failing row: asked the day before the anniversary (earliest
date: the anniversary), a month of work short after the certificate (time.md, "Work after a date":
work done on or after its date, not calendar time), or missing one ingredient. Every row quotes its
clause verbatim (``clause``; checked against standards.md) and is asked under
``with_standards(load_policy("cn-2025"), shipped_standards())``, so each decision must name its
standard (``standard_id``); route ids are the t2018 template's, which all four follow.

Then what each standard changes against the template: 本职业 only (std-dg-2018, std-hg-2018: work,
certificates and apprenticeships in another stated occupation do not count, where the template
leaves them unknown), levels ending at 三级 (std-yyy-2019), related occupations known by name only
(std-yyy-2019, std-rgzn-2021: another stated occupation is unknown, never dropped), and the two
trades of std-rgzn-2021. Rows where the library contradicts standards.md are strict xfails whose
reason names the clause.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import skilleco
from skilleco import Decision, Policy

STANDARDS_MD = Path(__file__).parents[3] / "shared/policy/standards.md"

STANDARDS = skilleco.with_standards(skilleco.load_policy("cn-2025"), skilleco.shipped_standards())
"""The policy every row is asked under, unless it says ``TEMPLATE``."""
TEMPLATE = "cn-2025"
"""The template alone (no standard on file), for the rows that compare against it."""

DG, HG, YYY, AI = "6-31-01-03", "6-18-02-04", "4-10-01-02", "4-04-05-05"
CODES = {"std-dg-2018": DG, "std-hg-2018": HG, "std-yyy-2019": YYY, "std-rgzn-2021": AI}
NAMES = {DG: "electrician", HG: "welder", YYY: "infant carer", AI: "AI trainer"}
A = {DG: "an electrician", HG: "a welder"}
ELSEWHERE = "4-10-01-03"
"""A stated occupation that no shipped standard names by code (std-yyy-2019 and std-rgzn-2021 list
their related occupations by name only, so whether it is one of them is unknown)."""

ALONE = "this route alone"
"""Expected deciding ids: exactly the row's rule, every other route "no"."""
NO_ROUTE = "no route holds"
"""Expected deciding ids for an ineligible answer: every route, each "no"."""

NOT_THE_STANDARDS = {
    "grade.exceptional.direct_recognition",
    "grade.exceptional.major_contribution",
}
"""Exceptional routes (grades.md, 破格): no standard's, asked at every level, "no" in every row here
(plus ``grade.exceptional.national_competition`` for 技师 and 高级技师)."""

@dataclass(frozen=True)
class Case:
    """One scenario: the standard and clause it tests, a worker, a question, the answer required."""

    standard: str
    cite: str
    clause: str
    rule: str
    outcome: str
    description: str
    worker: dict[str, Any]
    on: str
    target: str
    status: str = "eligible"
    policy: str | Policy = STANDARDS
    deciding: str | tuple[str, ...] = ALONE
    finding: str = "yes"
    earliest: str | None = None
    missing: tuple[str, ...] = ()
    error: str | None = None
    xfail: str | None = None

    @property
    def id(self) -> str:
        return f"{self.standard}-{self.rule.removeprefix('grade.t2018.')}-{self.outcome}"

    @property
    def standard_id(self) -> str | None:
        """The standard the decision must name: none under the template alone."""
        return None if self.policy == TEMPLATE else self.standard


def person(code: str, born: str, edition: str = "t2023", **fields: Any) -> dict[str, Any]:
    """A worker in occupation ``code`` with complete records (a list left out means "none").

    The record states template ``t2023``: an occupation with a standard on file is judged by the
    standard's template (t2018) whatever the record says. Rows comparing with the template alone
    state ``t2018``, so both answers name the same routes.
    """
    return {
        "id": f"w-{code}-{born}",
        "records_complete": True,
        "birth_date": born,
        "occupation": {"code": code, "standard_edition": edition},
        **fields,
    }


def work(
    start: str, end: str | None = None, code: str | None = None, trade: str | None = None
) -> dict[str, Any]:
    """A period of work; no ``code``: in the worker's own occupation; ``end`` left out: still working."""
    out: dict[str, Any] = {"start": start}
    for key, value in (("end", end), ("occupation_code", code), ("trade", trade)):
        if value is not None:
            out[key] = value
    return out


def cert(level: str, issued_on: str, code: str) -> dict[str, Any]:
    """A skill level certificate (五级…一级) in occupation ``code``."""
    return {"level": level, "occupation_code": code, "issued_on": issued_on}


def school(kind: str, **fields: Any) -> dict[str, Any]:
    """A school record of ``kind`` (technical_school, technician_college, junior_college, …)."""
    return {"school_kind": kind, **fields}


def apprenticeship(code: str, start: str, end: str, completed: bool) -> dict[str, Any]:
    """An apprenticeship in occupation ``code``."""
    return {"occupation_code": code, "start": start, "end": end, "completed": completed}


def plus(day: str, years: int = 0, months: int = 0) -> str:
    """``day`` plus calendar years and months (relativedelta, as time.md counts)."""
    return (dt.date.fromisoformat(day) + relativedelta(years=years, months=months)).isoformat()


def day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


# Row builders: (standard, cite, clause, rule id) is a route; the rest is the scenario.
Route = tuple[str, str, str, str]


def holds(route: Route, description: str, w: dict[str, Any], on: str, target: str, **kw: Any) -> Case:
    """Eligible by ``route`` alone."""
    return Case(*route, "holds", description, w, on, target, **kw)


def short(
    route: Route, description: str, w: dict[str, Any], anniversary: str, target: str, **kw: Any
) -> Case:
    """Asked the day before ``anniversary``: ineligible, no route holds, earliest the anniversary."""
    kw.setdefault("deciding", NO_ROUTE)
    outcome = kw.pop("outcome", "one-day-short")
    return Case(
        *route,
        outcome,
        description,
        w,
        day_before(anniversary),
        target,
        status="ineligible",
        finding="no",
        earliest=anniversary,
        **kw,
    )


def lacks(
    route: Route, ingredient: str, description: str, w: dict[str, Any], on: str, target: str, **kw: Any
) -> Case:
    """Missing ``ingredient``, which no waiting supplies (another route may still turn by time)."""
    kw.setdefault("deciding", NO_ROUTE)
    kw.setdefault("status", "ineligible")
    kw.setdefault("finding", "no")
    return Case(*route, f"missing-{ingredient}", description, w, on, target, **kw)


def after(
    route: Route,
    what: str,
    target: str,
    code: str,
    born: str,
    level: str,
    since: str,
    years: int,
    **fields: Any,
) -> list[Case]:
    """The three rows of a route counting ``years`` of work after a ``level`` certificate of ``since``.

    Working from the certificate's date, the route holds on the anniversary and not the day before;
    starting work a month after it, the worker is a month of work short on the anniversary, and
    turns a month later.
    """
    anniversary = plus(since, years)
    held = [cert(level, since, code)]
    w = person(code, born, certificates=held, work_periods=[work(since)], **fields)
    late = person(code, born, certificates=held, work_periods=[work(plus(since, months=1))], **fields)
    return [
        holds(route, f"{what} {since}, then {years} years of work", w, anniversary, target),
        short(route, f"{what} {since}, then {years} years of work less a day", w, anniversary, target),
        Case(
            *route,
            "month-of-work-short",
            f"{what} {since}, work begun a month later: on the anniversary a month of work short",
            late,
            anniversary,
            target,
            status="ineligible",
            deciding=NO_ROUTE,
            finding="no",
            earliest=plus(since, years, months=1),
        ),
    ]


# ---------------------------------------------------------------------------------------------
# std-dg-2018 (电工) and std-hg-2018 (焊工): the t2018 routes, 本职业 only
# ---------------------------------------------------------------------------------------------

# Verbatim from standards.md, std-dg-2018; std-hg-2018 "read word for word as std-dg-2018 above".
OWN = {
    "五级(1)": "累计从事本职业工作1年(含)以上",
    "五级(2)": "本职业学徒期满",
    "四级(1)": "取得本职业五级/初级工职业资格证书(技能等级证书)后，累计从事本职业工作4年(含)以上",
    "四级(2)": "累计从事本职业工作6年(含)以上",
    "四级(3)a": "取得技工学校本专业或相关专业毕业证书(含尚未取得毕业证书的在校应届毕业生)",
    "四级(3)b": "或取得经评估论证、以中级技能为培养目标的中等及以上职业学校本专业或相关专业毕业证书(含尚未取得毕业证书的在校应届毕业生)",
    "三级(1)": "取得本职业四级/中级工职业资格证书(技能等级证书)后，累计从事本职业工作5年(含)以上",
    "三级(2)a": "取得本职业四级/中级工职业资格证书(技能等级证书)，并具有高级技工学校、技师学院毕业证书(含尚未取得毕业证书的在校应届毕业生)",
    "三级(2)b": "或取得本职业四级/中级工职业资格证书，并具有经评估论证、以高级技能为培养目标的高等职业学校本专业或相关专业毕业证书(含尚未取得毕业证书的在校应届毕业生)",
    "三级(3)": "具有大专及以上本专业或相关专业毕业证书，并取得本职业四级/中级工职业资格证书(技能等级证书)后，累计从事本职业工作2年(含)以上",
    "二级(1)": "取得本职业三级/高级工职业资格证书(技能等级证书)后，累计从事本职业工作4年(含)以上",
    "二级(2)a": "取得本职业三级/高级工职业资格证书(技能等级证书)的高级技工学校、技师学院毕业生，累计从事本职业工作3年(含)以上",
    "二级(2)b": "或取得本职业预备技师证书的技师学院毕业生，累计从事本职业工作2年(含)以上",
    "一级": "取得本职业二级/技师职业资格证书(技能等级证书)后，累计从事本职业工作4年(含)以上",
}
ROUTE_OF = {
    "五级(1)": "grade.t2018.junior.worked",
    "五级(2)": "grade.t2018.junior.apprenticeship",
    "四级(1)": "grade.t2018.intermediate.after_junior",
    "四级(2)": "grade.t2018.intermediate.worked",
    "四级(3)a": "grade.t2018.intermediate.school",
    "四级(3)b": "grade.t2018.intermediate.school",
    "三级(1)": "grade.t2018.senior.after_intermediate",
    "三级(2)a": "grade.t2018.senior.school",
    "三级(2)b": "grade.t2018.senior.school",
    "三级(3)": "grade.t2018.senior.college",
    "二级(1)": "grade.t2018.technician.after_senior",
    "二级(2)a": "grade.t2018.technician.school",
    "二级(2)b": "grade.t2018.technician.prep",
    "一级": "grade.t2018.senior_technician.after_technician",
}


def own_only_table(std: str, other: str, major: str) -> list[Case]:
    """Every route of a 本职业-only t2018 standard; ``other`` is another occupation, ``major`` one of
    the standard's majors (related: a major it does not list, 会计)."""
    code = CODES[std]

    def r(cite: str) -> Route:
        return (std, cite.rstrip("ab"), OWN[cite], ROUTE_OF[cite])

    return [
        # 五级
        holds(
            r("五级(1)"),
            f"one year of work as {A[code]}",
            person(code, "1998-04-20", work_periods=[work("2024-03-15")]),
            "2025-03-15",
            "junior",
        ),
        short(
            r("五级(1)"),
            "one year of work less a day",
            person(code, "1998-04-20", work_periods=[work("2024-03-15")]),
            "2025-03-15",
            "junior",
        ),
        holds(
            r("五级(2)"),
            f"completed a two-year apprenticeship as {A[code]}",
            person(code, "2003-09-01", apprenticeship=apprenticeship(code, "2023-03-01", "2025-02-28", True)),
            "2025-03-15",
            "junior",
        ),
        lacks(
            r("五级(2)"),
            "completion",
            "an apprenticeship broken off after ten months",
            person(
                code, "2003-09-01", apprenticeship=apprenticeship(code, "2023-03-01", "2023-12-31", False)
            ),
            "2025-03-15",
            "junior",
        ),
        # 四级
        *after(
            r("四级(1)"),
            "junior certificate (五级)",
            "intermediate",
            code,
            "1996-07-12",
            "五级",
            "2021-03-15",
            4,
        ),
        holds(
            r("四级(2)"),
            "six years of work, no certificate",
            person(code, "1995-02-03", work_periods=[work("2019-03-15")]),
            "2025-03-15",
            "intermediate",
        ),
        short(
            r("四级(2)"),
            "six years of work less a day",
            person(code, "1995-02-03", work_periods=[work("2019-03-15")]),
            "2025-03-15",
            "intermediate",
        ),
        holds(
            r("四级(3)a"),
            f"technical-school graduate in {major} (a major the standard lists)",
            person(
                code,
                "2005-10-08",
                education=[school("technical_school", major=major, graduated_on="2024-07-01")],
            ),
            "2025-03-15",
            "intermediate",
        ),
        Case(
            *r("四级(3)a"),
            "holds-current-year",
            "technical-school student in the specialty graduating this summer (在校应届毕业生)",
            person(
                code,
                "2006-01-20",
                education=[
                    school(
                        "technical_school",
                        specialty_match=True,
                        enrolled_on="2022-09-01",
                        expected_graduation="2025-07-01",
                    )
                ],
            ),
            "2025-03-15",
            "intermediate",
        ),
        lacks(
            r("四级(3)a"),
            "specialty",
            "technical-school graduate in 会计, a major the standard does not list",
            person(
                code,
                "2005-10-08",
                education=[school("technical_school", major="会计", graduated_on="2024-07-01")],
            ),
            "2025-03-15",
            "intermediate",
        ),
        Case(
            *r("四级(3)b"),
            "holds-assessed",
            f"graduate of an assessed secondary vocational school training to intermediate skill, in {major}",
            person(
                code,
                "2005-05-16",
                education=[
                    school(
                        "secondary_vocational",
                        assessed=True,
                        training_target="intermediate",
                        major=major,
                        graduated_on="2024-07-01",
                    )
                ],
            ),
            "2025-03-15",
            "intermediate",
        ),
        lacks(
            r("四级(3)b"),
            "assessed-specialty",
            "graduate of an assessed secondary vocational school "
            "training to intermediate skill, in 会计, a major the standard does not list",
            person(
                code,
                "2005-05-16",
                education=[
                    school(
                        "secondary_vocational",
                        assessed=True,
                        training_target="intermediate",
                        major="会计",
                        graduated_on="2024-07-01",
                    )
                ],
            ),
            "2025-03-15",
            "intermediate",
        ),
        lacks(
            r("四级(3)b"),
            "assessment",
            "graduate of a secondary vocational school that was not "
            f"assessed (经评估论证) for the occupation, in {major}",
            person(
                code,
                "2005-05-16",
                education=[
                    school(
                        "secondary_vocational",
                        assessed=False,
                        training_target="intermediate",
                        major=major,
                        graduated_on="2024-07-01",
                    )
                ],
            ),
            "2025-03-15",
            "intermediate",
        ),
        # 三级
        *after(
            r("三级(1)"),
            "intermediate certificate (四级)",
            "senior",
            code,
            "1992-11-30",
            "四级",
            "2020-03-15",
            5,
        ),
        holds(
            r("三级(2)a"),
            "intermediate certificate; technician-college student graduating this summer",
            person(
                code,
                "2004-06-09",
                certificates=[cert("四级", "2024-01-10", code)],
                education=[
                    school("technician_college", enrolled_on="2021-09-01", expected_graduation="2025-07-01")
                ],
            ),
            "2025-03-15",
            "senior",
        ),
        lacks(
            r("三级(2)a"),
            "intermediate-certificate",
            "technician-college graduate without an intermediate certificate",
            person(
                code,
                "2004-06-09",
                education=[school("technician_college", enrolled_on="2021-09-01", graduated_on="2024-07-01")],
            ),
            "2025-03-15",
            "senior",
        ),
        Case(
            *r("三级(2)a"),
            "holds-any-specialty",
            "intermediate certificate; technician-college graduate in "
            "会计: this branch has no specialty condition (standards.md's note on 三级(2))",
            person(
                code,
                "2004-06-09",
                certificates=[cert("四级", "2024-01-10", code)],
                education=[
                    school(
                        "technician_college",
                        major="会计",
                        enrolled_on="2021-09-01",
                        graduated_on="2024-07-01",
                    )
                ],
            ),
            "2025-03-15",
            "senior",
        ),
        Case(
            *r("三级(2)b"),
            "holds-assessed",
            "intermediate certificate; graduate of an assessed higher "
            f"vocational school training to advanced skill, in {major}",
            person(
                code,
                "2003-03-03",
                certificates=[cert("四级", "2023-12-01", code)],
                education=[
                    school(
                        "higher_vocational",
                        assessed=True,
                        training_target="advanced",
                        major=major,
                        graduated_on="2024-07-01",
                    )
                ],
            ),
            "2025-03-15",
            "senior",
        ),
        lacks(
            r("三级(2)b"),
            "assessed-specialty",
            "intermediate certificate; graduate of an assessed higher "
            "vocational school training to advanced skill, in 会计, a major the standard does not list",
            person(
                code,
                "2003-03-03",
                certificates=[cert("四级", "2023-12-01", code)],
                education=[
                    school(
                        "higher_vocational",
                        assessed=True,
                        training_target="advanced",
                        major="会计",
                        graduated_on="2024-07-01",
                    )
                ],
            ),
            "2025-03-15",
            "senior",
        ),
        *after(
            r("三级(3)"),
            f"college (大专) graduate in {major} of 2022, intermediate certificate",
            "senior",
            code,
            "2001-08-25",
            "四级",
            "2023-03-15",
            2,
            education=[school("junior_college", major=major, graduated_on="2022-07-01")],
        ),
        lacks(
            r("三级(3)"),
            "specialty",
            "college graduate in 会计, intermediate certificate, two years of work "
            "after it (三级(1)'s five years would turn in 2028)",
            person(
                code,
                "2001-08-25",
                certificates=[cert("四级", "2023-03-15", code)],
                work_periods=[work("2023-03-15")],
                education=[school("junior_college", major="会计", graduated_on="2022-07-01")],
            ),
            "2025-03-15",
            "senior",
            earliest="2028-03-15",
        ),
        # 二级
        *after(
            r("二级(1)"),
            "senior certificate (三级)",
            "technician",
            code,
            "1988-01-14",
            "三级",
            "2021-03-15",
            4,
        ),
        holds(
            r("二级(2)a"),
            "senior-technical-school graduate of 2021, senior certificate of 2024, three "
            "years of work since 2022 (cumulative, not counted from the certificate)",
            person(
                code,
                "2002-05-05",
                certificates=[cert("三级", "2024-06-01", code)],
                work_periods=[work("2022-03-15")],
                education=[school("senior_technical_school", graduated_on="2021-07-01")],
            ),
            "2025-03-15",
            "technician",
        ),
        short(
            r("二级(2)a"),
            "senior-technical-school graduate, senior certificate, three years of work less a day",
            person(
                code,
                "2002-05-05",
                certificates=[cert("三级", "2024-06-01", code)],
                work_periods=[work("2022-03-15")],
                education=[school("senior_technical_school", graduated_on="2021-07-01")],
            ),
            "2025-03-15",
            "technician",
        ),
        lacks(
            r("二级(2)a"),
            "senior-certificate",
            "senior-technical-school graduate, three years of work, only an intermediate certificate",
            person(
                code,
                "2002-05-05",
                certificates=[cert("四级", "2022-06-01", code)],
                work_periods=[work("2022-03-15")],
                education=[school("senior_technical_school", graduated_on="2021-07-01")],
            ),
            "2025-03-15",
            "technician",
        ),
        lacks(
            r("二级(2)a"),
            "graduation",
            "senior-technical-school student graduating this summer, senior "
            "certificate, three years of work: 毕业生 here has no 应届 clause (二级(1)'s four years after "
            "the certificate turn in 2028)",
            person(
                code,
                "2002-05-05",
                certificates=[cert("三级", "2024-06-01", code)],
                work_periods=[work("2022-03-15")],
                education=[
                    school(
                        "senior_technical_school", enrolled_on="2020-09-01", expected_graduation="2025-07-01"
                    )
                ],
            ),
            "2025-03-15",
            "technician",
            earliest="2028-06-01",
        ),
        holds(
            r("二级(2)b"),
            "technician-college graduate with a preparatory-technician certificate and no "
            "senior certificate, two years of work begun before the certificate",
            person(
                code,
                "2001-12-12",
                prep_technician_certificates=[{"occupation_code": code, "issued_on": "2024-06-01"}],
                education=[
                    school(
                        "technician_college", class_level="preparatory_technician", graduated_on="2023-07-01"
                    )
                ],
                work_periods=[work("2023-03-15")],
            ),
            "2025-03-15",
            "technician",
        ),
        short(
            r("二级(2)b"),
            "preparatory-technician certificate, technician-college graduate, two years of work less a day",
            person(
                code,
                "2001-12-12",
                prep_technician_certificates=[{"occupation_code": code, "issued_on": "2024-06-01"}],
                education=[
                    school(
                        "technician_college", class_level="preparatory_technician", graduated_on="2023-07-01"
                    )
                ],
                work_periods=[work("2023-03-15")],
            ),
            "2025-03-15",
            "technician",
        ),
        # 一级
        *after(
            r("一级"),
            "technician certificate (二级)",
            "senior_technician",
            code,
            "1984-09-09",
            "二级",
            "2021-03-15",
            4,
        ),
        # 本职业 only: records in another stated occupation do not count (the template: unknown).
        *own_only_pairs(std, code, other, r),
    ]


def own_only_pairs(std: str, code: str, other: str, r: Any) -> list[Case]:
    """The same worker under the standard (another occupation does not count: "no") and under the
    template alone, with no standard on file (nothing settles it: unknown)."""
    other_name = NAMES[other]
    work_elsewhere = person(
        code,
        "1994-04-04",
        "t2018",
        work_periods=[work("2019-03-15", "2022-03-14", other), work("2022-03-15")],
    )
    cert_elsewhere = person(
        code,
        "1994-04-04",
        "t2018",
        certificates=[cert("五级", "2021-03-15", other)],
        work_periods=[work("2021-03-15")],
    )
    appr_elsewhere = person(
        code, "2003-09-01", "t2018", apprenticeship=apprenticeship(other, "2023-03-01", "2025-02-28", True)
    )
    prep_elsewhere = person(
        code,
        "2001-12-12",
        "t2018",
        prep_technician_certificates=[{"occupation_code": other, "issued_on": "2024-06-01"}],
        education=[
            school("technician_college", class_level="preparatory_technician", graduated_on="2023-07-01")
        ],
        work_periods=[work("2023-03-15")],
    )
    return [
        lacks(
            r("四级(2)"),
            f"own-work-{other_name}",
            f"three years as {A[other]}, then three as "
            f"{A[code]}: three years of work, not six (turns in 2028)",
            work_elsewhere,
            "2025-03-15",
            "intermediate",
            earliest="2028-03-15",
        ),
        Case(
            *r("四级(2)"),
            f"template-work-{other_name}",
            "the same worker under the template alone: whether the other occupation is related is unknown",
            work_elsewhere,
            "2025-03-15",
            "intermediate",
            policy=TEMPLATE,
            status="undetermined",
            deciding=(ROUTE_OF["四级(2)"],),
            finding="unknown",
            missing=("work_relation_known",),
        ),
        lacks(
            r("四级(1)"),
            f"own-certificate-{other_name}",
            f"{A[other]}'s junior certificate, then four "
            "years of work: not this occupation's (six years of work turn in 2027)",
            cert_elsewhere,
            "2025-03-15",
            "intermediate",
            earliest="2027-03-15",
        ),
        Case(
            *r("四级(1)"),
            f"template-certificate-{other_name}",
            "the same worker under the template alone: "
            "whether the other occupation's certificate counts is unknown",
            cert_elsewhere,
            "2025-03-15",
            "intermediate",
            policy=TEMPLATE,
            status="undetermined",
            deciding=(ROUTE_OF["四级(1)"],),
            finding="unknown",
            missing=("has_cert_junior", "cert_junior_earliest_known"),
        ),
        lacks(
            r("五级(2)"),
            f"own-apprenticeship-{other_name}",
            f"an apprenticeship completed as {A[other]}",
            appr_elsewhere,
            "2025-03-15",
            "junior",
        ),
        Case(
            *r("五级(2)"),
            f"template-apprenticeship-{other_name}",
            "the same worker under the template alone: unknown",
            appr_elsewhere,
            "2025-03-15",
            "junior",
            policy=TEMPLATE,
            status="undetermined",
            deciding=(ROUTE_OF["五级(2)"],),
            finding="unknown",
            missing=("apprenticeship_completed",),
        ),
        lacks(
            r("二级(2)b"),
            f"own-prep-certificate-{other_name}",
            "technician-college graduate whose "
            f"preparatory-technician certificate is {A[other]}'s, two years of work",
            prep_elsewhere,
            "2025-03-15",
            "technician",
        ),
        Case(
            *r("二级(2)b"),
            f"template-prep-certificate-{other_name}",
            "the same worker under the template alone: unknown",
            prep_elsewhere,
            "2025-03-15",
            "technician",
            policy=TEMPLATE,
            status="undetermined",
            deciding=(ROUTE_OF["二级(2)b"],),
            finding="unknown",
            missing=("has_prep_technician_cert",),
        ),
    ]


DG_TABLE = own_only_table("std-dg-2018", HG, "机电一体化")
HG_TABLE = own_only_table("std-hg-2018", DG, "焊接技术应用")

# ---------------------------------------------------------------------------------------------
# std-yyy-2019 (育婴员): the t2018 routes, 本职业或相关职业, levels 五级 to 三级
# ---------------------------------------------------------------------------------------------

YYY_CLAUSES = {
    "五级(1)": "累计从事本职业或相关职业工作1年（含）以上",
    "五级(2)": "本职业或相关职业学徒期满",
    "四级(1)": "取得本职业或相关职业五级/初级工职业资格证书（技能等级证书）后，累计从事本职业或相关职业工作4年（含）以上",
    "四级(2)": "累计从事本职业或相关职业工作6年（含）以上",
    "四级(3)": "技工学校 / 经评估论证的中等及以上职业学校本专业或相关专业毕业证书（含尚未取得毕业证书的在校应届毕业生）",
    "三级(1)": "四级后累计从事本职业或相关职业工作5年（含）以上",
    "三级(2)a": "四级 + 高级技工学校、技师学院毕业证书",
    "三级(2)b": "或四级 + 经评估论证、以高级技能为培养目标的高等职业学校本专业或相关专业毕业证书（均含应届）",
    "三级(3)": "大专及以上本专业或相关专业毕业证书 + 四级后累计从事本职业或相关职业工作2年（含）以上",
}
YYY_RELATED = (
    "相关职业：婴幼儿发展引导员、幼儿教育教师、儿科医师、儿科护士、孤残儿童护理员、母婴保健技术服务人员、"
    "保健调理师、健康管理师、保育员、家政服务员"
)
YYY_MAJORS_BY_SCHOOL = (
    "3、相关专业：中职：护理、中医护理、家政服务与管理、营养与保健；高职高专：护理、预防医学、公共卫生管理"
)
YYY_LEVELS = "L5–L3"


def yyy(cite: str) -> Route:
    return (
        "std-yyy-2019",
        cite.rstrip("ab"),
        YYY_CLAUSES[cite],
        ROUTE_OF.get(cite, ROUTE_OF.get(cite + "a", "")),
    )


def yyy_related(cite: str) -> Route:
    """A route of std-yyy-2019 as its note on related occupations (注1, names only) bears on it."""
    return ("std-yyy-2019", "注1", YYY_RELATED, yyy(cite)[3])


def no_level(target: str) -> Case:
    """std-yyy-2019 has no 二级 or 一级: asking for one is refused (``no_level``), not answered."""
    return Case(
        "std-yyy-2019",
        "levels",
        YYY_LEVELS,
        "levels",
        f"{target}-no-level",
        f"asking for {target}, a level the standard does not have",
        person(
            YYY,
            "1985-05-20",
            certificates=[cert("三级", "2015-03-15", YYY)],
            work_periods=[work("2015-03-15")],
        ),
        "2025-03-15",
        target,
        error="no_level",
    )


YYY_TABLE = [
    # 五级
    holds(
        yyy("五级(1)"),
        "one year of work as an infant carer",
        person(YYY, "1999-02-11", work_periods=[work("2024-03-15")]),
        "2025-03-15",
        "junior",
    ),
    short(
        yyy("五级(1)"),
        "one year of work less a day",
        person(YYY, "1999-02-11", work_periods=[work("2024-03-15")]),
        "2025-03-15",
        "junior",
    ),
    Case(
        *yyy_related("五级(1)"),
        "unknown-work-elsewhere",
        "one year of work in another stated occupation: the "
        "related occupations are listed by name only, so whether it is one of them is unknown",
        person(YYY, "1999-02-11", work_periods=[work("2024-03-15", code=ELSEWHERE)]),
        "2025-03-15",
        "junior",
        status="undetermined",
        deciding=("grade.t2018.junior.worked",),
        finding="unknown",
        missing=("work_relation_known",),
    ),
    holds(
        yyy("五级(2)"),
        "completed an apprenticeship as an infant carer",
        person(YYY, "2004-12-01", apprenticeship=apprenticeship(YYY, "2023-09-01", "2024-08-31", True)),
        "2025-03-15",
        "junior",
    ),
    lacks(
        yyy("五级(2)"),
        "completion",
        "an apprenticeship still running (not completed)",
        person(YYY, "2004-12-01", apprenticeship=apprenticeship(YYY, "2024-09-01", "2025-08-31", False)),
        "2025-03-15",
        "junior",
    ),
    Case(
        *yyy_related("五级(2)"),
        "unknown-apprenticeship-elsewhere",
        "an apprenticeship completed in another stated occupation: related or not is unknown",
        person(YYY, "2004-12-01", apprenticeship=apprenticeship(ELSEWHERE, "2023-09-01", "2024-08-31", True)),
        "2025-03-15",
        "junior",
        status="undetermined",
        deciding=("grade.t2018.junior.apprenticeship",),
        finding="unknown",
        missing=("apprenticeship_completed",),
    ),
    # 四级
    *after(
        yyy("四级(1)"),
        "junior certificate (五级)",
        "intermediate",
        YYY,
        "1993-06-30",
        "五级",
        "2020-09-01",
        4,
    ),
    Case(
        *yyy_related("四级(1)"),
        "unknown-certificate-elsewhere",
        "a junior certificate in another stated occupation, "
        "then four years of work: whether it counts is unknown (six years of work turn in 2026)",
        person(
            YYY,
            "1993-06-30",
            certificates=[cert("五级", "2020-09-01", ELSEWHERE)],
            work_periods=[work("2020-09-01")],
        ),
        "2024-09-01",
        "intermediate",
        status="undetermined",
        deciding=("grade.t2018.intermediate.after_junior",),
        finding="unknown",
        missing=("has_cert_junior", "cert_junior_earliest_known"),
    ),
    holds(
        yyy("四级(2)"),
        "six years of work, no certificate",
        person(YYY, "1990-10-10", work_periods=[work("2019-03-15")]),
        "2025-03-15",
        "intermediate",
    ),
    short(
        yyy("四级(2)"),
        "six years of work less a day",
        person(YYY, "1990-10-10", work_periods=[work("2019-03-15")]),
        "2025-03-15",
        "intermediate",
    ),
    Case(
        *yyy_related("四级(2)"),
        "unknown-work-elsewhere",
        "three years in another stated occupation, then three as "
        "an infant carer: six years if it is related, three if not",
        person(
            YYY, "1990-10-10", work_periods=[work("2019-03-15", "2022-03-14", ELSEWHERE), work("2022-03-15")]
        ),
        "2025-03-15",
        "intermediate",
        status="undetermined",
        deciding=("grade.t2018.intermediate.worked",),
        finding="unknown",
        missing=("work_relation_known",),
    ),
    holds(
        yyy("四级(3)"),
        "technical-school graduate in 学前教育 (本专业)",
        person(
            YYY,
            "2005-03-21",
            education=[school("technical_school", major="学前教育", graduated_on="2024-07-01")],
        ),
        "2025-03-15",
        "intermediate",
    ),
    Case(
        *yyy("四级(3)"),
        "holds-assessed",
        "graduate of an assessed secondary vocational school training to "
        "intermediate skill, in 护理 (a related 中职 major)",
        person(
            YYY,
            "2005-03-21",
            education=[
                school(
                    "secondary_vocational",
                    assessed=True,
                    training_target="intermediate",
                    major="护理",
                    graduated_on="2024-07-01",
                )
            ],
        ),
        "2025-03-15",
        "intermediate",
    ),
    lacks(
        yyy("四级(3)"),
        "specialty",
        "technical-school graduate in 数控技术应用, a major the standard does not list",
        person(
            YYY,
            "2005-03-21",
            education=[school("technical_school", major="数控技术应用", graduated_on="2024-07-01")],
        ),
        "2025-03-15",
        "intermediate",
    ),
    lacks(
        yyy("四级(3)"),
        "assessed-specialty",
        "graduate of an assessed secondary vocational school training to "
        "intermediate skill, in 数控技术应用, a major the standard does not list",
        person(
            YYY,
            "2005-03-21",
            education=[
                school(
                    "secondary_vocational",
                    assessed=True,
                    training_target="intermediate",
                    major="数控技术应用",
                    graduated_on="2024-07-01",
                )
            ],
        ),
        "2025-03-15",
        "intermediate",
    ),
    Case(
        "std-yyy-2019",
        "注3",
        YYY_MAJORS_BY_SCHOOL,
        "grade.t2018.intermediate.school",
        "missing-school-level-major",
        "technical-school (中职) graduate in 预防医学, a related major only at 高职高专 level",
        person(
            YYY,
            "2005-03-21",
            education=[school("technical_school", major="预防医学", graduated_on="2024-07-01")],
        ),
        "2025-03-15",
        "intermediate",
        status="ineligible",
        deciding=NO_ROUTE,
        finding="no",
    ),
    # 三级
    *after(
        yyy("三级(1)"),
        "intermediate certificate (四级)",
        "senior",
        YYY,
        "1989-07-07",
        "四级",
        "2019-06-01",
        5,
    ),
    holds(
        yyy("三级(2)a"),
        "intermediate certificate; technician-college student graduating this summer",
        person(
            YYY,
            "2004-04-04",
            certificates=[cert("四级", "2024-01-10", YYY)],
            education=[
                school("technician_college", enrolled_on="2021-09-01", expected_graduation="2025-07-01")
            ],
        ),
        "2025-03-15",
        "senior",
    ),
    lacks(
        yyy("三级(2)a"),
        "intermediate-certificate",
        "technician-college graduate without an intermediate certificate",
        person(
            YYY,
            "2004-04-04",
            education=[school("technician_college", enrolled_on="2021-09-01", graduated_on="2024-07-01")],
        ),
        "2025-03-15",
        "senior",
    ),
    Case(
        *yyy("三级(2)b"),
        "holds-assessed",
        "intermediate certificate; graduate of an assessed higher vocational "
        "school training to advanced skill, in 早期教育 (本专业)",
        person(
            YYY,
            "2003-01-09",
            certificates=[cert("四级", "2023-12-01", YYY)],
            education=[
                school(
                    "higher_vocational",
                    assessed=True,
                    training_target="advanced",
                    major="早期教育",
                    graduated_on="2024-07-01",
                )
            ],
        ),
        "2025-03-15",
        "senior",
    ),
    lacks(
        yyy("三级(2)b"),
        "assessed-specialty",
        "intermediate certificate; graduate of an assessed higher "
        "vocational school training to advanced skill, in 数控技术, a major the standard does not list",
        person(
            YYY,
            "2003-01-09",
            certificates=[cert("四级", "2023-12-01", YYY)],
            education=[
                school(
                    "higher_vocational",
                    assessed=True,
                    training_target="advanced",
                    major="数控技术",
                    graduated_on="2024-07-01",
                )
            ],
        ),
        "2025-03-15",
        "senior",
    ),
    *after(
        yyy("三级(3)"),
        "college (大专) graduate in 早期教育 of 2021, intermediate certificate",
        "senior",
        YYY,
        "2000-02-29",
        "四级",
        "2022-09-01",
        2,
        education=[school("junior_college", major="早期教育", graduated_on="2021-07-01")],
    ),
    lacks(
        yyy("三级(3)"),
        "specialty",
        "college graduate in 数控技术, intermediate certificate, two years of work "
        "after it (三级(1)'s five years would turn in 2027)",
        person(
            YYY,
            "2000-02-29",
            certificates=[cert("四级", "2022-09-01", YYY)],
            work_periods=[work("2022-09-01")],
            education=[school("junior_college", major="数控技术", graduated_on="2021-07-01")],
        ),
        "2024-09-01",
        "senior",
        earliest="2027-09-01",
    ),
    # 二级, 一级: not in this standard
    no_level("technician"),
    no_level("senior_technician"),
]

# ---------------------------------------------------------------------------------------------
# std-rgzn-2021 (人工智能训练师): only 五级 is read; two trades, both 本职业
# ---------------------------------------------------------------------------------------------

AI_CLAUSES = {"五级(1)": "累计从事本职业或相关职业工作1年(含)以上", "五级(2)": "本职业或相关职业学徒期满"}
AI_TRADES = "本职业包含数据标注员、人工智能算法测试员两个工种。"
LABELLER, TESTER = "数据标注员", "人工智能算法测试员"


def rgzn(cite: str, clause: str | None = None) -> Route:
    return ("std-rgzn-2021", cite, clause or AI_CLAUSES[cite], ROUTE_OF[cite])


AI_TABLE = [
    holds(
        rgzn("五级(1)"),
        f"one year of work as a {LABELLER} (data labeller)",
        person(AI, "2000-08-08", work_periods=[work("2024-03-15", trade=LABELLER)]),
        "2025-03-15",
        "junior",
    ),
    short(
        rgzn("五级(1)"),
        f"one year of work as a {LABELLER}, less a day",
        person(AI, "2000-08-08", work_periods=[work("2024-03-15", trade=LABELLER)]),
        "2025-03-15",
        "junior",
    ),
    Case(
        *rgzn("五级(1)", AI_TRADES),
        "holds-two-trades",
        f"six months as a {LABELLER}, then six as a "
        f"{TESTER}: both trades are this occupation, one year of work",
        person(
            AI,
            "2000-08-08",
            work_periods=[
                work("2024-03-15", "2024-09-14", code=AI, trade=LABELLER),
                work("2024-09-15", code=AI, trade=TESTER),
            ],
        ),
        "2025-03-15",
        "junior",
    ),
    short(
        rgzn("五级(1)", AI_TRADES),
        f"six months as a {LABELLER}, then six as a {TESTER}, less a day",
        person(
            AI,
            "2000-08-08",
            work_periods=[
                work("2024-03-15", "2024-09-14", code=AI, trade=LABELLER),
                work("2024-09-15", code=AI, trade=TESTER),
            ],
        ),
        "2025-03-15",
        "junior",
        outcome="one-day-short-two-trades",
    ),
    Case(
        *rgzn("五级(1)"),
        "unknown-work-elsewhere",
        "one year in another stated occupation: the related "
        "occupations (注①) are not in the reference, so whether it counts is unknown",
        person(AI, "2000-08-08", work_periods=[work("2024-03-15", code=ELSEWHERE)]),
        "2025-03-15",
        "junior",
        status="undetermined",
        deciding=("grade.t2018.junior.worked",),
        finding="unknown",
        missing=("work_relation_known",),
    ),
    holds(
        rgzn("五级(2)"),
        "completed an apprenticeship as an AI trainer",
        person(AI, "2003-05-05", apprenticeship=apprenticeship(AI, "2023-07-01", "2024-06-30", True)),
        "2025-03-15",
        "junior",
    ),
    lacks(
        rgzn("五级(2)"),
        "completion",
        "an apprenticeship broken off",
        person(AI, "2003-05-05", apprenticeship=apprenticeship(AI, "2023-07-01", "2023-12-31", False)),
        "2025-03-15",
        "junior",
    ),
    Case(
        *rgzn("五级(2)"),
        "unknown-apprenticeship-elsewhere",
        "an apprenticeship completed in another stated occupation: unknown",
        person(AI, "2003-05-05", apprenticeship=apprenticeship(ELSEWHERE, "2023-07-01", "2024-06-30", True)),
        "2025-03-15",
        "junior",
        status="undetermined",
        deciding=("grade.t2018.junior.apprenticeship",),
        finding="unknown",
        missing=("apprenticeship_completed",),
    ),
]

TABLES = {
    "std-dg-2018": DG_TABLE,
    "std-hg-2018": HG_TABLE,
    "std-yyy-2019": YYY_TABLE,
    "std-rgzn-2021": AI_TABLE,
}
CASES = [c for table in TABLES.values() for c in table]

READ_LEVELS = {
    "std-dg-2018": ("junior", "intermediate", "senior", "technician", "senior_technician"),
    "std-hg-2018": ("junior", "intermediate", "senior", "technician", "senior_technician"),
    "std-yyy-2019": ("junior", "intermediate", "senior"),
    "std-rgzn-2021": ("junior",),  # standards.md: "L5 only read"
}
"""The levels whose routes standards.md gives, per standard."""


def params(cases: list[Case]) -> list[Any]:
    """``pytest.param`` for each case, with its id; a row contradicting the library is a strict xfail."""
    out = []
    for c in cases:
        marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=c.xfail)] if c.xfail else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


def ask(case: Case) -> Decision:
    return skilleco.assess_grade(case.worker, case.target, policy=case.policy, on=case.on)


@pytest.mark.parametrize("case", params(CASES))
def test_standard_scenario(case: Case) -> None:
    """Each row gets the status, standard, deciding ids, finding and earliest date it names."""
    if case.error is not None:
        with pytest.raises(skilleco.InputError) as err:
            ask(case)
        assert err.value.errors[0]["type"] == case.error
        return
    d = ask(case)
    assert (d.status, d.standard_id) == (case.status, case.standard_id)
    assert d.ruleset_id == f"grade.t2018.{case.target}"
    assert d.finding(case.rule).status == case.finding
    routes = [f for f in d.findings if f.role == "rule"]
    exceptional = {f.rule_id: f.status for f in routes if f.rule_id.startswith("grade.exceptional.")}
    assert set(exceptional) >= NOT_THE_STANDARDS
    assert set(exceptional.values()) == {"no"}
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
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def routes_of(std: str, target: str) -> set[str]:
    """The standard's routes to ``target`` (the exceptional routes left out: they are not its own)."""
    d = skilleco.assess_grade(person(CODES[std], "1990-01-01"), target, policy=STANDARDS, on="2025-03-15")
    assert d.standard_id == std
    return {
        f.rule_id for f in d.findings if f.role == "rule" and not f.rule_id.startswith("grade.exceptional.")
    }


@pytest.mark.parametrize("std", list(TABLES))
def test_every_route_of_every_level_has_a_holding_and_a_failing_row(std: str) -> None:
    """Issue 13: for every route, a case eligible by that route alone and one a day (or a month of
    work) short, or missing an ingredient — under the standard itself."""
    outcomes: dict[str, set[str]] = {}
    for c in TABLES[std]:
        if c.policy is STANDARDS and c.error is None and c.xfail is None:
            kind = "holds" if c.status == "eligible" else "fails" if c.status == "ineligible" else "other"
            outcomes.setdefault(c.rule, set()).add(kind)
    routes = set().union(*(routes_of(std, level) for level in READ_LEVELS[std]))
    assert {
        r: outcomes.get(r, set()) for r in routes if not {"holds", "fails"} <= outcomes.get(r, set())
    } == {}


@pytest.mark.parametrize("std", list(TABLES))
def test_the_table_covers_the_levels_standards_md_gives(std: str) -> None:
    """The levels read: all the shipped file's levels, except std-rgzn-2021 (only 五级 in the reference)."""
    shipped = skilleco.shipped_standards()[CODES[std]]
    assert shipped.id == std
    if std == "std-rgzn-2021":
        assert shipped.levels[0] == "junior"
    else:
        assert shipped.levels == READ_LEVELS[std]
    assert {c.target for c in TABLES[std] if c.error is None} == set(READ_LEVELS[std])


# ---------------------------------------------------------------------------------------------
# The quoted clauses are the reference's, verbatim
# ---------------------------------------------------------------------------------------------


def normalised(text: str) -> str:
    """NFKC (full-width brackets, commas and letters as half-width) with all whitespace removed:
    standards.md wraps lines inside clauses and mixes （） with ()."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def sections() -> dict[str, str]:
    """standards.md by standard: the text under each "## `std-…`" heading, normalised."""
    if not STANDARDS_MD.exists():
        pytest.skip(f"policy source of truth not found at {STANDARDS_MD} (outside this checkout)")
    text = STANDARDS_MD.read_text(encoding="utf-8")
    parts = re.split(r"^## `(std-[a-z0-9-]+)`", text, flags=re.MULTILINE)
    return {parts[i]: normalised(parts[i + 1]) for i in range(1, len(parts), 2)}


def test_every_clause_is_quoted_verbatim_from_its_standard() -> None:
    """Each row's ``clause`` occurs in its standard's section of standards.md (std-hg-2018's levels
    "read word for word as std-dg-2018 above", so its rows quote that section)."""
    by_std = sections()
    assert set(TABLES) <= set(by_std)
    where = {std: [std] for std in TABLES} | {"std-hg-2018": ["std-hg-2018", "std-dg-2018"]}
    missing = sorted(
        (c.standard, c.cite, c.clause)
        for c in CASES
        if not any(normalised(c.clause) in by_std[s] for s in where[c.standard])
    )
    assert missing == []


def test_clauses_are_chinese_text_and_each_cites_its_level() -> None:
    """A clause is the standard's wording (CJK), cited as ``<level>(<route>)`` (or a note, or the levels)."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    cite = re.compile(r"^(?:[五四三二]级\(\d\)|一级|注\d|levels)$")
    bad = sorted({(c.id, c.cite) for c in CASES if not cite.match(c.cite)})
    assert bad == []
    assert sorted({c.id for c in CASES if c.error is None and not cjk.search(c.clause)}) == []


# ---------------------------------------------------------------------------------------------
# Impossible records are refused under a standard as under the template
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        pytest.param(
            {"work_periods": [work("2015-03-15")]}, ("work_periods", 0, "start"), id="work-before-16"
        ),
        pytest.param(
            {"certificates": [cert("五级", "1999-03-15", DG)]},
            ("certificates", 0, "issued_on"),
            id="certificate-before-birth",
        ),
    ],
)
def test_impossible_records_are_refused_under_a_standard(
    fields: dict[str, Any], loc: tuple[Any, ...]
) -> None:
    """grades.md: dates must be possible; an electrician born 2000-05-01 cannot have worked in 2015."""
    with pytest.raises(skilleco.InputError) as err:
        skilleco.assess_grade(
            person(DG, "2000-05-01", **fields), "intermediate", policy=STANDARDS, on="2025-03-15"
        )
    assert err.value.errors[0]["type"] == "impossible_date"
    assert tuple(err.value.errors[0]["loc"]) == loc
