"""A one-line text field with a visible limit: a counter, and pastes cut with notice."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

__all__ = ["Field"]


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
                 type: str = "text", counter: bool = True) -> None:  # noqa: A002
        self.limit = limit
        self.counter = counter
        super().__init__(value=value, placeholder=placeholder, max_length=limit, id=id,
                         classes=classes, type=type)  # type: ignore[arg-type]
        if label:
            self.border_title = label

    def on_mount(self) -> None:
        self._update_counter()

    def _update_counter(self) -> None:
        if self.counter:
            self.border_subtitle = f"{len(self.value)}/{self.limit}"

    def watch_value(self, value: str) -> None:
        self._update_counter()

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
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
