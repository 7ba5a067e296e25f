"""One run of the pipeline over a batch of files: ingest -> segment (cached) -> match ->
write. A file that cannot be read becomes an error row; the batch goes on."""

from __future__ import annotations

import csv
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

from . import cache
from .catalogue import Catalogue, load_catalogue
from .corrections import apply_corrections, load_corrections
from .errors import Errors, PlanError, Warnings, warning_line
from .ingest import read_bytes, read_document
from .match import Matcher
from .models import Match, Outcome, Plan
from .segment import segment_document
from .write import write_outputs

MANIFEST_NAME = "sources.csv"


@dataclass(frozen=True)
class ExtractOptions:
    inputs: tuple[Path, ...] = (Path("raw"),)
    out: Path = Path("output")
    interim: Path = Path("interim")
    jobs: int = 1
    force: bool = False
    catalogue: Path | None = None
    corrections: Path | None = None


@dataclass
class ExtractResult:
    outcomes: list[Outcome]
    matches: list[Match]
    catalogue: Catalogue
    parsed: int = 0
    cached: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error]


Progress = Callable[[int, int, Outcome, bool], None]  # (done, total, outcome, parsed now)


def extract(options: ExtractOptions, log: Callable[[str], None] = lambda line: None,
            progress: Progress = lambda done, total, outcome, parsed: None) -> ExtractResult:
    """Run the pipeline and write the tables. Raises PlanError only for run-level problems
    (missing inputs, a bad manifest or catalogue, an unwritable output folder)."""
    catalogue = load_catalogue(options.catalogue)
    files = collect_inputs(options.inputs)
    councils = load_manifests(files)
    args = [(path, source_name(path), councils.get(path.resolve(), ""), catalogue, options.interim, options.force)
            for path in files]
    with ProcessPoolExecutor(max_workers=options.jobs) if options.jobs > 1 and len(args) > 1 else _Serial() as pool:
        return _collect(pool.map(_parse_star, args), len(args), options, catalogue, log, progress)


def _collect(parsed, total: int, options: ExtractOptions, catalogue: Catalogue, log: Callable[[str], None],
             progress: Progress) -> ExtractResult:
    """Match each parsed document as it arrives, then write the tables."""
    corrections = load_corrections(options.corrections, catalogue.by_id) if options.corrections else []
    result = ExtractResult([], [], catalogue)
    seen: dict[str, str] = {}
    matcher = Matcher(catalogue)
    for outcome, was_parsed, warnings in parsed:
        if outcome.plan and outcome.sha256 in seen:
            error = PlanError(Errors.E010, outcome.source_file, other=seen[outcome.sha256]).line()
            outcome = replace(outcome, plan=None, error=error)
        elif outcome.plan:
            seen[outcome.sha256] = outcome.source_file
            matches, stale = apply_corrections(matcher.match(outcome.plan), outcome.plan.records, corrections)
            result.matches.extend(matches)
            warnings = warnings + stale
        result.parsed += was_parsed
        result.cached += bool(outcome.plan) and not was_parsed
        result.warnings.extend(warnings)
        result.outcomes.append(outcome)
        for line in ([outcome.error] if outcome.error else []) + warnings:
            log(line)
        progress(len(result.outcomes), total, outcome, was_parsed)
    write_outputs(result.outcomes, result.matches, catalogue, options.out)
    return result


class _Serial:
    """Stands in for a process pool when documents are parsed one by one."""

    def __enter__(self) -> "_Serial":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    @staticmethod
    def map(function, items):
        return map(function, items)


def read_plans(inputs: Sequence[Path], catalogue_path: Path | None = None) -> tuple[list[Plan], Catalogue]:
    """Plans of readable input files, parsed afresh (no cache, nothing written)."""
    catalogue = load_catalogue(catalogue_path)
    files = collect_inputs(inputs)
    councils = load_manifests(files)
    plans = []
    for path in files:
        outcome, _, _ = parse_file(path, source_name(path), councils.get(path.resolve(), ""),
                                   catalogue, Path("interim"), force=True, store=False)
        if outcome.plan:
            plans.append(outcome.plan)
    return plans, catalogue


def parse_file(path: Path, source: str, council: str, catalogue: Catalogue, interim: Path,
               force: bool, store: bool = True) -> tuple[Outcome, bool, list[str]]:
    """Ingest and segment one file, from the cache when it is current.
    Returns (outcome, whether it was parsed now, warning lines)."""
    try:
        data = read_bytes(path, source)
    except PlanError as error:
        return Outcome(source, "", "", None, None, error.line()), False, []
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        document = None if force else cache.load_document(cache.document_path(interim, sha256), source)
        was_parsed = document is None
        if document is None:
            document = read_document(data, source)
            if store:
                cache.store_document(cache.document_path(interim, sha256), document)
        at = cache.plan_path(interim, sha256, catalogue.version)
        plan = None if was_parsed else cache.load_plan(at)
        if plan is None:
            plan = segment_document(document, catalogue)
            if store:
                cache.store_plan(at, plan)
    except PlanError as error:
        return Outcome(source, "", sha256, None, None, error.line()), True, []
    except Exception as exc:  # a reader bug must not stop the batch or show a traceback
        reason = f"{type(exc).__name__}: {exc}"
        return Outcome(source, "", sha256, None, None, PlanError(Errors.E099, source, reason=reason).line()), True, []
    fmt, n_pages = document.format, document.n_pages
    if council:
        plan = with_council(plan, council)
    return Outcome(source, fmt, sha256, n_pages, plan), was_parsed, plan_warnings(source, plan)


def _parse_star(args: tuple) -> tuple[Outcome, bool, list[str]]:
    return parse_file(*args)


def with_council(plan: Plan, council: str) -> Plan:
    return replace(plan, council=council, records=tuple(replace(r, council=council) for r in plan.records))


def plan_warnings(source: str, plan: Plan) -> list[str]:
    warnings = []
    if not plan.records:
        warnings.append(warning_line(Warnings.W001, source))
    if not plan.council:
        warnings.append(warning_line(Warnings.W002, source))
    return warnings


def collect_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files named, and the files inside folders named (recursively), in a stable order.
    Hidden files and the sources.csv manifest are not plans."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise PlanError(Errors.E103, path=path)
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        files.extend(p for p in found if not _is_skipped(p, path))
    if not files:
        raise PlanError(Errors.E104, paths=", ".join(str(p) for p in paths))
    return list(dict.fromkeys(files))


def _is_skipped(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts if path != root else (path.name,)
    return path.name == MANIFEST_NAME or any(part.startswith(".") for part in parts)


def load_manifests(files: Sequence[Path]) -> dict[Path, str]:
    """Council names from each folder's sources.csv (columns file, council)."""
    councils: dict[Path, str] = {}
    for folder in dict.fromkeys(path.parent for path in files):
        manifest = folder / MANIFEST_NAME
        if manifest.is_file():
            councils.update(read_manifest(manifest))
    return councils


def read_manifest(manifest: Path) -> dict[Path, str]:
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PlanError(Errors.E101, path=manifest, reason=str(exc)) from None
    if rows and not {"file", "council"} <= set(rows[0]):
        raise PlanError(Errors.E101, path=manifest, reason="missing columns")
    return {(manifest.parent / row["file"].strip()).resolve(): row["council"].strip()
            for row in rows if (row.get("file") or "").strip() and (row.get("council") or "").strip()}


def source_name(path: Path) -> str:
    """The path as given, relative to the working directory where it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return os.path.relpath(path.resolve()) if path.is_absolute() else path.as_posix()
