"""Readers on small files made in the tests: merged cells, list kinds, content controls,
running lines, page-break joining rules."""

import io

import docx
import pytest
from docx.oxml import OxmlElement
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline import load_catalogue, read_document, segment_document


def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_readers_docx_vertically_merged_cell_is_read_once():
    def build(document):
        document.add_heading("Theme 1: Preventing and controlling the spread of infection in care settings", 1)
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Required action", "Action taken"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "Report shortages to the LRF."
        table.cell(1, 1).text, table.cell(2, 1).text = "We report weekly.", "We keep a stock."

    document = read_document(_docx_bytes(build), "merged.docx")
    rows = [b.cells for b in document.blocks if b.kind == "table_row"]
    assert rows[-2:] == [(("Report shortages to the LRF.",), ("We report weekly.",)), ((), ("We keep a stock.",))]
    records = segment_document(document, load_catalogue()).records
    assert [(r.kind, r.text) for r in records] == [("required_action", "Report shortages to the LRF."),
                                                   ("response", "We report weekly."), ("response", "We keep a stock.")]
    assert len({r.group_id for r in records}) == 1  # the rows under the merged cell answer its action


def test_readers_docx_word_bullets_are_not_numbered_and_content_controls_are_read():
    def build(document):
        document.add_paragraph("Staff get a wellbeing offer", style="List Bullet")
        control = OxmlElement("w:sdt")
        content = OxmlElement("w:sdtContent")
        control.append(content)
        paragraph = document.add_paragraph("Text inside a content control.")
        content.append(paragraph._p)
        document.element.body.append(control)

    blocks = read_document(_docx_bytes(build), "lists.docx").blocks
    assert [(b.kind, b.label, b.text) for b in blocks] == [
        ("list_item", "•", "Staff get a wellbeing offer"), ("paragraph", "", "Text inside a content control.")]


def test_readers_html_rowspan_cell_is_read_once(catalogue):
    page = ("<html><body><main><h2>Theme 1: Infection</h2><table><tr><th>Required action</th><th>Action taken</th></tr>"
            "<tr><td rowspan='2'>Report shortages to the LRF.</td><td>We report weekly.</td></tr>"
            "<tr><td>We keep a stock.</td></tr></table></main></body></html>")
    plan = segment_document(read_document(page.encode(), "span.html"), catalogue)
    assert [(r.kind, r.text) for r in plan.records] == [
        ("required_action", "Report shortages to the LRF."), ("response", "We report weekly."),
        ("response", "We keep a stock.")]
    assert len({r.group_id for r in plan.records}) == 1


def test_readers_unmarked_header_row_is_a_header(catalogue):
    page = ("<html><body><main><h2>Theme 1: Infection</h2><table><tr><td>Required action</td>"
            "<td>Action taken by the council</td></tr><tr><td>Report shortages to the LRF.</td>"
            "<td>We report weekly.</td></tr></table></main></body></html>")
    plan = segment_document(read_document(page.encode(), "plain.html"), catalogue)
    assert [r.kind for r in plan.records] == ["required_action", "response"]


def _pdf(pages: list[list[tuple[float, str]]]) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for lines in pages:
        for top, text in lines:
            page.drawString(72, A4[1] - top, text)
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_readers_pdf_running_lines_go_but_recurring_headings_stay():
    pages = [[(40, f"Theme {n}: Something"), (120, "We will:"), (140, "We do a thing on this page."),
              (800, "Council plan 2020/21"), (815, f"Page {n} of 3")] for n in (1, 2, 3)]
    texts = [b.text for b in read_document(_pdf(pages), "running.pdf").blocks]
    assert "Council plan 2020/21" not in texts and not any(t.startswith("Page ") for t in texts)
    assert [t for t in texts if t.startswith("Theme")] == ["Theme 1: Something", "Theme 2: Something",
                                                          "Theme 3: Something"]


def test_readers_pdf_bullet_at_page_foot_does_not_swallow_the_next_page():
    pages = [[(100, "Our offer to providers includes:"), (120, "- Daily PPE deliveries to providers")],
             [(100, "Our Infection Control Fund was paid out in full in May.")]]
    blocks = read_document(_pdf(pages), "bullets.pdf").blocks
    assert [b.text for b in blocks][-2:] == ["Daily PPE deliveries to providers",
                                             "Our Infection Control Fund was paid out in full in May."]


@pytest.mark.parametrize("second,rows", [
    ("Maintain information on the website\t", 2),   # a new row still waiting for its response
    ("market management and planning.\t", 1),       # the unfinished cell carried on in lower case
])
def test_readers_table_row_continuation_needs_a_real_cue(read_lines, second, rows):
    text = f"Champion the Capacity Tracker\t<ul><li>We call providers.</li></ul>\n\n{second}\n"
    assert len([b for b in read_lines(text) if b.kind == "table_row"]) == rows


@pytest.mark.parametrize("tail", [
    ["Was this page helpful?", "Yes No", "Accessibility", "Privacy notice", "© Borough Council 2020"],
    ["Contact us", "Borough Council, Town Hall, High Street", "Copyright Borough Council"],
    ["Page last updated: 2 November 2020", "Contact us", "Follow us on Facebook and Twitter, and sign up to our "
     "newsletter for news about services in the borough.", "Telephone 0116 000 0000"],
])
def test_readers_site_chrome_closing_a_printed_page_is_dropped(tail):
    from pipeline.ingest.chrome import without_site_chrome
    from pipeline.models import Block

    plan = [Block("heading", "Theme 1: Preventing infection"), Block("paragraph", "We report shortages daily."),
            Block("list_item", "Care homes", label="•"), Block("list_item", "Home care", label="•")]
    blocks = plan + [Block("paragraph", text) for text in tail]
    assert without_site_chrome(blocks) == plan
    assert without_site_chrome(plan) == plan  # a plan ending in short bullets keeps them


def test_readers_html_feedback_box_is_not_a_record():
    page = b"""<html><body><main><h2>Theme 1: Preventing and controlling the spread of infection in care settings</h2>
    <p><strong>We will:</strong></p><p>We report shortages daily.</p>
    <div class="page-feedback"><h2>Was this page helpful?</h2><form><button>Yes</button><button>No</button></form></div>
    </main><footer><p>&copy; Borough Council 2020</p></footer></body></html>"""
    texts = [b.text for b in read_document(page, "page.html").blocks]
    assert texts[-1] == "We report shortages daily."


def test_readers_table_title_row_repeated_under_a_page_break_is_not_content():
    """Word repeats a table's merged title row and header row on every page: the repeat
    is dropped and the row cut by the page break is one row again."""
    from dataclasses import replace

    from pipeline.ingest.joining import join_blocks
    from pipeline.models import Block

    title = Block("heading", "Theme 1: Preventing infection", page=1, level=6)
    header = Block("table_row", "Required action | Action taken", page=1, header=True,
                   cells=(("Required action",), ("Action taken",)))
    row = Block("table_row", "Provide PPE directly to | PPE goes to", page=1, cells=(("Provide PPE directly to",),
                                                                                   ("PPE goes to",)))
    rest = Block("table_row", "providers. | care homes.", page=2, cells=(("providers.",), ("care homes.",)))
    blocks = join_blocks([title, header, row, replace(title, page=2), replace(header, page=2), rest])
    assert [b.kind for b in blocks] == ["heading", "table_row", "table_row"]
    assert blocks[-1].cells == (("Provide PPE directly to providers.",), ("PPE goes to care homes.",))


@pytest.mark.parametrize("closed,joined", [(True, False), (False, True)])
def test_readers_page_break_follows_what_the_layout_shows(closed, joined):
    """A paragraph whose last line stops short ends at the page foot even without a full
    stop; one whose last line is full carries on even after one."""
    from pipeline.ingest.joining import join_blocks
    from pipeline.models import Block

    text = "We would relax the processes for Community Support Grants" + ("" if closed else ".")
    blocks = join_blocks([Block("paragraph", text, page=1, closed=closed),
                          Block("paragraph", "All those in receipt of care have arrangements in place.", page=2)])
    assert (len(blocks) == 1) is joined


def test_readers_plan_items_that_mention_feedback_or_privacy_are_not_chrome():
    from pipeline.ingest.chrome import without_site_chrome
    from pipeline.models import Block

    plan = [Block("paragraph", "We will:"), Block("list_item", "review the plan weekly", label="-"),
            Block("list_item", "gather feedback from care providers on the staff bank", label="-"),
            Block("list_item", "protect people's privacy when sharing data", label="-")]
    assert without_site_chrome(plan) == plan
