"""Regional editions that add to the national ladder: Shandong bridging."""

from __future__ import annotations

import pytest

import skilleco

W = {
    "id": "sd",
    "records_complete": True,
    "occupation": {"code": "c"},
    "work_periods": [{"start": "2015-01-01"}],
    "certificates": [{"level": "senior", "occupation_code": "c", "issued_on": "2020-01-01"}],
}


@pytest.mark.parametrize(
    ("appraisals", "status"),
    [(3, "eligible"), (2, "ineligible"), (None, "undetermined")],
)
def test_shandong_needs_three_appraisals(appraisals: int | None, status: str) -> None:
    """bridge.title.sd.appraisals: Shandong adds the last three annual appraisals to bridge.title.assistant."""
    d = skilleco.assess_title_bridge(
        {**W, "annual_appraisals_passed": appraisals}, "assistant", policy="sd-2020", on="2026-01-01"
    )
    assert d.status == status
    assert d.rule_ids == ("bridge.title.assistant", "bridge.title.sd.appraisals")


def test_national_bridge_has_no_appraisal_rule() -> None:
    """bridge.title.assistant: nationally, two years of work since the senior certificate suffice."""
    d = skilleco.assess_title_bridge(W, "assistant", policy="cn-2025", on="2022-01-01")
    assert (d.status, d.rule_ids) == ("eligible", ("bridge.title.assistant",))
    short = skilleco.assess_title_bridge(W, "assistant", policy="cn-2025", on="2021-12-31")
    assert short.status == "ineligible"
    assert str(short.earliest_date) == "2022-01-01"


def test_unknown_title_is_an_input_error() -> None:
    """An unknown title names the argument and lists the known ones."""
    with pytest.raises(skilleco.InputError) as info:
        skilleco.assess_title_bridge(W, "professor", policy="cn-2025", on="2026-01-01")
    assert info.value.fields == ("title",)


def test_unhashable_target_is_an_input_error() -> None:
    """A target of the wrong type is an input error, not a TypeError."""
    with pytest.raises(skilleco.InputError):
        skilleco.assess_grade(W, [1], policy="cn-2025", on="2026-01-01")  # type: ignore[arg-type]  # misuse on purpose
