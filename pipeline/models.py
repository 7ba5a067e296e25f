"""The data contract between the stages, as typed, immutable dataclasses.

ingest  -> Document (metadata + ordered Blocks)
segment -> Plan (council, title + ordered Records; each response's delivery status and facts)
match   -> Match (ranked candidates per Record)
write   -> tables built from all of the above
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]
RecordKind = Literal["required_action", "response"]
MatchStatus = Literal["matched", "review"]

BLOCK_KINDS: tuple[str, ...] = ("heading", "paragraph", "list_item", "table_row")
RECORD_KINDS: tuple[str, ...] = ("required_action", "response")
DELIVERY: tuple[str, ...] = ("done", "in_progress", "ongoing", "planned")  # a response's statuses, most advanced first
FACT_KINDS: tuple[str, ...] = ("money", "count", "percent", "duration", "frequency", "date")
QUALIFIERS: tuple[str, ...] = ("over", "at least", "up to", "by", "since", "until")
MATCH_STATUSES: tuple[str, ...] = ("matched", "review")


@dataclass(frozen=True)
class Block:
    """One unit of a document's layout, in reading order.

    `cells` holds a table row's cells, each as its units (bullets or paragraphs).
    `level` is a heading's depth from markup (1 = top); 0 when the heading was only
    guessed from the line's shape, which the segmenter treats as weaker evidence.
    `closed` says what the page's geometry shows at the block's end, for joining across a
    page break: True when its last line stops short (the paragraph ends there), False
    when the line runs to the margin (it carries on), None when the format cannot tell.
    """

    kind: BlockKind
    text: str
    page: int | None = None
    position: int = 0
    label: str = ""
    level: int = 0
    cells: tuple[tuple[str, ...], ...] = ()
    header: bool = False
    closed: bool | None = None


@dataclass(frozen=True)
class Document:
    """A file read into blocks: what ingest hands to segment."""

    source_file: str
    format: str
    sha256: str
    blocks: tuple[Block, ...]
    n_pages: int | None = None
    furniture: tuple[str, ...] = ()  # running header/footer texts: kept out of blocks, read for metadata

    @property
    def doc_id(self) -> str:
        return self.sha256[:12]


@dataclass(frozen=True)
class Record:
    """One stated required action or one response unit (a row of `records`)."""

    record_id: str
    doc_id: str
    council: str
    seq: int
    theme_no: int | None
    theme: str
    section: str
    kind: RecordKind
    group_id: str
    label: str
    text: str
    page: int | None
    rag: str = ""  # the row's RAG / status cell as written
    owner: str = ""  # the row's lead / owner / responsible cell
    due: str = ""  # the row's timescale / deadline cell
    extra: str = ""  # the row's other attribute cells as "header: value" pairs, "; "-joined
    status: str = "none"  # done / in_progress / ongoing / planned, ";"-joined heaviest first; none
    status_evidence: str = ""  # the phrases that decided the status, " | "-joined


@dataclass(frozen=True)
class Fact:
    """One quantity or date a record gives (a row of `facts`)."""

    record_id: str
    fact_no: int  # 1..n within the record, in the order written
    kind: str
    span: str  # as written
    value: str  # normalised: pounds, whole numbers, percent, ISO 8601 duration, frequency, ISO date
    qualifier: str = ""  # over, at least, up to, by, since, until


@dataclass(frozen=True)
class Plan:
    """A segmented document: what segment hands to match and write."""

    doc_id: str
    council: str
    title: str
    records: tuple[Record, ...] = field(default_factory=tuple)
    facts: tuple[Fact, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Action:
    """One canonical required action of the national plan (a row of `actions`)."""

    action_id: str
    theme_no: int
    theme: str
    section: str
    seq: int
    text: str


@dataclass(frozen=True)
class Match:
    """One candidate canonical action for one record (a row of `matches`)."""

    record_id: str
    action_id: str
    rank: int
    score: float
    status: MatchStatus
    method: str
    evidence: str


MANIFEST_ROLES: tuple[str, ...] = ("plan", "annex")


@dataclass(frozen=True)
class Listing:
    """What a manifest (sources.csv) says of one file; every field optional."""

    council: str = ""
    url: str = ""
    published: str = ""
    council_code: str = ""
    role: str = ""


@dataclass(frozen=True)
class Outcome:
    """What happened to one input file: a row of `documents`, plus its plan if read."""

    source_file: str
    format: str
    sha256: str
    n_pages: int | None
    plan: Plan | None
    error: str = ""
    warnings: tuple[str, ...] = ()  # every warning about this document, as one-line messages
    listing: Listing = Listing()

    @property
    def plan_found(self) -> bool:
        """Read, and holding at least one plan record (a file with none is listed, not counted)."""
        return bool(self.plan and self.plan.records)

    @property
    def doc_id(self) -> str:
        """From the content for a document read (so record ids survive a rename); from the
        file's name for one that was not (unreadable, or a second copy), so that every row
        of `documents` has an id of its own."""
        if self.plan:
            return self.sha256[:12]
        return "f" + hashlib.sha256(self.source_file.encode("utf-8")).hexdigest()[:11]

    @property
    def status(self) -> str:
        return "error" if self.error else "ok"
