"""Synthetic organisations and chain-lead candidates, drawn from a calibration; and the plan.

The plan (:class:`OrgPlan`, resolved from the organisations calibration) and the small draws here
also serve the chains (:mod:`.synthetic_chains`) and the certificate candidates
(:mod:`.synthetic_candidates`).

As for workers, every draw is ``draw()`` (``random.Random(seed).random``) and dates are whole days
counted back from the date asked. Records are dated relative to that date, so that the look-back
windows of the lead and exit rules (three years) fall on both sides of some of them.
"""

from __future__ import annotations

import datetime as _dt
import math
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
from pydantic import ValidationError

from ..facts.organisation import PROFILE_FLAGS
from ..models.organisations import OrganisationKind, Registration
from ..policy.registry import load_policy
from .calibration import Calibration
from .synthetic_workers import Choice

__all__ = ["City", "Draw", "OrgPlan", "build_lead", "org_plan"]

Draw = Callable[[], float]

_PROFILE = PROFILE_FLAGS
_STANDING = (
    "staff_education_fund_compliant",
    "internal_training_system",
    "school_cooperation_genuine",
    "school_cooperation_good_record",
    "apprenticeship_occupations_match",
)
_PLATFORMS = ("high_skill_training_base", "skills_master_studio", "other")
_COUNTERPARTS = {"hong_kong": ("hong_kong",), "macao": ("macao",), "both": ("hong_kong", "macao")}
# What each kind brings to a chain (gd-2025-25 art.2, text).
_ROLES = {
    "enterprise": "posts, standards and masters",
    "university": "students, teachers and teaching resources",
    "vocational_college": "students, teachers and teaching resources",
    "technical_school": "students, teachers and teaching resources",
}


@attrs.frozen
class City:
    """A row of ``[[cities]]``: where an organisation is registered, and its region label."""

    id: str
    province: str
    label: str


@attrs.frozen
class OrgPlan:
    """Everything organisations, chains and candidates are drawn from."""

    cities: Choice
    gd_cities: Choice
    lead_kinds: Choice
    member_kinds: Choice
    sizes: Choice
    mixes: Mapping[str, Choice]
    p: Mapping[str, float]
    spans: Mapping[str, tuple[float, float]]
    beijing_chains: int
    gba_reported: tuple[str, ...]
    gba_unreported: tuple[str, ...]


_NUMBERS = (
    *(f"flags.{n}" for n in (*_PROFILE, *_STANDING)),
    *(f"flags.{n}" for n in ("independent_legal_person", "operating_normally", "in_industry_cluster")),
    *(f"flags.{n}" for n in ("national_platform", "self_evaluation_registered")),
    *(f"records.{n}" for n in ("illegal_act", "serious_among_illegal", "disciplinary")),
    *(f"records.{n}" for n in ("dishonesty_listing", "listing_removed")),
    *(
        f"member_records.{n}"
        for n in ("fraud_finding", "major_incident", "especially_major", "general_incident")
    ),
    *(f"member_records.{n}" for n in ("serious_violation", "dishonesty_listing", "listing_removed")),
    *(f"member_records.{n}" for n in ("lost_standing", "withdrawal", "failed_assessment", "idle_year")),
    "member_records.unstated",
    "unstated.flag",
    "unstated.records",
    *(f"chains.{n}" for n in ("joined_later", "left", "same_city")),
    *(f"bj.{n}" for n in ("confirmed_active", "evaluator_registered", "exited", "item_on_list")),
    *(f"gba.{n}" for n in ("list_stated", "own_occupation_listed", "reported")),
)
"""The single numbers (shares) the organisations calibration must hold."""

_SPANS = (
    *(f"insured_staff.{n}" for n in ("large", "medium", "small", "micro", "school")),
    *(f"commitments.{n}" for n in ("partner_enterprises", "jobs", "posts")),
    *(f"chains.{n}" for n in ("members", "established_years", "courses")),
    *(f"bj.{n}" for n in ("established_years", "items", "enterprises", "evaluation_years")),
    "activity.trainees",
    "activity.evaluations",
    "flags.self_evaluation_registered_years",
    "records.look_back_years",
    "member_records.look_back_years",
    "gba.exam_years",
)
"""The ``[low, high]`` ranges it must hold."""

_MIXES: dict[str, tuple[str, ...]] = {
    "lead_kind": typing.get_args(OrganisationKind),
    "member_kind": typing.get_args(OrganisationKind),
    "size_class": ("large", "medium", "small", "micro"),
    "bj.employer": ("evaluator", "chain_enterprise", "outside"),
    "result": ("pass", "fail", "unstated"),
    "gba.counterparts": tuple(_COUNTERPARTS),
}
"""The mixes it must hold, with the options each may name (``gba.region`` names any label)."""


def org_plan(cal: Calibration) -> OrgPlan:
    """Resolve the organisations calibration into a plan (raises InputError naming a bad entry)."""
    cities = [(_city(cal, i, row), s) for i, (row, s) in enumerate(cal.rows("cities"))]
    gd = [(c, s) for c, s in cities if c.province == "guangdong"]
    gd_total = math.fsum(s for _, s in gd)
    if not gd_total:
        raise cal.error("cities", None, "chains need at least one city with province = 'guangdong'")
    mixes = {name: _options(cal, name, allowed) for name, allowed in _MIXES.items()}
    mixes["gba.region"] = Choice.of(cal.mix("gba.region"))
    gba = cal.data.get("gba")
    unreported = gba.get("unreported_occupations") if isinstance(gba, dict) else None
    if not (
        isinstance(unreported, list) and unreported and all(isinstance(x, str) and x for x in unreported)
    ):
        raise cal.error("gba.unreported_occupations", unreported, "expected a list of occupation ids")
    reported = load_policy("gba").parameter("dualcert.gba.reported_occupations").timeline.entries
    return OrgPlan(
        cities=Choice.of(cities),
        gd_cities=Choice.of([(c, s / gd_total) for c, s in gd]),
        lead_kinds=mixes["lead_kind"],
        member_kinds=mixes["member_kind"],
        sizes=mixes["size_class"],
        mixes=mixes,
        p={k: cal.number(k) for k in _NUMBERS},
        spans={k: cal.span(k) for k in _SPANS},
        beijing_chains=max(1, round(cal.figure(cal.name("beijing_chains")))),
        # The occupations the gba pack lists (its latest list): read from the pack, never copied.
        gba_reported=tuple(str(x) for x in _as_list(reported[-1][1] if reported else [])),
        gba_unreported=tuple(unreported),
    )


def _options(cal: Calibration, path: str, allowed: Sequence[str]) -> Choice:
    mix = cal.mix(path)
    for option, _ in mix:
        if option not in allowed:
            raise cal.error(f"{path}.{option}", option, f"expected one of {list(allowed)}")
    return Choice.of(mix)


def _city(cal: Calibration, i: int, row: Mapping[str, object]) -> City:
    """A row of ``[[cities]]``, its ids checked by the Registration model."""
    try:
        Registration.model_validate({"province": row.get("province"), "city": row.get("id")})
        if not isinstance(row.get("label"), str) or not row.get("label"):
            raise ValueError("label: expected the region label (广州, 北京, ...)")
    except (ValidationError, ValueError) as exc:
        msg = exc.errors(include_url=False)[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise cal.error(f"cities[{i}]", dict(row), msg) from None
    return City(str(row["id"]), str(row["province"]), str(row["label"]))


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


# --- small draws --------------------------------------------------------------------------------------


def _int(draw: Draw, span: tuple[float, float]) -> int:
    """An integer from ``low`` to ``high``, both included."""
    low, high = round(span[0]), round(span[1])
    return low + int(draw() * (high - low + 1))


def _skewed_int(draw: Draw, span: tuple[float, float]) -> int:
    """An integer from ``low`` to ``high``, most of them near ``low`` (sizes are skewed that way).

    A cube rather than a logarithm: multiplication is exact IEEE arithmetic everywhere, while
    ``pow`` and ``log`` come from the platform's maths library and may differ in the last bit.
    """
    u = draw()
    return round(span[0] + (span[1] - span[0]) * u * u * u)


def _ago(draw: Draw, on: _dt.date, span: tuple[float, float]) -> _dt.date:
    """A day some years (drawn from ``span``) before ``on``."""
    years = span[0] + (span[1] - span[0]) * draw()
    return on - _dt.timedelta(days=round(years * 365.25))


def _between(draw: Draw, start: _dt.date, end: _dt.date) -> _dt.date:
    return start + _dt.timedelta(days=int(draw() * ((end - start).days + 1)))


def _flag(draw: Draw, p: float, unstated: float) -> bool | None:
    value = draw() < p
    return None if draw() < unstated else value


def _records(draw: Draw, plan: OrgPlan, items: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """A list of records, or ``None`` (not stated) now and then."""
    return None if draw() < plan.p["unstated.records"] else items


# --- organisations --------------------------------------------------------------------------------


def _organisation(draw: Draw, oid: str, plan: OrgPlan, on: _dt.date, kind: str, city: City) -> dict[str, Any]:
    """An organisation's standing data: registration, size, profile and training regime."""
    p, unstated = plan.p, plan.p["unstated.flag"]
    org: dict[str, Any] = {
        "id": oid,
        "kind": kind,
        "registration": {
            "province": city.province,
            "city": city.id,
            "independent_legal_person": _flag(draw, p["flags.independent_legal_person"], unstated),
            "operating_normally": _flag(draw, p["flags.operating_normally"], unstated),
        },
    }
    enterprise = kind == "enterprise"
    if enterprise:
        size = plan.sizes.pick(draw())
        org["size_class"] = size
        org["insured_employees_in_city"] = _skewed_int(draw, plan.spans[f"insured_staff.{size}"])
    else:
        org["insured_employees_in_city"] = _skewed_int(draw, plan.spans["insured_staff.school"])
    profile: dict[str, Any] = {
        name: _flag(draw, p[f"flags.{name}"], unstated) if enterprise else False for name in _PROFILE
    }
    clusters = _flag(draw, p["flags.in_industry_cluster"], unstated)
    profile["industry_clusters"] = None if clusters is None else ([f"{city.id}-cluster"] if clusters else [])
    org["profile"] = profile
    for name in _STANDING:
        org[name] = _flag(draw, p[f"flags.{name}"], unstated)
    platform = _flag(draw, p["flags.national_platform"], unstated)
    if platform is not None:
        org["national_platforms"] = [_PLATFORMS[int(draw() * len(_PLATFORMS))]] if platform else []
    registered = enterprise and draw() < p["flags.self_evaluation_registered"]
    org["self_evaluation_registered"] = registered
    if registered:
        org["self_evaluation_registered_on"] = _ago(
            draw, on, plan.spans["flags.self_evaluation_registered_years"]
        )
    return org


def build_lead(
    draw: Draw, number: int, plan: OrgPlan, on: _dt.date, prefix: str
) -> tuple[dict[str, Any], str]:
    """A chain-lead candidate (an organisation with its clean-record history) and its region label."""
    city: City = plan.cities.pick(draw())
    org = _organisation(draw, f"{prefix}{number + 1:05d}", plan, on, plan.lead_kinds.pick(draw()), city)
    _lead_records(draw, org, plan, on)
    return org, city.label


def _lead_records(draw: Draw, org: dict[str, Any], plan: OrgPlan, on: _dt.date) -> None:
    """Violations and dishonesty listings, some inside the 3-year windows of the lead rules."""
    p, back = plan.p, plan.spans["records.look_back_years"]
    violations: list[dict[str, Any]] = []
    if draw() < p["records.illegal_act"]:
        kind = "serious_illegal_act" if draw() < p["records.serious_among_illegal"] else "illegal_act"
        violations.append({"kind": kind, "on": _ago(draw, on, back)})
    if draw() < p["records.disciplinary"]:
        violations.append({"kind": "disciplinary", "on": _ago(draw, on, back)})
    listings: list[dict[str, Any]] = []
    if draw() < p["records.dishonesty_listing"]:
        listings.append(_listing(draw, on, back, p["records.listing_removed"]))
    org["violations"] = _records(draw, plan, violations)
    org["dishonesty_listings"] = _records(draw, plan, listings)


def _listing(draw: Draw, on: _dt.date, back: tuple[float, float], p_removed: float) -> dict[str, Any]:
    listed = _ago(draw, on, back)
    if draw() < p_removed and listed < on:
        return {"listed_on": listed, "removed_on": _between(draw, listed + _dt.timedelta(days=1), on)}
    return {"listed_on": listed}
