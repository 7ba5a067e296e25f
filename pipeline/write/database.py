"""output/plans.duckdb and output/views.sql: every table, plus ready views, for DuckDB.

plans.duckdb is written in DuckDB's v1.1 storage format, so DuckDB 1.1 and later (R, DBeaver)
open it; views.sql creates the same tables as views over the Parquet files, for any version
(`cd output && duckdb -c ".read views.sql"`). Tables and columns carry the schema's
descriptions as comments. Views count councils (council_coverage), not documents:
- coverage_matrix: one row per action, one boolean column per council (addressed or not);
- action_coverage: per action, how many councils addressed it, with the catalogue's words;
- least_addressed: action_coverage, least addressed first;
- matched_records: each response matched to an action, with its text, page and council.
"""

from __future__ import annotations

from pathlib import Path

from .schema import DESCRIPTIONS, TABLES

STORAGE_VERSION = "v1.1.0"
NO_ACTIONS = "(NULL, 0)"
_VIEWS = {  # name -> (tables it needs, query)
    "action_coverage": (("actions", "council_coverage"), """
        SELECT a.action_id, a.theme_no, a.theme, a.section, a.text,
               count(*) FILTER (WHERE c.addressed) AS n_councils_addressed,
               count(c.council) AS n_councils,
               round(count(*) FILTER (WHERE c.addressed) / nullif(count(c.council), 0), 3) AS share_addressed
        FROM actions a LEFT JOIN council_coverage c USING (action_id)
        GROUP BY ALL"""),
    "least_addressed": (("actions", "council_coverage"), """
        SELECT * FROM action_coverage ORDER BY n_councils_addressed, theme_no, action_id"""),
    "matched_records": (("matches", "records", "documents"), """
        SELECT r.council, r.theme_no, r.section, m.action_id, m.score, m.method, m.evidence,
               r.text, r.page, r.record_id, d.source_file
        FROM matches m JOIN records r USING (record_id)
        JOIN documents d ON d.doc_id = r.doc_id AND d.status = 'ok'
        WHERE m.status = 'matched' AND r.kind = 'response'
        ORDER BY r.record_id, m.rank"""),
    "coverage_matrix": (("actions", "council_coverage"), None),
}


def build_database(path: Path, parquet: dict[str, Path], councils: list[str], action_ids: list[str]) -> None:
    """Create the database at `path` from the tables' Parquet files."""
    import duckdb  # imported when writing: a run that leaves its outputs as they were never loads it

    with duckdb.connect() as connection:
        connection.execute(f"ATTACH '{_literal(str(path))}' AS plans (STORAGE_VERSION '{STORAGE_VERSION}')")
        connection.execute("USE plans")
        for table, source in parquet.items():
            connection.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)", [str(source)])
        for statement in view_statements(list(parquet), councils, action_ids) + comment_statements(list(parquet)):
            connection.execute(statement)
        connection.execute("USE memory")
        connection.execute("DETACH plans")


def views_sql(tables: list[str], councils: list[str], action_ids: list[str]) -> str:
    """views.sql: every table as a view over its Parquet file, then the views and comments."""
    lines = ["-- Open the output tables in any DuckDB: cd output && duckdb -c \".read views.sql\"", ""]
    lines += [f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{table}.parquet');" for table in tables]
    lines += [statement.replace("CREATE VIEW", "CREATE OR REPLACE VIEW") + ";"
              for statement in view_statements(tables, councils, action_ids)]
    lines += [statement.replace("COMMENT ON TABLE", "COMMENT ON VIEW") + ";"
              for statement in comment_statements(tables) if " COLUMN " not in statement]
    return "\n".join(lines) + "\n"


def view_statements(tables: list[str], councils: list[str], action_ids: list[str]) -> list[str]:
    return [f"CREATE VIEW {name} AS {query or _matrix(councils, action_ids)}"
            for name, (needs, query) in _VIEWS.items() if set(needs) <= set(tables)]


def comment_statements(tables: list[str]) -> list[str]:
    statements = []
    for table in tables:
        statements.append(f"COMMENT ON TABLE {table} IS '{_literal(DESCRIPTIONS[table])}'")
        statements += [f"COMMENT ON COLUMN {table}.{column.name} IS '{_literal(column.description)}'"
                       for column in TABLES[table]]
    return statements


def _matrix(councils: list[str], action_ids: list[str]) -> str:
    """Councils as columns (one per council: council_coverage already counts spellings that
    differ only in case as one), actions as rows in the catalogue's order."""
    numbered = ", ".join(f"('{_literal(action_id)}', {number})" for number, action_id in enumerate(action_ids))
    order = (f"JOIN (VALUES {numbered or NO_ACTIONS}) o(action_id, catalogue_order) USING (action_id) "
             "ORDER BY o.catalogue_order")
    if not councils:
        return f"SELECT m.action_id FROM actions m {order}"
    values = ", ".join(f"'{_literal(council)}'" for council in councils)
    pivot = (f"PIVOT (SELECT action_id, council, addressed FROM council_coverage) "
             f"ON council IN ({values}) USING bool_or(addressed) GROUP BY action_id")
    return f"SELECT m.* FROM ({pivot}) m {order}"


def _literal(text: str) -> str:
    return text.replace("'", "''")
