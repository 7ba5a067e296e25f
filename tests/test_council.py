"""What analysts count and trust: the council as the unit, warnings and provenance kept
with the data, the review loop, the workbook. A batch of the two samples, a second
document for one council (an annex) and a web page with no plan inside."""

import csv
import json
import re
import zipfile

import duckdb
import pandas as pd
import pytest

from conftest import SAMPLES
from pipeline.cli import main

NO_PLAN = ("<!DOCTYPE html><html><head><title>Libraries</title></head><body><main><h1>Library opening hours</h1>"
           "<p>Open nine to five.</p></main></body></html>")


@pytest.fixture
def analysts(batch):
    """The samples, an annex of the county's plan (its first three themes), a page without a plan."""
    county = SAMPLES["county"].read_text(encoding="utf-8").split("\n")
    annex = "\n".join(line for line in county if not line.startswith("<b>Theme 4"))
    (batch / "raw" / "county_annex.txt").write_text(annex[: len(annex) * 2 // 3], encoding="utf-8")
    (batch / "raw" / "libraries.html").write_text(NO_PLAN, encoding="utf-8")
    (batch / "raw" / "sources.csv").write_text(
        "file,council,url,published,council_code,role\n"
        "county_annex.txt,Leicestershire County Council,https://example.org/annex.pdf,2020-10-30,E10000018,annex\n",
        encoding="utf-8")
    return batch


def output(folder, table):
    return pd.read_parquet(folder / "output" / f"{table}.parquet")


def test_council_coverage_has_one_row_per_council_and_action(analysts):
    assert main(["extract"]) == 0
    council = output(analysts, "council_coverage")
    assert sorted(council["council"].unique()) == ["Leicester City Council", "Leicestershire County Council"]
    assert council.groupby("council").size().tolist() == [72, 72]
    county = council[council["council"] == "Leicestershire County Council"]
    assert (county["n_documents"] == 2).all()
    per_document = output(analysts, "coverage")
    by_doc = per_document[per_document["council"] == "Leicestershire County Council"].groupby("action_id")["addressed"].any()
    assert county.set_index("action_id")["addressed"].equals(by_doc.reindex(county["action_id"]).rename("addressed"))


def test_council_with_two_documents_is_warned_on_both(analysts, capsys):
    assert main(["extract"]) == 0
    assert capsys.readouterr().err.count("Leicestershire County Council: [W009] 2 documents") == 1
    documents = output(analysts, "documents").set_index("source_file")
    for name in ("raw/county_annex.txt", f"raw/{SAMPLES['county'].name}"):
        assert "[W009]" in documents.loc[name, "warnings"]
    assert documents.loc["raw/county_annex.txt", ["url", "published", "council_code", "role"]].tolist() == [
        "https://example.org/annex.pdf", "2020-10-30", "E10000018", "annex"]


def test_council_document_without_a_plan_is_listed_not_counted(analysts):
    assert main(["extract"]) == 0
    documents = output(analysts, "documents").set_index("source_file")
    page = documents.loc["raw/libraries.html"]
    assert not page["plan_found"] and page["warnings"].startswith("[W001]")
    assert page["doc_id"] not in set(output(analysts, "coverage")["doc_id"])
    with duckdb.connect(str(analysts / "output" / "plans.duckdb"), read_only=True) as db:
        assert db.execute("SELECT DISTINCT n_councils FROM action_coverage").fetchall() == [(2,)]
        columns = [c[0] for c in db.execute("SELECT * FROM coverage_matrix").description]
    assert columns == ["action_id", "Leicester City Council", "Leicestershire County Council"]
    report = (analysts / "output" / "report.html").read_text(encoding="utf-8")
    assert "no plan found in this document" in report and report.count('<details class="council"') == 2


def test_council_run_record_names_what_produced_the_tables(analysts):
    import hashlib

    from pipeline.catalogue import default_catalogue_path

    assert main(["extract"]) == 0
    run = json.loads((analysts / "output" / "run.json").read_text(encoding="utf-8"))
    assert run["catalogue"]["sha256"] == hashlib.sha256(default_catalogue_path().read_bytes()).hexdigest()
    assert run["pipeline"]["version"] and run["settings"]["limits"]["seconds"] > 0
    inputs = {item["source_file"]: item for item in run["inputs"]}
    raw_county = analysts / "raw" / SAMPLES["county"].name
    assert inputs[f"raw/{SAMPLES['county'].name}"]["sha256"] == hashlib.sha256(raw_county.read_bytes()).hexdigest()
    assert run["counts"]["councils"] == 2 and run["counts"]["plans_found"] == 3
    assert any("[W001]" in line for line in run["warnings"])
    package = json.loads((analysts / "output" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == run["pipeline"]["version"] and package["sources"][0]["path"] == "run.json"
    assert "council_coverage" in {resource["name"] for resource in package["resources"]}


def test_council_review_file_is_filled_in_and_read_back(analysts, capsys):
    assert main(["extract", "--review", "review.csv"]) == 0
    with open(analysts / "review.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["decision"] == "" and row["text"] and row["action_id"] for row in rows)
    assert any(row["note"].startswith("best candidate for ") for row in rows)
    assert any("review candidate" in row["note"] for row in rows)
    rows[0]["decision"] = "accept"
    stale = {**rows[1], "record_id": "000000000000-0001", "decision": "reject"}
    with open(analysts / "corrections.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([rows[0], stale, *rows[2:]])
    capsys.readouterr()
    assert main(["extract"]) == 0
    captured = capsys.readouterr()
    assert "000000000000-0001: [W007]" in captured.err
    assert "corrections: 1 applied, 0 stale, 1 ignored" in captured.out
    matches = output(analysts, "matches")
    accepted = matches[(matches["record_id"] == rows[0]["record_id"]) & (matches["action_id"] == rows[0]["action_id"])]
    assert accepted["status"].tolist() == ["matched"]
    assert main(["extract", "--no-corrections"]) == 0
    assert "corrections:" not in capsys.readouterr().out


def test_council_workbook_opens_on_its_coverage_sheet_with_typed_cells(analysts):
    assert main(["extract"]) == 0
    with zipfile.ZipFile(analysts / "output" / "winter_plans.xlsx") as book:
        names = re.findall(r'<sheet name="([^"]+)"', book.read("xl/workbook.xml").decode())
        sheets = [book.read(name).decode() for name in book.namelist() if name.startswith("xl/worksheets/sheet")]
        shared = "xl/sharedStrings.xml"  # written a row at a time, the sheets hold their strings inline
        strings = "".join(sheets) + (book.read(shared).decode() if shared in book.namelist() else "")
    assert names[0] == "Coverage" and {"documents", "records", "council_coverage", "coverage_by_document"} <= set(names)
    assert "addressed" in strings and "Leicestershire County Council" in strings
    assert "done" in strings  # a coverage cell names what the best response reports
    assert not any("<f>" in sheet for sheet in sheets)  # no cell is a formula
    assert all("<pane" in sheet and "autoFilter" in sheet for sheet in sheets)
