"""Bytes to text for the text-based formats: UTF-8 first, then the legacy Windows encoding."""

from __future__ import annotations

import codecs

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Councils' exports are UTF-8 or Windows-1252 (cp1252)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # a cut-off last character is replaced, not fatal
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"
