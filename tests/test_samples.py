"""Regression tests on the two sample plans in raw/ (see tests/fixtures/stated_actions.csv,
the reviewed expected canonical ids of every stated action)."""

import csv
from collections import Counter

import pytest

from conftest import FIXTURES, ROOT
from pipeline.segment.roles import blocks_to_roles
from pipeline.strings import split_marker

COUNTS = {  # (theme_no, kind) -> records, reviewed by hand against the plans
    "county": {(1, "required_action"): 7, (1, "response"): 8, (2, "required_action"): 3, (2, "response"): 3,
               (3, "required_action"): 5, (3, "response"): 6, (4, "required_action"): 3, (4, "response"): 3},
    "city": {(1, "required_action"): 15, (1, "response"): 25, (2, "required_action"): 8, (2, "response"): 8,
             (3, "required_action"): 36, (3, "response"): 37, (4, "required_action"): 15, (4, "response"): 11},
}


@pytest.mark.parametrize("name", ["county", "city"])
def test_samples_records_per_theme_and_kind(sample_runs, name):
    _, plan, _ = sample_runs[name]
    assert Counter((r.theme_no, r.kind) for r in plan.records) == COUNTS[name]


@pytest.mark.parametrize("name,council", [("county", "Leicestershire County Council"),
                                          ("city", "Leicester City Council")])
def test_samples_council_inferred_from_text(sample_runs, name, council):
    _, plan, _ = sample_runs[name]
    assert plan.council == council
    assert {r.council for r in plan.records} == {council}


def test_samples_theme_is_canonical_title(sample_runs, catalogue):
    for _, plan, _ in sample_runs.values():
        assert all(r.theme == catalogue.themes[r.theme_no] for r in plan.records)


def test_samples_contd_heading_continues_the_theme(sample_runs):
    _, plan, _ = sample_runs["county"]
    themes = [r.theme_no for r in plan.records]
    assert themes == sorted(themes)
    groups = [r.group_id for r in plan.records if r.kind == "required_action"]
    assert len(groups) == len(set(groups)) == 18  # one group per table row


@pytest.mark.parametrize("name,start,end", [
    ("county", "To work with local partners to engage", "health of local market management and contingency "
     "planning leading into winter."),
    ("city", "We provided to DHSC the required information", "We will maintain information on our website"),
    ("city", "Additional AMHP out of hours shifts", "through Social Worker Progression Framework, AYSE"),
    ("city", "An End of Life pathway for both people", "Where they assess that people's best interests"),
    ("city", "Our Emergency Care Market Contingency Plan", "on a three-day basis. In addition"),
])
def test_samples_page_break_pieces_are_one_record(sample_runs, name, start, end):
    _, plan, _ = sample_runs[name]
    found = [r for r in plan.records if r.text.startswith(start)]
    assert len(found) == 1 and end in found[0].text
    tail = end.split()[-1]
    assert not any(r.text.startswith(tail) for r in plan.records)


def test_samples_sentence_under_numbered_action_is_a_response(sample_runs):
    _, plan, _ = sample_runs["city"]
    [record] = [r for r in plan.records if r.text.startswith("Promotion continues through communication")]
    assert record.kind == "response"
    action = next(r for r in plan.records if r.seq == record.seq - 1)
    assert action.kind == "required_action" and action.group_id == record.group_id
    assert "Promotion" not in action.text


def test_samples_sections_as_written(sample_runs):
    _, plan, _ = sample_runs["city"]
    sections = list(dict.fromkeys(r.section for r in plan.records))
    assert sections[0] == ""  # Theme 1 opens with its action list
    assert "Safe discharge from NHS settings and preventing avoidable admissions" in sections
    assert "Social prescribing" in sections and "Staff training" in sections
    assert "Technology and digital support" not in sections and "Supporting the workforce" not in sections


def test_samples_short_lines_of_prose_are_responses(sample_runs):
    _, plan, _ = sample_runs["city"]
    shielding = [r for r in plan.records if r.section.startswith("Shielding")]
    assert [r.kind for r in shielding].count("response") == 6


def test_samples_no_heading_or_title_becomes_a_record(sample_runs, catalogue):
    for document, plan, _ in sample_runs.values():
        roles = blocks_to_roles(document.blocks, catalogue)
        structural = {b.text for b, role in zip(document.blocks, roles) if role != "content"}
        assert len(structural) > 5
        assert not structural & {r.text for r in plan.records}
        assert plan.title in structural


def test_samples_no_text_is_duplicated(sample_runs):
    for _, plan, _ in sample_runs.values():
        texts = [r.text for r in plan.records]
        assert len(texts) == len(set(texts))


def test_samples_every_sentence_lands_in_a_record(sample_runs):
    """Nothing lost: every paragraph, list item and table-cell unit of the source that is not
    a heading or marker is inside some record (page-break pieces included)."""
    from pipeline.ingest.markup import fragment_units, is_bold

    for name, (document, plan, _) in sample_runs.items():
        source = (ROOT / document.source_file).read_text(encoding="utf-8")
        joined = " ".join(r.text for r in plan.records)
        pieces = []
        for line in source.splitlines():
            if "\t" in line:
                pieces += [split_marker(unit)[1] for cell in line.split("\t") if not is_bold(cell)
                           for unit in fragment_units(cell)]
            elif len(line.split()) > 12 and "**" not in line:
                pieces.append(split_marker(line)[1])
        checked = [piece for piece in pieces if len(piece.split()) > 6]
        assert len(checked) > 20, name
        for piece in checked:
            assert piece[:80] in joined, (name, piece[:80])


def _expected_stated():
    with (FIXTURES / "stated_actions.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_samples_stated_actions_map_to_reviewed_ids(sample_runs):
    got = {}
    for _, plan, matches in sample_runs.values():
        matched = {}
        for m in matches:
            if m.status == "matched":
                matched.setdefault(m.record_id, []).append(m)
        for r in plan.records:
            if r.kind == "required_action":
                ranked = sorted(matched.get(r.record_id, []), key=lambda m: m.rank)
                assert [m.rank for m in ranked] == list(range(1, len(ranked) + 1))
                got[(r.council, r.text)] = " ".join(sorted(m.action_id for m in ranked))
    expected = {(row["council"], row["text"]): row["action_ids"] for row in _expected_stated()}
    assert len(expected) == 92
    assert got == expected


def test_samples_rows_stating_two_actions_get_both(sample_runs):
    two = [row for row in _expected_stated() if " " in row["action_ids"]]
    assert {row["action_ids"] for row in two} == {"T2.DISCH.3 T2.DISCH.4", "T3.VISIT.1 T3.VISIT.2",
                                                  "T3.CARERS.1 T3.CARERS.4"}
