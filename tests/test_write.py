"""Tables: schema validation, atomic writes, documentation of every column."""

import re

import pytest

from conftest import ROOT
from pipeline.errors import PlanError
from pipeline.write import TABLES, validate_table, write_tables


def test_write_every_output_column_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table, columns in TABLES.items():
        section = readme.split(f"### `{table}`", 1)[1].split("###", 1)[0]
        documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, re.MULTILINE))
        assert documented == {c.name for c in columns}, table


def _action_row(**changes):
    row = {"action_id": "T1.X.1", "theme_no": 1, "theme": "t", "section": "s", "seq": 1, "text": "x"}
    row.update(changes)
    return row


@pytest.mark.parametrize("changes,words", [
    ({"theme_no": "1"}, "column theme_no, row 1"), ({"text": None}, "column text, row 1"),
])
def test_write_validation_names_table_column_and_row(changes, words):
    with pytest.raises(PlanError) as error:
        validate_table("actions", [_action_row(**changes)])
    assert "[E105]" in str(error.value) and "actions" in str(error.value) and words in str(error.value)


def test_write_enum_values_are_checked():
    row = {"record_id": "r", "action_id": "a", "rank": 1, "score": 0.5, "status": "maybe",
           "method": "phrase", "evidence": ""}
    with pytest.raises(PlanError, match="status"):
        validate_table("matches", [row])


def test_write_invalid_table_leaves_previous_outputs_untouched(tmp_path):
    write_tables({"actions": [_action_row()]}, tmp_path)
    before = (tmp_path / "actions.csv").read_bytes()
    with pytest.raises(PlanError):
        write_tables({"actions": [_action_row(text="new")], "matches": [{"bad": 1}]}, tmp_path)
    assert (tmp_path / "actions.csv").read_bytes() == before
    assert not list(tmp_path.glob(".writing-*"))


def test_write_readme_table_dictionary_is_generated_from_the_schema():
    from pipeline.write.docs import tables_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("-->\n", readme.index("<!-- tables:start")) + 4
    assert readme[start:readme.index("<!-- tables:end -->")] == tables_markdown() + "\n"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+44 1234", "- 48 editions", "@SUM(A1)", "£6m – ICF"])
def test_write_csv_holds_the_parquet_values_as_written(tmp_path, text):
    import pandas as pd

    write_tables({"actions": [_action_row(text=text)]}, tmp_path)
    assert pd.read_parquet(tmp_path / "actions.parquet")["text"][0] == text
    assert pd.read_csv(tmp_path / "actions.csv")["text"][0] == text
    assert (tmp_path / "actions.csv").read_bytes()[:3] != b"\xef\xbb\xbf"


def test_write_duplicate_primary_key_is_refused():
    with pytest.raises(PlanError, match="duplicate key"):
        validate_table("actions", [_action_row(), _action_row()])


def test_write_foreign_keys_are_checked():
    from pipeline.write.validate import validate_references

    match = {"record_id": "r-0001", "action_id": "T9.NONE.1", "rank": 1, "score": 0.5, "status": "matched",
             "method": "phrase", "evidence": None}
    with pytest.raises(PlanError, match="T9.NONE.1"):
        validate_references({"matches": [match], "actions": [_action_row()]})


def test_write_score_range_is_checked():
    row = {"record_id": "r", "action_id": "a", "rank": 1, "score": 1.5, "status": "matched",
           "method": "phrase", "evidence": ""}
    with pytest.raises(PlanError, match="maximum"):
        validate_table("matches", [row])


@pytest.mark.parametrize("builder", ["write_workbook", "_write_database"])  # a file of ours, a library's own
def test_write_file_failing_in_its_worker_leaves_previous_outputs_untouched(batch, capsys, monkeypatch, builder):
    from pipeline.cli import main

    assert main(["extract"]) == 0
    before = {p.name: p.read_bytes() for p in (batch / "output").iterdir()}

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"pipeline.write.files.{builder}", broken)
    capsys.readouterr()
    assert main(["extract", "--force"]) == 2
    err = capsys.readouterr().err
    assert "[E105]" in err and "No space left on device" in err and "Traceback" not in err
    assert before == {p.name: p.read_bytes() for p in (batch / "output").iterdir()}
    assert not list(batch.glob(".output.staging-*"))


def test_write_streamed_table_error_names_its_row_in_the_table(tmp_path):
    from pipeline.write.files import OutputSet

    row = {"record_id": "a-0001", "action_id": "T1.X.1", "rank": 1, "score": 0.5, "status": "matched",
           "method": "bm25", "evidence": "e"}
    with OutputSet(tmp_path / "out") as output:
        output.add("matches", [row, {**row, "action_id": "T1.X.2"}])
        with pytest.raises(PlanError) as error:
            output.add("matches", [{**row, "record_id": "b-0001", "score": 2.0}])
    assert "column score, row 3" in str(error.value)
    assert not (tmp_path / "out" / "matches.csv").exists()
