"""Rules, rule sets and parameters: policy content as immutable values."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Literal, TypeAlias

import attrs

from ..facts.value import Value
from .expr import Compiled, Expr, compile_expr, fact_names, param_names
from .ranges import with_ranges, without_ranges
from .syntax import parse, unparse
from .timeline import Timeline

__all__ = [
    "HitPolicy",
    "Parameter",
    "Provenance",
    "Rule",
    "RuleSet",
    "Strength",
]

Provenance: TypeAlias = Literal["text", "secondary", "modelled"]
Strength: TypeAlias = Literal["required", "in_principle", "priority"]
HitPolicy: TypeAlias = Literal["all_of", "any_triggers", "any_route"]
PROVENANCES: tuple[Provenance, ...] = ("text", "secondary", "modelled")
STRENGTHS: tuple[Strength, ...] = ("required", "in_principle", "priority")
HIT_POLICIES: tuple[HitPolicy, ...] = ("all_of", "any_triggers", "any_route")


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    """``items`` as a tuple: a rule holds no list anyone could change."""
    return tuple(items)


@attrs.frozen
class Parameter:
    """A named, dated policy value.

    Attributes:
        name: the parameter name rules refer to as ``p.<name>``.
        timeline: the values and the dates they take effect; unset before the first entry, and a
            value of ``None`` means "unset" (no figure known).
        unit: the unit (``years``, ``months``, ``persons``, ``yuan``, ``rank``, ``percent``, ...).
        citation: ``<doc id> <clause>``.
        provenance: ``text``, ``secondary`` or ``modelled``.
        description: what it means, in English.
    """

    name: str
    timeline: Timeline[Value]
    unit: str
    citation: str
    provenance: Provenance
    description: str = ""

    def at(self, on: _dt.date) -> Value:
        """The value in force on ``on`` (``None`` when unset)."""
        return self.timeline.at(on)

    def effective_from(self, on: _dt.date) -> _dt.date | None:
        """The date the value in force on ``on`` took effect."""
        entry = self.timeline.entry_at(on)
        return None if entry is None else entry[0]


@attrs.frozen
class Rule:
    """One rule.

    Attributes:
        id: stable dotted id (public API).
        title_zh: Chinese title.
        title_en: English title.
        citation: ``<doc id> <clause>``.
        provenance: ``text``, ``secondary`` or ``modelled``.
        strength: ``required``, ``in_principle`` or ``priority``.
        condition: the expression tree, as evaluated: thresholds on facts that are ranges are
            rewritten to read both ends (see ``skilleco.rules.ranges``); ``when`` shows it as written.
        sets: ids of the rule sets the rule belongs to.
        guards: ids of guard rules that must also hold for this route (any-route sets).
        role: ``"rule"``, or ``"guard"`` for a rule that only constrains routes naming it.
        note: a free-text note (why it is modelled, what was assumed).
    """

    id: str
    title_zh: str
    title_en: str
    citation: str
    provenance: Provenance
    strength: Strength
    condition: Expr
    sets: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    guards: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    role: Literal["rule", "guard"] = "rule"
    note: str = ""
    _compiled: Compiled = attrs.field(init=False, repr=False, eq=False)
    _facts: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)
    _params: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # Thresholds on facts that are ranges read both ends (``rules.ranges``): every evaluator
        # sees the rewritten tree, ``when`` shows it as written.
        object.__setattr__(self, "condition", with_ranges(self.condition))
        object.__setattr__(self, "_compiled", compile_expr(self.condition))
        object.__setattr__(self, "_facts", fact_names(self.condition))
        object.__setattr__(self, "_params", param_names(self.condition))

    @classmethod
    def build(
        cls,
        *,
        id: str,
        when: str,
        title_en: str = "",
        title_zh: str = "",
        citation: str = "",
        provenance: Provenance = "modelled",
        strength: Strength = "required",
        sets: tuple[str, ...] = (),
        guards: tuple[str, ...] = (),
        role: Literal["rule", "guard"] = "rule",
        note: str = "",
    ) -> Rule:
        """Build a rule from condition text (parsed, never executed).

        The provenance defaults to ``modelled``: a rule someone writes by hand is a reconstruction
        until a text says otherwise.
        """
        return cls(
            id=id,
            title_zh=title_zh or title_en,
            title_en=title_en or title_zh,
            citation=citation,
            provenance=provenance,
            strength=strength,
            condition=parse(when),
            sets=tuple(sets),
            guards=tuple(guards),
            role=role,
            note=note,
        )

    @property
    def when(self) -> str:
        """The condition as text."""
        return unparse(without_ranges(self.condition))

    @property
    def facts(self) -> tuple[str, ...]:
        """The facts the condition reads."""
        return self._facts

    @property
    def params(self) -> tuple[str, ...]:
        """The parameters the condition reads."""
        return self._params

    @property
    def compiled(self) -> Compiled:
        """The condition compiled to a closure ``f(facts, params, on)``."""
        return self._compiled

    def title(self, lang: Literal["zh", "en"] = "en") -> str:
        """The title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en

    def __reduce__(self) -> tuple[type[Rule], tuple[object, ...]]:
        # Pickle the declared fields only: the compiled closure cannot pickle and is rebuilt on load.
        return type(self), tuple(getattr(self, f.name) for f in attrs.fields(type(self)) if f.init)


@attrs.frozen
class RuleSet:
    """A group of rules answered together under a hit policy.

    Attributes:
        id: stable id (``grade.t2023.senior``, ``post.special_technician``, ...).
        hit: ``all_of`` (criteria), ``any_triggers`` (exit scenarios) or ``any_route`` (any route
            suffices; each route is all-of its condition and guards).
        question: the question it answers (``grade``, ``post``, ``bridge``, ``apprenticeship``, ...).
        subject: the fact schema its rules read (``worker``, ...).
        target: the grade or title the set is about, when there is one.
        title_zh: Chinese title.
        title_en: English title.
    """

    id: str
    hit: HitPolicy
    question: str
    subject: str = "worker"
    target: str | None = None
    title_zh: str = ""
    title_en: str = ""
