"""The quantities and dates a response gives: money, counts, percentages, durations,
frequencies and dates, each as written (`span`), normalised (`value`) and with the word
that bounds it (`qualifier`: over, at least, up to, by, since, until).

Values: money in pounds ("£6m" -> 6000000), counts as whole numbers ("1,200", "two"),
percentages as numbers, durations in ISO 8601 ("28 days" -> P28D), frequencies as daily /
weekly / fortnightly / monthly / quarterly, dates as yyyy-mm-dd or yyyy-mm. A date without
a year takes it from the plan year (April to March): April-December the first calendar
year, January-March the second, and the first year after "since" or "from" (a plan looks
back to the spring it started in). Not facts: heading and list numbers ("Theme 2", "1."),
document parts ("Appendix A"), names and ids with digits ("ICF2", "Pillar 1", "Covid-19",
"NHS 111", "Tier 2"), bare years and financial years, times of day, phone numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")], start=1) for name in names}
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
FREQUENCIES = {"daily": "daily", "weekly": "weekly", "fortnightly": "fortnightly", "monthly": "monthly",
               "quarterly": "quarterly", "bi-weekly": "fortnightly", "biweekly": "fortnightly",
               "day": "daily", "week": "weekly", "fortnight": "fortnightly", "month": "monthly", "quarter": "quarterly"}
UNITS = {"hour": ("PT", "H"), "day": ("P", "D"), "week": ("P", "W"), "month": ("P", "M"), "year": ("P", "Y")}
SCALES = {"m": 1_000_000, "million": 1_000_000, "k": 1_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
QUALIFIERS = [("over", r"over|more than|in excess of|above"), ("at least", r"at least|a minimum of|as a minimum|minimum of"),
              ("up to", r"up to|a maximum of|no more than|maximum of"), ("by", r"by|before|no later than"),
              ("since", r"since|from"), ("until", r"until|till|up until|to")]
TIME_QUALIFIERS = ("by", "since", "until")
# words before a number that make it a name or a place in the document, not a quantity
NAMING = {"theme", "appendix", "annex", "section", "pillar", "phase", "tier", "round", "tranche", "step", "level",
          "stage", "page", "table", "figure", "part", "chapter", "item", "version", "option", "wave", "nhs",
          "covid", "covid-", "no", "number", "ward", "band", "grade", "priority", "question", "point"}

CONTEXT = 40  # characters before a fact that are read for its qualifier or name
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_BEFORE_WORD = "(?=\\s+[\"'\u2018\u201c]?[A-Za-z])"  # a counted noun follows, perhaps in quotes
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    ("money", re.compile(rf"£\s?(?P<n>{_NUMBER})\s?(?P<scale>m|million|k|bn|billion)?\b", re.I)),
    ("percent", re.compile(rf"(?<![\w.])(?P<n>{_NUMBER})\s?(?:%|per\s?cent\b|percent\b)", re.I)),
    ("date", re.compile(r"(?<![\w./])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})(?![\w/])")),
    ("date", re.compile(rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?\b",
                        re.I)),
    ("date", re.compile(rf"\b(?P<month>{_MONTH})(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?)?(?:\s+(?P<y>\d{{4}}))?\b",
                        re.I)),
    ("frequency", re.compile(r"\b(?P<f>daily|weekly|fortnightly|monthly|quarterly|bi-weekly|biweekly)\b", re.I)),
    ("frequency", re.compile(r"\b(?:every|each|once a|twice a|per)\s+(?P<f>day|week|fortnight|month|quarter)\b",
                             re.I)),
    ("duration", re.compile(rf"(?<![\w.£])(?P<n>{_NUMBER}|" + "|".join(WORD_NUMBERS)
                            + r")[\s-](?P<unit>hour|day|week|month|year)s?\b(?!\s+basis)", re.I)),
    ("count", re.compile(rf"(?<![\w.£/:-])(?P<n>{_NUMBER}|" + r"\b(?:" + "|".join(WORD_NUMBERS) + r")\b"
                         + r")(?![\w%/:.-]|\.\d|\s?(?:%|per\s?cent|percent))" + _BEFORE_WORD, re.I)),
]


@dataclass(frozen=True)
class FoundFact:
    kind: str
    span: str
    value: str
    qualifier: str
    start: int


def text_facts(text: str, plan_year: int) -> list[FoundFact]:
    """Every fact in `text`, in the order they are written; where two readings overlap the
    earlier pattern (money, percent, dates, frequency, duration, count) wins."""
    taken = bytearray(len(text))  # 1 where a fact already stands
    facts: list[FoundFact] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            value = _value(kind, match, text, plan_year)
            if value is None:
                continue
            taken[start:end] = b"\x01" * (end - start)
            facts.append(FoundFact(kind, match.group(0).strip(), value, "", start))
    facts = [_qualified(fact, text, plan_year) for fact in facts]
    return sorted(facts, key=lambda fact: fact.start)


def _value(kind: str, match: re.Match, text: str, plan_year: int) -> str | None:
    if kind == "money":
        return _plain(_number(match["n"]) * SCALES.get((match["scale"] or "").lower(), 1))
    if kind == "percent":
        return _plain(_number(match["n"]))
    if kind == "frequency":
        return FREQUENCIES[match["f"].lower()]
    if kind == "duration":
        prefix, suffix = UNITS[match["unit"].lower()]
        return f"{prefix}{_plain(_count(match['n']))}{suffix}"
    if kind == "count":
        return _count_value(match, text)
    return _date_value(match, text, plan_year)


def _count_value(match: re.Match, text: str) -> str | None:
    before = re.findall(r"[\w-]+", _before(text, match.start()))
    following = text[match.end():match.end() + CONTEXT].split()
    word = match["n"]
    if before and before[-1].lower() in NAMING:
        return None
    if re.fullmatch(r"(19|20)\d\d", word) or "." in word:
        return None  # a year, or a decimal without a unit
    if following and following[0].lower().strip(".,;:") in (*MONTHS, "way"):
        return None  # a date's day, or a compound ("two way flow")
    if word.lower() == "one":
        return None
    opens = not _before(text, match.start()).strip() or _before(text, match.start()).rstrip()[-1:] in ".:;"
    if opens and re.match(r"\s*[.)]", text[match.end():match.end() + 2]):
        return None  # a list number ("1.", "2)") opening the text or a sentence
    return str(_count(word))


def _date_value(match: re.Match, text: str, plan_year: int) -> str | None:
    groups = match.groupdict()
    if groups.get("month"):
        raw = match["month"]
        if raw.lower().rstrip(".") == "may" and not (groups.get("y") or groups.get("d")) and not _after_preposition(
                text, match.start()):
            return None  # the verb "may"
        if not raw[:1].isupper():
            return None
        month = MONTHS[raw.lower().rstrip(".")]
    else:
        month = int(match["m"])
        if not 1 <= month <= 12:
            return None
    day = int(groups["d"]) if groups.get("d") else None
    if day is not None and not 1 <= day <= 31:
        return None
    year = groups.get("y")
    if year:
        year = int(year) + (2000 if len(year) == 2 else 0)
    else:
        year = _range_year(text, match.end()) or _plan_year_of(month, text, match.start(), plan_year)
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _after_preposition(text: str, start: int) -> bool:
    return bool(re.search(r"\b(in|since|from|by|until|of|during|end|early|late|mid|before|after)\s+$", _before(text, start),
                          re.I))


def _range_year(text: str, end: int) -> int | None:
    """The year of a range's second month ("March-September 2020"), for the first."""
    following = re.match(rf"\s*(?:-|–|to|until)\s*{_MONTH}\s+(\d{{4}})", text[end:end + CONTEXT], re.I)
    return int(following.group(1)) if following else None


def _plan_year_of(month: int, text: str, start: int, plan_year: int) -> int:
    if re.search(r"\b(since|from)\s+$", _before(text, start), re.I):
        return plan_year
    return plan_year if month >= 4 else plan_year + 1


def _qualified(fact: FoundFact, text: str, plan_year: int) -> FoundFact:
    """The fact with the qualifier written just before it; by / since / until bound dates
    only, and a date after a range's dash ("March-September") is its end (until)."""
    before = _before(text, fact.start).rstrip()
    for name, words in QUALIFIERS:
        if name in TIME_QUALIFIERS and fact.kind != "date":
            continue
        if re.search(rf"\b(?:{words})(?:\s+the)?\s*$", before, re.I) or (
                name == "until" and re.search(r"\w\s*[-–]\s*$", before)):
            return FoundFact(fact.kind, fact.span, fact.value, name, fact.start)
    return fact


def _before(text: str, start: int) -> str:
    """The few words before a position: what qualifies or names a number is next to it."""
    return text[max(0, start - CONTEXT):start]


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _count(text: str) -> int:
    return WORD_NUMBERS[text.lower()] if text.lower() in WORD_NUMBERS else int(_number(text))


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"
