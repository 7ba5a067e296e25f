"""Inline markup in text: HTML fragments inside table cells, markdown bold and links."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from ..strings import collapse

HTML_PARSER = "lxml"

_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_HAS_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def strip_inline_markdown(text: str) -> str:
    """Remove markdown emphasis and keep link text: '**Plan** [site](#)' -> 'Plan site'."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_BOLD.sub(r"\1", text)
    return collapse(text.replace("**", ""))


def fragment_units(fragment: str) -> tuple[str, ...]:
    """A cell's content as units: one per list item, else one for the plain text."""
    if not _HAS_TAG.search(fragment):
        text = strip_inline_markdown(fragment)
        return (text,) if text else ()
    return element_units(BeautifulSoup(fragment, HTML_PARSER))


def element_units(element: Tag) -> tuple[str, ...]:
    """Units of an HTML element: its list items, else its paragraphs, else its text."""
    items = [collapse(item.get_text(" ")) for item in element.find_all("li")]
    paragraphs = [collapse(p.get_text(" ")) for p in element.find_all("p") if not p.find_parent("li")]
    if not items and len(paragraphs) > 1:
        return tuple(p for p in paragraphs if p)
    for found in element.find_all(["ul", "ol"]):
        found.decompose()
    rest = strip_inline_markdown(element.get_text(" "))
    return tuple(unit for unit in [rest, *items] if unit)


def is_bold(fragment: str) -> bool:
    """True when all of the fragment's text is bold (<b>, <strong> or **...**)."""
    text = fragment.strip()
    if not text:
        return False
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        return "**" not in text[2:-2]
    if not _HAS_TAG.search(text):
        return False
    soup = BeautifulSoup(text, HTML_PARSER)
    total = collapse(soup.get_text(" "))
    bold = collapse(" ".join(tag.get_text(" ") for tag in soup.find_all(["b", "strong"])))
    return bool(total) and total == bold
