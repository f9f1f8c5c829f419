"""Synthetic Guangdong chains: an enterprise lead and member units with dated records.

Drawn from the organisations plan (:mod:`.synthetic_orgs`), with its small draws, so that the
records the exit scenarios read fall on both sides of their look-back windows.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .synthetic_orgs import (
    _ROLES,
    City,
    Draw,
    OrgPlan,
    _ago,
    _between,
    _int,
    _listing,
    _organisation,
    _skewed_int,
)

__all__ = ["build_chain"]

_LOST = ("deregistered", "bankrupt", "licence_revoked", "moved_out")
_INCIDENTS = ("production_safety", "environmental", "quality")


def build_chain(
    draw: Draw, number: int, plan: OrgPlan, on: _dt.date, prefix: str
) -> tuple[dict[str, Any], str]:
    """A Guangdong chain: an enterprise lead and member units with dated records; and its region."""
    cid = f"{prefix}{number + 1:05d}"
    established = _ago(draw, on, plan.spans["chains.established_years"])
    city: City = plan.gd_cities.pick(draw())
    lead = _organisation(draw, f"{cid}-u01", plan, on, "enterprise", city)
    _member_records(draw, lead, plan, established, on)
    members: list[dict[str, Any]] = [{"organisation": lead, "role": _ROLES["enterprise"]}]
    for k in range(2, _int(draw, plan.spans["chains.members"]) + 1):
        kind = plan.member_kinds.pick(draw())
        where = city if draw() < plan.p["chains.same_city"] else plan.gd_cities.pick(draw())
        member: dict[str, Any] = {
            "organisation": _organisation(draw, f"{cid}-u{k:02d}", plan, on, kind, where),
            "role": _ROLES.get(kind, kind.replace("_", " ")),
        }
        since = established
        if draw() < plan.p["chains.joined_later"]:
            since = member["joined_on"] = _between(draw, established, on)
        if draw() < plan.p["chains.left"]:
            member["left_on"] = _between(draw, since, on)
        _member_records(draw, member["organisation"], plan, since, on)
        members.append(member)
    chain = {
        "id": cid,
        "jurisdiction": "gd",
        "members": members,
        "lead_id": lead["id"],
        "established_on": established,
        "exits": [],
        "courses": [f"{cid}-course-{j}" for j in range(1, _int(draw, plan.spans["chains.courses"]) + 1)],
        "partner_enterprises_committed": _int(draw, plan.spans["commitments.partner_enterprises"]),
        "jobs_offered": _skewed_int(draw, plan.spans["commitments.jobs"]),
        "posts_offered": _skewed_int(draw, plan.spans["commitments.posts"]),
    }
    return chain, city.label


def _member_records(draw: Draw, org: dict[str, Any], plan: OrgPlan, since: _dt.date, on: _dt.date) -> None:
    """The records the exit scenarios read (gd-2025): events, and one assessment and activity a year."""
    p, back = plan.p, plan.spans["member_records.look_back_years"]

    def event(name: str) -> bool:
        return draw() < p[f"member_records.{name}"]

    org["fraud_findings"] = [{"on": _ago(draw, on, back)}] if event("fraud_finding") else []
    incidents = []
    if event("major_incident"):
        severity = "especially_major" if event("especially_major") else "major"
        incidents.append(
            {"kind": _INCIDENTS[int(draw() * 3)], "severity": severity, "on": _ago(draw, on, back)}
        )
    if event("general_incident"):
        incidents.append(
            {"kind": _INCIDENTS[int(draw() * 3)], "severity": "general", "on": _ago(draw, on, back)}
        )
    org["incidents"] = incidents
    org["violations"] = (
        [{"kind": "serious_illegal_act", "on": _ago(draw, on, back)}] if event("serious_violation") else []
    )
    removed = p["member_records.listing_removed"]
    org["dishonesty_listings"] = [_listing(draw, on, back, removed)] if event("dishonesty_listing") else []
    org["standing_events"] = (
        [{"kind": _LOST[int(draw() * len(_LOST))], "on": _between(draw, since, on)}]
        if event("lost_standing")
        else []
    )
    org["withdrawal_applications"] = [{"on": _between(draw, since, on)}] if event("withdrawal") else []
    assessments, activity = [], []
    for year in range(since.year, on.year):
        assessments.append({"year": year, "result": "fail" if event("failed_assessment") else "pass"})
        if event("idle_year"):
            activity.append({"year": year, "trainees": 0, "evaluations": 0})
        else:
            activity.append(
                {
                    "year": year,
                    "trainees": _skewed_int(draw, plan.spans["activity.trainees"]),
                    "evaluations": _int(draw, plan.spans["activity.evaluations"]),
                }
            )
    org["assessments"] = None if event("unstated") else assessments
    org["yearly_activity"] = None if event("unstated") else activity
