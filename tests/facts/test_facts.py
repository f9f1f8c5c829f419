"""Deriving only some facts gives those facts the values a full derivation gives them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from skilleco.facts import WORKER_FACTS, worker_facts
from skilleco.facts import worker as _worker_facts
from skilleco.models import Worker
from skilleco.testing import dates, workers

SET_BY_QUESTION = {"target_rank", "current_rank"}  # not derived from the worker


def test_every_derived_fact_belongs_to_a_group() -> None:
    """The groups name exactly the facts of the schema that a derivation yields."""
    assert set(_worker_facts.GROUP_OF) == set(WORKER_FACTS) - SET_BY_QUESTION


@given(workers(), dates(), st.sets(st.sampled_from(sorted(WORKER_FACTS))), st.booleans())
def test_the_facts_asked_for_have_their_full_values(
    worker: Worker, on: dt.date, names: set[str], projected: bool
) -> None:
    """Facts derived alone equal the same facts derived with all the others (also looking ahead)."""
    until = on - dt.timedelta(days=400) if projected else None
    full = worker_facts(worker, on, records_until=until)
    some = worker_facts(worker, on, records_until=until, only=names)
    assert {n: some[n] for n in names if n in full} == {n: full[n] for n in names if n in full}


@given(workers(), dates())
def test_a_full_derivation_gives_every_fact_of_the_schema(worker: Worker, on: dt.date) -> None:
    """With every group, the facts are those of the schema (less the two set by the question)."""
    assert set(worker_facts(worker, on)) == set(WORKER_FACTS) - SET_BY_QUESTION
