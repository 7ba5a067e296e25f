"""Reader for Word .docx files: body paragraphs and tables in document order.

Heading styles (Title, Heading N) are headings; list paragraphs (List Number / List Bullet
styles or Word numbering) are list items; a merged table cell is read once. Page headers
and footers live outside the body and are not read.
"""

from __future__ import annotations

import io
import weakref
import zipfile
from dataclasses import dataclass
from typing import Iterator

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from ..errors import Errors, PlanError
from ..models import Block
from ..settings import Limits
from ..strings import collapse
from .registry import Layout, register_reader
from .table import row_to_block
from .textblock import emphasis_to_block, text_to_block


@register_reader("docx")
def read_docx(data: bytes, source: str, limits: Limits = Limits()) -> Layout:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as exc:
        raise PlanError(Errors.E008, source, reason=type(exc).__name__) from None
    except (RuntimeError, AttributeError, TypeError, IndexError) as exc:  # a member marked encrypted, parts
        raise PlanError(Errors.E008, source, reason=collapse(f"{type(exc).__name__}: {exc}")[:80]) from None  # not Word's
    return Layout(list(body_to_blocks(document)))


def body_to_blocks(document) -> Iterator[Block]:
    numbering = _ListCounter()
    for child in _body_children(document.element.body):
        if child.tag == qn("w:p"):
            block = paragraph_to_block(Paragraph(child, document), numbering)
            if block:
                yield block
        elif child.tag == qn("w:tbl"):
            numbering.reset()
            yield from table_to_blocks(Table(child, document))


def _body_children(element) -> Iterator:
    """Paragraphs and tables in order, including those inside content controls (w:sdt)."""
    for child in element.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_children(content)
        else:
            yield child


def paragraph_to_block(paragraph: Paragraph, numbering: "_ListCounter") -> Block | None:
    text = collapse(paragraph.text)
    if not text:
        return None
    style = style_look(paragraph).name
    kind = _list_kind(paragraph, style)
    if kind:
        block = text_to_block(text)
        label = numbering.next() if kind == "number" else "•"
        return Block("list_item", block.text, label=block.label or label)
    numbering.reset()
    if style == "Title":
        return Block("heading", text, level=1)
    if style.startswith("Heading") and style.split()[-1].isdigit():
        return Block("heading", text, level=int(style.split()[-1]))
    if is_bold_paragraph(paragraph):
        return emphasis_to_block(text)
    return text_to_block(text)


def table_to_blocks(table: Table) -> Iterator[Block]:
    above: set[int] = set()
    for index, row in enumerate(table.rows):
        cells = _unique_cells(row.cells)
        header = index == 0 and row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        # a cell merged down from the row above is read once, there; here it is empty
        units = [() if id(cell._tc) in above else cell_units(cell) for cell in cells]
        bold = [bool(u) and all(is_bold_paragraph(p) for p in cell.paragraphs if p.text.strip())
                for cell, u in zip(cells, units)]
        above = {id(cell._tc) for cell in cells}
        yield row_to_block(units, bold, header=header and len(cells) > 1)


def cell_units(cell: _Cell) -> tuple[str, ...]:
    units = []
    for paragraph in cell.paragraphs:
        text = collapse(paragraph.text)
        if text:
            bullet = _list_kind(paragraph, style_look(paragraph).name)
            units.append(f"• {text}" if bullet and not text_to_block(text).label else text)
    return tuple(units)


def is_bold_paragraph(paragraph: Paragraph) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = style_look(paragraph).bold
    return bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)


@dataclass(frozen=True)
class StyleLook:
    """What the reader needs of a paragraph style: its name and whether it is bold."""

    name: str
    bold: bool


_STYLE_LOOKS: "weakref.WeakKeyDictionary[object, dict[str | None, StyleLook]]" = weakref.WeakKeyDictionary()


def style_look(paragraph: Paragraph) -> StyleLook:
    """The paragraph's style, looked up once per style and document: python-docx searches
    the styles part afresh on every `paragraph.style`."""
    looks = _STYLE_LOOKS.setdefault(paragraph.part, {})
    key = paragraph._p.style
    if key not in looks:
        style = paragraph.style
        looks[key] = StyleLook(style.name if style is not None else "", bool(style is not None and style.font.bold))
    return looks[key]


def _list_kind(paragraph: Paragraph, style: str) -> str:
    if style.startswith("List Number"):
        return "number"
    if style.startswith("List Bullet"):
        return "bullet"
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return ""
    return "bullet" if _number_format(paragraph, ppr.numPr) == "bullet" else "number"


def _number_format(paragraph: Paragraph, num_pr) -> str:
    """The w:numFmt of a numbered paragraph's list level ("decimal", "bullet", …)."""
    try:
        numbering = paragraph.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return ""
    num_id = num_pr.numId.val if num_pr.numId is not None else None
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) != str(num_id):
            continue
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == abstract_id:
                for lvl in abstract.findall(qn("w:lvl")):
                    fmt = lvl.find(qn("w:numFmt"))
                    if lvl.get(qn("w:ilvl")) == str(level) and fmt is not None:
                        return fmt.get(qn("w:val")) or ""
    return ""


def _unique_cells(cells: list[_Cell]) -> list[_Cell]:
    """Merged cells come back once per grid column they span: keep the first."""
    seen, unique = set(), []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique


class _ListCounter:
    """Numbers of a run of numbered paragraphs, restarting after any other block."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"{self.count}."

    def reset(self) -> None:
        self.count = 0
