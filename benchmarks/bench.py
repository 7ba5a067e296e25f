"""Benchmarks, every figure a ratio against a baseline measured in the same run.

1. PDF pages: `read_document` on every PDF the corpus is made from, against pdfplumber's
   bare `extract_text` and pypdfium2's plain text over the same pages (in process, best of 3).
2. One long PDF (64 pages), the whole pipeline as one process (`extract --jobs 1 --force`
   into a fresh output folder, start-up and every output included) against a process running
   pdfplumber's `extract_text` over it.
3. A corpus of 150 distinct plans (benchmarks/corpus.py): cold (empty interim/), warm
   (nothing changed) and with the cache warm but the output folder emptied (every table made
   again from the cache), each with --jobs 1 and --jobs 2; peak memory at 10 and at 150 plans.

Whole processes are timed from outside, A and B in turn, and the median ratio is quoted.
Run with `make bench` (about five minutes on two cores).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import base_documents, long_pdf, make_corpus  # noqa: E402
from pipeline import read_document  # noqa: E402

REPEATS = 3
PYTHON = sys.executable
EXTRACT_TEXT = ("import sys, pdfplumber\n"
                "with pdfplumber.open(sys.argv[1]) as pdf:\n"
                "    for page in pdf.pages:\n"
                "        page.extract_text()\n"
                "        page.close()\n")


def best_of(function, repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def pdfplumber_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def pdfium_text(path: Path) -> None:
    document = pdfium.PdfDocument(path)
    for page in document:
        page.get_textpage().get_text_range()
    document.close()


def process(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB, the largest single process) of one command."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({child.returncode}): {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024


def extract_command(inputs: Path, out: Path, interim: Path, jobs: int, force: bool = False) -> list[str]:
    command = [PYTHON, "-m", "pipeline", "extract", str(inputs), "--out", str(out), "--interim", str(interim),
               "--jobs", str(jobs)]
    return command + (["--force"] if force else [])


def pages(bases: list[Path]) -> None:
    print("1. PDF pages, in process (best of 3)")
    ours = plumber = plain = count = 0.0
    for path in (base for base in bases if base.suffix == ".pdf"):
        data = path.read_bytes()
        with pdfplumber.open(path) as pdf:
            n = len(pdf.pages)
        a = best_of(lambda: read_document(data, path.name))
        b = best_of(lambda: pdfplumber_text(path))
        c = best_of(lambda: pdfium_text(path))
        ours, plumber, plain, count = ours + a, plumber + b, plain + c, count + n
        print(f"   {path.name:40} {n:3d} pages  read_document {1000 * a / n:6.1f} ms/page  "
              f"x{a / b:.2f} of extract_text  x{a / c:.1f} of pypdfium2 text")
    print(f"   all {count:.0f} pages: read_document {1000 * ours / count:.1f} ms/page, "
          f"{ours / plumber:.2f} of pdfplumber extract_text's time, {ours / plain:.1f}x pypdfium2's plain text")


def long_document(folder: Path) -> None:
    path = long_pdf(folder, 64)
    ratios, ours, theirs = [], [], []
    for repeat in range(REPEATS):  # a fresh output folder each time: every output is written
        a, _ = process(extract_command(path, folder / f"out64-{repeat}", folder / "interim64", jobs=1, force=True),
                       ROOT)
        b, _ = process([PYTHON, "-c", EXTRACT_TEXT, str(path)], ROOT)
        ratios.append(a / b)
        ours.append(a)
        theirs.append(b)
    print(f"2. a 64-page PDF, whole pipeline as one process: {statistics.median(ours):.2f}s against "
          f"pdfplumber extract_text {statistics.median(theirs):.2f}s: ratio {statistics.median(ratios):.2f} "
          f"(target <= 0.5; median of {REPEATS} pairs)")


def corpus(folder: Path, bases: list[Path]) -> None:
    print("3. 150 distinct plans (copies of the fixtures made distinct)")
    figures: dict[tuple[str, int], float] = {}
    peaks: dict[int, float] = {}
    for count in (10, 150):
        raw = make_corpus(folder, count, bases)
        for jobs in (1, 2) if count == 150 else (1,):
            interim = folder / f"interim-{count}-{jobs}"
            shutil.rmtree(interim, ignore_errors=True)
            cold, peak = process(extract_command(raw, folder / f"out-{count}-{jobs}", interim, jobs), ROOT)
            warm = statistics.median(process(extract_command(raw, folder / f"out-{count}-{jobs}", interim, jobs),
                                             ROOT)[0] for _ in range(REPEATS))
            shutil.rmtree(folder / f"out-{count}-{jobs}")  # the cache kept: every table made again from it
            rebuilt, _ = process(extract_command(raw, folder / f"out-{count}-{jobs}", interim, jobs), ROOT)
            figures[("cold", jobs)], figures[("warm", jobs)], figures[("rebuilt", jobs)] = cold, warm, rebuilt
            if jobs == 1:
                peaks[count] = peak
            print(f"   {count:3d} plans --jobs {jobs}: cold {cold:6.1f}s, warm {warm:5.2f}s "
                  f"(median of {REPEATS}), outputs rebuilt from a warm cache {rebuilt:5.2f}s, "
                  f"peak memory {peak:5.0f} MiB")
    print(f"   warm / cold (--jobs 1): {figures['warm', 1] / figures['cold', 1]:.3f} (target <= 0.10)")
    print(f"   --jobs 2 against --jobs 1: cold {figures['cold', 1] / figures['cold', 2]:.2f}x, "
          f"warm {figures['warm', 1] / figures['warm', 2]:.2f}x faster (target >= 1.7x); "
          f"outputs rebuilt from a warm cache {figures['rebuilt', 1] / figures['rebuilt', 2]:.2f}x")
    print(f"   peak memory at 150 plans / at 10: {peaks[150] / peaks[10]:.2f} (target <= 1.2)")


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bases = base_documents(folder)
        pages(bases)
        long_document(folder)
        corpus(folder, bases)


if __name__ == "__main__":
    main()
