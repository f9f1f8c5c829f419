"""A cheap pass over a TOML text, before :mod:`tomllib` reads it, that bounds what reading it costs.

:mod:`tomllib`'s work on a key grows with the square of its number of dotted parts, and with a table
header's parts times every dotted key below it: a 40 KB file of long dotted keys took 4 s and 2.3 GB,
a 200 KB one more than 24 GB (finding H2). :func:`toml_complexity` walks the text once, skipping
strings and comments exactly as TOML reads them, and reports the first key or table header with more
than :data:`~skilleco.models.limits.MAX_KEY_PARTS` dotted parts or longer than
:data:`~skilleco.models.limits.MAX_KEY_CHARS` characters. Every step moves forward, so the pass is
linear in the text; within those bounds :mod:`tomllib` is linear too (see ``SECURITY.md``).

The dots are counted wherever they stand outside strings and comments, between two of
``= , [ ] { }`` or a line end: a key's dots, and in a value at most the one of a decimal, so the count
bounds every key without telling keys from values.
"""

from __future__ import annotations

import re

from ..models.limits import MAX_KEY_CHARS, MAX_KEY_PARTS

__all__ = ["toml_complexity"]

_NEXT = re.compile(r"[\"'#.\n=,\[\]{}]")
"""The characters the pass stops at: quotes, comments, dots and the characters ending a key."""
_NOT_BLANK = re.compile(r"[^ \t]")


def toml_complexity(text: str) -> tuple[int, str] | None:
    """The first thing in ``text`` that would make :mod:`tomllib` work too hard, or ``None``.

    Returns:
        ``(line, problem)``: the 1-based line of a key or table header with too many dotted parts or
        too many characters. Text that is not TOML may pass (the parser refuses it, cheaply) or be
        refused here; valid TOML within the limits always passes.
    """
    scan = _Scan(text)
    return scan.run()


class _Scan:
    def __init__(self, text: str) -> None:
        self.text = text
        self.line = 1
        self.line_start = 0
        self.first_blank: int | None = None  # first non-blank position of the line, once asked
        self.run_start = 0  # where the current run (a key, or part of a value) began
        self.dots = 0
        self.header = -1  # where the key of the [table] header being read began, or -1
        self.depth = 0  # arrays and inline tables open in a value
        self.newline = -1  # the end of the line last asked for (see line_end)

    def run(self) -> tuple[int, str] | None:
        text, pos = self.text, 0
        while True:
            m = _NEXT.search(text, pos)
            if m is None:
                return None
            i = m.start()
            c = text[i]
            if c in "\"'":
                end = _string_end(text, i, self.line_end(i))
                if end < 0:
                    return None  # an unterminated string: the parser stops there
                self.line += text.count("\n", i, end)
                pos = end
                continue
            if c == "#":
                end = text.find("\n", i)
                if end < 0:
                    return None
                pos = end  # the line end is read next
                continue
            pos = i + 1
            if c == ".":
                self.dots += 1
                if self.dots >= MAX_KEY_PARTS:
                    return self.line, f"a key of more than {MAX_KEY_PARTS} dotted parts"
                continue
            problem = self.boundary(c, i)
            if problem is not None:
                return self.line, problem
            self.dots = 0
            self.run_start = pos

    def boundary(self, c: str, i: int) -> str | None:
        """Read one of ``= , [ ] { }`` or a line end at ``i``; a key too long there is the problem."""
        if c == "=":
            return self.key_length(self.run_start, i, "key")
        if c == "[":
            opens = self.depth == 0 and self.header < 0 and self.at_line_start(i)
            if opens or i == self.header:  # a [table] header, or the second bracket of [[table]]
                self.header = i + 1
            else:
                self.depth += 1
        elif c == "]":
            if self.header >= 0:
                start, self.header = self.header, -1
                return self.key_length(start, i, "table header")
            self.depth = max(self.depth - 1, 0)
        elif c == "{":
            self.depth += 1
        elif c == "}":
            self.depth = max(self.depth - 1, 0)
        elif c == "\n":
            self.line += 1
            self.line_start, self.first_blank, self.header = i + 1, None, -1
        return None

    def line_end(self, i: int) -> int:
        """Where the line holding ``i`` ends (found again only past the last one found: linear)."""
        if self.newline < i:
            found = self.text.find("\n", i)
            self.newline = len(self.text) if found < 0 else found
        return self.newline

    def at_line_start(self, i: int) -> bool:
        """Whether only blanks stand before ``i`` on its line (found once per line)."""
        if self.first_blank is None:
            m = _NOT_BLANK.search(self.text, self.line_start)
            self.first_blank = m.start() if m else len(self.text)
        return i == self.first_blank

    def key_length(self, start: int, end: int, what: str) -> str | None:
        length = len(self.text[start:end].strip(" \t"))
        if length > MAX_KEY_CHARS:
            return f"a {what} of more than {MAX_KEY_CHARS} characters ({length})"
        return None


def _string_end(text: str, i: int, line_end: int) -> int:
    """The position just after the string opening at ``i`` (``-1`` when it does not end), read as
    TOML reads it: ``\"\"\"`` and ``'''`` strings may span lines and end with up to two more quotes;
    other strings end before ``line_end``; a backslash escapes the next character in ``"`` strings only."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = _closing(text, i + 3, quote * 3, escapes=quote == '"', stop=len(text))
        if end < 0:
            return -1
        end += 3
        for _ in range(2):  # """a"""" is the text a"
            if text.startswith(quote, end):
                end += 1
        return end
    end = _closing(text, i + 1, quote, escapes=quote == '"', stop=line_end)
    return -1 if end < 0 else end + 1


def _closing(text: str, start: int, delimiter: str, *, escapes: bool, stop: int) -> int:
    """Where the first ``delimiter`` from ``start`` (ending by ``stop``) that no backslash escapes
    begins, or ``-1``."""
    pos = start
    while True:
        at = text.find(delimiter, pos, stop)
        if at < 0:
            return -1
        if escapes and _escaped(text, at, start):
            pos = at + 1
            continue
        return at


def _escaped(text: str, at: int, start: int) -> bool:
    """Whether an odd run of backslashes stands just before ``at`` (and after ``start``)."""
    run = 0
    while at - run - 1 >= start and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1
