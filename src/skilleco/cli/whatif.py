"""The what-if subcommands of ``skilleco``: ``whatif``, ``sweep`` and ``demo``.

A reform is given on the command line as ``--set NAME=VALUE`` pairs; each VALUE is read as JSON
(``4``, ``4.5``, ``true``, ``"x"``, ``{"from": "2027-01-01", "value": 18}``) and, failing that, as
the raw text. The population comes from a file (``--population``) or from
:mod:`skilleco.population.synthetic` (``--synthetic N --seed S``), chosen to fit the question.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, cast

from ..exceptions import InputError
from ..models.dates import as_date, read_date
from ..models.jsontext import load_json
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..population.population import OnError, read_population
from ..questions.registry import QUESTIONS, Question, parse_question
from ..render.words import Lang, word
from ..rules.check import value_type
from ..whatif.compare import compare
from ..whatif.sweeps import sweep
from .io import EXIT_OK, ProgressBar, UsageError, check_chart_path

DEMO_POLICY = "gd-2025"
DEMO_PARAMETER = "t2023.technician.after_senior_years"
DEMO_VALUE = 4


class Rendered(Protocol):
    """A result the command prints: a decision, an exit report, a comparison or a sweep."""

    def text(self, lang: Lang = ...) -> str: ...

    def markdown(self, lang: Lang = ...) -> str: ...

    def to_json(self, *, indent: int | None = ...) -> str: ...


def emit(result: Rendered, fmt: str, lang: Lang) -> None:
    """Print ``result`` as text, Markdown or JSON on stdout."""
    if fmt == "json":
        print(result.to_json(indent=2))
    elif fmt == "md":
        print(result.markdown(lang))
    else:
        print(result.text(lang))


def lang_of(args: argparse.Namespace) -> Lang:
    """The output language chosen (argparse has already limited it to ``zh`` or ``en``)."""
    return "zh" if args.lang == "zh" else "en"


# --- options -----------------------------------------------------------------------------------


def _count(text: str) -> int:
    """``--synthetic N`` and ``demo --n N``: 1 to ``MAX_SYNTHETIC`` (a usage error, exit 2, past it)."""
    from ..population.synthetic import MAX_SYNTHETIC  # here: the generators load only when used

    try:
        n = int(text)
    except ValueError:  # not a number, or more than 4,300 digits
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {n}")
    if n > MAX_SYNTHETIC:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_SYNTHETIC:,}, got {text[:40]}")
    return n


def _seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= seed < 2**64:
        raise argparse.ArgumentTypeError(f"expected a seed from 0 to 2**64 - 1, got {text!r}")
    return seed


def _common(with_population: bool) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    if with_population:
        src = p.add_argument_group("population").add_mutually_exclusive_group(required=True)
        src.add_argument(
            "--population",
            metavar="PATH",
            help="a CSV, JSON, JSON Lines or Parquet file, or record tables: a folder or .zip of "
            "workers.csv/.parquet and long tables (work_periods, certificates, ...)",
        )
        src.add_argument("--synthetic", metavar="N", type=_count, help="N synthetic subjects")
        p.add_argument("--seed", type=_seed, default=2026, help="seed of the synthetic population (2026)")
        p.add_argument("--skip-invalid", action="store_true", help="leave invalid rows out and count them")
        p.add_argument("--question", required=True, help=f"one of {', '.join(QUESTIONS)}")
        p.add_argument("--on", required=True, help="the date asked about, YYYY-MM-DD")
        p.add_argument("--cost", action="store_true", help="add certificate-subsidy costs (grade questions)")
        p.add_argument("--format", choices=["text", "json", "md"], default="text")
    p.add_argument("--lang", choices=["zh", "en"], default="en")
    return p


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``whatif``, ``sweep`` and ``demo`` to the command's subparsers."""
    both = _common(with_population=True)
    w = sub.add_parser(
        "whatif",
        parents=[both],
        help="compare a policy with a reform over a population",
        description="Compare a policy with a reform of it over a population.",
        epilog=f"example: skilleco whatif --policy gd-2025 --set {DEMO_PARAMETER}=4 --synthetic 2000 "
        "--question next_grade --on 2026-11-21 --cost",
    )
    w.add_argument("--policy", required=True, help="the baseline policy id")
    w.add_argument(
        "--set",
        action="append",
        required=True,
        metavar="NAME=VALUE",
        help='a parameter change (repeatable); VALUE is JSON (4, true, "x") or else text',
    )
    w.add_argument("--label", help="the reform's label (default: the changes)")
    w.add_argument("--chart", metavar="FILE", help="save a chart (.png or .svg)")
    w.add_argument("--chart-kind", choices=["counts", "flips"], default="counts")
    w.add_argument("--by", choices=["target", "grade", "region"], default="target", help="flips chart groups")
    s = sub.add_parser(
        "sweep",
        parents=[both],
        help="outcome counts as one parameter moves through values",
        description="Outcome counts as one parameter of a policy moves through values.",
        epilog=f"example: skilleco sweep --policy gd-2025 --parameter {DEMO_PARAMETER} --values 3,4,5,6 "
        "--synthetic 1000 --question next_grade --on 2026-11-21",
    )
    s.add_argument("--policy", required=True)
    s.add_argument("--parameter", required=True, metavar="NAME")
    s.add_argument("--values", required=True, help="comma-separated values, or a JSON array")
    s.add_argument("--chart", metavar="FILE", help="save the sweep curve (.png or .svg)")
    d = sub.add_parser(
        "demo",
        parents=[_common(with_population=False)],
        help="a complete what-if on synthetic workers, no input",
        description="Guangdong (gd-2025): the wait from senior to technician cut from 5 to 4 years, "
        "on synthetic workers, with costs; prints the comparison and saves the counts chart.",
    )
    d.add_argument("--out", default="skilleco-demo.png", help="where to save the chart (skilleco-demo.png)")
    d.add_argument(
        "--n",
        type=_count,
        default=None,
        help="synthetic workers (1,000,000 drawn as record tables; without the frames extra, a "
        "weighted sample of 2,000 answered row by row)",
    )
    d.add_argument("--seed", type=_seed, default=2026, help="seed of the synthetic population (2026)")
    d.add_argument("--on", default="2026-11-21", help="the date asked about (2026-11-21)")


# --- reading the options -----------------------------------------------------------------------


def question(name: str) -> Question:
    """The question, or a usage error for a grade that is not on the ladder."""
    try:
        return parse_question(name)
    except InputError as exc:  # grade:<unknown>: a misspelt argument, not bad data
        raise UsageError(f"--question {name!r}: {exc.errors[0]['msg']}") from None


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
    """The value of ``--set NAME=TEXT`` in the type the parameter holds.

    Raises:
        UnknownParameterError: no such parameter (with the closest name).
        UsageError: a value of another type than the parameter holds.
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
    return [coerce(policy, name, p) for p in parts]


def _fast_note() -> None:
    """One line on stderr when the columnar path is not there (no Polars)."""
    try:
        import polars  # noqa: F401
    except ImportError:
        print(
            "skilleco: the frames extra is not installed: rows are answered one by one "
            "(about 250 µs a row; pip install 'skilleco[frames]' for the columnar path)",
            file=sys.stderr,
        )


def population(args: argparse.Namespace, q: Question, policy: Policy, on: _dt.date) -> object:
    """The population of ``--population PATH`` or ``--synthetic N``, of the kind the question reads:
    record tables (a folder is read chunk by chunk; synthetic workers are drawn as tables) or a
    :class:`Population`."""
    kind = q.kind(policy)
    _fast_note()
    if args.population is not None and kind == "worker" and _is_tables(args.population):
        return _tables(args.population, args.skip_invalid)
    if args.population is not None:
        pop = read_population(args.population, kind, on_error="skip" if args.skip_invalid else "raise")
        if pop.skipped:
            rows = sorted({e.row for e in pop.skipped})
            print(f"skilleco: skipped {len(rows)} invalid row(s) of {pop.source}:", file=sys.stderr)
            for e in pop.skipped[:5]:
                print(f"  {e}", file=sys.stderr)
        return pop
    from ..population import synthetic

    n, seed = args.synthetic, args.seed
    if kind == "worker":
        return _synthetic_workers(n, seed, on)
    if kind == "organisation":
        return synthetic.lead_candidates(n, seed=seed, on=on)
    if kind == "chain":
        return synthetic.chains(n, seed=seed, on=on)
    scheme = "gba" if kind == "gba_candidate" else "bj-2025"
    return synthetic.dual_certificate_candidates(n, seed=seed, on=on, scheme=scheme)


def _is_tables(path: str) -> bool:
    p = Path(path)
    try:
        return p.is_dir() or p.suffix.lower() == ".zip"
    except (OSError, ValueError):  # no file system takes the name: read_population says why
        return False


def _tables(path: str, skip: bool) -> object:
    """Record tables: a folder scanned chunk by chunk, a zip read whole."""
    from ..population import read_records, scan_records

    on_error: OnError = "skip" if skip else "raise"
    if Path(path).is_dir():
        scan = scan_records(path, on_error=on_error)
        _report_skipped(scan.problems, scan.source)
        return scan
    tables = read_records(path, on_error=on_error)
    _report_skipped(tables.skipped, tables.source)
    return tables


def _report_skipped(problems: Sequence[object], source: str) -> None:
    if problems:
        print(f"skilleco: left out {len(problems)} invalid row(s) of {source}:", file=sys.stderr)
        for e in problems[:5]:
            print(f"  {e}", file=sys.stderr)


def _synthetic_workers(n: int | None, seed: int, on: _dt.date) -> object:
    """Synthetic workers: drawn as record tables (the frames extra; ``None``: 1,000,000), else as a
    weighted sample of models (``None``: 2,000 rows standing for Guangdong's skilled workers)."""
    try:
        from ..population.synthetic_tables import worker_tables
    except ImportError:
        from ..population import synthetic

        return synthetic.workers(2_000 if n is None else n, seed=seed, on=on)
    return worker_tables(1_000_000 if n is None else n, seed=seed, on=on)


def save_chart(save: Callable[[], Path], fmt: str, lang: Lang) -> None:
    """Draw and save a chart, then say where, in ``lang`` (on stderr when stdout holds JSON)."""
    try:
        path = save()
    except ImportError as exc:  # MissingDependencyError included: the plot extra is not installed
        raise UsageError(f"charts need the plot extra: pip install 'skilleco[plot]' ({exc})") from None
    except InputError as exc:  # --by naming a label no flip carries
        raise UsageError(f"cannot draw the chart: {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot write the chart: {exc}") from None
    print(word("cli.wrote_chart", lang, path=path), file=sys.stderr if fmt == "json" else sys.stdout)


# --- the subcommands ---------------------------------------------------------------------------


def _no_cost(cost: bool, q: Question) -> None:
    if cost and q.area != "grade":
        raise UsageError(f"--cost applies to grade questions (next_grade, grade:<grade>), not {q.name!r}")


def run_whatif(args: argparse.Namespace) -> int:
    """``skilleco whatif``: compare a policy with a reform of it."""
    lang, q, day = lang_of(args), question(args.question), as_date(args.on)
    base = load_policy(args.policy)
    found, label = changes(base, args.set)
    reform = base.with_changes(found, label=args.label or label)
    _no_cost(args.cost, q)
    if args.chart_kind == "flips" and args.by != "region" and q.area != "grade":
        raise UsageError(
            f"--by {args.by} groups the flips of grade questions; use --by region for {q.name!r}"
        )
    chart = check_chart_path(args.chart) if args.chart else None
    pop = population(args, q, base, day)
    on_error: OnError = "skip" if args.skip_invalid else "raise"
    with ProgressBar("whatif") as bar:
        c = compare(
            pop,
            q,
            baseline=base,
            reform=reform,
            on=day,
            cost=args.cost,
            on_error=on_error,
            progress=bar.callback,
        )
    emit(c, args.format, lang)
    if chart is not None:
        save_chart(lambda: c.save_chart(chart, args.chart_kind, by=args.by, lang=lang), args.format, lang)
    return EXIT_OK


def run_sweep(args: argparse.Namespace) -> int:
    """``skilleco sweep``: outcome counts over values of one parameter."""
    lang, q, day = lang_of(args), question(args.question), as_date(args.on)
    pol = load_policy(args.policy)
    values = sweep_values(pol, args.parameter, args.values)
    _no_cost(args.cost, q)
    chart = check_chart_path(args.chart) if args.chart else None
    pop = population(args, q, pol, day)
    with ProgressBar("sweep") as bar:
        s = sweep(
            pop,
            q,
            parameter=args.parameter,
            values=values,
            policy=pol,
            on=day,
            cost=args.cost,
            on_error="skip" if args.skip_invalid else "raise",
            progress=bar.callback,
        )
    emit(s, args.format, lang)
    if chart is not None:
        save_chart(lambda: s.save_chart(chart, lang=lang), args.format, lang)
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    """``skilleco demo``: Guangdong's technician wait cut from 5 to 4 years, on synthetic workers."""
    lang, day = lang_of(args), as_date(args.on)
    out = check_chart_path(args.out)
    gd = load_policy(DEMO_POLICY)
    reform = gd.with_changes({DEMO_PARAMETER: DEMO_VALUE}, label=word("demo.label", lang))
    _fast_note()
    pop = _synthetic_workers(args.n, args.seed, day)
    with ProgressBar("demo") as bar:
        c = compare(pop, "next_grade", baseline=gd, reform=reform, on=day, cost=True, progress=bar.callback)
    n = f"{c.rows:,}"
    print(word("demo.intro", lang, n=n, seed=args.seed, on=day.isoformat(), param=DEMO_PARAMETER))
    print()
    print(c.text(lang))
    print()
    save_chart(lambda: c.save_chart(out, "counts", lang=lang), "text", lang)
    return EXIT_OK
