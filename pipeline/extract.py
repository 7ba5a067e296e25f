"""One run of the pipeline over a batch of files: ingest -> segment (cached) -> match ->
write. A file that cannot be read becomes an error row; the batch goes on."""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import cache
from .catalogue import Catalogue, load_catalogue
from .corrections import apply_corrections, load_corrections
from .errors import Errors, PlanError, Warnings, warning_line
from .ingest import read_bytes, read_document
from .inputs import collect_inputs, load_manifests, source_name
from .match import Matcher
from .models import Match, Outcome, Plan
from .segment import segment_document
from .strings import collapse
from .write import write_outputs

Progress = Callable[[int, int, Outcome, bool], None]  # (done, total, outcome, parsed now)
Parsed = tuple[Outcome, bool, list[str]]  # (outcome, parsed now rather than cached, warnings)


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


def extract(options: ExtractOptions, log: Callable[[str], None] = lambda line: None,
            progress: Progress = lambda done, total, outcome, parsed: None) -> ExtractResult:
    """Run the pipeline and write the tables. Raises PlanError only for run-level problems
    (missing inputs, a bad manifest or catalogue, an unwritable output folder)."""
    catalogue = load_catalogue(options.catalogue)
    files = collect_inputs(options.inputs)
    councils, manifest_warnings = load_manifests(options.inputs, files)
    for line in manifest_warnings:
        log(line)
    args = [(path, source_name(path), councils.get(path.resolve(), ""), catalogue, options.interim, options.force)
            for path in files]
    parallel = options.jobs > 1 and len(args) > 1
    with ProcessPoolExecutor(max_workers=options.jobs) if parallel else nullcontext() as pool:
        parsed = pool.map(_parse_star, args) if pool else map(_parse_star, args)
        result = _collect(parsed, len(args), options, catalogue, log, progress)
    result.warnings[:0] = manifest_warnings
    return result


def _collect(parsed: Iterable[Parsed], total: int, options: ExtractOptions, catalogue: Catalogue,
             log: Callable[[str], None], progress: Progress) -> ExtractResult:
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
        result.outcomes.append(outcome)
        for line in ([outcome.error] if outcome.error else []) + warnings:
            if line not in result.warnings:  # e.g. one unwritable-cache warning, not one per file
                result.warnings.append(line)
                log(line)
        progress(len(result.outcomes), total, outcome, was_parsed)
    write_outputs(result.outcomes, result.matches, catalogue, options.out)
    return result


def read_plans(inputs: Sequence[Path], catalogue_path: Path | None = None) -> tuple[list[Plan], Catalogue]:
    """Plans of readable input files, parsed afresh (no cache, nothing written)."""
    catalogue = load_catalogue(catalogue_path)
    files = collect_inputs(inputs)
    councils, _ = load_manifests(inputs, files)
    plans = []
    for path in files:
        outcome, _, _ = parse_file(path, source_name(path), councils.get(path.resolve(), ""),
                                   catalogue, None, force=True)
        if outcome.plan:
            plans.append(outcome.plan)
    return plans, catalogue


def parse_file(path: Path, source: str, council: str, catalogue: Catalogue, interim: Path | None,
               force: bool) -> Parsed:
    """Ingest and segment one file, from the interim cache when it is current (no cache
    when `interim` is None)."""
    try:
        data = read_bytes(path, source)
    except PlanError as error:
        return Outcome(source, "", "", None, None, error.line()), False, []
    sha256 = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    try:
        use_cache = interim is not None and not force
        document = cache.load_document(cache.document_path(interim, sha256), source) if use_cache else None
        was_parsed = document is None
        if document is None:
            document = read_document(data, source)
            _store(lambda: cache.store_document(cache.document_path(interim, sha256), document), interim, warnings)
        at = cache.plan_path(interim, sha256, catalogue.version) if interim is not None else None
        plan = None if was_parsed or at is None else cache.load_plan(at)
        if plan is None:
            plan = segment_document(document, catalogue)
            _store(lambda: cache.store_plan(at, plan), interim, warnings)
    except PlanError as error:
        return Outcome(source, "", sha256, None, None, error.line()), True, []
    except Exception as exc:  # a reader bug must not stop the batch or show a traceback
        reason = collapse(f"{type(exc).__name__}: {exc}")[:200]
        return Outcome(source, "", sha256, None, None, PlanError(Errors.E099, source, reason=reason).line()), True, []
    if council:
        plan = with_council(plan, council)
    outcome = Outcome(source, document.format, sha256, document.n_pages, plan)
    return outcome, was_parsed, warnings + plan_warnings(source, plan)


def _store(write: Callable[[], None], interim: Path | None, warnings: list[str]) -> None:
    """Cache writes are best effort: a run without a usable interim folder still runs."""
    if interim is None:
        return
    try:
        write()
    except OSError as exc:
        warnings.append(warning_line(Warnings.W004, str(interim), reason=exc.strerror or type(exc).__name__))


def _parse_star(args: tuple) -> Parsed:
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
