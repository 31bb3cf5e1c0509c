"""Close: a closing round, then the summary, exported from here; F8 finishes the session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from trust_tui.core import Progress
from trust_tui.core.answers import intents_for
from trust_tui.ui.screens.dialogs import ConfirmDialog
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.widgets.asks import Asks
from trust_tui.ui.widgets.summary import SummaryView, export_folder

__all__ = ["CloseScreen"]


class CloseScreen(StageScreen):
    stage = "close"
    asks: Asks
    """The closing word and score, as every screen asks them (built in compose)."""

    def compose_work(self) -> ComposeResult:
        self.asks = Asks(self.stage, self.texts)
        yield from self.compose_turn_banner()
        with Horizontal(classes="row", id="closing-form"):
            yield from self.asks.children
        yield Static(classes="hint", id="finish-hint")
        yield SummaryView(self.session, self.texts, export_folder(self.trust), id="summary")

    def person_mark(self, progress: Progress) -> str:
        entry = next((c for c in self.session.closing
                      if c.participant_id == progress.participant_id), None)
        return ("✓ " + self.t("close.closed")) if entry else "·"

    def refresh_work(self) -> None:
        t = self.t
        person = self.session.participant(self.turn)
        self.query_one("#closing-form").display = person is not None
        finished = self.session.status == "finished"
        self.query_one("#finish-hint", Static).update(
            t("ui.finished_session") if finished else t("close.finish_hint"))
        self.query_one(SummaryView).refresh_summary()

    def on_turn_changed(self) -> None:
        self.asks.reset()
        if self.turn:
            self.asks.fields()[0].focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        word, score = self.asks.fields()
        if event.input is word:
            score.focus()
            return
        if event.input is score and self.turn:
            [(intent, data)] = intents_for(self.stage, self.asks.answers())
            if self.act(intent, self.turn, **data):
                answered = {c.participant_id for c in self.session.closing}
                waiting = [p.id for p in self.session.participants if p.id not in answered]
                self.give_keyboard(waiting[0] if waiting else None)
                if not waiting:
                    self.query_one("#people").focus()

    def action_next_stage(self) -> None:
        """Finishing makes the session read-only, so it is asked for, not assumed."""
        if self.session.status == "finished":
            return
        t = self.t

        def answered(yes: bool | None) -> None:
            if yes and self.act("finish"):
                self.query_one(SummaryView).focus_export()

        self.app.push_screen(ConfirmDialog(t("close.confirm_finish"), t("keys.finish"),
                                           t("ui.cancel")), answered)
