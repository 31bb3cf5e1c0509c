"""Who takes part, whose turn it is, and what each has done — never what they wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trust_tui.core import Engine, Progress
from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.lists import refill
from trust_tui.ui.shared_app import shared_app
from trust_tui.ui.text import shown

__all__ = ["PeoplePane"]


class PeoplePane(OptionList):
    """One line per person: ``▶`` for the turn, then the stage's own mark (``✓ 3``…).

    In host mode ``⇄`` (in the turn's place) says the person is connected from their own screen,
    ``⚑`` that they pressed "ready" there.
    """

    DEFAULT_CSS = """
    PeoplePane { width: 22; height: 1fr; }
    """
    BINDINGS = [Binding("r", "rename", "Rename", id="rename", show=False),
                Binding("x", "remove", "Remove", id="remove_person", show=False)]

    class Rename(Message):
        """The facilitator asked to rename the highlighted person."""

        def __init__(self, participant_id: str) -> None:
            super().__init__()
            self.participant_id = participant_id

    class Remove(Rename):
        """The facilitator asked to remove the highlighted person from the meeting."""

    def __init__(self, engine: Engine, mark: Callable[[Progress], str], title: str,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self.mark = mark
        self.border_title = title
        self.connected: Callable[[], list[str]] = list
        """In host mode: who is connected from their own screen now (shown as ⇄)."""
        self.hosted = False
        """Host mode, with a hub open: people on their own screens can be taken out."""

    def on_mount(self) -> None:
        translate_bindings(self, shared_app(self).content)
        self.refresh_people()

    def _highlighted_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_rename(self) -> None:
        if participant_id := self._highlighted_id():
            self.post_message(self.Rename(participant_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":  # only people on their own screens can be taken out
            return self.hosted
        return True

    def action_remove(self) -> None:
        if participant_id := self._highlighted_id():
            self.post_message(self.Remove(participant_id))

    def refresh_people(self) -> None:
        turn = self.engine.session.turn
        online = set(self.connected())
        options = []
        for progress in self.engine.progress():
            line = Text(end="")
            at_keyboard = progress.participant_id == turn
            # The first two cells say where the person is: ▶ at this keyboard, ⇄ on their own.
            line.append("▶ " if at_keyboard else "⇄ " if progress.participant_id in online
                        else "  ", style="bold" if at_keyboard else "")
            line.append_text(shown(progress.name, "bold" if at_keyboard else ""))  # wraps: whole
            mark = self.mark(progress)
            if mark:
                line.append(f" {mark}")
            if progress.ready:
                line.append(" ⚑", style="bold")
            options.append(Option(line, id=progress.participant_id))
        refill(self, options)
