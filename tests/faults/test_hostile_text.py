"""RELIABILITY F8, F9, F13: hostile text everywhere it is shown; nothing crashes, runs or leaks."""

from __future__ import annotations

import json

import pytest

from tests.faults.hostile import CONTROL, MARKUP, RAW_MARKERS, UNICODE, hostile_session
from tests.snapshots.scenes import app_at, open_scene
from tests.terminal import Terminal
from tests.ui.conftest import screen_text
from trust_tui.core import Engine, Session, from_dict, load_script, to_dict
from trust_tui.store import SessionRepository, open_store

pytestmark = pytest.mark.slow  # whole-app runs per stage and pool, and the real program in a pty

STAGES = ["checkin", "horizon", "common_ground", "choose", "destination", "relationships",
          "map", "practice", "close"]
POOLS = {"markup": MARKUP, "control": CONTROL, "unicode": UNICODE}

# What each stage must show, exactly: markup as typed (as markup "[@click=app.quit]x[/]" would
# be a live "x"), control characters and escape sequences gone with the text around them kept,
# hard Unicode whole. Long names wrap in the people pane (never cut).
_TURN = "▶ {}'s turn"
_ONLY = "▶ {0}'s turn — only {0} looks at the screen now."
_ALREADY = "There is already someone called {}."  # the refused duplicate's notice
_CLICK, _LINK, _TYPE = MARKUP[2], MARKUP[3], MARKUP[5]
_FAMILY = UNICODE[0]
_CONTROL_KEPT = ["c131mred", "nulbyte", "cleared"]
SHOWN = {
    "markup": {
        "checkin": [_ALREADY.format("[/]"), _CLICK, _LINK],
        "horizon": [_ONLY.format("[/]"), _CLICK, _LINK, _TYPE],
        "common_ground": [_CLICK, _LINK, _TYPE],
        "choose": [_ONLY.format("[/]"), _CLICK, _LINK],
        "destination": [_CLICK, _LINK],
        "relationships": [_ONLY.format("[/]"), "[@click=app.quit]"],
        "map": [f"[/] (strained) — {_TYPE}"],
        "practice": [_TURN.format("[/]"), _TYPE, "[@click=app.quit]"],
        "close": [_TURN.format("[/]"), _CLICK, _LINK, _TYPE],
    },
    "control": {
        "checkin": [_TURN.format("title"), *_CONTROL_KEPT],
        "horizon": [_ONLY.format("title"), "bidievil", "lone\ufffdsurrogate", *_CONTROL_KEPT],
        "common_ground": ["bidievil", "lone\ufffdsurrogate", *_CONTROL_KEPT],
        "choose": [_ONLY.format("title"), "bidievil", *_CONTROL_KEPT],
        "destination": ["bidievil", *_CONTROL_KEPT],
        "relationships": [_ONLY.format("title"), *_CONTROL_KEPT],
        "map": ["title (strained) — lone\ufffdsurrogate"],
        "practice": [_TURN.format("title"), "lone\ufffdsurrogate", *_CONTROL_KEPT],
        "close": [_TURN.format("title"), "bidievil", "lone\ufffdsurrogate", *_CONTROL_KEPT],
    },
    "unicode": {
        "checkin": [_ALREADY.format(_FAMILY), UNICODE[1], UNICODE[3], "été"],
        "horizon": [_ONLY.format(_FAMILY), UNICODE[1], UNICODE[3], "été", "x" * 30],
        "common_ground": [_FAMILY, UNICODE[1], UNICODE[3], "été", "x" * 30],
        "choose": [_ONLY.format(_FAMILY), UNICODE[1], UNICODE[3], "été", "x" * 30],
        "destination": [_FAMILY, UNICODE[1], UNICODE[3], "été", "x" * 30],
        "relationships": [_ONLY.format(_FAMILY), UNICODE[1], UNICODE[3], "été"],
        "map": [f"{_FAMILY} (strained) —", "x" * 60],  # a long note wraps, whole
        "practice": [_TURN.format(_FAMILY), UNICODE[1], UNICODE[3], "été", "x" * 30],
        "close": [_TURN.format(_FAMILY), UNICODE[1], UNICODE[3], "été", "x" * 30],
    },
}


def app_with(session: Session, stage: str, *, turn: str | None = None, revealed: bool = True):
    session.stage = stage
    session.status = "open"
    session.turn = turn
    session.revealed = revealed
    app = app_at(None)
    app.sessions.save(session)
    app.scene_session = session.id
    return app


@pytest.mark.parametrize("pool", ["markup", "control", "unicode"])
@pytest.mark.parametrize("stage", STAGES)
async def test_every_stage_shows_hostile_text_literally(stage, pool):
    session = hostile_session(POOLS[pool], raw=True)
    app = app_with(session, stage, turn="p1" if stage != "common_ground" else None)
    quit_called = []
    app.action_quit = lambda: quit_called.append(1)  # a live [@click=app.quit] would call this
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await open_scene(pilot)
        await pilot.pause()
        # a notification carrying a hostile name, as a refused duplicate does
        app.act("add_participant", name=session.participants[0].name)
        await pilot.pause()
        await pilot.click(offset=(10, 10))
        await pilot.click(offset=(30, 20))
        await pilot.pause()
        shown = app.export_screenshot()
        text = screen_text(app)
        assert app.is_running and not quit_called
    for literal in SHOWN[pool][stage]:
        assert literal in text, literal
    if pool == "control":
        for marker in RAW_MARKERS:
            assert marker not in shown, repr(marker)


@pytest.mark.parametrize("pool", ["markup", "control", "unicode"])
async def test_home_history_and_summary_show_hostile_text_literally(pool):
    session = hostile_session(POOLS[pool], raw=True)
    session.status = "finished"
    app = app_at(None)
    app.sessions.save(session)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("down", "enter")  # history
        await pilot.pause()
        history = app.export_screenshot()
        await pilot.press("enter")  # the finished session, read-only
        await pilot.pause()
        summary = app.export_screenshot()
        assert app.is_running
    for marker in RAW_MARKERS:
        assert marker not in history and marker not in summary


def test_typed_hostile_text_is_stored_cleaned_and_round_trips(tmp_path):
    engine = Engine.new(load_script())
    names = ["[@click=app.quit]x[/]", "\x1b]0;pwned\x07Ann", "👩‍👩‍👧 Bo", "漢字", "x" * 40]
    for name in names:
        engine.do("add_participant", name=name)
    stored = [p.name for p in engine.session.participants]
    assert stored[0] == "[@click=app.quit]x[/]" and stored[1] == "Ann"
    assert stored[2] == "👩‍👩‍👧 Bo"
    path = tmp_path / "trust.db"
    store = open_store(path)
    SessionRepository(store).save(engine.session)
    store.close()
    again = SessionRepository(open_store(path)).get(engine.session.id)
    assert [p.name for p in again.participants] == stored
    assert from_dict(Session, json.loads(json.dumps(to_dict(again)))) == again
    raw = path.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw


def test_no_user_escape_byte_reaches_the_real_terminal(tmp_path):
    path = tmp_path / "trust.db"
    session = hostile_session(CONTROL, raw=True)
    session.stage, session.status, session.turn = "destination", "open", None
    store = open_store(path)
    SessionRepository(store).save(session)
    store.close()
    term = Terminal(["--db", str(path), "--lang", "en"], width=100, height=40)
    try:
        term.wait_for("Continue:")
        term.settle(0.5)  # let the menu take focus before keys arrive
        term.send("down", "enter")
        term.wait_for("Destination")
        term.settle(1.0)
        term.send("f8")
        term.wait_for("Relationships")
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()
    output = bytes(term.raw)
    for marker in (b"\x1b]0;pwned", b"pwned\x07", b"\x1b[2Jcleared", b"\xc2\x9b", b"\x00",
                   "\u202e".encode()):
        assert marker not in output
