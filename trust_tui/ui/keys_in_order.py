"""Keys in order: a burst of keys is handled exactly as the same keys typed slowly.

Textual hands each key to the widget focused *when the key is read*. Keys that arrive together
(over ssh, from a busy host, from a fast typist) are read before the Tab, Enter or F8 ahead of
them has done its work, so ``abc Tab def`` ends up as ``abcdef`` in the first field, and F8
right after a sentence saves half of it. Here every key waits in a line of its own and is
handed on only when the keys before it, and all they set off — a widget's handlers, a focus
change (which Textual itself queues on the app), a new screen being mounted — are done.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

__all__ = ["KeysInOrder"]

MAX_YIELDS = 20
"""Times a key lets other work on the app go first (a busy app never holds typing back)."""
SETTLE_LIMIT = 1.0
"""Seconds a key waits at most for the ones before it (a stuck handler never freezes typing)."""


class KeysInOrder(App[Any]):
    """An App whose keys are handled one after another, each by the widget focused after the
    keys before it were handled."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting_keys: deque[events.Key] = deque()
        self._key_turn_scheduled = False
        self._key_yields = 0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._waiting_keys.append(event)
            self._schedule_key_turn()
            return
        await super().on_event(event)

    def _schedule_key_turn(self) -> None:
        # A callback at the back of the app's queue: it runs after whatever the last key
        # queued there (a focus change, a screen switch).
        if not self._key_turn_scheduled and self._waiting_keys:
            self._key_turn_scheduled = True
            self.call_later(self._key_turn)

    async def _key_turn(self) -> None:
        self._key_turn_scheduled = False
        await self._settle()
        # What the widgets just did may have queued work on the app itself (Textual queues
        # every focus change there; a handler on the app may move the focus): that goes
        # first, so the key waits its turn at the back once more.
        if not self._message_queue.empty() and self._key_yields < MAX_YIELDS:
            self._key_yields += 1
            self._schedule_key_turn()
            return
        self._key_yields = 0
        if self._waiting_keys:
            await super().on_event(self._waiting_keys.popleft())
        self._schedule_key_turn()

    def _pumps(self) -> list[MessagePump]:
        """The screen on top and every widget on it, and the screens below it."""
        return [*self.screen_stack[:-1], *self.screen.walk_children(with_self=True)]

    async def _settle(self) -> None:
        """Wait until no screen or widget has a message waiting or being handled.

        A callback put behind each widget's messages runs only when those are done; a round
        after which every queue is empty means nothing is left (what one widget sent another
        during the round shows as a queue that is not empty, and makes another round)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SETTLE_LIMIT
        while loop.time() < deadline:
            if not self.screen_stack or not self.screen.is_mounted:
                await asyncio.sleep(0.005)  # a new screen is on its way
                continue
            screen = self.screen
            try:
                await asyncio.wait_for(_round(self._pumps()), deadline - loop.time())
            except TimeoutError:
                return
            # Done only if the round changed nothing: the same screen, mounted, all quiet.
            if (self.screen_stack and self.screen is screen and screen.is_mounted
                    and all(pump._message_queue.empty() for pump in self._pumps())):
                return


async def _round(pumps: list[MessagePump]) -> None:
    """Returns once every pump has handled what was in its queue when this was called."""
    waiting = len(pumps)
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal waiting
        waiting -= 1
        if waiting <= 0:
            done.set()

    for pump in pumps:
        if not pump.call_later(one_done):  # closed: nothing to wait for
            one_done()
    if pumps:
        await done.wait()
