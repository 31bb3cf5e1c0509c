"""Refilling a list without losing the reader's place in it."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

__all__ = ["refill"]


def refill(option_list: OptionList, options: list[Option]) -> None:
    """Replace the options; the highlight stays on the same line (or the last one)."""
    keep = option_list.highlighted
    option_list.set_options(options)
    if options:
        option_list.highlighted = min(keep or 0, len(options) - 1)
