"""Which format a file is, from its content rather than its name."""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import Errors, PlanError
from .encoding import decode_text

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:html|head|body|div|p|h[1-6]|table|section|article|nav)\b", re.IGNORECASE)


def sniff_format(data: bytes, source: str) -> str:
    """Return 'pdf', 'docx', 'html' or 'text'; raise E003 for anything else."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, source)
    if _HTML_START.match(head):
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanError(Errors.E003, source, detail="binary data")
    text, _ = decode_text(data)
    if _is_html_document(text):
        return "html"
    return "text"


def _zip_format(data: bytes, source: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise PlanError(Errors.E008, source, reason=str(exc)) from None
    if "word/document.xml" in names:
        return "docx"
    raise PlanError(Errors.E003, source, detail="a ZIP archive that is not a Word document")


def _is_html_document(text: str) -> bool:
    """Markup throughout the file (not just a few tags inside converted table cells)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    tagged = sum(1 for line in lines if line.lstrip().startswith("<"))
    return tagged / len(lines) > 0.6 and bool(_HTML_TAGS.search(text))
