"""The journal's trend: trust felt per week (●, 1–5) and signals seen (a bar), no colour needed."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from trust_tui.core import Content, JournalEntry
from trust_tui.core.journal import trend
from trust_tui.core.text import clean_line

__all__ = ["TrendPicture", "draw_trend"]

BARS = " ▁▂▃▄▅▆▇█"


def draw_trend(entries: list[JournalEntry], content: Content, width: int,
               person: str | None = None) -> Text:
    weeks = trend(entries, person)
    t = content.t
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    who = clean_line(person) if person else t("journal.everyone")
    text.append(t("journal.trend_title", who=who) + "\n", style="bold")
    if not weeks:
        text.append(t("journal.no_trend"), style="dim")
        return text
    column = max(min((width - 6) // len(weeks), 8), 3)
    weeks = weeks[-max((width - 6) // column, 1):]
    most = max((signals for _, _, signals in weeks), default=0) or 1
    for level in range(5, 0, -1):
        text.append(f"{level} │", style="dim")
        for _, felt, _ in weeks:
            mark = "●" if round(felt) == level else ("·" if round(felt) > level else " ")
            text.append(mark.center(column), style="bold" if mark == "●" else "dim")
        text.append("\n")
    text.append("  └" + "─" * (column * len(weeks)) + "\n", style="dim")
    text.append("   ")
    for label, _, _ in weeks:
        text.append(label[-3:].center(column), style="dim")
    text.append("\n")
    text.append(t("journal.signals_row").ljust(3)[:3])
    for _, _, signals in weeks:
        bar = BARS[min(round(signals / most * (len(BARS) - 1)), len(BARS) - 1)]
        text.append(f"{bar}{signals}".center(column))
    return text


class TrendPicture(Widget):
    DEFAULT_CSS = """
    TrendPicture { height: 10; width: 1fr; }
    """

    def __init__(self, entries: list[JournalEntry], content: Content, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = entries
        self.texts = content
        self.person: str | None = None

    def render(self) -> Text:
        return draw_trend(self.entries, self.texts, self.size.width, self.person)
