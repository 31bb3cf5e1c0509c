"""CPU a participant's screen spends on one update, beside a bare Textual app doing the least.

A real ``trust-tui join`` runs in a pseudo-terminal at 80×24, seated in a meeting of 12 at the
vote (the hub is in this process). Another person marks ready and takes it back, over and over:
each time the hub sends this screen a new view, and the screen shows the new count. Each update
is waited for on the screen (pyte) before the next is sent, as in a meeting. The CPU of the
screen's process (user + system, from /proc) over N updates, divided by N, is the figure.

The baseline is a bare Textual app (one Static and a Footer) that reads a line from a Unix
socket and shows it in the Static: the least any Textual screen can do for one update, paced
the same way. Both figures include what the process does while it waits (timers), equally.

Run: python benchmarks/bench_participant.py [--updates 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_host import PEOPLE, cpu_seconds, hub_at_the_vote  # noqa: E402

from tests.terminal import Terminal  # noqa: E402
from trust_tui.core import Intent  # noqa: E402

BARE = """
import asyncio, sys
from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("waiting", id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(self.listen())

    async def listen(self) -> None:
        reader, _ = await asyncio.open_unix_connection(sys.argv[1])
        while line := await reader.readline():
            self.query_one("#count", Static).update(line.decode().strip())

Bare().run()
"""


async def _paced(term: Terminal, send, shows, updates: int) -> float:
    """CPU seconds of the screen's process per update: ``send(i)``, then wait for ``shows(i)``."""
    loop = asyncio.get_running_loop()

    def wait(needle: str) -> None:
        term.wait_for(needle, timeout=30)
        term.pump(0.02)

    await loop.run_in_executor(None, term.settle, 1.0)
    before = cpu_seconds([term.process.pid])
    for i in range(updates):
        await send(i)
        await loop.run_in_executor(None, wait, shows(i))
    return (cpu_seconds([term.process.pid]) - before) / updates


def _ready_count(i: int) -> int:
    """After update i: up to 11 of 12 ready, then back down to 0, and up again."""
    step = i % 22
    return step + 1 if step < 11 else 21 - step


async def participant(updates: int) -> float:
    hub, _ = hub_at_the_vote()
    others = [p.id for p in hub.engine.session.participants][1:]
    with tempfile.TemporaryDirectory() as folder:
        await hub.serve_unix(Path(folder) / "host")
        term = Terminal(["--db", str(Path(folder) / "trust.db"), "--lang",
                                 "en", "join", "--name", "P0", "--code", "bench1"])
        try:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, term.wait_for, f"Voted: 0 of {PEOPLE}", 60)

            async def send(i: int) -> None:
                step = i % 22
                who = others[step if step < 11 else 21 - step]
                await hub.apply(Intent("mark_ready", who, {"ready": step < 11}))

            def shows(i: int) -> str:
                count = _ready_count(i)
                if count:
                    return f" · {count} of {PEOPLE} ready"
                return f"Voted: 0 of {PEOPLE}" + " " * 40  # and nothing after it

            per_update = await _paced(term, send, shows, updates)
            term.send("ctrl+q")
            await loop.run_in_executor(None, term.close)
        finally:
            term.kill()
            await hub.close()
    return per_update


async def bare(updates: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bare.sock"
        connected: asyncio.Queue[asyncio.StreamWriter] = asyncio.Queue()
        server = await asyncio.start_unix_server(
            lambda _reader, writer: connected.put_nowait(writer), str(path))
        term = Terminal(command=[sys.executable, "-c", BARE, str(path)])
        try:
            writer = await asyncio.wait_for(connected.get(), 60)

            async def send(i: int) -> None:
                writer.write(f"{_ready_count(i)} of {PEOPLE} ready ({i})\n".encode())
                await writer.drain()

            per_update = await _paced(term, send, lambda i: f"ready ({i})", updates)
            writer.close()
        finally:
            term.kill()
            server.close()
    return per_update


async def main(updates: int, repeat: int) -> None:
    ours, theirs = [], []
    for _ in range(repeat):  # side by side, in turn: the machine's load hits both alike
        theirs.append(await bare(updates))
        ours.append(await participant(updates))
        print(f"  participant screen {ours[-1] * 1000:5.2f} ms, bare Textual app "
              f"{theirs[-1] * 1000:5.2f} ms per update ({ours[-1] / theirs[-1]:.2f}x)",
              flush=True)
    ratios = [o / t for o, t in zip(ours, theirs, strict=True)]
    print(f"CPU per update over {updates} updates, {repeat} runs: participant screen median "
          f"{statistics.median(ours) * 1000:.2f} ms, bare Textual app median "
          f"{statistics.median(theirs) * 1000:.2f} ms; ratio median "
          f"{statistics.median(ratios):.2f}x (range {min(ratios):.2f}–{max(ratios):.2f}x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    started = time.perf_counter()
    asyncio.run(main(arguments.updates, arguments.repeat))
    print(f"({time.perf_counter() - started:.0f} s)")
