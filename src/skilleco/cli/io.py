"""What the ``skilleco`` command shares between subcommands: its two errors, input files, charts.

The command never prints a traceback: :class:`UsageError` (exit 2) and :class:`DataError` (exit 3)
carry a message for stderr, and :func:`skilleco.cli.main` maps the library's own errors the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TextIO

from ..exceptions import InputError
from ..models.jsontext import load_json
from ..render.charts import CHART_SUFFIXES
from ..render.words import Lang, word

EXIT_OK, EXIT_USAGE, EXIT_DATA = 0, 2, 3


class UsageError(Exception):
    """The command was called wrongly (exit 2): a bad option value, or an extra that is not installed."""


class DataError(Exception):
    """The input data cannot be used (exit 3): a file that cannot be read or is not JSON."""


def example_text(name: str) -> str:
    """The text of a bundled example file (``worker.json``, ``chain.json``, ...)."""
    return resources.files("skilleco.examples").joinpath(name).read_text(encoding="utf-8")


def read_json_file(path: str) -> str:
    """The text of a JSON file holding one subject, checked to be JSON.

    Raises:
        DataError: the file cannot be read, is not UTF-8 text, or is not JSON.
    """
    try:
        raw = Path(path).read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise DataError(f"{path}: cannot read the file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{path}: not UTF-8 text (byte at offset {exc.start}); expected a JSON file"
        ) from None
    try:
        load_json(text)
    except ValueError as exc:
        raise DataError(f"{path}: not JSON: {exc}") from None
    return text


def check_chart_path(path: str) -> Path:
    """Check, before any work is done, that a chart can be written to ``path``.

    Raises:
        UsageError: not ``.png`` or ``.svg``, a folder that does not exist, or matplotlib missing.
    """
    out = Path(path)
    if out.suffix.lower() not in CHART_SUFFIXES:
        raise UsageError(f"expected a chart file ending in .png or .svg, got {path!r}")
    if not out.parent.is_dir():
        raise UsageError(f"cannot write the chart to {path!r}: the folder {str(out.parent)!r} does not exist")
    try:
        import matplotlib  # noqa: F401  (only checking that the plot extra is installed)
    except ImportError:
        raise UsageError("charts need matplotlib: pip install 'skilleco[plot]'") from None
    return out


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal (``False`` for pipes, files and captures)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # a closed or detached stream is no terminal
        return False


def save_chart(save: Callable[[], Path], fmt: str, lang: Lang) -> None:
    """Draw and save a chart, then say where, in ``lang`` (on stderr when stdout holds JSON)."""
    try:
        path = save()
    except ImportError as exc:  # MissingDependencyError included: the plot extra is not installed
        raise UsageError(f"charts need the plot extra: pip install 'skilleco[plot]' ({exc})") from None
    except InputError as exc:  # --by naming a label no flip carries
        raise UsageError(f"cannot draw the chart: {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot write the chart: {exc}") from None
    print(word("cli.wrote_chart", lang, path=path), file=sys.stderr if fmt == "json" else sys.stdout)


def rows_of(people: object) -> int | None:
    """The rows of a population, record tables or scan (``None`` when it has no length)."""
    try:
        return len(people)  # type: ignore[arg-type]
    except TypeError:
        return None
