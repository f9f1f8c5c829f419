"""``skilleco demo``: a complete what-if with no input.

Guangdong (``gd-2025``): the wait from senior (三级) to technician (二级) cut from 5 to 4 years, on
synthetic workers, with costs. Guangdong sets no certificate subsidy for technicians
(``subsidy.technician`` is unset), so the workers the reform makes eligible add nothing to the
cost: the demo says so under the comparison rather than leave a change of ¥0 unexplained.

With ``--pipeline FILE`` it also draws the pipeline (issue 17) of both policies over five years, on
at most :data:`PIPELINE_WORKERS` of the workers (about 6 s with the frames extra).
"""

from __future__ import annotations

import datetime as _dt

import click

from ..ladder import grade
from ..policy.policy import Policy
from ..policy.registry import load_policy
from ..render.charts import save_chart as write_chart
from ..render.words import Lang, word
from ..whatif.compare import compare
from ..whatif.comparison import Comparison
from ..whatif.pipeline import compare_pipeline
from ..whatif.pipeline_result import PipelineComparison
from .io import EXIT_OK, check_chart_path, save_chart
from .options import COUNT, DATE, SEED, lang_of, lang_option
from .populations import fast_note, synthetic_workers
from .progress import Progress

__all__ = ["DEMO_PARAMETER", "DEMO_POLICY", "DEMO_VALUE", "PIPELINE_WORKERS", "cost_note", "demo_command"]

DEMO_POLICY = "gd-2025"
DEMO_PARAMETER = "t2023.technician.after_senior_years"
DEMO_VALUE = 4
PIPELINE_WORKERS = 20_000
"""The most synthetic workers the demo's pipeline walks (the pipeline costs about 8 s per 100,000
workers per policy on the columnar path; without the frames extra it walks 2,000, row by row)."""

_NOTE = {
    "en": (
        "Why the subsidy cost does not move: {policy} sets no certificate subsidy for {grades} "
        "({params} unset), so the {n} workers the reform makes eligible add ¥0. "
        "The reform moves eligibility, not outlay."
    ),
    "zh": (
        "补贴成本为何不变：{policy} 未设定{grades}证书补贴（{params} 未设置），"
        "改革新增的 {n} 名可申报者补贴为 ¥0。此项改革改变的是申报资格，而非支出。"
    ),
}


def cost_note(c: Comparison, reform: Policy, on: _dt.date, lang: Lang) -> str | None:
    """A sentence saying why the cost line does not move although eligibility does: the grades
    whose eligible count changes carry no subsidy (``None`` when that is not the case)."""
    if c.cost is None or c.cost.delta:
        return None
    values = reform.params_at(on)
    moved = [(g, abs(new - old)) for g, old, _, new, _ in c.cost.by_grade if new != old]
    unpaid = [(g, n) for g, n in moved if values.get(f"subsidy.{g}") is None]
    if not moved or len(unpaid) != len(moved):
        return None
    names = [grade(g).label_zh if lang == "zh" else grade(g).label_en for g, _ in unpaid]
    return _NOTE[lang].format(
        policy=reform.id,
        grades=("、" if lang == "zh" else ", ").join(names),
        params=", ".join(f"subsidy.{g}" for g, _ in unpaid),
        n=f"{round(sum(n for _, n in unpaid)):,}",
    )


@click.command(
    "demo",
    short_help="A complete what-if on synthetic workers, no input.",
    epilog="\b\nExamples:\n  skilleco demo\n  skilleco demo --lang zh --n 500 --seed 7 --out demo-zh.png",
)
@click.option(
    "--out",
    default="skilleco-demo.png",
    show_default=True,
    metavar="FILE",
    help="Where to save the counts chart (.png or .svg).",
)
@click.option(
    "--n",
    type=COUNT,
    default=None,
    help="Synthetic workers [default: 1,000,000 drawn as record tables; without the frames extra, "
    "a weighted sample of 2,000 answered row by row].",
)
@click.option("--seed", type=SEED, default=2026, show_default=True, help="Seed of the synthetic workers.")
@click.option("--on", type=DATE, default="2026-11-21", show_default=True, help="The date asked about.")
@click.option(
    "--pipeline",
    metavar="FILE",
    help=f"Also save the five-year pipeline chart (.png or .svg): workers eligible for each grade "
    f"under both policies, on up to {PIPELINE_WORKERS:,} of the workers.",
)
@lang_option
def demo_command(out: str, n: int | None, seed: int, on: _dt.date, pipeline: str | None, lang: str) -> int:
    """Guangdong (gd-2025): the wait from senior to technician cut from 5 to 4 years, on synthetic
    workers, with costs; prints the comparison and saves the counts chart (and, with --pipeline,
    the pipeline chart)."""
    language = lang_of(lang)
    path = check_chart_path(out)
    pipeline_path = check_chart_path(pipeline) if pipeline else None
    gd = load_policy(DEMO_POLICY)
    reform = gd.with_changes({DEMO_PARAMETER: DEMO_VALUE}, label=word("demo.label", language))
    fast_note()
    progress = Progress()
    people = synthetic_workers(n, seed, on, progress)
    with progress.stage("demo", len(people)) as stage:  # type: ignore[arg-type]
        c = compare(
            people, "next_grade", baseline=gd, reform=reform, on=on, cost=True, progress=stage, subjects=False
        )
    intro = word("demo.intro", language, n=f"{c.rows:,}", seed=seed, on=on.isoformat(), param=DEMO_PARAMETER)
    print(intro)
    print()
    print(c.text(language))
    note = cost_note(c, reform, on, language)
    if note is not None:
        print()
        print(note)
    print()
    save_chart(lambda: c.save_chart(path, "counts", lang=language), "text", language)
    if pipeline_path is not None:
        p = _pipeline(gd, reform, n, seed, on, progress)
        print(word("demo.pipeline", language, n=f"{p.baseline.rows:,}"))
        save_chart(lambda: write_chart(p.plot(lang=language), pipeline_path), "text", language)
    return EXIT_OK


def _pipeline(
    gd: Policy, reform: Policy, n: int | None, seed: int, on: _dt.date, progress: Progress
) -> PipelineComparison:
    """The pipeline of both policies over five years, on at most :data:`PIPELINE_WORKERS` workers."""
    try:
        import polars  # noqa: F401  (only checking for the columnar path)
    except ImportError:
        most = 2_000
    else:
        most = PIPELINE_WORKERS
    people = synthetic_workers(min(n or most, most), seed, on, progress)
    with progress.stage("pipeline", len(people)) as stage:  # type: ignore[arg-type]
        return compare_pipeline(people, baseline=gd, reform=reform, on=on, progress=stage)
