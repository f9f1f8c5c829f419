"""Issue 15: dates read with ASCII digits only (L1), and no true/false where a number goes (L4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import skilleco
from skilleco import Chain, Organisation, Worker
from skilleco.exceptions import InputError, InvalidDateError, PolicyFileError, PopulationError
from skilleco.models import validate
from skilleco.models.dates import read_date, read_iso_date

WORKER: dict[str, Any] = {"id": "w", "occupation": {"code": "6-18-02-04"}, "records_complete": True}
ORG: dict[str, Any] = {"id": "o", "kind": "enterprise"}
CHAIN: dict[str, Any] = {"id": "c", "members": [{"organisation": ORG}], "lead_id": "o"}

# Full-width, Arabic-Indic, extended Arabic-Indic (Persian) and Devanagari digits: int() and re's \d
# read every one of them as 2026-01-01.
UNICODE_DATES = (
    "２０２６-０１-０１",
    "٢٠٢٦-٠١-٠١",
    "۲۰۲۶-۰۱-۰۱",
    "२०२६-०१-०१",
    "２０２６年１月１日",
    "٢٠٢٦年1月1日",
    "2026年１月1日",
    "２０２６/１/１",
    "2026/1/١",
    "2026-0１-01",
)


@pytest.mark.parametrize("text", UNICODE_DATES)
def test_l1_dates_with_other_digits_are_refused(text: str) -> None:
    """L1: a date whose digits are not ASCII is refused everywhere a date is read."""
    with pytest.raises(ValueError, match="expected a date"):
        read_date(text)
    with pytest.raises(ValueError, match="expected an ISO date"):
        read_iso_date(text)
    with pytest.raises(InvalidDateError) as on:
        skilleco.assess_grade(WORKER, "junior", policy="cn-2025", on=text)
    assert (on.value.code, on.value.fields) == ("invalid_date", ("on",))
    with pytest.raises(InputError) as field:
        validate(Worker, {**WORKER, "birth_date": text})
    assert (field.value.code, field.value.fields) == ("invalid_input", ("birth_date",))
    with pytest.raises(PolicyFileError):
        skilleco.load_policy("cn-2025").with_changes(
            {"t2023.technician.after_senior_years": {"from": text, "value": 4}}, label="l1"
        )


def test_l1_ascii_dates_in_every_form_still_read() -> None:
    """L1: the three forms with ASCII digits read as before."""
    for text in ("2026-01-01", "2026年1月1日", "2026/1/1", " 2026/01/01 "):
        assert read_date(text) == dt.date(2026, 1, 1)


def test_l1_a_population_cell_with_other_digits_is_a_row_error(tmp_path: Path) -> None:
    """L1: in a CSV population, such a date is a bad row, named by row and field."""
    path = tmp_path / "workers.csv"
    path.write_text(
        "id,occupation.code,birth_date\nw1,x,1990-01-01\nw2,x,１９９０-０１-０１\n", encoding="utf-8"
    )
    with pytest.raises(PopulationError) as exc:
        skilleco.read_population(path)
    assert [(r.row, r.field) for r in exc.value.rows] == [(2, "birth_date")]


# (model, base data, path to the number, error type) for every integer or number field of the models.
NUMBERS: list[tuple[type[BaseModel], dict[str, Any], tuple[Any, ...], str]] = [
    (Worker, WORKER, ("annual_appraisals_passed",), "int_type"),
    (Worker, {**WORKER, "competitions": [{"level": "tj_district", "on": "2020-01-01"}]},
     ("competitions", 0, "rank"), "int_type"),
    (Worker, {**WORKER, "competitions": [{"level": "tj_district", "on": "2020-01-01"}]},
     ("competitions", 0, "entrants"), "int_type"),
    (Worker, {**WORKER, "apprenticeship": {"occupation_code": "x", "start": "2020-01-01"}},
     ("apprenticeship", "monthly_wage"), "float_type"),
    (Worker, {**WORKER, "apprenticeship": {"occupation_code": "x", "start": "2020-01-01"}},
     ("apprenticeship", "local_minimum_wage"), "float_type"),
    (Organisation, ORG, ("insured_employees_in_city",), "int_type"),
    (Organisation, {**ORG, "assessments": [{"year": 2024, "result": "pass"}]},
     ("assessments", 0, "year"), "int_type"),
    (Organisation, {**ORG, "yearly_activity": [{"year": 2024, "trainees": 1, "evaluations": 1}]},
     ("yearly_activity", 0, "trainees"), "int_type"),
    (Organisation, {**ORG, "yearly_activity": [{"year": 2024, "trainees": 1, "evaluations": 1}]},
     ("yearly_activity", 0, "placements"), "int_type"),
    (Chain, CHAIN, ("construction_period_months",), "int_type"),
    (Chain, CHAIN, ("partner_enterprises_committed",), "int_type"),
    (Chain, CHAIN, ("jobs_offered",), "int_type"),
    (Chain, CHAIN, ("posts_offered",), "int_type"),
]  # fmt: skip


def _with(data: dict[str, Any], path: tuple[Any, ...], value: object) -> dict[str, Any]:
    out: Any = json.loads(json.dumps(data))
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    result: dict[str, Any] = out
    return result


@pytest.mark.parametrize(
    ("model", "data", "path", "kind"), NUMBERS, ids=[".".join(map(str, n[2])) for n in NUMBERS]
)
def test_l4_true_and_false_are_not_numbers(
    model: type[BaseModel], data: dict[str, Any], path: tuple[Any, ...], kind: str
) -> None:
    """L4: ``True``/``False`` where a number goes is an InputError of type int_type/float_type at the field,
    as a Python value and in JSON text; an integer-valued number and the text of one still read."""
    for flag in (True, False):
        with pytest.raises(InputError) as exc:
            validate(model, _with(data, path, flag))
        assert [(e["loc"], e["type"]) for e in exc.value.errors] == [(path, kind)]
        with pytest.raises(InputError) as text:
            validate(model, json.dumps(_with(data, path, flag)))
        assert [e["type"] for e in text.value.errors] == [kind]
    good = 2024 if path[-1] == "year" else 3
    for number in (good, float(good), str(good)):  # the text: how a CSV cell arrives
        value: Any = validate(model, _with(data, path, number))
        for key in path:
            value = value[key] if isinstance(key, int) else getattr(value, key)
        assert value == good and not isinstance(value, bool)


def test_l4_a_csv_population_still_reads_numbers_and_flags(tmp_path: Path) -> None:
    """L4: CSV cells are text; ``3`` and ``true`` in them still read as a number and a flag."""
    path = tmp_path / "workers.csv"
    path.write_text(
        "id,occupation.code,annual_appraisals_passed,records_complete,frontline\nw1,x,3,true,1\n",
        encoding="utf-8",
    )
    (worker,) = skilleco.read_population(path).subjects
    assert isinstance(worker, Worker)
    assert (worker.annual_appraisals_passed, worker.records_complete, worker.frontline) == (3, True, True)


def test_l4_bounds_still_show_in_the_json_schema() -> None:
    """L4: the bool check sits after the bounds, so the schema keeps minimum/maximum (record tables read them)."""
    prop = Worker.model_json_schema()["properties"]["annual_appraisals_passed"]["anyOf"][0]
    assert (prop["type"], prop["minimum"], prop["maximum"]) == ("integer", 0, 100)
