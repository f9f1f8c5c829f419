"""Evaluation: a question answered for every row of a facts frame at once — one pass per policy, each
row carrying its rule set, so the answer comes out in the input's row order with no split and no
re-sort; two policies at once for what-if; chains' status from their units."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import NamedTuple

from ..exceptions import MissingDependencyError

try:
    import polars as pl
except ImportError as _missing:  # pragma: no cover - exercised only without the frames extra
    raise MissingDependencyError(
        "columnar evaluation needs the frames extra: pip install 'skilleco[frames]'"
    ) from _missing

from ..ladder import GRADES
from ..models.dates import as_date
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..questions.grades import DIRECT_RECOGNITION
from ..questions.registry import NOT_APPLICABLE, Question, parse_question
from .frames import (
    CHAIN_ID,
    ID,
    OCCUPATION,
    _keys,
    _rule_sets,
    _schema_name,
    check_facts_frame,
    required_facts,
)
from .keys import Group, absent_facts, grade_columns, grade_keys, narrow
from .routes import SET, compile_pass, deciding_enum, passes, run

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
        A frame in the input's row order: ``subject_id``, ``status``, ``deciding`` (the rule ids
        that decided, in the engine's order, as a list of ``pl.Enum`` whose categories are the
        question's rule ids in the policy's rule order — the same categories for every frame, so
        chunks concatenate; compare across policies by value, ``.cast(pl.List(pl.String))``),
        ``missing_facts`` (a list of fact names), ``ruleset_id``, for grade questions ``target``
        and ``held``, for ``exits`` ``chain_id`` and ``is_lead`` (one row per unit; see
        :func:`chain_status`), and ``rule:<id>`` columns.

    Raises:
        PopulationError: the frame fails :func:`check_facts_frame`.
    """
    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    if check:
        check_facts_frame(frame, q, policy=pol)
    schema = _schema_name(q, pol)
    opts = _Options(explain, findings)
    required = frozenset(required_facts(q, policy=pol))
    if q.area != "grade":
        return _evaluate_one(frame, q, pol, day, schema, required, opts)
    return _grades(frame, q, [pol], day, required, opts)[0]


class _Options(NamedTuple):
    explain: bool
    findings: bool


def _result(explain: bool) -> tuple[str, ...]:
    return ("status", "deciding", "missing_facts", "ruleset_id") if explain else ("status", "ruleset_id")


def _evaluate_one(
    frame: pl.DataFrame,
    q: Question,
    pol: Policy,
    on: _dt.date,
    schema: str,
    required: frozenset[str],
    opts: _Options,
) -> pl.DataFrame:
    """A question of one rule set (lead, exits, dualcert): one pass over every row."""
    (sid,) = _rule_sets(q, pol)
    plan = compile_pass(
        pol, (sid,), on, schema, absent=absent_facts(frame, schema), extra=(), indexed=False, **opts._asdict()
    )
    keys = [k for k in _keys(schema) if k != OCCUPATION]
    columns = narrow(frame, [*keys, *sorted(plan.reads)], required, schema)
    got = run(pl.DataFrame(columns), plan, deciding_enum(q, pol) if opts.explain else None)
    result = [got[c] for c in _result(opts.explain) if c != "ruleset_id"]
    ruleset = pl.repeat(sid, frame.height, dtype=pl.String, eager=True).alias("ruleset_id")
    rules = [got[f"rule:{k}"] for k in plan.members[0]] if opts.findings else []
    return pl.DataFrame([*columns[: len(keys)], *result, ruleset, *rules])


# --- grade questions ---------------------------------------------------------------------------


def _grades(
    frame: pl.DataFrame,
    q: Question,
    pols: Sequence[Policy],
    on: _dt.date,
    required: frozenset[str],
    opts: _Options,
) -> list[pl.DataFrame]:
    """Grade questions under each of ``pols``, which must agree on every row's grade held and grade
    asked (:func:`_same_grouping`). Each row gets a key (its occupation's policies, template and grade
    asked) once; then each policy answers every row in one pass, each row by its own rule set."""
    by_policy: dict[tuple[int, ...], Group] = {}
    for code in frame.get_column(OCCUPATION).unique(maintain_order=True).to_list():
        occs = tuple(p.for_occupation(str(code)) for p in pols)
        by_policy.setdefault(tuple(map(id, occs)), Group(occs, []))[1].append(str(code))
    groups = list(by_policy.values()) or [Group(tuple(pols), [])]  # an empty frame has no codes
    keyed, keys = grade_keys(frame, q, groups, on, required)
    span = len(keys.editions) * len(GRADES)
    present = sorted(keys.present, key=lambda key: key // span)  # by group, then first appearance
    sids = {key: keys.sid(key) for key in present}
    sid_of: list[str | None] = [None] * (len(groups) * span)
    for key, sid in sids.items():
        sid_of[key] = sid
    lead = frame.get_column(ID).rechunk()
    tail = grade_columns(keyed, sid_of)
    answers = []
    for j, pol in enumerate(pols):
        enum = deciding_enum(q, pol) if opts.explain else None
        units = [(groups[key // span].occs[j], sid, key) for key, sid in sids.items()]
        got = _answer(frame, keyed, units, len(sid_of), on, required, enum, opts)
        result = [got[c] for c in _result(opts.explain)[:-1]]
        answers.append(
            pl.DataFrame([lead, *result, *tail, *(v for c, v in got.items() if c.startswith("rule:"))])
        )
    return answers


def _answer(
    frame: pl.DataFrame,
    keyed: pl.DataFrame,
    units: Sequence[tuple[Policy, str, int]],
    size: int,
    on: _dt.date,
    required: frozenset[str],
    enum: pl.Enum | None,
    opts: _Options,
) -> dict[str, pl.Series]:
    """Every row's ``status`` (with ``deciding`` and ``missing_facts`` given an ``enum``) and its
    findings under one policy, in row order; the findings in order of the rule sets' first appearance.
    ``units``: (policy, rule set, key) per key present; ``size``: how many keys there can be."""
    by_policy: dict[int, tuple[Policy, list[str]]] = {}
    for occ, sid, _ in units:
        by_policy.setdefault(id(occ), (occ, []))[1].append(sid)
    runs = [(occ, p) for occ, sids in by_policy.values() for p in passes(occ, tuple(sorted(set(sids))))]
    wanted = ["status", *(["deciding", "missing_facts"] if enum is not None else [])]
    if opts.findings:
        wanted += dict.fromkeys(f"rule:{r.id}" for occ, sid, _ in units for r in occ.members(sid))
    if not runs:  # no row is asked anything
        n = keyed.height
        out = {"status": pl.repeat(NOT_APPLICABLE, n, dtype=pl.String, eager=True).alias("status")}
        if enum is not None:
            out["deciding"] = pl.Series("deciding", [[]], dtype=pl.List(pl.String)).cast(pl.List(enum))
            out["deciding"] = out["deciding"].new_from_index(0, n)
            out["missing_facts"] = pl.Series("missing_facts", [[]], dtype=pl.List(pl.String)).new_from_index(
                0, n
            )
        return out
    # Each key's pass and its rule set's place in that pass; rows asked nothing go with the first pass.
    where: list[int | None] = [None] * size
    local: list[int | None] = [None] * size
    for i, (occ, sids) in enumerate(runs):
        for unit, sid, key in units:
            if unit is occ and sid in sids:
                where[key], local[key] = i, sids.index(sid)
    absent = absent_facts(frame, "worker")
    extra = (("target_rank", "__target_rank"), ("current_rank", "current_rank"))
    plans = [
        compile_pass(occ, sids, on, "worker", absent=absent, extra=extra, indexed=True, **opts._asdict())
        for occ, sids in runs
    ]
    at_key = keyed.get_column("__key")
    reads = {f for plan in plans for f in plan.reads} - set(keyed.columns)  # current_rank: the computed one
    facts = narrow(frame, sorted(reads), required, "worker")
    rows = pl.DataFrame([*facts, *keyed.get_columns(), pl.Series(SET, local, dtype=pl.Int64).gather(at_key)])
    if len(plans) == 1:
        got = run(rows, plans[0], enum)
        return {c: got[c] for c in wanted}
    which = pl.Series(where, dtype=pl.Int64).gather(at_key).fill_null(0)
    pieces = []
    for i, plan in enumerate(plans):
        at = (which == i).arg_true()
        got = run(pl.DataFrame([c.gather(at) for c in rows.get_columns()]), plan, enum)
        pieces.append(pl.DataFrame([at.alias("__row"), *got.values()]))
    together = pl.concat(pieces, how="diagonal_relaxed")
    back = pl.repeat(0, together.height, dtype=pl.UInt32, eager=True)
    back = back.scatter(
        together.get_column("__row"), pl.int_range(together.height, dtype=pl.UInt32, eager=True)
    )
    return {c: together.get_column(c).gather(back) for c in wanted}


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
    frame: pl.DataFrame,
    question: str | Question,
    *,
    policies: tuple[Policy, Policy],
    on: object,
    explain: bool = False,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`evaluate` under two policies (``findings=False``, no check), sharing the rows' keys
    when the two agree on every row's grade held — a baseline and its reform. With ``explain``,
    each answer has ``deciding`` and ``missing_facts`` too (what-if's per-subject table)."""
    q, day = parse_question(question), as_date(on)
    a, b = policies
    opts = _Options(explain=explain, findings=False)
    codes = [str(c) for c in frame[OCCUPATION].unique().to_list()] if OCCUPATION in frame.columns else []
    if q.area != "grade" or not _same_grouping(a, b, codes, day):
        return tuple(  # type: ignore[return-value]
            evaluate(frame, q, policy=p, on=day, explain=explain, findings=False, check=False)
            for p in policies
        )
    needed = frozenset([*required_facts(q, policy=a), *required_facts(q, policy=b)])
    x, y = _grades(frame, q, [a, b], day, needed, opts)
    return x, y


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
