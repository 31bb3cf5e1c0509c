"""Between meetings: the journal (add, change, erase, trend), history (erase, follow-up)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import make_app, screen_text, type_text
from trust_tui.store import JournalRepository, SessionRepository, open_store
from trust_tui.ui.screens.journal import JournalEntryScreen, JournalScreen

pytestmark = pytest.mark.slow  # the whole app between meetings

SIZE = (100, 40)


async def choose_on_home(pilot, option_id: str) -> None:
    menu = pilot.app.screen.query_one("#home-menu")
    menu.highlighted = menu.get_option_index(option_id)
    await pilot.press("enter")
    await pilot.pause()


async def saved_back_to(pilot, screen_type, seconds: float = 5.0) -> None:
    """The journal saves on a worker thread: wait for the screen it returns to."""
    for _ in range(int(seconds / 0.05)):
        if isinstance(pilot.app.screen, screen_type):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"still on {type(pilot.app.screen).__name__}")


async def open_journal(pilot) -> None:
    await choose_on_home(pilot, "journal")
    assert isinstance(pilot.app.screen, JournalScreen)


async def new_entry(pilot, **fields: str) -> None:
    """From home: a new journal entry with these fields filled in, then Save (F8)."""
    await open_journal(pilot)
    await pilot.press("a")
    await pilot.pause()
    for field_id, value in fields.items():
        pilot.app.screen.query_one(f"#{field_id}").value = value
    await pilot.press("f8")


async def test_journal_add_change_and_erase_with_the_file_checked_each_time(tmp_path):
    path = tmp_path / "trust.db"
    store = open_store(path)
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_journal(pilot)
        assert "No entries yet" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, JournalEntryScreen)
        await type_text(pilot, "Joost")
        await pilot.press("enter")
        app.screen.query_one("#on").value = "2026-11-20"
        app.screen.query_one("#what").value = "Zanzibar let him run the release"
        app.screen.query_one("#felt").value = "4"
        app.screen.query_one("#signals").select("keeps_agreements")
        await pilot.press("f8")
        await saved_back_to(pilot, JournalScreen)
        [entry] = JournalRepository(open_store(path)).all()
        assert (entry.person, entry.trust_felt, entry.signals) == (
            "Joost", 4, ["keeps_agreements"])
        assert b"Zanzibar" in path.read_bytes()
        assert "Joost" in screen_text(app) and "●" in screen_text(app)

        await pilot.press("enter")  # change it
        await pilot.pause()
        app.screen.query_one("#felt").value = "2"
        await pilot.press("f8")
        await saved_back_to(pilot, JournalScreen)
        [changed] = JournalRepository(open_store(path)).all()
        assert changed.id == entry.id and changed.trust_felt == 2

        await pilot.press("delete")
        await pilot.pause()
        assert "Erase the step with Joost of" in screen_text(app)  # which one, by name
        await pilot.press("tab", "enter")  # confirm
        await pilot.pause()
        assert JournalRepository(open_store(path)).all() == []
    for raw in (path.read_bytes(), path.with_name("trust.db.bak").read_bytes()):
        assert b"Zanzibar" not in raw


async def test_a_full_disk_keeps_the_journal_form_and_says_so(tmp_path):
    import errno

    app = make_app(tmp_path)
    real_save = app.journal.save

    def full_disk(entry):
        raise OSError(errno.ENOSPC, "No space left on device")

    app.journal.save = full_disk
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await new_entry(pilot, person="Ann", on="2026-11-20", felt="3")
        for _ in range(100):
            if "No space left on device" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert "Not saved in your journal" in screen_text(app)
        assert isinstance(app.screen, JournalEntryScreen)  # nothing typed is lost
        assert app.screen.query_one("#person").value == "Ann"
        app.journal.save = real_save  # space again: Save once more
        await pilot.press("f8")
        await saved_back_to(pilot, JournalScreen)
        assert [e.person for e in app.journal.all()] == ["Ann"]


async def test_a_bad_journal_entry_is_refused_with_a_reason(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await new_entry(pilot, on="yesterday", person="Ann")
        await pilot.pause()
        assert isinstance(app.screen, JournalEntryScreen)
        assert "Please give a date, e.g. Jan 15," in screen_text(app)
        assert app.journal.all() == []


async def test_a_follow_up_looks_back_and_stores_the_marks(tmp_path):
    from tests.snapshots.scenes import WHEN
    from trust_tui.core import load_script
    from trust_tui.core.demo import demo_journal, demo_session
    from trust_tui.ui.screens.stage_look_back import LookBackScreen

    path = tmp_path / "trust.db"
    store = open_store(path)
    previous = demo_session(load_script(), "en", when=WHEN, seed=1).session
    SessionRepository(store).save(previous)
    first = previous.commitments[0]
    JournalRepository(store).save_many(demo_journal(
        "en", today=WHEN.date(), session_id=previous.id, commitment_id=first.id))
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose_on_home(pilot, "history")
        await pilot.press("f")  # follow-up of the highlighted (only) session
        await pilot.pause()
        session = app.meeting.session
        assert session.follow_up_of == previous.id
        await pilot.press("f8")  # start: check-in first
        await pilot.pause()
        await pilot.press("f6")  # skip it
        await pilot.pause()
        assert isinstance(app.screen, LookBackScreen)
        shown = screen_text(app)
        assert first.small_step[:30] in shown
        assert "From the journal" in shown  # the linked journal entry
        await pilot.press("2")  # partly
        await pilot.press("enter")
        await pilot.pause()
        # The dialog covers the list: it says which step it asks about.
        assert f"with {first.partner}: {first.small_step}" in app.screen.title_text
        note = "Half of it: he ran the rollout, I stayed beside him the whole time; next time alone"
        await type_text(pilot, note)
        await pilot.press("enter")
        await pilot.pause()
        assert "next time alone" in screen_text(app)  # a note is shown whole, not cut
        await pilot.press("k")
        await pilot.pause()
        assert app.meeting.saver.flush(5)
    saved = SessionRepository(open_store(path)).get(session.id)
    review = saved.look_back.reviews[0]
    assert (review.mark, review.what_happened) == ("partly", note)
    assert saved.look_back.destination_kept is True
    assert saved.destination.sentence == previous.destination.sentence


async def test_history_erases_a_session_from_the_file(tmp_path):
    from tests.snapshots.scenes import WHEN
    from trust_tui.core import load_script
    from trust_tui.core.demo import demo_session

    path = tmp_path / "trust.db"
    store = open_store(path)
    session = demo_session(load_script(), "en", when=WHEN, seed=1).session
    session.title = "Zanzibar retro"
    SessionRepository(store).save(session)
    SessionRepository(store).save(session)
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose_on_home(pilot, "history")
        assert "Zanzibar retro" in screen_text(app)
        await pilot.press("delete")
        await pilot.pause()
        # The dialog covers the list: it names the session, so the right one goes.
        assert "Erase “Zanzibar retro” of" in screen_text(app)
        assert " Erase " in screen_text(app)  # the button says what it does
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert "Zanzibar" not in screen_text(app)
    for raw in (path.read_bytes(), path.with_name("trust.db.bak").read_bytes()):
        assert b"Zanzibar" not in raw


async def test_an_empty_history_offers_no_follow_up_and_no_team(tmp_path):
    """Nothing listed: the footer does not offer keys that would do nothing."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await choose_on_home(pilot, "history")
        footer = screen_text(app).splitlines()[-1]
        assert "Follow-up" not in footer and "Team" not in footer and "Home" in footer


async def test_history_shows_one_team_at_a_time(tmp_path):
    from trust_tui.core.model import Session

    app = make_app(tmp_path)
    app.sessions.save(Session(id="a1", created_at="2026-11-01", title="Blue retro", team="Blue"))
    app.sessions.save(Session(id="b1", created_at="2026-11-02", title="Red retro", team="Red"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose_on_home(pilot, "history")
        text = screen_text(app)
        assert "Blue retro" in text and "Red retro" in text
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert "Sessions of Blue" in text and "Red retro" not in text
        await pilot.press("t")
        await pilot.pause()
        assert "Blue retro" not in screen_text(app)


async def test_a_long_look_back_note_is_shown_whole_not_cut(tmp_path):
    """What someone wrote about a commitment wraps onto more lines instead of ending in '…'."""
    from tests.snapshots.scenes import WHEN
    from trust_tui.core import load_script
    from trust_tui.core.demo import demo_session
    from trust_tui.ui.screens.stage_look_back import LookBackScreen

    path = tmp_path / "trust.db"
    store = open_store(path)
    previous = demo_session(load_script(), "en", when=WHEN, seed=1).session
    SessionRepository(store).save(previous)
    note = ("We did the release together and he ran most of it himself, asking twice "
            "before the deploy, and at the end he thanked the whole team zebrafinish")
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await choose_on_home(pilot, "history")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, LookBackScreen)
        await pilot.press("2")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, note)
        await pilot.press("enter")
        await pilot.pause()
        assert "zebrafinish" in screen_text(app)  # the end of the note, not a '…'


async def test_home_continue_shows_a_long_title_whole_at_80x24(tmp_path):
    """Two unfinished sessions whose titles start alike stay told apart on Home: no '…'."""
    from tests.snapshots.scenes import WHEN
    from trust_tui.core import load_script
    from trust_tui.core.demo import demo_session

    store = open_store(tmp_path / "trust.db")
    session = demo_session(load_script(), "en", when=WHEN, seed=1).session
    session.title = "Where are we heading this quarter with the platform, part two: okapi"
    session.status = "open"
    session.stage = "horizon"
    SessionRepository(store).save(session)
    app = make_app(tmp_path, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "okapi" in screen_text(app)
