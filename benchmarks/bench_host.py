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
- CPU used by the hub, the ssh server and the 12 screens while nobody types;
- resident memory (RSS) of each participant screen's process, and of this process (the hub and
  the ssh server, with the 12 test clients and their pyte screens: more than a host needs).

With a flood (``--flood``): the real host program (``trust-tui host``) in a pty, continuing a
meeting of 12 at the vote; 10 join over ssh, then a flood starts (tests/faults/flood.py, its own
process: idle sockets, looping handshakes, wrong codes) and the last 2 join through it.
- join success during the flood, and how long each join took;
- the facilitator's key-to-screen time (F1 → help shown, Escape → gone), flood vs idle;
- a vote typed on one screen until every other screen shows it (p95), idle vs flood;
- CPU of the facilitator's process and of the door's process during the flood.

Run: python benchmarks/bench_host.py [--votes 30] [--ssh [--rounds 48]] [--flood [--keys 30]]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

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
            started = time.perf_counter()
            await voter.send("cast_ballot", dots={themes[round_ % 3]: 1})
            await voter.receive()
            echo.append(time.perf_counter() - started)
            await asyncio.gather(*(other.receive() for other in others))
            spread.append(time.perf_counter() - started)
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
    slow) is not done while the hub and the ssh server, in this same process, are busy with a
    round (see ``quiet``)."""

    def __init__(self, process) -> None:
        self.process = process
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.arrived: list[tuple[float, bytes]] = []
        """Chunks not drawn yet, each with the moment it arrived (perf_counter)."""
        self.last_arrival = 0.0
        self.drawn_at = 0.0
        self.changed = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while True:
            data = await self.process.stdout.read(65536)
            if not data:
                return
            self.last_arrival = time.perf_counter()
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
        """Wait until ``pattern`` shows; the moment its bytes arrived (perf_counter)."""
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
    while time.perf_counter() - since < limit:
        await asyncio.sleep(gap / 4)
        last = min(screen.last_arrival for screen in screens)
        if last > since and time.perf_counter() - max(s.last_arrival for s in screens) >= gap:
            return


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


async def over_ssh(rounds: int) -> None:
    import asyncssh

    from trust_tui.net.ssh_door import SshDoor

    hub, _ = hub_at_the_vote()
    with tempfile.TemporaryDirectory() as folder:
        await hub.serve_unix(Path(folder) / "host")
        door = SshDoor(code="bench1", data_file=Path(folder) / "trust.db",
                       key_path=Path(folder) / "host" / "ssh_host_key")
        port = await door.listen("127.0.0.1", 0)
        started = time.perf_counter()
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
        print(f"{PEOPLE} participant screens over ssh up in {time.perf_counter() - started:.1f} s")
        await asyncio.sleep(1)

        async def measure(index: int, keys: bytes, pattern: str) -> tuple[float, float]:
            voter = screens[index]
            sent = time.perf_counter()
            voter.process.stdin.write(keys)
            await quiet(screens, sent)
            own = await voter.until(pattern)
            last = max(await asyncio.gather(*(s.until(pattern) for i, s in enumerate(screens)
                                              if i != index)))
            return own - sent, last - sent

        votes = [await measure(i, b"\x1b[C\r", rf"Voted: {i + 1} of {PEOPLE}(?!\d)")
                 for i in range(PEOPLE)]
        ready = []
        for r in range(rounds):
            count = r % PEOPLE + 1 if (r // PEOPLE) % 2 == 0 else PEOPLE - 1 - r % PEOPLE
            pattern = (rf"(?<!\d){count} of {PEOPLE} ready" if count
                       else rf"Voted: {PEOPLE} of {PEOPLE}\s*\n")
            ready.append(await measure(r % PEOPLE, b"\x0f", pattern))
            await asyncio.sleep(0.05)
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

    def show(label: str, samples: list[tuple[float, float]]) -> None:
        own = [o for o, _ in samples]
        others = [last for _, last in samples]
        p95 = statistics.quantiles(others, n=20)[-1]
        print(f"{label:<34} every other screen: median {statistics.median(others) * 1000:6.1f}"
              f" ms, p95 {p95 * 1000:6.1f} ms;  own screen (baseline) median "
              f"{statistics.median(own) * 1000:6.1f} ms;  ratio "
              f"{statistics.median(others) / statistics.median(own):.2f}x, p95 against own "
              f"median {p95 / statistics.median(own):.2f}x")

    show(f"vote typed over ssh ({len(votes)})", votes)
    show(f"ready typed over ssh ({len(ready)})", ready)
    print(f"CPU while nobody types: {idle * 100:.2f} % of one core "
          f"(hub, ssh server and {PEOPLE} screens together)")
    if seats:
        print(f"memory per participant screen: median {statistics.median(seats):.1f} MB, "
              f"max {max(seats):.1f} MB over {len(seats)} processes; all {len(seats)} together "
              f"{sum(seats):.0f} MB")
    print(f"memory of hub + ssh server (this process, with the test clients): {host_mb:.1f} MB")


def _key_to_screen(host, keys: int) -> list[float]:
    """The facilitator presses F1 (help shows) and Escape (help goes): seconds for each."""
    times = []
    for _ in range(keys):
        for key, shown in (("f1", True), ("escape", False)):
            host.pump(0.1)
            started = time.perf_counter()
            host.send(key, pause=0)
            while ("Help: Choose" in host.text()) != shown:
                host.pump(0.002)
                if time.perf_counter() - started > 30:
                    raise TimeoutError(key)
            times.append(time.perf_counter() - started)
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
                started = time.perf_counter()
                try:
                    conn = await asyncssh.connect(
                        "127.0.0.1", port, local_addr=("127.0.0.2", 0), username=f"P{i}",
                        password=code, known_hosts=None, client_keys=None, agent_path=None)
                    process = await conn.create_process(term_type="xterm-256color",
                                                        term_size=(80, 24), encoding=None)
                    screen = Screen(process)
                    await screen.until(r"Voted: ", timeout=120)
                except (OSError, asyncssh.Error, TimeoutError):
                    return None, time.perf_counter() - started
                return screen, time.perf_counter() - started

            joined = [await join(i) for i in range(PEOPLE - 2)]
            screens = [screen for screen, _ in joined if screen is not None]
            assert len(screens) == PEOPLE - 2, "not everyone got in without a flood"
            await asyncio.sleep(1)

            async def vote(index: int, votes_so_far: int) -> float:
                pattern = rf"Voted: {votes_so_far + 1} of {listed}(?!\d)"
                sent = time.perf_counter()
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
            flood_started = time.perf_counter()
            late = [await join(i) for i in (PEOPLE - 2, PEOPLE - 1)]
            screens += [screen for screen, _ in late if screen is not None]
            flood_keys = await loop.run_in_executor(None, _key_to_screen, host, keys)
            flood_votes = [await vote(i, i) for i in range(5, len(screens))]
            flooded = time.perf_counter() - flood_started
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
    parser.add_argument("--rounds", type=int, default=48, help="ready rounds over ssh")
    parser.add_argument("--flood", action="store_true",
                        help="the real host, 12 screens over ssh, and a flood at its door")
    parser.add_argument("--keys", type=int, default=30, help="F1/Escape pairs per phase")
    arguments = parser.parse_args()
    if arguments.flood:
        asyncio.run(with_a_flood(arguments.keys))
    elif arguments.ssh:
        asyncio.run(over_ssh(arguments.rounds))
    else:
        asyncio.run(main(arguments.votes))
