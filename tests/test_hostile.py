"""Hostile input and faults: one test per case of the reliability review. Nothing crashes the
batch, nothing runs unbounded, outputs are never mixed. Big inputs are generated here and
bounded by limits lowered in the test."""

import importlib
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile

import pandas as pd
import pytest

from conftest import ROOT, SAMPLES
from pipeline.cli import main
from pipeline.settings import Limits
from pipeline.write import output_lock

extract_module = importlib.import_module("pipeline.extract")  # the package re-exports a function of this name
GOOD = SAMPLES["county"].read_bytes()
PLAN_START = ("Leicestershire County Council winter plan\n\n"
              "Theme 1: Preventing and controlling the spread of infection in care settings\n\n")


def documents(folder):
    return pd.read_csv(folder / "output" / "documents.csv", keep_default_na=False)


def errors_by_file(folder):
    frame = documents(folder)
    return {row.source_file: re.search(r"\[E\d+\]", row.error).group() for row in frame.itertuples()
            if row.status == "error"}


@pytest.fixture
def raw(tmp_path, monkeypatch):
    """An empty raw/ beside which the CLI runs, with one good plan in it."""
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD)
    monkeypatch.chdir(tmp_path)
    return folder


def fault_in(monkeypatch, name, fault):
    """Make the worker reading `name` do `fault()` first (the worker is forked from here)."""
    real = extract_module.read_and_match

    def faulty(task, **kwargs):
        if task.source.endswith(name):
            fault()
        return real(task, **kwargs)

    monkeypatch.setattr(extract_module, "read_and_match", faulty)


def hoard_memory():
    hoard = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB
    del hoard


def pdf_without_unicode_map() -> bytes:
    """A PDF whose only font is a CID font with no ToUnicode map: text comes out as (cid:N)."""
    text = " ".join("<" + "".join(f"{(i * 7 + j) % 60 + 3:04x}" for j in range(6)) + "> Tj 10 0 Td" for i in range(40))
    stream = f"BT /F1 11 Tf 72 700 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Hidden /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Hidden /DW 500 /FontDescriptor 7 0 R "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
        b"<< /Type /FontDescriptor /FontName /Hidden /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (megabytes * 1024 * 1024) + b"</w:document>")
    return buffer.getvalue()


# 1. One line over a million characters.
def test_hostile_line_of_a_million_characters_is_read(raw):
    sentence = "We test care home staff weekly and support providers with PPE. "
    (raw / "long.txt").write_text(PLAN_START + "- " + sentence * (1_000_000 // len(sentence) + 1) + "\n")
    assert main(["extract"]) == 0
    frame = documents(raw.parent)
    assert set(frame["status"]) == {"ok"} and len(frame) == 2


def test_hostile_document_over_the_character_limit_fails_alone(raw, capsys):
    (raw / "long.txt").write_text(PLAN_START + "word " * 50_000)
    assert main(["extract", "--limit", "characters=100000"]) == 1
    assert errors_by_file(raw.parent) == {"raw/long.txt": "[E012]"}
    assert "--limit characters=N" in capsys.readouterr().err


# 2. A worker that dies.
def test_hostile_worker_that_dies_gives_an_error_row(raw, monkeypatch, capsys):
    (raw / "die.txt").write_bytes(GOOD.replace(b"Leicestershire", b"Rutland"))
    fault_in(monkeypatch, "die.txt", lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert main(["extract", "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert "raw/die.txt: [E015]" in err and "SIGKILL" in err and "Traceback" not in err
    assert documents(raw.parent).set_index("source_file").loc["raw/good.txt", "n_records"] > 30


# 3. Size, unpacked size, time and memory limits; /dev/zero.
def test_hostile_zip_bomb_is_refused_before_unpacking(raw):
    (raw / "bomb.docx").write_bytes(zip_bomb(20))
    assert main(["extract", "--limit", "unpacked_mb=10"]) == 1
    assert errors_by_file(raw.parent) == {"raw/bomb.docx": "[E012]"}


def test_hostile_file_over_the_size_limit_is_not_read(raw):
    (raw / "huge.txt").write_bytes(PLAN_START.encode() + b"x" * (2 * 1024 * 1024))
    assert main(["extract", "--limit", "file_mb=1"]) == 1
    assert errors_by_file(raw.parent) == {"raw/huge.txt": "[E012]"}


def test_hostile_document_that_runs_too_long_is_stopped(raw, monkeypatch):
    (raw / "slow.txt").write_bytes(GOOD.replace(b"Leicestershire", b"Rutland"))
    fault_in(monkeypatch, "slow.txt", lambda: time.sleep(60))
    started = time.monotonic()
    assert main(["extract", "--limit", "seconds=2"]) == 1
    assert time.monotonic() - started < 30
    assert errors_by_file(raw.parent) == {"raw/slow.txt": "[E013]"}


def test_hostile_document_needing_too_much_memory_is_stopped(raw, monkeypatch):
    (raw / "greedy.txt").write_bytes(GOOD.replace(b"Leicestershire", b"Rutland"))
    fault_in(monkeypatch, "greedy.txt", hoard_memory)
    assert main(["extract", "--limit", "memory_mb=256"]) == 1
    assert errors_by_file(raw.parent) == {"raw/greedy.txt": "[E014]"}


def test_hostile_device_named_as_input_is_refused(raw, capsys):
    assert main(["extract", "raw", "/dev/zero"]) == 1
    assert "[E009] not a regular file (a character device)" in capsys.readouterr().err


# 4. A FIFO named directly.
def test_hostile_named_pipe_does_not_hang(raw, capsys):
    os.mkfifo(raw.parent / "pipe.txt")
    assert main(["extract", "raw", "pipe.txt"]) == 1
    assert "pipe.txt: [E009] not a regular file (a named pipe)" in capsys.readouterr().err


# 5. Deeply nested HTML.
def test_hostile_deeply_nested_html_fails_fast(raw):
    depth = 20_000
    (raw / "deep.html").write_text("<html><body>" + "<div>" * depth + "<p>Theme 1</p>" + "</div>" * depth + "</body></html>")
    started = time.monotonic()
    assert main(["extract"]) == 1
    assert time.monotonic() - started < 30
    assert errors_by_file(raw.parent) == {"raw/deep.html": "[E012]"}


# 6. Outputs swapped in all at once; a lock on --out.
def test_hostile_second_run_on_the_same_output_stops_with_a_clear_message(raw, capsys):
    with output_lock(raw.parent / "output"):
        assert main(["extract"]) == 2
    assert "[E107] another run is writing to" in capsys.readouterr().err
    assert main(["extract"]) == 0  # the lock goes with the run that held it


def test_hostile_killed_run_never_leaves_tables_from_two_runs(raw):
    """Kill runs at different moments while they write; every table left is one run's."""
    assert main(["extract"]) == 0
    command = [sys.executable, "-m", "pipeline", "extract", "--force"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.9, 2.2):
        (raw / "good.txt").write_bytes(GOOD.replace(b"Leicestershire", f"Rutland {delay}".encode()))
        process = subprocess.Popen(command, cwd=raw.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait()
        councils = {table: set(pd.read_csv(raw.parent / "output" / f"{table}.csv", keep_default_na=False)["council"])
                    for table in ("documents", "records", "coverage")}
        assert councils["documents"] == councils["records"] == councils["coverage"], delay
        parquet = set(pd.read_parquet(raw.parent / "output" / "records.parquet")["council"])
        assert parquet == councils["records"], delay
    assert main(["extract"]) == 0
    assert not [p.name for p in raw.parent.iterdir() if ".staging-" in p.name]


# 7. Leftovers of a killed run.
def test_hostile_leftovers_of_a_killed_run_are_removed(raw):
    output = raw.parent / "output"
    output.mkdir()
    (output / ".writing-abc123").write_text("half a table")
    (output / "plans.duckdb.wal").write_bytes(b"stale")
    (output / "notes.md").write_text("the analyst's own notes")
    (raw.parent / ".output.staging-xyz").mkdir()
    assert main(["extract"]) == 0
    assert sorted(p.name for p in output.iterdir() if p.name.startswith(".") or p.suffix in (".wal", ".md")) == ["notes.md"]
    assert not (raw.parent / ".output.staging-xyz").exists()


# 8. Rows in path order.
def test_hostile_rows_follow_path_order_whatever_order_inputs_are_named_in(raw):
    (raw / "a.txt").write_bytes(GOOD)
    assert main(["extract", "raw/good.txt", "raw/a.txt"]) == 1
    frame = documents(raw.parent)
    assert list(frame["source_file"]) == ["raw/a.txt", "raw/good.txt"]
    assert errors_by_file(raw.parent) == {"raw/good.txt": "[E010]"}


# 9. A corrupted interim cache.
def test_hostile_damaged_cache_is_read_afresh_with_a_warning(raw, capsys):
    assert main(["extract"]) == 0
    for entry in (raw.parent / "interim").glob("*.plan.json"):
        entry.write_text(entry.read_text().replace('"seq": 1,', '"seq": "one",'))
    capsys.readouterr()
    assert main(["extract", "--out", "again"]) == 0  # another output folder: the tables are made again
    assert "raw/good.txt: [W008]" in capsys.readouterr().err
    assert documents(raw.parent).loc[0, "n_records"] > 30
    assert main(["extract", "--out", "third"]) == 0 and "[W008]" not in capsys.readouterr().err  # replaced


# 10. UTF-16 cut short; whitespace in other encodings.
@pytest.mark.parametrize("name,data,code", [
    ("odd.txt", ("\ufeff" + PLAN_START).encode("utf-16-le") + b"x", None),
    ("blank16.txt", "\ufeff   \n\t\n".encode("utf-16-le"), "[E002]"),
    ("nbsp.txt", "\u00a0\u00a0\n\u00a0\n".encode("utf-8"), "[E002]"),
])
def test_hostile_unusual_encodings(raw, name, data, code):
    (raw / name).write_bytes(data)
    main(["extract"])
    assert errors_by_file(raw.parent).get(f"raw/{name}") == code


# 11. A PDF whose fonts have no ToUnicode map.
def test_hostile_pdf_without_a_unicode_map_is_an_error_not_an_empty_plan(raw, capsys):
    (raw / "glyphs.pdf").write_bytes(pdf_without_unicode_map())
    assert main(["extract"]) == 1
    assert "raw/glyphs.pdf: [E011]" in capsys.readouterr().err


# 12. A text that mentions "%PDF-".
def test_hostile_text_mentioning_a_pdf_header_is_read_as_text(raw):
    (raw / "note.txt").write_bytes(b"Files start with %PDF-1.7 when they are PDFs.\n\n" + GOOD)
    assert main(["extract"]) == 0
    assert documents(raw.parent).set_index("source_file").loc["raw/note.txt", "format"] == "text"


# 13. documents.doc_id unique and never empty.
def test_hostile_every_document_row_has_its_own_doc_id(raw):
    (raw / "copy.txt").write_bytes(GOOD)
    (raw / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (raw / "other.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main(["extract"]) == 1
    ids = documents(raw.parent)["doc_id"]
    assert len(ids) == 4 and ids.is_unique and (ids != "").all()


# 14. Councils differing only by case in the DuckDB matrix.
def test_hostile_councils_differing_by_case_keep_their_own_columns(raw):
    import duckdb

    (raw / "shout.txt").write_bytes(GOOD.replace(b"Leicestershire", b"LEICESTERSHIRE"))
    assert main(["extract"]) == 0
    with duckdb.connect(str(raw.parent / "output" / "plans.duckdb"), read_only=True) as connection:
        connection.execute("SELECT * FROM coverage_matrix")
        columns = [column[0] for column in connection.description]
    assert len(columns) == 3 and columns[0] == "action_id"


# 15. Manifests in Windows-1252; garbage and duplicate rows.
def test_hostile_manifest_in_legacy_encoding_with_bad_rows(raw, capsys):
    (raw / "plain.txt").write_bytes(GOOD.replace(b"Leicestershire", b"the county"))
    rows = "file,council\nplain.txt,Ynys M\u00f4n \u2013 County Council\n,No file\nplain.txt,Another\ngood.txt,\n"
    (raw / "sources.csv").write_bytes(rows.encode("cp1252"))
    assert main(["extract"]) == 0
    err = capsys.readouterr().err
    assert err.count("[W006]") == 3 and "line 4 ignored: plain.txt is named again (line 2" in err
    frame = documents(raw.parent).set_index("source_file")
    assert frame.loc["raw/plain.txt", "council"] == "Ynys M\u00f4n \u2013 County Council"


# 16. Corrections naming a record that no longer exists.
def test_hostile_correction_for_a_missing_record_is_reported(raw, capsys):
    (raw.parent / "fixes.csv").write_text("record_id,action_id,decision\nabc123456789-0001,T1.IPC.1,accept\n")
    assert main(["extract", "--corrections", "fixes.csv"]) == 0
    assert "abc123456789-0001: [W007]" in capsys.readouterr().err


# 17. An unwritable --out, found before anything is read.
def test_hostile_unwritable_output_is_found_before_reading(raw, monkeypatch, capsys):
    (raw.parent / "blocked").write_text("a file where the output's parent folder should be")
    read = []
    monkeypatch.setattr(extract_module, "read_and_match", lambda task, **kwargs: read.append(task))
    assert main(["extract", "--out", "blocked/output"]) == 2
    err = capsys.readouterr().err
    assert "[E108]" in err and "blocked/output" in err and not read


def test_hostile_limits_are_validated(capsys):
    with pytest.raises(ValueError):
        Limits(seconds=0)
    assert main(["extract", "--limit", "speed=3"]) == 2
    assert "[E109] --limit speed=3: unknown limit 'speed'" in capsys.readouterr().err


def test_hostile_everything_at_once_with_one_good_plan(raw):
    """The review's batch: every bad input above beside one good plan, through the command
    line as a user runs it: bounded time, one error row per bad file, exit 1, no traceback."""
    bad = {
        "bomb.docx": zip_bomb(20), "deep.html": b"<html><body>" + b"<div>" * 5000 + b"</body></html>",
        "blank16.txt": "\ufeff \n".encode("utf-16-le"), "glyphs.pdf": pdf_without_unicode_map(),
        "copy.txt": GOOD, "empty.pdf": b"", "picture.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "huge.txt": PLAN_START.encode() + b"word " * 300_000,
    }
    for name, data in bad.items():
        (raw / name).write_bytes(data)
    os.mkfifo(raw.parent / "pipe.txt")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", "raw", "pipe.txt", "/dev/zero",
                           "--limit", "unpacked_mb=10", "--limit", "characters=1000000", "--limit", "seconds=60"],
                          cwd=raw.parent, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert time.monotonic() - started < 120
    errors = errors_by_file(raw.parent)
    device = next(name for name in errors if name.endswith("dev/zero"))
    assert set(errors) == {f"raw/{name}" for name in bad if name != "copy.txt"} | {"raw/good.txt", "pipe.txt", device}
    ok = documents(raw.parent)[lambda frame: frame["status"] == "ok"]
    assert list(ok["source_file"]) == ["raw/copy.txt"] and ok["n_records"].iloc[0] > 30


# Found by a second review: one regression test each.
def test_hostile_workers_die_with_a_killed_run_and_free_the_lock(raw):
    for number in range(12):
        (raw / f"p{number}.txt").write_bytes(SAMPLES["city"].read_bytes() + f"\n\nnote {number}\n".encode())
    command = [sys.executable, "-m", "pipeline", "extract", "--force", "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=raw.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    process.kill()
    process.wait()
    time.sleep(1)
    assert main(["extract", "raw/good.txt"]) == 0  # no worker left holding the lock


@pytest.mark.parametrize("name,shown", [(b"bad\xff.txt", "raw/bad\\xff.txt"), (b"a\rb.txt", "raw/a\\rb.txt"),
                                        (b"two\nlines.txt", "raw/two\\nlines.txt")])
def test_hostile_odd_file_names_are_shown_escaped_and_keep_the_tables_whole(raw, name, shown):
    (raw / os.fsdecode(name)).write_bytes(GOOD.replace(b"Leicestershire", b"Rutland"))
    assert main(["extract"]) == 0
    frame = documents(raw.parent)
    assert shown in set(frame["source_file"]) and len(frame) == 2


@pytest.mark.parametrize("out", [".", "", "raw"])
def test_hostile_output_folder_of_the_users_own_is_refused(raw, out, capsys):
    assert main(["extract", "--out", out]) == 2
    assert "[E110]" in capsys.readouterr().err
    assert sorted(p.name for p in raw.iterdir()) == ["good.txt"]


def test_hostile_output_and_cache_inside_the_inputs_are_not_read_as_plans(raw):
    for _ in range(2):
        assert main(["extract", "raw/good.txt", "raw", "--out", "raw/sub/out", "--interim", "raw/sub/cache"]) == 0
    frame = pd.read_csv(raw / "sub" / "out" / "documents.csv")
    assert list(frame["source_file"]) == ["raw/good.txt"]


def test_hostile_output_through_a_link_updates_its_target_and_keeps_the_users_files(raw, tmp_path):
    target = tmp_path / "real"
    target.mkdir()
    os.mkfifo(target / "pipe")
    (target / "notes.md").write_text("mine")
    inode = (target / "notes.md").stat().st_ino
    os.symlink(target, tmp_path / "link")
    assert main(["extract", "--out", "link"]) == 0
    assert (tmp_path / "link").is_symlink() and (target / "documents.csv").is_file()
    assert (target / "notes.md").stat().st_ino == inode and (target / "pipe").exists()


def test_hostile_folder_entries_that_are_not_files_get_rows_and_linked_folders_are_read(raw, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_bytes(GOOD.replace(b"Leicestershire", b"Rutland"))
    os.symlink(elsewhere, raw / "sub")
    os.symlink(raw, elsewhere / "loop")
    os.symlink(tmp_path / "missing.txt", raw / "dangling.txt")
    assert main(["extract"]) == 1
    assert errors_by_file(raw.parent) == {"raw/dangling.txt": "[E001]"}
    assert "raw/sub/linked.txt" in set(documents(raw.parent)["source_file"])


def test_hostile_closed_output_pipe_is_not_a_failure(raw):
    done = subprocess.run(f"{sys.executable} -m pipeline extract | head -c 10", shell=True, cwd=raw.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("limit", ["seconds=99999999", "memory_mb=100000000000000", "file_mb=99999999999999"])
def test_hostile_limits_beyond_what_can_be_honoured_are_refused(raw, limit, capsys):
    assert main(["extract", "--limit", limit]) == 2
    assert "[E109]" in capsys.readouterr().err


def test_hostile_large_file_limit_does_not_reserve_memory(raw):
    assert main(["extract", "--limit", "file_mb=5000", "--limit", "memory_mb=300"]) == 0


def test_hostile_cached_plan_breaking_the_schema_is_read_afresh(raw, capsys):
    assert main(["extract"]) == 0
    for entry in (raw.parent / "interim").glob("*.plan.json"):
        plan = json.loads(entry.read_text())
        plan["records"].append(plan["records"][0])
        entry.write_text(json.dumps(plan))
    capsys.readouterr()
    assert main(["extract", "--out", "again"]) == 0
    assert "raw/good.txt: [W008]" in capsys.readouterr().err


def test_hostile_long_text_fails_on_characters_before_it_is_read(raw):
    (raw / "lines.txt").write_bytes(PLAN_START.encode() + b"a\n" * 3_000_000)
    started = time.monotonic()
    assert main(["extract", "--limit", "characters=1000000"]) == 1
    assert errors_by_file(raw.parent) == {"raw/lines.txt": "[E012]"} and time.monotonic() - started < 20


@pytest.mark.parametrize("option,code", [("--corrections", "[E106]"), ("--catalogue", "[E102]")])
def test_hostile_settings_file_that_is_a_pipe_does_not_hang(raw, option, code, capsys):
    os.mkfifo(raw.parent / "pipe.csv")
    assert main(["extract", option, "pipe.csv"]) == 2
    assert code in capsys.readouterr().err


@pytest.mark.parametrize("encrypted", [False, True])
def test_hostile_word_file_with_foreign_or_encrypted_parts_is_damaged_not_internal(raw, encrypted):
    data = bytearray(zip_bomb(1))  # a zip with Word's part names but not Word's content
    if encrypted:
        data[6] |= 1  # the first member's "encrypted" flag
    (raw / "locked.docx").write_bytes(bytes(data))
    assert main(["extract"]) == 1
    assert errors_by_file(raw.parent) == {"raw/locked.docx": "[E008]"}


def test_hostile_nul_bytes_in_a_text_file_do_not_reach_the_tables(raw):
    middle = GOOD.rindex(b" ", 0, len(GOOD) // 2)  # past the first kilobytes, where NULs mean binary
    (raw / "nul.txt").write_bytes(GOOD[:middle].replace(b"Leicestershire", b"Rutland") + b"\x00" + GOOD[middle:])
    assert main(["extract"]) == 0
    assert "\x00" not in (raw.parent / "output" / "records.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("kilobytes", [16, 64])  # a table written as documents arrive fails; a file built at the end
def test_hostile_disk_filling_while_the_tables_are_written_leaves_the_previous_set(raw, kilobytes):
    assert main(["extract"]) == 0
    before = {p.name: p.read_bytes() for p in (raw.parent / "output").iterdir()}

    def small_disk():  # writes beyond the size fail (EFBIG) instead of stopping the process
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (kilobytes * 1024, kilobytes * 1024))

    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--force"], cwd=raw.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          preexec_fn=small_disk, timeout=120)
    assert done.returncode == 2 and "[E105]" in done.stderr and "Traceback" not in done.stderr
    assert before == {p.name: p.read_bytes() for p in (raw.parent / "output").iterdir()}
    assert not list(raw.parent.glob(".output.staging-*"))


def test_hostile_workers_do_not_hold_the_output_lock(tmp_path):
    """A worker killed along with its run may take a moment to end: it must not be the one
    holding the lock then, or the next run would be refused (E107)."""
    from pipeline.boundary import run_bounded

    def open_files(task):
        return [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
                if os.path.exists(f"/proc/self/fd/{fd}")]

    with output_lock(tmp_path / "output"):
        [files] = list(run_bounded(["t"], open_files, lambda task, error: error.line(), str, 1, Limits()))
    assert not [name for name in files if name.endswith(".output.lock")]
