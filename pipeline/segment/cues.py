"""Generic cues that give a block its role in a plan: theme headings, action-list and
response markers, table column roles, and the catalogue's own theme and section names.

They describe how councils write plans in general, never one plan's wording.
"""

from __future__ import annotations

import re
from typing import Literal

from ..catalogue import Catalogue
from ..strings import content_words, ends_sentence

ColumnRole = Literal["action", "response", "rag", "owner", "due", "other"]
ATTRIBUTE_ROLES: tuple[str, ...] = ("rag", "owner", "due")  # cells kept on the row's records, never records

_THEME = re.compile(r"^theme\s+(\d{1,2})\b\s*[:.\-–—]?\s*(.*)$", re.IGNORECASE)
_CONTINUED = re.compile(r"\(?\b(?:contd|cont['’]d|continued|cont)\b\.?\)?\s*$", re.IGNORECASE)
_ACTIONS_MARKER = re.compile(
    r"^(?:(?:the\s+)?(?:national\s+)?(?:required\s+)?actions?(?:\s+required)?(?:\s+for\s+(?:councils|local\s+authorities))?"
    r"|what\s+(?:we|councils|local\s+authorities)\s+(?:are|were|must|should)\s+(?:asked|required)\s+to\s+do)\s*:?$",
    re.IGNORECASE,
)
_RESPONSE_MARKER = re.compile(
    r"^(?:we\s+will|we\s+have|our\s+response|our\s+actions?|local\s+response|council\s+response"
    r"|actions?\s+taken|what\s+we\s+(?:will\s+do|are\s+doing|have\s+done|did)|response|progress(?:\s+to\s+date)?)"
    r"\s*:?$",
    re.IGNORECASE,
)
_RESPONSE_COLUMN = re.compile(
    r"action(?:s)?\s+taken|response|progress|update|evidence|comment|local\s+(?:position|action)"
    r"|what\s+we|how\s+we|our\s+", re.IGNORECASE)
_ACTION_COLUMN = re.compile(r"action|requirement|national|expectation|ask", re.IGNORECASE)
_ATTRIBUTE_COLUMNS: tuple[tuple[ColumnRole, re.Pattern], ...] = (
    ("rag", re.compile(r"\b(?:b?rag|status|rating)\b|red\s*/\s*amber", re.IGNORECASE)),
    ("owner", re.compile(r"\b(?:lead|leads|owner|owners|responsib\w*|accountable|officer)\b", re.IGNORECASE)),
    ("due", re.compile(r"\b(?:timescales?|timelines?|timeframe|deadlines?|due|by\s+when|target\s+dates?|dates?"
                       r"|when|completion)\b", re.IGNORECASE)),
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CONTENTS_ENTRY = re.compile(r"(?:\.{3,}|…|\t|\s)\s*\d{1,3}\s*$")  # a title followed by its page number


def theme_number(text: str, catalogue: Catalogue) -> int | None:
    """The theme a heading opens: 'Theme N: ...' for a theme the catalogue has, or a
    catalogue theme title on its own; not an entry of a contents list ("Theme 1: ... 3")."""
    found = _THEME.match(text)
    if _CONTENTS_ENTRY.search(found.group(2) if found else text):
        return None
    if found and int(found.group(1)) in catalogue.themes:
        return int(found.group(1))
    key = heading_key(text)
    for number, title in catalogue.themes.items():
        if key and key == heading_key(title):
            return number
    return None


def is_continued(text: str) -> bool:
    """A heading repeated on the next page: '... contd', "... cont'd", '(continued)'."""
    return bool(_CONTINUED.search(text.strip()))


def without_continued(text: str) -> str:
    """A heading without its "contd"/"(continued)" mark."""
    return _CONTINUED.sub("", text.strip()).strip(" -–—:")


def is_actions_marker(text: str) -> bool:
    return bool(_ACTIONS_MARKER.match(text.strip()))


def is_response_marker(text: str) -> bool:
    return bool(_RESPONSE_MARKER.match(text.strip()))


def is_catalogue_section(text: str, catalogue: Catalogue) -> bool:
    key = heading_key(text)
    return bool(key) and any(key == heading_key(section) for _, section in catalogue.sections)


def column_role(header: str) -> ColumnRole:
    """What a table column holds, from its header cell: the action, the response, an
    attribute of the row (RAG status, lead, timescale) or something else."""
    for role, pattern in _ATTRIBUTE_COLUMNS:
        if pattern.search(header):
            return role
    if _RESPONSE_COLUMN.search(header):
        return "response"
    if _ACTION_COLUMN.search(header):
        return "action"
    return "other"


def looks_like_header_row(cells: tuple[tuple[str, ...], ...]) -> bool:
    """A first row naming the columns though not marked as a header (no bold, no <th>):
    short labels, each naming an action or a response column."""
    filled = [" ".join(cell) for cell in cells if cell]
    return (len(filled) > 1 and all(len(text.split()) <= 6 and not ends_sentence(text) for text in filled)
            and {"action", "response"} <= {column_role(text) for text in filled})


def default_column_roles(width: int) -> tuple[ColumnRole, ...]:
    """Without a header row: the first column states the action, the rest respond."""
    return ("action",) + ("response",) * (width - 1)


_REPORTED = re.compile(  # text about a plan rather than the plan: others' obligations, minutes, reporting
    r"\b(?:councils|local\s+authorities|authorities|providers|care\s+homes|the\s+government|the\s+department)"
    r"\s+(?:must|should|are\s+(?:asked|required|expected)\s+to)\b"
    r"|\b(?:reported|noted|resolved|agreed|explained)\s+that\b|\bresolved\b"
    r"|\bthe\s+(?:national\s+)?plan\s+(?:says|asks|sets\s+out|requires|states)\b", re.IGNORECASE)


def catalogue_phrases(text: str, catalogue: Catalogue) -> set[tuple[str, str]]:
    """The catalogue's own word pairs ("infection control", "direct payments") in a text."""
    words = content_words(text)
    return {pair for pair in zip(words, words[1:]) if pair in catalogue.word_pairs}


def is_reported(text: str) -> bool:
    """Text that reports a plan or its obligations (a news item, committee minutes),
    rather than a council's own account of what it does."""
    return bool(_REPORTED.search(text))


def heading_key(text: str) -> str:
    """Case, punctuation and a trailing '(ABBR)' ignored, for comparing headings."""
    text = re.sub(r"\([A-Z0-9]{2,}\)\s*$", "", text.strip())
    return _NON_WORD.sub(" ", text.lower()).strip()
