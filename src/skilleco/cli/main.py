"""The ``skilleco`` command (also ``python -m skilleco``), built on click.

:func:`main` runs it and returns the exit code: 0 done; 2 a usage error (click's own — an unknown
option, a missing or unreadable value, naming the option — or one of ours: an unknown policy,
parameter or question, a value outside a parameter's range, an optional extra not installed); 3 bad
input data (a file that cannot be read, invalid JSON, invalid rows). An error is one message on
stderr, never a traceback; with ``--format json`` stdout holds the JSON document alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from .._version import __version__
from ..exceptions import InputError, SkillecoError
from ..policy.registry import list_policies, load_policy
from ..render.escape import md_code, md_text
from ..render.tables import Md, Table
from .assess import assess_command
from .demo import demo_command
from .io import EXIT_DATA, EXIT_OK, EXIT_USAGE, DataError, UsageError
from .options import format_option, lang_option, print_json
from .plan import plan_command
from .whatif import sweep_command, whatif_command

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "cli", "main"]

_CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_EPILOG = """\b
Exit codes: 0 done, 2 usage error, 3 bad input data.
Guide: docs/how-to/use-the-command.md
"""


class _Group(click.Group):
    """The command group: the library's errors become one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except UsageError as exc:
            return _fail(str(exc), EXIT_USAGE)
        except BrokenPipeError:  # the reader went away (``skilleco rules cn-2025 | head``): stop quietly
            _silence_stdout()
            return EXIT_OK
        except (DataError, InputError, OSError) as exc:  # PopulationError and a bad date are InputErrors
            return _fail(f"bad input: {exc}", EXIT_DATA)
        except SkillecoError as exc:  # unknown names, a malformed policy or reform, a missing extra
            return _fail(str(exc), EXIT_USAGE)
        except KeyboardInterrupt:
            return _fail("interrupted", 130)


@click.group("skilleco", cls=_Group, context_settings=_CONTEXT, epilog=_EPILOG)
@click.version_option(__version__, "--version", prog_name="skilleco", message="%(prog)s %(version)s")
def cli() -> None:
    """The skills ecological chain (产教评技能生态链) as typed, explainable rules: list policies and
    rules, assess one subject, compare a policy with a reform over a population."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (0 done, 2 usage error, 3 bad input data)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name="skilleco", standalone_mode=False)
    except click.ClickException as exc:  # a usage error found while parsing: show it with the usage
        if isinstance(exc, click.UsageError) and exc.ctx is None:  # click knows no usage line for it
            return _fail(f"{exc.format_message()}\nTry 'skilleco --help' for help.", EXIT_USAGE)
        exc.show()
        return EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code
    except click.Abort:
        return _fail("interrupted", 130)
    return code if isinstance(code, int) else EXIT_OK


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


@cli.command("policies", short_help="List the shipped policies.")
@format_option
@lang_option
def policies_command(fmt: str, lang: str) -> int:
    """List the shipped policies: id, jurisdiction, parent and title."""
    policies = [load_policy(pid) for pid in list_policies()]
    if fmt == "json":
        keys = ("id", "jurisdiction", "parent", "title_en", "title_zh")
        print_json([{k: getattr(p, k) for k in keys} for p in policies])
        return EXIT_OK
    if fmt == "md":
        cells = [[p.id, p.jurisdiction, p.parent or "", f"{p.title_en} · {p.title_zh}"] for p in policies]
        print(Table(["id", "jurisdiction", "parent", "title"], cells).markdown())
        return EXIT_OK
    title = "title_zh" if lang == "zh" else "title_en"
    rows = [[p.id, p.jurisdiction, p.parent or "", getattr(p, title)] for p in policies]
    _print_table(Table(["id", "jurisdiction", "parent", "title"], rows))
    return EXIT_OK


@cli.command(
    "rules",
    short_help="List a policy's rules.",
    epilog="\b\nExamples:\n  skilleco rules gd-2025\n  skilleco rules gd-2025 --format md --lang zh",
)
@click.argument("policy_id", metavar="POLICY")
@format_option
@lang_option
def rules_command(policy_id: str, fmt: str, lang: str) -> int:
    """List a POLICY's rules: id, strength, provenance, citation and title (in --lang); the JSON
    holds the rows of Policy.describe(), conditions included."""
    policy = load_policy(policy_id)
    if fmt == "json":
        print_json({"policy": policy.id, "rules": policy.describe()})
        return EXIT_OK
    title = "title_zh" if lang == "zh" else "title_en"
    name = getattr(policy, title)
    rows = [{k: str(v) for k, v in r.items()} for r in policy.describe()]
    columns = ["id", "strength", "provenance", "citation", "title"]
    if fmt == "md":
        print(f"# {md_text(policy.id)}: {md_text(name)}\n")
        marked: list[list[str | Md]] = [
            [Md(md_code(r["id"])), r["strength"], r["provenance"], r["citation"], r[title]] for r in rows
        ]
        print(Table(columns, marked).markdown())
        return EXIT_OK
    print(f"{policy.id}: {name} ({len(rows)} rules)")
    print()
    _print_table(
        Table(columns, [[r["id"], r["strength"], r["provenance"], r["citation"], r[title]] for r in rows])
    )
    return EXIT_OK


def _print_table(table: Table) -> None:
    for line in table.text_lines():
        print(line.rstrip())


cli.add_command(assess_command)
cli.add_command(plan_command)
cli.add_command(whatif_command)
cli.add_command(sweep_command)
cli.add_command(demo_command)
