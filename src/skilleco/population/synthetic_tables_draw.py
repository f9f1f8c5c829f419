"""Synthetic workers drawn in columns: the model generator's sampling plan, one array per draw.

:func:`draw` follows :func:`~skilleco.population.synthetic_workers.build_worker` step for step, with
every per-worker choice made for all workers at once (numpy arrays; loops only over the handful of
certificate levels, titles and periods). The draws are the same distributions, not the same
numbers: the model generator reads ``random.Random``, this one a PCG64 stream per block of workers.
Records the model generator does not draw (:class:`Extras`) are drawn last, so that turning them on
adds records to the same workers. Dates are whole days since 1970-01-01.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from .synthetic_tables_rows import EACH, Bools, Cat, Column, Floats, Ints, Records, join, rows
from .synthetic_workers import LEVELS, Choice, WorkerPlan

__all__ = ["BLOCK", "Extras", "Uniforms", "draw"]

BLOCK = 1 << 14
"""Workers per random stream: draw ``k`` of worker ``i`` depends only on the seed, ``i`` and ``k``,
so a population is the same however it is cut into chunks."""

_SCALE = 1.0 / (1 << 53)
_SENIOR, _TECHNICIAN, _TOP = (LEVELS.index(g) for g in ("senior", "technician", "senior_technician"))
_TITLES = (("junior", _SENIOR), ("intermediate", _TECHNICIAN), ("deputy_senior", _TOP))
_TRAINING_TARGET = {"secondary_vocational": "intermediate", "higher_vocational": "advanced"}
_ASSESSABLE = frozenset({"secondary_vocational", "higher_vocational", "junior_college", "undergraduate"})
_ISSUERS = ("social_evaluation_body", "enterprise_self_evaluation")
_ADULT_DAYS = 16 * 365 + 5
"""Days from a birth to a day on or after the 16th birthday (16 years hold at most 4 leap days)."""
_EMPLOYER = (
    ("employer_above_designated_size", "employers.above_designated_size"),
    ("employer_mainly_skilled_workforce", "employers.mainly_skilled_workforce"),
    ("employer_appoints_special_technicians", "employers.appoints_special_technicians"),
)


@attrs.frozen
class Extras:
    """Records the model generator does not draw, each a share (0: none, as the model generator).

    Attributes:
        other_work: workers with an earlier period of work in another occupation of the mix.
        other_certificates: workers holding a 五级 or 四级 certificate in another occupation.
        undated: certificates (in the worker's occupation) whose issue date is not stated.
    """

    other_work: float = 0.0
    other_certificates: float = 0.0
    undated: float = 0.0


@attrs.frozen(eq=False)
class _Career:
    """What the records of each worker hang on (arrays, one entry per worker)."""

    post: Bools
    chief: Bools
    top: Ints  # the highest certificate, an index into LEVELS
    occ: NDArray[np.intp]  # an index into the plan's occupations
    school: NDArray[np.intp]
    start: Ints  # the first day of work
    birth: Ints
    cert_on: Ints  # (n, 5): the day of the certificate at each level (meaningful where held)
    held: Bools  # (n, 5)
    gap: tuple[Bools, Ints, Ints]  # a break, its first day, the day work resumed


class Uniforms:
    """Numbers in [0, 1) for workers ``start`` … ``start + count - 1``, one array per call.

    Each block of :data:`BLOCK` workers has its own PCG64 stream (``SeedSequence(seed,
    spawn_key=(block,))``), read as raw 64-bit words, whose sequence numpy keeps stable across
    versions (``Generator`` methods may change; the bit generators do not).
    """

    def __init__(self, seed: int, start: int, count: int) -> None:
        first = start // BLOCK
        last = (start + count - 1) // BLOCK
        self._streams = [
            np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(b,))) for b in range(first, last + 1)
        ]
        self._lo = start - first * BLOCK
        self._count = count

    def __call__(self) -> Floats:
        if not self._count:
            return np.empty(0)
        raw = np.concatenate([s.random_raw(BLOCK) for s in self._streams])[self._lo : self._lo + self._count]
        np.right_shift(raw, np.uint64(11), out=raw)  # 53 random bits, as numpy's own random() takes
        out: Floats = np.multiply(raw, _SCALE, dtype=np.float64)
        return out


def pick(choice: Choice, u: Floats) -> NDArray[np.intp]:
    """The index of the option each number falls on (as :meth:`Choice.pick`)."""
    idx = np.searchsorted(np.asarray(choice.cumulative, dtype=np.float64), u, side="right")
    return np.minimum(idx, len(choice.options) - 1)


def _span(u: Floats, span: tuple[float, float]) -> Floats:
    return span[0] + (span[1] - span[0]) * u


def _days(years: Floats) -> Ints:
    return np.rint(years * 365.25).astype(np.int64)


def _between(u: Floats, start: Ints, end: Ints) -> Ints:
    """A day from ``start`` to ``end`` (both included)."""
    return start + (u * (end - start + 1)).astype(np.int64)


def _year(days: Ints) -> Ints:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _day_of(year: Ints, month: int, day: int) -> Ints:
    """The day ``month``/``day`` of each ``year``, in days since 1970-01-01."""
    months = (year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month - 1)
    return months.astype("datetime64[D]").astype(np.int64) + (day - 1)


def _nan(mask: Bools, values: Ints | Floats | Bools) -> Floats:
    """``values`` where ``mask``, blank elsewhere."""
    return np.where(mask, values, np.nan)


def draw(plan: WorkerPlan, u: Uniforms, n: int, on: int, extras: Extras) -> dict[str, Records]:
    """Every record of ``n`` workers as of day ``on``, by table name (``workers`` included)."""
    p = plan.p
    region = pick(plan.regions, u())
    c = _career(plan, u, n, on, region)
    codes = Cat(tuple(str(o["code"]) for o in plan.occupations.options), c.occ)
    issuer = np.stack([u() < p["certificates.enterprise_self_evaluation"] for _ in LEVELS], 1)
    from_year = np.array([p["certificates.self_evaluation_from_year"]], np.int64)
    issuer &= c.cert_on >= _day_of(from_year, 1, 1)[0]
    out = {
        "certificates": rows(
            c.held,
            {
                "level": Cat(LEVELS, EACH),
                "occupation_code": codes,
                "issued_on": c.cert_on,
                "issuer_kind": Cat(_ISSUERS, issuer.astype(np.int64)),
            },
        ),
        "work_periods": _work_periods(u, p, c, on),
        **_schooling(u, p, plan, c, codes),
        "titles": _titles(u, plan, c, on),
    }
    award = Cat(tuple(plan.awards.options), pick(plan.awards, u()))
    has = (c.top >= _SENIOR) & (u() < p["competitions.national_final"])
    day = _between(u(), c.cert_on[:, _SENIOR], np.full(n, on))
    out["competitions"] = rows(has[:, None], {"level": "national_final", "award": award, "on": day})
    special = _between(u(), c.cert_on[:, _TOP], np.full(n, on))
    kinds = Cat(("special_technician", "chief_technician"), EACH)
    starts = np.stack([special, _between(u(), special, np.full(n, on))], 1)
    out["posts"] = rows(np.stack([c.post, c.chief], 1), {"kind": kinds, "start": starts})
    columns: dict[str, Column] = {name: c.post | (u() < p[key]) for name, key in _EMPLOYER}
    columns["frontline"] = c.post | (u() < p["work.frontline"])
    columns["frontline_record"] = c.post | ((c.top >= _TECHNICIAN) & (u() < p["work.frontline_record"]))
    columns |= {"birth_date": c.birth, "records_complete": True, "occupation_code": codes}
    columns |= _occupation_columns(plan.occupations.options, c.occ)
    columns["region"] = Cat(tuple(str(r) for r in plan.regions.options), region)
    out["workers"] = (np.arange(n, dtype=np.int64), columns)
    _extras(u, c, codes, on, extras, out)
    return out


def _career(plan: WorkerPlan, u: Uniforms, n: int, on: int, region: NDArray[np.intp]) -> _Career:
    """The grade, occupation, school and dated career of each worker (build_worker's first half)."""
    p = plan.p
    post = u() < plan.p_post
    chief = post & (u() < plan.p_chief)
    high = u() < np.array([plan.highly_skilled[r] for r in plan.regions.options])[region]
    above = np.asarray(plan.above.options)[pick(plan.above, u())]
    below = np.asarray(plan.below.options)[pick(plan.below, u())]
    top: Ints = np.where(post, _TOP, np.where(high, above, below)).astype(np.int64)
    occs = plan.occupations.options
    top_index = np.array([occs.index(o) for o in plan.top_occupations.options])
    occ = np.where(top == _TOP, top_index[pick(plan.top_occupations, u())], pick(plan.occupations, u()))
    schools = plan.schools.options
    school = pick(plan.schools, u())
    has_class = np.array([s.class_level is not None for s in schools])[school]
    first = (has_class & (top >= 1) & (u() < p["schooling.skip_junior"])).astype(np.int64)

    # Work back from the date asked: the highest certificate, the waits below it (steps[:, k] is
    # the wait from level k to k + 1), the lead-in to the first certificate, all years of work.
    since = _span(u(), plan.spans["careers.since_highest_years"])
    steps = np.zeros((n, len(plan.steps)))
    for k, span in enumerate(plan.steps):
        steps[:, k] = np.where((k >= first) & (k < top), _span(u(), span), 0.0)
    lead_in = _span(u(), plan.spans["careers.first_certificate_years"])
    lo = np.array([s.start_age[0] for s in schools])[school]
    hi = np.array([s.start_age[1] for s in schools])[school]
    start_age = lo + (hi - lo) * u()
    gap = at = np.zeros(n)
    if "careers.break_years" in plan.spans:
        broke = u() < p["careers.break"]
        gap = np.where(broke, _span(u(), plan.spans["careers.break_years"]), 0.0)
        at = np.where(broke, 0.05 + 0.9 * u(), 0.0)  # where it falls, as a share of the working years
    career = since + steps.sum(axis=1) + lead_in + gap
    limit = p["careers.max_age"] - start_age
    scale = np.where(career > limit, limit / career, 1.0)  # nobody past retirement age
    since, lead_in, gap = since * scale, lead_in * scale, gap * scale
    steps *= scale[:, None]
    worked = since + steps.sum(axis=1) + lead_in
    brk = at * worked  # working years back from `on` at which the break ends
    resumed = on - _days(brk)
    paused = resumed - _days(gap)

    def back(years: Floats) -> Ints:
        """The day ``years`` of work before ``on``: before the break, by the last day worked."""
        return np.where((years <= brk) | (gap == 0), on - _days(years), paused - 1 - _days(years - brk))

    to_top = np.cumsum(steps[:, ::-1], axis=1)[:, ::-1]  # the waits from level k up to the top
    cert_on = np.stack([back(since + to_top[:, k]) for k in range(len(plan.steps))] + [back(since)], 1)
    levels = np.arange(len(LEVELS))
    held = (levels >= first[:, None]) & (levels <= top[:, None])
    start = back(worked)
    birth = start - _days(start_age)
    return _Career(post, chief, top, occ, school, start, birth, cert_on, held, (gap > 0, paused, resumed))


def _extras(u: Uniforms, c: _Career, codes: Cat, on: int, extras: Extras, out: dict[str, Records]) -> None:
    """Add the records of :class:`Extras` to ``out`` (drawn after every other record)."""
    n = len(c.top)
    if extras.undated:
        who, cols = out["certificates"]
        level = cols["level"]
        assert isinstance(level, Cat)
        blank = np.stack([u() < extras.undated for _ in LEVELS], 1)[who, level.index]
        cols["issued_on"] = np.where(blank, np.nan, c.cert_on[who, level.index])
    m = len(codes.options)
    if m < 2 or not (extras.other_work or extras.other_certificates):
        return
    other = Cat(codes.options, (c.occ + 1 + (u() * (m - 1)).astype(np.int64)) % m)
    adult = c.birth + _ADULT_DAYS
    if extras.other_work:
        has = (u() < extras.other_work) & (c.start - adult >= 60)
        s = _between(u(), adult, c.start - 31)
        e = _between(u(), s, c.start - 1)
        work = rows(has[:, None], {"start": s, "end": e, "occupation_code": other})
        out["work_periods"] = join(work, out["work_periods"])
    if extras.other_certificates:
        has = u() < extras.other_certificates
        cert: dict[str, Column] = {
            "level": Cat(LEVELS, (u() < 0.5).astype(np.int64)),
            "occupation_code": other,
            "issued_on": _between(u(), adult, np.full(n, on)),
            "issuer_kind": _ISSUERS[0],
        }
        out["certificates"] = join(out["certificates"], rows(has[:, None], cert))


def _work_periods(u: Uniforms, p: Mapping[str, float], c: _Career, on: int) -> Records:
    """Work from the start, split in two by the break or a change of employer; some have stopped
    after their highest certificate (post holders are at work)."""
    start = c.start
    broke, paused, resumed = c.gap
    split = broke & (start < paused) & (paused < resumed) & (resumed <= on)
    span = on - start
    change = ~split & (span > 60) & (u() < p["careers.employer_change"])
    change_on = start + 30 + (u() * (span - 60)).astype(np.int64)
    two = split | change
    second = np.where(split, resumed, change_on)
    end = _nan(two, np.where(split, paused - 1, change_on - 1))
    highest = c.cert_on[np.arange(len(start)), c.top]
    lo = np.maximum(np.where(two, second, start), highest) + 30
    stop = (u() < p["careers.stopped"]) & ~c.post & (lo < on)
    stopped_on = _between(u(), lo, np.full(len(start), on - 1))
    end2 = _nan(two & stop, stopped_on)
    end = np.where(~two & stop, stopped_on, end)
    return rows(
        np.stack([np.ones(len(start), bool), two], 1),
        {"start": np.stack([start, second], 1), "end": np.stack([end, end2], 1)},
    )


def _schooling(
    u: Uniforms, p: Mapping[str, float], plan: WorkerPlan, c: _Career, codes: Cat
) -> dict[str, Records]:
    """A school record ending the 30 June before work started (enrolled the September before)."""
    schools, school, start = plan.schools.options, c.school, c.start
    kinds = tuple(s.kind for s in schools)
    has = np.array([k != "none" for k in kinds])[school]
    year = _year(start)
    year = np.where(start >= _day_of(year, 6, 30), year, year - 1)
    graduated = _day_of(year, 6, 30)
    enrolled = _day_of(year - np.array([s.years for s in schools])[school], 9, 1)
    match = u() < p["schooling.specialty_match"]
    assessable = np.array([k in _ASSESSABLE for k in kinds])[school]
    assessed = _nan(assessable, u() < p["schooling.assessed"])
    prep = np.array([s.class_level == "preparatory_technician" for s in schools])[school]
    prep &= has & (u() < p["schooling.prep_certificate"])
    targets = (None, *sorted(set(_TRAINING_TARGET.values())))
    target = np.array([targets.index(_TRAINING_TARGET.get(k)) for k in kinds])[school]
    education = rows(
        has[:, None],
        {
            "school_kind": Cat(kinds, school),
            "class_level": Cat(tuple(s.class_level for s in schools), school),
            "specialty_match": match,
            "assessed": assessed,
            "training_target": Cat(targets, target),
            "enrolled_on": enrolled,
            "graduated_on": graduated,
        },
    )
    certs = rows(prep[:, None], {"occupation_code": codes, "issued_on": graduated})
    return {"education": education, "prep_technician_certificates": certs}


def _titles(u: Uniforms, plan: WorkerPlan, c: _Career, on: int) -> Records:
    """Junior, intermediate and deputy-senior titles a few years after the matching certificate."""
    n = len(c.top)
    has = np.zeros((n, len(_TITLES)), bool)
    obtained = np.zeros((n, len(_TITLES)), np.int64)
    match = np.zeros((n, len(_TITLES)))
    for j, (level, needs) in enumerate(_TITLES):
        drawn = (c.top >= needs) & (u() < plan.p[f"titles.{level}"])
        obtained[:, j] = c.cert_on[:, needs] + _days(_span(u(), plan.spans["titles.after_certificate_years"]))
        has[:, j] = drawn & (obtained[:, j] <= on)
        match[:, j] = _nan(u() < plan.p["titles.specialty_match"], np.ones(n))
    levels = Cat(tuple(t for t, _ in _TITLES), EACH)
    return rows(has, {"level": levels, "obtained_on": obtained, "specialty_match": match})


def _occupation_columns(occs: Sequence[Mapping[str, object]], occ: NDArray[np.intp]) -> dict[str, Column]:
    def text(key: str) -> Cat:
        return Cat(tuple(None if o.get(key) is None else str(o.get(key)) for o in occs), occ)

    top = np.array(
        [
            np.nan if o.get("has_senior_technician") is None else float(bool(o["has_senior_technician"]))
            for o in occs
        ]
    )
    return {
        "occupation_name": text("name"),
        "occupation_standard_edition": Cat(tuple(str(o.get("standard_edition", "t2023")) for o in occs), occ),
        "occupation_has_senior_technician": top[occ],
    }
