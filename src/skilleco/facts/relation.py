"""Whose work and certificates count toward an occupation: its standard says (``time.md``).

A period of work (or a certificate, or an apprenticeship) in the worker's own occupation, or with no
occupation stated, always counts. One in another occupation counts where the occupation's standard
says "本职业或相关职业" and lists that occupation (or, listing none, does not exclude it), and never
where the standard says "本职业". With no standard on file, nothing settles it: the record is
*unknown*, never silently counted or dropped.
"""

from __future__ import annotations

import attrs

__all__ = ["Kinship", "counts_toward"]


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
    """

    own_only: bool
    related: frozenset[str] | None = None
    complete: bool = True
    trades: frozenset[str] = frozenset()
    majors: frozenset[str] | None = None


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
