"""A facts frame is answered in slices of rows (``whatif.chunked.FRAME_SLICE``), to bound the
evaluator's working memory (issue 14: compare from a facts frame ≤ 600 MB for the whole process),
and weights are summed exactly without leaving Polars when they are whole numbers. Neither may
change an answer: counts, flips (ids, rows, rules), the per-subject table and the weighted sums are
the same as in one piece, to the last digit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

import skilleco
from skilleco import columnar
from skilleco.population import synthetic
from skilleco.questions.registry import parse_question
from skilleco.whatif import chunked
from skilleco.whatif.parts import Sum, exact_sum

ON = dt.date(2026, 11, 21)
GD = skilleco.load_policy("gd-2025")
REFORM = GD.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4 years")
WORKERS = synthetic.workers(900, seed=11, on=ON)  # weighted, with fractions


@pytest.fixture(scope="module")
def frame() -> Any:
    return columnar.facts_frame(WORKERS, "next_grade", on=ON, policy=GD)


def _compare(frame: Any, **kw: Any) -> skilleco.Comparison:
    return skilleco.compare(frame, "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True, **kw)


@pytest.mark.parametrize("size", [13, 450, 899])
def test_slices_give_the_answer_of_one_piece(frame: Any, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _compare(frame)
    monkeypatch.setattr(chunked, "FRAME_SLICE", size)
    assert len(list(chunked.frame_chunks(frame, parse_question("next_grade")))) == -(-900 // size)
    sliced = _compare(frame)
    assert whole.flips, "the reform flips someone: the comparison is not vacuous"
    assert sliced.to_dict() == whole.to_dict()
    assert [f.row for f in sliced.flips] == [f.row for f in whole.flips]  # rows count from the frame's top
    assert sliced.to_polars("subjects").equals(whole.to_polars("subjects"))


def test_weights_given_follow_their_rows_across_slices(frame: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    weights = [float(i % 5) + 0.25 for i in range(frame.height)]
    whole = _compare(frame, weights=weights)
    monkeypatch.setattr(chunked, "FRAME_SLICE", 100)
    sliced = _compare(frame, weights=weights)
    assert sliced.to_dict() == whole.to_dict()
    assert sliced.total_weight == exact_sum(weights)


def test_exits_frames_are_never_cut_between_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain's units decide its status together: an exits frame stays in one piece."""
    chains = columnar.facts_frame(synthetic.chains(40, seed=3, on=ON), "exits", on=ON, policy=GD)
    monkeypatch.setattr(chunked, "FRAME_SLICE", 3)
    assert len(list(chunked.frame_chunks(chains, parse_question("exits")))) == 1


@pytest.mark.parametrize(
    "weights",
    [
        [1.0] * 1000,  # whole numbers: summed by Polars, exactly
        [3.0, 2.0**52, 1.0],  # whole, but past 2**53 together: every weight to fsum
        [0.1] * 10,  # fractions: fsum (a plain sum gives 0.9999999999999999)
        [1e308, 1e308, -1e308],  # a partial sum overflows
        [float("inf"), 1.0],
        [],
    ],
)
def test_weights_sum_exactly(weights: list[float]) -> None:
    """``add_weights`` adds what ``math.fsum`` of every weight gives (whole numbers under 2**53 by
    Polars' own sum, in any order exact; anything else weight by weight)."""
    total, expected = Sum(), Sum()
    chunked.add_weights(total, pl.Series(weights, dtype=pl.Float64))
    expected.add(weights)
    assert total.value == expected.value or (total.value != total.value and expected.value != expected.value)


def test_old_frames_with_64_bit_whole_numbers_still_answer(frame: Any) -> None:
    """Worker facts frames now hold months and ranks as 32-bit integers; a frame saved before, with
    64-bit ones, or one with 16-bit ones, gives the same answers."""
    ints = [n for n, t in frame.schema.items() if t == pl.Int32]
    assert "work_months" in ints and "cert_rank" in ints
    wide = frame.with_columns(pl.col(ints).cast(pl.Int64))
    narrow = frame.with_columns(pl.col(ints).cast(pl.Int16))
    assert _compare(wide).to_dict() == _compare(frame).to_dict() == _compare(narrow).to_dict()
