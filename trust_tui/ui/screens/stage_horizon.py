"""Horizon: each writes privately what success looks like; hidden until the reveal."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core import Progress
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.lists import refill
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.work_lists import WrittenList

if TYPE_CHECKING:
    from trust_tui.core.model import Statement

__all__ = ["HorizonScreen"]


class HorizonScreen(StageScreen):
    stage = "horizon"
    reveal_intent = "reveal"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "done", "Done", id="done", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self, self.trust.content)
        self.editing: str | None = None
        """The statement whose text is back in the field for changing."""

    def compose_work(self) -> ComposeResult:
        t = self.t
        yield from self.compose_turn_banner()
        yield Field(limit=self.trust.content.script.limit("statement"),
                    placeholder=t("horizon.placeholder"), id="statement")
        yield Static(t("horizon.your_statements"), classes="hint", id="own-title")
        yield WrittenList(id="own")
        yield Button(t("ui.pass_keyboard") + " (Ctrl+O)", id="done", variant="primary")
        yield Static(classes="hint", id="status")
        yield OptionList(id="revealed")

    def idle_banner(self) -> str:
        return "" if self.session.revealed else self.t("ui.facilitator_turn")

    def person_mark(self, progress: Progress) -> str:
        mark = "✓" if progress.horizon_done else ("✎" if progress.participant_id == self.turn
                                                  else "·")
        count = progress.statements
        return f"{mark} {count}" if not self.session.revealed else mark

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "done":
            return self.turn is not None
        if action == "reveal":
            return not self.session.revealed and super().check_action(action, parameters)
        return super().check_action(action, parameters)

    def refresh_work(self) -> None:
        t = self.t
        session = self.session
        person = session.participant(self.turn)
        writing = person is not None and not session.revealed
        for widget_id in ("#statement", "#own-title", "#own", "#done"):
            self.query_one(widget_id).display = writing
        if writing and person is not None:
            own = self.engine.statements_of(person.id)
            self.show_number(own)
            # Others look at a shared screen: confirmed words are masked. Alone, they are yours.
            masked = Text(t("ui.masked"), end="")
            refill(self.query_one("#own", OptionList),
                   [Option(Text(f"{i}. ", end="") + (shown(s.text) if self.solo else masked),
                           id=s.id) for i, s in enumerate(own, start=1)])
        status = self.query_one("#status", Static)
        revealed_list = self.query_one("#revealed", OptionList)
        revealed_list.display = session.revealed
        if session.revealed:
            status.update(t("horizon.revealed"))
            revealed_list.set_options(self._revealed_options())
        elif not writing:
            everyone = all(p.horizon_done for p in self.engine.progress())
            status.update(t("horizon.reveal_ready") if everyone else
                          self.keyboard_hint() + "\n" + t("horizon.hidden"))
        else:
            status.update("")

    def _revealed_options(self) -> list[Option]:
        session = self.session
        view = self.engine.view_for("facilitator")
        options = []
        for statement in view.statements:
            line = Text(end="")
            if not session.anonymous:
                line.append_text(shown(session.name_of(statement.author_id), "bold"))
                line.append(": ")
            line.append_text(shown(statement.text))
            options.append(Option(line, id=statement.id))
        return options

    def show_number(self, own: list[Statement]) -> None:
        """Above the field, which statement it holds: the one being written is number 1 when
        none is confirmed yet (as on everyone's screen), the one being changed its own number."""
        limit = self.trust.content.script.limit("max_statements")
        ids = [statement.id for statement in own]
        if self.editing in ids:
            title = self.t("horizon.count", count=ids.index(self.editing) + 1, limit=limit)
        elif len(own) >= limit:
            title = self.t("horizon.count_full", limit=limit)
        else:
            title = self.t("horizon.count", count=len(own) + 1, limit=limit)
        self.query_one("#statement", Field).border_title = title

    def on_turn_changed(self) -> None:
        self.editing = None
        if self.turn:
            field = self.query_one("#statement", Field)
            field.value = ""
            field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "statement":
            self.send_unsent()

    def give_keyboard(self, participant_id: str | None) -> None:
        """A sentence still in the field is saved before the keyboard changes hands (F2, or
        Enter on a name): hidden like the others, and the writer can change it later. If it
        cannot be saved, the keyboard stays, so the words are never thrown away."""
        if participant_id != self.turn:
            self.send_unsent()
            if self.turn and self.query_one("#statement", Field).value.strip() \
                    and not self.session.revealed:
                return
        super().give_keyboard(participant_id)

    def send_unsent(self) -> None:
        """The statement in the field is saved (a new one, or the one being changed)."""
        field = self.query_one("#statement", Field)
        if not self.turn or not field.value.strip() or self.session.revealed:
            return
        if self.editing:
            ok = self.act("edit_statement", self.turn, statement_id=self.editing,
                          text=field.value)
        else:
            ok = self.act("add_statement", self.turn, text=field.value)
        if ok:
            self.editing = None
            field.value = ""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "own" and self.turn:
            event.stop()
            statement = next((s for s in self.engine.statements_of(self.turn)
                              if s.id == event.option.id), None)
            if statement is not None:
                self.editing = statement.id
                field = self.query_one("#statement", Field)
                field.show_text(statement.text)
                field.focus()
                self.show_number(self.engine.statements_of(self.turn))
            return
        super().on_option_list_option_selected(event)

    def action_remove_statement(self) -> None:
        own = self.query_one("#own", OptionList)
        if own.highlighted is not None and self.turn:
            option = own.get_option_at_index(own.highlighted)
            self.act("remove_statement", self.turn, statement_id=option.id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "done":
            self.action_done()

    def action_done(self) -> None:
        """The writer is done: their statements stay hidden, the keyboard goes back. A
        sentence still in the field is saved first: Ctrl+O never throws words away."""
        self.send_unsent()
        if self.turn and self.act("horizon_done", self.turn):
            self.query_one("#statement", Field).value = ""
            if self.solo:
                self.action_next_stage()
                return
            self.give_keyboard(None)
            self.query_one("#people").focus()
