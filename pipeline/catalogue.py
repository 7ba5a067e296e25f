"""The national plan's canonical required actions: data, one CSV per plan year.

A new year's plan is a new file in pipeline/data/ (or any path given with --catalogue),
not new code. The segmenter uses its theme and section names as cues; the matcher builds
its patterns from its action texts.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import Errors, PlanError
from .models import Action

DATA_DIR = Path(__file__).parent / "data"
CATALOGUE_GLOB = "required_actions_*.csv"
REQUIRED_COLUMNS = ("action_id", "theme_no", "theme", "section", "seq", "text")


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: str
    actions: tuple[Action, ...]

    @cached_property
    def themes(self) -> dict[int, str]:
        return {action.theme_no: action.theme for action in self.actions}

    @cached_property
    def sections(self) -> tuple[tuple[int, str], ...]:
        return tuple(dict.fromkeys((a.theme_no, a.section) for a in self.actions))

    @cached_property
    def by_id(self) -> dict[str, Action]:
        return {action.action_id: action for action in self.actions}


def default_catalogue_path() -> Path:
    """The newest catalogue shipped with the package (file names sort by plan year)."""
    return sorted(DATA_DIR.glob(CATALOGUE_GLOB))[-1]


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = Path(path) if path else default_catalogue_path()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(Errors.E102, path=path, reason=exc.strerror or type(exc).__name__) from None
    return parse_catalogue(data, path)


def parse_catalogue(data: bytes, path: Path) -> Catalogue:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    missing = [c for c in REQUIRED_COLUMNS if not rows or c not in rows[0]]
    if missing:
        raise PlanError(Errors.E102, path=path, reason=f"missing columns: {', '.join(missing)}")
    try:
        actions = tuple(
            Action(row["action_id"].strip(), int(row["theme_no"]), row["theme"].strip(),
                   row["section"].strip(), int(row["seq"]), " ".join(row["text"].split()))
            for row in rows
        )
    except ValueError as exc:
        raise PlanError(Errors.E102, path=path, reason=str(exc)) from None
    ids = [action.action_id for action in actions]
    if len(set(ids)) != len(ids):
        raise PlanError(Errors.E102, path=path, reason="duplicate action_id")
    return Catalogue(path.stem, hashlib.sha256(data).hexdigest()[:12], actions)
