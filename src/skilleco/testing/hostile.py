"""Hostile input, for fuzzing: odd text, hostile JSON, dates and JSON text, and mutated valid data.

These strategies draw input meant to break a function that trusts it; skilleco's own fuzz suite
feeds them to every public function.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import typing
from collections.abc import Mapping
from typing import TypeAlias

from hypothesis import strategies as st

from ..models.dates import MAX_DATE, MIN_DATE
from .values import JSONValue

__all__ = ["hostile_dates", "hostile_json", "hostile_text", "json_texts", "mutated"]


_LONG = 10_000
_ODD_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u200d",  # zero-width joiner
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark
    "e\u0301",  # a combining accent
    "\U0001d518\U0001d52b",  # mathematical letters
    "\U0001f469\u200d\U0001f527",  # a joined emoji
    "\uffff",
    "\U0010ffff",
    "١٢٣",  # Arabic-Indic digits
    "２０２６-０１-０１",  # full-width digits
    "null",
    "NaN",
    "-Infinity",
    "true",
    "1e999",
    "-0",
    "[]",
    "{}",
    "1899-12-31",
    "1900-01-01",
    "2100-12-31",
    "2101-01-01",
    "0001-01-01",
    "9999-12-31",
    "2023-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026年13月1日",
    "2026/1/1",
    "2026-01-01T00:00:00",
    "20260101",
    "senior",
    "三级",
    "apprentice",
    "cn-2025",
    "grade:technician",
)
_ODD_NUMBERS: tuple[int | float, ...] = (
    0,
    -1,
    1,
    2**31,
    -(2**31) - 1,
    2**63,
    -(2**63) - 1,
    2**64 + 1,
    10**30,
    -(10**30),
    0.0,
    -0.0,
    1e308,
    -1e308,
    5e-324,
    float("nan"),
    float("inf"),
    float("-inf"),
)


@functools.cache
def hostile_text() -> st.SearchStrategy[str]:
    """Text a careless or hostile caller might send: empty, very long, NUL, RTL marks, zero-width
    joiners, unusual code points (never lone surrogates, which UTF-8 cannot encode), date-like and
    number-like text, and every date limit's neighbours."""
    return st.one_of(
        st.sampled_from(_ODD_TEXTS),
        # Very long text, built from one character (drawing it would be slow).
        st.sampled_from(("x", "技", "\u202e", " ")).map(lambda c: c * _LONG),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    )


def _nested(depth: int, leaf: JSONValue, as_dict: bool) -> JSONValue:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


@functools.cache
def hostile_json(*, max_leaves: int = 8, max_depth: int = 100) -> st.SearchStrategy[JSONValue]:
    """JSON-like values meant to break a function that trusts its input.

    Leaves are ``None``, booleans, integers of any size (``10**5000`` included), floats (NaN and
    the infinities included) and :func:`hostile_text`; they nest in lists and in dicts with hostile
    keys, and sometimes in a single chain of lists or dicts up to ``max_depth`` deep. Cheap to draw:
    long text and deep nesting are built, not drawn character by character. (For nesting deeper
    than Python's recursion limit, use :func:`json_texts`: hypothesis cannot print such a value.)

    Args:
        max_leaves: the most leaves in a drawn tree.
        max_depth: the deepest single chain of nested lists or dicts.
    """
    leaves: st.SearchStrategy[JSONValue] = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(_ODD_NUMBERS),
        # More digits than Python prints or parses by default (built: hypothesis cannot print it).
        st.sampled_from((1, -1)).map(lambda sign: sign * 10**5_000),
        st.floats(),
        hostile_text(),
    )
    trees = st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(hostile_text(), children, max_size=4),
        ),
        max_leaves=max_leaves,
    )
    deep = st.builds(_nested, st.integers(1, max_depth), leaves, st.booleans())
    return st.one_of(trees, deep)


def hostile_dates() -> st.SearchStrategy[object]:
    """Values for a date argument: the day before and the day of each limit (1899-12-31, 1900-01-01,
    2100-12-31, 2101-01-01) as text and as dates, far dates, datetimes, impossible days, other
    spellings, and any :func:`hostile_json` value."""
    far = (_dt.date.min, _dt.date.max, _dt.date(1899, 12, 31), _dt.date(2101, 1, 1), MIN_DATE, MAX_DATE)
    return st.one_of(
        st.sampled_from(far),
        st.datetimes(),
        st.dates(),
        st.dates().map(_dt.date.isoformat),
        hostile_text(),
        hostile_json(max_leaves=3),
    )


def _dumps(value: object) -> str:
    try:
        # default=repr: a value that is already text as bytes goes in as a JSON string.
        return json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # an int too long to print: its digits are hostile text too
        return "9" * 5_000


def _deep_text(depth: int, as_object: bool) -> str:
    return ('{"a":' * depth + "1" + "}" * depth) if as_object else ("[" * depth + "]" * depth)


def json_texts(values: st.SearchStrategy[typing.Any] | None = None) -> st.SearchStrategy[str | bytes]:
    """JSON text and bytes of ``values`` (default :func:`hostile_json`, so also ``NaN`` and
    5,000-digit numbers), arrays and objects nested up to 100,000 deep, truncated JSON, text that is
    not JSON, and arbitrary bytes."""
    values = hostile_json() if values is None else values
    texts = values.map(_dumps)
    return st.one_of(
        texts,
        st.builds(_deep_text, st.integers(1, 100_000), st.booleans()),
        texts.map(lambda t: t.encode("utf-8")),
        st.tuples(texts, st.integers(0, 40)).map(lambda p: p[0][: p[1]]),
        hostile_text(),
        st.binary(max_size=40),
    )


_Path: TypeAlias = tuple[str | int, ...]


def _paths(value: object, prefix: _Path = ()) -> list[_Path]:
    """Every path to a node of ``value``, the root first."""
    out = [prefix]
    if isinstance(value, Mapping):
        for key, item in value.items():
            out += _paths(item, (*prefix, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


def _shallow(value: JSONValue) -> JSONValue:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


_ACTIONS = ("replace", "replace", "replace", "remove", "extend")


def _mutate(base: JSONValue, path: _Path, action: str, value: JSONValue, key: str) -> JSONValue:
    """``base`` (left as it is) with the node at ``path`` replaced, removed or extended.

    Only the containers on the path are copied; the rest is shared with ``base``.
    """
    node = base
    for step in path:
        node = node[step]  # type: ignore[index]  # a path found in this very value
    if action == "extend" and not isinstance(node, dict | list):
        action = "replace"  # a leaf has nothing to extend
    if not path and action != "extend":
        return value
    root = _shallow(base)
    parent = root
    for step in path if action == "extend" else path[:-1]:
        child = _shallow(parent[step])  # type: ignore[index]  # a path found in this very value
        parent[step] = child  # type: ignore[index]  # a key of this dict, an index of this list
        parent = child
    if action == "extend":
        if isinstance(parent, dict):
            parent[key] = value
        elif isinstance(parent, list):
            parent.append(value)
    elif action == "remove":
        del parent[path[-1]]  # type: ignore[arg-type, union-attr]  # a key or index of this node
    else:
        parent[path[-1]] = value  # type: ignore[index]  # a key of this dict, an index of this list
    return root


def _mutations(base: JSONValue, values: st.SearchStrategy[JSONValue]) -> st.SearchStrategy[JSONValue]:
    return st.builds(
        _mutate,
        st.just(base),
        st.sampled_from(_paths(base)),
        st.sampled_from(_ACTIONS),
        values,
        hostile_text(),
    )


def mutated(
    example: JSONValue | st.SearchStrategy[JSONValue],
    *,
    values: st.SearchStrategy[JSONValue] | None = None,
) -> st.SearchStrategy[JSONValue]:
    """``example`` (a valid JSON-like value, or a strategy of them) with one node changed.

    A node at a random path is replaced by a hostile value (a wrong type at any field), removed, or
    given a hostile extra entry (an unknown key, one more list item). This finds what fully random
    input rarely reaches: a field that holds the wrong type deep inside otherwise valid data.

    Args:
        example: the valid value, or a strategy drawing one (such as :func:`worker_dicts`).
        values: the replacement values (default :func:`hostile_json`).
    """
    values = hostile_json() if values is None else values
    if isinstance(example, st.SearchStrategy):
        return example.flatmap(lambda base: _mutations(base, values))
    return _mutations(example, values)
