"""Where a PDF page's text comes from: words with their boxes and fonts, and the page's
ruling lines. The layout code (`lines`, `columns`, `layout`) takes these and nothing else,
so another character source can stand in for pdfplumber without touching it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MIN_RULE = 6.0  # points: shorter strokes are glyph parts or dots, not rules


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float  # the text's baseline region: line pitch is measured bottom to bottom
    size: float
    bold: bool
    glued: bool = False  # a no-break space follows: the next word never starts a line without this one
    face: str = ""  # font family and colour: a heading set in another face is another heading

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Rule:
    """A horizontal or vertical ruling line (a stroke, or a thin filled rectangle)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass(frozen=True)
class PageText:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...]


WORD_ATTRIBUTES = ("fontname", "size", "non_stroking_color")  # a word's characters share these


def pdfplumber_page_text(page, number: int) -> PageText:
    """A pdfplumber page as words and rules."""
    found = page.extract_words(extra_attrs=list(WORD_ATTRIBUTES), keep_blank_chars=False)
    words = page_words(found, page.chars)
    rules = tuple(rule for edge in page.edges if (rule := edge_to_rule(edge, page.width, page.height)))
    return PageText(number, page.width, page.height, words, rules)


def page_words(found: list[dict], chars: list[dict]) -> tuple[Word, ...]:
    """Extracted words (pdfplumber's dictionaries) as Words. Text set sideways on a page of
    upright text (a margin label, a watermark) is left out: it is not part of the reading flow."""
    found = [w for w in found if w["text"].strip()]
    upright = [w for w in found if w["upright"]]
    share = sum(len(w["text"]) for w in upright) / max(1, sum(len(w["text"]) for w in found))
    kept = upright if share >= 0.5 else found
    glue = no_break_spaces(chars)
    looks = [font_look(w["fontname"], _hashable(w.get("non_stroking_color"))) for w in kept]
    return tuple(Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], bold,
                      _glued(w, after, glue), face)
                 for w, after, (bold, face) in zip(kept, [*kept[1:], None], looks))


@lru_cache(maxsize=4096)
def font_look(fontname: str, colour: object) -> tuple[bool, str]:
    """Whether the font is bold, and its family (without the subset prefix and the weight
    or style) with the colour, as one comparable string; worked out once per font and colour."""
    family = re.sub(r"^[A-Z]{6}\+", "", fontname)
    family = re.split(r"[-,]", family, maxsplit=1)[0]
    shade = ",".join(f"{value:.2f}" for value in colour) if isinstance(colour, tuple) else str(colour)
    return bool(_BOLD_FONT.search(fontname)), f"{family}/{shade}"


def _hashable(colour: object) -> object:
    return tuple(colour) if isinstance(colour, list) else colour


def no_break_spaces(chars: list[dict]) -> dict[int, list[tuple[float, float]]]:
    """Where the page has no-break spaces (web pages print them between words that must
    stay together), by rounded height."""
    found: dict[int, list[tuple[float, float]]] = {}
    for char in chars:
        if char["text"] == "\u00a0":
            found.setdefault(round(char["top"]), []).append((char["x0"], char["x1"]))
    return found


def _glued(word: dict, after: dict | None, glue: dict[int, list[tuple[float, float]]]) -> bool:
    if after is None or not glue or abs(after["top"] - word["top"]) > 1:
        return False
    spaces = glue.get(round(word["top"]), [])
    return any(word["x1"] - 1 <= x0 and x1 <= after["x0"] + 1 for x0, x1 in spaces)


def edge_to_rule(edge: dict, width: float, height: float) -> Rule | None:
    """An edge as a rule, unless it is too short or is the side of a page background."""
    x0, x1, top, bottom = edge["x0"], edge["x1"], edge["top"], edge["bottom"]
    if max(x1 - x0, bottom - top) < _MIN_RULE or bottom - top > 0.98 * height:
        return None
    return Rule(x0, top, x1, bottom)
