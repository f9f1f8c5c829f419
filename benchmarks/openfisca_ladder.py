"""An OpenFisca tax-benefit system for the next grade, generated from a skilleco policy.

Benchmark code only (issues 5 and 14), run in the OpenFisca venv (see
``benchmarks/race_openfisca.py``); the test suite never imports it.

What it encodes, as real OpenFisca variables computed by a ``Simulation``:

- An entity ``person``. One input variable per fact the next-grade rule sets read (the columns of
  :func:`skilleco.columnar.required_facts`): booleans, ints, dates (``datetime64[D]``) and the
  occupation's standard edition (an OpenFisca ``Enum``). OpenFisca has no null, so each fact also
  has a ``<fact>_known`` boolean input, ``True`` unless set: the null mask of the fact.
- A parameter tree with every parameter the rules read and its whole timeline (a parameter unset
  on a date is left out there, so OpenFisca reports it not found, and the formulas read that as
  unknown).
- One variable per (rule set, route): the route's three-valued (Kleene) value as an int code —
  0 no, 1 unknown, 2 yes — computed by walking the rule's condition tree (the same tree skilleco
  parsed from the ``when`` text, with its ranged thresholds): values as ``(value, known)`` numpy
  arrays, conditions as int8 codes (and: minimum, or: maximum, not: 2 minus the code). The
  exceptional routes are members of every grade's set and read ``target_rank``, so each set has its
  own copy with the set's rank fixed.
- ``years_since__<date fact>``: full years to the period's day (29 February's anniversary is 28
  February), shared by the routes that read the same date (OpenFisca caches it).
- Per rule set, ``status__<set>`` (a code of :data:`STATUSES`) and ``deciding__<set>``, a bit mask
  over the set's routes in the order the engine lists them: for ``any_route`` the routes that hold,
  else the unknown ones, else all of them; for ``all_of`` the required rules that fail, else the
  unknown ones, else the in-principle ones that fail, else all.
- The current grade as skilleco counts it (certificate, post and a direct recognition the policy's
  own rule accepts), ``next_grade`` (the rank asked about: the first grade above the held one, no
  apprentice post, nothing above technician where the occupation has no 高级技师 level),
  ``next_grade_ruleset`` (an index into :attr:`LadderSystem.ruleset_ids`, -1 for none),
  ``next_grade_status``, ``next_grade_deciding`` and ``next_grade_eligible``.

:func:`outcome` reads the three ``next_grade_*`` outputs and decodes them per row: the status as
text and the deciding routes as a tuple of rule ids (one table lookup per row).

Example (in the OpenFisca venv)::

    system = LadderSystem("gd-2025")
    sim = build_simulation(system, input_arrays(frame, system), on=datetime.date(2026, 11, 21))
    status, deciding = outcome(system, sim, datetime.date(2026, 11, 21))
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from typing import Any, NamedTuple

import numpy as np
import polars as pl
from openfisca_core.entities import build_entity
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DAY
from openfisca_core.periods import period as as_period
from openfisca_core.simulations import Simulation, SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from skilleco.columnar import required_facts
from skilleco.ladder import GRADES
from skilleco.policy import Policy, load_policy
from skilleco.policy.policy import SCHEMAS
from skilleco.rules.expr import Fact, Lit, Op, Param, walk  # the parsed condition trees

__all__ = [
    "STATUSES",
    "LadderSystem",
    "Person",
    "build_simulation",
    "full_years",
    "input_arrays",
    "outcome",
]

Person = build_entity("person", "persons", "A skilled worker", is_person=True)

DIRECT_RECOGNITION = "grade.exceptional.direct_recognition"
TOP = len(GRADES)
RANKS = {g.id: g.rank for g in GRADES}
EPOCH = _dt.date(1970, 1, 1)  # OpenFisca's default date: the value of an unknown date
STATUSES = ("not_applicable", "ineligible", "undetermined", "eligible", "review")
"""The status codes of ``status__<set>`` and ``next_grade_status``, by index (skilleco's labels)."""
NOT_APPLICABLE, INELIGIBLE, UNDETERMINED, ELIGIBLE, REVIEW = range(len(STATUSES))
NO, UNKNOWN, YES = 0, 1, 2  # a route's Kleene code
_TYPES: dict[str, type] = {"bool": bool, "int": int, "date": _dt.date}
_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    ">=": np.greater_equal,
    ">": np.greater,
    "<=": np.less_equal,
    "<": np.less,
    "==": np.equal,
    "!=": np.not_equal,
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
}

Pair = tuple[Any, Any]  # (value, known): numpy arrays or scalars; the value means nothing where unknown


def _ident(text: str) -> str:
    return text.replace(".", "_")


# --- Kleene evaluation of a condition tree over (value, known) arrays --------------------------------


def _param(parameters: Any, name: str) -> Pair:
    try:
        value = reduce(getattr, name.split("."), parameters)
    except ParameterNotFoundError:  # unset on this date: unknown, as skilleco's None
        return 0, False
    return value, True


_COMPARISONS = frozenset({">=", ">", "<=", "<", "==", "!="})
_CONDITIONS = _COMPARISONS | {"all_of", "any_of", "not", "is_known"}


def _value(node: Any, person: Any, period: Any, parameters: Any, fixed: Mapping[str, Pair]) -> Pair:
    """A value node's (value, known): facts (with their null masks), parameters, literals, arithmetic.
    ``fixed`` gives facts that are not inputs (``target_rank``)."""
    if isinstance(node, Fact):
        if node.name in fixed:
            return fixed[node.name]
        return person(node.name, period), person(f"{node.name}_known", period)
    if isinstance(node, Param):
        return _param(parameters(period), node.name)
    if isinstance(node, Lit):
        return node.value, True
    op, args = node.op, node.args
    if op == "years_since" and isinstance(args[0], Fact) and args[0].name not in fixed:
        name = args[0].name
        return person(f"years_since__{name}", period), person(f"{name}_known", period)
    if op == "rank" and isinstance(args[0], Lit):
        return RANKS[str(args[0].value)], True
    if op in _BINARY and op not in _COMPARISONS:
        (a, ka), (b, kb) = (_value(x, person, period, parameters, fixed) for x in args)
        return _BINARY[op](a, b), np.logical_and(ka, kb)
    raise NotImplementedError(f"operator {op!r} is not encoded for OpenFisca in this benchmark")


def _truth(node: Any, person: Any, period: Any, parameters: Any, fixed: Mapping[str, Pair]) -> Any:
    """A condition's Kleene code per person (int8: 0 no, 1 unknown, 2 yes): "and" is the minimum,
    "or" the maximum, "not" is 2 minus the code; a comparison is unknown where an operand is."""
    if not isinstance(node, Op) or node.op not in _CONDITIONS:  # a yes/no fact, parameter or literal
        return _code(*_value(node, person, period, parameters, fixed))
    op, args = node.op, node.args
    if op in ("all_of", "any_of"):
        codes = [_truth(a, person, period, parameters, fixed) for a in args]
        return reduce(np.minimum if op == "all_of" else np.maximum, codes)
    if op == "not":
        return np.int8(YES) - _truth(args[0], person, period, parameters, fixed)
    if op == "is_known":
        return _code(_value(args[0], person, period, parameters, fixed)[1], True)
    (a, ka), (b, kb) = (_value(x, person, period, parameters, fixed) for x in args)
    return _code(_BINARY[op](a, b), np.logical_and(ka, kb))


def _code(value: Any, known: Any) -> Any:
    """The Kleene code of a (value, known) pair of booleans: 2 yes, 1 unknown, 0 no (int8)."""
    code = np.asarray(value, dtype=bool).view(np.int8) << np.int8(1)
    if known is True or np.all(known):  # most facts have no unknowns: their mask is all true
        return code
    return np.where(known, code, np.int8(UNKNOWN))


def _route_code(code: Any, count: int) -> np.ndarray:
    return (
        np.broadcast_to(np.asarray(code, dtype=np.int32), (count,)).copy()
        if np.ndim(code) == 0
        else code.astype(np.int32)
    )


def full_years(dates: np.ndarray, on: _dt.date) -> np.ndarray:
    """Full years from each date to ``on``, as skilleco's ``_time.full_years`` (29 Feb → 28 Feb).

    Worked out once per distinct day in the dates' range and looked up: a million dates span a few
    tens of thousands of days, and numpy's calendar conversions are the slow part.
    """
    days = dates.astype("datetime64[D]").view(np.int64)
    if days.size == 0:
        return np.zeros(0, dtype=np.int32)
    low, high = int(days.min()), int(days.max())
    table = _full_years(np.arange(low, high + 1).astype("datetime64[D]"), on)
    return table[days - low]


def _full_years(dates: np.ndarray, on: _dt.date) -> np.ndarray:
    years = dates.astype("datetime64[Y]")
    months = dates.astype("datetime64[M]")
    year = years.astype(np.int64) + 1970
    month = (months - years).astype(np.int64) + 1
    day = (dates - months).astype(np.int64) + 1
    leap = on.year % 4 == 0 and (on.year % 100 != 0 or on.year % 400 == 0)
    if not leap:
        day = np.where((month == 2) & (day == 29), 28, day)
    before = (on.month < month) | ((on.month == month) & (on.day < day))
    return (on.year - year - before).astype(np.int32)


# --- the system ----------------------------------------------------------------------------------------


def _variable(name: str, value_type: type, label: str, **body: Any) -> type[Variable]:
    attrs = {"value_type": value_type, "entity": Person, "definition_period": DAY, "label": label, **body}
    return type(name, (Variable,), attrs)


def _parameter_data(policy: Policy, names: set[str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for name in sorted(names):
        p = policy.parameters[name]
        *path, leaf = name.split(".")
        node = reduce(lambda d, k: d.setdefault(k, {}), path, tree)
        values = {d.isoformat(): {"value": v} for d, v in p.timeline.entries}
        node[leaf] = {"description": p.description or name, "values": values}
    return tree


class RuleSet(NamedTuple):
    """One rule set as encoded: its edition (``None`` for posts), the grade rank it answers, its hit
    policy, its route variables and their rule ids in the engine's deciding order, and the strength
    of each (``required`` / ``in_principle``)."""

    edition: str | None
    rank: int
    hit: str
    routes: tuple[str, ...]
    rule_ids: tuple[str, ...]
    strengths: tuple[str, ...]


class LadderSystem(TaxBenefitSystem):  # type: ignore[misc]  # OpenFisca ships no type hints here
    """The next-grade routes of a skilleco policy as an OpenFisca tax-benefit system.

    Attributes:
        policy: the skilleco policy encoded.
        facts: the input facts and their skilleco types (``bool``, ``int``, ``date``, ``str``).
        rulesets: per rule set id, its :class:`RuleSet`.
        ruleset_ids: the rule sets in the order ``next_grade_ruleset`` indexes them.
        deciding_table: per ``(next_grade_ruleset + 1) << deciding_bits | next_grade_deciding``,
            the deciding rule ids as a tuple (built once, like skilleco's ``deciding`` categories).
    """

    def __init__(self, policy: str | Policy = "gd-2025") -> None:
        super().__init__([Person])
        self._parameters_at_instant_cache: dict[Any, Any] = {}  # OpenFisca's default is class-wide
        self.policy = pol = load_policy(policy)
        if pol.occupations:
            raise NotImplementedError("per-occupation overrides are not encoded in this benchmark")
        specs = SCHEMAS["worker"]
        editions = sorted({s.split(".")[1] for s in pol.rulesets if s.startswith("grade.t")})
        # The facts of the templates encoded here (the legacy template's routes are not).
        self.facts = {
            n: specs[n].type for n in required_facts("next_grade", policy=pol, editions=frozenset(editions))
        }
        self.edition = Enum("Edition", [(e, e) for e in editions])
        self.rulesets: dict[str, RuleSet] = {}
        variables: list[type[Variable]] = []
        params: set[str] = set()
        for g in GRADES:
            if g.id == "apprentice":
                continue
            eds: list[str | None] = [None] if g.kind == "post" else list(editions)
            for edition in eds:
                sid = f"post.{g.id}" if edition is None else f"grade.{edition}.{g.id}"
                if sid not in pol.rulesets:
                    continue
                hit = pol.ruleset(sid).hit
                if hit not in ("any_route", "all_of"):
                    raise NotImplementedError(f"{sid}: hit policy {hit!r} is not encoded in this benchmark")
                rules = _deciding_order(pol.members(sid), hit)
                names = []
                for r in rules:
                    if r.guards or r.role != "rule":
                        raise NotImplementedError(f"{r.id}: guard rules are not encoded in this benchmark")
                    params |= {n.name for n in walk(r.condition) if isinstance(n, Param)}
                    short = r.id.removeprefix(sid + ".").removeprefix("grade.")
                    names.append(f"route__{_ident(sid)}__{_ident(short)}")
                    variables.append(self._route(names[-1], r, g.rank))
                info = RuleSet(
                    edition,
                    g.rank,
                    hit,
                    tuple(names),
                    tuple(r.id for r in rules),
                    tuple(r.strength for r in rules),
                )
                self.rulesets[sid] = info
                variables += self._ruleset(sid, info)
        self.ruleset_ids = tuple(self.rulesets)
        self.deciding_bits = max(len(info.routes) for info in self.rulesets.values())
        self.deciding_table = self._deciding_table()
        recognition = pol.rules.get(DIRECT_RECOGNITION)
        if recognition is not None:
            params |= {n.name for n in walk(recognition.condition) if isinstance(n, Param)}
        self.parameters = ParameterNode("", data=_parameter_data(pol, params))
        variables += self._inputs()
        variables += self._ranks(recognition)
        variables += self._next_grade()
        self.add_variables(*variables)

    # inputs ----------------------------------------------------------------------------------------

    def _inputs(self) -> list[type[Variable]]:
        out = []
        for name, kind in self.facts.items():
            if kind == "str":  # the occupation's standard edition, the only text fact read
                first = next(iter(self.edition))
                out.append(_variable(name, Enum, name, possible_values=self.edition, default_value=first))
            else:
                out.append(_variable(name, _TYPES[kind], name))
            out.append(_variable(f"{name}_known", bool, f"{name} is known", default_value=True))
            if kind == "date":
                out.append(
                    _variable(
                        f"years_since__{name}", int, f"full years since {name}", formula=_years_since(name)
                    )
                )
        return out

    # routes and rule sets --------------------------------------------------------------------------

    def _route(self, name: str, rule: Any, target_rank: int) -> type[Variable]:
        condition = rule.condition
        fixed = {"target_rank": (target_rank, True)}

        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            return _route_code(_truth(condition, person, period, parameters, fixed), person.count)

        return _variable(name, int, f"{rule.id}: 0 no, 1 unknown, 2 yes", formula=formula)

    def _ruleset(self, sid: str, info: RuleSet) -> list[type[Variable]]:
        """``status__<set>`` and ``deciding__<set>``: the hit policy (skilleco's ``_engine.combine``)."""
        routes, bits = info.routes, [1 << i for i in range(len(info.routes))]
        every = sum(bits)
        ident = _ident(sid)

        if info.hit == "any_route":

            def status(person: Any, period: Any) -> np.ndarray:
                # Kleene "any" is the largest code: yes, else unknown, else no.
                return reduce(np.maximum, [person(r, period) for r in routes]) + INELIGIBLE

            def deciding(person: Any, period: Any) -> np.ndarray:
                # The routes whose code is the largest: those that hold, else the unknown ones, else all.
                top = person(f"status__{ident}", period) - INELIGIBLE
                mask = np.zeros(person.count, dtype=np.int32)
                for r, b in zip(routes, bits, strict=True):
                    mask += (person(r, period) == top) * np.int32(b)
                return mask

        else:  # all_of: required rules must hold; in-principle ones that fail leave it for review
            req = [i for i, s in enumerate(info.strengths) if s == "required"]
            soft = [i for i, s in enumerate(info.strengths) if s == "in_principle"]

            def masks(person: Any, period: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
                codes = [person(r, period) for r in routes]
                zero = np.zeros(person.count, dtype=np.int32)

                def mask(at: list[int], code: int) -> np.ndarray:
                    return reduce(np.add, [(codes[i] == code) * np.int32(bits[i]) for i in at], zero)

                return mask(req, NO), mask(req + soft, UNKNOWN), mask(soft, NO)

            def status(person: Any, period: Any) -> np.ndarray:
                fails, open_, doubt = masks(person, period)
                return np.select(
                    [fails > 0, open_ > 0, doubt > 0], [INELIGIBLE, UNDETERMINED, REVIEW], ELIGIBLE
                )

            def deciding(person: Any, period: Any) -> np.ndarray:
                fails, open_, doubt = masks(person, period)
                every_ = sum(bits[i] for i in req + soft) if req or soft else every
                return np.select([fails > 0, open_ > 0, doubt > 0], [fails, open_, doubt], every_)

        return [
            _variable(f"status__{ident}", int, f"status under {sid} (STATUSES)", formula=status),
            _variable(f"deciding__{ident}", int, f"deciding routes of {sid} (bit mask)", formula=deciding),
        ]

    def _deciding_table(self) -> np.ndarray:
        bits = self.deciding_bits
        table = np.empty((len(self.ruleset_ids) + 1) << bits, dtype=object)
        table[:] = [()] * len(table)
        for k, sid in enumerate(self.ruleset_ids, start=1):
            ids = self.rulesets[sid].rule_ids
            for mask in range(1 << len(ids)):
                table[(k << bits) | mask] = tuple(r for i, r in enumerate(ids) if mask >> i & 1)
        return table

    # the current grade and the next ----------------------------------------------------------------

    def _ranks(self, recognition: Any) -> list[type[Variable]]:
        def parts(person: Any, period: Any, parameters: Any) -> list[Pair]:
            """As skilleco's rank_parts: certificate, post, and direct recognitions the rule accepts."""
            out = [
                (person("cert_rank", period), person("cert_rank_known", period)),
                (person("post_rank", period), person("post_rank_known", period)),
            ]
            if recognition is None:
                return out
            for col in ("direct_recognition_rank", "direct_recognition_waived_rank"):
                rank, known = person(col, period), person(f"{col}_known", period)
                fixed = {"target_rank": (rank, known)}
                code = _truth(recognition.condition, person, period, parameters, fixed)
                valid, valid_known = code == YES, code != UNKNOWN
                none = rank <= 0  # not a part at all
                value = np.where(none, -1, np.where(np.logical_and(valid, valid_known), rank, 0))
                out.append((value, known & (none | valid_known)))
            return out

        def highest_known(person: Any, period: Any, parameters: Any) -> np.ndarray:
            ps = parts(person, period, parameters)
            return reduce(np.maximum, [np.where(k, v, -1) for v, k in ps])

        def all_known(person: Any, period: Any, parameters: Any) -> np.ndarray:
            return reduce(
                np.logical_and,
                [np.broadcast_to(k, (person.count,)) for _, k in parts(person, period, parameters)],
            )

        def current_rank(person: Any, period: Any) -> np.ndarray:
            return person("highest_known_rank", period)

        def current_known(person: Any, period: Any) -> np.ndarray:
            top = person("highest_known_rank", period) == TOP
            return person("rank_parts_known", period) | top

        def held(person: Any, period: Any) -> np.ndarray:
            return np.maximum(person("highest_known_rank", period), 0)

        firsts = {
            has_top: np.array([_first_target(r, has_top) for r in range(TOP + 1)], dtype=np.int32)
            for has_top in (True, False)
        }

        def next_grade(person: Any, period: Any) -> np.ndarray:
            rank = person("held_rank", period)
            has = person("occupation_has_senior_technician", period)
            has_top = has | ~person("occupation_has_senior_technician_known", period)
            return np.where(has_top, firsts[True][rank], firsts[False][rank])

        return [
            _variable("highest_known_rank", int, "highest known part of the grade", formula=highest_known),
            _variable("rank_parts_known", bool, "every part of the grade known", formula=all_known),
            _variable("current_rank", int, "current grade rank", formula=current_rank),
            _variable("current_rank_known", bool, "current grade rank known", formula=current_known),
            _variable("held_rank", int, "grade rank held (highest known part, 0 for none)", formula=held),
            _variable("next_grade", int, "rank of the grade asked about (0: none)", formula=next_grade),
        ]

    def _next_grade(self) -> list[type[Variable]]:
        sets = list(self.rulesets.items())
        edition = self.edition

        def ruleset(person: Any, period: Any) -> np.ndarray:
            target = person("next_grade", period)
            ed = person("occupation_edition", period)
            ed_known = person("occupation_edition_known", period)
            conditions = []
            for _, info in sets:
                cond = target == info.rank
                if info.edition is not None:
                    cond = cond & (ed == edition[info.edition]) & ed_known
                conditions.append(cond)
            return np.select(conditions, range(len(sets)), -1)

        def pick(prefix: str, default: int) -> Callable[[Any, Any], np.ndarray]:
            def formula(person: Any, period: Any) -> np.ndarray:
                at = person("next_grade_ruleset", period)
                values = [person(f"{prefix}__{_ident(sid)}", period) for sid, _ in sets]
                return np.select([at == i for i in range(len(sets))], values, default)

            return formula

        def eligible(person: Any, period: Any) -> np.ndarray:
            return person("next_grade_status", period) == ELIGIBLE

        return [
            _variable(
                "next_grade_ruleset", int, "rule set answering the next grade (-1: none)", formula=ruleset
            ),
            _variable(
                "next_grade_status", int, "status of the next grade (STATUSES)", formula=pick("status", 0)
            ),
            _variable("next_grade_deciding", int, "deciding routes (bit mask)", formula=pick("deciding", 0)),
            _variable("next_grade_eligible", bool, "eligible to apply for the next grade", formula=eligible),
        ]


def _deciding_order(rules: Sequence[Any], hit: str) -> list[Any]:
    """The engine lists deciding rules in rule order, except all-of: required ones, then in-principle."""
    if hit != "all_of":
        return list(rules)
    req = [r for r in rules if r.strength == "required"]
    soft = [r for r in rules if r.strength == "in_principle"]
    return [*req, *soft, *(r for r in rules if r not in req and r not in soft)]


def _years_since(name: str) -> Callable[[Any, Any], np.ndarray]:
    def formula(person: Any, period: Any) -> np.ndarray:
        return full_years(person(name, period), period.start.date)

    return formula


def _first_target(rank: int, has_top: bool) -> int:
    """The grade asked about above ``rank`` (0: none): no apprentice post; levels 6-8 only where
    the occupation has a 高级技师 level (cpc-2022-58 §11)."""
    for g in GRADES[rank:]:
        if g.id == "apprentice" or (not has_top and g.rank >= RANKS["senior_technician"]):
            continue
        return g.rank
    return 0


# --- simulations and their outputs ---------------------------------------------------------------------


def input_arrays(frame: pl.DataFrame, system: LadderSystem) -> dict[str, np.ndarray]:
    """numpy arrays for the simulation's inputs from a skilleco facts frame: each fact with nulls
    filled by OpenFisca's default, and ``<fact>_known`` (the null mask) for the columns that have
    nulls. The edition goes in as the ``Enum`` index (OpenFisca's own encoding of text is slower)."""
    defaults: dict[str, Any] = {"bool": False, "int": 0, "date": EPOCH}
    editions = {item.name: i for i, item in enumerate(system.edition)}
    out: dict[str, np.ndarray] = {}
    for name, kind in system.facts.items():
        col = frame.get_column(name)
        if kind == "str":  # an edition the system does not know is unknown, as a null
            col = col.replace_strict(editions, default=None, return_dtype=pl.Int16)
            filled = col.fill_null(0).to_numpy()
        else:
            filled = col.fill_null(defaults[kind]).to_numpy()
            filled = filled.astype(np.int32) if kind == "int" else filled
        out[name] = filled
        if col.null_count():
            out[f"{name}_known"] = col.is_not_null().to_numpy()
    return out


def build_simulation(system: LadderSystem, arrays: Mapping[str, np.ndarray], *, on: _dt.date) -> Simulation:
    """A simulation of ``len`` persons with the given inputs for the day ``on``."""
    count = len(next(iter(arrays.values())))
    sim = SimulationBuilder().build_default_simulation(system, count)
    day = as_period(on.isoformat())
    for name, values in arrays.items():
        sim.set_input(name, day, values)
    return sim


_STATUS_TEXT = np.array(STATUSES, dtype=object)


def outcome(system: LadderSystem, sim: Simulation, on: _dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Per person, the next grade's status (text, skilleco's labels) and deciding routes (a tuple of
    rule ids, in the engine's order), calculated by the simulation and decoded by table lookup."""
    day = on.isoformat()
    ruleset = sim.calculate("next_grade_ruleset", day)
    status = sim.calculate("next_grade_status", day)
    mask = sim.calculate("next_grade_deciding", day)
    key = ((ruleset.astype(np.int64) + 1) << system.deciding_bits) | mask
    return _STATUS_TEXT[status], system.deciding_table[key]
