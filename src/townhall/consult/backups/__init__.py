"""Backups of the consultation database: a consistent copy taken while the service runs, kept in
one archive that says what it holds, and brought back only into a database without data."""
