"""Practice: a partner and one small step of giving trust each; how the team practises together."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from trust_tui.core import Progress
from trust_tui.core.answers import intents_for
from trust_tui.core.dates import short_date
from trust_tui.core.export import long_date
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.asks import Asks
from trust_tui.ui.widgets.field import Field

__all__ = ["PracticeScreen"]


class PracticeScreen(StageScreen):
    stage = "practice"
    asks: Asks
    """A person's own small step, as every screen asks it (built in compose)."""

    def compose_work(self) -> ComposeResult:
        t = self.t
        content = self.trust.content
        limits = content.script.limits
        self.asks = Asks(self.stage, self.texts)
        yield from self.compose_turn_banner()
        with VerticalScroll(id="commitment-form"):
            yield from self.asks.children
            yield Button(t("practice.confirm"), id="confirm", variant="primary")
        with VerticalScroll(id="group-form"):
            yield Static(id="commitments")
            yield Static(t("practice.group"), classes="section-title")
            group = self.session.group_practice
            yield Field(limit=limits["sentence"], label=t("practice.with_whom"),
                        value=group.with_whom, id="with-whom")
            yield Field(limit=limits["sentence"], label=t("practice.what"), value=group.what,
                        id="what")
            yield Field(limit=limits["sentence"], label=t("practice.when"), value=group.when,
                        id="when")
            yield Button(t("keys.save"), id="save-group")

    def person_mark(self, progress: Progress) -> str:
        return ("✓ " + self.t("practice.committed")) if progress.committed else "·"

    def refresh_work(self) -> None:
        t = self.t
        content = self.trust.content
        person = self.session.participant(self.turn)
        self.query_one("#commitment-form").display = person is not None
        self.query_one("#group-form").display = person is None and not self.solo
        text = Text(end="")
        for commitment in self.session.commitments:
            text.append("• ")
            text.append_text(shown(t("export.commitment_line",
                                     who=self.session.name_of(commitment.participant_id),
                                     partner=commitment.partner, step=commitment.small_step)))
            if commitment.due_on:
                due = t("export.due", date=long_date(commitment.due_on, content.lang))
                text.append(f" ({due})",
                            style="dim")
            text.append("\n")
        self.query_one("#commitments", Static).update(text)

    def on_turn_changed(self) -> None:
        self.asks.reset()
        if self.turn:
            existing = self.engine.commitment_of(self.turn)
            if existing:
                self.asks.fill({"partner": existing.partner, "small_step": existing.small_step,
                                "signals": existing.signals,
                                "due_on": short_date(existing.due_on, self.trust.content.lang)})
            self.asks.fields()[0].focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("with-whom", "what", "when"):
            self._save_group()
        self.focus_next()

    def _save_group(self) -> bool:
        def value(widget_id: str) -> str:
            return self.query_one(widget_id, Field).value
        if not self.act("set_group_practice", with_whom=value("#with-whom"),
                        what=value("#what"), when=value("#when")):
            return False
        for widget_id in ("#with-whom", "#what", "#when"):
            self.query_one(widget_id, Field).mark_sent()
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save-group":
            self._save_group()
        elif event.button.id == "confirm" and self.turn:
            [(intent, data)] = intents_for(self.stage, self.asks.answers())
            if self.act(intent, self.turn, **data):
                if self.solo:
                    self.asks.reset()  # sent: nothing of it is left to keep as a draft
                    self.action_next_stage()
                    return
                self.give_keyboard(None)
                self.query_one("#people").focus()

    def action_next_stage(self) -> None:
        if self.turn is not None or self.solo or self._save_group():
            super().action_next_stage()
