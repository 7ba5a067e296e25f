"""What a record's place in the plan says about which actions it concerns.

A section heading that is a catalogue section name favours that section's actions; one
that is a phrase of a single action's text (a topic list such as "Care home support
plans") points at that action; the theme favours its own actions. These priors are what
tell near-duplicate actions in different sections apart. A response also takes context
from the actions its group states (a table row, a section's action list).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import MatchSettings
from .index import CatalogueIndex


@dataclass(frozen=True)
class Prior:
    """Context for one action: a value in -1..1 and why. Positive values support the
    action; negative ones mark it as outside the record's section or theme."""

    value: float
    note: str


@dataclass(frozen=True)
class Place:
    """Where a record stands: the priors its theme and heading give every action, and the
    catalogue section its heading stands for (None when it names none)."""

    priors: dict[str, Prior]
    heading: tuple[int, str] | None


def record_place(theme_no: int | None, section: str, index: CatalogueIndex, settings: MatchSettings) -> Place:
    mapped = heading_section(theme_no, section, index, settings)
    return Place(place_priors(theme_no, section, mapped, index, settings), mapped)


def place_priors(theme_no: int | None, section: str, mapped: tuple[int, str] | None,
                 index: CatalogueIndex, settings: MatchSettings) -> dict[str, Prior]:
    """Priors for every action, given a record's theme number, its section heading and the
    catalogue section that heading stands for."""
    named = actions_named_by(theme_no, section, index) if section and not mapped else []
    if mapped:
        bonus, where = settings.section_bonus, f'section "{section}"'
        inside = {a.action_id for a in index.actions if (a.theme_no, a.section) == mapped}
    elif theme_no is not None:
        bonus, where = settings.theme_bonus, f"theme {theme_no}"
        inside = {a.action_id for a in index.actions if a.theme_no == theme_no}
    else:
        return {}
    priors = {a.action_id: Prior(bonus, where) if a.action_id in inside else Prior(-bonus, f"outside {where}")
              for a in index.actions}
    if len(named) == 1 and not mapped:
        priors[named[0]] = Prior(settings.heading_names_action, f'heading "{section}" names it')
    return priors


def heading_section(theme_no: int | None, section: str, index: CatalogueIndex,
                    settings: MatchSettings) -> tuple[int, str] | None:
    """The catalogue section a record's heading stands for: one it names, or, when it does
    not name a single action, one it paraphrases."""
    if not section:
        return None
    mapped = catalogue_section(theme_no, section, index, settings)
    if mapped or len(actions_named_by(theme_no, section, index)) == 1:
        return mapped
    return paraphrased_section(theme_no, section, index, settings)


def catalogue_section(theme_no: int | None, heading: str, index: CatalogueIndex,
                      settings: MatchSettings) -> tuple[int, str] | None:
    """The catalogue section a heading names (same theme when known), if one clearly does:
    its name's terms and the heading's overlap at least `heading_overlap`."""
    heading_terms = frozenset(index.termer(heading).lemmas)
    keys = [key for key in index.section_terms if theme_no is None or key[0] == theme_no]
    if not heading_terms or not keys:
        return None
    overlap = {key: index.mass(heading_terms & index.section_terms[key]) / index.mass(heading_terms | index.section_terms[key])
               for key in keys}
    best = max(keys, key=lambda key: overlap[key])
    return best if overlap[best] >= settings.heading_overlap else None


def paraphrased_section(theme_no: int | None, heading: str, index: CatalogueIndex,
                        settings: MatchSettings) -> tuple[int, str] | None:
    """The section a heading paraphrases ("Hospital discharge" for "Safe discharge from NHS
    settings"): one section's vocabulary (its name and its actions' words) alone holds
    `heading_paraphrase` of the heading's weighted terms."""
    heading_terms = frozenset(index.termer(heading).lemmas)
    if not heading_terms:
        return None
    held = [key for key in index.section_vocabulary if (theme_no is None or key[0] == theme_no)
            and index.mass(heading_terms & index.section_vocabulary[key]) >= settings.heading_paraphrase * index.mass(heading_terms)]
    return held[0] if len(held) == 1 else None


def actions_named_by(theme_no: int | None, heading: str, index: CatalogueIndex) -> list[str]:
    """Actions whose text contains the heading's terms as one consecutive phrase."""
    wanted = index.termer(heading).lemmas
    if len(wanted) < 2:
        return []
    named = []
    for action in index.actions:
        if theme_no is not None and action.theme_no != theme_no:
            continue
        lemmas = index.terms[action.action_id].lemmas
        if any(lemmas[i:i + len(wanted)] == wanted for i in range(len(lemmas) - len(wanted) + 1)):
            named.append(action.action_id)
    return named


def group_priors(stated: list[set[str]], text_scores: dict[str, float],
                 settings: MatchSettings) -> dict[str, Prior]:
    """Context a response takes from the actions stated in its group: full when one record
    states them (a table row, a one-action section); when several records do (a section's
    action list), most for the stated action its own words match best, less for the others
    in proportion."""
    actions = sorted({action_id for actions in stated for action_id in actions})
    if len(stated) == 1:
        return {action_id: Prior(settings.paired_response, "stated in the same row") for action_id in actions}
    best = max((text_scores[a] for a in actions if a in text_scores), default=0.0)
    low, high = settings.section_response, settings.paired_response
    confidence = min(1.0, best / settings.section_text_floor) if settings.section_text_floor else 1.0
    priors = {}
    for action_id in actions:
        share = confidence * text_scores[action_id] / best if best and action_id in text_scores else 0.0
        priors[action_id] = Prior(low + (high - low) * share, "stated in this section's actions")
    return priors
