"""Errors raised by skilleco.

Every error the library raises on purpose derives from :class:`SkillecoError` and from the builtin
that matches its meaning, carries a stable ``code`` and structured attributes, and says what was
expected and what arrived. A "no" is never an error: it is a returned decision.

Hierarchy::

    SkillecoError
    ├── InputError (ValueError)                 code "invalid_input"   bad data passed in
    │   └── InvalidDateError                     code "invalid_date"    a date that cannot be read
    ├── UnknownNameError (LookupError)           code "unknown_name"    misuse: a name that does not exist
    │   ├── UnknownPolicyError                   code "unknown_policy"
    │   ├── UnknownRuleError                     code "unknown_rule"
    │   ├── UnknownParameterError                code "unknown_parameter"
    │   ├── UnknownFactError                     code "unknown_fact"
    │   ├── UnknownGradeError                    code "unknown_grade"
    │   └── UnknownQuestionError                 code "unknown_question"
    ├── PolicyFileError (ValueError)             code "policy_file"     a policy pack is malformed
    │   │                                        (.reason says how: see POLICY_FILE_REASONS)
    │   └── ExpressionError                      code "expression"      a condition does not parse
    │   └── PopulationError                      code "invalid_population" a population's rows or file
    ├── MissingDependencyError (ImportError)     code "missing_dependency" an optional extra is needed
    └── DecisionFormatError (ValueError)         code "decision_format" a decision document is malformed
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Literal, TypeAlias, get_args

import attrs

__all__ = [
    "POLICY_FILE_REASONS",
    "DecisionFormatError",
    "ExpressionError",
    "InputError",
    "InvalidDateError",
    "MissingDependencyError",
    "PolicyFileError",
    "PolicyFileReason",
    "PopulationError",
    "RowError",
    "SkillecoError",
    "UnknownFactError",
    "UnknownGradeError",
    "UnknownNameError",
    "UnknownParameterError",
    "UnknownPolicyError",
    "UnknownQuestionError",
    "UnknownRuleError",
]


class SkillecoError(Exception):
    """Root of every error skilleco raises on purpose."""

    code: ClassVar[str] = "skilleco"


class InputError(SkillecoError, ValueError):
    """Input data failed validation.

    Attributes:
        errors: pydantic-style structured errors, one per problem: ``loc`` (the field path),
            ``input`` (the value that arrived), ``msg`` (what was expected) and ``type``.
        model: the name of the model being validated.
    """

    code: ClassVar[str] = "invalid_input"

    def __init__(self, model: str, errors: Sequence[Mapping[str, Any]]) -> None:
        self.model = model
        self.errors: tuple[dict[str, Any], ...] = tuple(
            {
                "loc": tuple(e.get("loc", ())),
                "input": e.get("input"),
                "msg": plain_message(str(e.get("msg", ""))),
                "type": str(e.get("type", "")),
            }
            for e in errors
        )
        lines = [f"{len(self.errors)} invalid field(s) in {model}:"]
        for e in self.errors:
            where = ".".join(str(p) for p in e["loc"]) or "<root>"
            lines.append(f"  {where}: {e['msg']}{_got(e['msg'], e['input'])}")
        super().__init__("\n".join(lines))

    @property
    def fields(self) -> tuple[str, ...]:
        """The dotted field paths that failed, in order."""
        return tuple(".".join(str(p) for p in e["loc"]) for e in self.errors)


class InvalidDateError(InputError):
    """A date argument (such as ``on``) could not be read strictly."""

    code: ClassVar[str] = "invalid_date"

    def __init__(self, field: str, value: object, expected: str) -> None:
        super().__init__(
            "arguments",
            [{"loc": (field,), "input": value, "msg": expected, "type": "invalid_date"}],
        )
        self.field = field
        self.value = value


class UnknownNameError(SkillecoError, LookupError):
    """A name (policy, rule, parameter, fact, grade) that does not exist was asked for.

    Attributes:
        kind: what kind of name it was ("policy", "rule", ...).
        name: the name that arrived.
        suggestion: the closest known name, or ``None``.
        known: every known name of that kind.
    """

    code: ClassVar[str] = "unknown_name"
    kind: ClassVar[str] = "name"

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(sorted(known))
        # The name may be anything a caller passed (a list, a 5,000-digit number): never str() it.
        text = name if isinstance(name, str) else _short(name)
        matches = difflib.get_close_matches(text, self.known, n=1, cutoff=0.6)
        self.suggestion = matches[0] if matches else None
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        listing = ", ".join(self.known[:12]) + (" ..." if len(self.known) > 12 else "")
        super().__init__(f"unknown {self.kind} {_short(name, 200)}{hint} (known: {listing})")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownPolicyError(UnknownNameError):
    """No policy has this id."""

    code: ClassVar[str] = "unknown_policy"
    kind: ClassVar[str] = "policy"


class UnknownRuleError(UnknownNameError):
    """No rule or rule set has this id."""

    code: ClassVar[str] = "unknown_rule"
    kind: ClassVar[str] = "rule"


class UnknownParameterError(UnknownNameError):
    """No parameter has this name."""

    code: ClassVar[str] = "unknown_parameter"
    kind: ClassVar[str] = "parameter"


class UnknownFactError(UnknownNameError):
    """A condition reads a fact that the fact schema does not define."""

    code: ClassVar[str] = "unknown_fact"
    kind: ClassVar[str] = "fact"


class UnknownGradeError(UnknownNameError):
    """A grade id, certificate level or label that is not on the ladder."""

    code: ClassVar[str] = "unknown_grade"
    kind: ClassVar[str] = "grade"


class UnknownQuestionError(UnknownNameError):
    """No what-if question has this name."""

    code: ClassVar[str] = "unknown_question"
    kind: ClassVar[str] = "question"


PolicyFileReason: TypeAlias = Literal[
    "ambiguous",
    "bad_condition",
    "bad_date",
    "bad_id",
    "bad_type",
    "bad_value",
    "cycle",
    "duplicate_occupation",
    "duplicate_policy",
    "duplicate_rule",
    "id_mismatch",
    "invalid",
    "missing_key",
    "not_toml",
    "timeline_order",
    "too_complex",
    "too_large",
    "unknown_fact",
    "unknown_key",
    "unknown_parameter",
    "unknown_parent",
    "unknown_rule",
    "unknown_ruleset",
    "unreadable",
]
"""Why a policy file was refused (:attr:`PolicyFileError.reason`); stable, like error codes."""

POLICY_FILE_REASONS: tuple[PolicyFileReason, ...] = get_args(PolicyFileReason)
"""Every :data:`PolicyFileReason`, sorted (``docs/reference/errors.md`` explains each).

``too_complex``: a TOML key or table header past the limits checked before parsing (dotted parts,
characters), where the parser's work would grow faster than the file."""


class PolicyFileError(SkillecoError, ValueError):
    """A policy pack is malformed.

    Attributes:
        file: the file (or ``<reform>`` for data passed to ``with_changes``).
        key: the dotted key path inside it (``rules[3].when``, ``parameters.x.values[1].from``),
            or ``<file>`` / ``<directory>`` for the file or directory as a whole.
        problem: what is wrong, and what was expected.
        reason: a stable word for the kind of problem, one of :data:`POLICY_FILE_REASONS`
            (``unknown_key``, ``cycle``, ``duplicate_rule``, ...); ``invalid`` when no finer one applies.
        suggestion: the closest known name for a misspelt key or name, or ``None``.
    """

    code: ClassVar[str] = "policy_file"

    def __init__(
        self,
        file: str,
        key: str,
        problem: str,
        *,
        reason: PolicyFileReason = "invalid",
        suggestion: str | None = None,
    ) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        self.reason: PolicyFileReason = reason
        self.suggestion = suggestion
        super().__init__(f"{file}: {key}: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes do not survive the default (args-only) pickling.
        return (_policy_file_error, (type(self), self.__dict__))


def _policy_file_error(cls: type[PolicyFileError], state: dict[str, Any]) -> PolicyFileError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, f"{state['file']}: {state['key']}: {state['problem']}")
    return error


class ExpressionError(PolicyFileError):
    """A rule condition does not parse or reads something that does not exist.

    Attributes:
        text: the condition text.
        position: the character offset of the problem, when known.
        reason: ``bad_condition``, or ``too_large`` for a condition past the length or depth limit.
    """

    code: ClassVar[str] = "expression"

    def __init__(
        self,
        text: str,
        position: int | None,
        problem: str,
        *,
        reason: PolicyFileReason = "bad_condition",
    ) -> None:
        self.text = text
        self.position = position
        where = f" at {position}" if position is not None else ""
        super().__init__("<expression>", text, f"{problem}{where}", reason=reason)


class DecisionFormatError(SkillecoError, ValueError):
    """A decision document (dict or JSON) cannot be read back."""

    code: ClassVar[str] = "decision_format"


_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")
_SAYS_GOT = re.compile(r"\bgot\b")


def plain_message(msg: str) -> str:
    """A validation message without the prefix pydantic puts before a validator's own words
    (``Value error, ``, ``Assertion failed, ``): the message says what was expected, nothing else."""
    for prefix in _PYDANTIC_PREFIXES:
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def _got(msg: str, value: object) -> str:
    """`` (got <value>)`` after a message, unless there is no value or the message already shows
    what arrived (``expected a date ..., got 'June 2022'``)."""
    if value is None or _SAYS_GOT.search(msg):
        return ""
    return f" (got {_short(value)})"


def _short(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters; never raises, whatever arrived."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int too long to print, a value nested too deep
        return f"<{type(value).__name__} too large or too deeply nested to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- populations ------------------------------------------------------------------------------

_MAX_LISTED = 20


@attrs.frozen
class RowError:
    """One problem with one row (or, with ``row == 0``, with the source as a whole).

    Attributes:
        row: the 1-based data row (the header is not counted; in a CSV file row ``n`` is on line
            ``n + 1`` unless a cell above it holds a line break: see ``line``); ``0`` for a problem
            with the whole source.
        field: the dotted field or column name, ``""`` for the whole row.
        value: the value that arrived (shortened), or ``None``.
        reason: what was expected.
        code: ``missing_column``, ``unknown_column``, ``bad_column``, ``bad_index``, ``empty``,
            ``not_csv``, ``bad_row``, ``cell_too_long``, ``not_json``, ``bad_weight``,
            ``bad_group``, or pydantic's error type (``date_from_datetime_parsing``...).
        table: for record tables (:func:`~skilleco.population.read_records`), the table of the row
            (``workers``, ``certificates``...); ``""`` otherwise.
        line: the 1-based line of the file where the row starts (CSV and JSON Lines files; a CSV
            cell may hold line breaks, so it can differ from ``row + 1``), or ``None``.
    """

    row: int
    field: str
    value: object
    reason: str = attrs.field(converter=plain_message)
    code: str
    table: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "source"
        if self.table:
            where = f"table {self.table!r}, {where}"
        col = f", column {self.field!r}" if self.field else ""
        line = "" if self.line is None else f" (line {self.line})"
        return f"{where}{col}{line}: {self.reason}{_got(self.reason, self.value)}"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-compatible data (``table`` only for record tables, ``line`` only when known)."""
        # json.dumps cannot write an integer of 5,000 digits: those are shown shortened.
        plain = isinstance(self.value, str | float | bool) or (
            isinstance(self.value, int) and self.value.bit_length() <= 64
        )
        value = self.value if plain else _short(self.value)
        out: dict[str, Any] = {
            "row": self.row,
            "field": self.field,
            "value": value,
            "reason": self.reason,
            "code": self.code,
        }
        if self.table:
            out["table"] = self.table
        if self.line is not None:
            out["line"] = self.line
        return out


class PopulationError(InputError):
    """A population could not be read: the source is unusable, or some rows are invalid.

    Attributes:
        source: what was read (a path, ``<frame>``, ``<iterable>``).
        rows: every problem found, in row order (``row == 0``: the source as a whole).
    """

    code: ClassVar[str] = "invalid_population"

    def __init__(self, source: str, rows: Sequence[RowError], kind: str) -> None:
        self.source = source
        self.rows = tuple(rows)
        errors = [
            {"loc": (*((r.table,) if r.table else ()), r.row, *(r.field.split(".") if r.field else ())),
             "input": r.value,
             "msg": r.reason, "type": r.code}
            for r in self.rows
        ]
        super().__init__(kind, errors)
        shown = [f"  {r}" for r in self.rows[:_MAX_LISTED]]
        more = len(self.rows) - _MAX_LISTED
        if more > 0:
            shown.append(f"  ... and {more} more")
        bad = len({r.row for r in self.rows if r.row})
        head = f"{source}: {bad} invalid row(s)" if bad else f"{source}: cannot read"
        self.args = ("\n".join([f"{head} ({kind}):", *shown]),)

    def __str__(self) -> str:
        return str(self.args[0])


class MissingDependencyError(SkillecoError, ImportError):
    """An optional dependency is needed (for example Parquet or frames need the ``frames`` extra)."""

    code: ClassVar[str] = "missing_dependency"
