"""What-if values as documents and in a REPL (issue 16): ``Comparison.from_json`` and
``Sweep.from_json`` read back equal values, refuse what the library could not have written, and
``repr()`` is a shape line and a head, not 20,000 characters."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skilleco
from skilleco.exceptions import DecisionFormatError
from skilleco.population import synthetic

ON = dt.date(2026, 11, 21)
GD = skilleco.load_policy("gd-2025")
PARAM = "t2023.technician.after_senior_years"
REFORM = GD.with_changes({PARAM: 4, "subsidy.senior": 1500}, label="wait 4 years")
POP = synthetic.workers(300, seed=5, on=ON)
C = skilleco.compare(POP, "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True)
S = skilleco.sweep(POP, "next_grade", parameter=PARAM, values=[3, 4, 5], policy=GD, on=ON, cost=True)


def test_a_comparison_reads_back_equal() -> None:
    assert C.flips and C.cost is not None and C.changes  # every part holds something
    back = skilleco.Comparison.from_json(C.to_json())
    assert back == C and back.to_json() == C.to_json()
    assert back.flips == C.flips and back.cost == C.cost and back.counts == C.counts
    assert skilleco.Comparison.from_dict(C.to_dict()) == C
    plain = skilleco.compare(POP, "next_grade", baseline=GD, reform=GD, on=ON)
    assert skilleco.Comparison.from_json(plain.to_json()) == plain  # no cost line, no flips


def test_a_sweep_reads_back_equal() -> None:
    back = skilleco.Sweep.from_json(S.to_json())
    assert back == S and back.points == S.points and back.current == 5
    uncosted = skilleco.sweep(POP, "next_grade", parameter=PARAM, values=[4.5, 6], policy=GD, on=ON)
    assert skilleco.Sweep.from_json(uncosted.to_json()) == uncosted
    assert [p.cost for p in skilleco.Sweep.from_json(uncosted.to_json()).points] == [None, None]


_NUMBERS = st.one_of(st.floats(0, 1e300), st.just(math.inf))


@settings(max_examples=40, deadline=None)
@given(counts=st.lists(st.tuples(_NUMBERS, _NUMBERS), min_size=1, max_size=5), weight=_NUMBERS, cost=_NUMBERS)
def test_property_sums_read_back_even_past_the_float_range(
    counts: list[tuple[float, float]], weight: float, cost: float
) -> None:
    """Any sums (an overflowed one is written null and read back as inf) read back equal."""
    parts = tuple(
        attrs.evolve(k, baseline=a, reform=b)
        for k, (a, b) in zip(C.counts, counts * len(C.counts), strict=False)
    )
    assert C.cost is not None
    c = attrs.evolve(C, counts=parts, total_weight=weight, cost=attrs.evolve(C.cost, baseline=cost))
    assert skilleco.Comparison.from_json(c.to_json()) == c
    points = tuple(attrs.evolve(p, counts=dict.fromkeys(p.counts, weight), cost=cost) for p in S.points)
    s = attrs.evolve(S, points=points, total_weight=weight)
    assert skilleco.Sweep.from_json(s.to_json()) == s


def _broken(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(doc))
    where = out
    for key in path[:-1]:
        where = where[key]
    if value is KeyError:
        del where[path[-1]]
    else:
        where[path[-1]] = value
    return out


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (("format_version",), 2, "format_version"),
        (("on",), "20261121", "on"),
        (("rows",), -1, "rows"),
        (("rows",), 1.5, "rows"),
        (("counts", 0, "baseline"), "12", "counts[0].baseline"),
        (("flips", 0, "rules"), "grade.x", "flips[0].rules"),
        (("flips", 0, "groups"), {"region": 1}, "flips[0].groups"),
        (("baseline", "hash"), None, "baseline.hash"),
        (("cost", "take_up"), None, "cost.take_up"),
        (("statuses",), KeyError, "statuses"),
    ],
)
def test_a_comparison_document_the_library_could_not_write_is_refused(
    path: tuple[Any, ...], value: Any, named: str
) -> None:
    with pytest.raises(DecisionFormatError) as info:
        skilleco.Comparison.from_dict(_broken(C.to_dict(), path, value))
    assert named in str(info.value) and info.value.code == "decision_format"


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (("costed",), "yes", "costed"),
        (("points", 0, "rows", "eligible"), 2.5, "points[0].rows"),
        (("points", 0, "counts"), [], "points[0]"),
        (("policy",), "gd-2025", "policy: expected an object"),
    ],
)
def test_a_sweep_document_the_library_could_not_write_is_refused(
    path: tuple[Any, ...], value: Any, named: str
) -> None:
    with pytest.raises(DecisionFormatError) as info:
        skilleco.Sweep.from_dict(_broken(S.to_dict(), path, value))
    assert named in str(info.value)
    with pytest.raises(DecisionFormatError):
        skilleco.Sweep.from_json("[1, 2]")


def test_flips_use_baseline_and_reform_names_and_the_old_ones_still_read() -> None:
    f = C.flips[0]
    assert (f.before, f.after) == (f.baseline_status, f.reform_status)  # deprecated aliases
    row = C.to_rows("flips")[0]
    assert {"baseline_status", "reform_status"} <= set(row) and not {"before", "after"} & set(row)
    assert row["rules"] == list(f.rules)
    doc = C.to_dict()["flips"][0]
    assert doc["groups"] == dict(f.groups) and doc["baseline_status"] == f.baseline_status


def test_repr_of_a_comparison_is_a_shape_line_and_a_head() -> None:
    big = skilleco.compare(
        synthetic.workers(2000, seed=7, on=ON), "next_grade", baseline=GD, reform=REFORM, on=ON
    )
    text = repr(big)
    assert len(text) <= 1000 and len(big.flips) > 3
    first = text.splitlines()[0]
    assert first == (
        f"<Comparison next_grade on 2026-11-21: gd-2025 vs gd-2025 [wait 4 years]; "
        f"2,000 rows, {len(big.flips):,} flips>"
    )
    assert "status" in text.splitlines()[1] and "eligible" in text
    assert f"… {len(big.flips) - 3:,} more flips" in text
    assert big.flips[0].subject_id in text


def test_repr_of_a_sweep_and_long_ids_stay_short() -> None:
    text = repr(S)
    assert text.splitlines()[0] == (
        f"<Sweep {PARAM} over 3 values: next_grade on 2026-11-21 under gd-2025; 300 rows>"
    )
    assert "5 *" in text and len(text) <= 1000  # the current value marked
    long = REFORM.with_changes({}, label="x" * 5000 + "\n\x1b[31m")
    c = skilleco.compare(POP, "next_grade", baseline=GD, reform=long, on=ON)
    assert len(repr(c)) <= 1000 and "\x1b" not in repr(c) and "\n\x1b" not in repr(c).splitlines()[0]
    many = skilleco.sweep(POP.head(20), "next_grade", parameter=PARAM, values=range(20), policy=GD, on=ON)
    assert len(repr(many)) <= 1000 and "… 12 more values" in repr(many)


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def _leaves(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(doc, dict):
        return [path, *(p for k, v in doc.items() for p in _leaves(v, (*path, k)))]
    if isinstance(doc, list):
        return [path, *(p for i, v in enumerate(doc) for p in _leaves(v, (*path, i)))]
    return [path]


@settings(max_examples=60, deadline=None)
@given(which=st.sampled_from(["comparison", "sweep"]), pick=st.integers(0, 10_000), value=_JSON)
def test_property_any_change_to_a_document_reads_back_or_is_refused(
    which: str, pick: int, value: Any
) -> None:
    """Any one part of a document replaced by any JSON: an equal-type value or DecisionFormatError, never
    another exception."""
    doc = (C if which == "comparison" else S).to_dict()
    paths = [p for p in _leaves(doc) if p]
    broken = _broken(doc, paths[pick % len(paths)], value)
    reader = skilleco.Comparison if which == "comparison" else skilleco.Sweep
    try:
        back = reader.from_dict(broken)
    except DecisionFormatError:
        return
    assert isinstance(back, reader)
    json.loads(back.to_json())  # what reads back writes again
