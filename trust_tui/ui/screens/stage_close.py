"""Close: a closing round, then the summary, exported from here; F8 finishes the session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from trust_tui.core import Progress
from trust_tui.ui.screens.dialogs import ConfirmDialog
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.summary import SummaryView, export_folder

__all__ = ["CloseScreen"]


class CloseScreen(StageScreen):
    stage = "close"

    def compose_work(self) -> ComposeResult:
        t = self.t
        limits = self.trust.content.script.limits
        yield from self.compose_turn_banner()
        with Horizontal(classes="row", id="closing-form"):
            yield Field(limit=limits["word"], label=t("close.word"), id="word")
            yield Field(limit=1, label=t("close.score"), type="integer", counter=False,
                        id="score")
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
        self.query_one("#word", Field).value = ""
        self.query_one("#score", Field).value = ""
        if self.turn:
            self.query_one("#word").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "word":
            self.query_one("#score").focus()
            return
        if event.input.id == "score" and self.turn:
            self.send_closing()

    def send_closing(self) -> bool:
        """The word and score at the keyboard go in; the keyboard moves on (to someone on
        this screen: a person with a screen of their own closes there)."""
        if not self.turn:
            return True
        score_text = self.query_one("#score", Field).value.strip()
        score = int(score_text) if score_text.isdigit() else None
        if not self.act("closing_word", self.turn, word=self.query_one("#word", Field).value,
                        score=score):
            return False
        answered = {c.participant_id for c in self.session.closing}
        waiting = [p.id for p in self.session.participants
                   if p.id not in answered and not p.own_screen]
        self.give_keyboard(waiting[0] if waiting else None)
        if not waiting:
            self.query_one("#people").focus()
        return True

    def typed(self) -> bool:
        return bool(self.turn) and any(self.query_one(f"#{key}", Field).value.strip()
                                       for key in ("word", "score"))

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

        self.app.push_screen(ConfirmDialog(t("close.confirm_finish"), t("keys.finish"),
                                           t("ui.cancel")), answered)
