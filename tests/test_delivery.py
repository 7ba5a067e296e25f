"""What a response says of delivery: its status cues, its facts and their normalisation."""

from __future__ import annotations

import pytest

from pipeline.delivery import describe_plan, text_facts, text_status
from pipeline.models import Plan, Record


@pytest.mark.parametrize("text,status", [
    ("The council has distributed the fund to every provider.", "done"),
    ("Joint protocols have been developed with public health.", "done"),
    ("A single point of contact was introduced in June.", "done"),
    ("Escalation arrangements are in place for every home.", "done"),
    ("We have a dedicated quality team.", "done"),
    ("Over 1200 individual reviews are being undertaken.", "in_progress"),
    ("Work is underway to recruit more assessors.", "in_progress"),
    ("We are exploring a shared rota with the NHS trust.", "in_progress"),
    ("A programme of visits has commenced.", "in_progress"),
    ("We will continue to circulate guidance to providers.", "ongoing"),
    ("Providers receive regular bulletins.", "ongoing"),
    ("The team meets weekly with commissioners.", "ongoing"),
    ("We routinely check stock levels.", "ongoing"),
    ("We will complete all deferred assessments by March 2021.", "planned"),
    ("The council intends to open a second hub.", "planned"),
    ("There is an intention to extend the scheme.", "planned"),
    ("Ensure that social workers use the online directory.", "planned"),
    ("Further details are on the council's website.", "none"),
])
def test_delivery_status_cue(text, status):
    assert text_status(text).status.split(";")[0] == status


def test_delivery_status_lists_every_status_heaviest_first_with_its_evidence():
    found = text_status("We have set up a hub. It has been staffed since May. We will open a second one.")
    assert found.status == "done;planned"
    assert "have set" in found.evidence and "will open" in found.evidence


def test_delivery_will_continue_is_ongoing_not_planned():
    assert text_status("We will also continue to support care homes.").status == "ongoing"


@pytest.mark.parametrize("text,kind,span,value,qualifier", [
    ("The council has distributed over £6m ICF since May.", "money", "£6m", "6000000", "over"),
    ("A further £5.3m was received.", "money", "£5.3m", "5300000", ""),
    ("We paid £250k to providers.", "money", "£250k", "250000", ""),
    ("Grants of £50,000 were made.", "money", "£50,000", "50000", ""),
    ("Over 1200 individual reviews are being undertaken.", "count", "1200", "1200", "over"),
    ("We have two Champions for the tracker.", "count", "two", "2", ""),
    ("At least 48 editions were sent.", "count", "48", "48", "at least"),
    ("91% of providers update it.", "percent", "91%", "91", ""),
    ("Take-up reached 75 per cent.", "percent", "75 per cent", "75", ""),
    ("Homes must be free of infection for 28 days.", "duration", "28 days", "P28D", ""),
    ("Tests are turned round within 48 hours.", "duration", "48 hours", "PT48H", ""),
    ("Cover lasts up to six weeks.", "duration", "six weeks", "P6W", "up to"),
    ("Providers submit stock levels weekly.", "frequency", "weekly", "weekly", ""),
    ("The board meets every month.", "frequency", "every month", "monthly", ""),
    ("Calls are made fortnightly.", "frequency", "fortnightly", "fortnightly", ""),
    ("Restrictions have applied since 4.7.2020.", "date", "4.7.2020", "2020-07-04", "since"),
    ("Complete all assessments by March 2021.", "date", "March 2021", "2021-03", "by"),
    ("The hub opened on 31st October.", "date", "31st October", "2020-10-31", ""),
    ("Funding runs until January.", "date", "January", "2021-01", "until"),
    ("Bulletins have gone out since March.", "date", "March", "2020-03", "since"),
])
def test_delivery_fact_kind_and_value(text, kind, span, value, qualifier):
    facts = [(f.kind, f.span, f.value, f.qualifier) for f in text_facts(text, 2020)]
    assert (kind, span, value, qualifier) in facts


def test_delivery_range_month_takes_the_year_written_after_it():
    facts = [(f.span, f.value, f.qualifier) for f in text_facts("cases from March-September 2020 were reviewed", 2020)]
    assert facts == [("March", "2020-03", "since"), ("September 2020", "2020-09", "until")]


@pytest.mark.parametrize("plan_year,month,expected", [(2020, "May", "2020-05"), (2020, "February", "2021-02"),
                                                      (2021, "May", "2021-05"), (2021, "February", "2022-02")])
def test_delivery_year_left_out_comes_from_the_plan_year(plan_year, month, expected):
    assert [f.value for f in text_facts(f"The review ends in {month}.", plan_year)] == [expected]


@pytest.mark.parametrize("text", [
    "Theme 2 sets out the workforce actions.",
    "See Appendix A for the tracker.",
    "1. Continue to implement guidance.",
    "ICF2 allocations follow the guidance.",
    "Pillar 1 testing is available to staff.",
    "Tier 2 restrictions apply.",
    "Covid-19 guidance for visitors.",
    "NHS 111 has a direct line.",
    "The Winter Plan 2020/21 was published in 2020.",
    "We may review this later.",
    "The meeting starts at 8:30 each morning.",
])
def test_delivery_names_numbers_and_years_are_not_facts(text):
    assert [f for f in text_facts(text, 2020) if f.kind in ("count", "date", "money", "percent")] == []


def test_delivery_required_actions_get_no_status_and_no_facts():
    def record(seq, kind, text):
        return Record(f"d-{seq:04d}", "d", "C", seq, 1, "t", "s", kind, "g", "", text, None)

    plan = describe_plan(Plan("d", "C", "", (record(1, "required_action", "Councils will by 31 March 2021 do X."),
                                            record(2, "response", "We have done X for 3 homes."))), 2020)
    assert [(r.status, r.status_evidence != "") for r in plan.records] == [("none", False), ("done", True)]
    assert [(f.record_id, f.fact_no, f.kind, f.value) for f in plan.facts] == [("d-0002", 1, "count", "3")]


def test_delivery_best_status_is_the_most_advanced_of_the_addressing_responses(batch):
    import pandas as pd

    from pipeline.cli import main
    from pipeline.models import DELIVERY

    assert main(["extract"]) == 0
    out = batch / "output"
    records = pd.read_parquet(out / "records.parquet").set_index("record_id")
    matches = pd.read_parquet(out / "matches.parquet")
    coverage = pd.read_parquet(out / "coverage.parquet")
    facts = pd.read_parquet(out / "facts.parquet")
    assert set(facts["record_id"]) <= set(records.index[records["kind"] == "response"])
    assert (records.loc[records["kind"] == "required_action", "status"] == "none").all()
    matched = matches[(matches["status"] == "matched")].merge(records[records["kind"] == "response"],
                                                               left_on="record_id", right_index=True)
    for row in coverage[coverage["addressed"]].itertuples():
        reported = {s for value in matched.loc[(matched["doc_id"] == row.doc_id) & (matched["action_id"] == row.action_id),
                                               "status_y"] for s in value.split(";")}
        expected = next((s for s in DELIVERY if s in reported), None)
        assert (row.best_status if isinstance(row.best_status, str) else None) == expected
    assert coverage.loc[coverage["addressed"], "best_status"].notna().mean() > 0.9
