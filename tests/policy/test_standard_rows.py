"""Every route of std-ldgx (劳动关系协调员) and std-qg-legacy (钳工): a row eligible by that route alone
and a row a day (or a month of work, or one ingredient) short, each quoting its clause from
``shared/policy/standards.md`` (issue 13, Done-when). The other four shipped standards are in
``test_standard_scenarios.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import skilleco

STANDARDS_MD = Path(__file__).resolve().parents[3] / "shared/policy/standards.md"
POLICY = skilleco.with_standards(skilleco.load_policy("cn-2025"), skilleco.shipped_standards())
LDGX = "4-07-03-02"
FITTER = "qg-legacy"
ON = "2025-06-01"
BEFORE = "2025-05-31"


@dataclass(frozen=True)
class Row:
    """One scenario: the route, its clause, the worker, the date and the answer."""

    route: str
    clause: str
    outcome: str
    worker: dict[str, Any]
    target: str
    on: str = ON
    status: str = "eligible"
    earliest: str | None = None
    missing: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.route}-{self.outcome}"


def person(code: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": "p",
        "records_complete": True,
        "birth_date": "1980-01-01",
        "occupation": {"code": code},
        **fields,
    }


def cert(level: str, on: str, code: str) -> dict[str, Any]:
    return {"level": level, "occupation_code": code, "issued_on": on}


def work(start: str, end: str | None = None, **fields: Any) -> dict[str, Any]:
    return {"start": start, **({} if end is None else {"end": end}), **fields}


def uni(level: str, major: str, **fields: Any) -> dict[str, Any]:
    kind = {"junior_college": "junior_college", "bachelor": "undergraduate"}.get(level, "postgraduate")
    return {"school_kind": kind, "degree_level": level, "major": major, "enrolled_on": "2012-09-01", **fields}


def pair(
    route: str,
    clause: str,
    target: str,
    w: dict[str, Any],
    short: dict[str, Any] | None = None,
    later: str | None = None,
) -> list[Row]:
    """The row that holds on ``ON`` and its failing twin: the day before (earliest ``ON``) when time
    turns it, else the worker ``short`` missing one ingredient (``later``: the earliest date another
    route gives it)."""
    holds = Row(route, clause, "holds", w, target)
    if short is None:
        return [
            holds,
            Row(route, clause, "day-short", w, target, on=BEFORE, status="ineligible", earliest=ON),
        ]
    return [holds, Row(route, clause, "missing", short, target, status="ineligible", earliest=later)]


def L(**fields: Any) -> dict[str, Any]:
    return person(LDGX, **fields)


def F(**fields: Any) -> dict[str, Any]:
    return person(FITTER, **fields)


LDGX_ROWS = [
    *pair(
        "grade.t2018.intermediate.worked",
        "累计从事本职业或相关职业工作4年（含）以上",
        "intermediate",
        L(work_periods=[work("2021-06-01")]),
    ),
    *pair(
        "grade.t2018.intermediate.school",
        "取得技工学校本专业或相关专业毕业证书",
        "intermediate",
        L(
            education=[
                {"school_kind": "technical_school", "major": "人力资源管理", "graduated_on": "2024-07-01"}
            ]
        ),
        short=L(
            education=[{"school_kind": "technical_school", "major": "数控技术", "graduated_on": "2024-07-01"}]
        ),
    ),
    *pair(
        "grade.std-ldgx.intermediate.student",
        "高等院校本专业或相关专业在校生",
        "intermediate",
        L(education=[uni("bachelor", "法学", enrolled_on="2023-09-01", expected_graduation="2027-07-01")]),
        short=L(
            education=[uni("bachelor", "法学", enrolled_on="2025-09-01", expected_graduation="2029-07-01")]
        ),
    ),
    *pair(
        "grade.t2018.senior.after_intermediate",
        "累计从事本职业或相关职业工作5年（含）以上",
        "senior",
        L(certificates=[cert("intermediate", "2020-06-01", LDGX)], work_periods=[work("2020-06-01")]),
    ),
    *pair(
        "grade.t2018.senior.school",
        "并具有高级技工学校、技师学院毕业证书",
        "senior",
        L(
            certificates=[cert("intermediate", "2024-06-01", LDGX)],
            education=[{"school_kind": "technician_college", "graduated_on": "2024-07-01"}],
        ),
        short=L(education=[{"school_kind": "technician_college", "graduated_on": "2024-07-01"}]),
    ),
    *pair(
        "grade.t2018.senior.college",
        "具有大学专科本专业或相关专业毕业证书",
        "senior",
        L(
            certificates=[cert("intermediate", "2023-06-01", LDGX)],
            work_periods=[work("2023-06-01")],
            education=[uni("junior_college", "工商企业管理", graduated_on="2015-07-01")],
        ),
    ),
    *pair(
        "grade.std-ldgx.senior.bachelor",
        "累计从事本职业或相关职业工作1年（含）以上",
        "senior",
        L(
            certificates=[cert("intermediate", "2024-06-01", LDGX)],
            work_periods=[work("2024-06-01")],
            education=[uni("bachelor", "劳动与社会保障", graduated_on="2016-07-01")],
        ),
    ),
    *pair(
        "grade.std-ldgx.senior.master",
        "具有硕士研究生及以上本专业或相关专业学历证书",
        "senior",
        L(education=[uni("master", "社会学", graduated_on="2024-07-01")]),
        short=L(education=[uni("master", "机械工程", graduated_on="2024-07-01")]),
    ),
    *pair(
        "grade.t2018.technician.after_senior",
        "累计从事本职业或相关职业工作4年（含）以上",
        "technician",
        L(certificates=[cert("senior", "2021-06-01", LDGX)], work_periods=[work("2021-06-01")]),
    ),
    *pair(
        "grade.t2018.technician.school",
        "的高级技工学校、技师学院毕业生，累计从事本职业或相关职业工作3年（含）以上",
        "technician",
        L(
            certificates=[cert("senior", "2024-09-01", LDGX)],
            work_periods=[work("2022-06-01")],
            education=[{"school_kind": "senior_technical_school", "graduated_on": "2022-01-10"}],
        ),
    ),
    *pair(
        "grade.t2018.technician.prep",
        "取得本职业或相关职业预备技师证书的技师学院毕业生，累计从事本职业或相关职业工作2年（含）以上",
        "technician",
        L(
            prep_technician_certificates=[{"occupation_code": LDGX, "issued_on": "2024-06-01"}],
            work_periods=[work("2023-06-01")],
            education=[
                {
                    "school_kind": "technician_college",
                    "class_level": "preparatory_technician",
                    "graduated_on": "2024-07-01",
                    "enrolled_on": "2020-09-01",
                }
            ],
        ),
    ),
    *pair(
        "grade.std-ldgx.technician.bachelor",
        "累计从事本职业或相关职业工作2年（含）以上",
        "technician",
        L(
            certificates=[cert("senior", "2023-06-01", LDGX)],
            work_periods=[work("2023-06-01")],
            education=[uni("bachelor", "人力资源管理", graduated_on="2016-07-01")],
        ),
    ),
    *pair(
        "grade.std-ldgx.technician.master",
        "具有硕士研究生本专业或相关专业学历证书",
        "technician",
        L(
            certificates=[cert("senior", "2024-06-01", LDGX)],
            work_periods=[work("2024-06-01")],
            education=[uni("master", "法学", graduated_on="2018-07-01")],
        ),
    ),
    *pair(
        "grade.std-ldgx.technician.doctor",
        "具有博士研究生本专业或相关专业学历证书",
        "technician",
        L(
            work_periods=[work("2023-06-01")],
            education=[uni("doctor", "劳动经济学", graduated_on="2023-01-10")],
        ),
    ),
    *pair(
        "grade.t2018.senior_technician.after_technician",
        "累计从事本职业或相关职业工作4年（含）以上",
        "senior_technician",
        L(certificates=[cert("technician", "2021-06-01", LDGX)], work_periods=[work("2021-06-01")]),
    ),
]

FITTER_ROWS = [
    *pair(
        "grade.legacy.junior.formal_training",
        "经本职业初级正规培训达规定标准学时数，并取得结业证书",
        "junior",
        F(formal_trainings=[{"level": "junior", "occupation_code": FITTER, "completed_on": "2025-01-10"}]),
        short=F(formal_trainings=[]),
    ),
    *pair(
        "grade.legacy.junior.trainee",
        "在本职业连续见习工作2年以上",
        "junior",
        F(work_periods=[work("2023-06-01", kind="trainee")]),
    ),
    *pair(
        "grade.legacy.junior.apprenticeship",
        "本职业学徒期满",
        "junior",
        F(
            apprenticeship={
                "occupation_code": FITTER,
                "start": "2022-01-01",
                "end": "2024-01-01",
                "completed": True,
            }
        ),
        short=F(
            apprenticeship={
                "occupation_code": FITTER,
                "start": "2022-01-01",
                "end": "2024-01-01",
                "completed": False,
            }
        ),
    ),
    *pair(
        "grade.legacy.intermediate.trained",
        "经本职业中级正规培训达规定标准学时数",
        "intermediate",
        F(
            certificates=[cert("junior", "2021-06-01", FITTER)],
            work_periods=[work("2021-06-01")],
            formal_trainings=[
                {"level": "intermediate", "occupation_code": FITTER, "completed_on": "2024-10-10"}
            ],
        ),
        # Without the training, 中级(2)'s five years after the certificate come on 2026-06-01.
        short=F(certificates=[cert("junior", "2021-06-01", FITTER)], work_periods=[work("2021-06-01")]),
        later="2026-06-01",
    ),
    *pair(
        "grade.legacy.intermediate.after_junior",
        "取得本职业初级职业资格证书后，连续从事本职业工作5年以上",
        "intermediate",
        F(certificates=[cert("junior", "2020-06-01", FITTER)], work_periods=[work("2020-06-01")]),
    ),
    *pair(
        "grade.legacy.intermediate.worked",
        "连续从事本职业工作7年以上",
        "intermediate",
        F(work_periods=[work("2018-06-01")]),
    ),
    *pair(
        "grade.legacy.intermediate.school",
        "以中级技能为培养目标的中等以上职业学校本职业（专业）毕业证书",
        "intermediate",
        F(
            education=[
                {
                    "school_kind": "secondary_vocational",
                    "assessed": True,
                    "training_target": "intermediate",
                    "specialty_match": True,
                    "graduated_on": "2024-07-01",
                }
            ]
        ),
        short=F(
            education=[
                {
                    "school_kind": "secondary_vocational",
                    "assessed": True,
                    "training_target": "intermediate",
                    "specialty_match": False,
                    "graduated_on": "2024-07-01",
                }
            ]
        ),
    ),
    *pair(
        "grade.legacy.senior.trained",
        "经本职业高级正规培训达规定标准学时数",
        "senior",
        F(
            certificates=[cert("intermediate", "2021-06-01", FITTER)],
            work_periods=[work("2021-06-01")],
            formal_trainings=[{"level": "senior", "occupation_code": FITTER, "completed_on": "2024-10-10"}],
        ),
    ),
    *pair(
        "grade.legacy.senior.after_intermediate",
        "取得本职业中级职业资格证书后，连续从事本职业工作7年以上",
        "senior",
        F(certificates=[cert("intermediate", "2018-06-01", FITTER)], work_periods=[work("2018-06-01")]),
    ),
    *pair(
        "grade.legacy.senior.school",
        "取得高级技工学校或经人力资源和社会保障行政部门审核认定的",
        "senior",
        F(education=[{"school_kind": "senior_technical_school", "graduated_on": "2024-07-01"}]),
        short=F(education=[{"school_kind": "technical_school", "graduated_on": "2024-07-01"}]),
    ),
    *pair(
        "grade.legacy.senior.college",
        "大专以上本专业或相关专业毕业生取得本职业中级职业资格证书后，连续从事本职业工作2年以上",
        "senior",
        F(
            certificates=[cert("intermediate", "2023-06-01", FITTER)],
            work_periods=[work("2023-06-01")],
            education=[
                {"school_kind": "junior_college", "specialty_match": True, "graduated_on": "2015-07-01"}
            ],
        ),
    ),
    *pair(
        "grade.legacy.technician.trained",
        "经本职业技师正规培训达规定标准学时数",
        "technician",
        F(
            certificates=[cert("senior", "2020-06-01", FITTER)],
            work_periods=[work("2020-06-01")],
            formal_trainings=[
                {"level": "technician", "occupation_code": FITTER, "completed_on": "2024-10-10"}
            ],
        ),
    ),
    *pair(
        "grade.legacy.technician.after_senior",
        "取得本职业高级职业资格证书后，连续从事本职业工作8年以上",
        "technician",
        F(certificates=[cert("senior", "2017-06-01", FITTER)], work_periods=[work("2017-06-01")]),
    ),
    *pair(
        "grade.legacy.technician.school",
        "取得本职业高级职业资格证书后，连续从事本职业工作满2年",
        "technician",
        F(
            certificates=[cert("senior", "2023-06-01", FITTER)],
            work_periods=[work("2023-06-01")],
            education=[{"school_kind": "senior_technical_school", "graduated_on": "2015-07-01"}],
        ),
    ),
    *pair(
        "grade.legacy.senior_technician.trained",
        "经本职业高级技师正规培训达规定标准学时数",
        "senior_technician",
        F(
            certificates=[cert("technician", "2022-06-01", FITTER)],
            work_periods=[work("2022-06-01")],
            formal_trainings=[
                {"level": "senior_technician", "occupation_code": FITTER, "completed_on": "2024-10-10"}
            ],
        ),
    ),
    *pair(
        "grade.legacy.senior_technician.after_technician",
        "取得本职业技师职业资格证书后，连续从事本职业工作5年以上",
        "senior_technician",
        F(certificates=[cert("technician", "2020-06-01", FITTER)], work_periods=[work("2020-06-01")]),
    ),
]

ROWS = [*LDGX_ROWS, *FITTER_ROWS]
EXCEPTIONAL = "grade.exceptional."


@pytest.mark.parametrize("row", [pytest.param(r, id=r.id) for r in ROWS])
def test_route_row(row: Row) -> None:
    """The row's answer: eligible by its route alone, or not yet (earliest date) / not without the ingredient."""
    d = skilleco.assess_grade(row.worker, row.target, policy=POLICY, on=row.on)
    routes = {
        f.rule_id: f.status for f in d.findings if f.role == "rule" and not f.rule_id.startswith(EXCEPTIONAL)
    }
    assert d.standard_id in ("std-ldgx", "std-qg-legacy")
    assert d.status == row.status
    if row.status == "eligible":
        assert d.deciding == (row.route,)
        assert {r: s for r, s in routes.items() if r != row.route} == dict.fromkeys(
            set(routes) - {row.route}, "no"
        )
    else:
        assert routes[row.route] == "no"
        assert set(routes.values()) == {"no"}
        assert d.earliest_date == (None if row.earliest is None else dt.date.fromisoformat(row.earliest))
    assert d.missing_facts == row.missing


def test_every_route_of_both_standards_has_its_rows() -> None:
    """Each route the two standards have (their levels' rule sets) has a holding and a failing row."""
    for code, rows in ((LDGX, LDGX_ROWS), (FITTER, FITTER_ROWS)):
        pol = POLICY.for_occupation(code)
        std = skilleco.shipped_standards()[code]
        sets = {f"grade.{std.edition}.{level}" for level in std.levels}
        routes = {r.id for r in pol.rules.values() if sets & set(r.sets) and r.role == "rule"}
        routes = {r for r in routes if not r.startswith(EXCEPTIONAL)}
        covered: dict[str, set[str]] = {}
        for row in rows:
            covered.setdefault(row.route, set()).add("holds" if row.outcome == "holds" else "fails")
        assert {r: covered.get(r) for r in routes if covered.get(r) != {"holds", "fails"}} == {}


def test_every_quoted_clause_is_in_standards_md() -> None:
    """Each row quotes its standard verbatim (standards.md wraps lines mid-clause: compared without spaces)."""
    if not STANDARDS_MD.exists():
        pytest.skip("shared/policy/standards.md is not beside this checkout")
    text = "".join(STANDARDS_MD.read_text(encoding="utf-8").split())
    assert [r.clause for r in ROWS if "".join(r.clause.split()) not in text] == []
