"""The pipeline of one worker: when, looking every few months, they first become eligible for each
certificate grade above the one they hold (issue 17).

The population pipeline (:func:`skilleco.whatif.pipeline`) counts these reaches; its columnar twin
(:mod:`skilleco.columnar.pipeline`) must give the same reach for every worker (a property test
checks it), so this module is the definition both are held to.

Assumptions, the same as :func:`~skilleco.questions.career.plan`'s, on a grid of looks: the worker
keeps working as now (an open work period continues; nothing else new is recorded); at each look
(``on`` plus 0, ``step``, 2·``step``, … months) every grade not yet reached is decided on the
records as of that day; a grade found ``eligible`` is reached at that look, and its certificate is
held ``lead_months`` later (counted from the next look on). ``modelled``: the policy texts give no
projection; the grid and the lead time are parameters.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import attrs

from ..exceptions import InputError
from ..facts.time import add_months
from ..ladder import Grade
from ..models.worker import Worker
from ..policy.policy import Policy
from .career import MAX_LEAD_MONTHS, with_certificate
from .grades import (
    _base_facts,
    _decide_grade,
    _ladder_groups,
    _levels,
    _targets_above,
    by_standard,
    rank_parts,
)

__all__ = [
    "DEFAULT_HORIZONS",
    "DEFAULT_STEP_MONTHS",
    "DEFAULT_YEARS",
    "Reach",
    "certificate_grades_above",
    "looks",
    "worker_pipeline",
]

DEFAULT_HORIZONS = (6, 12, 24, 36)
"""The horizons, in months, a pipeline reports by default (issue 17)."""
DEFAULT_STEP_MONTHS = 3
"""Months between two looks: eligibility is checked on ``on`` and every three months after it."""
DEFAULT_YEARS = 5
"""How far the pipeline looks ahead by default: five years."""
MAX_YEARS = 20
_LAST_DAY = _dt.date(2100, 12, 31)


@attrs.frozen
class Reach:
    """When one worker first becomes eligible for one grade, looking every ``step`` months.

    Attributes:
        grade: the certificate grade id.
        month: the look, in months after the date asked, at which the worker is first eligible;
            ``None`` when not within the horizon looked at.
        routes: the routes (rule ids) that make them eligible then, in the engine's order.
    """

    grade: str
    month: int | None
    routes: tuple[str, ...] = ()


def looks(*, years: int = DEFAULT_YEARS, step_months: int = DEFAULT_STEP_MONTHS) -> tuple[int, ...]:
    """The months after the date asked at which a pipeline looks: 0, step, 2·step, … ≤ years·12.

    Raises:
        InputError: ``years`` not 1–20 or ``step_months`` not 1–12 (both integers).
    """
    _check_int("years", years, 1, MAX_YEARS)
    _check_int("step_months", step_months, 1, 12)
    return tuple(range(0, years * 12 + 1, step_months))


def check_lead(lead_months: object) -> int:
    """``lead_months`` when it is an integer of months within 0–120, else an :class:`InputError`."""
    _check_int("lead_months", lead_months, 0, MAX_LEAD_MONTHS)
    assert isinstance(lead_months, int)
    return lead_months


def check_horizons(horizons: object, months: Sequence[int]) -> tuple[int, ...]:
    """The horizons, each a look of the grid, ascending and distinct."""
    values = tuple(horizons) if isinstance(horizons, Sequence) and not isinstance(horizons, str) else None
    if (
        not values
        or any(isinstance(h, bool) or not isinstance(h, int) or h not in months for h in values)
        or list(values) != sorted(set(values))
    ):
        raise _error(
            "horizons",
            horizons,
            "bad_horizons",
            f"ascending distinct months that are looks of the grid (0 to {months[-1]} by {_step(months)})",
        )
    return values


def certificate_grades_above(worker: Worker, policy: Policy, on: _dt.date) -> list[Grade]:
    """The certificate grades above the one the worker holds on ``on`` that their occupation has
    (the grades :func:`~skilleco.questions.career.plan` plans for); ``worker`` as its standard sees it."""
    base = _base_facts(worker, policy, on, _ladder_groups(policy))
    rank = max((r for r in rank_parts(policy, base, on) if isinstance(r, int)), default=0)
    return [g for g in _targets_above(rank, base, _levels(policy, worker)) if g.kind == "certificate"]


def worker_pipeline(
    worker: Worker, policy: Policy, on: _dt.date, months: Sequence[int], lead_months: int
) -> tuple[Reach, ...]:
    """Of each certificate grade above the one held, the first look at which the worker is eligible.

    ``worker`` is validated; ``months`` are the looks (:func:`looks`). The scalar definition of the
    pipeline (see the module's assumptions).
    """
    w, pol = by_standard(worker, policy)
    above = certificate_grades_above(w, pol, on)
    first: dict[str, tuple[int, tuple[str, ...]]] = {}
    projected = w
    groups = _ladder_groups(pol)
    for m in months:
        day = add_months(on, m)
        base = _base_facts(projected, pol, day, groups)
        reached = []
        for g in above:
            if g.id in first:
                continue
            d = _decide_grade(projected, pol, g, day, base, with_earliest=False)
            if d.status == "eligible":
                first[g.id] = (m, d.deciding)
                reached.append(g)
        for g in reached:  # held from the next look on
            projected = with_certificate(projected, g, add_months(day, lead_months))
        if len(first) == len(above):
            break
    return tuple(Reach(g.id, *first[g.id]) if g.id in first else Reach(g.id, None) for g in above)


def check_span(on: _dt.date, months: Sequence[int], lead_months: int) -> None:
    """The last look plus the lead time must be a date documents can hold (≤ 2100-12-31)."""
    if add_months(on, months[-1] + lead_months) > _LAST_DAY:
        raise _error("on", on.isoformat(), "bad_date", "a date whose looks end by 2100-12-31")


def _step(months: Sequence[int]) -> int:
    return months[1] - months[0] if len(months) > 1 else 1


def _check_int(field: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _error(field, value, f"bad_{field}", f"an integer from {low} to {high}")


def _error(field: str, value: object, kind: str, expected: str) -> InputError:
    return InputError(
        "arguments", [{"loc": (field,), "input": value, "type": kind, "msg": f"expected {expected}"}]
    )
