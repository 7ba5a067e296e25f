"""The matcher on records written here."""

import pytest

from pipeline.match.nlp import build_nlp
from pipeline.models import Plan, Record
from pipeline.settings import MatchSettings


def plan_with(*rows):
    """rows: (kind, text, section, group, theme_no)"""
    records = tuple(
        Record(f"d-{i:04d}", "d", "", i, theme, "", section, kind, f"d-g{group}", "", text, None)
        for i, (kind, text, section, group, theme) in enumerate(rows, start=1)
    )
    return Plan("d", "", "", records)


def matched(matches, record_id):
    return sorted(m.action_id for m in matches if m.record_id == record_id and m.status == "matched")


def test_match_quoted_action(matcher):
    plan = plan_with(("required_action", "Direct providers to local vaccination venues", "", 1, 1))
    [best, *_] = matcher.match(plan)
    assert (best.action_id, best.rank, best.status, best.method) == ("T1.FLU.2", 1, "matched", "phrase")
    assert "vaccination venues" in best.evidence


def test_match_paraphrase_stating_two_actions(matcher):
    text = ("Give a regular assessment of whether visiting care homes is appropriate. "
            "Impose visiting restrictions if local incidence rates are rising.")
    matches = matcher.match(plan_with(("required_action", text, "", 1, 3)))
    assert matched(matches, "d-0001") == ["T3.VISIT.1", "T3.VISIT.2"]


def test_match_section_tells_near_duplicates_apart(matcher):
    text = "Continue to review contingency arrangements to help manage staffing shortages"
    plan = plan_with(("required_action", text, "Workforce capacity", 1, 3),
                     ("required_action", text, "Managing staff movement", 2, 1))
    matches = matcher.match(plan)
    assert matched(matches, "d-0001") == ["T3.WFCAP.1"]
    assert matched(matches, "d-0002") == ["T1.STAFF.3"]


def test_match_heading_naming_an_action_gives_context(matcher):
    plan = plan_with(("required_action", "Access to support, including clinical support", "Care home support plans", 1, 4))
    [best, *_] = matcher.match(plan)
    assert (best.action_id, best.method, best.status) == ("T4.OVERSIGHT.2", "context", "matched")


def test_match_response_inherits_its_row(matcher):
    plan = plan_with(("required_action", "Provide PPE for Covid-19 needs when required, either through the LRF", "", 1, 1),
                     ("response", "Fortnightly calls are held with managers.", "", 1, 1))
    matches = matcher.match(plan)
    assert matched(matches, "d-0002") == ["T1.PPE.3"]
    assert "same row" in next(m.evidence for m in matches if m.record_id == "d-0002")


def test_match_unrelated_text_is_not_matched(matcher):
    plan = plan_with(("response", "The library opens at nine on Saturdays.", "", 1, None))
    assert matched(matcher.match(plan), "d-0001") == []


def test_match_bm25_counts_repeated_terms_and_does_not_favour_short_documents():
    from pipeline.match.bm25 import Bm25

    relevance = Bm25({"short": ["testing", "staff"],
                      "long": ["testing", "strategy", "positive", "case", "support", "provider", "local"],
                      "other": ["vaccine", "staff"]})
    assert set(relevance.scores(["testing"])) == {"short", "long"}
    once, thrice = relevance.scores(["testing", "staff"]), relevance.scores(["testing"] * 3 + ["staff"])
    assert thrice["long"] > once["long"]
    assert thrice["long"] / thrice["other"] > once["long"] / once["other"]
    assert relevance.scores(["nothing", "shared"]) == {}


def test_match_bm25_stems_plain_words_and_keeps_concepts_whole():
    from pipeline.match.bm25 import Bm25

    relevance = Bm25({"a": ["engage", "regional", "local_resilience_forum"], "b": ["promote", "local"]})
    assert set(relevance.scores(["engagement"])) == {"a"}
    assert set(relevance.scores(["promotion"])) == {"b"}
    assert set(relevance.scores(["local"])) == {"b"}  # not a part of the concept


def test_match_response_ranked_by_its_main_topic(matcher):
    """A paragraph that keeps returning to testing is about testing, however many generic
    words it shares with a shorter action."""
    text = ("The public health team run a rapid testing service so that social care staff are tested quickly, "
            "and have produced guidance to help reduce errors when tests are administered.")
    [best, *_] = matcher.match(plan_with(("response", text, "", 1, None)), use_context=False)
    assert best.action_id.startswith("T1.TEST.")


def test_match_without_context_uses_words_only(matcher):
    plan = plan_with(("required_action", "Access to support, including clinical support", "Care home support plans", 1, 4))
    assert all(m.method != "context" for m in matcher.match(plan, use_context=False))


def test_match_abbreviations_expand_from_the_glossary(matcher):
    plan = plan_with(("response", "We distributed the ICF and submitted returns in line with grant conditions.", "", 1, None))
    assert "T1.STAFF.1" in matched(matcher.match(plan), "d-0001")


@pytest.mark.parametrize("word,lemma", [("organised", "organize"), ("Assessments", "assessment"),
                                        ("summarise", "summarize"), ("Carers", "carer")])
def test_match_norms_and_lemmas(word, lemma):
    assert build_nlp()(word)[0].lemma_ == lemma


@pytest.mark.parametrize("kwargs", [{"accept": 1.5}, {"review_floor": 0.9, "accept": 0.5}, {"max_candidates": 0},
                                    {"response_saturation": 0.0}, {"response_contrast": -1.0}])
def test_match_settings_are_validated(kwargs):
    with pytest.raises(ValueError):
        MatchSettings(**kwargs)


@pytest.mark.parametrize("text,lemma_run", [
    ("We arranged fit testing for FFP3 masks.", ["personal_protective_equipment"]),
    ("Our immunisation offer", ["vaccination"]),
    ("Food parcels were delivered to shielded residents.", ["shield", "support"]),
])
def test_match_glossary_maps_sector_terms_to_catalogue_words(matcher, text, lemma_run):
    lemmas = list(matcher.index.termer(text).lemmas)
    assert any(lemmas[i:i + len(lemma_run)] == lemma_run for i in range(len(lemmas)))


@pytest.mark.parametrize("short,long", [("LRF", "Local Resilience Forum"), ("ICF", "Infection Control Fund"),
                                        ("CHC", "NHS continuing healthcare")])
def test_match_abbreviation_and_long_form_are_one_concept(matcher, short, long):
    assert set(matcher.index.termer(short).lemmas) <= set(matcher.index.termer(long).lemmas)
    assert len(matcher.index.termer(short).lemmas) == 1


def test_match_abbreviation_with_a_qualifier_keeps_the_catalogue_term(matcher):
    """Regression: "National Capacity Tracker" / "NCT" became one concept that no longer
    matched the catalogue's "Capacity Tracker"."""
    catalogue_terms = set(matcher.index.lemma_sets["T1.STAFF.5"])
    for text in ("National Capacity Tracker", "NCT", "the capacity tracker"):
        assert set(matcher.index.termer(text).lemmas) & catalogue_terms


def test_match_near_duplicates_are_actions_repeated_in_another_theme(matcher):
    duplicates = matcher.index.near_duplicates(matcher.settings.duplicate_overlap)
    assert "T3.WFCAP.1" in duplicates["T1.STAFF.3"] and "T4.FUND.3" in duplicates["T1.STAFF.1"]
    themes = {a.action_id: a.theme_no for a in matcher.index.actions}
    assert all(themes[a] != themes[b] for a, twins in duplicates.items() for b in twins)
    assert "T1.TEST.2" not in duplicates.get("T1.STAFF.5", [])  # parallel wording, different topic


def test_match_near_duplicates_without_context_offers_both(matcher):
    text = "Continue to review contingency arrangements to help manage staffing shortages"
    matches = matcher.match(plan_with(("required_action", text, "", 1, None)))
    assert {"T1.STAFF.3", "T3.WFCAP.1"} <= {m.action_id for m in matches}


def test_match_near_duplicate_twin_ranks_after_its_original(matcher):
    stated = ("Continue to review contingency arrangements to help manage staffing shortages, within social care "
              "provision, through the winter, with the aim of reducing the need for staff movement.")
    plan = plan_with(("required_action", stated, "Managing staff movement", 1, 1),
                     ("required_action", "Distribute money from the Infection Control Fund", "Managing staff movement", 1, 1),
                     ("response", "We have reviewed our contingency arrangements to manage staffing shortages "
                                  "through the winter.", "Managing staff movement", 1, 1))
    ranked = [m for m in matcher.match(plan) if m.record_id == "d-0003" and m.status == "matched"]
    assert ranked[0].action_id == "T1.STAFF.3"
    twin = [m for m in ranked if m.action_id == "T3.WFCAP.1"]
    assert twin and twin[0].rank > ranked[0].rank and twin[0].score <= ranked[0].score


def test_match_repeat_in_another_theme_needs_the_response_to_match_it(matcher):
    row = "Distribute money from the Infection Control Fund and submit returns on how the funding has been used"
    plan = plan_with(("required_action", row, "", 1, 1),
                     ("response", "The council has distributed the Infection Control Fund to its providers.", "", 1, 1),
                     ("response", "We submit regular returns to DHSC on the spending of the Infection Control Fund "
                                  "in line with the grant conditions.", "", 1, 1))
    matches = matcher.match(plan)
    assert matched(matches, "d-0002") == ["T1.STAFF.1"]
    assert matched(matches, "d-0003") == ["T1.STAFF.1", "T4.FUND.3"]


def test_match_keeps_at_most_max_candidates_per_record(matcher):
    text = "We support care homes, providers, staff and carers with guidance, testing, PPE and funding."
    matches = matcher.match(plan_with(("response", text, "", 1, None)))
    assert 0 < len(matches) <= matcher.settings.max_candidates


OWN_WORDS = """Our winter plan

Theme 1: Preventing and controlling the spread of infection in care settings

We distributed the Infection Control Fund to every care home and submitted our returns on how the funding was used.

Staff and residents were kept safe over the summer.
"""


def test_match_response_that_clearly_leads_is_matched_without_stated_actions(plan_of, matcher):
    """The commit rule: with no stated action to lean on, a response whose best candidate
    stands clearly ahead of the rest is matched; a vague one stays in review."""
    plan = plan_of(OWN_WORDS)
    matches = matcher.match(plan)
    fund, vague = plan.records
    matched = {m.record_id: m for m in matches if m.status == "matched"}
    assert matched[fund.record_id].action_id in {"T1.STAFF.1", "T4.FUND.3"}
    assert "clearly ahead" in matched[fund.record_id].evidence or matched[fund.record_id].score >= 0.5
    assert vague.record_id not in matched


@pytest.mark.parametrize("theme_no,heading,section", [
    (2, "Hospital discharge", "Safe discharge from NHS settings and preventing avoidable admissions"),
    (None, "Hospital discharge", "Safe discharge from NHS settings and preventing avoidable admissions"),
    (3, "Unpaid carers and day services", "Support for unpaid carers"),
    (2, "Our news", None),
    (None, "Care homes", None),  # every theme talks about care homes: no one section
])
def test_match_heading_that_paraphrases_a_section_stands_for_it(matcher, theme_no, heading, section):
    from pipeline.match.context import paraphrased_section

    found = paraphrased_section(theme_no, heading, matcher.index, matcher.settings)
    assert (found[1] if found else None) == section


FLU = ("We are running a communications campaign with providers encouraging care staff to have a free flu "
       "vaccine, and pharmacies will visit care homes to vaccinate staff and residents.")
WELLBEING = "We surveyed our staff about their wellbeing and have kept the extra support put in place in the spring."


@pytest.mark.parametrize("text,section,theme_no,expected", [
    (FLU, "", None, ["T1.FLU.1", "T1.FLU.3"]),  # the leader reaches accept: the topic is settled
    (WELLBEING, "Supporting the wellbeing of the workforce", 3, ["T3.WELL.1", "T3.WELL.3"]),  # the heading settles it
    (WELLBEING, "", None, ["T3.WELL.1"]),  # a leader committed on its words alone takes no sibling
])
def test_match_close_sibling_is_matched_when_the_topic_is_settled(matcher, text, section, theme_no, expected):
    matches = matcher.match(plan_with(("response", text, section, 1, theme_no)))
    assert matched(matches, "d-0001") == expected
    sibling = [m for m in matches if m.action_id == expected[-1]][0]
    assert len(expected) == 1 or "close to" in sibling.evidence


@pytest.mark.parametrize("text,action_id", [
    ("Providers have been helped to complete the capacity tracker every week.", "T3.WFCAP.4"),
    ("Our staff wellbeing offers are promoted to all staff, who are given time to access support; the wellbeing "
     "support services we put in place in the first wave continue.", "T3.WELL.1"),
])
def test_match_response_repeating_a_run_of_an_actions_wording_addresses_it(matcher, text, action_id):
    matches = matcher.match(plan_with(("response", text, "", 1, None)))
    assert action_id in matched(matches, "d-0001")
