"""The value of one fact: what a rule reads, and what an expression tree computes."""

from __future__ import annotations

import datetime as _dt
from typing import TypeAlias

Value: TypeAlias = bool | int | float | str | _dt.date | tuple["Value", ...] | None
"""A fact's value; ``None`` is *unknown*, never false."""
