"""The map of the team's relations with other teams: line style says how the relation is."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from trust_tui.core import Content, Session
from trust_tui.core.model import TeamRelation
from trust_tui.core.text import clean_line

__all__ = ["LINES", "MapPicture", "draw_map"]

# Each class has its own line and sign, so the picture reads without colour.
LINES = {"easy": ("═", ""), "workable": ("─", ""), "strained": ("┄", "!"), "unknown": ("·", "?")}
STYLES = {"easy": "bold green", "workable": "", "strained": "bold red", "unknown": "dim"}


def _fit(label: str, width: int) -> str:
    return label if len(label) <= width else label[: max(width - 1, 0)] + "…"


def draw_map(session: Session, content: Content, width: int) -> Text:
    width = max(width, 30)
    relations = session.team_relations
    centre = f"( {_fit(clean_line(session.team) or content.t('app.group'), 16)} )"
    side = (width - len(centre)) // 2
    rows = max((len(relations) + 1) // 2, 1)
    middle = (rows - 1) // 2
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    for row in range(rows):
        left = relations[row * 2] if row * 2 < len(relations) else None
        right = relations[row * 2 + 1] if row * 2 + 1 < len(relations) else None
        text.append_text(_arm(left, content, side, to_right=True))
        text.append(centre if row == middle else " " * (len(centre) // 2) + "┼"
                    + " " * (len(centre) - len(centre) // 2 - 1), style="bold")
        text.append_text(_arm(right, content, width - side - len(centre), to_right=False))
        text.append("\n")
    text.append("\n".join(legend_lines(content, width)), style="dim")
    return text


def legend_lines(content: Content, width: int) -> list[str]:
    """The legend, whole: its entries go on as many lines as the width needs."""
    entries = [f"{line * 3}{sign} {content.t(f'map.class.{key}')}"
               for key, (line, sign) in LINES.items()]
    entries.append(f"★ {content.t('export.map_start_here')}")
    lines = [""]
    for entry in entries:
        joined = f"{lines[-1]}  {entry}" if lines[-1] else entry
        if len(joined) <= max(width, 30) or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(entry)
    return lines


def _arm(relation: TeamRelation | None, content: Content, width: int, *,
         to_right: bool) -> Text:
    if relation is None or width <= 4:
        return Text(" " * max(width, 0), end="")
    line, sign = LINES.get(relation.classification, LINES["unknown"])
    star = "★ " if relation.start_here else ""
    # The line and its sign say how the relation is (the legend names them): the width is
    # the name's.
    label = _fit(f"{star}{clean_line(relation.name)}", max(width - 3, 1))
    fill = width - len(label) - 2
    rope = (line * (fill // 2) + sign + line * (fill - fill // 2 - len(sign)))[:max(fill, 0)]
    style = STYLES.get(relation.classification, "")
    arm = Text(end="")
    if to_right:
        arm.append(label, style="bold" if relation.start_here else "")
        arm.append(" ")
        arm.append(rope, style=style)
        arm.append(" ")
    else:
        arm.append(" ")
        arm.append(rope, style=style)
        arm.append(" ")
        arm.append(label, style="bold" if relation.start_here else "")
    return arm


class MapPicture(Widget):
    DEFAULT_CSS = """
    MapPicture { height: auto; width: 1fr; }
    """

    def __init__(self, session: Session, content: Content, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.texts = content

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return (max((len(self.session.team_relations) + 1) // 2, 1)
                + len(legend_lines(self.texts, width)))

    def render(self) -> Text:
        return draw_map(self.session, self.texts, self.size.width)
