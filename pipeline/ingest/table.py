"""Table rows from any reader, built the same way: a row holding a single bold cell is a
heading (a theme title written across the table); a row whose filled cells are all bold
is a header row that names the columns."""

from __future__ import annotations

from ..models import Block
from .textblock import emphasis_to_block


def row_to_block(cells: list[tuple[str, ...]], bold: list[bool], page: int | None = None,
                 header: bool = False) -> Block:
    """`cells` holds each cell's units; `bold[i]` says cell i's text is all bold."""
    while len(cells) > 1 and not cells[-1]:
        cells, bold = cells[:-1], bold[:-1]
    if len(cells) == 1 and cells[0] and bold[0]:
        block = emphasis_to_block(" ".join(cells[0]), page)
        if block.kind == "heading":
            return block
    if len(cells) == 1:
        cells, bold = [*cells, ()], [*bold, False]
    filled = [b for cell, b in zip(cells, bold) if cell]
    header = header or (len(filled) > 1 and all(filled))
    text = " | ".join(" ".join(units) for units in cells if units)
    return Block("table_row", text, page=page, cells=tuple(cells), header=header)
