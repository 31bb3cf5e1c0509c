"""The exercise itself: model, engine, content and export. Pure Python: no textual, no tinydb.

Names are loaded when first used (PEP 562), so that starting the app does not pay for the
engine before a session is opened.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "FACILITATOR",
    "LANGUAGES",
    "Content",
    "ContentError",
    "Engine",
    "Intent",
    "JournalEntry",
    "Progress",
    "Rejected",
    "Script",
    "Session",
    "StageInfo",
    "from_dict",
    "load_content",
    "load_script",
    "new_session_id",
    "to_dict",
]

_WHERE = {
    "LANGUAGES": "content", "Content": "content", "ContentError": "content", "Script": "content",
    "StageInfo": "content", "load_content": "content", "load_script": "content",
    "Engine": "engine", "Intent": "engine", "Progress": "engine", "Rejected": "engine",
    "new_session_id": "engine",
    "FACILITATOR": "model", "JournalEntry": "model", "Session": "model", "from_dict": "model",
    "to_dict": "model",
}

if TYPE_CHECKING:
    from trust_tui.core.content import (
        LANGUAGES,
        Content,
        ContentError,
        Script,
        StageInfo,
        load_content,
        load_script,
    )
    from trust_tui.core.engine import Engine, Intent, Progress, Rejected, new_session_id
    from trust_tui.core.model import FACILITATOR, JournalEntry, Session, from_dict, to_dict


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'trust_tui.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"trust_tui.core.{module}"), name)
    globals()[name] = value
    return value
