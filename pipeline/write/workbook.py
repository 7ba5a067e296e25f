"""output/winter_plans.xlsx: the tables as a spreadsheet analysts can open directly.

A "Coverage" sheet in the shape of the checklist analysts keep by hand: the national plan's
actions as rows with their wording, councils as columns, "addressed" where the council's
plan addresses the action; the cell links to the evidence record on the records sheet and
its note holds the evidence sentence; the cell says what the council's most advanced response
reports (done, in progress, ongoing, planned; "addressed" when none says). Then one sheet per table. Every cell is typed (text,
number, true/false), so no text is ever run as a formula; headers are frozen and filtered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .schema import TABLES
from .tables import Digest, Row

COVERAGE_SHEET = "Coverage"
SHEET_NAMES = {"coverage": "coverage_by_document"}  # sheet names ignore case: "coverage" would clash with "Coverage"
EXCEL_TEXT_LIMIT = 32_767  # characters a cell holds; longer text is cut (the CSV and Parquet keep it whole)
_WIDTHS = {"text": 80, "evidence": 60, "theme": 30, "section": 30, "source_file": 40, "error": 60, "warnings": 60}


def write_workbook(path: Path, tables: dict[str, Iterable[Row]], digest: Digest) -> None:
    """Write the workbook a row at a time (xlsxwriter's constant-memory mode): a table
    written as documents arrived is read back from its Parquet file, not held."""
    import xlsxwriter  # imported when writing: a run that leaves its outputs as they were never loads it

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
               "constant_memory": True}
    with xlsxwriter.Workbook(str(path), options) as book:
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        addressed = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        coverage_sheet(book, tables, digest, header, addressed)
        for table, rows in tables.items():
            table_sheet(book, table, rows, header)


def coverage_sheet(book, tables: dict[str, Iterable[Row]], digest: Digest, header, addressed) -> None:
    sheet = book.add_worksheet(COVERAGE_SHEET)
    cells = {(row["council"], row["action_id"]): row for row in tables["council_coverage"]}
    councils = list(dict.fromkeys(row["council"] for row in tables["council_coverage"]))
    actions = list(tables["actions"])
    columns = ["action_id", "theme_no", "section", "text"]
    sheet.freeze_panes(1, len(columns))
    sheet.autofilter(0, 0, len(actions), len(columns) + len(councils) - 1)
    sheet.set_column(0, 0, 14)
    sheet.set_column(2, 2, 30)
    sheet.set_column(3, 3, 70)
    sheet.set_column(len(columns), len(columns) + max(len(councils) - 1, 0), 16)
    for number, name in enumerate([*columns, *councils]):
        sheet.write_string(0, number, name, header)
    for row_number, action in enumerate(actions, start=1):
        for number, name in enumerate(columns):
            _write(sheet, row_number, number, action[name])
        for offset, council in enumerate(councils, start=len(columns)):
            cell = cells.get((council, action["action_id"]))
            if not cell or not cell["addressed"]:
                continue
            evidence = digest.evidence[cell["evidence_record_id"]]
            sheet.write_url(row_number, offset, f"internal:'records'!A{evidence['row']}", addressed,
                            string=(cell["best_status"] or "addressed").replace("_", " "),
                            tip=f"record {evidence['record_id']}")
            sheet.write_comment(row_number, offset, _cut(f"{action['action_id']} — {council}, score "
                                                         f"{cell['best_score']:.2f}: {evidence['text']}"),
                                {"x_scale": 3, "y_scale": 3})


def table_sheet(book, table: str, rows: Iterable[Row], header) -> None:
    sheet = book.add_worksheet(SHEET_NAMES.get(table, table)[:31])
    names = [column.name for column in TABLES[table]]
    sheet.freeze_panes(1, 0)
    for number, name in enumerate(names):
        sheet.set_column(number, number, _WIDTHS.get(name, 14))
        sheet.write_string(0, number, name, header)
    count = 0
    for count, row in enumerate(rows, start=1):
        for number, name in enumerate(names):
            _write(sheet, count, number, row[name])
    sheet.autofilter(0, 0, max(count, 1), len(names) - 1)


def _write(sheet, row: int, column: int, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, _cut(str(value)))


def _cut(text: str) -> str:
    return text if len(text) <= EXCEL_TEXT_LIMIT else text[:EXCEL_TEXT_LIMIT - 1] + "…"
