"""The ``skilleco`` command (also ``python -m skilleco``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence

from ..decisions import GradeProfile
from ..exceptions import InputError, SkillecoError
from ..policy.policy import Policy
from ..policy.registry import list_policies, load_policy
from ..questions.chain import assess_chain_lead, assess_dual_certificate, check_exits
from ..questions.grades import assess_grade, grade_profile
from ..questions.registry import parse_question
from ..render.decisions import profile_markdown
from ..render.escape import md_code, md_text
from ..render.tables import Md, Table
from ..render.words import Lang
from .io import EXIT_DATA, EXIT_OK, EXIT_USAGE, DataError, UsageError, example_text, read_json_file
from .whatif import add_parsers, emit, lang_of, run_demo, run_sweep, run_whatif

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "main"]

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
"""The bundled example read when ``assess`` is given no FILE (``gba_candidate.json`` under ``gba``)."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="skilleco",
        description="Skills ecological chain rules, explained.",
        epilog="exit codes: 0 done, 2 usage error, 3 bad input data",
    )
    sub = p.add_subparsers(dest="command", required=True)
    pol = sub.add_parser("policies", help="list the shipped policies")
    pol.add_argument("--format", choices=["text", "json", "md"], default="text")
    rules = sub.add_parser("rules", help="list a policy's rules")
    rules.add_argument("policy")
    rules.add_argument("--format", choices=["text", "json", "md"], default="text")
    rules.add_argument("--lang", choices=["zh", "en"], default="en", help="the language of titles (md)")
    a = sub.add_parser("assess", help="assess one subject (default: a bundled example)")
    a.add_argument("what", choices=ASSESSMENTS)
    a.add_argument("file", nargs="?", help="a JSON file of one subject (default: the bundled example)")
    a.add_argument("--target", default=None, help="grade asked about (for 'grade'; default: next grade)")
    a.add_argument("--policy", default=None, help="policy id (default: cn-2025, sz-2025, gd-2025, bj-2025)")
    a.add_argument("--on", required=True, help="the date asked about, YYYY-MM-DD")
    a.add_argument("--format", choices=["text", "json", "md"], default="text")
    a.add_argument("--lang", choices=["zh", "en"], default="en")
    add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (0 done, 2 usage error, 3 bad input data)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "policies": _policies,
        "rules": _rules,
        "assess": _assess,
        "whatif": run_whatif,
        "sweep": run_sweep,
        "demo": run_demo,
    }
    try:
        return commands[args.command](args)
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:  # the reader went away (``skilleco rules cn-2025 | head``): stop quietly
        _silence_stdout()
        return EXIT_OK
    except (DataError, InputError, OSError) as exc:  # PopulationError and a bad date are InputErrors
        return _fail(f"bad input: {exc}", EXIT_DATA)
    except SkillecoError as exc:  # unknown names, a malformed policy, a missing optional extra
        return _fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _silence_stdout() -> None:
    """Point stdout at devnull so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (captured in tests)
        pass


def _fail(message: str, code: int) -> int:
    print(f"skilleco: {message}", file=sys.stderr)
    return code


# --- policies and rules ------------------------------------------------------------------------


def _policies(args: argparse.Namespace) -> int:
    policies = [load_policy(pid) for pid in list_policies()]
    if args.format == "json":
        rows = [
            {
                "id": p.id,
                "jurisdiction": p.jurisdiction,
                "parent": p.parent,
                "title_en": p.title_en,
                "title_zh": p.title_zh,
            }
            for p in policies
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "md":
        cells = [[p.id, p.jurisdiction, p.parent or "", f"{p.title_en} · {p.title_zh}"] for p in policies]
        print(Table(["id", "jurisdiction", "parent", "title"], cells).markdown())
    else:
        cells = [[p.id, p.jurisdiction, p.title_en] for p in policies]
        _print_lines(Table(["id", "jurisdiction", "title"], cells).tsv_lines())
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    rows = [{k: str(v) for k, v in r.items()} for r in policy.describe()]
    if args.format == "json":
        print(json.dumps({"policy": policy.id, "rules": policy.describe()}, ensure_ascii=False, indent=2))
    elif args.format == "md":
        # The headings name the fields of the JSON form; --lang picks the language of the titles.
        title = "title_zh" if args.lang == "zh" else "title_en"
        name = policy.title_zh if args.lang == "zh" else policy.title_en
        print(f"# {md_text(policy.id)}: {md_text(name)}\n")
        cells: list[list[str | Md]] = [
            [Md(md_code(r["id"])), r["strength"], r["provenance"], r["citation"], r[title]] for r in rows
        ]
        print(Table(["id", "strength", "provenance", "citation", "title"], cells).markdown())
    else:
        plain = [[r["id"], r["strength"], r["provenance"], r["citation"]] for r in rows]
        _print_lines(Table(["id", "strength", "provenance", "citation"], plain).tsv_lines())
    return EXIT_OK


def _print_lines(lines: Sequence[str]) -> None:
    for line in lines:
        print(line)


# --- assess ------------------------------------------------------------------------------------


def _subject(args: argparse.Namespace, policy: Policy) -> str:
    """The subject's JSON text: the FILE, or the bundled example for the question and scheme."""
    if args.file is not None:
        return read_json_file(args.file)
    name = EXAMPLE[args.what]
    if args.what == "dualcert" and parse_question("dualcert").kind(policy) == "gba_candidate":
        name = "gba_candidate.json"
    return example_text(name)


def _assess(args: argparse.Namespace) -> int:
    lang = lang_of(args)
    if args.target is not None and args.what != "grade":
        raise UsageError(f"--target is for 'assess grade', not 'assess {args.what}'")
    policy = load_policy(args.policy or DEFAULT_POLICY[args.what])
    subject = _subject(args, policy)
    if args.what == "lead":
        emit(assess_chain_lead(subject, policy=policy, on=args.on), args.format, lang)
    elif args.what == "exits":
        emit(check_exits(subject, policy=policy, on=args.on), args.format, lang)
    elif args.what == "dualcert":
        emit(assess_dual_certificate(subject, policy=policy, on=args.on), args.format, lang)
    else:
        target = args.target
        if args.what == "profile" or target is None:
            profile = grade_profile(subject, policy=policy, on=args.on)
            if args.what == "profile":
                _emit_profile(profile, args.format, lang)
                return EXIT_OK
            target = profile.next_grade or "senior_technician"
        emit(assess_grade(subject, target, policy=policy, on=args.on), args.format, lang)
    return EXIT_OK


def _emit_profile(profile: GradeProfile, fmt: str, lang: Lang) -> None:
    if fmt == "json":
        print(json.dumps(profile.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
        return
    if fmt == "md":
        print(profile_markdown(profile, lang))
    else:
        print(profile.text(lang))
