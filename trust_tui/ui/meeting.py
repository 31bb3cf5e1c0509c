"""The session being run: its engine, and saving every confirmed change in the background."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trust_tui.core import FACILITATOR, Content, Engine, Rejected, Session
from trust_tui.store import Saver, SessionRepository

__all__ = ["Meeting", "Outcome"]


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    reason: str = ""
    """The rejection in the session's language, ready to show."""
    refusal: str = ""
    """The rejection's key (``bad_date``): which answer it is about, where it names one."""


class Meeting:
    """Applies intents to the engine and hands every new state to the saver."""

    def __init__(self, engine: Engine, sessions: SessionRepository,
                 on_save_state: Callable[[str, str], None] | None = None) -> None:
        self.engine = engine
        self.sessions = sessions
        self.claim: Any = None
        """This window's claim on the session (released when the meeting closes)."""
        self.revision = engine.session.revision
        """The file's revision of this session as this window last saw it (saver thread)."""
        self.saver = Saver(self._save_record, on_save_state)

    def _save_record(self, record: dict[str, Any]) -> None:
        self.revision = self.sessions.save_record(record, expected_revision=self.revision)

    @property
    def session(self) -> Session:
        return self.engine.session

    def act(self, content: Content, kind: str, who: str = FACILITATOR, /,
            **data: Any) -> Outcome:
        try:
            value = self.engine.do(kind, who, **data)
        except Rejected as rejected:
            reason = content.t(f"reason.{rejected.reason}", **rejected.params)
            return Outcome(False, reason=reason, refusal=rejected.reason)
        self.save()
        return Outcome(True, value)

    def save(self) -> None:
        self.saver.submit(self.engine.record())

    def close(self, timeout: float = 2.0) -> bool:
        saved = self.saver.close(timeout)
        if self.claim is not None:
            self.claim.release()
            self.claim = None
        return saved
