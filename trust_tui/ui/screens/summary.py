"""A finished session, read-only: the horizon picture, the full result, export."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from trust_tui.core import Content, Session
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.screens.base import InMeetingApp, TrustScreen
from trust_tui.ui.widgets.summary import SummaryView, export_folder

__all__ = ["SummaryScreen"]


class SummaryScreen(InMeetingApp, TrustScreen):
    BINDINGS = [Binding("escape,f10", "app.pop_screen", "Home", id="home")]

    def __init__(self, session: Session, content: Content) -> None:
        super().__init__()
        self.session = session
        self.content = content
        translate_bindings(self, content)

    def compose(self) -> ComposeResult:
        yield SummaryView(self.session, self.content.for_mode(self.session.mode),
                          export_folder(self.trust), id="summary")
        yield Footer()
        yield from self.compose_frame()
