"""The columnar pipeline agrees with the scalar one, worker by worker (issue 17, "scalar and columnar
pipelines agree").

The scalar walk (:func:`skilleco.questions.pipeline.worker_pipeline`) is the definition: at each look,
every certificate grade above the one held is decided by ``assess_grade``'s own decision on the
worker's records plus the certificates earlier looks projected. The columnar walk must give the same
first look and the same deciding routes for every (worker, grade), whatever the records: periods
in other occupations, undated and unsettled certificates, unstated lists, standards on file.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import event, given, note, settings
from hypothesis import strategies as st
from test_derive import CN, SLOW, STANDARDS, people

from skilleco import testing
from skilleco.columnar.pipeline import pipeline_frame
from skilleco.models import Worker
from skilleco.population.records import from_workers
from skilleco.questions.pipeline import looks, worker_pipeline

PIPELINE = settings(SLOW, max_examples=min(settings().max_examples, 25))


def _rows(workers: list[Worker], on: dt.date, policy: object, months: tuple[int, ...], lead: int) -> list[tuple]:
    return [
        (w.id, r.grade, r.month, list(r.routes))
        for w in workers
        for r in worker_pipeline(w, policy, on, months, lead)  # type: ignore[arg-type]
    ]


@PIPELINE
@given(
    workers=st.lists(people(), min_size=1, max_size=6, unique_by=lambda w: w.id),
    on=testing.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
    standards=st.booleans(),
    years=st.integers(1, 3),
    step=st.sampled_from((1, 3, 6, 12)),
    lead=st.integers(0, 12),
)
def test_property_columnar_pipeline_agrees_with_the_scalar_walk(
    workers: list[Worker], on: dt.date, standards: bool, years: int, step: int, lead: int
) -> None:
    policy = STANDARDS if standards else CN
    months = looks(years=years, step_months=step)
    expected = _rows(workers, on, policy, months, lead)
    got = pipeline_frame(from_workers(workers), policy=policy, on=on, months=months, lead_months=lead)
    note(f"on={on} months={months} lead={lead} standards={standards}")
    for w in workers:
        note(w.model_dump_json(exclude_none=True))
    event(f"reached: {sum(r[2] is not None for r in expected) > 0}")
    assert [(a, b, c, list(d)) for a, b, c, d in got.iter_rows()] == expected


def test_synthetic_workers_agree() -> None:
    """300 calibrated synthetic workers: many reach a grade, some two (a projected certificate)."""
    from skilleco.population import synthetic

    on = dt.date(2026, 11, 21)
    pop = synthetic.workers(300, seed=2, on=on)
    months = looks()
    expected = _rows(list(pop.subjects), on, CN, months, 3)  # type: ignore[arg-type]
    got = pipeline_frame(from_workers(pop.subjects), policy=CN, on=on, months=months, lead_months=3)
    assert [(a, b, c, list(d)) for a, b, c, d in got.iter_rows()] == expected
    by_worker: dict[str, int] = {}
    for wid, _, month, _ in expected:
        by_worker[wid] = by_worker.get(wid, 0) + (month is not None)
    assert max(by_worker.values()) >= 2  # a second grade through a projected certificate


def test_required_facts_cover_every_template() -> None:
    """The legacy template's routes (grade.legacy.junior.formal_training: a completed formal
    training) are read too: the facts frame of a what-if once left their facts out, so a legacy
    worker eligible by the scalar path came out undetermined in columns."""
    from skilleco.columnar.frames import required_facts

    assert "formal_training_junior" in required_facts("grade:junior", policy=CN)
    w = Worker.model_validate(
        {
            "id": "0",
            "occupation": {"code": "6-18-02-04", "standard_edition": "legacy", "has_senior_technician": True},
            "formal_trainings": [{"level": "junior", "occupation_code": "6-18-02-04", "completed_on": "2000-01-01"}],
        }
    )
    got = pipeline_frame(from_workers([w]), policy=CN, on=dt.date(2000, 1, 1), months=(0,), lead_months=0)
    assert got.row(0) == ("0", "junior", 0, ["grade.legacy.junior.formal_training"])
