"""``skilleco whatif --question pipeline`` and ``skilleco demo --pipeline`` (issue 17): the pipeline of
a population under a baseline and a reform from the command line, as text, JSON and a chart.

The reform is Guangdong's technician wait cut from 5 to 4 years (grade.t2023.technician.after_senior):
it makes technicians eligible sooner and moves no other grade.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from skilleco.cli import main

ON = "2026-11-21"
WAIT = "t2023.technician.after_senior_years"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PIPELINE = shlex.split(f"whatif --policy gd-2025 --set {WAIT}=4 --question pipeline --on {ON}")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process; return (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pipeline_json_is_the_comparison(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints one pipeline_comparison document: five years of looks every 3 months, the
    default horizons, and technicians (only) eligible sooner under the reform."""
    code, out, err = run(capsys, *PIPELINE, "--synthetic", "200", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["document"] == "pipeline_comparison"
    baseline, reform = doc["baseline"], doc["reform"]
    assert baseline["months"] == list(range(0, 61, 3)) and baseline["horizons"] == [6, 12, 24, 36]
    assert (baseline["policy"]["id"], reform["policy"]["label"]) == ("gd-2025", f"{WAIT}=4")
    assert baseline["lead_months"] == 3 and baseline["rows"] == 200
    moved = {m["grade"]: m for m in doc["moved"]}
    assert set(moved) == {"technician"} and moved["technician"]["earlier_rows"] > 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pipeline_text_in_each_language(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """The default output is the comparison's text in --lang: the date, both policies, the grades."""
    code, out, err = run(capsys, *PIPELINE, "--synthetic", "200", "--lang", lang)
    assert (code, err) == (0, "")
    assert ON in out.splitlines()[0] and f"gd-2025 [{WAIT}=4]" in out
    assert ("技师" if lang == "zh" else "technician") in out


def test_years_and_lead_months_shape_the_looks(capsys: pytest.CaptureFixture[str]) -> None:
    """--years 2 looks 24 months ahead (horizons beyond it dropped); --lead-months is passed through."""
    argv = [*PIPELINE, "--synthetic", "50", "--years", "2", "--lead-months", "0", "--format", "json"]
    code, out, _ = run(capsys, *argv)
    doc = json.loads(out)["baseline"]
    assert code == 0 and doc["months"][-1] == 24 and doc["horizons"] == [6, 12, 24]
    assert doc["lead_months"] == 0


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--years", "0"], "--years"),
        (["--years", "21"], "--years"),
        (["--years", "five"], "--years"),
        (["--lead-months", "-1"], "--lead-months"),
        (["--lead-months", "121"], "--lead-months"),
        (["--on", "2099-01-01"], "--on"),  # the last look is past 2100-12-31
        (["--cost"], "--cost"),
        (["--chart-kind", "flips"], "--chart-kind"),
        (["--chart", "pipeline.pdf"], ".png or .svg"),
    ],
)
def test_bad_pipeline_options_exit_2_naming_the_option(
    capsys: pytest.CaptureFixture[str], extra: list[str], named: str
) -> None:
    """A bad or inapplicable option is a usage error (2) naming it, found before any work."""
    code, out, err = run(capsys, *PIPELINE, "--synthetic", "5", *extra)
    assert (code, out) == (2, "") and named in err and "Traceback" not in err


def test_pipeline_options_belong_to_the_pipeline(capsys: pytest.CaptureFixture[str]) -> None:
    """--years with another question, or --question pipeline for sweep, is a usage error (2)."""
    other = shlex.split(f"whatif --policy gd-2025 --set {WAIT}=4 --question next_grade --on {ON}")
    code, _, err = run(capsys, *other, "--synthetic", "5", "--years", "3")
    assert code == 2 and "--years" in err
    sweep = shlex.split(f"sweep --policy gd-2025 --parameter {WAIT} --values 4 --question pipeline --on {ON}")
    code, _, err = run(capsys, *sweep, "--synthetic", "5")
    assert code == 2 and "--question" in err


def test_question_help_lists_the_pipeline(capsys: pytest.CaptureFixture[str]) -> None:
    """whatif --help names pipeline among the questions, and --years and --lead-months."""
    code, out, _ = run(capsys, "whatif", "--help")
    assert code == 0 and "pipeline (how many workers" in " ".join(out.split())
    assert "--years" in out and "--lead-months" in out


def test_pipeline_chart_with_json_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--chart saves the pipeline chart as PNG; with JSON, 'wrote chart to' goes to stderr."""
    chart = tmp_path / "pipeline.png"
    code, out, err = run(capsys, *PIPELINE, "--synthetic", "200", "--chart", str(chart), "--format", "json")
    assert code == 0 and json.loads(out)["document"] == "pipeline_comparison"
    assert f"wrote chart to {chart}" in err
    assert chart.read_bytes().startswith(PNG_MAGIC)


def test_demo_pipeline_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """demo --pipeline also saves the five-year pipeline chart, says on how many workers (unweighted
    rows: the demo's counts stand for millions), and where, on the last lines."""
    counts, pipeline = tmp_path / "demo.png", tmp_path / "pipeline.png"
    code, out, err = run(capsys, "demo", "--n", "200", "--out", str(counts), "--pipeline", str(pipeline))
    assert (code, err) == (0, "")
    assert out.rstrip().splitlines()[-3:] == [
        f"wrote chart to {counts}",
        "Pipeline over five years on 200 of these synthetic workers (unweighted rows):",
        f"wrote chart to {pipeline}",
    ]
    assert pipeline.read_bytes().startswith(PNG_MAGIC) and counts.read_bytes().startswith(PNG_MAGIC)


def test_demo_pipeline_path_is_checked_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A --pipeline path in a missing folder is a usage error (2) before the demo starts."""
    code, out, err = run(capsys, "demo", "--n", "10", "--pipeline", str(tmp_path / "no" / "p.png"))
    assert (code, out) == (2, "") and "does not exist" in err
