"""Synthetic populations (skilleco.synthetic): determinism, calibration to numbers.md, valid and
realistic records, a mix of outcomes under the shipped policies, and typed errors for bad arguments."""

from __future__ import annotations

import collections
import doctest
import hashlib
import itertools
import math
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import skilleco
from skilleco.exceptions import InputError, InvalidDateError
from skilleco.models import Worker
from skilleco.population import Population, read_population, synthetic

ON = date(2026, 1, 1)
RANK = {"junior": 1, "intermediate": 2, "senior": 3, "technician": 4, "senior_technician": 5}
NEXT = {
    "junior": "intermediate",
    "intermediate": "senior",
    "senior": "technician",
    "technician": "senior_technician",
}

GOLDEN_SHA256 = "e9bb9ba3e9c2f7ba0ed78586d4ebbaef55511f03ffa42e35656597d419053d85"
"""sha256 of ``workers(50, seed=1, on=date(2026, 1, 1)).to_csv()``.

It guards cross-machine determinism. Any change to the generator code or to gd.toml changes it: when
that is intended, recompute it with
``python -c "import hashlib, datetime; from skilleco.population import synthetic; print(hashlib.sha256(synthetic.workers(50, seed=1, on=datetime.date(2026, 1, 1)).to_csv().encode()).hexdigest())"``,
paste it here and say in the changelog that synthetic populations changed for the same seed.
"""

GENERATORS: dict[str, Any] = {
    "workers": lambda n, seed: synthetic.workers(n, seed=seed, on=ON),
    "lead_candidates": lambda n, seed: synthetic.lead_candidates(n, seed=seed, on=ON),
    "chains": lambda n, seed: synthetic.chains(n, seed=seed, on=ON),
    "bj-2025": lambda n, seed: synthetic.dual_certificate_candidates(n, seed=seed, on=ON),
    "gba": lambda n, seed: synthetic.dual_certificate_candidates(n, seed=seed, on=ON, scheme="gba"),
}
KINDS = {
    "workers": "worker",
    "lead_candidates": "organisation",
    "chains": "chain",
    "bj-2025": "dual_certificate_candidate",
    "gba": "gba_candidate",
}


def _top(w: Worker) -> str:
    """The grade held: the highest certificate."""
    return max(w.certificates or [], key=lambda c: RANK[c.level]).level


def _highly_skilled(w: Worker) -> bool:
    """三级 (senior) or above, a special or chief technician post counting as above."""
    return RANK[_top(w)] >= RANK["senior"] or bool(w.posts)


def _shipped(name: str) -> str:
    """The text of a shipped calibration file."""
    return resources.files("skilleco.population.calibrations").joinpath(f"{name}.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def big() -> Population:
    """20,000 workers, seed 7 (about two seconds)."""
    return synthetic.workers(20_000, seed=7, on=ON)


# --- determinism -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(GENERATORS))
def test_same_seed_same_csv(name: str) -> None:
    """The same arguments give the same population, byte for byte."""
    make = GENERATORS[name]
    assert make(40, 3).to_csv() == make(40, 3).to_csv()


@pytest.mark.parametrize("name", list(GENERATORS))
def test_different_seeds_differ(name: str) -> None:
    """Another seed gives another population."""
    make = GENERATORS[name]
    assert make(40, 3).to_csv() != make(40, 4).to_csv()


def test_golden_hash() -> None:
    """The pinned population is the same on every machine and Python version (random() is guaranteed)."""
    text = synthetic.workers(50, seed=1, on=ON).to_csv()
    assert hashlib.sha256(text.encode()).hexdigest() == GOLDEN_SHA256


@pytest.mark.parametrize("name", ["workers", "chains", "bj-2025"])
def test_first_rows_do_not_depend_on_n(name: str) -> None:
    """The first k rows of a population of n are the population of k (weights aside)."""
    make = GENERATORS[name]
    assert make(60, 9).subjects[:25] == make(25, 9).subjects


# --- calibration (numbers.md) --------------------------------------------------------------------------


def test_highly_skilled_share(big: Population) -> None:
    """numbers.md: 8.27 of Guangdong's 22.01 million skilled workers are highly skilled (±1.5 points)."""
    share = sum(_highly_skilled(w) for w in big.subjects if isinstance(w, Worker)) / len(big)
    assert abs(share - 8.27 / 22.01) < 0.015


def test_weights_sum_to_guangdong(big: Population) -> None:
    """numbers.md: weighted counts estimate Guangdong's 22.01 million skilled workers."""
    assert math.isclose(big.total_weight, 22.01e6, rel_tol=1e-9)
    assert set(big.weights) == {22.01e6 / 20_000}


def test_region_shares(big: Population) -> None:
    """numbers.md: Guangzhou holds 4.223 of the 22.01 million; the other regions follow gd.toml (±1 point)."""
    counts = collections.Counter(g["region"] for g in big.groups)
    expected = dict(synthetic.calibration("gd").mix("regions.share"))
    assert set(counts) == set(expected) == {"广州", "深圳", "东莞", "佛山", "其他"}
    assert math.isclose(expected["广州"], 4.223 / 22.01)
    for region, share in expected.items():
        assert abs(counts[region] / len(big) - share) < 0.01, region


def test_guangzhou_highly_skilled_share(big: Population) -> None:
    """numbers.md: 1.609 of Guangzhou's 4.223 million are highly skilled (38.1%; ±2.5 points on ~4,000 rows)."""
    gz = [w for w, g in zip(big.subjects, big.groups, strict=True) if g["region"] == "广州"]
    share = sum(_highly_skilled(w) for w in gz if isinstance(w, Worker)) / len(gz)
    assert abs(share - 1.609 / 4.223) < 0.025


def test_chain_weights_sum_to_171() -> None:
    """numbers.md: 171 Guangdong chains."""
    assert math.isclose(synthetic.chains(30, seed=1, on=ON).total_weight, 171)


def test_calibration_figures_and_tags() -> None:
    """Every entry has a source and a tag; numbers.md figures are secondary; modelled ones have a rationale."""
    gd = synthetic.calibration("gd")
    published = {
        "skilled_workers": 22_010_000,
        "highly_skilled_workers": 8_270_000,
        "guangzhou_skilled_workers": 4_223_000,
        "guangzhou_highly_skilled_workers": 1_609_000,
        "special_technicians": 453,
        "chief_technicians": 33,
        "chains": 171,
    }
    for name, value in published.items():
        entry = gd.entries[f"figures.{name}"]
        assert (entry.value, entry.provenance) == (value, "secondary"), name
    for cal in (gd, synthetic.calibration("organisations")):
        for entry in cal.entries.values():
            assert entry.source and entry.provenance in ("text", "secondary", "modelled"), entry.path
            if entry.provenance == "modelled":
                assert entry.rationale, entry.path
    assert gd.entries["regions.share.广州"].ratio == ("guangzhou_skilled_workers", "skilled_workers")
    assert gd.entries["regions.share.深圳"].provenance == "modelled"


def test_replacement_calibration_file(tmp_path: Path) -> None:
    """A calibration file passed by path replaces the shipped one (here: the provincial total)."""
    assert synthetic.calibration("gd").origin == "skilleco/population/calibrations/gd.toml"
    shipped = _shipped("gd")
    path = tmp_path / "mine.toml"
    path.write_text(shipped.replace("value = 22_010_000", "value = 30_000_000"), encoding="utf-8")
    pop = synthetic.workers(10, seed=1, on=ON, calibration=path)
    assert math.isclose(pop.total_weight, 30e6)


def test_malformed_calibration_names_the_entry(tmp_path: Path) -> None:
    """A wrong tag or a modelled share without a rationale is an InputError naming the entry."""
    shipped = _shipped("gd")
    bad = shipped.replace('provenance = "secondary"', 'provenance = "guess"', 1)
    bad = bad.replace(
        'rationale = "no published Dongguan figure; placeholder share for a Pearl River Delta manufacturing city"\n',
        "",
    )
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as info:
        synthetic.workers(1, seed=1, on=ON, calibration=path)
    assert {e["loc"] for e in info.value.errors} == {
        ("figures", "skilled_workers"),
        ("regions", "share", "东莞"),
    }


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a" + ".a" * 200 + " = 1\n", "dotted parts"),  # issue 15, H2: refused before parsing
        ("x = " + "[" * 2000 + "]" * 2000 + "\n", "not valid TOML"),  # nesting: RecursionError
        ("x = " + "9" * 5000 + "\n", "not valid TOML"),  # past Python's digits limit: ValueError
    ],
)
def test_hostile_calibration_file_is_an_input_error(tmp_path: Path, text: str, says: str) -> None:
    """Calibration files are read like policy packs (issue 15, H2 and M1): keys that would make the
    TOML parser work too hard are refused before parsing, and the parser's own refusals
    (nesting, long integers) are ``InputError`` naming the file, never a stray exception."""
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        synthetic.workers(1, seed=1, on=ON, calibration=path)
    (error,) = info.value.errors
    assert error["loc"] == ("<file>",) and says in error["msg"]


def test_a_calibration_file_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    """A leading BOM, as Windows editors write, is not part of the text (as for packs, issue 15 L9)."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + _shipped("gd").encode())
    assert synthetic.workers(3, seed=1, on=ON, calibration=path).total_weight > 0


# --- realistic, valid records ------------------------------------------------------------------------------


def test_worker_records_are_consistent(big: Population) -> None:
    """Certificates climb the ladder in the worker's occupation, dated after work starts and before `on`;
    most workers are still at work, some took a career break (never holding a certificate issued
    inside it) and some have stopped working (time.md, "Work after a date": the work counts)."""
    editions, schools, titles, seniors_3_to_6 = collections.Counter(), 0, 0, 0
    breaks = stopped = still_working = 0
    for w in big.subjects[:3000]:
        assert isinstance(w, Worker) and w.records_complete and w.birth_date and w.work_periods
        certs = w.certificates or []
        assert [RANK[c.level] for c in certs] == list(range(RANK[certs[0].level], RANK[certs[-1].level] + 1))
        dates = [c.issued_on for c in certs if c.issued_on is not None]
        assert dates == sorted(dates) and len(set(dates)) == len(dates) and dates[-1] < ON
        assert {c.occupation_code for c in certs} == {w.occupation.code}
        start = w.work_periods[0].start
        assert start <= dates[0] and (start - w.birth_date).days >= 16 * 365
        assert (ON - w.birth_date).days <= 61 * 365
        editions[w.occupation.standard_edition] += 1
        schools += bool(w.education)
        titles += bool(w.titles)
        if _top(w) == "senior" and 3 * 365 <= (ON - dates[-1]).days <= 6 * 365:
            seniors_3_to_6 += 1
        periods = w.work_periods
        assert all(a.end is not None and a.end < b.start for a, b in itertools.pairwise(periods))
        gaps = [
            (a.end, b.start) for a, b in itertools.pairwise(periods) if a.end and (b.start - a.end).days > 1
        ]
        assert not [d for d in dates for end, resumed in gaps if end < d < resumed], (w.id, gaps, dates)
        breaks += bool(gaps)
        last = periods[-1].end
        stopped += last is not None
        still_working += last is None
        assert last is None or dates[-1] < last < ON
    assert set(editions) == {"t2018", "t2023"}
    assert schools > 300 and titles > 10 and seniors_3_to_6 > 50
    assert 300 < breaks < 1000 and 150 < stopped < 500 and still_working > 2400


def test_posts_only_above_senior_technician(big: Population) -> None:
    """Posts (453 special, 33 chief technicians of 22.01 million) are rare and held by 一级 holders in occupations with that level."""
    holders = [w for w in big.subjects if isinstance(w, Worker) and w.posts]
    assert len(holders) <= 5
    for w in holders:
        assert _top(w) == "senior_technician" and w.occupation.has_senior_technician


@pytest.mark.parametrize("name", list(GENERATORS))
def test_csv_round_trip(name: str, tmp_path: Path) -> None:
    """Every row survives to_csv → read_population, with its weight and region."""
    pop = GENERATORS[name](30, 5)
    path = tmp_path / "pop.csv"
    pop.to_csv(path)
    back = read_population(path, KINDS[name])
    assert back.subjects == pop.subjects
    assert back.weights == pop.weights and back.groups == pop.groups


@pytest.mark.parametrize("name", list(GENERATORS))
def test_empty(name: str) -> None:
    """n = 0 gives an empty population of the right kind."""
    pop = GENERATORS[name](0, 1)
    assert (len(pop), pop.kind, pop.total_weight) == (0, KINDS[name], 0)


# --- a mix of outcomes under the shipped policies -------------------------------------------------------------


def test_workers_next_grade_mix() -> None:
    """Under gd-2025 some workers may apply for the next grade now and some may not."""
    statuses = collections.Counter(
        skilleco.assess_grade(w, NEXT[_top(w)], policy="gd-2025", on=ON).status
        for w in synthetic.workers(150, seed=2, on=ON).subjects
        if isinstance(w, Worker)
        and _top(w) in NEXT
        and (_top(w) != "technician" or w.occupation.has_senior_technician)
    )
    assert {"eligible", "ineligible"} <= set(statuses)


def test_reform_of_technician_wait_flips_some() -> None:
    """t2023.technician.after_senior_years 5 → 4 (std-2023 二级(1)) makes some senior workers eligible."""
    gd = skilleco.load_policy("gd-2025")
    reform = gd.with_changes({"t2023.technician.after_senior_years": 4}, label="wait 4y")
    seniors = [
        w
        for w in synthetic.workers(1000, seed=3, on=ON).subjects
        if isinstance(w, Worker) and _top(w) == "senior" and w.occupation.standard_edition == "t2023"
    ]
    flips = [
        w.id
        for w in seniors
        if skilleco.assess_grade(w, "technician", policy=gd, on=ON).status == "ineligible"
        and skilleco.assess_grade(w, "technician", policy=reform, on=ON).status == "eligible"
    ]
    assert 0 < len(flips) < len(seniors)


@pytest.mark.parametrize("policy", ["sz-2025", "gd-2022", "bj-2024", "cn-2025"])
def test_lead_candidates_mix(policy: str) -> None:
    """Each edition's lead rules (lead.sz2025, lead.gd2022, lead.bj2024, lead.cn2025) meet several outcomes."""
    pop = synthetic.lead_candidates(300, seed=3, on=ON)
    statuses = {skilleco.assess_chain_lead(o, policy=policy, on=ON).status for o in pop.subjects}
    assert len(statuses) >= 2, statuses


def test_chain_leads_can_be_eligible() -> None:
    """A chain carries its lead's commitments, so sz-2025 and gd-2022 can answer eligible for some."""
    pop = synthetic.chains(200, seed=3, on=ON)
    for policy in ("sz-2025", "gd-2022"):
        statuses = {skilleco.assess_chain_lead(c, policy=policy, on=ON).status for c in pop.subjects}
        assert {"eligible", "ineligible"} <= statuses, policy


def test_chain_exits_mix() -> None:
    """The six modelled exit scenarios of gd-2025 (exit.gd2025.*) give retain, exit and undetermined."""
    pop = synthetic.chains(200, seed=3, on=ON)
    reports = [skilleco.check_exits(c, policy="gd-2025", on=ON) for c in pop.subjects]
    assert {r.status for r in reports} == {"retain", "exit", "undetermined"}
    triggered = {
        f.rule_id for r in reports for u in r.units for f in u.decision.findings if f.status == "yes"
    }
    assert len(triggered) >= 4, triggered


@pytest.mark.parametrize("scheme", ["bj-2025", "gba"])
def test_dual_certificate_mix(scheme: str) -> None:
    """dualcert.bj2025 and dualcert.gba give eligible, ineligible and undetermined answers."""
    pop = synthetic.dual_certificate_candidates(300, seed=3, on=ON, scheme=scheme)
    statuses = {skilleco.assess_dual_certificate(c, policy=scheme, on=ON).status for c in pop.subjects}
    assert {"eligible", "ineligible", "undetermined"} <= statuses


# --- bad arguments ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": -1}, "n"),
        ({"n": 2.5}, "n"),
        ({"n": True}, "n"),
        ({"seed": "1"}, "seed"),
        ({"seed": -3}, "seed"),
        ({"seed": True}, "seed"),
        ({"calibration": "gdd"}, "calibration"),
        ({"calibration": "organisations"}, "calibration"),
        ({"calibration": "/no/such/file.toml"}, "calibration"),
    ],
)
def test_bad_worker_arguments(kwargs: dict[str, Any], field: str) -> None:
    """A bad argument is an InputError (a ValueError) naming the argument and the value."""
    args: dict[str, Any] = {"n": 5, "seed": 1, "on": ON, **kwargs}
    n = args.pop("n")
    with pytest.raises(InputError) as info:
        synthetic.workers(n, **args)
    assert isinstance(info.value, ValueError)
    assert info.value.fields == (field,)


def test_unknown_calibration_suggests() -> None:
    """An unknown calibration id lists the shipped ones and suggests the closest."""
    with pytest.raises(InputError) as info:
        synthetic.workers(1, seed=1, on=ON, calibration="gdd")
    assert info.value.errors[0]["type"] == "unknown_calibration" and "'gd'" in info.value.errors[0]["msg"]


def test_unknown_scheme() -> None:
    """An unknown dual-certificate scheme is an InputError naming scheme."""
    with pytest.raises(InputError) as info:
        synthetic.dual_certificate_candidates(1, seed=1, on=ON, scheme="hk")
    assert info.value.fields == ("scheme",) and info.value.errors[0]["type"] == "unknown_scheme"


def test_bad_date() -> None:
    """`on` is read strictly, like every date argument."""
    with pytest.raises(InvalidDateError):
        synthetic.chains(1, seed=1, on="2026-13-01")  # type: ignore[arg-type]  # a wrong date on purpose


def test_docstring_examples() -> None:
    """The examples in skilleco.synthetic's docstrings hold."""
    assert doctest.testmod(synthetic, optionflags=doctest.ELLIPSIS).failed == 0
