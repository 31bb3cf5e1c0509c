"""Common ground: every statement side by side, gathered into named themes by keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core import Progress
from trust_tui.ui.lists import refill
from trust_tui.ui.screens.dialogs import ChooseDialog, TextDialog
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.work_lists import StatementList, ThemeList

__all__ = ["CommonGroundScreen"]

_GATHERING = ("new_theme", "move", "ungroup", "rename_theme", "merge_theme", "remove_theme")


class CommonGroundScreen(StageScreen):
    stage = "common_ground"
    reveal_intent = "reveal"

    def compose_work(self) -> ComposeResult:
        yield Static(classes="hint", id="status")
        yield StatementList(id="statements")
        yield ThemeList(id="themes")
        yield Static(self.t("common_ground.keys_hint"), classes="hint", id="keys-hint")

    def person_mark(self, progress: Progress) -> str:
        return "✓" if progress.horizon_done else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.session.revealed and super().check_action(action, parameters)
        if action in _GATHERING:
            return self.session.revealed  # before the reveal there is nothing to gather
        return super().check_action(action, parameters)

    def on_mount(self) -> None:
        super().on_mount()
        if self.session.revealed:
            self.query_one("#statements").focus()

    def do_reveal(self) -> None:
        if self.act("reveal"):
            self.query_one("#statements").focus()

    def refresh_work(self) -> None:
        t = self.t
        session = self.session
        revealed = session.revealed
        for widget_id in ("#statements", "#themes", "#keys-hint"):
            self.query_one(widget_id).display = revealed
        status = self.query_one("#status", Static)
        if not revealed:
            status.update(t("common_ground.hidden"))
            return
        status.update(t("common_ground.no_themes") if not session.themes else "")
        statements = self.query_one("#statements", OptionList)
        options = []
        for statement in self.engine.view_for("facilitator").statements:
            theme = session.theme(statement.theme_id)
            line = Text(end="")
            line.append("◆ " if theme else "◇ ", style="bold" if theme else "dim")
            line.append_text(shown(statement.text))
            if theme:
                line.append("  → ", style="dim")
                line.append_text(shown(theme.name, "italic"))
            options.append(Option(line, id=statement.id))
        refill(statements, options)
        statements.border_title = t("common_ground.statements")
        themes = self.query_one("#themes", OptionList)
        theme_options = []
        for theme in session.themes:
            count = sum(s.theme_id == theme.id for s in session.statements)
            theme_options.append(Option(shown(t("common_ground.theme_line", name=theme.name,
                                                count=count), "bold"), id=theme.id))
        refill(themes, theme_options)
        themes.border_title = t("common_ground.themes")

    # -- keys on the two lists ------------------------------------------------------------------

    def _selected(self, list_id: str) -> str | None:
        widget = self.query_one(list_id, OptionList)
        if widget.highlighted is None or not widget.option_count:
            return None
        return widget.get_option_at_index(widget.highlighted).id

    def _theme_choices(self, exclude: str | None = None) -> list[tuple[str, Text]]:
        return [(theme.id, shown(theme.name)) for theme in self.session.themes
                if theme.id != exclude]

    def action_new_theme(self) -> None:
        if statement_id := self._selected("#statements"):
            self._new_theme(statement_id)

    def action_move(self) -> None:
        if statement_id := self._selected("#statements"):
            self._move(statement_id)

    def action_ungroup(self) -> None:
        if statement_id := self._selected("#statements"):
            self.act("move_statement", statement_id=statement_id, theme_id=None)

    def action_rename_theme(self) -> None:
        if theme_id := self._selected("#themes"):
            self._rename(theme_id)

    def action_merge_theme(self) -> None:
        if theme_id := self._selected("#themes"):
            self._merge(theme_id)

    def action_remove_theme(self) -> None:
        if theme_id := self._selected("#themes"):
            self.act("remove_theme", theme_id=theme_id)

    def _new_theme(self, statement_id: str) -> None:
        def named(name: str | None) -> None:
            if name:
                self.act("make_theme", name=name, statement_ids=[statement_id])

        self.app.push_screen(TextDialog(self.t("common_ground.theme_name"),
                                        limit=self.trust.content.script.limit("theme")), named)

    def _move(self, statement_id: str) -> None:
        if not self.session.themes:
            self._new_theme(statement_id)
            return

        def chosen(theme_id: str | None) -> None:
            if theme_id:
                self.act("move_statement", statement_id=statement_id, theme_id=theme_id)

        self.app.push_screen(ChooseDialog(self.t("common_ground.choose_theme"),
                                          self._theme_choices(), self.t("ui.cancel")), chosen)

    def _rename(self, theme_id: str) -> None:
        theme = self.session.theme(theme_id)

        def named(name: str | None) -> None:
            if name:
                self.act("rename_theme", theme_id=theme_id, name=name)

        self.app.push_screen(TextDialog(self.t("common_ground.theme_name"),
                                        limit=self.trust.content.script.limit("theme"),
                                        value=theme.name if theme else ""), named)

    def _merge(self, theme_id: str) -> None:
        theme = self.session.theme(theme_id)
        choices = self._theme_choices(exclude=theme_id)
        if theme is None or not choices:
            return

        def chosen(target: str | None) -> None:
            if target:
                self.act("merge_themes", source_id=theme_id, target_id=target)

        self.app.push_screen(ChooseDialog(self.t("common_ground.merge_into", name=theme.name),
                                          choices, self.t("ui.cancel")), chosen)
