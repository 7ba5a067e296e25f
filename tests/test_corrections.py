"""Analyst corrections: accept, reject, add; keyed by record id; stale ones warned about."""

import shutil

import pandas as pd
import pytest

from conftest import SAMPLES
from pipeline.cli import main
from pipeline.corrections import Correction, apply_corrections, load_corrections
from pipeline.errors import PlanError
from pipeline.models import Match, Record


def _record(text="We pay providers weekly."):
    return Record("d-0001", "d", "", 1, 1, "", "", "response", "d-g001", "", text, None)


def _matches():
    return [Match("d-0001", "T1.IPC.1", 1, 0.7, "matched", "phrase", "x"),
            Match("d-0001", "T1.IPC.2", 2, 0.3, "review", "phrase", "y")]


@pytest.mark.parametrize("decision,action,expected", [
    ("reject", "T1.IPC.1", [("T1.IPC.2", "review", "phrase")]),
    ("accept", "T1.IPC.2", [("T1.IPC.1", "matched", "phrase"), ("T1.IPC.2", "matched", "override")]),
    ("add", "T4.CQC.1", [("T4.CQC.1", "matched", "override"), ("T1.IPC.1", "matched", "phrase"),
                         ("T1.IPC.2", "review", "phrase")]),
])
def test_corrections_decisions(decision, action, expected):
    corrected, warnings, _ = apply_corrections(_matches(), [_record()], [Correction("d-0001", action, decision)])
    assert [(m.action_id, m.status, m.method) for m in corrected] == expected
    assert [m.rank for m in corrected] == list(range(1, len(corrected) + 1))
    assert warnings == []


def test_corrections_stale_text_is_not_applied():
    correction = Correction("d-0001", "T4.CQC.1", "add", text="Some older wording.")
    corrected, warnings, _ = apply_corrections(_matches(), [_record()], [correction])
    assert corrected == _matches() and "[W003]" in warnings[0]


def test_corrections_file_without_its_columns_is_an_error(tmp_path, catalogue):
    path = tmp_path / "corrections.csv"
    path.write_text("record,action\nd-0001,T1.IPC.1\n", encoding="utf-8")
    with pytest.raises(PlanError, match="E106"):
        load_corrections(path, catalogue.by_id)


@pytest.mark.parametrize("row,reason", [
    ("d-0001,T9.NOPE.1,add", "the catalogue has no action 'T9.NOPE.1'"),
    ("d-0001,T1.IPC.1,maybe", "decision must be accept, reject, add"),
    (",T1.IPC.1,add", "no record_id"),
])
def test_corrections_unusable_row_is_a_warning_naming_it(tmp_path, catalogue, row, reason):
    path = tmp_path / "corrections.csv"
    path.write_text(f"record_id,action_id,decision\nd-0001,T1.IPC.1,accept\n{row}\nd-0002,T1.IPC.2,\n",
                    encoding="utf-8")
    corrections, ignored = load_corrections(path, catalogue.by_id)
    assert [c.record_id for c in corrections] == ["d-0001"]  # the empty decision is skipped quietly
    assert len(ignored) == 1 and f"[W010] line 3 ignored: {reason}" in ignored[0]


def test_corrections_survive_a_rerun_of_the_cli(tmp_path, monkeypatch):
    (tmp_path / "raw").mkdir()
    shutil.copy(SAMPLES["county"], tmp_path / "raw" / SAMPLES["county"].name)
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 0
    records = pd.read_csv("output/records.csv")
    target = records[records["kind"] == "response"].iloc[0]
    (tmp_path / "corrections.csv").write_text(
        f"record_id,action_id,decision,note\n{target.record_id},T4.CQC.1,add,seen in the annex\n", encoding="utf-8")
    for _ in range(2):
        assert main(["extract"]) == 0
        matches = pd.read_csv("output/matches.csv")
        row = matches[(matches.record_id == target.record_id) & (matches.action_id == "T4.CQC.1")]
        assert list(row["method"]) == ["override"] and list(row["status"]) == ["matched"]
        assert "seen in the annex" in row["evidence"].iloc[0]
