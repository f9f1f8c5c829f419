"""Policy what-if: a baseline and a reform over a population — counts, flips, attribution, cost."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal, TypeAlias

from ..exceptions import InputError, MissingDependencyError, _short
from ..models.dates import as_date
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..population.population import OnError, Population, Source, read_population
from ..questions.registry import Outcome, Question, parse_question
from .comparison import Comparison
from .cost import check_cost, cost_line
from .parts import Attribution, CostLine, Flip, ParamChange, PolicyRef, StatusCount, exact_sum, plain_value

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


def _label(parameter: str, value: object) -> str:
    """The reform label of one swept value (``name=4``); safe for any value, however large."""
    return f"{parameter}={value if isinstance(value, str) else _short(value)}"


def _population(source: Source, question: Question, policy: Policy, on_error: OnError) -> Population:
    return read_population(source, question.kind(policy), on_error=on_error)


def _weights(population: Population, weights: Sequence[float] | None) -> tuple[float, ...]:
    if weights is None:
        return population.weights
    try:
        w: tuple[float, ...] | None = tuple(float(x) for x in weights)
    except (TypeError, ValueError, OverflowError):  # not a list of numbers
        w = None
    if w is None or len(w) != len(population) or any(not math.isfinite(x) or x < 0 for x in w):
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("weights",),
                    "input": weights if w is None else f"{len(w)} values",
                    "type": "bad_weights",
                    "msg": f"expected {len(population)} finite weights ≥ 0, one per row",
                }
            ],
        )
    return w


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


def _param_changes(baseline: Policy, reform: Policy, on: _dt.date) -> tuple[ParamChange, ...]:
    a, b = baseline.params_at(on), reform.params_at(on)
    names = list(a) + [n for n in b if n not in a]
    return tuple(ParamChange(n, _plain(a.get(n)), _plain(b.get(n))) for n in names if a.get(n) != b.get(n))


def _rule_changes(baseline: Policy, reform: Policy) -> tuple[str, ...]:
    ids = list(baseline.rules) + [r for r in reform.rules if r not in baseline.rules]
    out = []
    for rid in ids:
        x, y = baseline.rules.get(rid), reform.rules.get(rid)
        if (
            x is None
            or y is None
            or x.condition != y.condition
            or x.strength != y.strength
            or x.sets != y.sets
        ):
            out.append(rid)
    return tuple(out)


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

    Returns:
        A :class:`Comparison`: counts per status under each policy, every flip with the rules whose
        findings changed, a per-rule attribution table and (with ``cost``) the cost line.

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
        return _compare_fast(population, q, pa, pb, day, weights, cost, take_up, on_error, progress)
    pop = _population(population, q, pa, on_error)
    w = _weights(pop, weights)
    total = 2 * len(pop)

    def half(offset: int) -> Progress | None:
        return _offset(progress, offset, total)

    base = evaluate(pop, q, pa, day, half(0))
    new = evaluate(pop, q, pb, day, half(len(pop)))
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
    )


def _is_facts_frame(population: object) -> bool:
    module = type(population).__module__.split(".")[0]
    return module in ("polars", "pandas") and "subject_id" in list(getattr(population, "columns", ()))


def _fast(engine: Engine, population: object, pa: Policy, pb: Policy) -> bool:
    """Whether to take the columnar path (``auto``: whenever Polars is there)."""
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
    # Facts are derived once for both policies: by the same standards (the usual reform).
    return engine == "columnar" or pa.occupations == pb.occupations


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
) -> Comparison:
    """:func:`compare` by the columnar evaluator, chunk by chunk (the ``frames`` extra)."""
    from . import chunked

    if cost:
        check_cost(q, take_up)  # before any work, as the row-by-row path does
    weights = _weight_values(weights)
    totals = chunked.Totals()
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
        for p in dict.fromkeys(policies):
            check_facts_frame(frame, q, policy=p)
        meta.update(source="<facts frame>", skipped=0, rows=frame.height)
        yield chunked.Chunk(frame, None, 0)
        return
    yield from chunked.fact_chunks(population, q, policy, policies, day, on_error=on_error, meta=meta)


def _weight_values(weights: object) -> tuple[float, ...] | None:
    """Weights given to the fast path, read as the row-by-row path reads them (their number is
    checked once the rows are counted)."""
    if weights is None:
        return None
    try:
        w: tuple[float, ...] | None = tuple(float(x) for x in weights)  # type: ignore[attr-defined]
    except (TypeError, ValueError, OverflowError):  # not a list of numbers
        w = None
    if w is None or any(not math.isfinite(x) or x < 0 for x in w):
        raise InputError(
            "arguments",
            [
                {
                    "loc": ("weights",),
                    "input": weights if w is None else f"{len(w)} values",
                    "type": "bad_weights",
                    "msg": "expected finite weights ≥ 0, one per row",
                }
            ],
        )
    return w


def _weights_error(weights: Sequence[float], n: int) -> None:
    raise InputError(
        "arguments",
        [
            {
                "loc": ("weights",),
                "input": f"{len(weights)} values",
                "type": "bad_weights",
                "msg": f"expected {n} finite weights ≥ 0, one per row",
            }
        ],
    )


def _attribution(flips: Iterable[Flip], baseline: Policy, reform: Policy) -> tuple[Attribution, ...]:
    acc: dict[str, list[float]] = {}
    for f in flips:
        for rid in f.rules or ("",):
            a = acc.setdefault(rid, [0, 0.0, 0.0, 0.0])
            a[0] += 1
            a[1] += f.weight
            a[2 if f.gained else 3] += f.weight
    out = []
    for rid, (n, w, gained, lost) in sorted(acc.items(), key=lambda kv: (-kv[1][1], kv[0])):
        rule = reform.rules.get(rid) or baseline.rules.get(rid)
        out.append(
            Attribution(
                rule_id=rid,
                title_en=rule.title_en if rule else "(no finding changed)",
                title_zh=rule.title_zh if rule else "（无规则结论变化）",
                provenance=rule.provenance if rule else "",
                citation=rule.citation if rule else "",
                flips=int(n),
                weight=w,
                gained=gained,
                lost=lost,
            )
        )
    return tuple(out)
