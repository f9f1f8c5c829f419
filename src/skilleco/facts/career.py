"""A worker's career record beyond certificates: competitions, posts and direct recognitions,
apprenticeship, and the employer and front-line facts."""

from __future__ import annotations

import datetime as _dt

from ..ladder import grade
from ..models.worker import Worker
from .kleene import kleene_all, kleene_any
from .relation import Kinship, counts_toward
from .time import whole_months
from .value import Value

__all__ = [
    "APPRENTICESHIP_NAMES",
    "COMPETITION_NAMES",
    "OTHER_NAMES",
    "POST_NAMES",
    "apprenticeship_facts",
    "competition_facts",
    "other_facts",
    "post_facts",
]

COMPETITION_NAMES = (
    "nat_comp_award",
    "has_tj_city_result",
    "tj_city_best_rank",
    "has_tj_class2_result",
    "tj_class2_best_rank",
    "has_tj_enterprise_result",
    "tj_enterprise_best_pct",
    "tj_comp_promotions_in_year",
)
"""The competition facts."""
# What an empty (stated: none) list of competitions gives.
_NO_COMPETITIONS: dict[str, Value] = {
    "nat_comp_award": False,
    "has_tj_city_result": False,
    "tj_city_best_rank": None,
    "has_tj_class2_result": False,
    "tj_class2_best_rank": None,
    "has_tj_enterprise_result": False,
    "tj_enterprise_best_pct": None,
    "tj_comp_promotions_in_year": 0,
}
POST_NAMES = (
    "post_rank",
    "has_post_special_technician",
    "post_special_technician_on",
    "direct_recognition_rank",
    "direct_recognition_waived_rank",
)
"""The post and direct-recognition facts."""
APPRENTICESHIP_NAMES = (
    "has_apprenticeship",
    "apprenticeship_completed",
    "apprenticeship_months",
    "apprenticeship_special_case",
    "apprenticeship_ended",
    "probation_ended",
    "apprentice_wage",
    "local_minimum_wage",
)
"""The apprenticeship facts."""
OTHER_NAMES = (
    "employer_above_designated_size",
    "employer_mainly_skilled",
    "employer_appoints_special_technicians",
    "frontline",
    "frontline_record",
    "annual_appraisals_passed",
)
"""The employer, front-line and appraisal facts."""


def _best(values: list[float | None], present: bool | None) -> float | None:
    if present is not True or any(v is None for v in values):
        return None
    return min(v for v in values if v is not None)


def competition_facts(worker: Worker, on: _dt.date, cutoff: _dt.date) -> dict[str, Value]:
    """The competition facts: a national-final award, the Tianjin tiers' best results, promotions.

    Args:
        worker: the worker.
        on: the date asked about (promotions count within its year).
        cutoff: records dated after it do not exist yet.
    """
    comps = worker.competitions
    if comps is None:
        return dict.fromkeys(COMPETITION_NAMES)
    if not comps:
        return dict(_NO_COMPETITIONS)
    seen = [c for c in comps if c.on <= cutoff]
    national = [c for c in seen if c.level == "national_final"]
    awards = [None if c.award is None else c.award != "none" for c in national]
    out: dict[str, Value] = {"nat_comp_award": kleene_any(awards)}
    tiers = {
        "tj_city": ("tj_city_comprehensive", "tj_city_class1"),
        "tj_class2": ("tj_city_class2", "tj_district"),
        "tj_enterprise": ("tj_enterprise", "tj_school"),
    }
    for name, levels in tiers.items():
        rows = [c for c in seen if c.level in levels]
        present: bool | None = bool(rows)
        out[f"has_{name}_result"] = present
        if name == "tj_enterprise":
            pcts = [
                None if c.rank is None or c.entrants is None else 100.0 * c.rank / c.entrants for c in rows
            ]
            out["tj_enterprise_best_pct"] = _best(pcts, present)
        else:
            best = _best([None if c.rank is None else float(c.rank) for c in rows], present)
            out[f"{name}_best_rank"] = None if best is None else int(best)
    out["tj_comp_promotions_in_year"] = sum(
        1
        for c in comps
        if c.promoted_on is not None and c.promoted_on.year == on.year and c.promoted_on <= cutoff
    )
    return out


def post_facts(worker: Worker, cutoff: _dt.date) -> dict[str, Value]:
    """The post facts (the highest post held, a special-technician post) and the direct-recognition ranks.

    Args:
        worker: the worker.
        cutoff: records dated after it do not exist yet.
    """
    out: dict[str, Value] = {}
    if worker.posts is None:
        out.update(post_rank=None, has_post_special_technician=None, post_special_technician_on=None)
    elif not worker.posts:
        out.update(post_rank=0, has_post_special_technician=False, post_special_technician_on=None)
    else:
        current = [p for p in worker.posts if p.start <= cutoff and (p.end is None or p.end > cutoff)]
        out["post_rank"] = max((grade(p.kind).rank for p in current), default=0)
        special = [p.start for p in current if p.kind == "special_technician"]
        out["has_post_special_technician"] = bool(special)
        out["post_special_technician_on"] = min(special) if special else None
    recs = worker.direct_recognitions
    if recs is None:
        out["direct_recognition_rank"] = out["direct_recognition_waived_rank"] = None
    elif not recs:
        out["direct_recognition_rank"] = out["direct_recognition_waived_rank"] = 0
    else:
        # Two facts, not one: a recognition with limits waived below senior is invalid, and must not
        # hide a valid lower one.
        valid = [r for r in recs if r.on <= cutoff]
        plain = [grade(r.grade).rank for r in valid if not r.limits_waived]
        waived = [grade(r.grade).rank for r in valid if r.limits_waived]
        out["direct_recognition_rank"] = max(plain, default=0)
        out["direct_recognition_waived_rank"] = max(waived, default=0)
    return out


def apprenticeship_facts(
    worker: Worker, cutoff: _dt.date, kinship: Kinship | None = None
) -> dict[str, Value]:
    """The apprenticeship facts (started, completed in the occupation, months, wage, ...).

    Args:
        worker: the worker.
        cutoff: records dated after it do not exist yet.
        kinship: what the occupation's standard says of other occupations (an apprenticeship in a
            related one counts where it says "本职业或相关职业学徒期满"; ``None``: no standard on file).
    """
    a = worker.apprenticeship
    if a is None and worker.records_complete:
        # Complete records with no apprenticeship: there is none.
        return {
            **dict.fromkeys(
                [
                    "apprenticeship_months",
                    "apprenticeship_special_case",
                    "apprenticeship_ended",
                    "probation_ended",
                    "apprentice_wage",
                    "local_minimum_wage",
                ]
            ),
            "has_apprenticeship": False,
            "apprenticeship_completed": False,
        }
    if a is None:
        # Not stated: unknown, like every other field left out.
        return dict.fromkeys(APPRENTICESHIP_NAMES)
    ended = None if a.end is None else a.end <= cutoff
    in_occupation = counts_toward(a.occupation_code, worker.occupation.code, kinship)
    started = a.start <= cutoff
    return {
        "has_apprenticeship": started,
        "apprenticeship_completed": kleene_all(started, in_occupation, ended, a.completed),
        "apprenticeship_months": None if a.end is None else whole_months(a.start, a.end),
        "apprenticeship_special_case": a.special_case,
        "apprenticeship_ended": ended,
        "probation_ended": None if a.probation_end is None else a.probation_end <= cutoff,
        "apprentice_wage": a.monthly_wage,
        "local_minimum_wage": a.local_minimum_wage,
    }


def other_facts(f: dict[str, Value], worker: Worker) -> None:
    """Set the employer, front-line and appraisal facts in ``f``.

    Args:
        f: the facts being derived.
        worker: the worker.
    """
    emp = worker.employer
    f["employer_above_designated_size"] = None if emp is None else emp.above_designated_size
    f["employer_mainly_skilled"] = None if emp is None else emp.mainly_skilled_workforce
    f["employer_appoints_special_technicians"] = None if emp is None else emp.appoints_special_technicians
    f["frontline"] = worker.frontline
    f["frontline_record"] = worker.frontline_record
    f["annual_appraisals_passed"] = worker.annual_appraisals_passed
