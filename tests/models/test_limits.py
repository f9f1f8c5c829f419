"""The documented input limits (docs/reference/limits.md), each tested on both sides of its edge.

Dates the day before and the day of each end of 1900-01-01 … 2100-12-31, counts at -1 and 0, lists
at ``MAX_ITEMS`` and ``MAX_ITEMS + 1``, JSON nested 100,000 deep and numbers with 5,000 digits (as
text and as Python values), and a population whose bad rows are reported by row.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import skilleco
from skilleco import cli
from skilleco.decisions import Decision, EditionComparison, ExitReport
from skilleco.exceptions import DecisionFormatError, InputError, InvalidDateError, PopulationError
from skilleco.models.worker import MAX_ITEMS
from skilleco.population import synthetic

ROOT = Path(__file__).resolve().parents[2]


def _example(name: str) -> Any:
    return json.loads(resources.files("skilleco.examples").joinpath(name).read_text(encoding="utf-8"))


WORKER = _example("worker.json")
ORGANISATION = _example("organisation.json")
CHAIN = _example("chain.json")
ON = "2026-11-21"
DEEP_TEXT = "[" * 100_000 + "]" * 100_000
DIGITS_TEXT = "9" * 5_000


def _deep(depth: int = 100_000) -> list[Any]:
    """A list nested ``depth`` deep, deeper than Python's recursion limit."""
    root: list[Any] = []
    node = root
    for _ in range(depth):
        child: list[Any] = []
        node.append(child)
        node = child
    return root


# --- dates ------------------------------------------------------------------------------------------

DATES = [
    ("1899-12-31", False),
    ("1900-01-01", True),
    ("2100-12-31", True),
    ("2101-01-01", False),
]


@pytest.mark.parametrize(("on", "accepted"), DATES)
def test_the_date_asked_about_lies_in_1900_to_2100(on: str, accepted: bool) -> None:
    """``on`` is read on 1900-01-01 and 2100-12-31, and refused (invalid_date) the day beyond each.

    The worker's birth date is left out: asked on 1900-01-01, a worker born in 1994 is bad input
    (grades.md, "Dates must be possible")."""
    unborn = {k: v for k, v in WORKER.items() if k != "birth_date"}
    for value in (on, dt.date.fromisoformat(on)):
        if accepted:
            assert skilleco.assess_grade(
                unborn, "senior", policy="cn-2025", on=value
            ).on == dt.date.fromisoformat(on)
        else:
            with pytest.raises(InvalidDateError) as info:
                skilleco.assess_grade(WORKER, "senior", policy="cn-2025", on=value)
            assert info.value.code == "invalid_date" and info.value.fields == ("on",)


@pytest.mark.parametrize(("day", "accepted"), DATES)
def test_dates_in_records_lie_in_1900_to_2100(day: str, accepted: bool) -> None:
    """A date inside a record obeys the same range, and a refusal names the field (a worker with
    no other records: nothing may be dated before the birth, grades.md "Dates must be possible")."""
    worker = {"id": WORKER["id"], "occupation": WORKER["occupation"], "birth_date": day}
    org = {**ORGANISATION, "self_evaluation_registered_on": day}
    if accepted:
        skilleco.assess_grade(worker, "senior", policy="cn-2025", on="2100-12-31")
        skilleco.assess_chain_lead(org, policy="sz-2025", on="2100-12-31")
        return
    with pytest.raises(InputError) as worker_info:
        skilleco.assess_grade(worker, "senior", policy="cn-2025", on=ON)
    assert worker_info.value.fields == ("birth_date",)
    with pytest.raises(InputError) as org_info:
        skilleco.assess_chain_lead(org, policy="sz-2025", on=ON)
    assert org_info.value.fields == ("self_evaluation_registered_on",)


@pytest.mark.parametrize(
    ("on", "accepted"),
    [("1969-12-31", False), ("1970-01-01", True), ("2100-12-31", True), ("2101-01-01", False)],
)
@pytest.mark.parametrize(
    "generator",
    [synthetic.workers, synthetic.lead_candidates, synthetic.chains, synthetic.dual_certificate_candidates],
)
def test_synthetic_reference_dates_lie_in_1970_to_2100(generator: Any, on: str, accepted: bool) -> None:
    """The generators' reference date starts at EARLIEST_ON (their records reach back decades)."""
    day = dt.date.fromisoformat(on)
    assert dt.date(1970, 1, 1) == synthetic.EARLIEST_ON
    if accepted:
        assert len(generator(20, seed=0, on=day)) == 20
    else:
        with pytest.raises(InvalidDateError) as info:
            generator(1, seed=0, on=day)
        assert info.value.fields == ("on",)


@pytest.mark.parametrize("value", [dt.date.min, dt.date.max, dt.datetime(2026, 1, 1), "2026-02-29", 20260101])
def test_far_impossible_and_timed_dates_are_refused(value: object) -> None:
    """Year 1 and 9999, a date-time, a day that does not exist and a number are all invalid_date."""
    with pytest.raises(InvalidDateError):
        skilleco.assess_grade(WORKER, "senior", policy="cn-2025", on=value)


# --- counts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "field", "question"),
    [
        ({**WORKER, "annual_appraisals_passed": None}, "annual_appraisals_passed", "grade"),
        ({**ORGANISATION, "insured_employees_in_city": None}, "insured_employees_in_city", "lead"),
    ],
)
def test_counts_are_never_negative(subject: dict[str, Any], field: str, question: str) -> None:
    """A count of 0 is read; -1 is refused, naming the field."""

    def ask(value: int) -> object:
        data = {**subject, field: value}
        if question == "grade":
            return skilleco.assess_grade(data, "senior", policy="cn-2025", on=ON)
        return skilleco.assess_chain_lead(data, policy="sz-2025", on=ON)

    ask(0)
    with pytest.raises(InputError) as info:
        ask(-1)
    assert info.value.fields == (field,) and info.value.errors[0]["type"] == "greater_than_equal"


@pytest.mark.parametrize("generator", [synthetic.workers, synthetic.lead_candidates, synthetic.chains])
def test_synthetic_counts_are_never_negative(generator: Any) -> None:
    """A generator makes 0 rows, and refuses -1 naming ``n``."""
    assert len(generator(0, seed=0, on=dt.date(2026, 1, 1))) == 0
    with pytest.raises(InputError) as info:
        generator(-1, seed=0, on=dt.date(2026, 1, 1))
    assert info.value.fields == ("n",)


# --- list sizes -------------------------------------------------------------------------------------


def test_worker_lists_hold_at_most_max_items() -> None:
    """A worker's list holds MAX_ITEMS entries; one more is refused (too_long), naming the list."""
    cert = WORKER["certificates"][0]
    skilleco.assess_grade({**WORKER, "certificates": [cert] * MAX_ITEMS}, "senior", policy="cn-2025", on=ON)
    with pytest.raises(InputError) as info:
        skilleco.assess_grade(
            {**WORKER, "certificates": [cert] * (MAX_ITEMS + 1)}, "senior", policy="cn-2025", on=ON
        )
    assert info.value.fields == ("certificates",) and info.value.errors[0]["type"] == "too_long"


def test_chain_members_are_at_most_max_items() -> None:
    """A chain holds MAX_ITEMS members; one more is refused (too_long), naming ``members``."""
    lead, other = CHAIN["members"][0], CHAIN["members"][1]
    members = [lead] + [
        {**other, "organisation": {**other["organisation"], "id": f"m{i}"}} for i in range(MAX_ITEMS - 1)
    ]
    report = skilleco.check_exits({**CHAIN, "members": members}, policy="gd-2025", on=ON)
    assert len(report.units) >= 1
    extra = {**other, "organisation": {**other["organisation"], "id": "one-more"}}
    with pytest.raises(InputError) as info:
        skilleco.check_exits({**CHAIN, "members": [*members, extra]}, policy="gd-2025", on=ON)
    assert info.value.fields == ("members",) and info.value.errors[0]["type"] == "too_long"


# --- nesting and huge numbers -----------------------------------------------------------------------

SUBJECT_READERS = {
    "assess_grade": lambda s: skilleco.assess_grade(s, "senior", policy="cn-2025", on=ON),
    "grade_profile": lambda s: skilleco.grade_profile(s, policy="cn-2025", on=ON),
    "assess_chain_lead": lambda s: skilleco.assess_chain_lead(s, policy="sz-2025", on=ON),
    "compare_editions": lambda s: skilleco.compare_editions(s, on=ON),
    "check_exits": lambda s: skilleco.check_exits(s, policy="gd-2025", on=ON),
    "assess_dual_certificate": lambda s: skilleco.assess_dual_certificate(s, policy="bj-2025", on=ON),
}


@pytest.mark.parametrize("text", [DEEP_TEXT, '{"a":' * 100_000 + "1" + "}" * 100_000, DIGITS_TEXT])
@pytest.mark.parametrize("name", sorted(SUBJECT_READERS))
def test_deep_or_huge_json_text_is_an_input_error(name: str, text: str) -> None:
    """JSON text nested 100,000 deep, or a 5,000-digit number, is an InputError, not RecursionError."""
    for data in (text, text.encode()):
        with pytest.raises(InputError):
            SUBJECT_READERS[name](data)


@pytest.mark.parametrize("value", [_deep(), 10**5_000, float("nan")], ids=["deep", "digits", "nan"])
def test_deep_or_huge_python_values_are_input_errors(value: object) -> None:
    """The same as Python values, in a field, as the subject, the target or the date."""
    with pytest.raises(InputError):
        skilleco.assess_grade({**WORKER, "id": value}, "senior", policy="cn-2025", on=ON)
    with pytest.raises(InputError):
        skilleco.assess_grade(value, "senior", policy="cn-2025", on=ON)
    with pytest.raises(InputError):
        skilleco.assess_grade(WORKER, value, policy="cn-2025", on=ON)
    with pytest.raises(InvalidDateError):
        skilleco.assess_grade(WORKER, "senior", policy="cn-2025", on=value)


@pytest.mark.parametrize("cls", [Decision, ExitReport, EditionComparison])
@pytest.mark.parametrize("text", [DEEP_TEXT, DIGITS_TEXT, b"\xff", "NaN"])
def test_deep_or_huge_documents_are_format_errors(cls: Any, text: str | bytes) -> None:
    """A document that is too deep, a huge number, not UTF-8 or not an object: DecisionFormatError."""
    with pytest.raises(DecisionFormatError):
        cls.from_json(text)


def test_documents_hold_only_their_declared_types() -> None:
    """A document that reads but holds a value of the wrong type (NaN, a number id) is refused."""
    d = skilleco.assess_grade(WORKER, "senior", policy="cn-2025", on=ON).to_dict()
    assert Decision.from_dict(d).to_dict() == d
    for change in ({"subject_id": 7}, {"status": "maybe"}, {"deciding": [["x"]]}, {"on": "2026-11-21T00:00"}):
        with pytest.raises(DecisionFormatError):
            Decision.from_dict({**d, **change})
    finding = {**d["findings"][0], "facts": [["x", float("nan")]]}
    with pytest.raises(DecisionFormatError):
        Decision.from_dict({**d, "findings": [finding]})


def test_deep_and_huge_rows_are_reported_by_row(tmp_path: Path) -> None:
    """In a population, such rows are bad rows like any other: listed by row, good rows kept."""
    rows = [WORKER, DEEP_TEXT, WORKER, DIGITS_TEXT, {**WORKER, "id": _deep()}]
    with pytest.raises(PopulationError) as info:
        skilleco.read_population(rows)
    assert sorted({r.row for r in info.value.rows}) == [2, 4, 5]
    pop = skilleco.read_population(rows, on_error="skip")
    assert pop.rows == (1, 3) and sorted({r.row for r in pop.skipped}) == [2, 4, 5]
    path = tmp_path / "deep.json"
    path.write_text(DEEP_TEXT, encoding="utf-8")
    with pytest.raises(PopulationError) as file_info:
        skilleco.read_population(path)
    assert [r.code for r in file_info.value.rows] == ["not_json"]


def test_the_command_reads_deep_json_as_bad_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command exits 3 (bad input data) for such a file, with one message and no traceback."""
    path = tmp_path / "deep.json"
    path.write_text(DEEP_TEXT, encoding="utf-8")
    assert cli.main(["assess", "lead", str(path), "--on", ON]) == 3
    assert capsys.readouterr().err.startswith("skilleco: bad input")


# --- the page ---------------------------------------------------------------------------------------


def test_the_limits_page_states_the_limits_in_force() -> None:
    """docs/reference/limits.md gives MAX_ITEMS and the date range as the code has them."""
    from skilleco.models.dates import MAX_DATE, MIN_DATE

    page = (ROOT / "docs" / "reference" / "limits.md").read_text(encoding="utf-8")
    assert re.search(rf"\b{MAX_ITEMS}\b", page)
    assert MIN_DATE.isoformat() in page and MAX_DATE.isoformat() in page
