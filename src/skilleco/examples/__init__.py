"""Bundled examples (data files) used by the command line and the docs."""
