"""Analyst corrections, applied on every run: accept, reject or add an action for a record.

The file is a CSV with the columns record_id, action_id, decision (accept | reject | add)
and optionally text and note. record_id is derived from the document's content and the
record's place, so a correction survives re-extraction of an unchanged document. When the
`text` column is filled and no longer matches the record (the document or the parsing code
changed), the correction is not applied and a warning says so.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .errors import Errors, PlanError, Warnings, warning_line
from .filesystem import regular_bytes
from .ingest.encoding import decode_text
from .models import Match, Record
from .strings import collapse

DECISIONS = ("accept", "reject", "add")
OVERRIDE = "override"


@dataclass(frozen=True)
class Correction:
    record_id: str
    action_id: str
    decision: str
    text: str = ""
    note: str = ""


@dataclass
class Tally:
    """What became of the run's corrections, for the summary and run.json."""

    applied: int = 0
    stale: list[str] = field(default_factory=list)    # warnings: the record's text changed (W003)
    ignored: list[str] = field(default_factory=list)  # warnings: unusable row, or no such record (W010, W007)


def load_corrections(path: Path, known_actions: Iterable[str]) -> tuple[list[Correction], list[str]]:
    """The usable corrections, and a W010 warning for each row that is not (an action the
    catalogue does not have, a missing record_id, an empty or unknown decision). A row left
    with an empty decision (as `--review` writes them) is skipped without a word."""
    try:
        text, _ = decode_text(regular_bytes(path))
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
    except (OSError, csv.Error) as exc:
        raise PlanError(Errors.E106, path=path, reason=getattr(exc, "strerror", None) or str(exc)) from None
    if not {"record_id", "action_id", "decision"} <= set(reader.fieldnames or ()):
        raise PlanError(Errors.E106, path=path, reason="missing columns")
    known = set(known_actions)
    corrections, ignored = [], []
    for number, row in enumerate(rows, start=2):
        values = {key: str(row.get(key) or "").strip() for key in ("record_id", "action_id", "decision", "text", "note")}
        values["decision"] = values["decision"].lower()
        if not values["decision"]:
            continue
        reason = ("no record_id" if not values["record_id"]
                  else f"decision must be {', '.join(DECISIONS)}" if values["decision"] not in DECISIONS
                  else f"the catalogue has no action {values['action_id']!r}" if values["action_id"] not in known
                  else "")
        if reason:
            ignored.append(warning_line(Warnings.W010, str(path), line=number, reason=reason))
        else:
            corrections.append(Correction(**values))
    return corrections, ignored


def unknown_records(corrections: Sequence[Correction], known: set[str]) -> list[str]:
    """W007 for each correction naming a record that is not among `known`, the record ids
    of the run's documents that corrections name."""
    return [warning_line(Warnings.W007, c.record_id, action=c.action_id) for c in corrections if c.record_id not in known]


def apply_corrections(matches: Sequence[Match], records: Sequence[Record],
                      corrections: Sequence[Correction]) -> tuple[list[Match], list[str], int]:
    """Matches with the corrections for these records applied (re-ranked), warnings for
    stale ones, and how many were applied."""
    texts = {record.record_id: record.text for record in records}
    by_record: dict[str, list[Correction]] = defaultdict(list)
    warnings = []
    for correction in corrections:
        if correction.record_id not in texts:
            continue
        if correction.text and collapse(correction.text) != texts[correction.record_id]:
            warnings.append(warning_line(Warnings.W003, correction.record_id, action=correction.action_id))
            continue
        by_record[correction.record_id].append(correction)
    applied = sum(map(len, by_record.values()))
    if not by_record:
        return list(matches), warnings, applied
    grouped: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        grouped[match.record_id].append(match)
    result = []
    for record_id in dict.fromkeys([m.record_id for m in matches] + list(by_record)):
        candidates = grouped.get(record_id, [])
        result.extend(correct_record(record_id, candidates, by_record.get(record_id, [])))
    return result, warnings, applied


def correct_record(record_id: str, candidates: list[Match], corrections: list[Correction]) -> list[Match]:
    if not corrections:
        return candidates
    current = {match.action_id: match for match in candidates}
    for correction in corrections:
        note = f": {correction.note}" if correction.note else ""
        if correction.decision == "reject":
            current.pop(correction.action_id, None)
            continue
        existing = current.get(correction.action_id)
        score = existing.score if existing and correction.decision == "accept" else 1.0
        verb = "accepted" if correction.decision == "accept" else "added"
        current[correction.action_id] = Match(record_id, correction.action_id, 0, score, "matched", OVERRIDE,
                                              f"{verb} by analyst{note}")
    ordered = sorted(current.values(), key=lambda m: (m.status != "matched", -m.score, m.action_id))
    return [Match(m.record_id, m.action_id, rank, m.score, m.status, m.method, m.evidence)
            for rank, m in enumerate(ordered, start=1)]
