"""output/plans.duckdb: every table, plus ready views, for `duckdb output/plans.duckdb`.

Views:
- coverage_matrix: one row per action, one boolean column per council (addressed or not);
- action_coverage: per action, how many councils addressed it, with the catalogue's words;
- least_addressed: action_coverage, least addressed first;
- matched_records: each matched (record, action) with the record's text, page and council.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

_VIEWS = {  # name -> (tables it needs, query)
    "action_coverage": (("actions", "coverage"), """
        SELECT a.action_id, a.theme_no, a.theme, a.section, a.text,
               count(*) FILTER (WHERE c.addressed) AS n_councils_addressed,
               count(c.doc_id) AS n_councils,
               round(count(*) FILTER (WHERE c.addressed) / nullif(count(c.doc_id), 0), 3) AS share_addressed
        FROM actions a LEFT JOIN coverage c USING (action_id)
        GROUP BY ALL"""),
    "least_addressed": (("actions", "coverage"), """
        SELECT * FROM action_coverage ORDER BY n_councils_addressed, theme_no, action_id"""),
    "matched_records": (("matches", "records", "documents"), """
        SELECT r.council, r.theme_no, r.section, r.kind, m.action_id, m.score, m.method, m.evidence,
               r.text, r.page, r.record_id, d.source_file
        FROM matches m JOIN records r USING (record_id)
        JOIN documents d ON d.doc_id = r.doc_id AND d.status = 'ok'
        WHERE m.status = 'matched'
        ORDER BY r.record_id, m.rank"""),
    "coverage_matrix": (("actions", "coverage"), None),
}


def build_database(path: Path, parquet: dict[str, Path], councils: list[str]) -> None:
    """Create the database at `path` from the tables' Parquet files."""
    with duckdb.connect(str(path)) as connection:
        for table, source in parquet.items():
            connection.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)", [str(source)])
        for name, (needs, query) in _VIEWS.items():
            if set(needs) <= set(parquet):
                connection.execute(f"CREATE VIEW {name} AS {query or _matrix(councils)}")


def _matrix(councils: list[str]) -> str:
    """Councils as columns, actions as rows in the catalogue's order. Column names are
    compared without case in SQL, so a council spelt like another but for case gets a
    numbered column of its own ("Kent County Council (2)") rather than merging into it."""
    order = "JOIN (SELECT action_id, rowid AS catalogue_order FROM actions) o USING (action_id) ORDER BY o.catalogue_order"
    if not councils:
        return f"SELECT m.action_id FROM actions m {order}"
    labels = column_labels(councils)
    names = ", ".join(f"({_quote(council)}, {_quote(label)})" for council, label in labels.items())
    values = ", ".join(_quote(label) for label in labels.values())
    pivot = (f"PIVOT (SELECT c.action_id, l.label AS council, c.addressed FROM coverage c "
             f"JOIN (VALUES {names}) l(name, label) ON l.name = coalesce(c.council, c.doc_id)) "
             f"ON council IN ({values}) USING bool_or(addressed) GROUP BY action_id")
    return f"SELECT m.* FROM ({pivot}) m {order}"


def column_labels(councils: list[str]) -> dict[str, str]:
    """Each council's column name, unique without regard to case."""
    labels: dict[str, str] = {}
    taken: set[str] = set()
    for council in councils:
        label, number = council, 1
        while label.casefold() in taken:
            number += 1
            label = f"{council} ({number})"
        taken.add(label.casefold())
        labels[council] = label
    return labels


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
