"""The command line end to end: tables, exit codes, bad input, manifest, cache."""

import json
import os
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import ROOT, SAMPLES
from pipeline.cli import main
from pipeline.write import TABLES


def run(*args):
    return main(["extract", *args])


def test_cli_writes_five_tables_matching_the_contract(batch):
    assert run() == 0
    for table, columns in TABLES.items():
        csv_frame = pd.read_csv(batch / "output" / f"{table}.csv", keep_default_na=False, dtype=str)
        parquet = pq.read_table(batch / "output" / f"{table}.parquet")
        assert list(csv_frame.columns) == [c.name for c in columns] == parquet.column_names
        assert len(csv_frame) == parquet.num_rows > 0
    coverage = pd.read_parquet(batch / "output" / "coverage.parquet")
    assert len(coverage) == 2 * 72 and coverage["addressed"].dtype == bool
    documents = pd.read_parquet(batch / "output" / "documents.parquet")
    assert set(documents["source_file"]) == {f"raw/{p.name}" for p in SAMPLES.values()}


def test_cli_reruns_give_identical_tables(batch):
    run()
    first = {p.name: p.read_bytes() for p in (batch / "output").glob("*.csv")}
    firstp = {p.name: pq.read_table(p) for p in (batch / "output").glob("*.parquet")}
    assert run("--force") == 0
    assert first == {p.name: p.read_bytes() for p in (batch / "output").glob("*.csv")}
    assert all(pq.read_table(batch / "output" / name).equals(t) for name, t in firstp.items())


def test_cli_second_run_reads_the_cache(batch, capsys):
    run()
    capsys.readouterr()
    run("--out", "again")  # another output folder: the tables are made again, from the cache
    assert "0 parsed, 2 from cache" in capsys.readouterr().out


def test_cli_unchanged_plans_are_not_matched_again(batch, capsys, monkeypatch):
    run()
    first = (batch / "output" / "matches.csv").read_bytes()

    def no_matching(*args, **kwargs):
        raise AssertionError("a plan with cached matches was matched again")

    monkeypatch.setattr("pipeline.match.Matcher.__init__", no_matching)
    (batch / "output" / "report.html").unlink()  # so that this run writes its outputs
    assert run() == 0
    assert (batch / "output" / "matches.csv").read_bytes() == first
    assert "spacy" not in subprocess.run([sys.executable, "-c", "import sys, pipeline.cli, pipeline.extract; "
                                          "print(*sys.modules)"], capture_output=True, text=True, cwd=ROOT).stdout.split()


@pytest.mark.parametrize("damage", ['{"matches": [{"record_id": "nobody"}]}', "not json", '{"matches": 3}'])
def test_cli_damaged_match_cache_is_matched_afresh(batch, capsys, damage):
    run()
    first = (batch / "output" / "matches.csv").read_bytes()
    for entry in (batch / "interim").glob("*.matches.json"):
        entry.write_text(damage)
    capsys.readouterr()
    assert run("--out", "again") == 0
    assert "[W008]" in capsys.readouterr().err
    assert (batch / "again" / "matches.csv").read_bytes() == first


def test_cli_unchanged_outputs_are_left_as_they_were(batch, capsys):
    run()
    stamps = {p.name: p.stat().st_mtime_ns for p in (batch / "output").iterdir()}
    capsys.readouterr()
    assert run() == 0
    assert "outputs unchanged" in capsys.readouterr().out
    assert stamps == {p.name: p.stat().st_mtime_ns for p in (batch / "output").iterdir()}
    (batch / "output" / "coverage.csv").unlink()
    assert run() == 0
    assert "outputs unchanged" not in capsys.readouterr().out and (batch / "output" / "coverage.csv").exists()
    (batch / "raw" / "leicester_city_council.txt").write_text("A plan that has changed.\n")
    assert run() == 0
    assert "outputs unchanged" not in capsys.readouterr().out


def test_cli_unchanged_run_reads_no_document(batch, capsys, monkeypatch):
    (batch / "raw" / "empty.txt").write_bytes(b"")
    assert run() == 1
    first = capsys.readouterr()

    def no_reading(*args, **kwargs):
        raise AssertionError("a document was read")

    monkeypatch.setattr(sys.modules["pipeline.extract"], "parse_file", no_reading)
    assert run() == 1  # the same failed document, the same exit status
    again = capsys.readouterr()
    assert "outputs unchanged" in again.out and "raw/empty.txt: [E002]" in again.err
    assert [line for line in again.out.splitlines() if "[" in line and "]:" in line] == \
        [line for line in first.out.splitlines() if "[" in line and "]:" in line]  # the same summary per plan


def test_cli_changed_settings_or_force_read_again(batch, capsys):
    run()
    for change in (["--limit", "seconds=900"], ["--force"], ["--review", "review.csv"]):
        capsys.readouterr()
        assert run(*change) == 0
        out = capsys.readouterr().out
        assert "outputs unchanged" not in out and "2 documents" in out, change


def test_cli_changed_manifest_warnings_read_again(batch, capsys):
    run()
    capsys.readouterr()
    (batch / "raw" / "sources.csv").write_text("file,council\nmissing.txt,Nowhere Council\n", encoding="utf-8")
    run()
    captured = capsys.readouterr()
    assert "[W005]" in captured.err and "outputs unchanged" not in captured.out
    run()
    captured = capsys.readouterr()
    assert "[W005]" in captured.err and "outputs unchanged" in captured.out  # said again by a run with nothing to do


@pytest.mark.parametrize("damage", [
    lambda run_json: {**run_json, "warnings": [1]},
    lambda run_json: {**run_json, "inputs": run_json["inputs"][:1]},
    lambda run_json: [run_json],
])
def test_cli_run_record_not_as_written_is_not_trusted(batch, capsys, damage):
    run()
    record = batch / "output" / "run.json"
    changed = damage(json.loads(record.read_text(encoding="utf-8")))
    record.write_text(json.dumps(changed), encoding="utf-8")
    capsys.readouterr()
    assert run() == 0
    out = capsys.readouterr().out
    assert "outputs unchanged" not in out and "2 documents" in out
    assert json.loads(record.read_text(encoding="utf-8"))["counts"]["documents"] == 2


def test_cli_files_of_a_set_are_readable_as_ordinary_files(batch):
    run()
    run("--force")  # the heatmaps are taken from the previous set: copied, not drawn
    umask = os.umask(0)
    os.umask(umask)
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in (batch / "output").iterdir()} == \
        {p.name: oct(0o666 & ~umask) for p in (batch / "output").iterdir()}


def test_cli_document_limits_do_not_bound_the_output_files(batch, capsys):
    assert run("--limit", "memory_mb=200", "--limit", "seconds=60") == 0
    assert (batch / "output" / "plans.duckdb").exists() and (batch / "output" / "winter_plans.xlsx").exists()


def test_cli_bad_file_is_reported_and_the_batch_goes_on(batch, capsys):
    (batch / "raw" / "empty.txt").write_bytes(b"")
    (batch / "raw" / "blob.bin").write_bytes(b"\x00\x01\x02binary\x00")
    assert run() == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("raw/empty.txt: [E002]") for line in err)
    assert any(line.startswith("raw/blob.bin: [E003]") for line in err)
    assert not any("Traceback" in line for line in err)
    documents = pd.read_csv(batch / "output" / "documents.csv", keep_default_na=False)
    assert sorted(documents["status"]) == ["error", "error", "ok", "ok"]
    assert pd.read_csv(batch / "output" / "records.csv")["doc_id"].nunique() == 2


def test_cli_usage_errors_exit_2(batch, capsys):
    assert run("no/such/folder") == 2
    assert "[E103]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        run("--jobs", "0")
    assert exit_info.value.code == 2


def test_cli_manifest_overrides_council(batch):
    name = SAMPLES["county"].name
    (batch / "raw" / "sources.csv").write_text(f"file,council\n{name},Test Shire Council\n", encoding="utf-8")
    assert run() == 0
    documents = pd.read_csv(batch / "output" / "documents.csv")
    assert "Test Shire Council" in set(documents["council"])
    records = pd.read_csv(batch / "output" / "records.csv")
    assert "Test Shire Council" in set(records["council"])


def test_cli_parallel_jobs_give_the_same_tables(batch):
    run()
    first = {p.name: p.read_bytes() for p in (batch / "output").glob("*.csv")}
    assert run("--jobs", "2", "--force") == 0
    assert {p.name: p.read_bytes() for p in (batch / "output").glob("*.csv")} == first


def test_cli_runs_as_a_module(batch):
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--out", "out2"],
                          capture_output=True, text=True, cwd=batch, env={"PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert "actions addressed" in done.stdout


def test_cli_new_catalogue_rematches_without_reparsing(batch, capsys):
    run()
    catalogue = (ROOT / "pipeline" / "data" / "required_actions_2020_21.csv").read_text(encoding="utf-8")
    (batch / "next_year.csv").write_text(catalogue.replace("Direct providers to local vaccination venues",
                                                           "Direct providers to local vaccination centres"),
                                         encoding="utf-8")
    capsys.readouterr()
    assert run("--catalogue", "next_year.csv") == 0
    assert "0 parsed, 2 from cache" in capsys.readouterr().out
    actions = pd.read_csv(batch / "output" / "actions.csv")
    assert "Direct providers to local vaccination centres" in set(actions["text"])


def test_cli_datapackage_describes_exactly_the_written_columns(batch):
    import json

    run()
    package = json.loads((batch / "output" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        written = pd.read_csv(batch / "output" / resource["path"], nrows=0).columns.tolist()
        described = [f["name"] for f in resource["schema"]["fields"]]
        assert written == described
        assert all(f["description"] and f["type"] for f in resource["schema"]["fields"])
        assert resource["schema"]["primaryKey"]
    assert "winter_plans.xlsx" in package["description"]


def test_cli_duckdb_file_answers_queries_at_once(batch):
    import duckdb

    run()
    with duckdb.connect(str(batch / "output" / "plans.duckdb"), read_only=True) as db:
        tables = {name for (name,) in db.execute("SHOW TABLES").fetchall()}
        assert set(TABLES) | {"coverage_matrix", "least_addressed", "action_coverage", "matched_records"} <= tables
        matrix = db.execute("SELECT * FROM coverage_matrix").fetchdf()
        assert len(matrix) == 72 and {"Leicester City Council", "Leicestershire County Council"} <= set(matrix.columns)
        assert matrix["action_id"].iloc[0] == "T1.IPC.1"  # catalogue order
        least = db.execute("SELECT n_councils_addressed FROM least_addressed").fetchall()
        assert [n for (n,) in least] == sorted(n for (n,) in least)
        counts = db.execute("SELECT count(*) FROM records").fetchone()[0]
        assert counts == len(pd.read_parquet(batch / "output" / "records.parquet"))


def test_cli_progress_is_plain_lines_when_not_a_terminal(batch, capsys):
    run()
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err if line.startswith("[")] == [
        f"[1/2] raw/{SAMPLES['city'].name}", f"[2/2] raw/{SAMPLES['county'].name}"]
    assert not any("\r" in line for line in err)


def test_cli_progress_on_a_terminal_is_a_bar_with_time_left_and_warnings_above_it():
    import io

    from pipeline.models import Outcome
    from pipeline.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    progress = Progress(screen)
    progress(1, 3, Outcome("raw/a.pdf", "pdf", "0" * 64, 2, None), True)
    progress.log("raw/b.html: [W001] no plan records found.")
    progress(3, 3, Outcome("raw/c.txt", "text", "1" * 64, None, None), False)
    shown = screen.getvalue()
    assert "documents [" in shown and "<" in shown and "raw/c.txt (unchanged, from cache)" in shown
    assert "\nraw/b.html: [W001] no plan records found.\n" in shown.replace("\r", "\n")
    assert shown.endswith("\n")  # the bar is closed on its own line


def test_cli_second_run_says_nothing_was_parsed(batch, capsys):
    run()
    capsys.readouterr()
    run("--out", "again")
    assert "nothing parsed" in capsys.readouterr().out


def test_cli_same_file_named_twice_is_read_once(batch):
    name = f"raw/{SAMPLES['city'].name}"
    assert run("raw", name, f"raw/../{name}") == 0
    assert len(pd.read_csv(batch / "output" / "documents.csv")) == 2


def test_cli_duplicate_content_is_an_error_row_and_views_are_not_doubled(batch, capsys):
    import duckdb

    (batch / "raw" / "copy.txt").write_bytes(SAMPLES["city"].read_bytes())
    assert run() == 1
    assert "[E010]" in capsys.readouterr().err
    with duckdb.connect(str(batch / "output" / "plans.duckdb"), read_only=True) as db:
        matched = db.execute("SELECT count(*) FROM matches JOIN records USING (record_id) "
                             "WHERE matches.status = 'matched' AND kind = 'response'").fetchone()[0]
        assert db.execute("SELECT count(*) FROM matched_records").fetchone()[0] == matched
        assert db.execute("SELECT max(n_councils) FROM action_coverage").fetchone()[0] == 2


def test_cli_unwritable_interim_is_one_warning_and_the_run_goes_on(batch, capsys):
    (batch / "not_a_folder").write_text("x")
    assert run("--interim", "not_a_folder") == 0
    err = capsys.readouterr().err
    assert err.count("[W004]") == 1 and "[E099]" not in err


def test_cli_manifest_in_an_input_folder_reaches_plans_in_subfolders_and_reports_strays(batch, capsys):
    sub = batch / "raw" / "county"
    sub.mkdir()
    (batch / "raw" / SAMPLES["county"].name).rename(sub / "plan.txt")
    (batch / "raw" / "sources.csv").write_text("file,council\ncounty/plan.txt,Test Shire Council\n"
                                               "county/missing.txt,Nowhere Council\n", encoding="utf-8")
    assert run() == 0
    assert "Test Shire Council" in set(pd.read_csv(batch / "output" / "documents.csv")["council"])
    assert "[W005]" in capsys.readouterr().err


def test_cli_bad_manifest_and_bad_catalogue_are_usage_errors(batch, capsys):
    (batch / "raw" / "sources.csv").write_text("name,who\nx,y\n", encoding="utf-8")
    assert run() == 2
    assert "[E101]" in capsys.readouterr().err
    (batch / "raw" / "sources.csv").unlink()
    for content in ("action_id,theme_no\nT1,1\n", "action_id,theme_no,theme,section,seq,text\n,1,t,s,1,x\n",
                    "action_id,theme_no,theme,section,seq,text\nT1,1,t,s\n"):
        (batch / "bad.csv").write_text(content, encoding="utf-8")
        assert run("--catalogue", "bad.csv") == 2
        assert "[E102]" in capsys.readouterr().err
    (batch / "bad.csv").write_bytes("action_id,theme_no,theme,section,seq,text\nT1.A.1,1,Care – ok,s,1,Do it\n"
                                    .encode("cp1252"))
    assert run("--catalogue", "bad.csv") == 0


def test_cli_unnamed_council_is_warned(batch, capsys):
    (batch / "raw" / "anon.txt").write_text("Theme 1: Infection\n\nActions:\n\n1. Report shortages.\n\n"
                                            "We will:\n\nWe report them weekly.\n", encoding="utf-8")
    assert run() == 0
    assert "raw/anon.txt: [W002]" in capsys.readouterr().err


def test_cli_all_documents_failing_still_writes_honest_outputs(tmp_path, monkeypatch, capsys):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert run() == 1
    out = capsys.readouterr().out
    assert "nothing parsed" not in out
    assert "No plan was read" in (tmp_path / "output" / "report.html").read_text(encoding="utf-8")
    documents = pd.read_csv(tmp_path / "output" / "documents.csv", keep_default_na=False)
    assert len(documents["sha256"][0]) == 64  # the hash of the empty file, as DESIGN says


def test_cli_write_failure_leaves_no_temporary_files(batch, monkeypatch):
    import pipeline.write.files as files

    run()
    before = (batch / "output" / "records.csv").read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(files, "build_database", broken)
    (batch / "output" / "report.html").unlink()  # so that the set is written again
    assert run() == 2
    assert not list((batch / "output").glob(".writing-*"))
    assert (batch / "output" / "records.csv").read_bytes() == before
