"""The worker fact derivation in columns: Polars expressions, joins and per-worker reductions over
record tables (:class:`~skilleco.population.records.RecordTables`), agreeing row for row with the
one-worker derivation (:mod:`skilleco.facts.worker`; issue 14, item 2).

:func:`worker_facts` is the face. The parts, one concept each:

- :mod:`.context` — the workers by row, their records joined to it, each occupation's standard, and
  judgements (``counts_toward``, ``specialty_related``) made once per distinct key;
- :mod:`.calendar` — dates as day numbers and packed integers: whole months by integer arithmetic;
- :mod:`.runs` — per-worker sums, maxima, minima and Kleene "any" over records sorted by worker;
- :mod:`.work` — periods merged, months of work, the longest stretch, months since a date;
- :mod:`.holdings` — certificates, the preparatory-technician certificate and titles held;
- :mod:`.schooling` — school records and formal trainings;
- :mod:`.career` — competitions, posts, recognitions, contributions, apprenticeship, employer.

No Python runs per worker or per record: only per distinct occupation code and per distinct key.
"""

from __future__ import annotations

from .frame import worker_facts

__all__ = ["worker_facts"]
