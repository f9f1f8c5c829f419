"""The parts of a what-if result: the policies compared, parameter changes, counts, flips,
attribution and the cost line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from ..exceptions import MissingDependencyError

if TYPE_CHECKING:
    pass

Lang: TypeAlias = Literal["zh", "en"]
Table: TypeAlias = Literal["counts", "flips", "attribution", "changes", "cost"]

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
        before: the baseline status.
        after: the reform status.
        rules: the rule ids whose findings changed (empty when none did).
    """

    subject_id: str
    row: int
    weight: float
    groups: Mapping[str, str]
    before: str
    after: str
    rules: tuple[str, ...]

    @property
    def gained(self) -> bool:
        """Whether the reform moved the row to a more favourable status (e.g. to ``eligible``)."""
        return FAVOUR.get(self.after, 9) < FAVOUR.get(self.before, 9)


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


