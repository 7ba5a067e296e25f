"""A PDF page's words and rules read through PDFium (pypdfium2): the same characters, boxes,
fonts and ruling lines as `words.pdfplumber_page_text`, measured the way pdfminer measures
them, at a fraction of the cost (pdfminer interprets every page's content stream in Python).

Characters are placed like pdfminer's: from the glyph origin, across the glyph's advance,
from the font's descent to one font size above it; page coordinates from the top-left of the
media box, turned with the page's /Rotate. Paths become edges like pdfplumber's: a single
segment is a line, a closed axis-aligned four-sided path a rectangle (four edges), anything
else a curve (an edge between each two consecutive points). Words are then made as
pdfplumber's word extractor makes them (`chars_to_words`), on tuples rather than one
dictionary per character, so both sources group characters identically.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..errors import Errors, PlanError
from .words import PageText, page_words, edge_to_rule

_TEXT = {0x02: "-", 0xFFFE: "-"}  # how PDFium reports a hyphen it takes for a line-end one
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # as pdfplumber expands them
TOLERANCE = 3.0  # points: pdfplumber's x and y tolerances, within which characters are one word / one line
_SEGMENT_BEZIER, _SEGMENT_MOVE = raw.FPDF_SEGMENT_BEZIERTO, raw.FPDF_SEGMENT_MOVETO
_OPERATORS = {raw.FPDF_SEGMENT_MOVETO: "m", raw.FPDF_SEGMENT_LINETO: "l", raw.FPDF_SEGMENT_BEZIERTO: "c"}


@dataclass(frozen=True)
class PageFrame:
    """The map from PDF user space to pdfplumber's page coordinates (x from the left, top
    from the top), an affine transform: pdfminer's page matrix for the page's /Rotate and
    media box, then pdfplumber's flip and media-box offset."""

    matrix: tuple[float, float, float, float, float, float]
    width: float
    height: float
    turn: tuple[float, float, float, float]  # the page's rotation alone, in pdfminer's convention

    def turned(self, a: float, b: float, c: float, d: float) -> tuple[float, float, float, float]:
        """A text matrix as the page shows it: rotated with the page (pdfminer's product)."""
        ta, tb, tc, td = self.turn
        return a * ta + b * tc, a * tb + b * td, c * ta + d * tc, c * tb + d * td

    def point(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.matrix
        return a * x + c * y + e, b * x + d * y + f

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a user-space box."""
        (ax, at), (bx, bt) = self.point(x0, y0), self.point(x1, y1)
        return min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)


def page_frame(mediabox: tuple[float, float, float, float], rotation: int) -> PageFrame:
    x0, x1 = sorted(mediabox[0::2])
    y0, y1 = sorted(mediabox[1::2])
    a, b, c, d, e, f = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                        270: (0, 1, -1, 0, y1, -x0)}.get(rotation, (1, 0, 0, 1, -x0, -y0))
    turned = rotation in (90, 270)
    left, top = (y0, -x0) if turned else (x0, -y0)
    width, height = (y1 - y0, x1 - x0) if turned else (x1 - x0, y1 - y0)
    return PageFrame((a, -b, c, -d, e + left, height + top - f), width, height, (a, b, c, d))


def pdfium_pages(data: bytes, source: str) -> Iterator[PageText]:
    """Every page of a PDF as words and rules."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise pdfium_error(exc, source) from None
    try:
        for number in range(1, len(document) + 1):
            page = document[number - 1]
            try:
                yield page_text(page, number)
            finally:
                page.close()
    finally:
        document.close()


def pdfium_error(exc: Exception, source: str) -> PlanError:
    """The one-line reason for a PDF PDFium cannot open."""
    reason = str(exc).strip().rstrip(".")
    if "password" in reason.lower() or "security" in reason.lower():
        return PlanError(Errors.E006, source)
    return PlanError(Errors.E005, source, reason=reason[:120])


def page_text(page: pdfium.PdfPage, number: int) -> PageText:
    frame = page_frame(page.get_mediabox(), page.get_rotation() % 360)
    width, height = frame.width, frame.height
    textpage = page.get_textpage()
    try:
        chars = page_chars(textpage.raw, frame)
    finally:
        textpage.close()
    glue = [{"text": c[0], "x0": c[1], "top": c[2], "x1": c[3]} for c in chars if c[0] == "\u00a0"]
    words = page_words(chars_to_words(chars), glue)
    rules = tuple(rule for edge in page_edges(page.raw, frame) if (rule := edge_to_rule(edge, width, height)))
    return PageText(number, width, height, words, rules)


@dataclass(frozen=True)
class Face:
    """What a text object's characters share: font name, size, the descent below the
    baseline, the fill, its matrix in user space, and whether it is upright as the page
    shows it."""

    fontname: str
    size: float
    descent: float
    colour: tuple[float, ...]
    matrix: tuple[float, float, float, float]
    upright: bool
    square: bool  # straight or turned by a quarter turn in user space: boxes placed from the origin


def object_face(textpage, index: int, text_object, frame: PageFrame) -> Face:
    """The face of the text object character `index` belongs to."""
    font = raw.FPDFTextObj_GetFont(text_object)
    buffer = ctypes.create_string_buffer(256)
    raw.FPDFFont_GetBaseFontName(font, buffer, 256)
    descent = ctypes.c_float()
    raw.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(descent))
    channels = [ctypes.c_uint() for _ in range(4)]
    raw.FPDFPageObj_GetFillColor(text_object, *(ctypes.byref(c) for c in channels))
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(textpage, index, matrix)
    a, b, c, d = frame.turned(matrix.a, matrix.b, matrix.c, matrix.d)
    return Face(buffer.value.decode("utf-8", "replace"), raw.FPDFText_GetFontSize(textpage, index),
                min(descent.value, -descent.value), tuple(c.value / 255 for c in channels[:3]),
                (matrix.a, matrix.b, matrix.c, matrix.d), upright=a * d > 0 and b * c <= 0,
                square=(matrix.b == 0 and matrix.c == 0) or (matrix.a == 0 and matrix.d == 0))


def page_units(textpage, count: int) -> list[int]:
    """The page's UTF-16 code units, one per character index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    return list(buffer[:count])


Char = tuple  # (text, x0, top, x1, bottom, upright, fontname, size, colour): a character as pdfplumber places it


def page_chars(textpage, frame: PageFrame) -> list[Char]:
    """The page's characters in content order. Line ends are left out (lines are found from
    the geometry); spaces are kept, PDFium's own among them: it puts one in place of a space
    glyph it drops."""
    count = raw.FPDFText_CountChars(textpage)
    units = page_units(textpage, count)
    box, x, y = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    get_object, get_box, get_origin = raw.FPDFText_GetTextObject, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    unmapped = raw.FPDFText_HasUnicodeMapError
    ma, mb, mc, md, me, mf = frame.matrix
    faces: dict[int, tuple] = {}  # text object -> what its characters' boxes are worked out from
    chars: list[Char] = []
    index = 0
    while index < count:
        code, current = units[index], index
        index += 1
        if code in (0x0D, 0x0A):
            continue
        if 0xD800 <= code < 0xDC00 and index < count:  # a surrogate pair: one character
            code, index = 0x10000 + ((code - 0xD800) << 10) + (units[index] - 0xDC00), index + 1
        text_object = get_object(textpage, current)
        if not text_object:
            if code == 0x20 and chars:  # placed where the character before it ends
                last = chars[-1]
                chars.append((" ", last[3], *last[2:]))
            continue
        key = ctypes.addressof(text_object.contents)
        placing = faces.get(key)
        if placing is None:
            placing = faces[key] = face_placing(object_face(textpage, current, text_object, frame))
        square, a, b, c, d, scale, low, high, upright, fontname, colour = placing
        text = f"(cid:{code})" if unmapped(textpage, current) else _TEXT.get(code) or chr(code)
        get_box(textpage, current, box)
        get_origin(textpage, current, x, y)
        # boxed like pdfminer's LTChar: from its origin across its advance (as long as PDFium's
        # box along the text) and from the font's descent to one font size above it, through
        # the text's matrix; text set at another angle keeps PDFium's box
        if square:
            advance = ((box.right - box.left) if b == 0 else (box.top - box.bottom)) / scale
            ox, oy = x.value, y.value
            x0, y0 = ox + c * low, oy + d * low
            x1, y1 = ox + a * advance + c * high, oy + b * advance + d * high
        else:
            x0, y0, x1, y1 = box.left, box.bottom, box.right, box.top
        ax, at, bx, bt = ma * x0 + mc * y0 + me, mb * x0 + md * y0 + mf, ma * x1 + mc * y1 + me, mb * x1 + md * y1 + mf
        left, right = (ax, bx) if ax <= bx else (bx, ax)
        top, bottom = (at, bt) if at <= bt else (bt, at)
        chars.append((text, left, top, right, bottom, upright, fontname,
                      bottom - top if upright else right - left, colour))
    return chars


def face_placing(face: Face) -> tuple:
    """What a face's characters are boxed from, worked out once per text object: whether it
    is square, its matrix, the matrix's scale along the text, the box's low and high offsets
    from the baseline, and what its characters carry (upright, font name, colour)."""
    a, b, c, d = face.matrix
    scale = math.hypot(a, b)  # 0 for a matrix that flattens the text: PDFium's own box is kept
    return (face.square and scale > 0, a, b, c, d, scale, face.descent * face.size, (face.descent + 1) * face.size,
            face.upright, face.fontname, face.colour)


_LOOK = itemgetter(5, 6, 7, 8)  # upright, font name, size, colour: a word's characters share them


def chars_to_words(chars: list[Char]) -> list[dict]:
    """pdfplumber's words (its WordExtractor with x and y tolerance 3, grouped by font name,
    size and colour, not following the text flow), made from tuples: runs of characters that
    look alike, cut into lines, each line sorted along the text and cut into words at
    spaces and gaps."""
    words = []
    for look, run in groupby(chars, key=_LOOK):
        upright = look[0]
        line_key, order = (itemgetter(2), itemgetter(1)) if upright else (itemgetter(1), itemgetter(2, 4))
        for line in chars_to_lines(list(run), line_key):
            words.extend(line_to_words(sorted(line, key=order), upright))
    return words


def chars_to_lines(chars: list[Char], key) -> list[list[Char]]:
    """pdfplumber's cluster_objects: the distinct values of `key`, sorted, make one line
    while each is within TOLERANCE of the one before."""
    line_of: dict[float, int] = {}
    number, last = -1, None
    for value in sorted(set(map(key, chars))):
        if last is None or value > last + TOLERANCE:
            number += 1
        line_of[value], last = number, value
    ordered = sorted(chars, key=lambda char: line_of[key(char)])
    return [list(line) for _, line in groupby(ordered, key=lambda char: line_of[key(char)])]


def line_to_words(line: list[Char], upright: bool) -> list[dict]:
    """A line's characters (in order along the text) as words: a space ends one, and so
    does a character that starts before the previous one or more than TOLERANCE after its
    end, or off its line by more than TOLERANCE."""
    start, end, across = (1, 3, 2) if upright else (2, 4, 1)
    words, current = [], []
    for char in line:
        if char[0].isspace():
            if current:
                words.append(merge_chars(current))
            current = []
        elif current and (char[start] < current[-1][start] or char[start] > current[-1][end] + TOLERANCE
                          or abs(char[across] - current[-1][across]) > TOLERANCE):
            words.append(merge_chars(current))
            current = [char]
        else:
            current.append(char)
    if current:
        words.append(merge_chars(current))
    return words


def merge_chars(chars: list[Char]) -> dict:
    """One word as pdfplumber's merge_chars makes it (ligatures expanded)."""
    first = chars[0]
    texts, lefts, tops, rights, bottoms = list(zip(*chars))[:5]
    return {"text": "".join([LIGATURES.get(text, text) for text in texts]), "x0": min(lefts), "top": min(tops),
            "x1": max(rights), "bottom": max(bottoms),
            "upright": first[5], "fontname": first[6], "size": first[7], "non_stroking_color": first[8]}


def page_edges(page, frame: PageFrame) -> list[dict]:
    """The page's painted paths as pdfplumber's edges: lines, then rectangle sides, then
    curve segments."""
    lines: list[dict] = []
    rects: list[dict] = []
    curves: list[dict] = []
    for index in range(raw.FPDFPage_CountObjects(page)):
        item = raw.FPDFPage_GetObject(page, index)
        if raw.FPDFPageObj_GetType(item) != raw.FPDF_PAGEOBJ_PATH or not painted(item):
            continue
        for points, operators in path_subpaths(item):
            shape = [frame.point(*point) for point in points]
            kind = shape_kind(shape, operators)
            if kind == "line":
                lines.append(segment_edge(shape[0], shape[1]))
            elif kind == "rect":
                rects.extend(rect_edges(shape))
            else:
                curves.extend(segment_edge(p0, p1) for p0, p1 in zip(shape, shape[1:]))
    return lines + rects + curves


def painted(item) -> bool:
    """Whether a path is stroked or filled (a path that is neither only clips)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(item, fill, stroke)
    return bool(fill.value or stroke.value)


def path_subpaths(item) -> Iterator[tuple[list[tuple[float, float]], str]]:
    """Each subpath's points in user space and its operators, as pdfminer lists them: one
    point per operator ("m", "l", "c", and "h" back to the start), Bézier control points
    left out."""
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(item, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    operators, bezier = "", 0
    for index in range(raw.FPDFPath_CountSegments(item)):
        segment = raw.FPDFPath_GetPathSegment(item, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == _SEGMENT_MOVE and points:
            yield points, operators
            points, operators = [], ""
        bezier = bezier + 1 if kind == _SEGMENT_BEZIER else 0
        if kind != _SEGMENT_BEZIER or bezier % 3 == 0:
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            points.append((matrix.a * x.value + matrix.c * y.value + matrix.e,
                           matrix.b * x.value + matrix.d * y.value + matrix.f))
            operators += _OPERATORS.get(kind, "l")
        if raw.FPDFPathSegment_GetClose(segment):
            points.append(points[0])
            operators += "h"
    if points:
        yield points, operators


def shape_kind(points: list[tuple[float, float]], operators: str) -> str:
    """pdfminer's reading of a painted subpath: "line", "rect" or "curve"."""
    if len(operators) > 3 and operators.endswith("lh") and points[-2] == points[0]:
        operators, points = operators[:-2] + "h", [*points[:-2], points[-1]]  # a redundant "l" before "h"
    if operators in ("ml", "mlh"):
        return "line"
    if operators in ("mlllh", "mllll") and points[0] == points[4]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
            return "rect"
    return "curve"


def segment_edge(p0: tuple[float, float], p1: tuple[float, float]) -> dict:
    return {"x0": min(p0[0], p1[0]), "x1": max(p0[0], p1[0]), "top": min(p0[1], p1[1]), "bottom": max(p0[1], p1[1])}


def rect_edges(points: list[tuple[float, float]]) -> list[dict]:
    """A rectangle's four sides: top, bottom, left, right."""
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    top, bottom = min(p[1] for p in points), max(p[1] for p in points)
    return [{"x0": x0, "x1": x1, "top": top, "bottom": top}, {"x0": x0, "x1": x1, "top": bottom, "bottom": bottom},
            {"x0": x0, "x1": x0, "top": top, "bottom": bottom}, {"x0": x1, "x1": x1, "top": top, "bottom": bottom}]
