"""Synthetic workers written as record tables directly (issue 14, item 6): deterministic, typed by the
schema, valid as models, distributed as ``synthetic.workers``, and written to Parquet or CSV in chunks
that read back as the same tables."""

from __future__ import annotations

import collections
import datetime
import doctest
import hashlib
import itertools
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import skilleco
from skilleco.exceptions import InputError, InvalidDateError
from skilleco.models import Worker
from skilleco.population import Population, read_records, synthetic, synthetic_tables
from skilleco.population.record_schema import KEY, LONG_TABLES, TABLES, WORKERS, stated_column
from skilleco.population.records import RecordTables, dtype_of, from_workers
from skilleco.population.synthetic_tables import TABLE_NAMES, worker_tables, write_worker_tables

ON = datetime.date(2026, 11, 21)
GOLDEN_SHA256 = "dd3423d11767840332ae9eca0050ea61957744120c186f00e054dc0e55b18b53"
"""sha256 of the CSV text of every table of ``worker_tables(50, seed=1, on=date(2026, 1, 1))``, in
TABLE_NAMES order. It guards cross-machine determinism (PCG64 raw words, not ``Generator`` methods);
when the generator or gd.toml changes on purpose, recompute it with ``_golden()`` and say in the
changelog that synthetic tables changed for the same seed."""
EXTRAS: dict[str, Any] = {"other_work": 0.3, "other_certificates": 0.3, "undated": 0.1}


def _frames(t: RecordTables) -> dict[str, pl.DataFrame]:
    """Every table of ``t`` by name, the workers first."""
    return {WORKERS: t.workers, **{name: t.tables[name] for name in LONG_TABLES}}


def _assert_same(a: RecordTables, b: RecordTables) -> None:
    """Two record tables hold the same rows, table by table."""
    for name, frame in _frames(a).items():
        assert_frame_equal(frame, _frames(b)[name], check_exact=True)


@pytest.fixture(scope="module")
def sample() -> RecordTables:
    """2,000 workers, seed 11."""
    return worker_tables(2000, seed=11, on=ON)


# --- determinism -----------------------------------------------------------------------------------


def test_same_seed_same_tables() -> None:
    """The same arguments give the same tables; another seed gives others (issue 14 item 6)."""
    _assert_same(worker_tables(500, seed=3, on=ON), worker_tables(500, seed=3, on=ON))
    other = worker_tables(500, seed=4, on=ON)
    assert not other.workers.equals(worker_tables(500, seed=3, on=ON).workers)


def _golden() -> str:
    """The digest GOLDEN_SHA256 pins."""
    t = worker_tables(50, seed=1, on=datetime.date(2026, 1, 1))
    return hashlib.sha256("".join(_frames(t)[name].write_csv() for name in TABLE_NAMES).encode()).hexdigest()


def test_golden_hash() -> None:
    """The same seed gives the same tables on every machine (the pinned digest)."""
    assert _golden() == GOLDEN_SHA256


def test_first_workers_do_not_depend_on_n() -> None:
    """The first m workers of n (across a random-stream block, 16,384 workers) are the tables of m."""
    big, small = worker_tables(17_000, seed=5, on=ON), worker_tables(16_500, seed=5, on=ON)
    ids = small.workers.select(pl.col("id").alias(KEY))
    assert_frame_equal(big.workers.head(16_500), small.workers)
    for name in LONG_TABLES:
        assert_frame_equal(big.tables[name].join(ids, on=KEY, how="semi"), small.tables[name])


def test_ids_are_zero_padded_in_order(sample: RecordTables) -> None:
    """Ids are w + eight digits (more past 99,999,999 workers), so lexical order is numeric order."""
    ids = sample.workers["id"]
    assert ids[0] == "w00000001" and ids[-1] == "w00002000" and ids.is_sorted()
    for name in LONG_TABLES:
        assert sample.tables[name][KEY].is_sorted()


# --- the schema ------------------------------------------------------------------------------------


def test_every_table_has_the_schema_columns_and_dtypes(sample: RecordTables) -> None:
    """Every table has the schema's columns in order and typed; workers add the region group."""
    for name, frame in _frames(sample).items():
        expected = {c.name: dtype_of(c) for c in TABLES[name].columns}
        if name == WORKERS:
            expected["region"] = pl.String
        assert dict(frame.schema) == expected, name
    assert sample.group_names == ("region",)
    w = sample.workers
    assert w["weight"].to_list() == [1.0] * 2000 and w["records_complete"].all()
    for name in LONG_TABLES:
        assert w[stated_column(name)].null_count() == 0 and w[stated_column(name)].all()


def test_blanks_match_the_model_generator(sample: RecordTables) -> None:
    """A column is always, sometimes or never blank as in from_workers(synthetic.workers(...)), but for
    the defaults a reader fills in (apprenticeship_special_case: false, as read_records gives it)."""
    models = from_workers(synthetic.workers(2000, seed=11, on=ON).subjects)
    defaults = {c.name for c in TABLES[WORKERS].columns if c.default is not None}

    def blanks(t: RecordTables) -> dict[tuple[str, str], str]:
        out = {}
        for name, frame in _frames(t).items():
            for col in frame.columns:
                if frame.height and col != "region" and (name != WORKERS or col not in defaults):
                    k = frame[col].null_count()
                    out[name, col] = "all" if k == frame.height else "none" if k == 0 else "some"
        return out

    mine, theirs = blanks(sample), blanks(models)
    # Posts are rare (453 of 22 million): neither sample of 2,000 has one.
    assert {k: v for k, v in mine.items() if k in theirs} == theirs


# --- valid records ---------------------------------------------------------------------------------


def test_a_sample_converts_to_models(sample: RecordTables) -> None:
    """2,000 workers validate as models (models/plausible.py: nothing before birth, work from 16)."""
    workers = sample.to_workers()
    assert len(workers) == 2000 and all(isinstance(w, Worker) and w.records_complete for w in workers)
    assert {len(w.certificates or []) for w in workers} <= {1, 2, 3, 4, 5}
    assert sum(bool(w.education) for w in workers) > 300 and all(w.work_periods for w in workers)


def test_records_the_model_generator_does_not_draw_validate() -> None:
    """Work and certificates in other occupations and undated certificates are valid models."""
    t = worker_tables(2000, seed=12, on=ON, **EXTRAS)
    workers = t.to_workers()
    own = {w.id: w.occupation.code for w in workers}
    other_work = [
        w for w in workers if any(p.occupation_code not in (None, own[w.id]) for p in w.work_periods or [])
    ]
    other_certs = [w for w in workers if any(c.occupation_code != own[w.id] for c in w.certificates or [])]
    undated = sum(c.issued_on is None for w in workers for c in w.certificates or [])
    assert 450 < len(other_work) < 750 and 450 < len(other_certs) < 750 and undated > 200
    plain = worker_tables(2000, seed=12, on=ON)
    assert_frame_equal(t.workers, plain.workers)  # the same workers, with more records
    assert_frame_equal(t.tables["titles"], plain.tables["titles"])


def test_rare_records_validate(tmp_path: Path) -> None:
    """Posts, chief posts, competitions and titles (rare as calibrated) validate when drawn often."""
    text = resources.files("skilleco.population.calibrations").joinpath("gd.toml").read_text(encoding="utf-8")
    for old, new in (
        ("value = 453\n", "value = 4_000_000\n"),  # special technicians: 18% of workers
        ("value = 33\n", "value = 1_000_000\n"),  # chief technicians: a quarter of them
        ("value = 0.003\n", "value = 0.5\n"),  # national finalists among 三级 and above
        (
            'value = 0.05\nsource = "assumption"\nprovenance = "modelled"\nrationale = "share of workers at 一级',
            'value = 0.5\nsource = "assumption"\nprovenance = "modelled"\nrationale = "share of workers at 一级',
        ),
    ):
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "often.toml").write_text(text, encoding="utf-8")
    t = worker_tables(1500, seed=13, on=ON, calibration=tmp_path / "often.toml")
    workers = t.to_workers()
    kinds = collections.Counter(p.kind for w in workers for p in w.posts or [])
    assert kinds["special_technician"] > 200 and kinds["chief_technician"] > 40
    assert (
        t.tables["competitions"].height > 200
        and t.tables["titles"].filter(pl.col("level") == "deputy_senior").height > 100
    )


def test_all_dates_possible_for_many_workers() -> None:
    """Over 100,000 workers, checked in columns: no record before birth, work from the 16th birthday,
    ends on or after starts, nothing after the date asked."""
    t = worker_tables(100_000, seed=14, on=ON, **EXTRAS)
    births = t.workers.select(pl.col("id").alias(KEY), "birth_date")
    assert t.workers["birth_date"].max() < ON
    dated = {
        "work_periods": ("start", "end"),
        "certificates": ("issued_on",),
        "prep_technician_certificates": ("issued_on",),
        "education": ("enrolled_on", "graduated_on"),
        "titles": ("obtained_on",),
        "competitions": ("on",),
        "posts": ("start",),
    }
    for name, cols in dated.items():
        frame = t.tables[name].join(births, on=KEY)
        for col in cols:
            assert frame.filter(pl.col(col) < pl.col("birth_date")).is_empty(), (name, col)
            assert frame.filter(pl.col(col) > ON).is_empty(), (name, col)
    for name in ("work_periods", "posts"):
        frame = t.tables[name].join(births, on=KEY)
        assert frame.filter(pl.col("start") < pl.col("birth_date").dt.offset_by("16y")).is_empty()
    for name, (a, b) in (("work_periods", ("start", "end")), ("education", ("enrolled_on", "graduated_on"))):
        assert t.tables[name].filter(pl.col(b) < pl.col(a)).is_empty()


# --- the same population as the model generator ----------------------------------------------------


def _shares(population: Population) -> dict[str, float]:
    """Shares (%) of next_grade statuses under gd-2025 and under a 4-year technician wait, and of flips."""
    gd = skilleco.load_policy("gd-2025")
    reform = gd.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4")
    c = skilleco.compare(population, "next_grade", baseline=gd, reform=reform, on=ON, engine="scalar")
    out = {f"{s} (baseline)": 100 * c.count(s).baseline_rows / c.rows for s in c.statuses}
    out.update({f"{s} (reform)": 100 * c.count(s).reform_rows / c.rows for s in c.statuses})
    out["flips"] = 100 * len(c.flips) / c.rows
    return out


def test_next_grade_shares_match_the_model_generator(sample: RecordTables) -> None:
    """The next_grade status shares (and the flips of a reform) are within a few points of synthetic.workers."""
    models = _shares(synthetic.workers(2000, seed=11, on=ON))
    tables = _shares(sample.to_population())
    for key, value in models.items():
        print(f"{key:28} synthetic.workers {value:5.1f}%   worker_tables {tables[key]:5.1f}%")
    assert models["eligible (baseline)"] > 40 and models["ineligible (baseline)"] > 20
    assert all(abs(tables[k] - v) <= 4 for k, v in models.items())
    assert abs(tables["flips"] - models["flips"]) <= 1.5


def test_highest_certificate_and_region_mix(sample: RecordTables) -> None:
    """The grade held, the occupation edition and the region have the model generator's shares."""

    def mix(t: RecordTables) -> dict[str, float]:
        top = t.tables["certificates"].group_by(KEY).agg(pl.col("level").last())["level"]
        out = {f"held {k}": v for k, v in top.value_counts(normalize=True).iter_rows()}
        w = t.workers
        out |= {
            f"edition {k}": v
            for k, v in w["occupation_standard_edition"].value_counts(normalize=True).iter_rows()
        }
        return out | {f"region {k}": v for k, v in w["region"].value_counts(normalize=True).iter_rows()}

    models = synthetic.workers(2000, seed=11, on=ON)
    theirs = mix(from_workers(models.subjects, groups=models.groups))
    mine = mix(sample)
    assert set(mine) == set(theirs)
    assert all(abs(mine[k] - v) <= 0.04 for k, v in theirs.items())


# --- written in chunks -----------------------------------------------------------------------------


def test_parquet_round_trip_in_chunks(tmp_path: Path) -> None:
    """Parquet files written in chunks (across a random-stream block) read back as worker_tables."""
    folder = write_worker_tables(tmp_path / "out", 20_000, seed=7, on=ON, chunk_size=7_000, **EXTRAS)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.parquet" for name in TABLE_NAMES)
    expected = worker_tables(20_000, seed=7, on=ON, **EXTRAS)
    for name in TABLE_NAMES:
        back = pl.read_parquet(folder / f"{name}.parquet")
        assert_frame_equal(back, _frames(expected)[name], check_exact=True)
    _assert_same(read_records(folder), expected)  # and the library's reader agrees


def test_parquet_row_groups_are_sorted_by_worker(tmp_path: Path) -> None:
    """Each row group covers a range of worker ids after the previous one (readers skip row groups)."""
    import pyarrow.parquet as pq

    write_worker_tables(tmp_path, 3000, seed=7, on=ON, chunk_size=1000)
    meta = pq.ParquetFile(tmp_path / "certificates.parquet").metadata
    assert meta.num_row_groups == 3
    ranges = [(s.min, s.max) for s in (meta.row_group(i).column(0).statistics for i in range(3))]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(ranges))


def test_csv_round_trip(tmp_path: Path) -> None:
    """CSV files have ISO dates, true/false and blanks for nulls, and read back as the same tables."""
    folder = write_worker_tables(tmp_path, 900, seed=8, on=ON, chunk_size=400, format="csv")
    expected = worker_tables(900, seed=8, on=ON)
    for name in TABLE_NAMES:
        back = pl.read_csv(folder / f"{name}.csv", schema=_frames(expected)[name].schema)
        assert_frame_equal(back, _frames(expected)[name], check_exact=True)
    _assert_same(read_records(folder), expected)
    text = (folder / "workers.csv").read_text(encoding="utf-8").splitlines()
    assert text[0].startswith("id,birth_date,") and len(text) == 901
    assert ",true," in text[1] and ",," in text[1]
    assert datetime.date.fromisoformat(text[1].split(",")[1])


def test_zero_workers(tmp_path: Path) -> None:
    """n = 0 gives typed empty tables, and files with only their header or schema."""
    t = worker_tables(0, seed=1, on=ON)
    assert len(t) == 0 and all(frame.is_empty() for frame in _frames(t).values())
    write_worker_tables(tmp_path, 0, seed=1, on=ON)
    assert pl.read_parquet(tmp_path / "workers.parquet").schema == t.workers.schema


# --- arguments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": -1}, "n"),
        ({"seed": -1}, "seed"),
        ({"undated": 1.5}, "undated"),
        ({"other_work": True}, "other_work"),
        ({"occupations": []}, "occupations"),
        ({"occupations": ["9-99"]}, "occupations[0]"),
        ({"occupations": [{"code": "X", "has_senior_technician": False}]}, "occupations"),
        ({"occupations": [{"code": "X", "share": 0}]}, "occupations[0].share"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], field: str) -> None:
    """A bad argument is an InputError naming it."""
    args: dict[str, Any] = {"n": 3, "seed": 1, "on": ON, **kwargs}
    with pytest.raises(InputError) as info:
        worker_tables(**args)
    assert info.value.fields == (field,)


def test_bad_writer_arguments(tmp_path: Path) -> None:
    """A bad chunk size or format is an InputError naming it; a date before 1970 is refused."""
    with pytest.raises(InputError) as info:
        write_worker_tables(tmp_path, 3, seed=1, on=ON, chunk_size=0)
    assert info.value.fields == ("chunk_size",)
    with pytest.raises(InputError) as info:
        write_worker_tables(tmp_path, 3, seed=1, on=ON, format="xlsx")
    assert info.value.fields == ("format",)
    with pytest.raises(InvalidDateError):
        worker_tables(3, seed=1, on=datetime.date(1960, 1, 1))


def test_chosen_occupations() -> None:
    """Occupations chosen by calibrated code or given with a share are drawn in those shares."""
    legacy = {"code": "X-1", "standard_edition": "legacy", "has_senior_technician": True, "share": 3}
    t = worker_tables(2000, seed=9, on=ON, occupations=["6-18-02-04", legacy])
    counts = dict(t.workers["occupation_code"].value_counts().iter_rows())
    assert set(counts) == {"6-18-02-04", "X-1"} and 0.8 < counts["X-1"] / 2000 < 0.92
    assert set(t.tables["certificates"]["occupation_code"]) == {"6-18-02-04", "X-1"}
    t.to_workers()


def test_docstring_examples() -> None:
    """The module's example runs."""
    assert doctest.testmod(synthetic_tables).failed == 0
