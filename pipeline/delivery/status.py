"""Whether a response reports work done, under way, ongoing or only planned, from its own
words: spaCy rule matching on lower-case forms and lookup lemmas (no trained tagger).

The cues are general English and the sector's reporting phrases, one rule per cue:
completion ("has distributed", "have been developed", "was introduced", "is in place", "we
have a team"), progress ("is being reviewed", "work is underway", "we are exploring", "has
commenced"), continuity ("continue to", "regular", "weekly", "routinely", "we provide") and
intention ("will", "intend to", "plan to", "there is an intention"). "We will continue to"
is ongoing, not planned. A status weighs as many sentences as show one of its cues; a record
reports each status it shows, heaviest first (ties: the earlier first), at most three.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..models import DELIVERY

STATUSES: tuple[str, ...] = (*DELIVERY, "none")
MOST = 3  # statuses a record reports at most

# participles that do not end in -ed or -en
_IRREGULAR = ["set", "made", "put", "built", "held", "run", "begun", "brought", "sent", "spent", "kept", "led",
              "met", "found", "bought", "taught", "won", "paid", "told", "sought", "agreed", "become", "done"]
_PARTICIPLE = {"REGEX": r"^[a-z]+(ed|en|wn)$", "NOT_IN": ["commenced", "started", "continued", "maintained"]}
_STATE = ["a", "an", "the", "two", "three", "four", "five", "several", "many", "its", "our", "their", "dedicated",
          "established", "robust", "clear", "good", "strong", "access", "existing", "well"]
# a record opening with a bare verb is a commitment ("Ensure that ...", "Review the ...")
DIRECTIVES = {"ensure", "work", "review", "develop", "support", "provide", "establish", "identify", "consider",
              "explore", "engage", "put", "make", "use", "agree", "deliver", "implement", "set", "undertake",
              "monitor", "promote", "share", "assess", "complete", "encourage", "help", "offer", "plan", "build",
              "introduce", "create", "strengthen", "improve", "increase", "extend", "expand", "seek", "commission"}
_BETWEEN = ["been", "already", "also", "now", "recently", "all", "both", "each", "successfully", "re", "-"]
_CONTINUING = ["continue", "maintain", "remain", "keep", "sustain"]
# progressive work that ends in a result: under way, not a standing activity
_ACCOMPLISHING = ["develop", "explore", "review", "build", "prepare", "recruit", "procure", "implement", "establish",
                  "finalise", "finalize", "design", "draft", "update", "refresh", "introduce", "create", "set",
                  "commission", "plan", "scope", "consider", "look", "test", "pilot", "roll", "extend", "expand"]
_NOT_HABITUAL = ["will", "would", "shall", "should", "can", "could", "may", "might", "must", "have", "has", "had",
                 "are", "were", "was", "is", "be", "been", "do", "did", "also", "all", "both", "each", "now",
                 "currently", "need", "intend", "plan", "aim", "hope", "expect", "know", "recognise", "recognize",
                 "believe", "anticipate", "want", "wish", "therefore", "then", "not", "only", "still", "further"]
_FREQUENCY = ["daily", "weekly", "fortnightly", "monthly", "quarterly", "regular", "regularly", "routine",
              "routinely", "ongoing", "frequent", "frequently", "annually", "biweekly", "bi-weekly"]

PATTERNS: dict[str, list[list[dict]]] = {
    "done": [
        [{"LOWER": {"IN": ["has", "have", "had"]}}, {"LOWER": {"IN": _BETWEEN}, "OP": "*"}, {"LOWER": {"IN": _IRREGULAR}}],
        [{"LOWER": {"IN": ["has", "have", "had"]}}, {"LOWER": {"IN": _BETWEEN}, "OP": "*"}, {"LOWER": _PARTICIPLE}],
        [{"LOWER": {"IN": ["was", "were"]}}, {"LOWER": {"IN": ["also", "then"]}, "OP": "?"},
         {"LOWER": {"IN": _IRREGULAR}}],
        [{"LOWER": {"IN": ["was", "were"]}}, {"LOWER": {"IN": ["also", "then"]}, "OP": "?"}, {"LOWER": _PARTICIPLE}],
        [{"LOWER": "in"}, {"LOWER": "place"}],
        [{"LOWER": {"IN": ["has", "have"]}}, {"LOWER": {"IN": _STATE}}],
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": {"IN": ["also", "now", "already"]}, "OP": "?"},
         {"LOWER": {"IN": [*_IRREGULAR, "complete"]}}],
        [{"LOWER": {"IN": ["was", "were"]}}, {"LOWER": "complete"}],
        [{"LOWER": {"IN": ["we", "council", "team", "service"]}}, {"LOWER": {"IN": ["have", "has"]}},
         {"LOWER": {"NOT_IN": ["been", "to", "also", "already", "now", "recently"]}}],
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": {"IN": ["now", "also"]}, "OP": "?"},
         {"LOWER": {"IN": ["available", "established", "operational", "complete", "completed", "live"]}}],
        [{"LOWER": {"IN": ["we", "they", "council"]}}, {"LOWER": _PARTICIPLE}],
    ],
    "in_progress": [
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": {"IN": ["currently", "now", "also"]}, "OP": "?"},
         {"LOWER": "being"}],
        [{"LOWER": {"IN": ["underway", "progressing"]}}],
        [{"LOWER": "under"}, {"LOWER": "way"}],
        [{"LOWER": "in"}, {"LOWER": {"IN": ["progress", "development"]}}],
        [{"LOWER": "in"}, {"LOWER": "the"}, {"LOWER": "process"}, {"LOWER": "of"}],
        [{"LOWER": {"IN": ["is", "are", "currently"]}}, {"LOWER": {"IN": ["currently", "now", "actively"]}, "OP": "?"},
         {"LEMMA": {"IN": _ACCOMPLISHING}, "LOWER": {"REGEX": "ing$"}}],
        [{"LOWER": {"IN": ["has", "have"]}}, {"LOWER": {"IN": ["commenced", "started", "begun"]}}],
    ],
    "ongoing": [
        [{"LEMMA": {"IN": _CONTINUING}}, {"LOWER": "to"}],
        [{"LEMMA": {"IN": _CONTINUING}, "LOWER": {"REGEX": "(s|ing)$"}}],
        [{"LOWER": {"IN": ["will", "shall"]}}, {"LEMMA": {"IN": _CONTINUING}}],
        [{"LOWER": {"IN": _FREQUENCY}}],
        [{"LOWER": {"IN": ["every", "each"]}}, {"LOWER": {"IN": ["day", "week", "month", "fortnight"]}}],
        [{"LOWER": "on"}, {"LOWER": {"IN": ["a", "an"]}}, {"OP": "?"}, {"LOWER": "basis"}],
        [{"LOWER": {"IN": ["is", "are"]}}, {"LOWER": {"IN": ["currently", "now", "actively", "also"]}, "OP": "?"},
         {"LEMMA": {"NOT_IN": [*_ACCOMPLISHING, "be", "go"]}, "LOWER": {"REGEX": "^[a-z]+ing$"}}],
        [{"LOWER": "we"}, {"LOWER": {"IN": ["also", "all", "still"]}, "OP": "?"},
         {"IS_ALPHA": True, "LOWER": {"NOT_IN": _NOT_HABITUAL, "REGEX": "^[a-z]+[^sd]$"}}],
    ],
    "planned": [
        [{"LOWER": {"IN": ["will", "shall"]}}, {"LOWER": {"IN": ["also", "then", "now", "further", "need"]}, "OP": "*"},
         {"LEMMA": {"NOT_IN": _CONTINUING}, "IS_ALPHA": True}],
        [{"LEMMA": {"IN": ["intend", "aim", "propose", "hope", "seek", "plan"]}}, {"LOWER": "to"}],
        [{"LOWER": {"IN": ["intention", "intentions", "planned", "proposed", "forthcoming", "upcoming"]}}],
        [{"LOWER": "going"}, {"LOWER": "to"}],
        [{"LOWER": "next"}, {"LOWER": {"IN": ["step", "steps"]}}],
        [{"LOWER": "looking"}, {"LOWER": "to"}],
    ],
}


@dataclass(frozen=True)
class Status:
    """A record's statuses, heaviest first, and the phrases that decided them."""

    status: str
    evidence: str


@lru_cache(maxsize=1)
def status_matcher():
    """The cue patterns on the project's spaCy pipeline (blank English, lookup lemmas)."""
    from spacy.matcher import Matcher

    from ..match.nlp import build_nlp

    nlp = build_nlp()
    matcher = Matcher(nlp.vocab)
    for status, patterns in PATTERNS.items():
        matcher.add(status, patterns)
    return nlp, matcher


def text_status(text: str) -> Status:
    """The statuses `text` reports (see the module's rules); "none" when it shows none."""
    nlp, matcher = status_matcher()
    doc = nlp(text)
    found = sorted(((start, end, nlp.vocab.strings[key]) for key, start, end in matcher(doc)), key=lambda m: m[0])
    if _directive(doc):
        found.insert(0, (0, 1, "planned"))
    sentences = _sentences(doc)
    votes: dict[str, int] = {}
    seen: dict[str, int] = {}
    voted: set[int] = set()
    phrases: list[str] = []
    for start, end, status in found:
        if status == "planned" and any(token.lemma_ in _CONTINUING for token in doc[start + 1:start + 4]):
            continue  # "we will (also) continue to": ongoing, not planned
        sentence = sentences[start]
        if sentence not in voted:  # a sentence says what its first cue says
            voted.add(sentence)
            votes[status] = votes.get(status, 0) + 1
        seen[status] = seen.get(status, 0) + 1
        if (phrase := doc[start:end].text) not in phrases:
            phrases.append(phrase)
    order = {status: index for index, (_, _, status) in reversed(list(enumerate(found)))}
    ranked = sorted(seen, key=lambda status: (-votes.get(status, 0), -seen[status], order[status]))[:MOST]
    return Status(";".join(ranked) or "none", " | ".join(phrases))


def _directive(doc) -> bool:
    """The record opens with a bare verb ("Ensure that ...") rather than a noun ("Work is ...")."""
    return (len(doc) > 1 and doc[0].lower_ in DIRECTIVES and doc[0].text[:1].isupper()
            and doc[1].lower_ not in ("is", "are", "was", "were", "has", "have", "will", "continues", "'s", "-"))


def _sentences(doc) -> list[int]:
    """Each token's sentence number, counting the full stops before it."""
    numbers, number = [], 0
    for token in doc:
        numbers.append(number)
        number += token.text in (".", "!", "?", ";")
    return numbers
