"""The home screen: new session, continue, history, solo practice, journal, language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from trust_tui.ui.screens.base import InMeetingApp, TrustScreen
from trust_tui.ui.text import shown

__all__ = ["HomeScreen"]


def _entry(title: Text | str, help_text: str) -> Text:
    text = Text(end="")
    text.append_text(title if isinstance(title, Text) else Text(title, style="bold"))
    text.append("\n")
    text.append(f"  {help_text}", style="dim")
    return text


class HomeScreen(InMeetingApp, TrustScreen):
    def __init__(self, highlight: str | None = None) -> None:
        super().__init__()
        self.highlight = highlight
        """The entry the cursor starts on (the language entry, after switching language)."""

    def compose(self) -> ComposeResult:
        t = self.trust.content.t
        yield Static(f"☀  {t('app.name')}", id="home-title", markup=False)
        yield Static(t("app.tagline"), id="home-tagline", markup=False)
        if self.trust.hosting is not None:  # trust-tui host: say what happens next
            yield Static(t("home.hosting"), id="home-hosting", classes="hint", markup=False)
        options = [Option(_entry(t("home.new"), t("home.new_help")), id="new")]
        self.unsaved = self.trust.unsaved_work()
        for index, unsaved in enumerate(self.unsaved):  # first: work that must not be lost
            title = Text(t("home.unsaved", time=unsaved.written.strftime("%Y-%m-%d %H:%M")),
                         style="bold")
            title.append_text(shown(str(unsaved.record.get("title") or t("app.untitled")),
                                    "bold"))
            options.insert(index, Option(_entry(title, t("home.unsaved_help")),
                                         id=f"unsaved:{index}"))
        # Read before the first frame, slow as it is: a Down typed at once must land on them.
        options += self._continue_entries()
        options += [
            Option(_entry(t("home.history"), t("home.history_help")), id="history"),
            Option(_entry(t("home.solo"), t("home.solo_help")), id="solo"),
            Option(_entry(t("home.journal"), t("home.journal_help")), id="journal"),
            Option(_entry(t("home.language"), t("home.language_help")), id="language"),
            Option(Text(t("home.quit"), style="bold"), id="quit"),
        ]
        yield OptionList(*options, id="home-menu")
        yield Footer()
        yield from self.compose_frame()

    def on_mount(self) -> None:
        super().on_mount()
        self._show_menu()

    async def show_again(self, highlight: str | None = None) -> None:
        """Home as new (the app's first screen stays): its sessions listed again, in the
        language now chosen, the cursor on ``highlight``."""
        self.highlight = highlight
        await self.recompose()
        self.check_size(self.app.size.width, self.app.size.height)
        self._show_menu()

    def _show_menu(self) -> None:
        menu = self.query_one("#home-menu", OptionList)
        menu.focus()
        if self.highlight is not None:
            try:
                menu.highlighted = menu.get_option_index(self.highlight)
            except OptionDoesNotExist:  # an entry this home does not show: stay at the top
                pass

    def _continue_entries(self) -> list[Option]:
        t = self.trust.content.t
        entries = []
        for summary in self.trust.sessions.unfinished()[:3]:
            if summary.mode != "meeting" and summary.stage == "setup":
                continue
            title = Text(end="", style="bold")
            title.append(t("home.continue", title=""))
            title.append_text(shown(summary.title or t("app.untitled"), "bold"))
            stage = self.trust.content.stage_title(summary.stage) \
                if self.trust.content.has(f"stage.{summary.stage}.title") else summary.stage
            entries.append(Option(_entry(title, t("home.continue_help", stage=stage)),
                                  id=f"continue:{summary.id}"))
        return entries

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from trust_tui.ui.screens.history import HistoryScreen
        from trust_tui.ui.screens.journal import JournalScreen

        choice = event.option.id or ""
        app = self.trust
        if choice.startswith("unsaved:"):
            app.bring_back(self.unsaved[int(choice.split(":", 1)[1])])
        elif choice == "new":
            app.new_session()
        elif choice.startswith("continue:"):
            app.continue_session(choice.split(":", 1)[1])
        elif choice == "history":
            app.push_screen(HistoryScreen())
        elif choice == "solo":
            app.new_session(solo=True)
        elif choice == "journal":
            app.push_screen(JournalScreen())
        elif choice == "language":
            app.set_language("en" if app.content.lang == "nl" else "nl")
        elif choice == "quit":
            app.exit(0)
