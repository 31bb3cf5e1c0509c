"""The hub: one engine, the only writer of the data file, serving participants over a socket.

Protocol: JSON lines. A participant says ``{"hello": {"name": ..., "code": ...}}`` and is
answered ``{"welcome": {"participant_id": ...}}`` or ``{"refused": reason}``. Then it sends
``{"intent": {"kind": ..., "data": {...}}}`` (its ``who`` is always its own id: nobody speaks
for someone else) and receives ``{"state": ...}`` — the session as that person may see it —
after every change, and ``{"rejected": reason, "params": {...}}`` when an intent is refused.
Reasons are keys under [reason] in the strings; params fill in their placeholders (a limit).

A screen that is hanging up sends ``{"draft": {"stage": ..., "answers": {...}}}``: what was
typed but not sent. The hub keeps it in memory only (never in the file) and gives it back, once,
when that person joins again at the same stage.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trust_tui.core import Engine, Intent, Rejected, to_dict
from trust_tui.core.text import clean_line

__all__ = ["MAX_LINE", "HostBusy", "Hub", "reachable_host", "session_code"]

MAX_LINE = 64 * 1024
"""The longest message a participant may send; longer ones close the connection."""
HELLO_TIMEOUT = 10.0
"""Seconds a new connection has to say who it is."""


def session_code() -> str:
    """Six characters, easy to read aloud and type: no 0/O, 1/l/I."""
    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class HostBusy(Exception):
    """Another host is serving the same data file (its socket answers)."""


async def _answers(path: Path) -> bool:
    """Whether something listens on the socket at ``path``."""
    if not path.exists():
        return False
    try:
        _, writer = await asyncio.wait_for(asyncio.open_unix_connection(str(path)), 2)
    except (OSError, TimeoutError):
        return False
    writer.close()
    return True


def reachable_host(address: str) -> str:
    """The host name to give people: a wildcard address becomes this machine's name."""
    if address in ("0.0.0.0", "::", ""):
        return socket.gethostname()
    return address


@dataclass
class _Seat:
    participant_id: str
    writer: asyncio.StreamWriter


class Hub:
    """Holds the engine; applies participants' intents; sends each their own view."""

    def __init__(self, engine: Engine, *, code: str, save: Callable[[dict[str, Any]], None],
                 max_participants: int = 12,
                 on_change: Callable[[], None] | None = None) -> None:
        self.engine = engine
        self.code = code
        self.save = save
        self.max_participants = max_participants
        self.wrong_code_delay = 1.0
        """Seconds a wrong session code waits before it is refused."""
        self.on_change = on_change
        """Told after every change, whoever made it (the host's screen redraws)."""
        self.seats: list[_Seat] = []
        self.drafts: dict[str, dict[str, Any]] = {}
        """Half-typed answers of people who dropped, by participant id; memory only."""
        self.server: asyncio.AbstractServer | None = None
        self.socket_path: Path | None = None
        self._broadcast: asyncio.Task[None] | None = None
        # Every change to the engine, from the host's screen or from a participant, is saved
        # and sent to everyone: one path, so nobody is ever left with an old view.
        engine.listeners.append(self._engine_changed)

    # -- serving --------------------------------------------------------------------------------

    async def serve_unix(self, folder: Path) -> Path:
        """Listen on ``folder/hub.sock``; the folder is made owner-only (0700)."""
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        path = folder / "hub.sock"
        if await _answers(path):  # another host on this data file: never take its people
            raise HostBusy(str(path))
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # left by a host that is gone
        self.server = await asyncio.start_unix_server(self._connection, path=str(path),
                                                      limit=MAX_LINE)
        os.chmod(path, 0o600)
        self.socket_path = path
        return path

    async def close(self) -> None:
        if self._engine_changed in self.engine.listeners:
            self.engine.listeners.remove(self._engine_changed)
        for seat in list(self.seats):
            seat.writer.close()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
        if self.socket_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()

    def connected(self) -> list[str]:
        """Ids of the participants connected now."""
        return [seat.participant_id for seat in self.seats]

    # -- the facilitator's side (in the host's own process) --------------------------------------

    async def apply(self, intent: Intent) -> Any:
        """Apply an intent from the host's screen; everyone gets their new view."""
        value = self.engine.apply(intent)
        await self.settled()
        return value

    async def settled(self) -> None:
        """Wait until the latest change has been sent to everyone."""
        while self._broadcast is not None and not self._broadcast.done():
            await self._broadcast

    def _engine_changed(self, intent: Intent) -> None:
        self.save(self.engine.record())
        if self.on_change is not None:
            self.on_change()
        previous = self._broadcast

        async def send_after_previous() -> None:
            if previous is not None:
                await previous
            for seat in list(self.seats):
                with contextlib.suppress(ConnectionError):
                    await self._send_view(seat)

        self._broadcast = asyncio.get_running_loop().create_task(send_after_previous())

    # -- one connection -------------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        seat: _Seat | None = None
        try:
            hello = await asyncio.wait_for(self._read(reader), HELLO_TIMEOUT)
            if not self._code_fits(hello):  # a wrong code costs time: no quick guessing
                await asyncio.sleep(self.wrong_code_delay)
            seat = self._admit(hello, writer)
            if seat is None:
                return
            await self._send(writer, {"welcome": {"participant_id": seat.participant_id}})
            await self._send_view(seat)
            draft = self.drafts.pop(seat.participant_id, None)
            if draft is not None and draft["stage"] == self.engine.session.stage:
                await self._send(writer, {"draft": draft})
            while True:
                message = await self._read(reader)
                if message is None:
                    return
                await self._handle(seat, message)
        except (TimeoutError, ConnectionError, ValueError, asyncio.LimitOverrunError):
            return
        except asyncio.CancelledError:  # the hub is closing: end this connection quietly
            return
        finally:
            if seat is not None and seat in self.seats:
                self.seats.remove(seat)
                if self.on_change is not None:  # the host's screen shows who left
                    self.on_change()
            writer.close()

    def _code_fits(self, hello: Any) -> bool:
        details = hello.get("hello") if isinstance(hello, dict) else None
        code = str(details.get("code", "")) if isinstance(details, dict) else ""
        return hmac.compare_digest(code.encode(), self.code.encode())

    def _admit(self, hello: Any, writer: asyncio.StreamWriter) -> _Seat | None:
        def refuse(reason: str, **params: Any) -> None:
            writer.write(json.dumps({"refused": reason, "params": params},
                                    ensure_ascii=False).encode() + b"\n")

        if not isinstance(hello, dict) or not isinstance(hello.get("hello"), dict):
            refuse("unknown_intent")
            return None
        details = hello["hello"]
        if not self._code_fits(hello):
            refuse("wrong_code")
            return None
        name = clean_line(str(details.get("name", "")))
        session = self.engine.session
        person = next((p for p in session.participants
                       if p.name.casefold() == name.casefold()), None)
        if person is not None and person.id in self.connected():
            refuse("already_connected")
            return None
        if person is None:
            if len(self.seats) >= self.max_participants:
                refuse("too_many_participants", limit=self.max_participants)
                return None
            try:
                participant_id = self.engine.do("add_participant", name=name)
            except Rejected as rejected:
                refuse(rejected.reason, **rejected.params)
                return None
        else:
            participant_id = person.id
        seat = _Seat(participant_id, writer)
        self.seats.append(seat)
        return seat

    async def _handle(self, seat: _Seat, message: Any) -> None:
        if isinstance(message, dict) and "draft" in message:
            self._keep_draft(seat.participant_id, message["draft"])
            return
        raw = message.get("intent") if isinstance(message, dict) else None
        if not isinstance(raw, dict):
            await self._send(seat.writer, {"rejected": "unknown_intent"})
            return
        intent = Intent(kind=str(raw.get("kind", "")), who=seat.participant_id,
                        data=dict(raw.get("data") or {}))
        try:
            self.engine.apply(intent)
        except Rejected as rejected:
            await self._send(seat.writer, {"rejected": rejected.reason,
                                           "params": rejected.params})
            return
        await self.settled()

    def _keep_draft(self, participant_id: str, draft: Any) -> None:
        """Keep what someone typed but did not send, for when they are back; text only."""
        if not isinstance(draft, dict) or not isinstance(draft.get("answers"), dict):
            return
        answers = {str(key): value for key, value in draft["answers"].items()
                   if isinstance(value, str) or (isinstance(value, list) and all(
                       isinstance(item, str) for item in value))}
        if answers:
            self.drafts[participant_id] = {"stage": str(draft.get("stage", "")),
                                           "answers": answers}

    async def _send_view(self, seat: _Seat) -> None:
        view = self.engine.view_for(seat.participant_id)
        progress = [to_dict(p) for p in self.engine.progress()]
        await self._send(seat.writer, {"state": to_dict(view), "progress": progress})

    # -- lines ----------------------------------------------------------------------------------

    @staticmethod
    async def _read(reader: asyncio.StreamReader) -> Any:
        line = await reader.readline()
        if not line:
            return None
        return json.loads(line.decode("utf-8"))

    @staticmethod
    async def _send(writer: asyncio.StreamWriter, message: dict[str, Any]) -> None:
        writer.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
        await writer.drain()
