"""The range of a numeric parameter: the ``min`` and ``max`` a pack declares beside its ``unit``.

A range says which values make sense for what the parameter measures (a wait of 0 to 30 years, a
subsidy of 0 to 100,000 yuan). Every value the pack gives, every occupation's override and every
reform (:meth:`~skilleco.policy.Policy.with_changes`, ``skilleco whatif --set``, sweeps) must lie
within it; a value outside is a :class:`~skilleco.exceptions.PolicyFileError` (reason
``bad_value``) naming the parameter. A pack's table for an inherited parameter keeps the parent's
range unless it states its own. Ranges refuse reforms, never change an answer, and are not hashed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from ..exceptions import PolicyFileError, _short
from ..facts.value import Value
from .reader import Reader

__all__ = ["ParameterRange", "check_changes", "check_in_range", "range_problem", "read_range"]

Number = int | float


@attrs.frozen
class ParameterRange:
    """The values a numeric parameter may take, ends included.

    Attributes:
        min: the smallest value (``None``: no lower end).
        max: the largest value (``None``: no upper end).
        unit: the parameter's unit, for messages (``years``, ``yuan``, ...).
    """

    min: Number | None = None
    max: Number | None = None
    unit: str = ""

    def describe(self) -> str:
        """The range in words: ``0 to 30 years``, ``at least 0 yuan``, ``at most 100 percent``."""
        unit = f" {self.unit}" if self.unit else ""
        if self.min is not None and self.max is not None:
            return f"{_number(self.min)} to {_number(self.max)}{unit}"
        if self.min is not None:
            return f"at least {_number(self.min)}{unit}"
        return f"at most {_number(self.max)}{unit}" if self.max is not None else f"any number{unit}"

    def problem(self, value: object) -> str | None:
        """Why ``value`` lies outside the range, or ``None``. A value that is not a number (text,
        a list, ``None`` for unset) is left to the type checks."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            return f"expected {self.describe()}, got {_short(value)}"
        return None


def _number(x: Number) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:,g}"


def range_problem(ranges: Mapping[str, ParameterRange], name: str, value: Value | object) -> str | None:
    """Why ``value`` is outside the range of parameter ``name`` (``None``: inside, or no range); a
    list's values are checked one by one."""
    found = ranges.get(name)
    if found is None:
        return None
    for v in value if isinstance(value, tuple | list) else (value,):
        problem = found.problem(v)
        if problem is not None:
            return problem
    return None


def check_in_range(
    ranges: Mapping[str, ParameterRange], name: str, value: object, source: str, key: str
) -> None:
    """Refuse a value outside the range of ``name``.

    Raises:
        PolicyFileError: reason ``bad_value``, naming ``source`` and ``key``.
    """
    problem = range_problem(ranges, name, value)
    if problem is not None:
        raise PolicyFileError(source, key, problem, reason="bad_value")


def check_changes(ranges: Mapping[str, ParameterRange], changes: Mapping[str, object] | None) -> None:
    """Refuse a reform's value outside its parameter's range (a plain value, or the ``value`` of a
    ``{"from": date, "value": v}`` entry).

    Raises:
        PolicyFileError: reason ``bad_value``, file ``<reform>``, key the parameter's name.
    """
    for name, change in (changes or {}).items():
        value = change.get("value") if isinstance(change, Mapping) else change
        check_in_range(ranges, name, value, "<reform>", name)


def read_range(
    r: Reader, key: str, t: Mapping[str, Any], kinds: set[str], entries: list[tuple[_dt.date, Value]]
) -> ParameterRange | None:
    """The ``min`` and ``max`` of a parameter's table (read by ``r`` at ``key``): numbers, in
    order, for a parameter of numbers, with every value given inside them."""
    if "min" not in t and "max" not in t:
        return None
    for end in ("min", "max"):
        if end in t:
            r.value(t[end], f"{key}.{end}")  # finite, at most MAX_NUMBER
    if kinds - {"num"}:
        raise r.fail(f"{key}.{'min' if 'min' in t else 'max'}", "min and max apply to numbers", "bad_type")
    span = ParameterRange(t.get("min"), t.get("max"), t["unit"])
    if span.min is not None and span.max is not None and span.min > span.max:
        raise r.fail(f"{key}.max", f"expected max ≥ min ({span.min}), got {span.max}", "bad_value")
    for i, (_, value) in enumerate(entries):
        problem = span.problem(value)
        if problem is not None:
            raise r.fail(f"{key}.values[{i}].value", f"{problem} (the parameter's min and max)", "bad_value")
    return span
