"""Persistence: the only package that imports tinydb.

Names are loaded when first used (PEP 562): ``trust-tui join`` finds its data folder without
importing TinyDB and the lock.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "AwaitingChoice",
    "Backup",
    "Busy",
    "ChangedElsewhere",
    "DamagedFile",
    "DamagedRecord",
    "DataFileError",
    "DurableStorage",
    "InUse",
    "JournalRepository",
    "NewerFormat",
    "NoBackup",
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

_WHERE = {
    "AwaitingChoice": "repository", "Backup": "repository", "ChangedElsewhere": "repository",
    "DamagedRecord": "repository", "InUse": "repository", "JournalRepository": "repository",
    "NoBackup": "repository", "SessionRepository": "repository", "SessionSummary": "repository",
    "Store": "repository", "list_backups": "repository", "open_store": "repository",
    "restore_backup": "repository", "start_empty": "repository",
    "default_data_path": "files",
    "Saver": "saver",
    "Busy": "storage", "DamagedFile": "storage", "DataFileError": "storage",
    "DurableStorage": "storage", "NewerFormat": "storage", "NotAPlainFile": "storage",
    "SaveError": "storage",
}

if TYPE_CHECKING:
    from trust_tui.store.files import default_data_path
    from trust_tui.store.repository import (
        AwaitingChoice,
        Backup,
        ChangedElsewhere,
        DamagedRecord,
        InUse,
        JournalRepository,
        NoBackup,
        SessionRepository,
        SessionSummary,
        Store,
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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'trust_tui.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"trust_tui.store.{module}"), name)
    globals()[name] = value
    return value
