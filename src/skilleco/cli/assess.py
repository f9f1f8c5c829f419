"""``skilleco assess WHAT FILE``: one subject's question, from a JSON file or a bundled example."""

from __future__ import annotations

import datetime as _dt
import json

import click

from ..decisions import GradeProfile
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..questions.chain import assess_chain_lead, assess_dual_certificate, check_exits
from ..questions.grades import assess_grade, grade_profile
from ..questions.registry import parse_question
from ..render.decisions import profile_markdown
from ..render.words import Lang
from .io import EXIT_OK, example_text, read_json_file
from .options import DATE, GRADE, emit, format_option, lang_of, lang_option

__all__ = ["ASSESSMENTS", "DEFAULT_POLICY", "EXAMPLE", "assess_command"]

ASSESSMENTS = ("grade", "profile", "lead", "exits", "dualcert")
DEFAULT_POLICY = {
    "grade": "cn-2025",
    "profile": "cn-2025",
    "lead": "sz-2025",
    "exits": "gd-2025",
    "dualcert": "bj-2025",
}
EXAMPLE = {
    "grade": "worker.json",
    "profile": "worker.json",
    "lead": "organisation.json",
    "exits": "chain.json",
    "dualcert": "dual_certificate_candidate.json",
}
"""The bundled example read with ``--example`` (``gba_candidate.json`` for ``dualcert`` under ``gba``)."""

_EPILOG = """\b
WHAT and the subject in FILE (default policy):
  grade     a worker: may they apply for --target (default: the next grade)? (cn-2025)
  profile   a worker: current grade, every higher grade, earliest dates (cn-2025)
  lead      an organisation, or a chain with its commitments (sz-2025)
  exits     a chain: the exit scenarios for the lead and every member (gd-2025)
  dualcert  a candidate for one test, two certificates (bj-2025; gba)

\b
Examples:
  skilleco assess grade worker.json --on 2026-11-21
  skilleco assess grade --on 2026-11-21 --target senior_technician worker.json
  skilleco assess lead chain.json --on 2026-11-21 --policy gd-2022 --format json
  skilleco assess dualcert --example --policy gba --on 2026-11-21 --lang zh
"""


@click.command("assess", short_help="Assess one subject read from a JSON file.", epilog=_EPILOG)
@click.argument("what", type=click.Choice(ASSESSMENTS), metavar="WHAT")
@click.argument("file", required=False, metavar="[FILE]")
@click.option("--example", is_flag=True, help="Assess the bundled example subject instead of a FILE.")
@click.option("--on", required=True, type=DATE, help="The date asked about.")
@click.option(
    "--target",
    type=GRADE,
    default=None,
    help="The grade asked about ('assess grade'; default: the next grade).",
)
@click.option("--policy", "policy_id", metavar="ID", help="The policy (default: by WHAT, see below).")
@format_option
@lang_option
def assess_command(
    what: str,
    file: str | None,
    example: bool,
    on: _dt.date,
    target: str | None,
    policy_id: str | None,
    fmt: str,
    lang: str,
) -> int:
    """Answer one question (WHAT: grade, profile, lead, exits, dualcert) for the subject in FILE,
    a JSON file, or with --example for the bundled example."""
    if file is None and not example:
        raise click.UsageError("give a FILE to assess, or --example for the bundled example")
    if file is not None and example:
        raise click.UsageError("give a FILE or --example, not both")
    if target is not None and what != "grade":
        raise click.UsageError(f"--target is for 'assess grade', not 'assess {what}'")
    language = lang_of(lang)
    policy = load_policy(policy_id or DEFAULT_POLICY[what])
    subject = read_json_file(file) if file is not None else _example(what, policy)
    if what == "lead":
        emit(assess_chain_lead(subject, policy=policy, on=on), fmt, language)
    elif what == "exits":
        emit(check_exits(subject, policy=policy, on=on), fmt, language)
    elif what == "dualcert":
        emit(assess_dual_certificate(subject, policy=policy, on=on), fmt, language)
    elif what == "profile" or target is None:
        profile = grade_profile(subject, policy=policy, on=on)
        if what == "profile":
            _emit_profile(profile, fmt, language)
        else:
            goal = profile.next_grade or "senior_technician"
            emit(assess_grade(subject, goal, policy=policy, on=on), fmt, language)
    else:
        emit(assess_grade(subject, target, policy=policy, on=on), fmt, language)
    return EXIT_OK


def _example(what: str, policy: Policy) -> str:
    """The bundled example for the question and the policy's scheme."""
    name = EXAMPLE[what]
    if what == "dualcert" and parse_question("dualcert").kind(policy) == "gba_candidate":
        name = "gba_candidate.json"
    return example_text(name)


def _emit_profile(profile: GradeProfile, fmt: str, lang: Lang) -> None:
    if fmt == "json":
        print(json.dumps(profile.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
    elif fmt == "md":
        print(profile_markdown(profile, lang))
    else:
        print(profile.text(lang))
