"""Kleene logic over yes/no/unknown (``True``/``False``/``None``), for facts that combine records."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["kleene_all", "kleene_any", "or_into"]


def kleene_any(values: Iterable[bool | None]) -> bool | None:
    """``True`` if any value is true, else unknown if any is unknown, else ``False``.

    Args:
        values: yes/no/unknown values.
    """
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def kleene_all(*values: bool | None) -> bool | None:
    """``False`` if any value is false, else unknown if any is unknown, else ``True``.

    Args:
        *values: yes/no/unknown values.
    """
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def or_into(acc: dict[str, bool | None], name: str, value: bool | None) -> None:
    """``acc[name] = acc[name] or value`` in Kleene logic (what :func:`kleene_any` gives over a list).

    Args:
        acc: the facts so far, ``name`` among them.
        name: the fact to update.
        value: the value to fold in.
    """
    if value is True:
        acc[name] = True
    elif value is None and acc[name] is False:
        acc[name] = None
