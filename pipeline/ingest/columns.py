"""Columns and grids found from the page itself: ruled tables from the ruling lines, and
whitespace gutters (the x-range no word crosses over a run of lines) for newspaper
columns and borderless tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..strings import split_marker
from .lines import Line, words_to_lines
from .words import Rule

_SNAP = 2.0  # points: rule positions closer than this are one
_TOUCH = 2.5  # points: rules this close to each other meet
_MIN_CELL = 4.0  # points: row or column bands thinner than this are border artefacts
_GUTTER = 0.75  # a gutter is at least this share of the body font size wide
_MIN_SIDED_LINES = 3  # lines with text on both sides of a gutter, for it to be one
_SETTLED = 3  # lines with text on both sides that make a gutter a column boundary
_MIN_COLUMN = 1.5  # a column is at least this many font sizes wide (a RAG column of "Red" is)
_ALIGNED = 2.5  # points: unit starts this close side by side are one table row
_SEPARATOR = 0.5  # a rule across this share of the page width separates the text above and below
_SMALL_PRINT = 2.0  # points below the body size: a page's header, footer or print stamp
_ACROSS = 0.75  # a line of text across this share of a row-ruled table's width is not one of its rows

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class Grid:
    """A ruled table on one page: its column cuts and, per row, the cells that exist there
    (a merged cell spans several columns)."""

    box: Box
    xs: tuple[float, ...]
    rows: tuple[tuple[Box, ...], ...]


@dataclass(frozen=True)
class Band:
    """Consecutive full-width lines, with the gutters between their columns (none for one
    flow of text)."""

    lines: tuple[Line, ...]
    gutters: tuple[tuple[float, float], ...] = ()


def rules_to_grids(rules: Sequence[Rule]) -> list[Grid]:
    """Tables drawn with ruling lines: connected horizontal and vertical rules that make
    at least two columns. Rows cut at the page foot are closed by the ends of the column
    rules, so a row broken by a page break is still a row."""
    grids = []
    for component in _components(rules):
        verticals = [rule for rule in component if not rule.horizontal]
        horizontals = [rule for rule in component if rule.horizontal]
        if len(verticals) < 3 or not horizontals:
            continue
        box = (min(r.x0 for r in component), min(r.top for r in component),
               max(r.x1 for r in component), max(r.bottom for r in component))
        xs = _snap([(r.x0 + r.x1) / 2 for r in verticals])
        ys = _snap([(r.top + r.bottom) / 2 for r in horizontals] + [box[1], box[3]])
        rows = []
        for top, bottom in zip(ys, ys[1:]):
            if bottom - top < _MIN_CELL:
                continue
            middle = (top + bottom) / 2
            cuts = [x for x in xs if any(abs((r.x0 + r.x1) / 2 - x) <= _SNAP and r.top <= middle <= r.bottom
                                         for r in verticals)]
            cuts = _snap([xs[0], *cuts, xs[-1]])
            cells = tuple((x0, top, x1, bottom) for x0, x1 in zip(cuts, cuts[1:]) if x1 - x0 >= _MIN_CELL)
            if cells:
                rows.append(cells)
        if len(xs) >= 3 and rows:
            grids.append(Grid(box, tuple(xs), tuple(rows)))
    return grids


def rules_to_stacks(rules: Sequence[Rule], grids: Sequence[Grid]) -> list[tuple[Box, list[float]]]:
    """Tables ruled with horizontal lines only (rules between rows, CSS bottom borders): at
    least three horizontal rules of the same extent outside any grid, as the stack's box
    and the rules' heights."""
    loose = _merge_collinear([r for r in rules if r.horizontal and not any(_within(r, grid.box) for grid in grids)])
    groups: list[list[Rule]] = []
    for rule in sorted(loose, key=lambda r: (round(r.x0), round(r.x1), r.top)):
        if groups and abs(groups[-1][0].x0 - rule.x0) <= _TOUCH and abs(groups[-1][0].x1 - rule.x1) <= _TOUCH:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    stacks = []
    for group in groups:
        ys = _snap([(r.top + r.bottom) / 2 for r in group])
        if len(ys) >= 3:
            stacks.append(((min(r.x0 for r in group), ys[0], max(r.x1 for r in group), ys[-1]), ys))
    return stacks


def _merge_collinear(rules: Sequence[Rule]) -> list[Rule]:
    """Horizontal rules at one height that touch become one (each cell's bottom border)."""
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round((r.top + r.bottom) / 2 / _SNAP), r.x0)):
        last = merged[-1] if merged else None
        if (last is not None and abs((last.top + last.bottom) / 2 - (rule.top + rule.bottom) / 2) <= _SNAP
                and rule.x0 <= last.x1 + _TOUCH):
            merged[-1] = Rule(last.x0, min(last.top, rule.top), max(last.x1, rule.x1), max(last.bottom, rule.bottom))
        else:
            merged.append(rule)
    return merged


def split_stack(box: Box, ys: Sequence[float], page_lines: Sequence[Line], body: float) -> list[tuple[Box, list[float]]]:
    """Rules of one width may rule several tables (one per theme, a heading between): a
    band holding a line of text across the stack's width, with no gutter in it, is not a
    row, and the stacks either side of it are read apart."""
    parts: list[list[float]] = [[ys[0]]]
    for top, bottom in zip(ys, ys[1:]):
        across = any(top <= (line.top + line.bottom) / 2 <= bottom and line.x0 <= box[0] + body
                     and line.x1 - line.x0 >= _ACROSS * (box[2] - box[0]) and not _inner_gaps(line, _GUTTER * body)
                     for line in page_lines)
        if across:
            parts.append([bottom])
        else:
            parts[-1].append(bottom)
    return [((box[0], part[0], box[2], part[-1]), part) for part in parts if len(part) >= 2]


def stack_to_grid(box: Box, ys: Sequence[float], page_lines: Sequence[Line], body: float) -> Grid | None:
    """A stack of rules is a table when the lines between them leave a gutter (columns):
    cells are the column spans between consecutive rules; a row whose text crosses a
    gutter is one merged cell. The rows just above the first rule and below the last (a
    header ruled only beneath, a row cut by the page foot) join while they keep clear of
    the gutters."""
    inside = [line for line in page_lines if box[1] <= (line.top + line.bottom) / 2 <= box[3]]
    gutters = common_gutters(inside, _GUTTER * body, min_lines=2)  # the rules already say "table"
    if not gutters:
        return None
    above = [line for line in page_lines if line.bottom <= box[1]]
    below = [line for line in page_lines if line.top >= box[3]]
    above = [line for line in above if line.size >= body - _SMALL_PRINT]  # not a page's small print
    below = [line for line in below if line.size >= body - _SMALL_PRINT]
    top = _extend(list(reversed(above)), box[1], gutters, lambda line: line.top, lambda line: line.bottom,
                  header=True)
    bottom = _extend(below, box[3], gutters, lambda line: line.bottom, lambda line: line.top)
    ys = sorted({top, *ys, bottom})
    box = (box[0], ys[0], box[2], ys[-1])
    lines = [line for line in page_lines if box[1] <= (line.top + line.bottom) / 2 <= box[3]]
    xs = (box[0], *((a + b) / 2 for a, b in gutters), box[2])
    rows = []
    for top, bottom in zip(ys, ys[1:]):
        inside = [line for line in lines if top <= (line.top + line.bottom) / 2 <= bottom]
        cuts = [x for x in xs[1:-1] if not any(w.x0 < x < w.x1 for line in inside for w in line.words)]
        edges = [xs[0], *cuts, xs[-1]]
        rows.append(tuple((x0, top, x1, bottom) for x0, x1 in zip(edges, edges[1:])))
    return Grid(box, xs, tuple(rows))


def _extend(lines: Sequence[Line], start: float, gutters: Sequence[tuple[float, float]], far, near,
            header: bool = False) -> float:
    """How far a stack of rules reaches over the adjacent `lines` (nearest first): while
    no word crosses the middle of its gutters and the lines follow each other closely;
    above the first rule (a `header` row) only over lines with text in two columns, so a
    lead-in sentence above the table stays outside it."""
    edge = start
    cuts = [(a + b) / 2 for a, b in gutters]
    for line in lines:
        if abs(near(line) - edge) > line.bottom - line.top or any(
                w.x0 < cut < w.x1 for w in line.words for cut in cuts):
            break
        if header and len({sum(1 for cut in cuts if w.x0 >= cut) for w in line.words}) < 2:
            break
        edge = far(line) + (1 if far(line) > near(line) else -1)
    return edge


def common_gutters(lines: Sequence[Line], gap: float, min_lines: int = _MIN_SIDED_LINES) -> list[tuple[float, float]]:
    """X-ranges that almost no line crosses (a merged row may), at least `gap` wide, with
    text on both sides in at least `min_lines` lines."""
    if len(lines) < min_lines:
        return []
    left, right = int(min(line.x0 for line in lines)), int(max(line.x1 for line in lines)) + 1
    cover = [0] * (right - left)
    for line in lines:
        for word in line.words:
            for x in range(int(word.x0) - left, min(int(word.x1) + 1 - left, len(cover))):
                cover[x] += 1
    allowed = 0.15 * len(lines)
    gutters, start = [], None
    for x, count in enumerate([*cover, len(lines)]):
        if count <= allowed and start is None:
            start = x
        elif count > allowed and start is not None:
            if x - start >= gap and start > 0 and x < len(cover):
                gutters.append((left + start, left + x))
            start = None
    return [g for g in gutters
            if sum(1 for line in lines if any(w.x1 <= g[0] for w in line.words)
                   and any(w.x0 >= g[1] for w in line.words)) >= min(2, min_lines)]


def separators(rules: Sequence[Rule], grids: Sequence[Grid], width: float) -> list[float]:
    """Heights of horizontal rules across most of the page outside tables (box edges of a
    feedback panel or a footer, section rules): text above and below is read apart."""
    return sorted((r.top + r.bottom) / 2 for r in rules
                  if r.horizontal and r.x1 - r.x0 >= _SEPARATOR * width
                  and not any(_within(r, grid.box) for grid in grids))


def _within(rule: Rule, box: Box) -> bool:
    return (box[0] - _TOUCH <= rule.x0 and rule.x1 <= box[2] + _TOUCH
            and box[1] - _TOUCH <= rule.top and rule.bottom <= box[3] + _TOUCH)


def _components(rules: Sequence[Rule]) -> list[list[Rule]]:
    """Rules grouped by touching (union-find over pairs that meet, swept left to right so
    only rules that overlap in x are compared)."""
    rules = sorted(rules, key=lambda r: r.x0)
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            b = rules[j]
            if b.x0 - _TOUCH > a.x1:
                break
            if a.top - _TOUCH <= b.bottom and b.top - _TOUCH <= a.bottom:
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(find(i), []).append(rule)
    return list(groups.values())


def _snap(values: Sequence[float]) -> list[float]:
    snapped: list[float] = []
    for value in sorted(values):
        if snapped and value - snapped[-1] <= _SNAP:
            continue
        snapped.append(value)
    return snapped


def lines_to_bands(lines: Sequence[Line], body: float, continued: Sequence[tuple[float, float]] = ()) -> list[Band]:
    """Split a page's full-width lines into bands: runs of lines sharing whitespace
    gutters (newspaper columns, a borderless table) and single flows of text between.
    `continued` are the gutters of columns that ran to the foot of the previous page: the
    lines at the top of this page that share them carry those columns on, however few."""
    gap = _GUTTER * body
    bands: list[Band] = []
    single: list[Line] = []
    index = 0
    while index < len(lines):
        end, gutters = _grow_band(lines, index, gap, continued if index == 0 else ())
        if gutters:
            head = _right_of_gutter_above(single, gutters)
            single = single[:len(single) - len(head)]
            if single:
                bands.append(Band(tuple(single)))
                single = []
            bands.append(Band(tuple(head + list(lines[index:end])), gutters))
            index = end
        else:
            single.append(lines[index])
            index += 1
    if single:
        bands.append(Band(tuple(single)))
    return bands


def _right_of_gutter_above(lines: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> list[Line]:
    """The lines just above a band that sit wholly right of its first gutter: a later
    column that starts higher than the first (its first line is the rest of a paragraph)."""
    head: list[Line] = []
    for line in reversed(lines):
        if line.x0 < gutters[0][1] - 1:
            break
        head.insert(0, line)
    return head


def _grow_band(lines: Sequence[Line], start: int, gap: float,
               continued: Sequence[tuple[float, float]] = ()) -> tuple[int, tuple[tuple[float, float], ...]]:
    """The longest run from `start` whose lines leave common gutters, if they are real
    columns (see `_real_columns`). A line across a gutter that has had text on both sides
    in several lines ends the run there, when the run so far is a table or columns (the
    ragged right of the prose below a table must not carry its last column on)."""
    free = _inner_gaps(lines[start], gap)
    if not free:
        return start + 1, ()
    end = start + 1
    sided_by = {gutter: 1 for gutter in free}  # lines with text on both sides of each gutter
    while end < len(lines):
        line, narrowed, crossed = lines[end], [], False
        for gutter in free:
            parts = _intersect([gutter], _free_space(line), gap)
            crossed = crossed or (not parts and sided_by[gutter] >= _SETTLED)
            for part in parts:
                both = any(w.x1 <= part[0] for w in line.words) and any(w.x0 >= part[1] for w in line.words)
                sided_by[part] = sided_by[gutter] + both
                narrowed.append(part)
        if not narrowed or (crossed and _real_columns(lines[start:end], free, gap, continued)):
            break
        free, end = narrowed, end + 1
    if not _real_columns(lines[start:end], free, gap, continued):
        return start + 1, ()
    return end, tuple(free)


def _real_columns(run: Sequence[Line], free: Sequence[tuple[float, float]], gap: float,
                  continued: Sequence[tuple[float, float]]) -> bool:
    """Gutters that make columns: text on both sides in several lines (or the gutters of
    columns continued from the page before), no column narrower than a short word or made
    of list markers only (a list's numbers beside its hanging indent are not a column)."""
    left, right = min(line.x0 for line in run), max(line.x1 for line in run)
    cuts = [left, *(x for gutter in free for x in gutter), right]
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    body = gap / _GUTTER
    for a, b in spans:
        words = [w for line in run for w in line.words if a <= w.x0 and w.x1 <= b]
        if b - a < _MIN_COLUMN * body or all(split_marker(f"{w.text} x")[0] == w.text for w in words):
            return False
    sided = sum(1 for line in run if all(any(a <= w.x0 and w.x1 <= b for w in line.words) for a, b in spans))
    carried = len(continued) == len(free) and all(_intersect([g], [c], gap) for g, c in zip(free, continued))
    return sided >= (1 if carried else _MIN_SIDED_LINES)


def _inner_gaps(line: Line, gap: float) -> list[tuple[float, float]]:
    return [(a.x1, b.x0) for a, b in zip(line.words, line.words[1:]) if b.x0 - a.x1 >= gap]


def _free_space(line: Line) -> list[tuple[float, float]]:
    edges = [(-1e9, line.words[0].x0)]
    edges += [(a.x1, b.x0) for a, b in zip(line.words, line.words[1:])]
    return edges + [(line.words[-1].x1, 1e9)]


def _intersect(gutters: list[tuple[float, float]], free: list[tuple[float, float]],
               gap: float) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in gutters:
        for b0, b1 in free:
            lo, hi = max(a0, b0), min(a1, b1)
            if hi - lo >= gap:
                out.append((lo, hi))
    return out


def split_by_gutters(band: Band) -> list[list[Line]]:
    """A band's lines cut at its gutters: one list of lines per column."""
    columns: list[list] = [[] for _ in range(len(band.gutters) + 1)]
    bounds = [gutter[0] for gutter in band.gutters]
    for line in band.lines:
        for word in line.words:
            columns[sum(1 for bound in bounds if word.x0 >= bound)].append(word)
    page = band.lines[0].page
    return [words_to_lines(words, page) for words in columns]


def is_table(starts: Sequence[Sequence[float]]) -> bool:
    """Side-by-side columns are a table when their units start together, row by row (in
    newspaper columns each column's paragraphs start wherever the text flow puts them)."""
    first, others = starts[0], [s for column in starts[1:] for s in column]
    if len(first) < 2:
        return False
    aligned = sum(1 for y in first if any(abs(y - other) <= _ALIGNED for other in others))
    return aligned >= 2 and aligned >= 0.5 * len(first)
