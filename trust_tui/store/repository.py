"""Sessions and journal entries as whole aggregates, loaded from and saved to the data file."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document, Table

from trust_tui.store.files import default_data_path, write_private
from trust_tui.store.records import UnreadableRecord, check_record, is_readable, record_name
from trust_tui.store.storage import (
    DamagedFile,
    DataFileError,
    DurableStorage,
    SaveError,
    decode,
    make_private,
)

if TYPE_CHECKING:
    from trust_tui.core.model import JournalEntry, Session


def _model() -> Any:
    """The model module, loaded on first use: listing sessions at start-up does not need it."""
    from trust_tui.core import model

    return model

__all__ = [
    "JournalRepository",
    "SessionRepository",
    "SessionSummary",
    "Store",
    "default_data_path",
    "open_store",
    "restore_backup",
]


class _SharedFileTable(Table):
    """A table that never trusts ids it remembers: another process may have inserted since."""

    def insert(self, document: Mapping[str, Any]) -> int:
        self._next_id = None
        return super().insert(document)

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        self._next_id = None
        return super().insert_multiple(documents)


class Store:
    """One TinyDB over a storage; the durable one for files, or memory for tests."""

    def __init__(self, storage: DurableStorage | None = None) -> None:
        self.durable = storage
        # tinydb's MemoryStorage.__init__ carries no annotations: the one untyped call we make.
        self.storage: Storage = (storage if storage is not None
                                 else MemoryStorage())  # type: ignore[no-untyped-call]
        storage_object = self.storage
        self.db = TinyDB(storage=lambda: storage_object)  # TinyDB wants a factory
        self.db.table_class = _SharedFileTable
        # No query cache: another process may change the file between two reads.
        self.sessions = self.db.table("sessions", cache_size=0)
        self.journal = self.db.table("journal", cache_size=0)

    @property
    def path(self) -> Path | None:
        """The data file, or None for a store in memory."""
        return self.durable.path if self.durable is not None else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self.durable is None:
            yield
        else:
            with self.durable.transaction():
                yield

    def purge_backup(self) -> None:
        if self.durable is not None:
            self.durable.purge_backup()

    def close(self) -> None:
        self.db.close()


def _set_aside(path: Path, kind: str = "damaged") -> Path:
    """Move the data file out of the way under a new name beside it; never over another file,
    never a copy: the bytes stay exactly as they were."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{kind}-{stamp}")
    counter = 1
    while True:
        try:
            os.link(path, aside)  # fails if the name is taken: nothing is ever written over
            break
        except FileExistsError:
            counter += 1
            aside = path.with_name(f"{path.name}.{kind}-{stamp}-{counter}")
        except OSError:  # no hard links here (some network and FAT folders)
            if os.path.lexists(aside):
                counter += 1
                aside = path.with_name(f"{path.name}.{kind}-{stamp}-{counter}")
                continue
            os.replace(path, aside)
            break
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    make_private(aside)
    return aside


class AwaitingChoice(DataFileError):
    """The data file was damaged and set aside, and nobody has chosen yet between the last good
    backup and starting empty: until then nothing is opened, so no backup is written over."""

    def __init__(self, path: Path, aside: str) -> None:
        super().__init__(f"{path}: damaged, awaiting a choice")
        self.path = path
        self.aside = aside


def _read_choice(marker: Path) -> str:
    """Where the damaged copy went, as noted in the marker (a short path, nothing else)."""
    try:
        with open(marker, "rb") as handle:
            noted = handle.read(4096).decode("utf-8", "replace").strip()
    except OSError:
        return "?"
    return noted.splitlines()[0] if noted else "?"


def open_store(path: Path | None = None, *, lock_timeout: float = 10.0) -> Store:
    """Open (or create) the data file, checking it whole before anything is written.

    A damaged file is set aside (owner-only) and DamagedFile is raised naming where it went;
    nothing is overwritten. Until the person chooses (``restore_backup``, or ``start_empty``)
    every opening raises AwaitingChoice: a new empty file would soon push the last good state
    out of the backups.
    """
    target = path or default_data_path()
    is_default = path is None and "TRUST_TUI_DB" not in os.environ
    storage = DurableStorage(target, lock_timeout=lock_timeout, private_folder=is_default)
    if storage.choice_path.exists():
        raise AwaitingChoice(target, _read_choice(storage.choice_path))
    try:
        storage.read()
    except DamagedFile as damage:
        with storage.transaction():
            aside = _set_aside(target)
            write_private(storage.choice_path, str(aside))
        raise DamagedFile(target, damage.reason, aside) from None
    return Store(storage)


@dataclass(frozen=True)
class Backup:
    """One good state kept beside the data file."""

    number: int
    written: str
    sessions: int
    journal: int


def list_backups(path: Path) -> list[Backup]:
    """The good backups of the data file at ``path``, newest first, with what each holds."""
    storage = DurableStorage(path)
    return [Backup(number, str(header.get("written", "")), len(tables.get("sessions", {})),
                   sum(1 for record in tables.get("journal", {}).values()
                       if record.get("id") != JOURNAL_DRAFT_ID))
            for number, _, tables, header in storage.backups()]


class NoBackup(DataFileError):
    """There is no good backup (or none with the number asked for)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: no good backup")
        self.path = path


class InUse(DataFileError):
    """The data file is good: a plain ``restore`` leaves it alone (``--pick N`` goes back)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: undamaged")
        self.path = path


def restore_backup(path: Path, number: int | None = None) -> str:
    """Put a good backup (the newest, or ``number``) in place of the data file; returns when
    it was written. The choice after damage is made by this.

    A damaged or missing data file is replaced by the newest good state. A good one only when a
    ``number`` is asked for (going back on purpose); its state is kept first, as the newest
    backup or, if none holds it, beside the file as ``<file>.replaced-<time>``. Nothing is lost.
    """
    storage = DurableStorage(path)
    with storage.transaction():
        good = {found[0]: found for found in storage.backups()}
        chosen = good.get(number) if number is not None else next(iter(good.values()), None)
        if chosen is None:
            raise NoBackup(path)
        if path.exists():
            try:
                storage.read()
                header = decode(path.read_bytes(), path)[1]
            except DamagedFile:
                _set_aside(path)
            else:
                if number is None:
                    raise InUse(path)
                kept = {str(found[3].get("sha256")) for found in good.values()}
                if str(header.get("sha256")) not in kept:
                    _set_aside(path, "replaced")
        storage.bring_back(chosen[0])
        with contextlib.suppress(FileNotFoundError):
            storage.choice_path.unlink()
    return str(chosen[3].get("written", ""))


def start_empty(path: Path) -> bool:
    """After damage: keep the damaged copy aside and begin with an empty file. False if there
    was nothing to choose."""
    storage = DurableStorage(path)
    with storage.transaction():
        if not storage.choice_path.exists():
            return False
        storage.choice_path.unlink()
    return True


@dataclass(frozen=True)
class SessionSummary:
    """One line of the history: enough to list sessions without loading them whole."""

    id: str
    created_at: str
    title: str
    team: str
    mode: str
    status: str
    stage: str
    destination: str
    lang: str

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> SessionSummary:
        destination = record.get("destination") or {}
        return cls(
            id=str(record.get("id", "")),
            created_at=str(record.get("created_at", "")),
            title=str(record.get("title", "")),
            team=str(record.get("team", "")),
            mode=str(record.get("mode", "meeting")),
            status=str(record.get("status", "open")),
            stage=str(record.get("stage", "setup")),
            destination=str(destination.get("sentence", "")),
            lang=str(record.get("lang", "en")),
        )


def _readable(cls: Any, record: Any) -> Any:
    """``record`` as a ``cls``, or None when it does not hold what one must (a hand-edited
    file, a bug in an older version): checked in full, field by field."""
    try:
        return check_record(cls, record)
    except UnreadableRecord:
        return None


class DamagedRecord(DataFileError):
    """One record in an otherwise good file cannot be read; the message names only its id."""

    def __init__(self, record_id: str) -> None:
        super().__init__(f"record {record_id}")
        self.record_id = record_id


class ChangedElsewhere(DataFileError):
    """The session was saved (or erased, or brought back to an older state) from elsewhere
    since this window read it."""

    def __init__(self, session_id: str) -> None:
        super().__init__(f"session {session_id} changed elsewhere")
        self.session_id = session_id


def _revision(stored: Any) -> int:
    value = stored.get("revision", 0) if isinstance(stored, dict) else 0
    return value if type(value) is int else 0


def _unlink_follow_up(record: MutableMapping[Any, Any]) -> None:
    """A follow-up of an erased session: its look back was about that session only."""
    record["follow_up_of"] = None
    record["look_back"] = None
    record["revision"] = _revision(record) + 1  # an open window on it must not save it back


class SessionRepository:
    """Whole sessions in and out. Safe to call from a worker thread.

    A record that cannot be read in full is left out of every listing, named in ``damaged``
    (by id), and kept in the file untouched for whoever wants to repair it.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.damaged: list[str] = []
        """Ids of session records that could not be read, as of the last listing."""
        self._unconfirmed: dict[str, dict[str, Any]] = {}
        """Per session, what a save that reported an error may still have put in the file
        (the rename done, the folder's fsync failed): found there, it is this window's own."""

    def save(self, session: Session) -> None:
        self.save_record(_model().to_dict(session))

    def save_record(self, record: dict[str, Any], *,
                    expected_revision: int | None = None) -> int:
        """Save a session already turned into plain data (taken on the UI thread); returns
        its new revision. With ``expected_revision`` (the revision this window last read or
        wrote), a file whose revision differs, or whose session is gone, was written from
        elsewhere meanwhile: ChangedElsewhere, and the file is left as it is."""
        session_id = str(record["id"])
        with self.store.transaction():
            stored = self.store.sessions.get(Query().id == session_id)
            current = _revision(stored)
            if expected_revision is not None:
                own = self._unconfirmed.pop(session_id, None)
                if own is not None and stored == own:
                    expected_revision = current  # this window's own save did land
                gone = stored is None and expected_revision > 0
                if gone or current != expected_revision:
                    raise ChangedElsewhere(session_id)
            saved = {**record, "revision": current + 1}
            try:
                self.store.sessions.upsert(saved, Query().id == session_id)
            except SaveError:
                self._unconfirmed[session_id] = saved
                raise
            return current + 1

    def revision(self, session_id: str) -> int:
        return _revision(self.store.sessions.get(Query().id == session_id))

    def save_many(self, sessions: list[Session]) -> None:
        """New sessions in one write (demo data at scale)."""
        with self.store.transaction():
            self.store.sessions.insert_multiple(_model().to_dict(s) for s in sessions)

    def get(self, session_id: str) -> Session | None:
        """The session, None if there is none; DamagedRecord if it cannot be read."""
        record = self.store.sessions.get(Query().id == session_id)
        if record is None:
            return None
        session: Session | None = _readable(_model().Session, record)
        if session is None:
            raise DamagedRecord(record_name(record, record.doc_id))
        return session

    def find(self, prefix: str) -> list[SessionSummary]:
        """Sessions whose id is ``prefix`` exactly, else those whose id starts with it."""
        summaries = self.all()
        exact = [s for s in summaries if s.id == prefix]
        return exact or [s for s in summaries if prefix and s.id.startswith(prefix)]

    def all(self, team: str | None = None) -> list[SessionSummary]:
        """Every session, newest first; only one team's when ``team`` is given."""
        summaries = self._readable_summaries(self.store.sessions.all())
        if team is not None:
            summaries = [s for s in summaries if s.team.casefold() == team.casefold()]
        return summaries

    def unfinished(self) -> list[SessionSummary]:
        """The open sessions, newest first. Only these are checked in full (the home screen
        lists no other): with every session finished, its first frame needs no model."""
        return self._readable_summaries(record for record in self.store.sessions.all()
                                        if record.get("status", "open") == "open")

    def _readable_summaries(self, records: Iterable[Document]) -> list[SessionSummary]:
        """The summaries of the records that can be read, newest first; the others named in
        ``damaged``."""
        summaries, damaged = [], []
        for record in records:
            if not is_readable(_model().Session, record):
                damaged.append(record_name(record, record.doc_id))
            else:
                summaries.append(SessionSummary.from_record(record))
        self.damaged = damaged
        return sorted(summaries, key=lambda s: (s.created_at, s.id), reverse=True)

    def used_checkin_questions(self, team: str) -> list[str]:
        """Check-in questions this team has had, oldest first."""
        records = [r for r in self.store.sessions.all()
                   if str(r.get("team", "")).casefold() == team.casefold()
                   and r.get("checkin_question")]
        records.sort(key=lambda r: str(r.get("created_at", "")))
        return [str(r["checkin_question"]) for r in records]

    def erase(self, session_id: str) -> bool:
        """Remove the session from the file and from the backups: gone, not flagged. Every
        reference to it goes too: journal entries no longer link to it, and a follow-up no
        longer names it or carries its look back (the titles, commitments and names it copied).
        Afterwards no byte of the file or its backups holds its id or its texts."""
        with self.store.transaction():
            removed = self.store.sessions.remove(Query().id == session_id)
            if removed:
                self.store.sessions.update(_unlink_follow_up, Query().follow_up_of == session_id)
                self.store.journal.update({"session_id": None, "commitment_id": None},
                                          Query().session_id == session_id)
                self.store.purge_backup()
                data_file = self.store.path
                if data_file is not None:
                    from trust_tui.store.claims import forget_claim
                    from trust_tui.store.emergency import discard_emergency, find_emergency

                    forget_claim(data_file, session_id)
                    for unsaved in find_emergency(data_file):  # its unsaved words go too
                        if unsaved.record.get("id") == session_id:
                            discard_emergency(unsaved)
        return bool(removed)


JOURNAL_DRAFT_ID = "journal-draft"
"""The id of the one record in the journal table that is no entry: a step being written when
the program had to stop (a hang-up, a kill), kept to be offered back."""


class JournalRepository:
    """The trust journal's entries. Safe to call from a worker thread.

    An entry that cannot be read in full is left out, named in ``damaged`` (by id), and kept in
    the file as it is.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.damaged: list[str] = []
        """Ids of journal entries that could not be read, as of the last listing."""

    def save(self, entry: JournalEntry) -> None:
        with self.store.transaction():
            self.store.journal.upsert(_model().to_dict(entry), Query().id == entry.id)

    def get(self, entry_id: str) -> JournalEntry | None:
        """The entry, None if there is none; DamagedRecord if it cannot be read."""
        record = self.store.journal.get(Query().id == entry_id)
        if record is None:
            return None
        entry: JournalEntry | None = _readable(_model().JournalEntry, record)
        if entry is None:
            raise DamagedRecord(record_name(record, record.doc_id))
        return entry

    def all(self) -> list[JournalEntry]:
        """Every readable entry, newest first."""
        entries: list[JournalEntry] = []
        damaged = []
        for record in self.store.journal.all():
            if record.get("id") == JOURNAL_DRAFT_ID:
                continue
            entry = _readable(_model().JournalEntry, record)
            if entry is None:
                damaged.append(record_name(record, record.doc_id))
            else:
                entries.append(entry)
        self.damaged = damaged
        return sorted(entries, key=lambda e: (e.on, e.created_at), reverse=True)

    def save_many(self, entries: list[JournalEntry]) -> None:
        with self.store.transaction():
            self.store.journal.insert_multiple(_model().to_dict(e) for e in entries)

    def keep_draft(self, draft: dict[str, Any]) -> None:
        """Keep the half-written step (field name → what it held), one at most."""
        with self.store.transaction():
            self.store.journal.upsert({"id": JOURNAL_DRAFT_ID, "draft": draft},
                                      Query().id == JOURNAL_DRAFT_ID)

    def draft(self) -> dict[str, Any] | None:
        """The kept half-written step, or None."""
        record = self.store.journal.get(Query().id == JOURNAL_DRAFT_ID)
        draft = record.get("draft") if record is not None else None
        return draft if isinstance(draft, dict) else None

    def drop_draft(self, *, thrown_away: bool = False) -> None:
        """The draft goes: saved as an entry, or ``thrown_away`` (then from the backups too)."""
        with self.store.transaction():
            if self.store.journal.remove(Query().id == JOURNAL_DRAFT_ID) and thrown_away:
                self.store.purge_backup()

    def erase(self, entry_id: str) -> bool:
        with self.store.transaction():
            removed = self.store.journal.remove(Query().id == entry_id)
            draft = self.draft()
            if draft is not None and draft.get("entry_id") == entry_id:  # its changes go too
                self.store.journal.remove(Query().id == JOURNAL_DRAFT_ID)
            if removed:
                self.store.purge_backup()
        return bool(removed)

    def erase_all(self) -> int:
        with self.store.transaction():
            count = len(self.store.journal)
            self.store.journal.truncate()
            self.store.purge_backup()
        return count
