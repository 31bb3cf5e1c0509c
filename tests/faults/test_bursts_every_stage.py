"""Keys in bursts on every stage: whole forms in one write, each stored value checked.

The root of it first (a bare Textual app with two fields), then the shared screen stage by stage
(check-in, horizon with Ctrl+O, a vote, destination with F8, relationships, practice, close),
the trust journal with F8, and a participant's own screen through ``trust-tui join``."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.faults.test_bursts import burst, only_session
from tests.faults.test_ssh_door import Screen, login, open_doors, until
from tests.terminal import KEYS, Terminal
from tests.ui.sessions import meeting_at, meeting_at_vote, saved
from trust_tui.core import Engine
from trust_tui.core.model import Session
from trust_tui.net import Hub
from trust_tui.store import JournalRepository, open_store

pytestmark = pytest.mark.slow  # the real program in a pty, keys sent in bursts

TAB, ENTER, DOWN, RIGHT, LEFT = KEYS["tab"], KEYS["enter"], KEYS["down"], "\x1b[C", "\x1b[D"
CTRL_O, F2, F5, F8 = KEYS["ctrl+o"], KEYS["f2"], KEYS["f5"], KEYS["f8"]
SPACE = " "

Opener = Callable[[Engine], Terminal]

TWO_FIELDS = textwrap.dedent("""
    import sys
    from textual.app import ComposeResult
    from textual.widgets import Input
    from trust_tui.ui.keys_in_order import KeysInOrder

    class TwoFields(KeysInOrder):
        def compose(self) -> ComposeResult:
            yield Input(id="first")
            yield Input(id="second")

        def on_input_submitted(self, event: Input.Submitted) -> None:
            values = [field.value for field in self.query(Input).results(Input)]
            with open(sys.argv[1], "w") as result:
                result.write("|".join(values))
            self.exit()

    TwoFields().run()
""")


def test_a_textual_app_with_keys_in_order_takes_tab_between_keys_of_one_write(
        tmp_path: Path) -> None:
    """Plain Textual 8.2.8 ends with ('abcdef', ''): each key goes to the widget focused when
    it is read, before the Tab ahead of it has moved the focus."""
    result = tmp_path / "values"
    term = Terminal(command=[sys.executable, "-c", TWO_FIELDS, str(result)])
    try:
        term.settle(1.5)
        burst(term, "abc", TAB, "\x1b[200~de\x1b[201~", "f", ENTER)  # a paste keeps its place
        assert term.process.wait(15) == 0
        assert result.read_text() == "abc|def"
    finally:
        term.kill()


@pytest.fixture
def at_stage(tmp_path: Path) -> Iterator[Opener]:
    """Opens the real program on a meeting (written to a data file) at its stage."""
    started: list[Terminal] = []

    def open_at(engine: Engine) -> Terminal:
        saved(engine, tmp_path / "trust.db")
        term = Terminal(["--db", str(tmp_path / "trust.db"), "--lang", "en"])
        started.append(term)
        term.wait_for("Continue: Retro")
        term.settle(0.5)
        term.send("down", "enter")
        term.wait_for("F3 starts it")
        term.settle(0.5)
        return term

    yield open_at
    for term in started:
        if term.process.poll() is None:
            term.send("ctrl+q")
            term.settle(0.5)
        term.kill()


def stored(term: Terminal, path: Path, check: Callable[[Session], bool],
           timeout: float = 15.0) -> Session:
    """The session in the data file, once ``check`` holds for it."""
    deadline = time.monotonic() + timeout
    while True:
        session: Session = only_session(path)
        if check(session):
            return session
        if time.monotonic() > deadline:
            raise AssertionError(f"not stored: {session}\n{term.text()}")
        term.pump(0.2)


def test_check_in_answers_of_two_people_in_one_burst(
        tmp_path: Path, at_stage: Opener) -> None:
    term = at_stage(meeting_at("checkin", names=("Anna", "Bram"), skip=()))
    burst(term, F2, ENTER, "a calm week", ENTER, F2, DOWN, ENTER, "busy but fine", ENTER)
    session = stored(term, tmp_path / "trust.db", lambda s: len(s.checkins) == 2)
    assert [(c.participant_id, c.answer) for c in session.checkins] == [
        ("p1", "a calm week"), ("p2", "busy but fine")]


def test_horizon_ctrl_o_right_after_typing_saves_the_unsent_statement(
        tmp_path: Path, at_stage: Opener) -> None:
    term = at_stage(meeting_at("horizon", names=("Anna", "Bram")))
    burst(term, F2, ENTER, "calm weeks", ENTER, "fewer surprises", CTRL_O,
          F2, DOWN, ENTER, "trusted by Sales", CTRL_O)
    # Ctrl+O saves "done", then the keyboard goes back: two saves, so wait for the second.
    session = stored(term, tmp_path / "trust.db",
                     lambda s: len(s.horizon_done) == 2 and s.turn is None)
    assert [(s.author_id, s.text) for s in session.statements] == [
        ("p1", "calm weeks"), ("p1", "fewer surprises"), ("p2", "trusted by Sales")]
    assert session.horizon_done == ["p1", "p2"]
    assert session.turn is None


def at_choose(at_stage: Opener) -> tuple[Terminal, str, str]:
    """The real program at Choose: Anna and Bram, the themes Calm and Open (their ids)."""
    engine, calm, open_ = meeting_at_vote()
    return at_stage(engine), calm, open_


def test_votes_with_arrows_in_one_burst_on_the_shared_screen(
        tmp_path: Path, at_stage: Opener) -> None:
    term, calm, open_ = at_choose(at_stage)
    # Anna: three dots on Open (the cap is two); Bram: one on Calm, two on Open; then F5.
    # Until that reveal the ballots live in memory only, so the file is read after it.
    burst(term, F2, ENTER, DOWN, RIGHT, RIGHT, RIGHT, ENTER,
          F2, DOWN, ENTER, RIGHT, DOWN, RIGHT, RIGHT, ENTER, F5)
    session = stored(term, tmp_path / "trust.db", lambda s: s.votes_revealed)
    assert session.voted == ["p1", "p2"]
    assert session.totals == {calm: 1, open_: 4} and session.ballots == []


def test_handing_the_keyboard_on_casts_the_dots_placed_and_says_so(
        tmp_path: Path, at_stage: Opener) -> None:
    """Anna places two dots and the facilitator hands the keyboard to Bram before her Enter:
    her dots are cast (the screen says so). Back at the keyboard she votes anew on a clean
    ballot: the shared screen never shows where a cast vote's dots went."""
    term, calm, open_ = at_choose(at_stage)
    burst(term, F2, ENTER, DOWN, RIGHT, RIGHT)  # Anna: two dots on Open, no Enter
    term.wait_for("●● Open")
    burst(term, F2, DOWN, ENTER)  # the keyboard to Bram
    screen = term.wait_for("Anna's vote is cast: 2 of the 3 dots")  # the toast wraps after
    assert "Anna ✓ voted" in screen and "●● Open" not in screen  # Bram sees a clean ballot
    burst(term, F2, ENTER)  # back to Anna: a clean ballot, and a new vote replaces hers
    screen = term.wait_for("You have voted")
    assert "●● Open" not in screen and "● Open" not in screen
    burst(term, DOWN, RIGHT, ENTER)  # one dot on Open this time; then Bram, and the reveal
    term.wait_for("The facilitator has the keyboard")
    burst(term, F2, DOWN, ENTER, RIGHT, ENTER, F5)
    session = stored(term, tmp_path / "trust.db", lambda s: s.votes_revealed)
    assert session.voted == ["p1", "p2"]
    assert session.totals == {calm: 1, open_: 1} and session.ballots == []


def test_a_lone_vote_leaves_no_ballot_and_no_voter_in_the_file(
        tmp_path: Path, at_stage: Opener) -> None:
    """One voter so far: a file with the ballot and who voted would say whose it is."""
    term, _, _ = at_choose(at_stage)
    # Anna puts two dots on Calm; then F3 starts the timer: a save that comes after hers.
    burst(term, F2, ENTER, RIGHT, RIGHT, ENTER, KEYS["f3"])
    session = stored(term, tmp_path / "trust.db", lambda s: bool(s.timers))
    term.wait_for("Anna ✓ voted")  # the room sees who is done; the file doesn't
    assert session.ballots == [] and session.voted == []
    raw = json.loads((tmp_path / "trust.db").read_text("utf-8"))
    [record] = raw["sessions"].values()
    assert record["ballots"] == [] and record["voted"] == []


def test_the_whole_destination_form_then_f8_in_one_burst(
        tmp_path: Path, at_stage: Opener) -> None:
    term = at_stage(meeting_at("destination", names=("Anna", "Bram")))
    burst(term, "Calm weeks by summer", TAB, TAB, "fewer late calls", TAB,
          "Sales asks us first", TAB, "we plan together", TAB, "the release rhythm", TAB,
          "the tools we use", TAB, "2027-03-01", F8)
    session = stored(term, tmp_path / "trust.db", lambda s: s.stage == "relationships")
    destination = session.destination
    assert session.stage == "relationships"
    assert destination.sentence == "Calm weeks by summer"
    assert destination.success_signals == [
        "fewer late calls", "Sales asks us first", "we plan together"]
    assert (destination.route_fixed, destination.route_open, destination.look_again_on) == (
        "the release rhythm", "the tools we use", "2027-03-01")


def test_relationships_written_at_the_shared_screen_in_one_burst(
        tmp_path: Path, at_stage: Opener) -> None:
    term = at_stage(meeting_at("relationships", names=("Anna", "Bram")))
    burst(term, F2, ENTER, "Ruud", ENTER, "shared goals", ENTER, "Kees", ENTER,
          "late decisions", ENTER, TAB, TAB, ENTER)  # past the two ticks, confirm
    session = stored(term, tmp_path / "trust.db", lambda s: len(s.relationships) == 2)
    assert sorted((r.participant_id, r.kind, r.pattern) for r in session.relationships) == [
        ("p1", "difficult", "late decisions"), ("p1", "easy", "shared goals")]


def test_enter_goes_through_the_relationships_form_and_never_flips_a_tick(
        tmp_path: Path, at_stage: Opener) -> None:
    """Enter moves on from every field, ticks too (Space ticks): a person who presses Enter
    until the form is sent keeps "patterns in the summary" and never ticks "keep the names"."""
    term = at_stage(meeting_at("relationships", names=("Anna", "Bram")))
    burst(term, F2, ENTER, "Ruud", ENTER, "shared goals", ENTER, "Kees", ENTER,
          "late decisions", ENTER, ENTER, ENTER, ENTER)  # two ticks passed, then confirm
    session = stored(term, tmp_path / "trust.db", lambda s: len(s.relationships) == 2)
    assert [(r.shared, r.keep_names, r.names) for r in session.relationships] == [
        (True, False, []), (True, False, [])]
    raw = (tmp_path / "trust.db").read_text(encoding="utf-8")
    assert "Ruud" not in raw and "Kees" not in raw


def test_practice_typed_at_once_lands_in_the_team_form_then_a_step(
        tmp_path: Path, at_stage: Opener) -> None:
    term = at_stage(meeting_at("practice", names=("Anna", "Bram")))
    # No Tab first: the team's form has the cursor as soon as the stage opens.
    burst(term, "the whole team", ENTER, "a weekly check", ENTER, "on Fridays", ENTER,
          F2, ENTER, "Femke", ENTER, "ask her view first", ENTER, SPACE, DOWN, SPACE, TAB,
          "2027-01-15", ENTER, ENTER)
    session = stored(term, tmp_path / "trust.db", lambda s: bool(s.commitments))
    group = session.group_practice
    assert (group.with_whom, group.what, group.when) == (
        "the whole team", "a weekly check", "on Fridays")
    [step] = session.commitments
    assert (step.participant_id, step.partner, step.small_step, step.due_on) == (
        "p1", "Femke", "ask her view first", "2027-01-15")
    assert step.signals == ["keeps_agreements", "shares_information"]


def test_closing_words_and_scores_in_one_burst(
        tmp_path: Path, at_stage: Opener) -> None:
    term = at_stage(meeting_at("close", names=("Anna", "Bram")))
    burst(term, F2, ENTER, "hopeful", ENTER, "4", ENTER, F2, DOWN, ENTER, "tired", ENTER,
          "3", ENTER)
    session = stored(term, tmp_path / "trust.db", lambda s: len(s.closing) == 2)
    assert [(c.participant_id, c.word, c.score) for c in session.closing] == [
        ("p1", "hopeful", 4), ("p2", "tired", 3)]


@pytest.mark.parametrize(("anonymous", "question"), [
    (False, "Not closed yet: Bram, Chen. Finish the session anyway?"),
    (True, "2 people have not closed yet. Finish the session anyway?")])
def test_finishing_names_who_has_not_closed_or_in_an_anonymous_session_how_many(
        tmp_path: Path, at_stage: Opener, anonymous: bool, question: str) -> None:
    engine = meeting_at("close", names=("Anna", "Bram", "Chen"))
    engine.session.anonymous = anonymous
    term = at_stage(engine)
    burst(term, F2, ENTER, "hopeful", ENTER, "4", ENTER)  # Anna closes; Bram and Chen not
    term.wait_for("Anna ✓ closed")
    burst(term, F8)
    screen = " ".join(term.wait_for("Finish the session anyway").split())
    assert question in screen
    assert ("Not closed yet" in screen) is not anonymous  # anonymous: how many, never who
    burst(term, ENTER)  # Cancel is the default: the session stays open
    term.wait_for("When everyone has closed")
    assert stored(term, tmp_path / "trust.db", lambda s: True).status != "finished"


def test_a_journal_entry_then_f8_in_one_burst_is_saved_whole(tmp_path: Path) -> None:
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "en"])
    try:
        term.wait_for("Trust journal")
        term.settle(0.5)
        burst(term, DOWN, DOWN, DOWN, ENTER, "a", "Femke", TAB, TAB, "asked her view first",
              TAB, "she thanked me", TAB, SPACE, DOWN, SPACE, TAB, "brought coffee", F8)
        term.wait_for("Saved in your journal")
        term.send("ctrl+q")
        term.close()
    finally:
        term.kill()
    store = open_store(path)
    try:
        [entry] = JournalRepository(store).all()
    finally:
        store.close()
    assert (entry.person, entry.what_i_did, entry.response, entry.other_signals) == (
        "Femke", "asked her view first", "she thanked me", "brought coffee")
    assert entry.signals == ["keeps_agreements", "shares_information"]


async def test_the_join_form_in_one_burst_brings_the_own_screen_and_its_form(
        tmp_path: Path) -> None:
    """``trust-tui join`` without a name or a code: the join form is the first screen; the
    name and the code in one write, and the own screen comes over the form, ready to write in.
    """
    engine = meeting_at("checkin", names=("Anna",), skip=())
    hub = Hub(engine, code="mn4kp7", save=lambda record: None)
    await hub.serve_unix(tmp_path / "host")
    term = Terminal(["--db", str(tmp_path / "trust.db"), "--lang", "en", "join"])
    try:
        await asyncio.to_thread(term.wait_for, "Session code")
        await asyncio.to_thread(term.settle, 0.3)
        burst(term, "Bram", ENTER, "mn4kp7", ENTER)
        screen = await asyncio.to_thread(term.wait_for, "Send")
        assert "You: Bram" in screen and "Session code" not in screen
        bram = next(p.id for p in engine.session.participants if p.name == "Bram")
        await asyncio.to_thread(term.settle, 0.5)
        os.write(term.master, b"a calm week\r")
        await until(lambda: any(c.participant_id == bram for c in engine.session.checkins), 15)
        [answer] = [c.answer for c in engine.session.checkins if c.participant_id == bram]
        assert answer == "a calm week"
        term.send("f1")  # the own screen's keys are the ones at work now
        await asyncio.to_thread(term.wait_for, "Help: Check-in")
    finally:
        term.kill()
        await hub.close()


async def test_a_participant_s_forms_in_one_burst_through_join(tmp_path: Path) -> None:
    """``trust-tui join`` in a pseudo-terminal: a check-in answer, then the practice form."""
    engine = meeting_at("checkin", names=("Anna",), skip=())
    hub = Hub(engine, code="mn4kp7", save=lambda record: None)
    await hub.serve_unix(tmp_path / "host")
    term = Terminal(["--db", str(tmp_path / "trust.db"), "--lang", "en", "join",
                     "--name", "Bram"], env={"TRUST_TUI_CODE": "mn4kp7"})
    try:
        await asyncio.to_thread(term.wait_for, "Send")
        await asyncio.to_thread(term.settle, 0.5)
        bram = next(p.id for p in engine.session.participants if p.name == "Bram")
        os.write(term.master, b"a calm week\r")
        await until(lambda: any(c.participant_id == bram for c in engine.session.checkins), 15)
        while engine.session.stage != "practice":
            if engine.session.stage == "horizon":
                engine.do("reveal", force=True)
            engine.do("advance")
        await asyncio.to_thread(term.wait_for, "With whom")
        await asyncio.to_thread(term.settle, 0.5)
        burst(term, "Femke", ENTER, "ask her view first", ENTER, SPACE, DOWN, SPACE, TAB,
              "2027-01-15", ENTER)
        await until(lambda: engine.commitment_of(bram) is not None, 15)
        [answer] = [c.answer for c in engine.session.checkins if c.participant_id == bram]
        assert answer == "a calm week"
        step = engine.commitment_of(bram)
        assert step is not None
        assert (step.partner, step.small_step, step.due_on) == (
            "Femke", "ask her view first", "2027-01-15")
        assert step.signals == ["keeps_agreements", "shares_information"]
    finally:
        term.kill()
        await hub.close()


async def test_ctrl_o_right_after_a_sentence_on_a_participant_s_horizon_sends_it_first(
        tmp_path: Path) -> None:
    engine = meeting_at("horizon", names=("Anna",))
    hub, ssh, port = await open_doors(tmp_path, engine)
    try:
        conn, process = await login(port, "Bram")
        await Screen(process).wait_for("Success, for me, looks like")
        await asyncio.sleep(0.5)
        process.stdin.write(b"calm weeks\x0f")  # no Enter: Ctrl+O says done with it
        bram = next(p.id for p in engine.session.participants if p.name == "Bram")
        await until(lambda: bram in engine.session.horizon_done, 15)
        assert [s.text for s in engine.statements_of(bram)] == ["calm weeks"]
        conn.close()
    finally:
        await ssh.close()
        await hub.close()


async def test_a_stage_change_keeps_a_participant_s_unsent_words_and_says_so(
        tmp_path: Path) -> None:
    engine = meeting_at("checkin", names=("Anna",), skip=())
    hub, ssh, port = await open_doors(tmp_path, engine)
    try:
        conn, process = await login(port, "Bram")
        screen = Screen(process)
        await screen.wait_for("Send")
        await asyncio.sleep(0.5)
        process.stdin.write(b"a calm we")
        await screen.wait_for("a calm we")
        engine.do("advance")
        await screen.wait_for("Words you had not sent")
        engine.do("back")
        await screen.wait_for("Send")
        await screen.wait_for("a calm we")
        conn.close()
    finally:
        await ssh.close()
        await hub.close()
