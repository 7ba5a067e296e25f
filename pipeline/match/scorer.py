"""How well a text states or addresses each canonical action, from its words alone.

coverage  = share of the action's term weight found in the text, phrases counting fully
            and loose words half (so "rapidly complete deferred assessments" beats the
            same four words scattered);
precision = share of the text's term weight that belongs to the action;
score     = w * coverage + (1 - w) * precision, where w is lower for stated actions
            (a paraphrase may abridge the action but says little else) than for responses.

Responses are then ranked by BM25 (bm25.py): a council's paragraph names a topic in its own
words and at its own length, and the share-of-action coverage favours short actions.

A candidate's score adds its context (context.py) to its text score: supporting context
raises it towards 1, contrary context lowers it. `response_candidates` is the one place a
response's candidates are scored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from typing import Sequence

from ..settings import MatchSettings
from .context import Place, Prior, group_priors
from .index import CatalogueIndex
from .terms import CONCEPT_JOINER, Terms


@dataclass(frozen=True)
class TextScore:
    action_id: str
    score: float
    coverage: float
    precision: float
    phrases: tuple[str, ...]
    words: tuple[str, ...]
    shared: frozenset[str]
    longest_phrase: int = 0  # the most record terms in one run of the action's own wording

    def evidence(self) -> str:
        parts = []
        if self.phrases:
            parts.append("phrases: " + ", ".join(f'"{p}"' for p in self.phrases))
        if self.words:
            parts.append("terms: " + ", ".join(word.replace(CONCEPT_JOINER, " ") for word in self.words))
        return "; ".join(parts)


def score_text(terms: Terms, index: CatalogueIndex, coverage_weight: float,
               with_section: bool = False) -> dict[str, TextScore]:
    """A TextScore for every action sharing at least one term with the text; with_section
    counts the action's section name as part of the action (for responses, which name the
    topic rather than quote the action)."""
    record_lemmas = frozenset(terms.lemmas)
    record_mass = index.mass(record_lemmas)
    if not record_mass:
        return {}
    runs: dict[str, list[tuple[int, int]]] = {}
    for hit in index.phrase_hits(terms):
        runs.setdefault(hit.action_id, []).append((hit.start, hit.end))
    scores = {}
    for action_id, action_lemmas in (index.topic_sets if with_section else index.lemma_sets).items():
        shared = record_lemmas & action_lemmas
        if not shared:
            continue
        spans = runs.get(action_id, [])
        in_phrases = {lemma for start, end in spans for lemma in terms.lemmas[start:end]} & action_lemmas
        shared_mass = index.mass(shared)
        coverage = (index.mass(in_phrases) + shared_mass) / (2 * index.action_mass(action_lemmas))
        precision = shared_mass / record_mass
        score = coverage_weight * coverage + (1 - coverage_weight) * precision
        phrases = tuple(dict.fromkeys(terms.source(start, end) for start, end in spans))
        loose = tuple(sorted(shared - in_phrases))
        scores[action_id] = TextScore(action_id, score, coverage, precision, phrases, loose, shared,
                                      max((end - start for start, end in spans), default=0))
    return scores


def score_response(terms: Terms, index: CatalogueIndex, settings: MatchSettings) -> dict[str, TextScore]:
    """Text scores for a response: its strength of evidence, shared by the candidates in
    proportion to their BM25 relevance (relative to the best, raised to `response_contrast`
    so that a clearly weaker topic falls well behind). Strength is the larger of the best
    BM25 (half at `response_saturation`) and the best paraphrase score, so a short response
    that words an action closely counts as much as a long one that dwells on it."""
    texts = score_text(terms, index, settings.coverage_weight, with_section=True)
    relevance = index.relevance.scores(terms.lemmas)
    if not texts or not relevance:
        return {}
    best = max(relevance.values())
    strength = max(best / (best + settings.response_saturation), max(t.score for t in texts.values()))
    return {action_id: replace(text, score=strength * (relevance.get(action_id, 0.0) / best) ** settings.response_contrast)
            for action_id, text in texts.items()}


@dataclass(frozen=True)
class Candidate:
    action_id: str
    text: TextScore | None
    prior: Prior | None

    @property
    def text_score(self) -> float:
        return self.text.score if self.text else 0.0

    @property
    def score(self) -> float:
        """Supporting context raises the score towards 1; contrary context lowers it."""
        prior = self.prior.value if self.prior else 0.0
        if prior < 0:
            return self.text_score * (1.0 + prior)
        return 1.0 - (1.0 - self.text_score) * (1.0 - prior)

    @property
    def method(self) -> str:
        if self.prior and self.prior.value > self.text_score:
            return "context"
        return "phrase" if self.text and self.text.phrases else "similarity"

    @property
    def evidence(self) -> str:
        parts = [self.text.evidence()] if self.text else []
        if self.prior:
            parts.append(f"context: {self.prior.note}")
        return "; ".join(part for part in parts if part)

    def noted(self, note: str) -> Candidate:
        """The same candidate with one more reason in its evidence."""
        value = self.prior.value if self.prior else 0.0
        return replace(self, prior=Prior(value, "; ".join(filter(None, [self.prior.note if self.prior else "", note]))))


def rank(texts: dict[str, TextScore], priors: dict[str, Prior], settings: MatchSettings) -> list[Candidate]:
    """Every action with text or context, best first, down to `review_floor`."""
    candidates = [Candidate(action_id, texts.get(action_id), priors.get(action_id))
                  for action_id in dict.fromkeys([*texts, *priors])]
    kept = [c for c in candidates if c.score >= settings.review_floor]
    return sorted(kept, key=lambda c: (-c.score, c.action_id))


def response_candidates(terms: Terms, place: Place, stated: Sequence[set[str]], index: CatalogueIndex,
                        settings: MatchSettings) -> tuple[dict[str, TextScore], list[Candidate]]:
    """A response's text scores and its ranked candidates: the text score of
    `score_response`, with, for each action, the stronger of the context its place gives
    (theme, section heading) and the context its group's stated actions give."""
    texts = score_response(terms, index, settings)
    priors = dict(place.priors)
    for action_id, prior in group_priors(list(stated), {a: t.score for a, t in texts.items()}, settings).items():
        if action_id not in priors or prior.value > priors[action_id].value:
            priors[action_id] = prior
    return texts, rank(texts, priors, settings)
