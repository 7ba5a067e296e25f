"""Progress across documents: a bar on a terminal, plain log lines otherwise (CI, files)."""

from __future__ import annotations

import sys
from typing import TextIO

from .models import Outcome

_WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int, outcome: Outcome, parsed: bool) -> None:
        how = "error" if outcome.error else ("parsed" if parsed else "unchanged, from cache")
        if not self.terminal:
            print(f"[{done}/{total}] {outcome.source_file}: {how}", file=self.stream)
            return
        filled = round(_WIDTH * done / total) if total else _WIDTH
        bar = "#" * filled + "." * (_WIDTH - filled)
        print(f"\r[{bar}] {done}/{total} {outcome.source_file[-40:]:<40}", end="", file=self.stream, flush=True)
        self.drawn = True
        if done == total:
            self.finish()

    def log(self, line: str) -> None:
        """A message on a line of its own, not mixed into the bar."""
        if self.drawn:
            print("\r" + " " * (_WIDTH + 50) + "\r", end="", file=self.stream)
        print(line, file=self.stream)

    def finish(self) -> None:
        if self.drawn:
            print(file=self.stream)
            self.drawn = False
