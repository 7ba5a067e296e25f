"""The HTML report in a real headless browser (Debian's Chromium), and the PNG heatmap."""

import os
import shutil
import subprocess

import pandas as pd
from PIL import Image

from pipeline.cli import main

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is needed for the report test: apt-get install chromium (.ci/run does this)"
    return found


def test_report_loads_in_a_browser_and_shows_every_council(batch, tmp_path):
    assert main(["extract"]) == 0
    report = batch / "output" / "report.html"
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                           report.as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert 'id="councils" data-ready="true"' in dom  # the page's script ran to its end
    assert "Uncaught" not in done.stderr and "ERR_" not in done.stderr
    documents = pd.read_csv(batch / "output" / "documents.csv")
    for council in documents["council"]:
        assert council in dom
    coverage = pd.read_csv(batch / "output" / "coverage.csv")
    addressed = coverage[coverage["addressed"]]
    assert dom.count("data-evidence=") == len(addressed)
    for record_id in addressed["evidence_record_id"]:
        assert f'href="#rec-{record_id}"' in dom and f'id="rec-{record_id}"' in dom


def test_report_is_self_contained_and_reproducible(batch):
    main(["extract"])
    first = (batch / "output" / "report.html").read_bytes()
    assert b"http://" not in first and b"https://" not in first and b"<link" not in first
    main(["extract", "--force"])
    assert (batch / "output" / "report.html").read_bytes() == first


def test_report_heatmap_is_fit_for_a_slide(batch):
    main(["extract"])
    with Image.open(batch / "output" / "coverage_heatmap.png") as image:
        assert image.format == "PNG" and image.size[0] >= 3000  # 17 in at 200 dpi
    svg = (batch / "output" / "coverage_heatmap.svg").read_text(encoding="utf-8")
    for text in ("T1.IPC.1", "T4.OVERSIGHT.4", "Theme 3", "Leicester City Council", "Leicestershire County Council",
                 "no evidence found", "addressed in each council"):
        assert text in svg, text  # text kept as text: searchable and editable on a slide
    main(["extract", "--force"])
    assert (batch / "output" / "coverage_heatmap.svg").read_text(encoding="utf-8") == svg
