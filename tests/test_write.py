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
