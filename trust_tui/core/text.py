"""Cleaning what people type, so that what is stored is what they meant and nothing more."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "clean_line"]

# C0 controls except tab/newline, DEL, C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
# Bidirectional overrides and isolates (they can reorder what others read).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Lone surrogates cannot be encoded and would break the data file.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# ANSI escape sequences: drop the whole sequence, not only the ESC byte.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Remove escape sequences, control characters, bidi overrides and lone surrogates.

    Zero-width joiners stay (emoji need them); tabs become spaces; line breaks are kept only
    where ``multiline`` is true. Surrounding white space is stripped. The result is NFC.
    """
    text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    text = _CONTROL.sub("", text)
    text = _BIDI.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text).strip()


def clean_line(text: str) -> str:
    """One line of text: names, titles, statements."""
    return clean_text(text, multiline=False)
