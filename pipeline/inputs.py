"""Which files a run reads, under which names, and which council each belongs to.

Inputs are files or folders (searched recursively); hidden files and `sources.csv`
manifests are not plans, and a file named twice is read once. A manifest (columns file,
council; optionally url, published, council_code, role) in an input folder, or in any folder
between it and a plan, names the council of plans that never name themselves and carries
their provenance into `documents`; its rows that match no input are reported.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Sequence

from .errors import Errors, PlanError, Warnings, warning_line
from .filesystem import regular_bytes
from .ingest.encoding import decode_text
from .models import MANIFEST_ROLES, Listing

MANIFEST_NAME = "sources.csv"


def collect_inputs(paths: Sequence[Path], exclude: Sequence[Path] = ()) -> list[Path]:
    """The files to read, in path order. Folders are searched through symbolic links (each
    folder once); anything in them that is not a folder is an input, so a dangling link or a
    pipe gets its own error row rather than vanishing. The run's own output and cache
    folders (`exclude`) are never inputs."""
    files: dict[Path, Path] = {}  # resolved -> first spelling
    skipped = [Path(os.path.realpath(folder)) for folder in exclude]
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise PlanError(Errors.E103, path=path)
        for file in folder_files(path) if path.is_dir() else [path]:
            real = Path(os.path.realpath(file))
            if not _is_skipped(file, path) and not any(real == s or s in real.parents for s in skipped):
                files.setdefault(real, file)
    if not files:
        raise PlanError(Errors.E104, paths=", ".join(str(p) for p in paths))
    return sorted(files.values(), key=source_name)  # path order, whatever order inputs were named in


def folder_files(folder: Path) -> list[Path]:
    """Every entry below `folder` that is not a folder, following links to folders once."""
    found, seen = [], set()
    for top, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        found.extend(Path(top) / name for name in names)
    return sorted(found)


def _is_skipped(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts if path != root else (path.name,)
    return path.name == MANIFEST_NAME or any(part.startswith(".") for part in parts)


def load_manifests(roots: Sequence[Path], files: Sequence[Path]) -> tuple[dict[Path, Listing], list[str]]:
    """(resolved plan path -> its manifest row, warnings for rows that cannot be used or
    name no input)."""
    folders: dict[Path, None] = {}
    resolved_roots = [root.resolve() if root.is_dir() else root.resolve().parent for root in roots]
    for file in files:
        folder = file.resolve().parent
        for root in resolved_roots:
            if folder == root or root in folder.parents:
                for step in [folder, *folder.parents]:
                    folders.setdefault(step, None)
                    if step == root:
                        break
        folders.setdefault(folder, None)
    councils: dict[Path, Listing] = {}
    warnings: list[str] = []
    known = {file.resolve() for file in files}
    for folder in sorted(folders, key=lambda f: len(f.parts)):  # nearer manifests win
        manifest = folder / MANIFEST_NAME
        if manifest.is_file():
            rows, problems = read_manifest(manifest)
            warnings.extend(problems)
            for path, council in rows.items():
                if path in known:
                    councils[path] = council
                else:
                    warnings.append(warning_line(Warnings.W005, source_name(manifest), file=path.name))
    return councils, warnings


def read_manifest(manifest: Path) -> tuple[dict[Path, Listing], list[str]]:
    """(plan path -> its row, W006 for each row that cannot be used). The manifest may be
    UTF-8 or Windows-1252, like the plans."""
    try:
        text, _ = decode_text(regular_bytes(manifest))
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
    except (OSError, csv.Error) as exc:
        raise PlanError(Errors.E101, path=manifest, reason=getattr(exc, "strerror", None) or str(exc)) from None
    if not {"file", "council"} <= set(reader.fieldnames or ()):
        raise PlanError(Errors.E101, path=manifest, reason="missing columns")
    councils: dict[Path, Listing] = {}
    first_line: dict[Path, int] = {}
    problems = []
    for line, row in enumerate(rows, start=2):
        values = {key: str(row.get(key) or "").strip() for key in ("file", *Listing.__dataclass_fields__)}
        file, council, role = values["file"], values["council"], values["role"].lower()
        path = (manifest.parent / file).resolve() if file else None
        reason = ("no file named" if not file else "no council named" if not council
                  else "a value holds a control character" if not "".join(values.values()).isprintable()
                  else f"role must be one of {', '.join(MANIFEST_ROLES)}" if role and role not in MANIFEST_ROLES
                  else f"{file} is named again (line {first_line.get(path)} already names it)" if path in councils
                  else "")
        if reason:
            problems.append(warning_line(Warnings.W006, source_name(manifest), line=line, reason=reason))
        else:
            values.pop("file")
            councils[path] = Listing(**{**values, "role": role})
            first_line[path] = line
    return councils, problems


def source_name(path: Path) -> str:
    """The path as given (a symbolic link named as itself), relative to the working
    directory where it lies below it, in printable form: bytes that are not UTF-8 and
    control characters (a newline or carriage return in a file name) are written as
    escapes, so a name is always one line of valid text in every table and message."""
    absolute = Path(os.path.abspath(path))
    try:
        name = absolute.relative_to(Path(os.path.abspath(Path.cwd()))).as_posix()
    except ValueError:
        name = os.path.relpath(absolute) if path.is_absolute() else path.as_posix()
    return printable(name)


def printable(name: str) -> str:
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
