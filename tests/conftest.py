"""Shared fixtures: every test gets its own data folder and a fixed language."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from trust_tui.core import Engine, load_content, load_script
from trust_tui.core.content import own_script_folder, use_own_script
from trust_tui.store import JournalRepository, SessionRepository, Store, open_store


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The default data file lives under tmp_path; the locale is English."""
    path = tmp_path / "data" / "trust-tui.db"
    monkeypatch.setenv("TRUST_TUI_DB", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # emergency copies too
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # parsed data files
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("TRUST_TUI_SCRIPT", raising=False)  # the default exercise, unless a
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # test adapts it
    yield path
    if own_script_folder() is not None:
        use_own_script(None)


@pytest.fixture
def script():
    return load_script()


@pytest.fixture
def content_en():
    return load_content("en")


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = dt.datetime(2026, 11, 27, 10, 0).timestamp()) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def engine(script, clock) -> Engine:
    return Engine.new(script, lang="en", session_id="20261127-test", clock=clock,
                      rng=random.Random(7))


@pytest.fixture
def started(engine: Engine) -> tuple[Engine, list[str]]:
    """A session with Anna, Bram and Chen, started (at the check-in)."""
    people = [engine.do("add_participant", name=n) for n in ("Anna", "Bram", "Chen")]
    engine.do("set_details", title="Q4", team="Blue")
    engine.do("start")
    return engine, people


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    return tmp_path / "files" / "trust.db"


@pytest.fixture
def store(data_file: Path) -> Store:
    opened = open_store(data_file)
    yield opened
    opened.close()


@pytest.fixture
def repositories(store: Store) -> tuple[SessionRepository, JournalRepository]:
    return SessionRepository(store), JournalRepository(store)
