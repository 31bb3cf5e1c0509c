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
            self.send_closing()

    def send_closing(self) -> bool:
        """The word and score at the keyboard go in; the keyboard moves on (to someone on
        this screen: a person with a screen of their own closes there)."""
        if not self.turn:
            return True
        [(intent, data)] = intents_for(self.stage, self.asks.answers())
        if not self.act(intent, self.turn, **data):
            return False
        answered = {c.participant_id for c in self.session.closing}
        waiting = [p.id for p in self.session.participants
                   if p.id not in answered and not p.own_screen]
        self.give_keyboard(waiting[0] if waiting else None)
        if not waiting:
            self.query_one("#people").focus()
        return True

    def typed(self) -> bool:
        return bool(self.turn) and any(field.value.strip() for field in self.asks.fields())

    def action_next_stage(self) -> None:
        """Finishing makes the session read-only, so it is asked for, not assumed."""
        if self.session.status == "finished":
            return
        t = self.t

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if self.typed() and not self.send_closing():
                return  # the refusal is shown; the words stay in their fields to put right
            if self.act("finish"):
                self.query_one(SummaryView).focus_export()

        self.app.push_screen(ConfirmDialog(self._finish_question(), t("keys.finish"),
                                           t("ui.cancel")), answered)

    def _finish_question(self) -> str:
        """Who has not closed yet, so the facilitator can wait or go on knowingly: by name,
        or in an anonymous session only how many (the words at the keyboard count as sent)."""
        closed = {c.participant_id for c in self.session.closing}
        if self.typed():
            closed.add(str(self.turn))
        waiting = [p.name for p in self.session.participants if p.id not in closed]
        if not waiting:
            return self.t("close.confirm_finish")
        if self.session.anonymous:
            return self.t("close.confirm_finish_count", count=len(waiting))
        return self.t("close.confirm_finish_names", names=", ".join(waiting))
