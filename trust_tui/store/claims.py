"""Which window has a session open: a lock per session, held while that window runs it.

A second window that wants the same session finds the lock taken and says so (open it
read-only, or take it over); the revision check in the store keeps the older window from
ever saving over the newer one. The locks live in a private folder beside the data file.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import filelock

__all__ = ["SessionClaim", "claim_session", "forget_claim"]


def _lock_path(data_file: Path, session_id: str) -> Path:
    safe = re.sub(r"[^0-9A-Za-z_-]", "_", session_id)[:80]
    return data_file.parent / "open" / f"{data_file.name}.{safe}.lock"


class SessionClaim:
    """This window runs the session; released when it stops (or its process ends)."""

    def __init__(self, lock: filelock.BaseFileLock) -> None:
        self._lock = lock

    def release(self) -> None:
        with contextlib.suppress(Exception):
            self._lock.release()


def claim_session(data_file: Path, session_id: str) -> SessionClaim | None:
    """Claim the session for this window; None when another window has it open."""
    path = _lock_path(data_file, session_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = filelock.FileLock(str(path), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except filelock.Timeout:
        return None
    return SessionClaim(lock)


def forget_claim(data_file: Path, session_id: str) -> None:
    """After an erase: the session's lock file goes too."""
    with contextlib.suppress(FileNotFoundError):
        _lock_path(data_file, session_id).unlink()
