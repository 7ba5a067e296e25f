"""Stage 2, segment: blocks become plan records (theme, section, kind, group)."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..models import Document, Plan
from .council import infer_council
from .roles import blocks_to_roles
from .segmenter import blocks_to_pieces, pieces_to_records

__all__ = ["segment_document"]


def segment_document(document: Document, catalogue: Catalogue) -> Plan:
    """Records of a document, with the council named in its own text."""
    blocks = document.blocks
    roles = blocks_to_roles(blocks, catalogue)
    title = next((b.text for b, role in zip(blocks, roles) if role == "title"), "")
    headers = [title, *document.furniture, *(b.text for b in blocks if b.header)]
    council = infer_council([*document.furniture, *(b.text for b in blocks)], headers)
    pieces = blocks_to_pieces(blocks, roles, catalogue)
    records = pieces_to_records(pieces, document.doc_id, council, catalogue)
    return Plan(document.doc_id, council, title, records)
