"""Deriving a worker's facts as of a date, in groups, so a question derives only what its rules read.

Each group is one kind of record (certificates, titles, schooling, ...) and yields a fixed set of
facts; the months of work since a date are groups of their own, being the costly part. A derivation
is asked for a set of groups (:func:`fact_groups` of the fact names a rule set reads) and may
return facts of other groups too. With every group it is :func:`skilleco.facts.worker_facts`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable

from ..ladder import CERTIFICATE_GRADES, grade
from ..models.worker import Education, Title, Worker
from .time import merge_periods, months_in, whole_months
from .value import Value

# --- groups ---------------------------------------------------------------------------------------

WORK = 1 << 0
CERTS = 1 << 1
CERT_MONTHS = 1 << 2
PREP = 1 << 3
PREP_MONTHS = 1 << 4
EDUCATION = 1 << 5
TITLES = 1 << 6
TITLE_MONTHS = 1 << 7
COMPETITIONS = 1 << 8
POSTS = 1 << 9
APPRENTICESHIP = 1 << 10
OTHER = 1 << 11
CONTRIBUTIONS = 1 << 12
ALL_GROUPS = (1 << 13) - 1
_MONTHS = WORK | CERT_MONTHS | PREP_MONTHS | TITLE_MONTHS

# Per certificate grade: its id, rank and the names of its three facts.
_CERT_KEYS = tuple(
    (g.id, g.rank, f"has_cert_{g.id}", f"cert_{g.id}_on", f"work_months_since_cert_{g.id}")
    for g in CERTIFICATE_GRADES
)
_EDUCATION_NAMES = (
    "grad_technical_school_specialty",
    "grad_assessed_vocational_intermediate",
    "grad_senior_technical_school",
    "grad_assessed_higher_vocational_advanced",
    "graduated_college_related",
    "graduated_senior_technical_school",
    "graduated_technician_college",
    "grad_vocational_or_college_specialty",
    "grad_senior_class",
    "grad_higher_vocational_or_college_specialty",
    "grad_assessed_higher_vocational_or_college_specialty",
    "student_technician_college_prep_class",
)
_TITLE_GROUPS = (
    ("has_title_junior", "title_junior_on", frozenset({"junior"})),
    ("has_title_intermediate", "title_intermediate_on", frozenset({"intermediate"})),
    ("has_title_senior", "title_senior_on", frozenset({"deputy_senior", "full_senior"})),
)
# What an empty (stated: none) list of titles gives.
_NO_TITLES: dict[str, Value] = {
    name: (False if name.startswith("has_") else None) for has, on, _ in _TITLE_GROUPS for name in (has, on)
}
_COMPETITION_NAMES = (
    "nat_comp_award",
    "has_tj_city_result",
    "tj_city_best_rank",
    "has_tj_class2_result",
    "tj_class2_best_rank",
    "has_tj_enterprise_result",
    "tj_enterprise_best_pct",
    "tj_comp_promotions_in_year",
)
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
_POST_NAMES = (
    "post_rank",
    "has_post_special_technician",
    "post_special_technician_on",
    "direct_recognition_rank",
    "direct_recognition_waived_rank",
)
_APPRENTICESHIP_NAMES = (
    "has_apprenticeship",
    "apprenticeship_completed",
    "apprenticeship_months",
    "apprenticeship_special_case",
    "apprenticeship_ended",
    "probation_ended",
    "apprentice_wage",
    "local_minimum_wage",
)
_OTHER_NAMES = (
    "employer_above_designated_size",
    "employer_mainly_skilled",
    "employer_appoints_special_technicians",
    "frontline",
    "frontline_record",
    "annual_appraisals_passed",
)

GROUP_OF: dict[str, int] = {
    "birth_date": 0,
    "occupation_edition": 0,
    "occupation_has_senior_technician": 0,
    "work_months": WORK,
    **{name: CERTS for _, _, has, on, _ in _CERT_KEYS for name in (has, on)},
    "cert_rank": CERTS,
    **{months: CERT_MONTHS for *_, months in _CERT_KEYS},
    "has_prep_technician_cert": PREP,
    "prep_technician_cert_on": PREP,
    "work_months_since_prep_technician_cert": PREP_MONTHS,
    **dict.fromkeys(_EDUCATION_NAMES, EDUCATION),
    **{name: TITLES for has, on, _ in _TITLE_GROUPS for name in (has, on)},
    "work_months_since_title_junior": TITLE_MONTHS,
    **dict.fromkeys(_COMPETITION_NAMES, COMPETITIONS),
    **dict.fromkeys(_POST_NAMES, POSTS),
    **dict.fromkeys(_APPRENTICESHIP_NAMES, APPRENTICESHIP),
    **dict.fromkeys(_OTHER_NAMES, OTHER),
    "major_contribution": CONTRIBUTIONS,
}
"""The group that derives each fact (0: derived always)."""


def fact_groups(names: Iterable[str]) -> int:
    """The groups that derive ``names`` (names that are not derived facts are ignored)."""
    groups = 0
    for name in names:
        groups |= GROUP_OF.get(name, 0)
    return groups


# --- Kleene helpers -------------------------------------------------------------------------------


def _any(values: Iterable[bool | None]) -> bool | None:
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


def _all(*values: bool | None) -> bool | None:
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def _or_into(acc: dict[str, bool | None], name: str, value: bool | None) -> None:
    """``acc[name] = acc[name] or value`` in Kleene logic (what ``_any`` gives over a list)."""
    if value is True:
        acc[name] = True
    elif value is None and acc[name] is False:
        acc[name] = None


# --- education --------------------------------------------------------------------------------------

_TECH_SCHOOLS = frozenset({"technical_school", "senior_technical_school", "technician_college"})
_SENIOR_TECH = frozenset({"senior_technical_school", "technician_college"})
_VOCATIONAL = frozenset({"secondary_vocational", "higher_vocational"})
_COLLEGE = frozenset({"higher_vocational", "junior_college", "undergraduate", "postgraduate"})


def _graduate_incl_current_year(e: Education, on: _dt.date) -> bool | None:
    """Graduated on or before ``on``, or enrolled and expected to graduate in ``on``'s year."""
    if e.graduated_on is not None:
        return e.graduated_on <= on or e.graduated_on.year == on.year
    if e.enrolled_on is not None and e.enrolled_on > on:
        return False
    if e.expected_graduation is None:
        return None
    if e.expected_graduation.year == on.year:
        return True
    # Expected in a later year: not yet. Expected in an earlier year with no graduation recorded:
    # whether they graduated is not stated.
    return False if e.expected_graduation > on else None


def _graduated(e: Education, on: _dt.date) -> bool | None:
    if e.graduated_on is not None:
        return e.graduated_on <= on
    if e.expected_graduation is not None and e.expected_graduation > on:
        return False
    if e.enrolled_on is not None and e.enrolled_on > on:
        return False
    return None


def _enrolled(e: Education, on: _dt.date) -> bool | None:
    if e.graduated_on is not None and e.graduated_on <= on:
        return False
    if e.enrolled_on is None:
        return None
    return e.enrolled_on <= on


def _education_facts(records: list[Education] | None, on: _dt.date) -> dict[str, Value]:
    if records is None:
        return dict.fromkeys(_EDUCATION_NAMES)
    out: dict[str, bool | None] = dict.fromkeys(_EDUCATION_NAMES, False)
    for e in records:
        k = e.school_kind
        cy = _graduate_incl_current_year(e, on)
        cy_spec = _all(cy, e.specialty_match)
        if k in _TECH_SCHOOLS:
            _or_into(out, "grad_technical_school_specialty", cy_spec)
            _or_into(out, "grad_vocational_or_college_specialty", cy_spec)
            senior_class = None if e.class_level is None else e.class_level != "intermediate"
            _or_into(out, "grad_senior_class", _all(cy, senior_class))
        if k in _VOCATIONAL:
            target = None if e.training_target is None else e.training_target == "intermediate"
            _or_into(out, "grad_assessed_vocational_intermediate", _all(cy, e.assessed, target))
            _or_into(out, "grad_vocational_or_college_specialty", cy_spec)
        if k == "higher_vocational":
            target = None if e.training_target is None else e.training_target == "advanced"
            _or_into(out, "grad_assessed_higher_vocational_advanced", _all(cy, e.assessed, target))
        if k in _SENIOR_TECH:
            _or_into(out, "grad_senior_technical_school", cy)
            _or_into(out, "graduated_senior_technical_school", _graduated(e, on))
        if k == "technician_college":
            _or_into(out, "graduated_technician_college", _graduated(e, on))
            prep = (
                None if e.class_level is None else e.class_level in ("preparatory_technician", "technician")
            )
            _or_into(out, "student_technician_college_prep_class", _all(_enrolled(e, on), prep))
        if k in _COLLEGE:
            _or_into(out, "grad_vocational_or_college_specialty", cy_spec)
            _or_into(out, "graduated_college_related", _all(_graduated(e, on), e.specialty_match))
            _or_into(out, "grad_higher_vocational_or_college_specialty", cy_spec)
            _or_into(out, "grad_assessed_higher_vocational_or_college_specialty", _all(cy_spec, e.assessed))
    return dict(out)


# --- dated holdings (certificates, titles) ---------------------------------------------------------


def _holding(
    dates: list[_dt.date | None], matches: list[bool | None], cutoff: _dt.date
) -> tuple[bool | None, _dt.date | None]:
    """(held?, earliest date) from records that each have a date and a match flag.

    A record dated after the cutoff does not exist yet. When a dated, matching record exists, the
    earliest such date is the answer: an undated record, or one whose match is not stated, does
    not displace it (the dated record is the evidence). Only when no dated, matching record exists
    do such records make the answer unknown.
    """
    known = [d for d, m in zip(dates, matches, strict=True) if m is True and d is not None and d <= cutoff]
    if known:
        return True, min(known)
    vague = any(
        (m is None and (d is None or d <= cutoff)) or (m is True and d is None)
        for d, m in zip(dates, matches, strict=True)
    )
    return (None if vague else False), None


def _cert_holdings(worker: Worker, cutoff: _dt.date) -> tuple[dict[str, _dt.date], set[str]]:
    """By grade id, the earliest issue date of a certificate in the occupation up to the cutoff;
    and the grades with an undated one. :func:`_holding` over each grade's certificates, in one pass."""
    earliest: dict[str, _dt.date] = {}
    undated: set[str] = set()
    code = worker.occupation.code
    for c in worker.certificates or ():
        if c.occupation_code != code:
            continue
        day = c.issued_on
        if day is None:
            undated.add(c.level)
        elif day <= cutoff:
            seen = earliest.get(c.level)
            if seen is None or day < seen:
                earliest[c.level] = day
    return earliest, undated


def _title_facts(titles: list[Title] | None, cutoff: _dt.date) -> dict[str, Value]:
    if titles is not None and not titles:
        return dict(_NO_TITLES)
    out: dict[str, Value] = {}
    for has, on_key, levels in _TITLE_GROUPS:
        if titles is None:
            out[has] = out[on_key] = None
            continue
        rows = [t for t in titles if t.level in levels]
        if rows:
            out[has], out[on_key] = _holding(
                [t.obtained_on for t in rows], [t.specialty_match for t in rows], cutoff
            )
        else:
            out[has], out[on_key] = False, None
    return out


# --- competitions, posts, apprenticeship ------------------------------------------------------------


def _best(values: list[float | None], present: bool | None) -> float | None:
    if present is not True or any(v is None for v in values):
        return None
    return min(v for v in values if v is not None)


def _competition_facts(worker: Worker, on: _dt.date, cutoff: _dt.date) -> dict[str, Value]:
    comps = worker.competitions
    if comps is None:
        return dict.fromkeys(_COMPETITION_NAMES)
    if not comps:
        return dict(_NO_COMPETITIONS)
    seen = [c for c in comps if c.on <= cutoff]
    national = [c for c in seen if c.level == "national_final"]
    awards = [None if c.award is None else c.award != "none" for c in national]
    out: dict[str, Value] = {"nat_comp_award": _any(awards)}
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


def _post_facts(worker: Worker, cutoff: _dt.date) -> dict[str, Value]:
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


def _apprenticeship_facts(worker: Worker, cutoff: _dt.date) -> dict[str, Value]:
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
        return dict.fromkeys(_APPRENTICESHIP_NAMES)
    ended = None if a.end is None else a.end <= cutoff
    in_occupation = a.occupation_code == worker.occupation.code
    started = a.start <= cutoff
    return {
        "has_apprenticeship": started,
        "apprenticeship_completed": _all(started, in_occupation, ended, a.completed),
        "apprenticeship_months": None if a.end is None else whole_months(a.start, a.end),
        "apprenticeship_special_case": a.special_case,
        "apprenticeship_ended": ended,
        "probation_ended": None if a.probation_end is None else a.probation_end <= cutoff,
        "apprentice_wage": a.monthly_wage,
        "local_minimum_wage": a.local_minimum_wage,
    }


# --- the derivation -----------------------------------------------------------------------------------


def derive(
    worker: Worker, on: _dt.date, records_until: _dt.date | None = None, groups: int = ALL_GROUPS
) -> dict[str, Value]:
    """The worker's facts as of ``on`` of at least ``groups`` (see :func:`skilleco.facts.worker_facts`).

    With every group the facts come in the order of the schema, group by group.
    """
    cutoff = on if records_until is None else min(records_until, on)
    occ = worker.occupation
    f: dict[str, Value] = {
        "birth_date": worker.birth_date,
        "occupation_edition": occ.standard_edition,
        "occupation_has_senior_technician": occ.has_senior_technician,
    }
    # Work periods merged once; the months since each date are counted from them.
    merged: list[tuple[_dt.date, _dt.date]] | None = None
    if groups & _MONTHS and worker.work_periods is not None:
        merged = merge_periods(((p.start, p.end) for p in worker.work_periods if p.start <= cutoff), on)
    if groups & WORK:
        f["work_months"] = None if merged is None else months_in(merged)

    def months_since(day: Value) -> Value:
        if merged is None or not isinstance(day, _dt.date):
            return None
        return months_in(merged, day)

    if groups & (CERTS | CERT_MONTHS):
        _certs(f, worker, cutoff, months_since if groups & CERT_MONTHS else None)
    if groups & (PREP | PREP_MONTHS):
        _prep(f, worker, cutoff)
        if groups & PREP_MONTHS:
            f["work_months_since_prep_technician_cert"] = months_since(f["prep_technician_cert_on"])
    if groups & EDUCATION:
        f.update(_education_facts(worker.education, on if records_until is None else cutoff))
    if groups & (TITLES | TITLE_MONTHS):
        f.update(_title_facts(worker.titles, cutoff))
        if groups & TITLE_MONTHS:
            f["work_months_since_title_junior"] = months_since(f["title_junior_on"])
    if groups & COMPETITIONS:
        f.update(_competition_facts(worker, on, cutoff))
    if groups & POSTS:
        f.update(_post_facts(worker, cutoff))
    if groups & APPRENTICESHIP:
        f.update(_apprenticeship_facts(worker, cutoff))
    if groups & OTHER:
        _other(f, worker)
    if groups & CONTRIBUTIONS:
        contributions = worker.contributions
        f["major_contribution"] = (
            None if contributions is None else any(c.on <= cutoff for c in contributions)
        )
    return f


def _certs(
    f: dict[str, Value], worker: Worker, cutoff: _dt.date, months_since: Callable[[Value], Value] | None
) -> None:
    certs = worker.certificates
    earliest, undated = ({}, set()) if certs is None else _cert_holdings(worker, cutoff)
    cert_rank: int | None = 0
    for gid, rank, has, on_key, months in _CERT_KEYS:
        day = earliest.get(gid)
        held = None if certs is None else (True if day is not None else (None if gid in undated else False))
        f[has] = held
        f[on_key] = day
        if months_since is not None:
            f[months] = months_since(day)
        if held is True:
            cert_rank = rank
        elif held is None and cert_rank is not None and rank > cert_rank:
            cert_rank = None
    f["cert_rank"] = None if certs is None else cert_rank


def _prep(f: dict[str, Value], worker: Worker, cutoff: _dt.date) -> None:
    preps = worker.prep_technician_certificates
    if preps is None:
        f["has_prep_technician_cert"] = f["prep_technician_cert_on"] = None
        return
    code = worker.occupation.code
    rows = [c for c in preps if c.occupation_code == code]
    f["has_prep_technician_cert"], f["prep_technician_cert_on"] = _holding(
        [c.issued_on for c in rows], [True] * len(rows), cutoff
    )


def _other(f: dict[str, Value], worker: Worker) -> None:
    emp = worker.employer
    f["employer_above_designated_size"] = None if emp is None else emp.above_designated_size
    f["employer_mainly_skilled"] = None if emp is None else emp.mainly_skilled_workforce
    f["employer_appoints_special_technicians"] = None if emp is None else emp.appoints_special_technicians
    f["frontline"] = worker.frontline
    f["frontline_record"] = worker.frontline_record
    f["annual_appraisals_passed"] = worker.annual_appraisals_passed
