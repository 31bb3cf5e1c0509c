"""The stylesheet's parsed rules are kept for the next start: it parses no CSS, and every
screen looks the same."""

from __future__ import annotations

import os

import pytest
from textual.css.stylesheet import Stylesheet

from tests.ui.conftest import make_app
from trust_tui.core.parsed_copies import copies_folder
from trust_tui.ui.kept_css import KeptStylesheet


@pytest.fixture
def parsed(monkeypatch) -> list[tuple[str, str]]:
    """Where each source Textual's parser was asked to parse came from."""
    asked: list[tuple[str, str]] = []
    parse = Stylesheet._parse_rules

    def counting(self, css, read_from, *args, **kwargs):
        asked.append(read_from)
        return parse(self, css, read_from, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "_parse_rules", counting)
    return asked


async def test_a_second_start_parses_no_css_and_draws_the_same_screens(tmp_path, parsed):
    starts = []
    for _ in range(2):
        parsed.clear()
        app = make_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            home = app.export_screenshot()
            await pilot.press("enter")  # the set-up: widgets with default CSS of their own
            await pilot.pause()
            setup = app.export_screenshot()
        starts.append((len(parsed), home, setup))
    (first, *first_screens), (second, *second_screens) = starts
    assert first >= 10  # the app's CSS and Textual's widgets'
    assert second == 0
    assert first_screens == second_screens
    [kept] = sorted(copies_folder().glob("css-*"))  # type: ignore[union-attr]
    assert oct(kept.stat().st_mode & 0o777) == "0o600"


def _start(variables: dict[str, str], css: str) -> KeptStylesheet:
    stylesheet = KeptStylesheet(variables=variables, name="TestApp")
    stylesheet.add_source(css, read_from=("app.tcss", ""))
    stylesheet.parse()
    return stylesheet


def test_a_changed_source_another_theme_or_a_damaged_copy_is_parsed_again(parsed):
    _start({"accent": "red"}, "Static { height: 1; }").keep()
    parsed.clear()
    assert _start({"accent": "red"}, "Static { height: 1; }").rules[0].styles.height is not None
    assert parsed == []
    _start({"accent": "red"}, "Static { height: 2; }").keep()  # a new version of the app
    _start({"accent": "blue"}, "Static { height: 2; }").keep()  # another theme
    assert len(parsed) == 2
    parsed.clear()
    _start({"accent": "red"}, "Static { height: 2; }")
    _start({"accent": "blue"}, "Static { height: 2; }")
    assert parsed == []
    for kept in copies_folder().glob("css-*"):  # type: ignore[union-attr]
        kept.write_bytes(b"\x80\x05damaged")
    stylesheet = _start({"accent": "red"}, "Static { height: 2; }")
    assert len(parsed) == 1 and str(stylesheet.rules[0].styles.height) == "2"


def test_a_cache_folder_that_cannot_be_written_only_means_parsing(tmp_path, monkeypatch,
                                                                   parsed):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _start({}, "Static { height: 1; }").keep()
    _start({}, "Static { height: 1; }").keep()
    assert len(parsed) == 2
    assert [name for name in os.listdir(tmp_path) if name.endswith(".tmp")] == []
