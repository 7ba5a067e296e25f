"""PDFium as the PDF character source: the same words, rules and blocks as pdfplumber's."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from pipeline.ingest.pdf import CHARACTER_SOURCES, pages_to_pieces, read_pages

PUBLISHED = sorted((Path(__file__).parent / "fixtures" / "published").glob("*.pdf"))
TOLERANCE = 0.05  # points: PDFium keeps coordinates in single precision
ACROSS = 0.05  # of the size: glyph origins placed by PDFium's own arithmetic; a box may end at the ink
DOWN = 0.35  # of the size: a font's own descent where its descriptor gives none (pdfminer takes 0)


def first_pages(data: bytes, pages: int) -> bytes:
    document = pdfium.PdfDocument(data)
    kept = pdfium.PdfDocument.new()
    kept.import_pages(document, list(range(min(pages, len(document)))))
    buffer = io.BytesIO()
    kept.save(buffer)
    return buffer.getvalue()


def turned(data: bytes, rotation: int) -> bytes:
    """The PDF with every page's content turned sideways in user space and /Rotate set so
    that it shows upright, as some printers and page-rotating tools write landscape pages."""
    document = pdfium.PdfDocument(data)
    for page in document:
        left, bottom, right, top = page.get_mediabox()
        width, height = right - left, top - bottom
        matrix = {90: (0, 1, -1, 0, height, 0), 270: (0, -1, 1, 0, 0, width)}[rotation]
        for item in page.get_objects(max_depth=1):
            raw.FPDFPageObj_Transform(item.raw, *matrix)
        page.set_mediabox(0, 0, height, width)
        page.set_rotation(rotation)
        page.gen_content()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(abs(x - y) <= TOLERANCE for x, y in zip(a, b))


def unmatched(words, expected) -> list:
    """Words with no counterpart in `expected`: same text, weight and glue, placed alike."""
    left = list(expected)
    missing = []
    for word in words:
        twin = next((other for other in left if (other.text, other.bold, other.glued) == (word.text, word.bold, word.glued)
                     and abs(other.x0 - word.x0) <= ACROSS * other.size and abs(other.bottom - word.bottom) <= DOWN * other.size
                     and abs(other.size - word.size) <= TOLERANCE), None)
        if twin is None:
            missing.append(word)
        else:
            left.remove(twin)
    return missing


@pytest.mark.parametrize("path", PUBLISHED, ids=lambda path: path.stem)
def test_pdfium_words_rules_and_blocks_match_pdfplumber(path):
    """Same words (text, weight, glue, size, place), faces, rules and blocks. Places agree to
    ACROSS of the size across and DOWN of it downwards: where a font's descriptor gives no
    descent PDFium measures the font's own (the same for every word set in it, so line pitch
    and the blocks do not change)."""
    data = first_pages(path.read_bytes(), 2)
    ours, reference = (read_pages(data, path.name, source) for source in ("pdfium", "pdfplumber"))
    assert len(ours) == len(reference)
    for page, expected in zip(ours, reference):
        assert (page.width, page.height) == pytest.approx((expected.width, expected.height))
        assert len(page.words) == len(expected.words)
        assert unmatched(page.words, expected.words) == []
        assert len({w.face for w in page.words}) == len({w.face for w in expected.words})
        rules = sorted((r.x0, r.top, r.x1, r.bottom) for r in page.rules)
        expected_rules = sorted((r.x0, r.top, r.x1, r.bottom) for r in expected.rules)
        assert len(rules) == len(expected_rules) and all(close(a, b) for a, b in zip(rules, expected_rules))
    blocks, expected_blocks = (pages_to_pieces(pages)[0] for pages in (ours, reference))
    assert [piece.block for piece in blocks] == [piece.block for piece in expected_blocks]


@pytest.mark.parametrize("name", ["county_tracker_word", "county_borderless_browser"])
@pytest.mark.parametrize("rotation", [90, 270])
def test_pdfium_turned_pages_read_as_shown(name, rotation):
    data = turned(first_pages((PUBLISHED[0].parent / f"{name}.pdf").read_bytes(), 3), rotation)
    ours, reference = (pages_to_pieces(read_pages(data, "turned.pdf", source)) for source in ("pdfium", "pdfplumber"))
    assert [piece.block for piece in ours[0]] == [piece.block for piece in reference[0]]
    assert any("Required" in piece.block.text for piece in ours[0])


def test_pdfium_glyphs_without_unicode_are_glyph_numbers():
    from test_hostile import pdf_without_unicode_map

    page = next(iter(CHARACTER_SOURCES["pdfium"](pdf_without_unicode_map(), "glyphs.pdf")))
    assert page.words and all(word.text.startswith("(cid:") for word in page.words)
