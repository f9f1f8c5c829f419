"""The bundled CJK font for charts, and the text clean-up that keeps every label drawable.

Matplotlib's default DejaVu Sans has no Chinese glyphs, and neither CI machines nor many users have
a CJK font installed. skilleco therefore ships ``fonts/SkillecoSansSC-Regular.otf``: a renamed
subset of Noto Sans CJK SC (SIL Open Font License 1.1, see ``fonts/OFL.txt``) holding GB 2312
(all 6,763 hanzi), ASCII, Latin-1 and common punctuation.

Every text element of a chart gets the font through ``FontProperties(fname=...)``: nothing is
registered with matplotlib's global font manager and no rcParams change, so drawing is safe in
several threads at once.

A character the font lacks (a rare hanzi, an emoji) would make matplotlib warn and draw a blank
box. Instead :func:`clean` replaces it with ``□`` and logs one warning per label on the
``skilleco.render.charts`` logger, so a chart always renders and the loss is visible.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

FONT_PATH = Path(__file__).with_name("fonts") / "SkillecoSansSC-Regular.otf"
"""The bundled font file (package data)."""

MISSING = "□"
"""Drawn in place of a character the font lacks (the font has it)."""

_log = logging.getLogger("skilleco.render.charts")


def font(size: float) -> FontProperties:
    """Fresh font properties for the bundled font at ``size`` points (callers may change them)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=FONT_PATH, size=size)


@functools.cache
def coverage() -> frozenset[int]:
    """The code points the bundled font draws (read once; immutable afterwards)."""
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(str(FONT_PATH)).get_charmap())


def clean(text: object) -> str:
    """``text`` as a string the bundled font draws exactly as written.

    Characters outside the font become ``□`` (logged); ``$`` is escaped so that a label such as
    ``$5 bonus`` is never read as mathtext; control characters other than newlines become spaces.
    """
    s = str(text)
    covered = coverage()
    out: list[str] = []
    lost: list[str] = []
    for ch in s:
        if ch == "\n" or ord(ch) in covered:
            out.append(ch)
        elif not ch.isprintable():
            out.append(" ")
        else:
            out.append(MISSING)
            lost.append(ch)
    if lost:
        _log.warning(
            "chart label %r: %d character(s) not in the bundled font, drawn as %s: %s",
            s,
            len(lost),
            MISSING,
            " ".join(f"{c} (U+{ord(c):04X})" for c in lost),
        )
    return "".join(out).replace("$", r"\$")
