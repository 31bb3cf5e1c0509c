"""A participant's own screen in host mode: the stage, the guide, and their own work.

Loaded when the person is in (straight in, or from the join form): the join form's first frame
needs none of it. ParticipantApp draws in it as the hub's views come.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from trust_tui.ui.screens.base import TooSmall, TrustScreen
from trust_tui.ui.widgets.work_lists import OwnDotList, OwnStatementList

__all__ = ["OwnScreen"]


class OwnScreen(TrustScreen):
    """The stage, the guide, the work (a stage's form comes first in it, when needed), the
    keys, and the too-small notice."""

    def compose(self) -> ComposeResult:
        yield Static(id="participant-top")
        yield Static(id="participant-guide")
        with VerticalScroll(id="participant-work"):
            yield OwnStatementList(id="participant-own")
            yield Static(id="participant-mine")
            yield Static(id="dots-left")
            yield OwnDotList(id="vote")
            yield Static(id="participant-shared")
        yield Footer(show_command_palette=False)
        yield TooSmall("", id="too-small", markup=False)
