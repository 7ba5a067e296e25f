"""Validate every table against its schema, then write CSV and Parquet atomically.

Nothing is written until all tables pass. Each file is written to a temporary name in the
output folder and renamed into place, so a crash never leaves a half-written table and a
failed run leaves the previous outputs untouched.
"""

from __future__ import annotations

import csv
import os
import tempfile
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Errors, PlanError
from .schema import TABLES, Column, arrow_schema
from .tables import Row

_PY_TYPES = {"string": (str,), "integer": (int,), "number": (float, int), "boolean": (bool,)}


def validate_table(table: str, rows: list[Row]) -> None:
    """Raise E105 naming the table, column and row of the first violation."""
    columns = TABLES[table]
    names = [c.name for c in columns]
    for number, row in enumerate(rows, start=1):
        if list(row) != names:
            _fail(table, f"row {number} has columns {sorted(row)}, expected {names}")
        for column in columns:
            problem = _cell_problem(column, row[column.name])
            if problem:
                _fail(table, f"column {column.name}, row {number}: {problem}")


def _cell_problem(column: Column, value: object) -> str:
    if value is None:
        return "missing required value" if column.required else ""
    if isinstance(value, bool) and column.type != "boolean":
        return f"expected {column.type}, got a boolean"
    if not isinstance(value, _PY_TYPES[column.type]):
        return f"expected {column.type}, got {type(value).__name__}"
    if column.enum and value not in column.enum:
        return f"{value!r} is not one of {', '.join(column.enum)}"
    return ""


def write_tables(tables: dict[str, list[Row]], out_dir: Path) -> list[Path]:
    tables = {table: [_empty_to_null(table, row) for row in rows] for table, rows in tables.items()}
    for table, rows in tables.items():
        validate_table(table, rows)
    staged: list[tuple[Path, Path]] = []
    table = "(output folder)"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for table, rows in tables.items():
            for suffix, writer in ((".csv", _write_csv), (".parquet", _write_parquet)):
                staged.append((_stage(out_dir, partial(writer, table=table, rows=rows)),
                               out_dir / f"{table}{suffix}"))
    except OSError as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise PlanError(Errors.E105, table=table, reason=exc.strerror or str(exc)) from None
    for temporary, final in staged:
        os.replace(temporary, final)
    return [final for _, final in staged]


def _empty_to_null(table: str, row: Row) -> Row:
    """Optional text left empty is null, so CSV and Parquet agree on what is missing."""
    optional = {c.name for c in TABLES[table] if c.type == "string" and not c.required}
    return {name: None if name in optional and value == "" else value for name, value in row.items()}


def _stage(out_dir: Path, write) -> Path:
    handle, name = tempfile.mkstemp(dir=out_dir, prefix=".writing-")
    os.close(handle)
    path = Path(name)
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _write_csv(path: Path, table: str, rows: list[Row]) -> None:
    names = [c.name for c in TABLES[table]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_cell(row[name]) for name in names])


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_parquet(path: Path, table: str, rows: list[Row]) -> None:
    schema = arrow_schema(table)
    columns = {name: [row[name] for row in rows] for name in schema.names}
    pq.write_table(pa.table(columns, schema=schema), path)


def _fail(table: str, reason: str) -> None:
    raise PlanError(Errors.E105, table=table, reason=reason)
