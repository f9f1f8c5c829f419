"""The skilleco command: every subcommand, its output formats and exit codes (0 done, 2 usage, 3 data)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skilleco.cli import main

ON = "2026-11-21"
WAIT = "t2023.technician.after_senior_years"
AFTER_SENIOR = "grade.t2023.technician.after_senior"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Twelve workers whose senior certificate (三级) is 6.5, 5.5, 4.5 and 3.5 years old on ON, each working
# without a break since 2016-09-01 (one open work period, begun before the certificate): the work done
# since the certificate is then 78, 66, 54 and 42 whole months (time.md, "Work after a date"), so under
# grade.t2023.technician.after_senior a 5-year wait admits the first two, a 4-year wait the third too.
HEADER = (
    "id,occupation.code,occupation.standard_edition,certificates.0.level,"
    "certificates.0.occupation_code,certificates.0.issued_on,work_periods.0.start,records_complete,region"
)
ISSUED = ("2020-06-01", "2021-06-01", "2022-06-01", "2023-06-01")
WORKING_SINCE = "2016-09-01"


def worker_rows(n: int = 12) -> list[str]:
    """CSV rows of ``n`` workers cycling through the four certificate dates and two regions."""
    return [
        f"w{i:02d},6-18-02-04,t2023,senior,6-18-02-04,{ISSUED[(i - 1) % 4]},{WORKING_SINCE},true,"
        f"{('广州', '深圳')[i % 2]}"
        for i in range(1, n + 1)
    ]


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    """Write a file under ``tmp_path`` and return its path."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def workers_csv(tmp_path: Path) -> str:
    """A valid 12-worker CSV file (rows 3, 7 and 11 hold a 4.5-year-old certificate: 54 months of work)."""
    return write(tmp_path, "workers.csv", "\n".join([HEADER, *worker_rows()]) + "\n")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command in-process; return (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sh(command: str) -> list[str]:
    """A command line split as a shell would split it."""
    return shlex.split(command)


def whatif(*extra: str) -> list[str]:
    """The arguments of the Guangdong what-if (technician wait 5 → 4 years), plus ``extra``."""
    return [*sh(f"whatif --policy gd-2025 --set {WAIT}=4 --question next_grade --on {ON}"), *extra]


def sweep(population: str, values: str, *extra: str) -> list[str]:
    """The arguments of a sweep of the technician wait over ``values``, plus ``extra``."""
    head = f"sweep --policy gd-2025 --parameter {WAIT} --question next_grade --on {ON}"
    return [*sh(head), "--values", values, "--population", population, *extra]


# --- the existing command ---------------------------------------------------------------------------


def test_assess_example_worker_text(capsys: pytest.CaptureFixture[str]) -> None:
    """`skilleco assess grade --example --on D` explains the bundled worker's next grade (grade.t2023.technician)."""
    assert main(["assess", "grade", "--example", "--on", "2026-11-21"]) == 0
    out = capsys.readouterr().out
    assert "grade.t2023.technician.after_senior" in out


def test_assess_json_is_valid_json_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints one JSON document and nothing else."""
    assert (
        main(
            ["assess", "grade", "--example", "--on", ON, "--format", "json", "--target", "senior_technician"]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["target"] == "senior_technician" and doc["status"] in ("ineligible", "undetermined")


def test_profile_and_lists(capsys: pytest.CaptureFixture[str]) -> None:
    """profile, policies and rules print their listings."""
    assert main(["assess", "profile", "--example", "--on", "2026-11-21", "--lang", "zh"]) == 0
    assert main(["policies"]) == 0
    assert main(["rules", "cn-2025"]) == 0
    out = capsys.readouterr().out
    assert "cn-2025" in out and "grade.t2018.junior.worked" in out


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2 for usage errors (bad option or date, unknown policy, no FILE), 3 for bad input data (bad file), never a traceback."""
    assert main(["assess", "grade", "--example"]) == 2  # no --on
    assert main(["assess", "grade", "--on", "2026-01-01"]) == 2  # neither FILE nor --example
    assert main(["rules", "cn-2052"]) == 2
    assert main(["assess", "grade", "--example", "--on", "2026-13-01"]) == 2
    bad = tmp_path / "w.json"
    bad.write_text('{"id": "x"}', encoding="utf-8")
    assert main(["assess", "grade", str(bad), "--on", "2026-01-01"]) == 3
    assert main(["assess", "grade", str(tmp_path / "missing.json"), "--on", "2026-01-01"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "occupation" in err


def test_impossible_records_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input, not an answer (grades.md, "Dates must be possible"; issue 12, item 4): a certificate
    dated before the birth, a worker born after the date asked and a chain established after it each
    exit 3, naming the field, never a traceback."""
    from skilleco.cli.io import example_text

    before_birth = {**json.loads(example_text("worker.json")), "birth_date": "2015-01-01"}
    unborn = {"id": "w", "occupation": {"code": "6-18-02-04"}, "birth_date": "2030-01-01"}
    chain = {**json.loads(example_text("chain.json")), "established_on": "2027-01-01"}
    for m in chain["members"]:
        m.pop("joined_on", None)
    cases = [
        (("assess", "grade"), before_birth, "certificates.0.issued_on"),
        (("assess", "profile"), unborn, "birth_date"),
        (("assess", "exits"), chain, "established_on"),
        (("assess", "lead"), chain, "established_on"),
    ]
    for command, data, field in cases:
        path = write(tmp_path, "subject.json", json.dumps(data, ensure_ascii=False))
        code, out, err = run(capsys, *command, path, "--on", ON)
        assert (code, out) == (3, ""), err
        assert field in err and "Traceback" not in err


# --- policies and rules ------------------------------------------------------------------------------


def test_policies_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    """policies lists every shipped policy as text, JSON (with parents) and a Markdown table."""
    code, out, _ = run(capsys, "policies", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["sz-2025"]["parent"] == "gd-2025" and {"cn-2025", "gba"} <= set(rows)
    code, out, _ = run(capsys, "policies", "--format", "md")
    assert code == 0 and out.startswith("| id |") and "| gd-2025 | gd | cn-2025 |" in out


def test_rules_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    """rules gives id, strength, provenance and citation; JSON is the policy's describe() rows."""
    code, out, _ = run(capsys, "rules", "gd-2025", "--format", "json")
    doc = json.loads(out)
    by_id = {r["id"]: r for r in doc["rules"]}
    assert code == 0 and doc["policy"] == "gd-2025"
    assert (by_id[AFTER_SENIOR]["strength"], by_id[AFTER_SENIOR]["provenance"]) == ("required", "text")
    assert by_id["exit.gd2025.failed_assessment"]["provenance"] == "modelled"
    code, out, _ = run(capsys, "rules", "gd-2025", "--format", "md", "--lang", "zh")
    assert code == 0 and f"| `{AFTER_SENIOR}` | required | text | std-2023 二级(1) |" in out
    code, out, _ = run(capsys, "rules", "gd-2025")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("gd-2025: Guangdong (2025)")
    assert lines[2].split() == ["id", "strength", "provenance", "citation", "title"]
    row = next(line for line in lines if line.startswith(AFTER_SENIOR + " "))
    assert row.split()[1:4] == ["required", "text", "std-2023"] and "\t" not in out
    assert row.rstrip().endswith("Senior certificate, then at least 5 years of work after it")
    code, out, _ = run(capsys, "rules", "gd-2025", "--lang", "zh")
    assert code == 0 and "取得本职业三级证书后，累计从事本职业工作满5年" in out


# --- assess: every question on its bundled example -----------------------------------------------------

# (question, policy or None for the default, expected status, a rule id the decision cites)
ASSESS = [
    ("grade", None, "eligible", AFTER_SENIOR),
    ("lead", None, "undetermined", "lead.sz2025.leverage"),  # an organisation alone: commitments unknown
    ("lead", "cn-2025", "eligible", "lead.cn2025.enterprise_led"),
    ("exits", None, "exit", "exit.gd2025.failed_assessment"),
    ("dualcert", None, "eligible", "dualcert.bj2025.pilot_item"),
    ("dualcert", "gba", "eligible", "dualcert.gba.listed_occupation"),
]


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("worker.json", "Worker"),
        ("organisation.json", "Organisation"),
        ("chain.json", "Chain"),
        ("dual_certificate_candidate.json", "DualCertificateCandidate"),
        ("gba_candidate.json", "GbaCandidate"),
    ],
)
def test_bundled_examples_validate(name: str, model: str) -> None:
    """Each bundled example is a valid subject of its model."""
    import skilleco
    from skilleco.cli.io import example_text

    getattr(skilleco, model).model_validate_json(example_text(name))


def _rule_ids(doc: dict[str, Any]) -> set[str]:
    decisions = [u["decision"] for u in doc["units"]] if "units" in doc else [doc]
    return {f["rule_id"] for d in decisions for f in d["findings"]}


@pytest.mark.parametrize(("what", "policy", "status", "rule_id"), ASSESS)
def test_assess_bundled_examples_as_json(
    capsys: pytest.CaptureFixture[str], what: str, policy: str | None, status: str, rule_id: str
) -> None:
    """Every assess question runs with no FILE (a bundled example) and prints one JSON decision."""
    extra = ["--policy", policy] if policy else []
    code, out, err = run(capsys, "assess", what, "--example", "--on", ON, "--format", "json", *extra)
    doc = json.loads(out)
    assert (code, err, doc["status"]) == (0, "", status)
    assert rule_id in _rule_ids(doc)


@pytest.mark.parametrize("what", ["grade", "profile", "lead", "exits", "dualcert"])
@pytest.mark.parametrize("fmt", ["text", "md"])
def test_assess_text_and_markdown(capsys: pytest.CaptureFixture[str], what: str, fmt: str) -> None:
    """Text and Markdown name the subject of the bundled example, in both languages."""
    subject = {
        "grade": "example-welder-001",
        "profile": "example-welder-001",
        "lead": "example-lead-001",
        "exits": "example-chain-001",
        "dualcert": "example-person-001",
    }[what]
    for lang in ("en", "zh"):
        code, out, _ = run(capsys, "assess", what, "--example", "--on", ON, "--format", fmt, "--lang", lang)
        assert code == 0 and subject in out
        assert (fmt == "md") == ("|---" in out)


def test_assess_reads_a_file_and_a_chain_answers_the_lead_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A chain file carries the lead's commitments: lead.sz2025.leverage holds and the lead is eligible."""
    from skilleco.cli.io import example_text

    path = write(tmp_path, "chain.json", example_text("chain.json"))
    code, out, _ = run(capsys, "assess", "lead", path, "--on", ON, "--format", "json")
    doc = json.loads(out)
    finding = {f["rule_id"]: f["status"] for f in doc["findings"]}
    assert (code, doc["status"], finding["lead.sz2025.leverage"]) == (0, "eligible", "yes")
    code, out, _ = run(capsys, "assess", "exits", path, "--on", ON, "--format", "json")
    doc = json.loads(out)
    assert (code, doc["exiting"], doc["loses_lead"]) == (0, ["example-training-001"], False)


def test_assess_usage_and_data_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--target outside 'grade', or a policy without the question, is usage (2); a PNG or non-JSON file is data (3)."""
    assert run(capsys, "assess", "lead", "--example", "--target", "technician", "--on", ON)[0] == 2
    assert run(capsys, "assess", "dualcert", "--example", "--policy", "tj-2024", "--on", ON)[0] == 2
    png = write(tmp_path, "w.png", PNG_MAGIC + bytes(range(256)))
    code, _, err = run(capsys, "assess", "exits", png, "--on", ON)
    assert code == 3 and "not UTF-8" in err
    code, _, err = run(capsys, "assess", "lead", write(tmp_path, "w.json", "{id: 1"), "--on", ON)
    assert code == 3 and "not JSON" in err and "Traceback" not in err


# --- whatif --------------------------------------------------------------------------------------------


def test_whatif_json_counts_and_flips(workers_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A 4-year wait flips rows 3, 7 and 11 to eligible, all through grade.t2023.technician.after_senior."""
    code, out, err = run(capsys, *whatif("--population", workers_csv, "--format", "json"))
    doc = json.loads(out)
    counts = {c["status"]: (c["baseline"], c["reform"]) for c in doc["counts"]}
    assert (code, err) == (0, "")
    assert counts["eligible"] == (6, 9) and counts["ineligible"] == (6, 3)
    assert [f["row"] for f in doc["flips"]] == [3, 7, 11]
    assert {tuple(f["rules"]) for f in doc["flips"]} == {(AFTER_SENIOR,)}
    assert doc["changes"] == [{"parameter": WAIT, "baseline": 5, "reform": 4}]
    assert doc["reform"]["label"] == f"{WAIT}=4" and doc["cost"] is None


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_whatif_text_and_markdown(workers_csv: str, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """Text and Markdown show the reform's label, the rule behind the flips and the cost line."""
    code, out, _ = run(
        capsys, *whatif("--population", workers_csv, "--format", fmt, "--cost", "--label", "wait 4y")
    )
    assert code == 0 and "gd-2025 [wait 4y]" in out and AFTER_SENIOR in out and "¥" in out
    assert ("|---" in out) == (fmt == "md")


def test_whatif_synthetic_population_by_question(capsys: pytest.CaptureFixture[str]) -> None:
    """--synthetic picks the generator from the question (and the dual-certificate scheme from the policy)."""
    cases = [
        ("gd-2025", f"{WAIT}=4", "next_grade", "synthetic:worker_tables("),
        ("sz-2025", "lead.min_jobs=100", "lead", "synthetic:lead_candidates("),
        ("gd-2025", "exit.max_failed_assessments=2", "exits", "synthetic:chains("),
        ("bj-2025", "dualcert.construction_period_months=12", "dualcert", "scheme=bj-2025"),
        ("gba", 'dualcert.gba.reported_occupations=["hairdresser"]', "dualcert", "scheme=gba"),
    ]
    for policy, change, question, source in cases:
        argv = sh(
            f"whatif --policy {policy} --synthetic 40 --seed 7 --question {question} --on {ON} --format json"
        )
        code, out, err = run(capsys, *argv, "--set", change)
        doc = json.loads(out)
        assert (code, err, doc["rows"]) == (0, "", 40), (question, err)
        assert source in doc["source"]


def test_whatif_set_values_are_json_or_text() -> None:
    """VALUE is JSON if it parses (4, 4.5, true, "x", null, a dated entry), else the text as typed."""
    from skilleco import load_policy
    from skilleco.cli.whatif import changes, parse_value

    texts = ("4", "4.5", "true", '"x"', "null", "2027-01-01")
    assert [parse_value(t) for t in texts] == [4, 4.5, True, "x", None, "2027-01-01"]
    found, label = changes(load_policy("cn-2025"), [f'{WAIT}={{"from": "2027-01-01", "value": 4}}'])
    assert found == {WAIT: {"from": "2027-01-01", "value": 4}} and label.startswith(WAIT)


# (arguments after the what-if's own, what the message must name)
USAGE_ERRORS = [
    (["--policy", "gd-2052"], "gd-2025"),  # unknown policy: the closest id is suggested
    (["--set", "t2023.technician.after_senior_yeras=4"], WAIT),  # unknown parameter
    (["--set", "no-equals-sign"], "NAME=VALUE"),  # bad --set syntax
    (["--set", "=4"], "NAME=VALUE"),
    (["--set", "t2023.technician.junior_title_years=four"], "expected a num value"),  # wrong type
    (["--set", f"{WAIT}=3"], "given twice"),
    (["--question", "next_grad"], "next_grade"),  # unknown question
    (["--question", "grade:wizard"], "wizard"),  # unknown grade
    (["--question", "lead", "--cost"], "--cost"),  # no subsidies for chain questions
    (["--question", "exits", "--chart", "f.png", "--chart-kind", "flips"], "--by region"),  # no target
    (["--chart", "out.pdf"], ".png or .svg"),
    (["--chart", "no/such/folder/out.png"], "does not exist"),
    (["--synthetic", "0"], "at least 1"),
    (["--seed", "-1"], "from 0 to 2**64 - 1"),
    # issue 16: a value outside the parameter's range, a date or question that cannot be read
    (["--set", "t2023.technician.junior_title_years=400"], "expected 0 to 30 years, got 400"),
    (["--set", "t2023.technician.junior_title_years=-3"], "expected 0 to 30 years, got -3"),
    (["--set", 'subsidy.senior={"from": "2027-01-01", "value": 1000000}'], "expected 0 to 100,000 yuan"),
    (["--on", "2026-02-30"], "Invalid value for '--on'"),
    (["--question", "grade:apprentice"], "Invalid value for '--question'"),
]


@pytest.mark.parametrize(("extra", "named"), USAGE_ERRORS, ids=[" ".join(e) for e, _ in USAGE_ERRORS])
def test_whatif_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], extra: list[str], named: str) -> None:
    """Bad arguments exit 2 with one message naming the problem, before any row is answered."""
    code, out, err = run(capsys, *whatif("--synthetic", "5", *extra))
    assert (code, out) == (2, "") and named in err and "Traceback" not in err


def test_whatif_needs_a_population(capsys: pytest.CaptureFixture[str]) -> None:
    """Neither --population nor --synthetic, or both, is a usage error."""
    assert run(capsys, *whatif())[0] == 2
    assert run(capsys, *whatif("--population", "x.csv", "--synthetic", "5"))[0] == 2


def test_chart_without_matplotlib_exits_2(
    workers_csv: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--chart without the plot extra is a usage error naming the extra, checked before any work."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    code, out, err = run(capsys, *whatif("--population", workers_csv, "--chart", "c.png"))
    assert (code, out) == (2, "") and "skilleco[plot]" in err


# --- bad population files: exit 3, naming the row and the column ------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    rows = worker_rows()
    rows[6] = rows[6].replace("2022-06-01", "June 2022")  # row 7: not a date
    # Dropping the occupation.* columns (the 2nd and 3rd) leaves the required field 'occupation' out.
    no_occupation = [",".join(c[:1] + c[3:]) for c in (line.split(",") for line in [HEADER, *rows])]
    return {
        "wrong type in row 7": (
            write(tmp_path, "row7.csv", "\n".join([HEADER, *rows])),
            ("row 7", "'certificates.0.issued_on'", "June 2022"),
        ),
        "missing column": (
            write(tmp_path, "nocol.csv", "\n".join(no_occupation)),
            ("'occupation'", "column is missing"),
        ),
        "empty file": (write(tmp_path, "empty.csv", ""), ("empty",)),
        "PNG bytes": (write(tmp_path, "fake.csv", PNG_MAGIC + b"\x00\x00\x00\rIHDR"), ("expected a CSV",)),
        "no such file": (str(tmp_path / "nowhere.csv"), ("cannot read",)),
    }


BAD_FILES = ["wrong type in row 7", "missing column", "empty file", "PNG bytes", "no such file"]


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_population_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    """A population that cannot be used exits 3; stderr names the row and the column where there are any."""
    path, named = _bad_files(tmp_path)[case]
    code, out, err = run(capsys, *whatif("--population", path, "--format", "json"))
    assert (code, out) == (3, "") and "Traceback" not in err
    assert all(n in err for n in named), err


def test_skip_invalid_turns_a_row_error_into_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--skip-invalid leaves row 7 out (listed on stderr), answers the other 11 and counts it as skipped."""
    path, _ = _bad_files(tmp_path)["wrong type in row 7"]
    code, out, err = run(capsys, *whatif("--population", path, "--format", "json", "--skip-invalid"))
    doc = json.loads(out)
    assert (code, doc["rows"], doc["skipped"]) == (0, 11, 1)
    assert [f["row"] for f in doc["flips"]] == [3, 11]
    assert "skipped 1 invalid row" in err and "row 7, column 'certificates.0.issued_on'" in err


# --- sweep ----------------------------------------------------------------------------------------------


def test_sweep_json_is_monotonic(workers_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A longer wait never adds eligibility: eligible counts fall as after_senior_years grows."""
    code, out, err = run(capsys, *sweep(workers_csv, "3,4,5,6", "--format", "json", "--cost"))
    doc = json.loads(out)
    assert (code, err, doc["parameter"], doc["current"]) == (0, "", WAIT, 5)
    assert [(p["value"], p["rows"]["eligible"]) for p in doc["points"]] == [(3, 12), (4, 9), (5, 6), (6, 3)]
    assert all(p["cost"] is not None for p in doc["points"])


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_sweep_text_and_markdown(workers_csv: str, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """The sweep table names the parameter; values may be a JSON array."""
    code, out, _ = run(
        capsys, *sweep(workers_csv, "[4, 5]", "--format", fmt, "--question", "grade:technician")
    )
    assert code == 0 and WAIT in out and ("|---" in out) == (fmt == "md")


def test_sweep_usage_errors(workers_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown parameter, a badly typed value or no value at all exits 2."""
    assert run(capsys, *sweep(workers_csv, "3,4"), "--parameter", "t2023.technician.wait")[0] == 2
    assert run(capsys, *sweep(workers_csv, "3,four"))[0] == 2
    assert run(capsys, *sweep(workers_csv, ","))[0] == 2
    assert run(capsys, *sweep(workers_csv, "[3,"))[0] == 2
    code, out, err = run(capsys, *sweep(workers_csv, "3,31"))
    assert (code, out) == (2, "") and f"--values {WAIT}: expected 0 to 30 years, got 31" in err


# --- progress bar ---------------------------------------------------------------------------------------


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    workers_csv: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Captured (not a TTY), stderr stays empty."""
    code, _, err = run(capsys, *whatif("--population", workers_csv))
    assert (code, err) == (0, "")


def test_progress_bar_when_stderr_is_a_terminal(
    workers_csv: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a terminal, bars for reading and answering go to stderr and reach 100% of the rows, with the
    rate; stdout still holds only the JSON."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(capsys, *whatif("--population", workers_csv, "--format", "json"))
    assert code == 0 and json.loads(out)["rows"] == 12
    reading, answering = (line.rsplit("\r", 1)[-1] for line in err.rstrip("\n").split("\n")[-2:])
    assert reading.startswith("reading: 100%") and "12/12" in reading and "rows/s" in reading
    assert answering.startswith("whatif: 100%") and "12/12" in answering  # rows, not 2N answers
    drawn = f"whatif --policy gd-2025 --set exit.max_failed_assessments=2 --synthetic 30 --question exits --on {ON}"
    code, out, err = run(capsys, *sh(drawn), "--format", "json")
    assert code == 0 and "drawing: 100%" in err and "30/30" in err and json.loads(out)["rows"] == 30


def test_progress_stages_count_rows_whatever_the_callback_counts() -> None:
    """A stage of N rows fed (done, 2N) by the row-by-row what-if, or (done, N × values) by a sweep,
    shows rows; a stage of unknown size takes the total the callback reports, and ends full."""
    import io

    from tqdm import tqdm

    from skilleco.cli.progress import Stage

    bar = tqdm(total=12, file=io.StringIO())
    stage = Stage(bar, 12)
    stage(12, 24)
    assert bar.n == 6
    stage(24, 24)
    assert bar.n == 12
    bar = tqdm(total=None, file=io.StringIO())
    stage = Stage(bar, None)
    stage(256, 1000)
    assert (bar.n, bar.total) == (256, 1000)
    stage(900, 900)
    stage.finish()
    assert (bar.n, bar.total) == (900, 900)


# --- charts and the demo --------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "by"), [("counts", "target"), ("flips", "region")])
def test_whatif_chart(
    workers_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, by: str
) -> None:
    """--chart writes a PNG; in JSON mode 'wrote chart to' goes to stderr and stdout stays JSON."""
    chart = tmp_path / f"{kind}.png"
    args = ["--population", workers_csv, "--chart", str(chart), "--chart-kind", kind, "--by", by]
    code, out, err = run(capsys, *whatif(*args, "--format", "json"))
    assert code == 0 and json.loads(out)["rows"] == 12 and f"wrote chart to {chart}" in err
    assert chart.read_bytes().startswith(PNG_MAGIC)


def test_sweep_chart(workers_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """sweep --chart writes the sweep curve as SVG and says where on stdout."""
    chart = tmp_path / "sweep.svg"
    code, out, _ = run(capsys, *sweep(workers_csv, "3,4,5", "--chart", str(chart)))
    assert code == 0 and f"wrote chart to {chart}" in out and b"<svg" in chart.read_bytes()[:400]


def test_demo_writes_a_png_and_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """demo compares gd-2025 with the 4-year wait on synthetic workers and saves the counts chart."""
    chart = tmp_path / "demo.png"
    code, out, err = run(capsys, "demo", "--n", "200", "--out", str(chart))
    assert (code, err) == (0, "")
    assert "gd-2025 [technician wait 4 years]" in out and AFTER_SENIOR in out
    assert out.rstrip().endswith(f"wrote chart to {chart}")
    assert chart.read_bytes().startswith(PNG_MAGIC)
    # gd-2025 pays no technician subsidy: the cost does not move, and the demo says why (issue 16)
    assert "Why the subsidy cost does not move: gd-2025 sets no certificate subsidy for technician" in out


def test_demo_chart_folder_must_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A demo chart path in a missing folder is a usage error, found before the work starts."""
    code, out, err = run(capsys, "demo", "--n", "10", "--out", str(tmp_path / "no" / "demo.png"))
    assert (code, out) == (2, "") and "does not exist" in err


# --- the installed command and the how-to ---------------------------------------------------------------


def test_the_command_through_subprocess(workers_csv: str, tmp_path: Path) -> None:
    """`python -m skilleco` as a user runs it (issue 16): options and FILE in any order, --version, a FILE
    or --example required, a bad --on or --target and a value outside a parameter's range are usage
    errors (2) naming the option, bad data is 3; never a traceback, and nothing on stdout but the answer.
    The processes run side by side, to keep the test short."""
    from skilleco import __version__
    from skilleco.cli.io import example_text

    worker = write(tmp_path, "worker.json", example_text("worker.json"))
    bad = write(tmp_path, "bad.json", '{"id": "w"}')
    grade = ["assess", "grade", "--format", "json"]
    cases: list[tuple[list[str], int, str]] = [
        (["--version"], 0, f"skilleco {__version__}"),
        ([*grade, "--on", "2026-09-14", worker], 0, '"target": "technician"'),
        ([*grade, worker, "--on", "2026-09-14"], 0, '"target": "technician"'),
        (whatif("--population", workers_csv, "--format", "json"), 0, '"rows": 12'),
        ([*grade, "--on", "2026-09-14"], 2, "give a FILE to assess, or --example"),
        ([*grade, "--on", "2026-13-01", worker], 2, "Invalid value for '--on': expected a date"),
        (
            [*grade, "--target", "wizard", "--on", ON, worker],
            2,
            "Invalid value for '--target': unknown grade",
        ),
        (
            sh(f"whatif --policy gd-2025 --set {WAIT}=-3 --synthetic 5 --question next_grade --on {ON}"),
            2,
            f"--set {WAIT}: expected 0 to 30 years, got -3",
        ),
        (["rules", "cn-2052"], 2, "did you mean 'cn-2025'?"),
        ([*grade, bad, "--on", ON], 3, "bad input"),
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "skilleco", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv, _, _ in cases
    ]
    outputs = []
    for proc, (argv, code, said) in zip(procs, cases, strict=True):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == code, (argv, err)
        assert "Traceback" not in err, (argv, err)
        assert said in (out if code == 0 else err), (argv, out, err)
        if code:
            assert out == "", argv
        else:
            assert err == "", (argv, err)
            outputs.append(out)
    assert json.loads(outputs[1]) == json.loads(outputs[2])  # the FILE before or after the options


def test_every_option_says_what_it_does_and_examples_stay_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """Every option of every subcommand has help; examples in the help are printed as written, one
    command a line, so they can be pasted."""
    import click

    from skilleco.cli.main import cli

    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (name, param.name)
    code, out, _ = run(capsys, "whatif", "--help")
    example = f"skilleco whatif --policy gd-2025 --set {WAIT}=4 --synthetic 2000 --question next_grade --on 2026-11-21 --cost"
    assert code == 0 and example in out.splitlines()[-1]
    code, out, _ = run(capsys, "assess", "-h")
    assert (
        code == 0 and "  skilleco assess grade --on 2026-11-21 --target senior_technician worker.json" in out
    )
    assert run(capsys, "assess", "grade", "--example", "x.json", "--on", ON)[0] == 2  # FILE or --example


def test_policies_and_rules_tables_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    """policies and rules print a table with a header; --lang picks the titles."""
    code, out, _ = run(capsys, "policies", "--lang", "zh")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["id", "jurisdiction", "parent", "title"]
    assert any(line.startswith("sz-2025") and "gd-2025" in line and "深圳" in line for line in lines)


def test_console_script_entry_point() -> None:
    """The installed `skilleco` entry point is skilleco.cli:main."""
    from importlib.metadata import entry_points

    (ep,) = [e for e in entry_points(group="console_scripts") if e.name == "skilleco"]
    assert ep.value == "skilleco.cli:main"


HOWTO = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "use-the-command.md"


def _howto_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.DOTALL)
    return [line[2:] for b in blocks for line in b.splitlines() if line.startswith("$ skilleco ")]


def test_howto_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every `$ skilleco ...` line of the how-to runs and exits as the page says (0 unless marked `# exit N`)."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "workers.csv", "\n".join([HEADER, *worker_rows()]) + "\n")
    from skilleco.cli.io import example_text

    write(tmp_path, "chain.json", example_text("chain.json"))
    (tmp_path / "hr-export").mkdir()  # record tables (issue 14)
    write(tmp_path, "hr-export/workers.csv", "id,birth_date,occupation_code\nw1,1990-03-01,6-31-01-03\n")
    write(
        tmp_path,
        "hr-export/certificates.csv",
        "worker_id,level,occupation_code,issued_on\nw1,三级,6-31-01-03,2021-06-30\n",
    )
    commands = _howto_commands()
    assert len(commands) >= 10
    for line in commands:
        argv, _, note = line.partition("#")
        expected = int(note.split()[1]) if note.strip().startswith("exit") else 0
        assert main(shlex.split(argv)[1:]) == expected, line
        capsys.readouterr()
