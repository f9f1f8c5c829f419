"""Policy what-if: a baseline and a reform over a population — counts, flips, attribution, cost.

Example:
    >>> import datetime, skilleco
    >>> from skilleco.population import synthetic
    >>> on = datetime.date(2026, 11, 21)
    >>> people = synthetic.workers(300, seed=1, on=on)
    >>> gd = skilleco.load_policy("gd-2025")
    >>> reform = gd.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4 years")
    >>> c = skilleco.compare(people, "next_grade", baseline=gd, reform=reform, on=on)
    >>> all("grade.t2023.technician.after_senior" in f.rules for f in c.flips)
    True

Every row is answered under both policies by the same functions that answer one subject
(:func:`~skilleco.assess_grade`, :func:`~skilleco.assess_chain_lead`, ...), so a comparison never
disagrees with a single decision. A flip lists the rule ids whose findings changed; the attribution
table counts flips per rule (a flip can involve several rules, so shares can add up to more than 100%).

``c.to_polars("subjects")`` (or ``to_pandas``, ``to_rows``) is one row per subject to join back to the
data: both statuses as ordered categories, the deciding rules and the missing facts as lists.
``Comparison.from_json`` and ``Sweep.from_json`` read documents back; :mod:`skilleco.whatif.schema`
publishes the JSON Schema of every document the library and the command write.
"""

from __future__ import annotations

from .compare import compare, evaluate
from .comparison import Comparison
from .parts import Attribution, CostLine, Flip, ParamChange, PolicyRef, StatusCount
from .pipeline import compare_pipeline, pipeline
from .pipeline_result import GradePipeline, Moved, Pipeline, PipelineComparison, RoutePipeline
from .sweep import Sweep, SweepPoint
from .sweeps import sweep

__all__ = [
    "Attribution",
    "Comparison",
    "CostLine",
    "Flip",
    "GradePipeline",
    "Moved",
    "ParamChange",
    "Pipeline",
    "PipelineComparison",
    "PolicyRef",
    "RoutePipeline",
    "StatusCount",
    "Sweep",
    "SweepPoint",
    "compare",
    "compare_pipeline",
    "evaluate",
    "pipeline",
    "sweep",
]
