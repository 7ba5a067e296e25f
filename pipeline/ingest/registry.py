"""Readers keyed by format: each turns a file's bytes into layout blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import Errors, PlanError
from ..models import Block
from ..settings import Limits


@dataclass(frozen=True)
class Layout:
    """A reader's output, before cross-block joining."""

    blocks: list[Block]
    n_pages: int | None = None
    furniture: tuple[str, ...] = ()  # distinct running header and footer texts, in page order


Reader = Callable[[bytes, str, Limits], Layout]  # (data, source name, the run's limits)
_READERS: dict[str, Reader] = {}


def register_reader(fmt: str) -> Callable[[Reader], Reader]:
    """Register `reader` as the reader of `fmt` (a value of documents.format)."""

    def add(reader: Reader) -> Reader:
        _READERS[fmt] = reader
        return reader

    return add


def get_reader(fmt: str, source: str) -> Reader:
    try:
        return _READERS[fmt]
    except KeyError:
        raise PlanError(Errors.E004, source, format=fmt) from None


def reader_formats() -> tuple[str, ...]:
    return tuple(sorted(_READERS))
