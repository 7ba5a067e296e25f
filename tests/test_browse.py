"""`python -m pipeline browse`: the output tables in a real Datasette, started on a free
loopback port, answering full-text search, a council's records and the canned questions."""

import json
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from pipeline.browse import QUERIES, prepare, serve_command
from pipeline.cli import main
from pipeline.write.schema import TABLES


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, **query):
    url = f"http://127.0.0.1:{port}{path}?{urllib.parse.urlencode({**query, '_shape': 'array'})}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def datasette(batch, tmp_path):
    assert main(["extract"]) == 0
    folder = tmp_path / "served"
    folder.mkdir()
    prepare(batch / "output", folder)
    port = free_port()
    server = subprocess.Popen(serve_command(folder, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            get(port, "/-/versions.json")
            break
        except OSError:
            time.sleep(0.2)
    yield port
    server.terminate()
    server.wait(timeout=10)


def test_browse_answers_full_text_search_and_shows_a_councils_records(datasette):
    found = get(datasette, "/plans/records.json", _search="shielding")
    assert found and all("shield" in row["text"].lower() or "shield" in (row["section"] or "").lower()
                         for row in found)
    county = get(datasette, "/plans/records.json", council="Leicestershire County Council", _size="max")
    assert len(county) == 38 and {row["kind"] for row in county} == {"required_action", "response"}


def test_browse_canned_questions_answer(datasette):
    who = get(datasette, "/plans/who_addressed_an_action.json", action_id="T1.IPC.1")
    assert {row["council"] for row in who} == {"Leicester City Council", "Leicestershire County Council"}
    assert all(row["evidence"] for row in who)
    left_out = get(datasette, "/plans/what_a_council_left_out.json", council="Leicestershire County Council")
    assert len(left_out) == 72 - 21
    fewest = get(datasette, "/plans/actions_fewest_councils_addressed.json")
    assert len(fewest) == 72 and fewest[0]["n_councils_addressed"] <= fewest[-1]["n_councils_addressed"]


def test_browse_metadata_carries_the_schemas_descriptions_and_facets(datasette):
    with urllib.request.urlopen(f"http://127.0.0.1:{datasette}/-/metadata.json", timeout=10) as response:
        served = json.loads(response.read())["databases"]["plans"]
    assert set(served["queries"]) == set(QUERIES)
    for table, columns in TABLES.items():
        assert set(served["tables"][table]["columns"]) == {c.name for c in columns}
    assert "council" in served["tables"]["records"]["facets"]


def test_browse_without_outputs_says_what_to_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["browse", "--out", "nothing"]) == 2
    assert "[E111]" in capsys.readouterr().err
