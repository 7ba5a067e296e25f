"""Benchmarks, reported as ratios against a baseline measured in the same run.

PDF reader: pages per second of `read_document` on the rendered Leicestershire and
Leicester City PDFs and on the published fixtures (Word exports, browser prints, columns,
borderless and tracker tables), against pdfplumber's own `extract_text` over the same pages.
Incremental runs: a warm `extract` (nothing changed, stage output from interim/) against a
cold one (empty interim/) over the samples and their PDF, HTML and Word renderings.
Run with `make bench`.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fixtures.render import render_all, render_pdf  # noqa: E402
from pipeline import ExtractOptions, extract, read_document  # noqa: E402

REPEATS = 5


def best_of(function, repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def plain_extract_text(data: Path) -> None:
    with pdfplumber.open(data) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = [render_pdf(ROOT / "raw" / f"{stem}.txt", Path(folder) / f"{stem}.pdf")
                 for stem in ("leicestershire_county_council", "leicester_city_council")]
        paths += sorted((ROOT / "tests" / "fixtures" / "published").glob("*.pdf"))
        total_ours = total_baseline = total_pages = 0.0
        for pdf_path in paths:
            data = pdf_path.read_bytes()
            with pdfplumber.open(pdf_path) as pdf:
                pages = len(pdf.pages)
            ours = best_of(lambda: read_document(data, pdf_path.name))
            baseline = best_of(lambda: plain_extract_text(pdf_path))
            total_ours, total_baseline, total_pages = total_ours + ours, total_baseline + baseline, total_pages + pages
            print(f"{pdf_path.name}: {pages} pages | read_document {pages / ours:.1f} pages/s | "
                  f"pdfplumber extract_text {pages / baseline:.1f} pages/s | "
                  f"ratio {baseline / ours:.2f}x of extract_text speed (best of {REPEATS})")
        print(f"all {len(paths)} PDFs, {total_pages:.0f} pages: read_document at {total_baseline / total_ours:.2f}x "
              f"of extract_text speed")


def incremental() -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        render_all(ROOT / "raw", raw)
        for sample in (ROOT / "raw").glob("*.txt"):
            (raw / sample.name).write_bytes(sample.read_bytes())
        options = ExtractOptions(inputs=(raw,), out=Path(folder) / "out", interim=Path(folder) / "interim")
        cold = min(_timed(lambda: extract(replace(options, force=True))) for _ in range(3))
        warm = min(_timed(lambda: extract(options)) for _ in range(3))
        print(f"extract over {len(list(raw.iterdir()))} documents: cold {cold:.2f}s, warm {warm:.2f}s, "
              f"warm/cold {warm / cold:.2f} (best of 3)")


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
    incremental()
