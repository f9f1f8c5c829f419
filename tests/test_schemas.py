"""Every document the library and the command write has a published JSON Schema, and validates
against it (issue 16): decisions, exit reports, edition comparisons, grade profiles, comparisons,
sweeps, and the policy and rule lists of ``skilleco policies|rules --format json``.

The schemas checked are the published files (``docs/reference/schemas/``), which must be what the
code generates; their ``$id`` is a URN of the document and format version, no invented web address.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import skilleco
from skilleco.cli import main
from skilleco.decisions import FORMAT_VERSION
from skilleco.population import synthetic
from skilleco.whatif.schema import SCHEMAS

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "docs" / "reference" / "schemas"
ON = dt.date(2026, 11, 21)
PARAM = "t2023.technician.after_senior_years"
GD = skilleco.load_policy("gd-2025")
REFORM = GD.with_changes({PARAM: 4, "subsidy.technician": 2000}, label="wait 4 years")
EXAMPLES = Path(skilleco.__file__).parent / "examples"


def _published(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PUBLISHED / f"{name}.schema.json").read_text(encoding="utf-8"))
    return data


def _validate(name: str, document: Any) -> None:
    """``document`` (as JSON would read it) against the published schema ``name``, date formats too."""
    validator = jsonschema.Draft202012Validator(
        _published(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(json.loads(json.dumps(document, allow_nan=False))), key=str)
    assert not errors, (name, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:3]])


def test_every_document_has_a_published_schema_that_is_current() -> None:
    """One file per document the library or the command writes, each what the code generates."""
    assert sorted(p.name for p in PUBLISHED.glob("*.json")) == sorted(f"{n}.schema.json" for n in SCHEMAS)
    assert set(SCHEMAS) == {
        "decision",
        "exit_report",
        "edition_comparison",
        "grade_profile",
        "plan",
        "comparison",
        "pipeline",
        "pipeline_comparison",
        "sweep",
        "policy_list",
        "rule_list",
    }
    for name, make in SCHEMAS.items():
        published = _published(name)
        assert published == make(), f"run python docs/_generate.py ({name})"
        jsonschema.Draft202012Validator.check_schema(published)
        assert published["$id"] == f"urn:skilleco:schema:{name}:{FORMAT_VERSION}"
        assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "example" not in json.dumps(published).lower().replace("examples", "")


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def test_what_the_library_writes_validates() -> None:
    """Decisions, reports, comparisons of editions and grade profiles of synthetic subjects."""
    people = synthetic.workers(15, seed=11, on=ON).subjects
    for w in people:
        for policy in ("cn-2025", REFORM):
            profile = skilleco.grade_profile(w, policy=policy, on=ON)
            _validate("grade_profile", profile.to_dict())
            for d in profile.decisions:
                _validate("decision", d.to_dict())
    for chain in synthetic.chains(6, seed=11, on=ON).subjects:
        _validate("exit_report", skilleco.check_exits(chain, policy="gd-2025", on=ON).to_dict())
        _validate("edition_comparison", skilleco.compare_editions(chain, on=ON).to_dict())
    for org in synthetic.lead_candidates(10, seed=11, on=ON).subjects:
        _validate("decision", skilleco.assess_chain_lead(org, policy="sz-2025", on=ON).to_dict())


@pytest.mark.parametrize(
    ("question", "make"),
    [
        ("next_grade", lambda: synthetic.workers(200, seed=3, on=ON)),
        ("grade:technician", lambda: synthetic.workers(200, seed=3, on=ON)),
        ("lead", lambda: synthetic.lead_candidates(60, seed=3, on=ON)),
        ("exits", lambda: synthetic.chains(20, seed=3, on=ON)),
    ],
)
def test_comparisons_and_sweeps_validate(question: str, make: Callable[[], Any]) -> None:
    people = make()
    grade = question != "lead" and question != "exits"
    reform = REFORM if grade else GD.with_changes({"exit.max_idle_years": 1}, label="idle 1 year")
    c = skilleco.compare(people, question, baseline=GD, reform=reform, on=ON, cost=grade)
    _validate("comparison", c.to_dict())
    parameter = PARAM if grade else "exit.max_idle_years"
    s = skilleco.sweep(people, question, parameter=parameter, values=[1, 3, 5], policy=GD, on=ON, cost=grade)
    _validate("sweep", s.to_dict())
    if grade:
        assert c.flips and c.cost is not None and all(p.cost is not None for p in s.points)


def test_sums_past_the_float_range_still_validate() -> None:
    """An overflowed sum is written null, which the schema allows where a sum may be."""
    c = skilleco.compare(
        synthetic.workers(50, seed=3, on=ON), "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True
    )
    assert c.cost is not None
    counts = tuple(attrs.evolve(k, baseline=math.inf, reform=math.nan) for k in c.counts)
    flips = tuple(attrs.evolve(f, weight=math.inf) for f in c.flips)
    huge = attrs.evolve(
        c.cost, baseline=math.inf, by_grade=tuple((g, math.inf, *r[1:]) for g, *r in c.cost.by_grade)
    )
    _validate(
        "comparison", attrs.evolve(c, counts=counts, flips=flips, total_weight=math.inf, cost=huge).to_dict()
    )
    s = skilleco.sweep(
        synthetic.workers(20, seed=3, on=ON), "next_grade", parameter=PARAM, values=[4], policy=GD, on=ON
    )
    points = tuple(attrs.evolve(p, counts=dict.fromkeys(p.counts, math.inf), cost=math.nan) for p in s.points)
    _validate("sweep", attrs.evolve(s, points=points, total_weight=math.inf).to_dict())


def _json_out(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    return json.loads(out)


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["policies"], "policy_list"),
        (["rules", "gd-2025"], "rule_list"),
        (["rules", "gba"], "rule_list"),
        (["assess", "grade", "--example"], "decision"),
        (["assess", "grade", "--example", "--target", "senior_technician"], "decision"),
        (["assess", "profile", "--example"], "grade_profile"),
        (["assess", "lead", "--example"], "decision"),
        (["assess", "exits", "--example"], "exit_report"),
        (["assess", "dualcert", "--example"], "decision"),
        (["assess", "dualcert", "--example", "--policy", "gba"], "decision"),
        (["plan", "--example"], "plan"),
        (["plan", "--example", "--target", "technician", "--lead-months", "0"], "plan"),
    ],
)
def test_what_the_command_prints_validates(
    argv: list[str], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dated = ["--on", ON.isoformat()] if argv[0] in ("assess", "plan") else []
    _validate(name, _json_out(capsys, *argv, *dated, "--format", "json"))


def test_whatif_and_sweep_json_validate(capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--synthetic", "150", "--seed", "4", "--question", "next_grade", "--on", ON.isoformat()]
    doc = _json_out(
        capsys, "whatif", "--policy", "gd-2025", "--set", f"{PARAM}=4", *common, "--cost", "--format", "json"
    )
    _validate("comparison", doc)
    assert skilleco.Comparison.from_dict(doc).reform.label == f"{PARAM}=4"
    doc = _json_out(
        capsys,
        "sweep",
        "--policy",
        "gd-2025",
        "--parameter",
        PARAM,
        "--values",
        "3,4,5",
        *common,
        "--format",
        "json",
    )
    _validate("sweep", doc)
    assert skilleco.Sweep.from_dict(doc).values == (3, 4, 5)


def test_module_examples_hold() -> None:
    """The examples in the schema and repr modules' docstrings hold."""
    import doctest

    from skilleco.decisions import reprs
    from skilleco.decisions import schema as decision_schemas
    from skilleco.whatif import schema as whatif_schemas

    for module in (decision_schemas, whatif_schemas, reprs):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
