"""A stage's questions (``core.answers.FORMS``) as widgets, the same on every screen that asks."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static
from textual.widgets.selection_list import Selection

from trust_tui.core import Content
from trust_tui.core.answers import FORMS
from trust_tui.core.dates import DATE_LIMIT
from trust_tui.ui.widgets.field import Field
from trust_tui.ui.widgets.ticks import Tick, TickList

__all__ = ["Asks", "ask_id"]


def ask_id(stage: str, key: str) -> str:
    """The id of the widget that asks ``key`` at ``stage``, on any screen."""
    return f"ask-{stage}-{key}"


class Asks:
    """One stage's questions as widgets, in the order and with the limits ``FORMS`` gives.

    The shared screen, a participant's own screen and solo practice all build their form with
    this, so the three can never ask different things, in a different order, under other ids.
    """

    def __init__(self, stage: str, content: Content) -> None:
        self.stage = stage
        self.widgets: dict[str, Widget] = {}
        """Each question's widget by its key in the form."""
        self.children: list[Widget] = []
        """The widgets to mount, in order: a list of ticks has a line of its own above it."""
        self._titles: dict[str, Static] = {}
        self.fixed: dict[str, bool] = {}
        """Ticks no longer the person's to give (see ``fix``), with the answer they hold."""
        script = content.script
        for ask in FORMS[stage]:
            widget_id = ask_id(stage, ask.key)
            widget: Widget
            if ask.kind == "tick":
                widget = Tick("", ask.default, id=widget_id)
            elif ask.kind == "signals":
                title = Static(id=f"label-{stage}-{ask.key}", classes="hint")
                self._titles[ask.key] = title
                self.children.append(title)
                widget = TickList(id=widget_id)
            elif ask.kind == "score":
                widget = Field(limit=1, type="integer", counter=False, id=widget_id)
            elif ask.kind == "date":
                widget = Field(limit=DATE_LIMIT, counter=False, id=widget_id)
            else:
                widget = Field(limit=script.limit(ask.limit), id=widget_id)
            self.widgets[ask.key] = widget
            self.children.append(widget)
        self.label(content)

    def label(self, content: Content) -> None:
        """Every label and placeholder in ``content``'s language; ticks already made stay."""
        t = content.t
        for ask in FORMS[self.stage]:
            widget = self.widgets[ask.key]
            if isinstance(widget, Checkbox):
                widget.label = t(ask.label)
            elif isinstance(widget, TickList):
                self._titles[ask.key].update(t(ask.label) + " — " + t("join.tick_hint"))
                chosen = list(widget.selected)
                widget.clear_options()
                widget.add_options([Selection(content.signal(key), key, key in chosen)
                                    for key in content.script.signal_keys])
                widget.highlighted = 0  # space ticks the first at once
            elif isinstance(widget, Field):
                widget.border_title = t(ask.label)
                widget.placeholder = (t("relationships.names_placeholder") if ask.kind == "names"
                                      else t("ui.date_hint") if ask.kind == "date" else "")

    def fields(self) -> list[Field]:
        """The fields to type in, in order (Enter moves from one to the next)."""
        return [widget for widget in self.widgets.values() if isinstance(widget, Field)]

    def answers(self) -> dict[str, Any]:
        """The form as filled in now, by key: what ``intents_for`` takes."""
        answers: dict[str, Any] = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, TickList):
                answers[key] = list(widget.selected)
            else:
                answers[key] = widget.value if isinstance(widget, Checkbox | Input) else ""
        return {**answers, **self.fixed}

    def fill(self, answers: dict[str, Any]) -> None:
        """Put ``answers`` in the fields and lists (empty where none); a tick changes only
        where ``answers`` holds it."""
        for key, widget in self.widgets.items():
            if isinstance(widget, Checkbox):
                if isinstance(answers.get(key), bool):
                    widget.value = answers[key]
            elif isinstance(widget, Field):
                widget.show_text(str(answers.get(key, "")))
            elif isinstance(widget, TickList):
                widget.deselect_all()
                for value in answers.get(key) or []:
                    widget.select(value)

    def reset(self) -> None:
        """Empty, with every tick back at its default: ready for the next person."""
        self.fill({})
        for ask in FORMS[self.stage]:
            widget = self.widgets[ask.key]
            if isinstance(widget, Checkbox):
                widget.value = self.fixed.get(ask.key, ask.default)

    def fix(self, key: str, value: bool) -> None:
        """Take the tick ``key`` out of the person's hands: it is hidden and answers ``value``
        (sharing a pattern once the patterns have been revealed: it would show alone)."""
        widget = self.widgets[key]
        assert isinstance(widget, Checkbox)
        self.fixed[key] = value
        widget.value = value
        widget.display = False
