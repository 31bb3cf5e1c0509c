"""Each stage's rules on the shared screen: privacy, anonymity, votes, timers, moving, help."""

from __future__ import annotations

import json

import pytest

from tests.ui.conftest import (
    give_keyboard,
    make_app,
    reveal,
    screen_text,
    set_up,
    type_text,
    write,
)
from trust_tui.core import to_dict
from trust_tui.store import SessionRepository, Store
from trust_tui.ui.screens.base import TooSmall
from trust_tui.ui.screens.dialogs import HelpDialog
from trust_tui.ui.screens.stage_checkin import CheckinScreen
from trust_tui.ui.screens.stage_choose import ChooseScreen
from trust_tui.ui.screens.stage_horizon import HorizonScreen

pytestmark = pytest.mark.slow  # the whole app driven stage by stage

SIZE = (80, 24)


async def to_horizon(pilot, **kwargs) -> None:
    await set_up(pilot, **kwargs)
    await pilot.press("f6")  # skip the optional check-in
    await pilot.pause()
    assert isinstance(pilot.app.screen, HorizonScreen)


async def test_nobody_sees_anyone_elses_statements_before_the_reveal(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await give_keyboard(pilot, 0)
        await type_text(pilot, "Annas secret hope")
        shown_while_typing = screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        after_confirm = screen_text(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await give_keyboard(pilot, 1)
        brams_turn = screen_text(app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        facilitator = screen_text(app)
        assert "Annas secret hope" in shown_while_typing  # visible to the writer while typing
        for text in (after_confirm, brams_turn, facilitator):
            assert "Annas secret hope" not in text
        assert "••••••••" in after_confirm
        assert "Anna ✓ 1" in facilitator  # progress without content
        await pilot.press("f5")  # Chen has not written: asked first, and nothing shows yet
        await pilot.pause()
        assert "Not done yet: Chen." in screen_text(app)
        assert "Annas secret hope" not in screen_text(app)
        await pilot.press("escape")  # wait
        await pilot.pause()
        assert not app.meeting.session.revealed
        await reveal(pilot, waiting_for="Chen")
        assert "Annas secret hope" in screen_text(app)


async def test_a_draft_never_passes_to_the_next_person(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await give_keyboard(pilot, 0)
        await type_text(pilot, "half typed")
        await give_keyboard(pilot, 1)
        assert "half typed" not in screen_text(app)
        assert app.screen.query_one("#statement").value == ""


async def test_edit_and_remove_own_statements_before_the_reveal(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await give_keyboard(pilot, 0)
        for text in ("first", "second"):
            await type_text(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
        app.screen.query_one("#own").focus()
        await pilot.press("enter")  # edit the first: its text comes back in the field
        await pilot.pause()
        assert app.screen.query_one("#statement").value == "first"
        await pilot.press("ctrl+u")
        await type_text(pilot, "changed")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#own").focus()
        await pilot.press("down", "delete")
        await pilot.pause()
        own = app.meeting.engine.statements_of("p1")
        assert [s.text for s in own] == ["changed"]


async def test_anonymous_session_stores_no_author_and_shows_none(tmp_path):
    store = Store()
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot, anonymous=True)
        await write(pilot, 0, "anna wish one", "anna wish two")
        await write(pilot, 1, "bram wish")
        assert "Anna ✓ 2" in screen_text(app)
        assert "anonymous" in screen_text(app)  # said on the route, on every stage
        await reveal(pilot, waiting_for="Chen")
        revealed = screen_text(app)
        assert "anna wish one" in revealed and "Anna:" not in revealed
        assert app.meeting.saver.flush(5)
    [summary] = SessionRepository(store).all()
    record = json.dumps(to_dict(SessionRepository(store).get(summary.id)))
    assert '"author_id": "p' not in record


async def test_the_vote_budget_and_cap_hold_on_screen(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await write(pilot, 0, "one", "two")
        await reveal(pilot, waiting_for="Bram, Chen")
        await pilot.press("f8")
        await pilot.pause()
        engine = app.meeting.engine
        ids = [s.id for s in engine.session.statements]
        app.act("make_theme", name="Alpha", statement_ids=ids[:1])
        app.act("make_theme", name="Beta", statement_ids=ids[1:])
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        await give_keyboard(pilot, 0)
        await pilot.press("right", "right", "right")  # the cap: 2 on one theme
        await pilot.press("down", "right", "right")  # the budget: 3 in all
        await pilot.pause()
        assert app.screen.dots == {"t1": 2, "t2": 1}
        await pilot.press("enter")
        await pilot.pause()
        assert engine.session.voted == ["p1"] and engine.session.turn is None
        assert "●●" not in screen_text(app)  # the ballot is hidden once cast
        await give_keyboard(pilot, 1)  # Bram starts where nobody has been: no trace of Anna
        await pilot.pause()
        assert app.screen.query_one("#theme-dots").highlighted == 0 and app.screen.dots == {}
        await pilot.press("up", "enter")  # a wrap and Enter give an empty ballot, not Anna's
        await pilot.pause()
        assert app.meeting.engine.ballot_of("p2").dots == {}
        await pilot.press("f5")  # not everyone voted: asked first, naming who
        await pilot.pause()
        assert "Not done yet: Chen." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not engine.session.votes_revealed


async def test_timer_counts_down_rings_and_never_moves_on(tmp_path):
    app = make_app(tmp_path)
    bells = []
    app.bell = lambda: bells.append(1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await set_up(pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert "03:00" in screen_text(app)
        app.clock.advance(181)
        app.screen.query_one("#timer").tick()
        await pilot.pause()
        assert "Time is up!" in screen_text(app) and bells == [1]
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("f4")
        app.screen.query_one("#timer").tick()
        await pilot.pause()
        assert "01:00" in screen_text(app)


async def test_back_and_skip(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await set_up(pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert app.meeting.session.stage == "horizon"
        await pilot.press("f6")  # horizon is not optional: the key does nothing
        await pilot.pause()
        assert app.meeting.session.stage == "horizon"
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)


async def test_f1_shows_help_for_the_stage(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        text = screen_text(app)
        assert "Help: Horizon" in text and "paragraph 1, 4" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HorizonScreen)


async def test_too_small_says_so_and_typing_survives(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await give_keyboard(pilot, 0)
        await type_text(pilot, "keep me")
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert app.screen.query_one(TooSmall).display
        assert "Make the window larger" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.query_one("#statement").value == "keep me"


async def test_escape_does_nothing_destructive(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await give_keyboard(pilot, 0)
        await type_text(pilot, "keep")
        await pilot.press("escape", "[", "A")
        await pilot.pause()
        assert app.meeting.session.stage == "horizon"
        assert app.meeting.session.turn == "p1"
        assert app.screen.query_one("#statement").value == "keep"  # no "[A" in the field


async def test_the_whole_flow_speaks_dutch(tmp_path):
    app = make_app(tmp_path, lang="nl")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        text = screen_text(app)
        assert "Succes ziet er voor mij uit als" in text and "Toetsenbord" in text
        await give_keyboard(pilot, 0)
        assert "Anna is aan de beurt" in screen_text(app)


async def test_continue_exactly_where_it_stopped(tmp_path):
    store = Store()
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        await write(pilot, 0, "saved wish")
        assert app.meeting.saver.flush(5)
    again = make_app(tmp_path, store=store)
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        assert "Continue: Q4 horizon" in screen_text(again)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(again.screen, HorizonScreen)
        assert "Anna ✓ 1" in screen_text(again)


async def test_set_up_can_switch_the_session_to_dutch(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#language").value = "nl"
        await pilot.pause()
        assert app.meeting.session.lang == "nl"
        assert "Titel van de sessie" in screen_text(app)


async def test_a_failed_save_shows_a_banner_keeps_everything_and_recovers(tmp_path):
    from trust_tui.store import SaveError

    store = Store()
    app = make_app(tmp_path, store=store)
    failing = {"on": True}
    real = app.sessions.save_record

    def flaky(record, **checks):
        if failing["on"]:
            raise SaveError(tmp_path, OSError(28, "No space left on device"))
        return real(record, **checks)

    app.sessions.save_record = flaky
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.meeting.saver._retry_after = 0.2
        app.act("add_participant", name="Anna")
        await pilot.pause(0.3)
        assert "Not saved: No space left on device" in screen_text(app)
        assert [p.name for p in app.meeting.session.participants] == ["Anna"]
        failing["on"] = False
        app.act("add_participant", name="Bram")
        assert app.meeting.saver.flush(5)
        await pilot.pause(0.3)
        assert "Not saved" not in screen_text(app)
    [summary] = SessionRepository(store).all()
    assert [p.name for p in SessionRepository(store).get(summary.id).participants] == [
        "Anna", "Bram"]


async def test_solo_practice_from_start_to_a_saved_result(tmp_path):
    store = Store()
    app = make_app(tmp_path, store=store, start_solo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        await pilot.pause()
        session = app.meeting.session
        assert session.mode == "solo" and session.stage == "horizon"
        assert session.enabled_stages() == ["setup", "horizon", "relationships", "practice",
                                            "close"]
        assert "Keyboard" not in screen_text(app)  # alone: nobody to hand it to
        await type_text(pilot, "I say no without guilt")
        await pilot.press("enter", "ctrl+o")
        await pilot.pause()
        assert session.stage == "relationships"
        await type_text(pilot, "Femke")
        await pilot.press("enter")
        await type_text(pilot, "We both say it straight")
        app.screen.query_one("#confirm").press()
        await pilot.pause()
        assert session.stage == "practice"
        await type_text(pilot, "Femke")
        await pilot.press("enter")
        await type_text(pilot, "Ask her view before deciding")
        app.screen.query_one("#ask-practice-due_on").value = "2026-12-04"
        app.screen.query_one("#confirm").press()
        await pilot.pause()
        assert session.stage == "close"
        await type_text(pilot, "Lighter")
        await pilot.press("enter")
        await type_text(pilot, "4")
        await pilot.press("enter", "f8")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert session.status == "finished"
        assert app.meeting.saver.flush(5)
    [summary] = SessionRepository(store).all()
    saved = SessionRepository(store).get(summary.id)
    assert saved.mode == "solo" and saved.status == "finished"
    assert [s.text for s in saved.statements] == ["I say no without guilt"]
    assert saved.relationships[0].pattern == "We both say it straight"
    assert "Femke" not in json.dumps(to_dict(saved)["relationships"])
    assert saved.commitments[0].small_step == "Ask her view before deciding"
    assert saved.closing[0].word == "Lighter"


async def test_every_stage_action_is_in_the_command_palette(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for key in ("F1", "F2", "F3", "F5", "F7", "F8"):
            assert any(f"({key})" in title for title in titles), key
        assert "High contrast" in titles


GROUP_WORDS = ("toetsenbord", "groep", "onze tijd", "iedereen", "team", "fasen", "begeleider",
               "onthul", "kijkt nu")


async def test_solo_practice_speaks_to_one_person(tmp_path):
    app = make_app(tmp_path, lang="nl", start_solo=True)
    seen: list[str] = []

    async def look(with_help: bool = True) -> None:
        seen.append(screen_text(app))
        if with_help:
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpDialog)
            seen.append(app.screen.body.plain)
            await pilot.press("enter")
            await pilot.pause()

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await look()
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "Ik zeg nee zonder schuld")
        await pilot.press("enter")
        await pilot.pause()
        await look()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.meeting.session.stage == "relationships"
        await look()
        await pilot.press("f8")
        await pilot.pause()
        assert app.meeting.session.stage == "practice"
        await look()
        await pilot.press("f8")
        await pilot.pause()
        assert app.meeting.session.stage == "close"
        await look()
    text = "\n".join(seen).lower()
    assert "zelf oefenen" in text and "je tijd waard" in text
    assert [(word, text[text.find(word) - 80:text.find(word) + 20]) for word in GROUP_WORDS
            if word in text] == []


async def test_a_screen_opened_after_a_failed_save_shows_the_banner_too(tmp_path):
    from trust_tui.store import SaveError
    from trust_tui.ui.screens.history import HistoryScreen

    app = make_app(tmp_path, store=Store())

    def failing(record, **checks):
        raise SaveError(tmp_path, OSError(28, "No space left on device"))

    app.sessions.save_record = failing
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.meeting.saver._retry_after = 60  # no retry, so no new news, while this test looks
        app.act("add_participant", name="Anna")
        await pilot.pause(0.3)
        assert "Not saved: No space left on device" in screen_text(app)
        app.push_screen(HistoryScreen())  # a screen of its own, opened without a save
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "Not saved: No space left on device" in screen_text(app)


async def test_long_names_alike_are_shown_whole_so_nobody_is_mistaken_for_another(tmp_path):
    """Two people whose names start alike: the people pane and the revealed statements show
    each name whole (wrapped), never cut to the same "Annemarie v…"."""
    names = ("Annemarie van den Berg", "Annemarie van den Broek")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await to_horizon(pilot, names=names)
        await write(pilot, 0, "calm releases")
        await write(pilot, 1, "trusted by sales")
        await reveal(pilot)
        shown = screen_text(app)
        assert "Annemarie van den Berg: calm releases" in shown
        assert "Annemarie van den Broek: trusted" in shown
        pane = shown.split("People", 1)[1]
        assert "Berg ✓" in pane and "Broek ✓" in pane  # the name wraps in the people pane
