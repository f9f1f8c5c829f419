"""The pieces every input model is built from: strict dates, bounded text, numbers, grades, the frozen base.

Every integer and number field of the models refuses ``True`` and ``False`` (:data:`NoBoolInt`,
:data:`NoBoolNumber`, last in the field's ``Annotated`` metadata, after its bounds): ``bool`` is a
subclass of ``int`` in Python and pydantic's lax mode reads it as 1 or 0, so ``rank=True`` would
be first place (issue 15, L4). They still read what a population file holds: an integer-valued
number (``3``, ``3.0``) and, from a CSV cell, the text of one (``"3"``). Only ``bool`` is refused
here, not text: the population reader hands CSV cells to the models as text.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..ladder import GradeId, grade
from .dates import read_date

__all__ = [
    "DATE_PATTERN",
    "DATE_SCHEMA",
    "MAX_ITEMS",
    "Day",
    "GradeField",
    "NoBoolInt",
    "NoBoolNumber",
    "Text",
    "certificate_level",
    "ordered",
]

MAX_ITEMS = 500
"""The most entries any list in a model may hold (a guard against hostile input)."""

DATE_PATTERN = (
    "^(19[0-9]{2}|20[0-9]{2}|2100)"
    "(-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    "|年([1-9]|0[1-9]|1[0-2])月([1-9]|0[1-9]|[12][0-9]|3[01])日"
    "|/([1-9]|0[1-9]|1[0-2])/([1-9]|0[1-9]|[12][0-9]|3[01]))$"
)
"""The text of a date a model reads, as a JSON Schema pattern: the three forms of ``read_date`` with
ASCII digits, years 1900–2100 (a day that does not exist, such as 2026-02-30, matches and is still
refused)."""

DATE_SCHEMA = {
    "type": "string",
    "format": "date",
    "pattern": DATE_PATTERN,
    "description": "a date: YYYY-MM-DD (also YYYY年M月D日 or YYYY/M/D), ASCII digits, "
    "1900-01-01 to 2100-12-31 inclusive (white space around it is ignored)",
    "x-formatMinimum": "1900-01-01",
    "x-formatMaximum": "2100-12-31",
}
"""The JSON Schema of :data:`Day`. JSON Schema has no bounds for dates (``minimum`` applies to
numbers), so the range is in the pattern, the description and the ``x-formatMinimum`` /
``x-formatMaximum`` extensions."""

Day = Annotated[_dt.date, BeforeValidator(read_date), WithJsonSchema(DATE_SCHEMA)]
"""A date read strictly by ``read_date`` before pydantic sees it (no timestamps, no lax forms)."""
Text = Annotated[str, Field(min_length=1, max_length=200)]


def _no_bool_int(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer, not true/false")
    return value


def _no_bool_number(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "Input should be a valid number, not true/false")
    return value


NoBoolInt = BeforeValidator(_no_bool_int)
"""Refuses ``True``/``False`` for an integer (error type ``int_type``); ``3``, ``3.0`` and the text
``"3"`` still read as 3. Put it after the bounds: ``Annotated[int, Field(ge=0), NoBoolInt]`` (before
them, the bounds would no longer show in the JSON Schema as ``minimum``/``maximum``)."""
NoBoolNumber = BeforeValidator(_no_bool_number)
"""Refuses ``True``/``False`` for a number (error type ``float_type``), as :data:`NoBoolInt` does."""


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
    # Text, or a certificate level 1-5 (an integer, never true/false): what _read_grade takes.
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "minimum": 1,
            "maximum": 5,
            "description": "grade id, Chinese label, or 五级…一级",
        }
    ),
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
