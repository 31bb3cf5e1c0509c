"""The session being run: its engine, and saving every confirmed change in the background."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trust_tui.core import FACILITATOR, Content, Engine, Rejected
from trust_tui.store import Saver, SessionRepository

__all__ = ["Meeting", "Outcome"]


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    reason: str = ""
    """The rejection in the session's language, ready to show."""


class Meeting:
    """Applies intents to the engine and hands every new state to the saver."""

    def __init__(self, engine: Engine, sessions: SessionRepository,
                 on_save_state: Callable[[str, str], None] | None = None) -> None:
        self.engine = engine
        self.sessions = sessions
        self.saver = Saver(sessions.save_record, on_save_state)

    @property
    def session(self):
        return self.engine.session

    def act(self, content: Content, kind: str, who: str = FACILITATOR, /,
            **data: Any) -> Outcome:
        try:
            value = self.engine.do(kind, who, **data)
        except Rejected as rejected:
            return Outcome(False, reason=content.t(f"reason.{rejected.reason}",
                                                   **rejected.params))
        self.save()
        return Outcome(True, value)

    def save(self) -> None:
        self.saver.submit(self.engine.record())

    def close(self, timeout: float = 2.0) -> bool:
        return self.saver.close(timeout)
