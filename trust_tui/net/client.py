"""A participant's connection to the hub: intents up, their own view of the session down."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trust_tui.core import Session
from trust_tui.core.model import from_dict_reusing

__all__ = ["MAX_LINE", "HubClient", "Refused"]

MAX_LINE = 64 * 1024
"""The longest message either side sends; longer ones close the connection (kept here, so a
participant's screen does not import the hub and its engine)."""


class Refused(Exception):
    """The hub said no; ``reason`` is a key under [reason] in the strings."""

    def __init__(self, reason: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params or {}


class HubClient:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 participant_id: str, return_code: str = "") -> None:
        self.reader = reader
        self.writer = writer
        self.participant_id = participant_id
        self.return_code = return_code
        """This seat's own code: with it, this person comes back without anyone's help."""
        self.view: Session | None = None
        self._state: dict[str, Any] | None = None
        """The view as it came: a message with the same state (only someone's progress
        changed) keeps the view it has, without building it again."""
        self._built: dict[str, tuple[Any, Any]] = {}
        """Each part of the view as it came and as built: a new view rebuilds only the parts
        that changed (one vote changes who voted, not the themes or the statements)."""
        self.progress: list[dict[str, Any]] = []
        self.rejections: list[str] = []

    @classmethod
    async def join(cls, socket_path: Path, *, name: str, code: str,
                   waiting: Callable[[], None] | None = None) -> HubClient:
        """Join as ``name``; ``waiting`` is called while the facilitator is asked to say yes."""
        reader, writer = await asyncio.open_unix_connection(str(socket_path), limit=MAX_LINE)
        writer.write(json.dumps({"hello": {"name": name, "code": code}}).encode() + b"\n")
        await writer.drain()
        answer = json.loads((await reader.readline()) or b"{}")
        while "waiting" in answer:  # coming back to a seat: the facilitator is asked
            if waiting is not None:
                waiting()
            answer = json.loads((await reader.readline()) or b"{}")
        if "welcome" not in answer:
            writer.close()
            raise Refused(str(answer.get("refused", "closed")), answer.get("params"))
        welcome = answer["welcome"]
        client = cls(reader, writer, welcome["participant_id"],
                     str(welcome.get("return_code", "")))
        await client.receive()
        return client

    async def send(self, kind: str, /, **data: Any) -> None:
        self.writer.write(json.dumps({"intent": {"kind": kind, "data": data}},
                                     ensure_ascii=False).encode("utf-8") + b"\n")
        await self.writer.drain()

    async def give_up_seat(self) -> None:
        """Hand this seat to the shared screen: the hub forgets its own code and lets go."""
        self.writer.write(b'{"give_up_seat": true}\n')
        await self.writer.drain()

    async def keep_draft(self, stage: str, answers: dict[str, Any]) -> None:
        """Leaving in a hurry: what was typed but not sent, for the hub to give back."""
        self.writer.write(json.dumps({"draft": {"stage": stage, "answers": answers}},
                                     ensure_ascii=False).encode("utf-8") + b"\n")
        await self.writer.drain()

    async def receive(self, timeout: float | None = 5.0) -> dict[str, Any]:
        """The next message from the hub (a new view, or a rejection), applied here."""
        line = await asyncio.wait_for(self.reader.readline(), timeout)
        if not line:
            raise ConnectionError("the hub closed the connection")
        message: dict[str, Any] = json.loads(line)
        if "state" in message:
            if self.view is None or message["state"] != self._state:
                self.view = from_dict_reusing(Session, message["state"], self._built)
                self._state = message["state"]
            self.progress = message.get("progress", [])
        elif "rejected" in message:
            self.rejections.append(message["rejected"])
        return message

    async def close(self) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except ConnectionError:
            pass
