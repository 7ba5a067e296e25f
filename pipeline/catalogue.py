"""The national plan's canonical required actions: data, one CSV per plan year.

A new year's plan is a new file in pipeline/data/ (or any path given with --catalogue),
not new code. The segmenter uses its theme and section names as cues; the matcher builds
its patterns from its action texts.
"""

from __future__ import annotations

import re

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import Errors, PlanError
from .filesystem import regular_bytes
from .models import Action
from .strings import content_words

DATA_DIR = Path(__file__).parent / "data"
CATALOGUE_GLOB = "required_actions_*.csv"
REQUIRED_COLUMNS = ("action_id", "theme_no", "theme", "section", "seq", "text")


DEFAULT_PLAN_YEAR = 2020  # a catalogue whose file name gives no year


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: str  # the first 12 hex digits of `sha256`
    actions: tuple[Action, ...]
    file: str = ""  # the file it was read from, by name
    sha256: str = ""

    @property
    def plan_year(self) -> int:
        """The calendar year the plan year starts in (April), from the file's name
        ("required_actions_2020_21" -> 2020): dates without a year are read in it."""
        found = re.search(r"(?<!\d)(19|20)\d\d(?!\d)", self.name)
        return int(found.group(0)) if found else DEFAULT_PLAN_YEAR

    @cached_property
    def themes(self) -> dict[int, str]:
        return {action.theme_no: action.theme for action in self.actions}

    @cached_property
    def sections(self) -> tuple[tuple[int, str], ...]:
        return tuple(dict.fromkeys((a.theme_no, a.section) for a in self.actions))

    @cached_property
    def by_id(self) -> dict[str, Action]:
        return {action.action_id: action for action in self.actions}

    @cached_property
    def word_pairs(self) -> frozenset[tuple[str, str]]:
        """Consecutive content words of the action texts and section names, lower-cased."""
        pairs = set()
        for action in self.actions:
            for text in (action.text, action.section):
                words = content_words(text)
                pairs.update(zip(words, words[1:]))
        return frozenset(pairs)


def default_catalogue_path() -> Path:
    """The newest catalogue shipped with the package (file names sort by plan year)."""
    return sorted(DATA_DIR.glob(CATALOGUE_GLOB))[-1]


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = Path(path) if path else default_catalogue_path()
    try:
        data = regular_bytes(path)
    except OSError as exc:
        raise PlanError(Errors.E102, path=path, reason=exc.strerror or type(exc).__name__) from None
    return parse_catalogue(data, path)


def parse_catalogue(data: bytes, path: Path) -> Catalogue:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"missing columns: {', '.join(missing)}")
        actions = tuple(_row_to_action(number, row) for number, row in enumerate(reader, start=2))
    except (ValueError, csv.Error) as exc:
        raise PlanError(Errors.E102, path=path, reason=str(exc)) from None
    problem = _catalogue_problem(actions)
    if problem:
        raise PlanError(Errors.E102, path=path, reason=problem)
    digest = hashlib.sha256(data).hexdigest()
    return Catalogue(path.stem, digest[:12], actions, path.name, digest)


def _row_to_action(number: int, row: dict) -> Action:
    values = {column: " ".join((row.get(column) or "").split()) for column in REQUIRED_COLUMNS}
    if not values["action_id"] or not values["text"]:
        raise ValueError(f"line {number}: action_id and text are required")
    try:
        return Action(values["action_id"], int(values["theme_no"]), values["theme"], values["section"],
                      int(values["seq"]), values["text"])
    except ValueError:
        raise ValueError(f"line {number}: theme_no and seq must be whole numbers") from None


def _catalogue_problem(actions: tuple[Action, ...]) -> str:
    if not actions:
        return "no actions"
    ids = [action.action_id for action in actions]
    if len(set(ids)) != len(ids):
        return "duplicate action_id"
    titles: dict[int, set[str]] = {}
    for action in actions:
        titles.setdefault(action.theme_no, set()).add(action.theme)
    clash = [number for number, names in titles.items() if len(names) > 1]
    return f"theme {clash[0]} has more than one title" if clash else ""
