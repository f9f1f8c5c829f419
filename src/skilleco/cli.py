"""The ``skilleco`` command (also ``python -m skilleco``).

Until the what-if command lands, it lists policies and rules and assesses a worker from a JSON
file (by default the bundled example worker), printing the explained decision.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources

from ._grades import assess_grade, grade_profile
from .exceptions import InputError, SkillecoError
from .policy import list_policies, load_policy

EXIT_OK, EXIT_USAGE, EXIT_DATA = 0, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="skilleco", description="Skills ecological chain rules, explained.")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("policies", help="list the shipped policies")
    rules = sub.add_parser("rules", help="list a policy's rules")
    rules.add_argument("policy")
    a = sub.add_parser("assess", help="assess a worker (default: the bundled example worker)")
    a.add_argument("what", choices=["grade", "profile"])
    a.add_argument("file", nargs="?", help="worker JSON file (default: the bundled example)")
    a.add_argument("--target", default=None, help="grade asked about (for 'grade'; default: next grade)")
    a.add_argument("--policy", default="cn-2025")
    a.add_argument("--on", required=True, help="the date asked about, YYYY-MM-DD")
    a.add_argument("--format", choices=["text", "json", "md"], default="text")
    a.add_argument("--lang", choices=["zh", "en"], default="en")
    return p


def _read_worker(path: str | None) -> str:
    if path is None:
        return resources.files("skilleco.examples").joinpath("worker.json").read_text(encoding="utf-8")
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (0 done, 2 usage error, 3 bad input data)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        if args.command == "policies":
            for pid in list_policies():
                pol = load_policy(pid)
                print(f"{pid}\t{pol.jurisdiction}\t{pol.title_en}")
            return EXIT_OK
        if args.command == "rules":
            for r in load_policy(args.policy).rules.values():
                print(f"{r.id}\t{r.strength}\t{r.provenance}\t{r.citation}")
            return EXIT_OK
        worker = _read_worker(args.file)
        if args.what == "profile" or args.target is None:
            profile = grade_profile(worker, policy=args.policy, on=args.on)
            if args.what == "profile":
                return _emit_profile(profile, args.format, args.lang)
            target = profile.next_grade or "senior_technician"
        else:
            target = args.target
        d = assess_grade(worker, target, policy=args.policy, on=args.on)
        if args.format == "json":
            print(d.to_json(indent=2))
        elif args.format == "md":
            print(d.markdown(args.lang))
        else:
            print(d.text(args.lang))
        return EXIT_OK
    except (InputError, OSError, json.JSONDecodeError) as exc:
        print(f"skilleco: bad input: {exc}", file=sys.stderr)
        return EXIT_DATA
    except SkillecoError as exc:
        print(f"skilleco: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _emit_profile(profile: object, fmt: str, lang: str) -> int:
    from .decisions import GradeProfile

    assert isinstance(profile, GradeProfile)
    if fmt == "json":
        print(json.dumps(profile.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(profile.text("zh" if lang == "zh" else "en"))
    return EXIT_OK
