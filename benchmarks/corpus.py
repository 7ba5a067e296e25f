"""A corpus of distinct plans for the benchmarks, made from the project's own fixtures: the
two samples as text and rendered to PDF, HTML and Word (tests/fixtures/render.py), and the
published PDFs (Word exports, browser prints, columns, borderless and tracker tables).

Copy N of a text, HTML or Word plan gives its council a name of its own (so the corpus has
many councils); copy N of a PDF carries a comment after its end marker (the same pages,
other bytes). No two files are alike, so none is skipped as a duplicate or shares a cache
entry with another.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.render import render_all  # noqa: E402

PUBLISHED = ROOT / "tests" / "fixtures" / "published"


def base_documents(folder: Path) -> list[Path]:
    """The fixtures every copy is made from, rendered into `folder`."""
    rendered = sorted(render_all(ROOT / "raw", folder / "rendered").values())
    return [*rendered, *sorted((ROOT / "raw").glob("*.txt")), *sorted(PUBLISHED.glob("*.pdf"))]


PLACES = [first + last for first in ("Ash", "Brad", "Carl", "Dun", "Elm", "Fair", "Glen", "Hart", "Kings", "Lang")
          for last in ("ford", "ham", "ton", "wick", "bury", "field", "ley", "worth", "mouth", "stead")]


def place(number: int) -> str:
    """A distinct, council-like place name for copy `number`."""
    name = PLACES[number % len(PLACES)]
    return name if number < len(PLACES) else f"North {name}" if number < 2 * len(PLACES) else f"{name} {number}"


def distinct_copy(source: Path, number: int) -> bytes:
    data = source.read_bytes()
    renamed = place(number).encode()
    if source.suffix in (".txt", ".html"):
        return data.replace(b"Leicester", renamed)
    if source.suffix == ".docx":
        return _renamed_docx(data, renamed)
    return data + b"\n%copy " + str(number).encode() + b"\n"


def _renamed_docx(data: bytes, renamed: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            content = original.read(item)
            copy.writestr(item, content.replace(b"Leicester", renamed) if item.filename.endswith(".xml") else content)
    return out.getvalue()


def make_corpus(folder: Path, count: int, bases: list[Path]) -> Path:
    """`count` distinct plans in folder/raw-<count>/, cycling through `bases`."""
    raw = folder / f"raw-{count}"
    raw.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        source = bases[number % len(bases)]
        (raw / f"plan{number:03d}-{source.stem}{source.suffix}").write_bytes(distinct_copy(source, number))
    return raw


def long_pdf(folder: Path, pages: int) -> Path:
    """One PDF of `pages` pages, the published Word exports one after another."""
    sources = sorted(PUBLISHED.glob("*word*.pdf"))
    document = pdfium.PdfDocument.new()
    index = 0
    while len(document) < pages:
        source = pdfium.PdfDocument(sources[index % len(sources)])
        document.import_pages(source, list(range(min(len(source), pages - len(document)))))
        index += 1
    path = folder / f"plan_{pages}_pages.pdf"
    document.save(path)
    return path
