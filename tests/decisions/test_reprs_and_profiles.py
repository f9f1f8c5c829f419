"""Values in a REPL and grade profiles as documents (issue 16): ``repr()`` of a decision, a profile, an
exit report or an edition comparison is a shape line and a short head (not 7,000–20,000 characters),
and a grade profile writes JSON and reads back into an equal value."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import skilleco
from skilleco.decisions import GradeProfile
from skilleco.decisions.reprs import count, listing, short
from skilleco.exceptions import DecisionFormatError
from skilleco.population import synthetic

ON = dt.date(2026, 11, 21)
EXAMPLES = Path(skilleco.__file__).parent / "examples"


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


WORKER = _example("worker.json")


def test_repr_of_a_decision_is_short_and_says_what_was_decided() -> None:
    d = skilleco.assess_grade(
        {**WORKER, "certificates": WORKER["certificates"][:2]}, "technician", policy="cn-2025", on=ON
    )
    text = repr(d)
    assert len(text) <= 1000 < len(d.to_json())
    lines = text.splitlines()
    assert (
        lines[0] == f"<Decision grade: technician for {d.subject_id} on 2026-11-21 under cn-2025: {d.status}>"
    )
    assert f"  rule set: {d.ruleset_id}" in lines
    assert any(line.startswith("  deciding: ") for line in lines)
    tally = {s: sum(1 for f in d.findings if f.status == s) for s in ("yes", "no", "unknown")}
    assert lines[-1].startswith(f"  findings: {len(d.findings)}") and f"{tally['no']} no" in lines[-1]


def test_repr_shows_the_earliest_date_and_missing_facts() -> None:
    worker = {
        "id": "w1",
        "records_complete": True,
        "occupation": {"code": "6-18-02-04"},
        "work_periods": [{"start": "2010-01-01"}],
        "certificates": [{"level": "三级", "occupation_code": "6-18-02-04", "issued_on": "2022-09-15"}],
    }
    d = skilleco.assess_grade(worker, "technician", policy="cn-2025", on=ON)
    assert "  earliest date: 2027-09-15" in repr(d).splitlines()
    unknown = skilleco.assess_grade(
        {"id": "w2", "occupation": {"code": "6-18-02-04"}}, "technician", policy="cn-2025", on=ON
    )
    assert unknown.status == "undetermined" and "  missing facts: " in repr(unknown)


def test_repr_of_a_profile_lists_the_grades_above() -> None:
    p = skilleco.grade_profile(WORKER, policy="gd-2025", on=ON)
    text = repr(p)
    assert len(text) <= 1000 < len(p.to_json())
    assert text.splitlines()[0] == (
        f"<GradeProfile {p.subject_id} on 2026-11-21 under gd-2025: holds {p.current_grade}, "
        f"next {p.next_grade}, {len(p.decisions)} grades above>"
    )
    assert [line.split(":")[0].strip() for line in text.splitlines()[1:]] == [d.target for d in p.decisions]


def test_repr_of_chain_answers_is_short() -> None:
    r = skilleco.check_exits(_example("chain.json"), policy="gd-2025", on=ON)
    assert repr(r).startswith(f"<ExitReport {r.chain_id} on 2026-11-21 under gd-2025: {r.status}, ")
    assert len(repr(r)) <= 1000 and f"{r.lead_id} (lead)" in repr(r)
    e = skilleco.compare_editions(_example("organisation.json"), on=ON)
    assert repr(e).splitlines()[0].startswith(f"<EditionComparison {e.subject_id} on 2026-11-21: ")
    assert len(repr(e).splitlines()) == 1 + len(e.decisions)


def test_repr_of_a_big_chain_is_cut() -> None:
    chain = max(synthetic.chains(30, seed=3, on=ON).subjects, key=lambda c: len(c.members))  # type: ignore[attr-defined]
    r = skilleco.check_exits(chain, policy="gd-2025", on=ON)
    assert len(r.units) > 5 and len(repr(r)) <= 1000 and f"… {len(r.units) - 5} more units" in repr(r)


def test_repr_helpers() -> None:
    assert short("a\nb\x1b") == "a\\nb\\x1b" and len(short("x" * 99)) == 40
    assert listing([]) == "—" and listing(["a", "b"]) == "a, b"
    assert count(0.25) == "0.2" and count(12_345.6) == "12,346" and count(float("-inf")) == "-inf"


# --- grade profiles as documents -----------------------------------------------------------------


def _profiles() -> list[GradeProfile]:
    people = synthetic.workers(25, seed=8, on=ON).subjects
    return [skilleco.grade_profile(w, policy=p, on=ON) for w in people for p in ("cn-2025", "gd-2025")]


def test_a_profile_reads_back_equal() -> None:
    profiles = _profiles()
    assert {p.next_grade for p in profiles} >= {"intermediate", "senior", "technician"}
    for p in profiles:
        back = GradeProfile.from_json(p.to_json())
        assert back == p and back.to_json() == p.to_json()
        assert GradeProfile.from_dict(p.to_dict()) == p
    reform = skilleco.load_policy("gd-2025").with_changes({}, label="same")
    labelled = skilleco.grade_profile(WORKER, policy=reform, on=ON)
    assert GradeProfile.from_json(labelled.to_json()).reform_label == "same"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"format_version": 9}, "format_version"),
        ({"on": "2026-W47-6"}, "on"),
        ({"current_known": "yes"}, "current_known"),
        ({"next_grade": "chief_technician"}, "next_grade"),
        ({"subject_id": "someone else"}, "decisions[0]"),
    ],
)
def test_a_profile_the_library_could_not_write_is_refused(change: dict[str, Any], named: str) -> None:
    doc = skilleco.grade_profile(WORKER, policy="cn-2025", on=ON).to_dict()
    with pytest.raises(DecisionFormatError) as info:
        GradeProfile.from_dict({**doc, **change})
    assert named in str(info.value) and "not a grade profile" in str(info.value)
    broken = {**doc, "decisions": [{**doc["decisions"][0], "status": "eligible", "deciding": []}]}
    with pytest.raises(DecisionFormatError):
        GradeProfile.from_dict(broken)
    with pytest.raises(DecisionFormatError):
        GradeProfile.from_json(b"not json")
