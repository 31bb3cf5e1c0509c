"""Check-in: one short answer each, in turn, to a question the team has not had before."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from trust_tui.core import Progress
from trust_tui.ui.screens.stage import StageScreen
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.field import Field

__all__ = ["CheckinScreen"]


class CheckinScreen(StageScreen):
    stage = "checkin"

    def compose_work(self) -> ComposeResult:
        t = self.t
        yield Static(id="question")
        yield from self.compose_turn_banner()
        yield Field(limit=self.trust.content.script.limit("sentence"), id="answer")
        with Horizontal(classes="row", id="checkin-buttons"):
            yield Button(t("checkin.pass"), id="pass")
            yield Button(t("checkin.another"), id="another")
        yield Static(id="answers")

    def person_mark(self, progress: Progress) -> str:
        entry = next((c for c in self.session.checkins
                      if c.participant_id == progress.participant_id), None)
        if entry is None:
            return "·"
        return "– " + self.t("checkin.passed") if entry.passed else "✓"

    def refresh_work(self) -> None:
        t = self.t
        session = self.session
        question = Text(end="")
        question.append(t("checkin.question") + ": ", style="dim")
        if session.checkin_question:
            question.append(self.trust.content.question(session.checkin_question),
                            style="bold")
        self.query_one("#question", Static).update(question)
        field = self.query_one("#answer", Field)
        person = session.participant(self.turn)
        field.display = person is not None
        self.query_one("#pass", Button).display = person is not None
        if person is not None:
            field.placeholder = t("checkin.answer_placeholder", name=person.name)
        answers = Text(end="")
        for entry in session.checkins:
            answers.append_text(shown(session.name_of(entry.participant_id), "bold"))
            answers.append(": ")
            answers.append_text(Text(t("checkin.passed"), style="dim") if entry.passed
                                else shown(entry.answer))
            answers.append("\n")
        self.query_one("#answers", Static).update(answers)

    def on_turn_changed(self) -> None:
        if self.turn:
            self.query_one("#answer", Field).focus()

    def _next_person(self) -> None:
        answered = {c.participant_id for c in self.session.checkins}
        waiting = [p.id for p in self.session.participants if p.id not in answered]
        self.give_keyboard(waiting[0] if waiting else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "answer" and self.turn:
            if self.act("check_in", self.turn, answer=event.value):
                event.input.value = ""
                self._next_person()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pass" and self.turn:
            if self.act("check_in", self.turn, passed=True):
                self._next_person()
        elif event.button.id == "another":
            used = self.trust.sessions.used_checkin_questions(self.session.team) \
                if self.session.team else []
            self.act("draw_checkin", avoid=used)
