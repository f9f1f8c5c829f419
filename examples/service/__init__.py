"""An example web service: skilleco's questions over HTTP (FastAPI).

Not part of the skilleco package: it needs FastAPI, which skilleco does not depend on. See README.md.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
