"""Bad input: each file gets a one-line error naming it and the reason, an error row in
`documents`, and the rest of the batch goes on (exit status 1)."""

import io
import shutil

import pandas as pd
import pytest
from reportlab.pdfgen import canvas

from conftest import SAMPLES
from pipeline import read_document
from pipeline.ingest import read_bytes
from pipeline.cli import main
from pipeline.errors import PlanError


def _pdf(draw, **options) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1, **options)
    draw(page)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _text(page):
    page.drawString(72, 720, "Theme 1: Preventing and controlling the spread of infection")


VALID_PDF = _pdf(_text)
BAD_FILES = {
    "empty.pdf": (b"", "E002"),
    "truncated.pdf": (VALID_PDF[: len(VALID_PDF) // 2], "E005"),
    "corrupt.pdf": (b"%PDF-1.4\nthis is not really a pdf\n", "E005"),
    "protected.pdf": (_pdf(_text, encrypt="secret"), "E006"),
    "scanned.pdf": (_pdf(lambda page: page.rect(72, 72, 400, 600, fill=1)), "E007"),
    "picture.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "E003"),
    "archive.docx": (b"PK\x03\x04" + bytes(40), "E008"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_one_line_error_naming_file_and_reason(name, tmp_path):
    data, code = BAD_FILES[name]
    (tmp_path / name).write_bytes(data)
    with pytest.raises(PlanError) as error:
        read_document(read_bytes(tmp_path / name, name), name)
    line = error.value.line()
    assert line.startswith(f"{name}: [{code}] ") and "\n" not in line


def test_bad_input_scanned_pdf_says_it_needs_ocr():
    with pytest.raises(PlanError, match="OCR"):
        read_document(BAD_FILES["scanned.pdf"][0], "scanned.pdf")


def test_bad_input_batch_goes_on_with_error_rows(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES["city"], raw / SAMPLES["city"].name)
    for name, (data, _) in BAD_FILES.items():
        (raw / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 1
    err = capsys.readouterr().err
    for name, (_, code) in BAD_FILES.items():
        assert f"raw/{name}: [{code}]" in err
    assert "Traceback" not in err
    documents = pd.read_csv(tmp_path / "output" / "documents.csv", keep_default_na=False)
    errors = documents[documents["status"] == "error"]
    assert len(errors) == len(BAD_FILES) and all(errors["error"].str.contains(r"\[E0"))
    assert (documents[documents["status"] == "ok"]["n_records"] > 100).all()


def test_bad_input_previous_outputs_survive_a_failed_write(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES["county"], raw / SAMPLES["county"].name)
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 0
    before = (tmp_path / "output" / "records.csv").read_bytes()
    (tmp_path / "output2").write_text("a file where the output folder should be")
    assert main(["extract", "--out", "output2"]) == 2
    assert (tmp_path / "output" / "records.csv").read_bytes() == before


def test_bad_input_legacy_encoding_is_read(plan_of, tmp_path):
    text = ("Theme 1: Infection\n\nActions:\n\n1. Report shortages to the LRF\n\nWe will:\n\n"
            "We spent £5m on PPE – and we’ll report shortages weekly.\n")
    document = read_document(text.encode("cp1252"), "legacy.txt")
    assert any("£5m on PPE – and we’ll" in block.text for block in document.blocks)


def test_bad_input_html_page_without_a_plan_gives_zero_records_and_a_warning(tmp_path, monkeypatch, capsys):
    page = ("<!DOCTYPE html><html><head><title>Libraries</title></head><body><nav><a href='/'>Home</a></nav>"
            "<main><h1>Library opening hours</h1><h2>Central library</h2><p>Open nine to five.</p>"
            "<ul><li>Free wifi</li><li>Printing</li></ul></main><footer>© Council</footer></body></html>")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "libraries.html").write_text(page, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["extract"]) == 0
    assert "raw/libraries.html: [W001]" in capsys.readouterr().err
    documents = pd.read_csv(tmp_path / "output" / "documents.csv")
    assert documents.loc[0, "n_records"] == 0 and documents.loc[0, "status"] == "ok"
