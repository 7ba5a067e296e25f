"""The stages' output as table rows, in a stable order, ids derived from content."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Iterable, Sequence

from ..catalogue import Catalogue
from ..models import DELIVERY, Match, Outcome, Plan
from ..strings import collapse
from .schema import TABLES

NUMERIC_FACTS = ("money", "count", "percent")

Row = dict[str, object]


WARNING_JOINER = " | "


def documents_rows(outcomes: Sequence[Outcome]) -> list[Row]:
    return [
        {"doc_id": o.doc_id, "source_file": o.source_file, "format": o.format or None,
         "council": o.plan.council if o.plan else None, "title": o.plan.title if o.plan else None,
         "sha256": o.sha256, "n_pages": o.n_pages, "n_records": len(o.plan.records) if o.plan else 0,
         "status": o.status, "error": o.error or None, "plan_found": o.plan_found,
         "warnings": WARNING_JOINER.join(_without_subject(line, o.source_file) for line in o.warnings) or None,
         "url": o.listing.url, "published": o.listing.published, "council_code": o.listing.council_code,
         "role": o.listing.role or None}
        for o in outcomes
    ]


def _without_subject(line: str, source_file: str) -> str:
    """A warning as stored on its document's row: "[W001] ...", without the file name."""
    return line[len(source_file) + 2:] if line.startswith(f"{source_file}: ") else line


def council_unit(outcome: Outcome) -> str:
    """The council a document counts for: its council, or its file when none is known."""
    return (outcome.plan.council if outcome.plan else "") or outcome.source_file


def council_key(council: str) -> str:
    """Spellings of one council that differ only in case or spacing are one council."""
    return collapse(council).casefold()


def plan_councils(outcomes: Sequence[Outcome]) -> dict[str, list[Outcome]]:
    """The documents holding a plan, by council (council_key), in document order."""
    councils: dict[str, list[Outcome]] = {}
    for outcome in (o for o in outcomes if o.plan_found):
        councils.setdefault(council_key(council_unit(outcome)), []).append(outcome)
    return councils


def records_rows(outcomes: Sequence[Outcome]) -> list[Row]:
    """Records with their columns in the schema's order."""
    return [row for o in outcomes if o.plan for row in plan_rows(o.plan)]


def plan_rows(plan: Plan) -> list[Row]:
    names = [column.name for column in TABLES["records"]]
    return [{name: getattr(record, name) for name in names} for record in plan.records]


def matches_rows(matches: Iterable[Match]) -> list[Row]:
    names = [column.name for column in TABLES["matches"]]
    return [{name: getattr(match, name) for name in names} for match in matches]


def facts_rows(outcomes: Sequence[Outcome]) -> list[Row]:
    return [{"record_id": f.record_id, "fact_no": f.fact_no, "kind": f.kind, "span": f.span, "value": f.value,
             "number": float(f.value) if f.kind in NUMERIC_FACTS else None, "qualifier": f.qualifier or None}
            for outcome in outcomes if outcome.plan for f in outcome.plan.facts]


def actions_rows(catalogue: Catalogue) -> list[Row]:
    return [asdict(action) for action in catalogue.actions]


def addressing_matches(outcomes: Sequence[Outcome], matches: Iterable[Match]) -> dict[tuple[str, str], list[Match]]:
    """(doc_id, action_id) -> the matched responses: an action is addressed when the
    council's own words answer it, not when the plan merely restates it."""
    responses = {r.record_id: o.doc_id for o in outcomes if o.plan for r in o.plan.records if r.kind == "response"}
    found: dict[tuple[str, str], list[Match]] = defaultdict(list)
    for match in matches:
        if match.status == "matched" and match.record_id in responses:
            found[(responses[match.record_id], match.action_id)].append(match)
    return found


def coverage_rows(outcomes: Sequence[Outcome], matches: Sequence[Match], catalogue: Catalogue) -> list[Row]:
    """Every action for every document holding a plan, so a gap is an explicit row."""
    found = addressing_matches(outcomes, matches)
    statuses = record_statuses(outcomes)
    rows = []
    for outcome in (o for o in outcomes if o.plan_found):
        for action in catalogue.actions:
            hits = found.get((outcome.doc_id, action.action_id), [])
            best = _best(hits)
            rows.append({"doc_id": outcome.doc_id, "council": outcome.plan.council,
                         "action_id": action.action_id, "addressed": bool(hits), "n_records": len(hits),
                         **_evidence(best, hits, statuses)})
    return rows


def council_coverage_rows(outcomes: Sequence[Outcome], matches: Sequence[Match], catalogue: Catalogue) -> list[Row]:
    """Every action for every council with a plan: addressed when any of its documents
    addresses it. Councils in alphabetical order, actions in the catalogue's."""
    found = addressing_matches(outcomes, matches)
    statuses = record_statuses(outcomes)
    rows = []
    for _, documents in sorted(plan_councils(outcomes).items()):
        for action in catalogue.actions:
            hits = [m for o in documents for m in found.get((o.doc_id, action.action_id), [])]
            best = _best(hits)
            rows.append({"council": council_unit(documents[0]), "action_id": action.action_id,
                         "addressed": bool(hits), "n_documents": len(documents),
                         "n_documents_addressed": len({m.record_id.rsplit("-", 1)[0] for m in hits}),
                         "n_records": len(hits), **_evidence(best, hits, statuses)})
    return rows


def record_statuses(outcomes: Sequence[Outcome]) -> dict[str, str]:
    return {r.record_id: r.status for o in outcomes if o.plan for r in o.plan.records}


def _evidence(best: Match | None, hits: Sequence[Match], statuses: dict[str, str]) -> Row:
    """The columns coverage and council_coverage share (schema.EVIDENCE)."""
    reported = {status for hit in hits for status in statuses.get(hit.record_id, "none").split(";")}
    return {"best_score": best.score if best else None, "evidence_record_id": best.record_id if best else None,
            "best_status": next((status for status in DELIVERY if status in reported), None)}


def _best(hits: Sequence[Match]) -> Match | None:
    """The strongest evidence; on a tie, the earliest record."""
    return min(hits, key=lambda m: (-m.score, m.record_id), default=None)
