"""Facts frames and the templates their workers are judged by (t2018, t2023, legacy).

``columnar.required_facts`` names the facts of every template a policy has rule sets for; a frame
whose ``occupation_edition`` says which templates its rows use needs only theirs, so a frame of
t2018/t2023 workers saved before the legacy routes were read still checks, and a chunk without a
legacy worker derives none of their facts (grades.md, the legacy template's routes such as
``grade.legacy.junior.formal_training``).
"""

from __future__ import annotations

import datetime as dt

import pytest

import skilleco
from skilleco import columnar
from skilleco.exceptions import PopulationError
from skilleco.population.records import from_workers

ON = dt.date(2026, 11, 21)
CN = skilleco.load_policy("cn-2025")


def _worker(wid: str, edition: str) -> dict[str, object]:
    return {
        "id": wid,
        "records_complete": True,
        "occupation": {"code": "6-18-02-04", "standard_edition": edition, "has_senior_technician": True},
        "work_periods": [{"start": "2015-01-01"}],
        "formal_trainings": [{"level": "junior", "occupation_code": "6-18-02-04", "completed_on": "2016-01-01"}],
    }


def test_required_facts_by_template() -> None:
    every = set(columnar.required_facts("next_grade", policy=CN))
    modern = set(columnar.required_facts("next_grade", policy=CN, editions={"t2018", "t2023"}))
    assert "formal_training_junior" in every - modern
    assert modern < every


def test_a_frame_needs_the_facts_of_its_own_templates_only() -> None:
    people = skilleco.read_population([_worker("a", "t2023"), _worker("b", "t2018")], "worker")
    frame = columnar.facts_frame(people, "next_grade", on=ON, policy=CN)
    modern = columnar.required_facts("next_grade", policy=CN, editions={"t2018", "t2023"})
    lean = frame.select("subject_id", "occupation_code", *modern)
    columnar.check_facts_frame(lean, "next_grade", policy=CN)  # no legacy column asked for
    legacy = skilleco.read_population([_worker("c", "legacy")], "worker")
    lean_legacy = columnar.facts_frame(legacy, "next_grade", on=ON, policy=CN).select(
        "subject_id", "occupation_code", *modern
    )
    with pytest.raises(PopulationError) as info:
        columnar.check_facts_frame(lean_legacy, "next_grade", policy=CN)
    assert ("formal_training_junior", "missing_column") in [(r.field, r.code) for r in info.value.rows]


def test_compare_agrees_on_legacy_workers_on_both_engines() -> None:
    """The regression: a legacy worker eligible for 五级 by formal training was undetermined on the
    columnar path of compare (its facts were not derived)."""
    people = [_worker("a", "t2023"), _worker("c", "legacy")]
    reform = CN.with_changes({"t2023.technician.after_senior_years": 4}, label="4")
    a = skilleco.compare(people, "grade:junior", baseline=CN, reform=reform, on=ON, engine="scalar")
    b = skilleco.compare(people, "grade:junior", baseline=CN, reform=reform, on=ON, engine="columnar")
    assert a.to_rows("subjects") == b.to_rows("subjects")
    tables = from_workers(skilleco.read_population(people, "worker").subjects)
    out = columnar.evaluate(columnar.facts_frame(tables, "grade:junior", on=ON, policy=CN), "grade:junior",
                            policy=CN, on=ON)
    assert out.filter(out["subject_id"] == "c")["status"].to_list() == ["eligible"]


def test_required_facts_read_the_routes_of_standards_on_file() -> None:
    """An occupation with a standard on file answers by its own rule sets (``for_occupation``):
    ``grade.std-ldgx.intermediate.student`` (std-ldgx, 四级: a student of a related specialty) reads
    ``student_higher_ed_related``, which no t2018 route of cn-2025 reads. The pipeline's agreement
    property found a worker of it left undetermined in columns when only t2018 facts were derived."""
    from skilleco import shipped_standards, with_standards

    standards = with_standards(CN, list(shipped_standards().values()))
    assert "grade.std-ldgx.intermediate.student" in standards.for_occupation("4-07-03-02").rules
    assert "student_higher_ed_related" not in columnar.required_facts("grade:intermediate", policy=CN,
                                                                      editions={"t2018"})
    assert "student_higher_ed_related" in columnar.required_facts("grade:intermediate", policy=standards,
                                                                  editions={"t2018"})
