"""The pieces every input model is built from: strict dates, bounded text, grades, the frozen base."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema

from ..ladder import GradeId, grade
from .dates import read_date

__all__ = ["MAX_ITEMS", "Day", "GradeField", "Text", "certificate_level", "ordered"]

MAX_ITEMS = 500
"""The most entries any list in a model may hold (a guard against hostile input)."""

Day = Annotated[_dt.date, BeforeValidator(read_date)]
"""A date read strictly by ``read_date`` before pydantic sees it (no timestamps, no lax forms)."""
Text = Annotated[str, Field(min_length=1, max_length=200)]


def _read_grade(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"expected a grade id, label or certificate level 1-5, got {value!r}")
    try:
        return grade(value).id
    except LookupError as exc:
        raise ValueError(str(exc)) from None


GradeField = Annotated[
    GradeId,
    PlainValidator(_read_grade),
    WithJsonSchema({"type": "string", "description": "grade id, Chinese label, or 五级…一级"}),
]


def certificate_level(value: str) -> str:
    """``value`` (a grade id) if it is a certificate level (junior … senior_technician), else an error."""
    if grade(value).kind != "certificate":
        raise ValueError(f"expected a certificate level (junior … senior_technician), got {value!r}")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def ordered(start: _dt.date | None, end: _dt.date | None, names: str) -> None:
    """Raise when both dates are given and ``end`` is before ``start``."""
    if start is not None and end is not None and end < start:
        raise ValueError(f"{names}: the end {end.isoformat()} is before the start {start.isoformat()}")
