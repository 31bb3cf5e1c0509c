"""Nothing typed is lost (RELIABILITY F2, F6): quitting or hanging up with unsent words, or while
the data file cannot be written. The real program in a pseudo-terminal; the file read after."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from tests.faults.test_lost_terminal import stored
from tests.terminal import Terminal, continue_retro, set_up_session
from tests.ui.sessions import meeting_at, saved, session_at_horizon
from trust_tui.store import JournalRepository, SessionRepository
from trust_tui.store.emergency import find_emergency
from trust_tui.store.repository import open_store

pytestmark = pytest.mark.slow  # the real program in a pty

# The real program, with a disk that fills up while the flag file exists.
FULL_DISK = """
import errno, os, sys
from trust_tui.store import storage
flag = os.environ["TRUST_TUI_TEST_FULL"]
def full(name):
    if os.path.exists(flag):
        raise OSError(errno.ENOSPC, "No space left on device")
storage.fault_point = full
from trust_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def on_a_filling_disk(path: Path, flag: Path, typed: str) -> Terminal:
    """Anna at the horizon; the disk fills up, then she writes ``typed`` (not saved)."""
    term = Terminal(command=[sys.executable, "-c", FULL_DISK, "--db", str(path), "--lang", "en"],
                    env={"TRUST_TUI_TEST_FULL": str(flag)})
    continue_retro(term)
    term.wait_for("Anna's turn")
    term.settle(0.3)
    flag.touch()  # the disk fills up
    term.type(typed)
    term.send("enter")
    term.wait_for("Not saved")
    return term


def test_ctrl_q_keeps_every_unsent_word_and_continue_gives_it_back(tmp_path):
    path = tmp_path / "trust.db"
    session_id = session_at_horizon(path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Anna's turn")
        term.settle(0.3)
        term.type("not sent yet")
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()
    assert stored(path, session_id).draft.fields == {"statement": "not sent yet"}
    again = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(again)
        again.wait_for("not sent yet")
        again.wait_for("Your unsent words are back")  # said, in a notice of its own
        again.send("enter")  # now it is sent
        again.wait_for("1. ••••••••")
        again.send("ctrl+q")
        again.close()
    finally:
        again.kill()
    session = stored(path, session_id)
    assert [s.text for s in session.statements] == ["not sent yet"] and session.draft is None


def test_a_hang_up_keeps_every_field_with_help_open(tmp_path):
    path = tmp_path / "trust.db"
    session_id = saved(meeting_at("destination", names=("Anna", "Bram")), path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Destination")
        term.settle(0.4)
        term.type("Calm weeks by summer")
        for _ in range(2):  # past the segment's list, to the first signal of success
            term.send("tab")
        term.type("fewer late pings")
        term.send("f1")
        term.wait_for("Help: Destination")  # the help is open on top
        term.process.send_signal(signal.SIGHUP)
        started = time.monotonic()
        assert term.process.wait(timeout=5) == 0
        assert time.monotonic() - started < 2.5
    finally:
        term.kill()
    draft = stored(path, session_id).draft
    assert draft.fields == {"sentence": "Calm weeks by summer", "signal-0": "fewer late pings"}
    again = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(again)
        screen = again.wait_for("fewer late pings")
        assert "Calm weeks by summer" in screen
        again.send("ctrl+q")
        again.close()
    finally:
        again.kill()


def test_a_hang_up_in_set_up_keeps_the_name_typed_but_not_entered(tmp_path):
    """Title, team and Anna are saved as typed; "Bram" was not entered yet when the line went:
    he is kept as a draft too, and back in the field on the next start."""
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        set_up_session(term, ("Anna",), title="Retro", team="Blue")
        term.type("Bram")
        term.wait_for("4/40")
        term.process.send_signal(signal.SIGHUP)
        assert term.process.wait(timeout=5) == 0
    finally:
        term.kill()
    store = open_store(path)
    [session] = [SessionRepository(store).get(s.id) for s in SessionRepository(store).all()]
    store.close()
    assert (session.title, session.team) == ("Retro", "Blue")
    assert [p.name for p in session.participants] == ["Anna"]
    assert session.draft.fields == {"person": "Bram"}  # title and team are saved already
    again = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(again)
        screen = again.wait_for("Your unsent words are back")
        assert "Bram" in screen.split("Participants")[1].split("• Anna")[0]  # in his field
        again.send("f8")  # and F8 seats him, as it would have
        again.wait_for("Check-in")
        again.send("ctrl+q")
        again.close()
    finally:
        again.kill()
    assert [p.name for p in stored(path, session.id).participants] == ["Anna", "Bram"]


def test_quitting_while_saves_fail_asks_and_a_copy_comes_back_on_the_next_start(tmp_path):
    path, flag = tmp_path / "trust.db", tmp_path / "disk-is-full"
    session_id = session_at_horizon(path)
    term = on_a_filling_disk(path, flag, "written on a full disk")
    try:
        term.send("ctrl+q")
        term.wait_for("The last changes are not saved yet")
        term.send("escape")  # keep trying: nothing happens, the meeting is still there
        term.wait_for("Anna's turn")
        term.send("ctrl+q")
        term.wait_for("Save a copy elsewhere")
        term.send("tab", "enter")
        assert term.process.wait(timeout=10) == 0
        term.pump(0.5)  # what it said on leaving
        assert "safe in a copy" in term.raw.decode("utf-8", "replace")
    finally:
        term.kill()
    assert stored(path, session_id).statements == []  # the file could not take it...
    [copy] = find_emergency(path)  # ... a copy did, owner-only
    assert copy.path.stat().st_mode & 0o777 == 0o600
    again = Terminal(["--db", str(path), "--lang", "en"])  # the disk has room again
    try:
        again.wait_for("Bring back unsaved work")
        again.settle(0.5)
        again.send("enter")  # it comes first
        again.wait_for("1. ••••••••")
        again.send("ctrl+q")
        assert again.close() == 0
    finally:
        again.kill()
    assert [s.text for s in stored(path, session_id).statements] == ["written on a full disk"]
    assert find_emergency(path) == []


def test_a_hang_up_while_saves_fail_leaves_an_emergency_copy(tmp_path):
    path, flag = tmp_path / "trust.db", tmp_path / "disk-is-full"
    session_id = session_at_horizon(path)
    term = on_a_filling_disk(path, flag, "kept through a hang-up")
    try:
        term.type("and half a thought")
        term.process.send_signal(signal.SIGHUP)
        started = time.monotonic()
        assert term.process.wait(timeout=5) == 0
        assert time.monotonic() - started < 2.5
    finally:
        term.kill()
    assert stored(path, session_id).statements == []
    [copy] = find_emergency(path)
    assert [s["text"] for s in copy.record["statements"]] == ["kept through a hang-up"]
    assert copy.record["draft"]["fields"] == {"statement": "and half a thought"}


def test_two_windows_on_one_session_never_overwrite_each_other(tmp_path):
    """Two real programs continue the same session: the second is told it is open elsewhere;
    taken over anyway, the older window's save is refused and says so, and the file keeps
    the newer words."""
    path = tmp_path / "trust.db"
    session_id = session_at_horizon(path)
    first = Terminal(["--db", str(path), "--lang", "en"])
    second = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(first)
        first.wait_for("Anna's turn")
        continue_retro(second)
        second.wait_for("open in another window")
        second.settle(0.3)
        second.send("down", "enter")  # take it over
        second.wait_for("Anna's turn")
        second.settle(0.3)
        first, second = second, first  # the window that took over writes first now
        first.type("from the first window")
        first.send("enter")
        first.wait_for("1. ••••••••")
        deadline = time.monotonic() + 10
        while not stored(path, session_id).statements and time.monotonic() < deadline:
            time.sleep(0.1)
        second.type("from the second window")
        second.send("enter")
        second.wait_for("changed in another window")
        for term in (first, second):
            term.send("ctrl+q")
        first.close()
        second.wait_for("The last changes are not saved yet")  # asked, not lost
        second.send("tab", "enter")  # a copy elsewhere
        assert second.process.wait(timeout=10) == 0
    finally:
        first.kill()
        second.kill()
    assert [s.text for s in stored(path, session_id).statements] == ["from the first window"]
    [copy] = find_emergency(path)
    assert [s["text"] for s in copy.record["statements"]] == ["from the second window"]


def test_ctrl_q_at_relationships_keeps_the_patterns_and_never_writes_the_names(tmp_path):
    """README promise 5: names are stored only if the writer ticks "keep the names" — a
    Ctrl+Q in the middle of writing must not put them in the file as a draft."""
    path = tmp_path / "trust.db"
    engine = meeting_at("relationships", names=("Anna", "Bram"))
    engine.do("hand_to", participant_id="p1")
    session_id = saved(engine, path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Anna's turn")
        term.settle(0.3)
        term.type("Lotte Visser")
        term.send("tab")
        term.type("they ask before they judge")
        term.send("tab")
        term.type("Joost Smit")
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()
    raw = path.read_bytes() + path.with_name(path.name + ".bak").read_bytes()
    assert b"Lotte" not in raw and b"Joost" not in raw
    assert stored(path, session_id).draft.fields == {
        "ask-relationships-easy": "they ask before they judge"}


def test_ctrl_q_at_relationships_keeps_the_names_when_the_writer_ticked_keep(tmp_path):
    path = tmp_path / "trust.db"
    engine = meeting_at("relationships", names=("Anna", "Bram"))
    engine.do("hand_to", participant_id="p1")
    session_id = saved(engine, path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Anna's turn")
        term.settle(0.3)
        term.type("Lotte Visser")
        term.send("tab")
        term.type("they ask first")
        term.send("tab", "tab", "tab", "tab", " ")  # to "Keep the names in my notes": ticked
        term.wait_for("✓▌ Keep the names")
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()
    assert stored(path, session_id).draft.fields == {
        "ask-relationships-easy_names": "Lotte Visser", "ask-relationships-easy": "they ask first"}
    again = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(again)
        again.wait_for("Lotte Visser")
        again.wait_for("✓▌ Keep the names")  # the tick comes back with the names
        again.send("ctrl+q")
        again.close()
    finally:
        again.kill()


def test_finishing_at_close_sends_the_closing_word_still_in_the_fields(tmp_path):
    """F8 → Finish with a closing word typed and not yet confirmed: the word and score go
    in (as Enter would) before the session becomes read-only, never thrown away."""
    path = tmp_path / "trust.db"
    engine = meeting_at("close", names=("Anna", "Bram"))
    engine.do("hand_to", participant_id="p1")
    session_id = saved(engine, path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Anna's turn")
        term.settle(0.3)
        term.type("Grateful")
        term.send("tab")
        term.type("4")
        term.send("f8")
        screen = term.wait_for("Finish the session")
        assert "Not closed yet: Bram." in screen  # Anna's words at the keyboard count as hers
        term.send("tab", "enter")  # Cancel is first; Finish
        term.wait_for("This session is finished")
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()
    session = stored(path, session_id)
    assert session.status == "finished"
    assert [(c.participant_id, c.word, c.score) for c in session.closing] == [("p1", "Grateful", 4)]


def open_a_new_journal_step(term: Terminal) -> None:
    """Home → Trust journal → a: the form of a new small step, its first field ready."""
    term.wait_for("Trust journal")
    term.settle(0.5)  # let the menu take focus before keys arrive
    term.send("down", "down", "down", "enter")
    term.wait_for("No entries yet")
    term.send("a")
    term.wait_for("With whom")
    term.settle(0.3)


def write_a_step_halfway(term: Terminal) -> None:
    open_a_new_journal_step(term)
    term.type("Pieter")
    term.send("tab", "tab")
    term.type("I let him run the release")


def keep_writing_and_save(term: Terminal, question: str, saved: str) -> int:
    """Asked ``question``, the default answer goes on writing; the words are there; F8 saves;
    then Ctrl+Q. The program's exit status."""
    term.wait_for(question)
    term.send("enter")
    screen = term.wait_for("I let him run the release")
    assert "Pieter" in screen
    term.send("f8")
    term.wait_for(saved)
    term.send("ctrl+q")
    return term.close()


def test_escape_on_a_half_written_journal_step_asks_before_it_is_lost(tmp_path):
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        write_a_step_halfway(term)
        term.send("escape")
        keep_writing_and_save(term, "This step is not saved yet", "Saved in your journal")
    finally:
        term.kill()
    assert b"I let him run the release" in path.read_bytes()


def test_ctrl_q_on_a_half_written_journal_step_asks_before_it_is_lost(tmp_path):
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        write_a_step_halfway(term)
        term.send("ctrl+q")
        # "Keep writing" is the default: the program stays, the words too.
        assert keep_writing_and_save(term, "This step is not saved yet",
                                     "Saved in your journal") == 0
    finally:
        term.kill()
    assert b"Pieter" in path.read_bytes()


def test_escape_on_an_untouched_journal_step_goes_back_at_once(tmp_path):
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        open_a_new_journal_step(term)
        term.send("escape")
        screen = term.wait_for("No entries yet")
        assert "not saved yet" not in screen
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()


def journal_draft(path: Path) -> dict | None:
    store = open_store(path)
    try:
        return JournalRepository(store).draft()
    finally:
        store.close()


@pytest.mark.parametrize("how", ["hang-up", "kill"])
def test_a_hang_up_keeps_a_half_written_journal_step_and_offers_it_back(tmp_path, how):
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        write_a_step_halfway(term)
        term.process.send_signal(signal.SIGHUP if how == "hang-up" else signal.SIGTERM)
        assert term.process.wait(timeout=5) == 0
    finally:
        term.kill()
    assert path.stat().st_mode & 0o077 == 0  # owner-only, as every state of the file
    draft = journal_draft(path)
    assert draft is not None
    assert (draft["person"], draft["what"]) == ("Pieter", "I let him run the release")
    again = Terminal(["--db", str(path), "--lang", "nl"])
    try:
        again.wait_for("Vertrouwensdagboek")
        again.settle(0.5)
        again.send("down", "down", "down", "enter")
        keep_writing_and_save(again, "Je was een stap in je dagboek aan het schrijven",
                              "Bewaard in je dagboek")
    finally:
        again.kill()
    assert journal_draft(path) is None  # saved as an entry, no longer offered
    assert path.read_bytes().count(b"I let him run the release") == 1


def test_a_journal_draft_thrown_away_is_gone_from_the_file(tmp_path):
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        open_a_new_journal_step(term)
        term.type("Pieter")
        term.process.send_signal(signal.SIGHUP)
        assert term.process.wait(timeout=5) == 0
    finally:
        term.kill()
    assert journal_draft(path) is not None
    again = Terminal(["--db", str(path), "--lang", "en"])
    try:
        again.wait_for("Trust journal")
        again.settle(0.5)
        again.send("down", "down", "down", "enter")
        again.wait_for("You were writing a step in your journal")
        again.send("tab", "enter")  # from "Go on writing" to "Throw it away"
        again.wait_for("is thrown")
        again.send("ctrl+q")
        again.close()
    finally:
        again.kill()
    assert journal_draft(path) is None
    assert b"Pieter" not in path.read_bytes()


def test_taking_the_keyboard_back_saves_the_sentence_still_in_the_field(tmp_path):
    """Horizon: F2 → "Back to the facilitator" while Anna's sentence is typed and not yet
    confirmed: it is saved (hidden), never thrown away."""
    path = tmp_path / "trust.db"
    session_id = session_at_horizon(path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Anna's turn")
        term.settle(0.3)
        term.type("calm weeks by summer")
        term.send("f2")
        term.wait_for("Who gets the keyboard?")
        term.send("down", "down", "enter")  # Anna, Bram, Back to the facilitator
        screen = term.wait_for("The facilitator has the keyboard")
        assert "calm weeks" not in screen  # hidden, as every confirmed statement is
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()
    session = stored(path, session_id)
    assert [(s.author_id, s.text) for s in session.statements] == [("p1", "calm weeks by summer")]
