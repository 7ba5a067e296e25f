"""Stage 4, write: tidy tables, validated against their schema, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..catalogue import Catalogue
from ..models import Match, Outcome
from .files import OutputSet, Written, check_output_folder, output_folder, output_lock, write_tables
from .validate import validate_references, validate_table
from .schema import TABLES, Column
from .spool import STREAMED
from .review import write_review
from .tables import (Digest, Row, WARNING_JOINER, actions_rows, council_coverage_rows, coverage_rows, document_row, fact_rows,
                     joined_warnings, matches_rows, plan_rows)

__all__ = ["TABLES", "Column", "RunTables", "Written", "check_output_folder", "output_folder", "output_lock",
           "write_review", "validate_table", "write_tables"]


class RunTables:
    """A run's tables, made as its documents arrive: each document's records, matches, facts
    and coverage rows are checked and written at once (spool.py); only its `documents` row and
    its share of the digest (tables.Digest) are kept, so memory stays flat in the number of
    documents. `commit` writes the rest and makes the set current; leaving without it leaves
    the output folder as it was."""

    def __init__(self, out_dir: Path, catalogue: Catalogue, review: bool = False, jobs: int = 1) -> None:
        self.catalogue = catalogue
        self.actions = actions_rows(catalogue)
        self.documents: list[Row] = []
        self.output = OutputSet(out_dir, jobs)
        self.digest = Digest(keep_candidates=review)
        try:
            for table in STREAMED:  # every table, even when no document gives it a row
                self.output.add(table, [])
        except BaseException:
            self.output.__exit__(None, None, None)
            raise

    def __enter__(self) -> RunTables:
        return self

    def __exit__(self, *exc_info) -> None:
        self.output.__exit__(*exc_info)

    def add(self, outcome: Outcome, matches: Sequence[Match]) -> None:
        document = document_row(outcome)
        self.documents.append(document)
        if not outcome.plan:
            return
        records, rows, facts = plan_rows(outcome.plan), matches_rows(matches), fact_rows(outcome.plan)
        self.digest.add(outcome.doc_id, records, rows)
        coverage = coverage_rows(document, self.digest, self.catalogue) if outcome.plan_found else []
        validate_references({"documents": [document], "actions": self.actions, "records": records, "matches": rows,
                             "facts": facts, "coverage": coverage})
        for table, table_rows in (("records", records), ("matches", rows), ("facts", facts), ("coverage", coverage)):
            self.output.add(table, table_rows)

    def addressed(self, doc_id: str) -> int:
        """How many actions the document's responses address."""
        return len(self.digest.hits.get(doc_id, {}))

    def commit(self, more_warnings: dict[str, str], run: dict | None = None) -> Written:
        """Write every table and file; `more_warnings`: source_file -> a warning learnt once
        every document was in (W009), added to its row."""
        for document in self.documents:
            extra = more_warnings.get(document["source_file"])
            if extra:
                document["warnings"] = WARNING_JOINER.join(filter(None, [document["warnings"], joined_warnings(
                    [extra], document["source_file"])]))
        tables = {"documents": self.documents, "actions": self.actions,
                  "council_coverage": council_coverage_rows(self.documents, self.digest, self.catalogue)}
        return self.output.commit(tables, self.digest, run)
