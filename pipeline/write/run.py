"""output/run.json: what produced the tables, so a figure can be traced to its inputs.

The pipeline's version and a digest of its code, the catalogue file and its sha256, every
setting, every input with its sha256 and status, counts, every warning, and what became of
the corrections. Nothing in it depends on the clock, so an unchanged run writes the same file.
"""

from __future__ import annotations

from dataclasses import asdict
from importlib import metadata

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


def run_record(options, result) -> dict:
    """run.json's content for one run (`options`: ExtractOptions, `result`: ExtractResult)."""
    outcomes = result.outcomes
    catalogue = result.catalogue
    return {
        "pipeline": {"name": PACKAGE, "version": pipeline_version(), "code": code_version(PIPELINE_CODE)},
        "catalogue": {"name": catalogue.name, "file": catalogue.file, "sha256": catalogue.sha256,
                      "actions": len(catalogue.actions)},
        "settings": {"match": asdict(MatchSettings()), "limits": asdict(options.limits), "jobs": options.jobs,
                     "force": options.force},
        "inputs": [{"source_file": o.source_file, "sha256": o.sha256 or None, "doc_id": o.doc_id,
                    "status": o.status, "plan_found": o.plan_found} for o in outcomes],
        "counts": {
            "documents": len(outcomes), "read": sum(o.status == "ok" for o in outcomes),
            "failed": sum(o.status == "error" for o in outcomes), "plans_found": sum(o.plan_found for o in outcomes),
            "councils": len(plan_councils(outcomes)),
            "records": sum(len(o.plan.records) for o in outcomes if o.plan),
            "matched": sum(m.status == "matched" for m in result.matches),
        },
        "warnings": list(result.warnings),
        "corrections": {"file": str(options.corrections) if options.corrections else None,
                        "applied": result.tally.applied, "stale": result.tally.stale,
                        "ignored": result.tally.ignored},
    }
