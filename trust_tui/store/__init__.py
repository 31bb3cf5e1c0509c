"""Persistence: the only package that imports tinydb."""

from trust_tui.store.repository import (
    DamagedRecord,
    JournalRepository,
    SessionRepository,
    SessionSummary,
    Store,
    default_data_path,
    open_store,
    restore_backup,
)
from trust_tui.store.saver import Saver
from trust_tui.store.storage import (
    Busy,
    DamagedFile,
    DataFileError,
    DurableStorage,
    NewerFormat,
    NotAPlainFile,
    SaveError,
)

__all__ = [
    "Busy",
    "DamagedFile",
    "DamagedRecord",
    "DataFileError",
    "DurableStorage",
    "JournalRepository",
    "NewerFormat",
    "NotAPlainFile",
    "SaveError",
    "Saver",
    "SessionRepository",
    "SessionSummary",
    "Store",
    "default_data_path",
    "open_store",
    "restore_backup",
]
