"""Validate every table against its schema, then write them all atomically: CSV and
Parquet per table, output/datapackage.json, output/plans.duckdb, output/report.html and
output/coverage_heatmap.png.

Nothing is written until all tables pass. Each file is written under a temporary name in
the output folder and renamed into place only when all are ready, so a crash or a bad table
never leaves a half-written output and the previous outputs stay as they were.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from functools import partial
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Errors, PlanError
from ..strings import collapse
from .database import build_database
from .datapackage import datapackage
from .report import heatmap_png, report_html
from .schema import TABLES, arrow_schema
from .tables import Row
from .validate import validate_references, validate_table

DATAPACKAGE = "datapackage.json"
DATABASE = "plans.duckdb"
REPORT = "report.html"
HEATMAP = "coverage_heatmap.png"
REPORT_TABLES = {"documents", "records", "actions", "coverage"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_tables(tables: dict[str, list[Row]], out_dir: Path) -> list[Path]:
    tables = {table: [_empty_to_null(table, row) for row in rows] for table, rows in tables.items()}
    for table, rows in tables.items():
        validate_table(table, rows)
    validate_references(tables)
    staged: list[tuple[Path, Path]] = []
    step = "(output folder)"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for step, rows in tables.items():
            for suffix, writer in ((".csv", _write_csv), (".parquet", _write_parquet)):
                staged.append((_stage(out_dir, partial(writer, table=step, rows=rows)), out_dir / f"{step}{suffix}"))
        step = DATAPACKAGE
        staged.append((_stage(out_dir, partial(_write_json, payload=datapackage(list(tables)))), out_dir / step))
        step = DATABASE
        parquet = {final.stem: temporary for temporary, final in staged if final.suffix == ".parquet"}
        councils = sorted({row["council"] or row["doc_id"] for row in tables.get("coverage", [])})
        staged.append((_stage(out_dir, partial(_write_database, parquet=parquet, councils=councils)), out_dir / step))
        if REPORT_TABLES <= set(tables):
            step = REPORT
            staged.append((_stage(out_dir, partial(_write_text, text=report_html(tables))), out_dir / step))
            step = HEATMAP
            staged.append((_stage(out_dir, partial(heatmap_png, tables)), out_dir / step))
        for temporary, final in staged:
            os.replace(temporary, final)
    except Exception as exc:  # any library's failure: clean up, one line, previous outputs kept
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        reason = collapse(getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}")[:200]
        raise PlanError(Errors.E105, table=step, reason=reason) from None
    return [final for _, final in staged]


def _empty_to_null(table: str, row: Row) -> Row:
    """Optional text left empty is null, so CSV and Parquet agree on what is missing."""
    optional = {c.name for c in TABLES[table] if c.type == "string" and not c.required}
    return {name: None if name in optional and value == "" else value for name, value in row.items()}


def _stage(out_dir: Path, write: Callable[[Path], None]) -> Path:
    """Write to a temporary file in the output folder, readable as an ordinary file would be."""
    handle, name = tempfile.mkstemp(dir=out_dir, prefix=".writing-")
    os.close(handle)
    path = Path(name)
    try:
        write(path)
        path.chmod(0o666 & ~_UMASK)
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
            writer.writerow([csv_cell(row[name]) for name in names])


def csv_cell(value: object) -> str:
    """A value as CSV text, made inert for spreadsheets when it could run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


def _write_parquet(path: Path, table: str, rows: list[Row]) -> None:
    schema = arrow_schema(table)
    columns = {name: [row[name] for row in rows] for name in schema.names}
    pq.write_table(pa.table(columns, schema=schema), path)


def _write_json(path: Path, payload: dict) -> None:
    _write_text(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _write_database(path: Path, parquet: dict[str, Path], councils: list[str]) -> None:
    path.unlink()  # duckdb creates its own file
    build_database(path, parquet, councils)
