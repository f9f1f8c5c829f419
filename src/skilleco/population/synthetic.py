"""Seeded synthetic populations, so every demo and benchmark runs with no input files.

Four generators, each returning a :class:`~skilleco.population.Population`:

- :func:`workers` — skilled workers calibrated to published Guangdong figures (22.01 million
  skilled workers, 8.27 million of them highly skilled); weights sum to the provincial total.
- :func:`lead_candidates` — organisations applying to lead a chain (Shenzhen, Guangdong, Beijing).
- :func:`chains` — Guangdong chains with their member units and dated records; weights sum to the
  171 chains.
- :func:`dual_certificate_candidates` — candidates under Beijing's one test, two certificates
  (``bj-2025``) or the Guangdong–Hong Kong–Macao scheme (``gba``).

The calibration is data (``skilleco/population/calibrations/*.toml``): every figure carries its source and
provenance, and every modelled share a rationale. The same arguments give the same population on
any machine and Python version: the only randomness is ``random.Random(seed).random()``, whose
sequence Python guarantees; the clock, the environment, ``hash()`` and set order are never read.

Example:
    >>> import datetime
    >>> from skilleco.population import synthetic
    >>> pop = synthetic.workers(3, seed=1, on=datetime.date(2026, 1, 1))
    >>> len(pop), round(pop.total_weight)
    (3, 22010000)
"""

from __future__ import annotations

import datetime as _dt
import numbers
import os
import random
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel

from ..exceptions import InputError, InvalidDateError
from ..models.candidates import DualCertificateCandidate, GbaCandidate
from ..models.chains import Chain
from ..models.dates import MAX_DATE, MIN_DATE, as_date
from ..models.organisations import Organisation
from ..models.worker import Worker, validate
from .calibration import Calibration, Entry, load_calibration
from .population import Population
from .synthetic_candidates import beijing_pool, build_dual_candidate, build_gba_candidate
from .synthetic_chains import build_chain
from .synthetic_orgs import OrgPlan, build_lead, org_plan
from .synthetic_workers import build_worker, worker_plan

__all__ = [
    "EARLIEST_ON",
    "MAX_SEED",
    "MAX_SYNTHETIC",
    "SCHEMES",
    "Calibration",
    "Entry",
    "Progress",
    "calibration",
    "chains",
    "dual_certificate_candidates",
    "lead_candidates",
    "workers",
]

SCHEMES: Mapping[str, str] = MappingProxyType(
    {"bj-2025": "dual_certificate_candidate", "gba": "gba_candidate"}
)
"""The dual-certificate schemes :func:`dual_certificate_candidates` draws, and the kind of each."""

Scheme = Literal["bj-2025", "gba"]

Progress = Callable[[int, int], None]
"""A generator's ``progress=``: called as ``progress(done, n)`` every 256 rows drawn and at the last."""

MAX_SEED = 2**64 - 1
"""The largest seed: any 64-bit unsigned integer."""

MAX_SYNTHETIC = 100_000_000
"""The most rows (``n``) a generator draws: a hundred million, about half of China's skilled workers
one row each (rows are weighted to stand for more). Past it a call would run for days; ``n`` above
it is refused (``bad_count``), and so is ``--synthetic N``."""

_REACH_BACK_YEARS = 70
"""How far back synthetic records go: a career up to ``careers.max_age`` (60) years, and rounding."""

EARLIEST_ON = _dt.date(MIN_DATE.year + _REACH_BACK_YEARS, 1, 1)
"""The earliest reference date (``on``) the generators take (1970-01-01): every record they draw
is dated on or after 1900-01-01, the earliest date the models accept."""


def calibration(name: str | os.PathLike[str] = "gd") -> Calibration:
    """A calibration, to read its figures and their provenance.

    Args:
        name: a shipped id (``gd`` for workers, ``organisations`` for the other generators) or
            the path of a calibration TOML file.

    Example:
        >>> from skilleco.population import synthetic
        >>> e = synthetic.calibration("gd").entries["figures.highly_skilled_workers"]
        >>> e.value, e.provenance
        (8270000.0, 'secondary')
    """
    return load_calibration(name, subject=None)


def workers(
    n: int,
    *,
    seed: int,
    on: _dt.date,
    calibration: str | os.PathLike[str] = "gd",
    progress: Progress | None = None,
) -> Population:
    """``n`` synthetic skilled workers with complete records, calibrated to published figures.

    Each row stands for ``total / n`` workers (Guangdong: 22.01 million / ``n``), grouped by
    ``region`` (广州, 深圳, 东莞, 佛山, 其他). Certificates climb the ladder in the worker's
    occupation with waits of a few years of work, the highest up to ten years before ``on``; work
    starts before the first certificate, and some workers take a career break or have stopped
    working after their highest certificate; a few workers hold titles, competition results or
    (rarely, as published) special or chief technician posts.

    Args:
        n: the number of rows (0 to :data:`MAX_SYNTHETIC`).
        seed: an integer from 0 to :data:`MAX_SEED`; the same arguments give the same population
            everywhere.
        on: the reference date (:data:`EARLIEST_ON` to 2100-12-31); every record is dated on or
            before it.
        calibration: a shipped worker calibration id (``gd``) or the path of a TOML file in the
            same format.
        progress: called as ``progress(done, n)`` while rows are drawn (see :data:`Progress`).

    Raises:
        InputError: a bad argument (named, with the value that arrived) or a malformed
            calibration file (naming the entry).
    """
    count, seed, rng, day = _arguments(n, seed, on)
    cal = load_calibration(calibration, subject="worker")
    plan = worker_plan(cal)
    draw = rng.random
    prefix = f"{cal.id}-s{seed}-w"
    models: list[BaseModel] = []
    groups: list[dict[str, str]] = []
    for i in range(count):
        data, region = build_worker(draw, i, plan, day, prefix)
        models.append(validate(Worker, data))
        groups.append({"region": region})
        _report(progress, i + 1, count)
    weights = [plan.total / count] * count if count else []
    return _population("worker", models, weights, groups, _source("workers", count, seed, day, cal.id))


def lead_candidates(n: int, *, seed: int, on: _dt.date, progress: Progress | None = None) -> Population:
    """``n`` synthetic organisations applying to lead a chain (kind ``organisation``).

    Enterprises and schools registered in Shenzhen, Guangzhou, Dongguan, Foshan or Beijing, with
    profile flags, training regimes and records of violations and dishonesty dated before ``on``.
    An organisation alone does not carry the commitments of the chain it would lead, so the
    ``sz-2025`` and ``gd-2022`` leverage rules stay unknown for it; :func:`chains` carries them.
    Weights are 1; groups are the registration city (``region``).

    Args:
        n: the number of rows (0 to :data:`MAX_SYNTHETIC`).
        seed: an integer from 0 to :data:`MAX_SEED`.
        on: the reference date (:data:`EARLIEST_ON` to 2100-12-31).
        progress: called as ``progress(done, n)`` while rows are drawn (see :data:`Progress`).

    Raises:
        InputError: a bad argument, named with the value that arrived.
    """
    count, seed, rng, day = _arguments(n, seed, on)
    plan = _org_plan()
    return _organisations(
        "organisation",
        count,
        lambda i: build_lead(rng.random, i, plan, day, f"s{seed}-org"),
        Organisation,
        [1.0] * count,
        _source("lead_candidates", count, seed, day, "organisations"),
        progress,
    )


def chains(n: int, *, seed: int, on: _dt.date, progress: Progress | None = None) -> Population:
    """``n`` synthetic Guangdong chains with their member units (kind ``chain``).

    Each chain has an enterprise lead and a few member units (schools, training and evaluation
    institutions, ...), established some years before ``on``, with dated records the ``gd-2025``
    exit scenarios read (fraud findings, accidents, violations, dishonesty listings, loss of
    standing, periodic assessments, yearly activity, withdrawals) and the commitments the lead
    rules read. Weights sum to the 171 Guangdong chains; groups are the lead's city (``region``).

    Args:
        n: the number of rows (0 to :data:`MAX_SYNTHETIC`).
        seed: an integer from 0 to :data:`MAX_SEED`.
        on: the reference date (:data:`EARLIEST_ON` to 2100-12-31).
        progress: called as ``progress(done, n)`` while rows are drawn (see :data:`Progress`).

    Raises:
        InputError: a bad argument, named with the value that arrived.
    """
    count, seed, rng, day = _arguments(n, seed, on)
    plan = _org_plan()
    total = load_calibration("gd", subject="worker").figure("chains")
    return _organisations(
        "chain",
        count,
        lambda i: build_chain(rng.random, i, plan, day, f"s{seed}-chain"),
        Chain,
        [total / count] * count if count else [],
        _source("chains", count, seed, day, "organisations"),
        progress,
    )


def dual_certificate_candidates(
    n: int, *, seed: int, on: _dt.date, scheme: Scheme | str = "bj-2025", progress: Progress | None = None
) -> Population:
    """``n`` synthetic candidates for one test, two (or more) certificates.

    Under ``bj-2025`` each candidate is a :class:`~skilleco.models.DualCertificateCandidate`
    evaluated by an enterprise of one of 15 Beijing chains (the size of the first batch); under
    ``gba`` a :class:`~skilleco.models.GbaCandidate` who sat one exam in an occupation of the
    Guangdong–Hong Kong–Macao scheme. Weights are 1; groups are the city (``region``).

    Args:
        n: the number of rows (0 to :data:`MAX_SYNTHETIC`).
        seed: an integer from 0 to :data:`MAX_SEED`.
        on: the reference date (:data:`EARLIEST_ON` to 2100-12-31).
        scheme: ``bj-2025`` or ``gba``.
        progress: called as ``progress(done, n)`` while rows are drawn (see :data:`Progress`).

    Raises:
        InputError: a bad argument (an unknown scheme included), named with the value that arrived.
    """
    count, seed, rng, day = _arguments(n, seed, on)
    if scheme not in SCHEMES:
        raise _bad("scheme", scheme, f"expected one of {sorted(SCHEMES)}", "unknown_scheme")
    plan = _org_plan()
    source = _source("dual_certificate_candidates", count, seed, day, "organisations", scheme=str(scheme))
    if scheme == "gba":
        return _organisations(
            "gba_candidate",
            count,
            lambda i: build_gba_candidate(rng.random, i, plan, day, f"s{seed}-gba"),
            GbaCandidate,
            [1.0] * count,
            source,
            progress,
        )
    pool = beijing_pool(plan, rng.random, day, f"s{seed}-bj")
    return _organisations(
        "dual_certificate_candidate",
        count,
        lambda i: build_dual_candidate(rng.random, i, pool, plan, day, f"s{seed}-bj"),
        DualCertificateCandidate,
        [1.0] * count,
        source,
        progress,
    )


# --- helpers ----------------------------------------------------------------------------------------


def _org_plan() -> OrgPlan:
    return org_plan(load_calibration("organisations", subject="organisation"))


def _bad(name: str, value: object, msg: str, code: str) -> InputError:
    return InputError("arguments", [{"loc": (name,), "input": value, "msg": msg, "type": code}])


def _arguments(n: object, seed: object, on: object) -> tuple[int, int, random.Random, _dt.date]:
    """Check the common arguments: a count, a seed and a date (and seed the generator)."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 0 <= int(n) <= MAX_SYNTHETIC:
        raise _bad("n", n, f"expected an integer from 0 to {MAX_SYNTHETIC:,} (MAX_SYNTHETIC)", "bad_count")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= int(seed) <= MAX_SEED:
        # Random() seeds with abs(seed), so negative seeds would repeat positive ones; the seed is
        # also part of every id drawn, which must stay short.
        raise _bad("seed", seed, f"expected an integer from 0 to {MAX_SEED} (2**64 - 1)", "bad_seed")
    day = as_date(on)
    if day < EARLIEST_ON:
        raise InvalidDateError(
            "on",
            on,
            f"expected a date from {EARLIEST_ON.isoformat()} to {MAX_DATE.isoformat()}: synthetic "
            f"records reach back up to {_REACH_BACK_YEARS} years before it, and no record may be "
            f"dated before {MIN_DATE.isoformat()}",
        )
    return int(n), int(seed), random.Random(int(seed)), day


def _source(generator: str, n: int, seed: int, on: _dt.date, calibration: str, **extra: str) -> str:
    more = "".join(f", {k}={v}" for k, v in extra.items())
    return f"synthetic:{generator}(n={n}, seed={seed}, on={on.isoformat()}, calibration={calibration}{more})"


def _organisations(
    kind: str,
    count: int,
    build: Callable[[int], tuple[dict[str, Any], str]],
    model: type[BaseModel],
    weights: Sequence[float],
    source: str,
    progress: Progress | None,
) -> Population:
    models: list[BaseModel] = []
    groups: list[dict[str, str]] = []
    for i in range(count):
        data, region = build(i)
        models.append(validate(model, data))
        groups.append({"region": region})
        _report(progress, i + 1, count)
    return _population(kind, models, weights, groups, source)


def _report(progress: Progress | None, done: int, count: int) -> None:
    """Tell ``progress`` about every 256th row drawn, and the last."""
    if progress is not None and (done % 256 == 0 or done == count):
        progress(done, count)


def _population(
    kind: str,
    models: Sequence[BaseModel],
    weights: Sequence[float],
    groups: Sequence[Mapping[str, str]],
    source: str,
) -> Population:
    if not models:
        # from_models cannot tell the kind of an empty population; state it.
        return Population(kind, (), (), (), (), (), source)
    return Population.from_models(models, weights=weights, groups=groups, source=source)
