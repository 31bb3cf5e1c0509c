"""RELIABILITY F10, F11, F12: long pastes, tiny and changing sizes, poor terminals."""

from __future__ import annotations

import pytest
from textual import events

from tests.snapshots.scenes import app_at, open_scene
from tests.terminal import Terminal
from tests.ui.conftest import give_keyboard, screen_text, type_text
from trust_tui.ui.widgets.field import Field

pytestmark = pytest.mark.slow  # the whole app at many sizes, and the real program in a pty

STAGES = ["setup", "checkin", "horizon", "common_ground", "choose", "destination",
          "relationships", "map", "practice", "close"]


async def paste(pilot, text: str) -> None:
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


@pytest.mark.parametrize("length", [10_000, 1_000_000], ids=["10k", "1MB"])
async def test_an_over_long_paste_is_cut_to_the_limit_and_the_cut_announced(length):
    text = "y" * length
    app = app_at("horizon", turn="p1")
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await open_scene(pilot)
        field = app.screen.query_one("#statement", Field)
        field.focus()
        await paste(pilot, text)
        assert len(field.value) == field.limit == 200
        assert field.border_subtitle == "200/200"
        shown = screen_text(app)
        assert f"Only the first 200 characters were kept; {length - 200} were cut." in shown


async def test_a_multi_line_paste_keeps_every_line():
    app = app_at("horizon", turn="p1")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_scene(pilot)
        field = app.screen.query_one("#statement", Field)
        field.focus()
        await paste(pilot, "first line\nsecond line\r\n\x1b[31mthird\x1b[0m")
        assert field.value == "first line second line third"


@pytest.mark.parametrize("size", [(20, 5), (1, 1), (59, 17)])
@pytest.mark.parametrize("stage", STAGES)
async def test_any_size_says_make_it_larger_and_never_crashes(stage, size):
    app = app_at(stage)
    async with app.run_test(size=size, notifications=True) as pilot:
        await open_scene(pilot)
        await pilot.pause()
        assert app.is_running
        assert app.screen.has_class("-too-small")


@pytest.mark.parametrize("stage", ["checkin", "horizon", "relationships", "practice", "close"])
async def test_typing_survives_resizing_down_and_up(stage):
    app = app_at(stage)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_scene(pilot)
        await give_keyboard(pilot, 0)
        field = app.focused
        assert isinstance(field, Field)
        await type_text(pilot, "half")
        for size in ((30, 8), (1, 1), (200, 60), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await type_text(pilot, " done")
        assert field.value == "half done"


@pytest.mark.parametrize("env", [
    {"TERM": "xterm"},
    {"TERM": "xterm-256color", "COLORTERM": ""},
    {"NO_COLOR": "1"},
    {"TERM": "dumb"},
])
def test_poor_terminals_still_show_turn_masks_and_stage_in_text(tmp_path, env):
    from tests.ui.sessions import session_at_horizon

    path = tmp_path / "trust.db"
    session_at_horizon(path, statements=("a quiet hope",))
    term = Terminal(["--db", str(path), "--lang", "en"], env=env)
    try:
        term.wait_for("Continue: Retro")
        term.settle(0.5)  # let the menu take focus before keys arrive
        term.send("down", "enter")
        term.wait_for("Anna's turn")
        screen = term.wait_for("1. ••••••••")  # masked, by symbol (drawn a moment later)
        assert "Anna's turn" in term.text()
        assert "▶ Horizon" in screen  # the stage, by symbol and word
        assert "▶ Anna" in screen  # the turn, by symbol
        assert "a quiet hope" not in screen
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()
