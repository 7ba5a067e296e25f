"""Analyst corrections, applied on every run: accept, reject or add an action for a record.

The file is a CSV with the columns record_id, action_id, decision (accept | reject | add)
and optionally text and note. record_id is derived from the document's content and the
record's place, so a correction survives re-extraction of an unchanged document. When the
`text` column is filled and no longer matches the record (the document or the parsing code
changed), the correction is not applied and a warning says so.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .errors import Errors, PlanError, Warnings, warning_line
from .models import Match, Plan, Record
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


def load_corrections(path: Path, known_actions: Iterable[str]) -> list[Correction]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PlanError(Errors.E106, path=path, reason=str(exc)) from None
    known = set(known_actions)
    corrections = []
    for number, row in enumerate(rows, start=2):
        values = {key: (row.get(key) or "").strip() for key in ("record_id", "action_id", "decision", "text", "note")}
        if values["decision"].lower() not in DECISIONS or not values["record_id"]:
            raise PlanError(Errors.E106, path=path, reason=f"line {number}: decision must be accept, reject or add")
        if values["action_id"] not in known:
            raise PlanError(Errors.E106, path=path, reason=f"line {number}: unknown action_id {values['action_id']!r}")
        values["decision"] = values["decision"].lower()
        corrections.append(Correction(**values))
    return corrections


def unknown_records(corrections: Sequence[Correction], plans: Iterable[Plan]) -> list[str]:
    """W007 for each correction naming a record that no document of the run has."""
    known = {record.record_id for plan in plans for record in plan.records}
    return [warning_line(Warnings.W007, c.record_id, action=c.action_id) for c in corrections if c.record_id not in known]


def apply_corrections(matches: Sequence[Match], records: Sequence[Record],
                      corrections: Sequence[Correction]) -> tuple[list[Match], list[str]]:
    """Matches with the corrections applied (re-ranked), and warnings for stale ones."""
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
    if not by_record:
        return list(matches), warnings
    grouped: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        grouped[match.record_id].append(match)
    result = []
    for record_id in dict.fromkeys([m.record_id for m in matches] + list(by_record)):
        candidates = grouped.get(record_id, [])
        result.extend(correct_record(record_id, candidates, by_record.get(record_id, [])))
    return result, warnings


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
