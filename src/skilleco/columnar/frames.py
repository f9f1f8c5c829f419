"""Columnar evaluation: a whole frame of facts at once, with Polars (the ``frames`` extra)."""

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

from ..exceptions import PopulationError, RowError
from ..facts.chain import dual_certificate_facts, gba_facts, lead_facts, member_active, member_facts
from ..facts.spec import FactSpec, worker_facts
from ..facts.value import Value
from ..ladder import GRADES
from ..models.dates import as_date
from ..models.organisations import Chain, DualCertificateCandidate, GbaCandidate, Organisation
from ..models.worker import Worker
from ..policy.policy import SCHEMAS, Policy, load_policy
from ..population.population import Source, read_population
from ..questions.chain import edition_ruleset
from ..questions.grades import DIRECT_RECOGNITION, _targets_above, grade_ruleset_id
from ..questions.registry import NOT_APPLICABLE, Question, parse_question
from .compile import compile_node, decode_mask, ruleset_stages

__all__ = ["check_facts_frame", "evaluate", "facts_frame", "required_facts"]

ID = "subject_id"
OCCUPATION = "occupation_code"
CHAIN_ID = "chain_id"
_COMPUTED = frozenset({"target_rank", "current_rank"})  # derived by the evaluator itself


def _dtype(spec: FactSpec) -> Any:
    return {"bool": pl.Boolean, "int": pl.Int64, "float": pl.Float64, "str": pl.String, "date": pl.Date}[
        spec.type
    ]


def _schema_name(q: Question, policy: Policy) -> str:
    if q.area == "grade":
        return "worker"
    if q.area == "lead":
        return "organisation"
    if q.area == "exits":
        return "chain_member"
    sid = edition_ruleset(policy, "dualcert", "dual_certificate")
    return policy.ruleset(sid).subject


def _keys(schema: str) -> tuple[str, ...]:
    if schema == "worker":
        return (ID, OCCUPATION)
    if schema == "chain_member":
        return (ID, CHAIN_ID, "is_lead")
    return (ID,)


# --- facts frames ---------------------------------------------------------------------------------


def facts_frame(
    population: Source, question: str | Question, *, on: object, policy: str | Policy = "cn-2025"
) -> pl.DataFrame:
    """Derive the facts frame of a population for ``question`` as of ``on``.

    One row per subject (for ``exits``: one row per unit of each chain — the lead and every member
    active on ``on`` — with ``chain_id`` and ``is_lead``), every fact of the question's schema as
    a typed column (``null`` = unknown), and the population's ``weight`` and group columns.

    Args:
        population: anything :func:`~skilleco.population.read_population` reads.
        question: the question the frame is for (it decides the subject kind and the schema).
        on: the date the facts are derived for.
        policy: needed only for ``dualcert`` (its scheme decides the candidate kind).
    """
    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    pop = read_population(population, q.kind(pol))
    schema = _schema_name(q, pol)
    specs = {k: v for k, v in SCHEMAS[schema].items() if k not in _COMPUTED}
    rows: list[dict[str, Value]] = []
    extra: list[dict[str, object]] = []
    for subject, weight, groups in zip(pop.subjects, pop.weights, pop.groups, strict=True):
        for row in _fact_rows(subject, day):
            rows.append(row)
            extra.append({"weight": weight, **groups})
    columns: dict[str, Any] = {}
    key_types = {ID: pl.String, OCCUPATION: pl.String, CHAIN_ID: pl.String, "is_lead": pl.Boolean}
    for k in _keys(schema):
        columns[k] = pl.Series(k, [r.get(k) for r in rows], dtype=key_types[k])
    for name, spec in specs.items():
        columns[name] = pl.Series(name, [r.get(name) for r in rows], dtype=_dtype(spec))
    columns["weight"] = pl.Series("weight", [e["weight"] for e in extra], dtype=pl.Float64)
    for g in pop.group_names:
        columns[g] = pl.Series(g, [e.get(g) for e in extra], dtype=pl.String)
    return pl.DataFrame(columns)


def _fact_rows(subject: object, on: _dt.date) -> list[dict[str, Value]]:
    if isinstance(subject, Worker):
        return [{ID: subject.id, OCCUPATION: subject.occupation.code, **worker_facts(subject, on)}]
    if isinstance(subject, Organisation):
        return [{ID: subject.id, **lead_facts(subject, None, on)}]
    if isinstance(subject, Chain):
        out = []
        for m in sorted(subject.members, key=lambda m: m.organisation.id != subject.lead_id):
            is_lead = m.organisation.id == subject.lead_id
            if is_lead or member_active(m, on):
                facts = member_facts(m, subject, on).facts
                out.append({ID: m.organisation.id, CHAIN_ID: subject.id, "is_lead": is_lead, **facts})
        return out
    if isinstance(subject, DualCertificateCandidate):
        return [{ID: subject.person_id, **dual_certificate_facts(subject, on)}]
    if isinstance(subject, GbaCandidate):
        return [{ID: subject.person_id, **gba_facts(subject, on)}]
    raise TypeError(f"not a subject model: {type(subject).__name__}")


def required_facts(question: str | Question, *, policy: str | Policy) -> tuple[str, ...]:
    """The fact columns a facts frame needs for ``question`` under ``policy`` (in schema order)."""
    q, pol = parse_question(question), load_policy(policy)
    schema = _schema_name(q, pol)
    read: set[str] = set()
    for rules in _rule_sets(q, pol).values():
        for r in rules:
            read.update(r.facts)
    if q.area == "grade":
        read |= {
            "occupation_edition",
            "cert_rank",
            "post_rank",
            "occupation_has_senior_technician",
            "direct_recognition_rank",
            "direct_recognition_waived_rank",
        }
        rule = pol.rules.get(DIRECT_RECOGNITION)
        if rule is not None:
            read.update(rule.facts)
    return tuple(n for n in SCHEMAS[schema] if n in read and n not in _COMPUTED)


def _rule_sets(q: Question, pol: Policy) -> dict[str, tuple[Any, ...]]:
    if q.area == "grade":
        grades = [q.grade] if q.grade is not None else [g for g in GRADES if g.id != "apprentice"]
        sids = {
            f"post.{g.id}" if g.kind == "post" else f"grade.{e}.{g.id}"
            for g in grades
            if g
            for e in ("t2018", "t2023")
        }
        return {s: pol.members(s) for s in sorted(sids) if s in pol.rulesets}
    area = {"lead": ("lead", "lead"), "exits": ("exit", "exit"), "dualcert": ("dualcert", "dual_certificate")}
    sid = edition_ruleset(pol, *area[q.area])
    return {sid: pol.members(sid)}


def check_facts_frame(frame: pl.DataFrame, question: str | Question, *, policy: str | Policy) -> None:
    """Check a facts frame up front: key and fact columns present with usable types, ids unique.

    Raises:
        PopulationError: naming each column that is missing or of the wrong type, or the repeated ids
            (codes ``missing_column``, ``wrong_dtype``, ``duplicate_id``).
    """
    q, pol = parse_question(question), load_policy(policy)
    schema = _schema_name(q, pol)
    problems: list[RowError] = []
    if not isinstance(frame, pl.DataFrame):
        raise PopulationError(
            "<frame>",
            [RowError(0, "", type(frame).__name__, "expected a Polars DataFrame", "not_frame")],
            schema,
        )
    specs = SCHEMAS[schema]
    for k in _keys(schema):
        if k not in frame.columns:
            problems.append(RowError(0, k, None, "a required key column is missing", "missing_column"))
    for name in required_facts(q, policy=pol):
        if name not in frame.columns:
            problems.append(
                RowError(
                    0,
                    name,
                    None,
                    f"a fact column is missing ({specs[name].type}: {specs[name].description})",
                    "missing_column",
                )
            )
            continue
        if not _compatible(frame.schema[name], specs[name].type):
            problems.append(
                RowError(
                    0, name, str(frame.schema[name]), f"expected a {specs[name].type} column", "wrong_dtype"
                )
            )
    if ID in frame.columns and not problems:
        keys = [ID, CHAIN_ID] if schema == "chain_member" else [ID]
        # Distinct hashes prove distinct ids (fast); a repeat, or a hash collision, needs the exact check.
        hashes = frame.select(pl.struct(keys).hash().alias("h"))["h"]
        dupes = []
        if hashes.n_unique() < frame.height:
            dupes = frame.filter(frame.select(keys).is_duplicated())[ID].unique(maintain_order=True).to_list()
        if dupes:
            problems.append(
                RowError(
                    0,
                    ID,
                    ", ".join(map(str, dupes[:5])),
                    f"{len(dupes)} id(s) appear more than once",
                    "duplicate_id",
                )
            )
    if problems:
        raise PopulationError("<facts frame>", problems, schema)


def _compatible(dtype: Any, kind: str) -> bool:
    if dtype == pl.Null:
        return True
    if kind == "bool":
        return bool(dtype == pl.Boolean)
    if kind == "int":
        return bool(dtype.is_integer())
    if kind == "float":
        return bool(dtype.is_numeric())
    if kind == "date":
        return bool(dtype == pl.Date)
    return bool(dtype in (pl.String, pl.Categorical, pl.Enum))


def _cast(frame: pl.DataFrame, names: Sequence[str], specs: Mapping[str, FactSpec]) -> pl.DataFrame:
    return frame.with_columns([frame[n].cast(_dtype(specs[n])) for n in names if n in frame.columns])


# --- evaluation -------------------------------------------------------------------------------------


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
        sub = _rank_columns(sub, occ, on, specs).with_columns(_target_expr(q).alias("target"))
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


def _target_expr(q: Question) -> pl.Expr:
    """The grade asked about per row: fixed for ``grade:<g>``; else the next grade above ``__rank``
    (two lookup tables: occupations with a 高级技师 level, or unknown, and those without)."""
    if q.grade is not None:
        return pl.lit(q.grade.id)
    tables = {}
    for top in (True, False):
        above = {
            r: _targets_above(r, {"occupation_has_senior_technician": top}) for r in range(len(GRADES) + 1)
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
