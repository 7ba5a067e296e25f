"""`python -m pipeline browse`: every output table in Datasette, on this machine only.

The tables' Parquet files are loaded into a fresh SQLite file (sqlite-utils) in a temporary
folder, with full-text search on `records.text`; the schema's table and column descriptions,
facets and the questions analysts ask most become Datasette metadata. Datasette serves it on
127.0.0.1 until the command is stopped; nothing is written to the output folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
import sqlite_utils

from .errors import Errors, PlanError
from .write.schema import DESCRIPTIONS, PRIMARY_KEYS, TABLES

DATABASE = "plans"
FACETS = {
    "documents": ["status", "format", "council", "plan_found"],
    "records": ["council", "theme", "section", "kind"],
    "matches": ["status", "method", "action_id"],
    "actions": ["theme", "section"],
    "coverage": ["council", "addressed"],
    "council_coverage": ["council", "addressed", "action_id"],
}
QUERIES = {
    "who_addressed_an_action": {
        "title": "Who addressed an action, with what evidence",
        "description": "Every council whose plan addresses the action, with its best evidence sentence.",
        "sql": "SELECT c.council, c.action_id, a.text AS action, c.best_score, r.text AS evidence, r.page, "
               "c.n_records FROM council_coverage c JOIN actions a USING (action_id) "
               "LEFT JOIN records r ON r.record_id = c.evidence_record_id "
               "WHERE c.action_id = :action_id AND c.addressed ORDER BY c.best_score DESC, c.council",
    },
    "what_a_council_left_out": {
        "title": "What a council left out",
        "description": "The national plan's actions the council's documents are not found to address.",
        "sql": "SELECT a.action_id, a.theme, a.section, a.text FROM council_coverage c JOIN actions a "
               "USING (action_id) WHERE c.council = :council AND NOT c.addressed ORDER BY a.rowid",
    },
    "actions_fewest_councils_addressed": {
        "title": "Actions fewest councils addressed",
        "description": "Per action, how many of the councils with a plan address it, least first.",
        "sql": "SELECT a.action_id, a.section, a.text, sum(c.addressed) AS n_councils_addressed, "
               "count(*) AS n_councils FROM council_coverage c JOIN actions a USING (action_id) "
               "GROUP BY a.action_id ORDER BY n_councils_addressed, a.rowid",
    },
}


def build_database(out_dir: Path, path: Path) -> list[str]:
    """Load every table written in `out_dir` into the SQLite file at `path`; the tables loaded."""
    database = sqlite_utils.Database(path)
    loaded = []
    for table in TABLES:
        source = out_dir / f"{table}.parquet"
        if not source.is_file():
            continue
        rows = pq.read_table(source).to_pylist()
        database[table].insert_all(rows, pk=PRIMARY_KEYS[table] if len(PRIMARY_KEYS[table]) > 1
                                   else PRIMARY_KEYS[table][0], columns=_column_types(table))
        loaded.append(table)
    if "records" in loaded:
        database["records"].enable_fts(["text", "section"], create_triggers=False)
    return loaded


def metadata(tables: list[str]) -> dict:
    """Datasette metadata from the schema: descriptions, facets, canned queries."""
    return {
        "title": "Councils' adult social care winter plans",
        "description": "The output tables of the winter plan pipeline. Count councils with council_coverage.",
        "databases": {DATABASE: {
            "tables": {table: {"description": DESCRIPTIONS[table],
                               "columns": {c.name: c.description for c in TABLES[table]},
                               "facets": FACETS.get(table, [])} for table in tables},
            "queries": QUERIES if "council_coverage" in tables and "actions" in tables else {},
        }},
    }


def serve_command(folder: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(folder / f"{DATABASE}.db"),
            "--metadata", str(folder / "metadata.json"), "--host", "127.0.0.1", "--port", str(port),
            "--setting", "facet_time_limit_ms", "1000"]


def prepare(out_dir: Path, folder: Path) -> list[str]:
    """The database and metadata Datasette serves, in `folder`; E111 without output tables."""
    tables = build_database(out_dir, folder / f"{DATABASE}.db")
    if not tables:
        raise PlanError(Errors.E111, path=out_dir)
    (folder / "metadata.json").write_text(json.dumps(metadata(tables), indent=2), encoding="utf-8")
    return tables


def browse(out_dir: Path, port: int) -> int:
    """Serve the tables until interrupted; Datasette's exit status."""
    with tempfile.TemporaryDirectory(prefix="winter-plans-browse-") as folder:
        prepare(out_dir, Path(folder))
        print(f"Datasette: http://127.0.0.1:{port}/{DATABASE} (Ctrl-C stops it)", flush=True)
        try:
            return subprocess.call(serve_command(Path(folder), port))
        except KeyboardInterrupt:
            return 0


def _column_types(table: str) -> dict[str, type]:
    kinds = {"string": str, "integer": int, "number": float, "boolean": int}
    return {c.name: kinds[c.type] for c in TABLES[table]}
