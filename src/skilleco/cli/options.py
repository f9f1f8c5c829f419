"""The options the subcommands share, and the types that read their values.

A value that cannot be read is a usage error (exit 2) naming the option, raised by click while the
command line is parsed, before any work: a date (``--on``), a grade (``--target``), a question
(``--question``), a count (``--synthetic``, ``--n``) or a seed.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import click

from ..exceptions import InputError, UnknownNameError
from ..ladder import grade
from ..models.dates import read_date
from ..questions.registry import Question, parse_question
from ..render.words import Lang

__all__ = [
    "COUNT",
    "DATE",
    "GRADE",
    "PIPELINE",
    "QUESTION",
    "SEED",
    "WHATIF_QUESTION",
    "Rendered",
    "emit",
    "format_option",
    "lang_of",
    "lang_option",
]

F = TypeVar("F", bound=Callable[..., Any])


class _Date(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5 on
    """A date as YYYY-MM-DD (or YYYY年M月D日, YYYY/M/D), 1900–2100."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> _dt.date:
        if isinstance(value, _dt.date):
            return value
        try:
            return read_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class _Grade(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5 on
    """A grade to apply for: an id, a label, 五级…一级 or a certificate level 5…1 (not ``apprentice``)."""

    name = "grade"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "GRADE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        try:
            found = grade(int(text) if text.isascii() and text.isdigit() else text)
        except UnknownNameError as exc:
            self.fail(str(exc), param, ctx)
        if found.id == "apprentice":
            self.fail("apprentice is an enterprise post with no application route", param, ctx)
        return found.id


class _Question(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5 on
    """A what-if question: ``next_grade``, ``grade:<grade>``, ``lead``, ``exits`` or ``dualcert``; with
    ``pipeline=True`` also :data:`PIPELINE` (returned as that string)."""

    name = "question"

    def __init__(self, *, pipeline: bool = False) -> None:
        self.pipeline = pipeline

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "QUESTION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Question | str:
        if isinstance(value, Question):
            return value
        if self.pipeline and str(value).strip() == PIPELINE:
            return PIPELINE
        try:
            return parse_question(value)
        except UnknownNameError as exc:
            self.fail(str(exc), param, ctx)
        except InputError as exc:  # grade:<unknown> or grade:apprentice
            self.fail(f"{value!r}: {exc.errors[0]['msg']}", param, ctx)


class _Count(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5 on
    """A number of synthetic subjects: 1 to ``MAX_SYNTHETIC``."""

    name = "count"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from ..population.synthetic import MAX_SYNTHETIC  # here: the generators load only when used

        if isinstance(value, int):
            n = value
        else:
            try:
                n = int(str(value))
            except ValueError:  # not a number, or more than 4,300 digits
                self.fail(f"expected a whole number, got {str(value)[:40]!r}", param, ctx)
        if n < 1:
            self.fail(f"expected at least 1, got {n}", param, ctx)
        if n > MAX_SYNTHETIC:
            self.fail(f"expected at most {MAX_SYNTHETIC:,}, got {str(value)[:40]}", param, ctx)
        return n


class _Seed(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5 on
    """A seed: a whole number from 0 to 2**64 - 1."""

    name = "seed"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "S"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            seed = int(value)
        except ValueError:
            self.fail(f"expected a whole number, got {str(value)[:40]!r}", param, ctx)
        if not 0 <= seed < 2**64:
            self.fail(f"expected a seed from 0 to 2**64 - 1, got {str(value)[:40]!r}", param, ctx)
        return seed


PIPELINE = "pipeline"
"""``whatif --question pipeline``: workers eligible for each grade within N months (issue 17); a
question of the command only, not one :func:`~skilleco.questions.registry.parse_question` reads."""

DATE = _Date()
GRADE = _Grade()
QUESTION = _Question()
WHATIF_QUESTION = _Question(pipeline=True)
COUNT = _Count()
SEED = _Seed()

FORMATS = ("text", "json", "md")


def format_option(f: F) -> F:
    """``--format text|json|md``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Output: aligned text, one JSON document (alone on stdout) or Markdown.",
    )(f)


def lang_option(f: F) -> F:
    """``--lang en|zh``."""
    return click.option(
        "--lang",
        type=click.Choice(("en", "zh")),
        default="en",
        show_default=True,
        help="Language of the output: English or Chinese.",
    )(f)


def lang_of(text: str) -> Lang:
    """The output language chosen (click has already limited it to ``zh`` or ``en``)."""
    return "zh" if text == "zh" else "en"


class Rendered(Protocol):
    """A result the command prints: a decision, an exit report, a comparison or a sweep."""

    def text(self, lang: Lang = ...) -> str: ...

    def markdown(self, lang: Lang = ...) -> str: ...

    def to_json(self, *, indent: int | None = ...) -> str: ...


def emit(result: Rendered, fmt: str, lang: Lang) -> None:
    """Print ``result`` as text, Markdown or JSON on stdout."""
    if fmt == "json":
        print(result.to_json(indent=2))
    elif fmt == "md":
        print(result.markdown(lang))
    else:
        print(result.text(lang))


def print_json(data: object) -> None:
    """Print plain data as one JSON document."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


QUESTION_HELP = "The question: next_grade, grade:<grade> (e.g. grade:technician), lead, exits or dualcert."
WHATIF_QUESTION_HELP = (
    "The question: next_grade, grade:<grade> (e.g. grade:technician), lead, exits, dualcert, or pipeline "
    "(how many workers become eligible for each grade within 6, 12, 24 and 36 months)."
)
