"""History (every session, newest first, opened read-only) and the journal's entries."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core.dates import long_date, short_date
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.screens.base import InMeetingApp, TrustScreen
from trust_tui.ui.screens.dialogs import ConfirmDialog
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.work_lists import SessionList

__all__ = ["HistoryScreen"]


class _ListScreen(InMeetingApp, TrustScreen):
    BINDINGS = [Binding("escape,f10", "app.pop_screen", "Home", id="home")]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self, self.trust.content)


class HistoryScreen(_ListScreen):
    """Every session, newest first: Enter opens, f starts a follow-up, Delete erases."""

    BINDINGS = [
        Binding("f", "follow_up", "Follow-up", id="follow_up"),
        Binding("t", "team", "Team", id="team"),
        Binding("escape,f10", "app.pop_screen", "Home", id="home"),
    ]

    def __init__(self, team: str | None = None) -> None:
        super().__init__()
        self.team = team
        """Only this team's sessions (None: everyone's); t cycles through the teams."""

    def compose(self) -> ComposeResult:
        t = self.trust.content.t
        title = t("home.sessions") if self.team is None else t("history.of_team", team=self.team)
        yield Static(shown(title, "bold"), id="home-title")
        summaries = self.trust.sessions.all(team=self.team)
        options = []
        for summary in summaries:
            line = Text(end="")
            line.append(f"{short_date(summary.created_at, self.trust.content.lang)}  ",
                        style="dim")
            line.append_text(shown(summary.title or t("app.untitled"), "bold"))
            line.append("  ·  ")
            line.append_text(shown(summary.team or t("app.no_team")))
            line.append(f"  ·  {t(f'mode.{summary.mode}')} · {t(f'status.{summary.status}')}",
                        style="dim")
            if summary.destination:
                line.append("\n  ☀ ")
                line.append_text(shown(summary.destination, "italic"))  # wraps: whole
            options.append(Option(line, id=summary.id))
        if options:
            yield SessionList(*options, id="home-menu")
            yield Static(t("history.keys_hint"), markup=False, classes="hint")
        else:
            yield Static(t("home.none"), markup=False, classes="hint")
        yield Footer()
        yield from self.compose_frame()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("follow_up", "team"):  # nothing listed: nothing to follow up or filter
            return bool(self.query("#home-menu"))
        return True

    def _selected_id(self) -> str | None:
        menus = self.query("#home-menu").results(OptionList)
        for menu in menus:
            if menu.highlighted is not None:
                return menu.get_option_at_index(menu.highlighted).id
        return None

    def action_team(self) -> None:
        teams = sorted({s.team for s in self.trust.sessions.all() if s.team}, key=str.casefold)
        choices: list[str | None] = [None, *teams]
        index = choices.index(self.team) if self.team in choices else 0
        self.app.switch_screen(HistoryScreen(choices[(index + 1) % len(choices)]))

    def action_follow_up(self) -> None:
        session_id = self._selected_id()
        if session_id:
            self.trust.follow_up(session_id)

    def action_erase(self) -> None:
        session_id = self._selected_id()
        summary = next((s for s in self.trust.sessions.all() if s.id == session_id), None)
        if session_id is None or summary is None:
            return
        t = self.trust.content.t

        def answered(yes: bool | None) -> None:
            if yes and self.trust.sessions.erase(session_id):
                self.app.notify(t("cli.erased", id=session_id), markup=False)
                self.app.switch_screen(HistoryScreen(self.team))

        # The dialog covers the list: it names the session, so the right one goes.
        question = t("history.erase_confirm", title=summary.title or t("app.untitled"),
                     date=long_date(summary.created_at, self.trust.content.lang))
        self.app.push_screen(ConfirmDialog(question, t("keys.erase"), t("ui.cancel")), answered)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        summary = next((s for s in self.trust.sessions.all() if s.id == event.option.id), None)
        if summary is None:
            return
        if summary.status == "open":
            self.trust.continue_session(summary.id)
        else:
            self.trust.open_read_only(summary.id)
