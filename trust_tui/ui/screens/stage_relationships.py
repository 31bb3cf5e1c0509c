"""Relationships: private reflection; names stay with the writer, only patterns may be shared."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Checkbox, Static

from trust_tui.core import Progress
from trust_tui.core.answers import FORMS, intents_for, unkept_names
from trust_tui.ui.own_view import patterns_text
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.widgets.asks import Asks, ask_id

__all__ = ["RelationshipsScreen"]


class RelationshipsScreen(StageScreen):
    stage = "relationships"
    reveal_intent = "reveal_patterns"
    asks: Asks
    """The reflection's questions, as every screen asks them (built in compose)."""

    def compose_work(self) -> ComposeResult:
        t = self.t
        self.asks = Asks(self.stage, self.texts)
        yield from self.compose_turn_banner()
        with VerticalScroll(id="reflection"):
            yield Static(t("relationships.privacy"), classes="hint", markup=False)
            for widget in self.asks.children:
                if widget is self.asks.widgets["share"]:  # said where sharing was offered
                    yield Static(t("reason.patterns_shown"), id="after-reveal",
                                 classes="hint", markup=False)
                yield widget
            yield Button(t("relationships.confirm"), id="confirm", variant="primary")
        yield Static(id="shared")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return (not self.session.patterns_revealed
                    and super().check_action(action, parameters))
        return super().check_action(action, parameters)

    def person_mark(self, progress: Progress) -> str:
        return ("✓ " + self.t("relationships.written")) if progress.relationships else "·"

    def refresh_work(self) -> None:
        t = self.t
        person = self.session.participant(self.turn)
        self.query_one("#reflection").display = person is not None
        shared = self.query_one("#shared", Static)
        shared.display = person is None
        revealed = self.session.patterns_revealed
        self.query_one("#after-reveal").display = revealed
        if revealed:  # a pattern shared now would show alone, as its writer's
            self.asks.fix("share", False)
            shared.update(patterns_text(self.session.shared_patterns(), self.trust.content))
        else:  # nothing of anyone's reflection shows before the deliberate reveal
            written = len(self.session.participants) - len(self.engine.not_done())
            shared.update(Text(t("relationships.patterns_hidden", count=written,
                                 total=len(self.session.participants))))

    def on_turn_changed(self) -> None:
        self.asks.reset()  # the next person never sees the previous person's words
        if self.turn:
            self.asks.fields()[0].focus()

    def _name_fields(self) -> set[str]:
        return {ask_id(self.stage, ask.key) for ask in FORMS[self.stage] if ask.kind == "names"}

    def unsent_fields(self) -> dict[str, str]:
        """The half-typed reflection for a draft: the names only if the writer ticked "keep
        the names" (a draft is written to the file, and names are stored only then)."""
        typed = super().unsent_fields()
        for key in unkept_names(self.stage, self.asks.answers()):
            typed.pop(ask_id(self.stage, key), None)
        return typed

    def restore_draft(self) -> None:
        """Names in a draft were kept because the writer ticked "keep the names": so it stays."""
        draft = self.session.draft
        names_back = draft is not None and draft.stage == self.stage and bool(
            self._name_fields() & set(draft.fields))
        super().restore_draft()
        if names_back:
            keep = self.asks.widgets["keep"]
            assert isinstance(keep, Checkbox)
            keep.value = True

    def on_input_submitted(self) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.send_unsent(always=True)

    def send_unsent(self, always: bool = False) -> None:
        """Confirm the reflection (the button, or a reveal with words still in the form)."""
        if not self.turn:
            return
        typed = any(field.value.strip() for field in self.asks.fields())
        if not typed and not always:
            return
        for intent, data in intents_for(self.stage, self.asks.answers()):
            if not self.act(intent, self.turn, **data):
                return
        self.asks.reset()
        if self.solo:
            self.action_next_stage()
            return
        self.give_keyboard(None)
        self.query_one("#people").focus()
