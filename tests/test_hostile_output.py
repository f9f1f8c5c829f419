"""Issue 15: outputs stay what they claim to be, whatever the values hold.

- L2: ids, names and labels holding line breaks, markup or terminal escapes show as text in
  ``text()``, ``markdown()`` and HTML: no forged line, heading, link or raw HTML.
- L6: every ``to_dict()`` is JSON (dates in lists of a reform's values included).
- M2: sums past the range of a 64-bit float neither raise nor write ``Infinity``: text shows ``∞``,
  JSON writes ``null``; a decision refuses to write a number that is not finite.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

import skilleco
from skilleco.decisions import Decision
from skilleco.exceptions import DecisionFormatError, InputError
from skilleco.population import Population, read_population
from skilleco.whatif import Comparison, CostLine, Sweep
from skilleco.whatif.chunked import Sum
from skilleco.whatif.parts import exact_sum

ON = dt.date(2026, 11, 21)
PARAM = "t2023.technician.after_senior_years"
LIST_PARAM = "lead.cn2025.not_checked"  # a list value no grade rule reads
GD = skilleco.load_policy("gd-2025")
REFORM = GD.with_changes({PARAM: 4}, label="wait 4 years")
DATES = [dt.date(2026, 1, 1), dt.date(2027, 7, 1)]
EXAMPLE = json.loads((Path(skilleco.__file__).parent / "examples" / "worker.json").read_text("utf-8"))

HOSTILE = (
    "x\n# heading\r\n<script>alert(1)</script> **b** [l](http://e.example) `c` | "
    "\x1b[31mred\x1b[0m \u2028\u2029\x85 \u202e end"
)
"""Line breaks of every kind, a Markdown heading, HTML, emphasis, a link, a code span, a table pipe,
ANSI colour codes and a right-to-left override."""
RAW = ("\r", "\x1b", "\x85", "\u2028", "\u2029", "\u202e")
"""Characters no output may hold (a line break only where the output puts one: lines are counted)."""


def _worker(wid: str, i: int) -> dict[str, Any]:
    w = json.loads(json.dumps(EXAMPLE))
    w["id"] = wid
    # Senior 4½ years before ON: ineligible for technician after 5 years, eligible after 4.
    w["certificates"][2]["issued_on"] = (ON - dt.timedelta(days=4 * 365 + 180 + i)).isoformat()
    return w


def _population(name: str, weight: float = 1.0) -> Population:
    pop = read_population([_worker(f"{name}{i}", i) for i in range(3)])
    groups = tuple({"region": f"{name}-region"} for _ in range(3))
    return Population(pop.kind, pop.subjects, pop.rows, (weight,) * 3, groups, (), "test")


def _chain(name: str) -> dict[str, Any]:
    lead = {"id": f"{name}-lead", "kind": "enterprise", "fraud_findings": [{"on": "2026-01-05"}]}
    return {"id": name, "lead_id": lead["id"], "members": [{"organisation": lead}]}


def _outputs(make: Any) -> list[tuple[str, str, str]]:
    """``(form, hostile output, benign output)`` for every text form of a value."""
    bad, good = make(HOSTILE), make("plain")
    out = [("html", bad._repr_html_(), good._repr_html_())]
    for lang in ("en", "zh"):
        out.append(("text", bad.text(lang), good.text(lang)))
        if hasattr(bad, "markdown"):
            out.append(("markdown", bad.markdown(lang), good.markdown(lang)))
    return out


def _comparison(name: str) -> Comparison:
    c = skilleco.compare(_population(name), "next_grade", baseline=GD, reform=REFORM, on=ON)
    return attrs.evolve(c, reform=attrs.evolve(c.reform, label=name))  # a reform label from outside


def _sweep(name: str) -> Sweep:
    s = skilleco.sweep(_population(name), "next_grade", parameter=PARAM, values=[4, 5], policy=GD, on=ON)
    return attrs.evolve(s, parameter=name, policy=attrs.evolve(s.policy, label=name))


VALUES = {
    "decision": lambda s: skilleco.assess_grade(_worker(s, 0), "technician", policy="gd-2025", on=ON),
    "profile": lambda s: skilleco.grade_profile(_worker(s, 0), policy="gd-2025", on=ON),
    "exit_report": lambda s: skilleco.check_exits(_chain(s), policy="gd-2025", on=ON),
    "editions": lambda s: skilleco.compare_editions(_chain(s), on=ON),
    "comparison": _comparison,
    "sweep": _sweep,
}


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_l2_ids_and_labels_show_as_text_in_every_form(kind: str) -> None:
    """L2: a hostile id adds no line, no heading, no link, no raw HTML and no control character."""
    for form, bad, good in _outputs(VALUES[kind]):
        assert len(bad.splitlines()) == len(good.splitlines()), (form, bad)
        assert not any(c in bad for c in RAW), (form, bad)
        assert form == "text" or "<script>" not in bad, form
        lines = bad.splitlines()
        assert not any(line.lstrip("-* ").startswith("#") for line in lines), (form, bad)
        if form == "markdown":
            assert re.search(r"(?<!\\)\]\(", bad) is None and "\\`c\\`" in bad  # no link, no code span
        if form == "html":
            assert "&lt;script&gt;" in bad
        if form != "html" and kind in ("decision", "comparison", "exit_report"):
            assert "\\n# heading" in bad.replace("\\\\n", "\\n"), form  # the line break shown, escaped


def test_l2_a_markdown_code_span_cannot_be_closed_by_its_content() -> None:
    """L2: a rule id with backticks and pipes stays inside its code span, in its table cell."""
    from skilleco.render.escape import md_code, md_text
    from skilleco.render.tables import Md, Table

    md = Table(["rule", "text"], [[Md(md_code("a`b|c")), "d|e*f*"]]).markdown_lines()
    assert md[2] == "| ``a`b\\|c`` | d\\|e\\*f\\* |"
    assert md_text("[x](http://e)") == "\\[x\\](http://e)" and md_text("gd-2025 [wait 4 years]").endswith(
        "s]"
    )


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_l6_every_to_dict_is_json_with_dates_in_the_reform() -> None:
    """L6: a reform whose value is a list of dates: every document's to_dict() is JSON, dates as ISO text."""
    reform = GD.with_changes({PARAM: 4, LIST_PARAM: DATES}, label="dates")
    pop = _population("w")
    c = skilleco.compare(pop, "next_grade", baseline=GD, reform=reform, on=ON, cost=True)
    s = skilleco.sweep(pop, "next_grade", parameter=LIST_PARAM, values=[DATES, DATES[:1]], policy=GD, on=ON)
    values = [
        c,
        s,
        skilleco.assess_grade(_worker("w", 0), "technician", policy=reform, on=ON),
        skilleco.grade_profile(_worker("w", 0), policy=reform, on=ON),
        skilleco.check_exits(_chain("c"), policy="gd-2025", on=ON),
        skilleco.compare_editions(_chain("c"), on=ON),
    ]
    for value in values:
        text = json.dumps(value.to_dict(), allow_nan=False)
        if hasattr(value, "to_json"):
            assert _strict_json(value.to_json()) == json.loads(text)
    changes = {r["parameter"]: r for r in c.to_dict()["changes"]}
    assert changes[LIST_PARAM]["reform"] == ["2026-01-01", "2027-07-01"]
    assert [p["value"] for p in s.to_dict()["points"]] == [["2026-01-01", "2027-07-01"], ["2026-01-01"]]
    assert "2026-01-01, 2027-07-01" in c.text()  # a list shown as its items


def test_m2_exact_sums_never_raise() -> None:
    """M2: math.fsum raises OverflowError on an intermediate overflow; the sums here do not."""
    with pytest.raises(OverflowError):
        math.fsum([1e308, 1e308, -1e308])
    assert exact_sum([1e308, 1e308, -1e308]) == 1e308
    assert exact_sum([1e308, 1e308]) == math.inf and exact_sum([-1e308, -1e308]) == -math.inf
    assert math.isnan(exact_sum([math.inf, -math.inf]))
    assert exact_sum([0.1] * 10) == 1.0
    total = Sum()
    for chunk in ([1e308], [1e308], [-1e308]):
        total.add(chunk)
    assert total.value == 1e308
    total.add([1e308, 1e308])
    assert total.value == math.inf


def _overflowing() -> tuple[Comparison, Sweep]:
    """A comparison and a sweep whose amounts went past the float range (built by hand: inputs are
    bounded on the way in, the output layer must hold on its own)."""
    c = skilleco.compare(_population("w"), "next_grade", baseline=GD, reform=REFORM, on=ON, cost=True)
    assert c.cost is not None
    huge = CostLine(
        by_grade=(("technician", 2.0, math.inf, 3.0, 1e308), ("senior", 1.0, 1e308, 1.0, math.nan)),
        baseline=math.inf,
        reform=math.nan,
        take_up=1.0,
        parameters=c.cost.parameters,
    )
    counts = tuple(attrs.evolve(k, baseline=math.inf, reform=1e308) for k in c.counts)
    flips = tuple(attrs.evolve(f, weight=1e308) for f in c.flips)
    c = attrs.evolve(c, cost=huge, counts=counts, flips=flips, total_weight=math.inf)
    s = skilleco.sweep(_population("w"), "next_grade", parameter=PARAM, values=[4, 5], policy=GD, on=ON)
    points = tuple(attrs.evolve(p, counts=dict.fromkeys(p.counts, math.inf), cost=math.nan) for p in s.points)
    return c, attrs.evolve(s, points=points, total_weight=math.inf)


def test_m2_amounts_past_the_float_range_render_and_write_valid_json() -> None:
    """M2: text, Markdown and HTML show ∞ (with a note) instead of raising; JSON writes null."""
    c, s = _overflowing()
    for value in (c, s):
        for lang in ("en", "zh"):
            assert "∞" in value.text(lang) and "∞" in value.markdown(lang)
        assert "∞" in value._repr_html_()
        data = _strict_json(value.to_json())
        assert data["total_weight"] is None
        json.dumps(value.to_dict(), allow_nan=False)
    assert "past the range of a 64-bit float" in c.text("en")
    doc = c.to_dict()
    assert doc["cost"]["baseline"] is None and doc["cost"]["by_grade"][0]["reform_yuan"] == 1e308
    assert {r["baseline"] for r in doc["counts"]} == {None}
    assert _strict_json(s.to_json())["points"][0]["cost"] is None


@pytest.mark.parametrize("engine", ["scalar", "columnar"])
def test_m2_weights_that_overflow_a_sum(engine: str) -> None:
    """M2: rows weighing 1e308 each: the counts overflow to ∞, the outputs still render and write JSON."""
    refused: InputError | None = None
    try:
        c = skilleco.compare(
            _population("w"),
            "next_grade",
            baseline=GD,
            reform=REFORM,
            on=ON,
            weights=[1e308] * 3,
            engine=engine,
        )
    except InputError as exc:  # bounded on the way in: as good
        refused = exc
    if refused is not None:
        assert refused.errors[0]["type"] == "bad_weights"
        return
    assert c.total_weight == math.inf
    assert "∞" in c.text() and "∞" in c.markdown() and "∞" in c._repr_html_()
    assert _strict_json(c.to_json())["total_weight"] is None


def test_m2_a_decision_never_writes_nan_or_infinity() -> None:
    """M2: a decision holding a number that is not finite refuses to be written (DecisionFormatError):
    null would read back as an unknown fact."""
    d = skilleco.assess_grade(_worker("w", 0), "technician", policy="gd-2025", on=ON)
    bad = attrs.evolve(d.findings[0], facts=(("x", math.inf),))
    broken = attrs.evolve(d, findings=(bad, *d.findings[1:]))
    for write in (broken.to_dict, broken.to_json):
        with pytest.raises(DecisionFormatError):
            write()
    assert Decision.from_json(d.to_json()) == d


def test_m2_charts_draw_amounts_past_the_float_range_as_missing() -> None:
    """M2: a chart of counts, flips or a sweep holding ∞ draws (the value as missing), never raises."""
    pytest.importorskip("matplotlib")
    c, s = _overflowing()
    c = attrs.evolve(
        c,
        counts=tuple(attrs.evolve(k, reform=math.inf) for k in c.counts),
        flips=tuple(attrs.evolve(f, weight=math.inf) for f in c.flips),
    )
    for figure in (c.plot(kind="counts"), c.plot(kind="flips"), s.plot()):
        assert figure is not None


def test_l2_the_escaping_examples_hold() -> None:
    """L2: the examples in skilleco.render.escape's docstring hold."""
    import doctest

    from skilleco.render import escape

    assert doctest.testmod(escape).failed == 0
