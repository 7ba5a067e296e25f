"""Shared fixtures: the catalogue, the matcher, the two sample plans run through every stage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import Matcher, load_catalogue, read_document, segment_document
from pipeline.ingest.text import read_text
from pipeline.models import Block

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = {
    "county": RAW / "leicestershire_county_council.txt",
    "city": RAW / "leicester_city_council.txt",
}


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="session")
def matcher(catalogue):
    return Matcher(catalogue)


@pytest.fixture(scope="session")
def sample_runs(catalogue, matcher):
    """name -> (document, plan, matches) for each sample plan in raw/."""
    runs = {}
    for name, path in SAMPLES.items():
        document = read_document(path.read_bytes(), f"raw/{path.name}")
        plan = segment_document(document, catalogue)
        runs[name] = (document, plan, matcher.match(plan))
    return runs


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """A working folder with raw/ holding both samples; the CLI runs from there."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLES.values():
        shutil.copy(path, raw / path.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def read_lines():
    """Read text written in a test through the text reader and the page-break joiner."""

    def read(text: str) -> list[Block]:
        from pipeline.ingest.joining import join_blocks

        return join_blocks(read_text(text.encode("utf-8"), "test.txt").blocks)

    return read


@pytest.fixture
def plan_of(catalogue):
    """Segment text written in a test."""

    def segment(text: str):
        return segment_document(read_document(text.encode("utf-8"), "test.txt"), catalogue)

    return segment


@pytest.fixture(scope="session")
def labels():
    """(council, seq) -> (kind, text, action ids) from the reviewed labels of both samples."""
    import csv

    with (FIXTURES / "labels.csv").open(encoding="utf-8", newline="") as handle:
        return {(row["council"], int(row["seq"])): (row["kind"], row["text"], frozenset(row["action_ids"].split()))
                for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def renderings(tmp_path_factory):
    """The sample plans rendered as a council would publish them: PDF, HTML page, Word."""
    from fixtures.render import render_all

    return render_all(RAW, tmp_path_factory.mktemp("renderings"))
