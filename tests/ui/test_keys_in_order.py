"""Keys in order (trust_tui.ui.keys_in_order) on a small app: order, bindings, a stuck handler."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from trust_tui.ui import keys_in_order
from trust_tui.ui.keys_in_order import KeysInOrder


class Slow(Static):
    """A widget whose handler takes its time (or hangs), as a slow save or network call can."""

    class Hang(Message):
        def __init__(self, seconds: float) -> None:
            super().__init__()
            self.seconds = seconds

    async def on_slow_hang(self, message: Hang) -> None:
        await asyncio.sleep(message.seconds)


class TwoFields(KeysInOrder):
    BINDINGS = [Binding("f8", "save", "Save", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Input(id="first", select_on_focus=False)  # as the app's Field
        yield Input(id="second", select_on_focus=False)
        yield Slow()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.screen.focus_next()

    def action_save(self) -> None:
        self.saved.append(self.values())

    def values(self) -> tuple[str, str]:
        return (self.query_one("#first", Input).value, self.query_one("#second", Input).value)


def type_at_once(app: TwoFields, *keys: str) -> None:
    """Keys posted together, as the driver posts the keys of one read."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> float:
    """Seconds until ``condition`` held."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not condition():
        assert loop.time() - start < timeout, "timed out"
        await asyncio.sleep(0.01)
    return loop.time() - start


async def test_keys_posted_together_follow_the_focus_the_keys_before_them_set() -> None:
    app = TwoFields()
    async with app.run_test():
        type_at_once(app, "a", "b", "tab", "c", "d", "shift+tab", "e", "enter", "f", "f8")
        await until(lambda: bool(app.saved))
        assert app.saved == [("abe", "cdf")]


async def test_a_priority_binding_waits_for_the_text_typed_before_it() -> None:
    app = TwoFields()
    async with app.run_test():
        type_at_once(app, *"the whole destination sentence", "f8")
        await until(lambda: bool(app.saved))
        assert app.saved == [("the whole destination sentence", "")]


async def test_a_stuck_handler_holds_typing_back_once_not_for_every_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys_in_order, "SETTLE_LIMIT", 0.5)
    app = TwoFields()
    async with app.run_test():
        app.query_one(Slow).post_message(Slow.Hang(3.0))
        await asyncio.sleep(0.05)
        type_at_once(app, "a", "b")
        first = await until(lambda: app.values()[0] == "ab")
        type_at_once(app, "c", "d", "e")
        then = await until(lambda: app.values()[0] == "abcde")
        assert first < 1.5
        assert then < 0.4
