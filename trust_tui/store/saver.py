"""Saving in the background: the newest state wins, failures are retried, typing never waits."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from trust_tui.store.repository import ChangedElsewhere
from trust_tui.store.storage import DataFileError

__all__ = ["Saver"]


class Saver:
    """One worker thread that saves the newest snapshot handed to it.

    ``submit`` never blocks: it replaces any snapshot still waiting. A failed save (a full disk,
    or any bug in saving) is reported through ``on_state("failed", reason)`` and retried after
    ``retry_after`` seconds, with the newest snapshot by then; a good one through
    ``on_state("saved", "")``. Reasons are error names, never content.
    """

    def __init__(self, save: Callable[[Any], None],
                 on_state: Callable[[str, str], None] | None = None,
                 *, retry_after: float = 3.0) -> None:
        self._save = save
        self._on_state = on_state or (lambda state, reason: None)
        self._retry_after = retry_after
        self._pending: Any = None
        self._has_pending = False
        self._busy = False
        self._closed = False
        self._condition = threading.Condition()
        self.failed = False
        self._thread = threading.Thread(target=self._run, name="trust-tui-saver", daemon=True)
        self._thread.start()

    def submit(self, snapshot: Any) -> None:
        with self._condition:
            self._pending, self._has_pending = snapshot, True
            self._condition.notify_all()

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._has_pending and not self._closed:
                    self._condition.wait()
                if not self._has_pending and self._closed:
                    return
                snapshot, self._has_pending, self._busy = self._pending, False, True
            try:
                self._save(snapshot)
            except ChangedElsewhere:
                # Another window saved this session since: never save over it, never retry.
                self.failed = True
                self._on_state("stale", "")
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()
                continue
            except Exception as error:  # noqa: BLE001 - a dead saver would lose every later save
                self.failed = True
                code = getattr(error, "errno", None) if isinstance(
                    error, DataFileError | OSError) else None
                self._on_state("failed", os.strerror(code) if code else type(error).__name__)
                with self._condition:
                    if not self._has_pending:
                        self._pending, self._has_pending = snapshot, True
                    self._busy = False
                    self._condition.notify_all()
                    if not self._closed:
                        self._condition.wait(self._retry_after)
                    elif self.failed:
                        return
                continue
            self.failed = False
            self._on_state("saved", "")
            with self._condition:
                self._busy = False
                self._condition.notify_all()

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait until everything submitted is saved; False if that did not happen in time."""
        with self._condition:
            done = self._condition.wait_for(
                lambda: not self._has_pending and not self._busy, timeout)
            return done and not self.failed

    def close(self, timeout: float = 2.0) -> bool:
        saved = self.flush(timeout)
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        return saved
