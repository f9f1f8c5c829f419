"""Build ``src/skilleco/render/fonts/SkillecoSansSC-Regular.otf``: a renamed subset of Noto Sans CJK SC.

Charts label statuses, grades, regions and occupations in Chinese, and CI machines have no CJK
fonts, so skilleco ships its own. The full Noto Sans CJK SC is 16 MB; this keeps the characters of
GB 2312 (all 6,763 hanzi in both levels, plus its punctuation, Greek, Cyrillic and kana), ASCII,
Latin-1, general punctuation, CJK and full-width punctuation, and any other character used in the
package's own sources, policy packs and docs.

The subset is a Modified Version under the SIL Open Font License 1.1, so it is renamed: it carries
neither the Reserved Font Name "Source" nor the "Noto" trademark (OFL §3), keeps the copyright and
licence notices (OFL §2), and stays under the OFL (OFL §5).

Usage (from the repository root): see ``src/skilleco/render/fonts/README.md`` for where the source font
comes from (the ``mplfonts`` 0.0.11 wheel on PyPI) and its checksum, then::

    .venv/bin/python tools/subset_cjk_font.py /tmp/fonts/mplfonts/fonts/NotoSansCJKsc-Regular.otf
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "skilleco" / "fonts" / "SkillecoSansSC-Regular.otf"
FAMILY = "Skilleco Sans SC"
PS_NAME = "SkillecoSansSC-Regular"
BLOCKS = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation (– — ‘ ’ “ ” …)
    (0x2190, 0x2193),  # arrows ← ↑ → ↓
    (0x2212, 0x2212),  # minus sign (matplotlib's negative numbers)
    (0x25A1, 0x25A1),  # □ replaces characters the font lacks (see skilleco._fonts)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF01, 0xFF5E),  # full-width forms
]


def gb2312() -> set[str]:
    """Every character GB 2312 encodes (rows 0xA1–0xF7, columns 0xA1–0xFE)."""
    found = set()
    for row in range(0xA1, 0xF8):
        for col in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def repository_characters() -> set[str]:
    """Characters in the package's sources, policy packs, examples and docs."""
    files = [*(ROOT / "src" / "skilleco").rglob("*"), *(ROOT / "docs").rglob("*.md")]
    chars: set[str] = set()
    for f in files:
        if f.suffix in {".py", ".toml", ".json", ".md"}:
            chars |= set(f.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def characters() -> list[int]:
    """The code points to keep, sorted."""
    chars = gb2312() | repository_characters()
    for lo, hi in BLOCKS:
        chars |= {chr(cp) for cp in range(lo, hi + 1)}
    return sorted(ord(c) for c in chars)


def rename(font: TTFont) -> None:
    """Give the subset its own name (OFL §3), noting what it derives from."""
    table = font["name"]
    version = table.getDebugName(5) or ""
    names = {
        1: FAMILY,
        2: "Regular",
        3: f"{PS_NAME};subset of Noto Sans CJK SC {version.split(';')[0]}",
        4: f"{FAMILY} Regular",
        6: PS_NAME,
        10: (
            "A subset of Noto Sans CJK SC (Copyright 2014, 2015 Adobe Systems Incorporated), "
            "renamed as the SIL Open Font License 1.1 requires of Modified Versions; "
            "made for the skilleco package's charts."
        ),
        16: FAMILY,
        17: "Regular",
    }
    for record in list(table.names):
        if record.nameID in names or record.nameID in (7, 11, 12, 18, 19, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    # CFF fonts carry their names in the CFF table too.
    cff = font["CFF "].cff
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    top.FullName = f"{FAMILY} Regular"
    top.FamilyName = FAMILY
    if hasattr(top, "Notice"):
        del top.Notice


def main() -> None:
    """Subset, rename and write the font; print its size and character count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJKsc-Regular.otf (version 1.004)")
    args = parser.parse_args()
    options = subset.Options()
    options.layout_features = ["kern", "palt", "locl", "liga", "ccmp"]
    options.hinting = False  # matplotlib auto-hints; the CFF hints only cost bytes
    options.drop_tables += ["vhea", "vmtx", "VORG", "DSIG", "BASE"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False  # the same input gives the same bytes
    font = TTFont(args.source, recalcTimestamp=False)
    keep = characters()
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    rename(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    covered = len(TTFont(OUT).getBestCmap())
    digest = hashlib.sha256(args.source.read_bytes()).hexdigest()
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes, {covered:,} characters")
    print(f"source sha256 {digest}")


if __name__ == "__main__":
    main()
