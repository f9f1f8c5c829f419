"""Regenerate the generated reference pages: `python docs/_generate.py`. Tests check they are current."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from skilleco import schema
from skilleco.facts import WORKER_FACTS

HERE = Path(__file__).resolve().parent


def facts_page() -> str:
    """docs/reference/facts.md, from the fact schema."""
    lines = [
        "# Facts",
        "",
        "The flat record rules read, derived from a worker as of a date "
        "(`skilleco.facts.worker_facts`). Unknown is `None`. Temporal facts grow with time alone "
        "and may stand behind an earliest date.",
        "",
        "This page is generated from `skilleco.facts.WORKER_FACTS` by `docs/_generate.py`; "
        "`tests/test_docs.py` checks it is current.",
        "",
        "| fact | type | temporal | meaning |",
        "|---|---|---|---|",
    ]
    for s in WORKER_FACTS.values():
        lines.append(f"| `{s.name}` | {s.type} | {'yes' if s.temporal else ''} | {s.description} |")
    return "\n".join(lines) + "\n"


def _schema(make: Callable[[], dict[str, object]]) -> Callable[[], str]:
    def page() -> str:
        return json.dumps(make(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    return page


PAGES: dict[str, Callable[[], str]] = {
    "reference/facts.md": facts_page,
    "reference/schemas/decision.schema.json": _schema(schema.decision_schema),
    "reference/schemas/exit_report.schema.json": _schema(schema.exit_report_schema),
    "reference/schemas/edition_comparison.schema.json": _schema(schema.edition_comparison_schema),
}

if __name__ == "__main__":
    for name, make in PAGES.items():
        (HERE / name).parent.mkdir(parents=True, exist_ok=True)
        (HERE / name).write_text(make(), encoding="utf-8")
        print(f"wrote docs/{name}")
