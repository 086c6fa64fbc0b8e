"""What a database holds: each table's row count (the version table apart, it is not data)."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import Connection

from townhall.consult.migrate import VERSION_TABLE


def table_rows(connection: Connection) -> dict[str, int]:
    """Every table's row count, by table name, on this connection's snapshot."""
    counts = {}
    for name in sorted(inspect(connection).get_table_names()):
        counts[name] = int(connection.scalar(select(func.count()).select_from(table(name))) or 0)
    return counts


def tables_with_data(rows: dict[str, int]) -> list[str]:
    """The tables that hold rows, the schema's own version table apart; the fullest first."""
    holding = [(count, name) for name, count in rows.items() if count and name != VERSION_TABLE]
    return [name for _count, name in sorted(holding, key=lambda pair: (-pair[0], pair[1]))]
