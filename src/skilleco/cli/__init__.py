"""The ``skilleco`` command (also ``python -m skilleco``).

Subcommands::

    skilleco policies                       the shipped policies
    skilleco rules POLICY                   a policy's rules: id, strength, provenance, citation, title
    skilleco assess WHAT FILE               one subject: grade, profile, lead, exits, dualcert
                                            (--example: the bundled example instead of FILE)
    skilleco whatif --policy P --set N=V    a policy against a reform over a population
    skilleco sweep --policy P --parameter N --values 3,4,5
    skilleco demo                           a complete what-if on synthetic workers, no input

``skilleco --version`` prints the version; ``-h``/``--help`` after any subcommand its options.
Options and arguments may come in any order. Exit codes: 0 done; 2 a usage error (bad arguments,
a value that cannot be read or is outside a parameter's range, an unknown policy, parameter,
question or grade, an optional extra not installed); 3 bad input data (a file that cannot be read,
invalid JSON, invalid rows). Errors are one message on stderr, never a traceback. Progress bars
(tqdm) are drawn on stderr when it is a terminal. See ``docs/how-to/use-the-command.md``.
"""

from __future__ import annotations

from .main import EXIT_DATA, EXIT_OK, EXIT_USAGE, main

__all__ = [
    "EXIT_DATA",
    "EXIT_OK",
    "EXIT_USAGE",
    "main",
]
