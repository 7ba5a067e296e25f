"""output/run.json: what produced the tables, so a figure can be traced to its inputs.

The pipeline's version and a digest of its code, the catalogue file and its sha256, every
setting that can change a figure, every input with its sha256, status and manifest entry,
counts, every warning, the corrections file's sha256 and what became of its corrections.
Nothing in it depends on the clock, so an unchanged run writes the same file. Its "outputs"
key digests everything the tables are made from, known before any file is read (`run_key`):
a run whose key is that of the set in the output folder has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from ..cache import code_version
from ..settings import MatchSettings
from .files import RUN, all_files_there

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


NEED_NOT_RECUR = ("[E001]", "[E013]", "[E014]", "[E015]", "[E099]",  # a read refused, a limit, a lost worker, a bug
                  "[W004]", "[W008]")  # a cache that could not be written or read


def run_key(options, catalogue, inputs: list[dict], manifest_warnings: list[str]) -> str:
    """A digest of what a run's tables are made from, before any file is read: the code,
    the catalogue, the settings, the corrections file, every input (`inputs`: source_file,
    sha256 or the reason it cannot be read, manifest entry, in the run's order) and what the
    manifests said of them."""
    made_from = {"code": code_version(PIPELINE_CODE), "version": pipeline_version(),
                 "catalogue": [catalogue.file, catalogue.sha256], "settings": run_settings(options),
                 "corrections": [str(options.corrections) if options.corrections else None,
                                 file_digest(options.corrections)], "inputs": inputs, "manifests": manifest_warnings}
    return hashlib.sha256(json.dumps(made_from, sort_keys=True, default=str).encode()).hexdigest()[:16]


ENTRY = {"source_file": str, "status": str, "plan_found": bool, "records": int, "required_actions": int,
         "responses": int, "addressed": int}  # what a run with nothing to do repeats of each input


def unchanged_run(out_dir: Path, key: str, sources: list[str]) -> dict | None:
    """The run.json of the set in `out_dir` when that set was made with `key` from
    `sources`, all its files are there, and nothing in it may come out otherwise another
    time (a read refused, a limit reached, a lost worker, an internal error, a cache
    problem); None otherwise, and for a run.json that is not one this pipeline wrote."""
    try:
        previous = json.loads((out_dir / RUN).read_text(encoding="utf-8"))
        if previous["outputs"] != key or not all_files_there(out_dir, previous["files"]):
            return None
        inputs, warnings = previous["inputs"], previous["warnings"]
        counts, corrections = previous["counts"], previous["corrections"]
        sound = ([entry["source_file"] for entry in inputs] == sources
                 and all(isinstance(entry[name], kind) for entry in inputs for name, kind in ENTRY.items())
                 and all(isinstance(entry["council"], (str, type(None))) for entry in inputs)
                 and all(isinstance(line, str) for line in [*warnings, *corrections["stale"], *corrections["ignored"]])
                 and all(isinstance(number, int) for number in (counts["councils"], counts["matched"],
                                                                corrections["applied"])))
        said = " ".join([*warnings, *(entry.get("error") or "" for entry in inputs)])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return previous if sound and not any(code in said for code in NEED_NOT_RECUR) else None


def run_settings(options) -> dict:
    return {"match": asdict(MatchSettings()), "limits": asdict(options.limits)}  # what can change a figure


def run_record(options, result, key: str) -> dict:
    """run.json's content for one run (`options`: ExtractOptions, `result`: ExtractResult,
    `key`: its run_key)."""
    catalogue = result.catalogue
    documents = result.documents
    return {
        "pipeline": {"name": PACKAGE, "version": pipeline_version(), "code": code_version(PIPELINE_CODE)},
        "catalogue": {"name": catalogue.name, "file": catalogue.file, "sha256": catalogue.sha256,
                      "actions": len(catalogue.actions)},
        "settings": run_settings(options),
        "inputs": documents,
        "counts": {
            "documents": len(documents), "read": sum(d["status"] == "ok" for d in documents),
            "failed": sum(d["status"] == "error" for d in documents),
            "plans_found": sum(d["plan_found"] for d in documents), "councils": result.councils,
            "records": sum(d["records"] for d in documents), "matched": result.matched,
        },
        "warnings": list(result.warnings),
        "corrections": {"file": str(options.corrections) if options.corrections else None,
                        "sha256": file_digest(options.corrections), "applied": result.tally.applied, "stale": result.tally.stale,
                        "ignored": result.tally.ignored},
        "outputs": key,
    }


def document_entry(outcome, addressed: int) -> dict:
    """One input as run.json lists it (and the run's summary prints it)."""
    kinds = Counter(record.kind for record in outcome.plan.records) if outcome.plan else Counter()
    return {"source_file": outcome.source_file, "sha256": outcome.sha256 or None, "doc_id": outcome.doc_id,
            "status": outcome.status, "error": outcome.error or None, "plan_found": outcome.plan_found,
            "council": outcome.plan.council if outcome.plan else None, "records": sum(kinds.values()),
            "required_actions": kinds["required_action"], "responses": kinds["response"], "addressed": addressed,
            "listing": {k: v for k, v in asdict(outcome.listing).items() if v}}
