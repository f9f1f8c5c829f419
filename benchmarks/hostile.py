"""Benchmark: what hostile inputs cost now (issue 15). Prints each case's seconds and outcome.

- ``H1``: an 83-byte CSV header with a list position of a billion (was 21 s, then MemoryError).
- ``H2``: policy packs of 40 KB and 200 KB made of one long dotted key (was 4 s and 2.3 GB; killed
  at 24 GB), and a pack of keys within the limits at 1×, 2×, 4×, 8× its size with the ratio of median
  times (of 3) per doubling (target ≤ 2.5×).
- ``H3``: five CSV rows, one with a 200 KB cell (was: 1 row read, the rest silently gone).

Run::

    python benchmarks/hostile.py
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
import time
from pathlib import Path

import skilleco
from skilleco.exceptions import PolicyFileError, PopulationError


def _timed(label: str, run: object) -> float:
    start = time.perf_counter()
    outcome = run() if callable(run) else None
    took = time.perf_counter() - start
    print(f"{label:<48} {took:8.3f} s   {outcome}")
    return took


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    h1 = folder / "h1.csv"
    h1.write_text("id,occupation.code,certificates.1000000000.level\nw,6-18-02-04,senior\n", encoding="utf-8")

    def read_h1() -> str:
        try:
            skilleco.read_population(h1)
        except PopulationError as exc:
            return exc.rows[0].code
        return "read"

    _timed("H1 83-byte header, position 1,000,000,000", read_h1)

    for size in (40_000, 200_000):
        pack = folder / f"h2-{size}.toml"
        pack.write_text('[policy]\nid = "x"\n' + ("a." * (size // 2))[:-1] + " = 1\n", encoding="utf-8")

        def load(pack: Path = pack) -> str:
            try:
                skilleco.load_policy_file(pack)
            except PolicyFileError as exc:
                return exc.reason
            return "loaded"

        _timed(f"H2 pack of {size:,} bytes, one dotted key", load)

    times = []
    for factor in (1, 2, 4, 8):
        keys = "".join(f"k{i}.a.b.c.d.e.f = {i}\n" for i in range(2_000 * factor))
        pack = folder / f"h2-costly-{factor}.toml"
        pack.write_text('[policy]\nid = "x"\n[extra]\n' + keys, encoding="utf-8")

        def load_costly(pack: Path = pack) -> str:
            try:
                skilleco.load_policy_file(pack)
            except PolicyFileError as exc:
                return exc.reason
            return "loaded"

        label = f"H2 7-part keys within limits ×{factor} ({pack.stat().st_size:,} B)"
        times.append(statistics.median(_timed(label, load_costly) for _ in range(3)))
    ratios = ", ".join(f"{b / a:.2f}×" for a, b in itertools.pairwise(times))
    print(f"{'H2 cost per doubling (target ≤ 2.5×)':<48} {ratios}")

    h3 = folder / "h3.csv"
    rows = ["id,occupation.code,employer.name"]
    rows += [f"w{i},6-18-02-04,{'x' * 200_000 if i == 1 else 'n'}" for i in range(5)]
    h3.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def read_h3() -> str:
        pop = skilleco.read_population(h3, on_error="skip")
        return f"{len(pop)} read, skipped {[(r.row, r.code) for r in pop.skipped]}"

    _timed("H3 5 rows, one 200 KB cell", read_h3)


if __name__ == "__main__":
    main()
