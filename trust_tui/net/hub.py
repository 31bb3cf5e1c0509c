"""The hub: one engine, the only writer of the data file, serving participants over a socket.

Protocol: JSON lines. A participant says ``{"hello": {"name": ..., "code": ...}}`` and is
answered ``{"welcome": {"participant_id": ...}}`` or ``{"refused": reason}``. Then it sends
``{"intent": {"kind": ..., "data": {...}}}`` (its ``who`` is always its own id: nobody speaks
for someone else) and receives ``{"state": ...}`` — the session as that person may see it —
after every change, and ``{"rejected": reason, "params": {...}}`` when an intent is refused.
Reasons are keys under [reason] in the strings; params fill in their placeholders (a limit).

A seat belongs to the person who took it. The welcome carries the seat's own ``return_code``;
coming back to a seat whose owner dropped takes that code instead of the session code, or the
facilitator's yes on the host's screen (meanwhile the hub answers ``{"waiting": "facilitator"}``).
Names are compared folded (NFKC, case), and a name that looks like one present is refused.

A screen that is hanging up sends ``{"draft": {"stage": ..., "answers": {...}}}``: what was
typed but not sent. The hub keeps it in memory only (never in the file) and gives it back, once,
when that person joins again at the same stage.

The SSH door runs in a process of its own and asks the hub about every code typed at it:
``{"door": key}`` (the key the host gave that process) opens the talk, then each
``{"check": {"name": ..., "code": ..., "source": ...}}`` is answered ``{"fits": ..., "ticket":
..., "wait": ..., "closed": ...}`` — so wrong codes at both doors are counted in one place,
while the handshakes that cost time never touch the facilitator's screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trust_tui.core import Engine, Intent, Rejected, to_dict
from trust_tui.core.names import looks_like, same_name
from trust_tui.core.text import clean_line
from trust_tui.net.client import MAX_LINE
from trust_tui.net.guard import CodeGuard

__all__ = ["MAX_LINE", "HostBusy", "Hub", "normal_code", "reachable_host", "session_code"]

HELLO_TIMEOUT = 10.0
"""Seconds a new connection has to say who it is."""
LET_IN_TIMEOUT = 60.0
"""Seconds the facilitator has to say yes to someone coming back to a seat."""


def normal_code(code: str) -> str:
    """A code as typed, read kindly: case and surrounding spaces do not matter."""
    return code.strip().lower()


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
                 on_change: Callable[[], None] | None = None,
                 draw_code: Callable[[], str] = session_code) -> None:
        self.engine = engine
        self.code = code
        self.draw_code = draw_code
        """Draws a seat's own code (tests draw a fixed one)."""
        self.save = save
        self.max_participants = max_participants
        self.guard = CodeGuard()
        """Wrong codes from every door: growing waits per source, a budget per code."""
        self.on_change = on_change
        """Told after every change, whoever made it (the host's screen redraws)."""
        self.seats: list[_Seat] = []
        self.return_codes: dict[str, str] = {}
        """Each claimed seat's own code, by participant id; memory only. Only the person who
        took the seat was shown it: with it they come back without anyone's help."""
        self._tickets: dict[str, tuple[str, float]] = {}
        self.let_in: Callable[[str], Awaitable[bool]] | None = None
        """Asks the facilitator whether someone may come back to a seat (the host's screen)."""
        self.drafts: dict[str, dict[str, Any]] = {}
        """Half-typed answers of people who dropped, by participant id; memory only."""
        self.server: asyncio.AbstractServer | None = None
        self.socket_path: Path | None = None
        self._broadcast: asyncio.Task[None] | None = None
        self.door_keys: set[str] = set()
        """Keys of the SSH door processes the host started: only they may ask about codes."""
        self._doors: list[asyncio.StreamWriter] = []
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
        for writer in [seat.writer for seat in self.seats] + self._doors:
            writer.close()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
        if self.socket_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()

    def new_code(self) -> str:
        """A fresh session code (F9): the old one stops working, the door opens again."""
        self.code = session_code()
        self.guard.new_code()
        return self.code

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
            # Every seat at once: each view written now, then all drained together, so the
            # last seat does not wait for the eleven before it.
            progress = self._progress_json()
            seats = list(self.seats)
            views = self.engine.views_for({seat.participant_id for seat in seats})
            for seat in seats:
                seat.writer.write(self._view_line(views[seat.participant_id], progress))
            await asyncio.gather(*(self._drain(seat.writer) for seat in seats))

        self._broadcast = asyncio.get_running_loop().create_task(send_after_previous())

    # -- one connection -------------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        seat: _Seat | None = None
        try:
            hello = await asyncio.wait_for(self._read(reader), HELLO_TIMEOUT)
            if isinstance(hello, dict) and "door" in hello:
                await self._answer_door(hello["door"], reader, writer)
                return
            if not self.guard.closed and not self._code_fits(hello):
                # A wrong code costs time, more each time: no quick guessing, even in parallel.
                await asyncio.sleep(self.guard.failed("local"))
            seat = await self._admit(hello, writer)
            self._spend_ticket(hello)
            if seat is None:
                return
            await self._send(writer, {"welcome": {
                "participant_id": seat.participant_id,
                "return_code": self.return_codes[seat.participant_id]}})
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

    async def _answer_door(self, key: Any, reader: asyncio.StreamReader,
                           writer: asyncio.StreamWriter) -> None:
        """The SSH door's process asks about codes typed at it, one at a time."""
        if not isinstance(key, str) or not any(
                hmac.compare_digest(key.encode(), own.encode()) for own in self.door_keys):
            return
        self._doors.append(writer)
        try:
            while True:
                message = await self._read(reader)
                asked = message.get("check") if isinstance(message, dict) else None
                if not isinstance(asked, dict):
                    return
                await self._send(writer, self.door_check(
                    str(asked.get("name", "")), str(asked.get("code", "")),
                    str(asked.get("source", ""))))
        finally:
            self._doors.remove(writer)

    def door_check(self, name: str, code: str, source: str) -> dict[str, Any]:
        """A code typed at a door by ``name`` from ``source``: whether it fits (with a
        one-time ticket for the screen that person gets), else how long to wait before
        saying no; wrong codes count against the meeting's budget, whichever door."""
        if self.guard.closed:
            return {"fits": False, "wait": 0.0, "closed": True, "ticket": ""}
        if self.code_fits(name, code):
            return {"fits": True, "wait": 0.0, "closed": False, "ticket": self.ticket_for(code)}
        wait = self.guard.failed(source)
        return {"fits": False, "wait": wait, "closed": self.guard.closed, "ticket": ""}

    def ticket_for(self, code: str) -> str:
        """A stand-in for ``code`` that works once, within a minute (for a screen process the
        SSH door starts: it never holds the code itself)."""
        now = time.monotonic()
        self._tickets = {t: kept for t, kept in self._tickets.items() if kept[1] > now}
        ticket = secrets.token_hex(16)
        self._tickets[ticket] = (code, now + 60)
        return ticket

    def _said(self, hello: Any) -> tuple[str, str]:
        """The name and code a hello carries ("" for anything missing or odd)."""
        details = hello.get("hello") if isinstance(hello, dict) else None
        if not isinstance(details, dict):
            return "", ""
        code = normal_code(str(details.get("code", "")))
        ticket = self._tickets.get(code)
        if ticket is not None and ticket[1] > time.monotonic():
            code = normal_code(ticket[0])
        return clean_line(str(details.get("name", ""))), code

    def _person(self, name: str) -> Any:
        return next((p for p in self.engine.session.participants if same_name(p.name, name)),
                    None)

    def return_code_fits(self, name: str, code: str) -> bool:
        """Whether ``code`` is the own code of the seat called ``name``."""
        person = self._person(clean_line(name))
        own = self.return_codes.get(person.id, "") if person is not None else ""
        return bool(own) and hmac.compare_digest(normal_code(code).encode(), own.encode())

    def code_fits(self, name: str, code: str) -> bool:
        """The session code, or the seat's own code (the SSH door asks this too)."""
        session_code_fits = hmac.compare_digest(normal_code(code).encode(), self.code.encode())
        return self.return_code_fits(name, code) or session_code_fits

    def _code_fits(self, hello: Any) -> bool:
        name, code = self._said(hello)
        return self.code_fits(name, code)

    async def _admit(self, hello: Any, writer: asyncio.StreamWriter) -> _Seat | None:
        def refuse(reason: str, **params: Any) -> None:
            writer.write(json.dumps({"refused": reason, "params": params},
                                    ensure_ascii=False).encode() + b"\n")

        if not isinstance(hello, dict) or not isinstance(hello.get("hello"), dict):
            refuse("unknown_intent")
            return None
        if self.guard.closed:  # too many wrong codes: nobody new until a new code
            refuse("door_closed")
            return None
        if not self._code_fits(hello):
            refuse("wrong_code")
            return None
        name, code = self._said(hello)
        person = self._person(name)
        if person is None:
            look_alike = next((p for p in self.engine.session.participants
                               if looks_like(p.name, name)), None)
            if look_alike is not None:
                refuse("looks_like", name=look_alike.name)
                return None
            if len(self.seats) >= self.max_participants:
                refuse("too_many_participants", limit=self.max_participants)
                return None
            try:
                participant_id = self.engine.do("add_participant", name=name)
            except Rejected as rejected:
                refuse(rejected.reason, **rejected.params)
                return None
        elif person.id in self.connected():
            refuse("already_connected")
            return None
        elif self.return_code_fits(name, code):
            participant_id = person.id
        elif person.id not in self.return_codes and not self._has_written(person.id):
            participant_id = person.id  # a name put on the list beforehand: first come
        else:  # someone's seat, and not their own code: only the facilitator can say yes
            if not await self._facilitator_lets_in(person.name, writer):
                refuse("not_let_in")
                return None
            if person.id in self.connected():
                refuse("already_connected")
                return None
            participant_id = person.id
        if participant_id not in self.return_codes or not self.return_code_fits(name, code):
            self.return_codes[participant_id] = self.draw_code()  # a new one: the old is void
        if participant_id not in self.engine.own_screens:
            with contextlib.suppress(Rejected):  # a finished session: nothing to take over
                self.engine.do("set_own_screen", participant_id=participant_id, own=True)
        seat = _Seat(participant_id, writer)
        self.seats.append(seat)
        if self.on_change is not None:  # the host's people pane shows ⇄ at once
            self.on_change()
        return seat

    def _spend_ticket(self, hello: Any) -> None:
        details = hello.get("hello") if isinstance(hello, dict) else None
        if isinstance(details, dict):
            self._tickets.pop(normal_code(str(details.get("code", ""))), None)

    def _has_written(self, participant_id: str) -> bool:
        """Whether anything is written on this seat (so taking it would show someone's words)."""
        progress = self.engine.progress_of(participant_id)
        return bool(progress.statements or progress.checked_in or progress.voted
                    or progress.horizon_done or progress.relationships or progress.committed
                    or progress.closed)

    async def _facilitator_lets_in(self, name: str, writer: asyncio.StreamWriter) -> bool:
        if self.let_in is None:
            return False
        await self._send(writer, {"waiting": "facilitator"})
        try:
            return await asyncio.wait_for(self.let_in(name), LET_IN_TIMEOUT)
        except TimeoutError:
            return False

    def remove(self, participant_id: str) -> None:
        """The facilitator takes someone out: their screen closes and their seat is free. What
        they wrote stays in the session; coming back takes the facilitator's yes."""
        self.return_codes.pop(participant_id, None)
        for seat in [seat for seat in self.seats if seat.participant_id == participant_id]:
            seat.writer.close()
        if not self._has_written(participant_id):  # nothing of theirs: gone from the list
            with contextlib.suppress(Rejected):
                self.engine.do("remove_participant", participant_id=participant_id)
        # Someone who wrote keeps their place in the record, still their own: the shared
        # screen never gets their keyboard (and with it their writing).

    def give_up_seat(self, participant_id: str) -> None:
        """The person hands their seat to the shared screen, from their own screen."""
        self.return_codes.pop(participant_id, None)
        with contextlib.suppress(Rejected):
            self.engine.do("set_own_screen", participant_id=participant_id, own=False)

    async def _handle(self, seat: _Seat, message: Any) -> None:
        if isinstance(message, dict) and "draft" in message:
            self._keep_draft(seat.participant_id, message["draft"])
            return
        if isinstance(message, dict) and message.get("give_up_seat") is True:
            self.give_up_seat(seat.participant_id)
            seat.writer.close()
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
        """Keep what someone typed but did not send, for when they are back: text and ticks."""
        if not isinstance(draft, dict) or not isinstance(draft.get("answers"), dict):
            return
        answers = {str(key): value for key, value in draft["answers"].items()
                   if isinstance(value, str | bool) or (isinstance(value, list) and all(
                       isinstance(item, str) for item in value))}
        if answers:
            self.drafts[participant_id] = {"stage": str(draft.get("stage", "")),
                                           "answers": answers}

    async def _send_view(self, seat: _Seat) -> None:
        view = self.engine.views_for([seat.participant_id])[seat.participant_id]
        seat.writer.write(self._view_line(view, self._progress_json()))
        await seat.writer.drain()

    def _progress_json(self) -> str:
        """Who has done what: the same for every seat, so serialised once per change."""
        return json.dumps([to_dict(p) for p in self.engine.progress()], ensure_ascii=False)

    @staticmethod
    def _view_line(view: dict[str, Any], progress: str) -> bytes:
        """The line that gives a seat its own ``view`` of the session, with everyone's
        progress."""
        state = json.dumps(view, ensure_ascii=False)
        return f'{{"state": {state}, "progress": {progress}}}\n'.encode()

    @staticmethod
    async def _drain(writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            await writer.drain()

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
