"""The SSH door in a process of its own: handshakes and code checks never cost the facilitator's
screen a frame, however many strangers knock.

The host starts ``python -m trust_tui.net.door_process`` and writes one JSON line of orders to
its stdin (where the hub's socket is, the key that lets this process ask the hub about codes,
where to listen); the process answers one JSON line on stdout (its port and host key
fingerprint, or why it could not listen) and runs until its stdin closes. Codes are never
given to it: it asks the hub about each one, so wrong codes at both doors count together.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["DoorProcess", "HubLink"]

START_TIMEOUT = 60.0
"""Seconds the door's process has to say it listens (a busy machine imports slowly)."""
ASK_TIMEOUT = 10.0
"""Seconds the hub has to answer a question about a code before the answer is no."""
NO = {"fits": False, "wait": 1.0, "closed": False, "ticket": ""}
"""The answer when the hub cannot be asked (between meetings, or gone)."""


class HubLink:
    """The door's line to the hub's socket: one question at a time; opened again when the
    next meeting's hub takes the socket."""

    def __init__(self, socket_path: Path, key: str) -> None:
        self.socket_path = socket_path
        self.key = key
        self._lock = asyncio.Lock()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def check(self, name: str, code: str, source: str) -> dict[str, Any]:
        question = {"check": {"name": name, "code": code, "source": source}}
        async with self._lock:
            for _ in range(2):  # a hub of a meeting that closed: once more, to the new one
                try:
                    return await asyncio.wait_for(self._ask(question), ASK_TIMEOUT)
                except (OSError, TimeoutError, ValueError):
                    self._hang_up()
            return dict(NO)

    async def _ask(self, question: dict[str, Any]) -> dict[str, Any]:
        if self._writer is None or self._reader is None:
            self._reader, self._writer = await asyncio.open_unix_connection(
                str(self.socket_path))
            self._writer.write(json.dumps({"door": self.key}).encode() + b"\n")
        self._writer.write(json.dumps(question, ensure_ascii=False).encode() + b"\n")
        await self._writer.drain()
        line = await self._reader.readline()
        if not line:
            raise ConnectionError("hub gone")
        answer = json.loads(line)
        if not isinstance(answer, dict):
            raise ValueError("not an answer")
        return answer

    def _hang_up(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    def close(self) -> None:
        self._hang_up()


class DoorProcess:
    """The facilitator's handle on the SSH door's process: start it, point it at each meeting's
    hub, close it."""

    def __init__(self, *, socket_path: Path, data_file: Path, key_path: Path,
                 lang: str) -> None:
        self.orders: dict[str, Any] = {
            "socket": str(socket_path), "data_file": str(data_file),
            "key_path": str(key_path), "lang": lang, "key": secrets.token_hex(16)}
        self.port = 0
        self.fingerprint = ""
        self.process: asyncio.subprocess.Process | None = None
        self._hub: Any = None

    @property
    def code(self) -> str:
        """The code the door lets in with: always its hub's (it asks the hub each time)."""
        return str(self._hub.code) if self._hub is not None else ""

    def follow(self, hub: Any) -> None:
        """Let people in to ``hub``: this door's process may ask it about codes."""
        hub.door_keys.add(self.orders["key"])
        self._hub = hub

    async def start(self, host: str, port: int) -> int:
        """Start the process, listening at ``host:port``; its port. OSError if it cannot."""
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "trust_tui.net.door_process",
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True)  # the facilitator's terminal signals are not its business
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({**self.orders, "host": host, "port": port})
                                 .encode() + b"\n")
        try:
            await self.process.stdin.drain()
            line = await asyncio.wait_for(self.process.stdout.readline(), START_TIMEOUT)
            answer = json.loads(line) if line else {"error": "no answer"}
        except (OSError, TimeoutError, ValueError):
            answer = {"error": "no answer"}
        if not isinstance(answer, dict) or "port" not in answer:
            await self.close()
            reason = answer.get("error") if isinstance(answer, dict) else None
            raise OSError(0, str(reason or "error"))
        self.port = int(answer["port"])
        self.fingerprint = str(answer.get("fingerprint", ""))
        return self.port

    async def close(self) -> None:
        """Stop the door: its process ends every ssh connection and leaves."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 5)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


async def _run(orders: dict[str, Any]) -> int:
    from trust_tui.net.ssh_door import SshDoor

    door = SshDoor(code="", data_file=Path(orders["data_file"]),
                   key_path=Path(orders["key_path"]), lang=str(orders["lang"]))
    link = HubLink(Path(orders["socket"]), str(orders["key"]))
    door.hub_check = link.check
    try:
        port = await door.listen(str(orders["host"]), int(orders["port"]))
    except OSError as error:
        print(json.dumps({"error": error.strerror or "error"}), flush=True)
        return 1
    print(json.dumps({"port": port, "fingerprint": door.fingerprint}), flush=True)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    host_gone = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(host_gone), sys.stdin)
    waiting = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(host_gone.read())]
    await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    for task in waiting:
        task.cancel()
    await door.close()  # nobody new; the screens see their hub go and say so, then end
    for _ in range(30):
        if not door.screens_open:
            break
        await asyncio.sleep(0.1)
    await door.close(everyone=True)
    link.close()
    for _ in range(30):  # a screen still open hears the hang-up and saves what was typed
        if not door.screens_open:
            break
        await asyncio.sleep(0.1)
    return 0


def main() -> int:
    line = sys.stdin.readline()
    try:
        orders = json.loads(line)
    except ValueError:
        return 2
    return asyncio.run(_run(orders))


if __name__ == "__main__":
    sys.exit(main())
