"""Policy what-if: baseline vs reform over a population, flips with the rules behind them, sweeps, cost.

The worked reform throughout is Guangdong's wait from senior (三级) to technician (二级): rule
``grade.t2023.technician.after_senior`` reads ``t2023.technician.after_senior_years`` (5 years,
std-2023); the reform makes it 4.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import skilleco
from skilleco import testing
from skilleco.population import Population, read_population

ON = dt.date(2026, 11, 21)
RULE = "grade.t2023.technician.after_senior"
PARAM = "t2023.technician.after_senior_years"
EXAMPLE = json.loads(
    (Path(skilleco.__file__).parent / "examples" / "worker.json").read_text(encoding="utf-8")
)


def _worker(i: int, senior_on: dt.date, region: str = "广州") -> dict[str, object]:
    w = json.loads(json.dumps(EXAMPLE))
    w["id"] = f"w{i:03d}"
    w["certificates"][2]["issued_on"] = senior_on.isoformat()
    return w


def _population() -> Population:
    """Senior certificates issued 3 to 6 years before ON, one per fortnight (the wait is 5 years)."""
    people = [_worker(i, ON - dt.timedelta(days=3 * 365 + 14 * i)) for i in range(80)]
    regions = [{"region": "广州" if i % 2 else "深圳"} for i in range(80)]
    pop = read_population(people)
    return Population(pop.kind, pop.subjects, pop.rows, (1000.0,) * 80, tuple(regions), (), "test")


POP = _population()
GD = skilleco.load_policy("gd-2025")
REFORM = GD.with_changes({PARAM: 4}, label="wait 4 years")


def _senior_on(subject_id: str) -> dt.date:
    w = POP.subjects[POP.ids.index(subject_id)]
    assert isinstance(w, skilleco.Worker) and w.certificates and w.certificates[2].issued_on
    return w.certificates[2].issued_on


def _four_to_five_years(senior: dt.date) -> bool:
    return (
        dt.date(senior.year + 4, senior.month, senior.day)
        <= ON
        < dt.date(senior.year + 5, senior.month, senior.day)
    )


def test_reform_flips_exactly_the_workers_between_four_and_five_years() -> None:
    c = skilleco.compare(POP, "next_grade", baseline=GD, reform=REFORM, on=ON)
    assert c.rows == 80 and c.total_weight == 80_000
    assert c.changes[0].name == PARAM and (c.changes[0].baseline, c.changes[0].reform) == (5, 4)
    for f in c.flips:  # grade.t2023.technician.after_senior: 4 <= full years since the senior certificate < 5
        assert (f.baseline_status, f.reform_status, f.rules) == ("ineligible", "eligible", (RULE,))
        assert f.groups["target"] == "technician" and f.groups["grade"] == "senior" and f.gained
    # Every worker in that window flips; none outside it.
    window = tuple(i for i in POP.ids if _four_to_five_years(_senior_on(i)))
    assert c.flip_ids == window and len(window) > 20
    eligible = c.count("eligible")
    assert eligible.reform - eligible.baseline == len(window) * 1000 == c.flipped_weight
    assert [(a.rule_id, a.flips, a.provenance) for a in c.attribution] == [(RULE, len(window), "text")]


def test_boundary_day_before_and_day_of_the_fourth_anniversary() -> None:
    """grade.t2023.technician.after_senior: the fourth anniversary is the first eligible day under the reform."""
    people = [
        _worker(1, dt.date(ON.year - 4, ON.month, ON.day)),
        _worker(2, dt.date(ON.year - 4, ON.month, ON.day) + dt.timedelta(days=1)),
    ]
    c = skilleco.compare(people, "next_grade", baseline=GD, reform=REFORM, on=ON)
    assert c.flip_ids == ("w001",)  # exactly four years: flips; one day short: does not


def test_baseline_against_itself_has_no_flips() -> None:
    c = skilleco.compare(POP, "next_grade", baseline=GD, reform="gd-2025", on=ON)
    assert c.flips == () and c.attribution == () and c.changes == () and c.changed_rules == ()
    assert all(k.baseline == k.reform for k in c.counts)


def test_grade_question_weights_and_cost_line() -> None:
    """Subsidies: gd-2025 pays no 二级 subsidy, Beijing 2,500 yuan (grades.md, certificate subsidies)."""
    c = skilleco.compare(POP, "grade:二级", baseline=GD, reform=REFORM, on=ON, cost=True, weights=[1.0] * 80)
    assert c.question == "grade:technician" and c.total_weight == 80
    assert c.cost is not None and c.cost.baseline == c.cost.reform == 0.0
    bj = skilleco.load_policy("bj-2024")
    bj_reform = bj.with_changes({PARAM: 4}, label="wait 4")
    k = skilleco.compare(
        POP, "grade:technician", baseline=bj, reform=bj_reform, on=ON, cost=True, take_up=0.5
    )
    assert k.cost is not None
    gained = k.count("eligible").change
    # weighted count × take-up × the 二级 subsidy
    assert gained > 0 and k.cost.delta == pytest.approx(gained * 0.5 * 2500)
    assert ("bj-2024", "subsidy.technician", 2500, "secondary") in [p[:4] for p in k.cost.parameters]
    assert k.to_rows("cost")[0]["grade"] == "technician"


def test_flips_by_region_and_target_and_transitions() -> None:
    c = skilleco.compare(POP, "next_grade", baseline=GD, reform=REFORM, on=ON)
    by_region = c.flips_by("region")
    assert set(by_region) == {"广州", "深圳"}
    assert sum(v["gained"] for v in by_region.values()) == c.flipped_weight
    assert c.flips_by("target") == {"technician": {"gained": c.flipped_weight, "lost": 0.0}}
    assert c.transitions() == {("ineligible", "eligible"): c.flipped_weight}
    with pytest.raises(skilleco.InputError) as info:
        c.flips_by("province")
    assert info.value.fields == ("by",)


def test_outputs_tables_frames_text_and_json() -> None:
    c = skilleco.compare(POP, "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True)
    assert [r["status"] for r in c.to_rows("counts")][:4] == [
        "eligible",
        "review",
        "undetermined",
        "ineligible",
    ]
    assert {tuple(r["rules"]) for r in c.to_rows("flips")} == {(RULE,)}
    data = json.loads(c.to_json())
    assert data["question"] == "next_grade" and data["reform"]["label"] == "wait 4 years"
    assert data["attribution"][0]["rule_id"] == RULE
    for lang in ("en", "zh"):
        assert RULE in c.text(lang) and PARAM in c.markdown(lang)
    assert "可申报" in c.text("zh") and "ineligible" in c.text("en")  # one word per status (issue 11)
    assert "<table>" in c._repr_html_() and RULE in c._repr_html_()
    pd = pytest.importorskip("pandas")
    frame = c.to_pandas("flips")
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(c.flips)
    pl = pytest.importorskip("polars")
    assert pl.DataFrame is type(c.to_polars("attribution"))
    with pytest.raises(skilleco.InputError):
        c.to_rows("nonsense")  # type: ignore[arg-type]


def test_sweep_moves_monotonically_and_marks_the_current_value() -> None:
    s = skilleco.sweep(POP, "next_grade", parameter=PARAM, values=[3, 4, 5, 6], policy=GD, on=ON)
    eligible = s.series("eligible")
    assert list(eligible) == sorted(eligible, reverse=True) and eligible[0] > eligible[-1]
    assert s.current == 5 and s.values == (3, 4, 5, 6)
    base = skilleco.compare(POP, "next_grade", baseline=GD, reform=GD, on=ON)
    assert eligible[2] == base.count("eligible").baseline  # the current value reproduces the baseline
    assert "(current)" in s.text() and s.to_rows()[0][PARAM] == 3
    assert "<table>" in s._repr_html_()


def test_sweep_and_compare_errors() -> None:
    with pytest.raises(skilleco.UnknownPolicyError):
        skilleco.compare(POP, "next_grade", baseline="gd-2052", reform=GD, on=ON)
    with pytest.raises(skilleco.SkillecoError) as info:
        skilleco.compare(POP, "next_grad", baseline=GD, reform=GD, on=ON)
    assert info.value.code == "unknown_question" and "next_grade" in str(info.value)
    with pytest.raises(skilleco.InputError) as info2:
        skilleco.compare(POP, "grade:apprentice", baseline=GD, reform=GD, on=ON)
    assert info2.value.fields == ("question",)
    with pytest.raises(skilleco.InputError) as info3:
        skilleco.compare(POP, "next_grade", baseline=GD, reform=GD, on=ON, weights=[1.0])
    assert info3.value.fields == ("weights",)
    with pytest.raises(skilleco.InputError) as info4:
        skilleco.compare(POP, "next_grade", baseline=GD, reform=GD, on="2026-02-30")
    assert info4.value.fields == ("on",)
    from skilleco.exceptions import UnknownParameterError

    with pytest.raises(UnknownParameterError) as info5:
        skilleco.sweep(
            POP, "next_grade", parameter="t2023.technician.after_senior_year", values=[4], policy=GD, on=ON
        )
    assert info5.value.suggestion == PARAM
    with pytest.raises(skilleco.PopulationError):  # a worker population asked a chain question
        skilleco.compare(POP, "exits", baseline=GD, reform=GD, on=ON)


def test_progress_is_reported_up_to_the_total() -> None:
    seen: list[tuple[int, int]] = []
    skilleco.compare(
        POP.head(10),
        "next_grade",
        baseline=GD,
        reform=REFORM,
        on=ON,
        progress=lambda done, total: seen.append((done, total)),
        engine="scalar",
    )
    assert seen[-1] == (20, 20) and all(t == 20 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_skipped_rows_are_counted() -> None:
    people = [_worker(1, dt.date(2021, 1, 1)), {**_worker(2, dt.date(2021, 1, 1)), "birth_date": "?"}]
    c = skilleco.compare(people, "next_grade", baseline=GD, reform=REFORM, on=ON, on_error="skip")
    assert c.rows == 1 and c.skipped == 1


# --- properties ----------------------------------------------------------------------------------

CN = skilleco.load_policy("cn-2025")
TARGETS = ("junior", "intermediate", "senior", "technician", "senior_technician")


def _single_rule_params() -> list[tuple[str, str, str]]:
    """(grade, rule id, parameter) where the parameter is read by exactly one rule of the policy.

    Not the direct-recognition rule's: an accepted direct recognition is also part of the grade
    held (the current rank), which every exceptional route reads, so its parameters can flip a row
    through another rule's finding (found by hypothesis: ``waived_min_rank`` moving a worker's
    current rank changes ``grade.exceptional.major_contribution``).
    """
    from skilleco.questions.grades import DIRECT_RECOGNITION

    readers: dict[str, list[str]] = {}
    for r in CN.rules.values():
        for p in r.params:
            readers.setdefault(p, []).append(r.id)
    out = []
    for g in TARGETS:
        for edition in ("t2018", "t2023"):
            for r in CN.members(f"grade.{edition}.{g}"):
                for p in r.params:
                    value = CN.params_at(ON)[p]
                    single = readers[p] == [r.id] and r.id != DIRECT_RECOGNITION
                    if single and isinstance(value, int) and not isinstance(value, bool):
                        out.append((g, r.id, p))
    return sorted(set(out))


SINGLE = _single_rule_params()


def test_there_are_single_rule_parameters_to_reform() -> None:
    assert len(SINGLE) >= 10 and ("technician", RULE, PARAM) in SINGLE


@given(
    people=st.lists(testing.worker_dicts(), min_size=1, max_size=6),
    question=st.sampled_from(["next_grade", *(f"grade:{g}" for g in TARGETS)]),
    on=testing.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
)
def test_property_baseline_against_baseline_never_flips(
    people: list[dict[str, object]], question: str, on: dt.date
) -> None:
    c = skilleco.compare(people, question, baseline=CN, reform=CN.with_changes({}, label="same"), on=on)
    assert c.flips == () and all(k.baseline == k.reform for k in c.counts)


@given(
    people=st.lists(testing.worker_dicts(complete=True), min_size=1, max_size=6),
    pick=st.sampled_from(SINGLE),
    value=st.integers(0, 12),
    on=testing.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
)
def test_property_one_rule_reform_flips_only_rows_whose_finding_for_that_rule_changed(
    people: list[dict[str, object]], pick: tuple[str, str, str], value: int, on: dt.date
) -> None:
    g, rule_id, param = pick
    # A value outside the parameter's declared range is refused on reform (policy-packs.md): not drawn.
    limits = CN.ranges.get(param)
    assume(limits is None or limits.problem(value) is None)
    # assess_grade refuses a worker born after the date asked (grades.md, "Dates must be possible").
    people = [p for p in people if str(p.get("birth_date") or "") <= on.isoformat()]
    assume(people)
    reform = CN.with_changes({param: value}, label=f"{param}={value}")
    c = skilleco.compare(people, f"grade:{g}", baseline=CN, reform=reform, on=on)
    for f in c.flips:
        assert rule_id in f.rules, (f, rule_id)
        base = skilleco.assess_grade(people[f.row - 1], g, policy=CN, on=on)
        new = skilleco.assess_grade(people[f.row - 1], g, policy=reform, on=on)
        assert (base.status, new.status) == (f.baseline_status, f.reform_status)
        assert base.finding(rule_id).status != new.finding(rule_id).status
