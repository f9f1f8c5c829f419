"""Boundary cases of the columnar worker facts, one row each, checked against the one-worker
derivation and against the value ``time.md`` gives (issue 14, item 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from skilleco import load_policy
from skilleco.facts.spec import worker_facts as scalar_worker_facts
from skilleco.facts.time import whole_months
from skilleco.models import Worker
from skilleco.policy.standards import shipped_standards, with_standards
from skilleco.questions.grades import by_standard, standard_kinship

pl = pytest.importorskip("polars")
from skilleco.columnar.derive import calendar, worker_facts  # noqa: E402 - after the skip
from skilleco.population.records import from_workers  # noqa: E402

CN = load_policy("cn-2025")
STANDARDS = with_standards(CN, shipped_standards().values())
OWN = "6-18-02-04"


def _work(*spans: tuple[str, str | None]) -> dict[str, Any]:
    return {"work_periods": [{"start": s, "end": e} for s, e in spans]}


def _cert(issued_on: str | None, level: str = "junior") -> dict[str, Any]:
    return {"level": level, "occupation_code": OWN, "issued_on": issued_on}


# (case, records, on, fact, value): the value time.md gives.
CASES: list[tuple[str, dict[str, Any], str, str, object]] = [
    # time.md "Cumulative work": overlapping periods merge; touching ones too (merge_periods).
    ("touching periods are one stretch", _work(("2020-01-20", "2020-02-10"), ("2020-02-11", "2020-03-25")), "2020-06-01", "work_months", 2),
    ("touching periods: the longest stretch", _work(("2020-01-20", "2020-02-10"), ("2020-02-11", "2020-03-25")), "2020-06-01", "continuous_work_months", 2),
    ("a day off between parts them", _work(("2020-01-20", "2020-02-10"), ("2020-02-12", "2020-03-25")), "2020-06-01", "work_months", 1),
    ("a day off: the longest stretch", _work(("2020-01-20", "2020-02-10"), ("2020-02-12", "2020-03-25")), "2020-06-01", "continuous_work_months", 1),
    ("overlapping periods count once", _work(("2019-01-01", "2019-12-31"), ("2019-06-01", "2020-05-31")), "2021-01-01", "work_months", 16),
    ("a period inside another adds nothing", _work(("2019-01-01", "2019-12-31"), ("2019-03-01", "2019-04-30")), "2021-01-01", "work_months", 11),
    # An open period counts up to the day asked; leftover days are dropped.
    ("a month of work short: the day before", _work(("2015-03-15", None)), "2020-03-14", "work_months", 59),
    ("the day the fifth year is full", _work(("2015-03-15", None)), "2020-03-15", "work_months", 60),
    ("a period starting on the day asked counts nothing", _work(("2020-03-15", None)), "2020-03-15", "work_months", 0),
    ("and is the stretch running on it", _work(("2020-03-15", None)), "2020-03-15", "work_open_since", dt.date(2020, 3, 15)),
    ("a period starting the day after does not exist yet", _work(("2020-03-16", None)), "2020-03-15", "work_open_since", None),
    ("a closed period is no open stretch", _work(("2020-01-01", "2020-03-14")), "2020-03-15", "work_open_since", None),
    # Whole months: a month's last day completes a month begun on a later day of the month before.
    ("31 January to 28 February is a month", _work(("2021-01-31", "2021-02-28")), "2022-01-01", "work_months", 1),
    ("30 January to 27 February is not", _work(("2021-01-30", "2021-02-27")), "2022-01-01", "work_months", 0),
    ("31 March to 30 April is a month", _work(("2021-03-31", "2021-04-30")), "2022-01-01", "work_months", 1),
    # 29 February (time.md, "Anniversaries": plus a year is 28 February).
    ("29 February to 28 February is a year", _work(("2020-02-29", None)), "2021-02-28", "work_months", 12),
    ("and the day before is not", _work(("2020-02-29", None)), "2021-02-27", "work_months", 11),
    ("a year after a certificate of 29 February", {**_work(("2019-01-01", None)), "certificates": [_cert("2020-02-29")]}, "2021-02-28", "work_months_since_cert_junior", 12),
    ("a certificate counts from its date, not before", {**_work(("2019-01-01", "2020-12-31")), "certificates": [_cert("2020-02-29")]}, "2021-02-28", "work_months_since_cert_junior", 10),
    # time.md "Work after a date": a period ended before the certificate counts nothing.
    ("work ended before the certificate", {**_work(("2010-01-01", "2015-12-31")), "certificates": [_cert("2016-01-01")]}, "2021-01-01", "work_months_since_cert_junior", 0),
    # Records dated after the day asked do not exist yet.
    ("a certificate issued on the day asked is held", {"certificates": [_cert("2024-05-01")]}, "2024-05-01", "has_cert_junior", True),
    ("one issued the day after is not", {"certificates": [_cert("2024-05-02")]}, "2024-05-01", "has_cert_junior", False),
    ("an undated certificate may be held", {"certificates": [_cert(None)]}, "2024-05-01", "has_cert_junior", None),
    ("so the highest held is unknown", {"certificates": [_cert("2010-01-01"), _cert(None, "senior")]}, "2024-05-01", "cert_rank", None),
    ("an undated one leaves the earliest date open", {"certificates": [_cert("2010-01-01"), _cert(None)]}, "2024-05-01", "cert_junior_on_earliest", None),
    # A certificate in an occupation no standard settles may count: it may be the older one.
    ("one that may count, of the same day, settles it", {"certificates": [_cert("2020-01-01"), {**_cert("2020-01-01"), "occupation_code": "9-99-99-99"}]}, "2024-05-01", "cert_junior_earliest_known", True),
    ("one that may count, a day older, leaves it open", {"certificates": [_cert("2020-01-01"), {**_cert("2019-12-31"), "occupation_code": "9-99-99-99"}]}, "2024-05-01", "cert_junior_earliest_known", None),
    ("and may be the earliest", {"certificates": [_cert("2020-01-01"), {**_cert("2019-12-31"), "occupation_code": "9-99-99-99"}]}, "2024-05-01", "cert_junior_on_earliest", dt.date(2019, 12, 31)),
    ("certificates not stated are unknown", {}, "2024-05-01", "has_cert_junior", None),
    ("complete records with none hold none", {"records_complete": True}, "2024-05-01", "has_cert_junior", False),
    # time.md "Current-year graduates": expected in the calendar year of the day asked.
    ("expected to graduate on 31 December of this year", {"education": [{"school_kind": "technical_school", "specialty_match": True, "enrolled_on": "2021-09-01", "expected_graduation": "2024-12-31"}]}, "2024-05-01", "grad_technical_school_specialty", True),
    ("expected on 1 January of the next", {"education": [{"school_kind": "technical_school", "specialty_match": True, "enrolled_on": "2021-09-01", "expected_graduation": "2025-01-01"}]}, "2024-05-01", "grad_technical_school_specialty", False),
]


def _worker(records: dict[str, Any], code: str = OWN) -> Worker:
    return Worker.model_validate({"id": "w", "occupation": {"code": code}, **records})


def _scalar(worker: Worker, on: dt.date, policy: Any) -> dict[str, Any]:
    seen, pol = by_standard(worker, policy)
    return scalar_worker_facts(seen, on, kinship=standard_kinship(pol, seen))


@pytest.mark.parametrize(("case", "records", "on", "fact", "value"), CASES, ids=[c[0] for c in CASES])
def test_boundary_case(case: str, records: dict[str, Any], on: str, fact: str, value: object) -> None:
    """The fact has the value time.md gives, in columns and on the one-worker path alike."""
    day = dt.date.fromisoformat(on)
    worker = _worker(records)
    got = worker_facts(from_workers([worker]), day, policy=CN, names=[fact])[fact].to_list()
    assert got == [value], case
    assert _scalar(worker, day, CN)[fact] == value, case


def test_a_major_the_standard_admits_at_one_school_level_only() -> None:
    """育婴员 (std-yyy-2019) admits 护理 at higher vocational schools: a graduate's specialty is read
    from the major by school kind; with no standard on file it stays unknown."""
    worker = _worker(
        {"education": [{"school_kind": "higher_vocational", "graduated_on": "2022-07-01", "major": "护理"}]},
        code="4-10-01-02",
    )
    fact, day = "grad_higher_vocational_or_college_specialty", dt.date(2024, 5, 1)
    for policy, value in ((STANDARDS, True), (CN, None)):
        got = worker_facts(from_workers([worker]), day, policy=policy, names=[fact])[fact].to_list()
        assert got == [value] and _scalar(worker, day, policy)[fact] == value


def _days(first: str, last: str) -> list[dt.date]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.mark.parametrize(
    ("first", "last"),
    [("2019-12-20", "2020-03-10"), ("2021-01-20", "2021-05-05"), ("1900-01-01", "1900-03-05"), ("2100-10-25", "2100-12-31")],
)
def test_whole_months_agree_on_every_pair_of_days(first: str, last: str) -> None:
    """calendar.months_between equals facts.time.whole_months for every start <= end in a window
    (29 February, months of 28, 30 and 31 days, the first and last days the models admit)."""
    days = _days(first, last)
    pairs = [(a, b) for a in days for b in days if a <= b]
    frame = pl.DataFrame({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]})
    table = pl.lit(calendar.packed_days())
    got = frame.select(
        calendar.months_between(
            table.gather(calendar.day_number(pl.col("a"))), table.gather(calendar.day_number(pl.col("b")))
        ).alias("m")
    )["m"].to_list()
    assert got == [whole_months(a, b) for a, b in pairs]


def _two_workers() -> Any:
    return from_workers(
        [
            _worker({"work_periods": [{"start": "2015-03-15"}], "certificates": [_cert("2018-01-01")]}),
            Worker.model_validate(
                {"id": "v", "occupation": {"code": OWN}, "work_periods": [{"start": "2019-01-01", "end": "2019-06-30"}]}
            ),
        ]
    )


def test_ids_sharing_a_hash_are_joined_on_the_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records find their worker by id hashes; where hashes collide (here: all of them), by the ids."""
    tables, day = _two_workers(), dt.date(2024, 5, 1)
    expected = worker_facts(tables, day, policy=CN)
    monkeypatch.setattr(pl.Series, "hash", lambda self, *args, **kwargs: pl.repeat(0, self.len(), dtype=pl.UInt64, eager=True))
    assert worker_facts(tables, day, policy=CN).equals(expected)
    assert expected["work_months"].to_list() == [109, 5]


def test_a_record_of_no_worker_belongs_to_no_one() -> None:
    """A record whose worker id is not in the workers table is left out, as the models leave it out."""
    tables, day = _two_workers(), dt.date(2024, 5, 1)
    stray = pl.DataFrame({"worker_id": ["nobody"], "start": [dt.date(2000, 1, 1)]}).with_columns(
        end=pl.lit(None, dtype=pl.Date), occupation_code=pl.lit(None, dtype=pl.String),
        trade=pl.lit(None, dtype=pl.String), kind=pl.lit("work"),
    )
    periods = pl.concat([stray, tables.tables["work_periods"]], how="diagonal_relaxed").select(tables.tables["work_periods"].columns)
    more = attrs.evolve(tables, tables={**tables.tables, "work_periods": periods})
    assert worker_facts(more, day, policy=CN).equals(worker_facts(tables, day, policy=CN))


def test_workers_sharing_an_id_share_its_records() -> None:
    """Two workers with one id: each has every record of that id, as RecordTables.to_workers gives
    them (records are keyed by id; read_records refuses such tables, from_workers does not)."""
    day = dt.date(2024, 5, 1)
    first = _worker({"certificates": [_cert("2018-01-01")], "direct_recognitions": []})
    second = _worker({"work_periods": [{"start": "2019-01-01"}], "certificates": [], "direct_recognitions": []})
    tables = from_workers([first, second])
    rows = worker_facts(tables, day, policy=CN).to_dicts()
    for row, worker in zip(rows, tables.to_workers(), strict=True):
        expected = _scalar(worker, day, CN)
        assert {name: row[name] for name in expected if name in row} == {
            name: value for name, value in expected.items() if name in row
        }
    # Whether a list is stated stays the worker's own: the first states no work periods.
    assert [r["has_cert_junior"] for r in rows] == [True, True] and [r["work_months"] for r in rows] == [None, 64]
