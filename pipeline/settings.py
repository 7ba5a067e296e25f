"""The matcher's thresholds and weights, validated, with defaults that suit the 2020/21 plans."""

from __future__ import annotations

import os

from dataclasses import dataclass, fields


WHOLE_NUMBERS = frozenset({"max_candidates", "leader_terms", "concept_terms", "phrase_run"})
UNBOUNDED = frozenset({"response_saturation", "response_contrast", "leader_margin"})  # positive, not limited to 0..1


@dataclass(frozen=True)
class MatchSettings:
    """Scores are in 0..1. A candidate at or above `accept` is `matched`; one at or above
    `review_floor` is kept for review; lower ones are not written."""

    accept: float = 0.5
    review_floor: float = 0.05
    max_candidates: int = 5
    coverage_weight: float = 0.7     # text score = w * coverage + (1 - w) * precision ...
    stated_coverage_weight: float = 0.5  # ... for stated actions, which often abridge
    section_bonus: float = 0.15      # the record's section is the action's catalogue section
    theme_bonus: float = 0.05        # the record's theme is the action's theme
    heading_names_action: float = 0.6  # the section heading is a phrase of one action only
    heading_overlap: float = 0.5     # a heading names a catalogue section when their terms overlap this much ...
    heading_paraphrase: float = 0.8  # ... or when one section's vocabulary alone holds this share of its terms
    paired_response: float = 0.6     # a response whose group states its actions in one record;
    section_response: float = 0.15   # ... in several: rises to paired_response for the best one
    section_text_floor: float = 0.15  # ... in full once its own text score reaches this
    duplicate_overlap: float = 0.35  # actions in two themes this alike are one action repeated
    duplicate_evidence: float = 0.5  # a response gets the repeat too if its words match it this well
    residual_min_share: float = 0.2  # a second stated action needs this share of the text left
    residual_explained: float = 0.6  # ... and must explain this share of what is left
    response_saturation: float = 30.0  # a response's best BM25 at which its evidence counts half
    response_contrast: float = 2.0   # power on a candidate's BM25 relative to the response's best
    leader_floor: float = 0.2        # a response with no candidate at `accept` still commits to its best ...
    leader_margin: float = 1.2       # ... when its words score this and it scores this many times the runner-up
    leader_terms: int = 3            # ... and share at least this many of the action's terms,
    concept_terms: int = 2           # ... a named concept ("Infection Control Fund") counting as this many
    sibling_share: float = 0.7       # an action scoring this share of a settled one in its section is matched too
    phrase_run: int = 3              # a response in its own words quoting this many terms of an action in a run ...
    phrase_floor: float = 0.15       # ... addresses it when its words score at least this

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in WHOLE_NUMBERS:
                if not isinstance(value, int) or value < 1:
                    raise ValueError(f"{item.name} must be a whole number of at least 1")
            elif item.name in UNBOUNDED:
                if not value > 0:
                    raise ValueError(f"{item.name} must be greater than 0, not {value!r}")
            elif not 0.0 <= value <= 1.0:
                raise ValueError(f"{item.name} must be between 0 and 1, not {value!r}")
        if self.review_floor > self.accept:
            raise ValueError("review_floor must not exceed accept")


LIMIT_MAXIMA = {  # what this machine's kind could honour at all: a week, a terabyte
    "file_mb": 100_000, "unpacked_mb": 1_000_000, "characters": 2_000_000_000, "html_depth": 1_000_000,
    "seconds": 7 * 24 * 3600, "memory_mb": 1_000_000,
}


@dataclass(frozen=True)
class Limits:
    """Bounds on one document, far above any real plan (a 100-page plan is a few MB, a few
    hundred thousand characters, seconds to read), so that a hostile or broken file fails
    alone, with its own error, instead of stalling or exhausting the batch. Raise one with
    `--limit NAME=N`."""

    file_mb: int = 200          # size of the file as given
    unpacked_mb: int = 1000     # uncompressed size of a Word file's parts (a zip bomb)
    characters: int = 5_000_000  # characters of text in one document
    html_depth: int = 500       # elements nested inside one another in a web page
    seconds: int = 600          # time to read, segment and match one document
    memory_mb: int = 4096       # memory one document's worker may add to what it starts with

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= LIMIT_MAXIMA[item.name]:
                raise ValueError(f"{item.name} must be a whole number from 1 to {LIMIT_MAXIMA[item.name]:,}, not {value!r}")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(item.name for item in fields(cls))


def available_cores() -> int:
    """The processors this process may run on: the default number of documents at once."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
