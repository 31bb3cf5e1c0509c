"""Persistence: the only package that imports tinydb."""

from trust_tui.store.repository import (
    AwaitingChoice,
    Backup,
    ChangedElsewhere,
    DamagedRecord,
    JournalRepository,
    SessionRepository,
    SessionSummary,
    Store,
    default_data_path,
    list_backups,
    open_store,
    restore_backup,
    start_empty,
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
    "AwaitingChoice",
    "Backup",
    "Busy",
    "ChangedElsewhere",
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
    "list_backups",
    "open_store",
    "restore_backup",
    "start_empty",
]
