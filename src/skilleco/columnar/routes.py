"""Rule sets as one pass over a frame: every rule set's status, deciding routes, findings and missing
facts as column expressions, for rows that each carry the index of their own rule set.

A *pass* is a tuple of rule sets answered together, in input row order, with no split and no
re-sort: each rule's condition is compiled once, and a row's rule set (``__set``, an index into the
pass; ``null`` where the question does not apply) picks what counts for it. Each rule set's hit
policy (``_engine.combine``) is written in Kleene booleans over its rules' values, so a row's
status is one ``when`` chain over the labels and a deciding rule is one boolean per rule. The
deciding rules are packed into one ``Int64`` bit mask per row over an order that agrees with every
rule set's own order (:func:`passes` splits rule sets into passes where no such order exists or
more than :data:`MAX_MASK_RULES` rules would be needed) and decoded once per distinct mask to a
``List(Enum)`` whose categories are the question's rule ids in the policy's rule order.

A pass is compiled once per (policy, rule sets, date, options) and kept in the policy's own bounded,
thread-safe memo (``Policy._cached``): a sweep, or a population evaluated chunk by chunk, builds its
expressions once.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import itertools
from collections.abc import Mapping, Sequence
from functools import reduce
from typing import TYPE_CHECKING, NamedTuple

import polars as pl

from ..policy.policy import SCHEMAS
from ..questions.registry import NOT_APPLICABLE
from .compile import MAX_MASK_RULES, compile_node, list_of, missing_leaves, when_chain
from .derive.frame import fact_dtype as _dtype
from .frames import _rule_sets

if TYPE_CHECKING:
    from ..policy.policy import Policy
    from ..questions.registry import Question
    from ..rules.rule import Rule

SET = "__set"
"""The working column holding each row's rule set, as an index into the pass (``null``: none)."""


class Pass(NamedTuple):
    """A compiled pass: the stages to apply in order, then what decodes and completes the answer.

    Attributes:
        stages: column expressions per stage (each stage reads the columns of the ones before);
            the last holds ``status``, ``__deciding`` (with ``explain``) and the ``rule:<id>``
            findings (with ``findings``).
        members: each rule set's rule ids, in the policy's order (the order of its findings).
        order: the rule ids of the ``__deciding`` bits, lowest bit first.
        missing: per rule set, the expression of its missing facts (for its undetermined rows).
        reads: the facts its rules read.
    """

    stages: tuple[tuple[pl.Expr, ...], ...]
    members: tuple[tuple[str, ...], ...]
    order: tuple[str, ...]
    missing: tuple[pl.Expr, ...]
    reads: frozenset[str]


def _any(items: Sequence[pl.Expr]) -> pl.Expr:
    return reduce(lambda a, b: a | b, items) if items else pl.lit(False)


def _or_into(into: dict[str, pl.Expr], key: str, value: pl.Expr) -> None:
    into[key] = into[key] | value if key in into else value


def _deciding_order(rules: Sequence[Rule], hit: str) -> list[str]:
    """The engine lists deciding rules in rule order, except all-of: required ones, then in-principle."""
    ids = [r.id for r in rules]
    if hit != "all_of":
        return ids
    req = [r.id for r in rules if r.strength == "required"]
    soft = [r.id for r in rules if r.strength == "in_principle"]
    return [*req, *soft, *(k for k in ids if k not in req and k not in soft)]


def merged_order(orders: Sequence[Sequence[str]], rank: Mapping[str, int]) -> tuple[str, ...] | None:
    """One order of all the ids that keeps each of ``orders`` (ties by ``rank``), or ``None``."""
    after: dict[str, set[str]] = {}
    before = {k: 0 for o in orders for k in o}
    for o in orders:
        for a, b in itertools.pairwise(o):
            if b not in after.setdefault(a, set()):
                after[a].add(b)
                before[b] += 1
    ready = [(rank[k], k) for k, n in before.items() if n == 0]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        _, k = heapq.heappop(ready)
        out.append(k)
        for b in after.get(k, ()):
            before[b] -= 1
            if before[b] == 0:
                heapq.heappush(ready, (rank[b], b))
    return tuple(out) if len(out) == len(before) else None


def passes(policy: Policy, sids: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``sids`` split into passes, in order: each pass's rules fit one mask in one agreeing order
    (nearly always a single pass)."""
    return policy._cached(("columnar.passes", sids), lambda: _passes(policy, sids))


def _passes(policy: Policy, sids: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    rank = {k: i for i, k in enumerate(policy.rules)}
    out: list[list[str]] = []
    for sid in sids:
        for group in out:
            trial = [*group, sid]
            orders = [_deciding_order(policy.members(s), policy.ruleset(s).hit) for s in trial]
            fits = len({k for o in orders for k in o}) <= MAX_MASK_RULES
            if fits and merged_order(orders, rank) is not None:
                group.append(sid)
                break
        else:
            out.append([sid])
    return tuple(tuple(g) for g in out)


def deciding_enum(q: Question, policy: Policy) -> pl.Enum:
    """The ``deciding`` categories: every rule id the question can read under ``policy`` (its
    occupations' own routes included), in the policy's rule order — the same for every frame."""

    def build() -> pl.Enum:
        if q.area == "grade":

            def wanted(sid: str) -> bool:
                kind, _, grade = sid.partition(".")
                asked = grade.rsplit(".", 1)[-1]
                return kind in ("grade", "post") and (q.grade is None or asked == q.grade.id)

        else:
            sets = set(_rule_sets(q, policy))

            def wanted(sid: str) -> bool:
                return sid in sets

        pols = [policy] if q.area != "grade" else [policy, *map(policy.for_occupation, policy.occupations)]
        ids = dict.fromkeys(r.id for p in pols for r in p.rules.values() if any(map(wanted, r.sets)))
        return pl.Enum(list(ids))

    key = ("columnar.deciding_enum", q.area, None if q.grade is None else q.grade.id)
    return policy._cached(key, build)


def compile_pass(
    policy: Policy,
    sids: tuple[str, ...],
    on: _dt.date,
    schema: str,
    *,
    absent: frozenset[str],
    extra: tuple[tuple[str, str], ...],
    indexed: bool,
    explain: bool,
    findings: bool,
) -> Pass:
    """The pass over the rule sets ``sids`` of ``policy`` on ``on`` (compiled once, then cached).

    Args:
        schema: the fact schema's name (a fact in ``absent`` reads as unknown).
        extra: facts read from other columns (``("target_rank", "__target_rank")``).
        indexed: rows carry :data:`SET`; without it, every row belongs to the one rule set.
    """
    key = ("columnar.pass", sids, on, schema, absent, extra, indexed, explain, findings)
    return policy._cached(
        key, lambda: _compile(policy, sids, on, schema, absent, extra, indexed, explain, findings)
    )


def _compile(
    policy: Policy,
    sids: tuple[str, ...],
    on: _dt.date,
    schema: str,
    absent: frozenset[str],
    extra: tuple[tuple[str, str], ...],
    indexed: bool,
    explain: bool,
    findings: bool,
) -> Pass:
    facts = {
        n: pl.lit(None, dtype=_dtype(s)) if n in absent else pl.col(n) for n, s in SCHEMAS[schema].items()
    }
    facts.update({n: pl.col(c) for n, c in extra})
    sets = [policy.members(s) for s in sids]
    for sid, rules in zip(sids, sets, strict=True):
        if len(rules) > MAX_MASK_RULES:
            raise ValueError(
                f"rule set {sid} has {len(rules)} rules; the columnar path takes {MAX_MASK_RULES}"
            )
    rank = {k: i for i, k in enumerate(policy.rules)}
    order = merged_order(
        [_deciding_order(r, policy.ruleset(s).hit) for s, r in zip(sids, sets, strict=True)], rank
    )
    if order is None:  # passes() never groups such rule sets
        raise ValueError(f"rule sets {sids} list their deciding rules in orders that disagree")
    union = sorted({r.id: r for rules in sets for r in rules}.values(), key=lambda r: rank[r.id])
    memo: dict[int, pl.Expr] = {}
    params = policy.params_at(on)
    stage1 = [
        compile_node(r.condition, params, on, facts, memo).cast(pl.Boolean).alias(f"__own:{r.id}")
        for r in union
    ]
    if indexed:
        stage1 += [(pl.col(SET) == i).fill_null(False).alias(f"__in:{i}") for i in range(len(sids))]
    inside = [pl.col(f"__in:{i}") if indexed else None for i in range(len(sids))]
    stage2, values = _guarded(sets)
    hits = [_hit(policy.ruleset(sid).hit, rules, v) for sid, rules, v in zip(sids, sets, values, strict=True)]
    stage3, status, deciding = _verdicts(hits, inside, indexed)
    stage4 = [status.alias("status")]
    if explain:
        bit = {k: pl.lit(1 << b, dtype=pl.Int64) for b, k in enumerate(order)}
        zero = pl.lit(0, dtype=pl.Int64)
        bits = [pl.when(deciding[k]).then(bit[k]).otherwise(zero) for k in order if k in deciding]
        stage4.append((pl.sum_horizontal(bits) if bits else zero).alias("__deciding"))
    if findings:
        stage4 += [_finding(r.id, sets, values, inside).alias(f"rule:{r.id}") for r in union]
    # For an undetermined row, the unknown facts of its deciding (unknown) rules in rule order; only
    # rules whose own value is unknown list any (as _engine.decide and missing_facts).
    missing = tuple(
        list_of(
            [
                (name, pl.col(f"__own:{r.id}").is_null() & h.undecided[r.id] & cond)
                for r in rules
                if r.id in h.undecided
                for name, cond in missing_leaves(r.condition, memo)
            ]
        )
        for rules, h in zip(sets, hits, strict=True)
        if explain
    )
    stages = (tuple(stage1), stage2, stage3, tuple(stage4))
    members = tuple(tuple(r.id for r in rules) for rules in sets)
    reads = frozenset(f for r in union for f in r.facts)
    return Pass(tuple(s for s in stages if s), members, order, missing, reads)


def _guarded(sets: Sequence[Sequence[Rule]]) -> tuple[tuple[pl.Expr, ...], list[dict[str, str]]]:
    """Each rule's value after its guards, per rule set: Kleene and with the own value of each guard in
    the same rule set (as ``_engine.route_values``) — working columns where there are guards — and per
    rule set the column holding each rule's value."""
    stage: dict[str, pl.Expr] = {}
    values: list[dict[str, str]] = []
    for rules in sets:
        ids = {r.id for r in rules}
        names = {}
        for r in rules:
            guards = [g for g in r.guards if g in ids]
            name = f"__v:{r.id}:{','.join(guards)}" if guards else f"__own:{r.id}"
            if guards and name not in stage:
                stage[name] = reduce(lambda a, g: a & pl.col(f"__own:{g}"), guards, pl.col(f"__own:{r.id}"))
            names[r.id] = name
        values.append(names)
    return tuple(e.alias(k) for k, e in stage.items()), values


def _verdicts(
    hits: Sequence[_Hit], inside: Sequence[pl.Expr | None], indexed: bool
) -> tuple[tuple[pl.Expr, ...], pl.Expr, dict[str, pl.Expr]]:
    """Each rule set's outcomes as working columns (false off the rule set), then over all rule sets
    the status and, per rule, the rows where it decides."""
    stage = tuple(
        (cond if rows is None else rows & cond).alias(f"__o{i}:{name}")
        for i, (h, rows) in enumerate(zip(hits, inside, strict=True))
        for name, cond in h.outcomes.items()
    )
    labels: dict[str, pl.Expr] = {}
    deciding: dict[str, pl.Expr] = {}
    for i, h in enumerate(hits):
        flag = {name: pl.col(f"__o{i}:{name}") for name in h.outcomes}
        for name, label in h.labels.items():
            _or_into(labels, label, flag[name])
        for k, terms in h.deciding.items():
            _or_into(deciding, k, _any([flag[n] if cond is None else flag[n] & cond for n, cond in terms]))
    otherwise = pl.lit(NOT_APPLICABLE if indexed else None, dtype=pl.String)
    status = when_chain([(cond, pl.lit(label)) for label, cond in labels.items()], otherwise)
    return stage, status, deciding


class _Hit(NamedTuple):
    """A rule set's hit policy: its exclusive outcomes, the status label of each, and per rule the
    outcomes (with a condition on the rule's own value, or ``None``) in which it decides."""

    outcomes: dict[str, pl.Expr]
    labels: dict[str, str]
    deciding: dict[str, list[tuple[str, pl.Expr | None]]]
    undecided: dict[str, pl.Expr]  # rule id -> rows where it is one of the unknown deciding rules


def _hit(hit: str, rules: Sequence[Rule], values: Mapping[str, str]) -> _Hit:
    """One rule set's hit policy (``_engine.combine``) in Kleene booleans over its rules' values."""
    v = {r.id: pl.col(values[r.id]) for r in rules}
    yes = {k: x.fill_null(False) for k, x in v.items()}
    unknown = {k: x.is_null() for k, x in v.items()}
    no = {k: x.not_().fill_null(False) for k, x in v.items()}
    if hit in ("any_route", "any_triggers"):
        keys = [r.id for r in rules if r.role == "rule"] if hit == "any_route" else list(v)
        t, n = _any([yes[k] for k in keys]), _any([unknown[k] for k in keys])
        outcomes = {"holds": t, "open": ~t & n, "none": ~t & ~n}
        names = ("eligible", "ineligible") if hit == "any_route" else ("exit", "retain")
        labels = {"holds": names[0], "open": "undetermined", "none": names[1]}
        # any_route: the routes that hold, else the unknown ones, else every route; any_triggers: the
        # triggers that hold, else the unknown ones.
        rest: list[tuple[str, pl.Expr | None]] = [("none", None)] if hit == "any_route" else []
        deciding = {k: [("holds", yes[k]), ("open", unknown[k]), *rest] for k in keys}
        return _Hit(outcomes, labels, deciding, {k: unknown[k] for k in keys})
    req = [r.id for r in rules if r.strength == "required"]
    soft = [r.id for r in rules if r.strength == "in_principle"]
    fails = _any([no[k] for k in req])
    open_ = ~fails & _any([unknown[k] for k in [*req, *soft]])
    doubt = ~fails & ~open_ & _any([no[k] for k in soft])
    outcomes = {"fails": fails, "open": open_, "doubt": doubt, "holds": ~fails & ~open_ & ~doubt}
    labels = {"fails": "ineligible", "open": "undetermined", "doubt": "review", "holds": "eligible"}
    # The required rules that fail, else the unknown ones, else the in-principle ones that fail, else all.
    deciding = {k: [("fails", no[k]), ("open", unknown[k]), ("holds", None)] for k in req}
    deciding |= {k: [("open", unknown[k]), ("doubt", no[k]), ("holds", None)] for k in soft}
    return _Hit(outcomes, labels, deciding, {k: unknown[k] for k in [*req, *soft]})


def _finding(
    rid: str,
    sets: Sequence[Sequence[Rule]],
    values: Sequence[Mapping[str, str]],
    inside: Sequence[pl.Expr | None],
) -> pl.Expr:
    """``rule:<id>``: the rule's value after guards on rows of rule sets holding it, else null."""
    variants: dict[str, list[pl.Expr]] = {}
    for rules, names, rows in zip(sets, values, inside, strict=True):
        if any(r.id == rid for r in rules):
            if rows is None:  # every row is of this one rule set
                return pl.col(names[rid])
            variants.setdefault(names[rid], []).append(rows)
    return when_chain(
        [(_any(rows), pl.col(name)) for name, rows in variants.items()], pl.lit(None, dtype=pl.Boolean)
    )


def run(frame: pl.DataFrame, plan: Pass, enum: pl.Enum | None) -> dict[str, pl.Series]:
    """The pass over ``frame`` (its facts, and :data:`SET` if indexed): ``status``, with an ``enum``
    ``deciding`` and ``missing_facts``, and the ``rule:<id>`` findings, as columns in row order.

    Only columns are read back from the result: an eager operation on a frame whose columns are
    chunked differently would copy every column into one chunk first."""
    lazy = frame.lazy()
    for stage in plan.stages:
        lazy = lazy.with_columns(stage)
    done = lazy.collect()
    out = {"status": done.get_column("status")}
    if enum is not None:
        out["deciding"] = decode(done.get_column("__deciding"), plan.order, enum)
        out["missing_facts"] = _missing(done, plan)
    out |= {c: done.get_column(c) for c in done.columns if c.startswith("rule:")}
    return out


def decode(masks: pl.Series, order: Sequence[str], enum: pl.Enum) -> pl.Series:
    """Bit masks over ``order`` as lists of rule ids in that order (each distinct mask decoded once)."""
    distinct = masks.unique()
    # Built as text, then cast: a list of enum values is slow to build from Python.
    table = pl.Series(
        "deciding",
        [[k for i, k in enumerate(order) if (m >> i) & 1] for m in distinct.to_list()],
        dtype=pl.List(pl.String),
    ).cast(pl.List(enum))
    at = masks.replace_strict(distinct, pl.int_range(len(distinct), dtype=pl.UInt32, eager=True))
    return table.gather(at)


_NONE = pl.lit([], dtype=pl.List(pl.String))


def _missing(done: pl.DataFrame, plan: Pass) -> pl.Series:
    """The missing facts: worked out on the undetermined rows alone, by rule set, then put back."""
    at = (done.get_column("status") == "undetermined").arg_true()
    if at.is_empty():
        return pl.Series("missing_facts", [[]], dtype=pl.List(pl.String)).new_from_index(0, done.height)
    some = pl.DataFrame([done.get_column(c).gather(at) for c in done.columns]).with_columns(at.alias("__pos"))
    if len(plan.missing) == 1:
        pieces = [some.select("__pos", plan.missing[0].alias("m"))]
    else:
        pieces = [
            part.select("__pos", plan.missing[int(i)].alias("m"))
            for (i,), part in some.partition_by(SET, as_dict=True).items()
        ]
    found = pl.concat(pieces)
    back = pl.repeat(None, done.height, dtype=pl.UInt32, eager=True)
    back = back.scatter(found["__pos"], pl.int_range(found.height, dtype=pl.UInt32, eager=True))
    got = pl.DataFrame({"m": found["m"].gather(back)})
    return got.select(pl.col("m").fill_null(_NONE))["m"].alias("missing_facts")
