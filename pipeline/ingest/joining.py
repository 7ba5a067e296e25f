"""Rejoin what page breaks cut, for every format: a sentence split over two paragraphs and
a table row split over two rows become one block again.

The cues are general: the first piece does not end a sentence, and the second continues it
(it starts in lower case, or the word pair across the break is one the document uses
elsewhere, as in "Social | Worker", or the first piece ends its page); a table row missing its first cell, or whose first cell
carries on an unfinished one, continues the row above.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Block
from ..strings import collapse, ends_sentence, has_marker, starts_lowercase, words


def join_blocks(blocks: list[Block]) -> list[Block]:
    corpus = "\n".join(block.text.lower() for block in blocks)
    joined: list[Block] = []
    for block in blocks:
        row_at = _previous_row_index(joined)
        if repeats_table_top(joined, block):
            continue
        if joined and text_continues(joined[-1], block, corpus):
            kind = "paragraph" if joined[-1].kind == "heading" else joined[-1].kind
            joined[-1] = replace(joined[-1], kind=kind, text=collapse(f"{joined[-1].text} {block.text}"),
                                 closed=block.closed)
        elif block.kind == "table_row" and row_at is not None and row_continues(joined[row_at], block):
            joined[row_at] = merge_rows(joined[row_at], block)
        else:
            joined.append(block)
    return [replace(block, position=index) for index, block in enumerate(joined)]


def text_continues(previous: Block, block: Block, corpus: str) -> bool:
    """`block` is the rest of the sentence that `previous` leaves unfinished. A short
    piece guessed to be a heading (level 0) is one when a lower-case line continues it."""
    if block.kind != "paragraph" or previous.kind == "table_row":
        return False
    if previous.closed:  # the layout shows it ends, unless the next page carries on in lower case
        return block.page == (previous.page or 0) + 1 and starts_lowercase(block.text)
    if previous.closed is False and block.page is not None and block.page == (previous.page or 0) + 1:
        return True  # its last line runs to the margin: the paragraph goes on over the page
    if ends_sentence(previous.text):
        return False
    if previous.kind == "heading":
        return previous.level == 0 and starts_lowercase(block.text)
    if previous.kind == "paragraph" and previous.page is not None and block.page == previous.page + 1:
        return True  # the unfinished paragraph ended its page; the next page carries it on
    return starts_lowercase(block.text) or known_word_pair(previous.text, block.text, corpus)


def known_word_pair(before: str, after: str, corpus: str) -> bool:
    """The last word before the break and the first after it appear together elsewhere."""
    left, right = words(before)[-1:], words(after)[:1]
    if not left or not right or len(left[0]) < 3 or len(right[0]) < 3:
        return False
    pattern = rf"\b{re.escape(left[0].lower())} {re.escape(right[0].lower())}"
    return re.search(pattern, corpus) is not None


def repeats_table_top(blocks: list[Block], block: Block) -> bool:
    """`block` repeats one of the rows a table opened with (its title row or header row),
    at the top of a later page after the table's rows: a repeated header, not content."""
    if block.page is None or block.kind not in ("heading", "table_row") or not blocks:
        return False
    start = len(blocks)
    while start > 0 and blocks[start - 1].kind == "table_row":
        start -= 1
    if start == len(blocks) or blocks[-1].page is None or blocks[-1].page >= block.page:
        return False
    opening = blocks[max(0, start - 1):start + 2]
    return any(b.kind == block.kind and b.text == block.text and b.page < block.page for b in opening)


def row_continues(previous: Block, row: Block) -> bool:
    """`row` is the rest of `previous`: its first cell carries on the unfinished one above,
    in lower case or, in a paginated document, at the top of the next page with a cell
    left empty; or it has no first cell and is the top of the next page, or carries on an
    unfinished cell above in lower case. A row with no first cell on the same page (a cell
    merged down over several rows) is a row of its own."""
    if previous.header or row.header or not previous.cells or not row.cells:
        return False
    first, upper_first = row.cells[0], previous.cells[0]
    if not first:
        if previous.page is not None and row.page is not None:
            return row.page > previous.page
        return any(below and above and not ends_sentence(above[-1]) and starts_lowercase(below[0])
                   for above, below in zip(previous.cells, row.cells))
    if not upper_first or ends_sentence(upper_first[-1]):
        return False
    next_page = previous.page is not None and row.page == previous.page + 1
    return starts_lowercase(first[0]) or (next_page and any(not cell for cell in row.cells))


def merge_rows(upper: Block, lower: Block) -> Block:
    width = max(len(upper.cells), len(lower.cells))
    pad = ((),) * width
    cells = tuple(merge_cells(a, b) for a, b in zip((*upper.cells, *pad)[:width], (*lower.cells, *pad)[:width]))
    text = " | ".join(" ".join(units) for units in cells if units)
    return replace(upper, cells=cells, text=text)


def merge_cells(upper: tuple[str, ...], lower: tuple[str, ...]) -> tuple[str, ...]:
    """Join the unit cut at the page foot with its continuation; keep new bullets apart."""
    if upper and lower and not ends_sentence(upper[-1]) and not has_marker(lower[0]):
        return (*upper[:-1], collapse(f"{upper[-1]} {lower[0]}"), *lower[1:])
    return (*upper, *lower)


def _previous_row_index(blocks: list[Block]) -> int | None:
    """The last table row, looking back over repeated header rows only."""
    for index in range(len(blocks) - 1, -1, -1):
        if blocks[index].kind != "table_row":
            return None
        if not blocks[index].header:
            return index
    return None
