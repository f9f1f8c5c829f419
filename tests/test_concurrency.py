"""Policies, rules and decisions are immutable and safe to share between threads: 8 threads × 5,000
decisions give exactly the sequential results, and policies built concurrently are the same."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import skilleco
from skilleco.population import synthetic

ON = dt.date(2026, 11, 21)
THREADS, PER_THREAD = 8, 5000
TARGETS = ("junior", "intermediate", "senior", "technician", "senior_technician", "special_technician")


def _jobs() -> list[Callable[[], str]]:
    """5,000 questions of every kind, under shared policies (shipped and a reform)."""
    gd = skilleco.load_policy("gd-2025")
    reform = gd.with_changes({"t2023.technician.after_senior_years": 4}, label="w4")
    policies = [skilleco.load_policy("cn-2025"), gd, reform, skilleco.load_policy("tj-2024")]
    workers = synthetic.workers(220, seed=9, on=ON).subjects
    orgs = synthetic.lead_candidates(20, seed=9, on=ON).subjects
    chains = synthetic.chains(10, seed=9, on=ON).subjects
    jobs: list[Callable[[], str]] = []
    for w in workers:
        for p in policies:
            for t in TARGETS:
                jobs.append(lambda w=w, p=p, t=t: skilleco.assess_grade(w, t, policy=p, on=ON).to_json())
    jobs += [lambda o=o: skilleco.assess_chain_lead(o, policy="bj-2024", on=ON).to_json() for o in orgs]
    jobs += [lambda c=c: skilleco.check_exits(c, policy="gd-2025", on=ON).to_json() for c in chains]
    jobs += [lambda w=w: skilleco.grade_profile(w, policy=reform, on=ON).text("zh") for w in workers[:20]]
    return jobs[:PER_THREAD]


def test_eight_threads_of_five_thousand_decisions_equal_the_sequential_run() -> None:
    jobs = _jobs()
    assert len(jobs) == PER_THREAD
    expected = [job() for job in jobs]
    start = threading.Barrier(THREADS)

    def run(seed: int) -> list[str]:
        order = list(range(len(jobs)))
        random.Random(seed).shuffle(order)  # each thread asks in its own order
        start.wait()
        got = [""] * len(jobs)
        for i in order:
            got[i] = jobs[i]()
        return got

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(run, range(THREADS)))
    for got in results:
        assert got == expected


def test_reforms_and_occupation_policies_built_concurrently_are_equal() -> None:
    gd = skilleco.load_policy("gd-2025")
    start = threading.Barrier(THREADS)

    def build(_: int) -> tuple[str, str]:
        start.wait()
        reform = gd.with_changes({"t2023.technician.after_senior_years": 4}, label="w4")
        return reform.content_hash(), gd.for_occupation("6-18-02-04").content_hash()

    with ThreadPoolExecutor(THREADS) as pool:
        hashes = set(pool.map(build, range(THREADS)))
    assert len(hashes) == 1
