"""Store speed at scale: open + list, and one save, each beside a floor measured in the same run.

The floor for a file of the same data: ``json.dumps`` of it, written to a new file and fsynced.
Run: python benchmarks/bench_store.py [--sizes 1 100 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from trust_tui.core import load_script
from trust_tui.core.demo import demo_session
from trust_tui.store import SessionRepository, open_store


def floor_write(tables: dict, folder: Path) -> float:
    start = time.perf_counter()
    data = json.dumps(tables, ensure_ascii=False).encode("utf-8")
    path = folder / f"floor-{time.perf_counter_ns()}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, data)
    os.fsync(fd)
    os.close(fd)
    elapsed = time.perf_counter() - start
    path.unlink()
    return elapsed


def floor_read(path: Path) -> float:
    start = time.perf_counter()
    json.loads(path.read_bytes())
    return time.perf_counter() - start


def timed_save(repository: SessionRepository, session) -> float:
    start = time.perf_counter()
    repository.save(session)
    return time.perf_counter() - start


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def bench(size: int, repeat: int, folder: Path) -> dict[str, float]:
    script = load_script()
    path = folder / f"bench-{size}.db"
    start = dt.datetime(2026, 1, 1)
    sessions = [demo_session(script, "en", when=start + dt.timedelta(days=i), variant=i,
                             seed=i).session for i in range(size)]
    store = open_store(path)
    SessionRepository(store).save_many(sessions)
    store.close()

    open_list, read_floor, save, write_floor = [], [], [], []
    for _ in range(repeat):
        gc.collect()
        read_floor.append(floor_read(path))
        gc.collect()
        t0 = time.perf_counter()
        store = open_store(path)
        SessionRepository(store).all()
        open_list.append(time.perf_counter() - t0)
        repository = SessionRepository(store)
        session = sessions[0]
        session.title = f"edited {time.perf_counter_ns()}"
        tables = store.storage.read()
        gc.collect()
        write_floor.append(floor_write(tables, folder))
        gc.collect()
        # the save runs in a worker thread, as the app does it
        with ThreadPoolExecutor(max_workers=1) as worker:
            save.append(worker.submit(timed_save, repository, session).result())
        store.close()
    return {
        "size": size,
        "bytes": path.stat().st_size,
        "open_list": median(open_list),
        "read_floor": median(read_floor),
        "save": median(save),
        "write_floor": median(write_floor),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(f"{'sessions':>8} {'file':>9} {'open+list':>10} {'floor':>9} {'ratio':>6}"
              f" {'save':>9} {'floor':>9} {'ratio':>6}")
        for size in args.sizes:
            r = bench(size, args.repeat, folder)
            print(f"{r['size']:>8} {r['bytes'] / 1024:>7.0f}kB"
                  f" {r['open_list'] * 1000:>8.1f}ms {r['read_floor'] * 1000:>7.1f}ms"
                  f" {r['open_list'] / r['read_floor']:>5.2f}x"
                  f" {r['save'] * 1000:>7.1f}ms {r['write_floor'] * 1000:>7.1f}ms"
                  f" {r['save'] / r['write_floor']:>5.2f}x")


if __name__ == "__main__":
    main()
