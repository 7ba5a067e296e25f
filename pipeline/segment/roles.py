"""Give each block its role in the plan before records are cut from it.

Headings are the ambiguous part. A heading from markup (level > 0) or one carrying a
catalogue theme/section name is structural. A heading guessed only from a short line's
shape is structural when the run of headings it starts leads into an action list, a
response marker or a table; otherwise it is a short line of the council's own prose
(for example a list of services written without bullets) and is read as a paragraph.
"""

from __future__ import annotations

from typing import Literal, Sequence

from ..catalogue import Catalogue
from ..models import Block
from .cues import (catalogue_phrases, column_role, is_actions_marker, is_catalogue_section, is_continued, is_reported,
                   is_response_marker, theme_number, without_continued)

_CUE_MAX_WORDS = 20  # a paragraph longer than this is prose, not a cue
_PROSE_PAIRS = 2  # catalogue word pairs that make a paragraph read as plan content ...
_PROSE_MIN = 3  # ... and how many such paragraphs make a document without cues a plan

Role = Literal["title", "preamble", "theme", "actions_marker", "response_marker",
               "section", "content"]


def blocks_to_roles(blocks: Sequence[Block], catalogue: Catalogue) -> list[Role]:
    roles: list[Role] = [block_role(block, catalogue) for block in blocks]
    sections: set[str] = set()
    for index, block in enumerate(blocks):
        if roles[index] != "section":
            continue
        repeated = is_continued(block.text) and without_continued(block.text) in sections
        if block.level == 0 and not repeated and not _leads_into_plan(index, blocks, roles):
            if not is_catalogue_section(block.text, catalogue):
                roles[index] = "content"
                continue
        sections.add(without_continued(block.text))
    start = plan_start(blocks, roles, catalogue)
    title = _title_index(blocks, start)
    for index in range(start):
        roles[index] = "title" if index == title else "preamble"
    return roles


def block_role(block: Block, catalogue: Catalogue) -> Role:
    """A heading's role; a short paragraph can be a cue too ("Actions:" or "Theme 2: …"
    written as plain text), since not every plan marks its cues up as headings."""
    if block.kind not in ("heading", "paragraph"):
        return "content"
    if block.kind == "paragraph" and len(block.text.split()) > _CUE_MAX_WORDS:
        return "content"
    if theme_number(block.text, catalogue) is not None:
        return "theme"
    if is_actions_marker(block.text):
        return "actions_marker"
    if is_response_marker(block.text):
        return "response_marker"
    return "section" if block.kind == "heading" else "content"


def plan_start(blocks: Sequence[Block], roles: Sequence[Role], catalogue: Catalogue) -> int:
    """Where the plan's body begins: its first plan cue (a theme heading, an action-list or
    response marker, a catalogue section heading, a table whose header names an action
    column). Without any cue, where its prose starts to do what the catalogue asks (see
    `prose_start`); without either the document holds no plan, and the result is its length."""
    for index, (block, role) in enumerate(zip(blocks, roles)):
        if role in ("theme", "actions_marker", "response_marker"):
            return index
        if role == "section" and is_catalogue_section(block.text, catalogue):
            return index
        if block.header and "action" in (column_role(" ".join(cell)) for cell in block.cells):
            return index
    return prose_start(blocks, catalogue)


def prose_start(blocks: Sequence[Block], catalogue: Catalogue) -> int:
    """A plan written as plain prose: at least `_PROSE_MIN` paragraphs in the council's own
    account (not reporting others' obligations or a meeting) that use the catalogue's own
    word pairs at least `_PROSE_PAIRS` times each. The plan starts at the first of them;
    what comes before is preamble."""
    strong = [index for index, block in enumerate(blocks)
              if block.kind in ("paragraph", "list_item")
              and len(catalogue_phrases(block.text, catalogue)) >= _PROSE_PAIRS and not is_reported(block.text)]
    return strong[0] if len(strong) >= _PROSE_MIN else len(blocks)


def _leads_into_plan(index: int, blocks: Sequence[Block], roles: Sequence[Role]) -> bool:
    """The run of headings starting here is followed by plan structure, not prose."""
    for later in range(index + 1, len(blocks)):
        if roles[later] in ("theme", "actions_marker", "response_marker"):
            return True
        if roles[later] == "section" and blocks[later].kind == "heading":
            continue
        return blocks[later].kind in ("list_item", "table_row")
    return True


def _title_index(blocks: Sequence[Block], stop: int) -> int | None:
    """The first heading before the plan, or one naming a plan when a page has others."""
    headings = [index for index in range(stop) if blocks[index].kind == "heading"]
    naming = [index for index in headings if "plan" in blocks[index].text.lower()]
    return (naming or headings or [None])[0]
