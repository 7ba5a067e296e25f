"""interim/: each document's stage output, so an unchanged document is not parsed again.

Two files per document, both keyed by the file's content hash and the version of the code
that made them: the ingest output (`<doc>-<code>.document.json`: blocks, format, pages) and
the segment output (`<doc>-<code>-<catalogue>.plan.json`: records), which is also keyed by
the catalogue's version. A new catalogue therefore re-segments and re-matches from the cached
blocks without re-reading the file; matching is cheap and always re-run.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
import json
import os
import tempfile
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path

from .models import Block, Document, Plan, Record

INGEST_CODE = ("ingest", "models.py", "strings.py")
SEGMENT_CODE = (*INGEST_CODE, "segment", "catalogue.py")
READER_LIBRARIES = ("pdfplumber", "pdfminer.six", "beautifulsoup4", "lxml", "python-docx")


@lru_cache(maxsize=4)
def code_version(parts: tuple[str, ...]) -> str:
    """Digest of the code in `parts` (package-relative) and of the reader libraries'
    versions: any change invalidates the cache."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for library in READER_LIBRARIES:
        digest.update(f"{library}=={_version(library)}".encode())
    for name in parts:
        target = root / name
        for path in sorted(target.rglob("*.py") if target.is_dir() else [target]):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


def document_path(interim: Path, sha256: str) -> Path:
    return interim / f"{sha256[:12]}-{code_version(INGEST_CODE)}.document.json"


def plan_path(interim: Path, sha256: str, catalogue_version: str) -> Path:
    return interim / f"{sha256[:12]}-{code_version(SEGMENT_CODE)}-{catalogue_version}.plan.json"


def load_document(path: Path, source: str) -> Document | None:
    data = _load(path)
    try:
        blocks = tuple(Block(**{**b, "cells": tuple(tuple(c) for c in b["cells"])}) for b in data["blocks"])
        return Document(source, data["format"], data["sha256"], blocks, data["n_pages"],
                        tuple(data.get("furniture", ())))
    except (KeyError, TypeError):
        return None


def load_plan(path: Path) -> Plan | None:
    data = _load(path)
    try:
        records = tuple(Record(**record) for record in data["records"])
        return Plan(data["doc_id"], data["council"], data["title"], records)
    except (KeyError, TypeError):
        return None


def store_document(path: Path, document: Document) -> None:
    _store(path, asdict(replace(document, source_file="")))


def store_plan(path: Path, plan: Plan) -> None:
    _store(path, asdict(plan))


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _store(path: Path, payload: dict) -> None:
    """Write atomically: a reader never sees half a cache file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(payload, out, ensure_ascii=False)
    os.replace(name, path)
