"""Privacy promises on the path a person walks: the real program, keys typed, the file read."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.terminal import Terminal, set_up_session
from trust_tui.store import SessionRepository, open_store

pytestmark = pytest.mark.slow  # the real program in a pty


def _cli(db, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "trust_tui", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def _only_session(db):
    repository = SessionRepository(open_store(db))
    [summary] = repository.all()
    return repository.get(summary.id)


def test_anonymous_ticked_by_keyboard_reaches_the_file_and_no_name_is_shown(tmp_path):
    db = tmp_path / "trust.db"
    term = Terminal(["--db", str(db), "--lang", "en"])
    try:
        set_up_session(term, ("Anna", "Bram"), title="Retro", team="Blue")
        term.send("tab", "tab")  # past the list of people, to "Anonymous statements"
        term.send(" ")
        term.wait_for("✓▌ Anonymous statements")
        term.send("f8")
        term.wait_for("Check-in")
        term.send("f6")
        screen = term.wait_for("Success, for me, looks like")
        assert "anonymous" in screen.splitlines()[0]  # said on the route, every stage
        for downs, hope in ((0, "anna hopes for calm"), (1, "bram hopes for praise")):
            term.send("f2")
            term.wait_for("Who gets the keyboard?")
            term.settle(0.3)
            term.send(*["down"] * downs, "enter")
            term.settle(0.4)
            term.type(hope)
            term.send("enter")
            term.wait_for("1. ••••••••")
            term.send("ctrl+o")
            term.settle(0.4)
        term.send("f5")  # everyone is done: no question asked
        screen = term.wait_for("bram hopes for praise")
        assert "anna hopes for calm" in screen
        assert "Anna:" not in screen and "Bram:" not in screen
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()
    session = _only_session(db)
    assert session.anonymous is True
    assert [s.author_id for s in session.statements] == [None, None]
    raw = db.read_text(encoding="utf-8")
    assert '"author_id": "p' not in raw and '"author_id":"p' not in raw
    exported = _cli(db, "export", session.id, "--format", "md")
    assert "anna hopes for calm" in exported
    assert "**Anna**" not in exported and "**Bram**" not in exported


def test_an_early_reveal_asks_first_and_names_who_is_not_done(tmp_path):
    db = tmp_path / "trust.db"
    term = Terminal(["--db", str(db), "--lang", "en"])
    try:
        set_up_session(term, ("Anna", "Bram"))
        term.send("f8")
        term.wait_for("Check-in")
        term.send("f6")
        term.wait_for("Success, for me, looks like")
        term.send("f2")
        term.wait_for("Who gets the keyboard?")
        term.settle(0.3)
        term.send("enter")
        term.settle(0.4)
        term.type("typed but never confirmed")
        term.send("f5")  # while Anna is typing, nobody done
        screen = term.wait_for("Not done yet: Anna, Bram.")
        assert "typed but never confirmed" not in screen  # the question covers her words
        term.send("escape")  # wait
        term.settle(0.5)
        term.send("f5")
        term.wait_for("Not done yet")
        term.send("tab", "enter")  # reveal now
        term.wait_for("Revealed")
        # Sent, not thrown away: it shows once the reveal is drawn (maybe a frame after the
        # banner), and wait_for fails if it never does.
        term.wait_for("typed but never confirmed")
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()
    session = _only_session(db)
    assert session.revealed
    assert [s.text for s in session.statements] == ["typed but never confirmed"]


def test_exports_hold_vote_totals_and_nameless_patterns_only(tmp_path):
    db = tmp_path / "trust.db"
    session_id = _cli(db, "demo").strip()
    record = json.loads(_cli(db, "export", session_id, "--format", "json"))["session"]
    assert record["ballots"] == [] and "voter_id" not in json.dumps(record)
    assert sum(record["totals"].values()) > 0
    names = {p["name"] for p in record["participants"]}
    ids = {p["id"] for p in record["participants"]}
    assert record["relationships"], "the demo shares patterns"
    for relationship in record["relationships"]:
        assert relationship["participant_id"] not in ids and relationship["names"] == []
    markdown = _cli(db, "export", session_id, "--format", "md")
    section = markdown.split("## Relationships")[1].split("##")[0]
    assert not any(f"{name}:" in section for name in names)
    # ... and the file itself keeps no ballot of anyone's once the votes are revealed
    assert "voter" not in db.read_text(encoding="utf-8")


def test_the_facilitator_cannot_take_the_keyboard_of_someone_on_their_own_screen(tmp_path):
    """`trust-tui host` in a terminal; Bram logs in over ssh and writes; F2 on the host's
    screen offers only the people in the room, and nothing of Bram's shows there."""
    import asyncio
    import re
    import socket

    import asyncssh
    import pyte

    with socket.socket() as probe:  # a free loopback port for the ssh door
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = tmp_path / "trust.db"
    host = Terminal(["--db", str(db), "--lang", "en", "host", "--listen", f"127.0.0.1:{port}"],
                    width=100, height=30)
    try:
        set_up_session(host, ("Anna",))
        host.send("f8")
        host.wait_for("Check-in")
        host.send("f6")
        code = re.search(r"code ([2-9a-z]{6})", host.wait_for("code ")).group(1)

        async def bram_writes() -> str:
            conn = await asyncssh.connect("127.0.0.1", port, username="Bram", password=code,
                                          known_hosts=None, client_keys=None, agent_path=None)
            process = await conn.create_process(term_type="xterm-256color",
                                                term_size=(80, 24), encoding=None)
            screen = pyte.Screen(80, 24)
            stream = pyte.ByteStream(screen)

            async def until(needle: str) -> None:
                while needle not in "\n".join(screen.display):
                    stream.feed(await asyncio.wait_for(process.stdout.read(65536), 20))

            await until("You: Bram")
            await asyncio.sleep(0.5)
            process.stdin.write(b"bram's own hidden hope\r")
            await until("Yours, hidden until the reveal (1)")
            await asyncio.sleep(0.5)
            text = "\n".join(screen.display)
            conn.close()
            return text

        assert "bram's own hidden hope" in asyncio.run(bram_writes())
        screen = host.wait_for("Bram · 1")  # his progress reaches the host, not his words
        host.send("f2")
        chooser = host.wait_for("Who gets the keyboard?")
        assert "Anna" in chooser.split("Who gets the keyboard?")[1]
        assert "Bram" not in chooser.split("Who gets the keyboard?")[1]
        assert "bram's own hidden hope" not in chooser + screen
        host.send("escape")
        host.send("ctrl+q")
        host.close()
    finally:
        host.kill()
    session = _only_session(db)
    assert [s.text for s in session.statements] == ["bram's own hidden hope"]
