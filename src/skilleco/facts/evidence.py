"""Evidence: the records a fact rests on, so an exit report can name them (which record, dated when)
whatever the wording of the rule that read the fact."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

import attrs

from .value import Value

__all__ = ["Derived", "Record"]


@attrs.frozen
class Record:
    """A record a fact rests on.

    Attributes:
        path: where it is in the organisation's data (``violations[2]``, ``yearly_activity[year=2024]``).
        kind: what it is (``serious_illegal_act``, ``major environmental accident``, ``fail``, ...).
        on: its date.
    """

    path: str
    kind: str
    on: _dt.date


@attrs.frozen
class Derived:
    """Facts, and the records each fact rests on."""

    facts: Mapping[str, Value]
    evidence: Mapping[str, tuple[Record, ...]]
