"""CSV text split into records, and records written as CSV, with no limit of the ``csv`` module's.

The reader (issue 15, H3 and L7) reads RFC 4180 CSV — comma-separated cells, a cell in double
quotes may hold commas, line breaks and doubled quotes (``""``), records end with ``\\n``, ``\\r\\n``
or ``\\r`` — in one pass over the text, in time linear in its length. It does not use the ``csv``
module, whose ``field_size_limit`` is process-wide state and whose errors stop a reader for good:
here each record is read or carries its problem, and the next record is read all the same. Every
record knows the line where it starts.

A record's problems: a cell longer than :data:`MAX_CELL_CHARS` (``cell_too_long``), text after the
closing quote of a cell, or a quote never closed (``not_csv``; the unclosed cell runs to the end of
the file, so it is the last record). A quote inside an unquoted cell is kept as text, as the
``csv`` module does.

The writer (L3) quotes what needs it and neutralises spreadsheet formulas as OWASP's CSV-injection
guidance advises: text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return —
and, so that every value reads back as it was, with ``'``, ``[`` or ``{`` — is written with a
``'`` in front, which the reader takes off again (and only then).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs

from .columns import Verbatim

__all__ = ["ESCAPED_START", "MAX_CELL_CHARS", "CsvRecord", "csv_line", "escape", "split_records", "unescape"]

MAX_CELL_CHARS = 131_072
"""The longest CSV cell read, in characters (128 KiB, the ``csv`` module's default limit)."""

ESCAPED_START = frozenset("=+-@\t\r'[{")
"""Text starting with one of these is written with a ``'`` in front (and read back without it)."""

_LINE_END = re.compile(r"\r\n?|\n")
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_UNQUOTED = re.compile(r"[^,\r\n]*")
_NEEDS_QUOTES = re.compile(r'[,"\r\n\x00]')


@attrs.frozen
class CsvRecord:
    """One record: its number (0 for the first, the header), the line it starts on, its cells,
    and its problem as ``(reason, code)`` if it could not be read whole."""

    number: int
    line: int
    cells: tuple[str, ...]
    problem: tuple[str, str] | None = None


def _breaks(text: str) -> int:
    """Line breaks in ``text`` (``\\r\\n`` counts once)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def split_records(text: str) -> Iterator[CsvRecord]:
    """The records of CSV text, in order; linear in the length of the text."""
    pos, line, number, end = 0, 1, 0, len(text)
    while pos < end:
        start_line = line
        found = _LINE_END.search(text, pos)
        stop = found.start() if found else end
        if text.find('"', pos, stop) < 0:  # no quote: the line is the record (the common case)
            cells = tuple(text[pos:stop].split(","))
            problem = _too_long(cells) if stop - pos > MAX_CELL_CHARS else None
            pos, line = (found.end(), line + 1) if found else (end, line)
        else:
            cells, problem, pos, line = _quoted_record(text, pos, line)
        yield CsvRecord(number, start_line, cells, problem)
        number += 1


def _too_long(cells: Iterable[str]) -> tuple[str, str] | None:
    longest = max(len(c) for c in cells)
    if longest <= MAX_CELL_CHARS:
        return None
    return (f"a cell holds {longest:,} characters; at most {MAX_CELL_CHARS:,} are read", "cell_too_long")


def _quoted_record(
    text: str, pos: int, line: int
) -> tuple[tuple[str, ...], tuple[str, str] | None, int, int]:
    """One record with quotes in it, from ``pos``: (cells, problem, next position, next line)."""
    end = len(text)
    cells: list[str] = []
    problem: tuple[str, str] | None = None
    while True:
        if pos < end and text[pos] == '"':
            quoted = _QUOTED.match(text, pos)
            if quoted is None:
                cells.append(text[pos + 1 :])
                reason = f"the quote opened on line {line} is never closed"
                return tuple(cells), (reason, "not_csv"), end, line + _breaks(text[pos:])
            inside = quoted.group(1)
            cells.append(inside.replace('""', '"'))
            line += _breaks(inside)
            pos = quoted.end()
            if pos < end and text[pos] not in ",\r\n":
                stray = _UNQUOTED.match(text, pos)
                assert stray is not None  # the pattern matches the empty text
                problem = problem or (f"text after the closing quote of cell {len(cells)}", "not_csv")
                line += _breaks(stray.group())
                pos = stray.end()
        else:
            plain = _UNQUOTED.match(text, pos)
            assert plain is not None  # the pattern matches the empty text
            cells.append(plain.group())
            pos = plain.end()
        if pos >= end:
            break
        if text[pos] == ",":
            pos += 1
            continue
        pos += 2 if text.startswith("\r\n", pos) else 1
        line += 1
        break
    return tuple(cells), problem or _too_long(cells), pos, line


def unescape(cell: str) -> str:
    """A cell as written: a ``'`` that :func:`escape` put in front taken off (the rest is text)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in ESCAPED_START:
        return Verbatim(cell[1:])
    return cell


def escape(text: str) -> str:
    """Text as a CSV cell that no spreadsheet runs as a formula and that reads back as ``text``."""
    return "'" + text if text[:1] in ESCAPED_START else text


def csv_line(cells: Iterable[str | None]) -> str:
    """One CSV record (no line end): cells quoted when they hold a comma, quote, line break or NUL.

    ``None`` is an empty cell; text cells must already be escaped as wanted (see :func:`escape`).
    """
    out = ['"' + c.replace('"', '""') + '"' if _NEEDS_QUOTES.search(c) else c for c in map(_text, cells)]
    if out == [""]:
        return '""'  # one empty cell, not a blank line
    return ",".join(out)


def _text(cell: str | None) -> str:
    return "" if cell is None else cell
