"""Which council wrote the plan, from the document's own words.

Preference: a full name written out ("York City Council", "London Borough of
Camden"), most often used, earliest first; else a place named in the title or the table
headers ("Action taken in Kent") combined with the kind of council the text
calls itself ("the County Council"). A manifest (sources.csv) overrides both.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

_KIND = r"(?:City|County|Borough|District|Metropolitan\s+Borough|Metropolitan\s+District|Town)"
_WORD = r"(?!(?:Council|City|County|Borough|District|Metropolitan|Town)\b)(?:St\.|[A-Z][a-z]+(?:['’]s)?)"
_PLACE = rf"{_WORD}(?:(?:[ \t]+(?:upon|on|under|and|&|of|le)[ \t]+|[ \t]+|-){_WORD}){{0,5}}"
_FULL_NAME = re.compile(rf"\b((?:{_PLACE})[ \t]+(?:{_KIND}[ \t]+)?Council)\b")
_OF_NAME = re.compile(rf"\b((?:Royal|London)\s+Borough\s+of\s+{_PLACE}|City\s+of\s+{_PLACE}\s+Council)\b")
_SELF_KIND = re.compile(rf"\b(?:the|our)\s+({_KIND})\s+Council\b", re.IGNORECASE)
_PLACE_AFTER = re.compile(rf"\b(?:in|for|across)\s+({_PLACE})\b")
_NOT_PLACES = {"The", "This", "Our", "Local", "Social", "Health", "Care", "Adult", "County", "City",
               "Council", "Borough", "District", "Public", "England", "National", "Winter", "March",
               "April", "May", "June", "July", "August", "September", "October", "November",
               "December", "January", "February", "Appendix", "Theme", "Covid", "COVID"}


def infer_council(lines: Iterable[str], headers: Iterable[str] = ()) -> str:
    text = "\n".join(lines)
    names = Counter(_clean(name) for name in _OF_NAME.findall(text))
    names.update(_clean(name) for name in _FULL_NAME.findall(text) if _is_named(name))
    if names:
        top = max(names.values())
        return next(name for name in names if names[name] == top)
    place = _place(list(headers)) or _place([text])
    if not place:
        return ""
    kinds = Counter(kind.title() for kind in _SELF_KIND.findall(text))
    kind = kinds.most_common(1)[0][0] if kinds else ""
    return " ".join(part for part in (place, kind, "Council") if part)


def _place(texts: list[str]) -> str:
    found = Counter(p for t in texts for p in _PLACE_AFTER.findall(t) if p.split()[0] not in _NOT_PLACES)
    return found.most_common(1)[0][0] if found else ""


def _is_named(name: str) -> bool:
    """'York City Council', not 'The County Council' or 'Social Care Council'."""
    first = name.split()[0]
    return first not in _NOT_PLACES and len(name.split()) >= 2


def _clean(name: str) -> str:
    return " ".join(name.split())
