"""The per-subject table of a comparison: one row per subject, to join back to the data it came from.

Columns, in order:

- ``subject_id`` (text), ``row`` (the source row, 1-based), ``weight`` (a float);
- the population's group columns (``region``, ...), as text;
- for grade questions ``target`` (the grade asked about) and ``grade`` (the grade held, ``none`` when
  none is), as the flips carry them;
- ``baseline_status`` and ``reform_status``: a Polars ``Enum`` (a pandas ordered ``Categorical``)
  whose categories are the question's statuses, favourable first
  (:attr:`Comparison.statuses <skilleco.whatif.Comparison.statuses>`);
- ``flipped``: whether the two statuses differ;
- ``baseline_deciding`` and ``reform_deciding``: the rule ids that decided each status, a list of
  text in the engine's order (the routes that hold, the rules that fail, ...);
- ``baseline_missing`` and ``reform_missing``: the facts that would settle an ``undetermined``, a
  list of text.

The row-by-row path keeps the columns as Python lists; the columnar path keeps one Polars frame
per chunk, statuses as an ``Enum`` and deciding rules as lists of an ``Enum`` of the policy's rule
ids (about 80 bytes a subject), and casts once when the table is asked for. Both give the same
table (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..exceptions import InputError, MissingDependencyError
from .explain import Explained

if TYPE_CHECKING:
    import polars as pl

__all__ = ["ALL_STATUSES", "LEADING", "TRAILING", "SubjectTable", "no_table_error", "reserved"]

ALL_STATUSES = ("eligible", "review", "undetermined", "ineligible", "not_applicable", "retain", "exit")
"""Every status an answer can have (the engine's, and ``not_applicable``)."""
LEADING = ("subject_id", "row", "weight")
"""The first columns of the table."""
TRAILING = (
    "baseline_status",
    "reform_status",
    "flipped",
    "baseline_deciding",
    "reform_deciding",
    "baseline_missing",
    "reform_missing",
)
"""The last columns of the table (after the group columns, and ``target`` and ``grade``)."""
GRADE_COLUMNS = ("target", "grade")
"""The columns grade questions add."""


def reserved(grade: bool) -> frozenset[str]:
    """The names of the table's own columns: a population's group of one of these names is left out
    (for grade questions ``target`` and ``grade`` are the question's, as in the flips' groups)."""
    return frozenset({*LEADING, *TRAILING, *(GRADE_COLUMNS if grade else ())})


def no_table_error() -> InputError:
    """The error of asking for the table of a comparison that keeps none."""
    return InputError(
        "arguments",
        [
            {
                "loc": ("table",),
                "input": "subjects",
                "type": "no_subjects",
                "msg": "this comparison keeps no per-subject table: compare(..., subjects=True) keeps "
                "one (a comparison read back from JSON has none)",
            }
        ],
    )


def _need_polars() -> None:
    try:
        import polars  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            "polars frames need the frames extra: pip install 'skilleco[frames]'"
        ) from None


class SubjectTable:
    """The per-subject rows a :class:`~skilleco.whatif.Comparison` keeps (see the module docstring).

    Built by :meth:`from_answers` (row by row) or :meth:`add_frame` (columnar, chunk by chunk);
    read by :meth:`polars`, :meth:`pandas` and :meth:`rows`.
    """

    __slots__ = ("_columns", "_frames", "grade", "statuses")

    def __init__(self, statuses: Sequence[str], *, grade: bool) -> None:
        self.statuses = tuple(statuses)
        self.grade = grade
        self._columns: dict[str, list[Any]] | None = None
        self._frames: list[pl.DataFrame] = []

    @property
    def group_names(self) -> tuple[str, ...]:
        """The population's group columns kept (a group named as a column of the table is not)."""
        taken = reserved(self.grade)
        if self._columns is not None:
            names: Sequence[str] = list(self._columns)
        else:
            names = [c for f in self._frames for c in f.columns]
        return tuple(dict.fromkeys(n for n in names if n not in taken))

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in order."""
        return (*LEADING, *self.group_names, *(GRADE_COLUMNS if self.grade else ()), *TRAILING)

    def __len__(self) -> int:
        if self._columns is not None:
            return len(self._columns["subject_id"])
        return sum(f.height for f in self._frames)

    # --- building -----------------------------------------------------------------------------

    @classmethod
    def from_answers(
        cls,
        statuses: Sequence[str],
        *,
        grade: bool,
        ids: Sequence[str],
        rows: Sequence[int],
        weights: Sequence[float],
        groups: Sequence[Mapping[str, str]],
        baseline: Sequence[Explained],
        reform: Sequence[Explained],
    ) -> SubjectTable:
        """The table of the row-by-row path, from each row's answers under the two policies."""
        table = cls(statuses, grade=grade)
        names = [n for n in dict.fromkeys(k for g in groups for k in g) if n not in reserved(grade)]
        cols: dict[str, list[Any]] = {
            "subject_id": list(ids),
            "row": list(rows),
            "weight": [float(w) for w in weights],
        }
        for n in names:
            cols[n] = [g.get(n) for g in groups]
        if grade:
            cols["target"] = [
                a.outcome.target or b.outcome.target for a, b in zip(baseline, reform, strict=True)
            ]
            cols["grade"] = [a.outcome.held or "none" for a in baseline]
        cols["baseline_status"] = [a.outcome.status for a in baseline]
        cols["reform_status"] = [b.outcome.status for b in reform]
        cols["flipped"] = [
            a.outcome.status != b.outcome.status for a, b in zip(baseline, reform, strict=True)
        ]
        for side, answers in (("baseline", baseline), ("reform", reform)):
            cols[f"{side}_deciding"] = [list(a.deciding) for a in answers]
            cols[f"{side}_missing"] = [list(a.missing) for a in answers]
        table._columns = cols
        return table

    def add_frame(self, frame: pl.DataFrame) -> None:
        """Add one chunk of the columnar path (its columns as the module docstring says, statuses
        as an ``Enum`` of :data:`ALL_STATUSES` or text, deciding rules as lists of an ``Enum`` or text)."""
        if self._columns is not None:
            raise ValueError("a table of the row-by-row path takes no frames")
        self._frames.append(frame)

    # --- reading ------------------------------------------------------------------------------

    def _categories(self, present: Sequence[str]) -> list[str]:
        """The question's statuses, then any other status present (in the order of all statuses)."""
        extra = [s for s in ALL_STATUSES if s in present and s not in self.statuses]
        extra += sorted(set(present) - set(self.statuses) - set(extra))
        return [*self.statuses, *extra]

    def polars(self) -> pl.DataFrame:
        """The table as a Polars frame: statuses as ``pl.Enum``, deciding rules and missing facts as
        ``pl.List(pl.String)``."""
        _need_polars()
        import polars as pl

        order = list(self.columns)
        if self._columns is not None:
            present = [*self._columns["baseline_status"], *self._columns["reform_status"]]
            enum = pl.Enum(self._categories(present))
            schema: dict[str, pl.DataType] = {
                "subject_id": pl.String(),
                "row": pl.Int64(),
                "weight": pl.Float64(),
            }
            schema.update(
                dict.fromkeys([*self.group_names, *(GRADE_COLUMNS if self.grade else ())], pl.String())
            )
            schema.update(baseline_status=enum, reform_status=enum, flipped=pl.Boolean())
            schema.update(dict.fromkeys(TRAILING[3:], pl.List(pl.String)))
            return pl.DataFrame({c: self._columns[c] for c in order}, schema=schema)
        if not self._frames:
            return self._empty()
        frame = (
            self._frames[0]
            if len(self._frames) == 1
            else pl.concat(self._frames, how="diagonal_relaxed", rechunk=False)
        )
        text = [frame[c].cast(pl.String) for c in ("baseline_status", "reform_status")]
        present = [str(s) for s in pl.concat(text).unique().drop_nulls().to_list()]
        enum = pl.Enum(self._categories(present))
        return frame.select(
            pl.col("subject_id").cast(pl.String),
            pl.col("row").cast(pl.Int64),
            pl.col("weight").cast(pl.Float64),
            *(pl.col(c).cast(pl.String) for c in order[3 : -len(TRAILING)]),
            *(pl.col(c).cast(pl.String).cast(enum) for c in TRAILING[:2]),
            pl.col("flipped").cast(pl.Boolean),
            *(pl.col(c).cast(pl.List(pl.String)) for c in TRAILING[3:]),
        )

    def _empty(self) -> pl.DataFrame:
        table = SubjectTable.from_answers(
            self.statuses, grade=self.grade, ids=[], rows=[], weights=[], groups=[], baseline=[], reform=[]
        )
        return table.polars()

    def rows(self) -> list[dict[str, Any]]:
        """The table as plain rows (statuses as text, lists as lists)."""
        if self._columns is not None:
            cols = self._columns
            order = self.columns
            return [{c: cols[c][i] for c in order} for i in range(len(cols["subject_id"]))]
        import polars as pl

        frame = self.polars()
        return frame.with_columns(pl.col(c).cast(pl.String) for c in TRAILING[:2]).to_dicts()

    def pandas(self) -> Any:
        """The table as a pandas frame: statuses as ordered ``Categorical`` (favourable first),
        deciding rules and missing facts as lists (``pd.ArrowDtype`` list of text, the type
        ``pl.from_pandas`` reads back as ``List(String)``). Converted from :meth:`polars`."""
        frame = self.polars()
        try:
            import pandas as pd
            import pyarrow  # noqa: F401
        except ImportError:
            raise MissingDependencyError(
                "pandas frames need the frames extra: pip install 'skilleco[frames]'"
            ) from None
        lists = list(TRAILING[3:])
        out = frame.drop(lists).to_pandas()
        arrow = frame.select(lists).to_pandas(use_pyarrow_extension_array=True)
        for c in lists:
            out[c] = arrow[c]
        out = out[list(frame.columns)]
        assert isinstance(out, pd.DataFrame)
        return out
