"""interim/: each document's stage output, so an unchanged document is not parsed again.

Three files per document, each keyed by the file's content hash and the version of the
code that made it: the ingest output (`<doc>-<code>.document.json`: blocks, format, pages),
the segment output (`<doc>-<code>-<catalogue>.plan.json`: records) and the match output
(`<doc>-<code>-<catalogue>.matches.json`), the last two also keyed by the catalogue's
version. A new catalogue therefore re-segments and re-matches from the cached blocks
without re-reading the file; a change to the matcher or its settings re-matches only. An
entry that cannot be read back whole and well-typed (a damaged disk, a hand edit) is
UNREADABLE: that stage is run afresh and the entry replaced.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
import json
import os
import tempfile
from dataclasses import asdict, fields, replace
from functools import lru_cache
from typing import Iterator, Sequence
from pathlib import Path

from .models import BLOCK_KINDS, FACT_KINDS, MATCH_STATUSES, RECORD_KINDS, Block, Document, Fact, Match, Plan, Record

INGEST_CODE = ("ingest", "models.py", "strings.py")
SEGMENT_CODE = (*INGEST_CODE, "segment", "delivery", "catalogue.py")
MATCH_CODE = (*SEGMENT_CODE, "match", "settings.py")
READER_LIBRARIES = ("pypdfium2", "pdfplumber", "pdfminer.six", "beautifulsoup4", "lxml", "python-docx")
CODE_SUFFIXES = {".py", ".j2", ".css", ".js", ".csv", ".sql"}
UNREADABLE = object()  # an entry that exists but cannot be used
_SIMPLE_TYPES = {"str": (str,), "int": (int,), "bool": (bool,), "float": (int, float), "None": (type(None),)}


@lru_cache(maxsize=None)
def code_version(parts: tuple[str, ...]) -> str:
    """Digest of the code in `parts` (package-relative) and of the reader libraries'
    versions: any change invalidates the cache."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for library in READER_LIBRARIES:
        digest.update(f"{library}=={_version(library)}".encode())
    for name in parts:
        target = root / name
        for path in sorted(code_files(target) if target.is_dir() else [target]):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def code_files(folder: Path) -> Iterator[Path]:
    """The files that make up the code in a folder: Python, and the templates and data it reads."""
    return (path for path in folder.rglob("*") if path.is_file() and path.suffix in CODE_SUFFIXES
            and "__pycache__" not in path.parts)


def known_code_versions() -> None:
    """Work out every stage's code version now: forked workers then inherit them rather
    than each reading and hashing the code again."""
    for parts in (INGEST_CODE, SEGMENT_CODE, MATCH_CODE):
        code_version(parts)


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def document_path(interim: Path, sha256: str) -> Path:
    return interim / f"{sha256[:12]}-{code_version(INGEST_CODE)}.document.json"


def plan_path(interim: Path, sha256: str, catalogue_version: str) -> Path:
    return interim / f"{sha256[:12]}-{code_version(SEGMENT_CODE)}-{catalogue_version}.plan.json"


def matches_path(interim: Path, sha256: str, catalogue_version: str) -> Path:
    """A plan's matches depend on its file, the segmenting and matching code, the settings
    and the catalogue: all are in the key. (A response is matched in the context of its
    group and section, so the plan, not the record, is the unit that is exact to reuse.)"""
    return interim / f"{sha256[:12]}-{code_version(MATCH_CODE)}-{catalogue_version}.matches.json"


def load_matches(path: Path, records: Sequence[Record]) -> list[Match] | None | object:
    """The cached matches of a plan; None when there are none; UNREADABLE when the entry is
    damaged or names records the plan does not have."""
    data = _load(path)
    if data is None:
        return None
    try:
        matches = [Match(**match) for match in data["matches"]]
    except (KeyError, TypeError, AttributeError):
        return UNREADABLE
    ids = {record.record_id for record in records}
    usable = all(_well_typed(m) and m.record_id in ids and m.status in MATCH_STATUSES for m in matches)
    return matches if usable else UNREADABLE


def store_matches(path: Path, matches: Sequence[Match]) -> None:
    _store(path, {"matches": [asdict(match) for match in matches]})


def load_document(path: Path, source: str) -> Document | None | object:
    """The cached Document; None when there is none; UNREADABLE when it is damaged."""
    data = _load(path)
    if data is None:
        return None
    try:
        blocks = tuple(Block(**{**b, "cells": tuple(tuple(str(c) for c in row) for row in b["cells"])})
                       for b in data["blocks"])
        document = Document(source, data["format"], data["sha256"], blocks, data["n_pages"],
                            tuple(data.get("furniture", ())))
    except (KeyError, TypeError, AttributeError):
        return UNREADABLE
    usable = all(map(_well_typed, (document, *blocks))) and all(b.kind in BLOCK_KINDS for b in blocks)
    return document if usable else UNREADABLE


def load_plan(path: Path) -> Plan | None | object:
    """The cached Plan; None when there is none; UNREADABLE when it is damaged."""
    data = _load(path)
    if data is None:
        return None
    try:
        records = tuple(Record(**record) for record in data["records"])
        facts = tuple(Fact(**fact) for fact in data["facts"])
        plan = Plan(data["doc_id"], data["council"], data["title"], records, facts)
    except (KeyError, TypeError, AttributeError):
        return UNREADABLE
    usable = (all(map(_well_typed, (plan, *records, *facts))) and all(r.kind in RECORD_KINDS for r in records)
              and all(f.kind in FACT_KINDS for f in facts))
    return plan if usable else UNREADABLE


def _well_typed(item: object) -> bool:
    """Every field of simple type (str, int, "int | None", ...) holds a value of that type."""
    return all(type(getattr(item, name)) in allowed for name, allowed in _simple_fields(type(item)))


@lru_cache(maxsize=None)
def _simple_fields(cls: type) -> tuple[tuple[str, frozenset[type]], ...]:
    """The fields of a dataclass whose declared types are all simple, with the exact value
    types each may hold (a bool is not an int here unless bool is declared)."""
    simple = []
    for field in fields(cls):
        allowed = [_SIMPLE_TYPES.get(part.strip()) for part in str(field.type).split("|")]
        if all(allowed):
            simple.append((field.name, frozenset(t for types in allowed for t in types)))
    return tuple(simple)


def store_document(path: Path, document: Document) -> None:
    _store(path, asdict(replace(document, source_file="")))


def store_plan(path: Path, plan: Plan) -> None:
    _store(path, asdict(plan))


def _load(path: Path) -> dict | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _store(path: Path, payload: dict) -> None:
    """Write atomically: a reader never sees half a cache file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(payload, out, ensure_ascii=False)
    os.replace(name, path)
