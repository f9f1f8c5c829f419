"""The pipeline of a population under one policy or two (issue 17): how many workers become eligible
for each certificate grade within 6, 12, 24, 36 months, per route.

Each worker is walked by :func:`skilleco.questions.pipeline.worker_pipeline` (the scalar path) or,
a chunk of workers at a time, by :func:`skilleco.columnar.pipeline.pipeline_frame` (the columnar
path, whenever the ``frames`` extra is installed); both give the same reach for every worker and
the same sums (:class:`~skilleco.whatif.parts.Sum` rounds once either way).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from ..models.dates import as_date
from ..models.worker import Worker
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..population.population import OnError, Population, Source, read_population
from ..questions.career import DEFAULT_LEAD_MONTHS
from ..questions.pipeline import (
    DEFAULT_HORIZONS,
    DEFAULT_STEP_MONTHS,
    DEFAULT_YEARS,
    check_horizons,
    check_lead,
    check_span,
    looks,
    worker_pipeline,
)
from .changes import param_changes
from .compare import Engine, _ref, columnar_engine
from .parts import Sum
from .pipeline_parts import GradePipeline, Moved, RoutePipeline, grade_order
from .pipeline_result import Pipeline, PipelineComparison
from .pipeline_tally import Tally, moved_key

__all__ = ["compare_pipeline", "pipeline"]

Progress = Callable[[int, int], None]


def pipeline(
    population: Source,
    *,
    policy: str | Policy,
    on: object,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    years: int = DEFAULT_YEARS,
    step_months: int = DEFAULT_STEP_MONTHS,
    lead_months: int = DEFAULT_LEAD_MONTHS,
    engine: Engine = "auto",
    on_error: OnError = "raise",
    progress: Progress | None = None,
) -> Pipeline:
    """How many workers become eligible for each certificate grade above the one they hold, look by
    look over the next ``years``, and through which routes.

    A worker is looked at on ``on`` and every ``step_months`` after it. They keep working as now; a
    grade they are eligible for at a look is reached then, and its certificate is held
    ``lead_months`` later, so the next grade can follow (the assumptions of
    :func:`~skilleco.plan`, on a grid; ``modelled``: the policy texts give no projection).

    Args:
        population: workers — record tables (a folder, a zip, a mapping of frames), or anything
            :func:`~skilleco.population.read_population` reads.
        policy: a policy id or :class:`~skilleco.policy.Policy`.
        on: the date asked about.
        horizons: the looks reported in tables, in months (each a look of the grid).
        years: how far to look (1–20); step_months: months between looks (1–12).
        lead_months: months from being eligible to holding the certificate (0–120).
        engine: ``auto`` (columnar with the ``frames`` extra), ``columnar`` or ``scalar``.
        on_error: ``raise`` or ``skip`` bad rows (counted in ``skipped``).
        progress: called as ``progress(done, total)`` as workers are walked.

    Raises:
        InputError: a bad argument, named with its value.
        PopulationError: bad rows (with ``on_error="raise"``).
    """
    pol = load_policy(policy)
    run = _Run.of(on, horizons, years, step_months, lead_months, (pol,))
    tallies, _, meta = _walk(population, run, engine, on_error, progress)
    return _pipeline(run, pol, tallies[0], meta)


def compare_pipeline(
    population: Source,
    *,
    baseline: str | Policy,
    reform: str | Policy,
    on: object,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    years: int = DEFAULT_YEARS,
    step_months: int = DEFAULT_STEP_MONTHS,
    lead_months: int = DEFAULT_LEAD_MONTHS,
    engine: Engine = "auto",
    on_error: OnError = "raise",
    progress: Progress | None = None,
) -> PipelineComparison:
    """:func:`pipeline` under a baseline and a reform, and the workers eligible sooner or later.

    The arguments are :func:`pipeline`'s; the population is read once.
    """
    pa, pb = load_policy(baseline), load_policy(reform)
    run = _Run.of(on, horizons, years, step_months, lead_months, (pa, pb))
    tallies, moved, meta = _walk(population, run, engine, on_error, progress)
    return PipelineComparison(
        baseline=_pipeline(run, pa, tallies[0], meta),
        reform=_pipeline(run, pb, tallies[1], meta),
        changes=param_changes(pa, pb, run.on),
        moved=moved.result(),
    )


@attrs.frozen
class _Run:
    on: _dt.date
    months: tuple[int, ...]
    horizons: tuple[int, ...]
    lead: int
    policies: tuple[Policy, ...]

    @classmethod
    def of(
        cls,
        on: object,
        horizons: Sequence[int],
        years: int,
        step: int,
        lead: int,
        policies: tuple[Policy, ...],
    ) -> _Run:
        day, months, lead = as_date(on), looks(years=years, step_months=step), check_lead(lead)
        check_span(day, months, lead)
        return cls(day, months, check_horizons(horizons, months), lead, policies)


class _Moved:
    def __init__(self) -> None:
        self.tally = Tally()

    def result(self) -> tuple[Moved, ...]:
        grades = grade_order({k[1] for k in self.tally.rows})
        t = self.tally
        return tuple(
            Moved(
                g,
                t.rows.get(("earlier", g), 0),
                t.weight(("earlier", g)),
                t.rows.get(("later", g), 0),
                t.weight(("later", g)),
            )
            for g in grades
        )


def _walk(
    population: Source, run: _Run, engine: Engine, on_error: OnError, progress: Progress | None
) -> tuple[list[Tally], _Moved, dict[str, Any]]:
    tallies = [Tally() for _ in run.policies]
    moved = _Moved()
    meta: dict[str, Any] = {}
    if columnar_engine(engine) and not (engine == "auto" and _small(population)):
        from .pipeline_columns import walk_columns

        walk_columns(
            population,
            run.on,
            run.months,
            run.lead,
            run.policies,
            tallies,
            moved.tally,
            on_error,
            progress,
            meta,
        )
    else:
        _walk_scalar(population, run, tallies, moved.tally, on_error, progress, meta)
    return tallies, moved, meta


def _walk_scalar(
    population: Source,
    run: _Run,
    tallies: list[Tally],
    moved: Tally,
    on_error: OnError,
    progress: Progress | None,
    meta: dict[str, Any],
) -> None:
    keyed: list[dict[tuple[Any, ...], list[float]]] = [{} for _ in tallies]
    moves: dict[tuple[Any, ...], list[float]] = {}
    done = 0
    for subjects, weights in _scalar_parts(population, on_error, meta):
        for w, weight in zip(_workers(subjects), weights, strict=True):
            reaches = [worker_pipeline(w, p, run.on, run.months, run.lead) for p in run.policies]
            for t, into, rs in zip(tallies, keyed, reaches, strict=True):
                t.add_reaches(rs, weight, into)
            if len(reaches) == 2:
                a = {r.grade: r.month for r in reaches[0]}
                b = {r.grade: r.month for r in reaches[1]}
                for g in {*a, *b}:
                    way = moved_key(a.get(g), b.get(g))
                    if way is not None:
                        moves.setdefault((way, g), []).append(weight)
            done += 1
            if progress is not None and done % 100 == 0:
                progress(done, max(done, int(meta.get("rows", 0))))
    for t, into in zip(tallies, keyed, strict=True):
        for k, weights in into.items():
            t.add(k, weights)
    for k, weights in moves.items():
        moved.add(k, weights)
    if progress is not None:
        progress(done, done)


def _scalar_parts(
    population: Source, on_error: OnError, meta: dict[str, Any]
) -> Iterator[tuple[Sequence[object], Sequence[float]]]:
    """The workers and their weights, part by part: record tables (with the ``frames`` extra) chunk
    by chunk as models, anything else read whole by :func:`read_population`."""
    try:
        from .chunked import is_record_tables, worker_chunks
    except ImportError:  # no frames extra: no record tables either
        tables = False
    else:
        tables = is_record_tables(population)
    total = Sum()
    meta["weight"] = total
    if tables:
        for part in worker_chunks(population, "pipeline", "worker", on_error=on_error, meta=meta):
            weights = part.tables.workers.get_column("weight").to_list()
            total.add(weights)
            yield part.tables.to_workers(), weights
        return
    pop = read_population(population, "worker", on_error=on_error)
    meta.update(source=pop.source, skipped=len({e.row for e in pop.skipped}), rows=len(pop))
    total.add(pop.weights)
    yield pop.subjects, pop.weights


def _workers(subjects: Sequence[object]) -> Iterator[Worker]:
    for s in subjects:
        assert isinstance(s, Worker)
        yield s


def _pipeline(run: _Run, policy: Policy, t: Tally, meta: dict[str, Any]) -> Pipeline:
    grades = grade_order({k[1] for k in t.rows if k[0] == "cand"})
    out = []
    for g in grades:
        rows, eligible = [], []
        n, parts = 0, []
        for m in run.months:
            n += t.rows.get(("hit", g, m), 0)
            parts.append(t.weight(("hit", g, m)))
            rows.append(n)
            eligible.append(_cumulative(parts))
        found = {k[3] for k in t.rows if k[:2] == ("route", g)}
        route_ids = [r for r in policy.rules if r in found]  # in the policy's rule order
        routes = []
        for rid in route_ids:
            parts = []
            series = []
            for m in run.months:
                parts.append(t.weight(("route", g, m, rid)))
                series.append(_cumulative(parts))
            routes.append(RoutePipeline(rid, tuple(series)))
        out.append(
            GradePipeline(
                g,
                t.rows.get(("cand", g), 0),
                t.weight(("cand", g)),
                tuple(rows),
                tuple(eligible),
                tuple(routes),
            )
        )
    return Pipeline(
        policy=_ref(policy),
        on=run.on,
        months=run.months,
        horizons=run.horizons,
        lead_months=run.lead,
        rows=int(meta.get("rows", 0)),
        total_weight=_total(meta),
        grades=tuple(out),
        skipped=int(meta.get("skipped", 0)),
        source=str(meta.get("source", "")),
    )


def _cumulative(parts: Sequence[float]) -> float:
    s = Sum()
    s.add(parts)
    return s.value


def _total(meta: dict[str, Any]) -> float:
    s = meta.get("weight")
    return s.value if isinstance(s, Sum) else 0.0


SMALL = 2_000
"""With ``engine="auto"``, a population of models or dicts in memory smaller than this is walked on
the scalar path: the columnar walk costs a few seconds whatever the size (21 looks, each deriving
facts and answering five grades), the scalar one about a millisecond per worker."""


def _small(population: object) -> bool:
    return isinstance(population, list | tuple | Population) and len(population) < SMALL
