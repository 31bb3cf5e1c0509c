"""Host mode with 12 participants on loopback.

On the socket (the default): 12 simulated participants speaking the hub's protocol.
- the time from one participant's confirmed vote to every other participant's new view
  (median and p95), beside the baseline of one round trip to the hub and back for the voter;
- CPU used by the hub while nobody types.

Over ssh (``--ssh``): 12 real participant screens, each an ssh login (asyncssh's client) running
``trust-tui join`` on its own pty, read with pyte as a terminal would draw them.
- a vote typed on one screen (→ Enter) until every other screen shows the new count "Voted:
  n of 12", beside the voter's own screen showing it (the baseline);
- the same for "ready" (Ctrl+O), which can be repeated, for more samples;
- CPU used by the hub, the ssh door and the 12 screens while nobody types;
- resident memory (RSS) of each participant screen's process, of the hub and of the door.
The processes are those of a meeting: the hub in this process (the facilitator's, as in
``trust-tui host``), the ssh door in a process of its own started as ``trust-tui host`` starts
it (with a ``trust-tui join`` process per login), and the 12 ssh clients with their pyte screens
in 3 worker processes (``--clients``) standing in for the participants' own machines. Both
figures, a screen's own echo and every other screen, are measured the same way: the worker that
types stamps the moment it wrote the keys, each worker stamps the moment the bytes that made the
count show arrived (pyte draws them only once a round is quiet, see ``quiet``), all with
``time.monotonic`` (CLOCK_MONOTONIC, one clock for every process of the machine). On one
machine the clients still take CPU from the hub, the door and the screens (2 cores here), as
they would not in a meeting, but no longer in the hub's own event loop.
``--one-process`` keeps the earlier method for comparison: hub, ssh server, the 12 clients and
their pyte screens in this one process and event loop, whose own load (≈47 ms a round of
ssh encryption for both ends and pyte) lengthened the tail it measured.

With a flood (``--flood``): the real host program (``trust-tui host``) in a pty, continuing a
meeting of 12 at the vote; 10 join over ssh, then a flood starts (tests/faults/flood.py, its own
process: idle sockets, looping handshakes, wrong codes) and the last 2 join through it.
- join success during the flood, and how long each join took;
- the facilitator's key-to-screen time (F1 → help shown, Escape → gone), flood vs idle;
- a vote typed on one screen until every other screen shows it (p95), idle vs flood;
- CPU of the facilitator's process and of the door's process during the flood.

Run: python benchmarks/bench_host.py [--votes 30] [--ssh [--rounds 48] [--one-process]]
     [--flood [--keys 30]]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyte

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trust_tui.core import Engine, load_script  # noqa: E402
from trust_tui.net import Hub, HubClient  # noqa: E402

PEOPLE = 12


def hub_at_the_vote() -> tuple[Hub, list[str]]:
    """A hub for a meeting of 12 at the vote on three themes; the themes' ids."""
    engine = Engine.new(load_script(), lang="en")
    for i in range(PEOPLE):  # the 12 are on the list; each joins under their own name
        engine.do("add_participant", name=f"P{i}")
    engine.do("set_stage", key="checkin", enabled=False)
    engine.do("start")
    # Nobody has written yet: a seat with words on it would need its own code to be taken.
    engine.do("reveal", force=True)
    engine.do("advance")
    themes = [engine.do("make_theme", name=f"T{i}", statement_ids=[]) for i in range(3)]
    engine.do("advance")
    hub = Hub(engine, code="bench1", save=lambda record: None, max_participants=PEOPLE + 1)
    return hub, themes


async def main(votes: int) -> None:
    hub, themes = hub_at_the_vote()
    with tempfile.TemporaryDirectory() as folder:
        socket = await hub.serve_unix(Path(folder))
        clients = [await HubClient.join(socket, name=f"P{i}", code="bench1")
                   for i in range(PEOPLE)]
        await asyncio.sleep(0.5)
        for client in clients:  # drain the joins' views
            while True:
                try:
                    await client.receive(timeout=0.05)
                except TimeoutError:
                    break
        spread, echo = [], []
        for round_ in range(votes):
            voter, others = clients[round_ % PEOPLE], [
                c for i, c in enumerate(clients) if i != round_ % PEOPLE]
            started = time.monotonic()
            await voter.send("cast_ballot", dots={themes[round_ % 3]: 1})
            await voter.receive()
            echo.append(time.monotonic() - started)
            await asyncio.gather(*(other.receive() for other in others))
            spread.append(time.monotonic() - started)
        cpu_before = time.process_time()
        await asyncio.sleep(5)
        idle_cpu = (time.process_time() - cpu_before) / 5
        for client in clients:
            await client.close()
        await hub.close()

    def ms(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if q < 100 else 0

    print(f"{PEOPLE} participants, {votes} votes")
    print(f"vote → every other screen   median {statistics.median(spread) * 1000:6.1f} ms"
          f"   p95 {ms(spread, 95):6.1f} ms")
    print(f"vote → the voter's own view median {statistics.median(echo) * 1000:6.1f} ms"
          f"   (baseline; ratio {statistics.median(spread) / statistics.median(echo):.2f}x)")
    print(f"hub CPU while nobody types  {idle_cpu * 100:.2f} % of one core")


class Screen:
    """One ssh client's terminal: what arrives is drawn by pyte; wait for a pattern to show.

    Each chunk is stamped when it arrives and drawn only when a pattern is looked for, so that
    the moment a pattern showed is when its bytes arrived, and drawing 12 screens (pyte is
    slow) is not done while the hub, the ssh server and the screens are busy with a round
    (see ``quiet``)."""

    def __init__(self, process) -> None:
        self.process = process
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.arrived: list[tuple[float, bytes]] = []
        """Chunks not drawn yet, each with the moment it arrived (time.monotonic)."""
        self.last_arrival = 0.0
        self.drawn_at = 0.0
        self.changed = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            data = await self.process.stdout.read(65536)
            if not data:
                return
            self.last_arrival = time.monotonic()
            self.arrived.append((self.last_arrival, data))
            self.changed.set()

    def shows(self, pattern: str) -> bool:
        return re.search(pattern, "\n".join(self.screen.display)) is not None

    def _draw_until(self, pattern: str) -> float | None:
        """Draw what arrived, chunk by chunk, until ``pattern`` shows: when its chunk arrived."""
        if self.shows(pattern):
            return self.drawn_at
        while self.arrived:
            self.drawn_at, data = self.arrived.pop(0)
            self.stream.feed(data)
            if self.shows(pattern):
                return self.drawn_at
        return None

    async def until(self, pattern: str, timeout: float = 60.0) -> float:
        """Wait until ``pattern`` shows; the moment its bytes arrived (time.monotonic)."""
        async def wait() -> float:
            while True:
                self.changed.clear()
                moment = self._draw_until(pattern)
                if moment is not None:
                    return moment
                await self.changed.wait()

        return await asyncio.wait_for(wait(), timeout)


async def quiet(screens: list[Screen], since: float, gap: float = 0.3,
                limit: float = 10.0) -> None:
    """Wait until every screen has received something after ``since`` and then nothing for
    ``gap`` seconds: the round is over, and the screens can be drawn without taking time from
    the hub (a screen still waiting for its bytes after that is drawn as they come; the
    moment it shows them is still their arrival)."""
    while time.monotonic() - since < limit:
        await asyncio.sleep(gap / 4)
        last = min(screen.last_arrival for screen in screens)
        if last > since and time.monotonic() - max(s.last_arrival for s in screens) >= gap:
            return


async def typed_rounds(measure, rounds: int) -> tuple[list[tuple[float, float]],
                                                        list[tuple[float, float]]]:
    """Each of the 12 votes (→ Enter), then ``rounds`` ready marks (Ctrl+O) up and down:
    ``measure(seat, keys, pattern)`` for each; the votes' samples and the ready marks'."""
    votes = [await measure(i, b"\x1b[C\r", rf"Voted: {i + 1} of {PEOPLE}(?!\d)")
             for i in range(PEOPLE)]
    ready = []
    for r in range(rounds):
        count = r % PEOPLE + 1 if (r // PEOPLE) % 2 == 0 else PEOPLE - 1 - r % PEOPLE
        pattern = (rf"(?<!\d){count} of {PEOPLE} ready" if count
                   else rf"Voted: {PEOPLE} of {PEOPLE}\s*\n")
        ready.append(await measure(r % PEOPLE, b"\x0f", pattern))
        await asyncio.sleep(0.05)
    return votes, ready


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def resident_mb(pid: int) -> float:
    """The process's resident set (VmRSS), in MB; 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def is_screen(pid: int) -> bool:
    try:
        return b"trust_tui" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


async def over_ssh_in_one_process(rounds: int) -> None:
    """The earlier method (``--one-process``): hub, ssh server, 12 ssh clients and their pyte
    screens all in this process and its one event loop; kept to compare the two methods."""
    import asyncssh

    from trust_tui.net.ssh_door import SshDoor

    hub, _ = hub_at_the_vote()
    with tempfile.TemporaryDirectory() as folder:
        await hub.serve_unix(Path(folder) / "host")
        door = SshDoor(code="bench1", data_file=Path(folder) / "trust.db",
                       key_path=Path(folder) / "host" / "ssh_host_key")
        port = await door.listen("127.0.0.1", 0)
        started = time.monotonic()
        connections, screens = [], []
        for i in range(PEOPLE):
            conn = await asyncssh.connect("127.0.0.1", port, username=f"P{i}",
                                          password="bench1", known_hosts=None,
                                          client_keys=None, agent_path=None)
            process = await conn.create_process(term_type="xterm-256color",
                                                term_size=(80, 24), encoding=None)
            connections.append(conn)
            screens.append(Screen(process))
        for screen in screens:
            await screen.until(rf"Voted: 0 of {PEOPLE}(?!\d)", timeout=120)
        print(f"{PEOPLE} participant screens over ssh up in {time.monotonic() - started:.1f} s")
        await asyncio.sleep(1)

        async def measure(index: int, keys: bytes, pattern: str) -> tuple[float, float]:
            voter = screens[index]
            sent = time.monotonic()
            voter.process.stdin.write(keys)
            await quiet(screens, sent)
            own = await voter.until(pattern)
            last = max(await asyncio.gather(*(s.until(pattern) for i, s in enumerate(screens)
                                              if i != index)))
            return own - sent, last - sent

        votes, ready = await typed_rounds(measure, rounds)
        pids = [os.getpid(), *children_of(os.getpid())]
        await asyncio.sleep(1)
        cpu_before = cpu_seconds(pids)
        await asyncio.sleep(5)
        idle = (cpu_seconds(pids) - cpu_before) / 5
        seats = [resident_mb(pid) for pid in pids[1:] if is_screen(pid)]
        host_mb = resident_mb(os.getpid())
        for conn in connections:
            conn.close()
        await door.close()
        await hub.close()

    report(votes, ready, idle, "hub, ssh server", seats,
           f"memory of hub + ssh server (this process, with the test clients): {host_mb:.1f} MB")


WORKERS = 3
"""Processes that run the 12 ssh clients between them (4 each), as the participants' own
machines would."""


class Clients:
    """The bench's handle on one process running some of the ssh clients (``--clients``):
    orders go down its stdin, answers come up its stdout, a JSON line each."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.answers: dict[str, asyncio.Queue[Any]] = {
            kind: asyncio.Queue() for kind in ("up", "sent", "shown")}
        self.reader = asyncio.ensure_future(self._read())

    @classmethod
    async def start(cls) -> Clients:
        return cls(await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--clients", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE))

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            answer = json.loads(line)
            for kind, value in answer.items():
                self.answers[kind].put_nowait(value)

    def order(self, **order: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(order).encode() + b"\n")

    async def answer(self, kind: str) -> Any:
        return await asyncio.wait_for(self.answers[kind].get(), 120)

    async def close(self) -> None:
        self.order(quit=True)
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        self.reader.cancel()


async def clients() -> None:
    """``--clients``: a process with some participants' ssh clients and their pyte screens.
    Every moment it reports is ``time.monotonic()``: CLOCK_MONOTONIC, one clock for every
    process on the machine, so the bench compares them with its own."""
    import asyncssh

    loop = asyncio.get_running_loop()
    orders = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(orders), sys.stdin)
    screens: dict[int, Screen] = {}
    connections = []
    watching: set[asyncio.Future[None]] = set()

    def say(**answer: Any) -> None:
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()

    async def watch(pattern: str, since: float) -> None:
        await quiet(list(screens.values()), since)
        say(shown={seat: await screen.until(pattern) for seat, screen in screens.items()})

    while line := await orders.readline():
        order = json.loads(line)
        if "connect" in order:
            for seat in order["connect"]["seats"]:
                conn = await asyncssh.connect(
                    "127.0.0.1", order["connect"]["port"], username=f"P{seat}",
                    password=order["connect"]["code"], known_hosts=None, client_keys=None,
                    agent_path=None)
                process = await conn.create_process(term_type="xterm-256color",
                                                    term_size=(80, 24), encoding=None)
                connections.append(conn)
                screens[seat] = Screen(process)
            for screen in screens.values():
                await screen.until(rf"Voted: 0 of {PEOPLE}(?!\d)", timeout=120)
            say(up=list(screens))
        elif "watch" in order:
            task = asyncio.ensure_future(watch(order["watch"]["pattern"],
                                               order["watch"]["since"]))
            watching.add(task)
            task.add_done_callback(watching.discard)
        elif "type" in order:
            sent = time.monotonic()
            screens[order["type"]["seat"]].process.stdin.write(
                bytes.fromhex(order["type"]["keys"]))
            say(sent=sent)
        elif "quit" in order:
            break
    for conn in connections:
        conn.close()


async def over_ssh(rounds: int) -> None:
    """12 screens over ssh, set up as in a meeting: the hub in this process (as in the
    facilitator's ``trust-tui host``), the ssh door in a process of its own (as ``trust-tui
    host`` starts it, with a ``trust-tui join`` process per login), and the 12 ssh clients with
    their pyte screens in ``WORKERS`` other processes, standing in for the participants' own
    machines: their work is no longer done in the hub's event loop."""
    from trust_tui.net.door_process import DoorProcess

    hub, _ = hub_at_the_vote()
    workers: list[Clients] = []
    with tempfile.TemporaryDirectory() as folder:
        socket = await hub.serve_unix(Path(folder) / "host")
        door = DoorProcess(socket_path=socket, data_file=Path(folder) / "trust.db",
                           key_path=Path(folder) / "host" / "ssh_host_key", lang="en")
        door.follow(hub)
        try:
            port = await door.start("127.0.0.1", 0)
            started = time.monotonic()
            workers = [await Clients.start() for _ in range(WORKERS)]
            for w, worker in enumerate(workers):
                worker.order(connect={"port": port, "code": hub.code,
                                      "seats": list(range(w, PEOPLE, WORKERS))})
            for worker in workers:
                await worker.answer("up")
            print(f"{PEOPLE} participant screens over ssh up in "
                  f"{time.monotonic() - started:.1f} s")
            await asyncio.sleep(1)

            async def measure(index: int, keys: bytes, pattern: str) -> tuple[float, float]:
                since = time.monotonic()
                for worker in workers:
                    worker.order(watch={"pattern": pattern, "since": since})
                voter = workers[index % WORKERS]
                voter.order(type={"seat": index, "keys": keys.hex()})
                sent = await voter.answer("sent")
                shown: dict[int, float] = {}
                for worker in workers:
                    shown.update({int(seat): moment
                                  for seat, moment in (await worker.answer("shown")).items()})
                last = max(moment for seat, moment in shown.items() if seat != index)
                return shown[index] - sent, last - sent

            votes, ready = await typed_rounds(measure, rounds)
            assert door.process is not None
            screens = [pid for pid in children_of(door.process.pid) if is_screen(pid)]
            pids = [os.getpid(), door.process.pid, *screens]
            await asyncio.sleep(1)
            cpu_before = cpu_seconds(pids)
            await asyncio.sleep(5)
            idle = (cpu_seconds(pids) - cpu_before) / 5
            seats = [resident_mb(pid) for pid in screens]
            hub_mb, door_mb = resident_mb(os.getpid()), resident_mb(door.process.pid)
        finally:
            for worker in workers:
                await worker.close()
            await door.close()
            await hub.close()

    report(votes, ready, idle, "hub, ssh door", seats,
           f"memory of the hub (this process, no test clients) {hub_mb:.1f} MB, of the ssh "
           f"door's process {door_mb:.1f} MB")


def report(votes: list[tuple[float, float]], ready: list[tuple[float, float]], idle: float,
           host: str, seats: list[float], memory: str) -> None:
    """The figures over ssh, the same lines for either method."""
    show(f"vote typed over ssh ({len(votes)})", votes)
    show(f"ready typed over ssh ({len(ready)})", ready)
    print(f"CPU while nobody types: {idle * 100:.2f} % of one core "
          f"({host} and {PEOPLE} screens together)")
    if seats:
        print(f"memory per participant screen: median {statistics.median(seats):.1f} MB, "
              f"max {max(seats):.1f} MB over {len(seats)} processes; all {len(seats)} together "
              f"{sum(seats):.0f} MB")
    print(memory)


def show(label: str, samples: list[tuple[float, float]]) -> None:
    """One line: (own screen, last other screen) seconds after the keys, per sample."""
    own = [o for o, _ in samples]
    others = [last for _, last in samples]
    p95 = statistics.quantiles(others, n=20)[-1]
    print(f"{label:<34} every other screen: median {statistics.median(others) * 1000:6.1f}"
          f" ms, p95 {p95 * 1000:6.1f} ms;  own screen (baseline) median "
          f"{statistics.median(own) * 1000:6.1f} ms;  ratio "
          f"{statistics.median(others) / statistics.median(own):.2f}x, p95 against own "
          f"median {p95 / statistics.median(own):.2f}x")


def _key_to_screen(host, keys: int) -> list[float]:
    """The facilitator presses F1 (help shows) and Escape (help goes): seconds for each."""
    times = []
    for _ in range(keys):
        for key, shown in (("f1", True), ("escape", False)):
            host.pump(0.1)
            started = time.monotonic()
            host.send(key, pause=0)
            while ("Help: Choose" in host.text()) != shown:
                host.pump(0.002)
                if time.monotonic() - started > 30:
                    raise TimeoutError(key)
            times.append(time.monotonic() - started)
    return times


async def with_a_flood(keys: int) -> None:
    import json
    import socket
    import subprocess

    import asyncssh

    from tests.terminal import Terminal
    from trust_tui.store import open_store
    from trust_tui.store.repository import SessionRepository

    hub, _ = hub_at_the_vote()
    listed = PEOPLE
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "trust.db"
        store = open_store(db)
        SessionRepository(store).save(hub.engine.session)
        store.close()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        host = Terminal(["--db", str(db), "--lang", "en", "host", "--listen",
                         f"127.0.0.1:{port}"], width=100, height=30)
        flood = None
        try:
            host.wait_for("Continue")
            host.settle(0.5)
            host.send("down", "enter")
            found = await loop.run_in_executor(None, host.wait_for, "session code ")
            match = re.search(r"session code ([2-9a-z]{6})", found)
            assert match
            code = match.group(1)
            host.settle(1.0)

            async def join(i: int) -> tuple[Screen | None, float]:
                started = time.monotonic()
                try:
                    conn = await asyncssh.connect(
                        "127.0.0.1", port, local_addr=("127.0.0.2", 0), username=f"P{i}",
                        password=code, known_hosts=None, client_keys=None, agent_path=None)
                    process = await conn.create_process(term_type="xterm-256color",
                                                        term_size=(80, 24), encoding=None)
                    screen = Screen(process)
                    await screen.until(r"Voted: ", timeout=120)
                except (OSError, asyncssh.Error, TimeoutError):
                    return None, time.monotonic() - started
                return screen, time.monotonic() - started

            joined = [await join(i) for i in range(PEOPLE - 2)]
            screens = [screen for screen, _ in joined if screen is not None]
            assert len(screens) == PEOPLE - 2, "not everyone got in without a flood"
            await asyncio.sleep(1)

            async def vote(index: int, votes_so_far: int) -> float:
                pattern = rf"Voted: {votes_so_far + 1} of {listed}(?!\d)"
                sent = time.monotonic()
                screens[index].process.stdin.write(b"\x1b[C\r")
                return max(await asyncio.gather(*(s.until(pattern) for s in screens))) - sent

            idle_keys = await loop.run_in_executor(None, _key_to_screen, host, keys)
            idle_votes = [await vote(i, i) for i in range(5)]
            host_pid = host.process.pid
            pids = children_of(host_pid)  # the door's process, and the screens it runs
            pids += [pid for child in list(pids) for pid in children_of(child)]
            flood = subprocess.Popen(
                [sys.executable, "-m", "tests.faults.flood", str(port)],
                cwd=Path(__file__).resolve().parents[1], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, text=True)
            assert flood.stdout is not None
            json.loads(flood.stdout.readline())
            await asyncio.sleep(1)
            cpu_host, cpu_door = cpu_seconds([host_pid]), cpu_seconds(pids)
            flood_started = time.monotonic()
            late = [await join(i) for i in (PEOPLE - 2, PEOPLE - 1)]
            screens += [screen for screen, _ in late if screen is not None]
            flood_keys = await loop.run_in_executor(None, _key_to_screen, host, keys)
            flood_votes = [await vote(i, i) for i in range(5, len(screens))]
            flooded = time.monotonic() - flood_started
            busy_host = (cpu_seconds([host_pid]) - cpu_host) / flooded
            busy_door = (cpu_seconds(pids) - cpu_door) / flooded
            out, _ = flood.communicate(timeout=60)
            flood = None
            counts = json.loads(out.strip().splitlines()[-1])
            for screen in screens:
                screen.process.close()
            host.send("ctrl+q")
            await loop.run_in_executor(None, host.close)
        finally:
            if flood is not None:
                flood.kill()
            host.kill()

    def ms_p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]

    def ms(values: list[float]) -> str:
        p95 = ms_p95(values)
        return f"median {statistics.median(values) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms"

    ok = sum(screen is not None for screen, _ in late)
    print(f"flood: {counts['idle']} idle sockets, {counts['handshakes']} failed handshakes, "
          f"{counts['wrong_codes']} wrong codes, {counts['turned_away']} turned away, "
          f"{counts['in']} got in, over {flooded:.1f} s")
    print(f"join during the flood: {ok} of {len(late)} got their screen, in "
          + ", ".join(f"{took:.1f} s" for _, took in late)
          + f" (without a flood: median {statistics.median(t for _, t in joined):.1f} s)")
    print(f"facilitator key → screen, idle  ({len(idle_keys)}): {ms(idle_keys)}")
    print(f"facilitator key → screen, flood ({len(flood_keys)}): {ms(flood_keys)}; ratio "
          f"{statistics.median(flood_keys) / statistics.median(idle_keys):.2f}x median, "
          f"{ms_p95(flood_keys) / ms_p95(idle_keys):.2f}x p95")
    print(f"vote → every screen, idle  ({len(idle_votes)}): {ms(idle_votes)}")
    print(f"vote → every screen, flood ({len(flood_votes)}): {ms(flood_votes)}")
    print(f"CPU during the flood: facilitator's process {busy_host:.0%} of a core, "
          f"door and screens (all other processes the host started) {busy_door:.0%}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--votes", type=int, default=30)
    parser.add_argument("--ssh", action="store_true", help="12 real screens over ssh")
    parser.add_argument("--one-process", action="store_true",
                        help="with --ssh: the earlier method, every ssh client in this process")
    parser.add_argument("--clients", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=48, help="ready rounds over ssh")
    parser.add_argument("--flood", action="store_true",
                        help="the real host, 12 screens over ssh, and a flood at its door")
    parser.add_argument("--keys", type=int, default=30, help="F1/Escape pairs per phase")
    arguments = parser.parse_args()
    if arguments.clients:
        asyncio.run(clients())
    elif arguments.flood:
        asyncio.run(with_a_flood(arguments.keys))
    elif arguments.ssh and arguments.one_process:
        asyncio.run(over_ssh_in_one_process(arguments.rounds))
    elif arguments.ssh:
        asyncio.run(over_ssh(arguments.rounds))
    else:
        asyncio.run(main(arguments.votes))
