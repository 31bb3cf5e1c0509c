"""The one way to show what a person wrote: literal text, never markup, never control bytes."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from trust_tui.core.text import clean_line

__all__ = ["shown", "joined"]


def shown(text: str, style: str | Style = "", *, limit: int | None = None) -> Text:
    """User text as a rich Text: cleaned of control characters and never parsed as markup."""
    clean = clean_line(text)
    if limit is not None and len(clean) > limit:
        clean = clean[: max(limit - 1, 0)] + "…"
    return Text(clean, style=style, end="")


def joined(*parts: str | Text, separator: str = "") -> Text:
    """Parts joined into one Text; plain strings are treated as user text too."""
    result = Text(end="")
    for index, part in enumerate(parts):
        if index and separator:
            result.append(separator)
        result.append_text(part if isinstance(part, Text) else shown(part))
    return result
