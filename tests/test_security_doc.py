"""SECURITY.md lists every limit (issue 15, "Done when": "SECURITY.md lists every limit and the most
work each input can cost"): a new limit cannot be added without its line there."""

from __future__ import annotations

from pathlib import Path

from skilleco.models.limits import LIMITS
from skilleco.population import columns, csv_rows, population, synthetic

SECURITY = (Path(__file__).resolve().parents[1] / "SECURITY.md").read_text(encoding="utf-8")


def test_every_pack_limit_is_listed() -> None:
    """Each constant of ``skilleco.models.limits.LIMITS`` is named in SECURITY.md."""
    missing = [name for name in LIMITS if f"`{name}`" not in SECURITY and f"{name}`" not in SECURITY]
    assert not missing


def test_every_population_limit_is_listed_with_its_value() -> None:
    """The population limits are named with their values (H1, H3, M2, L15)."""
    for name, value, shown in (
        ("MAX_CELL_CHARS", csv_rows.MAX_CELL_CHARS, "131,072"),
        ("MAX_PARTS", columns.MAX_PARTS, "16 dotted parts"),
        ("MAX_WEIGHT", population.MAX_WEIGHT, "10¹²"),
        ("MAX_SYNTHETIC", synthetic.MAX_SYNTHETIC, "100,000,000"),
    ):
        assert name in SECURITY and shown in SECURITY, (name, value)
    assert (csv_rows.MAX_CELL_CHARS, columns.MAX_PARTS, population.MAX_WEIGHT, synthetic.MAX_SYNTHETIC) == (
        131_072,
        16,
        1e12,
        100_000_000,
    )


def test_pipeline_limits_are_listed_with_their_values() -> None:
    """The pipeline's looks and the lead time (issue 17): a service taking them from users can cost
    up to 241 looks per policy, and SECURITY.md says so."""
    from skilleco.questions import career, pipeline

    assert "MAX_YEARS" in SECURITY and "MAX_LEAD_MONTHS" in SECURITY and "241 looks" in SECURITY
    assert len(pipeline.looks(years=pipeline.MAX_YEARS, step_months=1)) == 241
    assert (pipeline.MAX_YEARS, career.MAX_LEAD_MONTHS) == (20, 120)
