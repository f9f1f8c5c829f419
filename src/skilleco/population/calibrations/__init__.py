"""Calibration files for :mod:`skilleco.population.synthetic` (data, not code: one TOML file per population).

Every figure and share carries its ``source`` and ``provenance`` (``text``, ``secondary``,
``modelled``); modelled shares also carry a one-line ``rationale``. See
``docs/explanation/synthetic.md``.
"""
