"""One run of the pipeline over a batch of files: ingest -> segment (cached) -> match ->
write. Each file is read and matched in a worker of its own (boundary.py), within the run's
limits; a file that cannot be read becomes an error row and the batch goes on. The output
folder is locked and checked before anything is read."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import cache
from .boundary import run_bounded
from .catalogue import Catalogue, load_catalogue
from .corrections import Correction, Tally, apply_corrections, load_corrections, unknown_records
from .errors import Errors, PlanError, Warnings, warning_line
from .ingest import read_bytes, read_document
from .inputs import collect_inputs, load_manifests, source_name
from .models import Listing, Match, Outcome, Plan
from .delivery import describe_plan
from .segment import segment_document
from .settings import Limits, available_cores
from .strings import collapse
from .write import RunTables, check_output_folder, output_folder, output_lock, write_review
from .write import validate_table
from .write.run import document_entry, run_key, run_record, unchanged_run
from .write.tables import council_unit, plan_councils, plan_rows

Progress = Callable[[int, int, Outcome, bool], None]  # (done, total, outcome, parsed now)
Parsed = tuple[Outcome, bool, list[str]]  # (outcome, parsed now rather than cached, warnings)


@dataclass(frozen=True)
class Task:
    """One input file to read: its path, its name in the tables, its council from a manifest."""

    path: Path
    source: str
    listing: Listing
    sha256: str = ""  # of its bytes when they could be read
    unreadable: str = ""  # else why not


@dataclass(frozen=True)
class Read:
    """What a worker returns for one file."""

    outcome: Outcome
    matches: list[Match]
    parsed: bool  # parsed now rather than taken from the cache
    warnings: list[str]


@dataclass(frozen=True)
class ExtractOptions:
    inputs: tuple[Path, ...] = (Path("raw"),)
    out: Path = Path("output")
    interim: Path = Path("interim")
    jobs: int = field(default_factory=available_cores)
    force: bool = False
    catalogue: Path | None = None
    corrections: Path | None = None
    limits: Limits = Limits()
    review: Path | None = None  # write the review file here


@dataclass
class ExtractResult:
    """What a run did; its tables are in the output folder."""

    catalogue: Catalogue
    parsed: int = 0
    cached: int = 0
    warnings: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    documents: list[dict] = field(default_factory=list)  # one entry per input, as run.json lists them
    councils: int = 0
    matched: int = 0
    rewritten: bool = True  # False: the output set was already made from the same inputs and code

    @property
    def failed(self) -> list[dict]:
        return [d for d in self.documents if d["status"] == "error"]


def extract(options: ExtractOptions, log: Callable[[str], None] = lambda line: None,
            progress: Progress = lambda done, total, outcome, parsed: None) -> ExtractResult:
    """Run the pipeline and write the tables. Raises PlanError only for run-level problems
    (missing inputs, a bad manifest, catalogue or corrections file, an output folder that
    cannot be written or that another run holds)."""
    catalogue = load_catalogue(options.catalogue)
    check_output_folder(options.out, options.inputs)
    files = collect_inputs(options.inputs, exclude=(options.out, options.interim))
    listings, manifest_warnings = load_manifests(options.inputs, files)
    corrections, ignored = load_corrections(options.corrections, catalogue.by_id) if options.corrections else ([], [])
    with output_lock(options.out, options.inputs):
        tasks = [Task(path, source_name(path), listings.get(path.resolve(), Listing()),
                      *content(path, source_name(path), options.limits)) for path in files]
        key = run_key(options, catalogue, [{"source_file": t.source, "content": t.sha256 or t.unreadable,
                                            "listing": asdict(t.listing)} for t in tasks], manifest_warnings)
        previous = None if options.force or options.review else \
            unchanged_run(output_folder(options.out), key, [task.source for task in tasks])
        if previous:
            return unchanged_result(previous, catalogue, log)
        for line in manifest_warnings:
            log(line)
        cache.known_code_versions()
        matcher = LazyMatcher(catalogue)
        if any(needs_matching(task, catalogue, options) for task in tasks):
            matcher()  # built once before the workers start, so that they share it
        work = partial(read_and_match, matcher=matcher, catalogue=catalogue, interim=options.interim,
                       force=options.force, limits=options.limits)
        reads = run_bounded(tasks, work, _failed, lambda task: task.source, options.jobs, options.limits)
        with RunTables(options.out, catalogue, bool(options.review), options.jobs) as tables:
            result = _collect(reads, len(tasks), corrections, tables, log, progress)
            result.tally.ignored[:0] = ignored
            _report(result, ignored, log)
            result.warnings[:0] = manifest_warnings
            if any(entry["sha256"] not in (None, task.sha256) for entry, task in zip(result.documents, tasks)):
                key = ""  # a file changed while the run read it: the set is not the one its key names
            tables.commit(shared_councils(result.documents), run_record(options, result, key))
        if options.review:
            write_review(options.review, tables.documents, tables.digest, catalogue)
    return result


def content(path: Path, source: str, limits: Limits) -> tuple[str, str]:
    """(sha256, "") of a file's bytes, or ("", the reason it cannot be read)."""
    try:
        return hashlib.sha256(read_bytes(path, source, limits)).hexdigest(), ""
    except PlanError as error:
        return "", error.line()


def unchanged_result(previous: dict, catalogue: Catalogue, log: Callable[[str], None]) -> ExtractResult:
    """The result of a run with nothing to do, from the run.json of the set it leaves as it
    was: its errors and warnings said again."""
    warnings = previous["warnings"]
    for line in warnings:
        log(line)
    corrections = previous["corrections"]
    readable = sum(entry["status"] == "ok" for entry in previous["inputs"])
    return ExtractResult(catalogue, cached=readable, documents=previous["inputs"],
                         councils=previous["counts"]["councils"], matched=previous["counts"]["matched"],
                         warnings=warnings, rewritten=False,
                         tally=Tally(corrections["applied"], corrections["stale"], corrections["ignored"]))


class LazyMatcher:
    """The catalogue's matcher, built on first use: a run whose plans all have cached
    matches never imports spaCy."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._matcher = None

    def __call__(self):
        if self._matcher is None:
            from .match import Matcher

            self._matcher = Matcher(self.catalogue)
        return self._matcher


def needs_matching(task: Task, catalogue: Catalogue, options: ExtractOptions) -> bool:
    """Whether the file's plan has no cached matches (a file that cannot be read needs none)."""
    if not task.sha256:
        return False
    return options.force or options.interim is None or \
        not cache.matches_path(options.interim, task.sha256, catalogue.version).exists()


def read_and_match(task: Task, matcher: LazyMatcher, catalogue: Catalogue, interim: Path | None, force: bool,
                   limits: Limits) -> Read:
    """A worker's job: read one file and match its plan, each from the cache when current."""
    outcome, was_parsed, warnings = parse_file(task.path, task.source, task.listing.council, catalogue,
                                               interim, force, limits)
    outcome = replace(outcome, listing=task.listing)
    try:
        matches = plan_matches(outcome, matcher, interim, force, warnings) if outcome.plan else []
    except MemoryError:
        raise
    except Exception as exc:  # a matcher bug must not stop the batch or show a traceback
        reason = collapse(f"{type(exc).__name__}: {exc}")[:200]
        failed = replace(outcome, plan=None, error=PlanError(Errors.E099, task.source, reason=reason).line())
        return Read(failed, [], was_parsed, [])
    return Read(outcome, matches, was_parsed, warnings)


def plan_matches(outcome: Outcome, matcher: LazyMatcher, interim: Path | None, fresh: bool,
                 warnings: list[str]) -> list[Match]:
    """The plan's matches: cached ones when the file, code, settings and catalogue are those
    they were made with, else matched now (and cached)."""
    at = cache.matches_path(interim, outcome.sha256, matcher.catalogue.version) if interim is not None else None
    matches = None if fresh or at is None else _readable(cache.load_matches(at, outcome.plan.records),
                                                         outcome.source_file, warnings)
    if matches is None:
        matches = matcher().match(outcome.plan)
        _store(lambda: cache.store_matches(at, matches), interim, warnings)
    return matches


def _failed(task: Task, error: PlanError) -> Read:
    return Read(Outcome(task.source, "", "", None, None, error.line(), listing=task.listing), [], True, [])


def _collect(reads: Iterable[Read], total: int, corrections: Sequence[Correction], tables: RunTables,
             log: Callable[[str], None], progress: Progress) -> ExtractResult:
    """Take each document's result as it arrives (duplicates, corrections, warnings) and
    hand it to the tables; keep only its summary."""
    result = ExtractResult(tables.catalogue)
    seen: dict[str, str] = {}
    corrected = {correction.record_id for correction in corrections}
    found: set[str] = set()  # record ids that corrections name, among the documents' records
    for read in reads:
        outcome, warnings, matches = read.outcome, read.warnings, read.matches
        if outcome.plan and outcome.sha256 in seen:
            error = PlanError(Errors.E010, outcome.source_file, other=seen[outcome.sha256]).line()
            outcome, matches = replace(outcome, plan=None, error=error), []
        elif outcome.plan:
            seen[outcome.sha256] = outcome.source_file
            matches, stale, applied = apply_corrections(matches, outcome.plan.records, corrections)
            found |= corrected.intersection(record.record_id for record in outcome.plan.records)
            result.tally.applied += applied
            result.tally.stale.extend(stale)
            warnings = warnings + stale
        outcome = replace(outcome, warnings=tuple(warnings))
        tables.add(outcome, matches)
        result.documents.append(document_entry(outcome, tables.addressed(outcome.doc_id)))
        result.matched += sum(match.status == "matched" for match in matches)
        result.parsed += read.parsed
        result.cached += bool(outcome.plan) and not read.parsed
        _report(result, ([outcome.error] if outcome.error else []) + warnings, log)
        progress(len(result.documents), total, outcome, read.parsed)
    missing = unknown_records(corrections, found)
    result.tally.ignored.extend(missing)
    _report(result, missing, log)
    shared = shared_councils(result.documents)
    _report(result, shared.values(), log)
    result.councils = len(plan_councils(result.documents))
    return result


def shared_councils(documents: Sequence[dict]) -> dict[str, str]:
    """source_file -> W009, for every document of a council with more than one document
    holding a plan (`documents`: rows or run.json entries, which name council and file alike)."""
    shared = {}
    for group in (g for g in plan_councils(documents).values() if len(g) > 1):
        line = warning_line(Warnings.W009, council_unit(group[0]), count=len(group),
                            files=", ".join(d["source_file"] for d in group))
        shared.update({d["source_file"]: line for d in group})
    return shared


def _report(result: ExtractResult, lines: Iterable[str], log: Callable[[str], None]) -> None:
    for line in lines:
        if line not in result.warnings:  # e.g. one unwritable-cache warning, not one per file
            result.warnings.append(line)
            log(line)


def read_plans(inputs: Sequence[Path], catalogue_path: Path | None = None) -> tuple[list[Plan], Catalogue]:
    """Plans of readable input files, parsed afresh (no cache, nothing written)."""
    catalogue = load_catalogue(catalogue_path)
    files = collect_inputs(inputs)
    listings, _ = load_manifests(inputs, files)
    plans = []
    for path in files:
        outcome, _, _ = parse_file(path, source_name(path), listings.get(path.resolve(), Listing()).council,
                                   catalogue, None, force=True, limits=Limits())
        if outcome.plan:
            plans.append(outcome.plan)
    return plans, catalogue


def parse_file(path: Path, source: str, council: str, catalogue: Catalogue, interim: Path | None,
               force: bool, limits: Limits) -> Parsed:
    """Ingest and segment one file, from the interim cache when it is current (no cache
    when `interim` is None). A cache entry that cannot be read is replaced, with a warning."""
    try:
        data = read_bytes(path, source, limits)
    except PlanError as error:
        return Outcome(source, "", "", None, None, error.line()), False, []
    sha256 = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    try:
        use_cache = interim is not None and not force
        document = _readable(cache.load_document(cache.document_path(interim, sha256), source), source,
                             warnings) if use_cache else None
        was_parsed = document is None
        if document is None:
            document = read_document(data, source, limits)
            _store(lambda: cache.store_document(cache.document_path(interim, sha256), document), interim, warnings)
        at = cache.plan_path(interim, sha256, catalogue.version) if interim is not None else None
        plan = None if was_parsed or at is None else _readable(cache.load_plan(at), source, warnings)
        if plan is not None and plan_problem(plan):
            warnings.append(warning_line(Warnings.W008, source))
            plan = None
        if plan is None:
            plan = describe_plan(segment_document(document, catalogue), catalogue.plan_year)
            problem = plan_problem(plan)
            if problem:
                raise PlanError(Errors.E099, source, reason=f"its records break the schema: {problem}")
            _store(lambda: cache.store_plan(at, plan), interim, warnings)
    except PlanError as error:
        return Outcome(source, "", sha256, None, None, error.line()), True, []
    except MemoryError:
        raise  # the worker reports it as the memory limit (E014)
    except Exception as exc:  # a reader bug must not stop the batch or show a traceback
        reason = collapse(f"{type(exc).__name__}: {exc}")[:200]
        return Outcome(source, "", sha256, None, None, PlanError(Errors.E099, source, reason=reason).line()), True, []
    if council:
        plan = with_council(plan, council)
    outcome = Outcome(source, document.format, sha256, document.n_pages, plan)
    return outcome, was_parsed, warnings + plan_warnings(source, plan)


def plan_problem(plan: Plan) -> str:
    """Why a plan's records would not pass the records table's schema ("" when they do),
    checked per document so that one bad document fails alone."""
    try:
        validate_table("records", plan_rows(plan))
    except PlanError as error:
        return error.message
    return ""


def _readable(entry, source: str, warnings: list[str]):
    """A cache entry, or None (read afresh) when it is missing or unreadable (warned)."""
    if entry is cache.UNREADABLE:
        warnings.append(warning_line(Warnings.W008, source))
        return None
    return entry


def _store(write: Callable[[], None], interim: Path | None, warnings: list[str]) -> None:
    """Cache writes are best effort: a run without a usable interim folder still runs."""
    if interim is None:
        return
    try:
        write()
    except OSError as exc:
        warnings.append(warning_line(Warnings.W004, str(interim), reason=exc.strerror or type(exc).__name__))


def with_council(plan: Plan, council: str) -> Plan:
    return replace(plan, council=council, records=tuple(replace(r, council=council) for r in plan.records))


def plan_warnings(source: str, plan: Plan) -> list[str]:
    warnings = []
    if not plan.records:
        warnings.append(warning_line(Warnings.W001, source))
    if not plan.council:
        warnings.append(warning_line(Warnings.W002, source))
    return warnings
