"""Sweeps: the outcome counts as one parameter moves through values, each a reform of a policy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..exceptions import InputError
from ..models.dates import as_date
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..population.population import OnError, Source
from ..questions.registry import Question, parse_question
from .compare import (
    Engine,
    Progress,
    _chunks,
    _cost_line,
    _fast,
    _is_facts_frame,
    _label,
    _offset,
    _plain,
    _population,
    _ref,
    evaluate,
)
from .cost import check_cost, cost_line
from .parts import Sum, exact_sum
from .sweep import Sweep, SweepPoint
from .weights import population_weights as _weights
from .weights import weight_values as _weight_values
from .weights import weights_error as _weights_error

__all__ = ["sweep"]


def sweep(
    population: Source,
    question: str | Question,
    *,
    parameter: str,
    values: Iterable[object],
    policy: str | Policy,
    on: object,
    weights: Sequence[float] | None = None,
    cost: bool = False,
    take_up: float = 1.0,
    on_error: OnError = "raise",
    progress: Progress | None = None,
    engine: Engine = "auto",
) -> Sweep:
    """The outcome counts as ``parameter`` moves through ``values`` (each a reform of ``policy``).

    Arguments as for :func:`~skilleco.compare`. On the columnar path (``engine``) the population is
    derived once, chunk by chunk, and every value is answered on each chunk.

    Raises:
        UnknownParameterError: ``policy`` has no such parameter.
        PolicyFileError: a value of the wrong type for the parameter.
    """
    q = parse_question(question)
    day = as_date(on)
    pol = load_policy(policy)
    pol.parameter(parameter)  # raises UnknownParameterError, with the closest name
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise InputError(
            "arguments",
            [{"loc": ("values",), "input": values, "type": "bad_type", "msg": "expected a list of values"}],
        )
    vals = list(values)
    if not vals:
        raise InputError(
            "arguments",
            [{"loc": ("values",), "input": vals, "type": "empty", "msg": "at least one value to sweep"}],
        )
    reforms = [pol.with_changes({parameter: v}, label=_label(parameter, v)) for v in vals]
    if _is_facts_frame(population) or _fast(engine, population, pol, pol):
        return _sweep_fast(
            population, q, pol, parameter, vals, reforms, day, weights, cost, take_up, on_error
        )
    pop = _population(population, q, pol, on_error)
    w = _weights(pop, weights)
    total = len(pop) * len(vals)
    points = []
    for k, (v, ref) in enumerate(zip(vals, reforms, strict=True)):
        outs = evaluate(
            pop,
            q,
            ref,
            day,
            _offset(progress, k * len(pop), total),
        )
        counts = {
            s: exact_sum(x for o, x in zip(outs, w, strict=True) if o.status == s)
            for s in dict.fromkeys([*q.statuses, *(o.status for o in outs)])
        }
        rows = {s: sum(1 for o in outs if o.status == s) for s in counts}
        money = None
        if cost:
            money = _cost_line(q, pol, ref, outs, outs, w, day, take_up).reform
        points.append(SweepPoint(_plain(v), counts, rows, money))
    return _result(q, pol, parameter, day, points, len(pop), exact_sum(w), pop.source)


def _sweep_fast(
    population: object,
    q: Question,
    pol: Policy,
    parameter: str,
    vals: Sequence[object],
    reforms: Sequence[Policy],
    day: Any,
    weights: Sequence[float] | None,
    cost: bool,
    take_up: float,
    on_error: OnError,
) -> Sweep:
    """:func:`sweep` by the columnar evaluator: each chunk derived once, answered for every value."""
    from . import chunked

    if cost:
        check_cost(q, take_up)  # before any work, as the row-by-row path does
    weights = _weight_values(weights)
    totals = [chunked.Totals() for _ in reforms]
    meta: dict[str, object] = {}
    subjects = 0
    weight = Sum()
    for chunk in _chunks(population, q, pol, (pol, *reforms), day, on_error, meta):
        for k, ref in enumerate(reforms):
            status, w, out = chunked.answer_chunk(chunk, q, ref, day, weights)
            totals[k].add_statuses(status, status, w)
            if cost:
                totals[k].add_eligible(0, out, w)
        subjects += len(status)
        chunked.add_weights(weight, w)
    if weights is not None and len(weights) != subjects:
        _weights_error(weights, subjects)
    counts, rows = [], []
    for t in totals:
        found = {c.status: c for c in t.status_counts(q.statuses)}
        counts.append({s: c.baseline for s, c in found.items()})
        rows.append({s: c.baseline_rows for s, c in found.items()})
    points = []
    for k, (v, ref) in enumerate(zip(vals, reforms, strict=True)):
        eligible = totals[k].eligible_by_grade(0)
        money = cost_line(q, pol, ref, eligible, eligible, day, take_up).reform if cost else None
        points.append(SweepPoint(_plain(v), counts[k], rows[k], money))
    return _result(
        q, pol, parameter, day, points, subjects, weight.value, str(meta.get("source", "<facts frame>"))
    )


def _result(
    q: Question,
    pol: Policy,
    parameter: str,
    day: Any,
    points: Sequence[SweepPoint],
    rows: int,
    total_weight: float,
    source: str,
) -> Sweep:
    """The :class:`Sweep` of either path."""
    return Sweep(
        question=q.name,
        question_en=q.label_en,
        question_zh=q.label_zh,
        statuses=q.statuses,
        on=day,
        policy=_ref(pol),
        parameter=parameter,
        current=_plain(pol.params_at(day).get(parameter)),
        points=tuple(points),
        rows=rows,
        total_weight=total_weight,
        source=source,
    )
