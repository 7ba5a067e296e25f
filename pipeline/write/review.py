"""`extract --review FILE`: the candidates an analyst should decide, as a corrections file.

One row per `review` candidate of a response, then, per council, the best candidate for each
action the council is not found to address (the likeliest place it is answered, if it is).
Rows are in the corrections file's format with the decision left empty: fill in accept,
reject or add and pass the file back with `--corrections` (rows left empty are skipped). The
record's text is filled in, so a correction made on an older reading is reported, not misapplied.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Sequence

from ..catalogue import Catalogue
from ..models import Match, Outcome
from .tables import addressing_matches, council_key, council_unit

COLUMNS = ("record_id", "action_id", "decision", "text", "note", "council", "score")


def review_rows(outcomes: Sequence[Outcome], matches: Sequence[Match], catalogue: Catalogue) -> list[dict]:
    responses = {r.record_id: (r, council_unit(o)) for o in outcomes if o.plan_found
                 for r in o.plan.records if r.kind == "response"}
    councils = {o.doc_id: council_key(council_unit(o)) for o in outcomes}
    addressed = {(councils[doc_id], action_id) for doc_id, action_id in addressing_matches(outcomes, matches)}
    rows: dict[tuple[str, str], dict] = {}
    best: dict[tuple[str, str], tuple[Match, str, str]] = {}
    for match in (m for m in matches if m.record_id in responses):
        record, council = responses[match.record_id]
        if match.status == "review":
            rows[(match.record_id, match.action_id)] = _row(
                match, record.text, council, f"review candidate (rank {match.rank}): {match.evidence}")
        key = (council_key(council), match.action_id)
        if key not in addressed and (key not in best or match.score > best[key][0].score):
            best[key] = (match, record.text, council)
    order = {action.action_id: number for number, action in enumerate(catalogue.actions)}
    for (_, action_id), (match, text, council) in sorted(best.items(), key=lambda item: (item[0][0], order[item[0][1]])):
        note = f"best candidate for {action_id}, not addressed by {council}"
        listed = rows.get((match.record_id, action_id))
        if listed:
            listed["note"] = f"{note}; {listed['note']}"
        else:
            rows[(match.record_id, action_id)] = _row(match, text, council, note)
    return list(rows.values())


def _row(match: Match, text: str, council: str, note: str) -> dict:
    return {"record_id": match.record_id, "action_id": match.action_id, "decision": "", "text": text,
            "note": note, "council": council, "score": f"{match.score:.4f}"}


def write_review(path: Path, outcomes: Sequence[Outcome], matches: Sequence[Match], catalogue: Catalogue) -> None:
    """Write the review file atomically (a half-written file is never left)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(review_rows(outcomes, matches, catalogue))
    os.replace(name, path)
