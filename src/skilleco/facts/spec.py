"""Facts: the flat, typed record a rule reads, derived from a model as of a date."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from ..ladder import CERTIFICATE_GRADES
from ..models.worker import Worker
from .holdings import CERT_KEYS, PREP_KEYS, TITLE_KEYS, HoldingKeys
from .legacy import CONTINUOUS_KEYS, FORMAL_KEYS
from .relation import Kinship
from .value import Value
from .worker import ALL_GROUPS, derive, fact_groups

__all__ = ["RANGES", "WORKER_FACTS", "FactSpec", "FactType", "worker_facts"]

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
        most: for a fact that is a range, the fact holding its most favourable value (the most
            months that may count, the earliest date a holding may have); the fact itself holds
            what surely holds. A rule reading ``fact >= x`` (or ``years_since(fact) >= x``) is then
            yes when the fact reaches ``x``, no when even ``most`` does not, and else unknown.
        settled_by: the facts that are unknown exactly when the range is open: a decision left
            unknown by the range names them.
        since: for months of work counted from a date, the fact holding that date.
        stretch: for months of work, whether the fact is the longest single stretch (continuous
            work, 连续从事) rather than a sum: work from the date asked on adds to it only through
            the stretch running on that date, which must itself reach the threshold.
        open_since: for months of work, the fact holding the start of the stretch running on the
            date asked (the one open periods continue): the earliest-date search counts from it.
    """

    name: str
    type: FactType
    description: str
    temporal: bool = False
    most: str | None = None
    settled_by: tuple[str, ...] = ()
    since: str | None = None
    stretch: bool = False
    open_since: str = "work_open_since"


SpecRow = tuple[str, FactType, str] | tuple[str, FactType, str, bool]


def fact_schema(*rows: SpecRow | FactSpec) -> Mapping[str, FactSpec]:
    """A read-only fact schema from ``(name, type, description[, temporal])`` rows or specs."""
    specs = [row if isinstance(row, FactSpec) else FactSpec(*row) for row in rows]
    return MappingProxyType({spec.name: spec for spec in specs})


_WORK = "work_relation_known"


def _holding_rows(keys: HoldingKeys, article: str, what: str) -> list[SpecRow | FactSpec]:
    """The facts of one dated holding (see ``holdings``): held?, since when, and the months since."""
    known = keys.earliest_known
    return [
        (keys.has, "bool", f"holds {article} {what}"),
        FactSpec(
            keys.on,
            "date",
            f"date of the earliest {what} that surely counts",
            most=keys.earliest,
            settled_by=(known,),
        ),
        (keys.earliest, "date", f"the earliest date {article} {what} may have (unknown: an undated one)"),
        (
            known,
            "bool",
            f"the date of the earliest {what} is known (unknown while an undated one, or one that may "
            "not count, could be the earliest)",
        ),
        FactSpec(
            keys.months,
            "int",
            f"cumulative months of work surely counting since the earliest {what}",
            True,
            most=keys.months_max,
            settled_by=(_WORK, known),
            since=keys.on,
        ),
        FactSpec(
            keys.months_max,
            "int",
            f"the most months of work since the earliest {what} that may count",
            True,
            since=keys.earliest,
        ),
    ]


def _continuous_rows(keys: HoldingKeys, low: str, high: str, what: str) -> list[SpecRow | FactSpec]:
    """The longest stretch of work after a certificate (legacy edition: 取得…证书后，连续从事…N年)."""
    return [
        FactSpec(
            low,
            "int",
            f"whole months of the longest stretch of work surely counting since the earliest {what} "
            "(periods clipped at its date)",
            True,
            most=high,
            settled_by=(_WORK, keys.earliest_known),
            since=keys.on,
            stretch=True,
        ),
        FactSpec(
            high,
            "int",
            f"the longest stretch of work since the earliest {what} that may count",
            True,
            since=keys.earliest,
            stretch=True,
        ),
    ]


_CERT_ROWS: list[SpecRow | FactSpec] = []
for _g, (*_, _keys), (_gid, _low, _high) in zip(CERTIFICATE_GRADES, CERT_KEYS, CONTINUOUS_KEYS, strict=True):
    _what = f"{_g.label_en} ({_g.level_zh}) certificate in the occupation"
    _CERT_ROWS += _holding_rows(_keys, "a", _what)
    _CERT_ROWS += _continuous_rows(_keys, _low, _high, _what)
del _g, _keys, _gid, _low, _high, _what
_FORMAL_ROWS: list[SpecRow | FactSpec] = [
    (
        _name,
        "bool",
        f"completed formal training (正规培训, to the standard hours, with the completion certificate) "
        f"for {_g.label_en} ({_g.level_zh}) in the occupation",
    )
    for _g, (_, _name) in zip(CERTIFICATE_GRADES, FORMAL_KEYS, strict=True)
]
_TRAINEE = "trainee_relation_known"
_TITLE_ROWS: list[SpecRow | FactSpec] = []
_TITLE_WHAT = (
    ("a", "junior (初级/助理)"),
    ("an", "intermediate (中级)"),
    ("a", "deputy-senior or full-senior"),
)
for (_title_keys, _levels), (_article, _what) in zip(TITLE_KEYS, _TITLE_WHAT, strict=True):
    _TITLE_ROWS += _holding_rows(_title_keys, _article, f"{_what} title in a matching specialty")
del _title_keys, _levels, _article, _what

WORKER_FACTS: Mapping[str, FactSpec] = fact_schema(
    ("target_rank", "int", "ladder rank of the grade asked about (set by the question)"),
    ("current_rank", "int", "ladder rank of the worker's current grade (set by the question)"),
    ("birth_date", "date", "date of birth"),
    ("occupation_edition", "str", "standard template of the occupation: t2018, t2023 or legacy"),
    ("occupation_has_senior_technician", "bool", "the occupation has a 高级技师 level"),
    FactSpec(
        "work_months",
        "int",
        "cumulative whole months of work surely counting toward the occupation",
        True,
        most="work_months_max",
        settled_by=(_WORK,),
    ),
    (
        "work_months_max",
        "int",
        "the most months of work that may count (periods in unsettled occupations too)",
        True,
    ),
    (_WORK, "bool", "every work period's occupation is settled as counting or not (else unknown)"),
    ("work_open_since", "date", "start of the stretch of work running on the date asked (unknown: none)"),
    FactSpec(
        "continuous_work_months",
        "int",
        "whole months of the longest single stretch of work surely counting toward the occupation "
        "(连续从事; touching periods are one stretch, a day off parts them)",
        True,
        most="continuous_work_months_max",
        settled_by=(_WORK,),
        stretch=True,
    ),
    FactSpec(
        "continuous_work_months_max",
        "int",
        "the longest stretch of work that may count (periods in unsettled occupations too)",
        True,
        stretch=True,
    ),
    FactSpec(
        "trainee_continuous_months",
        "int",
        "whole months of the longest stretch of trainee work (见习) surely in the occupation",
        True,
        most="trainee_continuous_months_max",
        settled_by=(_TRAINEE,),
        stretch=True,
        open_since="trainee_open_since",
    ),
    FactSpec(
        "trainee_continuous_months_max",
        "int",
        "the longest stretch of trainee work that may count (periods in unsettled occupations too)",
        True,
        stretch=True,
        open_since="trainee_open_since",
    ),
    (_TRAINEE, "bool", "every trainee period's occupation is settled as counting or not (else unknown)"),
    (
        "trainee_open_since",
        "date",
        "start of the stretch of trainee work running on the date asked (unknown: none)",
    ),
    *_CERT_ROWS,
    *_holding_rows(PREP_KEYS, "a", "preparatory-technician certificate"),
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
    (
        "graduated_junior_college_related",
        "bool",
        "has graduated with a 专科 (junior-college) degree in the specialty or a related one",
    ),
    (
        "graduated_bachelor_related",
        "bool",
        "has graduated with a 本科 (bachelor's) degree in the specialty or a related one",
    ),
    (
        "grad_master_or_above_related",
        "bool",
        "graduate (current-year incl.) with a master's or doctoral degree in the specialty or a related one",
    ),
    (
        "graduated_doctor_related",
        "bool",
        "has graduated with a doctoral degree in the specialty or a related one",
    ),
    (
        "student_higher_ed_related",
        "bool",
        "a student now (any year of study) of a higher-education institution (higher vocational, "
        "专科 or above) in the specialty or a related one",
    ),
    (
        "grad_assessed_vocational_intermediate_related",
        "bool",
        "as grad_assessed_vocational_intermediate, and in the specialty or a related one "
        "(the standards' wording: 以中级技能为培养目标的中等及以上职业学校本专业或相关专业毕业证书)",
    ),
    (
        "grad_assessed_higher_vocational_advanced_related",
        "bool",
        "as grad_assessed_higher_vocational_advanced, and in the specialty or a related one "
        "(以高级技能为培养目标的高等职业学校本专业或相关专业毕业证书)",
    ),
    *_FORMAL_ROWS,
    *_TITLE_ROWS,
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


def worker_facts(
    worker: Worker,
    on: _dt.date,
    *,
    records_until: _dt.date | None = None,
    only: Iterable[str] | None = None,
    kinship: Kinship | None = None,
) -> dict[str, Value]:
    """Derive the worker's facts as of ``on``.

    Args:
        worker: a validated worker.
        on: the date asked about; durations are counted up to it.
        records_until: records dated after this do not exist (default ``on``). The earliest-date
            search projects a worker forward with ``records_until`` fixed: time passes, nothing else.
        only: the facts wanted (default: every fact of :data:`WORKER_FACTS`). Facts not named may
            be left out; those named have the values a full derivation gives them.
        kinship: what the occupation's standard says of other occupations (``None``: no standard
            on file, so work and certificates in another stated occupation are unknown).
    """
    return derive(worker, on, records_until, ALL_GROUPS if only is None else fact_groups(only), kinship)


RANGES: Mapping[str, FactSpec] = MappingProxyType(
    {spec.name: spec for spec in WORKER_FACTS.values() if spec.most is not None}
)
"""The facts that are ranges (see :attr:`FactSpec.most`), by name."""
