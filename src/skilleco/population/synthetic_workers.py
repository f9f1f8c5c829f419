"""Synthetic workers: a calibration turned into a sampling plan, and one worker drawn from it.

Every draw goes through ``draw()`` (``random.Random(seed).random``), whose sequence Python
guarantees across versions and machines for the same integer seed; nothing else (no ``randint``,
``choice`` or ``gauss``, whose algorithms may change) is used. Dates are whole days counted back
from the date asked.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
from pydantic import ValidationError

from ..exceptions import plain_message
from ..models.worker import Education, Occupation
from .calibration import Calibration

__all__ = ["LEVELS", "WorkerPlan", "build_worker", "worker_plan"]

Draw = Callable[[], float]

LEVELS: tuple[str, ...] = ("junior", "intermediate", "senior", "technician", "senior_technician")
"""Certificate grades from 五级 up to 一级; a worker's level is an index into this tuple."""

_SENIOR = LEVELS.index("senior")
_TECHNICIAN = LEVELS.index("technician")
_TOP = LEVELS.index("senior_technician")
# Assessed vocational schools train to a level by kind (std-2018 四级(3), 三级(2)).
_TRAINING_TARGET = {"secondary_vocational": "intermediate", "higher_vocational": "advanced"}
_ASSESSABLE = frozenset({"secondary_vocational", "higher_vocational", "junior_college", "undergraduate"})
_STEP_KEYS = (
    "after_junior_years",
    "after_intermediate_years",
    "after_senior_years",
    "after_technician_years",
)
_DAY = _dt.timedelta(days=1)


@attrs.frozen
class Choice:
    """Options with cumulative shares, drawn with one number in [0, 1)."""

    options: tuple[Any, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Sequence[tuple[Any, float]]) -> Choice:
        """Options and their shares (adding up to one)."""
        cum = tuple(itertools.accumulate(s for _, s in pairs))
        return cls(tuple(o for o, _ in pairs), cum)

    def pick(self, u: float) -> Any:
        """The option ``u`` falls on."""
        return self.options[min(bisect.bisect_right(self.cumulative, u), len(self.options) - 1)]


@attrs.frozen
class School:
    """A row of ``[[education]]``: a school kind (``none``: no record) and when its leavers start work."""

    kind: str
    class_level: str | None
    years: int
    start_age: tuple[float, float]


@attrs.frozen
class WorkerPlan:
    """Everything a worker is drawn from, resolved from a calibration once per call."""

    id: str
    total: float
    regions: Choice
    highly_skilled: Mapping[str, float]  # P(三级 or above certificate | region, no post)
    p_post: float
    p_chief: float
    below: Choice
    above: Choice
    occupations: Choice
    top_occupations: Choice
    schools: Choice
    p: Mapping[str, float]
    spans: Mapping[str, tuple[float, float]]
    steps: tuple[tuple[float, float], ...]
    awards: Choice


def worker_plan(cal: Calibration) -> WorkerPlan:
    """Resolve a worker calibration into a sampling plan (raises InputError naming a bad entry)."""
    total = cal.figure(cal.name("total"))
    special = cal.figure(cal.name("special_technicians"))
    chief = cal.figure(cal.name("chief_technicians"))
    p_post = special / total
    regions = cal.mix("regions.share")
    known = {
        label: cal.number(f"regions.highly_skilled.{label}")
        for label, _ in regions
        if f"regions.highly_skilled.{label}" in cal.entries
    }
    hs_total = cal.figure(cal.name("highly_skilled")) / total
    known_share = math.fsum(s for label, s in regions if label in known)
    rest = (hs_total - math.fsum(s * known[label] for label, s in regions if label in known)) / max(
        1 - known_share, 1e-12
    )
    # A post holder counts as highly skilled; the certificate draw makes up the rest of the share.
    hs = {label: (known.get(label, rest) - p_post) / (1 - p_post) for label, _ in regions}
    for label, share in hs.items():
        if not 0 <= share <= 1:
            raise cal.error(
                f"regions.share.{label}", share, "the highly-skilled share comes out outside [0, 1]"
            )
    occupations = [
        (_occupation(cal, i, row), share) for i, (row, share) in enumerate(cal.rows("occupations"))
    ]
    tops = [(occ, share) for occ, share in occupations if occ.get("has_senior_technician") is True]
    top_total = math.fsum(s for _, s in tops)
    if not top_total:
        raise cal.error("occupations", None, "at least one occupation needs has_senior_technician = true")
    schools = [(_school(cal, i, row), share) for i, (row, share) in enumerate(cal.rows("education"))]
    probs = (
        "schooling.specialty_match",
        "schooling.skip_junior",
        "schooling.prep_certificate",
        "schooling.assessed",
        "careers.max_age",
        "careers.employer_change",
        "certificates.enterprise_self_evaluation",
        "certificates.self_evaluation_from_year",
        "titles.junior",
        "titles.intermediate",
        "titles.deputy_senior",
        "titles.specialty_match",
        "competitions.national_final",
        "employers.above_designated_size",
        "employers.mainly_skilled_workforce",
        "employers.appoints_special_technicians",
        "work.frontline",
        "work.frontline_record",
    )
    spans = (
        "careers.first_certificate_years",
        "careers.since_highest_years",
        "titles.after_certificate_years",
    )
    # Career breaks and stopped work came later than the other entries: a calibration file
    # without them draws neither (every worker works without a break up to the date asked).
    p_opt = {k: cal.number(k) if k in cal.entries else 0.0 for k in ("careers.break", "careers.stopped")}
    spans_opt = {"careers.break_years": cal.span("careers.break_years")} if p_opt["careers.break"] else {}
    return WorkerPlan(
        id=cal.id,
        total=total,
        regions=Choice.of(regions),
        highly_skilled=hs,
        p_post=p_post,
        p_chief=chief / special,
        below=_levels(cal, "grades.below_senior", LEVELS[:_SENIOR]),
        above=_levels(cal, "grades.senior_and_above", LEVELS[_SENIOR:]),
        occupations=Choice.of(occupations),
        top_occupations=Choice.of([(occ, s / top_total) for occ, s in tops]),
        schools=Choice.of(schools),
        p={**{k: cal.number(k) for k in probs}, **p_opt},
        spans={**{k: cal.span(k) for k in spans}, **spans_opt},
        steps=tuple(cal.span(f"careers.{k}") for k in _STEP_KEYS),
        awards=Choice.of(cal.mix("competitions.award")),
    )


def _levels(cal: Calibration, path: str, allowed: Sequence[str]) -> Choice:
    mix = cal.mix(path)
    for level, _ in mix:
        if level not in allowed:
            raise cal.error(f"{path}.{level}", level, f"expected one of {list(allowed)}")
    return Choice.of([(LEVELS.index(level), share) for level, share in mix])


def _occupation(cal: Calibration, i: int, row: Mapping[str, object]) -> dict[str, object]:
    """A row of ``[[occupations]]`` as occupation data, checked by the Occupation model."""
    occ = {k: row[k] for k in ("code", "name", "standard_edition", "has_senior_technician") if k in row}
    try:
        Occupation.model_validate(occ)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise cal.error(
            f"occupations[{i}]", row, f"{'.'.join(map(str, first['loc']))}: {plain_message(first['msg'])}"
        ) from None
    return occ


def _school(cal: Calibration, i: int, row: Mapping[str, object]) -> School:
    """A row of ``[[education]]``, checked by the Education model (``none``: no record)."""
    kind, level, years, age = (
        row.get("school_kind"),
        row.get("class_level"),
        row.get("years", 0),
        row.get("start_age"),
    )
    try:
        if kind != "none":
            Education.model_validate({"school_kind": kind, "class_level": level})
        if isinstance(years, bool) or not isinstance(years, int) or years < 0:
            raise ValueError("years: expected a whole number of years ≥ 0")
        if not (isinstance(age, list) and len(age) == 2 and all(isinstance(a, int | float) for a in age)):
            raise ValueError("start_age: expected a [low, high] range of ages")
    except (ValidationError, ValueError) as exc:
        msg = exc.errors(include_url=False)[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise cal.error(f"education[{i}]", row, msg) from None
    return School(str(kind), level if isinstance(level, str) else None, years, (float(age[0]), float(age[1])))


# --- one worker ------------------------------------------------------------------------------------


def _years(draw: Draw, span: tuple[float, float]) -> float:
    return span[0] + (span[1] - span[0]) * draw()


def _days(years: float) -> _dt.timedelta:
    return _dt.timedelta(days=round(years * 365.25))


def _between(draw: Draw, start: _dt.date, end: _dt.date) -> _dt.date:
    """A day from ``start`` to ``end`` (both included)."""
    return start + _dt.timedelta(days=int(draw() * ((end - start).days + 1)))


def build_worker(
    draw: Draw, number: int, plan: WorkerPlan, on: _dt.date, prefix: str
) -> tuple[dict[str, Any], str]:
    """One worker's data (ready for ``Worker.model_validate``) and its region label."""
    region = plan.regions.pick(draw())
    post: str | None = None
    if draw() < plan.p_post:
        top = _TOP
        post = "chief_technician" if draw() < plan.p_chief else "special_technician"
    elif draw() < plan.highly_skilled[region]:
        top = plan.above.pick(draw())
    else:
        top = plan.below.pick(draw())
    occ = (plan.top_occupations if top == _TOP else plan.occupations).pick(draw())
    school: School = plan.schools.pick(draw())
    p = plan.p
    first = 1 if school.class_level is not None and top >= 1 and draw() < p["schooling.skip_junior"] else 0

    # Work back from the date asked: the highest certificate, the waits below it, the first job.
    # The waits and the lead-in are years of work; a career break, if any, adds calendar time
    # without work at one point of the career, so that each certificate still follows the work
    # drawn for it (time.md, "Work after a date").
    since = _years(draw, plan.spans["careers.since_highest_years"])
    steps = [_years(draw, plan.steps[k]) for k in range(first, top)]
    lead_in = _years(draw, plan.spans["careers.first_certificate_years"])
    start_age = _years(draw, school.start_age)
    gap = at = 0.0
    if draw() < p["careers.break"]:
        gap = _years(draw, plan.spans["careers.break_years"])
        at = 0.05 + 0.9 * draw()  # where it falls, as a share of the working years back from `on`
    career = since + math.fsum(steps) + lead_in + gap
    limit = p["careers.max_age"] - start_age
    if career > limit:  # compress the career so nobody is past retirement age
        scale = limit / career
        since, lead_in, gap = since * scale, lead_in * scale, gap * scale
        steps = [s * scale for s in steps]
    worked = since + math.fsum(steps) + lead_in
    brk = at * worked  # working years back from `on` at which the break ends
    resumed = on - _days(brk)
    paused = resumed - _days(gap)  # the break's first day (no break: `resumed`)

    def back(years: float) -> _dt.date:
        """The date ``years`` of work before ``on``: before the break, by the last day worked."""
        return on - _days(years) if years <= brk or not gap else paused - _DAY - _days(years - brk)

    back_to = [since]
    for s in reversed(steps):
        back_to.append(back_to[-1] + s)
    dates = [back(y) for y in reversed(back_to)]  # dates[k] is the certificate at level first + k
    start = back(worked)
    code = occ["code"]
    worker: dict[str, Any] = {
        "id": f"{prefix}{number + 1:06d}",
        "birth_date": start - _days(start_age),
        "records_complete": True,
        "occupation": occ,
        "certificates": [
            {
                "level": LEVELS[first + k],
                "occupation_code": code,
                "issued_on": d,
                "issuer_kind": (
                    "enterprise_self_evaluation"
                    if draw() < p["certificates.enterprise_self_evaluation"]
                    and d.year >= p["certificates.self_evaluation_from_year"]
                    else "social_evaluation_body"
                ),
            }
            for k, d in enumerate(dates)
        ],
        "work_periods": _work_periods(
            draw,
            start,
            on,
            p,
            (paused, resumed) if gap else None,
            dates[-1],
            post is None,  # a post holder is at work
        ),
    }
    cert_on = dict(zip(range(first, top + 1), dates, strict=True))
    if school.kind != "none":
        _schooling(draw, worker, school, start, code, p)
    titles = _titles(draw, plan, top, cert_on, on)
    if titles:
        worker["titles"] = titles
    if top >= _SENIOR and draw() < p["competitions.national_final"]:
        worker["competitions"] = [
            {
                "level": "national_final",
                "award": plan.awards.pick(draw()),
                "on": _between(draw, cert_on[_SENIOR], on),
            }
        ]
    if post is not None:
        worker["posts"] = _posts(draw, post, cert_on[_TOP], on)
    worker["employer"] = {
        "above_designated_size": post is not None or draw() < p["employers.above_designated_size"],
        "mainly_skilled_workforce": post is not None or draw() < p["employers.mainly_skilled_workforce"],
        "appoints_special_technicians": post is not None
        or draw() < p["employers.appoints_special_technicians"],
    }
    worker["frontline"] = post is not None or draw() < p["work.frontline"]
    worker["frontline_record"] = post is not None or (
        top >= _TECHNICIAN and draw() < p["work.frontline_record"]
    )
    return worker, str(region)


def _work_periods(
    draw: Draw,
    start: _dt.date,
    on: _dt.date,
    p: Mapping[str, float],
    gap: tuple[_dt.date, _dt.date] | None,
    highest: _dt.date,
    may_stop: bool,
) -> list[dict[str, Any]]:
    """Work from ``start``: a break (``gap``: its first day and the day work resumes) or a change of
    employer splits it in two; for some workers (``may_stop``) the last period has ended after
    ``highest`` (the highest certificate's date), the others are still working (an open period)."""
    periods: list[dict[str, Any]]
    if gap is not None and start < gap[0] and gap[0] < gap[1] <= on:
        periods = [{"start": start, "end": gap[0] - _DAY}, {"start": gap[1]}]
    else:
        span = (on - start).days
        if span > 60 and draw() < p["careers.employer_change"]:
            change = start + _dt.timedelta(days=30 + int(draw() * (span - 60)))
            periods = [{"start": start, "end": change - _DAY}, {"start": change}]
        else:
            periods = [{"start": start}]
    if draw() < p["careers.stopped"] and may_stop:
        last = periods[-1]
        lo = max(last["start"], highest) + _dt.timedelta(days=30)
        if lo < on:
            last["end"] = _between(draw, lo, on - _DAY)
    return periods


def _schooling(
    draw: Draw, worker: dict[str, Any], school: School, start: _dt.date, code: str, p: Mapping[str, float]
) -> None:
    """A school record ending the 30 June before work started (enrolled the September before)."""
    year = start.year if start >= _dt.date(start.year, 6, 30) else start.year - 1
    graduated = _dt.date(year, 6, 30)
    record: dict[str, Any] = {
        "school_kind": school.kind,
        "specialty_match": draw() < p["schooling.specialty_match"],
        "enrolled_on": _dt.date(year - school.years, 9, 1),
        "graduated_on": graduated,
    }
    if school.class_level is not None:
        record["class_level"] = school.class_level
    if school.kind in _TRAINING_TARGET:
        record["training_target"] = _TRAINING_TARGET[school.kind]
    if school.kind in _ASSESSABLE:
        record["assessed"] = draw() < p["schooling.assessed"]
    worker["education"] = [record]
    if school.class_level == "preparatory_technician" and draw() < p["schooling.prep_certificate"]:
        worker["prep_technician_certificates"] = [{"occupation_code": code, "issued_on": graduated}]


def _titles(
    draw: Draw, plan: WorkerPlan, top: int, cert_on: Mapping[int, _dt.date], on: _dt.date
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for level, needs in (("junior", _SENIOR), ("intermediate", _TECHNICIAN), ("deputy_senior", _TOP)):
        if top < needs or draw() >= plan.p[f"titles.{level}"]:
            continue
        obtained = cert_on[needs] + _days(_years(draw, plan.spans["titles.after_certificate_years"]))
        if obtained > on:
            continue
        title: dict[str, Any] = {"level": level, "obtained_on": obtained}
        if draw() < plan.p["titles.specialty_match"]:
            title["specialty_match"] = True
        out.append(title)
    return out


def _posts(draw: Draw, post: str, certified: _dt.date, on: _dt.date) -> list[dict[str, Any]]:
    """A special-technician post after the 一级 certificate; a chief post after that, if drawn."""
    special = _between(draw, certified, on)
    posts = [{"kind": "special_technician", "start": special}]
    if post == "chief_technician":
        posts.append({"kind": "chief_technician", "start": _between(draw, special, on)})
    return posts
