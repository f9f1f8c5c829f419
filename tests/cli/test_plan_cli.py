"""``skilleco plan FILE`` (issue 17): the career plan from the command line.

The bundled worker holds 三级 since 2021-09-15 and works on; grade.t2023.technician.after_senior
(std-2023 二级(1)) needs 5 years of work after the certificate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skilleco.cli import main
from skilleco.examples import __file__ as _examples

ON = "2025-01-01"
WORKER = Path(_examples).parent / "worker.json"


def test_plan_text_and_zh(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(WORKER), "--on", ON, "--target", "technician"]) == 0
    out = capsys.readouterr().out
    assert "Fastest path: technician from 2026-09-15" in out and "modelled" in out
    assert main(["plan", "--example", "--on", ON, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "2026-09-15 起可申报技师" in out and "（2026-12-15 取证）" in out


def test_plan_json_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--example", "--on", ON, "--format", "json", "--lead-months", "6"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["lead_months"] == 6 and doc["steps"][0]["certificate_on"] == "2027-03-15"
    assert doc["steps"][1] == {
        "grade": "senior_technician",
        "eligible_on": "2032-03-15",
        "certificate_on": None,
        "via": ["grade.t2023.senior_technician.after_technician"],
    }
    assert main(["plan", "--example", "--on", ON, "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("### Career plan")


def test_plan_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--example"]) == 2  # no --on
    assert main(["plan", "--on", ON]) == 2  # neither FILE nor --example
    assert main(["plan", "--example", "--on", ON, "--lead-months", "-1"]) == 2
    assert main(["plan", "--example", "--on", ON, "--target", "junior"]) == 3  # already held
