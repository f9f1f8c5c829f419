"""Grade rows' keys: per row the grade held, the grade asked and so the rule set that answers it,
as column expressions compiled once per policy (kept in its memo), and the narrow, one-chunk input
frames the evaluator computes on."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import NamedTuple

import polars as pl

from ..ladder import GRADES
from ..policy.policy import SCHEMAS, Policy
from ..questions.grades import DIRECT_RECOGNITION, _targets_above, grade_ruleset_id
from ..questions.registry import Question
from .compile import compile_node, when_chain
from .derive.frame import fact_dtype as _dtype
from .derive.frame import usable
from .frames import OCCUPATION


def absent_facts(frame: pl.DataFrame, schema: str) -> frozenset[str]:
    """The schema's facts the frame lacks (they read as unknown)."""
    return frozenset(SCHEMAS[schema]) - set(frame.columns)


def narrow(
    frame: pl.DataFrame, names: Sequence[str], required: frozenset[str], schema: str
) -> list[pl.Series]:
    """The frame's columns among ``names``, the required facts cast to their schema's types where
    they are not usable as they are. Columns are taken one by one, as they are chunked: neither
    they nor the frame's other columns are copied."""
    specs, have = SCHEMAS[schema], set(frame.columns)
    out = []
    for n in dict.fromkeys(names):
        if n in have:
            col = frame.get_column(n)
            if n in required and not usable(col.dtype, specs[n]):
                col = col.cast(_dtype(specs[n]) if specs[n].type != "int" else pl.Int64)
            out.append(col)
    return out


class Group(NamedTuple):
    """Occupations that get the same policies: one per policy asked, and their codes."""

    occs: tuple[Policy, ...]
    codes: list[str]


class Keys(NamedTuple):
    """The templates seen (``editions``) and the keys present, in order of first appearance."""

    editions: list[str | None]
    present: list[int]

    def sid(self, key: int) -> str:
        """The rule set of a key: ``(group × editions + edition) × grades + grade asked``."""
        grade = GRADES[key % len(GRADES)]
        return grade_ruleset_id(str(self.editions[key // len(GRADES) % len(self.editions)]), grade)


_RANK_FACTS = (
    OCCUPATION,
    "occupation_edition",
    "occupation_has_senior_technician",
    "cert_rank",
    "post_rank",
    "direct_recognition_rank",
    "direct_recognition_waived_rank",
)


def grade_keys(
    frame: pl.DataFrame, q: Question, groups: Sequence[Group], on: _dt.date, required: frozenset[str]
) -> tuple[pl.DataFrame, Keys]:
    """Per row, ``current_rank``, ``__rank`` (the highest known part), the grade asked (``__tcode``,
    an index into the ladder, and ``__target_rank``) and ``__key``, which picks the rule set; and the
    keys present, in order of first appearance."""
    missing = absent_facts(frame, "worker")
    parts = [(_rank_exprs(g.occs[0], on, missing), _target_code(q, g)) for g in groups]
    if len(groups) == 1:
        ((current, known), target), group = parts[0], pl.lit(0, dtype=pl.Int64)
    else:
        group = pl.col(OCCUPATION).replace_strict(
            {c: k for k, g in enumerate(groups) for c in g.codes}, return_dtype=pl.Int64
        )
        current = _by_group(group, [p[0][0] for p in parts])
        known = _by_group(group, [p[0][1] for p in parts])
        target = _by_group(group, [p[1] for p in parts])
    editions: list[str | None] = frame.get_column("occupation_edition").unique().to_list() or [None]
    edition: pl.Expr = pl.lit(0, dtype=pl.Int64)
    if len(editions) > 1:  # a few templates: comparisons are cheaper than a lookup by hash
        known_ = [(i, e) for i, e in enumerate(editions) if e is not None]
        edition = _by_group(
            pl.col("occupation_edition"),
            [pl.lit(i, dtype=pl.Int64) for i, _ in known_],
            [e for _, e in known_],
        )
        if None in editions:
            edition = edition.fill_null(editions.index(None))
    read = [f for g in groups if (rule := g.occs[0].rules.get(DIRECT_RECOGNITION)) for f in rule.facts]
    keyed = (
        pl.DataFrame(narrow(frame, [*_RANK_FACTS, *read], required, "worker"))
        .lazy()
        .with_columns(current.alias("current_rank"), known.alias("__rank"))
        .with_columns(target.alias("__tcode"))
        .select(
            "current_rank",
            "__rank",
            "__tcode",
            pl.lit(pl.Series([g.rank for g in GRADES], dtype=pl.Int64))
            .gather(pl.col("__tcode"))
            .alias("__target_rank"),
            ((group * len(editions) + edition) * len(GRADES) + pl.col("__tcode")).alias("__key"),
        )
        .collect()
        .rechunk()
    )
    present = keyed.get_column("__key").unique(maintain_order=True).drop_nulls().to_list()
    return keyed, Keys(editions, present)


def _by_group(group: pl.Expr, exprs: Sequence[pl.Expr], values: Sequence[object] | None = None) -> pl.Expr:
    """``exprs[k]`` where ``group`` is ``values[k]`` (default: ``k``), else null."""
    keys = list(range(len(exprs))) if values is None else values
    return when_chain([(group.eq(k), e) for k, e in zip(keys, exprs, strict=True)], pl.lit(None))


def _rank_exprs(occ: Policy, on: _dt.date, absent: frozenset[str]) -> tuple[pl.Expr, pl.Expr]:
    """``current_rank`` (null when an unknown part could raise it) and the highest known part."""

    def build() -> tuple[pl.Expr, pl.Expr]:
        facts = {
            n: pl.lit(None, dtype=_dtype(s)) if n in absent else pl.col(n)
            for n, s in SCHEMAS["worker"].items()
        }
        parts = [pl.col("cert_rank"), pl.col("post_rank")]
        rule = occ.rules.get(DIRECT_RECOGNITION)
        if rule is not None:
            params = occ.params_at(on)
            for col in ("direct_recognition_rank", "direct_recognition_waived_rank"):
                rank = pl.col(col)
                valid = compile_node(rule.condition, params, on, {**facts, "target_rank": rank})
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
        current = (
            pl.when(any_null).then(pl.when(known == top).then(pl.lit(top)).otherwise(None)).otherwise(known)
        )
        return current.cast(pl.Int64), known.clip(lower_bound=0).cast(pl.Int64)

    return occ._cached(("columnar.rank", on, absent), build)


def _target_code(q: Question, group: Group) -> pl.Expr:
    """The grade asked about per row, as an index into the ladder: fixed for ``grade:<g>``; else the
    next grade above ``__rank`` (two lookup tables: occupations with a 高级技师 level, or unknown, and
    those without), among the levels of the occupation's standard when it has one."""
    if q.grade is not None:
        return pl.lit([g.id for g in GRADES].index(q.grade.id), dtype=pl.Int64)
    override = group.occs[0].occupations.get(group.codes[0]) if group.codes else None
    levels = None if override is None else override.levels
    index = {g.id: i for i, g in enumerate(GRADES)}
    table: list[int | None] = []  # by rank, then whether the occupation may have a 高级技师 level
    for r in range(len(GRADES) + 1):
        for top in (False, True):
            above = _targets_above(r, {"occupation_has_senior_technician": top}, levels)
            table.append(index[above[0].id] if above else None)
    has_top = pl.col("occupation_has_senior_technician").fill_null(True).cast(pl.Int64)
    return _lookup(pl.Series(table, dtype=pl.Int64), pl.col("__rank") * 2 + has_top, pl.col("__rank"))


def _lookup(table: pl.Series, index: pl.Expr, rank: pl.Expr) -> pl.Expr:
    """``table[index]`` for a rank on the ladder (0 to the top), else null: a gather, not a hash lookup."""
    top = len(GRADES)
    return pl.when(rank <= top).then(pl.lit(table).gather(index.clip(0, len(table) - 1)))


def grade_columns(keyed: pl.DataFrame, sids: Sequence[str | None]) -> list[pl.Series]:
    """``ruleset_id`` (``sids`` by key), ``target`` and ``held`` per row, from :func:`grade_keys`."""
    held = [{g.rank: g.id for g in GRADES}.get(r) for r in range(len(GRADES) + 1)]  # none at rank 0
    rank = pl.col("__rank")
    return [
        pl.Series("ruleset_id", sids, dtype=pl.String).gather(keyed.get_column("__key")),
        pl.Series("target", [g.id for g in GRADES], dtype=pl.String).gather(keyed.get_column("__tcode")),
        keyed.select(_lookup(pl.Series(held, dtype=pl.String), rank, rank).alias("held")).get_column("held"),
    ]
