"""The parts of a pipeline (:mod:`skilleco.whatif.pipeline_result`): one grade, one route, the
workers who move between two policies."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["GradePipeline", "Moved", "RoutePipeline", "grade_order"]


@attrs.frozen
class RoutePipeline:
    """The workers a route makes eligible for a grade when they first are, by each look.

    Attributes:
        rule_id: the route.
        eligible: the weighted workers first eligible for the grade by each look through this route
            (cumulative; a worker eligible through two routes counts under each).
    """

    rule_id: str
    eligible: tuple[float, ...]


@attrs.frozen
class GradePipeline:
    """One certificate grade of a pipeline.

    Attributes:
        grade: the grade id.
        candidate_rows: the workers for whom the grade is above the one held (and of their
            occupation).
        candidates: their weighted count.
        rows: the workers first eligible by each look (cumulative, one per look).
        eligible: their weighted count by each look.
        routes: per route, in the policy's rule order.
    """

    grade: str
    candidate_rows: int
    candidates: float
    rows: tuple[int, ...]
    eligible: tuple[float, ...]
    routes: tuple[RoutePipeline, ...] = ()


@attrs.frozen
class Moved:
    """The workers whose first eligibility for a grade moves between baseline and reform.

    Attributes:
        grade: the grade id.
        earlier_rows, earlier: workers eligible sooner under the reform (or only under it).
        later_rows, later: workers eligible later under the reform (or only under the baseline).
    """

    grade: str
    earlier_rows: int
    earlier: float
    later_rows: int
    later: float


def grade_order(grades: Iterable[str]) -> list[str]:
    """Grade ids up the ladder."""
    from ..ladder import grade

    return sorted(grades, key=lambda g: grade(g).rank)
