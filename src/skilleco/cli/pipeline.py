"""``skilleco whatif --question pipeline``: the pipeline of a population under a policy and a
reform of it (issue 17), with the checks of its own options."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from ..exceptions import InputError
from ..policy.policy import Policy
from ..questions.pipeline import DEFAULT_HORIZONS, check_lead, check_span, looks
from ..questions.registry import parse_question
from ..render.charts import save_chart as write_chart
from ..whatif.pipeline import compare_pipeline
from .io import EXIT_OK, UsageError, check_chart_path, rows_of, save_chart
from .options import PIPELINE, emit, lang_of
from .populations import population
from .progress import Progress

__all__ = ["refuse", "run_pipeline"]

_WORKERS = parse_question("next_grade")  # the pipeline reads workers, as grade questions do


def refuse(names: Sequence[str], why: str) -> None:
    """A usage error when one of the options ``names`` was given (not left at its default)."""
    ctx = click.get_current_context()
    for name in names:
        if ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT):
            raise UsageError(f"--{name.replace('_', '-')} {why}")


def _pipeline_looks(day: Any, years: int, lead: int) -> tuple[int, ...]:
    """The default horizons within ``--years``, once the looks are checked (usage errors naming the
    option, before any work)."""
    try:
        months = looks(years=years)
        check_span(day, months, check_lead(lead))
    except InputError as exc:
        e = exc.errors[0]
        field = e["loc"][0] if e["loc"] else ""
        if field in ("years", "lead_months"):
            option = "--" + str(field).replace("_", "-")
            raise UsageError(f"{option}: {e['msg']}, got {e['input']!r}") from None
        raise UsageError(f"--on {day} with --years {years} and --lead-months {lead}: {e['msg']}") from None
    return tuple(h for h in DEFAULT_HORIZONS if h <= months[-1])


def run_pipeline(base: Policy, reform: Policy, chart: str | None, years: int, lead: int, pop: Any) -> int:
    """``whatif --question pipeline``: the pipeline under the baseline and the reform (issue 17)."""
    lang, day = lang_of(pop["lang"]), pop["on"]
    refuse(("cost", "chart_kind", "by"), f"does not apply to --question {PIPELINE}")
    horizons = _pipeline_looks(day, years, lead)
    out = check_chart_path(chart) if chart else None
    progress = Progress()
    people = population(
        pop["population"], pop["synthetic"], pop["seed"], pop["skip_invalid"], _WORKERS, base, day, progress
    )
    with progress.stage("pipeline", rows_of(people)) as stage:
        c = compare_pipeline(
            people,
            baseline=base,
            reform=reform,
            on=day,
            horizons=horizons,
            years=years,
            lead_months=lead,
            on_error="skip" if pop["skip_invalid"] else "raise",
            progress=stage,
        )
    emit(c, pop["fmt"], lang)
    if out is not None:
        save_chart(lambda: write_chart(c.plot(lang=lang), out), pop["fmt"], lang)
    return EXIT_OK
