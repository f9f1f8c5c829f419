"""The parts of a what-if result: the policies compared, parameter changes, counts, flips,
attribution and the cost line; and the sums and plain values they are made of.

Sums of weights and amounts are exact (``math.fsum``) and never raise (:func:`exact_sum`): an amount
past the range of a 64-bit float (a subsidy of 1e308 times two workers) is ``inf``, not an
``OverflowError``. A what-if's ``to_dict`` writes such a number as ``null`` (:func:`jsonable`), so
its JSON is always valid (issue 15, M2); parameter values are plain, dates as ISO text at any depth
(:func:`plain_value`; issue 15, L6).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs

from ..exceptions import MissingDependencyError

Lang: TypeAlias = Literal["zh", "en"]
Table: TypeAlias = Literal["counts", "flips", "attribution", "changes", "cost", "subjects"]

# How favourable a status is (lower is better): a flip to a lower number "gains".
FAVOUR = {
    "eligible": 0,
    "retain": 0,
    "review": 1,
    "undetermined": 2,
    "ineligible": 3,
    "exit": 3,
    "not_applicable": 4,
}


@attrs.frozen
class PolicyRef:
    """Which policy answered: id, reform label, content hash and titles."""

    id: str
    label: str | None
    hash: str
    title_en: str = ""
    title_zh: str = ""

    @property
    def display_id(self) -> str:
        """The id with the reform label (``gd-2025 [wait 4 years]``)."""
        return self.id if self.label is None else f"{self.id} [{self.label}]"


@attrs.frozen
class ParamChange:
    """A parameter whose value on the date differs between baseline and reform."""

    name: str
    baseline: object
    reform: object


@attrs.frozen
class StatusCount:
    """Rows and weighted counts with one status under each policy."""

    status: str
    baseline_rows: int
    reform_rows: int
    baseline: float
    reform: float

    @property
    def change(self) -> float:
        """Weighted reform count minus baseline count."""
        return self.reform - self.baseline


@attrs.frozen
class Flip:
    """A row whose status differs between baseline and reform.

    Attributes:
        subject_id: the subject's id.
        row: the source row (1-based).
        weight: the row's weight.
        groups: labels to break flips down by: the population's groups (``region``) and, for grade
            questions, ``target`` (the grade asked about) and ``grade`` (the grade held).
        baseline_status: the status under the baseline.
        reform_status: the status under the reform.
        rules: the rule ids whose findings changed (empty when none did).
    """

    subject_id: str
    row: int
    weight: float
    groups: Mapping[str, str]
    baseline_status: str
    reform_status: str
    rules: tuple[str, ...]

    @property
    def before(self) -> str:
        """Deprecated: :attr:`baseline_status` (the name every table and document uses)."""
        return self.baseline_status

    @property
    def after(self) -> str:
        """Deprecated: :attr:`reform_status` (the name every table and document uses)."""
        return self.reform_status

    @property
    def gained(self) -> bool:
        """Whether the reform moved the row to a more favourable status (e.g. to ``eligible``)."""
        return FAVOUR.get(self.reform_status, 9) < FAVOUR.get(self.baseline_status, 9)


@attrs.frozen
class Attribution:
    """How many flips involve one rule (a flip may involve several rules)."""

    rule_id: str
    title_en: str
    title_zh: str
    provenance: str
    citation: str
    flips: int
    weight: float
    gained: float
    lost: float


@attrs.frozen
class CostLine:
    """Certificate subsidies for the workers eligible under each policy.

    Attributes:
        by_grade: per grade ``(grade, baseline eligible, baseline amount, reform eligible, reform
            amount)``, weighted, in yuan.
        baseline: the total under the baseline (yuan).
        reform: the total under the reform (yuan).
        take_up: the share of eligible workers assumed to claim.
        parameters: ``(policy, parameter, value, provenance, citation)`` for each subsidy read.
    """

    by_grade: tuple[tuple[str, float, float, float, float], ...]
    baseline: float
    reform: float
    take_up: float
    parameters: tuple[tuple[str, str, object, str, str], ...]

    @property
    def delta(self) -> float:
        """Reform total minus baseline total (yuan)."""
        return self.reform - self.baseline

    @property
    def rests_on_modelled(self) -> bool:
        """Whether a subsidy parameter read is tagged ``modelled``."""
        return any(p[3] == "modelled" for p in self.parameters)


def as_frame(rows: list[dict[str, Any]], kind: Literal["pandas", "polars"]) -> Any:
    try:
        if kind == "pandas":
            import pandas as pd

            return pd.DataFrame.from_records(rows)
        import polars as pl

        return pl.from_dicts(rows) if rows else pl.DataFrame()
    except ImportError:
        raise MissingDependencyError(
            f"{kind} frames need the frames extra: pip install 'skilleco[frames]'"
        ) from None


def plain_groups(groups: Mapping[str, str]) -> dict[str, str]:
    return dict(groups)


def plain_value(value: object) -> object:
    """A parameter value with its dates as ISO text, in lists and tuples too (their kind kept)."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return tuple(plain_value(v) for v in value)
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    return value


_SCALE = 2.0**-64
"""Sums that overflow are taken again at this scale (a power of two: exact for the values here)."""


def exact_sum(values: Iterable[float]) -> float:
    """The correctly rounded sum of ``values`` (``math.fsum``), never raising.

    ``math.fsum`` raises ``OverflowError`` when a partial sum leaves the range of a float, even if
    the sum itself does not (``[1e308, 1e308, -1e308]``), and ``ValueError`` for ``inf + -inf``. Here
    an overflowing sum is taken again at a smaller scale: the result is correctly rounded when it
    fits a float (values below about 1e-290 aside), ``±inf`` when it does not; opposite infinities
    or a NaN among the values give NaN.
    """
    found = values if isinstance(values, list | tuple) else list(values)  # no copy of a list given
    try:
        return math.fsum(found)
    except OverflowError:
        return math.fsum(v * _SCALE for v in found) / _SCALE  # a float division overflows to inf
    except ValueError:  # inf + -inf
        return math.nan


def jsonable(value: Any) -> Any:
    """``value`` as JSON-compatible data: tuples as lists, dates as ISO text, and numbers that are
    not finite (an overflowed sum) as ``None``, so ``json.dumps(..., allow_nan=False)`` never fails."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def json_document(data: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`jsonable` of a document's top-level mapping."""
    return {str(k): jsonable(v) for k, v in data.items()}


class Sum:
    """A sum of floats over chunks that rounds once, as ``math.fsum`` of all of them would.

    Each chunk adds its correctly rounded sum and the rounded remainder (double-double precision),
    so the total is what the row-by-row path's sum gives (:func:`~skilleco.whatif.parts.exact_sum`):
    the two paths agree exactly. A chunk whose sum is past the range of a float adds ``±inf`` alone.
    """

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[float] = []

    def add(self, values: Sequence[float]) -> None:
        total = exact_sum(values)
        if math.isfinite(total):
            try:  # what the rounded total left out, without copying the values
                rest = math.fsum(itertools.chain(values, (-total,)))
            except (OverflowError, ValueError):
                rest = exact_sum([*values, -total])
            self.parts += [total, rest]
        else:
            self.parts.append(total)

    @property
    def value(self) -> float:
        return exact_sum(self.parts)
