"""The HTML report in a real headless browser (Debian's Chromium), and the PNG heatmap."""

import os
import re
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
    coverage = pd.read_csv(batch / "output" / "council_coverage.csv")
    addressed = coverage[coverage["addressed"]]
    assert dom.count("data-evidence=") == len(addressed)
    for record_id in addressed["evidence_record_id"]:
        assert f'href="#rec-{record_id}"' in dom and f'id="rec-{record_id}"' in dom


def browse_page(report, profile, suffix=""):
    done = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                           report.as_uri() + suffix], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Uncaught" not in done.stderr and "ERR_" not in done.stderr  # no console errors
    return done.stdout


def test_report_search_filters_and_an_action_opens_on_its_own(batch, tmp_path):
    """Typed into the search box (here from the address, as a link to a filtered page would),
    only matching councils, actions and evidence stay; an action's link opens its view."""
    assert main(["extract"]) == 0
    dom = browse_page(batch / "output" / "report.html", tmp_path / "profile", "?q=shielding#action-T3.SHIELD.1")
    assert 'id="councils" data-ready="true"' in dom
    actions = re.findall(r'<details class="action( hidden)?" id="(action-[^"]+)"', dom)
    shown = [anchor for hidden, anchor in actions if not hidden]
    assert "action-T3.SHIELD.1" in shown and 0 < len(shown) < len(actions) == 72
    assert re.search(r'id="action-T3\.SHIELD\.1"[^>]* open', dom)
    opened = dom[dom.index('id="action-T3.SHIELD.1"'):]
    assert "supports T3.SHIELD.1" in opened[:opened.index("</details>")]  # evidence labelled with its action


def test_report_shows_each_councils_review_candidates_and_gaps(batch):
    assert main(["extract"]) == 0
    page = (batch / "output" / "report.html").read_text(encoding="utf-8")
    matches = pd.read_csv(batch / "output" / "matches.csv")
    assert ("review" in set(matches["status"])) == ("<span class=\"review\">review " in page)
    assert page.count('<details class="council"') == 2 and "Not found</h3>" in page
    assert 'id="evidence-close"' in page  # the pinned evidence can be closed


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
