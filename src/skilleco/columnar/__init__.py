"""Columnar evaluation: a whole frame of facts at once, with Polars (the ``frames`` extra).

Two steps, each usable alone:

1. :func:`facts_frame` derives a frame of facts from a population in bulk (one row per subject:
   ``subject_id``, the fact columns of the question's schema — see ``docs/reference/facts.md`` —
   and ``weight`` and group columns), or you bring a frame that already holds fact columns;
   :func:`check_facts_frame` validates its columns and types up front.
2. :func:`evaluate` answers a question for every row: ``status``, ``deciding`` (the rule ids that
   decided: for grades, the routes that made the row eligible), ``missing_facts``, and one
   ``rule:<id>`` column per rule (``yes``/``no``/``unknown``; ``null`` where the row's rule set has
   no such rule).

It agrees with the scalar path row for row (a property test checks every question). Facts are
derived as of a date: evaluate on the date the frame was derived for.

Example:
    >>> import datetime
    >>> from skilleco import columnar
    >>> from skilleco.population import synthetic
    >>> on = datetime.date(2026, 11, 21)
    >>> frame = columnar.facts_frame(synthetic.workers(50, seed=1, on=on), "next_grade", on=on)
    >>> out = columnar.evaluate(frame, "next_grade", policy="gd-2025", on=on)
    >>> out.height, sorted(set(out["status"]))[:2]
    (50, ['eligible', 'ineligible'])
"""

from __future__ import annotations

from .evaluation import evaluate
from .frames import check_facts_frame, facts_frame, frame_editions, required_facts

__all__ = [
    "check_facts_frame",
    "evaluate",
    "facts_frame",
    "frame_editions",
    "required_facts",
]
