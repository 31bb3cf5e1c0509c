"""A one-line text field with a visible limit: a counter, and pastes cut with notice."""

from __future__ import annotations

import time
from typing import Literal

from textual import events
from textual.widgets import Input

from trust_tui.core.text import clean_line

__all__ = ["Field"]

SPLIT_ESCAPE_WINDOW = 0.5
"""Seconds after an Escape in which ``[``, ``O`` and the rest of an escape sequence are dropped."""
SPLIT_ESCAPE_TAIL = set("[O0123456789;ABCDEFHPQRS~")


class Field(Input):
    """An Input that shows ``count/limit`` and never drops a paste silently.

    A multi-line paste becomes one line (lines joined by spaces); what does not fit the limit is
    cut and the cut is announced.
    """

    DEFAULT_CSS = """
    Field { border-subtitle-color: $text-muted; }
    """

    def __init__(self, *, limit: int, label: str = "", value: str = "", placeholder: str = "",
                 id: str | None = None, classes: str | None = None,
                 type: Literal["integer", "number", "text"] = "text",  # as Input takes it
                 counter: bool = True) -> None:
        self.limit = limit
        self.counter = counter
        # Whatever the store holds (an old file, a hand-edited one) is shown clean.
        value = clean_line(value)[:limit]
        # Regaining focus never selects the text: the next key must not wipe a sentence.
        super().__init__(value=value, placeholder=placeholder, max_length=limit, id=id,
                         select_on_focus=False,
                         classes=classes, type=type)
        if label:
            self.border_title = label
        self.sent = value
        """What the session already holds of this field; anything else typed is unsent."""

    @property
    def unsent(self) -> bool:
        """Typed and not yet in the session (a draft worth keeping)."""
        return bool(self.value.strip()) and self.value != self.sent

    def mark_sent(self) -> None:
        self.sent = self.value

    def on_mount(self) -> None:
        self._update_counter()

    def show_text(self, text: str) -> None:
        """Put ``text`` back in the field to be changed, with the cursor at its end."""
        self.value = clean_line(text)[: self.limit]
        self.cursor_position = len(self.value)

    def _update_counter(self) -> None:
        if self.counter:
            self.border_subtitle = f"{len(self.value)}/{self.limit}"

    def watch_value(self, value: str) -> None:
        self._update_counter()

    async def _on_key(self, event: events.Key) -> None:
        """Over a slow link an arrow key can arrive as Escape, then ``[A``: drop that tail."""
        now = time.monotonic()
        if event.key == "escape":
            self._escape_at = now
        elif now - getattr(self, "_escape_at", 0.0) < SPLIT_ESCAPE_WINDOW and (
            event.character in SPLIT_ESCAPE_TAIL
        ):
            self._escape_at = now  # the rest of the sequence follows quickly too
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        text = clean_line(" ".join(
            line.strip() for line in event.text.splitlines() if line.strip()))
        if not text:
            return
        start, end = sorted(self.selection)
        room = self.limit - (len(self.value) - (end - start))
        kept = text[: max(room, 0)]
        if kept:
            self.replace(kept, start, end)
        if len(kept) < len(text):
            content = getattr(self.app, "content", None)
            message = (content.t("ui.cut", limit=self.limit, cut=len(text) - len(kept))
                       if content else f"cut {len(text) - len(kept)}")
            self.app.notify(message, severity="warning", markup=False)
