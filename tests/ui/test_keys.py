"""Keys from one source: a work pane's keys are bindings of the list that owns them, so the
footer, F1 help and the command palette all show them, in the reader's language."""

from __future__ import annotations

import ast
from pathlib import Path

import trust_tui
from tests.ui.conftest import make_app, screen_text
from tests.ui.sessions import meeting_at
from trust_tui.ui.screens.dialogs import HelpDialog
from trust_tui.ui.screens.stage_common_ground import CommonGroundScreen

SIZE = (100, 30)
UI = Path(trust_tui.__file__).parent / "ui"


async def at_common_ground(pilot, app) -> None:
    engine = meeting_at("common_ground", statements=("Calm mornings", "Open doors"))
    app.start_meeting(engine)
    await pilot.pause()
    assert isinstance(app.screen, CommonGroundScreen)
    app.screen.query_one("#statements").focus()
    await pilot.pause()


async def test_a_lists_keys_show_in_the_footer_and_work(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_common_ground(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        assert "n New theme" in footer and "m Move to theme" in footer, footer
        await pilot.press("n", *"Calm", "enter")
        await pilot.pause()
        assert [t.name for t in app.meeting.session.themes] == ["Calm"]


async def test_f1_help_lists_the_focused_lists_keys(tmp_path):
    app = make_app(tmp_path, lang="nl")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_common_ground(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        text = screen_text(app)
        assert "Nieuw thema" in text and "Losmaken" in text and "Hulp" in text, text


async def test_the_palette_offers_the_lists_keys(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await at_common_ground(pilot, app)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "New theme (N)" in titles and "Ungroup (U)" in titles, titles
        [new_theme] = [c for c in app.get_system_commands(app.screen)
                       if c.title == "New theme (N)"]
        await new_theme.callback()
        await pilot.pause()
        assert app.screen.query("Input")  # the theme's name is asked for


def test_no_screen_reads_keys_itself():
    """Keys are bindings: no ``on_key`` compares ``event.key`` to a list of keys (the field's
    split-escape guard and "any key closes" notices are not key lists)."""
    found = []
    for path in UI.rglob("*.py"):
        if path.name == "keys_in_order.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                    ast.unparse(side) == "event.key" for side in (node.left, *node.comparators)):
                if ast.unparse(node) != "event.key == 'escape'":
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_no_private_bindings_outside_translation():
    for path in UI.rglob("*.py"):
        if path.name != "keys.py":
            assert "._bindings." not in path.read_text(encoding="utf-8"), path
