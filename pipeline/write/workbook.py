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

from .schema import TABLES
from .tables import Row

COVERAGE_SHEET = "Coverage"
SHEET_NAMES = {"coverage": "coverage_by_document"}  # sheet names ignore case: "coverage" would clash with "Coverage"
EXCEL_TEXT_LIMIT = 32_767  # characters a cell holds; longer text is cut (the CSV and Parquet keep it whole)
_WIDTHS = {"text": 80, "evidence": 60, "theme": 30, "section": 30, "source_file": 40, "error": 60, "warnings": 60}


def write_workbook(path: Path, tables: dict[str, list[Row]]) -> None:
    import xlsxwriter  # imported when writing: a run that leaves its outputs as they were never loads it

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(str(path), options) as book:
        header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        addressed = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        rows_of_records = {row["record_id"]: number for number, row in enumerate(tables["records"], start=2)}
        coverage_sheet(book, tables, header, addressed, rows_of_records)
        for table, rows in tables.items():
            table_sheet(book, table, rows, header)


def coverage_sheet(book, tables: dict[str, list[Row]], header, addressed, rows_of_records: dict[str, int]) -> None:
    sheet = book.add_worksheet(COVERAGE_SHEET)
    cells = {(row["council"], row["action_id"]): row for row in tables["council_coverage"]}
    councils = list(dict.fromkeys(row["council"] for row in tables["council_coverage"]))
    records = {row["record_id"]: row for row in tables["records"]}
    columns = ["action_id", "theme_no", "section", "text"]
    for number, name in enumerate([*columns, *councils]):
        sheet.write_string(0, number, name, header)
    for row_number, action in enumerate(tables["actions"], start=1):
        for number, name in enumerate(columns):
            _write(sheet, row_number, number, action[name])
        for offset, council in enumerate(councils, start=len(columns)):
            cell = cells.get((council, action["action_id"]))
            if not cell or not cell["addressed"]:
                continue
            evidence = cell["evidence_record_id"]
            sheet.write_url(row_number, offset, f"internal:'records'!A{rows_of_records[evidence]}", addressed,
                            string=(cell["best_status"] or "addressed").replace("_", " "), tip=f"record {evidence}")
            sheet.write_comment(row_number, offset, _cut(f"{action['action_id']} — {council}, score "
                                                         f"{cell['best_score']:.2f}: {records[evidence]['text']}"),
                                {"x_scale": 3, "y_scale": 3})
    sheet.freeze_panes(1, len(columns))
    sheet.autofilter(0, 0, len(tables["actions"]), len(columns) + len(councils) - 1)
    sheet.set_column(0, 0, 14)
    sheet.set_column(2, 2, 30)
    sheet.set_column(3, 3, 70)
    sheet.set_column(len(columns), len(columns) + max(len(councils) - 1, 0), 16)


def table_sheet(book, table: str, rows: list[Row], header) -> None:
    sheet = book.add_worksheet(SHEET_NAMES.get(table, table)[:31])
    names = [column.name for column in TABLES[table]]
    for number, name in enumerate(names):
        sheet.write_string(0, number, name, header)
        sheet.set_column(number, number, _WIDTHS.get(name, 14))
    for row_number, row in enumerate(rows, start=1):
        for number, name in enumerate(names):
            _write(sheet, row_number, number, row[name])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(names) - 1)


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
