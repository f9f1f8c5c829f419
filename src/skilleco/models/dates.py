"""Strict date reading: ISO ``YYYY-MM-DD``, ``YYYY年M月D日`` and ``YYYY/M/D``; nothing ambiguous.

Digits are ASCII ``0``–``9`` only: Python's ``int()`` and ``re``'s ``\\d`` also take full-width
(``２０２６``), Arabic-Indic (``٢٠٢٦``) and every other Unicode decimal digit, so the patterns here spell
``[0-9]`` and are compiled with ``re.ASCII`` (issue 15, L1).
"""

from __future__ import annotations

import datetime as _dt
import re

from ..exceptions import InvalidDateError, _short

MIN_DATE = _dt.date(1900, 1, 1)
MAX_DATE = _dt.date(2100, 12, 31)

_FORMATS = (
    re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII),
    re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日", re.ASCII),
    re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})", re.ASCII),
)
EXPECTED = "a date as YYYY-MM-DD, YYYY年M月D日 or YYYY/M/D between 1900-01-01 and 2100-12-31"


def read_date(value: object) -> _dt.date:
    """Return ``value`` as a date, or raise ``ValueError`` saying what was expected.

    Accepts a ``datetime.date`` (not a ``datetime``: a time of day has no meaning here) or a
    string in one of the three accepted forms. The year must lie in 1900–2100.
    """
    if type(value) is str:
        text = value.strip()
        if (
            len(text) == 10
            and text[4] == text[7] == "-"
            and text.isascii()  # str.isdigit takes other digits too: those go the long way (and fail)
            and text[:4].isdigit()
            and text[5:7].isdigit()
            and text[8:].isdigit()
        ):
            # What the first pattern matches, read without it (most dates come this way).
            try:
                day = _dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"expected {EXPECTED}, got {value!r} (no such day)") from None
            if not MIN_DATE <= day <= MAX_DATE:
                raise ValueError(f"expected {EXPECTED}, got {value!r} (out of range)")
            return day
    if isinstance(value, _dt.datetime):
        raise ValueError(f"expected a date without a time of day, got {value!r}")
    if isinstance(value, _dt.date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        for pattern in _FORMATS:
            match = pattern.fullmatch(text)
            if match:
                year, month, dom = (int(g) for g in match.groups())
                try:
                    day = _dt.date(year, month, dom)
                except ValueError:
                    raise ValueError(f"expected {EXPECTED}, got {value!r} (no such day)") from None
                break
        else:
            raise ValueError(f"expected {EXPECTED}, got {_short(value)}")
    else:
        raise ValueError(f"expected {EXPECTED}, got {type(value).__name__} {_short(value)}")
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(f"expected {EXPECTED}, got {value!r} (out of range)")
    return day


def as_date(value: object, field: str = "on") -> _dt.date:
    """Read a date argument of a public function, raising :class:`InvalidDateError`."""
    try:
        return read_date(value)
    except ValueError as exc:
        raise InvalidDateError(field, value, str(exc)) from None


ISO_EXPECTED = "an ISO date YYYY-MM-DD between 1900-01-01 and 2100-12-31"


def read_iso_date(value: object) -> _dt.date:
    """``value``, text exactly ``YYYY-MM-DD`` (ASCII digits) in 1900–2100, as a date.

    For documents the library wrote itself (decision documents): only the one form ``isoformat``
    writes, none of :func:`read_date`'s other forms, and none of the forms
    ``date.fromisoformat`` also reads (``20260101``, ``2026-W01-1``).

    Raises:
        ValueError: saying what was expected and what arrived.
    """
    if type(value) is not str or _FORMATS[0].fullmatch(value) is None:
        raise ValueError(f"expected {ISO_EXPECTED}, got {_short(value)}")
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected {ISO_EXPECTED}, got {value!r} (no such day)") from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(f"expected {ISO_EXPECTED}, got {value!r} (out of range)")
    return day
