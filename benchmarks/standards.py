"""Benchmark: 1,600 occupational standards as data, each figure beside its target (issue 13).

Issue 13, Done-when: "A file with 1,600 standards loads in under a second and a policy with them
answers at the usual scalar speed". China's occupation catalogue has about 1,600 occupations; the
script writes one standard file per occupation (valid TOML, distinct occupation codes) into a
temporary directory, varied the way real standards vary (``shared/policy/standards.md``):

- editions ``t2018`` and ``t2023``;
- 本职业 only; related occupations with codes; related occupations by name only; related
  occupations counting but none listed; majors on most, trades on some;
- a changed threshold (the cumulative-work route to 四级), a removed route (四级 after the 五级
  certificate, the standard then starting at 四级) and added routes (a bachelor's route to 三级, a
  student route to 四级, a doctoral route to 二级), each on some of the files.

Then it times, each the best of ``--repeat`` runs:

(a) reading the 1,600 files with ``load_standard_file`` (target: under 1 s in total);
(b) ``with_standards(load_policy("cn-2025"), all of them)`` (no target: reported; it derives and
    checks each occupation's policy, so the first decision in an occupation finds it built);
(c) ``assess_grade(worker, "technician", ...)`` for a worker of one of those occupations, under that
    policy and under plain cn-2025 (the same worker, its record stating the standard's template), as
    a validated ``Worker`` and as a plain dict: the target is the usual scalar speed
    (``benchmarks/scalar.py``: ≤ 20 µs from a model, ≤ 60 µs from a dict), and the ratio to plain
    cn-2025 is printed beside it; also the bundled example worker (an occupation with no standard
    among the 1,600: the template fallback);
(d) the first decision in each occupation under a freshly built policy (mean over the 1,600).

Per-call figures are ``timeit`` bests after a warm-up, as in ``scalar.py``; the two policies of (c)
are timed in alternation, so that a shared machine's drift falls on both alike. Run::

    python benchmarks/standards.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
import time
import timeit
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import skilleco
from skilleco.models import Worker
from skilleco.policy.standards import Standard

N = 1_600
POLICY = "cn-2025"
ON = dt.date(2025, 3, 14)
MAJORS = ("机电一体化", "电气自动化设备安装与维修", "工业机器人应用与维护", "数控技术应用", "焊接技术应用")


def code_of(i: int) -> str:
    """A distinct occupation code per file (the 9-xx-xx-xx block: "other", unused by the catalogue here)."""
    return f"9-{i // 10000 % 100:02d}-{i // 100 % 100:02d}-{i % 100:02d}"


def features(i: int) -> dict[str, Any]:
    """How standard ``i`` departs from its template (independent cycles, so every mix occurs)."""
    return {
        "edition": "t2023" if i % 3 == 2 else "t2018",
        "kinship": ("own_only", "related_codes", "related_names", "related_unlisted")[i % 4],
        "threshold": i % 5 == 0,
        "drop": i % 7 == 3,
        "add": ("bachelor", "student", "doctor")[i % 11 % 3] if i % 11 < 6 else None,
        "trades": i % 9 == 0,
        "majors": i % 8 != 7,
    }


def standard_text(i: int) -> str:
    """The TOML of standard ``i``."""
    f = features(i)
    sid, code, ed = f"std-bench-{i:04d}", code_of(i), f["edition"]
    levels = ["junior", "intermediate", "senior", "technician", "senior_technician"]
    if f["drop"]:
        levels = levels[1:]  # no 五级: nothing to wait on after a 五级 certificate
    lines = [
        f"# Benchmark standard {i}: {f}",
        "[standard]",
        f'id = "{sid}"',
        f'occupation_code = "{code}"',
        f'occupation_name = "基准职业{i:04d}"',
        'code_provenance = "modelled"',
        f'document = "人社厅发[2024]{i}号"',
        f"issued_on = {dt.date(2019, 1, 1) + dt.timedelta(days=i):%Y-%m-%d}",
        f'edition = "{ed}"',
        f"levels = {json.dumps(levels)}",
        f"related_count = {'false' if f['kinship'] == 'own_only' else 'true'}",
        'provenance = "secondary"',
    ]
    if f["kinship"] == "related_codes":
        related = [f'{{ name = "相关职业{j}", code = "{code_of(N + i * 2 + j)}" }}' for j in range(2)]
        lines.append(f"related_occupations = [{', '.join(related)}]")
    elif f["kinship"] == "related_names":
        lines.append('related_occupations = [{ name = "相关职业甲" }, { name = "相关职业乙" }]')
    if f["majors"]:
        lines.append(f"majors = {json.dumps(list(MAJORS[: 2 + i % 4]), ensure_ascii=False)}")
    if f["trades"]:
        lines.append('trades = ["甲工种", "乙工种"]')
    if f["drop"]:
        lines.append(f'drop_routes = ["grade.{ed}.intermediate.after_junior"]')
    if f["threshold"]:
        years = 5 if ed == "t2018" else 4
        lines += ["", "[parameters]", f'"{ed}.intermediate.worked_years" = {years}']
    route = {
        "bachelor": (
            "senior",
            "graduated_bachelor_related and has_cert_intermediate"
            " and work_months_since_cert_intermediate >= 12",
        ),
        "student": ("intermediate", "student_higher_ed_related"),
        "doctor": ("technician", "graduated_doctor_related and work_months >= 24"),
    }.get(f["add"])
    if route is not None:
        target, when = route
        lines += [
            "",
            "[[routes]]",
            f'id = "grade.{sid}.{target}.{f["add"]}"',
            f'target = "{target}"',
            f'title_zh = "基准路线{i}"',
            f'title_en = "Benchmark route {i}"',
            f'citation = "{sid} {target}({f["add"]})"',
            'provenance = "secondary"',
            f'when = "{when}"',
        ]
    return "\n".join(lines) + "\n"


def write_all(folder: Path) -> list[Path]:
    paths = []
    for i in range(N):
        p = folder / f"std-bench-{i:04d}.toml"
        p.write_text(standard_text(i), encoding="utf-8")
        paths.append(p)
    return paths


def best_s(fn: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` single runs of a slow ``fn`` (after one warm-up run), in seconds."""
    fn()
    out = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def paired_best_us(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The best timings of ``a`` and ``b`` in µs per call, taken in alternation (a, b, a, b, ...) so
    that a shared machine's drift falls on both alike."""
    ta, tb = timeit.Timer(a), timeit.Timer(b)
    number = max(1, int(max(ta.autorange()[0], tb.autorange()[0]) * 0.05 / 0.2))  # also the warm-up
    best_a = best_b = float("inf")
    for _ in range(repeat):
        best_a = min(best_a, ta.timeit(number))
        best_b = min(best_b, tb.timeit(number))
    return best_a / number * 1e6, best_b / number * 1e6


def rss_mb() -> float:
    """The resident set size of this process, in MB (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def bench_worker(code: str, edition: str) -> dict[str, Any]:
    """A senior worker (三级 of 2021-09-15) in occupation ``code`` asking for 技师 on ``ON``: not yet
    (four years of work after the certificate turn on 2025-09-15), so the decision carries an
    earliest date, as the bundled example's does in ``scalar.py``."""
    return {
        "id": "bench-1",
        "birth_date": "1994-06-18",
        "records_complete": True,
        "occupation": {"code": code, "standard_edition": edition, "has_senior_technician": True},
        "work_periods": [{"start": "2013-07-01", "end": "2018-02-28"}, {"start": "2018-03-01"}],
        "certificates": [
            {"level": "五级", "occupation_code": code, "issued_on": "2014-05-20"},
            {"level": "四级", "occupation_code": code, "issued_on": "2017-06-30"},
            {"level": "三级", "occupation_code": code, "issued_on": "2021-09-15"},
        ],
        "education": [
            {"school_kind": "technical_school", "major": MAJORS[0], "graduated_on": "2013-06-30"}
        ],
    }


def example_worker() -> dict[str, Any]:
    text = resources.files("skilleco.examples").joinpath("worker.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


Row = tuple[str, float, float | None, str, str]
"""(what, measured, target, unit, note)."""


def main(argv: list[str] | None = None) -> None:
    """Print the machine, then one row per measure: the figure, its target and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timings per measure; the best counts")
    args = parser.parse_args(argv)
    print(f"skilleco {skilleco.__version__} standards as data, {N} standard files, policy {POLICY}, on {ON}")
    print(
        f"machine: {platform.platform()}; {platform.processor() or platform.machine()}; "
        f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"python: {platform.python_implementation()} {platform.python_version()}")
    base = skilleco.load_policy(POLICY)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="skilleco-standards-") as tmp:
        paths = write_all(Path(tmp))
        size = sum(p.stat().st_size for p in paths)
        mix = [features(i) for i in range(N)]
        print(
            f"files: {N} ({size / 1e3:.0f} KB), t2023 {sum(f['edition'] == 't2023' for f in mix)}, "
            f"本职业 only {sum(f['kinship'] == 'own_only' for f in mix)}, related with codes "
            f"{sum(f['kinship'] == 'related_codes' for f in mix)}, by name only "
            f"{sum(f['kinship'] == 'related_names' for f in mix)}, threshold changed "
            f"{sum(f['threshold'] for f in mix)}, route removed {sum(f['drop'] for f in mix)}, "
            f"route added {sum(f['add'] is not None for f in mix)}"
        )
        print()

        # (a) reading
        loaded: list[Standard] = []

        def read_all() -> None:
            loaded[:] = [skilleco.load_standard_file(p) for p in paths]

        read = best_s(read_all, args.repeat)
        assert len({s.occupation_code for s in loaded}) == N
        rows.append(("(a) load_standard_file × 1,600 (total)", read * 1e3, 1000, "ms", ""))
        rows.append(("    per file", read / N * 1e6, None, "µs", ""))

        # (b) building the policy
        before = rss_mb()
        policy = skilleco.with_standards(base, loaded)
        grown = rss_mb() - before
        build = best_s(lambda: skilleco.with_standards(base, loaded), args.repeat)
        rows.append(("(b) with_standards(cn-2025, 1,600 standards)", build * 1e3, None, "ms", ""))
        rows.append(("    per standard", build / N * 1e6, None, "µs", ""))
        rows.append(("    resident memory added (first build)", grown, None, "MB", ""))

        # (c) one worker under the policy with the standards and under plain cn-2025
        want = {"edition": "t2018", "kinship": "related_codes", "threshold": True, "drop": False,
                "add": "bachelor"}
        pick = next(i for i in range(N) if all(mix[i][k] == v for k, v in want.items()))
        code = code_of(pick)
        data = bench_worker(code, "t2018")
        model = Worker.model_validate(data)
        with_std = skilleco.assess_grade(model, "technician", policy=policy, on=ON)
        plain = skilleco.assess_grade(model, "technician", policy=base, on=ON)
        assert with_std.standard_id == f"std-bench-{pick:04d}"
        assert plain.standard_id is None
        assert (with_std.status, plain.status) == ("ineligible", "ineligible"), (with_std, plain)
        assert with_std.earliest_date == plain.earliest_date == dt.date(2025, 9, 15)
        findings = [[(f.rule_id, f.status) for f in d.findings] for d in (with_std, plain)]
        assert findings[0] == findings[1], "like for like: the same routes and findings under both"
        print(f"(c) worker: occupation {code} (std-bench-{pick:04d}: {mix[pick]})")
        print(f"    decision: {with_std.status}, earliest {with_std.earliest_date}, "
              f"judged by {with_std.standard_id}")
        print()

        def assess(worker: Worker | dict[str, Any], pol: skilleco.Policy) -> Callable[[], object]:
            return lambda: skilleco.assess_grade(worker, "technician", policy=pol, on=ON)

        for label, worker, target in (("Worker model", model, 20.0), ("plain dict", data, 60.0)):
            t_std, t_plain = paired_best_us(assess(worker, policy), assess(worker, base), args.repeat)
            rows.append((f"(c) assess_grade technician, {label}, 1,600 standards", t_std, target, "µs",
                         f"× {t_std / t_plain:.2f} of plain"))
            rows.append(("    same worker, plain cn-2025 (template t2018)", t_plain, target, "µs", ""))
        example = Worker.model_validate(example_worker())
        t_std, t_plain = paired_best_us(assess(example, policy), assess(example, base), args.repeat)
        rows.append(("(c) bundled example (no standard: template), 1,600 std", t_std, 20, "µs",
                     f"× {t_std / t_plain:.2f} of plain"))
        rows.append(("    same worker, plain cn-2025", t_plain, 20, "µs", ""))

        # (d) the first decision in each occupation, under a policy just built
        workers = [Worker.model_validate(bench_worker(code_of(i), mix[i]["edition"])) for i in range(N)]

        def first_decisions() -> None:
            fresh = skilleco.with_standards(base, loaded)
            t = time.perf_counter()
            for w in workers:
                skilleco.assess_grade(w, "technician", policy=fresh, on=ON)
            first.append(time.perf_counter() - t)

        first: list[float] = []
        for _ in range(max(1, min(3, args.repeat // 3))):
            first_decisions()
        rows.append(("(d) first decision in each of the 1,600 occupations (mean)", min(first) / N * 1e6,
                     None, "µs", ""))

        # A policy directory's standards/ folder (load_policy_file), for the record.
        folder = Path(tmp) / "pack"
        (folder / "standards").mkdir(parents=True)
        (folder / "my-cn.toml").write_text(
            '[policy]\nid = "my-cn"\nparent = "cn-2025"\njurisdiction = "cn"\n'
            'title_zh = "基准"\ntitle_en = "Benchmark"\n',
            encoding="utf-8",
        )
        for p in paths:
            (folder / "standards" / p.name).write_bytes(p.read_bytes())
        try:
            skilleco.load_policy_file(folder)
            directory = "loaded"
        except skilleco.PolicyFileError as exc:
            directory = f"refused ({exc.reason}): {exc}"

    print(f"{'measure':58s} {'best':>10s} {'target':>9s} {'ratio':>6s}")
    for what, value, target, unit, note in rows:
        goal = f"{target:g} {unit}" if target is not None else ""
        ratio = f"{value / target:.2f}" if target is not None else ""
        print(f"{what:58s} {value:7.1f} {unit:2s} {goal:>9s} {ratio:>6s}  {note}".rstrip())
    print()
    print(f"a policy directory whose standards/ folder holds the {N} files: {directory}")
    print("ratio = measured / target (≤ 1.00 meets it); × = the same worker under 1,600 standards / "
          f"under plain cn-2025; per-call figures are best of {args.repeat} after a warm-up")


if __name__ == "__main__":
    main()
