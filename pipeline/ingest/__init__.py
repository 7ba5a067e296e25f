"""Stage 1, ingest: a file becomes a Document of ordered layout blocks."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Errors, PlanError
from ..models import Document
from . import docx, html, pdf, text  # noqa: F401  (registering the readers)
from .chrome import without_site_chrome
from .joining import join_blocks
from .registry import get_reader, reader_formats, register_reader
from .sniff import sniff_format

__all__ = ["read_document", "read_bytes", "sniff_format", "register_reader", "reader_formats"]


def read_bytes(path: Path, source: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(Errors.E001, source, reason=exc.strerror or type(exc).__name__) from None
    return data


def read_document(data: bytes, source: str) -> Document:
    """Read a file's bytes with the reader its content calls for."""
    if not data.strip():
        raise PlanError(Errors.E002, source)
    fmt = sniff_format(data, source)
    layout = get_reader(fmt, source)(data, source)
    return Document(
        source_file=source,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=tuple(without_site_chrome(join_blocks(layout.blocks))),
        n_pages=layout.n_pages,
        furniture=layout.furniture,
    )
