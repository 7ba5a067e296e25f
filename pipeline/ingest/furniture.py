"""Page furniture: what a page carries beside the document's own text. Running headers and
footers, page numbers ("Page 3 of 12", "3", "- 3 -"), a browser's print header and footer
(date, title, URL, "14/20"), protective markings and repeated titles.

They are recognised by position and repetition, not by wording: a line near the top or
bottom edge whose text (page counters and print dates normalised, so a counter that
changes on every page still repeats, while "Theme 2" and "Theme 3" differ) recurs at about the same height on at least half the pages, and never
appears in the body of a page (a table's header row repeated under a page break does).
"""

from __future__ import annotations

import re
from typing import Sequence

from .lines import Line

EDGE = 0.1  # share of the page height at top and bottom where furniture sits
_SAME_HEIGHT = 4.0  # points: running lines recur at the same height, give or take this
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$", re.IGNORECASE)
_PRINT_STAMP = re.compile(  # a browser's print footer (URL, "3/14") or header (date and time)
    r"^(?:https?|file)://\S+(?:\s+\d{1,4}/\d{1,4})?$|^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}\b")
_COUNTER = re.compile(  # what changes from page to page: page numbers, counters, print dates and times
    r"\bpage\s+\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*/\s*\d+\s*$|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    r"|\b\d{1,2}:\d{2}\b", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d+\b|\b\d+$")  # "3 | Winter plan", "Winter plan 3": a counter only in small print
_SMALLER = 0.5  # points below the body size that make a line small print


def furniture_lines(pages: Sequence[Sequence[Line]], heights: Sequence[float], body_size: float) -> set[Line]:
    """The furniture among each page's lines (`heights[i]` is page i's height). A line at
    both the top and the foot of a page (a protective marking) is furniture even on one
    page; the body text a line must never appear in is compared at the line's size, so a
    title set large on the first page does not save its running-header copy."""
    edge: list[tuple[Line, str]] = []
    body: set[tuple[str, int]] = set()
    for lines, height in zip(pages, heights):
        for line in lines:
            key = normalise(line.text, small=line.size < body_size - _SMALLER)
            if line.bottom < height * EDGE or line.top > height * (1 - EDGE):
                edge.append((line, key))
            else:
                body.add((key, round(line.size)))
    seen: dict[str, list[Line]] = {}
    for line, key in edge:
        seen.setdefault(key, []).append(line)
    needed = max(2, len(pages) / 2)
    furniture = set()
    for key, lines in seen.items():
        if _PAGE_NUMBER.match(lines[0].text) or _PRINT_STAMP.match(lines[0].text):
            furniture.update(lines)
            continue
        if any((key, round(line.size)) in body for line in lines):
            continue
        for line in lines:
            same_place = {other.page for other in lines if abs(other.top - line.top) <= _SAME_HEIGHT}
            top_and_foot = any(other.page == line.page and abs(other.top - line.top) > heights[line.page - 1] / 2
                               for other in lines)
            if len(same_place) >= needed or top_and_foot:
                furniture.add(line)
    return furniture


def normalise(text: str, small: bool = False) -> str:
    """Text with its page counters and print dates as '#', so they compare equal from page
    to page (in small print a bare number at either end too); other numbers ("Theme 2")
    stay, since they tell lines apart."""
    key = _COUNTER.sub("#", " ".join(text.lower().split()))
    return _BARE_NUMBER.sub("#", key) if small else key
