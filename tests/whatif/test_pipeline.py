"""The pipeline of a population (issue 17): how many workers become eligible for each certificate
grade within 6, 12, 24, 36 months, per route, under one policy or two.

Routes exercised: ``grade.t2023.senior.after_intermediate`` (std-2023 三级(2), 4 years after the 四级
certificate), ``grade.t2023.technician.after_senior`` (std-2023 二级(1), 5 years after the 三级
certificate), ``grade.t2023.senior_technician.after_technician`` (std-2023 一级(1), 5 years after
the 二级 certificate). Time as in time.md (open work periods continue). The grid of looks and the
assessment lead time are modelled (no policy text gives a projection).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import skilleco
from _workers import cert, work, worker
from skilleco.exceptions import DecisionFormatError, InputError
from skilleco.models import Worker
from skilleco.population import synthetic
from skilleco.questions.pipeline import looks, worker_pipeline
from skilleco.whatif import Pipeline, PipelineComparison

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "reference" / "schemas"
CN = skilleco.load_policy("cn-2025")


def _senior_holder(wid: str = "w-senior") -> dict[str, Any]:
    """三级 since 2021-03-15, working since 2019-07-01 and still working."""
    return {
        **worker("t2023", birth_date="1995-01-01", work_periods=[work("2019-07-01")],
                 certificates=[cert("senior", "2021-03-15")]),
        "id": wid,
    }


def _intermediate_holder(wid: str = "w-inter") -> dict[str, Any]:
    """四级 since 2023-03-01, working since 2020-01-01."""
    return {
        **worker("t2023", birth_date="1995-01-01", work_periods=[work("2020-01-01")],
                 certificates=[cert("intermediate", "2023-03-01")]),
        "id": wid,
    }


def _reach(w: dict[str, Any], on: str, *, years: int = 5, step: int = 3, lead: int = 3) -> dict[str, Any]:
    got = worker_pipeline(Worker.model_validate(w), CN, dt.date.fromisoformat(on),
                          looks(years=years, step_months=step), lead)
    return {r.grade: (r.month, r.routes) for r in got}


def test_a_look_on_the_day_counts_and_a_day_short_does_not() -> None:
    """after_senior: 60 months after 2021-03-15 is 2026-03-15. Asked on 2025-03-15, the look 12
    months on is that day; asked a day earlier, the 12-month look is a day short: the next one counts."""
    on_day = _reach(_senior_holder(), "2025-03-15")
    day_before = _reach(_senior_holder(), "2025-03-14")
    assert on_day["technician"] == (12, ("grade.t2023.technician.after_senior",))
    assert day_before["technician"][0] == 15
    # 高级技师 follows the projected 二级 certificate (issued 3 months after the look): 2031-06-15
    # is 75 months on, past the five years looked at; seven years reach it.
    assert on_day["senior_technician"] == (None, ())
    assert _reach(_senior_holder(), "2025-03-15", years=7)["senior_technician"] == (
        75,
        ("grade.t2023.senior_technician.after_technician",),
    )


def test_monthly_looks_agree_with_the_plan_month_for_month() -> None:
    """四级 → 三级 (2027-03-01, 26 months on) → 技师 (2032-06-01, 89 months on), as plan() dates them
    when the looks fall on the plan's days; quarterly looks see each a look later."""
    w = _intermediate_holder()
    p = skilleco.plan(w, policy=CN, on="2025-01-01", target="technician")
    assert [s.eligible_on for s in p.steps] == [dt.date(2027, 3, 1), dt.date(2032, 6, 1)]
    monthly = _reach(w, "2025-01-01", years=8, step=1)
    assert (monthly["senior"][0], monthly["technician"][0]) == (26, 89)
    quarterly = _reach(w, "2025-01-01", years=8, step=3)
    # 三级 first seen at 27 (2027-04-01), its certificate 2027-07-01, 技师 2032-07-01 = month 90.
    assert (quarterly["senior"][0], quarterly["technician"][0]) == (27, 90)


def test_lead_time_delays_the_next_grade_only() -> None:
    """A longer lead time moves 技师 (which needs the 三级 certificate), not 三级 itself."""
    short = _reach(_intermediate_holder(), "2025-01-01", years=8, step=1, lead=0)
    long = _reach(_intermediate_holder(), "2025-01-01", years=8, step=1, lead=6)
    assert short["senior"][0] == long["senior"][0] == 26
    assert (short["technician"][0], long["technician"][0]) == (86, 92)


def test_population_counts_horizons_and_routes() -> None:
    """Three workers: one reaches 技师 at 12 months, one 三级 at 27, one holds nothing new in view
    (stopped working). Counts are cumulative by look, and weighted."""
    stopped = {**worker("t2023", birth_date="1990-01-01", work_periods=[work("2010-01-01", "2012-01-01")],
                        certificates=[cert("senior", "2011-06-01")]), "id": "w-stopped"}
    people = [_senior_holder(), _intermediate_holder(), stopped]
    p = skilleco.pipeline(people, policy=CN, on="2025-03-15", engine="scalar")
    assert (p.rows, p.total_weight, p.horizons) == (3, 3.0, (6, 12, 24, 36))
    tech = p.grade("technician")
    assert tech.candidate_rows == 3
    assert [p.eligible("technician", h) for h in (0, 6, 12, 24, 36)] == [0, 0, 1, 1, 1]
    assert [r.rule_id for r in tech.routes] == ["grade.t2023.technician.after_senior"]
    # 四级 2023-03-01 + 4 years = 2027-03-01: the look at 24 months (2027-03-15) sees it.
    assert [p.eligible("senior", h) for h in (0, 12, 24)] == [0, 0, 1]
    assert p.grade("senior").candidate_rows == 1


def test_scalar_and_columnar_give_equal_pipelines() -> None:
    """The same Pipeline and PipelineComparison from both engines, with weights and a repeated id."""
    on = dt.date(2026, 11, 21)
    pop = synthetic.workers(120, seed=4, on=on)
    people = list(pop.subjects)
    people[5] = people[5].model_copy(update={"id": people[6].id})  # a repeated id
    reform = CN.with_changes({"t2023.technician.after_senior_years": 3}, label="3 years")
    a = skilleco.compare_pipeline(people, baseline=CN, reform=reform, on=on, engine="scalar")
    b = skilleco.compare_pipeline(people, baseline=CN, reform=reform, on=on, engine="columnar")
    assert a == b
    assert a.baseline.rows == 120
    moved = {m.grade: m for m in a.moved}
    assert moved["technician"].earlier_rows > 0 and moved["technician"].later_rows == 0
    assert a.delta("technician", 36) > 0
    # The moved rows are exactly the workers whose first look for 技师 comes sooner.
    months = looks()
    sooner = 0
    for w in people:
        x = {r.grade: r.month for r in worker_pipeline(w, CN, on, months, 3)}.get("technician")
        y = {r.grade: r.month for r in worker_pipeline(w, reform, on, months, 3)}.get("technician")
        sooner += y is not None and (x is None or y < x)
    assert moved["technician"].earlier_rows == sooner


def test_documents_round_trip_and_validate() -> None:
    """to_json → from_json gives an equal value; the document validates against its schema; a
    document with a series of the wrong length names the field."""
    import jsonschema

    on = dt.date(2026, 11, 21)
    c = skilleco.compare_pipeline(synthetic.workers(40, seed=1, on=on), baseline=CN,
                                  reform=CN.with_changes({"t2023.technician.after_senior_years": 4}, label="4"), on=on)
    assert PipelineComparison.from_json(c.to_json()) == c
    assert Pipeline.from_json(c.baseline.to_json()) == c.baseline
    for name, doc in (("pipeline", c.baseline.to_dict()), ("pipeline_comparison", c.to_dict())):
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(doc, schema)
    bad = c.baseline.to_dict()
    bad["grades"][0]["eligible"] = bad["grades"][0]["eligible"][:-1]
    with pytest.raises(DecisionFormatError, match=r"grades\[0\]\.eligible"):
        Pipeline.from_json(json.dumps(bad))
    with pytest.raises(DecisionFormatError, match="document"):
        Pipeline.from_json(c.to_json())


def test_text_markdown_html_in_both_languages() -> None:
    p = skilleco.pipeline([_senior_holder()], policy=CN, on="2025-03-15")
    en, zh = p.text(), p.text("zh")
    assert "technician" in en and "12 mo" in en and "modelled" in en
    assert "技师" in zh and "12 个月" in zh and "模型假设" in zh
    assert "| technician |" in p.markdown()
    assert p._repr_html_().startswith("<div class='skilleco-pipeline'>")
    rows = p.to_rows("grades")
    assert {"grade": "technician", "month": 12, "rows": 1, "eligible": 1.0, "candidates": 1.0} in rows


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"years": 0}, "years", "bad_years"),
        ({"years": True}, "years", "bad_years"),
        ({"step_months": 13}, "step_months", "bad_step_months"),
        ({"lead_months": -1}, "lead_months", "bad_lead_months"),
        ({"horizons": (5,)}, "horizons", "bad_horizons"),
        ({"horizons": (12, 6)}, "horizons", "bad_horizons"),
        ({"horizons": (72,)}, "horizons", "bad_horizons"),
        ({"on": "2097-01-01"}, "on", "bad_date"),
        ({"engine": "fast"}, "engine", "bad_engine"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, Any], field: str, code: str) -> None:
    args: dict[str, Any] = {"policy": CN, "on": "2025-03-15", **kwargs}
    with pytest.raises(InputError) as info:
        skilleco.pipeline([_senior_holder()], **args)
    (err,) = info.value.errors
    assert (err["loc"], err["type"]) == ((field,), code)


def test_a_worker_at_the_top_is_no_candidate() -> None:
    """一级 held: no certificate grade above, so no grade row at all."""
    top = {**worker("t2023", birth_date="1980-01-01", work_periods=[work("2000-01-01")],
                    certificates=[cert("senior_technician", "2015-01-01")]), "id": "w-top"}
    p = skilleco.pipeline([top], policy=CN, on="2025-03-15")
    assert p.grades == () and p.rows == 1
    assert "No worker is below a certificate grade." in p.text()


def test_small_populations_in_memory_take_the_scalar_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """engine="auto": below SMALL models in memory the scalar walk (a few seconds less); record
    tables and bigger populations the columnar one. Either way the same answer."""
    import importlib

    module = importlib.import_module("skilleco.whatif.pipeline")  # the name is also the function's
    called: list[str] = []
    real = module._walk_scalar
    monkeypatch.setattr(module, "_walk_scalar", lambda *a: called.append("scalar") or real(*a))
    p = skilleco.pipeline([_senior_holder()], policy=CN, on="2025-03-15")
    assert called == ["scalar"] and p.rows == 1 and module.SMALL == 2_000
    called.clear()
    q = skilleco.pipeline([_senior_holder()], policy=CN, on="2025-03-15", engine="columnar")
    assert called == [] and q == p


def test_comparison_text_shows_routes_of_both_policies() -> None:
    """The comparison's routes table: each route's first eligibilities by 36 months, both policies."""
    reform = CN.with_changes({"t2023.technician.after_senior_years": 4}, label="4 years")
    c = skilleco.compare_pipeline([_senior_holder(), _intermediate_holder()], baseline=CN, reform=reform,
                                  on="2025-03-15")
    text = c.text()
    assert "Routes of the first eligibility within 36 months, baseline and reform" in text
    line = next(x for x in text.splitlines() if "grade.t2023.technician.after_senior" in x)
    assert line.split()[-3:] == ["1", "1", "0"]
    assert "2 workers" in text.splitlines()[0]


def test_record_tables_on_both_engines_and_bad_rows(tmp_path: Path) -> None:
    """A folder of Parquet record tables is walked on either engine with the same answer; bad rows
    are a PopulationError naming row and column, or skipped and counted with on_error="skip"."""
    from skilleco.exceptions import PopulationError
    from skilleco.population.synthetic_tables import write_worker_tables

    on = dt.date(2026, 11, 21)
    write_worker_tables(tmp_path / "t", 300, seed=1, on=on)
    a = skilleco.pipeline(tmp_path / "t", policy=CN, on=on, engine="columnar")
    b = skilleco.pipeline(tmp_path / "t", policy=CN, on=on, engine="scalar")
    assert a == b and a.rows == 300 and a.grades
    rows = [w.model_dump(mode="json") for w in synthetic.workers(20, seed=1, on=on).subjects]
    rows[3]["birth_date"] = "not a date"
    with pytest.raises(PopulationError, match="row 4, column 'birth_date'"):
        skilleco.pipeline(rows, policy=CN, on=on)
    p = skilleco.pipeline(rows, policy=CN, on=on, on_error="skip")
    assert (p.rows, p.skipped) == (19, 1)


def test_reprs_are_a_shape_line_and_a_head() -> None:
    """repr() stays short whatever the horizons (the house rule for values: under 1,000 characters)."""
    reform = CN.with_changes({"t2023.technician.after_senior_years": 4}, label="4 years")
    c = skilleco.compare_pipeline([_senior_holder(), _intermediate_holder()], baseline=CN, reform=reform,
                                  on="2025-03-15", years=20, step_months=1, horizons=tuple(range(1, 241)))
    text = repr(c)
    assert text.startswith("<PipelineComparison on 2025-03-15: cn-2025 vs cn-2025 [4 years], 2 rows>")
    assert len(text) < 1000 and "6 mo" in text and "7 mo" not in text
    assert repr(c.baseline).startswith("<Pipeline under cn-2025 on 2025-03-15: 241 looks to 240 months, 2 rows>")
