"""The size limits of policy packs and conditions, in one place.

A policy file is data from outside: these bounds keep a hostile or runaway file from exhausting
memory or the interpreter's stack. They are far above what the shipped packs need (the largest,
``cn-2025``, is about 38 KB with 47 rules and 45 parameters; its deepest condition is 6 levels and
its longest 394 characters). ``docs/reference/policy-packs.md`` lists them; a test keeps the two
equal. Exceeding one is a :class:`~skilleco.exceptions.PolicyFileError` with reason ``too_large``;
past :data:`MAX_KEY_PARTS` or :data:`MAX_KEY_CHARS` (checked before the TOML is parsed: the parser's
work grows faster than the file there) the reason is ``too_complex``, and a number past
:data:`MAX_NUMBER` is ``bad_value``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MAX_FILE_BYTES = 1_000_000
"""The largest policy file read, in bytes."""

MAX_DIRECTORY_FILES = 100
"""The most ``*.toml`` files a policy directory may hold."""

MAX_INHERITANCE_DEPTH = 16
"""The most ancestors a policy may have (parent, grandparent, ...)."""

MAX_PARAMETERS = 2_000
"""The most ``[parameters.<name>]`` tables in one file."""

MAX_RULESETS = 500
"""The most ``[rulesets.<id>]`` tables in one file."""

MAX_RULES = 2_000
"""The most ``[[rules]]`` in one file, and the most ``[[occupations.rules]]`` in one occupation."""

MAX_OCCUPATIONS = 5_000
"""The most ``[[occupations]]`` in one file (China's occupation catalogue has about 1,600)."""

MAX_TIMELINE_ENTRIES = 200
"""The most dated values one parameter may have."""

MAX_LIST_ITEMS = 1_000
"""The most items in any list (a list value, ``sets``, ``guards``, ``drop_rules``, ``sources``)."""

MAX_CONDITION_CHARS = 4_000
"""The longest condition (``when``), in characters."""

MAX_CONDITION_DEPTH = 60
"""The deepest condition: nested parentheses, ``not``\\ s and operators, counted from the root."""

MAX_KEY_PARTS = 8
"""The most dotted parts of one TOML key or table header (``[parameters."a.b"]`` has 2)."""

MAX_KEY_CHARS = 1_000
"""The longest TOML key or table header, in characters."""

MAX_NUMBER = 1_000_000_000_000_000
"""The largest magnitude of any number in a pack, a condition or a reform's value (10^15, so sums
of many such figures stay exact and finite)."""

LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "MAX_FILE_BYTES": MAX_FILE_BYTES,
        "MAX_DIRECTORY_FILES": MAX_DIRECTORY_FILES,
        "MAX_INHERITANCE_DEPTH": MAX_INHERITANCE_DEPTH,
        "MAX_PARAMETERS": MAX_PARAMETERS,
        "MAX_RULESETS": MAX_RULESETS,
        "MAX_RULES": MAX_RULES,
        "MAX_OCCUPATIONS": MAX_OCCUPATIONS,
        "MAX_TIMELINE_ENTRIES": MAX_TIMELINE_ENTRIES,
        "MAX_LIST_ITEMS": MAX_LIST_ITEMS,
        "MAX_CONDITION_CHARS": MAX_CONDITION_CHARS,
        "MAX_CONDITION_DEPTH": MAX_CONDITION_DEPTH,
        "MAX_KEY_PARTS": MAX_KEY_PARTS,
        "MAX_KEY_CHARS": MAX_KEY_CHARS,
        "MAX_NUMBER": MAX_NUMBER,
    }
)
"""Every limit by name (the table in the docs is checked against it)."""
