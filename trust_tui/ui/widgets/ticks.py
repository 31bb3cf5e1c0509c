"""A checkbox and a selection list whose state shows as ✓ or blank, not by colour alone."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

__all__ = ["Tick", "TickList"]

ON, OFF = "✓", " "


class Tick(Checkbox):
    """A Checkbox showing ✓ when on and an empty box when off.

    Space ticks; Enter moves on, as it does from every field of a form. A person who presses
    Enter to go through a form never flips a tick on the way ("keep the names", "anonymous").
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Toggle", show=False),
        Binding("enter", "app.focus_next", show=False),
    ]

    def __init__(self, label: str, value: bool = False, **kwargs: Any) -> None:
        super().__init__(label, value, **kwargs)
        self.BUTTON_INNER = ON if value else OFF

    def watch_value(self) -> None:
        self.BUTTON_INNER = ON if self.value else OFF
        # Checkbox's own watcher posts Changed: without it no screen ever hears the tick.
        super().watch_value()


class TickList(SelectionList[str]):
    """A SelectionList whose chosen lines carry ✓; Space ticks, Enter moves on (as ``Tick``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "app.focus_next", show=False),
    ]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) >= 2 and segments[1].text == ToggleButton.BUTTON_INNER:
            mark = ON if selection.value in self._selected else OFF
            segments[1] = Segment(mark, segments[1].style, segments[1].control)
            return Strip(segments, strip.cell_length)
        return strip
