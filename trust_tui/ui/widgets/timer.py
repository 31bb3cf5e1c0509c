"""A stage's countdown, visible across the room; at zero a bell and a visible change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Static

from trust_tui.core import Content, Engine

__all__ = ["StageTimer"]


def clock_text(seconds: int) -> str:
    seconds = max(seconds, 0)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class StageTimer(Static):
    """Shows the engine's timer for the current stage; never moves the stage on."""

    DEFAULT_CSS = """
    StageTimer { height: 1; width: auto; }
    StageTimer.-running { text-style: bold; }
    StageTimer.-expired { text-style: bold reverse; }
    """

    def __init__(self, engine: Engine, content: Content,
                 on_expired: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.engine = engine
        self.texts = content
        self.on_expired = on_expired
        self._rang = self.engine.expired()

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        if self.engine.session.status == "finished":  # read-only: no timer to offer
            self.update("")
            return
        remaining = self.engine.remaining()
        expired = remaining is not None and remaining <= 0
        if remaining is None:
            plan = self.engine.session.plan_for(self.engine.session.stage)
            minutes = plan.minutes if plan and plan.minutes else 5
            self.update(f"◷ {self.texts.t('ui.timer_idle', minutes=minutes)}")
        elif expired:
            self.update(f"‼ {self.texts.t('ui.timer_up')}")
        else:
            self.update(f"◷ {self.texts.t('ui.timer_running', time=clock_text(remaining))}")
        self.set_class(remaining is not None and not expired, "-running")
        self.set_class(expired, "-expired")
        if expired and not self._rang:
            self._rang = True
            self.app.bell()
            if self.on_expired:
                self.on_expired()
        if not expired:
            self._rang = False
