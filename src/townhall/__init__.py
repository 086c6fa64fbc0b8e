"""Townhall: design, test, consult on and account for a local council's policies."""

__version__ = "0.1.0"
