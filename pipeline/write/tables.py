"""The stages' output as table rows, in a stable order, ids derived from content."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

from ..catalogue import Catalogue
from ..models import DELIVERY, Match, Outcome, Plan
from ..strings import collapse
from .schema import TABLES

NUMERIC_FACTS = ("money", "count", "percent")

Row = dict[str, object]


WARNING_JOINER = " | "


def document_row(outcome: Outcome) -> Row:
    """The document's row of `documents`."""
    plan = outcome.plan
    return {"doc_id": outcome.doc_id, "source_file": outcome.source_file, "format": outcome.format or None,
            "council": plan.council if plan else None, "title": plan.title if plan else None,
            "sha256": outcome.sha256, "n_pages": outcome.n_pages, "n_records": len(plan.records) if plan else 0,
            "status": outcome.status, "error": outcome.error or None, "plan_found": outcome.plan_found,
            "warnings": joined_warnings(outcome.warnings, outcome.source_file),
            "url": outcome.listing.url, "published": outcome.listing.published,
            "council_code": outcome.listing.council_code, "role": outcome.listing.role or None}


def joined_warnings(lines: Sequence[str], source_file: str) -> str | None:
    """The warnings column: "[W001] ... | [W009] ...", without the file name."""
    return WARNING_JOINER.join(_without_subject(line, source_file) for line in lines) or None


def _without_subject(line: str, source_file: str) -> str:
    """A warning as stored on its document's row: "[W001] ...", without the file name."""
    return line[len(source_file) + 2:] if line.startswith(f"{source_file}: ") else line


def council_unit(document: Row) -> str:
    """The council a document (its `documents` row) counts for: its council, or its file
    when none is known."""
    return document["council"] or document["source_file"]


def council_key(council: str) -> str:
    """Spellings of one council that differ only in case or spacing are one council."""
    return collapse(council).casefold()


def plan_councils(documents: Iterable[Row]) -> dict[str, list[Row]]:
    """The documents (`documents` rows) holding a plan, by council (council_key), in order."""
    councils: dict[str, list[Row]] = {}
    for document in (d for d in documents if d["plan_found"]):
        councils.setdefault(council_key(council_unit(document)), []).append(document)
    return councils


def plan_rows(plan: Plan) -> list[Row]:
    """The plan's records with their columns in the schema's order."""
    names = [column.name for column in TABLES["records"]]
    return [{name: getattr(record, name) for name in names} for record in plan.records]


def matches_rows(matches: Iterable[Match]) -> list[Row]:
    names = [column.name for column in TABLES["matches"]]
    return [{name: getattr(match, name) for name in names} for match in matches]


def fact_rows(plan: Plan) -> list[Row]:
    return [{"record_id": f.record_id, "fact_no": f.fact_no, "kind": f.kind, "span": f.span, "value": f.value,
             "number": float(f.value) if f.kind in NUMERIC_FACTS else None, "qualifier": f.qualifier or None}
            for f in plan.facts]


def actions_rows(catalogue: Catalogue) -> list[Row]:
    return [asdict(action) for action in catalogue.actions]


@dataclass
class Hits:
    """The matched responses of one document, or one council, for one action: an action is
    addressed when the council's own words answer it, not when the plan merely restates it."""

    n_records: int = 0
    best: tuple[float, str] | None = None  # (score, record_id) of the strongest; on a tie, the earliest record
    statuses: set[str] = field(default_factory=set)  # the delivery statuses those responses report
    documents: set[str] = field(default_factory=set)

    def add(self, other: Hits) -> None:
        self.n_records += other.n_records
        self.statuses |= other.statuses
        self.documents |= other.documents
        if other.best and (self.best is None or (-other.best[0], other.best[1]) < (-self.best[0], self.best[1])):
            self.best = other.best

    def evidence(self) -> Row:
        """The columns coverage and council_coverage share (schema.EVIDENCE)."""
        return {"best_score": self.best[0] if self.best else None,
                "evidence_record_id": self.best[1] if self.best else None,
                "best_status": next((status for status in DELIVERY if status in self.statuses), None)}


@dataclass
class Digest:
    """What the summary tables, the report, the workbook and the review file need of the
    records and matches, gathered document by document so that the rows themselves need not
    be kept: record counts, each action's hits, the evidence records (with their row on the
    workbook's records sheet), the review candidates and each action's best candidate."""

    kinds: Counter = field(default_factory=Counter)  # (doc_id, kind) -> records
    hits: dict[str, dict[str, Hits]] = field(default_factory=dict)  # doc_id -> action_id -> hits
    evidence: dict[str, Row] = field(default_factory=dict)  # record_id -> record_id, text, page, section, row
    review: dict[str, list[Row]] = field(default_factory=dict)  # doc_id -> its responses' review candidates
    candidates: dict[str, dict[str, Row]] = field(default_factory=dict)  # doc_id -> action_id -> best candidate
    records: int = 0  # records so far
    keep_candidates: bool = True  # only the review file needs them

    def add(self, doc_id: str, records: Sequence[Row], matches: Iterable[Row]) -> None:
        responses = {r["record_id"]: r for r in records if r["kind"] == "response"}
        self.kinds.update((doc_id, r["kind"]) for r in records)
        rows = {r["record_id"]: number for number, r in enumerate(records, start=self.records + 2)}
        self.records += len(records)
        hits: dict[str, Hits] = defaultdict(Hits)
        review, candidates = [], {}
        for match in matches:
            record = responses.get(match["record_id"])
            if record is None:
                continue
            best = candidates.get(match["action_id"])
            better = self.keep_candidates and (best is None or match["score"] > best["score"])
            if match["status"] == "review" or better:  # a candidate's row only where one is kept
                candidate = {"record_id": record["record_id"], "action_id": match["action_id"],
                             "score": match["score"], "rank": match["rank"], "evidence": match["evidence"],
                             "text": record["text"]}
                if match["status"] == "review":
                    review.append(candidate)
                if better:
                    candidates[match["action_id"]] = candidate
            if match["status"] == "matched":
                found = Hits(1, (match["score"], record["record_id"]), set((record["status"] or "none").split(";")),
                             {doc_id})
                hits[match["action_id"]].add(found)
        for found in hits.values():
            record = responses[found.best[1]]
            self.evidence[record["record_id"]] = {"record_id": record["record_id"], "text": record["text"],
                                                  "page": record["page"], "section": record["section"],
                                                  "row": rows[record["record_id"]]}
        self.hits[doc_id], self.review[doc_id] = dict(hits), review
        if self.keep_candidates:  # only the review file needs them
            self.candidates[doc_id] = candidates


def coverage_rows(document: Row, digest: Digest, catalogue: Catalogue) -> list[Row]:
    """Every action for a document holding a plan, so a gap is an explicit row."""
    hits = digest.hits.get(document["doc_id"], {})
    return [{"doc_id": document["doc_id"], "council": document["council"], "action_id": action.action_id,
             "addressed": action.action_id in hits, "n_records": hits[action.action_id].n_records
             if action.action_id in hits else 0, **hits.get(action.action_id, Hits()).evidence()}
            for action in catalogue.actions]


def council_hits(documents: Sequence[Row], digest: Digest) -> dict[str, Hits]:
    """action_id -> the hits of all of a council's documents."""
    found: dict[str, Hits] = defaultdict(Hits)
    for document in documents:
        for action_id, hits in digest.hits.get(document["doc_id"], {}).items():
            found[action_id].add(hits)
    return found


def council_coverage_rows(documents: Sequence[Row], digest: Digest, catalogue: Catalogue) -> list[Row]:
    """Every action for every council with a plan: addressed when any of its documents
    addresses it. Councils in alphabetical order, actions in the catalogue's."""
    rows = []
    for _, group in sorted(plan_councils(documents).items()):
        found = council_hits(group, digest)
        for action in catalogue.actions:
            hits = found.get(action.action_id, Hits())
            rows.append({"council": council_unit(group[0]), "action_id": action.action_id,
                         "addressed": bool(hits.n_records), "n_documents": len(group),
                         "n_documents_addressed": len(hits.documents), "n_records": hits.n_records,
                         **hits.evidence()})
    return rows
