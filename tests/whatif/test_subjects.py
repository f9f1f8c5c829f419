"""The per-subject table of a comparison (issue 16): one row per subject with both statuses (ordered
categories), the deciding rules and the missing facts as lists, to join back to the user's data —
the same table on the row-by-row and the columnar paths, in Polars and pandas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skilleco
from skilleco import testing
from skilleco.population import Population, scan_records, synthetic
from skilleco.population.synthetic_tables import worker_tables
from skilleco.questions.registry import parse_question
from skilleco.whatif.explain import explain

pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
from polars.testing import assert_frame_equal  # noqa: E402

ON = dt.date(2026, 11, 21)
GD = skilleco.load_policy("gd-2025")
PARAM = "t2023.technician.after_senior_years"
REFORM = GD.with_changes({PARAM: 4}, label="wait 4 years")
POP = synthetic.workers(400, seed=5, on=ON)
COLUMNS = [
    "subject_id",
    "row",
    "weight",
    "region",
    "target",
    "grade",
    "baseline_status",
    "reform_status",
    "flipped",
    "baseline_deciding",
    "reform_deciding",
    "baseline_missing",
    "reform_missing",
]


def _both(population: object, question: str, baseline: skilleco.Policy, reform: skilleco.Policy) -> tuple:
    kw = {"baseline": baseline, "reform": reform, "on": ON}
    a = skilleco.compare(population, question, engine="scalar", **kw)  # type: ignore[arg-type]
    b = skilleco.compare(population, question, engine="columnar", **kw)  # type: ignore[arg-type]
    return a, b


@pytest.mark.parametrize("question", ["next_grade", "grade:technician"])
def test_the_table_is_the_same_on_both_paths(question: str) -> None:
    """Row by row and in columns: the same frame, dtypes included; its flipped rows are the flips."""
    a, b = _both(POP, question, GD, REFORM)
    fa, fb = a.to_polars("subjects"), b.to_polars("subjects")
    assert_frame_equal(fa, fb)
    assert fa.columns == COLUMNS and fa.height == a.rows == len(POP)
    statuses = pl.Enum(["eligible", "review", "undetermined", "ineligible", "not_applicable"])
    assert fa.schema["baseline_status"] == statuses == fa.schema["reform_status"]
    assert fa.schema["baseline_deciding"] == pl.List(pl.String) == fa.schema["reform_missing"]
    flipped = fa.filter("flipped")
    assert flipped["subject_id"].to_list() == [f.subject_id for f in a.flips]
    assert flipped["row"].to_list() == [f.row for f in a.flips]
    assert flipped["baseline_status"].cast(pl.String).to_list() == [f.baseline_status for f in a.flips]
    assert fa["weight"].to_list() == list(POP.weights)


def test_a_row_is_the_decision_of_its_subject() -> None:
    """Each row's statuses, deciding rules and missing facts are assess_grade's under each policy."""
    c = skilleco.compare(POP.head(60), "grade:technician", baseline=GD, reform=REFORM, on=ON)
    for row in c.to_rows("subjects"):
        worker = POP.subjects[POP.ids.index(row["subject_id"])]
        for side, policy in (("baseline", GD), ("reform", REFORM)):
            d = skilleco.assess_grade(worker, "technician", policy=policy, on=ON)
            assert (row[f"{side}_status"], row[f"{side}_deciding"], row[f"{side}_missing"]) == (
                d.status,
                list(d.deciding),
                list(d.missing_facts),
            )


@pytest.mark.parametrize("question", ["lead", "exits", "dualcert"])
def test_other_subjects_give_the_same_table_too(question: str) -> None:
    """Organisations, chains (one row per chain) and candidates: both paths, one table."""
    pops = {
        "lead": synthetic.lead_candidates(150, seed=2, on=ON),
        "exits": synthetic.chains(40, seed=2, on=ON),
        "dualcert": synthetic.dual_certificate_candidates(150, seed=2, on=ON, scheme="bj-2025"),
    }
    base = skilleco.load_policy("bj-2025" if question == "dualcert" else "gd-2025")
    reform = base.with_changes({"exit.max_idle_years": 1}, label="1 year") if question == "exits" else base
    a, b = _both(pops[question], question, base, reform)
    fa = a.to_polars("subjects")
    assert_frame_equal(fa, b.to_polars("subjects"))
    assert "target" not in fa.columns and fa.height == a.rows
    if question == "exits":  # a chain's deciding rules: the scenarios of its units with its status
        for row in fa.filter(pl.col("baseline_status") == "exit").iter_rows(named=True):
            chain = pops["exits"].subjects[row["row"] - 1]
            report = skilleco.check_exits(chain, policy=base, on=ON)
            triggered = [r for u in report.units for r in u.triggered]
            assert row["baseline_deciding"] == list(dict.fromkeys(triggered))


def test_record_tables_chunk_by_chunk_give_one_table(tmp_path: Path) -> None:
    """Record tables read in chunks of 100: the table is the one in-memory tables give, rows in order."""
    tables = worker_tables(450, seed=9, on=ON)
    folder = tmp_path / "tables"
    folder.mkdir()
    tables.workers.write_parquet(folder / "workers.parquet")
    for name, t in tables.tables.items():
        t.write_parquet(folder / f"{name}.parquet")
    kw = {"baseline": GD, "reform": REFORM, "on": ON}
    whole = skilleco.compare(tables, "next_grade", **kw).to_polars("subjects")
    chunks = skilleco.compare(scan_records(folder, chunk_size=100), "next_grade", **kw).to_polars("subjects")
    assert_frame_equal(whole, chunks)
    assert whole["row"].to_list() == list(range(1, 451)) and whole["subject_id"].to_list() == list(tables.ids)


def test_the_table_joins_back_to_the_source_frame() -> None:
    """The user's own frame, joined on subject_id: every row finds its answer (and its own columns stay)."""
    rows = [{"id": w.id, "name": f"worker {i}"} for i, w in enumerate(POP.subjects[:50])]
    mine = pl.DataFrame(rows)
    c = skilleco.compare(POP.head(50), "next_grade", baseline=GD, reform=REFORM, on=ON)
    joined = mine.join(c.to_polars("subjects"), left_on="id", right_on="subject_id", how="left")
    assert joined.height == 50 and joined["baseline_status"].null_count() == 0
    assert joined.sort("baseline_status")["baseline_status"].cast(pl.String).to_list()[0] == "eligible"


def test_pandas_has_ordered_statuses_and_list_columns_and_reads_back() -> None:
    c = skilleco.compare(POP, "next_grade", baseline=GD, reform=REFORM, on=ON)
    frame = c.to_pandas("subjects")
    assert list(frame.columns) == COLUMNS and len(frame) == len(POP)
    status = frame["baseline_status"].dtype
    assert isinstance(status, pd.CategoricalDtype) and status.ordered
    assert list(status.categories) == ["eligible", "review", "undetermined", "ineligible", "not_applicable"]
    assert frame["baseline_status"].min() == "eligible"  # ordered: favourable first
    assert frame["flipped"].dtype == bool and frame["row"].dtype == "int64"
    first = c.to_rows("subjects")[0]
    assert list(frame["baseline_deciding"].iloc[0]) == first["baseline_deciding"]
    back = pl.from_pandas(frame).with_columns(pl.col("baseline_status", "reform_status").cast(pl.String))
    mine = c.to_polars("subjects").with_columns(pl.col("baseline_status", "reform_status").cast(pl.String))
    assert_frame_equal(back, mine)


def test_rows_are_plain_and_the_table_can_be_left_out() -> None:
    c = skilleco.compare(POP.head(5), "next_grade", baseline=GD, reform=REFORM, on=ON, subjects=False)
    assert not c.has_subjects
    for table in ("rows", "polars", "pandas"):
        with pytest.raises(skilleco.InputError) as info:
            getattr(c, f"to_{table}")("subjects")
        assert info.value.errors[0]["type"] == "no_subjects"
    kept = skilleco.compare(POP.head(5), "next_grade", baseline=GD, reform=REFORM, on=ON)
    assert kept == c  # the table takes no part in equality
    row = kept.to_rows("subjects")[0]
    assert list(row) == COLUMNS and isinstance(row["baseline_status"], str)
    assert isinstance(row["baseline_deciding"], list)


def test_an_empty_population_gives_an_empty_table() -> None:
    people = Population.from_models([], kind="worker")
    for engine in ("scalar", "columnar"):
        c = skilleco.compare(people, "next_grade", baseline=GD, reform=REFORM, on=ON, engine=engine)  # type: ignore[arg-type]
        frame = c.to_polars("subjects")
        assert frame.height == 0 and frame.schema["baseline_status"] == pl.Enum(c.statuses)


@settings(max_examples=25, deadline=None)
@given(
    people=st.lists(testing.workers(), min_size=1, max_size=4, unique_by=lambda w: w.id),
    question=st.sampled_from(["next_grade", "grade:senior", "grade:technician"]),
    on=testing.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
)
def test_property_explained_answers_are_the_question_s_answers(
    people: list[skilleco.Worker], question: str, on: dt.date
) -> None:
    """The table's row-by-row answers are Question.ask's (the same outcome), and both paths agree."""
    people = [p for p in people if p.birth_date is None or p.birth_date <= on]
    q = parse_question(question)
    for w in people:
        assert explain(q, GD, w, on).outcome == q.ask(GD, w, on)
    if people:
        kw = {"baseline": GD, "reform": REFORM, "on": on}
        a = skilleco.compare(people, question, engine="scalar", **kw)  # type: ignore[arg-type]
        b = skilleco.compare(people, question, engine="columnar", **kw)  # type: ignore[arg-type]
        assert_frame_equal(a.to_polars("subjects"), b.to_polars("subjects"))


def test_groups_named_like_the_table_s_columns_are_left_out() -> None:
    """A population group called ``row`` or ``flipped`` never replaces the table's own column; for grade
    questions ``target`` is the grade asked about (as in the flips' groups)."""
    people = POP.head(40)
    groups = tuple({"row": "x", "flipped": "y", "target": "t", "team": "a"} for _ in people.subjects)
    odd = Population(people.kind, people.subjects, people.rows, people.weights, groups, (), "odd")
    a, b = _both(odd, "grade:senior", GD, REFORM)
    frame = a.to_polars("subjects")
    assert_frame_equal(frame, b.to_polars("subjects"))
    assert frame.columns == [*COLUMNS[:3], "team", *COLUMNS[4:]]
    assert frame["row"].to_list() == list(people.rows) and set(frame["target"]) == {"senior"}
