"""Whose work and certificates count toward an occupation: its standard says (``time.md``).

A period of work (or a certificate, or an apprenticeship) in the worker's own occupation, or with no
occupation stated, always counts. One in another occupation counts where the occupation's standard
says "本职业或相关职业" and lists that occupation (or, listing none, does not exclude it), and never
where the standard says "本职业". With no standard on file, nothing settles it: the record is
*unknown*, never silently counted or dropped.

A school record is in the specialty or a related one (本专业或相关专业) where it says so
(``specialty_match``); where it does not, a standard that lists its majors settles it from the
record's major, and nothing else does (:func:`specialty_related`).
"""

from __future__ import annotations

import functools
import unicodedata

import attrs

__all__ = ["Kinship", "counts_toward", "major_key", "specialty_related"]


@attrs.frozen
class Kinship:
    """What an occupation's standard says about other occupations.

    Attributes:
        own_only: the standard says "本职业": only the occupation itself counts.
        related: the related occupations (相关职业) it lists, by code; ``None`` when it lists none
            (then any other occupation counts, unless ``own_only``).
        complete: whether every related occupation it lists has a code here; when some are known
            only by name, an occupation not among the codes may be one of them (unknown).
        trades: the trades (工种) of the occupation, which are all "本职业".
        majors: the majors (本专业 and 相关专业) it lists; ``None`` when it lists none. A school
            record's stated ``specialty_match`` wins over the list.
        majors_by_school: majors it admits only at some kinds of school (a standard listing its
            related majors per school level: 中职, 高职高专, 普通高校), as ``(school kind, majors)``
            pairs; a record of that kind is read against ``majors`` and these.
    """

    own_only: bool
    related: frozenset[str] | None = None
    complete: bool = True
    trades: frozenset[str] = frozenset()
    majors: frozenset[str] | None = None
    majors_by_school: tuple[tuple[str, frozenset[str]], ...] = ()


def counts_toward(code: str | None, own: str, kinship: Kinship | None) -> bool | None:
    """Whether a record in occupation ``code`` counts toward occupation ``own``.

    Args:
        code: the record's occupation (``None``: not stated, taken as the occupation itself).
        own: the occupation asked about.
        kinship: its standard's word on other occupations (``None``: no standard on file).

    Returns:
        ``True`` or ``False`` where the standard settles it, ``None`` where nothing does.
    """
    if code is None or code == own:
        return True
    if kinship is None:
        return None
    if kinship.own_only:
        return False
    if kinship.related is None or code in kinship.related:
        return True
    return False if kinship.complete else None


def major_key(name: str) -> str:
    """A major's name as compared: NFKC-folded (full-width brackets and letters as half-width), with
    no spaces, and without a trailing "专业" (``金属热加工（焊接）专业`` is ``金属热加工(焊接)``)."""
    key = "".join(unicodedata.normalize("NFKC", name).split())
    return key[: -len("专业")] if key.endswith("专业") and len(key) > len("专业") else key


@functools.lru_cache(maxsize=256)
def _major_keys(majors: frozenset[str]) -> frozenset[str]:
    return frozenset(major_key(m) for m in majors)


def specialty_related(
    stated: bool | None, major: str | None, kinship: Kinship | None, school_kind: str | None = None
) -> bool | None:
    """Whether a school record is in the occupation's specialty or a related one (本专业或相关专业).

    Args:
        stated: the record's ``specialty_match``: when given, it wins.
        major: the record's major (``None``: not stated).
        kinship: the occupation's standard (``None``: none on file).
        school_kind: the record's kind of school, for majors the standard lists per school level.

    Returns:
        ``stated`` when given; else, where the standard lists majors, whether ``major`` is among them
        (compared by :func:`major_key`), unknown when no major is stated; unknown with no list.
    """
    if stated is not None:
        return stated
    if major is None or kinship is None or (kinship.majors is None and not kinship.majors_by_school):
        return None
    key = major_key(major)
    if kinship.majors is not None and key in _major_keys(kinship.majors):
        return True
    return any(
        kind == school_kind and key in _major_keys(majors) for kind, majors in kinship.majors_by_school
    )
