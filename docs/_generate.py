"""Regenerate the generated reference pages: `python docs/_generate.py`. Tests check they are current."""

from __future__ import annotations

from pathlib import Path

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


PAGES = {"reference/facts.md": facts_page}

if __name__ == "__main__":
    for name, make in PAGES.items():
        (HERE / name).write_text(make(), encoding="utf-8")
        print(f"wrote docs/{name}")
