"""The segmenter on small plans written here: generic cues, not the samples' wording."""

import pytest

from pipeline.segment.council import infer_council
from pipeline.segment.cues import column_role, is_actions_marker, is_continued, is_response_marker

PROSE = """My Borough Council winter plan

Theme 1: Preventing and controlling the spread of infection in care settings

Managing staff movement

Actions:

1. Distribute money from the Infection Control Fund.
2. Review contingency arrangements.
We already pay providers weekly.

We will:

Pay the fund within ten days of receipt.

Parent heading

Personal protective equipment (PPE)

Actions

1. Report shortages to the LRF.

We have a central store.

Food parcels for people shielding

Telephone befriending for all

More help is described on our website for everyone.
"""


def test_segment_action_list_and_responses(plan_of):
    plan = plan_of(PROSE)
    rows = [(r.section, r.kind, r.label, r.text) for r in plan.records]
    assert rows[:4] == [
        ("Managing staff movement", "required_action", "1.", "Distribute money from the Infection Control Fund."),
        ("Managing staff movement", "required_action", "2.", "Review contingency arrangements."),
        ("Managing staff movement", "response", "", "We already pay providers weekly."),
        ("Managing staff movement", "response", "", "Pay the fund within ten days of receipt."),
    ]
    assert len({r.group_id for r in plan.records[:4]}) == 1


def test_segment_parent_heading_is_not_a_section(plan_of):
    sections = {r.section for r in plan_of(PROSE).records}
    assert "Parent heading" not in sections
    assert "Personal protective equipment (PPE)" in sections


def test_segment_responses_without_marker_and_short_prose_lines(plan_of):
    ppe = [r for r in plan_of(PROSE).records if r.section.startswith("Personal")]
    assert [r.kind for r in ppe] == ["required_action"] + ["response"] * 4
    assert ppe[2].text == "Food parcels for people shielding"


def test_segment_title_is_not_a_record(plan_of):
    plan = plan_of(PROSE)
    assert plan.title == "My Borough Council winter plan"
    assert plan.title not in {r.text for r in plan.records}


def test_segment_theme_uses_catalogue_title(plan_of, catalogue):
    plan = plan_of("Theme 3: people\n\nActions:\n\n1. Do it.\n")
    assert [(r.theme_no, r.theme) for r in plan.records] == [(3, catalogue.themes[3])]


TABLE = """Theme 4: Supporting the system
<b>Required action</b>\t<b>Our response</b>
Champion the Capacity Tracker.\t<ul><li>• We call providers.</li><li>• We check the data.</li></ul>
Theme 4: Supporting the system (continued)
<b>Required action</b>\t<b>Our response</b>
Maintain the website.\tIt is kept up to date.
"""


def test_segment_table_rows_group_action_with_bullets(plan_of):
    plan = plan_of(TABLE)
    rows = [(r.theme_no, r.kind, r.label, r.text) for r in plan.records]
    assert rows == [(4, "required_action", "", "Champion the Capacity Tracker."),
                    (4, "response", "•", "We call providers."), (4, "response", "•", "We check the data."),
                    (4, "required_action", "", "Maintain the website."),
                    (4, "response", "", "It is kept up to date.")]
    groups = [r.group_id for r in plan.records]
    assert groups[0] == groups[1] == groups[2] != groups[3] == groups[4]


@pytest.mark.parametrize("header,role", [
    ("Required Action", "action"), ("Action taken in Kent", "response"), ("Our response", "response"),
    ("Progress update", "response"), ("RAG", "rag"), ("RAG status", "rag"), ("Status", "rag"),
    ("National expectation", "action"), ("Lead", "owner"), ("Lead officer", "owner"), ("Responsible", "owner"),
    ("Timescale", "due"), ("Target date", "due"), ("By when", "due"), ("Budget (£)", "other"),
])
def test_segment_column_roles(header, role):
    assert column_role(header) == role


@pytest.mark.parametrize("text,expected", [
    ("Theme 3: Supporting people contd", True), ("Theme 4: Supporting the system cont'd", True),
    ("Theme 2 (continued)", True), ("Theme 2: Collaboration", False),
])
def test_segment_continued_headings(text, expected):
    assert is_continued(text) is expected


@pytest.mark.parametrize("text", ["Actions:", "Actions", "Required actions", "**Actions:**".strip("*")])
def test_segment_actions_markers(text):
    assert is_actions_marker(text)


@pytest.mark.parametrize("text", ["We will:", "We Will", "Our response:", "Action taken"])
def test_segment_response_markers(text):
    assert is_response_marker(text)
    assert not is_response_marker(text + " continue to pay providers")


@pytest.mark.parametrize("lines,headers,council", [
    (["Leicester City Council winter plan", "The City Council will"], [], "Leicester City Council"),
    (["The County Council's website", "The County Council will"], ["Action taken in Leicestershire"],
     "Leicestershire County Council"),
    (["Plan of the London Borough of Camden"], [], "London Borough of Camden"),
    (["We will do things."], [], ""),
])
def test_segment_council_inference(lines, headers, council):
    assert infer_council(lines, headers) == council


def test_segment_paragraph_after_a_table_is_not_part_of_its_last_row(plan_of, matcher):
    plan = plan_of(TABLE + "\nThe library opens at nine on Saturdays and closes at noon.\n")
    last = plan.records[-1]
    assert last.text.startswith("The library") and last.group_id != plan.records[-2].group_id
    assert not [m for m in matcher.match(plan) if m.record_id == last.record_id and m.status == "matched"]


def test_segment_plain_paragraph_cues_are_recognised(catalogue):
    from pipeline import read_document, segment_document

    page = ("<html><body><main><p>Theme 1: Preventing and controlling the spread of infection</p>"
            "<p>Actions:</p><ol><li>Report shortages to the LRF or to DHSC</li></ol>"
            "<p>We will:</p><p>We report shortages every week.</p></main></body></html>")
    plan = segment_document(read_document(page.encode(), "plain.html"), catalogue)
    assert [(r.theme_no, r.kind, r.text) for r in plan.records] == [
        (1, "required_action", "Report shortages to the LRF or to DHSC"),
        (1, "response", "We report shortages every week.")]


def test_segment_bold_sentence_is_kept_as_text(plan_of):
    sentence = ("We will pay every care home its full allocation within ten working days of receipt, "
                "and audit the spend monthly.")
    plan = plan_of(f"Theme 1: Infection\n\nActions:\n\n1. Distribute the fund\n\nWe will:\n\n**{sentence}**\n")
    assert plan.records[-1].text == sentence and plan.records[-1].kind == "response"
    assert {r.section for r in plan.records} == {""}


def test_segment_theme_number_outside_the_catalogue_is_not_a_theme(plan_of):
    plan = plan_of("Theme 1: Infection\n\nActions:\n\n1. Do it.\n\nTheme 5: Lessons learned\n\nActions:\n\n1. Learn.\n")
    assert [r.theme_no for r in plan.records] == [1, 1]
    assert plan.records[-1].section == "Theme 5: Lessons learned"


def test_segment_continued_section_heading_continues_the_section(plan_of):
    text = ("Theme 1: Infection\n\nManaging staff movement\n\nActions:\n\n1. Distribute the fund.\n\nWe will:\n\n"
            "We pay the fund within ten days.\n\nManaging staff movement (continued)\n\n"
            "We audit how the fund is spent.\n")
    plan = plan_of(text)
    assert [r.text for r in plan.records][-1] == "We audit how the fund is spent."
    assert len(plan.records) == 3 and len({r.group_id for r in plan.records}) == 1
    assert {r.section for r in plan.records} == {"Managing staff movement"}


@pytest.mark.parametrize("name", [
    "Kingston upon Hull City Council", "Brighton & Hove City Council", "King's Lynn and West Norfolk Borough Council",
    "St. Helens Council", "Isle of Wight Council", "Newcastle upon Tyne City Council",
    "Bath and North East Somerset Council", "Royal Borough of Windsor and Maidenhead",
    "London Borough of Richmond upon Thames", "Telford & Wrekin Council", "Leicester City Council",
])
def test_segment_council_names_written_out_are_kept_whole(name):
    lines = [f"{name} adult social care winter plan", f"This plan was agreed by {name} in October."]
    assert infer_council(lines) == name


RAG_TABLE = """Theme 1: Preventing and controlling the spread of infection in care settings
<b>Required action</b>\t<b>RAG</b>\t<b>Progress update</b>
Report shortages to the LRF or to DHSC\tGreen\tShortages are reported daily through the provider portal.
"""

NARRATIVE = """Winter plan

Theme 2: Collaboration across health and care services

Our discharge to assess model is led by the Director of Adult Social Care and is working well.

We have trusted assessors in both acute hospitals.
"""

COMMITMENTS = """Our winter commitments

Seasonal flu vaccines

- We will offer every care worker a free flu vaccination.
- We will publish the list of local vaccination venues.
"""


@pytest.mark.parametrize("text,expected", [
    (RAG_TABLE, [("required_action", "Report shortages to the LRF or to DHSC"),
                 ("response", "Shortages are reported daily through the provider portal.")]),
    (NARRATIVE, [("response", "Our discharge to assess model is led by the Director of Adult Social Care and is "
                              "working well."), ("response", "We have trusted assessors in both acute hospitals.")]),
    (COMMITMENTS, [("response", "We will offer every care worker a free flu vaccination."),
                   ("response", "We will publish the list of local vaccination venues.")]),
])
def test_segment_other_layouts_give_sensible_records(plan_of, text, expected):
    plan = plan_of(text)
    assert [(r.kind, r.text) for r in plan.records] == expected
    assert plan.title not in {r.text for r in plan.records}


def test_segment_commitment_list_matches_its_actions(plan_of, matcher):
    plan = plan_of(COMMITMENTS)
    matched = {m.action_id for m in matcher.match(plan) if m.status == "matched"}
    assert {"T1.FLU.2"} <= matched


TRACKER = """Theme 1: Preventing and controlling the spread of infection in care settings
<b>Required action</b>\t<b>RAG status</b>\t<b>Action taken</b>\t<b>Lead officer</b>\t<b>Timescale</b>\t<b>Budget</b>
Report shortages to the LRF or to DHSC\tAmber\t<ul><li>Shortages are reported daily.</li><li>Stock is checked weekly.</li></ul>\tHead of Commissioning\tMarch 2021\t£20,000
Maintain the provider web pages\tGreen\tThe pages are updated every week.\t\t\t
"""


def test_segment_tracker_attribute_cells_stay_on_their_row(plan_of):
    """RAG, lead and timescale cells are kept on every record of their row, unknown
    columns as 'header: value' pairs; none of them becomes a record."""
    plan = plan_of(TRACKER)
    rows = [(r.kind, r.text, r.rag, r.owner, r.due, r.extra) for r in plan.records]
    assert rows == [
        ("required_action", "Report shortages to the LRF or to DHSC", "Amber", "Head of Commissioning", "March 2021",
         "Budget: £20,000"),
        ("response", "Shortages are reported daily.", "Amber", "Head of Commissioning", "March 2021", "Budget: £20,000"),
        ("response", "Stock is checked weekly.", "Amber", "Head of Commissioning", "March 2021", "Budget: £20,000"),
        ("required_action", "Maintain the provider web pages", "Green", "", "", ""),
        ("response", "The pages are updated every week.", "Green", "", "", ""),
    ]


PROSE_PLAN = """Anytown Council winter plan

This page explains how we are preparing for winter.

We distributed the Infection Control Fund to every care home in May and submitted returns on how the funding was used.

Care homes receive regular testing, and positive cases are identified promptly through the testing strategy.

Our commissioning team works with local partners so that people discharged from hospital have safe accommodation.

Direct payments stay flexible this winter, so that carers and families can meet their care and support needs.
"""

NEGATIVE = {
    "news item about the national plan": """Winter plan published

The government has published its adult social care winter plan. Councils must distribute the Infection Control Fund to care homes and submit returns on how the funding has been used.

Local authorities should review contingency arrangements to help manage staffing shortages within social care provision.

Care providers should follow guidance on the use of personal protective equipment and report shortages to the Local Resilience Forum.
""",
    "committee minutes": """Adult Social Care Scrutiny Committee: minutes

The Committee received a report on the adult social care winter plan. Members noted that the Council must submit its plan by 31 October.

The Director reported that care homes had received the Infection Control Fund and that guidance on personal protective equipment had been circulated to care providers.

Members noted that direct payments and support for unpaid carers would be reviewed. RESOLVED that the report be noted.
""",
    "introduction alone": """Our winter plan

This plan sets out how we will support care homes, home care providers and unpaid carers through the winter.

It was agreed with our health partners and will be reviewed monthly.
""",
}


def test_segment_plain_prose_plan_starts_at_its_first_plan_paragraph(plan_of):
    """No headings or markers: the paragraphs that do what the catalogue asks make it a
    plan; the introduction before them stays preamble."""
    plan = plan_of(PROSE_PLAN)
    assert [r.text[:30] for r in plan.records] == ["We distributed the Infection C", "Care homes receive regular tes",
                                                  "Our commissioning team works w", "Direct payments stay flexible "]
    assert all(r.kind == "response" for r in plan.records)


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_segment_text_about_a_plan_is_not_a_plan(plan_of, matcher, name):
    plan = plan_of(NEGATIVE[name])
    assert not any(m.status == "matched" for m in matcher.match(plan))


def test_segment_theme_row_merged_across_a_table_keeps_its_columns():
    """A bold theme row spanning the table: the lead officer column stays an attribute of
    the rows below it, in the same table."""
    from pipeline import load_catalogue, read_document, segment_document

    page = b"""<html><body><main><h1>Winter plan</h1><table>
    <thead><tr><th>Action</th><th>Our response</th><th>Lead officer</th></tr></thead><tbody>
    <tr><th colspan="3">Theme 1: Preventing and controlling the spread of infection in care settings</th></tr>
    <tr><td>Provide PPE to providers</td><td>PPE is delivered weekly by the hub.</td><td>Head of Commissioning</td></tr>
    <tr><th colspan="3">Theme 2: Collaboration across health and care services</th></tr>
    <tr><td>Support safe hospital discharge</td><td>A discharge team works seven days a week.</td><td>Director of Public Health</td></tr>
    </tbody></table></main></body></html>"""
    plan = segment_document(read_document(page, "tracker.html"), load_catalogue())
    rows = [(r.theme_no, r.kind, r.text, r.owner) for r in plan.records]
    assert rows == [(1, "required_action", "Provide PPE to providers", "Head of Commissioning"),
                    (1, "response", "PPE is delivered weekly by the hub.", "Head of Commissioning"),
                    (2, "required_action", "Support safe hospital discharge", "Director of Public Health"),
                    (2, "response", "A discharge team works seven days a week.", "Director of Public Health")]


CONTENTS = """Anytown Council winter plan

Contents

Theme 1: Preventing and controlling the spread of infection in care settings\t3

Theme 2: Collaboration across health and care services\t5

Introduction

This plan was agreed with our partners and sets out how we will work together this winter.

Theme 1: Preventing and controlling the spread of infection in care settings

We will:

We distribute PPE to every care home each week.
"""


def test_segment_contents_list_does_not_start_the_plan(plan_of):
    plan = plan_of(CONTENTS)
    assert [r.text for r in plan.records] == ["We distribute PPE to every care home each week."]
