"""Which format a file is, from its content rather than its name."""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import Errors, PlanError, over_limit
from ..settings import Limits
from .encoding import decode_text

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:html|head|body|div|p|h[1-6]|table|section|article|nav)\b", re.IGNORECASE)


def sniff_format(data: bytes, source: str, limits: Limits = Limits()) -> str:
    """Return 'pdf', 'docx', 'html' or 'text'; raise E003 for anything else."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _is_pdf(head, data):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, source, limits)
    if _HTML_START.match(head):
        return "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanError(Errors.E003, source, detail="binary data")
    text, _ = decode_text(data)
    if _is_html_document(text):
        return "html"
    return "text"


def _is_pdf(head: bytes, data: bytes) -> bool:
    """A PDF header at the start, or within the first kilobyte (as readers allow) of a file
    that also ends like a PDF: a text that merely mentions "%PDF-" is not one."""
    return head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and b"%%EOF" in data[-2048:])


def _zip_format(data: bytes, source: str, limits: Limits) -> str:
    """'docx' for a Word file whose parts unpack within `limits.unpacked_mb` (the sizes a
    zip bomb declares are checked before anything is unpacked)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise PlanError(Errors.E008, source, reason=str(exc)) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.unpacked_mb * 1024 * 1024:
        raise over_limit(source, "unpacked_mb", f"{unpacked // (1024 * 1024):,} MB unpacked", f"{limits.unpacked_mb} MB")
    if "word/document.xml" in {member.filename for member in members}:
        return "docx"
    raise PlanError(Errors.E003, source, detail="a ZIP archive that is not a Word document")


def _is_html_document(text: str) -> bool:
    """Markup throughout the file (not just a few tags inside converted table cells)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    tagged = sum(1 for line in lines if line.lstrip().startswith("<"))
    return tagged / len(lines) > 0.6 and bool(_HTML_TAGS.search(text))
