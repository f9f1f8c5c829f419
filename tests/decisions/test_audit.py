"""Audit-grade output: versioned JSON with a published JSON Schema, read back into equal values,
byte-identical across runs and processes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import skilleco
from skilleco.decisions import Decision, EditionComparison, ExitReport, schema
from skilleco.exceptions import DecisionFormatError
from skilleco.population import synthetic

jsonschema = pytest.importorskip("jsonschema")

ON = dt.date(2026, 11, 21)
ROOT = Path(__file__).resolve().parents[2]
TARGETS = ("junior", "intermediate", "senior", "technician", "senior_technician", "special_technician")


def _validator(make: Any) -> Any:
    s = make()
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s, format_checker=jsonschema.FormatChecker())


def _decisions() -> list[Decision]:
    """Decisions of every kind: grades and posts under several editions, lead, dual certificates."""
    out = []
    for w in synthetic.workers(30, seed=4, on=ON).subjects:
        for policy in ("cn-2025", "gd-2025", "tj-2024"):
            out += [skilleco.assess_grade(w, t, policy=policy, on=ON) for t in TARGETS]
    for org in synthetic.lead_candidates(20, seed=4, on=ON).subjects:
        out += [skilleco.assess_chain_lead(org, policy=p, on=ON) for p in ("sz-2025", "bj-2024")]
    for scheme in ("bj-2025", "gba"):
        for c in synthetic.dual_certificate_candidates(10, seed=4, on=ON, scheme=scheme).subjects:  # type: ignore[arg-type]
            out.append(skilleco.assess_dual_certificate(c, policy=scheme, on=ON))
    return out


DECISIONS = _decisions()


def test_every_decision_validates_against_the_published_schema_and_reads_back_equal() -> None:
    validator = _validator(schema.decision_schema)
    statuses = set()
    for d in DECISIONS:
        data = json.loads(d.to_json())
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, (d.subject_id, d.ruleset_id, [e.message for e in errors[:3]])
        assert Decision.from_json(d.to_json()) == d
        statuses.add(d.status)
    assert {"eligible", "ineligible"} <= statuses and len(DECISIONS) > 500


def test_the_envelope_names_format_library_policy_hash_date_and_every_finding() -> None:
    d = skilleco.assess_grade(
        json.loads((ROOT / "src/skilleco/examples/worker.json").read_text()),
        "technician",
        policy="gd-2025",
        on="2026-03-14",
    )
    data = d.to_dict()
    assert data["format_version"] == 1 and data["skilleco_version"] == skilleco.__version__
    assert data["policy_id"] == "gd-2025" and data["reform_label"] is None and data["on"] == "2026-03-14"
    assert data["policy_hash"] == skilleco.load_policy("gd-2025").content_hash()
    f = next(x for x in data["findings"] if x["rule_id"] == "grade.t2023.technician.after_senior")
    assert (
        f["citation"]
        and f["provenance"] == "text"
        and f["params"][0]["name"] == "t2023.technician.after_senior_years"
    )
    reform = skilleco.load_policy("gd-2025").with_changes(
        {"t2023.technician.after_senior_years": 4}, label="w4"
    )
    r = skilleco.assess_grade(
        json.loads((ROOT / "src/skilleco/examples/worker.json").read_text()),
        "technician",
        policy=reform,
        on="2026-03-14",
    ).to_dict()
    assert r["reform_label"] == "w4" and r["policy_hash"] == reform.content_hash() != data["policy_hash"]


def test_exit_reports_and_edition_comparisons_validate_and_read_back() -> None:
    exits, editions = _validator(schema.exit_report_schema), _validator(schema.edition_comparison_schema)
    for chain in synthetic.chains(15, seed=8, on=ON).subjects:
        report = skilleco.check_exits(chain, policy="gd-2025", on=ON)
        assert not list(exits.iter_errors(json.loads(report.to_json())))
        assert ExitReport.from_json(report.to_json()) == report
    for org in synthetic.lead_candidates(10, seed=8, on=ON).subjects:
        cmp = skilleco.compare_editions(org, on=ON)
        assert not list(editions.iter_errors(json.loads(cmp.to_json())))
        assert EditionComparison.from_json(cmp.to_json()) == cmp


def test_documents_of_another_format_or_a_bad_version_field_are_refused() -> None:
    data = DECISIONS[0].to_dict()
    with pytest.raises(DecisionFormatError):
        Decision.from_dict({**data, "format_version": 2})
    with pytest.raises(DecisionFormatError):
        Decision.from_dict({**data, "skilleco_version": 7})
    older = {k: v for k, v in data.items() if k != "skilleco_version"}  # written before the field existed
    assert Decision.from_dict(older) == DECISIONS[0]
    assert list(
        _validator(schema.decision_schema).iter_errors({**data, "surprise": 1})
    )  # unknown keys refused


def _digest(decisions: list[Decision]) -> str:
    return hashlib.sha256("\n".join(d.to_json() for d in decisions).encode()).hexdigest()


_CHILD = """
import datetime as dt, hashlib, skilleco
from skilleco.population import synthetic
ON = dt.date(2026, 11, 21)
ds = [skilleco.assess_grade(w, t, policy=p, on=ON)
      for w in synthetic.workers(30, seed=4, on=ON).subjects for p in ("cn-2025", "gd-2025", "tj-2024")
      for t in {targets!r}]
print(hashlib.sha256("\\n".join(d.to_json() for d in ds).encode()).hexdigest())
"""


def test_json_is_byte_identical_across_runs_and_processes() -> None:
    grades = [d for d in DECISIONS if d.question in ("grade", "post")]
    assert _digest(grades) == _digest([Decision.from_json(d.to_json()) for d in grades])
    out = subprocess.run(
        [sys.executable, "-c", _CHILD.format(targets=TARGETS)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    )
    assert out.stdout.strip() == _digest(grades)


def test_published_schemas_are_the_generated_ones() -> None:
    for name, make in (
        ("decision", schema.decision_schema),
        ("exit_report", schema.exit_report_schema),
        ("edition_comparison", schema.edition_comparison_schema),
    ):
        published = json.loads((ROOT / "docs/reference/schemas" / f"{name}.schema.json").read_text("utf-8"))
        assert published == make(), f"run python docs/_generate.py ({name})"
