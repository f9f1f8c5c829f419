"""Reading populations: files, frames and iterables; every bad row reported, never dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import skilleco
from skilleco.population import PopulationError, read_population

HEADER = (
    "id,birth_date,occupation.code,occupation.standard_edition,certificates.0.level,"
    "certificates.0.occupation_code,certificates.0.issued_on,work_periods,records_complete,weight,region"
)


def _row(i: int, birth: str = "1990-01-01", weight: str = "100") -> str:
    return (
        f'w{i},{birth},6-18-02-04,t2023,三级,6-18-02-04,2021-09-15,"[{{""start"": ""2012-07-01""}}]",'
        f"true,{weight},广州"
    )


def _csv(tmp_path: Path, lines: list[str], name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_with_dotted_columns_json_cells_weights_and_groups(tmp_path: Path) -> None:
    pop = read_population(_csv(tmp_path, [HEADER, _row(1), _row(2, weight="")]))
    assert len(pop) == 2 and pop.kind == "worker"
    w = pop.subjects[0]
    assert isinstance(w, skilleco.Worker)
    assert w.certificates is not None and w.certificates[0].level == "senior"
    assert w.work_periods is not None and str(w.work_periods[0].start) == "2012-07-01"
    assert w.titles == []  # records_complete: lists left out are "none"
    assert pop.weights == (100.0, 1.0) and pop.total_weight == 101.0
    assert pop.groups[0] == {"region": "广州"} and pop.rows == (1, 2)


def test_wrong_type_in_row_7_names_the_row_and_the_column(tmp_path: Path) -> None:
    lines = [HEADER, *(_row(i) for i in range(1, 7)), _row(7, birth="1990-13-45"), _row(8)]
    with pytest.raises(PopulationError) as info:
        read_population(_csv(tmp_path, lines))
    err = info.value
    assert [(r.row, r.field) for r in err.rows] == [(7, "birth_date")]
    assert err.rows[0].value == "1990-13-45"
    assert "row 7" in str(err) and "birth_date" in str(err)
    assert err.code == "invalid_population" and isinstance(err, skilleco.InputError)


def test_skip_keeps_the_good_rows_and_counts_the_bad(tmp_path: Path) -> None:
    lines = [HEADER, _row(1), _row(2, birth="not a date"), _row(3, weight="-5"), _row(4)]
    pop = read_population(_csv(tmp_path, lines), on_error="skip")
    assert pop.ids == ("w1", "w4") and pop.rows == (1, 4)
    assert sorted((e.row, e.field, e.code) for e in pop.skipped) == [
        (2, "birth_date", "value_error"),
        (3, "weight", "bad_weight"),
    ]


def test_missing_required_column_is_one_source_error(tmp_path: Path) -> None:
    header = HEADER.replace("occupation.code,", "")
    rows = [_row(i).replace("6-18-02-04,t2023", "t2023", 1) for i in (1, 2)]
    with pytest.raises(PopulationError) as info:
        read_population(_csv(tmp_path, [header, *rows]), on_error="skip")  # not skippable
    assert [(r.row, r.field, r.code) for r in info.value.rows] == [(0, "occupation.code", "missing_column")]
    assert "column 'occupation.code'" in str(info.value)


def test_unknown_column_suggests_the_closest(tmp_path: Path) -> None:
    header = HEADER.replace("birth_date", "birthdate")
    with pytest.raises(PopulationError) as info:
        read_population(_csv(tmp_path, [header, _row(1)]))
    (problem,) = info.value.rows
    assert (problem.field, problem.code) == ("birthdate", "unknown_column")
    assert "birth_date" in problem.reason


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_csv"),
        (b'{"id": "w1"}\n', "not_csv"),
        (b"name,age\nbob,3\n", "not_csv"),
    ],
)
def test_files_that_are_not_worker_tables(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content)
    with pytest.raises(PopulationError) as info:
        read_population(path)
    assert [r.code for r in info.value.rows] == [code]
    assert info.value.rows[0].row == 0 and str(path) in str(info.value)


def test_header_only_is_empty(tmp_path: Path) -> None:
    with pytest.raises(PopulationError) as info:
        read_population(_csv(tmp_path, [HEADER]))
    assert [r.code for r in info.value.rows] == ["empty"]


def test_ragged_row_and_bad_json_cell(tmp_path: Path) -> None:
    lines = [HEADER, _row(1), "w2,1990-01-01", _row(3).replace('"[{""start"": ""2012-07-01""}]"', "[oops")]
    pop = read_population(_csv(tmp_path, lines), on_error="skip")
    assert pop.ids == ("w1",)
    assert [(e.row, e.code) for e in pop.skipped] == [(2, "bad_row"), (3, "not_json")]
    assert pop.skipped[1].field == "work_periods"


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(PopulationError) as info:
        read_population(tmp_path / "nope.csv")
    assert info.value.rows[0].code == "unreadable"


def test_csv_round_trip_keeps_stated_empty_lists(tmp_path: Path) -> None:
    pop = read_population(_csv(tmp_path, [HEADER, _row(1), _row(2)]))
    path = tmp_path / "again.csv"
    pop.to_csv(path)
    again = read_population(path)
    assert again.subjects == pop.subjects and again.weights == pop.weights and again.groups == pop.groups


def test_iterables_of_models_dicts_and_json(tmp_path: Path) -> None:
    example = json.loads(
        (Path(skilleco.__file__).parent / "examples" / "worker.json").read_text(encoding="utf-8")
    )
    model = skilleco.Worker.model_validate(example)
    pop = read_population([model, example, json.dumps({**example, "id": "third"})])
    assert pop.ids == (model.id, model.id, "third")
    bad = {**example, "birth_date": "yesterday"}
    with pytest.raises(PopulationError) as info:
        read_population([example, bad])
    assert [(r.row, r.field) for r in info.value.rows] == [(2, "birth_date")]


def test_jsonl_and_json_files(tmp_path: Path) -> None:
    example = (Path(skilleco.__file__).parent / "examples" / "worker.json").read_text(encoding="utf-8")
    one = json.dumps(json.loads(example), ensure_ascii=False)
    (tmp_path / "p.jsonl").write_text(f"{one}\n\n{one}\nnot json\n", encoding="utf-8")
    pop = read_population(tmp_path / "p.jsonl", on_error="skip")
    assert len(pop) == 2 and [(e.row, e.code) for e in pop.skipped] == [(4, "not_json")]
    (tmp_path / "p.json").write_text(f"[{one}]", encoding="utf-8")
    assert len(read_population(tmp_path / "p.json")) == 1


def test_frames_and_parquet(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    pop = read_population(_csv(tmp_path, [HEADER, _row(1), _row(2, birth="")]))
    frame = pl.read_csv(tmp_path / "people.csv", infer_schema=False)
    from_polars = read_population(frame)
    assert from_polars.subjects == pop.subjects and from_polars.groups == pop.groups
    from_pandas = read_population(pd.read_csv(tmp_path / "people.csv", dtype=str))
    assert from_pandas.subjects == pop.subjects  # NaN cells are "not stated"
    frame.write_parquet(tmp_path / "people.parquet")
    assert read_population(tmp_path / "people.parquet").subjects == pop.subjects
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(PopulationError) as info:
        read_population(tmp_path / "bad.parquet")
    assert info.value.rows[0].code == "not_parquet"


def test_bad_arguments() -> None:
    with pytest.raises(skilleco.InputError) as info:
        read_population([], "robot")
    assert info.value.fields == ("kind",)
    with pytest.raises(PopulationError) as info2:
        read_population({"id": "w1"})
    assert info2.value.rows[0].code == "not_rows"
    with pytest.raises(PopulationError):
        read_population([])  # no rows is an error, not an empty comparison


# --- dates from frames: timestamps at midnight are dates (issue 16) --------------------------------------

DATES = ["birth_date", "certificates.0.issued_on"]


def test_pandas_parse_dates_and_parquet_written_by_pandas(tmp_path: Path) -> None:
    """pandas reads date columns as datetime64 Timestamps at midnight (parse_dates, to_datetime, any
    resolution); they are read as their dates, from the frame and from the Parquet pandas writes."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = _csv(tmp_path, [HEADER, _row(1), _row(2, birth="")])
    pop = read_population(path)
    parsed = pd.read_csv(path, parse_dates=DATES)
    assert str(parsed["birth_date"].dtype).startswith("datetime64")
    assert read_population(parsed).subjects == pop.subjects  # NaT is "not stated"
    ns = parsed.astype(dict.fromkeys(DATES, "datetime64[ns]"))
    assert read_population(ns).subjects == pop.subjects
    ns.to_parquet(tmp_path / "pandas.parquet")
    assert read_population(tmp_path / "pandas.parquet").subjects == pop.subjects
    import pyarrow as pa

    assert read_population(pa.Table.from_pandas(ns)).subjects == pop.subjects


def test_polars_datetime_columns_at_midnight(tmp_path: Path) -> None:
    """A Polars Datetime column at midnight (and a Date column) reads as dates, from the frame and Parquet."""
    pl = pytest.importorskip("polars")
    path = _csv(tmp_path, [HEADER, _row(1), _row(2)])
    pop = read_population(path)
    frame = pl.read_csv(path, infer_schema=False).with_columns(
        pl.col("birth_date").str.to_date(), pl.col("certificates.0.issued_on").str.to_datetime("%Y-%m-%d")
    )
    assert frame.schema["certificates.0.issued_on"] == pl.Datetime("us")
    assert read_population(frame).subjects == pop.subjects
    frame.write_parquet(tmp_path / "polars.parquet")
    assert read_population(tmp_path / "polars.parquet").subjects == pop.subjects


def test_a_time_of_day_or_a_time_zone_is_a_row_error_naming_the_column() -> None:
    """A timestamp that is not a calendar day (a time of day, or a moment in a time zone) is refused as a
    row error naming the row and the column (date_with_time), listed with the other rows' problems."""
    pd = pytest.importorskip("pandas")
    base = {"id": "w", "occupation.code": "6-18-02-04"}
    frame = pd.DataFrame(
        [
            {**base, "birth_date": pd.Timestamp("1990-01-01")},
            {**base, "birth_date": pd.Timestamp("1990-01-01 08:30")},
            {**base, "birth_date": pd.Timestamp("1990-01-01 00:00:00.000000001")},
        ]
    )
    with pytest.raises(PopulationError) as info:
        read_population(frame)
    assert [(r.row, r.field, r.code) for r in info.value.rows] == [
        (2, "birth_date", "date_with_time"),
        (3, "birth_date", "date_with_time"),
    ]
    zoned = pd.DataFrame([{**base, "birth_date": pd.Timestamp("1990-01-01", tz="Asia/Shanghai")}])
    with pytest.raises(PopulationError) as info:
        read_population(zoned)
    (row,) = info.value.rows
    assert (row.field, row.code) == ("birth_date", "date_with_time") and "time zone" in row.reason


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_frames_round_trip_with_date_columns(kind: str) -> None:
    """A population written as records, made a frame with its date columns as dates and as timestamps
    (and through Parquet), reads back as the same subjects."""
    import datetime as dt
    import io

    pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    import polars as pl

    from skilleco.population import synthetic

    pop = synthetic.workers(40, seed=3, on=dt.date(2026, 11, 21))
    records = pop.to_records()
    columns = sorted({c for r in records for c in r if c.endswith(("_date", "_on", ".start", ".end"))})
    assert "birth_date" in columns
    if kind == "pandas":
        frame = pd.DataFrame.from_records(records)
        frame[columns] = frame[columns].apply(pd.to_datetime)
        buffer = io.BytesIO()
        frame.to_parquet(buffer)
        again = pd.read_parquet(io.BytesIO(buffer.getvalue()))
    else:
        frame = pl.from_dicts(records, infer_schema_length=None).with_columns(
            pl.col(c).str.to_datetime("%Y-%m-%d") for c in columns
        )
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        again = pl.read_parquet(io.BytesIO(buffer.getvalue()))
    for table in (frame, again):
        back = read_population(table)
        assert back.subjects == pop.subjects and back.weights == pop.weights and back.groups == pop.groups


def test_progress_of_reading_rows(tmp_path: Path) -> None:
    """progress= hears (rows read, rows expected) while reading, and (n, n) at the end."""
    calls: list[tuple[int, int | None]] = []
    path = _csv(tmp_path, [HEADER, *(_row(i) for i in range(1, 601))])
    pop = read_population(path, progress=lambda done, total: calls.append((done, total)))
    assert len(pop) == 600 and calls[-1] == (600, 600)
    assert calls[:2] == [(256, 600), (512, 600)]


def test_messages_say_what_arrived_once_and_without_pydantic_prefixes(tmp_path: Path) -> None:
    """A row error says what was expected and what arrived once: no 'Value error,' and no second '(got …)'."""
    with pytest.raises(PopulationError) as info:
        read_population(_csv(tmp_path, [HEADER, _row(1, birth="June 1990")]))
    text = str(info.value)
    assert "Value error" not in text and text.count("June 1990") == 1, text
    assert info.value.errors[0]["msg"].startswith("expected a date")
    with pytest.raises(skilleco.InputError) as info2:
        skilleco.assess_grade(
            {"id": "w", "occupation": {"code": "x"}, "birth_date": "1990-02-30"},
            "technician",
            policy="cn-2025",
            on="2026-01-01",
        )
    assert "Value error" not in str(info2.value) and str(info2.value).count("1990-02-30") == 1
