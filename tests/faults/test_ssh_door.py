"""Participants over plain SSH on loopback: their own screen, codes, resizes, drops and returns."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket

import asyncssh
import pyte
import pytest

from tests.ui.sessions import meeting_at
from trust_tui.core import FACILITATOR, Engine, Intent, load_script
from trust_tui.net import Hub
from trust_tui.net.ssh_door import SshDoor

pytestmark = pytest.mark.slow  # a real ssh client on loopback


async def open_doors(tmp_path, engine: Engine, lang: str = "en") -> tuple[Hub, SshDoor, int]:
    """A hub for ``engine`` and an ssh door to it on a free loopback port."""
    hub = Hub(engine, code="mn4kp7", save=lambda record: None)
    await hub.serve_unix(tmp_path / "host")
    ssh = SshDoor(code="mn4kp7", data_file=tmp_path / "trust.db",
                  key_path=tmp_path / "host" / "ssh_host_key", lang=lang)
    ssh.follow(hub)  # as the host app wires them
    return hub, ssh, await ssh.listen("127.0.0.1", 0)


def own_code(text: str) -> str:
    """The seat's own code, as its owner reads it on their screen."""
    found = re.search(r"your code to return: (\w+)", text)
    assert found, text
    return found.group(1)


@pytest.fixture
async def door(tmp_path):
    hub, ssh, port = await open_doors(tmp_path, meeting_at("horizon", names=("Chen",)))
    yield hub, ssh, port
    await ssh.close()
    await hub.close()


class Screen:
    """What a participant's ssh client shows, read with pyte."""

    def __init__(self, process, width: int = 80, height: int = 24) -> None:
        self.process = process
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)

    async def wait_for(self, needle: str, timeout: float = 20.0) -> str:
        async def read() -> str:
            while needle not in "\n".join(self.screen.display):
                data = await self.process.stdout.read(65536)
                if not data:
                    break
                self.stream.feed(data)
            return "\n".join(self.screen.display)

        try:
            text = await asyncio.wait_for(read(), timeout)
        except TimeoutError:
            text = "\n".join(self.screen.display)  # what the person saw instead
        assert needle in text, text
        return text

    async def settle(self, seconds: float = 0.6) -> str:
        """The screen after reading for ``seconds`` more: a frame can come in more than one
        piece, and a needle may be in the first."""
        deadline = asyncio.get_running_loop().time() + seconds
        with contextlib.suppress(TimeoutError):
            while (left := deadline - asyncio.get_running_loop().time()) > 0:
                self.stream.feed(await asyncio.wait_for(self.process.stdout.read(65536), left))
        return "\n".join(self.screen.display)


async def login(port: int, name: str, code: str = "mn4kp7", env: dict | None = None):
    conn = await asyncssh.connect("127.0.0.1", port, username=name, password=code,
                                  known_hosts=None, client_keys=None, agent_path=None)
    process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24),
                                        encoding=None, env=env or {})
    return conn, process


async def until(condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def write_and_drop(hub: Hub, port: int, name: str, text: str) -> str:
    """``name`` logs in, sends ``text`` and drops; returns their own code, read off the screen."""
    conn, process = await login(port, name)
    code = own_code(await Screen(process).wait_for("your code to return"))
    process.stdin.write(text.encode() + b"\r")
    await until(lambda: any(s.text == text for s in hub.engine.session.statements))
    conn.close()
    await until(lambda: name not in [hub.engine.session.name_of(p) for p in hub.connected()])
    return code


async def test_a_participant_joins_over_ssh_and_writes_privately(door):
    hub, ssh, port = door
    conn, process = await login(port, "Anna")
    screen = Screen(process)
    text = await screen.wait_for("You: Anna")
    assert "Success, for me, looks like" in text
    process.stdin.write(b"calm weeks\r")
    await until(lambda: len(hub.engine.session.statements) == 1)
    anna = hub.engine.session.participants[-1]
    assert anna.name == "Anna"
    assert [s.text for s in hub.engine.statements_of(anna.id)] == ["calm weeks"]
    # a resize reaches the participant's screen
    process.change_terminal_size(110, 30)
    screen.screen.resize(30, 110)
    wide = await asyncio.wait_for(_wider(screen), 10)
    assert wide
    conn.close()


async def _wider(screen: Screen) -> bool:
    while not any(len(line.rstrip()) > 90 for line in screen.screen.display):
        data = await screen.process.stdout.read(65536)
        if not data:
            return False
        screen.stream.feed(data)
    return True


async def test_a_wrong_code_is_refused_at_the_door_and_guessing_is_slow(door):
    _, ssh, port = door
    ssh.guard.first_delay = 0.5
    started = asyncio.get_running_loop().time()
    with pytest.raises(asyncssh.PermissionDenied):
        await login(port, "Eve", code="guess0")
    assert asyncio.get_running_loop().time() - started >= 0.5


async def test_a_dropped_participant_returns_with_their_writing(door):
    hub, _, port = door
    code = await write_and_drop(hub, port, "Bram", "kept after a drop")
    conn, process = await login(port, "Bram", code=code.upper())  # any case will do
    again = Screen(process)
    text = await again.wait_for("kept after a drop")
    assert "You: Bram" in text
    conn.close()


async def test_three_write_privately_over_ssh_and_all_see_the_reveal(door):
    hub, _, port = door
    hopes = {"Anna": "calm weeks", "Bram": "customers call us first", "Dewi": "we plan together"}
    people = {}
    for name in hopes:
        conn, process = await login(port, name)
        people[name] = (conn, Screen(process))
        await people[name][1].wait_for(f"You: {name}")
    await asyncio.sleep(0.5)  # each form has the keyboard before anyone types
    for name, hope in hopes.items():
        people[name][1].process.stdin.write(hope.encode() + b"\r")
    await until(lambda: len(hub.engine.session.statements) == 3)
    for name, (_, screen) in people.items():  # each screen: one's own words, nobody else's
        text = await screen.wait_for(hopes[name])
        assert not any(other in text for who, other in hopes.items() if who != name)
    await hub.apply(Intent("reveal", FACILITATOR, {"force": True}))
    for _, screen in people.values():
        for hope in hopes.values():
            await screen.wait_for(hope)
    for conn, _ in people.values():
        conn.close()


async def test_the_cap_is_said_on_the_screen_of_the_one_too_many(door):
    hub, _, port = door
    hub.max_participants = 2
    first = [await login(port, name) for name in ("Anna", "Bram")]
    for _, process in first:
        await Screen(process).wait_for("You:")
    conn, process = await login(port, "Dewi")
    await Screen(process).wait_for("At most 2 people can take part.")
    assert "Dewi" not in [p.name for p in hub.engine.session.participants]
    for connection, _ in [*first, (conn, process)]:
        connection.close()


class _GoneClient:
    """An ssh session whose client has gone: everything written to it is a broken pipe."""

    term_size, env, term_type = (80, 24, 0, 0), {}, "xterm-256color"
    command = subsystem = None
    exited: int | None = None

    def get_extra_info(self, key: str) -> str:
        return "Anna"

    class stdout:  # noqa: N801 - shaped like asyncssh's stream
        @staticmethod
        def write(data: bytes) -> None:
            raise BrokenPipeError("Channel not open for sending")

    class stdin:  # noqa: N801
        @staticmethod
        async def read(size: int) -> bytes:
            await asyncio.sleep(60)
            return b""

    def exit(self, status: int) -> None:
        self.exited = status


async def test_a_screen_drawing_for_someone_who_left_throws_nothing_into_the_hosts_loop(door):
    _, ssh, _ = door
    troubles = []
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: troubles.append(
        context))
    gone = _GoneClient()
    await asyncio.wait_for(ssh._session(gone), 30)  # the screen's first frame finds nobody
    assert gone.exited == 0
    await asyncio.sleep(0.2)
    assert troubles == []


async def test_a_drop_in_mid_sentence_loses_not_a_word(door):
    hub, _, port = door
    conn, process = await login(port, "Bram")
    code = own_code(await Screen(process).wait_for("your code to return"))
    await asyncio.sleep(0.5)
    process.stdin.write(b"half a thought")  # typed, not sent...
    await asyncio.sleep(0.5)
    conn.close()  # ... when the line goes
    await until(lambda: bool(hub.drafts))
    assert "half a thought" not in json.dumps(hub.engine.record())  # memory only
    conn, process = await login(port, "Bram", code=code)
    text = await Screen(process).wait_for("half a thought")  # back in the field
    assert hub.engine.session.statements == []  # and still not sent: that is theirs to do
    assert "You: Bram" in text and hub.drafts == {}
    conn.close()


async def test_words_typed_but_not_sent_when_the_statements_are_revealed_stay_with_their_writer(
        door):
    """An early reveal (the facilitator's "reveal now") closes the writing: words Bram typed
    but did not send were not sent, and they stay on his screen, and nowhere else."""
    hub, ssh, port = door
    conn, process = await login(port, "Bram")
    screen = Screen(process)
    await screen.wait_for("your code to return")
    await asyncio.sleep(0.5)
    process.stdin.write(b"calm weeks\rhalf a thought")  # one sent, one still being typed
    await until(lambda: len(hub.engine.session.statements) == 1)
    await asyncio.sleep(0.5)
    await hub.apply(Intent("reveal", FACILITATOR, {"force": True}))
    await screen.wait_for("✗ half a thought")
    text = await screen.settle()
    assert "Not sent (only you see this)" in text and "• calm weeks" in text
    assert [s.text for s in hub.engine.session.statements] == ["calm weeks"]
    assert "half a thought" not in json.dumps(hub.engine.record())
    conn.close()


async def test_when_the_host_is_gone_what_was_typed_and_not_sent_stays_on_the_own_terminal(door):
    """The hub keeps a draft for a dropped participant; when the host itself goes, nothing
    is kept anywhere but on the person's own terminal, where they can copy it."""
    hub, ssh, port = door
    conn, process = await login(port, "Bram")
    screen = Screen(process)
    await screen.wait_for("your code to return")
    await asyncio.sleep(0.5)
    process.stdin.write(b"calm weeks, and a half thought")
    await asyncio.sleep(0.8)
    await hub.close()  # the host's program ends (a crash, a closed laptop)
    await screen.wait_for("nowhere else")
    text = await screen.settle()
    after = text.split("The connection to the host is gone", 1)[1]
    assert "calm weeks, and a half thought" in " ".join(after.split())
    conn.close()


async def test_a_drop_at_relationships_sends_the_host_no_name_that_was_not_kept(tmp_path):
    """Names are sent only if their writer ticks "keep": a dropped line is no exception."""
    hub, ssh, port = await open_doors(tmp_path, meeting_at("relationships", names=("Chen",)))
    conn, process = await login(port, "Bram")
    code = own_code(await Screen(process).wait_for("your code to return"))
    await asyncio.sleep(0.5)
    process.stdin.write(b"Sara Visser\rthey ask before they judge")  # typed, not sent...
    await asyncio.sleep(0.8)
    conn.close()  # ... when the line goes
    await until(lambda: bool(hub.drafts))
    [draft] = hub.drafts.values()
    assert draft["answers"] == {"easy": "they ask before they judge"}
    assert "Sara" not in json.dumps(hub.drafts)
    conn, process = await login(port, "Bram", code=code)
    text = await Screen(process).wait_for("they ask before they judge")  # the pattern is back
    assert "Sara" not in text  # the name stayed where it was typed, and went with the line
    conn.close()
    await ssh.close()
    await hub.close()


async def test_after_the_reveal_of_the_patterns_what_is_written_stays_with_its_writer(tmp_path):
    """The group saw the patterns together, without names: a pattern shared after that would
    show alone, as its writer's; one changed after that would point at its writer."""
    engine = meeting_at("relationships", names=("Chen",))
    hub, ssh, port = await open_doors(tmp_path, engine)
    chen = engine.session.participants[0].id
    engine.do("write_relationship", chen, kind="easy", pattern="they listen", shared=True)
    people = []
    for name in ("Bram", "Dewi"):
        conn, process = await login(port, name)
        screen = Screen(process)
        await screen.wait_for("Share my patterns")  # before the reveal, sharing is theirs
        people.append((conn, screen))
    (bram_conn, bram), (dewi_conn, dewi) = people
    dewi.process.stdin.write(b"\rthey plan ahead\r\r\r")  # shared, before the reveal
    await until(lambda: len(engine.session.relationships) == 2)
    await hub.apply(Intent("reveal_patterns", FACILITATOR, {"force": True}))
    await bram.wait_for("revealed already")
    # The tick is gone: sharing now would name him.
    assert "Share my patterns" not in await bram.settle()
    await asyncio.sleep(0.5)
    # The whole form in one burst, Enter through every field to send it.
    bram.process.stdin.write(b"Sara\rthey ask before they judge\r\r\r")
    await until(lambda: len(engine.session.relationships) == 3)
    mine = next(r for r in engine.session.relationships if r.pattern.startswith("they ask"))
    assert not mine.shared  # kept for Bram, in the file, but never among the group's
    assert sorted(r.pattern for r in engine.session.shared_patterns()) == [
        "they listen", "they plan ahead"]
    await dewi.wait_for("they plan ahead")
    assert "they ask" not in await dewi.settle()
    # Dewi's pattern was revealed: changing it now would point at her. It stays.
    await asyncio.sleep(0.5)
    dewi.process.stdin.write(b"\rthey plan ahead, mostly\r\r\r")
    await dewi.wait_for("Your pattern has been revealed")
    assert sorted(r.pattern for r in engine.session.shared_patterns()) == [
        "they listen", "they plan ahead"]
    assert "they ask" not in json.dumps(hub.engine.view_for(chen).relationships[0].pattern)
    bram_conn.close()
    dewi_conn.close()
    await ssh.close()
    await hub.close()


async def test_a_refused_score_is_put_right_in_the_score_field_not_the_word(tmp_path):
    hub, ssh, port = await open_doors(tmp_path, meeting_at("close", names=("Chen",)))
    conn, process = await login(port, "Bram")
    screen = Screen(process)
    await screen.wait_for("your code to return")
    await asyncio.sleep(0.5)
    process.stdin.write(b"Moe\r6\r")  # a score of 6: refused (1 to 5)
    await screen.wait_for("A score is a whole")  # the refusal is shown; the words come back
    await asyncio.sleep(0.8)
    process.stdin.write(b"\x7f5\r")  # the correction goes where the mistake was
    bram = hub.engine.session.participants[-1].id
    await until(lambda: bool(hub.engine.session.closing))
    [closing] = hub.engine.session.closing
    assert (closing.participant_id, closing.word, closing.score) == (bram, "Moe", 5)
    conn.close()
    await ssh.close()
    await hub.close()


async def test_the_whole_exercise_over_ssh_with_private_writing_on_each_screen(tmp_path):
    engine = meeting_at("checkin", skip=("map",))
    hub, ssh, port = await open_doors(tmp_path, engine)
    names = ("Bram", "Chen", "Dewi")
    people = {}
    for name in names:
        conn, process = await login(port, name)
        people[name] = (conn, Screen(process))
        await people[name][1].wait_for(f"You: {name}")

    async def type_in(name: str, *parts: bytes) -> None:
        for part in parts:  # a person's pace: each field has the keyboard before they type
            await asyncio.sleep(0.4)
            people[name][1].process.stdin.write(part)

    async def facilitator(kind: str, **data) -> None:
        await hub.apply(Intent(kind, FACILITATOR, data))

    def person(name: str) -> str:
        return next(p.id for p in engine.session.participants if p.name == name)

    # Check-in: each answers on their own screen.
    for name in names:
        await type_in(name, f"{name} is here\r".encode())
    await until(lambda: len(engine.session.checkins) == 3, 20)
    # Horizon: private until the reveal; "ready" reaches the host.
    await facilitator("advance")
    for name in names:
        await people[name][1].wait_for("Success, for me, looks like")
        await type_in(name, f"hope of {name}\r".encode(), b"\x0f")
    await until(lambda: len(engine.session.statements) == 3
                and all(p.horizon_done for p in engine.progress() if p.name != "Anna"), 20)
    for name in names:
        text = await people[name][1].wait_for(f"hope of {name}")
        assert not any(f"hope of {other}" in text for other in names if other != name)
    await facilitator("reveal", force=True)  # Anna, on the shared screen, wrote nothing
    for name in names:
        for other in names:
            await people[name][1].wait_for(f"hope of {other}")
    # Common ground and choose: the facilitator groups, each votes on their own screen.
    await facilitator("advance")
    ids = [s.id for s in engine.session.statements]
    calm = engine.do("make_theme", name="Calm", statement_ids=ids[:2])
    engine.do("make_theme", name="Open", statement_ids=ids[2:])
    await facilitator("advance")
    for name in names:
        await people[name][1].wait_for("Dots left")
        await type_in(name, b"\x1b[C\x1b[C", b"\r")
    await until(lambda: len(engine.session.voted) == 3, 20)
    await facilitator("reveal_votes", force=True)  # Anna, on the shared screen, abstains
    await facilitator("advance")
    await facilitator("set_destination", sentence="Calm weeks by summer", theme_ids=[calm])
    for name in names:
        await people[name][1].wait_for("Calm weeks by summer")
    # Relationships: names typed but not kept never leave the screen.
    await facilitator("advance")
    for name in names:
        await people[name][1].wait_for("What do they have in common?")
        await type_in(name, b"Secret Colleague\r", f"pattern of {name}\r".encode(), b"\r",
                      b"\r")
    await until(lambda: len(engine.session.relationships) == 3, 20)
    assert "Secret Colleague" not in json.dumps(engine.record())
    # Practice and close.
    await facilitator("advance")
    for name in names:
        await people[name][1].wait_for("Practice partner")
        await type_in(name, b"Anna\r", f"step of {name}\r".encode(), b" ", b"\t",
                      b"2026-12-18\r")
    await until(lambda: len(engine.session.commitments) == 3, 20)
    await facilitator("advance")
    for name in names:
        await people[name][1].wait_for("One word to close with")
        await type_in(name, b"Hopeful\r", b"4\r")
    await until(lambda: len(engine.session.closing) == 3, 20)
    await facilitator("finish")
    for name in names:  # each screen closes with the destination and a thank-you
        text = await people[name][1].wait_for("The session is finished")
        assert "Calm weeks by summer" in text
    for name in names:
        assert any(c.participant_id == person(name) and c.answer == f"{name} is here"
                   for c in engine.session.checkins)
        assert engine.commitment_of(person(name)).small_step == f"step of {name}"
        assert engine.commitment_of(person(name)).due_on == "2026-12-18"
    assert engine.session.tally()[calm] == 6  # three ballots of two dots, whose: not kept
    assert engine.ballot_of(person("Bram")) is None and engine.session.ballots == []
    assert {c.score for c in engine.session.closing} == {4}
    assert engine.session.status == "finished"
    for conn, _ in people.values():
        conn.close()
    await ssh.close()
    await hub.close()


async def test_an_anonymous_session_says_so_on_each_screen_and_keeps_no_author(tmp_path):
    engine = Engine.new(load_script(), lang="en")
    for name in ("Anna", "Bram"):
        engine.do("add_participant", name=name)
    engine.do("set_details", anonymous=True)
    engine.do("set_stage", key="checkin", enabled=False)
    engine.do("start")
    saves: list[dict] = []
    hub = Hub(engine, code="mn4kp7", save=saves.append)
    await hub.serve_unix(tmp_path / "host")
    ssh = SshDoor(code="mn4kp7", data_file=tmp_path / "trust.db",
                  key_path=tmp_path / "host" / "ssh_host_key", lang="en")
    ssh.follow(hub)
    port = await ssh.listen("127.0.0.1", 0)
    conn, process = await login(port, "Bram")
    screen = Screen(process)
    # Before writing a word, Bram reads that his name will not be shown with it.
    assert "Horizon · anonymous" in await screen.wait_for("You: Bram")
    process.stdin.write(b"praise in public\r")
    await until(lambda: len(engine.session.statements) == 1)
    await screen.wait_for("✓ praise in public")  # his own, on his own screen
    await until(lambda: any(r["statements"] for r in saves))
    written = json.dumps(saves[-1])
    assert saves[-1]["statements"][0]["author_id"] is None
    assert '"p2"' not in written.split('"statements"')[1].split('"themes"')[0]
    conn.close()
    await ssh.close()
    await hub.close()


async def test_each_screen_speaks_its_persons_language_else_the_hosts(tmp_path):
    hub, ssh, port = await open_doors(tmp_path, meeting_at("checkin", skip=(), lang="nl"),
                                      lang="nl")
    english, process = await login(port, "Chen", env={"LANG": "en_GB.UTF-8"})
    await Screen(process).wait_for("You: Chen")
    dutch, process = await login(port, "Bram")  # no locale sent: the host's language
    await Screen(process).wait_for("Jij: Bram")
    # A bare machine's default locale is no choice of the person's: the host's language too.
    bare, process = await login(port, "Daan", env={"LANG": "C.UTF-8"})
    await Screen(process).wait_for("Jij: Daan")
    for conn in (english, dutch, bare):
        conn.close()
    await ssh.close()
    await hub.close()


async def test_a_dropped_seat_cannot_be_taken_with_the_session_code_over_ssh(door):
    """Bram drops; someone with the session code logs in as "bram": refused, sees nothing."""
    hub, _, port = door
    code = await write_and_drop(hub, port, "Bram", "bram's hidden hope")
    for name in ("bram", "Bram", "\u0412ram"):  # any case; a Cyrillic look-alike
        conn, process = await login(port, name)
        screen = Screen(process)
        text = await screen.wait_for("looks just like" if name.startswith("\u0412")
                                     else "belongs to someone")
        assert "hidden hope" not in text and "You: Bram" not in text
        conn.close()
    assert [p.name for p in hub.engine.session.participants] == ["Chen", "Bram"]
    conn, process = await login(port, "Bram", code=code)  # Bram, with his own code
    text = await Screen(process).wait_for("bram's hidden hope")
    assert "You: Bram" in text
    conn.close()


async def test_strangers_who_never_log_in_do_not_keep_a_participant_out(door):
    """Idle sockets from one address fill only that address's few places."""
    hub, ssh, port = door
    loop = asyncio.get_running_loop()
    idle = []
    for _ in range(30):
        sock = socket.socket()
        sock.bind(("127.0.0.2", 0))  # somebody else on the network, on loopback
        sock.setblocking(False)
        await loop.sock_connect(sock, ("127.0.0.1", port))
        idle.append(sock)
    await asyncio.sleep(0.3)
    assert len(ssh.strangers) == ssh.max_strangers_per_source
    conn, process = await login(port, "Bram")
    await Screen(process).wait_for("You: Bram")
    conn.close()
    for sock in idle:
        sock.close()


async def test_a_login_without_a_screen_is_let_go_and_commands_get_one_line(door):
    hub, ssh, port = door
    ssh.screen_wait = 0.5
    quiet = await asyncssh.connect("127.0.0.1", port, username="Nope", password="mn4kp7",
                                   known_hosts=None, client_keys=None, agent_path=None)
    await asyncio.wait_for(quiet.wait_closed(), 5)  # `ssh -N`: closed, it holds no seat
    conn = await asyncssh.connect("127.0.0.1", port, username="Lister", password="mn4kp7",
                                  known_hosts=None, client_keys=None, agent_path=None)
    done = await conn.run("ls /", check=False)
    assert done.exit_status == 1 and done.stdout == ""
    assert "only a plain login joins the meeting" in done.stderr
    with pytest.raises((asyncssh.Error, OSError)):
        await conn.start_sftp_client()
    conn.close()
    names = [p.name for p in hub.engine.session.participants]
    assert "Lister" not in names and "Nope" not in names


class _Typist(asyncssh.SSHClient):
    """An ssh client that answers the keyboard-interactive prompt, one answer per round."""

    def __init__(self, answers: list[str], seen: list[tuple[str, str]]) -> None:
        self.answers = answers
        self.seen = seen

    def kbdint_auth_requested(self) -> str:
        return ""

    def kbdint_challenge_received(self, name, instructions, lang, prompts):
        if not prompts:
            return []
        self.seen.append((instructions, prompts[0][0]))
        return [self.answers.pop(0)]


async def test_the_prompt_asks_for_the_session_code_and_says_when_it_is_wrong(door):
    _, ssh, port = door
    ssh.guard.first_delay = 0.05
    seen: list[tuple[str, str]] = []
    conn, _ = await asyncssh.create_connection(
        lambda: _Typist(["guess0", " MN4KP7 "], seen), "127.0.0.1", port, username="Bram",
        known_hosts=None, client_keys=None, agent_path=None, password=None,
        preferred_auth="keyboard-interactive")
    assert [prompt for _, prompt in seen] == ["Session code / sessiecode: "] * 2
    assert seen[0][0] == "" and "That code is not right" in seen[1][0]
    conn.close()


async def test_guessing_slows_per_address_and_closes_the_door_until_a_new_code(door):
    hub, ssh, port = door
    hub.guard.first_delay, hub.guard.budget = 0.1, 4
    closed = []
    hub.guard.on_closed = lambda: closed.append(True)
    started = asyncio.get_running_loop().time()
    for guess in ("aaaaaa", "bbbbbb", "cccccc", "dddddd"):
        with pytest.raises(asyncssh.PermissionDenied):
            await login(port, "Eve", code=guess)
    assert asyncio.get_running_loop().time() - started >= 0.1 + 0.2 + 0.4 + 0.8
    assert closed == [True]
    with pytest.raises(asyncssh.PermissionDenied):  # even the right code: the door is shut
        await login(port, "Bram")
    hub.new_code()
    ssh.follow(hub)  # as F9 → New code does
    conn, process = await login(port, "Bram", code=hub.code)
    await Screen(process).wait_for("You: Bram")
    conn.close()


async def test_the_door_in_its_own_process_asks_the_hub_and_guesses_count_at_both_doors(
        tmp_path):
    """As the host runs it: the door is another process; each code typed at it is the hub's
    to judge, so wrong codes over ssh and on the socket (the browser's screens) add up."""
    import os

    from trust_tui.net import HubClient, Refused
    from trust_tui.net.door_process import DoorProcess

    hub = Hub(meeting_at("horizon", names=("Chen",)), code="mn4kp7", save=lambda record: None)
    socket_path = await hub.serve_unix(tmp_path / "host")
    hub.guard.first_delay, hub.guard.budget = 0.05, 3
    door = DoorProcess(socket_path=socket_path, data_file=tmp_path / "trust.db",
                       key_path=tmp_path / "host" / "ssh_host_key", lang="en")
    door.follow(hub)
    try:
        port = await door.start("127.0.0.1", 0)
        assert door.process is not None and door.process.pid != os.getpid()
        conn, process = await login(port, "Bram")  # the right code: a screen of his own
        await Screen(process).wait_for("You: Bram")
        conn.close()
        with pytest.raises(asyncssh.PermissionDenied):
            await login(port, "Eve", code="aaaaaa")
        assert hub.guard.wrong == 1 and hub.guard._by_source == {"127.0.0.1": 1}
        with pytest.raises(Refused):  # a wrong code at the other door counts with it
            await HubClient.join(socket_path, name="Eve", code="bbbbbb")
        with pytest.raises(asyncssh.PermissionDenied):
            await login(port, "Eve", code="cccccc")
        assert hub.guard.closed  # three wrong codes, two doors: shut for everyone
        with pytest.raises(asyncssh.PermissionDenied):
            await login(port, "Anna")
        # Only the door the host started may ask: a process without its key gets nothing.
        reader, writer = await asyncio.open_unix_connection(str(socket_path))
        writer.write(b'{"door": "not-the-key"}\n{"check": {"name": "x", "code": "mn4kp7"}}\n')
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
        hub.new_code()  # F9: the door lets people in with the new code, asking the hub
        conn, process = await login(port, "Anna", code=hub.code.upper())
        anna = Screen(process)
        await anna.wait_for("You: Anna")
        # The host leaves as the app does (hub, then door): Anna's screen says why it ends.
        await hub.close()
        await door.close()
        assert "The connection to the host is gone" in " ".join(
            (await anna.wait_for("connection to the host")).split())
        conn.close()
    finally:
        await door.close()
        await hub.close()
    assert door.process is None
