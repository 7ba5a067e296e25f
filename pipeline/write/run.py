"""output/run.json: what produced the tables, so a figure can be traced to its inputs.

The pipeline's version and a digest of its code, the catalogue file and its sha256, every
setting that can change a figure, every input with its sha256, status and manifest entry,
counts, every warning, the corrections file's sha256 and what became of its corrections.
Nothing in it depends on the clock, so an unchanged run writes the same file; and since it
names everything the tables are made from, its digest tells whether a set in the output
folder is already the one this run would write.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from ..cache import code_version
from ..settings import MatchSettings
from .tables import plan_councils

PACKAGE = "winter-plan-pipeline"
PIPELINE_CODE = ("",)  # the whole package


def pipeline_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "unknown"


def file_digest(path: Path | None) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    except OSError:
        return None


def run_record(options, result) -> dict:
    """run.json's content for one run (`options`: ExtractOptions, `result`: ExtractResult)."""
    outcomes = result.outcomes
    catalogue = result.catalogue
    return {
        "pipeline": {"name": PACKAGE, "version": pipeline_version(), "code": code_version(PIPELINE_CODE)},
        "catalogue": {"name": catalogue.name, "file": catalogue.file, "sha256": catalogue.sha256,
                      "actions": len(catalogue.actions)},
        "settings": {"match": asdict(MatchSettings()), "limits": asdict(options.limits)},  # what can change a figure
        "inputs": [{"source_file": o.source_file, "sha256": o.sha256 or None, "doc_id": o.doc_id,
                    "status": o.status, "plan_found": o.plan_found,
                    "listing": {k: v for k, v in asdict(o.listing).items() if v}} for o in outcomes],
        "counts": {
            "documents": len(outcomes), "read": sum(o.status == "ok" for o in outcomes),
            "failed": sum(o.status == "error" for o in outcomes), "plans_found": sum(o.plan_found for o in outcomes),
            "councils": len(plan_councils(outcomes)),
            "records": sum(len(o.plan.records) for o in outcomes if o.plan),
            "matched": sum(m.status == "matched" for m in result.matches),
        },
        "warnings": list(result.warnings),
        "corrections": {"file": str(options.corrections) if options.corrections else None,
                        "sha256": file_digest(options.corrections), "applied": result.tally.applied, "stale": result.tally.stale,
                        "ignored": result.tally.ignored},
    }


def run_digest(run: dict) -> str:
    """A digest of everything a run's tables are made from (its run.json, which names the
    inputs, manifest entries, catalogue, settings, corrections and code)."""
    return hashlib.sha256(json.dumps(run, sort_keys=True, default=str).encode()).hexdigest()[:16]
