"""Reader for plain text and markdown, including text converted from PDF tables.

Blank lines separate blocks. A line with tabs is a table row whose cells may hold HTML
(<b>, <ul><li>) or bullet characters; `**bold**` lines and `#` lines are headings, and
bold runs written together on one line ("Theme 2: ...**Section****Actions:**") are split
into one heading each.
"""

from __future__ import annotations

import re

from ..errors import Errors, PlanError, over_limit
from ..models import Block
from ..settings import Limits
from ..strings import collapse, ends_sentence, has_marker, looks_like_heading, starts_lowercase
from .encoding import decode_text
from .markup import fragment_units, is_bold, strip_inline_markdown
from .registry import Layout, register_reader
from .table import row_to_block
from .textblock import EMPHASIS_LEVEL, emphasis_to_block, text_to_block

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_LINK_LINE = re.compile(r"^\[[^\]]+\]\([^)]*\)$")


@register_reader("text")
def read_text(data: bytes, source: str, limits: Limits = Limits()) -> Layout:
    text, _ = decode_text(data)
    if not text.strip():  # whitespace in another encoding (UTF-16, no-break spaces)
        raise PlanError(Errors.E002, source)
    if len(text) > limits.characters:  # before the lines are read into blocks
        raise over_limit(source, "characters", f"{len(text):,} characters", f"{limits.characters:,}")
    blocks: list[Block] = []
    for chunk in text_to_chunks(text):
        blocks.extend(chunk_to_blocks(chunk))
    return Layout(blocks)


def text_to_chunks(text: str) -> list[list[str]]:
    """Groups of consecutive non-blank lines."""
    chunks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            chunks[-1].append(line.rstrip(" \r"))
        elif chunks[-1]:
            chunks.append([])
    return [chunk for chunk in chunks if chunk]


def chunk_to_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        if blocks and line_continues(blocks[-1], line):
            previous = blocks[-1]
            joined = collapse(f"{previous.text} {strip_inline_markdown(line)}")
            blocks[-1] = Block(previous.kind, joined, label=previous.label)
        else:
            blocks.extend(line_to_blocks(line))
    return blocks


def line_continues(previous: Block, line: str) -> bool:
    """A wrapped line: it carries on the paragraph or list item above it."""
    stripped = line.strip()
    if "\t" in line or previous.kind not in ("paragraph", "list_item"):
        return False
    if has_marker(stripped) or stripped.startswith("#"):
        return False
    if starts_lowercase(stripped) or (previous.kind == "list_item" and line[0].isspace()):
        return True
    return previous.kind == "paragraph" and not ends_sentence(previous.text)


def line_to_blocks(line: str) -> list[Block]:
    if "\t" in line:
        return [tab_row_to_block(line.split("\t"))]
    stripped = line.strip()
    heading = _MD_HEADING.match(stripped)
    if heading:
        return [Block("heading", strip_inline_markdown(heading.group(2)), level=len(heading.group(1)))]
    if is_bold(stripped):
        return [emphasis_to_block(" ".join(fragment_units(stripped)))]
    run_in = bold_run_headings(stripped)
    if run_in:
        return [Block("heading", text, level=EMPHASIS_LEVEL) for text in run_in]
    plain = strip_inline_markdown(stripped)
    if _MD_LINK_LINE.match(stripped):
        return [Block("paragraph", plain)]
    block = text_to_block(plain)
    if block.kind == "paragraph" and looks_like_heading(plain):
        return [Block("heading", plain, level=0)]
    return [block]


def bold_run_headings(line: str) -> list[str]:
    """Headings run together with `**` on one line, or [] when the bold is inline."""
    pieces = [collapse(piece) for piece in line.split("**")]
    if len(pieces) < 3:
        return []
    texts = [piece for piece in pieces if piece]
    return texts if len(texts) > 1 and all(looks_like_heading(t) for t in texts) else []


def tab_row_to_block(raw_cells: list[str]) -> Block:
    """A tab-separated row whose cells may hold HTML or markdown."""
    return row_to_block([fragment_units(cell) for cell in raw_cells], [is_bold(cell) for cell in raw_cells])
