"""The skilleco command: output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skilleco.cli import main


def test_assess_example_worker_text(capsys: pytest.CaptureFixture[str]) -> None:
    """`skilleco assess grade --on D` explains the bundled worker's next grade (grade.t2023.technician)."""
    assert main(["assess", "grade", "--on", "2026-11-21"]) == 0
    out = capsys.readouterr().out
    assert "grade.t2023.technician.after_senior" in out


def test_assess_json_is_valid_json_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints one JSON document and nothing else."""
    assert (
        main(["assess", "grade", "--on", "2026-11-21", "--format", "json", "--target", "senior_technician"])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["target"] == "senior_technician" and doc["status"] in ("ineligible", "undetermined")


def test_profile_and_lists(capsys: pytest.CaptureFixture[str]) -> None:
    """profile, policies and rules print their listings."""
    assert main(["assess", "profile", "--on", "2026-11-21", "--lang", "zh"]) == 0
    assert main(["policies"]) == 0
    assert main(["rules", "cn-2025"]) == 0
    out = capsys.readouterr().out
    assert "cn-2025" in out and "grade.t2018.junior.worked" in out


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2 for usage errors (bad option, unknown policy), 3 for bad input data (bad date, bad file), never a traceback."""
    assert main(["assess", "grade"]) == 2
    assert main(["rules", "cn-2052"]) == 2
    assert main(["assess", "grade", "--on", "2026-13-01"]) == 3
    bad = tmp_path / "w.json"
    bad.write_text('{"id": "x"}', encoding="utf-8")
    assert main(["assess", "grade", str(bad), "--on", "2026-01-01"]) == 3
    assert main(["assess", "grade", str(tmp_path / "missing.json"), "--on", "2026-01-01"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "occupation" in err
