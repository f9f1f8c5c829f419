"""The OpenFisca side's own fact derivation: numpy group-bys over record tables (issue 14, item 7).

Benchmark code only, run in the OpenFisca venv (see ``benchmarks/race_openfisca.py``); the test
suite never imports it. :func:`record_inputs` turns :class:`~skilleco.population.records.
RecordTables` into the input arrays of :class:`openfisca_ladder.LadderSystem` — each fact the
next-grade rule sets read, with its null mask ``<fact>_known`` — the way OpenFisca users prepare
survey data before a simulation: per-worker reductions over the long tables in numpy.

- Columns leave Polars as numpy arrays (``to_numpy``; nullable columns as values plus a mask).
  Text is turned into integer codes with Arrow (``pyarrow.compute.index_in``): the worker id of
  every record into its worker's row, and closed vocabularies (certificate level, school kind,
  post kind...) into small integers. Everything after that is numpy.
- Per worker and holding (certificates per grade, titles per group, the preparatory-technician
  certificate): the earliest dated record that surely counts and the earliest one that may
  (``np.minimum.at``), whether one is undated; from them held yes/unknown/no, its dates, whether
  its date is settled.
- Work: the periods that started by the date asked, clipped at it, sorted by (worker, start) unless
  they already are, merged where they overlap or touch (a running maximum of the ends), whole
  months per merged stretch from a day table (month index, day of month, last day of month); the
  months of work in all and since each holding's date are sums per worker (``np.add.at``). A
  period in another occupation may count (no standard on file settles it), so the ``_max``
  companions count those too.
- Schooling, competitions, posts, recognitions, contributions: each record's three-valued reading
  (codes 0 no, 1 unknown, 2 yes; Kleene "and" is the minimum, "any" over a worker's records the
  maximum, ``np.maximum.at``).

The derivation covers the facts next grade reads under a policy without occupational standards on
file (``LadderSystem`` refuses per-occupation overrides): a record in another occupation then may
count (unknown), and a school record's specialty is its stated ``specialty_match``.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from skilleco.facts.holdings import CERT_KEYS, PREP_KEYS, TITLE_KEYS
from skilleco.ladder import GRADES
from skilleco.population.record_schema import TABLES, WORKERS
from skilleco.population.records import RecordTables

__all__ = ["record_inputs"]

NO, UNKNOWN, YES = 0, 1, 2
NAT = np.iinfo(np.int64).min  # numpy's NaT as int64: an unknown date
NONE = np.iinfo(np.int64).max  # "no such date" in a minimum
_LATE = np.iinfo(np.int32).max  # a packed date after every other
_SHIFT = np.int64(1 << 22)  # worker row × this + day number sorts by worker, then day
_RANK = {g.id: g.rank for g in GRADES}

Facts = dict[str, tuple[np.ndarray, np.ndarray]]  # fact name -> (value, known)


# --- conversion from Polars and Arrow ----------------------------------------------------------------


def _days(s: pl.Series) -> np.ndarray:
    """A date column as int64 days since 1970 (NaT, i.e. :data:`NAT`, where unknown)."""
    return s.to_numpy().astype("datetime64[D]", copy=False).view(np.int64)


def _flag(s: pl.Series) -> np.ndarray:
    """A nullable boolean column as a Kleene code (0 no, 1 unknown, 2 yes)."""
    if not s.null_count():
        return s.to_numpy().astype(np.int8) * 2
    return np.where(
        s.is_not_null().to_numpy(), s.fill_null(False).to_numpy().astype(np.int8) * 2, UNKNOWN
    ).astype(np.int8)


def _codes(s: pl.Series, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Text of a closed vocabulary as its index in it (-1: null or not in it): the conversion of a
    text column to integer codes, as OpenFisca's ``Enum.encode``, done by Polars' cast to an enum."""
    return s.cast(pl.Enum(vocabulary), strict=False).to_physical().fill_null(-1).cast(pl.Int8).to_numpy()


def _kleene(value: np.ndarray, known: np.ndarray | bool = True) -> np.ndarray:
    return np.where(known, np.where(value, YES, NO), UNKNOWN).astype(np.int8)


class _Calendar:
    """Dates packed as ``month index × 64 + day of month × 2 + (1 on its month's last day)``: packed
    dates sort as the dates do, and whole months between two are integer arithmetic, as skilleco
    counts them (leftover days dropped; a month's last day completes it). One table lookup per date."""

    FIRST = int(np.datetime64("1900-01-01", "D").view(np.int64))

    def __init__(self) -> None:
        days = np.arange(np.datetime64("1900-01-01"), np.datetime64("2101-01-01"), dtype="datetime64[D]")
        months = days.astype("datetime64[M]")
        day = (days - months).view(np.int64) + 1
        last = (days + 1).astype("datetime64[M]") != months
        self.table = (months.view(np.int64) * 64 + day * 2 + last).astype(np.int32)

    def pack(self, days: np.ndarray) -> np.ndarray:
        """Day numbers since 1970 (1900-2100) packed."""
        return self.table[days - self.FIRST]

    @staticmethod
    def months(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whole months from packed ``a`` to packed ``b`` (``b >= a``)."""
        short = (((b >> 1) & 31) < ((a >> 1) & 31)) & ((b & 1) == 0)
        return (b >> 6) - (a >> 6) - short


# --- the derivation ----------------------------------------------------------------------------------


class _Derivation:
    """The record tables as numpy arrays by worker row, and the facts derived from them."""

    def __init__(
        self, tables: RecordTables, on: _dt.date, wanted: frozenset[str], editions: tuple[str, ...]
    ) -> None:
        self.tables, self.wanted, self.editions = tables, wanted, editions
        self.today = int(np.datetime64(on.isoformat(), "D").view(np.int64))
        self.year = (
            int(np.datetime64(f"{on.year}-01-01", "D").view(np.int64)),
            int(np.datetime64(f"{on.year}-12-31", "D").view(np.int64)),
        )
        workers = tables.workers
        self.n = workers.height
        self.ids = workers.get_column("id").to_arrow()
        occupation = pc.dictionary_encode(workers.get_column("occupation_code").to_arrow())
        self.own = occupation.indices.to_numpy(zero_copy_only=False)
        self.codes = occupation.dictionary
        self.calendar = _Calendar()
        self.facts: Facts = {}
        start = time.perf_counter()
        self.rows = self._rows()
        self.lookup_seconds = time.perf_counter() - start  # reported apart: the one join on text keys

    def _rows(self) -> dict[str, np.ndarray]:
        """Per long table, the worker row of each record: one Arrow hash lookup of the worker ids of
        every table's records at once (the hash table of the workers' ids is built once)."""
        names = [name for name, t in self.tables.tables.items() if t.height]
        # What the reader found as it checked the tables (read_records, shared by both sides):
        # OpenFisca's side uses it as skilleco's does, and looks up only what it lacks.
        out: dict[str, np.ndarray] = {}
        for name in list(names):
            found = self.tables.worker_rows(name)
            if found is not None:
                out[name] = found.cast(pl.Int64).to_numpy()
                names.remove(name)
        keys = [self.tables.tables[name].get_column("worker_id").to_arrow() for name in names]
        if not keys:
            return out
        found = pc.index_in(pa.chunked_array(keys, type=self.ids.type), value_set=self.ids)
        rows = found.to_numpy().astype(np.int64)
        bounds = np.cumsum([0, *(len(k) for k in keys)])
        return out | {name: rows[bounds[i] : bounds[i + 1]] for i, name in enumerate(names)}

    # records by worker row ----------------------------------------------------------------------

    def records(self, table: str, columns: list[str]) -> tuple[np.ndarray, dict[str, pl.Series]]:
        """``table``'s records of workers whose records of it are stated: the worker row of each
        (Arrow hash lookup of the worker id) and the ``columns`` asked for."""
        t = self.tables.table(table)
        if t.is_empty():
            return np.zeros(0, dtype=np.int64), {c: t.get_column(c) for c in columns}
        rows = self.rows[table]
        stated = self.stated(table)
        cols = {c: t.get_column(c) for c in columns}
        if not stated.all():
            keep = stated[rows]
            rows = rows[keep]
            mask = pl.Series(keep)
            cols = {c: s.filter(mask) for c, s in cols.items()}
        return rows, cols

    def stated(self, table: str) -> np.ndarray:
        return self.tables.workers.get_column(f"{table}_stated").to_numpy()

    def counts(self, rows: np.ndarray, code: pl.Series) -> np.ndarray:
        """Whether a record in occupation ``code`` counts toward its worker's: yes where it is not
        stated or is the worker's own, else unknown (no standard on file settles it)."""
        found = pc.index_in(code.to_arrow(), value_set=self.codes)
        own = (pc.fill_null(found, -1).to_numpy() == self.own[rows]) | code.is_null().to_numpy()
        return np.where(own, YES, UNKNOWN).astype(np.int8)

    def put(self, name: str, value: np.ndarray, known: np.ndarray | bool = True) -> None:
        if name in self.wanted:
            self.facts[name] = (value, np.broadcast_to(known, value.shape))

    def per_worker(self, rows: np.ndarray, stated: np.ndarray, value: np.ndarray, none: int) -> np.ndarray:
        """Kleene "any" of ``value`` (codes) over each worker's records; ``none`` for a worker with none."""
        out = np.full(self.n, -1, dtype=np.int8)
        np.maximum.at(out, rows, value)
        out[out < 0] = none
        return out

    def put_code(self, name: str, code: np.ndarray, stated: np.ndarray) -> None:
        self.put(name, code == YES, stated & (code != UNKNOWN))

    # holdings -----------------------------------------------------------------------------------

    def held(
        self,
        rows: np.ndarray,
        slot: np.ndarray,
        day: np.ndarray,
        counts: np.ndarray,
        slots: int,
        stated: np.ndarray,
    ) -> dict[str, np.ndarray]:
        """Per worker and slot: held (value, known), the date of the earliest record that surely
        counts, the earliest date it may have, whether that is settled, and whether months since it
        are counted — as skilleco's ``facts.holdings.holding``."""
        dated = day != NAT
        keep = (counts != NO) & (~dated | (day <= self.today)) & (slot >= 0)
        flat = rows * slots + slot
        sure = np.full(self.n * slots, NONE, dtype=np.int64)
        maybe = np.full(self.n * slots, NONE, dtype=np.int64)
        undated = np.zeros(self.n * slots, dtype=bool)
        sure_ = counts == YES
        m = keep & dated & sure_
        np.minimum.at(sure, flat[m], day[m])
        if not sure_.all():
            m = keep & dated & (counts == UNKNOWN)
            np.minimum.at(maybe, flat[m], day[m])
        if not dated.all():
            undated[flat[keep & ~dated]] = True
        sure, maybe, undated = sure.reshape(-1, slots), maybe.reshape(-1, slots), undated.reshape(-1, slots)
        has_sure, has_maybe = sure != NONE, maybe != NONE
        seen = has_sure | has_maybe | undated
        settled = ~seen | (has_sure & ~undated & (~has_maybe | (maybe >= sure)))
        st = stated[:, None]
        return {
            "has": has_sure,
            "has_known": st & (has_sure | ~seen),
            "on": sure,
            "on_known": st & has_sure,
            "earliest": np.where(settled, sure, np.minimum(maybe, sure)),
            "earliest_known": st & ((settled & has_sure) | (~settled & ~undated)),
            "settled": st & settled,
            "counted": st & seen,
        }

    def holding(self, keys: Any, h: Mapping[str, np.ndarray], s: int) -> dict[str, np.ndarray]:
        """One slot of :meth:`held` as facts (and what the months since it need)."""
        one = {k: v[:, s] for k, v in h.items()}
        self.put(keys.has, one["has"], one["has_known"])
        if keys.on in self.wanted:
            self.put(keys.on, _dates(one["on"]), one["on_known"])
        if keys.earliest in self.wanted:
            self.put(keys.earliest, _dates(one["earliest"]), one["earliest_known"])
        self.put(keys.earliest_known, np.ones(self.n, dtype=bool), one["settled"])
        return one

    def certificates(self) -> list[tuple[Any, dict[str, np.ndarray]]]:
        rows, c = self.records("certificates", ["level", "occupation_code", "issued_on"])
        slot = _codes(c["level"], tuple(gid for gid, _, _ in CERT_KEYS))
        h = self.held(
            rows,
            slot,
            _days(c["issued_on"]),
            self.counts(rows, c["occupation_code"]),
            len(CERT_KEYS),
            self.stated("certificates"),
        )
        out = [(keys, self.holding(keys, h, s)) for s, (_, _, keys) in enumerate(CERT_KEYS)]
        # The highest certificate held: unknown where a higher one may be held.
        rank, known = np.zeros(self.n, dtype=np.int32), np.ones(self.n, dtype=bool)
        for s, (_, r, _) in enumerate(CERT_KEYS):
            has, has_known = h["has"][:, s], h["has_known"][:, s]
            rank = np.where(has & has_known, r, rank)
            known = np.where(has_known, np.where(has, True, known), False)
        self.put("cert_rank", rank, known)
        return out

    def titles(self) -> list[tuple[Any, dict[str, np.ndarray]]]:
        rows, t = self.records("titles", ["level", "specialty_match", "obtained_on"])
        levels = [(level, s) for s, (_, group) in enumerate(TITLE_KEYS) for level in sorted(group)]
        code = _codes(t["level"], tuple(level for level, _ in levels))
        slot = np.array([s for _, s in levels] + [-1], dtype=np.int8)[code]  # -1 indexes the trailing -1
        h = self.held(
            rows,
            slot,
            _days(t["obtained_on"]),
            _flag(t["specialty_match"]),
            len(TITLE_KEYS),
            self.stated("titles"),
        )
        return [(keys, self.holding(keys, h, s)) for s, (keys, _) in enumerate(TITLE_KEYS)]

    def prep(self) -> None:
        rows, p = self.records("prep_technician_certificates", ["occupation_code", "issued_on"])
        slot = np.zeros(len(rows), dtype=np.int8)
        stated = self.stated("prep_technician_certificates")
        h = self.held(rows, slot, _days(p["issued_on"]), self.counts(rows, p["occupation_code"]), 1, stated)
        self.holding(PREP_KEYS, h, 0)

    # work ---------------------------------------------------------------------------------------

    def work(self, since: list[tuple[Any, dict[str, np.ndarray]]]) -> None:
        rows, p = self.records("work_periods", ["start", "end", "occupation_code", "kind"])
        start = _days(p["start"])
        keep = (_codes(p["kind"], ("work",)) == 0) & (start <= self.today)
        counts = self.counts(rows, p["occupation_code"])
        keep &= counts != NO  # a period that surely does not count is left out
        rows, start, end, counts = rows[keep], start[keep], _days(p["end"])[keep], counts[keep]
        end = np.where((end == NAT) | (end > self.today), self.today, end)
        sure = counts == YES
        unsettled = np.zeros(self.n, dtype=bool)
        unsettled[rows[~sure]] = True
        # The stretches that surely count; and, for workers with a period that may, all of theirs.
        ws, ss, es = _merge(rows[sure], start[sure], end[sure])
        ps, pe = self.calendar.pack(ss), self.calendar.pack(es)
        months = self.calendar.months(ps, pe)
        settled_ = ~unsettled[ws]
        wm, pms, pme, mm = ws[settled_], ps[settled_], pe[settled_], months[settled_]
        if unsettled.any():
            open_ = unsettled[rows]
            w2, s2, e2 = _merge(rows[open_], start[open_], end[open_])
            p2s, p2e = self.calendar.pack(s2), self.calendar.pack(e2)
            wm, pms, pme = np.concatenate([wm, w2]), np.concatenate([pms, p2s]), np.concatenate([pme, p2e])
            mm = np.concatenate([mm, self.calendar.months(p2s, p2e)])
        stated = self.stated("work_periods")
        self.put("work_months", self._sum(ws, months), stated)
        self.put("work_months_max", self._sum(wm, mm), stated)
        self.put("work_relation_known", np.ones(self.n, dtype=bool), stated & ~unsettled)
        for keys, h in since:
            if keys.months not in self.wanted and keys.months_max not in self.wanted:
                continue
            counted = stated & h["counted"]
            # Surely: the stretches that surely count, from the date of the earliest sure record
            # (none where that date is unknown: its packed date is past every stretch's end).
            on = np.where(
                h["on_known"], self.calendar.pack(np.where(h["on_known"], h["on"], self.today)), _LATE
            )
            at = on[ws]
            ok = pe > at
            low = self._sum(ws[ok], self.calendar.months(np.maximum(ps[ok], at[ok]), pe[ok]))
            # At most: from the earliest date it may have (every stretch while that is open). Where
            # that date is the sure one and the work is settled, it is the same sum.
            same = h["settled"] & h["on_known"] & ~unsettled
            first_known = h["earliest_known"]
            first = np.where(
                first_known, self.calendar.pack(np.where(first_known, h["earliest"], self.today)), -1
            )
            pick = (counted & ~same)[wm]
            w3, b3, e3 = wm[pick], np.maximum(pms[pick], first[wm[pick]]), pme[pick]
            ok = e3 > first[w3]
            high = np.where(same, low, self._sum(w3[ok], self.calendar.months(b3[ok], e3[ok])))
            self.put(keys.months, low, counted)
            self.put(keys.months_max, high, counted)

    def _sum(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        out = np.zeros(self.n, dtype=np.int32)
        np.add.at(out, rows, values)
        return out

    # schooling ----------------------------------------------------------------------------------

    _SCHOOLS = (
        "technical_school",
        "senior_technical_school",
        "technician_college",
        "secondary_vocational",
        "higher_vocational",
        "junior_college",
        "undergraduate",
        "postgraduate",
    )

    def education(self) -> None:
        names = [n for n in _EDUCATION if n in self.wanted]
        if not names:
            return
        cols = [
            "school_kind",
            "class_level",
            "specialty_match",
            "assessed",
            "training_target",
            "enrolled_on",
            "graduated_on",
            "expected_graduation",
        ]
        rows, e = self.records("education", cols)
        kind = _codes(e["school_kind"], self._SCHOOLS)
        level = _codes(e["class_level"], ("intermediate", "senior", "preparatory_technician", "technician"))
        target = _codes(e["training_target"], ("intermediate", "advanced"))
        related, assessed = _flag(e["specialty_match"]), _flag(e["assessed"])
        grad, enrolled_on, expected = (
            _days(e["graduated_on"]),
            _days(e["enrolled_on"]),
            _days(e["expected_graduation"]),
        )
        on, (first, last) = self.today, self.year
        g, en, ex = grad != NAT, enrolled_on != NAT, expected != NAT
        cy = np.select(
            [g, en & (enrolled_on > on), ~ex, (expected >= first) & (expected <= last), expected > on],
            [_kleene((grad <= on) | ((grad >= first) & (grad <= last))), NO, UNKNOWN, YES, NO],
            UNKNOWN,
        ).astype(np.int8)
        graduated = np.select(
            [g, ex & (expected > on), en & (enrolled_on > on)], [_kleene(grad <= on), NO, NO], UNKNOWN
        ).astype(np.int8)
        enrolled = np.select([g & (grad <= on), ~en], [NO, UNKNOWN], _kleene(enrolled_on <= on)).astype(
            np.int8
        )
        prep = _kleene(level >= 2, level >= 0)
        not_intermediate = _kleene(level != 0, level >= 0)

        def target_is(i: int) -> np.ndarray:
            return _kleene(target == i, target >= 0)

        def only(kinds: tuple[str, ...], value: np.ndarray) -> np.ndarray:
            inside = np.isin(kind, [self._SCHOOLS.index(k) for k in kinds])
            return np.where(inside, value, NO).astype(np.int8)

        tech, senior_tech = self._SCHOOLS[:3], self._SCHOOLS[1:3]
        vocational, college = self._SCHOOLS[3:5], self._SCHOOLS[4:]
        both = np.minimum
        cy_spec = both(cy, related)
        readings = {
            "grad_technical_school_specialty": lambda: only(tech, cy_spec),
            "grad_assessed_vocational_intermediate": lambda: only(
                vocational, both(both(cy, assessed), target_is(0))
            ),
            "grad_senior_technical_school": lambda: only(senior_tech, cy),
            "graduated_college_related": lambda: only(college, both(graduated, related)),
            "graduated_senior_technical_school": lambda: only(senior_tech, graduated),
            "graduated_technician_college": lambda: only(("technician_college",), graduated),
            "grad_vocational_or_college_specialty": lambda: only(tech + vocational + college, cy_spec),
            "grad_senior_class": lambda: only(tech, both(cy, not_intermediate)),
            "grad_higher_vocational_or_college_specialty": lambda: only(college, cy_spec),
            "grad_assessed_higher_vocational_or_college_specialty": lambda: only(
                college, both(cy_spec, assessed)
            ),
            "student_technician_college_prep_class": lambda: only(
                ("technician_college",), both(enrolled, prep)
            ),
            "grad_assessed_higher_vocational_advanced_related": lambda: only(
                ("higher_vocational",), both(both(both(cy, assessed), target_is(1)), related)
            ),
        }
        stated = self.stated("education")
        for name in names:
            self.put_code(name, self.per_worker(rows, stated, readings[name](), NO), stated)

    # career ---------------------------------------------------------------------------------------

    def competitions(self) -> None:
        if "nat_comp_award" not in self.wanted:
            return
        rows, c = self.records("competitions", ["level", "award", "on"])
        day = _days(c["on"])
        seen = _kleene(day <= self.today, day != NAT)
        national = _kleene(_codes(c["level"], ("national_final",)) == 0)
        award = _codes(c["award"], ("none",))
        awarded = _kleene(award != 0, c["award"].is_not_null().to_numpy())
        stated = self.stated("competitions")
        self.put_code(
            "nat_comp_award",
            self.per_worker(rows, stated, np.minimum(np.minimum(seen, national), awarded), NO),
            stated,
        )

    def posts(self) -> None:
        rows, p = self.records("posts", ["kind", "start", "end"])
        kinds = ("apprentice", "special_technician", "chief_technician")
        kind, start, end = _codes(p["kind"], kinds), _days(p["start"]), _days(p["end"])
        current = (start <= self.today) & ((end == NAT) | (end > self.today))
        rank = np.array([_RANK[k] for k in kinds] + [0], dtype=np.int32)[kind]
        stated = self.stated("posts")
        top = np.zeros(self.n, dtype=np.int32)
        np.maximum.at(top, rows[current], rank[current])
        self.put("post_rank", top, stated)
        special = current & (kind == 1)
        since = np.full(self.n, NONE, dtype=np.int64)
        np.minimum.at(since, rows[special], start[special])
        self.put("has_post_special_technician", since != NONE, stated)
        self.put("post_special_technician_on", _dates(since), stated & (since != NONE))

    def recognitions(self) -> None:
        rows, r = self.records("direct_recognitions", ["grade", "on", "limits_waived"])
        grades = tuple(g.id for g in GRADES)
        rank = np.array([g.rank for g in GRADES] + [0], dtype=np.int32)[_codes(r["grade"], grades)]
        day = _days(r["on"])
        valid = (day != NAT) & (day <= self.today)
        waived = _flag(r["limits_waived"])
        stated = self.stated("direct_recognitions")
        for name, which in (("direct_recognition_rank", NO), ("direct_recognition_waived_rank", YES)):
            best = np.zeros(self.n, dtype=np.int32)
            m = valid & (waived == which)
            np.maximum.at(best, rows[m], rank[m])
            self.put(name, best, stated)

    def contributions(self) -> None:
        if "major_contribution" not in self.wanted:
            return
        rows, c = self.records("contributions", ["on"])
        stated = self.stated("contributions")
        on = _days(c["on"])
        made = np.zeros(self.n, dtype=bool)
        made[rows[(on != NAT) & (on <= self.today)]] = True
        self.put("major_contribution", made, stated)

    def apprenticeship(self) -> None:
        if "apprenticeship_completed" not in self.wanted:
            return
        w = self.tables.workers
        present = np.zeros(self.n, dtype=bool)
        for col in TABLES[WORKERS].columns:
            if col.field[:1] == ("apprenticeship",):
                s = w.get_column(col.name)
                given = s.is_not_null().to_numpy()
                if col.default is not None:
                    given &= s.fill_null(col.default).to_numpy() != col.default
                present |= given
        rows = np.arange(self.n)
        in_occupation = self.counts(rows, w.get_column("apprenticeship_occupation_code"))
        start, end = _days(w.get_column("apprenticeship_start")), _days(w.get_column("apprenticeship_end"))
        started = _kleene(start <= self.today, start != NAT)
        ended = _kleene(end <= self.today, end != NAT)
        done = np.minimum(
            np.minimum(started, in_occupation),
            np.minimum(ended, _flag(w.get_column("apprenticeship_completed"))),
        )
        complete = w.get_column("records_complete").fill_null(False).to_numpy()
        code = np.where(present, done, np.where(complete, NO, UNKNOWN))
        self.put_code("apprenticeship_completed", code, np.ones(self.n, dtype=bool))

    def workers(self) -> None:
        w = self.tables.workers
        for name, column in _WORKER_COLUMNS.items():
            if name in self.wanted:
                s = w.get_column(column)
                if s.dtype == pl.Boolean:
                    self.put(name, s.fill_null(False).to_numpy(), s.is_not_null().to_numpy())
                elif s.dtype == pl.Date:
                    days = _days(s)
                    self.put(name, _dates(days), days != NAT)
                else:  # text: the edition, as its index among the system's editions
                    code = _codes(s, self.editions)
                    self.put(name, np.maximum(code, 0).astype(np.int16), code >= 0)


_EDUCATION = (
    "grad_technical_school_specialty",
    "grad_assessed_vocational_intermediate",
    "grad_senior_technical_school",
    "graduated_college_related",
    "graduated_senior_technical_school",
    "graduated_technician_college",
    "grad_vocational_or_college_specialty",
    "grad_senior_class",
    "grad_higher_vocational_or_college_specialty",
    "grad_assessed_higher_vocational_or_college_specialty",
    "student_technician_college_prep_class",
    "grad_assessed_higher_vocational_advanced_related",
)
_WORKER_COLUMNS = {
    "birth_date": "birth_date",
    "occupation_edition": "occupation_standard_edition",
    "occupation_has_senior_technician": "occupation_has_senior_technician",
    "employer_above_designated_size": "employer_above_designated_size",
    "employer_mainly_skilled": "employer_mainly_skilled_workforce",
    "employer_appoints_special_technicians": "employer_appoints_special_technicians",
    "frontline": "frontline",
    "frontline_record": "frontline_record",
}


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers as ``datetime64[D]`` (no date: OpenFisca's default, 1970-01-01; masked anyway)."""
    return np.where((days == NAT) | (days == NONE), 0, days).astype("datetime64[D]")


def _merge(rows: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Periods merged per worker where they overlap or touch: (worker row, start, end) per stretch."""
    if not len(rows):
        return rows, start, end
    base = rows * _SHIFT
    lo, hi = base + start, base + end
    if np.any(lo[1:] < lo[:-1]):  # records come sorted by worker and start from most exports
        order = np.argsort(lo, kind="stable")
        lo, hi, rows, base = lo[order], hi[order], rows[order], base[order]
    reach = np.maximum.accumulate(hi)
    new = np.empty(len(lo), dtype=bool)
    new[0] = True
    new[1:] = lo[1:] > reach[:-1] + 1
    last = np.empty(len(lo), dtype=bool)
    last[:-1] = new[1:]
    last[-1] = True
    return rows[new], lo[new] - base[new], reach[last] - base[last]


def record_inputs(
    tables: RecordTables, system: Any, on: _dt.date, laps: dict[str, float] | None = None
) -> dict[str, np.ndarray]:
    """The input arrays of ``system`` (a ``LadderSystem``) derived from record tables as of ``on``:
    the arrays :func:`openfisca_ladder.input_arrays` gives for skilleco's facts frame of the same
    tables — each fact filled where unknown, and ``<fact>_known`` where any is unknown. ``laps``
    receives ``lookup``, the seconds spent turning worker ids into worker rows."""
    editions = tuple(item.name for item in system.edition)
    d = _Derivation(tables, on, frozenset(system.facts), editions)
    if laps is not None:
        laps["lookup"] = d.lookup_seconds
    since = d.certificates()
    d.prep()
    since += d.titles()
    d.work(since)
    d.education()
    d.competitions()
    d.posts()
    d.recognitions()
    d.contributions()
    d.apprenticeship()
    d.workers()
    out: dict[str, np.ndarray] = {}
    for name, kind in system.facts.items():
        if name not in d.facts:
            raise NotImplementedError(f"fact {name!r} is not derived in this benchmark")
        value, known = d.facts[name]
        if kind == "int":
            value = np.where(known, value, 0).astype(np.int32)
        elif kind == "bool":
            value = value & known
        out[name] = value
        if not known.all():
            out[f"{name}_known"] = np.ascontiguousarray(known)
    return out
