"""Dates typed as a Dutch person writes them are saved and shown in Dutch; home keeps its place."""

from __future__ import annotations

from tests.ui.conftest import make_app, screen_text, type_text
from tests.ui.sessions import meeting_at
from trust_tui.store import SessionRepository, Store
from trust_tui.ui.screens.stage_destination import DestinationScreen


async def test_a_dutch_look_again_date_is_saved_and_shown_in_dutch(tmp_path):
    store = Store()
    engine = meeting_at("destination", lang="nl")
    SessionRepository(store).save(engine.session)
    app = make_app(tmp_path, lang="nl", store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.continue_session(engine.session.id)
        await pilot.pause()
        assert isinstance(app.screen, DestinationScreen)
        app.screen.query_one("#look-again").focus()
        await pilot.pause()
        await type_text(pilot, "15-01-2027")
        await pilot.press("enter")
        await pilot.pause()
        assert app.meeting.saver.flush(5)
        assert "Geef een datum" not in screen_text(app)
    saved = SessionRepository(store).get(engine.session.id)
    assert saved is not None and saved.destination.look_again_on == "2027-01-15"
    again = make_app(tmp_path, lang="nl", store=store)
    async with again.run_test(size=(80, 24), notifications=True) as pilot:
        again.continue_session(engine.session.id, take_over=True)
        await pilot.pause()
        assert again.screen.query_one("#look-again").value == "15 jan 2027"


async def test_switching_language_on_home_keeps_the_cursor_on_the_language_entry(tmp_path):
    from trust_tui.ui.screens.home import HomeScreen

    app = make_app(tmp_path, lang="nl")
    async with app.run_test(size=(80, 24)) as pilot:
        menu = app.screen.query_one("#home-menu")
        menu.highlighted = menu.get_option_index("language")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.content.lang == "en"
        menu = app.screen.query_one("#home-menu")
        assert menu.highlighted == menu.get_option_index("language")
        await pilot.press("enter")  # and back: a second Enter does the same, never opens a session
        await pilot.pause()
        assert app.content.lang == "nl" and app.meeting is None
