"""The output tables' columns: one source of truth for writing, validation and the docs."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import DELIVERY, FACT_KINDS, MANIFEST_ROLES, MATCH_STATUSES, QUALIFIERS, RECORD_KINDS


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | integer | number | boolean
    description: str
    required: bool = True
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class ForeignKey:
    field: str
    table: str
    reference: str


ARROW_TYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}  # pyarrow's names
FORMATS = ("pdf", "html", "text", "docx")

EVIDENCE = (  # the columns coverage and council_coverage share
    Column("best_score", "number", "Score of the best matched response; empty when not addressed.",
           required=False, minimum=0, maximum=1),
    Column("evidence_record_id", "string", "The best matched response record; empty when not addressed.",
           required=False),
    Column("best_status", "string", "The most advanced delivery status among the responses addressing the "
           "action (done > in_progress > ongoing > planned): had the council already done it, or only promised "
           "it? Empty when not addressed or when none of them reports a status.", required=False, enum=DELIVERY),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": (
        Column("doc_id", "string", "Stable id of the file's content: the first 12 hex digits of its sha256. "
                                   "For a file that was not read (an error row, a second copy): 'f' and 11 hex "
                                   "digits of the sha256 of its source_file, so every row has its own."),
        Column("source_file", "string", "Path of the file as given, relative to the working directory."),
        Column("format", "string", "Format read from the file's content.", required=False, enum=FORMATS),
        Column("council", "string", "Council name, inferred from the document or set in sources.csv.", required=False),
        Column("title", "string", "Document title where one is found.", required=False),
        Column("sha256", "string", "SHA-256 of the file's bytes."),
        Column("n_pages", "integer", "Pages, for paginated formats; empty otherwise.", required=False),
        Column("n_records", "integer", "Records extracted from the document."),
        Column("status", "string", "ok, or error when the file could not be read.", enum=("ok", "error")),
        Column("error", "string", "One-line reason and remedy when status is error.", required=False),
        Column("plan_found", "boolean", "True when the document holds at least one plan record. A document "
               "without (a web page with no plan inside) is listed here but kept out of coverage, "
               "council_coverage and every share."),
        Column("warnings", "string", "Every warning about the document, as '[Wxxx] message', joined by ' | '.",
               required=False),
        Column("url", "string", "Where the document was published, from sources.csv.", required=False),
        Column("published", "string", "When it was published, from sources.csv, as written there.", required=False),
        Column("council_code", "string", "The council's code (for example its ONS code), from sources.csv.",
               required=False),
        Column("role", "string", "plan or annex, from sources.csv.", required=False, enum=MANIFEST_ROLES),
    ),
    "records": (
        Column("record_id", "string", "<doc_id>-<seq:04d>."),
        Column("doc_id", "string", "The document the record comes from."),
        Column("council", "string", "As in documents.", required=False),
        Column("seq", "integer", "1..n in document order.", minimum=1),
        Column("theme_no", "integer", "Canonical theme number (1-4), empty where none applies.", required=False,
               minimum=1),
        Column("theme", "string", "Canonical theme title from the catalogue.", required=False),
        Column("section", "string", "Section heading as written in the document; empty where none.", required=False),
        Column("kind", "string", "required_action (a stated national action) or response (the council's own words).",
               enum=RECORD_KINDS),
        Column("group_id", "string", "Records answering each other share it: one table row, or one section's "
               "action list and its responses."),
        Column("label", "string", "List number or bullet as written, e.g. '3.'.", required=False),
        Column("rag", "string", "The RAG / status cell of the record's table row as written ('Green', 'Amber', "
               "'Complete'); empty where the table has no such column.", required=False),
        Column("owner", "string", "The lead / owner / responsible cell of the record's table row, as written.",
               required=False),
        Column("due", "string", "The timescale / deadline cell of the record's table row, as written.",
               required=False),
        Column("extra", "string", "Other cells of the record's table row that are neither action, response nor "
               "one of the above, as 'header: value' pairs joined by '; '.", required=False),
        Column("text", "string", "The record's text: whitespace collapsed, markup removed, page-break pieces joined."),
        Column("page", "integer", "Page where the record starts; empty for unpaginated formats.", required=False),
        Column("status", "string", "What a response says of delivery, from its own words: done (achieved or in "
               "place), in_progress (under way), ongoing (continuing, regular), planned (a promise or intention), "
               "several joined by ';' heaviest first when it reports more than one; none when it reports none "
               "and for every required_action."),
        Column("status_evidence", "string", "The phrases that decided the status, joined by ' | '.",
               required=False),
    ),
    "matches": (
        Column("record_id", "string", "The record matched."),
        Column("action_id", "string", "Canonical action id from the catalogue."),
        Column("rank", "integer", "1 for the record's best candidate; matched candidates rank first.", minimum=1),
        Column("score", "number", "0..1: how strongly the record states or addresses the action.",
               minimum=0, maximum=1),
        Column("status", "string", "matched (at or above the auto-accept threshold, a second action stated "
               "by the same words, or a response's best candidate standing clearly ahead of the rest) or review.",
               enum=MATCH_STATUSES),
        Column("method", "string", "phrase (shared wording), similarity (shared terms), context (section, "
               "heading or group) or override."),
        Column("evidence", "string", "The phrases, terms and context that produced the candidate.", required=False),
    ),
    "actions": (
        Column("action_id", "string", "Canonical id, e.g. T1.STAFF.4."),
        Column("theme_no", "integer", "Theme number."),
        Column("theme", "string", "Theme title."),
        Column("section", "string", "Section of the national plan."),
        Column("seq", "integer", "Order within the section."),
        Column("text", "string", "The national plan's wording of the action."),
    ),
    "coverage": (
        Column("doc_id", "string", "The document."),
        Column("council", "string", "As in documents.", required=False),
        Column("action_id", "string", "Canonical action id; every action appears for every document."),
        Column("addressed", "boolean", "True when a response record of the document is matched to the action."),
        Column("n_records", "integer", "Response records matched to the action."),
        *EVIDENCE,
    ),
    "council_coverage": (
        Column("council", "string", "The council (spellings differing only in case or spacing are one council); "
               "the file name for a document whose council is unknown."),
        Column("action_id", "string", "Canonical action id; every action appears for every council."),
        Column("addressed", "boolean", "True when a response in any of the council's documents is matched to "
               "the action."),
        Column("n_documents", "integer", "The council's documents holding a plan.", minimum=1),
        Column("n_documents_addressed", "integer", "Of those, the documents addressing the action."),
        Column("n_records", "integer", "Response records matched to the action, over all its documents."),
        *EVIDENCE,
    ),
    "facts": (
        Column("record_id", "string", "The response the fact is in."),
        Column("fact_no", "integer", "1..n within the record, in the order written.", minimum=1),
        Column("kind", "string", "What it measures.", enum=FACT_KINDS),
        Column("span", "string", "The fact as written, e.g. '£6m', '1200', '28 days', 'weekly', 'March 2021'."),
        Column("value", "string", "Normalised: money in pounds (6000000), counts as whole numbers, percentages as "
               "numbers, durations in ISO 8601 (P28D), frequencies as daily/weekly/fortnightly/monthly/quarterly, "
               "dates as yyyy-mm-dd or yyyy-mm (a year left out taken from the plan year)."),
        Column("number", "number", "The value as a number for money, count and percent; empty otherwise.",
               required=False),
        Column("qualifier", "string", "The word bounding it: over, at least, up to, by, since or until.",
               required=False, enum=QUALIFIERS),
    ),
}


DESCRIPTIONS = {
    "documents": "One row per input file: what was read and whether it could be.",
    "records": "One row per stated required action or response unit, in document order.",
    "matches": "One row per (record, candidate canonical action), best first.",
    "actions": "The canonical catalogue of required actions used for matching.",
    "coverage": "One row per (document, canonical action): every action for every document holding a plan, "
                "so a gap is an explicit row.",
    "facts": "One row per quantity or date a response gives: money, counts, percentages, durations, "
             "frequencies and dates, as written and normalised.",
    "council_coverage": "One row per (council, canonical action), over the councils whose documents hold a "
                        "plan: the unit to count, share and compare councils by.",
}
PRIMARY_KEYS = {
    "documents": ("doc_id",),
    "records": ("record_id",),
    "matches": ("record_id", "action_id"),
    "actions": ("action_id",),
    "coverage": ("doc_id", "action_id"),
    "facts": ("record_id", "fact_no"),
    "council_coverage": ("council", "action_id"),
}
FOREIGN_KEYS = {
    "documents": (),
    "records": (ForeignKey("doc_id", "documents", "doc_id"),),
    "matches": (ForeignKey("record_id", "records", "record_id"), ForeignKey("action_id", "actions", "action_id")),
    "actions": (),
    "coverage": (ForeignKey("doc_id", "documents", "doc_id"), ForeignKey("action_id", "actions", "action_id"),
                 ForeignKey("evidence_record_id", "records", "record_id")),
    "facts": (ForeignKey("record_id", "records", "record_id"),),
    "council_coverage": (ForeignKey("action_id", "actions", "action_id"),
                         ForeignKey("evidence_record_id", "records", "record_id")),
}
SPREADSHEET_NOTE = ("The CSV files are UTF-8 without a byte-order mark and hold every value exactly as the "
                    "Parquet files do, for pandas, DuckDB and R. To open the tables in a spreadsheet, use "
                    "winter_plans.xlsx: its cells are typed, so text is never run as a formula and £ and – show "
                    "as written; a CSV opened directly in Excel may show them garbled and would run text "
                    "beginning with = as a formula.")


def arrow_schema(table: str):
    import pyarrow as pa  # imported when writing: a run that leaves its outputs as they were never loads it

    return pa.schema([pa.field(c.name, getattr(pa, ARROW_TYPES[c.type])(), nullable=not c.required)
                      for c in TABLES[table]])
