"""The legacy edition's facts (pre-2018 职业资格 standards; ``standards.md`` lesson 6).

- **Continuous work** (连续从事本职业工作N年以上; ``time.md``, "Continuous work"): the longest single
  stretch of merged work in the occupation, in whole months, overall and after each certificate.
  Derived with the other months of work (:mod:`skilleco.facts.worker`), from the same periods.
- **Trainee work** (在本职业连续见习工作2年以上): the longest stretch of trainee periods
  (``WorkPeriod.kind == "trainee"``) in the occupation. Trainee work is not work: it counts nowhere
  else.
- **Formal training** (经本职业…正规培训达规定标准学时数，并取得结业证书): a completed training for a
  certificate level, in the occupation (or one the standard admits, as for certificates).

Periods in an occupation whose relation no standard settles make the longest stretch a range, as
for cumulative work: the fact holds what surely counts, ``…_max`` the most that may.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from ..ladder import CERTIFICATE_GRADES
from ..models.worker import Worker
from .kleene import or_into
from .relation import Kinship, counts_toward
from .time import Period, longest_months, merge_periods
from .value import Value

__all__ = [
    "CONTINUOUS_KEYS",
    "CONTINUOUS_WORK",
    "FORMAL_KEYS",
    "FORMAL_NAMES",
    "TRAINEE_NAMES",
    "formal_training_facts",
    "trainee_facts",
]

CONTINUOUS_WORK = ("continuous_work_months", "continuous_work_months_max")
"""The longest stretch of work that surely counts, and the most it may be."""
CONTINUOUS_KEYS = tuple(
    (g.id, f"continuous_months_since_cert_{g.id}", f"continuous_months_since_cert_{g.id}_max")
    for g in CERTIFICATE_GRADES
)
"""Per certificate grade: its id and the names of the longest stretch of work after it (sure, most)."""
TRAINEE_NAMES = (
    "trainee_continuous_months",
    "trainee_continuous_months_max",
    "trainee_relation_known",
    "trainee_open_since",
)
"""The trainee-work facts: the longest stretch (sure, most), whether every trainee period's occupation
is settled, and the start of the stretch running on the date asked."""
FORMAL_KEYS = tuple((g.id, f"formal_training_{g.id}") for g in CERTIFICATE_GRADES)
"""Per certificate grade: its id and the name of its formal-training fact."""
FORMAL_NAMES = tuple(name for _, name in FORMAL_KEYS)
_FORMAL_OF = dict(FORMAL_KEYS)


def trainee_facts(spans: tuple[Sequence[Period], Sequence[Period]] | None, on: _dt.date) -> dict[str, Value]:
    """The trainee-work facts as of ``on`` from the trainee periods that surely count and those that
    may (``None``: the periods are not stated)."""
    if spans is None:
        return dict.fromkeys(TRAINEE_NAMES)
    sure, maybe = spans
    if not sure and not maybe:
        return dict(zip(TRAINEE_NAMES, (0, 0, True, None), strict=True))
    merged = merge_periods(sure, on)
    low = longest_months(merged)
    merged_max = merge_periods([*sure, *maybe], on) if maybe else merged
    last = merged_max[-1] if merged_max else None
    return {
        "trainee_continuous_months": low,
        "trainee_continuous_months_max": longest_months(merged_max) if maybe else low,
        "trainee_relation_known": None if maybe else True,
        "trainee_open_since": last[0] if last is not None and last[1] == on else None,
    }


def formal_training_facts(worker: Worker, cutoff: _dt.date, kinship: Kinship | None) -> dict[str, Value]:
    """Per certificate level, whether a formal training for it was completed by ``cutoff`` in the
    occupation: yes, no, or unknown where one in another occupation may count (``None`` for every
    level when the trainings are not stated)."""
    records = worker.formal_trainings
    if not records:
        return dict.fromkeys(FORMAL_NAMES, None if records is None else False)
    out: dict[str, bool | None] = dict.fromkeys(FORMAL_NAMES, False)
    own = worker.occupation.code
    for t in records:
        if t.completed_on <= cutoff:
            or_into(out, _FORMAL_OF[t.level], counts_toward(t.occupation_code, own, kinship))
    return dict(out)
