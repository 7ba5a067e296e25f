"""A run's output set: CSV and Parquet per table (checked against the schema as they are
written), output/datapackage.json, output/plans.duckdb, output/views.sql, the workbook,
output/report.html and the heatmaps.

Nothing reaches the output folder until every table has passed. The whole set is written into
a staging folder beside the output folder and then exchanged with it in one step (Linux renameat2
RENAME_EXCHANGE), so a reader sees either the previous set or the new one, never a mix, and
a crash or a bad table leaves the previous outputs as they were. Files of the user's own in
the output folder are carried over. Where the filesystem cannot exchange folders, files are
renamed into place one by one. A lock beside the output folder (`.<name>.lock`) keeps two
runs from writing it at once; leftovers of a killed run are removed by the next.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import hashlib
import importlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..boundary import kept_from_workers, run_bounded
from ..errors import Errors, PlanError
from ..settings import LIMIT_MAXIMA, Limits
from ..strings import collapse
from ..cache import code_version
from .database import build_database, views_sql
from .datapackage import datapackage
from .report import report_template, write_report
from .schema import TABLES
from .spool import Spool, arrow_table, csv_cell, empty_to_null, readable, staged_file
from .tables import Digest, Row
from .validate import validate_references, validate_table
from .workbook import write_workbook

DATAPACKAGE = "datapackage.json"
RUN = "run.json"
DATABASE = "plans.duckdb"
VIEWS = "views.sql"
WORKBOOK = "winter_plans.xlsx"
REPORT = "report.html"
HEATMAP = "coverage_heatmap.png"
HEATMAP_SVG = "coverage_heatmap.svg"
HEATMAP_CODE = ("write/heatmap.py",)
REPORT_TABLES = {"documents", "records", "actions", "council_coverage"}
WORKBOOK_TABLES = {"actions", "council_coverage", "records"}
STAGING_PREFIX = "staging-"


def output_folder(out_dir: Path) -> Path:
    """The folder the tables go to, symbolic links followed (a link to a folder stays a link)."""
    return Path(os.path.realpath(out_dir))


def unfit_output(out_dir: Path, inputs: Sequence[Path]) -> str:
    """Why `out_dir` must not hold the tables ("" when it may): its content is replaced as a
    whole, so it must be a folder of its own, not one holding the user's work."""
    out_dir = output_folder(out_dir)
    here = output_folder(Path.cwd())
    if out_dir == here or out_dir in here.parents:
        return "the working folder or one above it"
    if out_dir == output_folder(Path.home()):
        return "the home folder"
    for path in inputs:
        source = output_folder(path)
        if source == out_dir or out_dir in source.parents:
            return f"a folder holding the input {path}"
    return ""


def check_output_folder(out_dir: Path, inputs: Sequence[Path]) -> None:
    """E110 when `out_dir` is not a folder of its own."""
    problem = unfit_output(out_dir, inputs)
    if problem:
        raise PlanError(Errors.E110, path=out_dir, reason=problem)


@contextlib.contextmanager
def output_lock(out_dir: Path, inputs: Sequence[Path] = ()) -> Iterator[None]:
    """Hold `out_dir` for one run: check it is a folder of its own (E110) and can be written
    (E108), before anything is read; stop with E107 when another run holds it; remove what a
    killed run left behind."""
    check_output_folder(out_dir, inputs)
    out_dir = output_folder(out_dir)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+", encoding="utf-8")
    except OSError as exc:
        raise PlanError(Errors.E108, path=out_dir, reason=exc.strerror or type(exc).__name__) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise PlanError(Errors.E107, path=out_dir, lock=lock_path) from None
        if not os.access(out_dir, os.W_OK | os.X_OK):
            raise PlanError(Errors.E108, path=out_dir, reason="permission denied")
        for leftover in (*out_dir.parent.glob(f".{out_dir.name}.{STAGING_PREFIX}*"), *out_dir.glob(".writing-*"),
                         *out_dir.glob(f".{STAGING_PREFIX}*")):
            _remove(leftover)
        with kept_from_workers(handle.fileno()):
            yield


@dataclass(frozen=True)
class Written:
    """The files of a run's output set."""

    paths: list[Path]


Tables = dict[str, "list[Row] | Spool"]  # a table's rows in memory, or written already as documents arrived


class OutputSet:
    """One run's output set, written into a staging folder beside the output folder: the
    tables that grow with the documents as each document arrives (`add`), the rest and the
    files made from them at the end (`commit`), which makes the whole set current in one step.
    Closing without committing leaves the output folder as it was."""

    def __init__(self, out_dir: Path, jobs: int = 1) -> None:
        self.out_dir = output_folder(out_dir)
        self.jobs = jobs
        self.spools: dict[str, Spool] = {}
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(**_staging_place(self.out_dir)))
        except OSError as exc:
            raise PlanError(Errors.E105, table="(output folder)", reason=exc.strerror or type(exc).__name__) from None

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            for spool in self.spools.values():
                with contextlib.suppress(OSError):  # a full disk refuses the last flush too
                    spool.abandon()
        finally:
            _remove(self.staging)

    def add(self, table: str, rows: list[Row]) -> None:
        """Write rows of a streamed table (spool.STREAMED) now."""
        with _failing_as(table):
            if table not in self.spools:
                self.spools[table] = Spool(self.staging, table)
            self.spools[table].add(rows)

    def commit(self, tables: dict[str, list[Row]], digest: Digest, run: dict | None = None) -> Written:
        """Write `tables` (held in memory) and the files made from every table, then make
        the set current. `digest` stands for the streamed tables' rows."""
        tables = {table: [empty_to_null(table, row) for row in rows] for table, rows in tables.items()}
        for table, rows in tables.items():
            validate_table(table, rows)
        validate_references(tables)
        every: Tables = {table: tables.get(table) or self.spools.get(table) or [] for table in TABLES
                         if table in tables or table in self.spools}
        staged: list[tuple[Path, Path]] = []
        step = "(output folder)"
        with _failing_as(lambda: step):
            for step, rows in every.items():
                if isinstance(rows, Spool):
                    rows.close()
                    csv_path, parquet_path = rows.csv, rows.parquet
                else:
                    csv_path = self._stage(partial(_write_csv, table=step, rows=rows))
                    parquet_path = self._stage(partial(_write_parquet, table=step, rows=rows))
                staged += [(csv_path, self.out_dir / f"{step}.csv"), (parquet_path, self.out_dir / f"{step}.parquet")]
            step = DATAPACKAGE
            version = (run or {}).get("pipeline", {}).get("version")
            staged.append((self._stage(partial(_write_json, payload=datapackage(list(every), version, bool(run)))),
                           self.out_dir / step))
            builds: list[Build] = []  # files made from the whole set, built side by side once it is staged

            def later(name: str, write: Callable[[Path], None], prepare: Callable[[], object]) -> Path:
                path = staged_file(self.staging)
                builds.append(Build(name, partial(write, path), (path,), prepare))
                return path

            parquet = {final.stem: temporary for temporary, final in staged if final.suffix == ".parquet"}
            action_ids = [row["action_id"] for row in tables.get("actions", [])]
            councils = list(dict.fromkeys(row["council"] for row in tables.get("council_coverage", [])))
            staged.append((later(DATABASE, partial(_write_database, parquet=parquet, councils=councils,
                                                   action_ids=action_ids), _loading("duckdb")), self.out_dir / DATABASE))
            step = VIEWS
            staged.append((self._stage(partial(_write_text, text=views_sql(list(every), councils, action_ids))),
                           self.out_dir / step))
            if WORKBOOK_TABLES <= set(every):
                staged.append((later(WORKBOOK, partial(write_workbook, tables=every, digest=digest), _loading("xlsxwriter")),
                               self.out_dir / WORKBOOK))
            if REPORT_TABLES <= set(every):
                staged.append((later(REPORT, partial(write_report, tables=tables, digest=digest), report_template),
                               self.out_dir / REPORT))
                paths = {"png": staged_file(self.staging), "svg": staged_file(self.staging)}
                builds += heatmap_builds(paths, tables, {"png": self.out_dir / HEATMAP, "svg": self.out_dir / HEATMAP_SVG})
                staged += [(paths["png"], self.out_dir / HEATMAP), (paths["svg"], self.out_dir / HEATMAP_SVG)]
            step = "(output folder)"
            build_files(builds, self.jobs)
            if run:
                step = RUN
                files = sorted([final.name for _, final in staged] + [RUN])
                staged.append((self._stage(partial(_write_json, payload={**run, "files": files})), self.out_dir / step))
            step = "(output folder)"
            for temporary, final in staged:
                os.replace(temporary, self.staging / final.name)
            make_current(self.staging, self.out_dir, {final.name for _, final in staged})
        return Written([final for _, final in staged])

    def _stage(self, write: Callable[[Path], None]) -> Path:
        path = staged_file(self.staging)
        try:
            write(path)
            readable(path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path


@dataclass(frozen=True)
class Build:
    """One file made from the whole set: its name, the function that writes it, its paths."""

    name: str
    write: Callable[[], None]
    paths: tuple[Path, ...]
    prepare: Callable[[], object]  # loads what it needs (a library, a compiled template) before the workers fork


BUILD_LIMITS = Limits(**LIMIT_MAXIMA)  # the per-document limits are not the output files' (a year's workbook is large)


def build_files(builds: Sequence[Build], jobs: int) -> None:
    """Write the files made from the whole set (database, workbook, report, heatmaps), each
    in a worker of its own (boundary.py), `jobs` at once: two cores build two files at a
    time, and what a library keeps of the memory it used (DuckDB's buffers, matplotlib)
    goes with its worker rather than adding up in the run."""
    for build in builds:  # once per process: a process running many extracts (tests, a notebook) keeps them
        build.prepare()
    for build, reason in zip(builds, run_bounded(builds, _build, _not_built, lambda build: build.name, jobs,
                                                 BUILD_LIMITS)):
        if reason:
            raise PlanError(Errors.E105, table=build.name, reason=reason)
    for build in builds:
        for path in build.paths:
            readable(path)


def _build(build: Build) -> str:
    """"" when the file is built, else why not (one line)."""
    try:
        build.write()
    except MemoryError:
        raise  # the worker reports it as such
    except Exception as exc:
        return failure_reason(exc)
    return ""


def _not_built(build: Build, error: PlanError) -> str:
    """Why a build's worker gave no answer: out of time or memory, or stopped."""
    return {"E013": "it took longer than the time allowed", "E014": "it needed more memory than the machine allows"
            }.get(error.code, "its worker stopped unexpectedly")


@contextlib.contextmanager
def _failing_as(step) -> Iterator[None]:
    """Any library's failure while writing `step` (a name, or a function giving the step
    reached) as one line, E105; the schema's own E105 passes as it is."""
    try:
        yield
    except PlanError:
        raise
    except Exception as exc:
        raise PlanError(Errors.E105, table=step() if callable(step) else step, reason=failure_reason(exc)) from None


def failure_reason(exc: Exception) -> str:
    """A library's failure in one line: the system's words for an OS error, else the exception."""
    return collapse(getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}")[:200]


def write_tables(tables: dict[str, list[Row]], out_dir: Path, run: dict | None = None) -> Written:
    """Write a set of tables held in memory, all of them checked first."""
    digest = Digest()
    for doc_id, records in groupby(tables.get("records", []), key=lambda row: row["doc_id"]):
        records = list(records)
        ids = {row["record_id"] for row in records}
        digest.add(doc_id, records, [m for m in tables.get("matches", []) if m["record_id"] in ids])
    with OutputSet(out_dir) as output:
        return output.commit(tables, digest, run)


def all_files_there(out_dir: Path, names: object) -> bool:
    """Whether every file a run.json lists (`names`) is in `out_dir`."""
    if not isinstance(names, list) or not names:
        return False
    return all(isinstance(name, str) and "/" not in name and (out_dir / name).is_file() for name in names)


def _staging_place(out_dir: Path) -> dict:
    """Beside the output folder, to be exchanged with it; inside it when it is a mount point
    of its own (a container volume), where only file-by-file renames are possible."""
    if os.stat(out_dir).st_dev == os.stat(out_dir.parent).st_dev:
        return {"dir": out_dir.parent, "prefix": f".{out_dir.name}.{STAGING_PREFIX}"}
    return {"dir": out_dir, "prefix": f".{STAGING_PREFIX}"}


def make_current(staging: Path, out_dir: Path, ours: set[str]) -> None:
    """Make the staged set the output folder's content in one step; the previous content
    ends up in `staging`. The user's own files (anything the run does not write) go along
    as hard links: the same files, not copies."""
    if staging.parent == out_dir or not _carry_over(staging, out_dir, ours) or not _exchange(staging, out_dir):
        for name in ours:
            os.replace(staging / name, out_dir / name)
        (out_dir / f"{DATABASE}.wal").unlink(missing_ok=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2); False where that is not possible."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


def _carry_over(staging: Path, out_dir: Path, ours: set[str]) -> bool:
    """Link the user's own files into the staging folder; False when they cannot be linked
    (another filesystem's rules), so the set is renamed in file by file instead."""
    try:
        for item in out_dir.iterdir():
            if item.name not in ours and not item.name.startswith((".writing-", f".{STAGING_PREFIX}")) \
                    and item.name != f"{DATABASE}.wal":
                if item.is_dir() and not item.is_symlink():
                    shutil.copytree(item, staging / item.name, symlinks=True, copy_function=os.link)
                else:
                    os.link(item, staging / item.name, follow_symlinks=False)
    except OSError:
        return False
    staging.chmod(out_dir.stat().st_mode & 0o7777)
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _write_csv(path: Path, table: str, rows: list[Row]) -> None:
    names = [c.name for c in TABLES[table]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([csv_cell(row[name]) for name in names])


def _write_parquet(path: Path, table: str, rows: list[Row]) -> None:
    import pyarrow.parquet as pq  # imported when writing: a run that leaves its outputs as they were never loads it

    pq.write_table(arrow_table(table, rows), path)


def _write_json(path: Path, payload: dict) -> None:
    _write_text(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def heatmap_builds(paths: dict[str, Path], tables: dict[str, list[Row]], previous: dict[str, Path]) -> list[Build]:
    """Drawing the heatmaps, or nothing when the previous run's were drawn from the same
    tables by the same code: they are copied now (drawing costs more than all the other
    files together)."""
    digest = heatmap_digest(tables)
    if all(_marked(previous[fmt], digest) for fmt in paths):
        for fmt, path in paths.items():
            shutil.copyfile(previous[fmt], path)
            readable(path)
        return []
    return [Build(HEATMAP, partial(_draw_heatmaps, paths, tables, digest), tuple(paths.values()),
                  _loading("pipeline.write.heatmap"))]


def _loading(module: str) -> Callable[[], object]:
    return partial(importlib.import_module, module)


def _draw_heatmaps(paths: dict[str, Path], tables: dict[str, list[Row]], digest: str) -> None:
    from .heatmap import write_heatmaps  # matplotlib is imported only when a heatmap is drawn

    write_heatmaps(paths, tables, digest)


def heatmap_digest(tables: dict[str, list[Row]]) -> str:
    content = json.dumps([tables["actions"], tables["council_coverage"]], sort_keys=True, default=str)
    return hashlib.sha256((code_version(HEATMAP_CODE) + content).encode()).hexdigest()[:16]


def _marked(path: Path, digest: str) -> bool:
    """The file exists and carries `digest` in its metadata (a PNG text chunk, SVG RDF)."""
    try:
        with path.open("rb") as handle:
            return f"tables {digest}".encode() in handle.read(64 * 1024)
    except OSError:
        return False


def _write_database(path: Path, parquet: dict[str, Path], councils: list[str], action_ids: list[str]) -> None:
    path.unlink()  # duckdb creates its own file
    build_database(path, parquet, councils, action_ids)
