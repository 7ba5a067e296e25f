"""Every format gives the same records as the text sample it was rendered from: same
count, theme, section, kind and text, same matches; PDF records carry their pages."""

import re

import pdfplumber
import pytest

from pipeline import read_document, segment_document

RENDERINGS = ["county.pdf", "county.html", "county.docx", "city.pdf", "city.html", "city.docx",
              "city_embedded.html"]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered_runs(renderings, catalogue, matcher):
    runs = {}
    for key in RENDERINGS:
        path = renderings[key]
        document = read_document(path.read_bytes(), path.name)
        plan = segment_document(document, catalogue)
        runs[key] = (document, plan, matcher.match(plan))
    return runs


@pytest.mark.parametrize("key", RENDERINGS)
def test_formats_records_equal_the_text_version(rendered_runs, sample_runs, key):
    _, plan, _ = rendered_runs[key]
    _, expected, _ = sample_runs[key.split(".")[0].split("_")[0]]
    got = [(r.theme_no, r.section, r.kind, _squash(r.text)) for r in plan.records]
    want = [(r.theme_no, r.section, r.kind, _squash(r.text)) for r in expected.records]
    assert len(got) == len(want)
    assert got == want
    assert plan.council == expected.council


@pytest.mark.parametrize("key", RENDERINGS)
def test_formats_matches_equal_the_text_version(rendered_runs, sample_runs, key):
    _, plan, matches = rendered_runs[key]
    _, expected, expected_matches = sample_runs[key.split(".")[0].split("_")[0]]

    def by_seq(plan, matches):
        seq = {r.record_id: r.seq for r in plan.records}
        return sorted((seq[m.record_id], m.rank, m.action_id, m.status) for m in matches)

    assert by_seq(plan, matches) == by_seq(expected, expected_matches)


@pytest.mark.parametrize("key", ["county.pdf", "city.pdf"])
def test_formats_pdf_records_carry_their_page(rendered_runs, renderings, key):
    document, plan, _ = rendered_runs[key]
    with pdfplumber.open(renderings[key]) as pdf:
        pages = [{word["text"] for word in page.extract_words()} for page in pdf.pages]
    assert document.n_pages == len(pages) > 1
    assert len({r.page for r in plan.records}) > 1
    for record in plan.records:
        first_words = record.text.split()[:5]
        assert set(first_words) <= pages[record.page - 1], (record.page, record.text[:60])


@pytest.mark.parametrize("key", ["county.pdf", "city.pdf"])
def test_formats_running_headers_and_page_numbers_never_reach_a_record(rendered_runs, key):
    document, plan, _ = rendered_runs[key]
    for record in plan.records:
        assert "– Winter Care Plan 2020/21" not in record.text
        assert "– Adult Social Care Winter Plan 2020/21" not in record.text
        assert not re.search(r"Page \d+ of \d+", record.text)
        assert not re.fullmatch(r"\d+", record.text)


def test_formats_pdf_rendering_has_a_row_and_a_sentence_split_by_a_page_break(renderings):
    """Guard the fixtures: the splits the readers must rejoin are really in the PDFs."""
    with pdfplumber.open(renderings["county.pdf"]) as pdf:
        tables = [page.find_tables() for page in pdf.pages]
        first_rows = [page_tables[0].extract()[1] for page_tables in tables[1:] if page_tables]
    assert any(row[0] and row[0][0].islower() or not row[1] for row in first_rows)
    with pdfplumber.open(renderings["city.pdf"]) as pdf:
        last_lines = [page.extract_text_lines()[-2]["text"] for page in pdf.pages[:-1]]
    assert any(not re.search(r"[.:;!?]$", line) and not re.match(r"\d+\.", line) for line in last_lines)


def test_formats_embedded_plan_ignores_the_service_page(rendered_runs):
    _, plan, _ = rendered_runs["city_embedded.html"]
    assert not any("Getting support" in r.section for r in plan.records)
    assert plan.title == "Winter plan 2020/21"


def test_formats_mislabelled_extension_is_read_by_content(renderings, sample_runs):
    data = renderings["county.docx"].read_bytes()
    document = read_document(data, "plan.pdf")
    assert document.format == "docx"
