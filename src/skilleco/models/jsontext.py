"""Reading JSON text that comes from outside, with every failure a ``ValueError``.

``json.loads`` raises ``RecursionError`` for text nested deeper than the interpreter's recursion
limit allows (about 1,000 levels) and ``TypeError`` for a value that is not text; the callers turn a
``ValueError`` into the library's own error for their input, so this module turns those two into one.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["load_json"]


def load_json(text: object) -> Any:
    """``json.loads(text)``, raising ``ValueError`` for anything that cannot be read as JSON.

    That includes text nested too deeply to read (instead of ``RecursionError``), a number with
    more than 4,300 digits, bytes that are not UTF-8, and a value that is not ``str`` or ``bytes``
    (instead of ``TypeError``).
    """
    if not isinstance(text, str | bytes | bytearray):
        raise ValueError(f"expected JSON text, got {type(text).__name__}")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply to read (about 1,000 levels at most)") from None
