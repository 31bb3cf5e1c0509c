"""The app's own data files, parsed once per version of each: later starts read the copy.

Parsing the texts' TOML takes about 5 ms of every start (about 9 ms in Dutch, whose texts are
checked against the English ones); reading a parsed copy, a fraction of a millisecond. The
copies live in the user's cache folder, owner-only, each named after its file's place, size
and modification time (as Python names its bytecode), so a changed file is parsed again. Only
the app's own data files are kept so: never a facilitator's own version of the exercise, and
never anything a person wrote.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

__all__ = ["copies_folder", "read_toml", "write_copy"]

APP_DIR = "trust-tui"


def read_toml(path: Path) -> dict[str, Any]:
    """The tables of the TOML file at ``path``; FileNotFoundError or tomllib.TOMLDecodeError
    as reading and parsing it raise them. The parser loads only when there is no copy."""
    copy = _copy_of(path, path.stat())
    if copy is not None:
        try:
            tables = marshal.loads(copy.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):  # none yet, or damaged
            pass
        else:
            if isinstance(tables, dict):
                return tables
    import tomllib

    tables = tomllib.loads(path.read_text(encoding="utf-8"))
    if copy is not None:
        _keep(copy, tables)
    return tables


def copies_folder() -> Path | None:
    """Where parsed copies are kept: the user's cache folder (None: there is none)."""
    import platformdirs  # Textual loads it too

    try:
        return Path(platformdirs.user_cache_dir(APP_DIR, appauthor=False)) / "parsed"
    except (OSError, RuntimeError):
        return None


def _copy_of(path: Path, stat: os.stat_result) -> Path | None:
    """Where the parsed copy of this version of ``path`` is kept (None: nowhere to keep it)."""
    folder = copies_folder()
    if folder is None:
        return None
    place = zlib.crc32(str(path).encode("utf-8", "surrogateescape"))
    return folder / (f"{path.stem}-{place:08x}-{stat.st_size}-{stat.st_mtime_ns}"
                     f".{sys.implementation.cache_tag}")


def _keep(copy: Path, tables: dict[str, Any]) -> None:
    """Write the copy for the next start, whole or not at all, and drop the copies of the
    file's earlier versions. A cache folder that cannot be written only means parsing again
    next time."""
    earlier = copy.name.rsplit("-", 2)[0] + "-*"
    try:
        kept = marshal.dumps(tables)  # ValueError for what marshal cannot hold (TOML dates)
        for old in copy.parent.glob(earlier):  # none while the folder is not there yet
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        return
    write_copy(copy, kept)  # makes the folder


def write_copy(copy: Path, data: bytes) -> None:
    """Put ``data`` at ``copy``, owner-only, whole or not at all (another start may be reading
    it, or writing it too); a folder that cannot be written leaves things as they were."""
    temporary = copy.with_name(f"{copy.name}.{os.getpid()}.tmp")
    try:
        copy.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, copy)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
