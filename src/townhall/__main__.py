"""Allows `python -m townhall`, the same as the `townhall` command."""

from townhall.cli import main

main()
