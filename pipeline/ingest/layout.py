"""A PDF page's words in reading order, as regions, then blocks.

page words -> ruled grids (their words go to cells) -> the other words as full-width lines
-> bands (single flows, newspaper columns, borderless tables) -> regions -> units -> blocks.
The line spacing is measured over the whole document first, so unit boundaries follow the
document's own geometry, whatever its line spacing, font or size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Sequence

from ..models import Block
from ..strings import collapse
from .columns import (Band, Box, is_table, lines_to_bands, rules_to_grids, rules_to_stacks, separators,
                      split_by_gutters, split_stack, stack_to_grid)
from .lines import Line, Measure, Spacing, Unit, is_heading, lines_to_units, measure_of, runs_on, words_to_lines
from .table import row_to_block
from .textblock import emphasis_to_block, text_to_block
from .words import PageText, Word

RegionKind = Literal["text", "columns", "grid"]
_ROW_TOLERANCE = 2.5  # points
_GUTTER_REACH = 0.25  # how far into the gutter after it a borderless column's text could run


@dataclass(frozen=True)
class Region:
    """A part of a page read as a whole: one flow of text, columns side by side (newspaper
    columns read one after the other, or a borderless table cut into rows), or a ruled
    table's rows of cells."""

    kind: RegionKind
    page: int
    top: float
    flows: tuple[tuple[Line, ...], ...] = ()  # text / columns: lines per column
    rows: tuple[tuple[tuple[Line, ...], ...], ...] = ()  # grid: per row, lines per cell
    boxes: tuple[tuple[Box, ...], ...] = ()  # grid: the cells' boxes, for the debug view
    gutters: tuple[tuple[float, float], ...] = ()  # columns: between the columns


@dataclass(frozen=True)
class Piece:
    """A block with the units it came from (for the debug view) and the measure of its flow
    (for telling whether its last line is full)."""

    block: Block
    units: tuple[Unit, ...]
    region: Region
    measure: Measure = Measure(0.0)


@dataclass(frozen=True)
class PageParts:
    """A page split before its text is laid out: its tables (ruled grids, and stacks of
    horizontal rules with columns between), the lines outside them, and the heights where
    a table or a rule across the page separates the text above from the text below."""

    grids: tuple[Region, ...]
    lines: tuple[Line, ...]
    cuts: tuple[float, ...]


def page_to_parts(page: PageText, body: float) -> PageParts:
    grids = rules_to_grids(page.rules)
    stacks = rules_to_stacks(page.rules, grids)
    page_lines = words_to_lines(page.words, page.number) if stacks else []
    for box, ys in (part for stack in stacks for part in split_stack(*stack, page_lines, body)):
        grid = stack_to_grid(box, ys, page_lines, body)
        if grid is not None:
            grids.append(grid)
    in_grid: set[int] = set()
    regions = []
    for grid in grids:
        rows, boxes = [], []
        own = [i for i, w in enumerate(page.words) if i not in in_grid and _inside(w, grid.box)]
        for cells in grid.rows:
            row = []
            for box in cells:
                words = [i for i in own if i not in in_grid and _inside(page.words[i], box)]
                in_grid.update(words)
                row.append(tuple(words_to_lines([page.words[i] for i in words], page.number)))
            if any(row):
                rows.append(tuple(row))
                boxes.append(cells)
        if rows:
            regions.append(Region("grid", page.number, grid.box[1], rows=tuple(rows), boxes=tuple(boxes)))
    free = [word for i, word in enumerate(page.words) if i not in in_grid]
    cuts = sorted({*(grid.top for grid in regions), *separators(page.rules, grids, page.width)})
    return PageParts(tuple(regions), tuple(words_to_lines(free, page.number)), tuple(cuts))


def lines_to_regions(lines: Sequence[Line], page: int, body: float, cuts: Sequence[float] = (),
                     continued: Sequence[tuple[float, float]] = ()) -> list[Region]:
    """Text regions of the lines outside the page's tables; a table or a rule between two
    lines separates them, so text above and below never reads as one flow. `continued`:
    the gutters of columns that ended the previous page, carried on by the first run."""
    runs: list[list[Line]] = []
    for line in lines:
        if not runs or any(runs[-1][-1].top < cut <= line.top for cut in cuts):
            runs.append([])
        runs[-1].append(line)
    first_cut = min(cuts, default=None)
    carried = continued if runs and (first_cut is None or first_cut > runs[0][0].top) else ()
    return [band_to_region(band, page) for index, run in enumerate(runs)
            for band in lines_to_bands(run, body, carried if index == 0 else ())]


def band_to_region(band: Band, page: int) -> Region:
    top = band.lines[0].top
    if not band.gutters:
        return Region("text", page, top, flows=(band.lines,))
    flows = tuple(tuple(column) for column in split_by_gutters(band))
    return Region("columns", page, top, flows=flows, gutters=band.gutters)


def region_flows(region: Region) -> list[tuple[Line, ...]]:
    """Every run of lines in the region that reads as one column of text."""
    if region.kind == "grid":
        return [cell for row in region.rows for cell in row]
    return list(region.flows)


@dataclass(frozen=True)
class Typesetting:
    """The line spacing measured over the whole document, for its running text and for
    its ruled tables' cells (Word sets 'Table Grid' single-spaced under a 1.08 or 1.15 body)."""

    text: Spacing
    cells: Spacing


def regions_to_pieces(regions: Sequence[Region], typesetting: Typesetting, text: Measure) -> list[Piece]:
    """Blocks of a page in reading order; `text` is the measure of the single flows of
    text on pages of this width."""
    pieces: list[Piece] = []
    spacing = typesetting.text
    for region in regions:
        if region.kind == "grid":
            pieces.extend(grid_to_pieces(region, typesetting.cells))
        elif region.kind == "columns" and is_borderless_table(region, spacing):
            pieces.extend(borderless_to_pieces(region, spacing))
        else:
            pieces.extend(flows_to_pieces(region, spacing, text))
    return pieces


def flows_to_pieces(region: Region, spacing: Spacing, text: Measure) -> list[Piece]:
    """A text region's units, column after column; a paragraph that runs on from the foot
    of one column to the top of the next is one unit. Every unit but the last is closed:
    the layout shows where it ends."""
    placed: list[tuple[Unit, Measure]] = []
    for flow in region.flows:
        measure = text if region.kind == "text" else measure_of(flow)
        units = lines_to_units(flow, spacing, measure)
        if placed and units and runs_on(placed[-1][0], units[0], spacing, placed[-1][1]):
            before = placed.pop()[0]
            merged = Unit.of(before.lines + units[0].lines)
            units = [merged, *units[1:]]
        placed.extend((unit, measure) for unit in units)
    pieces = [Piece(unit_to_block(unit, spacing, region.page), (unit,), region, measure) for unit, measure in placed]
    return [replace(piece, block=replace(piece.block, closed=True)) for piece in pieces[:-1]] + pieces[-1:]


def close_at_page_breaks(pieces: Sequence[Piece]) -> list[Piece]:
    """Say at each page break whether the last paragraph of the page ends there (its last
    line stops short of where the next page's first word would fit) or runs on; nothing
    when its flow is too short to tell a full line."""
    out = list(pieces)
    for index, (piece, following) in enumerate(zip(pieces, pieces[1:])):
        text_kinds = ("paragraph", "list_item")
        if (piece.block.kind in text_kinds and following.block.kind in text_kinds
                and following.block.page != piece.block.page and piece.measure.known):
            closed = piece.measure.ended_short(piece.units[-1].lines, following.units[0].lines[0])
            out[index] = replace(piece, block=replace(piece.block, closed=closed))
    return out


def grid_to_pieces(region: Region, spacing: Spacing) -> list[Piece]:
    width = max(len(row) for row in region.rows)
    measures = [measure_of([line for row in region.rows if len(row) == width for line in row[i]])
                for i in range(width)]
    pieces = []
    for row in region.rows:
        cells = [lines_to_units(cell, spacing, measures[i] if len(row) == width else None)
                 for i, cell in enumerate(row)]
        pieces.append(_row_piece(cells, region))
    return pieces


def is_borderless_table(region: Region, spacing: Spacing) -> bool:
    """Columns side by side are a table when they open with a row of bold labels, or when
    their units start together, row by row (newspaper columns each start paragraphs
    wherever the text flow puts them)."""
    firsts = [flow[0] for flow in region.flows if flow]
    if len(firsts) > 1 and all(line.bold for line in firsts) and len({round(l.top) for l in firsts}) == 1:
        return True
    return is_table([[unit.top for unit in lines_to_units(flow, spacing)] for flow in region.flows])


def borderless_to_pieces(region: Region, spacing: Spacing) -> list[Piece]:
    """Columns cut into rows where the first column starts a unit, where several columns
    start one side by side, or where plain text follows a header row (bold labels). A
    column's text may run into the gutter after it, so a short line in a
    narrow column ends its unit (its text may reach a quarter into the gutter: the rest is
    the cells' padding)."""
    columns = [lines_to_units(flow, spacing, _column_measure(flow, region.gutters[i] if i < len(region.gutters) else None))
               for i, flow in enumerate(region.flows)]
    first = [unit.top for unit in columns[0]]
    others = [unit.top for column in columns[1:] for unit in column]
    together = [y for y in others if sum(abs(y - o) <= _ROW_TOLERANCE for o in others) > 1]
    starts = sorted(set(first) | set(together))
    labels = {unit.top for unit in columns[0] if all(line.bold for line in unit.lines)}
    for unit in sorted((unit for column in columns[1:] for unit in column), key=lambda u: u.top):
        row = max([y for y in starts if y <= unit.top + _ROW_TOLERANCE], default=None)
        if row in labels and not all(line.bold for line in unit.lines):
            starts = sorted({*starts, unit.top})
    columns = [[part for unit in column for part in split_at(unit, starts)] for column in columns]
    rows: list[list[list[Unit]]] = [[[] for _ in columns] for _ in starts]
    for index, column in enumerate(columns):
        for unit in column:
            row = max([i for i, y in enumerate(starts) if y <= unit.top + _ROW_TOLERANCE], default=0)
            rows[row][index].append(unit)
    return [_row_piece(cells, region) for cells in rows if any(cells)]


def _column_measure(flow: Sequence[Line], gutter: tuple[float, float] | None) -> Measure:
    measure = measure_of(flow)
    if gutter is None:
        return measure
    return replace(measure, right=max(measure.right, gutter[0] + _GUTTER_REACH * (gutter[1] - gutter[0])))


def split_at(unit: Unit, starts: Sequence[float]) -> list[Unit]:
    """A unit cut where a table row starts inside it (single-line rows with no spacing
    read as one paragraph in a narrow column until the other columns show the rows)."""
    groups: list[list[Line]] = [[]]
    for line in unit.lines:
        if groups[-1] and any(abs(line.top - y) <= _ROW_TOLERANCE for y in starts):
            groups.append([])
        groups[-1].append(line)
    if len(groups) == 1:
        return [unit]
    return [Unit.of(group) for group in groups]


def _row_piece(cells: Sequence[Sequence[Unit]], region: Region) -> Piece:
    texts = [tuple(unit.text for unit in cell) for cell in cells]
    bold = [bool(cell) and all(line.bold for unit in cell for line in unit.lines) for cell in cells]
    block = row_to_block(texts, bold, page=region.page)
    return Piece(block, tuple(unit for cell in cells for unit in cell), region)


def unit_to_block(unit: Unit, spacing: Spacing, page: int) -> Block:
    """A paragraph or list item; a heading when bold or set larger than the body, its level
    the rank of its size among the document's heading sizes (1 = largest)."""
    first = unit.lines[0]
    text = collapse(unit.text)
    if not is_heading(first, spacing.body):
        return text_to_block(text, page=page)
    size = round(first.size, 1)
    if size not in spacing.heading_sizes:  # bold at body size: emphasis, a heading if shaped like one
        return emphasis_to_block(text, page)
    return Block("heading", text, page=page, level=spacing.heading_sizes.index(size) + 1)


def text_measure(regions: Sequence[Region]) -> Measure:
    """The measure of the document's single flows of text, taken over all of them."""
    return measure_of([line for region in regions if region.kind == "text"
                       for flow in region.flows for line in flow])


def _inside(word: Word, box: Box) -> bool:
    x0, top, x1, bottom = box
    return x0 <= (word.x0 + word.x1) / 2 <= x1 and top <= word.middle <= bottom
