"""Hypothesis strategies for skilleco's input models, expression trees and fact mappings.

Install the ``testing`` extra (``pip install "skilleco[testing]"``) to use this module; the package
itself never imports it, so hypothesis stays a test-time dependency.

Every model strategy draws *valid* instances: ends never precede starts, a rank never exceeds the
number of entrants, certificates are at a certificate level (``junior`` … ``senior_technician``),
and every date lies between :data:`DEFAULT_MIN_DATE` and :data:`DEFAULT_MAX_DATE` unless you widen
the bounds (the models accept 1900-01-01 to 2100-12-31).

The hostile strategies (:func:`hostile_json`, :func:`hostile_text`, :func:`hostile_dates`,
:func:`json_texts`, :func:`mutated`) draw the opposite: input meant to break a function that trusts
it, for fuzzing (skilleco's own fuzz suite feeds them to every public function).

Example:
    >>> from hypothesis import given
    >>> import skilleco
    >>> from skilleco.testing import dates, workers
    >>> @given(workers(edition="t2023", complete=True), dates())
    ... def test_decides(worker, on):
    ...     d = skilleco.assess_grade(worker, "senior", policy="cn-2025", on=on)
    ...     assert d.status in ("eligible", "ineligible", "undetermined")
    >>> test_decides()
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import typing
from collections.abc import Mapping, Sequence
from typing import Literal, TypeAlias

from hypothesis import strategies as st
from pydantic import BaseModel

from .facts.value import Value
from .ladder import CERTIFICATE_GRADES, GRADES, GradeId, grade
from .models.dates import MAX_DATE, MIN_DATE
from .models.worker import (
    Apprenticeship,
    Certificate,
    CompetitionResult,
    Contribution,
    DirectRecognition,
    Education,
    Employer,
    Occupation,
    Post,
    PrepTechnicianCertificate,
    Title,
    Worker,
    WorkPeriod,
)
from .rules.expr import Expr, Fact, Lit, Op, Param

__all__ = [
    "COMPETITION_LEVELS",
    "DEFAULT_MAX_DATE",
    "DEFAULT_MIN_DATE",
    "OCCUPATION_CODES",
    "JSONValue",
    "apprenticeships",
    "certificates",
    "competition_results",
    "contributions",
    "dates",
    "direct_recognitions",
    "educations",
    "employers",
    "exprs",
    "fact_values",
    "hostile_dates",
    "hostile_json",
    "hostile_text",
    "json_texts",
    "kleene_values",
    "mutated",
    "occupations",
    "posts",
    "prep_technician_certificates",
    "titles",
    "work_periods",
    "worker_dicts",
    "workers",
]

JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None
"""A JSON-compatible value, as :func:`worker_dicts` produces."""

DEFAULT_MIN_DATE = _dt.date(1960, 1, 1)
"""The earliest date the strategies draw unless told otherwise."""

DEFAULT_MAX_DATE = _dt.date(2040, 12, 31)
"""The latest date the strategies draw unless told otherwise."""

OCCUPATION_CODES: tuple[str, ...] = ("6-18-02-04", "6-31-01-03", "4-07-05-01")
"""A few occupation codes, so that certificates often match the worker's occupation."""


def _literals(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The string literals a model field admits, read from its annotation (one source of truth)."""
    out: list[str] = []

    def visit(tp: object) -> None:
        if typing.get_origin(tp) is Literal:
            out.extend(a for a in typing.get_args(tp) if isinstance(a, str))
        else:
            for arg in typing.get_args(tp):
                visit(arg)

    visit(model.model_fields[field].annotation)
    return tuple(out)


COMPETITION_LEVELS: tuple[str, ...] = _literals(CompetitionResult, "level")
"""Every competition level a :class:`~skilleco.models.CompetitionResult` admits."""

_SCHOOL_KINDS = _literals(Education, "school_kind")
_CLASS_LEVELS = _literals(Education, "class_level")
_TRAINING_TARGETS = _literals(Education, "training_target")
_TITLE_LEVELS = _literals(Title, "level")
_AWARDS = _literals(CompetitionResult, "award")
_CONTRIBUTION_KINDS = _literals(Contribution, "kind")
_POST_KINDS = _literals(Post, "kind")
_ISSUER_KINDS = _literals(Certificate, "issuer_kind")
_CERT_KINDS = _literals(Certificate, "kind")
_CERT_LEVELS: tuple[GradeId, ...] = tuple(g.id for g in CERTIFICATE_GRADES)
_ALL_GRADES: tuple[GradeId, ...] = tuple(g.id for g in GRADES)

# Text fields are stripped and non-empty; no whitespace in the alphabet keeps drawn text valid.
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.焊工车钳电技师企业"
_WORDS = ("a", "b", "ab", "技师")


def _text() -> st.SearchStrategy[str]:
    return st.text(alphabet=_ALPHABET, min_size=1, max_size=16)


def _maybe(strategy: st.SearchStrategy[typing.Any]) -> st.SearchStrategy[typing.Any]:
    return st.one_of(st.none(), strategy)


def _bounds(min_date: _dt.date, max_date: _dt.date) -> tuple[_dt.date, _dt.date]:
    if not MIN_DATE <= min_date <= max_date <= MAX_DATE:
        raise ValueError(
            f"expected {MIN_DATE.isoformat()} <= min_date <= max_date <= {MAX_DATE.isoformat()}, "
            f"got min_date={min_date.isoformat()}, max_date={max_date.isoformat()}"
        )
    return min_date, max_date


def dates(
    min_value: _dt.date = DEFAULT_MIN_DATE, max_value: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[_dt.date]:
    """Dates the models accept, between ``min_value`` and ``max_value`` inclusive.

    Args:
        min_value: the earliest date (not before 1900-01-01).
        max_value: the latest date (not after 2100-12-31).

    Raises:
        ValueError: the bounds are out of order or outside what the models accept.
    """
    lo, hi = _bounds(min_value, max_value)
    return st.dates(min_value=lo, max_value=hi)


def kleene_values() -> st.SearchStrategy[bool | None]:
    """The three truth values of Kleene logic: ``True``, ``False`` and ``None`` (unknown)."""
    return st.sampled_from((True, False, None))


@st.composite
def _span(
    draw: st.DrawFn, lo: _dt.date, hi: _dt.date, open_ended: bool | None
) -> tuple[_dt.date, _dt.date | None]:
    start = draw(dates(lo, hi))
    is_open = draw(st.booleans()) if open_ended is None else open_ended
    return start, None if is_open else draw(dates(start, hi))


def _code(occupation_code: str | st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    if occupation_code is None:
        return st.sampled_from(OCCUPATION_CODES)
    if isinstance(occupation_code, str):
        return st.just(occupation_code)
    return occupation_code


def occupations(
    *,
    code: str | None = None,
    edition: Literal["t2018", "t2023"] | None = None,
    has_senior_technician: bool | None = None,
) -> st.SearchStrategy[Occupation]:
    """Occupations.

    Args:
        code: the occupation code; drawn from :data:`OCCUPATION_CODES` when left out.
        edition: the standard template (``t2018``/``t2023``); either when left out.
        has_senior_technician: fix the flag; left out, it is drawn from true, false and unknown.
    """
    editions: tuple[Literal["t2018", "t2023"], ...] = ("t2018", "t2023")
    return st.builds(
        Occupation,
        code=_code(code),
        name=_maybe(_text()),
        standard_edition=st.sampled_from(editions) if edition is None else st.just(edition),
        has_senior_technician=(
            kleene_values() if has_senior_technician is None else st.just(has_senior_technician)
        ),
    )


@st.composite
def work_periods(
    draw: st.DrawFn,
    *,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    open_ended: bool | None = None,
) -> WorkPeriod:
    """Work periods with ``end >= start``.

    Args:
        min_date: the earliest start.
        max_date: the latest start or end.
        open_ended: ``True`` for open periods only (still working), ``False`` for closed ones
            only; either when left out.
    """
    start, end = draw(_span(*_bounds(min_date, max_date), open_ended))
    return WorkPeriod(start=start, end=end)


@st.composite
def certificates(
    draw: st.DrawFn,
    *,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    levels: Sequence[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    dated: bool | None = None,
) -> Certificate:
    """Skill level certificates at a certificate level (``junior`` … ``senior_technician``).

    Args:
        occupation_code: the occupation (a code or a strategy of codes); drawn from
            :data:`OCCUPATION_CODES` when left out.
        levels: the grade ids to draw from; every certificate level when left out.
        min_date: the earliest issue date.
        max_date: the latest issue date.
        dated: ``True`` to always give an issue date, ``False`` never; either when left out.

    Raises:
        ValueError: a level that is not a certificate level.
    """
    choices = _CERT_LEVELS if levels is None else tuple(grade(v).id for v in levels)
    if not choices or any(c not in _CERT_LEVELS for c in choices):
        raise ValueError(f"expected certificate levels from {list(_CERT_LEVELS)}, got {levels!r}")
    lo, hi = _bounds(min_date, max_date)
    has_date = draw(st.booleans()) if dated is None else dated
    return Certificate(
        level=draw(st.sampled_from(choices)),
        occupation_code=draw(_code(occupation_code)),
        issued_on=draw(dates(lo, hi)) if has_date else None,
        issuer_kind=draw(_maybe(st.sampled_from(_ISSUER_KINDS))),
        kind=draw(st.sampled_from(_CERT_KINDS)),
    )


def prep_technician_certificates(
    *,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
) -> st.SearchStrategy[PrepTechnicianCertificate]:
    """Preparatory-technician certificates, dated or not.

    Args:
        occupation_code: the occupation (a code or a strategy of codes).
        min_date: the earliest issue date.
        max_date: the latest issue date.
    """
    return st.builds(
        PrepTechnicianCertificate,
        occupation_code=_code(occupation_code),
        issued_on=_maybe(dates(*_bounds(min_date, max_date))),
    )


@st.composite
def educations(
    draw: st.DrawFn,
    *,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    school_kinds: Sequence[str] | None = None,
    expected_only: bool = True,
) -> Education:
    """School records, with graduation and expected graduation never before enrolment.

    Args:
        min_date: the earliest date on the record.
        max_date: the latest date on the record.
        school_kinds: the school kinds to draw from; all when left out.
        expected_only: whether a record may give an expected graduation date without an actual
            one. Such a record counts as a current-year graduate only in the expected year, so its
            facts change with the calendar year; pass ``False`` where that would get in the way.
    """
    lo, hi = _bounds(min_date, max_date)
    enrolled = draw(_maybe(dates(lo, hi)))
    first = lo if enrolled is None else enrolled
    graduated = draw(_maybe(dates(first, hi)))
    expected = None
    if graduated is not None or expected_only:
        expected = draw(_maybe(dates(first, hi)))
    return Education(
        school_kind=draw(st.sampled_from(tuple(school_kinds or _SCHOOL_KINDS))),
        class_level=draw(_maybe(st.sampled_from(_CLASS_LEVELS))),
        specialty_match=draw(kleene_values()),
        assessed=draw(kleene_values()),
        training_target=draw(_maybe(st.sampled_from(_TRAINING_TARGETS))),
        enrolled_on=enrolled,
        graduated_on=graduated,
        expected_graduation=expected,
    )


def titles(
    *, min_date: _dt.date = DEFAULT_MIN_DATE, max_date: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[Title]:
    """Professional titles, dated or not, with a known or unknown specialty match.

    Args:
        min_date: the earliest date obtained.
        max_date: the latest date obtained.
    """
    return st.builds(
        Title,
        level=st.sampled_from(_TITLE_LEVELS),
        specialty_match=kleene_values(),
        obtained_on=_maybe(dates(*_bounds(min_date, max_date))),
    )


@st.composite
def competition_results(
    draw: st.DrawFn,
    *,
    levels: Sequence[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
) -> CompetitionResult:
    """Competition results, with ``rank <= entrants`` when both are given.

    Args:
        levels: the competition levels to draw from (see :data:`COMPETITION_LEVELS`); all when
            left out.
        min_date: the earliest result (and promotion) date.
        max_date: the latest result (and promotion) date.

    Raises:
        ValueError: an unknown competition level.
    """
    choices = COMPETITION_LEVELS if levels is None else tuple(levels)
    if not choices or any(c not in COMPETITION_LEVELS for c in choices):
        raise ValueError(f"expected competition levels from {list(COMPETITION_LEVELS)}, got {levels!r}")
    lo, hi = _bounds(min_date, max_date)
    on = draw(dates(lo, hi))
    entrants = draw(_maybe(st.integers(1, 10_000)))
    rank = draw(_maybe(st.integers(1, 1_000 if entrants is None else min(entrants, 1_000))))
    return CompetitionResult(
        level=draw(st.sampled_from(choices)),
        award=draw(_maybe(st.sampled_from(_AWARDS))),
        rank=rank,
        entrants=entrants,
        on=on,
        promoted_on=draw(_maybe(dates(on, hi))),
    )


def contributions(
    *, min_date: _dt.date = DEFAULT_MIN_DATE, max_date: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[Contribution]:
    """Records of exceptional contributions.

    Args:
        min_date: the earliest date.
        max_date: the latest date.
    """
    return st.builds(
        Contribution,
        kind=st.sampled_from(_CONTRIBUTION_KINDS),
        on=dates(*_bounds(min_date, max_date)),
    )


def direct_recognitions(
    *, min_date: _dt.date = DEFAULT_MIN_DATE, max_date: _dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[DirectRecognition]:
    """Direct recognitions by an enterprise, at any grade of the ladder.

    Args:
        min_date: the earliest date of recognition.
        max_date: the latest date of recognition.
    """
    return st.builds(
        DirectRecognition,
        grade=st.sampled_from(_ALL_GRADES),
        on=dates(*_bounds(min_date, max_date)),
        by=_text(),
        limits_waived=st.booleans(),
    )


@st.composite
def posts(
    draw: st.DrawFn,
    *,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    open_ended: bool | None = None,
) -> Post:
    """Enterprise posts with ``end >= start``.

    Args:
        min_date: the earliest start.
        max_date: the latest start or end.
        open_ended: ``True`` for posts still held, ``False`` for ended ones; either when left out.
    """
    start, end = draw(_span(*_bounds(min_date, max_date), open_ended))
    return Post(kind=draw(st.sampled_from(_POST_KINDS)), start=start, end=end)


@st.composite
def apprenticeships(
    draw: st.DrawFn,
    *,
    occupation_code: str | st.SearchStrategy[str] | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
) -> Apprenticeship:
    """Apprenticeships with ``end >= start`` and probation ending no earlier than the start.

    Args:
        occupation_code: the occupation (a code or a strategy of codes).
        min_date: the earliest start.
        max_date: the latest date on the record.
    """
    lo, hi = _bounds(min_date, max_date)
    start, end = draw(_span(lo, hi, None))
    wages = _maybe(st.floats(0, 100_000, allow_nan=False, allow_infinity=False))
    return Apprenticeship(
        occupation_code=draw(_code(occupation_code)),
        start=start,
        end=end,
        completed=draw(kleene_values()),
        probation_end=draw(_maybe(dates(start, hi))),
        special_case=draw(st.booleans()),
        monthly_wage=draw(wages),
        local_minimum_wage=draw(wages),
    )


def employers() -> st.SearchStrategy[Employer]:
    """Employers, each flag true, false or unknown."""
    return st.builds(
        Employer,
        name=_maybe(_text()),
        above_designated_size=kleene_values(),
        mainly_skilled_workforce=kleene_values(),
        appoints_special_technicians=kleene_values(),
    )


@st.composite
def workers(
    draw: st.DrawFn,
    *,
    occupation_code: str | None = None,
    edition: Literal["t2018", "t2023"] | None = None,
    complete: bool | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    until: _dt.date | None = None,
    expected_only: bool = True,
    competition_levels: Sequence[str] | None = None,
    max_records: int = 4,
) -> Worker:
    """Workers: every list field left out (not stated), empty, or holding a few valid records.

    Certificates, preparatory-technician certificates and apprenticeships are mostly in the
    worker's own occupation, so that routes which need them are often reached.

    Args:
        occupation_code: the occupation code; drawn from :data:`OCCUPATION_CODES` when left out.
        edition: the occupation's standard template; either when left out.
        complete: the ``records_complete`` flag; either when left out.
        min_date: the earliest date drawn.
        max_date: the latest date drawn.
        until: when given, every date on every record (starts, ends, issue dates, graduation,
            probation end, promotions) and the birth date fall on or before it; open periods and
            posts stay open. Facts then change after ``until`` by the passing of time alone.
        expected_only: passed to :func:`educations`.
        competition_levels: the competition levels to draw from; all when left out.
        max_records: the most records in each list.
    """
    lo, hi = _bounds(min_date, max_date)
    if until is not None:
        hi = min(hi, until)
        lo = min(lo, hi)
    occ = draw(occupations(code=occupation_code, edition=edition))
    # Mostly the worker's own occupation, sometimes another one (which must not count).
    codes = st.sampled_from((occ.code, occ.code, occ.code, "9-99-99-99"))

    def some(strategy: st.SearchStrategy[typing.Any]) -> typing.Any:
        return draw(_maybe(st.lists(strategy, max_size=max_records)))

    return Worker(
        id=draw(_text()),
        birth_date=draw(_maybe(dates(lo, hi))),
        occupation=occ,
        work_periods=some(work_periods(min_date=lo, max_date=hi)),
        certificates=some(certificates(occupation_code=codes, min_date=lo, max_date=hi)),
        prep_technician_certificates=some(
            prep_technician_certificates(occupation_code=codes, min_date=lo, max_date=hi)
        ),
        education=some(educations(min_date=lo, max_date=hi, expected_only=expected_only)),
        titles=some(titles(min_date=lo, max_date=hi)),
        competitions=some(competition_results(levels=competition_levels, min_date=lo, max_date=hi)),
        contributions=some(contributions(min_date=lo, max_date=hi)),
        direct_recognitions=some(direct_recognitions(min_date=lo, max_date=hi)),
        posts=some(posts(min_date=lo, max_date=hi)),
        apprenticeship=draw(_maybe(apprenticeships(occupation_code=codes, min_date=lo, max_date=hi))),
        employer=draw(_maybe(employers())),
        frontline=draw(kleene_values()),
        frontline_record=draw(kleene_values()),
        annual_appraisals_passed=draw(_maybe(st.integers(0, 10))),
        records_complete=draw(st.booleans()) if complete is None else complete,
    )


def _json_like(value: object) -> JSONValue:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _json_like(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_like(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"expected JSON-like data, got {type(value).__name__} {value!r}")


_SPELLINGS: dict[str, tuple[str | int, ...]] = {
    g.id: (g.id, g.label_zh, *((g.level_zh, g.certificate_level) if g.level_zh else ())) for g in GRADES
}


@st.composite
def worker_dicts(
    draw: st.DrawFn,
    *,
    occupation_code: str | None = None,
    edition: Literal["t2018", "t2023"] | None = None,
    complete: bool | None = None,
    min_date: _dt.date = DEFAULT_MIN_DATE,
    max_date: _dt.date = DEFAULT_MAX_DATE,
    until: _dt.date | None = None,
    grade_spellings: bool = True,
) -> dict[str, JSONValue]:
    """JSON-like worker dicts (dates as ISO text) that validate as :class:`~skilleco.models.Worker`.

    Fields that are unknown are sometimes left out and sometimes given as ``null``.

    Args:
        occupation_code: see :func:`workers`.
        edition: see :func:`workers`.
        complete: see :func:`workers`.
        min_date: see :func:`workers`.
        max_date: see :func:`workers`.
        until: see :func:`workers`.
        grade_spellings: whether to spell grades in the other accepted ways too (``三级``,
            ``高级工``, the certificate level ``3``), not only by id.
    """
    worker = draw(
        workers(
            occupation_code=occupation_code,
            edition=edition,
            complete=complete,
            min_date=min_date,
            max_date=max_date,
            until=until,
        )
    )
    data = worker.model_dump(exclude_none=draw(st.booleans()))
    if grade_spellings:
        for key, field in (("certificates", "level"), ("direct_recognitions", "grade")):
            for row in data.get(key) or ():
                row[field] = draw(st.sampled_from(_SPELLINGS[row[field]]))
    out = _json_like(data)
    assert isinstance(out, dict)  # a model dumps to a mapping
    return out


# --- expression trees and facts ------------------------------------------------------------------

_NUMERIC = ("int", "float")
_ORDER_OPS = (">=", ">", "<=", "<", "==", "!=")


class _Schema:
    """Names by type, for drawing well-typed trees."""

    def __init__(
        self, facts: Mapping[str, str], params: Mapping[str, str], *, float_literals: bool = False
    ) -> None:
        self.float_literals = float_literals

        def of(kinds: tuple[str, ...]) -> tuple[Expr, ...]:
            return (
                *(Fact(n) for n, t in facts.items() if t in kinds),
                *(Param(n) for n, t in params.items() if t in kinds),
            )

        self.bools = of(("bool",))
        self.numbers = of(_NUMERIC)
        self.dates = of(("date",))
        self.strs = of(("str",))


@st.composite
def _number_tree(draw: st.DrawFn, schema: _Schema, depth: int, arithmetic: bool) -> Expr:
    kinds = ["lit"]
    if schema.numbers:
        kinds.insert(0, "name")
    if schema.dates:
        kinds.append("years_since")
    if arithmetic and depth > 0:
        kinds += ["binary", "neg", "minmax"]
    kind = draw(st.sampled_from(kinds))
    if kind == "name":
        return draw(st.sampled_from(schema.numbers))
    if kind == "lit":
        if schema.float_literals:
            # Finite floats of any magnitude, as a policy text may spell them (0.00001).
            floats = st.floats(allow_nan=False, allow_infinity=False)
            return Lit(draw(st.one_of(st.integers(-20, 20), floats)))
        return Lit(draw(st.integers(-20, 20)))
    if kind == "years_since":
        return Op("years_since", (draw(st.sampled_from(schema.dates)),))
    sub = _number_tree(schema, depth - 1, arithmetic)
    if kind == "binary":
        return Op(draw(st.sampled_from(("+", "-", "*"))), (draw(sub), draw(sub)))
    if kind == "neg":
        return Op("neg", (draw(sub),))
    args = draw(st.lists(sub, min_size=1, max_size=3))
    return Op(draw(st.sampled_from(("min", "max"))), tuple(args))


@st.composite
def _bool_tree(draw: st.DrawFn, schema: _Schema, depth: int, arithmetic: bool) -> Expr:
    kinds = ["compare", "lit"]
    if schema.bools:
        kinds.insert(0, "name")
    if schema.strs:
        kinds.append("member")
    if depth > 0:
        kinds += ["not", "all_of", "any_of", "equal", "is_known"]
    kind = draw(st.sampled_from(kinds))
    numbers = _number_tree(schema, max(depth - 1, 0), arithmetic)
    sub = _bool_tree(schema, depth - 1, arithmetic)
    if kind == "name":
        return draw(st.sampled_from(schema.bools))
    if kind == "lit":
        return Lit(draw(st.booleans()))
    if kind == "compare":
        return Op(draw(st.sampled_from(_ORDER_OPS)), (draw(numbers), draw(numbers)))
    if kind == "member":
        pool = Lit(tuple(draw(st.lists(st.sampled_from(_WORDS), max_size=3))))
        item = draw(st.sampled_from(schema.strs))
        return Op(draw(st.sampled_from(("in", "not_in"))), (item, pool))
    if kind == "not":
        return Op("not", (draw(sub),))
    if kind in ("all_of", "any_of"):
        return Op(kind, tuple(draw(st.lists(sub, min_size=1, max_size=4))))
    if kind == "equal":
        return Op(draw(st.sampled_from(("==", "!="))), (draw(sub), draw(sub)))
    return Op("is_known", (draw(st.one_of(sub, numbers)),))


def exprs(
    facts: Mapping[str, str],
    *,
    params: Mapping[str, str] | None = None,
    max_depth: int = 4,
    arithmetic: bool = True,
    float_literals: bool = False,
) -> st.SearchStrategy[Expr]:
    """Well-typed boolean expression trees over a fact schema.

    Trees combine ``all_of``, ``any_of`` and ``not`` over boolean facts, literals, ``is_known``,
    comparisons of numbers (numeric facts and parameters, integer literals, ``years_since`` of a
    date fact, and, with ``arithmetic``, ``+ - * neg min max``), and ``in``/``not_in`` of a text
    fact in a list of text literals.

    Args:
        facts: fact name to type (``bool``, ``int``, ``float``, ``str``, ``date``), as in
            :data:`skilleco.facts.WORKER_FACTS`; names of other types are not used.
        params: parameter name to type, read as ``p.<name>``; none when left out.
        max_depth: the deepest nesting of operators.
        arithmetic: whether numbers may be computed, not only read.
        float_literals: whether number literals may also be finite floats (integers from -20 to
            20 otherwise).

    Raises:
        ValueError: a negative ``max_depth``.
    """
    if max_depth < 0:
        raise ValueError(f"expected max_depth >= 0, got {max_depth}")
    schema = _Schema(facts, params or {}, float_literals=float_literals)
    return _bool_tree(schema, max_depth, arithmetic)


def _value_of(kind: str) -> st.SearchStrategy[Value]:
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(-1_000, 1_000)
    if kind == "float":
        return st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    if kind == "str":
        return st.sampled_from(_WORDS)
    if kind == "date":
        return dates()
    raise ValueError(f"expected a fact type (bool, int, float, str, date), got {kind!r}")


def fact_values(facts: Mapping[str, str], *, unknown: bool = True) -> st.SearchStrategy[dict[str, Value]]:
    """Fact mappings for a schema: each fact a value of its type, or ``None`` (unknown).

    Args:
        facts: fact name to type (``bool``, ``int``, ``float``, ``str``, ``date``).
        unknown: whether facts may be unknown (``None``).

    Raises:
        ValueError: an unknown type.
    """
    return st.fixed_dictionaries(
        {name: (_maybe(_value_of(t)) if unknown else _value_of(t)) for name, t in facts.items()}
    )


# --- hostile input, for fuzzing ------------------------------------------------------------------------

_LONG = 10_000
_ODD_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u200d",  # zero-width joiner
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark
    "e\u0301",  # a combining accent
    "\U0001d518\U0001d52b",  # mathematical letters
    "\U0001f469\u200d\U0001f527",  # a joined emoji
    "\uffff",
    "\U0010ffff",
    "١٢٣",  # Arabic-Indic digits
    "２０２６-０１-０１",  # full-width digits
    "null",
    "NaN",
    "-Infinity",
    "true",
    "1e999",
    "-0",
    "[]",
    "{}",
    "1899-12-31",
    "1900-01-01",
    "2100-12-31",
    "2101-01-01",
    "0001-01-01",
    "9999-12-31",
    "2023-02-29",
    "2024-02-29",
    "2026-13-01",
    "2026年13月1日",
    "2026/1/1",
    "2026-01-01T00:00:00",
    "20260101",
    "senior",
    "三级",
    "apprentice",
    "cn-2025",
    "grade:technician",
)
_ODD_NUMBERS: tuple[int | float, ...] = (
    0,
    -1,
    1,
    2**31,
    -(2**31) - 1,
    2**63,
    -(2**63) - 1,
    2**64 + 1,
    10**30,
    -(10**30),
    0.0,
    -0.0,
    1e308,
    -1e308,
    5e-324,
    float("nan"),
    float("inf"),
    float("-inf"),
)


@functools.cache
def hostile_text() -> st.SearchStrategy[str]:
    """Text a careless or hostile caller might send: empty, very long, NUL, RTL marks, zero-width
    joiners, unusual code points (never lone surrogates, which UTF-8 cannot encode), date-like and
    number-like text, and every date limit's neighbours."""
    return st.one_of(
        st.sampled_from(_ODD_TEXTS),
        # Very long text, built from one character (drawing it would be slow).
        st.sampled_from(("x", "技", "\u202e", " ")).map(lambda c: c * _LONG),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=20),
    )


def _nested(depth: int, leaf: JSONValue, as_dict: bool) -> JSONValue:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


@functools.cache
def hostile_json(*, max_leaves: int = 8, max_depth: int = 100) -> st.SearchStrategy[JSONValue]:
    """JSON-like values meant to break a function that trusts its input.

    Leaves are ``None``, booleans, integers of any size (``10**5000`` included), floats (NaN and
    the infinities included) and :func:`hostile_text`; they nest in lists and in dicts with hostile
    keys, and sometimes in a single chain of lists or dicts up to ``max_depth`` deep. Cheap to draw:
    long text and deep nesting are built, not drawn character by character. (For nesting deeper
    than Python's recursion limit, use :func:`json_texts`: hypothesis cannot print such a value.)

    Args:
        max_leaves: the most leaves in a drawn tree.
        max_depth: the deepest single chain of nested lists or dicts.
    """
    leaves: st.SearchStrategy[JSONValue] = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(_ODD_NUMBERS),
        # More digits than Python prints or parses by default (built: hypothesis cannot print it).
        st.sampled_from((1, -1)).map(lambda sign: sign * 10**5_000),
        st.floats(),
        hostile_text(),
    )
    trees = st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(hostile_text(), children, max_size=4),
        ),
        max_leaves=max_leaves,
    )
    deep = st.builds(_nested, st.integers(1, max_depth), leaves, st.booleans())
    return st.one_of(trees, deep)


def hostile_dates() -> st.SearchStrategy[object]:
    """Values for a date argument: the day before and the day of each limit (1899-12-31, 1900-01-01,
    2100-12-31, 2101-01-01) as text and as dates, far dates, datetimes, impossible days, other
    spellings, and any :func:`hostile_json` value."""
    far = (_dt.date.min, _dt.date.max, _dt.date(1899, 12, 31), _dt.date(2101, 1, 1), MIN_DATE, MAX_DATE)
    return st.one_of(
        st.sampled_from(far),
        st.datetimes(),
        st.dates(),
        st.dates().map(_dt.date.isoformat),
        hostile_text(),
        hostile_json(max_leaves=3),
    )


def _dumps(value: object) -> str:
    try:
        # default=repr: a value that is already text as bytes goes in as a JSON string.
        return json.dumps(value, ensure_ascii=False, default=repr)
    except ValueError:  # an int too long to print: its digits are hostile text too
        return "9" * 5_000


def _deep_text(depth: int, as_object: bool) -> str:
    return ('{"a":' * depth + "1" + "}" * depth) if as_object else ("[" * depth + "]" * depth)


def json_texts(values: st.SearchStrategy[typing.Any] | None = None) -> st.SearchStrategy[str | bytes]:
    """JSON text and bytes of ``values`` (default :func:`hostile_json`, so also ``NaN`` and
    5,000-digit numbers), arrays and objects nested up to 100,000 deep, truncated JSON, text that is
    not JSON, and arbitrary bytes."""
    values = hostile_json() if values is None else values
    texts = values.map(_dumps)
    return st.one_of(
        texts,
        st.builds(_deep_text, st.integers(1, 100_000), st.booleans()),
        texts.map(lambda t: t.encode("utf-8")),
        st.tuples(texts, st.integers(0, 40)).map(lambda p: p[0][: p[1]]),
        hostile_text(),
        st.binary(max_size=40),
    )


_Path: TypeAlias = tuple[str | int, ...]


def _paths(value: object, prefix: _Path = ()) -> list[_Path]:
    """Every path to a node of ``value``, the root first."""
    out = [prefix]
    if isinstance(value, Mapping):
        for key, item in value.items():
            out += _paths(item, (*prefix, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


def _shallow(value: JSONValue) -> JSONValue:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


_ACTIONS = ("replace", "replace", "replace", "remove", "extend")


def _mutate(base: JSONValue, path: _Path, action: str, value: JSONValue, key: str) -> JSONValue:
    """``base`` (left as it is) with the node at ``path`` replaced, removed or extended.

    Only the containers on the path are copied; the rest is shared with ``base``.
    """
    node = base
    for step in path:
        node = node[step]  # type: ignore[index]  # a path found in this very value
    if action == "extend" and not isinstance(node, dict | list):
        action = "replace"  # a leaf has nothing to extend
    if not path and action != "extend":
        return value
    root = _shallow(base)
    parent = root
    for step in path if action == "extend" else path[:-1]:
        child = _shallow(parent[step])  # type: ignore[index]  # a path found in this very value
        parent[step] = child  # type: ignore[index]  # a key of this dict, an index of this list
        parent = child
    if action == "extend":
        if isinstance(parent, dict):
            parent[key] = value
        elif isinstance(parent, list):
            parent.append(value)
    elif action == "remove":
        del parent[path[-1]]  # type: ignore[arg-type, union-attr]  # a key or index of this node
    else:
        parent[path[-1]] = value  # type: ignore[index]  # a key of this dict, an index of this list
    return root


def _mutations(base: JSONValue, values: st.SearchStrategy[JSONValue]) -> st.SearchStrategy[JSONValue]:
    return st.builds(
        _mutate,
        st.just(base),
        st.sampled_from(_paths(base)),
        st.sampled_from(_ACTIONS),
        values,
        hostile_text(),
    )


def mutated(
    example: JSONValue | st.SearchStrategy[JSONValue],
    *,
    values: st.SearchStrategy[JSONValue] | None = None,
) -> st.SearchStrategy[JSONValue]:
    """``example`` (a valid JSON-like value, or a strategy of them) with one node changed.

    A node at a random path is replaced by a hostile value (a wrong type at any field), removed, or
    given a hostile extra entry (an unknown key, one more list item). This finds what fully random
    input rarely reaches: a field that holds the wrong type deep inside otherwise valid data.

    Args:
        example: the valid value, or a strategy drawing one (such as :func:`worker_dicts`).
        values: the replacement values (default :func:`hostile_json`).
    """
    values = hostile_json() if values is None else values
    if isinstance(example, st.SearchStrategy):
        return example.flatmap(lambda base: _mutations(base, values))
    return _mutations(example, values)
