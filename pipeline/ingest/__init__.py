"""Stage 1, ingest: a file becomes a Document of ordered layout blocks."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from ..errors import Errors, PlanError, over_limit
from ..models import Block, Document
from ..settings import Limits
from . import docx, html, pdf, text  # noqa: F401  (registering the readers)
from .chrome import without_site_chrome
from .joining import join_blocks
from .registry import get_reader, reader_formats, register_reader
from .sniff import sniff_format

__all__ = ["read_document", "read_bytes", "sniff_format", "register_reader", "reader_formats"]


MEGABYTE = 1024 * 1024
_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def read_bytes(path: Path, source: str, limits: Limits = Limits()) -> bytes:
    """The file's bytes: a regular file (never a pipe or a device, which could block or
    never end), no larger than `limits.file_mb`."""
    allowed = limits.file_mb * MEGABYTE
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a plain file")
            raise PlanError(Errors.E009, source, kind=kind)
        with path.open("rb") as handle:
            data = handle.read(allowed + 1)
    except OSError as exc:
        raise PlanError(Errors.E001, source, reason=exc.strerror or type(exc).__name__) from None
    if len(data) > allowed:
        raise over_limit(source, "file_mb", f"more than {limits.file_mb} MB", f"{limits.file_mb} MB")
    return data


def read_document(data: bytes, source: str, limits: Limits = Limits()) -> Document:
    """Read a file's bytes with the reader its content calls for, within `limits`."""
    if not data.strip():
        raise PlanError(Errors.E002, source)
    fmt = sniff_format(data, source, limits)
    layout = get_reader(fmt, source)(data, source, limits)
    characters = sum(map(_characters, layout.blocks))
    if characters > limits.characters:
        raise over_limit(source, "characters", f"{characters:,} characters", f"{limits.characters:,}")
    return Document(
        source_file=source,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=tuple(without_site_chrome(join_blocks(layout.blocks))),
        n_pages=layout.n_pages,
        furniture=layout.furniture,
    )


def _characters(block: Block) -> int:
    return len(block.text) + sum(len(cell) for row in block.cells for cell in row)
