"""Who takes part, whose turn it is, and what each has done — never what they wrote."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from trust_tui.core import Engine, Progress
from trust_tui.ui.lists import refill
from trust_tui.ui.text import shown

__all__ = ["PeoplePane"]


class PeoplePane(OptionList):
    """One line per person: ``▶`` for the turn, then the stage's own mark (``✓ 3``…).

    In host mode ``⚑`` says the person pressed "ready" on their own screen, ``⇄`` that they are
    connected now.
    """

    DEFAULT_CSS = """
    PeoplePane { width: 22; height: 1fr; }
    """

    def __init__(self, engine: Engine, mark: Callable[[Progress], str], title: str,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.engine = engine
        self.mark = mark
        self.border_title = title
        self.connected: Callable[[], list[str]] = list
        """In host mode: who is connected from their own screen now (shown as ⇄)."""

    def on_mount(self) -> None:
        self.refresh_people()

    def refresh_people(self) -> None:
        turn = self.engine.session.turn
        online = set(self.connected())
        options = []
        for progress in self.engine.progress():
            line = Text(end="")
            line.append("▶ " if progress.participant_id == turn else "  ",
                        style="bold" if progress.participant_id == turn else "")
            line.append_text(shown(progress.name, "bold" if progress.participant_id == turn
                                   else "", limit=12))
            mark = self.mark(progress)
            if mark:
                line.append(f" {mark}")
            if progress.ready:
                line.append(" ⚑", style="bold")
            if progress.participant_id in online:
                line.append(" ⇄")
            options.append(Option(line, id=progress.participant_id))
        refill(self, options)
