"""Website chrome at the end of a document: a page's feedback box ("Was this page
helpful? Yes No"), footer links, address and copyright lines. HTML readers drop most of it
by markup; a page printed to PDF or saved as text keeps it as plain lines, so it is also
recognised from the text: a run of short lines closing the document, from the first one
that carries a website's own vocabulary to the end."""

from __future__ import annotations

import re
from typing import Sequence

from ..models import Block

_SHORT_WORDS = 10  # lines of chrome are short: links, buttons, an address, a copyright
_CHROME_WORDS = re.compile(
    r"\b(?:was\s+this\s+page\s+(?:helpful|useful)|is\s+this\s+page\s+(?:helpful|useful)|did\s+you\s+find"
    r"|report\s+a\s+problem|feedback|cookies?(?:\s+policy)?|privacy(?:\s+(?:notice|policy))?|accessibility"
    r"(?:\s+statement)?|contact\s+us|terms\s+(?:and\s+conditions|of\s+use)|site\s*map|follow\s+us"
    r"|copyright|all\s+rights\s+reserved|back\s+to\s+top|share\s+this\s+page)\b|©|\(c\)\s+\w",
    re.IGNORECASE)


def without_site_chrome(blocks: Sequence[Block]) -> list[Block]:
    """`blocks` without the website chrome that closes them, if any."""
    start = len(blocks)
    while start > 0 and _is_short(blocks[start - 1]):
        start -= 1
    for index in range(start, len(blocks)):
        if _CHROME_WORDS.search(blocks[index].text):
            return list(blocks[:index])
    return list(blocks)


def _is_short(block: Block) -> bool:
    """A short line; a table row only when one cell holds it (lines below a borderless
    table can be read as its rows)."""
    text = block.text.strip()
    if block.kind == "table_row" and sum(1 for cell in block.cells if cell) > 1:
        return False
    return len(text.split()) <= _SHORT_WORDS and not text.endswith(".")
