"""Text from outside made safe to show: in plain text, in Markdown, as numbers.

Ids, names, labels and messages come from callers, population files and policy packs. Written as
they are, an id holding a line break starts a new line (a Markdown heading, a forged line of a
report), ``<script>`` passes into Markdown as raw HTML, and an ANSI escape sequence recolours or
clears a terminal (issue 15, L2). So:

- :func:`visible` replaces every control character (C0 and C1, DEL, so ESC and with it every ANSI
  escape sequence), the line and paragraph separators U+2028 and U+2029, the bidirectional
  controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and lone surrogates with a
  visible escape: ``\\n``, ``\\r``, ``\\t``, ``\\x1b``, ``\\u2028``. Plain text goes through it.
- :func:`md_text` does that, then escapes what Markdown (CommonMark and GFM tables) would read as
  markup: ``\\`` ````` ``*`` ``|`` ``~`` with a backslash, ``_`` too unless it sits inside a word
  (where it is never emphasis), ``&`` and ``<`` as ``&amp;`` and ``&lt;`` (no raw HTML, no entity,
  no autolink); a ``]`` that a ``(``, ``[`` or ``:`` follows (no link, image or link definition:
  ``[wait 4 years]`` stays as it is); and what would open a block where the text starts a line or
  a list item (``#``, ``>``, ``-``, ``+``, ``=``, ``[``, ``1.``).
- :func:`md_code` writes text as an inline code span that its content cannot close.
- :func:`number` formats a number and never raises: a value that is not finite (an amount whose
  sum went past the range of a 64-bit float) shows as ``∞``, ``-∞`` or ``NaN``.

- :func:`html_text` makes control characters visible, then escapes ``<``, ``>``, ``&`` and quotes
  (:func:`html.escape`): every renderer writes text into HTML through it, and
  :class:`~skilleco.render.tables.Table` its text cells.

Example:
    >>> print(visible("a\\nb\\x1b[31m"))
    a\\nb\\x1b[31m
    >>> md_text("# <b>x</b> *y* snake_case _z_")
    '\\\\# &lt;b>x&lt;/b> \\\\*y\\\\* snake_case \\\\_z\\\\_'
    >>> number(float("inf")), number(1234.5), number(0.25)
    ('∞', '1,234', '0.25')
"""

from __future__ import annotations

import html
import math
import re

__all__ = ["html_text", "md_code", "md_text", "number", "visible"]

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    named = _NAMED.get(c)
    if named is not None:
        return named
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, line-separator and bidirectional-control character as a
    visible escape (``\\n``, ``\\x1b``, ``\\u2028``); text without any comes back as it is."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escape, text)


_MD_SPECIAL = re.compile(r"[\\`*|~&<_]|\](?=[(\[:])")
_MD_ESCAPES = {"&": "&amp;", "<": "&lt;"}
_BLOCK_START = re.compile(r"[#>+\-=\[]|[0-9]{1,9}(?=[.)])", re.ASCII)


def _md_escape(match: re.Match[str]) -> str:
    c = match.group()
    if c == "_":
        text, i = match.string, match.start()
        inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
        return c if inside else "\\_"
    return _MD_ESCAPES.get(c) or "\\" + c


def md_text(text: str) -> str:
    """``text`` as Markdown that shows exactly it, on one line (see the module docstring)."""
    out = _MD_SPECIAL.sub(_md_escape, visible(text))
    start = _BLOCK_START.match(out)
    if start is None:
        return out
    if start.group()[0].isdigit():  # an ordered-list marker: escape its . or )
        end = start.end()
        return out[:end] + "\\" + out[end:]
    return "\\" + out


def md_code(text: str) -> str:
    """``text`` as a Markdown inline code span in a GFM table cell (``|`` escaped, as a cell needs).

    The fence is one backtick longer than the longest run of backticks in ``text``, so the content
    cannot close it; control characters are made visible first.
    """
    body = visible(text).replace("|", "\\|")
    if not body:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", body)), default=0) + 1)
    pad = " " if body[0] in "` " or body[-1] in "` " else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def html_text(text: str) -> str:
    """``text`` as HTML text: control characters visible (:func:`visible`), markup escaped."""
    return html.escape(visible(text))


def number(x: float) -> str:
    """``x`` with thousands separators: whole, or to two places when small and not whole.

    Never raises: a value that is not finite shows as ``∞``, ``-∞`` or ``NaN``.
    """
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("∞" if x > 0 else "-∞")
    return f"{x:,.0f}" if abs(x) >= 100 or abs(x - round(x)) < 1e-9 else f"{x:,.2f}"
