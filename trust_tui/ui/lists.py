"""Refilling a list without losing the reader's place in it, and without redrawing it when
nothing in it changed."""

from __future__ import annotations

from collections.abc import Hashable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

__all__ = ["drawn_as", "refill"]


def drawn_as(renderable: object) -> Hashable:
    """What a line or a pane shows, to compare with what it showed: the words with their styles."""
    if isinstance(renderable, Text):
        return (renderable.plain, str(renderable.style), tuple(renderable.spans))
    return ("str", str(renderable))


def _option_shows(option: Option) -> Hashable:
    return (option.id, option.disabled, drawn_as(option.prompt))


def refill(option_list: OptionList, options: list[Option]) -> None:
    """Replace the options; the highlight stays on the same line (or the last one). The same
    options as before change nothing: the list is not drawn again."""
    if len(options) == option_list.option_count and all(
            _option_shows(old) == _option_shows(new)
            for old, new in zip(option_list.options, options, strict=True)):
        if options and option_list.highlighted is None:
            option_list.highlighted = 0
        return
    keep = option_list.highlighted
    option_list.set_options(options)
    if options:
        option_list.highlighted = min(keep or 0, len(options) - 1)
