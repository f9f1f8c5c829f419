"""An OpenFisca tax-benefit system for next-grade eligibility, generated from a skilleco policy.

Benchmark code only (issue 5, benchmark 1), run in the OpenFisca venv (see
``benchmarks/columnar_vs_openfisca.py``); the test suite never imports it.

What it encodes, as real OpenFisca variables computed by a ``Simulation``:

- An entity ``person``. One input variable per fact the next-grade rule sets read (the columns of
  :func:`skilleco.columnar.required_facts`): booleans, ints, dates (``datetime64[D]``) and the
  occupation's standard edition (an OpenFisca ``Enum``). OpenFisca has no null, so each fact also
  has a ``<fact>_known`` boolean input, ``True`` unless set: unknown is explicit.
- A parameter tree with every parameter the rules read and its whole timeline (a parameter unset
  on a date is left out there, so OpenFisca reports it not found, and the formulas read that as
  unknown).
- One variable per (rule set, route): *the route surely holds* — Kleene-true, not unknown —
  computed by walking the rule's condition tree (the same tree skilleco parsed from the ``when``
  text) over ``(value, known)`` numpy arrays. The exceptional routes are members of every grade's
  set and read ``target_rank``, so each set has its own copy with the set's rank fixed.
- ``years_since__<date fact>``: full years to the period's day (29 February's anniversary is 28
  February), shared by the routes that read the same date (OpenFisca caches it).
- The current grade as skilleco counts it (certificate, post and a direct recognition the policy's
  own rule accepts), ``next_grade`` (the rank asked about: the first grade above the held one, no
  apprentice post, nothing above technician where the occupation has no 高级技师 level),
  ``eligible__<rule set>`` (any route for grades, every rule for posts) and
  ``next_grade_eligible``.

Example (in the OpenFisca venv)::

    system = LadderSystem("gd-2025")
    sim = build_simulation(system, input_arrays(frame, system), on=datetime.date(2026, 11, 21))
    eligible = sim.calculate("next_grade_eligible", "2026-11-21")
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from functools import reduce
from typing import Any

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
from skilleco.rules.expr import Fact, Lit, Param, walk  # the parsed condition trees

__all__ = ["LadderSystem", "Person", "build_simulation", "full_years", "input_arrays"]

Person = build_entity("person", "persons", "A skilled worker", is_person=True)

DIRECT_RECOGNITION = "grade.exceptional.direct_recognition"
TOP = len(GRADES)
RANKS = {g.id: g.rank for g in GRADES}
EPOCH = _dt.date(1970, 1, 1)  # OpenFisca's default date: the value of an unknown date
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


def _kleene(node: Any, person: Any, period: Any, parameters: Any, fixed: Mapping[str, Pair]) -> Pair:
    """One node's (value, known). ``fixed`` gives facts that are not inputs (``target_rank``)."""
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
    pairs = [_kleene(a, person, period, parameters, fixed) for a in args]
    if op == "is_known":
        return pairs[0][1], True
    if op == "not":
        return np.logical_not(pairs[0][0]), pairs[0][1]
    if op in ("all_of", "any_of"):
        true = [np.logical_and(v, k) for v, k in pairs]
        false = [np.logical_and(np.logical_not(v), k) for v, k in pairs]
        if op == "all_of":
            sure_true, sure_false = reduce(np.logical_and, true), reduce(np.logical_or, false)
        else:
            sure_true, sure_false = reduce(np.logical_or, true), reduce(np.logical_and, false)
        return sure_true, np.logical_or(sure_true, sure_false)
    if op in _BINARY:
        (a, ka), (b, kb) = pairs
        return _BINARY[op](a, b), np.logical_and(ka, kb)
    raise NotImplementedError(f"operator {op!r} is not encoded for OpenFisca in this benchmark")


def _surely(pair: Pair, count: int) -> np.ndarray:
    value, known = pair
    return np.broadcast_to(np.logical_and(value, known), (count,)).copy()


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


class LadderSystem(TaxBenefitSystem):  # type: ignore[misc]  # OpenFisca ships no type hints here
    """The next-grade routes of a skilleco policy as an OpenFisca tax-benefit system.

    Attributes:
        policy: the skilleco policy encoded.
        facts: the input facts and their skilleco types (``bool``, ``int``, ``date``, ``str``).
        rulesets: per rule set id, the edition (``None`` for posts), the grade rank and the names
            of its route variables.
    """

    def __init__(self, policy: str | Policy = "gd-2025") -> None:
        super().__init__([Person])
        self._parameters_at_instant_cache: dict[Any, Any] = {}  # OpenFisca's default is class-wide
        self.policy = pol = load_policy(policy)
        if pol.occupations:
            raise NotImplementedError("per-occupation overrides are not encoded in this benchmark")
        specs = SCHEMAS["worker"]
        self.facts = {n: specs[n].type for n in required_facts("next_grade", policy=pol)}
        editions = sorted({s.split(".")[1] for s in pol.rulesets if s.startswith("grade.t")})
        self.edition = Enum("Edition", [(e, e) for e in editions])
        self.rulesets: dict[str, tuple[str | None, int, tuple[str, ...]]] = {}
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
                rules = pol.members(sid)
                names = []
                for r in rules:
                    if r.guards or r.role != "rule":
                        raise NotImplementedError(f"{r.id}: guard rules are not encoded in this benchmark")
                    params |= {n.name for n in walk(r.condition) if isinstance(n, Param)}
                    short = r.id.removeprefix(sid + ".").removeprefix("grade.")
                    names.append(f"route__{_ident(sid)}__{_ident(short)}")
                    variables.append(self._route(names[-1], r, g.rank))
                self.rulesets[sid] = (edition, g.rank, tuple(names))
                variables.append(self._eligible(sid, pol.ruleset(sid).hit, tuple(names)))
        recognition = pol.rules.get(DIRECT_RECOGNITION)
        if recognition is not None:
            params |= {n.name for n in walk(recognition.condition) if isinstance(n, Param)}
        self.parameters = ParameterNode("", data=_parameter_data(pol, params))
        variables += self._inputs()
        variables += self._ranks(recognition)
        variables.append(self._next_grade_eligible())
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
            return _surely(_kleene(condition, person, period, parameters, fixed), person.count)

        return _variable(name, bool, f"{rule.id} surely holds", formula=formula)

    def _eligible(self, sid: str, hit: str, routes: tuple[str, ...]) -> type[Variable]:
        combine = np.logical_or if hit == "any_route" else np.logical_and
        if hit not in ("any_route", "all_of"):
            raise NotImplementedError(f"{sid}: hit policy {hit!r} is not encoded in this benchmark")

        def formula(person: Any, period: Any, parameters: Any) -> np.ndarray:
            return reduce(combine, [person(r, period) for r in routes])

        return _variable(f"eligible__{_ident(sid)}", bool, f"eligible under {sid}", formula=formula)

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
                valid, valid_known = _kleene(recognition.condition, person, period, parameters, fixed)
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

    def _next_grade_eligible(self) -> type[Variable]:
        sets = dict(self.rulesets)
        edition = self.edition

        def formula(person: Any, period: Any) -> np.ndarray:
            target = person("next_grade", period)
            ed = person("occupation_edition", period)
            ed_known = person("occupation_edition_known", period)
            conditions, choices = [], []
            for sid, (name, rank, _) in sets.items():
                cond = target == rank
                if name is not None:
                    cond = cond & (ed == edition[name]) & ed_known
                conditions.append(cond)
                choices.append(person(f"eligible__{_ident(sid)}", period))
            return np.select(conditions, choices, False)

        return _variable("next_grade_eligible", bool, "eligible to apply for the next grade", formula=formula)


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


# --- simulations from a facts frame --------------------------------------------------------------------


def input_arrays(frame: pl.DataFrame, system: LadderSystem) -> dict[str, np.ndarray]:
    """numpy arrays for the simulation's inputs from a skilleco facts frame: each fact with nulls
    filled by OpenFisca's default, and ``<fact>_known`` for the columns that have nulls."""
    defaults: dict[str, Any] = {"bool": False, "int": 0, "date": EPOCH}
    out: dict[str, np.ndarray] = {}
    for name, kind in system.facts.items():
        col = frame[name]
        if kind == "str":
            filled = col.fill_null(next(iter(system.edition)).name).to_numpy().astype(str)
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
