"""Bundled examples (data files) used by the command line and the docs.

``worker.json`` (a welder, for ``grade`` and ``profile``), ``organisation.json`` (a Shenzhen
chain-lead candidate), ``chain.json`` (a chain led by it, one member failing its assessment),
``dual_certificate_candidate.json`` (Beijing's one test, two certificates) and
``gba_candidate.json`` (the Guangdong–Hong Kong–Macao scheme). ``skilleco assess`` reads the one
fitting its question when no file is given.
"""
