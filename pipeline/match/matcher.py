"""Map each record to ranked candidate canonical actions, with score, status and evidence.

Stated actions are matched first, on their words plus their place in the plan. A record
whose words state two actions (a table row paraphrasing two national actions) gets both:
after the best candidate, the words it leaves unexplained must be explained by another.
Responses then inherit their group's stated actions as context and add what their own
words match (scorer.response_candidates); `commit_response` decides which are matched.
Candidates below `accept` stay as `review` unless a commit rule says otherwise; none are
silently dropped above `review_floor`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from ..models import Match, Plan, Record
from ..settings import MatchSettings
from .context import Place, Prior, record_place
from .index import CatalogueIndex
from .scorer import Candidate, TextScore, rank, response_candidates, score_text
from .terms import CONCEPT_JOINER, Terms


def match_plan(plan: Plan, index: CatalogueIndex, settings: MatchSettings = MatchSettings(),
               use_context: bool = True) -> list[Match]:
    """Candidates for every record of a plan. Without context, each record is matched on
    its words alone against every action (how an unplaceable paragraph is matched)."""
    records = plan.records
    terms = dict(zip((r.record_id for r in records), index.termer.many([r.text for r in records])))
    place_cache: dict[tuple[int | None, str], Place] = {}

    def place_of(record: Record) -> Place:
        if not use_context:
            return Place({}, None)
        key = (record.theme_no, record.section)
        if key not in place_cache:
            place_cache[key] = record_place(record.theme_no, record.section, index, settings)
        return place_cache[key]

    matches: list[Match] = []
    stated: dict[str, list[set[str]]] = defaultdict(list)
    for record in (r for r in records if r.kind == "required_action"):
        texts = score_text(terms[record.record_id], index, settings.stated_coverage_weight)
        ranked = rank(texts, place_of(record).priors, settings)
        chosen = co_stated(ranked, terms[record.record_id], index, settings)
        stated[record.group_id].append({c.action_id for c in chosen})
        matches.extend(to_matches(record, ranked, chosen, settings))
    for record in (r for r in records if r.kind == "response"):
        group = stated.get(record.group_id, []) if use_context else []
        texts, ranked = response_candidates(terms[record.record_id], place_of(record), group, index, settings)
        chosen = commit_response(ranked, texts, place_of(record).heading, bool(group), index, settings)
        matches.extend(to_matches(record, ranked, chosen, settings))
    return matches


def commit_response(ranked: Sequence[Candidate], texts: dict[str, TextScore], heading: tuple[int, str] | None,
                    in_stated_group: bool, index: CatalogueIndex, settings: MatchSettings) -> list[Candidate]:
    """The matched candidates of a response, rule by rule: every candidate at `accept`,
    or else its clear leader. A response whose group states no action (a council writing
    in its own words) may also address close siblings of a matched action and actions it
    quotes a run of wording from. Near-duplicates in other themes follow the actions they
    repeat."""
    own_words = not in_stated_group
    chosen = [c for c in ranked if c.score >= settings.accept] or \
        clear_leader(ranked, settings, index, heading if own_words else None)
    if own_words:
        chosen = chosen + close_siblings(chosen, ranked, heading, index, settings)
        chosen = chosen + quoted_actions(chosen, ranked, settings)
    return with_duplicates(chosen, texts, index.near_duplicates(settings.duplicate_overlap),
                           settings.duplicate_evidence)


def close_siblings(chosen: Sequence[Candidate], ranked: Sequence[Candidate], heading: tuple[int, str] | None,
                   index: CatalogueIndex, settings: MatchSettings) -> list[Candidate]:
    """Other actions of a matched action's section that score within `sibling_share` of
    it, when the topic is settled: the matched action reaches `accept`, or the heading
    above stands for its section. The actions of a section share their words, and a
    response on the topic often does both ("communicated with providers to promote the
    flu vaccine and its uptake")."""
    ids = {c.action_id for c in chosen}
    found = []
    for leader in (c for c in chosen if index.place(c.action_id) == heading or c.score >= settings.accept):
        for other in ranked:
            if other.action_id not in ids and other.text and index.place(other.action_id) == index.place(leader.action_id) \
                    and other.score >= settings.sibling_share * leader.score:
                ids.add(other.action_id)
                found.append(other.noted(f"close to {leader.action_id} in its section"))
    return found


def quoted_actions(chosen: Sequence[Candidate], ranked: Sequence[Candidate], settings: MatchSettings) -> list[Candidate]:
    """Actions whose own wording the response repeats in a run of at least `phrase_run`
    terms ("complete the capacity tracker"), its words scoring at least `phrase_floor`."""
    ids = {c.action_id for c in chosen}
    return [c.noted("repeats a run of its wording") for c in ranked
            if c.action_id not in ids and c.text and c.text.longest_phrase >= settings.phrase_run
            and c.text_score >= settings.phrase_floor]


def clear_leader(ranked: Sequence[Candidate], settings: MatchSettings, index: CatalogueIndex,
                 heading: tuple[int, str] | None) -> list[Candidate]:
    """The commit rule for a response nothing accepts: its best candidate, when it stands
    clearly ahead (`leader_margin` times the score) of the best candidate from another
    section (the actions of one section share their words, so the topic is clear even
    when a sibling comes close), and either the heading above stands for its section or
    the response's own words support it (`leader_floor`, with `leader_terms` of the
    action's terms, a named concept such as "Infection Control Fund" counting
    `concept_terms`, so a stock phrase such as "staff and residents" is not enough).
    Councils writing in their own words rarely reach `accept`, but their best candidate
    is usually right when it leads like this."""
    if not ranked:
        return []
    best = ranked[0]
    under_heading = heading is not None and index.place(best.action_id) == heading
    if not under_heading and (best.text_score < settings.leader_floor or sum(
            settings.concept_terms if CONCEPT_JOINER in term else 1 for term in best.text.shared) < settings.leader_terms):
        return []
    place = index.place(best.action_id)
    rivals = [c for c in ranked[1:] if index.place(c.action_id) != place]
    runner_up = rivals[0].score if rivals else 0.0
    if best.score < settings.leader_margin * runner_up:
        return []
    note = f"clearly ahead of other sections: next best {rivals[0].action_id} at {runner_up:.2f}" if rivals else "no other candidate"
    return [best.noted(note)]


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
