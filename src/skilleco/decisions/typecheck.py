"""Checking a value read back from a document against the type hints of its attrs class.

``Decision.from_dict`` and its kin build values from data that may come from anywhere; attrs does
not check types, so a document with a number for an id, ``NaN`` for a fact or a list for a status
would read back into a value that cannot be written again (or not into an equal value). This
module walks the value's fields and their hints and names the first field that is off.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import types
import typing
from typing import Any, Literal, TypeVar, Union

import attrs

from ..exceptions import _short

__all__ = ["checked"]

T = TypeVar("T")

_INT_RANGE = range(-(2**63), 2**63)
"""Integers a document may hold: 64 bits, as JSON readers elsewhere can take them."""

_MAX_DEPTH = 100
"""The deepest list a fact or parameter value may be (a value is a list of values at most)."""


def checked(value: T) -> T:
    """``value`` itself, once every field holds a value of its declared type.

    Raises:
        ValueError: naming the first field (``findings[2].facts[0][1]``) that does not, its value
            and what was expected.
    """
    problem = _problem(value, type(value), "")
    if problem is not None:
        raise ValueError(problem)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _plain(value: object, depth: int = 0) -> bool:
    """A fact or parameter value: null, true/false, a 64-bit integer, a finite number, text, or a
    tuple of these."""
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return True
    if kind is int:
        return value in _INT_RANGE
    if kind is float:
        return math.isfinite(typing.cast(float, value))
    if kind is tuple:
        items = typing.cast(tuple[object, ...], value)
        return depth < _MAX_DEPTH and all(_plain(v, depth + 1) for v in items)
    return False


def _problem(value: object, hint: Any, path: str) -> str | None:
    """What is wrong with ``value`` as a ``hint`` at ``path``, or ``None`` when nothing is."""
    here = path or "<document>"
    if isinstance(hint, typing.ForwardRef):  # the recursive alias of fact and parameter values
        return None if _plain(value) else f"{here}: expected a fact or parameter value, got {_short(value)}"
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Literal:
        ok = type(value) is str and value in args
        return None if ok else f"{here}: expected one of {list(args)}, got {_short(value)}"
    if origin in (Union, types.UnionType):
        if any(_problem(value, a, path) is None for a in args):
            return None
        inner = [a for a in args if a is not type(None)]
        return _problem(value, inner[0], path) if len(inner) == 1 else _expected(here, hint, value)
    if origin is tuple:
        if type(value) is not tuple:
            return f"{here}: expected a list, got {_short(value)}"
        items = typing.cast(tuple[object, ...], value)
        kinds = args if len(args) != 2 or args[1] is not Ellipsis else (args[0],) * len(items)
        if len(kinds) != len(items):
            return f"{here}: expected {len(kinds)} items, got {_short(value)}"
        for i, (item, kind) in enumerate(zip(items, kinds, strict=True)):
            problem = _problem(item, kind, f"{path}[{i}]")
            if problem is not None:
                return problem
        return None
    if isinstance(hint, type) and attrs.has(hint):
        if not isinstance(value, hint):
            return _expected(here, hint, value)
        for name, field_hint in _hints(hint).items():
            problem = _problem(getattr(value, name), field_hint, f"{path}.{name}" if path else name)
            if problem is not None:
                return problem
        return None
    return None if _scalar(value, hint) else _expected(here, hint, value)


def _scalar(value: object, hint: Any) -> bool:
    if hint is type(None):
        return value is None
    if hint is str or hint is bool:
        return type(value) is hint
    if hint is int:
        return type(value) is int and value in _INT_RANGE
    if hint is float:
        if type(value) is int:
            return value in _INT_RANGE
        return type(value) is float and math.isfinite(value)
    if hint is _dt.date:
        return type(value) is _dt.date
    return True  # Any and what this checker does not know: left to the class


def _expected(here: str, hint: Any, value: object) -> str:
    name = getattr(hint, "__name__", None) or str(hint).replace("typing.", "")
    return f"{here}: expected {name}, got {_short(value)}"
