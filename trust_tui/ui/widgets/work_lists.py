"""The lists of the work panes, each with the keys it owns as bindings (with ids).

Kept together because each is only its BINDINGS: the actions live on the screen (or, in a
participant's own app, on the app) that knows the session, named ``screen.…`` / ``app.…``, so
the screen's ``check_action`` says when a key applies. Being bindings, the keys show in the
footer, in F1 help and in the command palette, translated by id like every other binding.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from trust_tui.ui.keys import translate_bindings
from trust_tui.ui.shared_app import shared_app

__all__ = [
    "DotList",
    "EntryList",
    "OwnDotList",
    "OwnStatementList",
    "PersonList",
    "RelationList",
    "ReviewList",
    "SessionList",
    "StatementList",
    "ThemeList",
    "WorkList",
    "WrittenList",
]


class WorkList(OptionList):
    """A list whose keys are its bindings, in the reader's language. A list whose keys a hint
    line beside it spells out keeps them out of the footer (``show=False``: at 80 columns the
    stage's own keys need the room); F1 help and the palette list them all the same."""

    KEYS_IN_HELP: ClassVar[bool] = True

    def on_mount(self) -> None:
        translate_bindings(self, shared_app(self).content)


class StatementList(WorkList):
    """Common ground: the revealed statements, to gather into themes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "screen.new_theme", "New theme", id="new_theme"),
        Binding("m", "screen.move", "Move to theme", id="move"),
        Binding("u", "screen.ungroup", "Ungroup", id="ungroup"),
    ]


class ThemeList(WorkList):
    """Common ground: the themes made so far."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "screen.rename_theme", "Rename", id="rename"),
        Binding("g", "screen.merge_theme", "Merge", id="merge"),
        Binding("delete", "screen.remove_theme", "Remove", id="remove"),
    ]


class DotList(WorkList):
    """Choose: the themes, with the dots of the person at the keyboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,plus", "screen.dots(1)", "More dot", id="more", show=False),
        Binding("left,minus", "screen.dots(-1)", "Fewer dots", id="less", show=False),
        Binding("enter", "select", "Cast vote", id="cast", show=False),
    ]


class WrittenList(WorkList):
    """Horizon: the statements of the person at the keyboard, while they write."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.remove_statement", "Remove", id="remove"),
    ]


class ReviewList(WorkList):
    """Look back: last time's commitments, each marked done, partly or not yet."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "screen.mark('done')", "Done", id="mark_done", show=False),
        Binding("2", "screen.mark('partly')", "Partly", id="mark_partly", show=False),
        Binding("3", "screen.mark('not_yet')", "Not yet", id="mark_not_yet", show=False),
        Binding("k", "screen.keep_destination(True)", "Keep destination", id="keep", show=False),
        Binding("a", "screen.keep_destination(False)", "Adjust destination", id="adjust",
                show=False),
    ]


class RelationList(WorkList):
    """Map: the relationships with other teams."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "screen.toggle_start", "Start here", id="toggle_start"),
        Binding("c", "screen.classify", "Relationship", id="classify"),
        Binding("delete", "screen.remove_relation", "Remove", id="remove"),
    ]


class PersonList(WorkList):
    """Set-up: the participants."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.remove_person", "Remove", id="remove"),
    ]


class SessionList(WorkList):
    """History: the sessions of a team."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.erase", "Remove", id="remove", show=False),
    ]


class EntryList(WorkList):
    """Journal: the small steps of trust."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.erase", "Remove", id="remove", show=False),
    ]


class OwnStatementList(WorkList):
    """A participant's own screen: what they wrote on the horizon."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "app.remove_statement", "Remove", id="remove"),
    ]


class OwnDotList(WorkList):
    """A participant's own screen: their dots on the themes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,plus", "app.dots(1)", "More dot", id="more", show=False),
        Binding("left,minus", "app.dots(-1)", "Fewer dots", id="less", show=False),
        Binding("enter", "select", "Cast vote", id="cast", show=False),
    ]
