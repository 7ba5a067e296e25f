"""Reader for PDFs with a text layer (pdfplumber): text lines and bordered tables, page by
page, every block carrying its page number.

Running headers and footers (a line repeated near the same page edge on most pages, page
numbers such as "Page 3 of 12" or a bare "3") are removed before blocks are built. Lines
become blocks on vertical gaps, list markers, indentation and font (bold or larger lines
are headings). Tables continued on the next page, and sentences cut by the page foot, are
rejoined afterwards by `joining`, like every other format.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

import pdfplumber
from pdfplumber.utils.text import chars_to_textmap
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..errors import Errors, PlanError
from ..models import Block
from ..strings import collapse, split_marker
from .registry import Layout, register_reader
from .table import row_to_block
from .textblock import emphasis_to_block, text_to_block

_EDGE = 0.1  # share of the page height at top and bottom where running lines sit
_SAME_HEIGHT = 3.0  # points: running lines recur at the same height, give or take this
_MIN_RUNNING_PAGES = 3
_PARAGRAPH_GAP = 0.3  # a vertical gap wider than this share of the line height ends a paragraph
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$",
                          re.IGNORECASE)
_PAGE_NUMBER_IN_LINE = re.compile(r"\bpage\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\b|\s\d{1,4}$", re.IGNORECASE)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    top: float
    bottom: float
    x0: float
    indent: float  # where the text starts after a leading list marker
    size: float
    bold: bool
    edge: bool  # within the top or bottom band of the page


@dataclass(frozen=True)
class Row:
    """A table row placed on its page, before it becomes a block."""

    block: Block
    top: float


@register_reader("pdf")
def read_pdf(data: bytes, source: str) -> Layout:
    pages: list[tuple[list[Line], list[Row]]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(page_to_items(page, number))
                page.close()  # pdfplumber caches layout objects per page; release them
    except PlanError:
        raise
    except Exception as exc:
        raise pdf_error(exc, source) from None
    if not any(lines or rows for lines, rows in pages):
        raise PlanError(Errors.E007, source)
    furniture = running_lines([line for lines, _ in pages for line in lines], len(pages))
    blocks: list[Block] = []
    body = body_size([line for lines, _ in pages for line in lines])
    for lines, rows in pages:
        kept = [line for line in lines if line not in furniture]
        blocks.extend(page_to_blocks(kept, rows, body))
    return Layout(blocks, n_pages=len(pages))


def pdf_error(exc: Exception, source: str) -> PlanError:
    """The one-line reason for a PDF that cannot be opened."""
    cause = exc.__cause__ or exc.__context__ or exc
    names = {type(e).__name__ for e in (exc, cause) if e is not None}
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or names & {
            "PDFPasswordIncorrect", "PDFEncryptionError"}:
        return PlanError(Errors.E006, source)
    reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return PlanError(Errors.E005, source, reason=reason[:120])


def page_to_items(page, number: int) -> tuple[list[Line], list[Row]]:
    tables = page.find_tables(table_settings(page))
    boxes = [table.bbox for table in tables]
    rows = [row for table in tables for row in table_to_rows(page, table, number)]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    lines = [_line(found, number, page.height) for found in outside.extract_text_lines(return_chars=True)]
    return [line for line in lines if line.text], rows


def table_settings(page) -> dict:
    """A row cut at the page foot (or continued at the top) often has no border on its open
    side: the ends of the column rules stand in for it, so the row is still found."""
    rules = [edge for edge in page.edges if edge["orientation"] == "v"]
    ends = sorted({edge["top"] for edge in rules} | {edge["bottom"] for edge in rules})
    return {"explicit_horizontal_lines": ends}


def table_to_rows(page, table, number: int) -> list[Row]:
    """Rows of one table; each cell's characters are picked from the table's once."""
    table_chars = [char for char in page.chars if _inside(char, table.bbox)]
    rows = []
    for row in table.rows:
        units, bold = [], []
        for box in (cell for cell in row.cells if cell is not None):
            chars = [char for char in table_chars if _inside(char, box)]
            lines = chars_to_textmap(chars).extract_text_lines(return_chars=True) if chars else []
            units.append(cell_lines_to_units(lines))
            chars = [c for line in lines for c in line["chars"] if c["text"].strip()]
            bold.append(bool(chars) and all(_BOLD_FONT.search(c["fontname"]) for c in chars))
        if any(units):
            rows.append(Row(row_to_block(units, bold, page=number), row.bbox[1]))
    return rows


def cell_lines_to_units(lines: list[dict]) -> tuple[str, ...]:
    """A cell's lines as units (bullets or paragraphs): a list marker or a gap wider than
    the line spacing starts a new unit; other lines carry on the one above."""
    units: list[str] = []
    previous = None
    for line in lines:
        text = collapse(line["text"])
        if not text:
            continue
        gap = previous is not None and _is_gap(previous["top"], previous["bottom"], line["top"])
        if not units or gap or split_marker(text)[0]:
            units.append(text)
        else:
            units[-1] = _join_lines(units[-1], text)
        previous = line
    return tuple(units)


def running_lines(lines: list[Line], n_pages: int) -> set[Line]:
    """Running headers and footers: in the top or bottom band of the page, either a page
    number ("Page 3 of 12", "3") or the same text at the same height on at least three pages
    and half of them. Text that merely recurs ("We will:") sits at different heights."""
    def key(line: Line) -> tuple[str, int]:
        return _PAGE_NUMBER_IN_LINE.sub("#", line.text).strip(), round(line.top / _SAME_HEIGHT)

    edge = [line for line in lines if line.edge]
    pages: dict[tuple[str, int], set[int]] = {}
    for line in edge:
        pages.setdefault(key(line), set()).add(line.page)
    needed = max(_MIN_RUNNING_PAGES, n_pages / 2)
    repeated = {found for found, on in pages.items() if len(on) >= needed}
    return {line for line in edge if key(line) in repeated or _PAGE_NUMBER.match(line.text)}


def body_size(lines: list[Line]) -> float:
    sizes = Counter(round(line.size, 1) for line in lines for _ in line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def page_to_blocks(lines: list[Line], rows: list[Row], body: float) -> list[Block]:
    """Text blocks and table rows of one page, in reading order (top to bottom)."""
    placed: list[tuple[float, Block]] = [(row.top, row.block) for row in rows]
    heading_sizes = sorted({round(ln.size, 1) for ln in lines if _is_heading(ln, body)}, reverse=True)
    group: list[Line] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if group and starts_new_block(group, line, body):
            placed.append((group[0].top, lines_to_block(group, body, heading_sizes)))
            group = []
        group.append(line)
    if group:
        placed.append((group[0].top, lines_to_block(group, body, heading_sizes)))
    return [block for _, block in sorted(placed, key=lambda item: item[0])]


def starts_new_block(group: list[Line], line: Line, body: float) -> bool:
    previous, first = group[-1], group[0]
    if _is_heading(line, body) != _is_heading(previous, body) or abs(line.size - previous.size) > 0.5:
        return True
    if split_marker(line.text)[0]:
        return True
    if _is_gap(previous.top, previous.bottom, line.top):
        return True
    return line.x0 < first.indent - 2  # back at the margin after a list item's hanging indent


def lines_to_block(group: list[Line], body: float, heading_sizes: list[float]) -> Block:
    text = group[0].text
    for line in group[1:]:
        text = _join_lines(text, line.text)
    page = group[0].page
    if _is_heading(group[0], body) and group[0].size < body + 1.5:  # bold at body size: emphasis
        return emphasis_to_block(collapse(text), page)
    if _is_heading(group[0], body):
        level = heading_sizes.index(round(group[0].size, 1)) + 1 if round(group[0].size, 1) in heading_sizes else 1
        return Block("heading", collapse(text), page=page, level=level)
    return text_to_block(collapse(text), page=page)


def _is_gap(top: float, bottom: float, next_top: float) -> bool:
    return next_top - bottom > _PARAGRAPH_GAP * max(bottom - top, 1.0)


def _is_heading(line: Line, body: float) -> bool:
    return line.bold or line.size >= body + 1.5


def _join_lines(before: str, after: str) -> str:
    """Lines of one paragraph: a word broken after a hyphen is rejoined without a space."""
    if re.search(r"[A-Za-z]-$", before) and after[:1].islower():
        return before + after
    return f"{before} {after}"


def _line(found: dict, page: int, height: float) -> Line:
    chars = [c for c in found["chars"] if c["text"].strip()]
    size = median(c["size"] for c in chars) if chars else 0.0
    label = split_marker(found["text"])[0]
    indent = chars[len(label.replace(" ", ""))]["x0"] if label and len(chars) > len(label) else found["x0"]
    bold = bool(chars) and all(_BOLD_FONT.search(c["fontname"]) for c in chars)
    edge = found["bottom"] < height * _EDGE or found["top"] > height * (1 - _EDGE)
    return Line(collapse(found["text"]), page, found["top"], found["bottom"], found["x0"], indent, size, bold, edge)


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    mid_x = (obj["x0"] + obj["x1"]) / 2
    mid_y = (obj["top"] + obj["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom
