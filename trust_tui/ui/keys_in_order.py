"""Keys in order: a burst of keys is handled exactly as the same keys typed slowly.

Textual hands each key to the widget focused *when the key is read*. Keys that arrive together
(over ssh, from a busy host, from a fast typist) are read before the Tab, Enter or F8 ahead of
them has done its work, so ``abc Tab def`` ends up as ``abcdef`` in the first field, and F8
right after a sentence saves half of it. Here a key (or a paste) is handed to Textual only when
the keys before it, and all they set off — a widget's handlers, a focus change (which Textual
queues on the app), a new screen being mounted, a callback waiting for the next refresh — are
done. A key typed while all is quiet goes straight through, as in plain Textual.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen

__all__ = ["KeysInOrder"]

SETTLE_LIMIT = 3.0
"""Seconds a key waits at most for what the keys before it set off. A part of the app still
busy after that is passed over from then on (until it answers), so a stuck handler costs one
wait, never a frozen keyboard."""

NEW_SCREEN_POLL = 0.005
"""Seconds between looks while a new screen is on its way (no screen or widget to wait on)."""

Typed = events.Key | events.Paste


class KeysInOrder(App[Any]):
    """An App whose keys are handled one after another, each by the widget focused after the
    keys before it were handled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key_line: asyncio.Queue[Typed] | None = None
        self._keys_not_done = 0
        """Keys in the line plus the one being handed on."""
        self._stuck: weakref.WeakSet[MessagePump] = weakref.WeakSet()
        """What did not answer within SETTLE_LIMIT: not waited for until it answers."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._keys_not_done or self._busy_part() is not None:
                self._line_up(event)
                return
        await super().on_event(event)

    def _line_up(self, event: Typed) -> None:
        if self._key_line is None:
            self._key_line = asyncio.Queue()
            self.run_worker(self._hand_on_in_order(self._key_line), name="keys-in-order",
                            group="keys-in-order", description="keys in order")
        self._keys_not_done += 1
        self._key_line.put_nowait(event)

    async def _hand_on_in_order(self, line: asyncio.Queue[Typed]) -> None:
        """The worker: each key, once everything before it is done, goes to Textual."""
        while True:
            event = await line.get()
            await self._settled()
            self.call_later(self._hand_on, event)

    async def _hand_on(self, event: Typed) -> None:
        try:
            await super().on_event(event)
        finally:
            self._keys_not_done -= 1

    def _parts(self) -> list[MessagePump]:
        """The app, its screens, and every widget on the screen on top."""
        stack = self.screen_stack
        if not stack:
            return [self]
        return [self, *stack, *stack[-1].walk_children()]

    def _busy_part(self) -> MessagePump | None:
        """A part of the app with a message waiting (or a screen with work for after the next
        refresh), or None when all is quiet. Called from the app's own turn, the app's
        queue holds only what came after the message being handled."""
        stack = self.screen_stack
        if not stack or not stack[-1].is_mounted:
            return stack[-1] if stack else self
        if stack[-1]._callbacks and stack[-1] not in self._stuck:
            return stack[-1]
        for part in self._parts():
            if part in self._stuck:
                continue
            if (not part._message_queue.empty() or part._pending_message is not None
                    or part._next_callbacks):
                return part
        return None

    async def _settled(self) -> None:
        """Wait until no part of the app has anything left to do.

        Waiting on a part puts a callback behind its messages: it runs once those, and the one
        being handled, are done. When nothing is waiting anywhere, a last round behind the
        app, the screen and the focused widget (with the widgets around it) makes sure none of
        them is still in the middle of a handler."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT
        confirmed = False
        while (left := deadline - loop.time()) > 0:
            busy = self._busy_part()
            if busy is None:
                if confirmed:
                    return
                confirmed = True
                focused = self.focused
                near = [] if focused is None else list(focused.ancestors_with_self)
                await self._wait_for(dict.fromkeys([self, *self.screen_stack[-1:], *near]),
                                     left)
                continue
            confirmed = False
            if isinstance(busy, Screen) and not busy.is_mounted:
                await asyncio.sleep(NEW_SCREEN_POLL)  # a new screen is on its way
            elif isinstance(busy, Screen) and busy._callbacks:
                await self._wait_for({busy: None}, left, after_refresh=True)
            else:
                await self._wait_for({busy: None}, left)

    async def _wait_for(self, parts: dict[MessagePump, None], left: float, *,
                        after_refresh: bool = False) -> None:
        """Wait until each of ``parts`` has handled what it holds now (or ``left`` runs out:
        then those that have not answered are passed over until they do)."""
        pending = set(parts)
        done = asyncio.Event()

        def answered(part: MessagePump) -> None:
            self._stuck.discard(part)
            pending.discard(part)
            if not pending:
                done.set()

        for part in parts:
            call = part.call_after_refresh if after_refresh else part.call_later
            if not call(answered, part):  # closed: nothing to wait for
                answered(part)
        if not pending:
            return
        try:
            await asyncio.wait_for(done.wait(), left)
        except TimeoutError:
            self._stuck.update(pending)
