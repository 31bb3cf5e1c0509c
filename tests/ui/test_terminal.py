"""The real program in a pseudo-terminal: set-up → horizon → reveal, reading the screen."""

from __future__ import annotations

import pytest

from tests.terminal import Terminal, set_up_session
from tests.ui.sessions import meeting_at, saved
from trust_tui.store import SessionRepository, open_store

pytestmark = pytest.mark.slow  # the real program in a pty


def test_set_up_horizon_and_reveal_in_a_real_terminal(tmp_path):
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        set_up_session(term, ("Anna", "Bram"), title="Retro", team="Blue")
        term.send("f8")
        term.wait_for("Check-in question")
        term.send("f6")
        term.wait_for("Success, for me, looks like")
        term.send("f2")
        term.wait_for("Who gets the keyboard?")
        term.settle(0.3)  # focus moves before the next key
        term.send("enter")
        term.wait_for("Anna's turn")
        term.settle(0.3)  # focus moves before the next key
        term.type("We ship calmly every week")
        assert "We ship calmly every week" in term.settle()  # visible while typing
        term.send("enter")
        term.wait_for("1. ••••••••")
        assert "We ship calmly every week" not in term.settle()  # masked once confirmed
        term.send("ctrl+o")
        screen = term.wait_for("Anna ✓ 1")
        assert "We ship calmly" not in screen
        term.send("f5")  # Bram has not written: the app asks first, naming him
        term.wait_for("Not done yet: Bram.")
        term.send("tab", "enter")
        term.wait_for("We ship calmly every week")
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()
    store = open_store(path)
    [summary] = SessionRepository(store).all()
    session = SessionRepository(store).get(summary.id)
    assert session.revealed and [s.text for s in session.statements] == [
        "We ship calmly every week"]


def test_a_resize_reaches_the_real_program(tmp_path):
    import fcntl
    import struct
    import termios

    term = Terminal(["--db", str(tmp_path / "trust.db"), "--lang", "en"])
    try:
        term.wait_for("New session")
        fcntl.ioctl(term.master, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
        term.screen.resize(30, 110)
        deadline = 50
        while deadline and max(len(line.rstrip()) for line in term.screen.display) <= 90:
            term.pump(0.1)
            deadline -= 1
        assert max(len(line.rstrip()) for line in term.screen.display) > 90
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()


def test_alone_your_own_statements_are_shown_not_masked(tmp_path):
    """Masking keeps words from the others at a shared screen; in solo practice nobody else is."""
    term = Terminal(["--db", str(tmp_path / "trust.db"), "--lang", "en", "solo"])
    try:
        term.wait_for("Your name")
        term.settle(0.5)
        term.send("S", "a", "m", "enter")
        term.wait_for("Success, for me, looks like")
        term.settle(0.3)
        term.type("I leave work at five")
        term.send("enter")
        screen = term.wait_for("1. I leave work at five")
        assert "••••" not in screen
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_solo_and_meeting_number_the_statement_being_written_alike(tmp_path, lang):
    """The counter above the field names the statement being written: number 1 before any is
    confirmed, alone as in a meeting."""
    first, second = (("Statement 1 of 5", "Statement 2 of 5") if lang == "en"
                     else ("Uitspraak 1 van 5", "Uitspraak 2 van 5"))
    seen = []
    for solo in (True, False):
        path = tmp_path / f"{solo}.db"
        if solo:
            term = Terminal(["--db", str(path), "--lang", lang, "solo"])
            term.wait_for("(F8)")
            term.settle(0.5)
            term.send("S", "a", "m", "enter")
        else:
            saved(meeting_at("horizon", names=("Anna", "Bram"), lang=lang), path)
            term = Terminal(["--db", str(path), "--lang", lang])
            term.wait_for("Retro")
            term.settle(0.5)
            term.send("down", "enter", "f2", "enter")  # Continue: Retro; the keyboard to Anna
        try:
            term.wait_for(first)
            term.settle(0.3)
            term.type("calm weeks")
            term.send("enter")
            term.wait_for(second)
            seen.append(solo)
            term.send("ctrl+q")
            term.close()
        finally:
            term.kill()
    assert seen == [True, False]
