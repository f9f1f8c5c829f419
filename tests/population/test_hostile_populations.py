"""Hostile population files (issue 15): every row is read or listed, and only ``PopulationError`` escapes.

Each finding has its own regression tests (``test_h1_…``, ``test_m5_…``); ``hostile/`` holds a corpus
of small hostile files whose outcomes ``hostile/manifest.toml`` states (row numbers, lines, fields and
codes), and two hypothesis properties close the file: hostile dotted names and cells only ever give
a population or a ``PopulationError`` (10,000 examples under ``HYPOTHESIS_PROFILE=ci``), and
``to_csv`` → ``read_population`` gives back equal subjects, weights and groups for hostile text.
"""

from __future__ import annotations

import csv
import datetime
import json
import math
import time
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import skilleco
from skilleco.cli import main
from skilleco.models.fields import MAX_ITEMS
from skilleco.population import Population, PopulationError, read_population, synthetic
from skilleco.population.columns import SPACE
from skilleco.population.csv_rows import MAX_CELL_CHARS, csv_line
from skilleco.population.population import MAX_WEIGHT

HOSTILE = Path(__file__).parent / "hostile"
MANIFEST: list[dict[str, Any]] = tomllib.loads((HOSTILE / "manifest.toml").read_text(encoding="utf-8"))["case"]
LONG = "x" * (MAX_CELL_CHARS + 1)
H = "id,occupation.code"
ON = "2026-11-21"


def _csv(tmp_path: Path, *lines: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _problems(exc: PopulationError) -> list[tuple[int, str, str]]:
    return [(r.row, r.field, r.code) for r in exc.rows]


def _skipped(pop: Population) -> list[tuple[int, int | None, str, str]]:
    return [(e.row, e.line, e.field, e.code) for e in pop.skipped]


def _whatif(*extra: str) -> list[str]:
    return ["whatif", "--policy", "gd-2025", "--set", "t2023.technician.after_senior_years=4",
            "--question", "next_grade", "--on", ON, *extra]  # fmt: skip


# --- the corpus ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", MANIFEST, ids=[c["file"] for c in MANIFEST])
def test_hostile_corpus(case: dict[str, Any], tmp_path: Path) -> None:
    """Each hostile file gives exactly the outcome the manifest states (issue 15)."""
    body = (HOSTILE / case["file"]).read_bytes().replace(b"@@LONG@@", LONG.encode())
    path = tmp_path / case["file"]
    path.write_bytes(body)
    if "raises" in case:
        with pytest.raises(PopulationError) as info:
            read_population(path, on_error="skip")
        got = _problems(info.value)
        assert len(got) == len(case["raises"])
        for (row, field, code), (want_row, want_field, want_code) in zip(got, case["raises"], strict=True):
            assert (row, code) == (want_row, want_code)
            assert field.startswith(want_field[:-1]) if want_field.endswith("…") else field == want_field
        return
    pop = read_population(path, on_error="skip")
    assert list(pop.rows) == case["read"] and len(pop) == len(case["read"])
    assert [[r, line or 0, f, c] for r, line, f, c in _skipped(pop)] == case["skipped"]
    if case["skipped"]:
        with pytest.raises(PopulationError) as info:
            read_population(path)  # on_error="raise" lists the same rows
        assert [[r, f, c] for r, _, f, c in _skipped(pop)] == [[r.row, r.field, r.code] for r in info.value.rows]


def test_corpus_holds_every_file_once() -> None:
    """The manifest names every file of ``hostile/`` once, and there are at least 25, all small."""
    files = sorted(p.name for p in HOSTILE.iterdir() if p.name != "manifest.toml")
    named = [c["file"] for c in MANIFEST]
    assert sorted(named) == files and len(set(named)) == len(named) >= 25
    assert {p.suffix for p in HOSTILE.iterdir()} >= {".csv", ".jsonl", ".json"}
    assert max(p.stat().st_size for p in HOSTILE.iterdir()) < 20_000
    assert {c["finding"] for c in MANIFEST} >= {"H1", "H3", "M1", "M2", "M5", "L3", "L7", "L8"}


# --- H1: huge list positions ----------------------------------------------------------------------------------


def test_h1_huge_index_in_a_header_is_refused_before_any_row_is_built(tmp_path: Path) -> None:
    """H1: ``certificates.1000000000.level`` (an 83-byte file that took 21 s and gigabytes) is one
    ``bad_index`` problem naming the column, in well under a second."""
    path = _csv(tmp_path, f"{H},certificates.1000000000.level,region", "w1,6-18-02-04,三级,广州")
    start = time.perf_counter()
    with pytest.raises(PopulationError) as info:
        read_population(path, on_error="skip")  # a column problem: never skipped silently
    assert time.perf_counter() - start < 1
    assert _problems(info.value) == [(0, "certificates.1000000000.level", "bad_index")]
    assert "certificates.1000000000.level" in str(info.value)


@pytest.mark.parametrize(
    ("position", "refused"), [(MAX_ITEMS - 1, False), (MAX_ITEMS, True), (10**4, True), ("0" * 2, True)]
)
def test_h1_list_positions_stop_at_max_items(position: object, refused: bool) -> None:
    """H1: positions 0 … MAX_ITEMS - 1 are read (as a list of the positions given); MAX_ITEMS and
    above, and leading zeros, are ``bad_index`` for the row that holds the column."""
    column = f"certificates.{position}.level"
    rows = [{"id": "w1", "occupation.code": "c", "records_complete": True, column: "三级",
             f"certificates.{position}.occupation_code": "c"},
            {"id": "w2", "occupation.code": "c"}]  # fmt: skip
    pop = read_population(rows, on_error="skip")
    if refused:
        assert pop.ids == ("w2",)
        assert [(r, f, c) for r, _, f, c in _skipped(pop)] == [
            (1, column, "bad_index"),
            (1, f"certificates.{position}.occupation_code", "bad_index"),
        ]
    else:
        assert pop.ids == ("w1", "w2") and not pop.skipped
        worker = pop.subjects[0]
        assert isinstance(worker, skilleco.Worker) and worker.certificates is not None
        assert len(worker.certificates) == 1


def test_h1_index_of_5000_digits_in_a_frame_is_a_column_error() -> None:
    """H1: the check never turns a position into an integer it cannot afford (no ValueError)."""
    frame = pd.DataFrame({"id": ["w1"], "occupation.code": ["c"], "certificates." + "9" * 5000 + ".level": ["x"]})
    with pytest.raises(PopulationError) as info:
        read_population(frame)
    assert [(r.row, r.code) for r in info.value.rows] == [(0, "bad_index")]


# --- H3: long cells ---------------------------------------------------------------------------------------------


def test_h3_a_long_cell_is_a_row_error_and_every_later_row_is_read(tmp_path: Path) -> None:
    """H3: a cell over 128 KiB no longer ends the reading: rows 1, 3, 4, 5 are read, row 2 is listed
    (``cell_too_long``), and the csv module's process-wide limit is left alone."""
    limit = csv.field_size_limit()
    path = _csv(tmp_path, f"{H},birth_date", *(f"w{i},c,{LONG if i == 2 else '1990-01-01'}" for i in range(1, 6)))
    pop = read_population(path, on_error="skip")
    assert pop.rows == (1, 3, 4, 5)
    assert _skipped(pop) == [(2, 3, "", "cell_too_long")]
    assert pop.skipped[0].value == MAX_CELL_CHARS + 1
    with pytest.raises(PopulationError) as info:
        read_population(path)
    assert _problems(info.value) == [(2, "", "cell_too_long")]
    assert csv.field_size_limit() == limit


def test_h3_a_cell_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    """H3: MAX_CELL_CHARS characters are read (here a JSON cell of that length, with line breaks)."""
    cell = "[" + " " * (MAX_CELL_CHARS - 3) + "\n]"
    assert len(cell) == MAX_CELL_CHARS
    path = _csv(tmp_path, f"{H},work_periods", f'w1,c,"{cell}"', "w2,c,")
    pop = read_population(path)
    assert pop.rows == (1, 2)


def test_h3_whatif_skip_invalid_counts_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """H3: ``skilleco whatif --skip-invalid`` answers 4 rows of 5 and counts the long one (was: 1 of 5, exit 0)."""
    header = "id,occupation.code,certificates.0.level,certificates.0.occupation_code,certificates.0.issued_on"
    rows = [f"w{i},6-18-02-04,三级,6-18-02-04,{'2020-01-01' + LONG if i == 2 else '2020-01-01'}" for i in range(1, 6)]
    path = _csv(tmp_path, header, *rows)
    code = main(_whatif("--population", str(path), "--skip-invalid", "--format", "json"))
    doc = json.loads(capsys.readouterr().out)
    assert (code, doc["rows"], doc["skipped"]) == (0, 4, 1)


# --- M1: odd names, deep JSON, long digits -------------------------------------------------------------------


ODD_ROWS = {
    "superscript position": ({"certificates.².level": "三级"}, "certificates", "list_type"),
    "Arabic-Indic position": ({"certificates.٣.level": "三级"}, "certificates", "list_type"),
    "negative position": ({"certificates.-1.level": "三级"}, "certificates", "list_type"),
    "object then list": ({"certificates.x": "a", "certificates.0.level": "三级"}, "certificates.0.level", "bad_column"),
    "list then object": ({"certificates.0.level": "三级", "certificates.a": "x"}, "certificates.a", "bad_column"),
    "value then field": ({"certificates.0": "x", "certificates.0.level": "y"}, "certificates.0.level", "bad_column"),
    "name and name.x": ({"name": "a", "name.x": "b"}, "name.x", "bad_column"),
    "name.x and name": ({"name.x": "b", "name": "a"}, "name", "bad_column"),
    "a mapping and a dotted key": ({"occupation": {"code": "c"}}, "occupation", "bad_column"),
    "empty part": ({"certificates..level": "x"}, "certificates..level", "bad_column"),
    "trailing dot": ({"employer.": "x"}, "employer.", "bad_column"),
    "40 parts": ({".".join(["employer"] * 40): "x"}, ".".join(["employer"] * 40), "bad_column"),
    "600-deep JSON cell": ({"work_periods": "[" * 600 + "]" * 600}, "work_periods.0", "model_type"),
    "1,500-deep JSON cell": ({"work_periods": "[" * 1500 + "]" * 1500}, "work_periods", "not_json"),
    "5,000 digits in a cell": ({"annual_appraisals_passed": "1" * 5000}, "annual_appraisals_passed", "int_parsing_size"),
    "a 5,000-digit integer": ({"annual_appraisals_passed": 10**5000}, "annual_appraisals_passed", "less_than_equal"),
    "a 400-digit weight": ({"weight": "9" * 400}, "weight", "bad_weight"),
    "a 400-digit integer weight": ({"weight": 10**400}, "weight", "bad_weight"),
    "a 5,000-digit group label": ({"region": 10**5000}, "region", "bad_group"),
    "a key that is not text": ({7: "x"}, "7", "bad_column"),
}


@pytest.mark.parametrize(("row", "field", "code"), list(ODD_ROWS.values()), ids=list(ODD_ROWS))
def test_m1_odd_rows_are_row_errors_with_a_column(row: dict[Any, Any], field: str, code: str) -> None:
    """M1: each of these raised ValueError, TypeError, IndexError, RecursionError or OverflowError."""
    data = [{"id": "w1", "occupation.code": "c", **row}, {"id": "w2", "occupation.code": "c"}]
    pop = read_population(data, on_error="skip")
    assert pop.ids == ("w2",)
    assert (pop.skipped[0].row, pop.skipped[0].field, pop.skipped[0].code) == (1, field, code)
    str(pop.skipped[0]), json.dumps(pop.skipped[0].to_dict())  # both can be shown, however large


@pytest.mark.parametrize(
    "header",
    ["certificates.².level", "certificates.1000000000.level", "name,name.x", "occupation..code"],
)
def test_m1_cli_exits_3_without_a_traceback(
    header: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """M1: a hostile file is bad input data (exit 3), never a crash (exit 1 and a traceback)."""
    cells = ",".join("x" for _ in header.split(","))
    path = _csv(tmp_path, f"{H},{header}", f"w1,6-18-02-04,{cells}")
    code = main(_whatif("--population", str(path)))
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err and "bad input" in err


# --- M2: weights --------------------------------------------------------------------------------------------------


def test_m2_file_weights_are_bounded(tmp_path: Path) -> None:
    """M2: two weights of 1e308 (which overflowed compare and repr) are ``bad_weight`` rows; MAX_WEIGHT is read."""
    path = _csv(tmp_path, f"{H},weight", "w1,c,1e308", "w2,c,1e308", f"w3,c,{MAX_WEIGHT:.0f}", "w4,c,1e12")
    pop = read_population(path, on_error="skip")
    assert pop.rows == (3, 4) and pop.total_weight == 2 * MAX_WEIGHT
    assert [(r, f, c) for r, _, f, c in _skipped(pop)] == [(1, "weight", "bad_weight"), (2, "weight", "bad_weight")]
    assert "2,000,000,000,000" in repr(pop)


@pytest.mark.parametrize(
    "weight",
    [1e308, math.nextafter(MAX_WEIGHT, math.inf), -1.0, math.nan, math.inf, 10**400, "x", True],
    ids=["1e308", "past MAX_WEIGHT", "negative", "nan", "inf", "400 digits", "text", "bool"],
)
def test_m2_weights_argument_is_bounded(weight: object) -> None:
    """M2: ``Population.from_models(weights=…)`` refuses what files refuse, with ``bad_weights``."""
    worker = skilleco.Worker.model_validate({"id": "w", "occupation": {"code": "c"}})
    with pytest.raises(skilleco.InputError) as info:
        Population.from_models([worker, worker], weights=[1.0, weight])  # type: ignore[list-item]
    (error,) = info.value.errors
    assert (error["type"], error["loc"]) == ("bad_weights", ("weights", 1))
    with pytest.raises(skilleco.InputError) as info:
        Population.from_models([worker], weights=[1.0, 2.0])
    assert info.value.errors[0]["type"] == "bad_weights"


def test_m2_the_largest_weights_sum_and_show() -> None:
    """M2: a population of MAX_WEIGHT rows sums and shows (``math.fsum``; no OverflowError)."""
    worker = skilleco.Worker.model_validate({"id": "w", "occupation": {"code": "c"}})
    pop = Population.from_models([worker] * 3, weights=[MAX_WEIGHT] * 3)
    assert pop.total_weight == 3 * MAX_WEIGHT
    assert "3,000,000,000,000" in repr(pop) and "1,000,000,000,000.00" in pop._repr_html_()
    with pytest.raises(skilleco.InputError):
        Population("worker", (worker,), (1,), (1e308,), ({},))


# --- M5: JSON Lines ---------------------------------------------------------------------------------------------


def test_m5_unicode_line_separators_inside_json_strings_do_not_split_rows(tmp_path: Path) -> None:
    """M5: U+2028, U+2029 and U+0085 are characters inside JSON strings; only ``\\n`` ends a row."""
    lines = [
        json.dumps({"id": "w1\u2028a", "occupation": {"code": "c\u2029\x85d"}}, ensure_ascii=False),
        json.dumps({"id": "w2", "occupation": {"code": "c"}, "birth_date": "1990-13-01"}, ensure_ascii=False),
        json.dumps({"id": "w3", "occupation": {"code": "c"}}),
    ]
    path = tmp_path / "people.jsonl"
    path.write_text(lines[0] + "\r\n" + lines[1] + "\n\n" + lines[2] + "\n", encoding="utf-8")
    pop = read_population(path, on_error="skip")
    assert pop.ids == ("w1\u2028a", "w3") and pop.rows == (1, 4)
    assert [(r, line, f) for r, line, f, _ in _skipped(pop)] == [(2, 2, "birth_date")]


# --- L3: formulas and round trips ------------------------------------------------------------------------------


FORMULAS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-1", "\tq", "\rq", "'", "'=x", "[abc", "{"]


def test_l3_to_csv_neutralises_formula_cells_and_reads_them_back(tmp_path: Path) -> None:
    """L3: text starting with = + - @ tab CR (and ' [ {) is written after a ', and read back as it was."""
    workers = [
        skilleco.Worker.model_validate({"id": f"w{i}", "occupation": {"code": "c", "name": f"x{text}"},
                                        "employer": {"name": text}})
        for i, text in enumerate(FORMULAS)
    ]  # fmt: skip
    groups = [{"region": text} for text in FORMULAS]
    pop = Population.from_models(workers, groups=groups)
    text = pop.to_csv(tmp_path / "out.csv")
    for cell in (c for line in csv.reader(text.splitlines(keepends=True)) for c in line):
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or cell.lstrip("-").replace(".", "").isdigit()
    back = read_population(tmp_path / "out.csv")
    assert back.subjects == pop.subjects and back.groups == pop.groups
    assert [w.employer.name for w in back.subjects if isinstance(w, skilleco.Worker) and w.employer] == [
        "=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "+1", "-1", "q", "q", "'", "'=x", "[abc", "{"
    ]  # fmt: skip


def test_l3_ids_with_carriage_returns_and_nuls_read_back(tmp_path: Path) -> None:
    """L3: cells holding CR, LF, NUL, quotes and commas are quoted and read back whole."""
    ids = ["a\rb", "c\nd", "e\x00f", 'g"h', "i,j", "k\r\nl"]
    workers = [skilleco.Worker.model_validate({"id": i, "occupation": {"code": "c"}}) for i in ids]
    pop = Population.from_models(workers)
    pop.to_csv(tmp_path / "out.csv")
    assert read_population(tmp_path / "out.csv").ids == tuple(ids)


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=10)
HOSTILE_TEXT = st.one_of(
    _TEXT,
    st.tuples(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "[", "{", '"', ",", "\x00"]), _TEXT)
    .map("".join),
    st.sampled_from(FORMULAS),
)


@given(
    texts=st.lists(st.tuples(HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT), min_size=1, max_size=3),
    weights=st.lists(st.floats(0, MAX_WEIGHT), min_size=3, max_size=3),
)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
def test_l3_round_trip_property(tmp_path: Path, texts: list[tuple[str, ...]], weights: list[float]) -> None:
    """L3: to_csv then read_population gives equal subjects, weights and groups, for hostile text."""
    workers = []
    for i, (a, b, c, _) in enumerate(texts):
        try:
            workers.append(skilleco.Worker.model_validate(
                {"id": f"{a}{i}", "occupation": {"code": b, "name": c}, "employer": {"name": a}}
            ))  # fmt: skip
        except ValidationError:
            assume(False)
    labels = [{"region": t[3]} if t[3].strip(SPACE) else {} for t in texts]
    pop = Population.from_models(workers, weights=weights[: len(workers)], groups=labels)
    path = tmp_path / "round-trip.csv"
    pop.to_csv(path)
    back = read_population(path)
    assert back.subjects == pop.subjects
    assert back.weights == pop.weights and back.groups == pop.groups


# --- L7: rows and lines ---------------------------------------------------------------------------------------


def test_l7_rows_and_lines_after_embedded_newlines(tmp_path: Path) -> None:
    """L7: row numbers count data rows (not lines) after a cell with line breaks, and each problem
    says the line where its row starts."""
    path = _csv(
        tmp_path, f"{H},birth_date", 'w1,"a\nb\nc",1990-01-01', "w2,c,1990-13-01", '"w3"x,c,1990-01-01', "w4,c,x"
    )
    pop = read_population(path, on_error="skip")
    assert pop.rows == (1,)
    assert [(r, line, c) for r, line, _, c in _skipped(pop)] == [
        (2, 5, "value_error"),
        (3, 6, "not_csv"),
        (4, 7, "value_error"),
    ]
    assert "row 2, column 'birth_date' (line 5)" in str(pop.skipped[0])
    assert pop.skipped[0].to_dict()["line"] == 5


# --- L8: duplicate columns -----------------------------------------------------------------------------------------


def test_l8_duplicate_columns_in_frames_are_refused(tmp_path: Path) -> None:
    """L8: pandas, Arrow and Parquet tables with a column twice are refused as CSV files are."""
    frame = pd.DataFrame([["w1", "c", "d"]], columns=["id", "occupation.code", "occupation.code"])
    table = pa.Table.from_arrays([pa.array(["w1"]), pa.array(["c"]), pa.array(["d"])],
                                 names=["id", "occupation.code", "occupation.code"])  # fmt: skip
    pq.write_table(table, tmp_path / "twice.parquet")
    for source in (frame, table, tmp_path / "twice.parquet"):
        with pytest.raises(PopulationError) as info:
            read_population(source)
        assert _problems(info.value) == [(0, "occupation.code", "duplicate_column")]
    ok = pa.table({"id": ["w1"], "occupation.code": ["c"]})
    assert read_population(ok).ids == ("w1",)


# --- L15: synthetic sizes ------------------------------------------------------------------------------------------


def test_l15_synthetic_n_is_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    """L15: n past MAX_SYNTHETIC is ``bad_count`` at once (it ran until killed); the command exits 2."""
    on = datetime.date(2026, 11, 21)
    from skilleco.population.synthetic_tables import worker_tables

    makers = (synthetic.workers, synthetic.chains, synthetic.lead_candidates, synthetic.dual_certificate_candidates)
    for make in (*makers, worker_tables):
        with pytest.raises(skilleco.InputError) as info:
            make(synthetic.MAX_SYNTHETIC + 1, seed=1, on=on)
        assert (info.value.errors[0]["type"], info.value.fields) == ("bad_count", ("n",))
    assert main(_whatif("--synthetic", "99999999999")) == 2
    assert main(["demo", "--n", str(synthetic.MAX_SYNTHETIC + 1)]) == 2
    assert "at most 100,000,000" in capsys.readouterr().err


# --- properties ---------------------------------------------------------------------------------------------------


SEGMENT = st.sampled_from(
    ["id", "occupation", "code", "certificates", "work_periods", "level", "start", "name", "employer",
     "weight", "region", "0", "1", "499", "500", "01", "1000000000", "9" * 30, "-1", "²", "٣", "０", "",
     " ", "x"]
)  # fmt: skip
TOP = st.sampled_from(["occupation", "certificates", "work_periods", "employer", "weight", "region", "birth_date"])
KNOWN_TOP = st.one_of(
    st.sampled_from(["occupation.code", "certificates.0.level", "weight", "region", "work_periods", "birth_date"]),
    st.tuples(TOP, st.lists(SEGMENT, min_size=1, max_size=4)).map(lambda t: ".".join([t[0], *t[1]])),
)
"""Columns under a field of the model (the header passes; rows meet the odd names)."""
ANY_COLUMN = st.one_of(KNOWN_TOP, st.lists(SEGMENT, min_size=1, max_size=5).map(".".join), st.text(max_size=5))
CELL = st.one_of(
    st.sampled_from(
        ["", " ", "w1", "c", "三级", "2021-09-15", "true", "1e308", "9" * 400, "1" * 4400, "nan", "-1",
         '=HYPERLINK("x")', "'=x", "''", "[", "{", "[]", '[{"start": "2013-07-01"}]', '{"code": "c"}',
         "[" * 600 + "]" * 600, "\u2028", "\x85", '"', '""', ",", "\r\n", "\n", "\r", "\x00", "\ufeff", "null"]
    ),
    st.text(max_size=5),
)  # fmt: skip


@st.composite
def hostile_tables(draw: st.DrawFn) -> tuple[str, list[str], list[list[str]]]:
    columns = draw(st.lists(KNOWN_TOP if draw(st.integers(0, 2)) else ANY_COLUMN, min_size=1, max_size=3))
    if draw(st.integers(0, 3)):
        columns = ["id", "occupation.code", *columns]
    width = len(columns)
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=3))
    form = draw(st.sampled_from(["rows", "csv", "raw-csv", "jsonl"]))
    return form, columns, rows


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.fuzz
@settings(parent=settings.get_profile("fuzz"), suppress_health_check=list(HealthCheck))
@given(table=hostile_tables(), skip=st.booleans())
def test_hostile_names_and_cells_only_raise_population_error(
    scratch: Path, table: tuple[str, list[str], list[list[str]]], skip: bool
) -> None:
    """H1, H3, M1, M5, L7: hostile dotted names and cells give a population or a PopulationError, and
    (from files written cell by cell) every non-blank row is read or listed."""
    form, columns, rows = table
    expected = {i for i, row in enumerate(rows, 1) if any(c.strip() for c in row)}
    source: Any
    if form == "rows":
        source, expected = [dict(zip(columns, row, strict=True)) for row in rows], set(range(1, len(rows) + 1))
    elif form == "jsonl":
        source = scratch / "t.jsonl"
        source.write_text("\n".join(json.dumps(dict(zip(columns, r, strict=True))) for r in rows), encoding="utf-8")
        expected = set(range(1, len(rows) + 1))
    else:
        source = scratch / "t.csv"
        join = csv_line if form == "csv" else ",".join
        source.write_text("\n".join(join(r) for r in [columns, *rows]) + "\n", encoding="utf-8")
    try:
        pop = read_population(source, on_error="skip" if skip else "raise")
    except PopulationError as exc:
        error = exc
        event(f"{form}: {'rows' if any(r.row for r in exc.rows) else 'source ' + exc.rows[0].code} error")
    else:
        event(f"{form}: read {len(pop)}, skipped {len(pop.skipped) > 0}")
        listed = set(pop.rows) | {e.row for e in pop.skipped}
        if form != "raw-csv":
            assert listed == expected
        assert all(r >= 1 for r in listed)
        repr(pop)
        return
    assert error.rows and all(isinstance(r.row, int) and r.row >= 0 and isinstance(r.field, str) for r in error.rows)
    str(error), json.dumps([r.to_dict() for r in error.rows])
