"""Check tables against the schema before anything is written: types, required values,
allowed values, ranges, unique primary keys and foreign keys between tables. The first
violation raises E105 naming the table, the column and the row."""

from __future__ import annotations

from ..errors import Errors, PlanError
from .schema import FOREIGN_KEYS, PRIMARY_KEYS, TABLES, Column
from .tables import Row

_PY_TYPES = {"string": (str,), "integer": (int,), "number": (float, int), "boolean": (bool,)}


def validate_table(table: str, rows: list[Row], start: int = 1) -> None:
    """`rows` are the table's rows from row number `start` on (a document's share of a
    table written document by document: its keys hold the document's id, so keys unique
    within each document are unique in the table)."""
    columns = TABLES[table]
    names = [c.name for c in columns]
    seen: dict[tuple, int] = {}
    key = PRIMARY_KEYS[table]
    for number, row in enumerate(rows, start=start):
        if list(row) != names:
            _fail(table, f"row {number} has columns {sorted(row)}, expected {names}")
        for column in columns:
            problem = cell_problem(column, row[column.name])
            if problem:
                _fail(table, f"column {column.name}, row {number}: {problem}")
        value = tuple(row[name] for name in key)
        if value in seen:
            _fail(table, f"column {', '.join(key)}, row {number}: duplicate key {value} (first at row {seen[value]})")
        seen[value] = number


def validate_references(tables: dict[str, list[Row]]) -> None:
    """Every foreign key value names a row of the table it refers to."""
    for table, rows in tables.items():
        for foreign in FOREIGN_KEYS[table]:
            if foreign.table not in tables:
                continue
            known = {row[foreign.reference] for row in tables[foreign.table]}
            for number, row in enumerate(rows, start=1):
                value = row[foreign.field]
                if value is not None and value not in known:
                    _fail(table, f"column {foreign.field}, row {number}: {value!r} is not a "
                                 f"{foreign.reference} of {foreign.table}")


def cell_problem(column: Column, value: object) -> str:
    if value is None:
        return "missing required value" if column.required else ""
    if isinstance(value, bool) and column.type != "boolean":
        return f"expected {column.type}, got a boolean"
    if not isinstance(value, _PY_TYPES[column.type]):
        return f"expected {column.type}, got {type(value).__name__}"
    if column.enum and value not in column.enum:
        return f"{value!r} is not one of {', '.join(column.enum)}"
    if column.minimum is not None and value < column.minimum:
        return f"{value!r} is below the minimum {column.minimum}"
    if column.maximum is not None and value > column.maximum:
        return f"{value!r} is above the maximum {column.maximum}"
    return ""


def _fail(table: str, reason: str) -> None:
    raise PlanError(Errors.E105, table=table, reason=reason)
