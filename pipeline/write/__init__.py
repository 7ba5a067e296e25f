"""Stage 4, write: tidy tables, validated against their schema, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..catalogue import Catalogue
from ..models import Match, Outcome
from .files import Written, check_output_folder, output_folder, output_lock, write_tables
from .validate import validate_table
from .schema import TABLES, Column
from .review import write_review
from .tables import (actions_rows, council_coverage_rows, coverage_rows, documents_rows, facts_rows, matches_rows,
                     records_rows)

__all__ = ["TABLES", "Column", "Written", "build_tables", "check_output_folder", "output_folder", "output_lock",
           "write_outputs", "write_review", "validate_table", "write_tables"]


def build_tables(outcomes: Sequence[Outcome], matches: Sequence[Match],
                 catalogue: Catalogue) -> dict[str, list[dict]]:
    return {
        "documents": documents_rows(outcomes),
        "records": records_rows(outcomes),
        "matches": matches_rows(matches),
        "actions": actions_rows(catalogue),
        "coverage": coverage_rows(outcomes, matches, catalogue),
        "council_coverage": council_coverage_rows(outcomes, matches, catalogue),
        "facts": facts_rows(outcomes),
    }


def write_outputs(outcomes: Sequence[Outcome], matches: Sequence[Match], catalogue: Catalogue,
                  out_dir: Path, run: dict | None = None) -> Written:
    """Every table and file of a run; `run` is output/run.json's content."""
    return write_tables(build_tables(outcomes, matches, catalogue), out_dir, run)
