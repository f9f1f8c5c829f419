"""Reading what-if documents back: a :class:`~skilleco.whatif.Comparison` or
:class:`~skilleco.whatif.Sweep` from its ``to_dict`` / ``to_json`` output.

A document read back must be one the library could have written: the envelope of this format
version, every field of its type (text, a 64-bit integer, a number, a list, an object), dates exactly
``YYYY-MM-DD`` (:func:`~skilleco.decisions.documents.document_date`). Anything else is a
:class:`~skilleco.exceptions.DecisionFormatError` naming the field.

A sum past the range of a 64-bit float is written as ``null`` (JSON has no infinity) and reads back
as ``inf``: weights are never negative, so an overflowed count is always ``+inf``. The per-subject
table is not part of the document (write it with ``to_polars("subjects").write_parquet(...)``), so a
comparison read back has none.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ..decisions.documents import as_tuples, check_version, document_date
from .parts import Attribution, CostLine, Flip, ParamChange, PolicyRef, StatusCount

__all__ = ["Point", "comparison_fields", "sweep_fields"]

T = TypeVar("T")
_INT = range(-(2**63), 2**63)


def _at(data: object, key: str, where: str) -> Any:
    if not isinstance(data, Mapping):
        raise ValueError(f"{where or '<document>'}: expected an object, got {type(data).__name__}")
    if key not in data:
        raise ValueError(f"{where + '.' if where else ''}{key}: missing")
    return data[key]


def _text(data: object, key: str, where: str = "", *, null: bool = False) -> Any:
    value = _at(data, key, where)
    if not (type(value) is str or (null and value is None)):
        raise ValueError(f"{where + '.' if where else ''}{key}: expected text, got {value!r:.60}")
    return value


def _int(data: object, key: str, where: str = "") -> int:
    value = _at(data, key, where)
    if type(value) is not int or value not in _INT or value < 0:
        raise ValueError(f"{where + '.' if where else ''}{key}: expected a count, got {value!r:.60}")
    return value


def _num(data: object, key: str, where: str = "", *, null: bool = True) -> float:
    """A number; ``null`` (a sum past the range of a float) reads as ``inf``."""
    value = _at(data, key, where)
    if value is None and null:
        return math.inf
    if type(value) is int and value in _INT:
        return float(value)
    if type(value) is float and math.isfinite(value):
        return value
    raise ValueError(f"{where + '.' if where else ''}{key}: expected a number, got {value!r:.60}")


def _items(data: object, key: str, where: str, read: Callable[[Any, str], T]) -> tuple[T, ...]:
    value = _at(data, key, where)
    if type(value) is not list:
        raise ValueError(f"{where + '.' if where else ''}{key}: expected a list, got {value!r:.60}")
    here = f"{where + '.' if where else ''}{key}"
    return tuple(read(v, f"{here}[{i}]") for i, v in enumerate(value))


def _texts(data: object, key: str, where: str = "") -> tuple[str, ...]:
    def one(v: Any, here: str) -> str:
        if type(v) is not str:
            raise ValueError(f"{here}: expected text, got {v!r:.60}")
        return v

    return _items(data, key, where, one)


def _text_map(data: object, key: str, where: str) -> dict[str, str]:
    value = _at(data, key, where)
    if not isinstance(value, dict) or any(type(v) is not str for v in value.values()):
        raise ValueError(f"{where}.{key}: expected an object of text, got {value!r:.60}")
    return dict(value)


def _policy(data: object, key: str) -> PolicyRef:
    d = _at(data, key, "")
    return PolicyRef(
        _text(d, "id", key),
        _text(d, "label", key, null=True),
        _text(d, "hash", key),
        _text(d, "title_en", key),
        _text(d, "title_zh", key),
    )


def _count(d: Any, here: str) -> StatusCount:
    return StatusCount(
        _text(d, "status", here),
        _int(d, "baseline_rows", here),
        _int(d, "reform_rows", here),
        _num(d, "baseline", here),
        _num(d, "reform", here),
    )


def _flip(d: Any, here: str) -> Flip:
    return Flip(
        _text(d, "subject_id", here),
        _int(d, "row", here),
        _num(d, "weight", here),
        _text_map(d, "groups", here),
        _text(d, "baseline_status", here),
        _text(d, "reform_status", here),
        _texts(d, "rules", here),
    )


def _attribution(d: Any, here: str) -> Attribution:
    return Attribution(
        rule_id=_text(d, "rule_id", here),
        title_en=_text(d, "title_en", here),
        title_zh=_text(d, "title_zh", here),
        provenance=_text(d, "provenance", here),
        citation=_text(d, "citation", here),
        flips=_int(d, "flips", here),
        weight=_num(d, "weight", here),
        gained=_num(d, "gained", here),
        lost=_num(d, "lost", here),
    )


def _change(d: Any, here: str) -> ParamChange:
    return ParamChange(
        _text(d, "parameter", here), as_tuples(_at(d, "baseline", here)), as_tuples(_at(d, "reform", here))
    )


def _cost(data: object) -> CostLine | None:
    d = _at(data, "cost", "")
    if d is None:
        return None

    def grade(g: Any, here: str) -> tuple[str, float, float, float, float]:
        keys = ("baseline_eligible", "baseline_yuan", "reform_eligible", "reform_yuan")
        a, b, c, e = (_num(g, k, here) for k in keys)
        return (_text(g, "grade", here), a, b, c, e)

    def param(p: Any, here: str) -> tuple[str, str, object, str, str]:
        policy, name = _text(p, "policy", here), _text(p, "name", here)
        return (
            policy,
            name,
            as_tuples(_at(p, "value", here)),
            _text(p, "provenance", here),
            _text(p, "citation", here),
        )

    return CostLine(
        by_grade=_items(d, "by_grade", "cost", grade),
        baseline=_num(d, "baseline", "cost"),
        reform=_num(d, "reform", "cost"),
        take_up=_num(d, "take_up", "cost", null=False),
        parameters=_items(d, "parameters", "cost", param),
    )


def comparison_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a :class:`~skilleco.whatif.Comparison` read from a comparison document.

    Raises:
        ValueError: naming the field that is off (the caller raises ``DecisionFormatError``).
    """
    check_version(data)
    return {
        "question": _text(data, "question"),
        "question_en": _text(data, "question_en"),
        "question_zh": _text(data, "question_zh"),
        "statuses": _texts(data, "statuses"),
        "on": document_date(_at(data, "on", ""), "on"),
        "baseline": _policy(data, "baseline"),
        "reform": _policy(data, "reform"),
        "changes": _items(data, "changes", "", _change),
        "changed_rules": _texts(data, "changed_rules"),
        "rows": _int(data, "rows"),
        "total_weight": _num(data, "total_weight"),
        "counts": _items(data, "counts", "", _count),
        "flips": _items(data, "flips", "", _flip),
        "attribution": _items(data, "attribution", "", _attribution),
        "cost": _cost(data),
        "skipped": _int(data, "skipped"),
        "source": _text(data, "source"),
    }


Point = tuple[object, dict[str, float], dict[str, int], float | None]
"""A sweep point's value, weighted counts, rows per status and cost (``SweepPoint``'s fields)."""


def _point(d: Any, here: str, costed: bool) -> Point:
    counts = _at(d, "counts", here)
    rows = _at(d, "rows", here)
    if not isinstance(counts, dict) or not isinstance(rows, dict):
        raise ValueError(f"{here}: counts and rows must be objects")
    cost = _at(d, "cost", here)
    if cost is not None and not costed:
        raise ValueError(f"{here}.cost: a cost in a sweep whose costed is false")
    return (
        as_tuples(_at(d, "value", here)),
        {str(k): _num(counts, k, f"{here}.counts") for k in counts},
        {str(k): _int(rows, k, f"{here}.rows") for k in rows},
        _num(d, "cost", here) if costed else None,
    )


def sweep_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a :class:`~skilleco.whatif.Sweep` read from a sweep document, its points as
    :data:`Point` tuples.

        Raises:
            ValueError: naming the field that is off (the caller raises ``DecisionFormatError``).
    """
    check_version(data)
    costed = _at(data, "costed", "")
    if type(costed) is not bool:
        raise ValueError(f"costed: expected true or false, got {costed!r:.60}")
    return {
        "question": _text(data, "question"),
        "question_en": _text(data, "question_en"),
        "question_zh": _text(data, "question_zh"),
        "statuses": _texts(data, "statuses"),
        "on": document_date(_at(data, "on", ""), "on"),
        "policy": _policy(data, "policy"),
        "parameter": _text(data, "parameter"),
        "current": as_tuples(_at(data, "current", "")),
        "points": _items(data, "points", "", lambda d, here: _point(d, here, costed)),
        "rows": _int(data, "rows"),
        "total_weight": _num(data, "total_weight"),
        "source": _text(data, "source"),
    }
