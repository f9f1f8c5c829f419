"""Rules, rule sets and parameters: policy content as immutable values.

A rule is an id, a bilingual title, a citation, a provenance tag, a strength and a condition (an
expression tree over facts and parameters). A rule set groups rules under a hit policy. A parameter
is a named timeline of values with a unit, a citation and a provenance tag.

Example:
    >>> from skilleco.rules import Rule
    >>> r = Rule.build(id="demo.age", when="years_since(birth_date) >= p.min_age",
    ...                title_en="aged 16 or over", title_zh="年满16周岁")
    >>> r.facts, r.params
    (('birth_date',), ('min_age',))
"""

from __future__ import annotations

from .rule import HitPolicy, Parameter, Provenance, Rule, RuleSet, Strength

__all__ = [
    "HitPolicy",
    "Parameter",
    "Provenance",
    "Rule",
    "RuleSet",
    "Strength",
]
