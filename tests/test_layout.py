"""The PDF layout chain on pages built word by word in the tests: unit boundaries from the
document's own line pitch, fit and indentation; columns and borderless tables from
gutters; ruled grids; furniture. One test per failure seen on published PDFs."""

from __future__ import annotations

import pytest

from pipeline.ingest.columns import rules_to_grids
from pipeline.ingest.furniture import furniture_lines
from pipeline.ingest.lines import join_lines, words_to_lines
from pipeline.ingest.pdf import pages_to_pieces
from pipeline.ingest.words import PageText, Rule, Word

CHAR = 0.5  # a character's width, in font sizes
SPACE = 0.25
PAGE = (595.0, 842.0)


def _words(text: str, x0: float, bottom: float, size: float, bold: bool = False, stretch: float = 0.0):
    out, x = [], x0
    for token in text.split():
        width = len(token) * CHAR * size
        out.append(Word(token, x, x + width, bottom - size, bottom, size, bold))
        x += width + SPACE * size + stretch
    return out


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines, current = [], ""
    for token in text.split():
        trial = f"{current} {token}".strip()
        if current and len(trial) * CHAR * size > width:
            lines.append(current)
            current = token
        else:
            current = trial
    return [*lines, current]


def _flow(paragraphs, *, size=11.0, ratio=1.2, gap=0.0, x0=60.0, width=400.0, top=80.0, justify=False):
    """Words of paragraphs wrapped at `width`, lines `ratio` x size apart, `gap` x size more
    between paragraphs; justified lines are stretched to the right edge."""
    words, bottom = [], top
    for paragraph in paragraphs:
        lines = _wrap(paragraph, width, size)
        for index, line in enumerate(lines):
            bottom += ratio * size
            stretch = 0.0
            if justify and index < len(lines) - 1 and len(line.split()) > 1:
                natural = len(line) * CHAR * size - (len(line.split()) - 1) * (CHAR - SPACE) * size
                stretch = (width - natural) / (len(line.split()) - 1)
            words += _words(line, x0, bottom, size, stretch=stretch)
        bottom += gap * size
    return words, bottom


def _page(words, number=1, rules=()):
    return PageText(number, *PAGE, tuple(words), tuple(rules))


def _texts(pages):
    return [piece.block.text for piece in pages_to_pieces(pages)[0]]


PARAGRAPHS = [
    "In addition to the Local Resilience Forum the City Council has an Incident Management Team (IMT) "
    "structure which is underpinned by 2021 plans and (LRF) cells including one for social care and "
    "representatives from the local care homes association attend the weekly meetings.",
    "Through our Director of Public Health we work very closely with Public Health England to provide "
    "comprehensive advice and guidance for Care Homes and other sectors of the care market.",
    "We have developed joint protocols for ensuring no care home falls between the duplication of "
    "effort wherever possible and Public Health host an IPC team that supports Care Homes.",
]


@pytest.mark.parametrize("ratio", [1.0, 1.08, 1.15, 1.5])
@pytest.mark.parametrize("size", [9.0, 11.0, 14.0])
def test_layout_wrapped_lines_stay_one_unit_at_any_spacing(ratio, size):
    """Word's line spacings and any font size: a wrapped line starting with a capital, a
    digit or a bracket carries on its paragraph; paragraph spacing ends it."""
    words, _ = _flow(PARAGRAPHS, size=size, ratio=ratio * 1.17, gap=0.7)
    assert _texts([_page(words)]) == PARAGRAPHS


@pytest.mark.parametrize("justify", [False, True])
def test_layout_paragraphs_without_spacing_end_at_their_short_last_line(justify):
    words, _ = _flow(PARAGRAPHS, ratio=1.2, gap=0.0, justify=justify, width=420)
    assert _texts([_page(words)]) == PARAGRAPHS


def test_layout_bullet_glyph_starts_an_item_but_a_number_in_a_wrapped_line_does_not():
    size, x0 = 11.0, 60.0
    lines = [("• Regular bulletins are produced for providers, with the first issued in", x0),
             ("19. March and weekly since then", x0 + 12), ("• Fortnightly calls are held with providers", x0)]
    words = []
    for index, (text, x) in enumerate(lines):
        words += _words(text, x, 100 + index * 13.2, size)
    assert _texts([_page(words)]) == ["• Regular bulletins are produced for providers, with the first issued in 19. March "
                                      "and weekly since then".replace("• ", ""),
                                      "Fortnightly calls are held with providers"]


@pytest.mark.parametrize("lines,joined", [
    (["protect those self-", "isolating at home"], "protect those self-isolating at home"),
    (["during COVID-", "19 outbreaks"], "during COVID-19 outbreaks"),
    (["PPE for non-", "regulated providers"], "PPE for non-regulated providers"),
    (["health and care -", "and partners"], "health and care - and partners"),
])
def test_layout_hyphen_at_a_line_end_joins_without_a_space(lines, joined):
    assert join_lines(lines) == joined


def test_layout_newspaper_columns_are_read_one_after_the_other():
    left, _ = _flow(PARAGRAPHS[:2], width=230, gap=0.7, x0=60)
    right, _ = _flow(PARAGRAPHS[2:], width=230, gap=0.7, x0=320)
    assert _texts([_page(left + right)]) == PARAGRAPHS


def test_layout_borderless_table_is_read_cell_by_cell():
    """Two columns aligned by whitespace only, a bold header row: one row per action, the
    responses in their own cells, nothing interleaved."""
    size, words, bottom = 11.0, [], 80.0
    words += _words("Required action", 60, bottom, size, bold=True) + _words("Action taken", 320, bottom, size, bold=True)
    rows = [("Report shortages of PPE to the Local Resilience Forum or the department.",
             ["We report weekly to the LRF.", "Stock is checked every day by the hub."]),
            ("Support care homes to carry out learning reviews after each outbreak.",
             ["Reviews follow every outbreak and lessons are shared with all providers."])]
    for action, responses in rows:
        top = bottom + 1.6 * size
        action_words, action_bottom = _flow([action], width=220, x0=60, top=top - 1.2 * size)
        response_words, response_bottom = _flow(responses, width=220, x0=320, top=top - 1.2 * size, gap=0.6)
        words += action_words + response_words
        bottom = max(action_bottom, response_bottom)
    pieces, _ = pages_to_pieces([_page(words)])
    cells = [piece.block.cells for piece in pieces]
    assert cells == [(("Required action",), ("Action taken",)),
                     ((rows[0][0],), tuple(rows[0][1])), ((rows[1][0],), tuple(rows[1][1]))]
    assert pieces[0].block.header


def test_layout_ruled_grid_with_a_merged_title_row():
    h = [Rule(50, y, 550, y) for y in (100, 120, 140, 200)]
    v = [Rule(50, 100, 50, 200), Rule(550, 100, 550, 200), Rule(300, 120, 300, 200)]
    grid = rules_to_grids(h + v)[0]
    assert [len(row) for row in grid.rows] == [1, 2, 2]


def test_layout_ruled_table_cells_are_not_interleaved():
    h = [Rule(50, y, 550, y) for y in (100, 160)]
    v = [Rule(x, 100, x, 160) for x in (50, 300, 550)]
    left, _ = _flow(["Work with partners to control local outbreaks and share lessons learned."],
                    width=230, x0=55, top=100)
    right, _ = _flow(["The public health team supports providers with testing and a helpline."],
                     width=230, x0=305, top=100)
    pieces, _ = pages_to_pieces([_page(left + right, rules=h + v)])
    assert pieces[0].block.cells == (("Work with partners to control local outbreaks and share lessons learned.",),
                                     ("The public health team supports providers with testing and a helpline.",))


def test_layout_browser_print_header_and_footer_are_furniture():
    """The date and title, the URL and an 'n/N' counter that changes on every page."""
    pages = []
    for number in (1, 2, 3):
        words = (_words("12/1/26, 8:09 PM Winter plan | Council", 20, 20, 8)
                 + _words(f"https://www.council.gov.uk/winter-plan {number}/3", 20, 830, 8)
                 + _flow([PARAGRAPHS[number - 1]])[0])
        pages.append(_page(words, number))
    lines = [words_to_lines(page.words, page.number) for page in pages]
    furniture = furniture_lines(lines, [page.height for page in pages], 11.0)
    assert {line.text for line in furniture} == {"12/1/26, 8:09 PM Winter plan | Council",
                                                 *(f"https://www.council.gov.uk/winter-plan {n}/3" for n in (1, 2, 3))}
    assert _texts(pages) == PARAGRAPHS


def test_layout_body_and_table_cells_keep_their_own_line_spacing():
    """Word's template sets 'Table Grid' single-spaced under a 1.15 body: neither is cut
    at the other's pitch."""
    body, bottom = _flow(PARAGRAPHS[:2], ratio=1.4, gap=0.9)
    h = [Rule(50, y, 550, y) for y in (bottom + 10, bottom + 70)]
    v = [Rule(x, bottom + 10, x, bottom + 70) for x in (50, 300, 550)]
    left, _ = _flow(["Work with partners to control local outbreaks and share lessons learned."],
                    width=230, x0=55, top=bottom + 10, ratio=1.17)
    right, _ = _flow(["The public health team supports providers with testing and a helpline for staff."],
                     width=230, x0=305, top=bottom + 10, ratio=1.17)
    pieces, _ = pages_to_pieces([_page(body + left + right, rules=h + v)])
    assert [p.block.text for p in pieces[:2]] == PARAGRAPHS[:2]
    assert pieces[2].block.cells[0] == ("Work with partners to control local outbreaks and share lessons learned.",)


def test_layout_text_indented_on_both_sides_keeps_its_own_edge():
    quote = ("Local authorities should ensure that care providers have access to timely testing for staff and "
             "residents, review contingency arrangements and support the workforce through the winter months.")
    before, bottom = _flow(PARAGRAPHS[:1], gap=0.8)
    middle, bottom = _flow([quote], x0=100, width=300, top=bottom, gap=0.8)
    after, _ = _flow(PARAGRAPHS[1:2], top=bottom)
    assert _texts([_page(before + middle + after)]) == [PARAGRAPHS[0], quote, PARAGRAPHS[1]]


def test_layout_centred_heading_that_wraps_is_one_heading():
    words = []
    for index, line in enumerate(["Theme 2: Collaboration across health and care",
                                  "services and supporting the care market"]):
        width = len(line) * CHAR * 16
        words += _words(line, 297.5 - width / 2, 100 + index * 19, 16, bold=True)
    words += _flow(PARAGRAPHS, top=130, width=470, gap=0.7)[0]
    assert _texts([_page(words)]) == ["Theme 2: Collaboration across health and care services and supporting the "
                                      "care market", *PARAGRAPHS]


def test_layout_borderless_table_with_a_narrow_status_column():
    """A RAG column as narrow as "Red" is a column, not a gap in the text (rows a line's
    height apart plus the cells' margins, as Word sets them)."""
    size, words = 11.0, []
    words += (_words("Action", 60, 100, size, bold=True) + _words("Progress", 290, 100, size, bold=True)
              + _words("RAG", 520, 100, size, bold=True))
    rows = [("Staff testing in every care home", "Weekly testing is in place for all homes.", "Green"),
            ("Personal protective equipment supply", "The local hub holds eight weeks of stock.", "Amber"),
            ("Recruit to the staff bank", "Recruitment is under way with partners.", "Red")]
    words += _flow(PARAGRAPHS[:2], top=200, width=470, gap=0.7)[0]
    for index, row in enumerate(rows):
        bottom = 100 + (index + 1) * 20
        for x, text in zip((60, 290, 520), row):
            words += _words(text, x, bottom, size)
    pieces, _ = pages_to_pieces([_page(words)])
    assert [p.block.cells for p in pieces[1:4]] == [tuple((cell,) for cell in row) for row in rows]


def test_layout_running_title_and_single_page_markings_are_furniture():
    """A running header that repeats the title set large on page one, and a protective
    marking at the top and the foot of a one-page plan."""
    pages = []
    for number in (1, 2, 3):
        words = _words("OFFICIAL", 270, 30, 9) + _words("OFFICIAL", 270, 830, 9)
        if number == 1:
            words += _words("Adult Social Care Winter Plan", 60, 120, 20, bold=True)
        else:
            words += _words("Adult Social Care Winter Plan", 60, 50, 9)
        words += _flow([PARAGRAPHS[number - 1]], top=140)[0]
        pages.append(_page(words, number))
    assert _texts(pages) == ["Adult Social Care Winter Plan", *PARAGRAPHS]
    one = _page(_words("OFFICIAL", 270, 30, 9) + _words("OFFICIAL", 270, 830, 9) + _flow(PARAGRAPHS[:1])[0])
    assert _texts([one]) == PARAGRAPHS[:1]


def test_layout_bare_theme_headings_at_page_tops_stay():
    pages = []
    for number in (1, 2, 3):
        words = _words(f"Theme {number}", 60, 60, 16, bold=True) + _flow([PARAGRAPHS[number - 1]], top=80)[0]
        pages.append(_page(words, number))
    assert _texts(pages) == [text for n in (1, 2, 3) for text in (f"Theme {n}", PARAGRAPHS[n - 1])]


def test_layout_words_held_by_no_break_spaces_wrap_together():
    """A web page's "Infection&nbsp;Control&nbsp;Fund" moves to the next line as one: the
    line above is not short although "Infection" alone would have fitted on it."""
    from dataclasses import replace

    size = 11.0
    edge = _words("We keep every line of this paragraph about as long as this one is, to the edge", 60, 100, size)
    right = edge[-1].x1
    short = [w for w in _words("Our plan builds on the work of the Local Resilience Forum and all of the", 60, 113.2, size)
             if w.x1 <= right - 60]
    glued = [replace(w, glued=i < 2) for i, w in
             enumerate(_words("Infection Control Fund which we distributed in full to providers.", 60, 126.4, size))]
    first, held = glued[0], glued[2].x1 - glued[0].x0
    assert short[-1].x1 + (first.x1 - first.x0) < right - 5 < short[-1].x1 + held  # "Infection" alone would fit
    assert len(_texts([_page(edge + short + glued)])) == 1


def test_layout_list_set_at_its_own_spacing_inside_a_tighter_body():
    """Word's "No Spacing" body with List Number items at 1.15: the items' wrapped lines,
    at their hanging indent, keep the items' own pitch; the body's short lead-in lines do
    not set the document's spacing either."""
    size, words, bottom = 11.0, [], 80.0
    body = _flow(PARAGRAPHS, ratio=1.2, gap=0.0, width=420, top=bottom)
    words, bottom = body[0], body[1]
    items = ["Continue to implement relevant guidance and circulate and promote guidance to adult social care "
             "providers in their area, including for visitors",
             "Support care homes, working with local partners to carry out learning reviews after each outbreak",
             "Review contingency arrangements to help manage staffing shortages within social care provision"]
    for number, item in enumerate(items, start=1):
        lines = _wrap(item, 380, size)
        bottom += 1.45 * size
        words += _words(f"{number}.", 60, bottom, size) + _words(lines[0], 80, bottom, size)
        for line in lines[1:]:
            bottom += 1.45 * size
            words += _words(line, 80, bottom, size)
    texts = _texts([_page(words)])
    assert texts[:3] == PARAGRAPHS
    assert texts[3:] == items


def test_layout_row_ruled_tables_one_per_theme_are_read_apart():
    """Two tables ruled between rows only, the same width, a theme heading between them:
    the heading is not a row and each table keeps its columns."""
    size, words, rules = 11.0, [], []
    def table(top, rows):
        nonlocal words, rules
        y = top
        words += _words("Required action", 60, y + 14, size, bold=True) + _words("Our response", 320, y + 14, size, bold=True)
        y += 20
        rules.append(Rule(50, y, 550, y))
        for action, response in rows:
            words += _words(action, 60, y + 14, size) + _words(response, 320, y + 14, size)
            y += 20
            rules.append(Rule(50, y, 550, y))
        return y
    end = table(80, [("Provide PPE to providers", "PPE is delivered weekly."),
                     ("Report shortages to the LRF", "Shortages are reported daily.")])
    heading = "Theme 2: Collaboration across health and care services and the care market"
    words += _words(heading, 60, end + 30, size, bold=True)
    table(end + 40, [("Support safe discharge", "A discharge hub works daily."),
                     ("Fund care for six weeks", "Care is funded on discharge.")])
    blocks = [p.block for p in pages_to_pieces([_page(words, rules=rules)])[0]]
    assert [b.kind for b in blocks] == ["table_row"] * 3 + ["heading"] + ["table_row"] * 3
    assert blocks[3].text == heading
    assert blocks[5].cells == (("Support safe discharge",), ("A discharge hub works daily.",))


def test_layout_bold_lead_in_under_a_heading_of_the_same_size_is_its_own_line():
    """Word's Heading 3 (its own font and colour) over a bold "Actions:" in the body font,
    both 11pt bold: two units, so the marker is seen."""
    from dataclasses import replace

    heading = [replace(w, face="Carlito/0.31,0.51,0.74") for w in
               _words("Personal protective equipment (PPE)", 60, 100, 11, bold=True)]
    lead_in = [replace(w, face="LiberationSans/0.00,0.00,0.00") for w in _words("Actions:", 60, 113.2, 11, bold=True)]
    body = [replace(w, face="LiberationSans/0.00,0.00,0.00") for w in _flow(PARAGRAPHS[:1], top=118)[0]]
    assert _texts([_page(heading + lead_in + body)]) == ["Personal protective equipment (PPE)", "Actions:",
                                                          PARAGRAPHS[0]]
