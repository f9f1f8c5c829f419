"""Errors: one root, typed subclasses with codes, structured detail and did-you-mean."""

from __future__ import annotations

import pytest

import skilleco
from skilleco import exceptions as ex

W = {"id": "e", "occupation": {"code": "x"}, "records_complete": True, "birth_date": "2000-01-01"}


def test_hierarchy_matches_builtins() -> None:
    """Every concrete error derives from SkillecoError and the matching builtin."""
    assert issubclass(ex.InputError, ex.SkillecoError) and issubclass(ex.InputError, ValueError)
    assert issubclass(ex.UnknownPolicyError, LookupError)
    assert issubclass(ex.PolicyFileError, ValueError)
    assert issubclass(ex.ExpressionError, ex.PolicyFileError)
    codes = {c.code for c in vars(ex).values() if isinstance(c, type) and issubclass(c, ex.SkillecoError)}
    assert len(codes) == len(
        [c for c in vars(ex).values() if isinstance(c, type) and issubclass(c, ex.SkillecoError)]
    )


def test_unknown_policy_suggests_the_closest_id() -> None:
    """A misspelt policy id raises UnknownPolicyError with a suggestion."""
    with pytest.raises(ex.UnknownPolicyError) as info:
        skilleco.load_policy("cn-2052")
    assert info.value.code == "unknown_policy"
    assert info.value.suggestion == "cn-2025"
    assert "cn-2025" in info.value.known


def test_unknown_rule_and_parameter_suggest() -> None:
    """Unknown rule ids and parameter names raise typed errors with suggestions."""
    cn = skilleco.load_policy("cn-2025")
    with pytest.raises(ex.UnknownRuleError) as rule_info:
        cn.rule("grade.t2023.senior.after_intermediat")
    assert rule_info.value.suggestion == "grade.t2023.senior.after_intermediate"
    with pytest.raises(ex.UnknownParameterError) as param_info:
        cn.with_changes({"t2023.technician.after_senior_year": 4}, label="typo")
    assert param_info.value.suggestion == "t2023.technician.after_senior_years"


def test_unknown_field_is_rejected_with_its_path() -> None:
    """An unknown field is rejected, never ignored; the error keeps pydantic's detail."""
    with pytest.raises(ex.InputError) as info:
        skilleco.assess_grade(
            {**W, "certificates": [{"level": "senior", "occupation_code": "x", "isued_on": "2020-01-01"}]},
            "technician",
            policy="cn-2025",
            on="2026-01-01",
        )
    assert info.value.code == "invalid_input"
    assert info.value.model == "Worker"
    assert info.value.fields == ("certificates.0.isued_on",)
    assert info.value.errors[0]["type"] == "extra_forbidden"


def test_wrong_type_names_field_value_and_expectation() -> None:
    """A wrong type names the field and keeps the value that arrived."""
    with pytest.raises(ex.InputError) as info:
        skilleco.grade_profile({**W, "work_periods": "ten years"}, policy="cn-2025", on="2026-01-01")
    assert info.value.fields == ("work_periods",)
    assert info.value.errors[0]["input"] == "ten years"


def test_end_before_start_is_rejected() -> None:
    """A work period that ends before it starts is an input error at that period."""
    with pytest.raises(ex.InputError) as info:
        skilleco.grade_profile(
            {**W, "work_periods": [{"start": "2020-01-01", "end": "2019-01-01"}]},
            policy="cn-2025",
            on="2026-01-01",
        )
    assert info.value.fields == ("work_periods.0",)


@pytest.mark.parametrize("level", ["apprentice", "special_technician", "六级", 6, 0, "master"])
def test_certificate_level_must_be_a_certificate_grade(level: object) -> None:
    """Certificates exist only for 五级…一级; posts and unknown labels are rejected."""
    with pytest.raises(ex.InputError) as info:
        skilleco.grade_profile(
            {**W, "certificates": [{"level": level, "occupation_code": "x"}]},
            policy="cn-2025",
            on="2026-01-01",
        )
    assert info.value.fields == ("certificates.0.level",)


def test_unknown_target_is_an_input_error() -> None:
    """An unknown grade asked about names the argument."""
    with pytest.raises(ex.InputError) as info:
        skilleco.assess_grade(W, "grandmaster", policy="cn-2025", on="2026-01-01")
    assert info.value.fields == ("target",)


def test_apprentice_target_has_no_route() -> None:
    """Asking whether someone may apply to be an apprentice is misuse: it is an enterprise post."""
    with pytest.raises(ex.InputError) as info:
        skilleco.assess_grade(W, "apprentice", policy="cn-2025", on="2026-01-01")
    assert info.value.errors[0]["type"] == "no_route"


def test_json_text_input_is_validated() -> None:
    """JSON text is accepted and validated like a dict; broken JSON is an input error."""
    d = skilleco.assess_grade(
        '{"id": "j", "occupation": {"code": "x"}, "birth_date": "2000-01-01"}',
        "junior",
        policy="cn-2025",
        on="2026-01-01",
    )
    assert d.status == "eligible"
    with pytest.raises(ex.InputError):
        skilleco.assess_grade('{"id": ', "junior", policy="cn-2025", on="2026-01-01")


def test_a_no_is_a_decision_not_an_exception() -> None:
    """An ineligible worker gets a decision back."""
    d = skilleco.assess_grade({**W, "birth_date": "2015-01-01"}, "junior", policy="cn-2025", on="2026-01-01")
    assert d.status == "ineligible"


def test_policy_argument_of_wrong_type() -> None:
    """A policy that is neither an id nor a Policy raises UnknownPolicyError."""
    with pytest.raises(ex.UnknownPolicyError):
        skilleco.assess_grade(W, "junior", policy=42, on="2026-01-01")  # type: ignore[arg-type]  # misuse on purpose
