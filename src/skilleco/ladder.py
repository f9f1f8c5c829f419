"""The new eight-level worker ladder (新八级工).

The ladder counts upwards (rank 1 ``apprentice`` … rank 8 ``chief_technician``); certificate levels
count downwards (五级 is the lowest, 一级 the highest). Three grades are enterprise posts, not
certificates. Source: ``shared/policy/grades.md`` (cpc-2022-58 §11; mohrss-2022-14; hb-2024-10).

Example:
    >>> from skilleco.ladder import grade
    >>> grade("三级").id, grade("senior").rank, grade(4).label_zh
    ('senior', 4, '中级工')
"""

from __future__ import annotations

from typing import Literal

import attrs

from .exceptions import UnknownGradeError, _short

__all__ = [
    "CERTIFICATE_GRADES",
    "GRADES",
    "POST_GRADES",
    "Grade",
    "GradeId",
    "grade",
]

GradeId = Literal[
    "apprentice",
    "junior",
    "intermediate",
    "senior",
    "technician",
    "senior_technician",
    "special_technician",
    "chief_technician",
]


@attrs.frozen
class Grade:
    """One rung of the ladder.

    Attributes:
        id: the stable grade id.
        rank: 1 (apprentice) to 8 (chief technician); the ladder counts upwards.
        label_zh: the Chinese name (学徒工 … 首席技师).
        label_en: the English name.
        certificate_level: 5 (五级) … 1 (一级) for certificate grades, ``None`` for posts.
        kind: ``"certificate"`` or ``"post"``.
    """

    id: GradeId
    rank: int
    label_zh: str
    label_en: str
    certificate_level: int | None
    kind: Literal["certificate", "post"]

    @property
    def level_zh(self) -> str | None:
        """The certificate level in Chinese (五级 … 一级), ``None`` for posts."""
        if self.certificate_level is None:
            return None
        return "一二三四五"[self.certificate_level - 1] + "级"


GRADES: tuple[Grade, ...] = (
    Grade("apprentice", 1, "学徒工", "apprentice", None, "post"),
    Grade("junior", 2, "初级工", "junior worker", 5, "certificate"),
    Grade("intermediate", 3, "中级工", "intermediate worker", 4, "certificate"),
    Grade("senior", 4, "高级工", "senior worker", 3, "certificate"),
    Grade("technician", 5, "技师", "technician", 2, "certificate"),
    Grade("senior_technician", 6, "高级技师", "senior technician", 1, "certificate"),
    Grade("special_technician", 7, "特级技师", "special-grade technician", None, "post"),
    Grade("chief_technician", 8, "首席技师", "chief technician", None, "post"),
)
CERTIFICATE_GRADES: tuple[Grade, ...] = tuple(g for g in GRADES if g.kind == "certificate")
POST_GRADES: tuple[Grade, ...] = tuple(g for g in GRADES if g.kind == "post")

_BY_NAME: dict[object, Grade] = {}
for _g in GRADES:
    _BY_NAME[_g.id] = _g
    _BY_NAME[_g.label_zh] = _g
    _BY_NAME[_g.label_en] = _g
    if _g.level_zh is not None:
        _BY_NAME[_g.level_zh] = _g
del _g


def grade(name: str | int | Grade) -> Grade:
    """Look up a grade by id, Chinese or English label, 五级…一级, or certificate level 5…1.

    An integer is always a *certificate level* (5 = 五级 = junior), never a ladder rank: the two
    count in opposite directions and mixing them is the classic mistake.

    Raises:
        UnknownGradeError: the name is not on the ladder (with a did-you-mean suggestion).
    """
    if isinstance(name, Grade):
        return name
    if isinstance(name, int) and not isinstance(name, bool):
        for g in CERTIFICATE_GRADES:
            if g.certificate_level == name:
                return g
        raise UnknownGradeError(_short(name), ["1", "2", "3", "4", "5"])
    found = _BY_NAME.get(name) if isinstance(name, str) else None
    if found is None:
        raise UnknownGradeError(name if isinstance(name, str) else _short(name), [g.id for g in GRADES])
    return found


def by_rank(rank: int) -> Grade:
    """The grade at ladder rank ``rank`` (1–8)."""
    return GRADES[rank - 1]
