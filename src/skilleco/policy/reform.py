"""The arguments of a reform (:meth:`skilleco.policy.Policy.with_changes`) read and checked.

A reform's arguments often come from JSON, so each is checked for its kind before anything is
derived, and a parameter change becomes a new timeline. Errors are
:class:`~skilleco.exceptions.PolicyFileError` with the file ``<reform>``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..exceptions import PolicyFileError, _short
from ..facts.value import Value
from ..rules.rule import Rule
from ..rules.timeline import Timeline
from .reader import BadValue, read_value

__all__ = ["changed_timeline", "reform_arguments"]


def reform_arguments(
    changes: object, label: object, drop: object, add: object, replace: object
) -> tuple[tuple[str, ...], tuple[Rule | Mapping[str, Any], ...], tuple[Rule | Mapping[str, Any], ...]]:
    """The arguments of :meth:`Policy.with_changes` checked for their kind (they often come from
    JSON): ``drop``, ``add`` and ``replace`` as tuples.

    Raises:
        PolicyFileError: naming the argument (``changes``, ``label``, ``add[1]``, ...) and what arrived.
    """

    def fail(key: str, expected: str, got: object) -> PolicyFileError:
        return PolicyFileError("<reform>", key, f"expected {expected}, got {_short(got)}", reason="bad_type")

    if changes is not None and not isinstance(changes, Mapping):
        raise fail("changes", "a mapping of parameter names to values", changes)
    if not isinstance(label, str):
        raise fail("label", "text", label)
    out: list[tuple[Any, ...]] = []
    for key, items, kinds, expected in (
        ("drop", drop, (str,), "a rule id"),
        ("add", add, (Rule, Mapping), "a rule or a mapping shaped like a [[rules]] table"),
        ("replace", replace, (Rule, Mapping), "a rule or a mapping shaped like a [[rules]] table"),
    ):
        if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
            raise fail(key, "a list", items)
        found = tuple(items)
        for i, item in enumerate(found):
            if not isinstance(item, kinds):
                raise fail(f"{key}[{i}]", expected, item)
        out.append(found)
    return out[0], out[1], out[2]


def changed_timeline(old: Timeline[Value], name: str, change: object) -> Timeline[Value]:
    """The timeline of parameter ``name`` after a reform's ``change`` to it.

    A plain value replaces the whole timeline; a mapping ``{"from": date, "value": v}`` adds an
    entry from that date.

    Raises:
        PolicyFileError: a change of the wrong shape (``bad_value``), a date that cannot be read or
            lies outside 1900–2100 (``bad_date``), or a value that is not a rule value: a list
            mixing types, a number past ``MAX_NUMBER``... (see :func:`~skilleco.policy.reader.read_value`).
    """
    try:
        if isinstance(change, Mapping):
            if set(change) != {"from", "value"}:
                raise ValueError("expected {'from': date, 'value': v}")
            from ..models.dates import read_date

            try:
                day = read_date(change["from"])
            except ValueError as exc:  # not a date, or one outside 1900-2100
                raise BadValue(str(exc), "bad_date") from None
            return old.with_entry(day, read_value(change["value"]))
        return Timeline(((_dt.date(1900, 1, 1), read_value(change)),))
    except ValueError as exc:
        raise PolicyFileError(
            "<reform>", name, str(exc), reason=getattr(exc, "reason", "bad_value")
        ) from None
