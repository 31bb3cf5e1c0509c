"""RELIABILITY F7: an arrow key split over a slow link (Escape, then "[A") on every screen."""

from __future__ import annotations

import asyncio

import pytest

from tests.snapshots.scenes import app_at, open_scene
from tests.ui.conftest import give_keyboard, type_text
from trust_tui.ui.widgets.field import Field

pytestmark = pytest.mark.slow  # the whole app at every stage

HOT_SEATS = ["checkin", "horizon", "relationships", "practice", "close"]
GROUP = ["common_ground", "choose", "destination", "map"]


@pytest.mark.parametrize("stage", HOT_SEATS)
async def test_a_split_arrow_puts_nothing_in_a_field_and_moves_nothing(stage):
    app = app_at(stage)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_scene(pilot)
        await give_keyboard(pilot, 0)
        field = app.focused
        assert isinstance(field, Field)
        await type_text(pilot, "keep")
        await pilot.press("escape")
        # The rest of the sequence arrives 100 ms later: far beyond a whole sequence's few
        # ms, and within the field's half-second window even when a busy machine adds some.
        await asyncio.sleep(0.1)
        await pilot.press("[", "A")
        await pilot.pause()
        assert field.value == "keep"
        assert app.meeting.session.stage == stage and app.meeting.session.turn == "p1"


@pytest.mark.parametrize("stage", GROUP)
async def test_a_split_arrow_on_group_stages_changes_nothing(stage):
    app = app_at(stage)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_scene(pilot)
        before = app.meeting.engine.record()
        await pilot.press("escape")
        await asyncio.sleep(0.2)
        await pilot.press("[", "A", "escape", "[", "B")
        await pilot.pause()
        after = app.meeting.engine.record()
        before.pop("updated_at"), after.pop("updated_at")
        assert after == before
