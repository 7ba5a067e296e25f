"""The text reader and the page-break joiner on small inputs written here."""

import pytest

from pipeline.ingest.sniff import sniff_format


def test_text_reader_tab_row_with_html_cells(read_lines):
    row = ("Do the thing.\t<ul style=\"x\"> <li>• First bullet.</li> <li>• Second; - more.</li> </ul>")
    [block] = read_lines(row)
    assert block.kind == "table_row"
    assert block.cells == (("Do the thing.",), ("• First bullet.", "• Second; - more."))


def test_text_reader_bold_cells_make_a_header_row(read_lines):
    [block] = read_lines("<b>Required Action</b>\t<b>Action taken</b>")
    assert block.kind == "table_row" and block.header


def test_text_reader_single_bold_cell_is_a_heading(read_lines):
    [block] = read_lines("<b>Theme 1: Something</b>\t")
    assert (block.kind, block.text) == ("heading", "Theme 1: Something")


def test_text_reader_splits_bold_run_in_headings(read_lines):
    blocks = read_lines("Theme 2: Collaboration**Safe discharge from hospital****Actions:**")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Theme 2: Collaboration"), ("heading", "Safe discharge from hospital"),
        ("heading", "Actions:")]


def test_text_reader_inline_bold_stays_in_paragraph(read_lines):
    [block] = read_lines("We have **always** met the deadline, and will again this winter.")
    assert (block.kind, block.text) == ("paragraph", "We have always met the deadline, and will again this winter.")


def test_text_reader_markdown_link_line_is_text(read_lines):
    [block] = read_lines("[Coronavirus data](#)")
    assert (block.kind, block.text) == ("paragraph", "Coronavirus data")


def test_text_reader_numbered_lines_and_an_appended_sentence(read_lines):
    blocks = read_lines("1. First action\n2. Second action\nA council sentence follows.")
    assert [(b.kind, b.label) for b in blocks] == [("list_item", "1."), ("list_item", "2."), ("paragraph", "")]


@pytest.mark.parametrize("first,second", [
    ("We will maintain", "information on our website for providers."),
    ("quality is assured through Social", "Worker supervision, as social workers know."),
])
def test_joining_sentence_cut_by_page_break(read_lines, first, second):
    blocks = read_lines(f"{first}\n\n{second}")
    assert len(blocks) == 1 and blocks[0].text == f"{first} {second}"


@pytest.mark.parametrize("first,second", [
    ("The training is understood and implemented accordingly", "We will communicate the plan."),
    ("We finished the work.", "and then some more."),
])
def test_joining_keeps_separate_paragraphs(read_lines, first, second):
    assert len(read_lines(f"{first}\n\n{second}")) == 2


def test_joining_table_row_cut_by_page_break(read_lines):
    text = ("Complete a self-assessment of the health of local\t<ul><li>An assessment was made.</li></ul>\n\n"
            "market management and planning.\t\n")
    [row] = read_lines(text)
    assert row.cells == (("Complete a self-assessment of the health of local market management and planning.",),
                         ("An assessment was made.",))


@pytest.mark.parametrize("data,fmt", [
    (b"%PDF-1.7\n...", "pdf"),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    (b"\n\n**Title**\nSome text\tcell <b>bold</b>\n", "text"),
])
def test_sniff_format_from_content(data, fmt):
    assert sniff_format(data, "x") == fmt


def test_text_reader_reads_cp1252(catalogue):
    from pipeline import read_document

    document = read_document("Theme 1: Care – winter\n\nWe will pay £5m.".encode("cp1252"), "old.txt")
    assert any("£5m" in b.text for b in document.blocks)
    assert any("–" in b.text for b in document.blocks)


@pytest.mark.parametrize("wrapper", ['<div id="adult-social-care-winter-plan">', '<div class="content share-page">',
                                     '<div class="main-menu-content">', '<section class="page-feedback-wrapper">'])
def test_html_plan_inside_an_ordinarily_named_wrapper_is_read(wrapper):
    from pipeline import read_document

    end = "</section>" if wrapper.startswith("<section") else "</div>"
    page = (f'<html><body><div class="cookie-banner">We use cookies</div>{wrapper}<h2>Theme 1: Infection</h2>'
            f"<p>We report shortages every week to the resilience forum.</p>{end}</body></html>")
    texts = [b.text for b in read_document(page.encode(), "x.html").blocks]
    assert texts == ["Theme 1: Infection", "We report shortages every week to the resilience forum."]
