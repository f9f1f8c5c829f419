"""Records that cannot be true are bad input, refused with the fields named, never answered.

``grades.md`` ("Dates must be possible"): a certificate, title, school record, work period,
competition or post dated before the person's birth, or a worker too young for the work recorded, is
bad input. ``chain.md`` and issue 12 add the same for chains: a member joining before the chain was
established. Checks that need the date asked about (a birth or a chain's founding after it) are made
by :func:`check_asked_on` at the entry of the questions.

A record dated on the birth day itself is possible for everything but work; work (a work period,
trainee work (见习) included, an apprenticeship, an enterprise post) must start on or after the 16th
birthday. A formal training (正规培训) is schooling, not work: it must only not precede the birth.

This module imports no other model: the models call it (a cycle otherwise), so it reads records by
field name.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..exceptions import InputError

__all__ = [
    "MIN_WORKING_AGE",
    "Problem",
    "add_years",
    "check_asked_on",
    "member_problems",
    "record_dates",
    "refuse",
    "worker_problems",
]

MIN_WORKING_AGE = 16
"""The legal minimum working age, in full years (PRC Labour Law art.15: employers may not recruit
minors under 16). Work recorded as starting before the 16th birthday is "a worker too young for the
work recorded" (``grades.md``, "Dates must be possible"; ``time.md`` counts the birthday as in
"Anniversaries"): bad input."""

Loc: TypeAlias = tuple[str | int, ...]
Problem: TypeAlias = tuple[Loc, _dt.date, str]
"""One impossible date: the field path, the date, and what is wrong with it."""

IMPOSSIBLE = "impossible_date"
"""The error type of every problem found here."""

_DATED: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    # (list field of Worker, the dated fields of each record, whether the record is work)
    ("work_periods", ("start",), True),
    ("certificates", ("issued_on",), False),
    ("prep_technician_certificates", ("issued_on",), False),
    ("education", ("enrolled_on", "graduated_on", "expected_graduation"), False),
    ("formal_trainings", ("completed_on",), False),
    ("titles", ("obtained_on",), False),
    ("competitions", ("on", "promoted_on"), False),
    ("contributions", ("on",), False),
    ("direct_recognitions", ("on",), False),
    ("posts", ("start",), True),
)
"""Which dates of a worker's records must not precede the birth (and the work: the 16th birthday)."""

_ASKED_ON: tuple[tuple[str, ...], ...] = (
    ("birth_date",),
    ("established_on",),
    ("chain", "established_on"),
)
"""Dates of a subject that must not fall after the date asked: a worker's birth, a chain's founding
(a chain, or the chain of a dual-certificate candidate)."""


def add_years(day: _dt.date, years: int) -> _dt.date:
    """``day`` plus ``years`` calendar years; 29 February lands on 28 February (``time.md``).

    >>> add_years(_dt.date(2008, 2, 29), 16)
    datetime.date(2024, 2, 29)
    >>> add_years(_dt.date(2008, 2, 29), 15)
    datetime.date(2023, 2, 28)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def record_dates(worker: BaseModel) -> Iterator[tuple[Loc, _dt.date, bool]]:
    """Every date on ``worker``'s records that must not precede the birth: the field path, the
    date, and whether it is the start of work (which must not precede the 16th birthday)."""
    for field, names, work in _DATED:
        for i, record in enumerate(getattr(worker, field) or ()):
            for name in names:
                day = getattr(record, name)
                if day is not None:
                    yield (field, i, name), day, work
    apprenticeship = getattr(worker, "apprenticeship", None)
    if apprenticeship is not None:
        yield ("apprenticeship", "start"), apprenticeship.start, True


def worker_problems(worker: BaseModel) -> list[Problem]:
    """Every record of ``worker`` dated before the birth, and all work before the 16th birthday.

    Nothing is checked when the birth date is not given. (The dates of :func:`record_dates`, read
    here without building a path for the dates that pass: this runs at every validation.)
    """
    birth: _dt.date | None = getattr(worker, "birth_date", None)
    if birth is None:
        return []
    adult = add_years(birth, MIN_WORKING_AGE)
    out: list[Problem] = []
    for field, names, work in _DATED:
        records = getattr(worker, field)
        if records:
            limit = adult if work else birth
            for i, record in enumerate(records):
                for name in names:
                    day = getattr(record, name)
                    if day is not None and day < limit:
                        out.append(_problem((field, i, name), day, birth, adult))
    apprenticeship = getattr(worker, "apprenticeship", None)
    if apprenticeship is not None and apprenticeship.start < adult:
        out.append(_problem(("apprenticeship", "start"), apprenticeship.start, birth, adult))
    return out


def _problem(loc: Loc, day: _dt.date, birth: _dt.date, adult: _dt.date) -> Problem:
    if day < birth:
        return loc, day, f"dated {day.isoformat()}, before the birth date {birth.isoformat()}"
    msg = (
        f"work starting {day.isoformat()}, before the {MIN_WORKING_AGE}th birthday "
        f"{adult.isoformat()} (born {birth.isoformat()}): under the legal minimum working age"
    )
    return loc, day, msg


def member_problems(chain: BaseModel) -> list[Problem]:
    """Members of ``chain`` joining before the chain was established (``members.<i>.joined_on``)."""
    established: _dt.date | None = getattr(chain, "established_on", None)
    if established is None:
        return []
    return [
        (
            ("members", i, "joined_on"),
            m.joined_on,
            f"joined {m.joined_on.isoformat()}, before the chain was established {established.isoformat()}",
        )
        for i, m in enumerate(getattr(chain, "members", ()))
        if m.joined_on is not None and m.joined_on < established
    ]


def refuse(title: str, problems: Sequence[Problem]) -> None:
    """Raise every problem at once as a pydantic ``ValidationError`` (in a model validator its field
    paths stay, below the model's own), type ``impossible_date``; nothing when there is none."""
    if problems:
        details: list[InitErrorDetails] = [
            {"type": PydanticCustomError(IMPOSSIBLE, msg), "loc": loc, "input": day}
            for loc, day, msg in problems
        ]
        raise ValidationError.from_exception_data(title, details)


@functools.cache
def _asked_on_paths(model: type[BaseModel]) -> tuple[tuple[str, ...], ...]:
    """The paths of :data:`_ASKED_ON` a model declares (asking a pydantic model for an attribute it
    lacks is slow, and this runs at every question)."""
    return tuple(path for path in _ASKED_ON if path[0] in model.model_fields)


def check_asked_on(subject: BaseModel, on: _dt.date) -> None:
    """Refuse a question about a subject that does not exist yet on ``on``.

    A worker born after ``on``, a chain established after ``on`` (the chain itself, or a
    dual-certificate candidate's chain) cannot be asked about on that date (``grades.md``, "Dates
    must be possible"; issue 12, item 4).

    Raises:
        InputError: naming each such field (``birth_date``, ``established_on``,
            ``chain.established_on``) with its value.
    """
    errors: list[dict[str, Any]] = []
    for path in _asked_on_paths(type(subject)):
        value: object = subject
        for name in path:
            value = getattr(value, name, None)
        if isinstance(value, _dt.date) and value > on:
            errors.append(
                {
                    "loc": path,
                    "input": value,
                    "msg": f"{value.isoformat()} is after the date asked {on.isoformat()}",
                    "type": IMPOSSIBLE,
                }
            )
    if errors:
        raise InputError(type(subject).__name__, errors)
