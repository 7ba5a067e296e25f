"""Stage 1, ingest: a file becomes a Document of ordered layout blocks."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Errors, PlanError, over_limit
from ..filesystem import NotRegularFile, TooLarge, regular_bytes
from ..models import Block, Document
from ..settings import Limits
from . import docx, html, pdf, text  # noqa: F401  (registering the readers)
from .chrome import without_site_chrome
from .joining import join_blocks
from .registry import get_reader, reader_formats, register_reader
from .sniff import sniff_format

__all__ = ["read_document", "read_bytes", "sniff_format", "register_reader", "reader_formats"]


def read_bytes(path: Path, source: str, limits: Limits = Limits()) -> bytes:
    """The file's bytes: a regular file (never a pipe or a device, which could block or
    never end), no larger than `limits.file_mb`."""
    try:
        return regular_bytes(path, limits.file_mb)
    except NotRegularFile as exc:
        raise PlanError(Errors.E009, source, kind=exc.kind) from None
    except TooLarge:
        raise over_limit(source, "file_mb", f"more than {limits.file_mb} MB", f"{limits.file_mb} MB") from None
    except OSError as exc:
        raise PlanError(Errors.E001, source, reason=exc.strerror or type(exc).__name__) from None


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
