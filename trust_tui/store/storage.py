"""The durable TinyDB storage: atomic replace, fsync, a lock, a checksum and owner-only files."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock
from tinydb.storages import Storage

__all__ = [
    "STORE_VERSION",
    "Busy",
    "DamagedFile",
    "DataFileError",
    "DurableStorage",
    "NewerFormat",
    "NotAPlainFile",
    "SaveError",
    "decode",
    "encode",
    "fault_point",
]

GENERATIONS = 5
"""Good states kept besides the data file: ``.bak`` and four older ones."""
STORE_VERSION = 1
"""Version of the file layout. 0 is a plain TinyDB JSON file, read once and migrated."""

MAGIC = "trust-tui"
_TABLES = ("sessions", "journal", "_default")


class DataFileError(Exception):
    """The data file cannot be used. Messages name files and reasons, never anyone's text."""


class DamagedFile(DataFileError):
    def __init__(self, path: Path, reason: str, aside: Path | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.aside = aside


class NewerFormat(DataFileError):
    def __init__(self, path: Path, version: int) -> None:
        super().__init__(f"{path}: format {version}")
        self.path = path
        self.version = version


class SaveError(DataFileError):
    """A save did not complete; the file on disk is still the state before it."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"{path}: {os.strerror(error.errno) if error.errno else error}")
        self.path = path
        self.errno = error.errno


class NotAPlainFile(DataFileError):
    """The data path (or a file the app keeps beside it) is a link, a folder or a device: the
    app never writes or changes permissions through it."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: not a plain file")
        self.path = path


class Busy(DataFileError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: locked by another process")
        self.path = path


def fault_point(name: str) -> None:
    """Named points inside a save; fault tests replace this to crash at each one."""


# -- the file format ---------------------------------------------------------------------------
# One header line of JSON (format, version, save counter, length and SHA-256 of the body), then
# the body: the TinyDB tables as JSON. The checksum covers the exact body bytes.

def encode(tables: dict[str, Any], saves: int) -> bytes:
    try:
        body = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        body = json.dumps(tables, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    header = {
        "format": MAGIC,
        "version": STORE_VERSION,
        "saves": saves,
        "length": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return json.dumps(header).encode("ascii") + b"\n" + body


def _check_tables(tables: Any, path: Path) -> dict[str, Any]:
    if not isinstance(tables, dict):
        raise DamagedFile(path, "unexpected layout")
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise DamagedFile(path, "unexpected layout")
        if name not in _TABLES:
            raise DamagedFile(path, "unexpected layout")
    return tables


def decode(raw: bytes, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The tables and the header of a data file's bytes; raises DamagedFile or NewerFormat."""
    if not raw.strip():
        raise DamagedFile(path, "empty file")
    first, _, body = raw.partition(b"\n")
    try:
        header = json.loads(first.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedFile(path, "not text") from None
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != MAGIC:
        return _decode_plain(raw, path)
    version = header.get("version")
    if not isinstance(version, int) or version < 1:
        raise DamagedFile(path, "unexpected layout")
    if version > STORE_VERSION:
        raise NewerFormat(path, version)
    if header.get("length") != len(body):
        raise DamagedFile(path, "truncated" if len(body) < (header.get("length") or 0)
                          else "unexpected length")
    if hashlib.sha256(body).hexdigest() != header.get("sha256"):
        raise DamagedFile(path, "checksum does not match")
    try:
        tables = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedFile(path, "not valid JSON") from None
    tables = _check_tables(tables, path)
    for step in range(version, STORE_VERSION):
        tables = MIGRATIONS[step](tables)
    return tables, header


def _decode_plain(raw: bytes, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Version 0: a file written by TinyDB's own JSONStorage (no header, no checksum)."""
    try:
        tables = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedFile(path, "not text") from None
    except json.JSONDecodeError:
        raise DamagedFile(path, "not valid JSON") from None
    tables = _check_tables(tables, path)
    for step in range(0, STORE_VERSION):
        tables = MIGRATIONS[step](tables)
    return tables, {"format": MAGIC, "version": 0, "saves": 0}


def _from_plain_tinydb(tables: dict[str, Any]) -> dict[str, Any]:
    """0 → 1: TinyDB's default table held nothing of ours; keep sessions and journal."""
    return {name: table for name, table in tables.items() if name in ("sessions", "journal")}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _from_plain_tinydb}
"""MIGRATIONS[n] turns version n's tables into version n + 1's."""


# -- the storage ---------------------------------------------------------------------------------

def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DurableStorage(Storage):
    """A TinyDB storage that never leaves a half-written file.

    Each save writes a temp file in the same folder, fsyncs it, keeps the previous file as
    ``<name>.bak``, renames the temp file over the data file and fsyncs the folder. A file lock
    keeps two processes from writing at once; the checksum catches damage on the next read.
    Reads are cached until the file changes on disk (another process's save replaces it).
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 10.0,
                 private_folder: bool | None = None) -> None:
        self.path = Path(path)
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.warnings: list[tuple[str, Path]] = []
        """(key under [cli] in the strings, path) for each thing fixed while opening."""
        for own in (self.path, self.backup_path, self.lock_path):
            if own.is_symlink() or (own.exists() and not own.is_file()):
                raise NotAPlainFile(own)
        self.saves = 0
        self._rotated = False
        """Older backups are moved one place down once per opening, at its first save."""
        self._cache: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None
        self._mutex = threading.RLock()
        self._prepare_folder(private_folder)
        self._lock = filelock.FileLock(str(self.lock_path), timeout=lock_timeout, mode=0o600)
        with self.transaction():
            self._tighten(self.lock_path)
            self._tighten(self.path)
            self._tighten(self.backup_path)
            self._remove_stray_temp_files()

    # -- opening ------------------------------------------------------------------------------

    def _prepare_folder(self, private_folder: bool | None) -> None:
        folder = self.path.parent
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        elif private_folder:
            self._tighten(folder, 0o700)

    def _tighten(self, path: Path, mode: int = 0o600) -> None:
        try:
            info = path.lstat()
        except FileNotFoundError:
            return
        if stat.S_ISLNK(info.st_mode):  # never through a link: it may point anywhere
            return
        current = stat.S_IMODE(info.st_mode)
        if current & 0o077:
            os.chmod(path, mode)
            self.warnings.append(("loose_permissions", path))

    def _remove_stray_temp_files(self) -> None:
        for stray in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the lock across a read-modify-write, against threads and other processes."""
        with self._mutex:
            try:
                self._lock.acquire()
            except filelock.Timeout:
                raise Busy(self.path) from None
            try:
                yield
            finally:
                self._lock.release()

    # -- TinyDB's storage interface --------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        with self._mutex:
            signature = _signature(self.path)
            if signature is None:
                self._cache, self._signature = None, None
                return None
            if signature == self._signature and self._cache is not None:
                return self._cache
            raw = self.path.read_bytes()
            tables, header = decode(raw, self.path)
            self._cache, self._signature = tables, _signature(self.path)
            self.saves = int(header.get("saves", 0))
            return tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        with self.transaction():
            payload = encode(data, self.saves + 1)
            try:
                self._replace(payload)
            except OSError as error:
                self._cache, self._signature = None, None
                raise SaveError(self.path, error) from None
            self.saves += 1
            self._cache, self._signature = data, _signature(self.path)

    def close(self) -> None:
        self._cache = None

    # -- the atomic save -------------------------------------------------------------------------

    def _replace(self, payload: bytes) -> None:
        folder = self.path.parent
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            fault_point("temp_created")
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "short write")
                view = view[written:]
                fault_point("writing")
            fault_point("written")
            os.fsync(fd)
            fault_point("synced")
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        os.close(fd)
        try:
            if self.path.exists():
                self._keep_backup()
            fault_point("backed_up")
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        fault_point("replaced")
        _fsync_folder(folder)
        fault_point("folder_synced")

    def generation_path(self, number: int) -> Path:
        """``.bak`` (0, the newest), then ``.bak.1`` … older states, one per opening."""
        return self.backup_path if number == 0 else self.path.with_name(
            f"{self.backup_path.name}.{number}")

    def _rotate_backups(self) -> None:
        """The newest backup becomes the second newest, and so on; the oldest drops out."""
        for number in range(GENERATIONS - 1, 0, -1):
            older = self.generation_path(number - 1)
            if older.exists() and not older.is_symlink():
                os.replace(older, self.generation_path(number))

    def _keep_backup(self) -> None:
        """The file about to be replaced becomes ``.bak`` (a hard link: no copy, no window)."""
        if not self._rotated:
            self._rotate_backups()
            self._rotated = True
        link = self.path.with_name(f".{self.path.name}.bak.tmp")
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        try:
            os.link(self.path, link)
        except OSError:
            with open(self.path, "rb") as source:
                content = source.read()
            fd = os.open(link, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, content)
                os.fsync(fd)
            finally:
                os.close(fd)
        try:
            os.replace(link, self.backup_path)
        except BaseException:
            with contextlib.suppress(OSError):
                link.unlink()
            raise

    def purge_backup(self) -> None:
        """After an erase: the backup becomes the current state and the older ones go, so the
        erased text is gone from every file."""
        with self.transaction():
            for number in range(1, GENERATIONS):
                with contextlib.suppress(FileNotFoundError):
                    self.generation_path(number).unlink()
            if self.path.exists():
                self._rotated = True  # nothing older to keep: it may hold what was erased
                self._keep_backup()
                _fsync_folder(self.path.parent)

    def backups(self) -> list[tuple[int, Path, dict[str, Any], dict[str, Any]]]:
        """Every good backup, newest first: its number, path, tables and header."""
        found = []
        for number in range(GENERATIONS):
            path = self.generation_path(number)
            if path.is_symlink():
                continue
            try:
                tables, header = decode(path.read_bytes(), path)
            except (OSError, DataFileError):
                continue
            found.append((number, path, tables, header))
        return found

    def backup_state(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The backup's tables and header if it is good, else None."""
        try:
            return decode(self.backup_path.read_bytes(), self.backup_path)
        except (OSError, DataFileError):
            return None
