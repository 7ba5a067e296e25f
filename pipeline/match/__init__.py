"""Stage 3, match: records to ranked candidate canonical actions (spaCy, blank English)."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..models import Match, Plan
from ..settings import MatchSettings
from .index import CatalogueIndex
from .matcher import match_plan
from .nlp import build_nlp
from .terms import Termer

__all__ = ["Matcher", "build_nlp"]


class Matcher:
    """The catalogue's patterns built once, applied to any number of plans."""

    def __init__(self, catalogue: Catalogue, settings: MatchSettings = MatchSettings()) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.index = CatalogueIndex(catalogue, Termer(build_nlp()))

    def match(self, plan: Plan, use_context: bool = True) -> list[Match]:
        return match_plan(plan, self.index, self.settings, use_context)
