"""Words become lines, and lines become units (paragraphs, list items, headings), from the
document's own geometry rather than fixed gaps.

A new unit starts only where the layout says so: the font changes (a heading), a list marker
or bullet glyph starts the line, the baseline-to-baseline pitch clearly exceeds the
document's line pitch (paragraph spacing), the line above ended short although this line's
first word would have fitted on it (a hard line break), or the indentation pattern changes
(back at the margin after a hanging indent; a first-line indent). A capital letter, digit or
bracket at the start of a wrapped line is never a boundary on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Sequence

from ..strings import collapse, split_marker
from .words import Word

_PITCH_RANGE = (0.9, 2.6)  # plausible line pitch, in multiples of the font size
_PITCH_CLUSTER = 0.03  # pitch ratios this close are one line spacing
_OWN_SPACING_PAIRS = 3  # lines from one left position that can show a line spacing of their own
_PITCH_SLACK = 0.12  # a pitch this share above the line spacing is a paragraph gap ...
_PITCH_SLACK_MIN = 1.5  # ... and at least this many points
_SAME_SIZE = 0.6  # points
_HEADING_SIZE_STEP = 1.5  # points above body size that make a line a heading
_SPACE = 0.25  # a space is about this share of the font size
_FIT_TOLERANCE = 1.0  # points
_RIGHT_EDGE_SHARE = 0.95  # most lines of a flow end here or before ...
_EDGE_REACH = 0.5  # ... and its right edge is the furthest line end within this many font sizes of that
_JUSTIFIED_TOLERANCE = 1.5  # points from the edge that count as reaching it
_JUSTIFIED_SHARE = 0.6  # share of a justified flow's long lines that reach the edge
_LONG_LINE = 0.75  # a long line spans this share of the flow's width
_FULL_LINE = 1.0  # a full line ends within this many font sizes of the edge
_CENTRED_MARGIN = 2.0  # a centred line leaves at least this many font sizes on each side ...
_CENTRED_TOLERANCE = 1.0  # ... the two within this many font sizes of each other
_NARROW_MIN_LINES = 4  # lines from one left position that can show a nearer right edge ...
_NARROW_GAP = 3.0  # ... when even the longest stops this many font sizes short of the flow's edge
_JUSTIFIED_MIN_LINES = 6
_INDENT = 0.5  # share of the font size that counts as an indent
_BULLET_GLYPHS = re.compile(r"^(?:[•●▪◦‣∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc➢►▶✓✔❖■□]|\(cid:\d+\))$")
_HYPHENS = "-\u2010\u2011\u00ad"


@dataclass(frozen=True)
class Line:
    """Words on one baseline within one region (a column or a table cell)."""

    words: tuple[Word, ...]
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    face: str = ""

    @property
    def indent(self) -> float:
        """Where the text starts after a leading list marker (the hanging indent)."""
        label = split_marker(self.text)[0]
        if label and len(self.words) > 1 and self.words[0].text == label:
            return self.words[1].x0
        return self.x0


@dataclass(frozen=True)
class Unit:
    """Lines that read as one paragraph, list item or heading."""

    lines: tuple[Line, ...]
    text: str

    @classmethod
    def of(cls, lines: Sequence[Line]) -> "Unit":
        return cls(tuple(lines), join_lines([line.text for line in lines]))

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (min(line.x0 for line in self.lines), self.lines[0].top,
                max(line.x1 for line in self.lines), self.lines[-1].bottom)

    @property
    def top(self) -> float:
        return self.lines[0].top


@dataclass(frozen=True)
class Spacing:
    """A document's measured type: line pitch = ratio x font size (with its own ratio for
    lines that start at a left position set differently, a list's wrapped lines at 1.15
    in a body set with no spacing, say), the body text size, and the sizes set larger than
    the body (headings), largest first."""

    ratio: float
    body: float
    heading_sizes: tuple[float, ...] = ()
    by_start: tuple[tuple[int, float], ...] = ()

    def pitch(self, line: Line, size: float) -> float:
        """The pitch expected from a line of `size` to `line`."""
        return dict(self.by_start).get(round(line.x0), self.ratio) * size


def words_to_lines(words: Sequence[Word], page: int) -> list[Line]:
    """Words grouped by vertical overlap into lines, each read left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if lines and _same_line(lines[-1], word):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [words_to_line(found, page) for found in sorted(lines, key=lambda ws: min(w.top for w in ws))]


def words_to_line(words: Sequence[Word], page: int) -> Line:
    ordered = tuple(sorted(words, key=lambda w: w.x0))
    text = ordered[0].text
    for before, word in zip(ordered, ordered[1:]):
        touching = word.x0 - before.x1 < 0.1 * word.size  # a font change inside one word
        text += word.text if touching else f" {word.text}"
    sizes = [w.size for w in ordered for _ in w.text]
    faces: dict[str, int] = {}
    for word in ordered:
        faces[word.face] = faces.get(word.face, 0) + len(word.text)
    return Line(ordered, page, collapse(text), ordered[0].x0, max(w.x1 for w in ordered),
                min(w.top for w in ordered), max(w.bottom for w in ordered), median(sizes),
                all(w.bold for w in ordered), max(faces, key=faces.get))


def _same_line(line: list[Word], word: Word) -> bool:
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    overlap = min(bottom, word.bottom) - max(top, word.top)
    return overlap > 0.5 * min(bottom - top, word.bottom - word.top)


def measure_spacing(flows: Sequence[Sequence[Line]], body: float, fallback: Spacing | None = None) -> Spacing:
    """The line spacing of `flows` between consecutive lines of one size, overall and for
    left positions that keep their own; `fallback`'s when the flows have no two lines of
    one size."""
    pairs = [(round(after.x0), (after.bottom - before.bottom) / before.size)
             for lines in flows for before, after in zip(lines, lines[1:])
             if before.size and abs(before.size - after.size) < _SAME_SIZE
             and _PITCH_RANGE[0] <= (after.bottom - before.bottom) / before.size <= _PITCH_RANGE[1]]
    headings = {round(line.size, 1) for lines in flows for line in lines
                if line.size >= body + _HEADING_SIZE_STEP}
    if not pairs and fallback is not None:
        return fallback
    ratio = _common_ratio(sorted(r for _, r in pairs))
    starts: dict[int, list[float]] = {}
    for start, r in pairs:
        starts.setdefault(start, []).append(r)
    own = {start: _common_ratio(sorted(rs)) for start, rs in starts.items() if len(rs) >= _OWN_SPACING_PAIRS}
    by_start = tuple(sorted((start, r) for start, r in own.items() if abs(r - ratio) > 2 * _PITCH_CLUSTER))
    return Spacing(ratio, body, tuple(sorted(headings, reverse=True)), by_start)


def _common_ratio(ratios: list[float]) -> float:
    """The line spacing most consecutive lines keep (most follow a line of their own
    paragraph)."""
    if not ratios:
        return 1.2
    clusters: list[list[float]] = [[ratios[0]]]
    for ratio in ratios[1:]:
        if ratio - clusters[-1][-1] <= _PITCH_CLUSTER:
            clusters[-1].append(ratio)
        else:
            clusters.append([ratio])
    return median(max(clusters, key=len))


def body_size(words: Sequence[Word]) -> float:
    """The size most of the text is set in."""
    sizes: dict[float, int] = {}
    for word in words:
        key = round(word.size, 1)
        sizes[key] = sizes.get(key, 0) + len(word.text)
    return max(sizes, key=sizes.get) if sizes else 0.0


@dataclass(frozen=True)
class Measure:
    """A flow's measure: the right edge its full lines reach, and the left positions
    (rounded x0) whose lines are justified to that edge (paragraphs set justified while
    lists stay ragged, say)."""

    right: float
    left: float = 0.0
    justified: frozenset[int] = frozenset()
    full_lines: int = 0  # lines that end within a few words of the edge
    narrower: tuple[tuple[int, float], ...] = ()  # left positions whose lines keep to a nearer edge (a quote)

    def right_of(self, line: Line) -> float:
        """The edge `line`'s text runs to: nearer for text indented on both sides."""
        return dict(self.narrower).get(round(line.x0), self.right)

    @property
    def known(self) -> bool:
        """Measured on enough wrapped text to tell a full line from a short one."""
        return self.full_lines >= _JUSTIFIED_MIN_LINES

    def ended_short(self, unit: Sequence[Line], line: Line) -> bool:
        """The unit's last line stopped although `line`'s first word would have fitted
        after it: a hard line break. In justified text (lines starting where justified
        lines start, the unit's earlier wrapped lines reaching the edge; a list marker's
        line proves nothing) any line that stops before the edge is a paragraph's last."""
        previous = unit[-1]
        earlier = unit[1:-1] if split_marker(unit[0].text)[0] else unit[:-1]
        if (round(previous.x0) in self.justified and earlier
                and all(self.flush(other) for other in earlier)):
            return not self.flush(previous)
        first, end = line.words[0], 0
        while line.words[end].glued and end + 1 < len(line.words):  # words held together by no-break spaces
            end += 1
        needed = (line.words[end].x1 - first.x0) + _SPACE * first.size
        return previous.x1 + needed < self.right_of(previous) - _FIT_TOLERANCE

    def flush(self, line: Line) -> bool:
        return line.x1 >= self.right_of(line) - _JUSTIFIED_TOLERANCE


def measure_of(lines: Sequence[Line]) -> Measure:
    """The right edge where nearly all lines end or before (a stray wide line aside), and
    justification, for each left position: most long lines of justified text end on that
    edge, while ragged lines end anywhere within a word or two of it."""
    ends = sorted(line.x1 for line in lines)
    if not ends:
        return Measure(0.0)
    typical = ends[min(len(ends) - 1, int(_RIGHT_EDGE_SHARE * len(ends)))]
    reach = _EDGE_REACH * median(line.size for line in lines)
    right = max(x1 for x1 in ends if x1 <= typical + reach)  # the furthest line that is not a stray
    left = min(line.x0 for line in lines)
    by_start: dict[int, list[float]] = {}
    for line in lines:
        if line.x1 >= left + _LONG_LINE * (right - left) and not split_marker(line.text)[0]:
            by_start.setdefault(round(line.x0), []).append(line.x1)
    justified = frozenset(start for start, long in by_start.items() if len(long) >= _JUSTIFIED_MIN_LINES
                          and sum(abs(x1 - right) <= _JUSTIFIED_TOLERANCE for x1 in long) >= _JUSTIFIED_SHARE * len(long))
    full = sum(1 for line in lines if line.x1 >= right - _FULL_LINE * line.size)
    return Measure(right, left, justified, full, _narrower_edges(lines, right))


def _narrower_edges(lines: Sequence[Line], right: float) -> tuple[tuple[int, float], ...]:
    """Left positions with enough lines of their own whose furthest end stops well short
    of the flow's edge: text indented on both sides keeps to its own measure."""
    by_start: dict[int, list[Line]] = {}
    for line in lines:
        by_start.setdefault(round(line.x0), []).append(line)
    edges = []
    for start, group in by_start.items():
        end = max(line.x1 for line in group)
        if len(group) >= _NARROW_MIN_LINES and end < right - _NARROW_GAP * median(line.size for line in group):
            edges.append((start, end))
    return tuple(sorted(edges))


def lines_to_units(lines: Sequence[Line], spacing: Spacing, measure: Measure | None = None) -> list[Unit]:
    """A region's lines as units, against the region's measure (by default its own)."""
    measure = measure or measure_of(lines)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not starts_unit(groups[-1], line, spacing, measure):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [Unit.of(group) for group in groups]


def starts_unit(unit: Sequence[Line], line: Line, spacing: Spacing, measure: Measure) -> bool:
    previous, first = unit[-1], unit[0]
    if is_heading(line, spacing.body) != is_heading(previous, spacing.body):
        return True
    if abs(line.size - previous.size) > _SAME_SIZE:
        return True
    if is_heading(line, spacing.body) and line.face != previous.face:
        return True  # a heading, then a lead-in set bold in another font or colour
    if starts_with_marker(unit, line):
        return True
    pitch = line.bottom - previous.bottom
    expected = spacing.pitch(line, previous.size)
    if pitch > expected + max(_PITCH_SLACK * expected, _PITCH_SLACK_MIN) or pitch < 0:
        return True
    if not is_heading(previous, spacing.body) and not _centred(previous, measure) and measure.ended_short(unit, line):
        return True  # (a heading or a centred line wraps wherever its writer liked)
    if len(unit) > 1 and unit[1].x0 > first.x0 + 2 and line.x0 < unit[1].x0 - 2:
        return True  # back at the margin after a hanging indent
    marked = bool(split_marker(first.text)[0])
    return not marked and len(unit) > 1 and line.x0 > previous.x0 + _INDENT * line.size


def _centred(line: Line, measure: Measure) -> bool:
    """A line set in the middle of the measure: as much room left as right, and plenty."""
    left, right = line.x0 - measure.left, measure.right - line.x1
    return left > _CENTRED_MARGIN * line.size and abs(left - right) <= _CENTRED_TOLERANCE * line.size


def starts_with_marker(unit: Sequence[Line], line: Line) -> bool:
    """A bullet glyph always starts a unit; a number, letter or dash ("3.", "b)", "–")
    only where a list is going on, the line above ended its text, or the line stands out
    to the left of the text above (so "19." or "– when asked –" at the start of a wrapped
    line is not a new item)."""
    label = split_marker(line.text)[0]
    if not label:
        return False
    if _BULLET_GLYPHS.match(label):
        return True
    previous, first = unit[-1], unit[0]
    if split_marker(first.text)[0]:  # in a list: a new item starts in the marker column
        return line.x0 < first.indent - 2 or abs(line.x0 - first.x0) <= 2
    return line.x0 < previous.x0 - 2 or previous.text.rstrip().endswith((".", ":", ";", "!", "?"))


def runs_on(unit: Unit, following: Unit, spacing: Spacing, measure: Measure) -> bool:
    """Whether `following`, at the top of the next column or page, carries on `unit`: both
    plain text of one size, the next not a list item, and the last line of `unit` full."""
    last, first = unit.lines[-1], following.lines[0]
    return (not is_heading(last, spacing.body) and not is_heading(first, spacing.body)
            and abs(last.size - first.size) <= _SAME_SIZE and not split_marker(first.text)[0]
            and not measure.ended_short(unit.lines, first))


def is_heading(line: Line, body: float) -> bool:
    return line.bold or line.size >= body + _HEADING_SIZE_STEP


def join_lines(texts: Sequence[str]) -> str:
    """Lines of one unit: a word broken after a hyphen at the line end is rejoined without
    a space ("self-" + "isolating", "COVID-" + "19"); a soft hyphen disappears."""
    text = texts[0] if texts else ""
    for after in texts[1:]:
        if re.search(rf"[A-Za-z][{_HYPHENS}]$", text) and after[:1].isalnum() and not after[:1].isupper():
            text = text[:-1] + ("" if text[-1] == "\u00ad" else "-") + after
        else:
            text = f"{text} {after}"
    return collapse(text)
