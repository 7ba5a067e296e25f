"""Reading a named file safely: only a regular file, and never more than a bound, so a pipe,
a device or a runaway file named by mistake cannot block or exhaust a run."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MEGABYTE = 1024 * 1024
CHUNK = MEGABYTE
SETTINGS_FILE_MB = 50  # manifests, catalogues and corrections files are small
_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


class NotRegularFile(OSError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.kind = kind
        self.strerror = str(self)


class TooLarge(OSError):
    def __init__(self, megabytes: int) -> None:
        super().__init__(f"larger than {megabytes} MB")
        self.megabytes = megabytes
        self.strerror = str(self)


def regular_bytes(path: Path, megabytes: int = SETTINGS_FILE_MB) -> bytes:
    """The bytes of a regular file of at most `megabytes`, read in chunks (the bound is not
    allocated up front); NotRegularFile, TooLarge or another OSError otherwise."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(next((name for test, name in _FILE_KINDS if test(mode)), "not a plain file"))
    allowed = megabytes * MEGABYTE
    chunks, size = [], 0
    with open(path, "rb") as handle:
        while size <= allowed:
            chunk = handle.read(CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > allowed:
        raise TooLarge(megabytes)
    return b"".join(chunks)
