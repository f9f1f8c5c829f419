"""The certificate-subsidy cost line of a what-if: eligible workers per grade priced at ``subsidy.<grade>``.

Shared by the row-by-row and the columnar comparisons, which only count the eligible workers per
grade their own way.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ..exceptions import InputError
from ..ladder import GRADES
from ..policy.policy import Policy
from ..questions.registry import Question
from .parts import CostLine, exact_sum, plain_value

_LADDER: dict[str, int] = {g.id: g.rank for g in GRADES}


def check_cost(question: Question, take_up: float) -> None:
    """Raise when the question has no subsidies to cost, or the take-up rate is not in 0–1."""
    if question.area != "grade":
        msg = f"certificate subsidies are costed for grade questions, not {question.name!r}"
        raise InputError("arguments", [{"loc": ("cost",), "input": True, "type": "no_cost", "msg": msg}])
    if isinstance(take_up, bool) or not isinstance(take_up, int | float) or not 0 <= take_up <= 1:
        msg = "a take-up rate between 0 and 1"
        raise InputError(
            "arguments", [{"loc": ("take_up",), "input": take_up, "type": "bad_take_up", "msg": msg}]
        )


def _subsidy(policy: Policy, grade: str, on: _dt.date) -> float:
    amount = policy.params_at(on).get(f"subsidy.{grade}")
    return float(amount) if isinstance(amount, int | float) and not isinstance(amount, bool) else 0.0


def cost_line(
    question: Question,
    baseline: Policy,
    reform: Policy,
    eligible_baseline: Mapping[str, float],
    eligible_reform: Mapping[str, float],
    on: _dt.date,
    take_up: float,
) -> CostLine:
    """The cost line from the weighted number of eligible workers per grade under each policy.

    Grades come in ladder order; each subsidy parameter read is listed with its value, provenance
    and citation (an unset parameter prices at 0).
    """
    check_cost(question, take_up)
    grades = sorted({*eligible_baseline, *eligible_reform}, key=lambda g: _LADDER.get(g, 99))
    rows = []
    for g in grades:
        n_a, n_b = eligible_baseline.get(g, 0.0), eligible_reform.get(g, 0.0)
        rows.append(
            (g, n_a, n_a * take_up * _subsidy(baseline, g, on), n_b, n_b * take_up * _subsidy(reform, g, on))
        )
    params = []
    for g in grades:
        name = f"subsidy.{g}"
        for pol in (baseline, reform):
            if name in pol.parameters:
                p = pol.parameter(name)
                value = pol.params_at(on).get(name)
                shown = plain_value(value)
                params.append((pol.display_id, name, shown, p.provenance, p.citation))
    return CostLine(
        by_grade=tuple(rows),
        baseline=exact_sum(r[2] for r in rows),
        reform=exact_sum(r[4] for r in rows),
        take_up=take_up,
        parameters=tuple(dict.fromkeys(params)),
    )
