"""Reader for PDFs with a text layer: words and ruling lines from PDFium (measured as
pdfplumber measures them; pdfplumber itself stays the reference source), laid out by
the project's own geometry (`layout`): ruled, partly ruled and borderless tables read cell
by cell, newspaper columns read one after the other, units cut where the document's own
line pitch, list markers and indentation say so, page furniture removed.

Tables continued on the next page, and sentences cut by the page foot, are rejoined
afterwards by `joining`, like every other format.
"""

from __future__ import annotations

import io
import re
from typing import Callable, Iterable, Iterator, Sequence

from ..errors import Errors, PlanError
from ..settings import Limits
from .furniture import furniture_lines
from .layout import (Piece, Region, Typesetting, close_at_page_breaks, lines_to_regions, page_to_parts, region_flows,
                     regions_to_pieces, text_measure)
from .lines import body_size, measure_spacing
from .registry import Layout, register_reader
from .pdfium import pdfium_pages
from .words import PageText, pdfplumber_page_text


MOSTLY = 0.5  # a PDF most of whose words are glyph numbers has no usable text
_GLYPH_NUMBER = re.compile(r"(?:\(cid:\d+\))+\W*")


@register_reader("pdf")
def read_pdf(data: bytes, source: str, limits: Limits = Limits()) -> Layout:
    pages = read_pages(data, source)
    pieces, furniture = pages_to_pieces(pages)
    return Layout([piece.block for piece in pieces], n_pages=len(pages), furniture=furniture)


def read_pages(data: bytes, source: str, characters: str = "pdfium") -> list[PageText]:
    """Every page's words and rules; E007 when no page has any text."""
    try:
        pages = list(CHARACTER_SOURCES[characters](data, source))
    except (PlanError, MemoryError):
        raise
    except Exception as exc:
        if isinstance(exc.__cause__ or exc.__context__, MemoryError):
            raise MemoryError from None
        raise pdf_error(exc, source) from None
    if not pages:
        raise PlanError(Errors.E005, source, reason="it has no pages")
    if not any(page.words for page in pages):
        raise PlanError(Errors.E007, source)
    if unmapped_share(pages) > MOSTLY:
        raise PlanError(Errors.E011, source)
    return pages


def pdfplumber_pages(data: bytes, source: str) -> Iterator[PageText]:
    import pdfplumber  # the reference source: a run reading through PDFium never imports pdfminer

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            yield pdfplumber_page_text(page, number)
            page.close()  # pdfplumber caches layout objects per page; release them


# Where a page's characters and ruling lines come from: both give the same words and rules
# (tests/test_readers.py keeps them equal on every PDF fixture); PDFium is many times faster,
# pdfplumber is the reference and what the debug view draws with.
CHARACTER_SOURCES: dict[str, Callable[[bytes, str], Iterable[PageText]]] = {
    "pdfium": pdfium_pages,
    "pdfplumber": pdfplumber_pages,
}


def unmapped_share(pages: Sequence[PageText]) -> float:
    """The share of words that are only glyph numbers ("(cid:12)"): what comes out of fonts
    embedded without a map to Unicode."""
    words = [word.text for page in pages for word in page.words]
    return sum(1 for text in words if _GLYPH_NUMBER.fullmatch(text)) / len(words) if words else 0.0


def pdf_error(exc: Exception, source: str) -> PlanError:
    """The one-line reason for a PDF that cannot be opened."""
    cause = exc.__cause__ or exc.__context__ or exc
    names = {kind.__name__ for e in (exc, cause) if e is not None for kind in type(e).__mro__}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError"}:  # pdfminer's, by name: it need not be imported
        return PlanError(Errors.E006, source)
    reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    return PlanError(Errors.E005, source, reason=reason[:120])


def document_body(pages: Sequence[PageText]) -> float:
    """The size most of the document's text is set in."""
    return body_size([word for page in pages for word in page.words])


def pages_to_regions(pages: Sequence[PageText], body: float) -> tuple[list[list[Region]], tuple[str, ...]]:
    """Each page's regions in reading order with the page furniture left out, and the
    furniture's distinct texts."""
    parts = [page_to_parts(page, body) for page in pages]
    furniture = furniture_lines([part.lines for part in parts], [page.height for page in pages], body)
    regions: list[list[Region]] = []
    for page, part in zip(pages, parts):
        last = regions[-1][-1] if regions and regions[-1] else None
        continued = last.gutters if last is not None else ()
        lines = [line for line in part.lines if line not in furniture]
        text = lines_to_regions(lines, page.number, body, part.cuts, continued)
        regions.append(sorted([*part.grids, *text], key=lambda region: region.top))
    texts = dict.fromkeys(line.text for part in parts for line in part.lines if line in furniture)
    return regions, tuple(texts)


def pages_to_pieces(pages: Sequence[PageText]) -> tuple[list[Piece], tuple[str, ...]]:
    """The whole chain from words to blocks: the document's pieces, and its furniture."""
    body = document_body(pages)
    regions, furniture = pages_to_regions(pages, body)
    return regions_to_document_pieces(pages, regions, body), furniture


def regions_to_document_pieces(pages: Sequence[PageText], regions: Sequence[Sequence[Region]],
                               body: float) -> list[Piece]:
    """The document's blocks with the units and regions they came from."""
    every = [region for page in regions for region in page]
    text = measure_spacing([flow for region in every if region.kind != "grid" for flow in region_flows(region)], body)
    cells = measure_spacing([flow for region in every if region.kind == "grid" for flow in region_flows(region)], body,
                            fallback=text)
    if not any(region.kind != "grid" for region in every):
        text = cells
    widths = [round(page.width) for page in pages]
    measures = {width: text_measure([r for page, w in zip(regions, widths) if w == width for r in page])
                for width in set(widths)}
    pieces = [piece for page, width in zip(regions, widths)
              for piece in regions_to_pieces(page, Typesetting(text, cells), measures[width])]
    return close_at_page_breaks(pieces)
