"""Website chrome at the end of a document: a page's feedback box ("Was this page
helpful? Yes No"), footer links, address and copyright lines. HTML readers drop most of it
by markup; a page printed to PDF or saved as text keeps it as plain lines, so it is also
recognised from the text: a run of short lines closing the document, from the first one
that is a website's own (a footer link or button on its own, "Was this page helpful?", a
copyright line) to the end. A plan's own last items that merely mention feedback or privacy
stay."""

from __future__ import annotations

import re
from typing import Sequence

from ..models import Block

_SHORT_WORDS = 10  # lines of chrome are short: links, buttons, an address, a copyright
_CHROME_LINK = re.compile(  # a footer link or button: the whole line is one of these
    r"^(?:give\s+)?feedback|cookies?(?:\s+(?:policy|settings))?|privacy(?:\s+(?:notice|policy|statement))?"
    r"|accessibility(?:\s+statement)?|contact\s+us|terms\s+(?:and\s+conditions|of\s+use)|site\s*map"
    r"|follow\s+us(?:\s+on\s+\w+)?|back\s+to\s+top|share\s+this\s+page|report\s+a\s+problem(?:\s+with\s+this\s+page)?"
    r"|yes|no|yes\s+no|disclaimer|freedom\s+of\s+information$", re.IGNORECASE)
_CHROME_PHRASE = re.compile(  # a website's own lines, wherever they stand in the line
    r"\b(?:(?:was|is)\s+this\s+page\s+(?:helpful|useful)|did\s+you\s+find\s+what|copyright|all\s+rights\s+reserved"
    r"|(?:page\s+)?last\s+(?:updated|reviewed)|follow\s+us\s+on|sign\s+up\s+(?:to|for)\s+(?:our\s+)?(?:newsletter|email))\b"
    r"|©|\(c\)\s+\w", re.IGNORECASE)


def without_site_chrome(blocks: Sequence[Block]) -> list[Block]:
    """`blocks` without the website chrome that closes them, if any."""
    start = len(blocks)
    while start > 0 and (_is_short(blocks[start - 1]) or _CHROME_PHRASE.search(blocks[start - 1].text)):
        start -= 1
    for index in range(start, len(blocks)):
        text = blocks[index].text.strip(" .?!:|")
        if _CHROME_PHRASE.search(text) or _CHROME_LINK.fullmatch(text):
            return list(blocks[:index])
    return list(blocks)


def _is_short(block: Block) -> bool:
    """A short line; a table row only when one cell holds it (lines below a borderless
    table can be read as its rows)."""
    text = block.text.strip()
    if block.kind == "table_row" and sum(1 for cell in block.cells if cell) > 1:
        return False
    return len(text.split()) <= _SHORT_WORDS and not text.endswith(".")
