"""Pilot-test helpers: an app on an in-memory store, and reading what the screen shows."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import FakeClock
from trust_tui.store import JournalRepository, SessionRepository, Store
from trust_tui.ui.app import TrustApp


def make_app(tmp_path, lang: str = "en", store: Store | None = None, **kwargs) -> TrustApp:
    store = store or Store()
    return TrustApp(sessions=SessionRepository(store), journal=JournalRepository(store),
                    lang=lang, export_folder=tmp_path / "exports", clock=FakeClock(), **kwargs)


@pytest.fixture
def app(tmp_path) -> TrustApp:
    return make_app(tmp_path)


def screen_text(app: TrustApp) -> str:
    """Everything the terminal shows now, as plain text (from an SVG screenshot)."""
    svg = app.export_screenshot()
    lines: dict[str, list[str]] = {}
    for match in re.finditer(r'<text[^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        lines.setdefault(match.group(1), []).append(
            html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in
                     sorted(lines.items(), key=lambda item: float(item[0])))


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(char, char) for char in text])


async def set_up(pilot, names=("Anna", "Bram", "Chen"), *, anonymous: bool = False,
                 title: str = "Q4 horizon", team: str = "Blue team") -> None:
    """From the home screen: a new session, set up and started (at the check-in)."""
    app = pilot.app
    await pilot.press("enter")  # New session
    await pilot.pause()
    app.act("set_details", title=title, team=team, anonymous=anonymous)
    for name in names:
        app.act("add_participant", name=name)
    await pilot.press("f8")
    await pilot.pause()


async def give_keyboard(pilot, index: int) -> None:
    """F2, then the index-th person in the chooser."""
    await pilot.press("f2")
    await pilot.pause()
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def write(pilot, index: int, *texts: str) -> None:
    """The index-th person writes ``texts`` privately (Enter after each), then hands back."""
    await give_keyboard(pilot, index)
    for text in texts:
        await type_text(pilot, text)
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("ctrl+o")
    await pilot.pause()


async def reveal(pilot, waiting_for: str | None = None) -> None:
    """F5; when someone is not done the app asks first, naming who: then "Reveal now"."""
    from trust_tui.ui.screens.dialogs import ConfirmDialog

    await pilot.press("f5")
    await pilot.pause()
    if waiting_for is None:
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        return
    assert isinstance(pilot.app.screen, ConfirmDialog)
    assert f"Not done yet: {waiting_for}." in screen_text(pilot.app)
    await pilot.press("tab", "enter")  # No has the focus; Yes is next to it
    await pilot.pause()
