"""interim/: each document's ingest and segment output, keyed by the file's content hash,
the parsing code's version and the catalogue's version, so an unchanged document is not
parsed again. Matching is cheap and always re-run."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from .models import Block, Plan, Record

_PARSING_CODE = ("ingest", "segment", "models.py", "strings.py")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Digest of the code that turns a file into records: any change re-parses."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _PARSING_CODE:
        target = root / name
        for path in sorted(target.rglob("*.py") if target.is_dir() else [target]):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_path(interim: Path, sha256: str, catalogue_version: str) -> Path:
    return interim / f"{sha256[:12]}-{code_version()}-{catalogue_version}.json"


def load_cached(path: Path) -> tuple[str, int | None, Plan] | None:
    """(format, n_pages, plan) from a cache file, or None when absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        plan = data["plan"]
        records = tuple(Record(**record) for record in plan["records"])
        return data["format"], data["n_pages"], Plan(plan["doc_id"], plan["council"], plan["title"], records)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(path: Path, fmt: str, n_pages: int | None, blocks: tuple[Block, ...], plan: Plan) -> None:
    """Write atomically: a reader never sees half a cache file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": fmt, "n_pages": n_pages, "blocks": [asdict(b) for b in blocks],
               "plan": asdict(plan)}
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(payload, out, ensure_ascii=False)
    os.replace(name, path)
