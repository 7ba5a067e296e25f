"""The tables that grow with the documents (records, matches, facts, coverage), written as
each document's rows arrive: checked against the schema, appended to the table's CSV file
and, a row group at a time, to its Parquet file, in the staging folder. The run then holds
no more of them than one row group, however many documents it has."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .schema import TABLES, arrow_schema
from .tables import Row
from .validate import validate_table

STREAMED = ("records", "matches", "facts", "coverage")
ROW_GROUP = 2_000  # rows held before they are written to the Parquet file
_UMASK = os.umask(0)
os.umask(_UMASK)


def staged_file(folder: Path) -> Path:
    """A new temporary file in `folder`, readable as an ordinary file would be."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".writing-")
    os.close(handle)
    return Path(name)


def readable(path: Path) -> None:
    """Give a written file the permissions an ordinary new file gets (mkstemp's are 0600)."""
    path.chmod(0o666 & ~_UMASK)


def empty_to_null(table: str, row: Row) -> Row:
    """Optional text left empty is null, so CSV and Parquet agree on what is missing."""
    optional = {c.name for c in TABLES[table] if c.type == "string" and not c.required}
    return {name: None if name in optional and value == "" else value for name, value in row.items()}


def csv_cell(value: object) -> str:
    """A value as CSV text, exactly as in the Parquet file (spreadsheets get the workbook)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def arrow_table(table: str, rows: list[Row]):
    import pyarrow as pa  # imported when writing: a run that leaves its outputs as they were never loads it

    schema = arrow_schema(table)
    return pa.table({name: [row[name] for row in rows] for name in schema.names}, schema=schema)


class Spool:
    """One table being written: `add` a document's rows, `close` when all are in; then
    `csv` and `parquet` are its staged files, and iterating it reads it back a row group at a time."""

    def __init__(self, folder: Path, table: str) -> None:
        self.table = table
        self.names = [column.name for column in TABLES[table]]
        self.csv, self.parquet = staged_file(folder), staged_file(folder)
        self.count = 0
        self._handle = self.csv.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._handle, lineterminator="\n")
        self._csv.writerow(self.names)
        self._buffer: list[Row] = []
        self._parquet = None

    def add(self, rows: list[Row]) -> None:
        rows = [empty_to_null(self.table, row) for row in rows]
        validate_table(self.table, rows, start=self.count + 1)
        self._csv.writerows([csv_cell(row[name]) for name in self.names] for row in rows)
        self._buffer.extend(rows)
        self.count += len(rows)
        if len(self._buffer) >= ROW_GROUP:
            self._flush()

    def close(self) -> None:
        if self._buffer or self._parquet is None:
            self._flush()
        self._parquet.close()
        self._handle.close()
        readable(self.csv)
        readable(self.parquet)

    def abandon(self) -> None:
        """Close the files without finishing them (the staging folder is being removed)."""
        self._handle.close()
        if self._parquet is not None:
            self._parquet.close()

    def __iter__(self) -> Iterator[Row]:
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(self.parquet).iter_batches(batch_size=ROW_GROUP):
            yield from batch.to_pylist()

    def _flush(self) -> None:
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.parquet, arrow_schema(self.table))
        self._parquet.write_table(arrow_table(self.table, self._buffer))
        self._buffer = []
