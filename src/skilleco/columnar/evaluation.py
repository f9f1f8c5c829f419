"""Evaluation: a question answered for every row of a facts frame at once, grade questions grouped by
policy, template and grade asked; two policies at once for what-if; chains' status from their units."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ..exceptions import MissingDependencyError

try:
    import polars as pl
except ImportError as _missing:  # pragma: no cover - exercised only without the frames extra
    raise MissingDependencyError(
        "columnar evaluation needs the frames extra: pip install 'skilleco[frames]'"
    ) from _missing

from ..facts.spec import FactSpec
from ..ladder import GRADES
from ..models.dates import as_date
from ..policy.policy import SCHEMAS, Policy
from ..policy.registry import load_policy
from ..questions.grades import DIRECT_RECOGNITION, _targets_above, grade_ruleset_id
from ..questions.registry import NOT_APPLICABLE, Question, parse_question
from .compile import compile_node, decode_mask, ruleset_stages
from .frames import (
    CHAIN_ID,
    ID,
    OCCUPATION,
    _cast,
    _dtype,
    _keys,
    _rule_sets,
    _schema_name,
    check_facts_frame,
    required_facts,
)

__all__ = ["chain_status", "evaluate", "evaluate_pair"]


def evaluate(
    frame: pl.DataFrame,
    question: str | Question,
    *,
    policy: str | Policy,
    on: object,
    explain: bool = True,
    findings: bool = True,
    check: bool = True,
) -> pl.DataFrame:
    """Answer ``question`` for every row of a facts frame (derived as of ``on``).

    Args:
        explain: with ``False``, leave out ``deciding`` and ``missing_facts`` (faster; what-if
            counts need only the status).
        findings: with ``False``, leave out the ``rule:<id>`` columns.
        check: with ``False``, skip :func:`check_facts_frame` (for a frame just checked).

    Returns:
        A frame in the input's row order: ``subject_id``, ``status``, ``deciding``,
        ``missing_facts``, ``ruleset_id``, for grade questions ``target`` and ``held``, for
        ``exits`` ``chain_id`` and ``is_lead`` (one row per unit; see :func:`chain_status`), and
        ``rule:<id>`` columns.

    Raises:
        PopulationError: the frame fails :func:`check_facts_frame`.
    """
    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    if check:
        check_facts_frame(frame, q, policy=pol)
    schema = _schema_name(q, pol)
    specs = SCHEMAS[schema]
    data = _cast(frame, required_facts(q, policy=pol), specs).with_row_index("__row")
    opts = _Options(explain, findings)
    if q.area != "grade":
        ((sid, rules),) = _rule_sets(q, pol).items()
        keys = [k for k in _keys(schema) if k != OCCUPATION]
        out = _answer(data, pol, sid, rules, day, specs, {}, opts)
        return out.select(["__row", *keys, *_result(explain), *_rule_cols(out)]).sort("__row").drop("__row")
    return _evaluate_grades(data, q, pol, day, specs, opts)


class _Options(NamedTuple):
    explain: bool
    findings: bool


def _result(explain: bool) -> tuple[str, ...]:
    return ("status", "deciding", "missing_facts", "ruleset_id") if explain else ("status", "ruleset_id")


def _rule_cols(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.startswith("rule:")]


def _fact_exprs(
    frame: pl.DataFrame, specs: Mapping[str, FactSpec], extra: Mapping[str, pl.Expr]
) -> dict[str, pl.Expr]:
    out = {n: (pl.col(n) if n in frame.columns else pl.lit(None, dtype=_dtype(s))) for n, s in specs.items()}
    out.update(extra)
    return out


def _answer(
    frame: pl.DataFrame,
    policy: Policy,
    sid: str,
    rules: Sequence[Any],
    on: _dt.date,
    specs: Mapping[str, FactSpec],
    extra: Mapping[str, pl.Expr],
    opts: _Options,
) -> pl.DataFrame:
    explain = opts.explain
    facts = _fact_exprs(frame, specs, extra)
    stages, order = ruleset_stages(
        policy.ruleset(sid), rules, policy.params_at(on), on, facts, explain=explain, findings=opts.findings
    )
    last = stages.pop() if explain else {}
    lazy = frame.lazy()
    for stage in stages:
        lazy = lazy.with_columns([e.alias(k) for k, e in stage.items()])
    done = lazy.with_columns(pl.lit(sid).alias("ruleset_id")).collect()
    if explain:
        done = done.with_columns(decode_mask(done["__deciding"], order).alias("deciding"))
        # Missing facts matter only where the answer is undetermined: work them out on those rows alone.
        unsettled = done["status"] == "undetermined"
        empty = pl.lit([], dtype=pl.List(pl.String)).alias("missing_facts")
        if unsettled.any():
            some = done.filter(unsettled).with_columns([e.alias(k) for k, e in last.items()])
            done = pl.concat([done.filter(~unsettled).with_columns(empty), some])  # sorted by the caller
        else:
            done = done.with_columns(empty)
    return done.drop([c for c in done.columns if c.startswith("__") and c not in ("__row", "__rank")])


def _rank_columns(
    frame: pl.DataFrame, policy: Policy, on: _dt.date, specs: Mapping[str, FactSpec]
) -> pl.DataFrame:
    """``current_rank`` (null when an unknown part could raise it) and ``__rank`` (the highest known part)."""
    parts = [pl.col("cert_rank"), pl.col("post_rank")]
    rule = policy.rules.get(DIRECT_RECOGNITION)
    if rule is not None:
        params = policy.params_at(on)
        for col in ("direct_recognition_rank", "direct_recognition_waived_rank"):
            rank = pl.col(col)
            valid = compile_node(rule.condition, params, on, _fact_exprs(frame, specs, {"target_rank": rank}))
            part = (
                pl.when(rank.is_null())
                .then(None)
                .when(rank <= 0)
                .then(pl.lit(-1))  # not a part at all
                .when(valid.is_null())
                .then(None)
                .when(valid)
                .then(rank)
                .otherwise(pl.lit(0))
            )
            parts.append(part)
    known = pl.max_horizontal([p.fill_null(-1) for p in parts])
    any_null = pl.any_horizontal([p.is_null() for p in parts])
    top = len(GRADES)
    current = pl.when(any_null).then(pl.when(known == top).then(pl.lit(top)).otherwise(None)).otherwise(known)
    return frame.with_columns(
        current.cast(pl.Int64).alias("current_rank"), known.clip(lower_bound=0).cast(pl.Int64).alias("__rank")
    )


def _evaluate_grades(
    data: pl.DataFrame, q: Question, pol: Policy, on: _dt.date, specs: Mapping[str, FactSpec], opts: _Options
) -> pl.DataFrame:
    """Grade questions for one policy (see :func:`_grades_for`)."""
    return _grades_for(data, q, [pol], on, specs, opts)[0]


_RANK_FACTS = (
    "occupation_edition",
    "occupation_has_senior_technician",
    "cert_rank",
    "post_rank",
    "direct_recognition_rank",
    "direct_recognition_waived_rank",
)


def _grades_for(
    data: pl.DataFrame,
    q: Question,
    pols: Sequence[Policy],
    on: _dt.date,
    specs: Mapping[str, FactSpec],
    opts: _Options,
) -> list[pl.DataFrame]:
    """Grade questions under each of ``pols``, which must agree on every row's grade held and grade
    asked (:func:`_same_grouping`): rows are grouped once — by the policies their occupation gets,
    then by (template, grade asked) — and each group reads only the columns its rule sets need
    (gathered by row number, not copied whole), then is answered under each policy."""
    by_policy: dict[tuple[int, ...], tuple[list[Policy], list[str]]] = {}
    for code in data[OCCUPATION].unique(maintain_order=True).to_list():
        occs = [p.for_occupation(str(code)) for p in pols]
        by_policy.setdefault(tuple(map(id, occs)), (occs, []))[1].append(str(code))
    pieces: list[list[pl.DataFrame]] = [[] for _ in pols]
    for occs, codes in by_policy.values():
        occ = occs[0]
        rule = occ.rules.get(DIRECT_RECOGNITION)
        wanted = dict.fromkeys(["__row", *_RANK_FACTS, *(rule.facts if rule else ())])
        keep = [c for c in wanted if c in data.columns]
        sub = (
            data.select(keep)
            if len(by_policy) == 1
            else data.filter(pl.col(OCCUPATION).is_in(codes)).select(keep)
        )
        override = occ.occupations.get(codes[0])
        levels = None if override is None else override.levels
        sub = _rank_columns(sub, occ, on, specs).with_columns(_target_expr(q, levels).alias("target"))
        sub = sub.select("__row", "occupation_edition", "target", "current_rank", "__rank")
        for (edition, target), keys in sub.partition_by(
            ["occupation_edition", "target"], as_dict=True, maintain_order=True
        ).items():
            if target is None:
                empty = pl.lit([], dtype=pl.List(pl.String))
                lists = [empty.alias("deciding"), empty.alias("missing_facts")] if opts.explain else []
                none = keys.with_columns(
                    data[ID].gather(keys["__row"]),
                    pl.lit(NOT_APPLICABLE).alias("status"),
                    *lists,
                    pl.lit(None, dtype=pl.String).alias("ruleset_id"),
                )
                for k in range(len(pols)):
                    pieces[k].append(none)
                continue
            g = next(x for x in GRADES if x.id == target)
            sid = grade_ruleset_id(str(edition), g)
            members = [o.members(sid) for o in occs]
            read = dict.fromkeys(
                f
                for rules in members
                for r in rules
                for f in r.facts
                if f in data.columns and f not in keys.columns
            )
            rows = pl.concat([keys, data.select([ID, *read]).gather(keys["__row"])], how="horizontal")
            extra = {"target_rank": pl.lit(g.rank, dtype=pl.Int64), "current_rank": pl.col("current_rank")}
            for k, (o, rules) in enumerate(zip(occs, members, strict=True)):
                pieces[k].append(_answer(rows, o, sid, rules, on, specs, extra, opts))
    return [_assemble(p, opts) for p in pieces]


def _assemble(pieces: Sequence[pl.DataFrame], opts: _Options) -> pl.DataFrame:
    """The groups' answers back in input order; only the result columns travel."""
    if not pieces:  # a frame without rows has no groups: the result has no rows either
        lists = {"deciding": pl.List(pl.String), "missing_facts": pl.List(pl.String)}
        schema = {c: lists.get(c, pl.String) for c in (ID, *_result(opts.explain), "target", "held")}
        return pl.DataFrame(schema=schema)
    result = {"__row", "__rank", ID, "target", *_result(opts.explain)}
    out = pl.concat(
        [p.select([c for c in p.columns if c in result or c.startswith("rule:")]) for p in pieces],
        how="diagonal_relaxed",
    )
    held = pl.col("__rank").replace_strict(
        {g.rank: g.id for g in GRADES}, default=None, return_dtype=pl.String
    )
    cols = [
        pl.col("__row"),
        pl.col(ID),
        *map(pl.col, _result(opts.explain)),
        pl.col("target"),
        held.alias("held"),
    ]
    return out.select([*cols, *map(pl.col, _rule_cols(out))]).sort("__row").drop("__row")


def _same_grouping(a: Policy, b: Policy, codes: Sequence[str], on: _dt.date) -> bool:
    """Whether two policies give every row the same grade held (and so the same grade asked): the
    same direct-recognition rule and parameter values, for every occupation in the frame."""
    for code in codes:
        x, y = a.for_occupation(code), b.for_occupation(code)
        rx, ry = x.rules.get(DIRECT_RECOGNITION), y.rules.get(DIRECT_RECOGNITION)
        if (rx is None) != (ry is None):
            return False
        if rx is not None and ry is not None:
            px, py = x.params_at(on), y.params_at(on)
            if rx.condition != ry.condition or any(px.get(n) != py.get(n) for n in rx.params):
                return False
    return True


def evaluate_pair(
    frame: pl.DataFrame, question: str | Question, *, policies: tuple[Policy, Policy], on: object
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`evaluate` under two policies (``explain=False``, ``findings=False``, no check), sharing
    the grouping work when the two agree on every row's grade held — a baseline and its reform."""
    q, day = parse_question(question), as_date(on)
    a, b = policies
    opts = _Options(explain=False, findings=False)
    codes = [str(c) for c in frame[OCCUPATION].unique().to_list()] if OCCUPATION in frame.columns else []
    if q.area != "grade" or not _same_grouping(a, b, codes, day):
        return tuple(  # type: ignore[return-value]
            evaluate(frame, q, policy=p, on=day, explain=False, findings=False, check=False) for p in policies
        )
    specs = SCHEMAS["worker"]
    needed = dict.fromkeys([*required_facts(q, policy=a), *required_facts(q, policy=b)])
    data = _cast(frame, list(needed), specs).with_row_index("__row")
    x, y = _grades_for(data, q, [a, b], day, specs, opts)
    return x, y


def _target_expr(q: Question, levels: tuple[str, ...] | None = None) -> pl.Expr:
    """The grade asked about per row: fixed for ``grade:<g>``; else the next grade above ``__rank``
    (two lookup tables: occupations with a 高级技师 level, or unknown, and those without), among
    the ``levels`` of the occupation's standard when it has one."""
    if q.grade is not None:
        return pl.lit(q.grade.id)
    tables = {}
    for top in (True, False):
        above = {
            r: _targets_above(r, {"occupation_has_senior_technician": top}, levels)
            for r in range(len(GRADES) + 1)
        }
        tables[top] = {r: (gs[0].id if gs else None) for r, gs in above.items()}
    has_top = pl.col("occupation_has_senior_technician").fill_null(True)
    rank = pl.col("__rank")
    return (
        pl.when(has_top)
        .then(rank.replace_strict(tables[True], default=None, return_dtype=pl.String))
        .otherwise(rank.replace_strict(tables[False], default=None, return_dtype=pl.String))
    )


def chain_status(units: pl.DataFrame) -> pl.DataFrame:
    """Per chain, from :func:`evaluate`'s ``exits`` rows: ``exit`` if any unit exits, else
    ``undetermined`` if any cannot be decided, else ``retain`` (as :func:`~skilleco.check_exits`)."""
    return units.group_by(CHAIN_ID, maintain_order=True).agg(
        pl.when((pl.col("status") == "exit").any())
        .then(pl.lit("exit"))
        .when((pl.col("status") == "undetermined").any())
        .then(pl.lit("undetermined"))
        .otherwise(pl.lit("retain"))
        .alias("status"),
        pl.col(ID).filter(pl.col("status") == "exit").alias("exiting"),
        pl.col(ID).filter(pl.col("is_lead")).first().alias("lead_id"),
    )
