"""One table writer for every renderer: aligned plain text, Markdown, HTML and tab-separated lines.

Plain text is aligned by *display width*, the cells a terminal gives a character: East Asian wide
and fullwidth characters (汉字, ＡＢ) take two, combining marks and zero-width characters none, so a
Chinese column lines up under its heading. Every form writes a text cell as text, whatever it holds
(:mod:`.escape`): plain text and tab-separated lines show control characters (line breaks, ANSI
escapes) as visible escapes; Markdown escapes what it would read as markup (``|``, ``*``, ``<``,
...) and keeps a cell on one line, except in cells given as :class:`Md`; HTML escapes every cell
except those given as :class:`Html` (markup a renderer built itself).

Example:
    >>> t = Table(("等级", "n"), (("技师", "12"), ("senior", "3")))
    >>> print("\\n".join(line.rstrip() for line in t.text_lines()))
    等级    n
    ------  --
    技师    12
    senior  3
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import attrs

from .escape import html_text, md_text, visible

__all__ = ["Cell", "Html", "Md", "Table", "display_width"]


@attrs.frozen
class Html:
    """A table cell of ready-made HTML, written as given (never escaped).

    Attributes:
        markup: the cell's content, already escaped where it holds text.
        style: the ``style`` attribute of the ``<td>`` (none if empty).
    """

    markup: str
    style: str = ""


@attrs.frozen
class Md:
    """A table cell of ready-made Markdown, written as given (never escaped).

    Attributes:
        markup: the cell's content, already escaped where it holds text (see
            :func:`~skilleco.render.escape.md_code`), on one line, ``|`` escaped.
    """

    markup: str


Cell = str | Html | Md
"""A table cell: text (escaped as the form needs), :class:`Html` (HTML tables only) or :class:`Md`
(Markdown tables only)."""


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The terminal cells ``text`` takes: 2 per wide or fullwidth character, 0 per combining mark."""
    return sum(_char_width(c) for c in text)


def _text(cell: Cell) -> str:
    if isinstance(cell, Html):
        raise TypeError("an Html cell can only be written to an HTML table")
    if isinstance(cell, Md):
        raise TypeError("an Md cell can only be written to a Markdown table")
    return cell


def _rows_fit(
    instance: Table, _: attrs.Attribute[tuple[tuple[Cell, ...], ...]], rows: tuple[tuple[Cell, ...], ...]
) -> None:
    for i, row in enumerate(rows):
        if len(row) != len(instance.columns):
            raise ValueError(f"expected {len(instance.columns)} cells in row {i}, got {len(row)}")


def _tuple_columns(columns: Iterable[str]) -> tuple[str, ...]:
    return tuple(columns)


def _tuple_rows(rows: Iterable[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(r) for r in rows)


@attrs.frozen
class Table:
    """Column headings and rows of cells, one cell per column.

    Attributes:
        columns: the headings.
        rows: the rows; each has one cell per heading.

    Raises:
        ValueError: a row with more or fewer cells than there are headings.
    """

    columns: tuple[str, ...] = attrs.field(converter=_tuple_columns)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_tuple_rows, validator=_rows_fit)

    def text_lines(self) -> list[str]:
        """Plain text: headings, a rule of dashes, then the rows; columns padded to display width.

        Columns are separated by two spaces and every cell, the last too, is padded to its column's
        width (so lines of one table have the same display width).
        """
        grid = [[visible(c) for c in self.columns], *([visible(_text(c)) for c in row] for row in self.rows)]
        widths = [max(display_width(line[i]) for line in grid) for i in range(len(self.columns))]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))

        return [line(grid[0]), line(["-" * w for w in widths]), *(line(r) for r in grid[1:])]

    def text(self) -> str:
        """:meth:`text_lines` joined by newlines."""
        return "\n".join(self.text_lines())

    def markdown_lines(self) -> list[str]:
        """A Markdown (GFM) table: text cells escaped (:func:`~skilleco.render.escape.md_text`:
        ``|``, ``*``, ``<``... escaped, line breaks as ``\\n``), :class:`Md` cells as given."""

        def line(cells: Iterable[Cell]) -> str:
            return "| " + " | ".join(_md_cell(c) for c in cells) + " |"

        return [line(self.columns), "|" + "---|" * len(self.columns), *(line(row) for row in self.rows)]

    def markdown(self) -> str:
        """:meth:`markdown_lines` joined by newlines."""
        return "\n".join(self.markdown_lines())

    def html(self) -> str:
        """An HTML ``<table>`` with a ``<thead>``; text cells escaped, :class:`Html` cells as given."""
        head = "".join(f"<th>{html_text(c)}</th>" for c in self.columns)  # headings are text
        body = "".join("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>" for row in self.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def tsv_lines(self) -> list[str]:
        """The rows as tab-separated lines, without headings (for ``cut`` and ``grep``)."""
        return [
            "\t".join(visible(_text(c).replace("\t", " ").replace("\n", " ")) for c in row)
            for row in self.rows
        ]


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, Md):
        return cell.markup
    if isinstance(cell, Html):
        raise TypeError("an Html cell can only be written to an HTML table")
    return md_text(cell)


def _html_cell(cell: Cell) -> str:
    if isinstance(cell, Md):
        raise TypeError("an Md cell can only be written to a Markdown table")
    if isinstance(cell, Html):
        return f'<td style="{cell.style}">{cell.markup}</td>' if cell.style else f"<td>{cell.markup}</td>"
    return f"<td>{html_text(cell)}</td>"
