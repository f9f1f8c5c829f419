"""``python -m skilleco``: the same as the ``skilleco`` command."""

from .cli import main

raise SystemExit(main())
