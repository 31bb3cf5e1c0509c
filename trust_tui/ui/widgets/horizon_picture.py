"""The horizon: the themes along a horizon line, the chosen segment lit up, the route to it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from trust_tui.core import Content, Session
from trust_tui.core.model import Theme
from trust_tui.core.text import clean_line

__all__ = ["HorizonPicture", "draw_horizon"]

ROWS = 7


def _fit(label: str, width: int) -> str:
    label = clean_line(label)
    if width <= 1:
        return ""
    return label if len(label) <= width else label[: width - 1] + "…"


def draw_horizon(session: Session, content: Content, width: int) -> Text:
    """Seven lines of text; readable without colour (★ and ━ mark the chosen segment)."""
    width = max(width, 20)
    ranked = [theme for theme, _ in session.ranking()] if session.votes_revealed \
        else list(session.themes)
    chosen = set(session.destination.theme_ids)
    grid = [[" "] * width for _ in range(ROWS)]
    styles = [[""] * width for _ in range(ROWS)]

    def put(row: int, col: int, text: str, style: str = "") -> None:
        for offset, char in enumerate(text):
            if 0 <= col + offset < width:
                grid[row][col + offset] = char
                styles[row][col + offset] = style

    for col in range(width):
        put(3, col, "─", "dim")
    count = len(ranked)
    positions = [int((index + 0.5) * width / count) for index in range(count)] if count else []
    chosen_cols = [x for x, theme in zip(positions, ranked, strict=True) if theme.id in chosen]
    if chosen_cols:
        for col in range(min(chosen_cols) - 1, max(chosen_cols) + 2):
            put(3, col, "━", "bold")
    numbered = _numbered(ranked, width)
    slot = max(int(2 * width / max(count, 1)) - 2, 3)
    free_from = {1: 0, 2: 0}  # labels on a row never touch: one blank between them
    for index, (x, theme) in enumerate(zip(positions, ranked, strict=True)):
        picked = theme.id in chosen
        put(3, x, "★" if picked else "◆", "bold" if picked else "")
        row = 1 + index % 2
        label = str(index + 1) if numbered else _fit(theme.name, slot)
        start = min(max(x - len(label) // 2, free_from[row], 0), max(width - len(label), 0))
        label = _fit(label, width - start)
        if start < free_from[row] or not label:
            continue
        put(row, start, label, "bold reverse" if picked else "")
        free_from[row] = start + len(label) + 1
    target = (min(chosen_cols) + max(chosen_cols)) // 2 if chosen_cols else width // 2
    if chosen_cols:
        put(0, target, "☀", "bold")
    here = width // 2
    we = content.t("app.group")
    for row, fraction in ((5, 1 / 3), (4, 2 / 3)):
        col = round(here + (target - here) * fraction)
        char = "│" if abs(target - here) < 2 else ("╱" if target > here else "╲")
        put(row, col, char, "bold" if chosen_cols else "dim")
    label = f"● {_fit(we, width - 4)}"
    put(6, min(max(here - 1, 0), max(width - len(label), 0)), label, "bold")

    text = Text(end="")
    for row in range(ROWS):
        for col in range(width):
            text.append(grid[row][col], style=styles[row][col] or None)
        if row < ROWS - 1:
            text.append("\n")
    if numbered:  # the names did not fit over the line: each number's name, whole, below
        for line in _key_lines(ranked, width):
            text.append("\n" + line, style="dim")
    return text


def _numbered(themes: list[Theme], width: int) -> bool:
    """Whether some theme's name would be cut over the line (then the line shows numbers)."""
    slot = max(int(2 * width / max(len(themes), 1)) - 2, 3)
    return any(len(clean_line(theme.name)) > slot for theme in themes)


def _key_lines(themes: list[Theme], width: int) -> list[str]:
    lines = [""]
    for number, theme in enumerate(themes, start=1):
        for word in f"{number} {clean_line(theme.name)}".split(" "):
            joined = f"{lines[-1]} {word}" if lines[-1] else word
            if len(joined) <= width or not lines[-1]:
                lines[-1] = joined
            else:
                lines.append(word)
        lines[-1] += "  "
    return [line.rstrip() for line in lines]


def picture_height(session: Session, width: int) -> int:
    width = max(width, 20)
    ranked = [theme for theme, _ in session.ranking()] if session.votes_revealed \
        else list(session.themes)
    return ROWS + (len(_key_lines(ranked, width)) if _numbered(ranked, width) else 0)


class HorizonPicture(Widget):
    """Redraws to its width; call ``refresh()`` after the themes or destination change."""

    DEFAULT_CSS = """
    HorizonPicture { height: auto; width: 1fr; }
    """

    def __init__(self, session: Session, content: Content, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.texts = content

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return picture_height(self.session, width)

    def render(self) -> Text:
        return draw_horizon(self.session, self.texts, self.size.width)
