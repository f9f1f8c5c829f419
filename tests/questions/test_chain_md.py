"""chain.md is the source of truth: every rule id in its tables ships in its edition's pack with the
provenance tag chain.md gives it, and the Chinese quoted in a rule's row is in the rule's title.

The tables are read from shared/policy/chain.md itself (as test_grade_routes.py reads grades.md), so a
tag corrected there fails here until the pack follows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import skilleco

CHAIN_MD = Path(__file__).parents[3] / "shared/policy/chain.md"
RULE_ID = re.compile(r"`((?:lead|exit|dualcert)\.[a-z0-9_]+\.[a-z0-9_.]+)`")
TAG = re.compile(r"(text|secondary|modelled)\b")
QUOTE = re.compile(r'"([^"A-Za-z]*[\u4e00-\u9fff][^"A-Za-z]*)"')
"""A quotation in Chinese (no Latin letters): the policy's own words."""


def chain_md_lines() -> list[str]:
    if not CHAIN_MD.exists():
        pytest.skip(f"policy source of truth not found at {CHAIN_MD} (outside this checkout)")
    return CHAIN_MD.read_text(encoding="utf-8").splitlines()


def documented_rows() -> dict[str, tuple[str, dict[str, str]]]:
    """Rule id → (provenance as chain.md states it, the row's cells by column name).

    A heading may set the tag of its tables ("provenance `text` unless marked", "provenance
    `secondary`"; "provenance as marked" sets none), and so may prose ("must ship as data tagged
    `modelled`"); a table with a provenance column tags each row itself ("secondary (…)"), and a row
    may be marked "— `secondary`". A row saying "not encoded" is left out.
    """
    out: dict[str, tuple[str, dict[str, str]]] = {}
    default: str | None = None
    header: list[str] | None = None
    for line in chain_md_lines():
        if line.startswith("#"):
            m = re.search(r"provenance `(text|secondary|modelled)`", line)
            default, header = (m.group(1) if m else None), None
            continue
        if not line.startswith("|"):
            m = re.search(r"tagged `(text|secondary|modelled)`", line)
            default = m.group(1) if m else default
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        found = RULE_ID.fullmatch(cells[0])
        if found is None or "not encoded" in line:
            continue
        row = dict(zip(header, cells, strict=False))
        marked = re.search(r"—\s*`(text|secondary|modelled)`", line)
        if "provenance" in row:
            tag = TAG.match(row["provenance"])
            assert tag is not None, f"no provenance tag in {line!r}"
            provenance = tag.group(1)
        elif marked is not None:
            provenance = marked.group(1)
        else:
            assert default is not None, f"no provenance for {found.group(1)} in chain.md"
            provenance = default
        out[found.group(1)] = (provenance, row)
    return out


def policy_of(rule_id: str) -> str:
    """The edition a rule id belongs to: ``lead.sz2025.size`` → ``sz-2025``."""
    edition = rule_id.split(".")[1]
    m = re.fullmatch(r"([a-z]+)(\d{4})", edition)
    return f"{m.group(1)}-{m.group(2)}" if m else edition


def test_every_rule_of_chain_md_ships_with_the_provenance_chain_md_gives() -> None:
    """Each rule id of chain.md's tables is a rule of its edition's pack (a missing one fails too),
    tagged as chain.md tags it."""
    documented = {rid: tag for rid, (tag, _) in documented_rows().items()}
    assert len(documented) >= 30
    shipped = {}
    for rid in documented:
        rule = skilleco.load_policy(policy_of(rid)).rules.get(rid)
        shipped[rid] = "missing from the pack" if rule is None else rule.provenance
    assert shipped == documented


# The tags most easily misread, copied by hand from chain.md: a check on the table reader above.
SPOT_CHECK = {
    "lead.sz2025.size": "text",
    "lead.gd2022.national_platforms": "text",
    "lead.bj2024.applicant_kind": "secondary",
    "lead.bj2024.registered": "modelled",
    "lead.cn2025.enterprise_led": "secondary",
    "exit.gd2025.fraud": "modelled",
    "dualcert.bj2025.self_evaluation_registered": "secondary",
    "dualcert.bj2025.scope": "secondary",
    "dualcert.bj2025.chain_active": "modelled",
}


def test_the_table_reader_reads_the_tags_chain_md_gives() -> None:
    """The reader gives the hand-copied tags, so the comparison above compares the right things."""
    documented = {rid: tag for rid, (tag, _) in documented_rows().items()}
    assert {rid: documented[rid] for rid in SPOT_CHECK} == SPOT_CHECK


def test_chinese_quoted_in_a_rule_row_is_in_the_rules_title() -> None:
    """Where chain.md's rule cell quotes the policy in Chinese (lead.sz2025.size, lead.sz2025.profile,
    lead.bj2024.applicant_kind), the rule's Chinese title holds the quotation verbatim."""
    quoted = {
        rid: QUOTE.findall(row.get("rule", ""))
        for rid, (_, row) in documented_rows().items()
        if QUOTE.search(row.get("rule", ""))
    }
    assert {"lead.sz2025.size", "lead.sz2025.profile", "lead.bj2024.applicant_kind"} <= set(quoted)
    titles = {rid: skilleco.load_policy(policy_of(rid)).rule(rid).title_zh for rid in quoted}
    assert {rid: [q for q in qs if q not in titles[rid]] for rid, qs in quoted.items()} == {
        rid: [] for rid in quoted
    }
