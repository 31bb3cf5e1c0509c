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
from typing import TYPE_CHECKING, Any

from tinydb.storages import Storage

if TYPE_CHECKING:
    import filelock

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
    "make_folders",
    "make_private",
]

GENERATIONS = 5
"""Good states kept besides the data file: ``.bak`` and four older ones."""
STORE_VERSION = 2
"""Version of the file layout: 2 is a plain TinyDB JSON document with its integrity record in a
table of its own; 1 was a header line before the JSON; 0 a file written by TinyDB alone."""

MAGIC = "trust-tui"
INTEGRITY_TABLE = "trust-tui"
"""The table holding the one integrity record: format, version, save counter, time, checksum."""
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
# A plain TinyDB JSON document: ``TinyDB(path)``, ``jq`` and ``json.load`` read it as it is. The
# table "trust-tui" holds one record: format, version, save counter, time written and a SHA-256
# over the other tables in a canonical form (their order, no spaces), so a file reformatted by a
# tool still checks, and any change to what it holds does not.

def _canonical(tables: dict[str, Any]) -> str:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":"))


def _checksum(canonical: str) -> str:
    # surrogatepass: a lone surrogate (a hand edit) still has one well-defined checksum
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def encode(tables: dict[str, Any], saves: int) -> bytes:
    body = _canonical(tables)
    record = {
        "format": MAGIC,
        "version": STORE_VERSION,
        "saves": saves,
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sha256": _checksum(body),
    }
    integrity = json.dumps({"1": record}, separators=(",", ":"))
    text = (f'{body[:-1]},"{INTEGRITY_TABLE}":{integrity}}}' if tables
            else f'{{"{INTEGRITY_TABLE}":{integrity}}}') + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: written escaped, the same JSON
        escaped = json.dumps(json.loads(text), ensure_ascii=True, separators=(",", ":"))
        return escaped.encode("ascii") + b"\n"


def _check_tables(tables: Any, path: Path) -> dict[str, Any]:
    if not isinstance(tables, dict):
        raise DamagedFile(path, "unexpected layout")
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise DamagedFile(path, "unexpected layout")
        if name not in _TABLES:
            raise DamagedFile(path, "unexpected layout")
    return tables


def _migrate(tables: dict[str, Any], version: int) -> dict[str, Any]:
    for step in range(version, STORE_VERSION):
        tables = MIGRATIONS[step](tables)
    return tables


def decode(raw: bytes, path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The tables and the integrity record of a data file's bytes (any version); raises
    DamagedFile or NewerFormat."""
    if not raw.strip():
        raise DamagedFile(path, "empty file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DamagedFile(path, "not text") from None
    first, newline, rest = text.partition("\n")
    if first.startswith('{"format": "trust-tui"') and rest.strip():
        return _decode_header_line(first, rest, path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        raise DamagedFile(path, "not valid JSON") from None
    if not isinstance(document, dict):
        raise DamagedFile(path, "unexpected layout")
    integrity = document.pop(INTEGRITY_TABLE, None)
    if integrity is None:  # version 0: written by TinyDB alone, no checksum to check
        return _migrate(_check_tables(document, path), 0), {"format": MAGIC, "version": 0,
                                                             "saves": 0}
    record = integrity.get("1") if isinstance(integrity, dict) else None
    if not isinstance(record, dict) or record.get("format") != MAGIC:
        raise DamagedFile(path, "unexpected layout")
    version = record.get("version")
    if not isinstance(version, int) or version < 2:
        raise DamagedFile(path, "unexpected layout")
    if version > STORE_VERSION:
        raise NewerFormat(path, version)
    if _checksum(_canonical(document)) != record.get("sha256"):
        raise DamagedFile(path, "checksum does not match")
    return _migrate(_check_tables(document, path), version), record


def _decode_header_line(first: str, body: str, path: Path) -> tuple[dict[str, Any],
                                                                     dict[str, Any]]:
    """Version 1: a header line (length and SHA-256 of the exact body bytes), then the tables."""
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        raise DamagedFile(path, "unexpected layout") from None
    version = header.get("version") if isinstance(header, dict) else None
    if not isinstance(version, int) or version != 1:
        if isinstance(version, int) and version > STORE_VERSION:
            raise NewerFormat(path, version)
        raise DamagedFile(path, "unexpected layout")
    raw_body = body.encode("utf-8")
    if header.get("length") != len(raw_body):
        raise DamagedFile(path, "truncated" if len(raw_body) < (header.get("length") or 0)
                          else "unexpected length")
    if hashlib.sha256(raw_body).hexdigest() != header.get("sha256"):
        raise DamagedFile(path, "checksum does not match")
    try:
        tables = json.loads(body)
    except json.JSONDecodeError:
        raise DamagedFile(path, "not valid JSON") from None
    return _migrate(_check_tables(tables, path), 1), header


def _from_plain_tinydb(tables: dict[str, Any]) -> dict[str, Any]:
    """0 → 1: TinyDB's default table held nothing of ours; keep sessions and journal."""
    return {name: table for name, table in tables.items() if name in ("sessions", "journal")}


def _same_tables(tables: dict[str, Any]) -> dict[str, Any]:
    """1 → 2: only the layout of the file changed (the integrity record moved inside)."""
    return tables


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _from_plain_tinydb, 1: _same_tables}
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


def make_private(path: Path, mode: int = 0o600) -> bool:
    """Give ``path`` ``mode`` if others can reach it; True if it was changed.

    Never through a link (symbolic or hard: the other name would change too), never a file of
    another user, never anything but a plain file or a folder: it is opened without following
    links and changed through that very descriptor, so it cannot be swapped meanwhile.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # a link (ELOOP), gone, or not ours to open: leave it alone
        return False
    try:
        info = os.fstat(fd)
        plain = stat.S_ISREG(info.st_mode) and info.st_nlink == 1
        if not (plain or stat.S_ISDIR(info.st_mode)) or info.st_uid != os.geteuid():
            return False
        if not stat.S_IMODE(info.st_mode) & 0o077:
            return False
        os.fchmod(fd, mode)
        return True
    finally:
        os.close(fd)


def make_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parent, each owner-only (0700) whatever the umask;
    a folder that exists already is left as it is."""
    missing: list[Path] = []
    for step in (folder, *folder.parents):
        if os.path.lexists(step):
            break
        missing.append(step)
    for step in reversed(missing):
        try:
            step.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        os.chmod(step, 0o700)  # just made by us; the umask may have taken the owner's bits


class DurableStorage(Storage):
    """A TinyDB storage that never leaves a half-written file.

    Each save writes the new state to a temp file in the same folder and fsyncs it, renames it
    over the data file, writes the same state again as ``<name>.bak`` (a file of its own, so
    damage to the data file never reaches it) and fsyncs the folder. At the first save of each
    opening the older states move one place down (``.bak`` → ``.bak.1`` … ``.bak.4``): five
    good states in all. A file lock, taken for each save (opening and reading take none),
    keeps two processes from writing at once; the checksum catches damage on the next read.
    Reads are cached until the file changes on disk.

    Nothing is written or has its permissions changed through a link: the data path and every
    file kept beside it must be a plain file (or not exist), else NotAPlainFile.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 10.0,
                 private_folder: bool | None = None) -> None:
        self.path = Path(path)
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.choice_path = self.path.with_name(self.path.name + ".damaged")
        """Present while a damaged file waits for the person's choice (see open_store)."""
        self.old_format_path = self.path.with_name(self.path.name + ".old-format")
        """The file as it was in an older layout, kept once beside it at its first save in the
        new one (gone with the first erase: it may hold what was erased)."""
        self._old_format: bytes | None = None
        self.warnings: list[tuple[str, Path]] = []
        """(key under [cli] in the strings, path) for each thing fixed while opening."""
        for own in self._own_paths():
            if own.is_symlink() or (own.exists() and not own.is_file()):
                raise NotAPlainFile(own)
        self.saves = 0
        self._rotated = False
        """Older backups are moved one place down once per opening, at its first save."""
        self._checked = False
        self._cache: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None
        self._mutex = threading.RLock()
        self._lock_timeout = lock_timeout
        self._lock: filelock.BaseFileLock | None = None
        """Made (and its library loaded) with the first transaction: reading needs no lock."""
        self._prepare_folder(private_folder)
        if self._stray_temp_files():  # a save that never finished: removed under the lock,
            with self.transaction():  # so that a save going on in another window is not
                self._remove_stray_temp_files()
        with contextlib.suppress(OSError):
            if self.lock_path.lstat().st_size == 0:  # ours: a lock file is always empty
                self._tighten(self.lock_path)
        for number in range(GENERATIONS):
            self._tighten_if_ours(self.generation_path(number))

    def _own_paths(self) -> list[Path]:
        return [self.path, self.lock_path, self.choice_path, self.old_format_path,
                *(self.generation_path(number) for number in range(GENERATIONS))]

    # -- opening ------------------------------------------------------------------------------

    def _prepare_folder(self, private_folder: bool | None) -> None:
        folder = self.path.parent
        if not os.path.lexists(folder):
            make_folders(folder)
        elif private_folder:  # the app's own folder in the user's data folder
            self._tighten(folder, 0o700)

    def _tighten(self, path: Path, mode: int = 0o600) -> None:
        if make_private(path, mode):
            self.warnings.append(("loose_permissions", path))

    def _tighten_if_ours(self, path: Path) -> None:
        """A file others can read is made owner-only only once it proves to be a data file
        of ours: a file the app did not write is never changed."""
        try:
            loose = stat.S_IMODE(path.lstat().st_mode) & 0o077
        except FileNotFoundError:
            return
        if not loose:
            return
        try:
            decode(path.read_bytes(), path)
        except (OSError, DataFileError):
            return
        self._tighten(path)

    def _stray_temp_files(self) -> list[Path]:
        return [stray for stray in self.path.parent.glob(f".{self.path.name}.*.tmp")
                if stray.is_file() and not stray.is_symlink()]

    def _remove_stray_temp_files(self) -> None:
        for stray in self._stray_temp_files():
            with contextlib.suppress(OSError):
                stray.unlink()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the lock across a read-modify-write, against threads and other processes."""
        import filelock  # loaded with the first save: opening and reading take no lock

        with self._mutex:
            if self._lock is None:
                self._lock = filelock.FileLock(str(self.lock_path), timeout=self._lock_timeout,
                                               mode=0o600)
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
            old = header.get("version", STORE_VERSION) < STORE_VERSION
            self._old_format = raw if old and not self.old_format_path.exists() else None
            if not self._checked:  # a data file of ours, proven by reading it whole
                self._checked = True
                self._tighten(self.path)
            return tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        with self.transaction():
            payload = encode(data, self.saves + 1)
            try:
                if self._old_format is not None:  # kept once, whole and on disk, before the
                    self._install(self._old_format, self.old_format_path)  # first new save
                    self._old_format = None
                self._replace(payload)
            except OSError as error:
                self._cache, self._signature = None, None
                raise SaveError(self.path, error) from None
            self.saves += 1
            self._cache, self._signature = data, _signature(self.path)

    def close(self) -> None:
        self._cache = None

    # -- the atomic save -------------------------------------------------------------------------

    def _write_temp(self, payload: bytes, *, points: bool = False) -> str:
        """A new owner-only temp file beside the data file holding ``payload``, on disk."""
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                    dir=self.path.parent)
        try:
            if points:
                fault_point("temp_created")
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "short write")
                view = view[written:]
                if points:
                    fault_point("writing")
            if points:
                fault_point("written")
            os.fsync(fd)
            if points:
                fault_point("synced")
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        os.close(fd)
        return temp

    def _replace(self, payload: bytes) -> None:
        temp = self._write_temp(payload, points=True)
        copy: str | None = None
        try:
            copy = self._write_temp(payload)  # the backup: the same state, a file of its own
            if not self._rotated and self.path.exists():
                self._rotate_backups()
            self._rotated = True
            fault_point("backed_up")
            os.replace(temp, self.path)
        except BaseException:
            for left in (temp, copy):
                if left is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(left)
            raise
        fault_point("replaced")
        try:
            os.replace(copy, self.backup_path)
        except OSError:  # the data file holds the state; the older backup stays good
            with contextlib.suppress(OSError):
                os.unlink(copy)
        fault_point("copied")
        _fsync_folder(self.path.parent)
        fault_point("folder_synced")

    def _install(self, payload: bytes, target: Path) -> None:
        """``target`` holds ``payload``, whole and on disk, or is left as it was."""
        temp = self._write_temp(payload)
        try:
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def generation_path(self, number: int) -> Path:
        """``.bak`` (0, the newest), then ``.bak.1`` … older states, one per opening."""
        return self.backup_path if number == 0 else self.path.with_name(
            f"{self.backup_path.name}.{number}")

    def _shift(self, first: int, last: int) -> None:
        """Backups ``first`` … ``last - 1`` move one place down; ``last`` is written over."""
        for number in range(last, first, -1):
            older = self.generation_path(number - 1)
            if older.is_file() and not older.is_symlink():
                os.replace(older, self.generation_path(number))

    def _rotate_backups(self) -> None:
        """The newest backup becomes the second newest, and so on; the oldest drops out. The
        state this opening began with is kept: ``.bak``, or a copy of the file if it has none."""
        had_backup = self.backup_path.is_file()
        self._shift(0, GENERATIONS - 1)
        if not had_backup:
            self._install(self.path.read_bytes(), self.generation_path(1))

    def purge_backup(self) -> None:
        """After an erase: the backup becomes the current state and the older ones go, so the
        erased text is gone from every file."""
        with self.transaction():
            for number in range(1, GENERATIONS):
                with contextlib.suppress(FileNotFoundError):
                    self.generation_path(number).unlink()
            for replaced in self.path.parent.glob(f"{self.path.name}.replaced-*"):
                if replaced.is_file() and not replaced.is_symlink():
                    replaced.unlink()
            with contextlib.suppress(FileNotFoundError):
                self.old_format_path.unlink()
            self._old_format = None
            if self.path.exists():
                self._rotated = True  # nothing older to keep: it may hold what was erased
                self._install(self.path.read_bytes(), self.backup_path)
                _fsync_folder(self.path.parent)

    def backups(self) -> list[tuple[int, Path, dict[str, Any], dict[str, Any]]]:
        """Every good backup, newest first: its number, path, tables and header. A state kept
        twice is listed once."""
        found = []
        seen: set[str] = set()
        for number in range(GENERATIONS):
            path = self.generation_path(number)
            if path.is_symlink() or not path.is_file():
                continue
            try:
                tables, header = decode(path.read_bytes(), path)
            except (OSError, DataFileError):
                continue
            digest = str(header.get("sha256", number))
            if digest in seen:
                continue
            seen.add(digest)
            found.append((number, path, tables, header))
        return found

    def bring_back(self, number: int) -> None:
        """Backup ``number`` becomes the data file, and the newest backup: the ones newer than
        it move one place down (it is never lost: the data file holds it by then)."""
        with self.transaction():
            payload = self.generation_path(number).read_bytes()
            decode(payload, self.generation_path(number))  # good, or DamagedFile
            self._install(payload, self.path)
            if number > 0:
                self._shift(0, number)
                self._install(payload, self.backup_path)
            _fsync_folder(self.path.parent)
            self._cache, self._signature = None, None
            self._rotated = False
