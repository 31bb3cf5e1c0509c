"""RELIABILITY F6 and F14 with the real program: dropped connections, kills, private failures."""

from __future__ import annotations

import os
import signal
import stat
import sys
import time
from pathlib import Path

import pytest

from tests.terminal import Terminal
from tests.ui.sessions import session_at_horizon
from trust_tui.store import SessionRepository, open_store

pytestmark = pytest.mark.slow  # the real program in a pty, hung up and killed

SECRET = "Ruud let me down in March"


def stored(path: Path, session_id: str):
    store = open_store(path)
    try:
        return SessionRepository(store).get(session_id)
    finally:
        store.close()


def half_typed(path: Path) -> Terminal:
    """The app at the horizon, Anna halfway through a sentence."""
    term = Terminal(["--db", str(path), "--lang", "en"])
    term.wait_for("Continue: Retro")
    term.settle(0.5)  # let the menu take focus before keys arrive
    term.send("down", "enter")
    term.wait_for("Anna's turn")
    term.settle(0.3)  # focus moves before the next key
    term.send("first wish", pause=0.3)
    term.send("enter")
    term.wait_for("1. ••••••••")
    term.type("half a thought")
    term.wait_for("half a thought")
    return term


def wait_exit(term: Terminal, limit: float) -> tuple[int, float]:
    started = time.monotonic()
    code = term.process.wait(timeout=limit + 5)
    return code, time.monotonic() - started


@pytest.mark.parametrize("how", ["sighup", "sigterm", "pty_closed"])
def test_a_drop_saves_everything_and_the_draft_and_exits_in_time(tmp_path, how):
    path = tmp_path / "trust.db"
    session_id = session_at_horizon(path)
    term = half_typed(path)
    try:
        if how == "sighup":
            term.process.send_signal(signal.SIGHUP)
        elif how == "sigterm":
            term.process.send_signal(signal.SIGTERM)
        else:
            term.hang_up()
        code, seconds = wait_exit(term, 2)
        assert seconds < 2.5, seconds
        assert code == 0
    finally:
        term.kill()
        if term.master >= 0:
            os.close(term.master)
    session = stored(path, session_id)
    assert [s.text for s in session.statements] == ["first wish"]
    assert session.draft is not None and session.draft.fields == {"statement": "half a thought"}
    # Relaunch: the home screen offers to continue, and the draft is back in its field.
    again = Terminal(["--db", str(path), "--lang", "en"])
    try:
        again.wait_for("Continue: Retro")
        again.settle(0.5)  # let the menu take focus before keys arrive
        again.send("down", "enter")
        again.wait_for("half a thought")
        assert "Anna's turn" in again.text()
        again.send("ctrl+q")
        again.close()
    finally:
        again.kill()


def test_with_hangup_ignored_a_lost_terminal_still_ends_the_app(tmp_path):
    path = tmp_path / "trust.db"
    session_id = session_at_horizon(path)
    term = Terminal(["--db", str(path), "--lang", "en"], ignore_hangup=True)
    try:
        term.wait_for("Continue: Retro")
        term.hang_up()
        code, seconds = wait_exit(term, 3)
        assert seconds < 3.5  # it noticed, rather than spinning on a dead terminal
        assert code == 0
    finally:
        term.kill()
    assert stored(path, session_id) is not None


def test_a_failure_shows_no_reflection_and_logs_none(tmp_path):
    path = tmp_path / "trust.db"
    session_at_horizon(path, statements=(SECRET,))
    script = Path(__file__).with_name("crashing_app.py")
    root = Path(__file__).resolve().parents[2]
    term = Terminal(command=[sys.executable, str(script), "--db", str(path), "--lang", "en"],
                    env={"PYTHONPATH": str(root)})
    try:
        term.wait_for("Continue: Retro")
        term.settle(0.5)  # let the menu take focus before keys arrive
        term.send("down", "enter")
        code = term.process.wait(timeout=15)
        term.pump(0.5)
    finally:
        term.kill()
    output = bytes(term.raw).decode("utf-8", "replace")
    assert code == 1
    assert "stopped because of an error" in output.replace("\r\n", " ").replace("\n", " ")
    for piece in ("Ruud", "let me down", "reflection", "Traceback"):
        assert piece not in output
    log = path.parent / "trust-tui.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert "RuntimeError" in text and "broken_refresh" in text
    assert "Ruud" not in text and "let me down" not in text


async def test_a_failure_inside_a_save_keeps_the_reflection_off_screen(tmp_path):
    from tests.ui.conftest import make_app, screen_text
    from trust_tui.store import Store

    app = make_app(tmp_path, store=Store())

    def broken_save(record, **_):
        reflection = SECRET  # noqa: F841 - what someone wrote, in a local of the failing code
        raise RuntimeError(f"cannot save {SECRET}")

    app.sessions.save_record = broken_save
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.meeting.saver._retry_after = 0.1
        app.act("add_participant", name="Anna")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Not saved: RuntimeError" in text and SECRET not in text
        assert app.is_running
        assert [p.name for p in app.meeting.session.participants] == ["Anna"]
