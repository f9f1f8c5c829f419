"""The ``skilleco`` command (also ``python -m skilleco``).

Subcommands::

    skilleco policies                       the shipped policies
    skilleco rules POLICY                   a policy's rules: id, strength, provenance, citation
    skilleco assess WHAT [FILE]             one subject: grade, profile, lead, exits, dualcert
    skilleco whatif --policy P --set N=V    a policy against a reform over a population
    skilleco sweep --policy P --parameter N --values 3,4,5
    skilleco demo                           a complete what-if on synthetic workers, no input

Exit codes: 0 done; 2 a usage error (bad arguments, an unknown policy, parameter, question or
grade, an optional extra not installed); 3 bad input data (a file that cannot be read, invalid
JSON, invalid rows). Errors are one message on stderr, never a traceback. See
``docs/how-to/use-the-command.md``.
"""

from __future__ import annotations

from .main import EXIT_DATA, EXIT_OK, EXIT_USAGE, main

__all__ = [
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_USAGE",
    "main",
]
