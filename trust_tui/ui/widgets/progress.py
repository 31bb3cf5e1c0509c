"""The route from the first stage to the horizon, with where the group is now."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from trust_tui.core import Content, Session

__all__ = ["ProgressStrip"]


class ProgressStrip(Static):
    """``✓`` done, ``▶`` here, ``○`` ahead, ``⤼`` skipped; names shown where they fit.

    An anonymous session says so at the end of the route, on every stage.
    """

    DEFAULT_CSS = """
    ProgressStrip { height: 1; width: 1fr; }
    """

    def __init__(self, session: Session, content: Content, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.texts = content

    def on_resize(self) -> None:
        self.refresh_route()

    def on_mount(self) -> None:
        self.refresh_route()

    def refresh_route(self) -> None:
        self.update(self.route(self.size.width or 80))

    def route(self, width: int) -> Text:
        session = self.session
        stages = [k for k in session.enabled_stages() if k != "setup"]
        here = stages.index(session.stage) if session.stage in stages else -1
        finished = session.status == "finished"

        def build(full_names: bool) -> Text:
            text = Text(end="")
            for index, key in enumerate(stages):
                title = self.texts.stage_title(key)
                if index:
                    text.append("─", style="dim")
                if index == here and not finished:
                    text.append(f"▶ {title}", style="bold reverse")
                elif key in session.skipped:
                    text.append("⤼" + (f" {title}" if full_names else ""), style="dim")
                elif index < here or finished:
                    text.append("✓" + (f" {title}" if full_names else ""), style="")
                else:
                    text.append("○" + (f" {title}" if full_names else ""), style="dim")
            text.append("─☀", style="bold")
            if session.anonymous:  # seen on every stage: nobody wonders whether names show
                text.append(" · " + self.texts.t("ui.anonymous_mark"), style="bold")
            return text

        full = build(True)
        return full if full.cell_len <= width else build(False)
