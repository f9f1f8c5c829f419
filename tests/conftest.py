"""Shared test configuration: hypothesis profiles, chosen by ``HYPOTHESIS_PROFILE``.

``default`` is fast enough for every local run; ``ci`` digs deeper (``HYPOTHESIS_PROFILE=ci``).
Deadlines are off: a policy loads on first use, which would make the first example look slow.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=300, deadline=None, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
