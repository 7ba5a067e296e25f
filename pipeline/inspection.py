"""`python -m pipeline inspect FILE [--page N] [--out DIR]`: see why a plan was cut the way
it was. For a PDF, one PNG per page with the layout drawn on it (table cells in green,
column gutters in blue, every unit boxed and numbered in the colour of its block kind), and
a listing of the units in reading order; for every format, the blocks after page-break
joining with the role the segmenter gives each.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Sequence

from .catalogue import load_catalogue
from .ingest import read_document, sniff_format
from .ingest.pdf import document_body, pages_to_regions, read_pages, regions_to_document_pieces
from .models import Document
from .segment.roles import blocks_to_roles

RESOLUTION = 100  # pixels per inch of the page images
KIND_COLOURS = {"heading": "#8e44ad", "paragraph": "#1f77b4", "list_item": "#17becf", "table_row": "#e67e22"}
CELL_COLOUR, GUTTER_COLOUR = "#2ca02c", "#1f3fff"


def inspect_file(path: Path, out_dir: Path, page: int | None = None) -> tuple[list[str], list[Path]]:
    """The listing to print, and the page images written (PDF only)."""
    data = path.read_bytes()
    document = read_document(data, str(path))
    lines, images = [], []
    if sniff_format(data, str(path)) == "pdf":
        pieces_listing, images = draw_pdf(data, path, out_dir, page)
        lines += ["units in reading order (page, region, kind, text):", *pieces_listing, ""]
    lines += ["blocks after joining, with their roles (index, page, kind, role, text):",
              *blocks_listing(document, page)]
    return lines, images


def blocks_listing(document: Document, page: int | None) -> list[str]:
    roles = blocks_to_roles(document.blocks, load_catalogue())
    out = []
    for index, (block, role) in enumerate(zip(document.blocks, roles)):
        if page is not None and block.page != page:
            continue
        header = " header" if block.header else ""
        out.append(f"{index:4d} p{block.page or '-'} {block.kind}{header} [{role}] {_short(block.text)}")
    return out


def draw_pdf(data: bytes, path: Path, out_dir: Path, only: int | None) -> tuple[list[str], list[Path]]:
    import pdfplumber

    pages = read_pages(data, str(path))
    body = document_body(pages)
    regions, _ = pages_to_regions(pages, body)
    pieces = regions_to_document_pieces(pages, regions, body)
    listing = [f"{i:4d} p{p.block.page} {p.region.kind:7s} {p.block.kind:9s} {_short(p.block.text)}"
               for i, p in enumerate(pieces) if only is None or p.block.page == only]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if only is not None and number != only:
                continue
            image = page.to_image(resolution=RESOLUTION)
            for region in regions[number - 1]:
                for row in region.boxes:
                    image.draw_rects(list(row), stroke=CELL_COLOUR, fill=None, stroke_width=2)
                for a, b in region.gutters:
                    middle = (a + b) / 2
                    top = min(line.top for flow in region.flows for line in flow)
                    bottom = max(line.bottom for flow in region.flows for line in flow)
                    image.draw_line([(middle, top), (middle, bottom)], stroke=GUTTER_COLOUR, stroke_width=2)
            _draw_units(image, [(i, p) for i, p in enumerate(pieces) if p.block.page == number])
            target = out_dir / f"{path.stem}-p{number:03d}.png"
            image.save(target)
            written.append(target)
            page.close()
    return listing, written


def _draw_units(image, numbered: Sequence) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image.annotated)
    scale = RESOLUTION / 72
    for index, piece in numbered:
        colour = KIND_COLOURS.get(piece.block.kind, "#000000")
        for unit in piece.units:
            x0, top, x1, bottom = unit.box
            image.draw_rect((x0 - 1, top - 1, x1 + 1, bottom + 1), stroke=colour, fill=None, stroke_width=1)
            draw.text((max(0, (x0 - 1) * scale - 2), max(0, (top - 1) * scale - 11)), str(index), fill=colour)


def _short(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
