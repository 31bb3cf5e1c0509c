"""The Textual app: receives its repositories from cli.py."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core import Content, load_content
from trust_tui.store import JournalRepository, SessionRepository

__all__ = ["TrustApp"]


class TrustApp(App[int]):
    """trust-tui's home: the sessions in the data file."""

    BINDINGS = [Binding("q", "quit", "Quit", id="quit", tooltip="Quit trust-tui")]

    def __init__(self, *, sessions: SessionRepository, journal: JournalRepository,
                 lang: str = "en", start_solo: bool = False,
                 open_session: str | None = None) -> None:
        super().__init__()
        self.sessions = sessions
        self.journal = journal
        self.content: Content = load_content(lang)
        self.start_solo = start_solo
        self.open_session = open_session

    def compose(self) -> ComposeResult:
        t = self.content.t
        yield Header()
        yield Static(t("app.tagline"), markup=False)
        yield Static(t("home.sessions"), markup=False)
        summaries = self.sessions.list()
        if summaries:
            yield OptionList(*[
                Option(Text(f"{s.created_at[:10]}  {s.title or t('app.untitled')}  ·  {s.team}"),
                       id=s.id)
                for s in summaries
            ])
        else:
            yield Static(t("home.none"), markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.content.t("app.name")
