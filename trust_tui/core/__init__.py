"""The exercise itself: model, engine, content and export. Pure Python: no textual, no tinydb."""

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
