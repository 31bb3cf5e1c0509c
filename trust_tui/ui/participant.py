"""A participant's own screen in host mode: their private writing, and the shared stages live."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from trust_tui.core import Session, load_content
from trust_tui.net import HubClient, Refused
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.lists import refill
from trust_tui.ui.text import shown
from trust_tui.ui.widgets.field import Field

__all__ = ["ParticipantApp"]

# What each stage asks of a participant, one field after the other: (answer key, label key).
STEPS = {
    "checkin": [("answer", "checkin.question")],
    "horizon": [("text", "horizon.placeholder")],
    "relationships": [("easy", "relationships.easy_pattern"),
                      ("difficult", "relationships.difficult_pattern")],
    "practice": [("partner", "practice.partner"), ("small_step", "practice.step"),
                 ("due_on", "practice.due")],
    "close": [("word", "close.word")],
}


def intents_for(stage: str, answers: dict[str, str]) -> list[tuple[str, dict[str, object]]]:
    """The intents a finished set of answers becomes (patterns are shared, names never asked)."""
    if stage == "checkin":
        return [("check_in", {"answer": answers["answer"]})]
    if stage == "horizon":
        return [("add_statement", {"text": answers["text"]})]
    if stage == "relationships":
        return [("write_relationship", {"kind": kind, "pattern": answers[kind], "shared": True})
                for kind in ("easy", "difficult") if answers.get(kind, "").strip()]
    if stage == "practice":
        return [("write_commitment", {"partner": answers["partner"],
                                      "small_step": answers["small_step"],
                                      "due_on": answers.get("due_on", "").strip() or None})]
    return [("closing_word", {"word": answers["word"]})]


class ParticipantApp(App[int]):
    """Joins the hub at ``socket``; shows only what this person may see."""

    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+o", "done", "Done", id="done", priority=True),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, socket: Path, *, name: str, code: str, lang: str = "en") -> None:
        super().__init__()
        self.socket = socket
        self.person = name
        self.code = code
        self.content = load_content(lang)
        self.client: HubClient | None = None
        self.stage_shown: str | None = None
        self.answers: dict[str, str] = {}
        """The answers given so far at this stage's steps."""
        self.dots: dict[str, int] = {}
        """This person's ballot while they fill it in; sent whole with Enter."""

    @property
    def view(self) -> Session | None:
        return self.client.view if self.client else None

    def compose(self) -> ComposeResult:
        yield Static(id="participant-top")
        yield Static(id="participant-guide")
        with VerticalScroll(id="participant-work"):
            yield Field(limit=self.content.script.limit("sentence"), id="write")
            yield OptionList(id="mine")
            yield Static(id="dots-left")
            yield OptionList(id="vote")
            yield Static(id="shared")
        yield Footer(show_command_palette=False)

    async def on_mount(self) -> None:
        translate_bindings(self, self.content)
        try:
            self.client = await HubClient.join(self.socket, name=self.person, code=self.code)
        except (Refused, OSError) as error:
            reason = error.reason if isinstance(error, Refused) else "not_started"
            self.exit(1, return_code=1, message=self.content.t(f"reason.{reason}"))
            return
        self.redraw()
        self.run_worker(self._listen(), exclusive=True)

    async def _listen(self) -> None:
        assert self.client is not None
        while True:
            try:
                message = await self.client.receive(timeout=None)  # type: ignore[arg-type]
            except (ConnectionError, asyncio.IncompleteReadError):
                self.exit(1, return_code=1, message=self.content.t("join.lost"))
                return
            if "rejected" in message:
                self.notify(self.content.t(f"reason.{message['rejected']}"),
                            severity="warning", markup=False)
            else:
                self.redraw()

    # -- drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        view = self.view
        if view is None or self.client is None:
            return
        t = self.content.t
        me = self.client.participant_id
        top = Text(end="")
        top.append(f"▶ {self.content.stage_title(view.stage)}", style="bold reverse")
        top.append("  ")
        top.append_text(shown(t("join.you", name=view.name_of(me)), "bold"))
        self.query_one("#participant-top", Static).update(top)
        self.query_one("#participant-guide", Static).update(
            Text(t(f"stage.{view.stage}.prompt"), style="bold"))
        field = self.query_one("#write", Field)
        writing = self._writing()
        field.display = writing is not None
        if writing is not None and self.stage_shown != view.stage:
            self.answers = {}
            field.value = ""
            field.border_title = t(STEPS[view.stage][0][1])
            field.focus()
        self.stage_shown = view.stage
        mine = [Option(shown(s.text), id=s.id) for s in view.statements
                if view.stage == "horizon" and not view.revealed]
        self.query_one("#mine", OptionList).display = bool(mine)
        refill(self.query_one("#mine", OptionList), mine)
        self._draw_vote()
        self.query_one("#shared", Static).update(self._shared())

    def _voting(self) -> bool:
        view = self.view
        return (view is not None and self.client is not None and view.stage == "choose"
                and not view.votes_revealed and bool(view.themes)
                and self.client.participant_id not in view.voted)

    def _draw_vote(self) -> None:
        voting = self._voting()
        vote = self.query_one("#vote", OptionList)
        left = self.query_one("#dots-left", Static)
        vote.display = left.display = voting
        if not voting or self.view is None:
            return
        script = self.content.script
        spare = script.dots - sum(self.dots.values())
        left.update(self.content.t("choose.dots_left", dots="●" * spare + "○" * (
            script.dots - spare)) + "   " + self.content.t("choose.instructions"))
        options = []
        for theme in self.view.themes:
            line = Text(("●" * self.dots.get(theme.id, 0)).ljust(script.max_per_theme + 1),
                        style="bold", end="")
            line.append_text(shown(theme.name))
            options.append(Option(line, id=theme.id))
        refill(vote, options)
        if not vote.has_focus:
            vote.focus()

    def on_key(self, event) -> None:
        vote = self.query_one("#vote", OptionList)
        if not vote.has_focus or vote.highlighted is None or not self._voting():
            return
        step = {"right": 1, "plus": 1, "left": -1, "minus": -1}.get(event.key)
        if step is None:
            return
        event.stop()
        theme_id = vote.get_option_at_index(vote.highlighted).id or ""
        script = self.content.script
        count = self.dots.get(theme_id, 0) + step
        if 0 <= count <= script.max_per_theme and (
                step < 0 or sum(self.dots.values()) < script.dots):
            self.dots[theme_id] = count
            self._draw_vote()
        else:
            self.bell()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "vote" and self.client is not None and self._voting():
            await self.client.send("cast_ballot", dots={k: v for k, v in self.dots.items() if v})

    def _writing(self) -> str | None:
        view = self.view
        if view is None or view.status == "finished" or view.stage not in STEPS:
            return None
        if view.stage == "horizon" and view.revealed:
            return None
        return view.stage

    def _shared(self) -> Text:
        """What everyone may see at this stage: revealed statements, themes, the destination."""
        view = self.view
        t = self.content.t
        text = Text(end="")
        if view is None:
            return text
        if view.revealed and view.stage in ("horizon", "common_ground"):
            for statement in view.statements:
                text.append("• ")
                text.append_text(shown(statement.text))
                text.append("\n")
        if view.themes and view.stage in ("common_ground", "choose", "destination"):
            text.append(t("common_ground.themes") + "\n", style="bold")
            ranked = view.ranking() if view.votes_revealed else [(th, 0) for th in view.themes]
            for theme, dots in ranked:
                text.append(f"  {'●' * dots} ")
                text.append_text(shown(theme.name))
                text.append("\n")
        if view.destination.sentence and view.stage in ("destination", "practice", "close"):
            text.append(t("export.destination") + ": ", style="bold")
            text.append_text(shown(view.destination.sentence))
            text.append("\n")
        if not text.plain and self._writing() is None:
            text.append(t("join.watch"), style="dim")
        return text

    # -- writing --------------------------------------------------------------------------------

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        stage = self._writing()
        if stage is None or self.client is None:
            return
        steps = STEPS[stage]
        key, _ = steps[len(self.answers)]
        if not event.value.strip() and key not in ("due_on", "difficult"):
            return
        self.answers[key] = event.value
        event.input.value = ""
        if len(self.answers) < len(steps):
            event.input.border_title = self.content.t(steps[len(self.answers)][1])
            return
        for intent, data in intents_for(stage, self.answers):
            await self.client.send(intent, **data)
        self.answers = {}
        event.input.border_title = self.content.t(steps[0][1])

    async def action_done(self) -> None:
        if self.client is not None and self.view is not None and self.view.stage == "horizon":
            await self.client.send("horizon_done")
