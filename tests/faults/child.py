"""A child process for fault tests: saves sessions and can be told to die at a named point.

Usage: python child.py DATAFILE MODE [ARGS...]
  saves N [POINT HIT]  save N versions of one session; SIGKILL itself at the HIT-th time
                       the storage passes POINT (if given). Prints "saved K" after each save.
  writer PREFIX N      save N new sessions whose ids start with PREFIX.
  hold SECONDS         take the data file's lock and sleep.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from trust_tui.core.model import Participant, Session
from trust_tui.store import SessionRepository, open_store
from trust_tui.store import storage as storage_module


def session_version(k: int) -> Session:
    return Session(id="fault-session", created_at="2026-11-27T10:00:00+00:00",
                   title=f"state-{k}", participants=[Participant("p1", f"writer {k}")])


def main() -> None:
    path, mode, *rest = sys.argv[1:]
    if mode == "saves":
        count = int(rest[0])
        if len(rest) == 3:
            point, hit = rest[1], int(rest[2])
            seen = {"n": 0}

            def die_at(name: str) -> None:
                if name == point:
                    seen["n"] += 1
                    if seen["n"] == hit:
                        os.kill(os.getpid(), signal.SIGKILL)

            storage_module.fault_point = die_at
        repository = SessionRepository(open_store(Path(path)))
        for k in range(1, count + 1):
            repository.save(session_version(k))
            print(f"saved {k}", flush=True)
        time.sleep(float(os.environ.get("CHILD_LINGER", "0")))
    elif mode == "writer":
        prefix, count = rest[0], int(rest[1])
        repository = SessionRepository(open_store(Path(path), lock_timeout=30))
        for k in range(count):
            repository.save(Session(id=f"{prefix}-{k}", created_at="2026-11-27T10:00:00+00:00",
                                    title=f"{prefix} {k}"))
        print("done", flush=True)
    elif mode == "hold":
        store = open_store(Path(path))
        with store.transaction():
            print("holding", flush=True)
            time.sleep(float(rest[0]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
