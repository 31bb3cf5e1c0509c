"""Host mode with 12 simulated participants on a local socket.

- the time from one participant's confirmed vote to every other participant's new view
  (median and p95), beside the baseline of one round trip to the hub and back for the voter;
- CPU used by the hub while nobody types.

Run: python benchmarks/bench_host.py [--votes 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trust_tui.core import Engine, load_script  # noqa: E402
from trust_tui.net import Hub, HubClient  # noqa: E402

PEOPLE = 12


async def main(votes: int) -> None:
    engine = Engine.new(load_script(), lang="en")
    for i in range(PEOPLE):  # the 12 are on the list; each joins under their own name
        engine.do("add_participant", name=f"P{i}")
    engine.do("set_stage", key="checkin", enabled=False)
    engine.do("start")
    sid = engine.do("add_statement", "p1", text="calm")
    engine.do("reveal")
    engine.do("advance")
    themes = [engine.do("make_theme", name=f"T{i}", statement_ids=[sid] if i == 0 else [])
              for i in range(3)]
    engine.do("advance")
    hub = Hub(engine, code="bench1", save=lambda record: None, max_participants=PEOPLE + 1)
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--votes", type=int, default=30)
    asyncio.run(main(parser.parse_args().votes))
