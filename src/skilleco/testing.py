"""Hypothesis strategies for skilleco's input models, expression trees and fact mappings.

Install the ``testing`` extra (``pip install "skilleco[testing]"``) to use this module; the package
itself never imports it, so hypothesis stays a test-time dependency.

Every model strategy draws *valid* instances: ends never precede starts, a rank never exceeds the
number of entrants, certificates are at a certificate level (``junior`` … ``senior_technician``),
and every date lies between :data:`DEFAULT_MIN_DATE` and :data:`DEFAULT_MAX_DATE` unless you widen
the bounds (the models accept 1900-01-01 to 2100-12-31).

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
import typing
from collections.abc import Mapping, Sequence
from typing import Literal, TypeAlias

from hypothesis import strategies as st
from pydantic import BaseModel

from ._dates import MAX_DATE, MIN_DATE
from ._expr import Expr, Fact, Lit, Op, Param, Value
from .ladder import CERTIFICATE_GRADES, GRADES, GradeId, grade
from .models import (
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
    "kleene_values",
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
