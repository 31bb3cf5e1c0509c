"""The background saver: newest state wins, failures retried, nothing blocks the caller."""

from __future__ import annotations

import threading
import time

from trust_tui.store import SaveError, Saver


def test_the_newest_snapshot_is_saved_and_submit_never_waits(tmp_path):
    saved: list[int] = []
    gate = threading.Event()

    def slow_save(snapshot: int) -> None:
        gate.wait(5)
        saved.append(snapshot)

    saver = Saver(slow_save)
    started = time.perf_counter()
    for k in range(50):
        saver.submit(k)
    assert time.perf_counter() - started < 0.5  # the disk never holds up typing
    gate.set()
    assert saver.flush(5)
    assert saved[-1] == 49 and len(saved) < 50
    saver.close()


def test_a_failure_is_reported_then_retried_until_it_succeeds(tmp_path):
    states: list[tuple[str, str]] = []
    attempts = {"n": 0}

    def flaky(snapshot: str) -> None:
        attempts["n"] += 1
        if attempts["n"] < 3:
            raise SaveError(tmp_path, OSError(28, "No space left on device"))

    saver = Saver(flaky, lambda state, reason: states.append((state, reason)),
                  retry_after=0.05)
    saver.submit("typed")
    assert saver.flush(5)
    assert states[0] == ("failed", "No space left on device")
    assert states[-1] == ("saved", "") and attempts["n"] == 3
    saver.close()


def test_close_gives_up_after_its_timeout_when_the_disk_stays_broken(tmp_path):
    def broken(snapshot: str) -> None:
        raise SaveError(tmp_path, OSError(5, "I/O error"))

    saver = Saver(broken, retry_after=0.05)
    saver.submit("typed")
    started = time.perf_counter()
    assert saver.close(timeout=0.5) is False
    assert time.perf_counter() - started < 1.5
