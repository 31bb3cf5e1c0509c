"""Relationships: private reflection; names stay with the writer, only patterns may be shared."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Checkbox, Static

from trust_tui.core import Progress
from trust_tui.ui.own_view import patterns_text
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.ticks import Tick

__all__ = ["RelationshipsScreen"]

KINDS = ("easy", "difficult")


class RelationshipsScreen(StageScreen):
    stage = "relationships"
    reveal_intent = "reveal_patterns"

    def compose_work(self) -> ComposeResult:
        t = self.t
        limits = self.trust.content.script.limits
        yield from self.compose_turn_banner()
        with VerticalScroll(id="reflection"):
            yield Static(t("relationships.privacy"), classes="hint", markup=False)
            for kind in KINDS:
                yield Field(limit=limits["note"], label=t(f"relationships.{kind}_names"),
                            placeholder=t("relationships.names_placeholder"),
                            id=f"{kind}-names")
                yield Field(limit=limits["note"], label=t(f"relationships.{kind}_pattern"),
                            id=f"{kind}-pattern")
            yield Tick(t("relationships.share"), True, id="share")
            yield Tick(t("relationships.keep"), False, id="keep")
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
        if self.session.patterns_revealed:
            shared.update(patterns_text(self.session.shared_patterns(), self.trust.content))
        else:  # nothing of anyone's reflection shows before the deliberate reveal
            written = len(self.session.participants) - len(self.engine.not_done())
            shared.update(Text(t("relationships.patterns_hidden", count=written,
                                 total=len(self.session.participants))))

    def _clear(self) -> None:
        for kind in KINDS:
            self.query_one(f"#{kind}-names", Field).value = ""
            self.query_one(f"#{kind}-pattern", Field).value = ""
        self.query_one("#keep", Checkbox).value = False
        self.query_one("#share", Checkbox).value = True

    def on_turn_changed(self) -> None:
        self._clear()  # the next person never sees the previous person's words
        if self.turn:
            self.query_one("#easy-names", Field).focus()

    def unsent_fields(self) -> dict[str, str]:
        """The half-typed reflection for a draft: the names only if the writer ticked "keep
        the names" (a draft is written to the file, and names are stored only then)."""
        typed = super().unsent_fields()
        if not self.query_one("#keep", Checkbox).value:
            for kind in KINDS:
                typed.pop(f"{kind}-names", None)
        return typed

    def restore_draft(self) -> None:
        """Names in a draft were kept because the writer ticked "keep the names": so it stays."""
        draft = self.session.draft
        names_back = draft is not None and draft.stage == self.stage and any(
            f"{kind}-names" in draft.fields for kind in KINDS)
        super().restore_draft()
        if names_back:
            self.query_one("#keep", Checkbox).value = True

    def on_input_submitted(self) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.send_unsent(always=True)

    def send_unsent(self, always: bool = False) -> None:
        """Confirm the reflection (the button, or a reveal with words still in the form)."""
        if not self.turn:
            return
        typed = any(field.value.strip() for field in self.query(Field))
        if not typed and not always:
            return
        share = self.query_one("#share", Checkbox).value
        keep = self.query_one("#keep", Checkbox).value
        for kind in KINDS:
            names = [n for n in self.query_one(f"#{kind}-names", Field).value.split(",")
                     if n.strip()]
            pattern = self.query_one(f"#{kind}-pattern", Field).value
            if not names and not pattern.strip():
                continue
            if not self.act("write_relationship", self.turn, kind=kind, pattern=pattern,
                            names=names, shared=share, keep_names=keep):
                return
        self._clear()
        if self.solo:
            self.action_next_stage()
            return
        self.give_keyboard(None)
        self.query_one("#people").focus()
