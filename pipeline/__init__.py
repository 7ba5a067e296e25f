"""Council winter-plan extraction: read plans (text, PDF, HTML, Word), cut them into
theme / required-action / response records, match each to the national plan's canonical
actions, and write tidy tables.

The stages, each a pure function of the previous one's output:
ingest.read_document -> segment.segment_document -> delivery.describe_plan -> match.Matcher ->
write.RunTables (document by document, then commit)
"""

from .catalogue import Catalogue, load_catalogue
from .errors import PlanError
from .extract import ExtractOptions, ExtractResult, extract
from .ingest import read_document
from .models import Action, Block, Document, Match, Outcome, Plan, Record
from .segment import segment_document
from .settings import MatchSettings
from .write import TABLES, RunTables

__version__ = "0.1.0"


def __getattr__(name: str):
    """`pipeline.Matcher` on first use: importing the package does not import spaCy."""
    if name == "Matcher":
        from .match import Matcher

        return Matcher
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

__all__ = [
    "Action", "Block", "Catalogue", "Document", "ExtractOptions", "ExtractResult", "Match",
    "MatchSettings", "Matcher", "Outcome", "Plan", "PlanError", "Record", "RunTables", "TABLES",
    "extract", "load_catalogue", "read_document", "segment_document",
]
