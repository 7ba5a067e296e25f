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
from .tables import Digest, Row, council_hits, council_key, council_unit, plan_councils

COLUMNS = ("record_id", "action_id", "decision", "text", "note", "council", "score")


def review_rows(documents: Sequence[Row], digest: Digest, catalogue: Catalogue) -> list[dict]:
    """`documents`: the run's `documents` rows; `digest` stands for its records and matches."""
    rows: dict[tuple[str, str], dict] = {}
    best: dict[tuple[str, str], tuple[Row, str]] = {}
    for document in (d for d in documents if d["plan_found"]):
        council = council_unit(document)
        for candidate in digest.review.get(document["doc_id"], []):
            rows[(candidate["record_id"], candidate["action_id"])] = _row(
                candidate, council, f"review candidate (rank {candidate['rank']}): {candidate['evidence']}")
        for action_id, candidate in digest.candidates.get(document["doc_id"], {}).items():
            key = (council_key(council), action_id)
            if key not in best or candidate["score"] > best[key][0]["score"]:
                best[key] = (candidate, council)
    addressed = {(council_key(council_unit(group[0])), action_id)
                 for group in plan_councils(documents).values() for action_id in council_hits(group, digest)}
    order = {action.action_id: number for number, action in enumerate(catalogue.actions)}
    for (_, action_id), (candidate, council) in sorted(best.items(), key=lambda item: (item[0][0], order[item[0][1]])):
        if (council_key(council), action_id) in addressed:
            continue
        note = f"best candidate for {action_id}, not addressed by {council}"
        listed = rows.get((candidate["record_id"], action_id))
        if listed:
            listed["note"] = f"{note}; {listed['note']}"
        else:
            rows[(candidate["record_id"], action_id)] = _row(candidate, council, note)
    return list(rows.values())


def _row(candidate: Row, council: str, note: str) -> dict:
    return {"record_id": candidate["record_id"], "action_id": candidate["action_id"], "decision": "",
            "text": candidate["text"], "note": note, "council": council, "score": f"{candidate['score']:.4f}"}


def write_review(path: Path, documents: Sequence[Row], digest: Digest, catalogue: Catalogue) -> None:
    """Write the review file atomically (a half-written file is never left)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(review_rows(documents, digest, catalogue))
    os.replace(name, path)
