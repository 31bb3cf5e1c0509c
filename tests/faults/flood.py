"""Strangers hammering an SSH door: idle TCP sockets and a stream of logins that fail.

Run as its own process, so its work never competes with the measuring process for one
interpreter: ``python -m tests.faults.flood PORT [--idle N] [--knockers N] [--wrong N]``. It
floods until its stdin closes, then prints one JSON line of counts.

- idle: sockets from 127.0.0.1 that connect and never say a word;
- knockers: from 127.0.0.3, each over and over does a full key exchange, offers a key the door
  does not take, and goes (the costly part of a login, and no code spent);
- wrong: from 127.0.0.4, logins with a wrong code, one after another (each one waits longer).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
from typing import Any

import asyncssh

IDLE_FROM = "127.0.0.1"
KNOCK_FROM = "127.0.0.3"
GUESS_FROM = "127.0.0.4"


async def _idle(port: int, count: int, held: list[socket.socket]) -> None:
    loop = asyncio.get_running_loop()
    for _ in range(count):
        sock = socket.socket()
        sock.bind((IDLE_FROM, 0))
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, ("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        held.append(sock)


async def _knock(port: int, key: asyncssh.SSHKey, counts: dict[str, int]) -> None:
    while True:
        try:
            conn = await asyncssh.connect(
                "127.0.0.1", port, local_addr=(KNOCK_FROM, 0), username="knock",
                client_keys=[key], password=None, known_hosts=None, agent_path=None,
                preferred_auth="publickey", login_timeout=10)
            conn.close()
            counts["in"] += 1
        except asyncssh.PermissionDenied:
            counts["handshakes"] += 1  # a full key exchange, then no way in
        except (OSError, asyncssh.Error):
            counts["turned_away"] += 1  # the strangers' room for this address was full
            await asyncio.sleep(0.01)


async def _guess(port: int, counts: dict[str, int]) -> None:
    n = 0
    while True:
        n += 1
        try:
            conn = await asyncssh.connect(
                "127.0.0.1", port, local_addr=(GUESS_FROM, 0), username="guess",
                password=f"zz{n:04d}", known_hosts=None, client_keys=None, agent_path=None,
                login_timeout=60)
            conn.close()
            counts["in"] += 1
        except asyncssh.PermissionDenied:
            counts["wrong_codes"] += 1
        except (OSError, asyncssh.Error):
            counts["turned_away"] += 1
            await asyncio.sleep(0.05)


async def flood(port: int, idle: int, knockers: int, wrong: int) -> dict[str, Any]:
    counts = {"handshakes": 0, "turned_away": 0, "wrong_codes": 0, "in": 0}
    held: list[socket.socket] = []
    key = asyncssh.generate_private_key("ssh-ed25519")
    await _idle(port, idle, held)
    tasks = [asyncio.ensure_future(_knock(port, key, counts)) for _ in range(knockers)]
    tasks += [asyncio.ensure_future(_guess(port, counts)) for _ in range(wrong)]
    print(json.dumps({"started": True, "idle": len(held)}), flush=True)
    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    await stdin.read()  # until the one who started us says stop
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for sock in held:
        sock.close()
    return {**counts, "idle": len(held)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--idle", type=int, default=30)
    parser.add_argument("--knockers", type=int, default=8)
    parser.add_argument("--wrong", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(flood(args.port, args.idle, args.knockers, args.wrong))),
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
