"""What every screen shares: a notice instead of a broken layout when the window is too small."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

__all__ = ["MIN_HEIGHT", "MIN_WIDTH", "TooSmall", "TrustScreen"]

MIN_WIDTH = 60
MIN_HEIGHT = 18
COMPACT_HEIGHT = 32
"""Below this height the guide pane leaves the stage's purpose to F1 help."""


class TooSmall(Static):
    """Shown in place of everything else below the minimum size."""


class TrustScreen(Screen):
    """A screen that says "make the window larger" below MIN_WIDTH × MIN_HEIGHT."""

    def compose_frame(self) -> ComposeResult:
        """What every screen ends with: the "not saved" banner and the too-small notice."""
        yield Static("", id="save-banner", markup=False)
        yield TooSmall("", id="too-small", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size.width, event.size.height)

    def on_mount(self) -> None:
        self.check_size(self.app.size.width, self.app.size.height)

    def check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        was_small = self.has_class("-too-small")
        if small and not was_small:
            self._focus_before_small = self.focused  # hidden widgets lose focus: remember it
        self.set_class(small, "-too-small")
        if was_small and not small:
            widget = getattr(self, "_focus_before_small", None)
            if widget is not None and widget.is_attached:
                self.call_after_refresh(widget.focus)
        self.set_class(height < COMPACT_HEIGHT, "-compact")
        notices = self.query(TooSmall)
        if small and notices:
            notices.first().update(self.app.content.t(  # type: ignore[attr-defined]
                "ui.too_small", width=MIN_WIDTH, height=MIN_HEIGHT, now_w=width, now_h=height))
