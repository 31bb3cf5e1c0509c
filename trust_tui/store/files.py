"""Where the data file lives, and files the app writes besides it (exports): owner-only,
never overwriting."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["APP_DIR", "DATA_FILE", "default_data_path", "free_path", "write_private"]

APP_DIR = "trust-tui"
DATA_FILE = "trust-tui.db"


def default_data_path() -> Path:
    """``TRUST_TUI_DB`` if set, else the data file in the user's data folder."""
    override = os.environ.get("TRUST_TUI_DB")
    if override:
        return Path(override).expanduser()
    import platformdirs  # imported when used: a participant's screen may never need it

    return Path(platformdirs.user_data_dir(APP_DIR, appauthor=False)) / DATA_FILE


def write_private(path: Path, text: str) -> Path:
    """Write a new file readable by its owner only; FileExistsError if it is already there."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix``… when that name is taken."""
    candidate = folder / f"{stem}.{suffix}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}.{suffix}"
    return candidate
