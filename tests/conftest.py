"""Shared test configuration: hypothesis profiles, chosen by ``HYPOTHESIS_PROFILE``.

``default`` is fast enough for every local run; ``ci`` digs deeper (``HYPOTHESIS_PROFILE=ci``).
Deadlines are off: a policy loads on first use, which would make the first example look slow.

The fuzz tests (``tests/test_fuzz.py``, marked ``fuzz``) take their count from the ``fuzz``
profile instead: 10,000 examples per function under ``ci``, 200 otherwise.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")

settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=300, deadline=None, derandomize=False)
settings.register_profile(
    "fuzz",
    max_examples=10_000 if PROFILE == "ci" else 200,
    deadline=None,
    # Hostile inputs are large on purpose (long text, deep nesting) and many are refused early.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile(PROFILE)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-docs``: rewrite the outputs shown in the docs (code-block outputs, pictures, the notebook)."""
    parser.addoption(
        "--update-docs",
        action="store_true",
        default=False,
        help="rewrite the outputs shown in the docs from a fresh run (tests/test_docs.py, tests/test_notebook.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``fuzz`` marker (deselect the fuzz tests with ``-m "not fuzz"``)."""
    config.addinivalue_line("markers", "fuzz: hostile-input fuzzing of a public function (slow under ci)")
