"""Small builders for worker dicts, so scenario tables read like the policy text.

Every worker built here has ``records_complete`` set: a list left out means "none". Dates are ISO
text, exactly as a caller would send them.
"""

from __future__ import annotations

from typing import Any

OCC = "6-18-02-04"
"""The occupation every scenario worker is assessed in (焊工, welder)."""

OTHER_OCC = "6-31-01-03"
"""Another occupation: certificates and apprenticeships in it do not count."""


def worker(edition: str, *, has_senior_technician: bool = True, **fields: Any) -> dict[str, Any]:
    """A worker in ``OCC`` under template ``edition`` (``t2018``/``t2023``) with complete records."""
    return {
        "id": f"w-{edition}",
        "records_complete": True,
        "occupation": {
            "code": OCC,
            "standard_edition": edition,
            "has_senior_technician": has_senior_technician,
        },
        **fields,
    }


def cert(level: str | int, issued_on: str, occupation_code: str = OCC) -> dict[str, Any]:
    """A skill level certificate (``junior``/``五级``/…) issued on ``issued_on``."""
    return {"level": level, "occupation_code": occupation_code, "issued_on": issued_on}


def work(start: str, end: str | None = None) -> dict[str, Any]:
    """A period of work in the occupation; ``end`` left out means still working."""
    return {"start": start} if end is None else {"start": start, "end": end}


def school(kind: str, **fields: Any) -> dict[str, Any]:
    """A school record of ``kind`` (technical_school, junior_college, …)."""
    return {"school_kind": kind, **fields}


def title(level: str, obtained_on: str, *, specialty_match: bool | None = True) -> dict[str, Any]:
    """A professional title (junior, intermediate, deputy_senior, full_senior)."""
    return {"level": level, "obtained_on": obtained_on, "specialty_match": specialty_match}


def competition(level: str, on: str, **fields: Any) -> dict[str, Any]:
    """A competition result (national_final, tj_city_class1, tj_district, tj_enterprise, …)."""
    return {"level": level, "on": on, **fields}


def apprenticeship(start: str, end: str, **fields: Any) -> dict[str, Any]:
    """An apprenticeship in ``OCC`` from ``start`` to ``end`` (override occupation_code to move it)."""
    return {"occupation_code": OCC, "start": start, "end": end, **fields}


def employer(*, above_designated_size: bool = True, mainly_skilled: bool = True,
             appoints_special: bool = True) -> dict[str, Any]:
    """The employer, as the post rules see it (hb-2024-10)."""
    return {
        "name": "示例制造有限公司",
        "above_designated_size": above_designated_size,
        "mainly_skilled_workforce": mainly_skilled,
        "appoints_special_technicians": appoints_special,
    }
