"""Small pure text helpers shared by the stages: whitespace, list markers, sentence ends."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # control characters that are not whitespace
_SPACE = re.compile(r"\s+")
_BULLET_CHARS = "•●▪◦‣∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc➢►▶✓✔❖■□"  # incl. Symbol-font bullets in Word PDFs
_BULLET = r"(?:[" + _BULLET_CHARS + r"]|\(cid:\d+\))"
_MARKER = re.compile(
    r"^\s*(?P<label>\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivx]{1,4}[.)]|" + _BULLET + r"|[-–—*§o])\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
_BULLET_ONLY = re.compile(r"^\s*" + _BULLET + r"\s*")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def collapse(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space; control
    characters (a NUL from a damaged export) count as spaces."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", text.replace("\u00a0", " "))).strip()


def split_marker(text: str) -> tuple[str, str]:
    """Split a leading list number or bullet ("3.", "a)", "•") from the text."""
    found = _MARKER.match(text)
    if found:
        label = found.group("label")
        return ("•" if label.startswith("(cid:") else label), collapse(found.group("rest"))
    bullet = _BULLET_ONLY.match(text)
    if bullet:
        return bullet.group(0).strip(), collapse(text[bullet.end():])
    return "", collapse(text)


def has_marker(text: str) -> bool:
    return bool(split_marker(text)[0])


def ends_sentence(text: str) -> bool:
    """True when the text ends as a sentence, heading lead-in or clause does."""
    return bool(_SENTENCE_END.search(text))


def starts_lowercase(text: str) -> bool:
    stripped = text.lstrip("\"'“‘([")
    return bool(stripped) and stripped[0].islower()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def looks_like_heading(text: str, max_words: int = 12) -> bool:
    """Shape of a heading line: short, capitalised, not ending like a sentence."""
    text = collapse(text)
    if not text or len(text) > 100 or text.endswith((".", ",", ";", "!", "?")):
        return False
    n = len(text.split())
    return 1 <= n <= max_words and (text[0].isupper() or text[0].isdigit())


_FUNCTION_WORDS = frozenset(
    "the and for with their they this that from into have has been are was were will would should can could "
    "may must also any all its our your who which what when where how than then them there these those such "
    "other more most some each only own same not per via out off over under about after before while during "
    "within without across between including include includes".split())


def content_words(text: str) -> list[str]:
    """The words that carry meaning, lower-cased: no function words, nothing under three letters."""
    return [w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if len(w) > 2 and w not in _FUNCTION_WORDS]
