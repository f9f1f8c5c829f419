"""The what-if subcommands of ``skilleco``: ``whatif`` and ``sweep`` (``demo`` is :mod:`.demo`).

A reform is given on the command line as ``--set NAME=VALUE`` pairs; each VALUE is read as JSON
(``4``, ``4.5``, ``true``, ``"x"``, ``{"from": "2027-01-01", "value": 18}``) and, failing that, as
the raw text, then checked against the parameter's type and range (its ``min`` and ``max``). The
population comes from a file (``--population``) or from :mod:`skilleco.population.synthetic`
(``--synthetic N --seed S``), chosen to fit the question.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar, cast

import click

from ..models.dates import read_date
from ..models.jsontext import load_json
from ..policy.policy import Policy
from ..policy.ranges import range_problem
from ..policy.reader import BadValue, read_value
from ..policy.registry import load_policy
from ..questions.career import DEFAULT_LEAD_MONTHS, MAX_LEAD_MONTHS
from ..questions.pipeline import DEFAULT_YEARS, MAX_YEARS
from ..questions.registry import Question, parse_question
from ..rules.check import value_type
from ..whatif.compare import compare
from ..whatif.sweeps import sweep
from .io import EXIT_OK, UsageError, check_chart_path, rows_of, save_chart
from .options import (
    COUNT,
    DATE,
    PIPELINE,
    QUESTION,
    QUESTION_HELP,
    SEED,
    WHATIF_QUESTION,
    WHATIF_QUESTION_HELP,
    emit,
    format_option,
    lang_of,
    lang_option,
)
from .pipeline import refuse, run_pipeline
from .populations import population
from .progress import Progress

__all__ = [
    "changes",
    "coerce",
    "parse_value",
    "sweep_command",
    "sweep_values",
    "whatif_command",
]

F = TypeVar("F", bound=Callable[..., Any])
WAIT = "t2023.technician.after_senior_years"
_WORKERS = parse_question("next_grade")  # the pipeline reads workers, as grade questions do


def _population_options(*, pipeline: bool) -> Callable[[F], F]:
    """The options of a population and a question, shared by ``whatif`` and ``sweep`` (``whatif``
    also takes ``--question pipeline``)."""
    question, question_help = (
        (WHATIF_QUESTION, WHATIF_QUESTION_HELP) if pipeline else (QUESTION, QUESTION_HELP)
    )
    options = [
        click.option(
            "--population",
            metavar="PATH",
            help="A CSV, JSON, JSON Lines or Parquet file, or record tables: a folder or .zip of "
            "workers.csv/.parquet and long tables (work_periods, certificates, ...).",
        ),
        click.option("--synthetic", type=COUNT, help="Draw N synthetic subjects of the question's kind."),
        click.option(
            "--seed", type=SEED, default=2026, show_default=True, help="Seed of the synthetic population."
        ),
        click.option("--skip-invalid", is_flag=True, help="Leave invalid rows out, list and count them."),
        click.option("--question", required=True, type=question, help=question_help),
        click.option("--on", required=True, type=DATE, help="The date asked about."),
        click.option("--cost", is_flag=True, help="Add certificate-subsidy costs (grade questions)."),
        format_option,
        lang_option,
    ]

    def add(f: F) -> F:
        for option in reversed(options):
            f = option(f)
        return f

    return add


population_options = _population_options(pipeline=False)
whatif_options = _population_options(pipeline=True)


# --- reading the options -----------------------------------------------------------------------


def parse_value(text: str) -> object:
    """A VALUE as JSON if it is JSON, else the text itself."""
    try:
        return cast(object, load_json(text))
    except ValueError:
        return text


def _kind(value: object) -> str:
    """The policy checker's type name for a value (lists as JSON gives them count as lists)."""
    return value_type(tuple(value) if isinstance(value, list) else value)  # type: ignore[arg-type]


def coerce(policy: Policy, name: str, text: str) -> object:
    """The value of ``--set NAME=TEXT`` in the type the parameter holds, within its range.

    Raises:
        UnknownParameterError: no such parameter (with the closest name).
        UsageError: a value of another type than the parameter holds, or outside its range.
    """
    param = policy.parameter(name)
    kinds = {_kind(v) for _, v in param.timeline.entries} - {"any"}
    value = parse_value(text)
    dated = isinstance(value, Mapping) and set(value) == {"from", "value"}
    inner = value["value"] if isinstance(value, Mapping) and dated else value
    if "str" in kinds and not isinstance(inner, str) and not dated:
        return text  # a text parameter takes the text as typed, even if it reads as JSON
    if "date" in kinds and isinstance(inner, str):
        try:
            inner = read_date(inner)
        except ValueError as exc:
            raise UsageError(f"--set {name}: {exc}") from None
    if kinds and _kind(inner) not in kinds | {"any"}:
        now = ", ".join(str(v) for _, v in param.timeline.entries)
        raise UsageError(f"--set {name}: expected a {'/'.join(sorted(kinds))} value like {now}, got {text!r}")
    try:
        read_value(inner)  # a number past MAX_NUMBER, a list mixing types, ... (as with_changes reads it)
    except BadValue as exc:
        raise UsageError(f"--set {name}: {exc}") from None
    problem = range_problem(policy.ranges, name, inner)
    if problem is not None:
        raise UsageError(f"--set {name}: {problem}")
    return {"from": value["from"], "value": inner} if isinstance(value, Mapping) and dated else inner


def changes(policy: Policy, items: Sequence[str]) -> tuple[dict[str, object], str]:
    """The parameter changes of ``--set NAME=VALUE`` items and a label naming them."""
    out: dict[str, object] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"expected --set NAME=VALUE, got {item!r}")
        if name in out:
            raise UsageError(f"--set {name} is given twice")
        out[name] = coerce(policy, name, text.strip())
    return out, ", ".join(i.strip() for i in items)


def sweep_values(policy: Policy, name: str, text: str) -> list[object]:
    """The values of ``--values``: a JSON array, or comma-separated values."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            items = load_json(stripped)
        except ValueError as exc:
            raise UsageError(f"--values looks like a JSON array but is not JSON: {exc}") from None
        parts = [json.dumps(v) if not isinstance(v, str) else v for v in items]
    else:
        parts = [p.strip() for p in stripped.split(",") if p.strip()]
    if not parts:
        raise UsageError("--values: expected at least one value")
    try:
        return [coerce(policy, name, p) for p in parts]
    except UsageError as exc:
        raise UsageError(str(exc).replace("--set", "--values", 1)) from None



def _source(path: str | None, synthetic: int | None) -> None:
    if (path is None) == (synthetic is None):
        raise click.UsageError("give one population: --population PATH or --synthetic N")


def _no_cost(cost: bool, q: Question) -> None:
    if cost and q.area != "grade":
        raise UsageError(f"--cost applies to grade questions (next_grade, grade:<grade>), not {q.name!r}")


# --- the subcommands ---------------------------------------------------------------------------


@click.command(
    "whatif",
    short_help="Compare a policy with a reform over a population.",
    epilog="\b\nExamples:\n"
    f"  skilleco whatif --policy gd-2025 --set {WAIT}=4 --synthetic 2000 "
    "--question pipeline --on 2026-11-21 --chart pipeline.png\n"
    f"  skilleco whatif --policy gd-2025 --set {WAIT}=4 --synthetic 2000 "
    "--question next_grade --on 2026-11-21 --cost",
)
@click.option(
    "--policy", "policy_id", required=True, metavar="ID", help="The baseline policy (gd-2025, ...)."
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    required=True,
    metavar="NAME=VALUE",
    help='A parameter change (repeatable). VALUE is JSON (4, true, "x", {"from": DATE, "value": V}) '
    "or else text; it must fit the parameter's type and range.",
)
@click.option("--label", help="The reform's label in every output (default: the changes).")
@whatif_options
@click.option("--chart", metavar="FILE", help="Save a chart (.png or .svg; needs the plot extra).")
@click.option(
    "--chart-kind",
    type=click.Choice(("counts", "flips")),
    default="counts",
    show_default=True,
    help="Counts under each policy, or the rows gained and lost (not for pipeline).",
)
@click.option(
    "--by",
    type=click.Choice(("target", "grade", "region")),
    default="target",
    show_default=True,
    help="How the flips chart groups rows: the grade asked about, the grade held, or the region.",
)
@click.option(
    "--years",
    type=int,
    default=DEFAULT_YEARS,
    show_default=True,
    help=f"pipeline: how many years to look ahead (1 to {MAX_YEARS}), every 3 months.",
)
@click.option(
    "--lead-months",
    type=int,
    default=DEFAULT_LEAD_MONTHS,
    show_default=True,
    help=f"pipeline: months from being eligible to holding the certificate (0 to {MAX_LEAD_MONTHS}; "
    "modelled).",
)
def whatif_command(
    policy_id: str,
    sets: tuple[str, ...],
    label: str | None,
    chart: str | None,
    chart_kind: Literal["counts", "flips"],
    by: str,
    years: int,
    lead_months: int,
    **pop: Any,
) -> int:
    """Compare a policy with a reform of it over a population: counts, flips, the rules behind the
    flips and (with --cost) certificate subsidies; or, with --question pipeline, how many workers
    become eligible for each grade within 6, 12, 24 and 36 months under each."""
    lang, q, day = lang_of(pop["lang"]), pop["question"], pop["on"]
    _source(pop["population"], pop["synthetic"])
    base = load_policy(policy_id)
    found, text = changes(base, sets)
    reform = base.with_changes(found, label=label or text)
    if q == PIPELINE:
        return run_pipeline(base, reform, chart, years, lead_months, pop)
    refuse(("years", "lead_months"), f"applies to --question {PIPELINE} only")
    _no_cost(pop["cost"], q)
    if chart_kind == "flips" and by != "region" and q.area != "grade":
        raise UsageError(f"--by {by} groups the flips of grade questions; use --by region for {q.name!r}")
    out = check_chart_path(chart) if chart else None
    progress = Progress()
    people = population(
        pop["population"], pop["synthetic"], pop["seed"], pop["skip_invalid"], q, base, day, progress
    )
    with progress.stage("whatif", rows_of(people)) as stage:
        c = compare(
            people,
            q,
            baseline=base,
            reform=reform,
            on=day,
            cost=pop["cost"],
            on_error="skip" if pop["skip_invalid"] else "raise",
            progress=stage,
            subjects=False,  # the command prints no per-subject table: don't keep one
        )
    emit(c, pop["fmt"], lang)
    if out is not None:
        save_chart(lambda: c.save_chart(out, chart_kind, by=by, lang=lang), pop["fmt"], lang)
    return EXIT_OK











@click.command(
    "sweep",
    short_help="Outcome counts as one parameter moves through values.",
    epilog="\b\nExample:\n"
    f"  skilleco sweep --policy gd-2025 --parameter {WAIT} --values 3,4,5,6 "
    "--synthetic 1000 --question next_grade --on 2026-11-21",
)
@click.option(
    "--policy", "policy_id", required=True, metavar="ID", help="The policy to reform (gd-2025, ...)."
)
@click.option("--parameter", required=True, metavar="NAME", help="The parameter to move.")
@click.option(
    "--values",
    required=True,
    metavar="V1,V2,...",
    help="Comma-separated values, or a JSON array; each must fit the parameter's type and range.",
)
@population_options
@click.option("--chart", metavar="FILE", help="Save the sweep curve (.png or .svg; needs the plot extra).")
def sweep_command(policy_id: str, parameter: str, values: str, chart: str | None, **pop: Any) -> int:
    """Outcome counts as one parameter of a policy moves through values."""
    lang, q, day = lang_of(pop["lang"]), pop["question"], pop["on"]
    _source(pop["population"], pop["synthetic"])
    pol = load_policy(policy_id)
    found = sweep_values(pol, parameter, values)
    _no_cost(pop["cost"], q)
    out = check_chart_path(chart) if chart else None
    progress = Progress()
    people = population(
        pop["population"], pop["synthetic"], pop["seed"], pop["skip_invalid"], q, pol, day, progress
    )
    with progress.stage(f"sweep ({len(found)} values)", rows_of(people)) as stage:
        s = sweep(
            people,
            q,
            parameter=parameter,
            values=found,
            policy=pol,
            on=day,
            cost=pop["cost"],
            on_error="skip" if pop["skip_invalid"] else "raise",
            progress=stage,
        )
    emit(s, pop["fmt"], lang)
    if out is not None:
        save_chart(lambda: s.save_chart(out, lang=lang), pop["fmt"], lang)
    return EXIT_OK
