"""Facts frames: a population's facts derived in bulk, one typed column per fact, and the checks a
frame brought from elsewhere must pass before it is evaluated (:mod:`skilleco.columnar.evaluation`)."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from ..exceptions import MissingDependencyError

try:
    import polars as pl
except ImportError as _missing:  # pragma: no cover - exercised only without the frames extra
    raise MissingDependencyError(
        "columnar evaluation needs the frames extra: pip install 'skilleco[frames]'"
    ) from _missing

from ..exceptions import PopulationError, RowError
from ..facts.chain import dual_certificate_facts, gba_facts, lead_facts, member_active, member_facts
from ..facts.spec import worker_facts
from ..facts.value import Value
from ..ladder import GRADES
from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain
from ..models.dates import as_date
from ..models.organisations import Organisation
from ..models.worker import Worker
from ..policy.policy import SCHEMAS, Policy
from ..policy.registry import load_policy
from ..population.population import Population, Source, read_population
from ..population.record_files import read_records
from ..population.records import RecordTables, from_workers
from ..questions.chain import edition_ruleset
from ..questions.grades import DIRECT_RECOGNITION, by_standard, standard_kinship
from ..questions.registry import Question, parse_question
from .derive import worker_facts as derive_worker_facts
from .derive.frame import fact_dtype as _dtype

__all__ = ["check_facts_frame", "facts_frame", "frame_editions", "required_facts"]

ID = "subject_id"
OCCUPATION = "occupation_code"
CHAIN_ID = "chain_id"
_COMPUTED = frozenset({"target_rank", "current_rank"})  # derived by the evaluator itself


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
    population: Source | RecordTables,
    question: str | Question,
    *,
    on: object,
    policy: str | Policy = "cn-2025",
    names: Collection[str] | None = None,
) -> pl.DataFrame:
    """Derive the facts frame of a population for ``question`` as of ``on``.

    One row per subject (for ``exits``: one row per unit of each chain — the lead and every member
    active on ``on`` — with ``chain_id`` and ``is_lead``), every fact of the question's schema as
    a typed column (``null`` = unknown), and the population's ``weight`` and group columns.

    Workers are derived in columns (Polars joins and group-bys over their record tables, no Python
    per worker): from :class:`~skilleco.population.records.RecordTables` directly, and from any
    other population of workers through :func:`~skilleco.population.records.from_workers`. Other
    subjects are derived one by one.

    Args:
        population: record tables, or anything :func:`~skilleco.population.read_population` reads.
        question: the question the frame is for (it decides the subject kind and the schema).
        on: the date the facts are derived for.
        policy: for ``dualcert``, its scheme decides the candidate kind; for workers, an
            occupation with a standard on file (``with_standards``) is derived by its standard.
        names: only these facts (default: every fact of the schema); for example
            :func:`required_facts` of the question.
    """
    q, day, pol = parse_question(question), as_date(on), load_policy(policy)
    if isinstance(population, RecordTables) or (q.area == "grade" and not isinstance(population, Population)):
        tables = population if isinstance(population, RecordTables) else _as_tables(population)
        if tables is not None:
            return derive_worker_facts(tables, day, policy=pol, names=names)
    pop = read_population(population, q.kind(pol))
    if pop.kind == "worker":
        return derive_worker_facts(
            from_workers(pop.subjects, weights=pop.weights, groups=pop.groups, source=pop.source),
            day,
            policy=pol,
            names=names,
        )
    return scalar_facts_frame(pop, q, day, pol, names)


def scalar_facts_frame(
    pop: Population, q: Question, day: _dt.date, pol: Policy, names: Collection[str] | None = None
) -> pl.DataFrame:
    """The facts frame derived subject by subject by the scalar derivation (the reference the
    columnar derivation of workers is tested against, and the path of other subjects)."""
    schema = _schema_name(q, pol)
    wanted = set(SCHEMAS[schema]) if names is None else set(names)
    specs = {k: v for k, v in SCHEMAS[schema].items() if k not in _COMPUTED and k in wanted}
    rows: list[dict[str, Value]] = []
    extra: list[dict[str, object]] = []
    for subject, weight, groups in zip(pop.subjects, pop.weights, pop.groups, strict=True):
        for row in _fact_rows(subject, day, pol):
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


def _as_tables(source: object) -> RecordTables | None:
    """Record tables when ``source`` is some (a folder, a zip, a mapping with a workers table)."""
    if isinstance(source, Mapping) and "workers" in source:
        return read_records(source)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir() or path.suffix.lower() == ".zip":
            return read_records(source)
    return None


def _fact_rows(subject: object, on: _dt.date, policy: Policy) -> list[dict[str, Value]]:
    if isinstance(subject, Worker):
        # Judged by the occupation's standard when the policy has one: its template and kinship.
        w, pol = by_standard(subject, policy)
        derived = worker_facts(w, on, kinship=standard_kinship(pol, w))
        return [{ID: w.id, OCCUPATION: w.occupation.code, **derived}]
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


def required_facts(
    question: str | Question, *, policy: str | Policy, editions: Collection[str] | None = None
) -> tuple[str, ...]:
    """The fact columns a facts frame needs for ``question`` under ``policy`` (in schema order).

    Args:
        editions: for grade questions, only the facts the rule sets of these templates read
            (``t2018``, ``t2023``, ``legacy``: the values of a frame's ``occupation_edition``);
            default: every template the policy has rule sets for.
    """
    q, pol = parse_question(question), load_policy(policy)
    schema = _schema_name(q, pol)
    read: set[str] = set()
    # Grade rule sets of an occupation with its own routes (a standard on file) are the policy's
    # for that occupation: their members are read too.
    occupations = [pol.for_occupation(code) for code in pol.occupations] if q.area == "grade" else []
    for p in {id(p): p for p in (pol, *occupations)}.values():
        for rules in _rule_sets(q, p, editions).values():
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


def _rule_sets(q: Question, pol: Policy, only: Collection[str] | None = None) -> dict[str, tuple[Any, ...]]:
    if q.area == "grade":
        grades = [q.grade] if q.grade is not None else [g for g in GRADES if g.id != "apprentice"]
        # Every template the policy has rule sets for (t2018, t2023, legacy, ...), not only two.
        editions = sorted({sid.split(".")[1] for sid in pol.rulesets if sid.startswith("grade.")})
        if only is not None:
            editions = [e for e in editions if e in only]
        sids = {
            f"post.{g.id}" if g.kind == "post" else f"grade.{e}.{g.id}" for g in grades if g for e in editions
        }
        return {s: pol.members(s) for s in sorted(sids) if s in pol.rulesets}
    area = {"lead": ("lead", "lead"), "exits": ("exit", "exit"), "dualcert": ("dualcert", "dual_certificate")}
    sid = edition_ruleset(pol, *area[q.area])
    return {sid: pol.members(sid)}


def check_facts_frame(
    frame: pl.DataFrame, question: str | Question, *, policy: str | Policy, ids: bool = True
) -> None:
    """Check a facts frame up front: key and fact columns present with usable types, ids unique.

    Args:
        frame: the facts frame.
        question: what it is to answer.
        policy: the policy to answer by (its rule sets say which facts are required).
        ids: also check that no id repeats (``False``: for a second policy over a frame checked once).

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
    for name in required_facts(q, policy=pol, editions=frame_editions(frame, q)):
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
    if ids and ID in frame.columns and not problems:
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


def frame_editions(frame: pl.DataFrame, question: str | Question) -> frozenset[str] | None:
    """The templates a frame's rows are judged by (its ``occupation_edition`` values), for a grade
    question whose frame has rows and states every row's template; else ``None`` (every template:
    an empty frame, a Dask partition's metadata, says nothing of the rows to come)."""
    q = parse_question(question)
    if q.area != "grade" or "occupation_edition" not in frame.columns or frame.height == 0:
        return None
    col = frame.get_column("occupation_edition")
    if col.dtype not in (pl.String, pl.Categorical) or col.null_count():
        return None
    return frozenset(str(e) for e in col.unique().to_list())


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
