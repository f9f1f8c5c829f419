"""Calibration files for synthetic populations: published figures and modelled shares, as data.

A calibration file is TOML (see ``skilleco/population/calibrations/gd.toml``). Its ``[calibration]`` table
names it (``id``) and says what it calibrates (``subject``: ``worker`` or ``organisation``). Every
number in it is an *entry*: a table with

- ``source`` and ``provenance`` (``text``, ``secondary`` or ``modelled``, as ``numbers.md`` tags
  the figure; ``modelled`` entries also need a one-line ``rationale``);
- a ``value`` — a number, a ``[low, high]`` range, or ``"rest"`` (one minus the other shares of
  its table) — or a ``ratio`` of two figures (``["guangzhou_skilled_workers", "skilled_workers"]``),
  whose provenance may be no stronger than the figures it divides.

Published counts live under ``[figures]``. Rows of an array of tables (``[[occupations]]``) carry
their entry inline, with ``share`` in place of ``value``. Problems are reported all at once, as an
:class:`~skilleco.exceptions.InputError` naming the file and the entry.
"""

from __future__ import annotations

import difflib
import functools
import math
import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs

from ..exceptions import InputError
from ..policy.toml_scan import toml_complexity

__all__ = ["Calibration", "Entry", "load_calibration", "shipped_calibrations"]

Provenance: TypeAlias = Literal["text", "secondary", "modelled"]
Subject: TypeAlias = Literal["worker", "organisation"]
EntryValue: TypeAlias = float | tuple[float, float]

_STRENGTH: dict[str, int] = {"modelled": 0, "secondary": 1, "text": 2}
_PACKAGE = "skilleco.population.calibrations"
_MAX_BYTES = 1_000_000


@attrs.frozen
class Entry:
    """One calibrated number, with where it comes from.

    Attributes:
        path: the dotted place in the file (``regions.广州.share``, ``occupations[0]``).
        value: the number or ``(low, high)`` range, ratios and ``"rest"`` resolved.
        source: where the figure comes from (``assumption`` for modelled shares).
        provenance: ``text``, ``secondary`` or ``modelled``.
        rationale: why a modelled share has this value.
        unit: the unit, when stated.
        ratio: the two figures divided, for a derived share.
    """

    path: str
    value: EntryValue
    source: str
    provenance: Provenance
    rationale: str | None = None
    unit: str | None = None
    ratio: tuple[str, str] | None = None


@attrs.frozen
class Calibration:
    """A loaded, checked calibration file.

    Attributes:
        id: the calibration id (``gd``).
        subject: what it calibrates: ``worker`` or ``organisation``.
        origin: the file it was read from.
        meta: the ``[calibration]`` table.
        entries: every entry, by dotted path, in file order.
        data: the whole file, for attributes of rows (codes, labels, editions).
    """

    id: str
    subject: Subject
    origin: str
    meta: Mapping[str, object]
    entries: Mapping[str, Entry]
    data: Mapping[str, object]

    def figure(self, name: str) -> float:
        """A published figure under ``[figures]``."""
        return self.number(f"figures.{name}")

    def number(self, path: str) -> float:
        """The single number at ``path``."""
        value = self._entry(path).value
        if isinstance(value, tuple):
            raise self.error(path, value, "expected a single number, got a range")
        return value

    def span(self, path: str) -> tuple[float, float]:
        """The ``(low, high)`` range at ``path``."""
        value = self._entry(path).value
        if not isinstance(value, tuple):
            raise self.error(path, value, "expected a [low, high] range, got a single number")
        return value

    def mix(self, path: str) -> tuple[tuple[str, float], ...]:
        """The options of the table at ``path`` with their shares, which must add up to one."""
        prefix = f"{path}."
        found = tuple(
            (p[len(prefix) :], self.number(p))
            for p in self.entries
            if p.startswith(prefix) and "." not in p[len(prefix) :]
        )
        if not found:
            raise self.error(path, None, "expected a table of shares")
        total = math.fsum(s for _, s in found)
        if abs(total - 1) > 1e-6:
            raise self.error(path, total, 'the shares must add up to 1 (or one of them be "rest")')
        return found

    def rows(self, name: str) -> tuple[tuple[Mapping[str, object], float], ...]:
        """The rows of the array ``name`` with their shares (which must add up to one)."""
        rows = self.data.get(name)
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            raise self.error(name, None, "expected an array of tables ([[...]])")
        found = tuple((row, self.number(f"{name}[{i}]")) for i, row in enumerate(rows))
        total = math.fsum(s for _, s in found)
        if abs(total - 1) > 1e-6:
            raise self.error(name, total, 'the shares must add up to 1 (or one of them be "rest")')
        return found

    def name(self, key: str) -> str:
        """A string attribute of the ``[calibration]`` table (a figure name, usually)."""
        value = self.meta.get(key)
        if not isinstance(value, str) or not value:
            raise self.error(f"calibration.{key}", value, "expected a name")
        return value

    def _entry(self, path: str) -> Entry:
        entry = self.entries.get(path)
        if entry is None:
            close = difflib.get_close_matches(path, list(self.entries), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise self.error(path, None, f"no such entry{hint}")
        return entry

    def error(self, path: str, value: object, msg: str) -> InputError:
        """An InputError naming this file and the entry at ``path``."""
        return InputError(f"calibration {self.origin}", [_problem(path, value, msg)])


def _problem(path: str, value: object, msg: str) -> dict[str, Any]:
    return {"loc": tuple(path.split(".")), "input": value, "msg": msg, "type": "calibration"}


# --- reading ---------------------------------------------------------------------------------------


def _files() -> dict[str, Any]:
    return {
        f.name.removesuffix(".toml"): f
        for f in resources.files(_PACKAGE).iterdir()
        if f.name.endswith(".toml")
    }


def shipped_calibrations(subject: Subject | None = None) -> tuple[str, ...]:
    """The ids of the shipped calibration files (of one subject, if given), sorted."""
    ids = sorted(_files())
    if subject is None:
        return tuple(ids)
    return tuple(i for i in ids if _load_shipped(i).subject == subject)


@functools.lru_cache(maxsize=16)
def _load_shipped(name: str) -> Calibration:
    f = _files()[name]
    return _parse(f.read_bytes(), f"skilleco/population/calibrations/{f.name}")


def load_calibration(source: str | os.PathLike[str], *, subject: Subject | None) -> Calibration:
    """A shipped calibration by id (``gd``), or a calibration file by path.

    Args:
        source: a shipped id, or the path of a TOML file in the same format.
        subject: what it must calibrate (``worker`` or ``organisation``; ``None``: either).

    Raises:
        InputError: no such calibration, an unreadable file, a malformed entry, or a file for
            another subject. The error names the argument or the entry and what arrived.
    """
    if (
        isinstance(source, str)
        and not source.endswith(".toml")
        and os.sep not in source
        and "/" not in source
    ):
        known = shipped_calibrations(subject)
        if source not in known:
            close = difflib.get_close_matches(source, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InputError(
                "arguments",
                [
                    {
                        "loc": ("calibration",),
                        "input": source,
                        "type": "unknown_calibration",
                        "msg": f"expected a shipped calibration {list(known)} or a path to a "
                        f".toml file{hint}",
                    }
                ],
            )
        return _load_shipped(source)
    if not isinstance(source, str | os.PathLike):
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("calibration",),
                    "input": source,
                    "type": "bad_type",
                    "msg": "expected a shipped calibration id or the path of a .toml file",
                }
            ],
        )
    path = Path(source)
    try:
        raw = path.read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("calibration",),
                    "input": str(source),
                    "type": "unreadable",
                    "msg": f"cannot read the calibration file: {getattr(exc, 'strerror', None) or exc}",
                }
            ],
        ) from None
    cal = _parse(raw, str(path))
    if subject is not None and cal.subject != subject:
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("calibration",),
                    "input": str(source),
                    "type": "wrong_subject",
                    "msg": f"expected a {subject} calibration, got one for {cal.subject}",
                }
            ],
        )
    return cal


def _parse(raw: bytes, origin: str) -> Calibration:
    model = f"calibration {origin}"
    if len(raw) > _MAX_BYTES:
        raise InputError(model, [_problem("<file>", len(raw), f"larger than {_MAX_BYTES} bytes")])
    try:
        text = raw.decode("utf-8-sig")
        found = toml_complexity(text)  # keys that would make the parser work too hard (issue 15, H2)
        if found is not None:
            raise InputError(model, [_problem("<file>", None, f"line {found[0]}: {found[1]}")])
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(model, [_problem("<file>", None, f"not valid TOML: {exc!s:.200}")]) from None
    problems: list[dict[str, Any]] = []
    meta = data.get("calibration")
    if not isinstance(meta, dict) or not isinstance(meta.get("id"), str) or not meta["id"]:
        problems.append(_problem("calibration.id", None, "expected a [calibration] table with an id"))
        meta = {}
    subject = meta.get("subject", "worker")
    if subject not in ("worker", "organisation"):
        problems.append(_problem("calibration.subject", subject, "expected 'worker' or 'organisation'"))
    raw_entries = _collect(data, problems)
    figures = {p: e for p, e in raw_entries.items() if p.startswith("figures.")}
    entries = _resolve(raw_entries, figures, problems)
    if problems:
        raise InputError(model, problems)
    return Calibration(
        id=str(meta["id"]),
        subject=subject,
        origin=origin,
        meta=meta,
        entries=entries,
        data=data,
    )


def _collect(data: Mapping[str, Any], problems: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every entry table, by dotted path, in file order (rows as ``name[i]`` with share as value)."""
    out: dict[str, dict[str, Any]] = {}

    def visit(table: Mapping[str, Any], prefix: str) -> None:
        for key, value in table.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict):
                if "provenance" in value:
                    out[path] = value
                else:
                    visit(value, f"{path}.")
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                for i, row in enumerate(value):
                    if "provenance" not in row:
                        problems.append(
                            _problem(f"{path}[{i}]", None, "a row needs share, source and provenance")
                        )
                        continue
                    entry = {k: v for k, v in row.items() if k != "share"}
                    if "share" in row:
                        entry["value"] = row["share"]
                    out[f"{path}[{i}]"] = entry

    visit({k: v for k, v in data.items() if k != "calibration"}, "")
    return out


def _read_value(path: str, raw: object, problems: list[dict[str, Any]]) -> EntryValue | str | None:
    if isinstance(raw, bool):
        problems.append(_problem(path, raw, 'expected a number, a [low, high] range or "rest"'))
        return None
    if isinstance(raw, int | float) and math.isfinite(raw):
        return float(raw)
    if raw == "rest":
        return "rest"
    if (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in raw)
    ):
        low, high = float(raw[0]), float(raw[1])
        if low > high:
            problems.append(_problem(path, raw, "a range's low end is above its high end"))
            return None
        return (low, high)
    problems.append(_problem(path, raw, 'expected a number, a [low, high] range or "rest"'))
    return None


def _resolve(
    raw: Mapping[str, dict[str, Any]], figures: Mapping[str, dict[str, Any]], problems: list[dict[str, Any]]
) -> dict[str, Entry]:
    values: dict[str, EntryValue | str] = {}
    for path, e in raw.items():
        _check_tags(path, e, problems)
        if ("value" in e) == ("ratio" in e):
            problems.append(_problem(path, None, "expected exactly one of value (or share) and ratio"))
            continue
        if "ratio" in e:
            found = _ratio(path, e, figures, problems)
            if found is not None:
                values[path] = found
            continue
        v = _read_value(path, e["value"], problems)
        if v is not None:
            values[path] = v
        if path.startswith("figures.") and not (isinstance(v, float) and v > 0):
            problems.append(_problem(path, e["value"], "a published figure is a number above 0"))
    _resolve_rest(values, problems)
    out: dict[str, Entry] = {}
    for path, e in raw.items():
        v = values.get(path)
        if v is None or isinstance(v, str):
            continue
        ratio = e.get("ratio")
        out[path] = Entry(
            path=path,
            value=v,
            source=str(e.get("source", "")),
            provenance=e.get("provenance", "modelled"),
            rationale=e.get("rationale"),
            unit=e.get("unit"),
            ratio=(str(ratio[0]), str(ratio[1])) if ratio is not None else None,
        )
    return out


def _check_tags(path: str, e: Mapping[str, Any], problems: list[dict[str, Any]]) -> None:
    if e.get("provenance") not in _STRENGTH:
        problems.append(_problem(path, e.get("provenance"), "provenance must be text, secondary or modelled"))
    if not isinstance(e.get("source"), str) or not e["source"].strip():
        problems.append(_problem(path, e.get("source"), "every entry needs a source"))
    if e.get("provenance") == "modelled" and not (
        isinstance(e.get("rationale"), str) and e["rationale"].strip()
    ):
        problems.append(_problem(path, None, "a modelled entry needs a one-line rationale"))


def _ratio(
    path: str, e: Mapping[str, Any], figures: Mapping[str, dict[str, Any]], problems: list[dict[str, Any]]
) -> float | None:
    ratio = e["ratio"]
    if not (isinstance(ratio, list) and len(ratio) == 2 and all(isinstance(x, str) for x in ratio)):
        problems.append(_problem(path, ratio, "a ratio names two figures: [numerator, denominator]"))
        return None
    found = [figures.get(f"figures.{name}") for name in ratio]
    if any(f is None for f in found):
        problems.append(_problem(path, ratio, f"a ratio divides figures; known: {sorted(figures)}"))
        return None
    nums = [f["value"] for f in found if f is not None]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) and x > 0 for x in nums):
        return None  # the figure itself is reported
    # An unknown tag is reported on the figure itself; it does not also weaken the ratio.
    weakest = min(_STRENGTH.get(str(f.get("provenance")), 2) for f in found if f is not None)
    if _STRENGTH.get(str(e.get("provenance")), 0) > weakest:
        problems.append(
            _problem(path, e.get("provenance"), "a ratio is no stronger than the figures it divides")
        )
    return float(nums[0]) / float(nums[1])


def _resolve_rest(values: dict[str, EntryValue | str], problems: list[dict[str, Any]]) -> None:
    """Replace each ``"rest"`` by one minus the shares of its siblings (same table or array)."""
    groups: dict[str, list[str]] = {}
    for path in values:
        parent = path.rsplit("[", 1)[0] if path.endswith("]") else path.rsplit(".", 1)[0]
        groups.setdefault(parent, []).append(path)
    for parent, members in groups.items():
        rests = [p for p in members if values[p] == "rest"]
        if not rests:
            continue
        if len(rests) > 1:
            problems.append(_problem(parent, rests, 'at most one share of a table may be "rest"'))
            continue
        others = [values[p] for p in members if p not in rests]
        if not all(isinstance(v, float) for v in others):
            problems.append(_problem(parent, None, '"rest" needs single-number shares beside it'))
            continue
        rest = 1 - math.fsum(v for v in others if isinstance(v, float))
        if rest < -1e-9:
            problems.append(_problem(parent, 1 - rest, 'the shares beside "rest" add up to more than 1'))
            continue
        values[rests[0]] = max(rest, 0.0)
