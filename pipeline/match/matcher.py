"""Map each record to ranked candidate canonical actions, with score, status and evidence.

Stated actions are matched first, on their words plus their place in the plan. A record
whose words state two actions (a table row paraphrasing two national actions) gets both:
after the best candidate, the words it leaves unexplained must be explained by another.
Responses then inherit their group's stated actions as context and add what their own
words match. Candidates below `accept` stay as `review`; none are silently dropped above
`review_floor`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from ..models import Match, Plan, Record
from ..settings import MatchSettings
from .context import Prior, place_priors
from .index import CatalogueIndex
from .scorer import TextScore, score_response, score_text
from .terms import CONCEPT_JOINER, Terms


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


def match_plan(plan: Plan, index: CatalogueIndex, settings: MatchSettings = MatchSettings(),
               use_context: bool = True) -> list[Match]:
    """Candidates for every record of a plan. Without context, each record is matched on
    its words alone against every action (how an unplaceable paragraph is matched)."""
    records = plan.records
    terms = dict(zip((r.record_id for r in records), index.termer.many([r.text for r in records])))
    place_cache: dict[tuple[int | None, str], dict[str, Prior]] = {}

    def priors_for(record: Record) -> dict[str, Prior]:
        if not use_context:
            return {}
        key = (record.theme_no, record.section)
        if key not in place_cache:
            place_cache[key] = place_priors(record.theme_no, record.section, index, settings)
        return place_cache[key]

    matches: list[Match] = []
    stated: dict[str, list[set[str]]] = defaultdict(list)
    duplicates = index.near_duplicates(settings.duplicate_overlap)
    for record in (r for r in records if r.kind == "required_action"):
        texts = score_text(terms[record.record_id], index, settings.stated_coverage_weight)
        ranked = rank(texts, priors_for(record), settings)
        chosen = co_stated(ranked, terms[record.record_id], index, settings)
        stated[record.group_id].append({c.action_id for c in chosen})
        matches.extend(to_matches(record, ranked, chosen, settings))
    for record in (r for r in records if r.kind == "response"):
        texts = score_response(terms[record.record_id], index, settings)
        priors = dict(priors_for(record))
        if use_context:
            for action_id, prior in group_priors(stated.get(record.group_id, []), texts, settings).items():
                if action_id not in priors or prior.value > priors[action_id].value:
                    priors[action_id] = prior
        ranked = rank(texts, priors, settings)
        chosen = [c for c in ranked if c.score >= settings.accept] or clear_leader(ranked, settings, index)
        chosen = with_duplicates(chosen, texts, duplicates, settings.duplicate_evidence)
        matches.extend(to_matches(record, ranked, chosen, settings))
    return matches


def clear_leader(ranked: Sequence[Candidate], settings: MatchSettings, index: CatalogueIndex) -> list[Candidate]:
    """The commit rule for a response nothing accepts: its best candidate, when the
    response's own words support it (`leader_floor`, with `leader_terms` of the action's
    terms, a named concept such as "Infection Control Fund" counting twice, so a stock
    phrase such as "staff and residents" is not enough) and it stands
    clearly ahead (`leader_margin` times the score) of the best candidate from another
    section: the actions of one section share their words, so the topic is clear even
    when a sibling comes close. Councils writing in their own words rarely reach
    `accept`, but their best candidate is usually right when it leads like this."""
    if not ranked or ranked[0].text_score < settings.leader_floor or \
            sum(2 if CONCEPT_JOINER in term else 1 for term in ranked[0].text.shared) < settings.leader_terms:
        return []
    best = ranked[0]
    place = index.place(best.action_id)
    rivals = [c for c in ranked[1:] if index.place(c.action_id) != place]
    runner_up = rivals[0].score if rivals else 0.0
    if best.score < settings.leader_margin * runner_up:
        return []
    note = f"clearly ahead of other sections: next best {rivals[0].action_id} at {runner_up:.2f}" if rivals else "no other candidate"
    return [replace(best, prior=Prior(best.prior.value if best.prior else 0.0,
                                      "; ".join(filter(None, [best.prior.note if best.prior else "", note]))))]


def rank(texts: dict[str, TextScore], priors: dict[str, Prior], settings: MatchSettings) -> list[Candidate]:
    candidates = [Candidate(action_id, texts.get(action_id), priors.get(action_id))
                  for action_id in dict.fromkeys([*texts, *priors])]
    kept = [c for c in candidates if c.score >= settings.review_floor]
    return sorted(kept, key=lambda c: (-c.score, c.action_id))


def co_stated(ranked: Sequence[Candidate], terms: Terms, index: CatalogueIndex,
              settings: MatchSettings) -> list[Candidate]:
    """The actions a stated-action record states. Its best candidate, plus any other whose
    terms explain what the chosen ones leave of the record's words; when there are several,
    each is scored on its own part of the record (its precision counts only the words the
    others do not explain), and each must then reach `accept`."""
    if not ranked or ranked[0].score < settings.review_floor:
        return []
    if ranked[0].text_score < settings.review_floor:  # chosen on context alone
        return [ranked[0]] if ranked[0].score >= settings.accept else []
    record_lemmas = frozenset(terms.lemmas)
    total = index.mass(record_lemmas)
    chosen = [ranked[0]]
    explained = set(index.lemma_sets[ranked[0].action_id])
    for candidate in ranked[1:]:
        residual = record_lemmas - explained
        if index.mass(residual) < settings.residual_min_share * total:
            break
        lemmas = index.lemma_sets[candidate.action_id]
        if candidate.text and candidate.text.phrases and \
                index.mass(residual & lemmas) >= settings.residual_explained * index.mass(residual):
            chosen.append(candidate)
            explained |= lemmas
    if len(chosen) > 1:
        chosen = [own_part_score(c, chosen, record_lemmas, index, settings) for c in chosen]
    return [c for c in chosen if c.score >= settings.accept]


def own_part_score(candidate: Candidate, chosen: Sequence[Candidate], record_lemmas: frozenset[str],
                   index: CatalogueIndex, settings: MatchSettings) -> Candidate:
    """Rescore one of several stated actions on the part of the record the others leave."""
    others = set().union(*(index.lemma_sets[c.action_id] for c in chosen if c is not candidate))
    own = index.lemma_sets[candidate.action_id]
    part = (record_lemmas - others) | (record_lemmas & own)
    precision = index.mass(part & own) / index.mass(part) if index.mass(part) else 0.0
    weight = settings.stated_coverage_weight
    score = weight * candidate.text.coverage + (1 - weight) * precision
    return replace(candidate, text=replace(candidate.text, score=score, precision=precision))


def with_duplicates(chosen: list[Candidate], texts: dict[str, TextScore],
                    duplicates: dict[str, list[str]], share: float) -> list[Candidate]:
    """A response matched to an action also addresses its near-duplicates in other themes
    when its words match them too (at least `share` as well): same score, evidence naming
    the twin."""
    ids = {c.action_id for c in chosen}
    twins = []
    for candidate in chosen:
        for twin in duplicates.get(candidate.action_id, []):
            if twin not in ids and twin in texts and \
                    texts[twin].score >= share * candidate.text_score:
                ids.add(twin)
                note = Prior(0.0, f"same wording as {candidate.action_id} in another theme")
                twins.append(Candidate(twin, replace(texts[twin], score=candidate.score), note))
    return chosen + twins


def group_priors(stated: list[set[str]], texts: dict[str, TextScore],
                 settings: MatchSettings) -> dict[str, Prior]:
    """Context a response takes from the actions stated in its group: full when one record
    states them (a table row, a one-action section); when several records do (a section's
    action list), most for the stated action its own words match best, less for the others
    in proportion."""
    actions = sorted({action_id for actions in stated for action_id in actions})
    if len(stated) == 1:
        return {action_id: Prior(settings.paired_response, "stated in the same row") for action_id in actions}
    best = max((texts[a].score for a in actions if a in texts), default=0.0)
    low, high = settings.section_response, settings.paired_response
    confidence = min(1.0, best / settings.section_text_floor) if settings.section_text_floor else 1.0
    priors = {}
    for action_id in actions:
        share = confidence * texts[action_id].score / best if best and action_id in texts else 0.0
        priors[action_id] = Prior(low + (high - low) * share, "stated in this section's actions")
    return priors


def to_matches(record: Record, ranked: Sequence[Candidate], chosen: Sequence[Candidate],
               settings: MatchSettings) -> list[Match]:
    """Matched candidates first (best first), then the best of the rest for review."""
    chosen_ids = {c.action_id for c in chosen}
    review = [c for c in ranked if c.action_id not in chosen_ids]
    # stable sort: a near-duplicate twin follows its original
    ordered = [*sorted(chosen, key=lambda c: -c.score), *review][:max(settings.max_candidates, len(chosen))]
    return [
        Match(record.record_id, c.action_id, rank, round(c.score, 4),
              "matched" if c.action_id in chosen_ids else "review", c.method, c.evidence)
        for rank, c in enumerate(ordered, start=1)
    ]
