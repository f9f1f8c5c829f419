"""Facts: the flat, typed record a rule reads, derived from a model as of a date."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from ..ladder import CERTIFICATE_GRADES
from ..models.worker import Worker
from .value import Value
from .worker import ALL_GROUPS, derive, fact_groups

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


def worker_facts(
    worker: Worker,
    on: _dt.date,
    *,
    records_until: _dt.date | None = None,
    only: Iterable[str] | None = None,
) -> dict[str, Value]:
    """Derive the worker's facts as of ``on``.

    Args:
        worker: a validated worker.
        on: the date asked about; durations are counted up to it.
        records_until: records dated after this do not exist (default ``on``). The earliest-date
            search projects a worker forward with ``records_until`` fixed: time passes, nothing else.
        only: the facts wanted (default: every fact of :data:`WORKER_FACTS`). Facts not named may
            be left out; those named have the values a full derivation gives them.
    """
    return derive(worker, on, records_until, ALL_GROUPS if only is None else fact_groups(only))
