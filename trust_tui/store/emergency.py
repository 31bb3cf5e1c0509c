"""Emergency copies: a session's state that the data file could not take, in a file of its own.

Written when the app must stop while saves fail (a full disk, a broken mount): beside the data
file if that works, else in the user's data folder, owner-only, never over another file. The
next start finds them and offers to bring them back; once back (or thrown away) they are gone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from trust_tui.store.files import write_private

__all__ = ["Unsaved", "discard_emergency", "find_emergency", "write_emergency"]

_MARK = ".unsaved-"


class Unsaved:
    """One emergency copy: where it is, when it was written, and the session's record."""

    def __init__(self, path: Path, record: dict[str, Any], written: dt.datetime) -> None:
        self.path = path
        self.record = record
        self.written = written


def _folders(data_file: Path) -> list[Path]:
    from platformdirs import user_data_path

    return [data_file.parent, user_data_path("trust-tui", appauthor=False) / "unsaved"]


def write_emergency(data_file: Path, record: dict[str, Any]) -> Path | None:
    """Write ``record`` where it can be written; None when nowhere could take it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    text = json.dumps({"app": "trust-tui", "data_file": str(data_file), "session": record},
                      ensure_ascii=False)
    for folder in _folders(data_file):
        path = folder / f"{data_file.name}{_MARK}{record.get('id', 'session')}-{stamp}.json"
        try:
            write_private(path, text)
            with open(path, "rb+") as handle:  # on disk before we say it is safe
                os.fsync(handle.fileno())
        except OSError:
            with contextlib.suppress(OSError):
                path.unlink()  # a half-written copy is no copy
            continue
        return path
    return None


def find_emergency(data_file: Path) -> list[Unsaved]:
    """This data file's emergency copies, oldest first; unreadable ones are left alone."""
    found: list[Unsaved] = []
    for folder in _folders(data_file):
        with contextlib.suppress(OSError):
            for path in sorted(folder.glob(f"{data_file.name}{_MARK}*.json")):
                if path.is_symlink() or not path.is_file():
                    continue
                try:
                    raw = json.loads(path.read_text(encoding="utf-8"))
                    written = dt.datetime.fromtimestamp(path.stat().st_mtime)
                except (OSError, ValueError):
                    continue
                if (isinstance(raw, dict) and raw.get("data_file") == str(data_file)
                        and isinstance(raw.get("session"), dict)):
                    found.append(Unsaved(path, raw["session"], written))
    return sorted(found, key=lambda unsaved: unsaved.written)


def discard_emergency(unsaved: Unsaved) -> None:
    with contextlib.suppress(FileNotFoundError):
        unsaved.path.unlink()
