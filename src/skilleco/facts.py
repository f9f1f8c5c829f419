"""Facts: the flat, typed record a rule reads, derived from a model as of a date.

Facts are the one contract between data and rules. Each fact is a value or unknown (``None``);
"known absent" is spelled with a companion ``has_…`` flag (``has_cert_senior`` false), so a rule
never confuses "no certificate" with "not stated". Records dated after ``on`` do not exist yet.

Example:
    >>> from skilleco.facts import WORKER_FACTS
    >>> WORKER_FACTS["work_months"].type, WORKER_FACTS["work_months"].temporal
    ('int', True)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from ._expr import Value
from ._time import cumulative_months, whole_months
from .ladder import CERTIFICATE_GRADES, grade
from .models import Education, Title, Worker

__all__ = ["WORKER_FACTS", "FactSpec", "FactType", "worker_facts"]

FactType = Literal["bool", "int", "float", "str", "date"]


@attrs.frozen
class FactSpec:
    """The schema of one fact.

    Attributes:
        name: the fact name rules refer to.
        type: its value type.
        description: what it means, in English.
        temporal: whether it grows with time alone (open work periods continue); only such facts
            and anniversaries may stand in the way of an "earliest date".
    """

    name: str
    type: FactType
    description: str
    temporal: bool = False


SpecRow = tuple[str, FactType, str] | tuple[str, FactType, str, bool]


def fact_schema(*rows: SpecRow) -> Mapping[str, FactSpec]:
    """A read-only fact schema from ``(name, type, description[, temporal])`` rows."""
    return MappingProxyType({row[0]: FactSpec(*row) for row in rows})


_CERT_ROWS: list[SpecRow] = []
for _g in CERTIFICATE_GRADES:
    _CERT_ROWS += [
        (f"has_cert_{_g.id}", "bool", f"holds a {_g.label_en} ({_g.level_zh}) certificate in the occupation"),
        (f"cert_{_g.id}_on", "date", f"issue date of the earliest {_g.label_en} certificate"),
        (
            f"work_months_since_cert_{_g.id}",
            "int",
            f"cumulative months of work since the {_g.label_en} certificate",
            True,
        ),
    ]
del _g

WORKER_FACTS: Mapping[str, FactSpec] = fact_schema(
    ("target_rank", "int", "ladder rank of the grade asked about (set by the question)"),
    ("current_rank", "int", "ladder rank of the worker's current grade (set by the question)"),
    ("birth_date", "date", "date of birth"),
    ("occupation_edition", "str", "standard template of the occupation: t2018 or t2023"),
    ("occupation_has_senior_technician", "bool", "the occupation has a 高级技师 level"),
    ("work_months", "int", "cumulative whole months of work in the occupation or a related one", True),
    *_CERT_ROWS,
    ("has_prep_technician_cert", "bool", "holds a preparatory-technician certificate"),
    ("prep_technician_cert_on", "date", "issue date of the preparatory-technician certificate"),
    (
        "work_months_since_prep_technician_cert",
        "int",
        "cumulative months of work since the preparatory-technician certificate",
        True,
    ),
    ("cert_rank", "int", "ladder rank of the highest certificate held (0: none)"),
    ("post_rank", "int", "ladder rank of the post currently held (0: none)"),
    ("direct_recognition_rank", "int", "highest rank recognised directly without waived limits (0: none)"),
    (
        "direct_recognition_waived_rank",
        "int",
        "highest rank recognised directly with limits waived (0: none)",
    ),
    (
        "grad_technical_school_specialty",
        "bool",
        "graduate (current-year incl.) of a technical school in the specialty",
    ),
    (
        "grad_assessed_vocational_intermediate",
        "bool",
        "graduate (current-year incl.) of an assessed secondary or higher vocational school "
        "training to intermediate skill",
    ),
    (
        "grad_senior_technical_school",
        "bool",
        "graduate (current-year incl.) of a senior technical school or technician college",
    ),
    (
        "grad_assessed_higher_vocational_advanced",
        "bool",
        "graduate (current-year incl.) of an assessed higher vocational school training to advanced skill",
    ),
    (
        "graduated_college_related",
        "bool",
        "has graduated from college (大专) or above in a related specialty",
    ),
    (
        "graduated_senior_technical_school",
        "bool",
        "has graduated from a senior technical school or technician college",
    ),
    ("graduated_technician_college", "bool", "has graduated from a technician college"),
    (
        "grad_vocational_or_college_specialty",
        "bool",
        "graduate (current-year incl.) in the specialty of a technical school, secondary or "
        "higher vocational school, or 专科-or-above institution",
    ),
    (
        "grad_senior_class",
        "bool",
        "graduate (current-year incl.) of a technical school's senior-worker class or higher",
    ),
    (
        "grad_higher_vocational_or_college_specialty",
        "bool",
        "graduate (current-year incl.) in the specialty of a higher vocational school or "
        "专科-or-above institution",
    ),
    (
        "grad_assessed_higher_vocational_or_college_specialty",
        "bool",
        "as above, and the institution is assessed (经评估论证)",
    ),
    (
        "student_technician_college_prep_class",
        "bool",
        "enrolled in a technician college's preparatory-technician or technician class",
    ),
    ("has_title_junior", "bool", "holds a junior (初级/助理) title in a matching specialty"),
    ("title_junior_on", "date", "date the junior title was obtained"),
    ("work_months_since_title_junior", "int", "cumulative months of work since the junior title", True),
    ("has_title_intermediate", "bool", "holds an intermediate (中级) title in a matching specialty"),
    ("title_intermediate_on", "date", "date the intermediate title was obtained"),
    ("has_title_senior", "bool", "holds a deputy-senior or full-senior title in a matching specialty"),
    ("title_senior_on", "date", "date the senior title was obtained"),
    ("nat_comp_award", "bool", "honourable mention or better in a national skills competition final"),
    ("has_tj_city_result", "bool", "placed in a Tianjin city comprehensive or class-1 competition"),
    ("tj_city_best_rank", "int", "best placing in those"),
    ("has_tj_class2_result", "bool", "placed in a Tianjin city class-2 or district competition"),
    ("tj_class2_best_rank", "int", "best placing in those"),
    ("has_tj_enterprise_result", "bool", "placed in a Tianjin enterprise or school competition"),
    ("tj_enterprise_best_pct", "float", "best placing in those, as a percentage of entrants"),
    ("tj_comp_promotions_in_year", "int", "competition promotions already granted in the calendar year"),
    (
        "major_contribution",
        "bool",
        "solved a major problem, won a provincial-or-higher award, or mentored outstandingly",
    ),
    ("has_post_special_technician", "bool", "currently holds a special-technician post"),
    ("post_special_technician_on", "date", "start of the current special-technician post"),
    ("employer_above_designated_size", "bool", "the employer is above designated size"),
    ("employer_mainly_skilled", "bool", "the employer's workforce is mainly skilled workers"),
    ("employer_appoints_special_technicians", "bool", "the employer already appoints special technicians"),
    ("frontline", "bool", "serves on the production or research front line"),
    ("frontline_record", "bool", "strong record of solving front-line problems or of mentoring"),
    ("has_apprenticeship", "bool", "has an apprenticeship record"),
    ("apprenticeship_completed", "bool", "completed an apprenticeship in the occupation"),
    ("apprenticeship_months", "int", "length of the apprenticeship in whole months"),
    ("apprenticeship_special_case", "bool", "the enterprise invokes the special case (up to 3 years)"),
    ("apprenticeship_ended", "bool", "the apprenticeship has ended"),
    ("probation_ended", "bool", "the probation period has ended"),
    ("apprentice_wage", "float", "the apprentice's monthly wage"),
    ("local_minimum_wage", "float", "the local monthly minimum wage"),
    ("annual_appraisals_passed", "int", "consecutive most recent annual appraisals passed"),
)

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
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


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
    names = [
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
    ]
    if records is None:
        return dict.fromkeys(names)
    rows: dict[str, list[bool | None]] = {n: [] for n in names}
    for e in records:
        k = e.school_kind
        cy = _graduate_incl_current_year(e, on)
        done = _graduated(e, on)
        spec = e.specialty_match
        if k in _TECH_SCHOOLS:
            rows["grad_technical_school_specialty"].append(_all(cy, spec))
            rows["grad_vocational_or_college_specialty"].append(_all(cy, spec))
            senior_class = None if e.class_level is None else e.class_level != "intermediate"
            rows["grad_senior_class"].append(_all(cy, senior_class))
        if k in _VOCATIONAL:
            target = None if e.training_target is None else e.training_target == "intermediate"
            rows["grad_assessed_vocational_intermediate"].append(_all(cy, e.assessed, target))
            rows["grad_vocational_or_college_specialty"].append(_all(cy, spec))
        if k == "higher_vocational":
            target = None if e.training_target is None else e.training_target == "advanced"
            rows["grad_assessed_higher_vocational_advanced"].append(_all(cy, e.assessed, target))
        if k in _SENIOR_TECH:
            rows["grad_senior_technical_school"].append(cy)
            rows["graduated_senior_technical_school"].append(done)
        if k == "technician_college":
            rows["graduated_technician_college"].append(done)
            prep = (
                None if e.class_level is None else e.class_level in ("preparatory_technician", "technician")
            )
            rows["student_technician_college_prep_class"].append(_all(_enrolled(e, on), prep))
        if k in _COLLEGE:
            rows["grad_vocational_or_college_specialty"].append(_all(cy, spec))
            rows["graduated_college_related"].append(_all(done, spec))
            rows["grad_higher_vocational_or_college_specialty"].append(_all(cy, spec))
            rows["grad_assessed_higher_vocational_or_college_specialty"].append(_all(cy, spec, e.assessed))
    return {n: _any(v) for n, v in rows.items()}


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


def _title_facts(titles: list[Title] | None, cutoff: _dt.date) -> dict[str, Value]:
    out: dict[str, Value] = {}
    groups = {
        "junior": {"junior"},
        "intermediate": {"intermediate"},
        "senior": {"deputy_senior", "full_senior"},
    }
    for name, levels in groups.items():
        if titles is None:
            out[f"has_title_{name}"] = out[f"title_{name}_on"] = None
            continue
        rows = [t for t in titles if t.level in levels]
        held, on = _holding([t.obtained_on for t in rows], [t.specialty_match for t in rows], cutoff)
        out[f"has_title_{name}"] = held
        out[f"title_{name}_on"] = on
    return out


def _best(values: list[float | None], present: bool | None) -> float | None:
    if present is not True or any(v is None for v in values):
        return None
    return min(v for v in values if v is not None)


def worker_facts(worker: Worker, on: _dt.date, *, records_until: _dt.date | None = None) -> dict[str, Value]:
    """Derive the worker's facts as of ``on``.

    Args:
        worker: a validated worker.
        on: the date asked about; durations are counted up to it.
        records_until: records dated after this do not exist (default ``on``). The earliest-date
            search projects a worker forward with ``records_until`` fixed: time passes, nothing else.
    """
    cutoff = on if records_until is None else min(records_until, on)
    occ = worker.occupation
    periods = (
        None
        if worker.work_periods is None
        else [(p.start, p.end) for p in worker.work_periods if p.start <= cutoff]
    )
    f: dict[str, Value] = {
        "birth_date": worker.birth_date,
        "occupation_edition": occ.standard_edition,
        "occupation_has_senior_technician": occ.has_senior_technician,
        "work_months": None if periods is None else cumulative_months(periods, on),
    }

    def months_since(day: Value) -> Value:
        if periods is None or not isinstance(day, _dt.date):
            return None
        return cumulative_months(periods, on, since=day)

    cert_rank: int | None = 0
    certs = worker.certificates
    for g in CERTIFICATE_GRADES:
        if certs is None:
            held, day = None, None
        else:
            rows = [c for c in certs if c.level == g.id and c.occupation_code == occ.code]
            held, day = _holding([c.issued_on for c in rows], [True] * len(rows), cutoff)
        f[f"has_cert_{g.id}"] = held
        f[f"cert_{g.id}_on"] = day
        f[f"work_months_since_cert_{g.id}"] = months_since(day)
        if held is True:
            cert_rank = g.rank
        elif held is None and cert_rank is not None and g.rank > cert_rank:
            cert_rank = None
    f["cert_rank"] = None if certs is None else cert_rank

    preps = worker.prep_technician_certificates
    if preps is None:
        f["has_prep_technician_cert"] = f["prep_technician_cert_on"] = None
    else:
        rows_p = [c for c in preps if c.occupation_code == occ.code]
        held, day = _holding([c.issued_on for c in rows_p], [True] * len(rows_p), cutoff)
        f["has_prep_technician_cert"], f["prep_technician_cert_on"] = held, day
    f["work_months_since_prep_technician_cert"] = months_since(f["prep_technician_cert_on"])

    f.update(_education_facts(worker.education, on if records_until is None else cutoff))
    f.update(_title_facts(worker.titles, cutoff))
    f["work_months_since_title_junior"] = months_since(f["title_junior_on"])
    f.update(_competition_facts(worker, on, cutoff))
    f.update(_post_facts(worker, cutoff))
    f.update(_apprenticeship_facts(worker, cutoff))
    emp = worker.employer
    f["employer_above_designated_size"] = None if emp is None else emp.above_designated_size
    f["employer_mainly_skilled"] = None if emp is None else emp.mainly_skilled_workforce
    f["employer_appoints_special_technicians"] = None if emp is None else emp.appoints_special_technicians
    f["frontline"] = worker.frontline
    f["frontline_record"] = worker.frontline_record
    f["annual_appraisals_passed"] = worker.annual_appraisals_passed
    contributions = worker.contributions
    f["major_contribution"] = None if contributions is None else any(c.on <= cutoff for c in contributions)
    return f


def _competition_facts(worker: Worker, on: _dt.date, cutoff: _dt.date) -> dict[str, Value]:
    comps = worker.competitions
    names = [
        "nat_comp_award",
        "has_tj_city_result",
        "tj_city_best_rank",
        "has_tj_class2_result",
        "tj_class2_best_rank",
        "has_tj_enterprise_result",
        "tj_enterprise_best_pct",
        "tj_comp_promotions_in_year",
    ]
    if comps is None:
        return dict.fromkeys(names)
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
            out[f"{name}_best_rank"] = _best(
                [None if c.rank is None else float(c.rank) for c in rows], present
            )
            if out[f"{name}_best_rank"] is not None:
                out[f"{name}_best_rank"] = int(out[f"{name}_best_rank"])  # type: ignore[arg-type]  # a float just set
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
    else:
        current = [p for p in worker.posts if p.start <= cutoff and (p.end is None or p.end > cutoff)]
        out["post_rank"] = max((grade(p.kind).rank for p in current), default=0)
        special = [p.start for p in current if p.kind == "special_technician"]
        out["has_post_special_technician"] = bool(special)
        out["post_special_technician_on"] = min(special) if special else None
    recs = worker.direct_recognitions
    if recs is None:
        out["direct_recognition_rank"] = out["direct_recognition_waived_rank"] = None
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
        return dict.fromkeys(
            [
                "has_apprenticeship",
                "apprenticeship_completed",
                "apprenticeship_months",
                "apprenticeship_special_case",
                "apprenticeship_ended",
                "probation_ended",
                "apprentice_wage",
                "local_minimum_wage",
            ]
        )
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
