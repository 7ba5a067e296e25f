"""The sample plans published the ways councils publish them (tests/fixtures/publish.py:
Word documents saved as PDF by LibreOffice at Word's line spacings, pages printed by
Chromium, two columns, borderless, row-ruled and RAG-tracker tables) give the reviewed
records: the kind and text of every labelled record (tests/fixtures/labels.csv), with the
theme and section of the text sample, and nothing from the page furniture or the website."""

from __future__ import annotations

import re

import pytest

from fixtures.publish import PUBLICATIONS, row_attributes
from pipeline import read_document, segment_document

from conftest import FIXTURES

PUBLISHED = FIXTURES / "published"
# Where the layout cannot show a boundary: Word 2003's single spacing with no space between
# paragraphs (a paragraph whose last line is full looks like the start of the next one), and
# a table row cut by a page break whose continuation starts with a capital in every cell.
AMBIGUOUS = {"city_word_100_tight", "city_and_county_word_defaults"}
EXACT = sorted(name for name in PUBLICATIONS if name not in AMBIGUOUS)
FURNITURE = re.compile(r"file://|https?://|\d+/\d+/\d+, \d+:\d+|Winter plan 2020/21 – page|Was this page helpful"
                       r"|©|Privacy notice|Accessibility|Council Offices|\b\d+/\d+$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def expected_records(sample_runs, labels):
    """sample -> [(theme_no, section, kind, text)]: kind and text as labelled, theme and
    section as the text sample reads them."""
    expected = {}
    for sample, (_, plan, _) in sample_runs.items():
        rows = sorted((seq, kind, text) for (council, seq), (kind, text, _) in labels.items()
                      if council == plan.council)
        by_seq = {record.seq: record for record in plan.records}
        expected[sample] = [(by_seq[seq].theme_no, by_seq[seq].section, kind, _squash(text)) for seq, kind, text in rows]
    return expected


@pytest.fixture(scope="session")
def published_plans(catalogue):
    plans = {}
    for name in PUBLICATIONS:
        path = PUBLISHED / f"{name}.pdf"
        plans[name] = segment_document(read_document(path.read_bytes(), path.name), catalogue)
    return plans


def _got(plan):
    return [(r.theme_no, r.section, r.kind, _squash(r.text)) for r in plan.records]


@pytest.mark.parametrize("name", EXACT)
def test_published_pdf_gives_the_labelled_records(published_plans, expected_records, sample_runs, name):
    publication = PUBLICATIONS[name]
    expected = [record for sample in (publication.sample, *publication.also) for record in expected_records[sample]]
    plan = published_plans[name]
    assert len(plan.records) == len(expected)
    assert _got(plan) == expected
    assert plan.council == sample_runs[publication.sample][1].council


@pytest.mark.parametrize("name", sorted(AMBIGUOUS))
def test_published_pdf_with_hidden_boundaries_keeps_almost_every_record(published_plans, expected_records, name):
    """Where the layout hides a boundary, almost every record is still exact and no text
    is lost or repeated."""
    publication = PUBLICATIONS[name]
    expected = [record for sample in (publication.sample, *publication.also) for record in expected_records[sample]]
    got = _got(published_plans[name])
    assert sum(record in expected for record in got) >= 0.9 * len(expected)
    assert sorted(_squash("".join(text for *_, text in got))) == sorted(_squash("".join(text for *_, text in expected)))


@pytest.mark.parametrize("name", sorted(PUBLICATIONS))
def test_published_pdf_records_hold_no_page_furniture_or_site_chrome(published_plans, name):
    for record in published_plans[name].records:
        assert not FURNITURE.search(record.text), record.text[:80]
        assert not FURNITURE.search(record.section), record.section


@pytest.mark.parametrize("name", ["county_tracker_word", "county_tracker_browser"])
def test_published_tracker_attribute_cells_stay_on_their_row(published_plans, name):
    """RAG status, lead and timescale cells are not records; every record of a row carries
    the row's values as written."""
    plan = published_plans[name]
    groups = list(dict.fromkeys(r.group_id for r in plan.records))
    with_timescale = name.endswith("browser")
    for record in plan.records:
        values = row_attributes(groups.index(record.group_id))
        assert (record.rag, record.owner) == (values["rag"], values["owner"])
        assert record.due == (values["due"] if with_timescale else "")
        assert record.text not in {values["rag"], values["owner"], values["due"]}


def test_published_pdf_same_coverage_as_the_word_file(published_plans, sample_runs, matcher, renderings,
                                                      catalogue):
    """Matching inherits the reading: the Word-exported PDF addresses what the .docx does."""
    def addressed(plan):
        responses = {r.record_id for r in plan.records if r.kind == "response"}
        return {m.action_id for m in matcher.match(plan) if m.status == "matched" and m.record_id in responses}

    docx = renderings["county.docx"]
    from_word = segment_document(read_document(docx.read_bytes(), docx.name), catalogue)
    assert addressed(published_plans["county_word_108"]) == addressed(from_word)


@pytest.fixture(scope="module")
def tracker_renderings(tmp_path_factory):
    """The Word tracker's .docx and the browser tracker's page, rendered here: the same
    column roles must hold whatever the format."""
    from fixtures.publish import BROWSER_TRACKER_HEADER, TRACKER_HEADER, tracker_parts
    from fixtures.render import WordLook, plan_parts, render_docx, render_html

    from conftest import SAMPLES

    folder = tmp_path_factory.mktemp("trackers")
    sample = SAMPLES["county"]
    docx = render_docx(sample, folder / "tracker.docx", look=WordLook(landscape=True, themes_in_tables=True),
                       parts=tracker_parts(plan_parts(sample), TRACKER_HEADER))
    page = render_html(sample, folder / "tracker.html", parts=tracker_parts(plan_parts(sample), BROWSER_TRACKER_HEADER))
    return {"county_tracker_word": docx, "county_tracker_browser": page}


@pytest.mark.parametrize("name", ["county_tracker_word", "county_tracker_browser"])
def test_published_tracker_reads_the_same_from_its_source_format(published_plans, tracker_renderings, catalogue, name):
    path = tracker_renderings[name]
    plan = segment_document(read_document(path.read_bytes(), path.name), catalogue)
    assert _with_attributes(plan) == _with_attributes(published_plans[name])


def _with_attributes(plan):
    return [(r.kind, _squash(r.text), r.rag, r.owner, r.due, r.extra) for r in plan.records]
