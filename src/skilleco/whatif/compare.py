"""Policy what-if: a baseline and a reform over a population — counts, flips, attribution, cost."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypeAlias

from ..exceptions import InputError, MissingDependencyError, _short
from ..models.dates import as_date
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..population.population import OnError, Population, Source, read_population
from ..questions.registry import Outcome, Question, parse_question
from .changes import attribution as _attribution
from .changes import param_changes as _param_changes
from .changes import rule_changes as _rule_changes
from .comparison import Comparison
from .cost import check_cost, cost_line
from .explain import Explained, explain
from .parts import CostLine, Flip, PolicyRef, StatusCount, exact_sum, plain_value
from .subjects import SubjectTable
from .weights import population_weights as _weights
from .weights import weight_values as _weight_values
from .weights import weights_error as _weights_error

__all__ = ["compare", "evaluate"]

Engine: TypeAlias = Literal["auto", "columnar", "scalar"]
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while rows are answered (at most about 200 times)."""


def _offset(progress: Progress | None, offset: int, total: int) -> Progress | None:
    """A progress callback for one pass of several, reporting against the grand total."""
    if progress is None:
        return None
    report = progress

    def step(done: int, _n: int) -> None:
        report(offset + done, total)

    return step


def _ref(policy: Policy) -> PolicyRef:
    return PolicyRef(policy.id, policy.label, policy.content_hash(), policy.title_en, policy.title_zh)


def evaluate(
    population: Population, question: Question, policy: Policy, on: _dt.date, progress: Progress | None = None
) -> list[Outcome]:
    """Answer ``question`` for every row of ``population`` under ``policy`` (one outcome per row)."""
    total = len(population)
    step = max(1, total // 200)
    out = []
    for i, subject in enumerate(population.subjects):
        out.append(question.ask(policy, subject, on))
        if progress is not None and (i + 1) % step == 0:
            progress(i + 1, total)
    if progress is not None:
        progress(total, total)
    return out


def _explained(
    population: Population, question: Question, policy: Policy, on: _dt.date, progress: Progress | None
) -> list[Explained]:
    """:func:`evaluate`, each outcome with its deciding rules and missing facts."""
    total = len(population)
    step = max(1, total // 200)
    out = []
    for i, subject in enumerate(population.subjects):
        out.append(explain(question, policy, subject, on))
        if progress is not None and (i + 1) % step == 0:
            progress(i + 1, total)
    if progress is not None:
        progress(total, total)
    return out


def _label(parameter: str, value: object) -> str:
    """The reform label of one swept value (``name=4``); safe for any value, however large."""
    return f"{parameter}={value if isinstance(value, str) else _short(value)}"


def _population(source: Source, question: Question, policy: Policy, on_error: OnError) -> Population:
    return read_population(source, question.kind(policy), on_error=on_error)


def _counts(
    statuses: Sequence[str], base: Sequence[Outcome], new: Sequence[Outcome], weights: Sequence[float]
) -> tuple[StatusCount, ...]:
    seen = list(statuses) + sorted({o.status for o in (*base, *new)} - set(statuses))
    out = []
    for s in seen:
        b = [w for o, w in zip(base, weights, strict=True) if o.status == s]
        r = [w for o, w in zip(new, weights, strict=True) if o.status == s]
        out.append(StatusCount(s, len(b), len(r), exact_sum(b), exact_sum(r)))
    return tuple(out)


def _changed_rules(a: Outcome, b: Outcome) -> tuple[str, ...]:
    keys = list(a.findings) + [k for k in b.findings if k not in a.findings]
    return tuple(k for k in keys if a.findings.get(k, "absent") != b.findings.get(k, "absent"))


def _plain(value: object) -> object:
    """A parameter value as a what-if reports it: dates as ISO text, in lists too (issue 15, L6)."""
    return plain_value(value)


def _eligible_by_grade(outcomes: Sequence[Outcome], weights: Sequence[float]) -> dict[str, float]:
    """Weighted eligible workers per grade asked."""
    found: dict[str, list[float]] = {}
    for o, w in zip(outcomes, weights, strict=True):
        if o.status == "eligible" and o.target is not None:
            found.setdefault(o.target, []).append(w)
    return {g: exact_sum(ws) for g, ws in found.items()}


def _cost_line(
    question: Question,
    baseline: Policy,
    reform: Policy,
    base: Sequence[Outcome],
    new: Sequence[Outcome],
    weights: Sequence[float],
    on: _dt.date,
    take_up: float,
) -> CostLine:
    return cost_line(
        question,
        baseline,
        reform,
        _eligible_by_grade(base, weights),
        _eligible_by_grade(new, weights),
        on,
        take_up,
    )


def compare(
    population: Source,
    question: str | Question,
    *,
    baseline: str | Policy,
    reform: str | Policy,
    on: object,
    weights: Sequence[float] | None = None,
    cost: bool = False,
    take_up: float = 1.0,
    on_error: OnError = "raise",
    progress: Progress | None = None,
    engine: Engine = "auto",
    subjects: bool = True,
) -> Comparison:
    """Answer ``question`` for every row under ``baseline`` and ``reform``, and compare.

    Args:
        population: a :class:`~skilleco.population.Population`, or anything
            :func:`~skilleco.population.read_population` reads (a path, a frame, an iterable).
        question: ``next_grade``, ``grade:<grade>``, ``lead``, ``exits`` or ``dualcert``.
        baseline: the policy as it stands (id or :class:`~skilleco.policy.Policy`).
        reform: the policy to compare (often ``baseline.with_changes(...)``).
        on: the date asked about.
        weights: one weight per row, replacing the population's own weights.
        cost: add a certificate-subsidy cost line (grade questions): every eligible worker is
            assumed to take the evaluation (times ``take_up``) and receive ``subsidy.<grade>``.
        take_up: the share of eligible workers assumed to claim the subsidy (0–1).
        on_error: for a population that is not yet read: ``raise`` or ``skip`` invalid rows.
        progress: called as ``progress(done, total)`` while rows are answered (on the scalar path
            twice per row count: baseline, then reform).
        engine: ``auto`` (default): the columnar path whenever the ``frames`` extra is installed
            (record tables are read chunk by chunk, in bounded memory), else row by row;
            ``columnar`` or ``scalar`` to choose. The answers are the same either way.
        subjects: keep the per-subject table (``to_polars("subjects")``: each subject's two
            statuses, deciding rules and missing facts, to join back to the data). ``False`` saves
            its memory (about 80 bytes a subject on the columnar path) and the time of explaining
            each answer, for populations too large to keep a row each.

    Returns:
        A :class:`Comparison`: counts per status under each policy, every flip with the rules whose
        findings changed, a per-rule attribution table, (with ``cost``) the cost line, and (with
        ``subjects``) the per-subject table.

    Raises:
        UnknownQuestionError: not a question name.
        PopulationError: the population cannot be read (or has invalid rows, with ``on_error="raise"``).
        InputError: a bad date, weights, or ``cost`` for a question without subsidies.
    """
    q = parse_question(question)
    day = as_date(on)
    pa, pb = load_policy(baseline), load_policy(reform)
    if q.kind(pa) != q.kind(pb):
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("reform",),
                    "input": pb.id,
                    "type": "other_scheme",
                    "msg": f"the reform asks about {q.kind(pb)}, the baseline {q.kind(pa)}",
                }
            ],
        )
    if _is_facts_frame(population) or _fast(engine, population, pa, pb):
        return _compare_fast(population, q, pa, pb, day, weights, cost, take_up, on_error, progress, subjects)
    pop = _population(population, q, pa, on_error)
    w = _weights(pop, weights)
    total = 2 * len(pop)

    def half(offset: int) -> Progress | None:
        return _offset(progress, offset, total)

    if subjects:
        ea, eb = _explained(pop, q, pa, day, half(0)), _explained(pop, q, pb, day, half(len(pop)))
        base, new = [e.outcome for e in ea], [e.outcome for e in eb]
        table: SubjectTable | None = SubjectTable.from_answers(
            q.statuses,
            grade=q.area == "grade",
            ids=pop.ids,
            rows=pop.rows,
            weights=w,
            groups=pop.groups,
            baseline=ea,
            reform=eb,
        )
    else:
        base, new = evaluate(pop, q, pa, day, half(0)), evaluate(pop, q, pb, day, half(len(pop)))
        table = None
    flips = []
    for i, (a, b) in enumerate(zip(base, new, strict=True)):
        if a.status != b.status:
            groups = dict(pop.groups[i])
            if a.target is not None or b.target is not None:
                groups["target"] = str(a.target or b.target)
            if a.held is not None or q.area == "grade":
                groups.setdefault("grade", a.held or "none")
            flips.append(
                Flip(pop.ids[i], pop.rows[i], w[i], groups, a.status, b.status, _changed_rules(a, b))
            )
    return Comparison(
        question=q.name,
        question_en=q.label_en,
        question_zh=q.label_zh,
        statuses=q.statuses,
        on=day,
        baseline=_ref(pa),
        reform=_ref(pb),
        changes=_param_changes(pa, pb, day),
        changed_rules=_rule_changes(pa, pb),
        rows=len(pop),
        total_weight=exact_sum(w),
        counts=_counts(q.statuses, base, new, w),
        flips=tuple(flips),
        attribution=_attribution(flips, pa, pb),
        cost=_cost_line(q, pa, pb, base, new, w, day, take_up) if cost else None,
        skipped=len({e.row for e in pop.skipped}),
        source=pop.source,
        subjects=table,
    )


def _is_facts_frame(population: object) -> bool:
    module = type(population).__module__.split(".")[0]
    return module in ("polars", "pandas") and "subject_id" in list(getattr(population, "columns", ()))


def _fast(engine: Engine, population: object, pa: Policy, pb: Policy) -> bool:
    """Whether to take the columnar path (``auto``: whenever Polars is there)."""
    if not columnar_engine(engine):
        return False
    # Facts are derived once for both policies: by the same standards (the usual reform).
    return engine == "columnar" or pa.occupations == pb.occupations


def columnar_engine(engine: Engine) -> bool:
    """Whether ``engine`` may take the columnar path: ``columnar``, or ``auto`` with the ``frames``
    extra installed.

    Raises:
        InputError: not ``auto``, ``columnar`` or ``scalar`` (``bad_engine``).
        MissingDependencyError: ``columnar`` without the ``frames`` extra.
    """
    if engine not in ("auto", "columnar", "scalar"):
        raise InputError(
            "arguments",
            [{"loc": ("engine",), "input": engine, "type": "bad_engine", "msg": "auto, columnar or scalar"}],
        )
    if engine == "scalar":
        return False
    try:
        import polars  # noqa: F401
    except ImportError:
        if engine == "columnar":
            raise MissingDependencyError(
                "the columnar path needs the frames extra: pip install 'skilleco[frames]'"
            ) from None
        return False
    return True


def _compare_fast(
    population: object,
    q: Question,
    pa: Policy,
    pb: Policy,
    day: _dt.date,
    weights: Sequence[float] | None,
    cost: bool,
    take_up: float,
    on_error: OnError,
    progress: Progress | None,
    subjects: bool,
) -> Comparison:
    """:func:`compare` by the columnar evaluator, chunk by chunk (the ``frames`` extra)."""
    from . import chunked

    if cost:
        check_cost(q, take_up)  # before any work, as the row-by-row path does
    weights = _weight_values(weights)
    totals = chunked.Totals(table=SubjectTable(q.statuses, grade=q.area == "grade") if subjects else None)
    meta: dict[str, object] = {}
    for chunk in _chunks(population, q, pa, (pa, pb), day, on_error, meta):
        chunked.compare_chunk(chunk, q, pa, pb, day, weights, totals, cost)
        if progress is not None:
            progress(totals.subjects, max(totals.subjects, int(str(meta.get("rows", 0)))))
    if weights is not None and len(weights) != totals.subjects:
        _weights_error(weights, totals.subjects)
    flips = tuple(totals.flips)
    return Comparison(
        question=q.name,
        question_en=q.label_en,
        question_zh=q.label_zh,
        statuses=q.statuses,
        on=day,
        baseline=_ref(pa),
        reform=_ref(pb),
        changes=_param_changes(pa, pb, day),
        changed_rules=_rule_changes(pa, pb),
        rows=totals.subjects,
        total_weight=totals.weight.value,
        counts=totals.status_counts(q.statuses),
        flips=flips,
        attribution=_attribution(flips, pa, pb),
        cost=cost_line(q, pa, pb, totals.eligible_by_grade(0), totals.eligible_by_grade(1), day, take_up)
        if cost
        else None,
        skipped=int(str(meta.get("skipped", 0))),
        source=str(meta.get("source", "<facts frame>")),
        subjects=totals.table,
    )


def _chunks(
    population: object,
    q: Question,
    policy: Policy,
    policies: Sequence[Policy],
    day: _dt.date,
    on_error: OnError,
    meta: dict[str, object],
) -> Iterator[Any]:
    """The facts frames of a population (a facts frame given: itself, checked)."""
    from ..columnar.frames import check_facts_frame
    from . import chunked
    from . import frame as wc

    if _is_facts_frame(population):
        frame = wc.as_polars(population)
        for k, p in enumerate(dict.fromkeys(policies)):
            check_facts_frame(frame, q, policy=p, ids=k == 0)
        meta.update(source="<facts frame>", skipped=0, rows=frame.height)
        yield from chunked.frame_chunks(frame, q)
        return
    yield from chunked.fact_chunks(population, q, policy, policies, day, on_error=on_error, meta=meta)
