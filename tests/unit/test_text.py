"""Cleaning text on the way in."""

from __future__ import annotations

import json

import pytest

from trust_tui.core.text import clean_line, clean_text


@pytest.mark.parametrize(("raw", "expected"), [
    ("plain", "plain"),
    ("  padded  ", "padded"),
    ("\x1b[2Jclear", "clear"),
    ("\x1b]0;title\x07after", "after"),
    ("nul\x00byte", "nulbyte"),
    ("c1\x9bthing", "c1thing"),
    ("bidi\u202eevil", "bidievil"),
    ("lone\ud800surrogate", "lone\ufffdsurrogate"),
    ("two\nlines", "two lines"),
    ("tab\there", "tab here"),
    ("e\u0301", "\u00e9"),
    ("👩‍👩‍👧 family", "👩‍👩‍👧 family"),
    ("[/] [bold] [@click=app.quit]x[/]", "[/] [bold] [@click=app.quit]x[/]"),
])
def test_clean_line(raw, expected):
    assert clean_line(raw) == expected
    json.dumps(clean_line(raw)).encode("utf-8")


def test_multiline_keeps_line_breaks():
    assert clean_text("a\r\nb\rc", multiline=True) == "a\nb\nc"
