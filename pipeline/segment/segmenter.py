"""Cut plan records out of role-tagged blocks.

One pass in reading order keeps the current theme, section, reading mode (after an
action-list marker, after a response marker, or neither) and group. A group ties
responses to the actions they answer: a table row, or a section's action list with its
responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

from ..catalogue import Catalogue
from ..models import Block, Record, RecordKind
from ..strings import split_marker
from .cues import (ATTRIBUTE_ROLES, ColumnRole, column_role, default_column_roles, is_continued,
                   looks_like_header_row, theme_number, without_continued)
from .roles import Role


@dataclass(frozen=True)
class Piece:
    """A record before it gets its ids: what the walk over the blocks produces."""

    theme_no: int | None
    section: str
    kind: RecordKind
    group: int
    label: str
    text: str
    page: int | None
    rag: str = ""
    owner: str = ""
    due: str = ""
    extra: str = ""


@dataclass
class _State:
    theme_no: int | None = None
    section: str = ""
    mode: str = "none"
    group: int = 0
    group_kinds: set[str] = field(default_factory=set)
    columns: tuple[tuple[ColumnRole, str], ...] = ()  # the current table's (role, header) per column

    def new_group(self) -> None:
        self.group += 1
        self.group_kinds = set()


def blocks_to_pieces(blocks: Sequence[Block], roles: Sequence[Role],
                     catalogue: Catalogue) -> list[Piece]:
    state = _State()
    pieces: list[Piece] = []
    previous_kind = ""
    for index, (block, role) in enumerate(zip(blocks, roles)):
        if role in ("title", "preamble"):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        within_table = (previous_kind == "table_row" and following is not None
                        and following.kind == "table_row" and not following.header)
        if previous_kind == "table_row" and block.kind != "table_row" and not within_table:
            state.columns = ()  # the table has ended: what follows is not one of its rows
            state.new_group()
        previous_kind = "table_row" if within_table else block.kind
        kept = state.columns if within_table else ()  # a theme or section row merged across the table
        if role == "theme":
            _open_theme(state, block, catalogue)
            state.columns = state.columns or kept
        elif role == "actions_marker":
            if state.group_kinds:
                state.new_group()
            state.mode = "actions"
        elif role == "response_marker":
            state.mode = "responses"
        elif role == "section":
            if is_continued(block.text) and without_continued(block.text) == state.section:
                continue  # the same section, repeated on the next page
            state.section, state.mode, state.columns = block.text, "none", kept
            state.new_group()
        elif block.kind == "table_row":
            pieces.extend(_row_to_pieces(state, block))
        else:
            kind: RecordKind = ("required_action" if block.kind == "list_item" and state.mode == "actions"
                                else "response")
            pieces.append(_piece(state, kind, block.label, block.text, block.page))
    return pieces


def _open_theme(state: _State, block: Block, catalogue: Catalogue) -> None:
    number = theme_number(block.text, catalogue)
    if number == state.theme_no and is_continued(block.text):
        return
    state.theme_no, state.section, state.mode, state.columns = number, "", "none", ()
    state.new_group()


def _row_to_pieces(state: _State, row: Block) -> list[Piece]:
    """A table row's action and response cells as records; its attribute cells (RAG
    status, lead, timescale) and cells of unknown columns are kept on those records."""
    if row.header or (not state.columns and looks_like_header_row(row.cells)):
        state.columns = tuple((column_role(" ".join(cell)), " ".join(cell)) for cell in row.cells)
        return []
    columns = (state.columns[:len(row.cells)] if len(row.cells) <= len(state.columns)  # trailing cells may be empty
               else tuple((role, "") for role in default_column_roles(len(row.cells))))
    merged_down = any(role == "action" and not cell for (role, _), cell in zip(columns, row.cells)) \
        and "required_action" in state.group_kinds
    if not merged_down:  # a row under an action cell merged down answers the same action
        state.new_group()
    values = {role: "; ".join(cell) for (role, _), cell in zip(columns, row.cells) if role in ATTRIBUTE_ROLES}
    extra = "; ".join(f"{header}: {' '.join(cell)}" for (role, header), cell in zip(columns, row.cells)
                      if role == "other" and cell)
    pieces = []
    for (role, _), cell in zip(columns, row.cells):
        if role not in ("action", "response"):
            continue
        kind: RecordKind = "required_action" if role == "action" else "response"
        for unit in cell:
            label, text = split_marker(unit)
            if text:
                pieces.append(replace(_piece(state, kind, label, text, row.page), extra=extra, **values))
    return pieces


def _piece(state: _State, kind: RecordKind, label: str, text: str, page: int | None) -> Piece:
    state.group_kinds.add(kind)
    return Piece(state.theme_no, state.section, kind, state.group, label, text, page)


def pieces_to_records(pieces: Sequence[Piece], doc_id: str, council: str,
                      catalogue: Catalogue) -> tuple[Record, ...]:
    """Number the pieces in document order; groups are renumbered as they first appear."""
    group_numbers: dict[int, int] = {}
    records = []
    for seq, piece in enumerate(pieces, start=1):
        group = group_numbers.setdefault(piece.group, len(group_numbers) + 1)
        records.append(Record(
            record_id=f"{doc_id}-{seq:04d}", doc_id=doc_id, council=council, seq=seq,
            theme_no=piece.theme_no, theme=catalogue.themes.get(piece.theme_no, "") if piece.theme_no else "",
            section=piece.section, kind=piece.kind, group_id=f"{doc_id}-g{group:03d}",
            label=piece.label, rag=piece.rag, owner=piece.owner, due=piece.due, extra=piece.extra,
            text=piece.text, page=piece.page,
        ))
    return tuple(records)
