"""A line of running text as a block: a list item when it starts with a list marker."""

from __future__ import annotations

from ..models import Block
from ..strings import split_marker


def text_to_block(text: str, page: int | None = None) -> Block:
    label, rest = split_marker(text)
    if label:
        return Block("list_item", rest, page=page, label=label)
    return Block("paragraph", rest, page=page)
