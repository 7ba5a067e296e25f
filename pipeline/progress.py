"""Progress across documents: a tqdm bar on a terminal (the file just read, elapsed time and
the time left), plain log lines otherwise (CI logs, redirected output). Warnings and errors
go on lines of their own above the bar."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm

from .models import Outcome

NAME_WIDTH = 40
BAR_FORMAT = "{l_bar}{bar:24}| {n_fmt}/{total_fmt} documents [{elapsed}<{remaining}] {postfix}"


class Progress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.bar: tqdm | None = None

    def __call__(self, done: int, total: int, outcome: Outcome, parsed: bool) -> None:
        how = "error" if outcome.error else ("parsed" if parsed else "unchanged, from cache")
        if not self.terminal:
            print(f"[{done}/{total}] {outcome.source_file}: {how}", file=self.stream)
            return
        if self.bar is None:
            self.bar = tqdm(total=total, file=self.stream, bar_format=BAR_FORMAT, desc="reading", leave=True,
                            dynamic_ncols=True)
        self.bar.set_postfix_str(f"{outcome.source_file[-NAME_WIDTH:]} ({how})", refresh=False)
        self.bar.update(done - self.bar.n)
        if done == total:
            self.finish()

    def log(self, line: str) -> None:
        """A message on a line of its own, above the bar."""
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
