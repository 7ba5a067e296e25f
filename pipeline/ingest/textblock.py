"""A line of running text as a block: a list item when it starts with a list marker, a
heading when it is emphasised (bold) and shaped like one."""

from __future__ import annotations

from ..models import Block
from ..strings import looks_like_heading, split_marker

EMPHASIS_LEVEL = 6  # heading level for a bold line without heading markup
_EMPHASIS_MAX_WORDS = 20


def text_to_block(text: str, page: int | None = None) -> Block:
    label, rest = split_marker(text)
    if label:
        return Block("list_item", rest, page=page, label=label)
    return Block("paragraph", rest, page=page)


def emphasis_to_block(text: str, page: int | None = None) -> Block:
    """A fully bold line: a heading when short and not a sentence; a bold sentence (a
    council's emphasised commitment) stays text, so nothing it says is lost."""
    if looks_like_heading(text, max_words=_EMPHASIS_MAX_WORDS):
        return Block("heading", text, page=page, level=EMPHASIS_LEVEL)
    return text_to_block(text, page)
