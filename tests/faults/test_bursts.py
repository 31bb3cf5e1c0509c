"""Keys in bursts: a whole form in one write is handled exactly like the same keys typed slowly.

Over ssh, from a busy host or a fast typist, keys arrive together. Each test here writes a whole
form to the real program in one go, then reads the data file (or the host's record)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.test_ssh_door import Screen, login, open_doors, until
from tests.terminal import KEYS, Terminal, continue_retro
from tests.ui.sessions import meeting_at, saved
from trust_tui.core.dates import parse_day
from trust_tui.store import SessionRepository, open_store

pytestmark = pytest.mark.slow  # the real program in a pty, keys sent in bursts

TAB, ENTER, DOWN, RIGHT = KEYS["tab"], KEYS["enter"], KEYS["down"], "\x1b[C"
CTRL_O, F8 = KEYS["ctrl+o"], KEYS["f8"]


def burst(term: Terminal, *parts: str) -> None:
    """Everything in one write, as a paste-fast typist or a slow link delivers it."""
    os.write(term.master, "".join(parts).encode("utf-8"))


def only_session(path: Path):
    store = open_store(path)
    try:
        repository = SessionRepository(store)
        [summary] = repository.all()
        return repository.get(summary.id)
    finally:
        store.close()


def wait_until_saved(path: Path, check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            session = only_session(path)
            if check(session):
                return session
        except Exception:  # noqa: BLE001 - not written yet
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError("the file never showed it")
        time.sleep(0.2)


@pytest.mark.parametrize("last", [(ENTER, F8), (F8,)], ids=["enter-f8", "only-f8"])
def test_set_up_typed_in_one_burst_lands_in_every_field(tmp_path, last):
    """"... Bram Enter F8" or "... Bram F8": Bram takes part either way (F8 sends what is
    typed, as in every stage)."""
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        term.wait_for("New session")
        term.settle(0.5)
        burst(term, ENTER, "Quarter goals", TAB, "Blue team", ENTER, "Anna", ENTER, "Bram",
              *last)
        term.wait_for("Check-in question")
        session = wait_until_saved(path, lambda s: s.started)
        assert (session.title, session.team) == ("Quarter goals", "Blue team")
        assert [p.name for p in session.participants] == ["Anna", "Bram"]
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()


def test_solo_practice_in_one_burst_keeps_every_answer(tmp_path):
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en", "solo"])
    try:
        term.wait_for("Your name")
        term.settle(0.5)
        burst(term, "Sam", ENTER,
              "my calm hope", ENTER, CTRL_O,  # horizon: one statement, done
              "Ruud", ENTER, "shared goals", ENTER, "Kees", ENTER, "late decisions", ENTER,
              TAB, TAB, ENTER,  # relationships: past the ticks, confirm
              "Femke", ENTER, "ask her view first", ENTER, " ", DOWN, " ", TAB,
              "2027-01-15", ENTER, ENTER)  # practice: partner, step, two signals, date
        screen = term.wait_for("One word to close with")
        assert "Words you had not sent" not in screen  # it was sent: nothing is kept as a draft
        session = wait_until_saved(path, lambda s: s.commitments)
        assert session.draft is None
        assert [s.text for s in session.statements] == ["my calm hope"]
        assert sorted((r.kind, r.pattern) for r in session.relationships) == [
            ("difficult", "late decisions"), ("easy", "shared goals")]
        assert all(r.names == [] for r in session.relationships)  # not kept: not stored
        [step] = session.commitments
        assert (step.partner, step.small_step, step.due_on) == (
            "Femke", "ask her view first", "2027-01-15")
        assert step.signals == ["keeps_agreements", "shares_information"]
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()
    exported = subprocess.run(
        [sys.executable, "-m", "trust_tui", "--db", str(path), "export", session.id],
        capture_output=True, text=True, timeout=60, check=True).stdout
    assert "my calm hope" in exported.split("## Horizon", 1)[1].split("##", 1)[0]


def test_a_sentence_then_f8_in_one_burst_is_saved_whole(tmp_path):
    path = tmp_path / "trust.db"
    saved(meeting_at("destination", names=("Anna", "Bram")), path)
    sentence = "Calm weeks by summer, trusted by Sales and by each other"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Destination")
        term.settle(0.4)
        burst(term, sentence, F8)
        term.wait_for("▶ Relationships")
        session = wait_until_saved(path, lambda s: s.stage == "relationships")
        assert session.destination.sentence == sentence
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()


async def test_forms_and_votes_in_one_burst_over_ssh(tmp_path):
    engine = meeting_at("relationships", names=("Anna",), statements=("one", "two"))
    hub, ssh, port = await open_doors(tmp_path, engine)
    try:
        conn, process = await login(port, "Bram")
        await Screen(process).wait_for("What do they have in common?")
        await asyncio.sleep(0.5)
        process.stdin.write(b"Ruud\rshared goals\rKees\rlate decisions\r\r")
        await until(lambda: len(engine.session.relationships) == 2, 15)
        assert sorted((r.kind, r.pattern) for r in engine.session.relationships) == [
            ("difficult", "late decisions"), ("easy", "shared goals")]
        conn.close()
        # Choose: a ballot typed in one go.
        for _ in range(3):
            engine.do("back")
        ids = [s.id for s in engine.session.statements]
        engine.do("make_theme", name="Calm", statement_ids=ids[:1])
        open_theme = engine.do("make_theme", name="Open", statement_ids=ids[1:])
        engine.do("advance")
        assert engine.session.stage == "choose"
        conn, process = await login(port, "Carla")
        await Screen(process).wait_for("Dots left")
        await asyncio.sleep(0.5)
        process.stdin.write(f"{DOWN}{RIGHT}{RIGHT}{RIGHT}\r".encode())
        carla = next(p.id for p in engine.session.participants if p.name == "Carla")
        await until(lambda: carla in engine.session.voted, 15)
        assert engine.session.tally()[open_theme] == 2  # the cap is two, as typed slowly
        conn.close()
    finally:
        await ssh.close()
        await hub.close()


def test_after_the_reveal_of_the_patterns_a_reflection_on_the_shared_screen_stays_its_own(
        tmp_path):
    """Sharing is no longer offered (a pattern shared now would show alone, as Bram's); what
    he writes, in one burst with Enter through the form, is kept for him, unshared."""
    path = tmp_path / "trust.db"
    engine = meeting_at("relationships", names=("Anna", "Bram"))
    engine.do("write_relationship", "p1", kind="easy", pattern="they listen", shared=True)
    engine.do("reveal_patterns", force=True)
    saved(engine, path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("they listen")
        term.send("f2")
        term.wait_for("Who gets the keyboard")
        term.send("down", "enter")
        text = term.wait_for("revealed already")
        assert "Share my patterns" not in text
        burst(term, "Sara\rthey ask before they judge\r\r\r\r\r")
        term.wait_for("Bram ✓ written")
        session = wait_until_saved(path, lambda s: len(s.relationships) == 2)
        mine = next(r for r in session.relationships if r.participant_id == "p2")
        assert (mine.pattern, mine.shared, mine.names) == ("they ask before they judge", False,
                                                          [])
        assert [r.pattern for r in session.shared_patterns()] == ["they listen"]
        assert "they ask" not in term.text()
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()


def test_a_refused_date_takes_the_correction_in_the_date_field(tmp_path):
    """Practice on the shared screen: the form in one burst with a date the app can't read.
    The refusal gives the date field the keyboard, so the correction typed next lands there
    (it went to the Confirm button, and was lost)."""
    path = tmp_path / "trust.db"
    saved(meeting_at("practice", names=("Anna", "Bram")), path)
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        continue_retro(term)
        term.wait_for("Practice")
        term.settle(0.4)
        term.send("f2")
        term.wait_for("Who gets the keyboard")
        term.send("enter")
        term.wait_for("Practice partner")
        term.settle(0.3)
        burst(term, "Bram\rAsk his view first\r \tin two weeks\r\r")
        term.wait_for("Please give a date")
        term.settle(0.3)
        burst(term, "\x15Dec 18\r\r")  # Ctrl+U empties the field; Enter, Enter: confirmed
        session = wait_until_saved(path, lambda s: bool(s.commitments))
        [commitment] = session.commitments
        next_dec_18 = parse_day("Dec 18", "en", today=dt.date.today())  # no year: the next one
        assert (commitment.partner, commitment.small_step, commitment.due_on) == (
            "Bram", "Ask his view first", next_dec_18.isoformat())
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()
