"""The catalogue of words (zh, en) and the one table writer: every word in both languages, Chinese
columns aligned by display width, Markdown and HTML escaped, the Chinese demo in Chinese only."""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

import pytest

from skilleco.cli import main
from skilleco.render.tables import Html, Table, display_width
from skilleco.render.words import CATALOGUE, LANGS, STATUS_LABELS, UNITS, UnknownWordError, pair, word

UNIT_TEMPLATES = {"chart.count_axis", "chart.flips_axis"}


def _cells(text: str) -> int:
    """Terminal cells of ``text``, counted independently of the writer: wide and fullwidth take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _slice_by_cells(line: str, starts: list[int]) -> list[str]:
    """The stripped text of ``line`` between the given terminal-cell offsets."""
    out, cell, chars = [""] * len(starts), 0, []
    for c in line:
        chars.append((cell, c))
        cell += _cells(c)
    for at, c in chars:
        column = max(i for i, start in enumerate(starts) if start <= at)
        out[column] += c
    return [text.strip() for text in out]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_catalogue_entry_has_both_languages_with_the_same_fields() -> None:
    """Each entry has a non-empty English and Chinese word, and both name the same ``{fields}``."""
    entries = [(f"{s}.{k}", p) for s, section in CATALOGUE.items() for k, p in section.items()]
    assert len(entries) > 100
    for key, (en, zh) in entries:
        assert en.strip() and zh.strip(), key
        if key in UNIT_TEMPLATES:  # filled from a UNITS row: the English noun, the Chinese title and measure
            assert _fields(en) | _fields(zh) <= {"noun", "title", "measure"}, key
        else:
            assert _fields(en) == _fields(zh), key
    assert all(noun and title and measure for noun, title, measure in UNITS.values())


def test_chinese_words_are_chinese() -> None:
    """Every Chinese entry that is more than a template or a symbol holds a Chinese character."""
    for section in ("status", "finding", "col", "exit", "edition", "cli", "demo"):
        for key, (_, zh) in CATALOGUE[section].items():
            text = re.sub(r"\{[^}]*\}", "", zh)
            assert any(unicodedata.east_asian_width(c) == "W" for c in text), f"{section}.{key}: {zh}"


def test_status_labels_come_from_the_catalogue_in_both_languages() -> None:
    """``STATUS_LABELS`` gives every status in both languages, the same words as ``word('status.*')``."""
    for status, labels in STATUS_LABELS.items():
        assert set(labels) == set(LANGS)
        assert all(labels[lang] == word(f"status.{status}", lang) for lang in LANGS)


def test_an_unknown_word_is_a_clear_lookup_error() -> None:
    """Asking for a word the catalogue does not hold names the closest key."""
    with pytest.raises(UnknownWordError) as info:
        pair("status.eligble")
    assert isinstance(info.value, LookupError) and info.value.suggestion == "status.eligible"


def test_chinese_table_columns_line_up_by_display_width() -> None:
    """In a table of Chinese and ASCII cells, every column starts at the same terminal cell on every line."""
    table = Table(
        ["结论", "现行", "status"],
        [["不可申报", "15,333,633", "x"], ["可申报", "0", "高级技师"], ["ok", "现行值", ""]],
    )
    lines = table.text_lines()
    assert len({_cells(line) for line in lines}) == 1  # every cell padded, the last column too
    # Columns start where the runs of dashes start (ASCII: characters are cells there).
    starts = [m.start() for m in re.finditer(r"-+", lines[1])]
    assert len(starts) == len(table.columns)
    for line, row in zip([lines[0], *lines[2:]], [table.columns, *table.rows], strict=True):
        assert _slice_by_cells(line, starts) == list(row), line
    assert display_width("不可申报") == 8 and display_width("e\u0301") == 1


def test_markdown_table_escapes_pipes_and_angle_brackets() -> None:
    """A ``|`` in a Markdown cell is escaped, ``<`` becomes ``&lt;`` and a newline a visible ``\\n``
    (issue 15, L2: no longer a space, so ``a\\nb`` and ``a b`` differ), so the row stays one row."""
    md = Table(["a", "b"], [["x|y", "<b>bold</b>\nnext"]]).markdown_lines()
    assert md == ["| a | b |", "|---|---|", "| x\\|y | &lt;b>bold&lt;/b>\\\\nnext |"]


def test_html_table_escapes_text_but_not_markup_cells() -> None:
    """Text cells are HTML-escaped; an ``Html`` cell is written as given, with its style."""
    out = Table(["<h>"], [["<script>&"], [Html("<code>x</code>", style="color:red")]]).html()
    assert "<th>&lt;h&gt;</th>" in out and "<td>&lt;script&gt;&amp;</td>" in out
    assert '<td style="color:red"><code>x</code></td>' in out and "<script>" not in out


def test_a_row_of_the_wrong_length_is_refused() -> None:
    """A row with more or fewer cells than headings is a ValueError, not a misaligned table."""
    with pytest.raises(ValueError, match="expected 2 cells"):
        Table(["a", "b"], [["1"]])


def test_chinese_demo_has_no_english_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``skilleco demo --lang zh`` says in Chinese where it wrote the chart, and no table heading is English."""
    chart = tmp_path / "demo.png"
    assert main(["demo", "--lang", "zh", "--n", "200", "--out", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "wrote chart to" not in out and out.rstrip().endswith(word("cli.wrote_chart", "zh", path=chart))
    words = re.sub(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+", "<id>", out)  # ids (subsidy.technician) are not English
    for english in ("parameter", " row ", "eligible", "baseline", "reform", "subsidy", " via "):
        assert english not in words
    tables = [line for line in out.splitlines() if line.startswith("--")]
    assert tables, "the demo prints aligned tables"
    for block in out.split("\n\n"):
        lines = block.splitlines()
        rule = next((i for i, line in enumerate(lines) if line.startswith("--")), None)
        if rule is not None:
            assert len({_cells(line) for line in lines[rule - 1 :]}) == 1, block
