"""The pipeline's columnar path: a population as record tables, chunk by chunk, each walked by
:func:`skilleco.columnar.pipeline.pipeline_frame` under every policy (the ``frames`` extra)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from ..columnar.pipeline import pipeline_frame
from ..policy.policy import Policy
from ..population.population import OnError, Source
from .chunked import worker_chunks
from .parts import Sum
from .pipeline_tally import Tally

__all__ = ["walk_columns"]

_KEY = "subject_id"
CHUNK = 250_000
"""Workers walked at once: the walk keeps their tables, facts and reaches (about 1 GB at the peak)."""


def walk_columns(
    population: Source,
    on: _dt.date,
    months: Sequence[int],
    lead: int,
    policies: Sequence[Policy],
    tallies: Sequence[Tally],
    moved: Tally,
    on_error: OnError,
    progress: Callable[[int, int], None] | None,
    meta: dict[str, Any],
) -> None:
    """Add every chunk's reaches to ``tallies`` (one per policy) and, for two policies, the workers
    whose first look moves to ``moved``; ``meta`` gets ``rows``, ``skipped``, ``source``, ``weight``."""
    total = Sum()
    done = 0
    for part in worker_chunks(
        population, "pipeline", "worker", on_error=on_error, chunk_size=CHUNK, meta=meta
    ):
        weights = part.tables.workers.select(pl.col("id").alias(_KEY), "weight")
        total.add(weights.get_column("weight").to_list())
        frames = []
        for policy, tally in zip(policies, tallies, strict=True):
            f = pipeline_frame(part.tables, policy=policy, on=on, months=months, lead_months=lead)
            f = f.join(weights, on=_KEY, how="left")
            _tally(f, tally)
            frames.append(f)
        if len(frames) == 2:
            _moves(frames[0], frames[1], moved)
        done += len(part.tables)
        if progress is not None:
            progress(done, max(done, int(meta.get("rows", 0))))
    meta["weight"] = total


def _add(tally: Tally, grouped: pl.DataFrame, key: Sequence[str], tag: str) -> None:
    for row in grouped.iter_rows(named=True):
        tally.add((tag, *(row[k] for k in key)), row["weight"])


def _tally(f: pl.DataFrame, tally: Tally) -> None:
    f = f.with_columns(pl.col("grade").cast(pl.String))
    _add(tally, f.group_by("grade").agg("weight"), ("grade",), "cand")
    hit = f.filter(pl.col("month").is_not_null())
    _add(tally, hit.group_by("grade", "month").agg("weight"), ("grade", "month"), "hit")
    routes = hit.explode("routes").filter(pl.col("routes").is_not_null())
    _add(
        tally,
        routes.group_by("grade", "month", "routes").agg("weight"),
        ("grade", "month", "routes"),
        "route",
    )


def _moves(a: pl.DataFrame, b: pl.DataFrame, moved: Tally) -> None:
    both = a.select(_KEY, "grade", "weight", pl.col("month").alias("a")).join(
        b.select(_KEY, "grade", "weight", pl.col("month").alias("b")),
        on=[_KEY, "grade"],
        how="full",
        coalesce=True,
    )
    both = both.with_columns(
        pl.coalesce("weight", "weight_right").alias("weight"), pl.col("grade").cast(pl.String)
    )
    earlier = pl.col("b").is_not_null() & (pl.col("a").is_null() | (pl.col("b") < pl.col("a")))
    later = pl.col("a").is_not_null() & (pl.col("b").is_null() | (pl.col("a") < pl.col("b")))
    for name, cond in (("earlier", earlier), ("later", later)):
        _add(moved, both.filter(cond).group_by("grade").agg("weight"), ("grade",), name)
