"""Reader for HTML pages: headings, paragraphs, lists and tables of the page's main
content, in document order. Site chrome (navigation, cookie banners, breadcrumbs, headers,
footers, scripts, styles) is removed first and never reaches a record."""

from __future__ import annotations

import re
from typing import Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..errors import over_limit
from ..models import Block
from ..settings import Limits
from ..strings import collapse
from .markup import HTML_PARSER, element_units, is_bold
from .registry import Layout, register_reader
from .table import row_to_block
from .textblock import emphasis_to_block, text_to_block

_CHROME_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "form", "button", "iframe",
                "svg", "select", "input", "label", "dialog")
_CHROME_TOKEN = re.compile(r"^(?:cookies?|consent|banner|breadcrumbs?|skip-?links?|menu|nav|navbar|navigation|"
                           r"masthead|site-header|site-footer|sidebar|social|share|newsletter|feedback)(?:$|[-_])",
                           re.IGNORECASE)
_MOST_OF_PAGE = 0.4  # an element holding this share of the page's text is content, whatever its name
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog"}
_CONTENT_TAGS = ("html", "body", "main", "article")
_HEADING = re.compile(r"^h([1-6])$")
_INLINE = {"a", "abbr", "b", "br", "cite", "code", "em", "i", "img", "mark", "q", "s", "small", "span",
           "strong", "sub", "sup", "time", "u", "font"}


@register_reader("html")
def read_html(data: bytes, source: str, limits: Limits = Limits()) -> Layout:
    soup = BeautifulSoup(data, HTML_PARSER)
    depth = nesting_depth(soup)
    if depth > limits.html_depth:  # the reading below walks each element's descendants
        raise over_limit(source, "html_depth", f"elements nested {depth:,} deep", f"{limits.html_depth:,}")
    characters = len(soup.get_text())
    if characters > limits.characters:  # before the page is walked element by element
        raise over_limit(source, "characters", f"{characters:,} characters", f"{limits.characters:,}")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    strip_chrome(soup)
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    return Layout(list(element_to_blocks(root)))


def nesting_depth(soup: BeautifulSoup) -> int:
    """How deep elements nest, walked without recursion (linear in the page's size)."""
    deepest = 0
    stack = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in tag.children if isinstance(child, Tag))
    return deepest


def strip_chrome(soup: BeautifulSoup) -> None:
    """Remove what belongs to the website rather than to the document: chrome elements by
    tag, by ARIA role, and by id/class names that start with a chrome word ("cookie-banner",
    "breadcrumbs"), but never an element that holds most of the page's text."""
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if not tag.find_parent(["main", "article"]):
            tag.decompose()
    page = len(collapse(soup.get_text(" "))) or 1
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in _CONTENT_TAGS or tag.find(_CONTENT_TAGS[2:]):
            continue
        tokens = [tag.get("id") or "", *(tag.get("class") or [])]
        chrome = (tag.get("role") or "").lower() in _CHROME_ROLES or any(_CHROME_TOKEN.match(t) for t in tokens)
        if chrome and len(collapse(tag.get_text(" "))) < _MOST_OF_PAGE * page:
            tag.decompose()


def element_to_blocks(element: Tag) -> Iterator[Block]:
    """Blocks of an element's children in order; loose inline text becomes a paragraph."""
    inline: list[str] = []
    for child in element.children:
        if isinstance(child, NavigableString) or (isinstance(child, Tag) and child.name in _INLINE):
            inline.append(child.get_text(" ") if isinstance(child, Tag) else str(child))
            continue
        yield from _flush(inline)
        if isinstance(child, Tag):
            yield from tag_to_blocks(child)
    yield from _flush(inline)


def tag_to_blocks(tag: Tag) -> Iterator[Block]:
    heading = _HEADING.match(tag.name)
    if heading:
        text = collapse(tag.get_text(" "))
        if text:
            yield Block("heading", text, level=int(heading.group(1)))
    elif tag.name == "p":
        text = collapse(tag.get_text(" "))
        if text:
            yield emphasis_to_block(text) if is_bold(str(tag)) else text_to_block(text)
    elif tag.name in ("ul", "ol"):
        yield from list_to_blocks(tag)
    elif tag.name == "table":
        yield from table_to_blocks(tag)
    else:
        yield from element_to_blocks(tag)


def list_to_blocks(tag: Tag) -> Iterator[Block]:
    start = int(tag.get("start", 1)) if str(tag.get("start", "1")).isdigit() else 1
    for number, item in enumerate(tag.find_all("li", recursive=False), start=start):
        nested = [child.extract() for child in item.find_all(["ul", "ol"], recursive=False)]
        text = collapse(item.get_text(" "))
        if text:
            block = text_to_block(text)
            label = block.label or (f"{number}." if tag.name == "ol" else "•")
            yield Block("list_item", block.text, label=label)
        for sublist in nested:
            yield from list_to_blocks(sublist)


def table_to_blocks(table: Tag) -> Iterator[Block]:
    """Rows on the table's grid: a cell spanning rows is read once, in its first row, and
    leaves an empty cell below (so the rows join as one); colspan is honoured."""
    spanning: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue
        cells = row.find_all(["th", "td"], recursive=False)
        if not cells:
            continue
        units: list[tuple[str, ...]] = []
        bold: list[bool] = []
        queue = list(cells)
        column = 0
        while queue or spanning.get(column):
            if spanning.get(column):
                spanning[column] -= 1
                units.append(())
                bold.append(False)
                column += 1
                continue
            cell = queue.pop(0)
            width = _span(cell, "colspan")
            if _span(cell, "rowspan") > 1:
                spanning[column] = _span(cell, "rowspan") - 1
            units.extend([element_units(cell)] + [()] * (width - 1))
            bold.extend([cell.name == "th" or is_bold(cell.decode_contents())] + [False] * (width - 1))
            column += width
        header = bool(row.find_parent("thead")) or all(cell.name == "th" for cell in cells)
        yield row_to_block(units, bold, header=header and len(cells) > 1)


def _span(cell: Tag, attribute: str) -> int:
    value = str(cell.get(attribute, "1"))
    return max(1, min(int(value), 50)) if value.isdigit() else 1


def _flush(inline: list[str]) -> Iterator[Block]:
    text = collapse(" ".join(inline))
    inline.clear()
    if text:
        yield text_to_block(text)
