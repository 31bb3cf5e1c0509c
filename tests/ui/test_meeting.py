"""A whole meeting on one shared screen, and each stage's rules, driven by keyboard."""

from __future__ import annotations

import json

import pytest

from tests.ui.conftest import give_keyboard, make_app, screen_text, set_up, type_text, write
from trust_tui.core import to_dict
from trust_tui.store import SessionRepository, Store
from trust_tui.ui.screens.home import HomeScreen
from trust_tui.ui.screens.setup import SetupScreen
from trust_tui.ui.screens.stage_checkin import CheckinScreen
from trust_tui.ui.screens.stage_choose import ChooseScreen
from trust_tui.ui.screens.stage_close import CloseScreen
from trust_tui.ui.screens.stage_common_ground import CommonGroundScreen
from trust_tui.ui.screens.stage_destination import DestinationScreen
from trust_tui.ui.screens.stage_horizon import HorizonScreen
from trust_tui.ui.screens.stage_map import MapScreen
from trust_tui.ui.screens.stage_practice import PracticeScreen
from trust_tui.ui.screens.stage_relationships import RelationshipsScreen

pytestmark = pytest.mark.slow  # whole meetings driven by keyboard

SIZE = (80, 24)


def stored(store: Store):
    [summary] = SessionRepository(store).all()
    return SessionRepository(store).get(summary.id)


async def flush(app) -> None:
    assert app.meeting.saver.flush(5)


async def test_set_up_by_keyboard(tmp_path):
    store = Store()
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await type_text(pilot, "Q4 horizon")
        await pilot.press("tab")
        await type_text(pilot, "Blue")
        await pilot.press("tab")
        for name in ("Anna", "Bram", "Anna"):
            await type_text(pilot, name)
            await pilot.press("enter")
        await pilot.pause()
        assert [p.name for p in app.meeting.session.participants] == ["Anna", "Bram"]
        assert "There is already someone called" in screen_text(app)
        await pilot.press("f8")  # the refused name is still typed: F8 says so again
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+u", "f8")  # the person clears it, and starts
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await flush(app)
        session = stored(store)
        assert (session.title, session.team, session.started) == ("Q4 horizon", "Blue", True)


async def test_a_whole_meeting_from_set_up_to_export(tmp_path):
    store = Store()
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await set_up(pilot)
        # Check-in: each in turn; the keyboard moves on by itself.
        await give_keyboard(pilot, 0)
        for answer in ("Fine", "Busy", "Curious"):
            await type_text(pilot, answer)
            await pilot.press("enter")
            await pilot.pause()
        assert [c.answer for c in app.meeting.session.checkins] == ["Fine", "Busy", "Curious"]
        await pilot.press("f8")
        await pilot.pause()
        # Horizon: private writing, hand over, reveal.
        assert isinstance(app.screen, HorizonScreen)
        wishes = {0: ["Calm weekly releases", "Customers feel heard"],
                  1: ["Others plan on our word"], 2: ["Calm releases, celebrated"]}
        for index, texts in wishes.items():
            await write(pilot, index, *texts)
        await pilot.press("f5")
        await pilot.press("f8")
        await pilot.pause()
        # Common ground: two themes by keyboard.
        assert isinstance(app.screen, CommonGroundScreen)
        await pilot.press("n")
        await type_text(pilot, "Calm delivery")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "n")
        await type_text(pilot, "Trusted")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "m", "enter")  # third statement into the first theme
        await pilot.pause()
        session = app.meeting.session
        assert [t.name for t in session.themes] == ["Calm delivery", "Trusted"]
        assert sum(s.theme_id == session.themes[0].id for s in session.statements) == 2
        await pilot.press("f8")
        await pilot.pause()
        # Choose: three private ballots, then the ranking.
        assert isinstance(app.screen, ChooseScreen)
        for index, keys in ((0, ["right", "right", "down", "right"]), (1, ["down", "right"]),
                            (2, ["right"])):
            await give_keyboard(pilot, index)
            await pilot.press(*keys, "enter")
            await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert app.meeting.session.votes_revealed
        assert "Ranking" in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        # Destination
        assert isinstance(app.screen, DestinationScreen)
        await type_text(pilot, "By summer we deliver calmly")
        app.screen.query_one("#look-again").value = "2027-01-15"
        app.screen.query_one("#signal-0").value = "Thursday releases"
        await pilot.press("f8")
        await pilot.pause()
        # Relationships: private, names not kept
        assert isinstance(app.screen, RelationshipsScreen)
        await give_keyboard(pilot, 0)
        await type_text(pilot, "Femke")
        await pilot.press("enter")
        await type_text(pilot, "Same goal")
        await pilot.press("enter")
        await type_text(pilot, "Ruud")
        await pilot.press("enter")
        await type_text(pilot, "Late decisions")
        app.screen.query_one("#confirm").press()
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        # Map
        assert isinstance(app.screen, MapScreen)
        await type_text(pilot, "Operations")
        app.screen.query_one("#add").press()
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        # Practice
        assert isinstance(app.screen, PracticeScreen)
        await give_keyboard(pilot, 1)
        await type_text(pilot, "Sanne")
        await pilot.press("enter")
        await type_text(pilot, "Share the draft early")
        app.screen.query_one("#ask-practice-due_on").value = "2026-12-04"
        app.screen.query_one("#confirm").press()
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        # Close
        assert isinstance(app.screen, CloseScreen)
        await give_keyboard(pilot, 0)
        await type_text(pilot, "Hopeful")
        await pilot.press("enter")
        await type_text(pilot, "4")
        await pilot.press("enter")
        await pilot.pause()
        assert app.meeting.session.turn == app.meeting.session.participants[1].id
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("tab", "enter")  # confirm finishing
        await pilot.pause()
        assert app.meeting.session.status == "finished"
        assert "F3 starts it" not in screen_text(app)  # read-only: no timer to offer
        app.screen.query_one("#export-md").press()
        await pilot.pause()
        await flush(app)
    exported = list((tmp_path / "exports").iterdir())
    assert [p.suffix for p in exported] == [".md"]
    assert oct(exported[0].stat().st_mode & 0o777) == "0o600"
    text = exported[0].read_text()
    assert "By summer we deliver calmly" in text and "Hopeful" in text
    session = stored(store)
    assert session.status == "finished"
    assert [s.text for s in session.statements if s.author_id == "p1"] == [
        "Calm weekly releases", "Customers feel heard"]
    assert session.destination.look_again_on == "2027-01-15"
    assert session.destination.success_signals == ["Thursday releases"]
    assert session.commitments[0].partner == "Sanne"
    assert session.team_relations[0].name == "Operations"
    assert session.closing[0].word == "Hopeful" and session.closing[0].score == 4
    raw = json.dumps(to_dict(session))
    assert "Femke" not in raw and "Ruud" not in raw and "Same goal" in raw


async def test_the_facilitator_renames_someone_during_the_meeting(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await set_up(pilot)
        app.screen.query_one("#people").focus()
        await pilot.pause()
        await pilot.press("down", "r")  # Bram is highlighted; r asks for the new name
        await pilot.pause()
        assert "New name for Bram" in screen_text(app)
        await pilot.press(*" V.", "enter")
        await pilot.pause()
        assert [p.name for p in app.meeting.session.participants] == ["Anna", "Bram V.", "Chen"]
        assert "Bram V." in screen_text(app)
        await pilot.press("r", "escape")  # Escape leaves the name as it was
        await pilot.pause()
        assert app.meeting.session.participants[1].name == "Bram V."
