"""Synthetic certificate candidates: Beijing's one test, two certificates and the gba scheme.

Beijing candidates are evaluated in a small pool of Beijing chains (:func:`beijing_pool`), drawn
from the organisations plan (:mod:`.synthetic_orgs`) like every other organisation.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from ..models.chains import Chain
from ..models.worker import validate
from .synthetic_orgs import (
    _COUNTERPARTS,
    _ROLES,
    City,
    Draw,
    OrgPlan,
    _ago,
    _between,
    _int,
    _organisation,
)

__all__ = ["beijing_pool", "build_dual_candidate", "build_gba_candidate"]


# --- Beijing: one test, two certificates -------------------------------------------------------------------


def beijing_pool(plan: OrgPlan, draw: Draw, on: _dt.date, prefix: str) -> list[Chain]:
    """The Beijing chains dual-certificate candidates are evaluated in (validated once).

    Args:
        plan: the organisations plan.
        draw: the source of draws.
        on: the date the population is drawn for.
        prefix: the prefix of the chains' ids.
    """
    return [validate(Chain, _beijing_chain(draw, k, plan, on, prefix)) for k in range(plan.beijing_chains)]


def _beijing_chain(draw: Draw, number: int, plan: OrgPlan, on: _dt.date, prefix: str) -> dict[str, Any]:
    """A Beijing chain: two to four enterprises (some registered to self-evaluate), a school, its list."""
    cid = f"{prefix}-chain{number + 1:02d}"
    city = City("beijing", "beijing", "北京")
    established = _ago(draw, on, plan.spans["bj.established_years"])
    members: list[dict[str, Any]] = []
    for k in range(1, _int(draw, plan.spans["bj.enterprises"]) + 1):
        org = _organisation(draw, f"{cid}-e{k}", plan, on, "enterprise", city)
        registered = draw() < plan.p["bj.evaluator_registered"]
        org["self_evaluation_registered"] = registered
        org.pop("self_evaluation_registered_on", None)
        if registered:
            org["self_evaluation_registered_on"] = _ago(draw, established, (0.0, 1.0))
        members.append({"organisation": org, "role": _ROLES["enterprise"]})
    college = _organisation(draw, f"{cid}-s1", plan, on, "vocational_college", city)
    members.append({"organisation": college, "role": _ROLES["vocational_college"]})
    items = [
        {"special_ability_item": f"{cid}-item{j}", "enterprise_certification": f"{cid}-cert{j}"}
        for j in range(1, _int(draw, plan.spans["bj.items"]) + 1)
    ]
    chain: dict[str, Any] = {
        "id": cid,
        "jurisdiction": "bj",
        "members": members,
        "lead_id": members[0]["organisation"]["id"],
        "established_on": established,
        "confirmed_active": draw() < plan.p["bj.confirmed_active"],
        "exits": [{"on": _between(draw, established, on)}] if draw() < plan.p["bj.exited"] else [],
        "dual_certificate_items": items,
    }
    return chain


def build_dual_candidate(
    draw: Draw, number: int, pool: Sequence[Chain], plan: OrgPlan, on: _dt.date, prefix: str
) -> tuple[dict[str, Any], str]:
    """A candidate evaluated by an enterprise of one of the Beijing chains; and its region label."""
    chain = pool[int(draw() * len(pool))]
    enterprises = [m.organisation.id for m in chain.members if m.organisation.kind == "enterprise"]
    evaluator = enterprises[int(draw() * len(enterprises))]
    others = [e for e in enterprises if e != evaluator]
    employer = plan.mixes["bj.employer"].pick(draw())
    if employer == "chain_enterprise" and others:
        employer_id = others[int(draw() * len(others))]
    elif employer == "outside":
        employer_id = f"{prefix}-outside{number + 1:05d}"
    else:
        employer_id = evaluator
    items = chain.dual_certificate_items or []
    on_list = bool(items) and draw() < plan.p["bj.item_on_list"]
    item = items[int(draw() * len(items))].special_ability_item if on_list else f"{chain.id}-unlisted"
    evaluation: dict[str, Any] = {"item": item, "evaluator_id": evaluator}
    established = chain.established_on or on
    evaluation["on"] = max(_ago(draw, on, plan.spans["bj.evaluation_years"]), established)
    result = plan.mixes["result"].pick(draw())
    if result != "unstated":
        evaluation["result"] = result
    data = {
        "person_id": f"{prefix}-p{number + 1:06d}",
        "employer_id": employer_id,
        "chain": chain,
        "evaluation": evaluation,
    }
    return data, "北京"


# --- Guangdong-Hong Kong-Macao: one test, several certificates ----------------------------------------------


def build_gba_candidate(
    draw: Draw, number: int, plan: OrgPlan, on: _dt.date, prefix: str
) -> tuple[dict[str, Any], str]:
    """A candidate who sat one exam under the gba scheme; and the region label of the exam centre."""
    reported = plan.gba_reported
    if reported and draw() < plan.p["gba.reported"]:
        occupation = reported[int(draw() * len(reported))]
    else:
        occupation = plan.gba_unreported[int(draw() * len(plan.gba_unreported))]
    data: dict[str, Any] = {"person_id": f"{prefix}-p{number + 1:06d}", "occupation": occupation}
    exam: dict[str, Any] = {"on": _ago(draw, on, plan.spans["gba.exam_years"])}
    result = plan.mixes["result"].pick(draw())
    if result != "unstated":
        exam["result"] = result
    data["exam"] = exam
    if draw() < plan.p["gba.list_stated"]:
        listed = list(reported)
        if occupation not in listed and draw() < plan.p["gba.own_occupation_listed"]:
            listed.append(occupation)
        data["listed_occupations"] = listed
    data["counterparts"] = list(_COUNTERPARTS[plan.mixes["gba.counterparts"].pick(draw())])
    return data, str(plan.mixes["gba.region"].pick(draw()))
