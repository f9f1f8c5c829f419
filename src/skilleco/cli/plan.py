"""``skilleco plan FILE``: what a worker still needs, and by when, to reach a higher grade."""

from __future__ import annotations

import datetime as _dt

import click

from ..policy.registry import load_policy
from ..questions.career import DEFAULT_LEAD_MONTHS, MAX_LEAD_MONTHS, plan
from .io import EXIT_OK, example_text, read_json_file
from .options import DATE, GRADE, emit, format_option, lang_of, lang_option

__all__ = ["plan_command"]

_EPILOG = """\b
Assumes the worker keeps working as now, sits each level's assessment as soon as eligible, and
holds the certificate --lead-months later (modelled: the policy texts give no lead time).

\b
Examples:
  skilleco plan worker.json --on 2026-11-21
  skilleco plan --example --on 2026-11-21 --target technician --lang zh
  skilleco plan worker.json --on 2026-11-21 --format json
"""


@click.command("plan", short_help="Plan a worker's path to a higher grade.", epilog=_EPILOG)
@click.argument("file", required=False, metavar="[FILE]")
@click.option("--example", is_flag=True, help="Plan for the bundled example worker instead of a FILE.")
@click.option("--on", required=True, type=DATE, help="The date asked about.")
@click.option("--target", type=GRADE, default=None, help="The grade planned for (default: the top).")
@click.option(
    "--lead-months",
    type=click.IntRange(0, MAX_LEAD_MONTHS),
    default=DEFAULT_LEAD_MONTHS,
    show_default=True,
    help="Months from being eligible to holding the certificate (modelled).",
)
@click.option("--policy", "policy_id", metavar="ID", default="cn-2025", show_default=True, help="The policy.")
@format_option
@lang_option
def plan_command(
    file: str | None,
    example: bool,
    on: _dt.date,
    target: str | None,
    lead_months: int,
    policy_id: str,
    fmt: str,
    lang: str,
) -> int:
    """The routes to each higher grade, what each still needs, and the fastest path as dated steps,
    for the worker in FILE (a JSON file), or with --example for the bundled example."""
    if file is None and not example:
        raise click.UsageError("give a FILE with a worker, or --example for the bundled example")
    if file is not None and example:
        raise click.UsageError("give a FILE or --example, not both")
    subject = read_json_file(file) if file is not None else example_text("worker.json")
    result = plan(subject, policy=load_policy(policy_id), on=on, target=target, lead_months=lead_months)
    emit(result, fmt, lang_of(lang))
    return EXIT_OK
