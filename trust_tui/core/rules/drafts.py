"""Drafts: half-typed fields kept through a crash (never for private writing when anonymous)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Draft
from trust_tui.core.rules.registry import intent
from trust_tui.core.text import clean_text

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


@intent("keep_draft", before_start=True)
def keep_draft(engine: Engine, fields: Any = None, field: Any = None, text: Any = None) -> bool:
    """Keep half-typed fields (``fields``: text by field id, or one ``field`` and its
    ``text``); not in an anonymous session's private stages."""
    session = engine.session
    if session.anonymous and engine.script.is_private(session.stage):
        return False
    typed = dict(fields) if isinstance(fields, dict) else {field: text}
    limit = engine.script.limit("note")
    kept = {str(key): clean_text(str(value), multiline=True)[:limit]
            for key, value in typed.items() if key and isinstance(value, str)}
    kept = {key: value for key, value in kept.items() if value}
    session.draft = Draft(session.stage, fields=kept) if kept else None
    return session.draft is not None


@intent("clear_draft", before_start=True)
def clear_draft(engine: Engine) -> None:
    engine.session.draft = None
