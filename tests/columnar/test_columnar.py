"""The columnar evaluator agrees with the scalar path row for row, for every question; bad frames
are rejected up front naming the column."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import skilleco
from skilleco import testing
from skilleco.decisions import Decision
from skilleco.models import Worker
from skilleco.population import synthetic
from skilleco.questions.grades import next_grade_decision

pl = pytest.importorskip("polars")
pytest.importorskip("polars")
columnar = pytest.importorskip("skilleco.columnar")
from skilleco.columnar.evaluation import _same_grouping, chain_status  # noqa: E402

ON = dt.date(2026, 11, 21)
FINDING = {True: "yes", False: "no", None: "unknown"}
GRADE_QUESTIONS = [
    "next_grade",
    *(
        f"grade:{g}"
        for g in ("junior", "intermediate", "senior", "technician", "senior_technician", "special_technician")
    ),
]
# Each example evaluates a whole frame both ways: 150 under the ``ci`` profile keeps CI under its
# 30 minutes (the fuzz suite and the other properties take the rest).
SLOW = settings(
    max_examples=min(settings().max_examples, 150),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _row_matches(row: dict[str, Any], d: Decision) -> None:
    assert row["status"] == d.status, (row["subject_id"], row["status"], d.status)
    assert tuple(row["deciding"]) == d.deciding, (row["subject_id"], row["deciding"], d.deciding)
    assert tuple(row["missing_facts"]) == d.missing_facts, (
        row["subject_id"],
        row["missing_facts"],
        d.missing_facts,
    )
    assert row["ruleset_id"] == d.ruleset_id
    for f in d.findings:
        assert FINDING[row[f"rule:{f.rule_id}"]] == f.status, (row["subject_id"], f.rule_id)


def _check_workers(people: list[Any], question: str, policy: skilleco.Policy, on: dt.date) -> None:
    frame = columnar.facts_frame(people, question, on=on)
    out = columnar.evaluate(frame, question, policy=policy, on=on).to_dicts()
    assert [r["subject_id"] for r in out] == [str(p["id"]) for p in people]
    for person, row in zip(people, out, strict=True):
        w = Worker.model_validate(person)
        if question == "next_grade":
            held, d = next_grade_decision(w, policy, on, with_earliest=False)
            assert row["held"] == held
            if d is None:
                assert row["status"] == "not_applicable" and row["target"] is None
                continue
        else:
            d = skilleco.assess_grade(w, question.split(":")[1], policy=policy, on=on)
        assert row["target"] == d.target
        _row_matches(row, d)


@SLOW
@given(
    people=st.lists(testing.worker_dicts(), min_size=1, max_size=8, unique_by=lambda w: w["id"]),
    question=st.sampled_from(GRADE_QUESTIONS),
    policy=st.sampled_from(["cn-2025", "gd-2025", "tj-2024", "sd-2020"]),
    on=testing.dates(dt.date(2012, 1, 1), dt.date(2032, 12, 31)),
)
def test_property_grade_questions_agree_row_for_row(
    people: list[dict[str, Any]], question: str, policy: str, on: dt.date
) -> None:
    """Every grade rule set (grade.t2018.*, grade.t2023.*, post.*, grade.exceptional.*), nulls included."""
    # assess_grade refuses a worker born after the date asked (grades.md, "Dates must be possible").
    people = [p for p in people if str(p.get("birth_date") or "") <= on.isoformat()]
    assume(people)
    _check_workers(people, question, skilleco.load_policy(policy), on)


@SLOW
@given(
    people=st.lists(testing.worker_dicts(complete=True), min_size=1, max_size=8, unique_by=lambda w: w["id"]),
    years=st.integers(0, 8),
    on=testing.dates(dt.date(2015, 1, 1), dt.date(2032, 12, 31)),
)
def test_property_a_reform_agrees_too(people: list[dict[str, Any]], years: int, on: dt.date) -> None:
    """grade.t2023.technician.after_senior under any value of its parameter."""
    reform = skilleco.load_policy("gd-2025").with_changes(
        {"t2023.technician.after_senior_years": years}, label="r"
    )
    _check_workers(people, "next_grade", reform, on)


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    policy=st.sampled_from(["sz-2025", "gd-2022", "bj-2024", "cn-2025"]),
    on=testing.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_property_chain_lead_agrees(seed: int, policy: str, on: dt.date) -> None:
    """lead.<edition>.* rules over synthetic candidates (unstated fields give nulls)."""
    pop = synthetic.lead_candidates(15, seed=seed, on=on)
    out = columnar.evaluate(columnar.facts_frame(pop, "lead", on=on), "lead", policy=policy, on=on).to_dicts()
    for org, row in zip(pop.subjects, out, strict=True):
        _row_matches(row, skilleco.assess_chain_lead(org, policy=policy, on=on))


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), on=testing.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_property_exit_scenarios_agree(seed: int, on: dt.date) -> None:
    """The six exit scenarios (gd-2025), unit by unit, and each chain's overall status."""
    pop = synthetic.chains(6, seed=seed, on=on)
    units = columnar.evaluate(
        columnar.facts_frame(pop, "exits", on=on, policy="gd-2025"), "exits", policy="gd-2025", on=on
    )
    rows = units.to_dicts()
    chains = {r["chain_id"]: r for r in chain_status(units).to_dicts()}
    i = 0
    for chain in pop.subjects:
        report = skilleco.check_exits(chain, policy="gd-2025", on=on)
        assert chains[report.chain_id]["status"] == report.status
        assert chains[report.chain_id]["lead_id"] == report.lead_id
        for u in report.units:
            row = rows[i]
            i += 1
            assert (row["chain_id"], row["subject_id"], row["is_lead"]) == (
                report.chain_id,
                u.unit_id,
                u.is_lead,
            )
            _row_matches(row, u.decision)
    assert i == len(rows)


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    scheme=st.sampled_from(["bj-2025", "gba"]),
    on=testing.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
)
def test_property_dual_certificates_agree(seed: int, scheme: str, on: dt.date) -> None:
    """dualcert.bj2025.* and the GBA scheme's rules."""
    pop = synthetic.dual_certificate_candidates(15, seed=seed, on=on, scheme=scheme)  # type: ignore[arg-type]
    frame = columnar.facts_frame(pop, "dualcert", on=on, policy=scheme)
    out = columnar.evaluate(frame, "dualcert", policy=scheme, on=on).to_dicts()
    for c, row in zip(pop.subjects, out, strict=True):
        _row_matches(row, skilleco.assess_dual_certificate(c, policy=scheme, on=on))


# --- frames ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frame() -> Any:
    return columnar.facts_frame(synthetic.workers(200, seed=3, on=ON), "next_grade", on=ON)


def test_facts_frame_has_the_schema_types_weights_and_groups(frame: Any) -> None:
    assert frame.height == 200
    assert frame.schema["cert_senior_on"] == pl.Date and frame.schema["has_cert_senior"] == pl.Boolean
    assert frame.schema["work_months"] == pl.Int32 and "region" in frame.columns
    assert frame["weight"].sum() == pytest.approx(22_010_000)


def test_missing_fact_column_is_named(frame: Any) -> None:
    with pytest.raises(skilleco.PopulationError) as info:
        columnar.evaluate(frame.drop("cert_senior_on"), "next_grade", policy="gd-2025", on=ON)
    assert [(r.field, r.code) for r in info.value.rows] == [("cert_senior_on", "missing_column")]
    assert "cert_senior_on" in str(info.value)


def test_wrong_dtype_is_named(frame: Any) -> None:
    bad = frame.with_columns(pl.col("cert_senior_on").cast(pl.String), pl.col("work_months").cast(pl.Float64))
    with pytest.raises(skilleco.PopulationError) as info:
        columnar.check_facts_frame(bad, "next_grade", policy="gd-2025")
    assert sorted((r.field, r.code) for r in info.value.rows) == [
        ("cert_senior_on", "wrong_dtype"),
        ("work_months", "wrong_dtype"),
    ]


def test_duplicate_ids_are_named(frame: Any) -> None:
    bad = pl.concat([frame, frame.head(2)])
    with pytest.raises(skilleco.PopulationError) as info:
        columnar.check_facts_frame(bad, "next_grade", policy="gd-2025")
    (problem,) = info.value.rows
    assert (problem.field, problem.code) == ("subject_id", "duplicate_id") and "2 id(s)" in problem.reason


def test_a_frame_with_only_the_facts_read_is_enough(frame: Any) -> None:
    needed = columnar.required_facts("grade:technician", policy="gd-2025")
    assert "cert_senior_on" in needed and "apprentice_wage" not in needed
    slim = frame.select(["subject_id", "occupation_code", *needed])
    full = columnar.evaluate(frame, "grade:technician", policy="gd-2025", on=ON)
    assert columnar.evaluate(slim, "grade:technician", policy="gd-2025", on=ON).equals(full)


def test_integer_columns_of_any_width_are_accepted(frame: Any) -> None:
    narrow = frame.with_columns(pl.col("work_months").cast(pl.Int32), pl.col("cert_rank").cast(pl.UInt8))
    a = columnar.evaluate(narrow, "next_grade", policy="gd-2025", on=ON)
    assert a.equals(columnar.evaluate(frame, "next_grade", policy="gd-2025", on=ON))


@pytest.mark.parametrize(
    ("on", "status"),
    [
        (dt.date(2025, 2, 27), "ineligible"),
        (dt.date(2025, 2, 28), "eligible"),
        (dt.date(2028, 2, 28), "eligible"),
    ],
)
def test_leap_day_anniversary_day_before_and_day_of(on: dt.date, status: str) -> None:
    """grade.t2023.technician.after_senior: a 29 February 2020 certificate, with work without a break from
    that day, reaches five years (60 whole months) of work after it on 28 February 2025, not the day
    before — the same day as the anniversary (time.md: 29 February plus five years is 28 February)."""
    w = {
        "id": "leap",
        "records_complete": True,
        "occupation": {"code": "6-18-02-04", "standard_edition": "t2023"},
        "certificates": [{"level": "三级", "occupation_code": "6-18-02-04", "issued_on": "2020-02-29"}],
        "work_periods": [{"start": "2020-02-29"}],
    }
    out = columnar.evaluate(
        columnar.facts_frame([w], "grade:technician", on=on), "grade:technician", policy="cn-2025", on=on
    ).row(0, named=True)
    assert out["status"] == status == skilleco.assess_grade(w, "technician", policy="cn-2025", on=on).status
    assert out["rule:grade.t2023.technician.after_senior"] is (status == "eligible")


def _same_comparison(a: skilleco.Comparison, b: skilleco.Comparison) -> None:
    assert [(c.status, c.baseline_rows, c.reform_rows) for c in a.counts] == [
        (c.status, c.baseline_rows, c.reform_rows) for c in b.counts
    ]
    assert [c.baseline for c in a.counts] == pytest.approx([c.baseline for c in b.counts])
    assert [(f.subject_id, f.row, f.before, f.after, f.rules, dict(f.groups)) for f in a.flips] == [
        (f.subject_id, f.row, f.before, f.after, f.rules, dict(f.groups)) for f in b.flips
    ]
    assert [(x.rule_id, x.flips) for x in a.attribution] == [(x.rule_id, x.flips) for x in b.attribution]
    assert a.rows == b.rows and a.total_weight == pytest.approx(b.total_weight)


@pytest.mark.parametrize("question", ["next_grade", "grade:technician", "grade:senior"])
def test_compare_over_a_facts_frame_equals_the_scalar_comparison(question: str) -> None:
    """grade.t2023.technician.after_senior reformed 5 → 4: same counts, flips, rules and cost both ways."""
    pop = synthetic.workers(1500, seed=11, on=ON)
    gd = skilleco.load_policy("gd-2025")
    reform = gd.with_changes(
        {"t2023.technician.after_senior_years": 4, "t2023.senior.worked_years": 5}, label="r"
    )
    frame = columnar.facts_frame(pop, question, on=ON)
    fast = skilleco.compare(frame, question, baseline=gd, reform=reform, on=ON, cost=True)
    slow = skilleco.compare(pop, question, baseline=gd, reform=reform, on=ON, cost=True)
    assert fast.flips and fast.source == "<facts frame>"
    _same_comparison(fast, slow)
    assert fast.cost is not None and slow.cost is not None
    assert [g[0] for g in fast.cost.by_grade] == [g[0] for g in slow.cost.by_grade]
    assert [g[1:] for g in fast.cost.by_grade] == [pytest.approx(g[1:]) for g in slow.cost.by_grade]
    assert fast.cost.delta == pytest.approx(slow.cost.delta) and fast.cost.baseline == pytest.approx(
        slow.cost.baseline
    )
    assert fast.to_pandas("flips").equals(slow.to_pandas("flips"))


@pytest.mark.parametrize(
    ("question", "policy", "change"),
    [
        ("lead", "bj-2024", {"lead.clean_record_years": 1}),
        ("exits", "gd-2025", {"exit.idle_years": 2}),
        ("dualcert", "bj-2025", None),
    ],
)
def test_compare_chain_questions_over_frames(
    question: str, policy: str, change: dict[str, int] | None
) -> None:
    """lead.*, exit.* (folded per chain) and dualcert.* through the columnar compare."""
    pol = skilleco.load_policy(policy)
    names = set(pol.parameters)
    reform = pol.with_changes({k: v for k, v in (change or {}).items() if k in names}, label="r")
    make = {
        "lead": synthetic.lead_candidates,
        "exits": synthetic.chains,
        "dualcert": synthetic.dual_certificate_candidates,
    }[question]
    pop = make(60, seed=5, on=ON)
    frame = columnar.facts_frame(pop, question, on=ON, policy=policy)
    _same_comparison(
        skilleco.compare(frame, question, baseline=pol, reform=reform, on=ON),
        skilleco.compare(pop, question, baseline=pol, reform=reform, on=ON),
    )


def test_years_since_a_date_after_on_is_negative_as_in_the_scalar_path() -> None:
    """_expr years_since: a date after ``on`` gives a negative count on both paths (not clamped to 0)."""
    from skilleco.columnar.compile import compile_node
    from skilleco.rules.expr import Fact, Lit, Op

    node = Op(">=", (Op("years_since", (Fact("d"),)), Lit(0)))
    frame = pl.DataFrame({"d": [dt.date(2027, 6, 1), dt.date(2026, 11, 21), None]})
    got = frame.select(compile_node(node, {}, ON, {"d": pl.col("d")}).alias("v"))["v"].to_list()
    from skilleco.rules.expr import apply

    expected = [apply(">=", [apply("years_since", [d], ON), 0], ON) for d in frame["d"].to_list()]
    assert got == expected == [False, True, None]


def test_compare_when_the_reform_moves_the_grade_held() -> None:
    """grade.exceptional.direct_recognition's parameter changes the grade held, so the two policies
    cannot share their grouping: the frame path answers them apart and still equals the scalar path."""
    pop = synthetic.workers(400, seed=12, on=ON)
    cn = skilleco.load_policy("cn-2025")
    reform = cn.with_changes({"exceptional.direct_recognition.waived_min_rank": 2}, label="r")
    frame = columnar.facts_frame(pop, "next_grade", on=ON)
    _same_comparison(
        skilleco.compare(frame, "next_grade", baseline=cn, reform=reform, on=ON),
        skilleco.compare(pop, "next_grade", baseline=cn, reform=reform, on=ON),
    )
    assert not _same_grouping(cn, reform, ["6-18-02-04"], ON)
    assert _same_grouping(
        cn, cn.with_changes({"t2023.technician.after_senior_years": 4}, label="x"), ["6-18-02-04"], ON
    )


# --- the evaluator's shape: rows in place, deciding as categories, passes compiled once (issue 14) ----


def test_deciding_is_a_list_of_enum_in_the_policy_rule_order(frame: Any) -> None:
    """Issue 14 item 5: ``deciding`` holds categories, not strings — every rule id the question can read,
    in the policy's rule order, whatever the rows, so chunks concatenate; a reform with other rules has
    other categories, and its routes compare with the baseline's by value."""
    gd = skilleco.load_policy("gd-2025")
    out = columnar.evaluate(frame, "next_grade", policy="gd-2025", on=ON)
    dtype = out.schema["deciding"]
    assert isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Enum)
    expected = [r.id for r in gd.rules.values() if any(s.startswith(("grade.", "post.")) for s in r.sets)]
    assert dtype.inner.categories.to_list() == expected
    assert out.schema["missing_facts"] == pl.List(pl.String)
    halves = [columnar.evaluate(part, "next_grade", policy=gd, on=ON) for part in (frame[:70], frame[70:])]
    assert all(h.schema["deciding"] == dtype for h in halves)
    common = ["subject_id", "status", "deciding", "missing_facts", "ruleset_id", "target", "held"]
    assert pl.concat([h.select(common) for h in halves]).equals(out.select(common))

    dropped = "grade.t2023.senior.junior_title"
    reform = gd.with_changes(label="no junior title route", drop=[dropped])
    other = columnar.evaluate(frame, "next_grade", policy=reform, on=ON)
    kinds = other.schema["deciding"]
    assert isinstance(kinds, pl.List) and isinstance(kinds.inner, pl.Enum)
    assert kinds.inner.categories.to_list() == [k for k in expected if k != dropped]
    a = out["deciding"].cast(pl.List(pl.String)).to_list()
    b = other["deciding"].cast(pl.List(pl.String)).to_list()
    assert any(dropped in x for x in a)
    for x, y, before, after in zip(a, b, out["status"], other["status"], strict=True):
        if before == after and dropped not in x:
            assert x == y


def test_rows_keep_their_order_in_a_shuffled_frame_of_occupations_and_editions() -> None:
    """Issue 14 item 5: rows are answered in place, not split by rule set and sorted back — a shuffled
    frame of three occupations (two judged by their own standard: three policies) under both templates
    comes back in its own order, each row the answer of the unshuffled frame and of the scalar path."""
    from skilleco.policy.standards import shipped_standards, with_standards

    policy = with_standards(skilleco.load_policy("cn-2025"), shipped_standards())
    pop = synthetic.workers(300, seed=5, on=ON)
    frame = columnar.facts_frame(pop, "next_grade", on=ON, policy=policy)
    codes = frame["occupation_code"].unique().to_list()
    assert (
        len({id(policy.for_occupation(c)) for c in codes}) == 3
        and frame["occupation_edition"].n_unique() == 2
    )
    order = pl.Series(range(frame.height)).shuffle(seed=14)
    shuffled = frame[order]
    out = columnar.evaluate(shuffled, "next_grade", policy=policy, on=ON)
    assert out["subject_id"].to_list() == shuffled["subject_id"].to_list()
    assert out.equals(columnar.evaluate(frame, "next_grade", policy=policy, on=ON)[order].select(out.columns))
    assert out["ruleset_id"].n_unique() > 4
    workers = {w.id: w for w in pop.subjects}
    for row in out.to_dicts():
        held, d = next_grade_decision(workers[row["subject_id"]], policy, ON, with_earliest=False)
        assert row["held"] == held and d is not None
        assert (row["status"], row["target"], tuple(row["deciding"])) == (d.status, d.target, d.deciding)


def test_passes_are_compiled_once_and_shared_by_threads(frame: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14 item 5: a pass is compiled once per (policy, rule sets, date, options) and kept in the
    policy's own memo, so a frame evaluated again, or chunk by chunk, builds no expression again; and
    threads evaluating chunks at once get the answers of one thread."""
    from concurrent.futures import ThreadPoolExecutor

    from skilleco.columnar import routes

    built: list[tuple[str, ...]] = []
    compile_ = routes._compile

    def counting(policy: skilleco.Policy, sids: tuple[str, ...], *args: Any) -> Any:
        built.append(sids)
        return compile_(policy, sids, *args)

    monkeypatch.setattr(routes, "_compile", counting)
    fresh = skilleco.load_policy("gd-2025").with_changes(
        {"t2023.technician.after_senior_years": 4}, label="r"
    )
    first = columnar.evaluate(frame, "next_grade", policy=fresh, on=ON)
    assert len(built) == 1  # every rule set of the frame in one pass
    assert columnar.evaluate(frame, "next_grade", policy=fresh, on=ON).equals(first)
    assert len(built) == 1
    chunks = [frame[i : i + 40] for i in range(0, frame.height, 40)]
    alone = [columnar.evaluate(c, "next_grade", policy=fresh, on=ON) for c in chunks]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda c: columnar.evaluate(c, "next_grade", policy=fresh, on=ON), chunks))
    assert all(x.equals(y) for x, y in zip(alone, together, strict=True))
    assert len(built) <= 1 + len(chunks)  # at most one pass per distinct set of rule sets


def test_rule_sets_whose_deciding_orders_disagree_are_not_merged() -> None:
    """A pass packs deciding rules in one bit order that keeps each rule set's own order (all-of rule
    sets list required rules first); rule sets that cannot share one go to separate passes."""
    from skilleco.columnar.routes import merged_order, passes

    rank = {k: i for i, k in enumerate("abcd")}
    assert merged_order([["a", "c"], ["c", "d"], ["b", "d"]], rank) == ("a", "b", "c", "d")
    assert merged_order([["a", "b"], ["b", "a"]], rank) is None
    gd = skilleco.load_policy("gd-2025")
    sids = tuple(sorted(s for s in gd.rulesets if s.startswith(("grade.t20", "post."))))
    assert passes(gd, sids) == (sids,)


@pytest.mark.parametrize(
    "on", [dt.date(2024, 2, 29), dt.date(2025, 2, 28), dt.date(2024, 2, 28), dt.date(2026, 11, 21)]
)
def test_whole_years_compared_as_one_date_agree_with_counting_the_years(on: dt.date) -> None:
    """Issue 14 item 5: ``years_since(d) >= n`` with ``n`` known when compiling becomes one comparison of
    ``d`` with a date; it equals counting the years (29 February's anniversary on 28 February), each
    operator either way round, for dates around every leap day and after ``on``."""
    from skilleco.columnar.compile import compile_node
    from skilleco.rules.expr import Fact, Lit, Op, Param, apply

    days: list[dt.date | None] = [
        dt.date(y, m, d) for y in range(2010, 2031) for m, d in ((2, 27), (2, 28), (3, 1), (11, 21))
    ]
    days += [dt.date(y, 2, 29) for y in (2012, 2016, 2020, 2024, 2028)] + [None]
    frame = pl.DataFrame({"d": days}, schema={"d": pl.Date})
    years = Op("years_since", (Fact("d"),))
    for op in (">=", ">", "<", "<="):
        for n in (-1, 0, 1, 4, 5, 13):
            for node in (Op(op, (years, Param("n"))), Op(op, (Lit(n), years))):
                got = frame.select(compile_node(node, {"n": n}, on, {"d": pl.col("d")}).alias("v"))["v"]
                a, b = node.args
                expected = [
                    apply(op, [apply("years_since", [d], on) if x is years else n for x in (a, b)], on)
                    for d in days
                ]
                assert got.to_list() == expected, (op, n, node)
