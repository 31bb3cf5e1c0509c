"""The trust journal: small steps of giving trust, validated and cleaned like any intent."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from trust_tui.core.content import Script
from trust_tui.core.dates import parse_day
from trust_tui.core.engine import Rejected
from trust_tui.core.model import JournalEntry
from trust_tui.core.text import clean_line, clean_text

__all__ = ["journal_entry", "trend"]


def _text(value: Any, limit: int, *, required: bool = False, name: bool = False) -> str:
    text = clean_text(str(value or ""), multiline=not name)
    if required and not text:
        raise Rejected("empty_name" if name else "empty_text")
    if len(text) > limit:
        raise Rejected("too_long", limit=limit)
    return text


def journal_entry(script: Script, *, person: Any, on: Any, what_i_did: Any = "",
                  response: Any = "", signals: Any = (), other_signals: Any = "",
                  trust_felt: Any = 3, commitment_id: str | None = None,
                  session_id: str | None = None, entry_id: str | None = None,
                  created_at: str | None = None, lang: str = "en",
                  now: Callable[[], dt.datetime] = dt.datetime.now) -> JournalEntry:
    """A checked entry (a new one, or ``entry_id`` edited); raises Rejected with a reason."""
    limits = script.limits
    moment = now()
    try:  # a step that was taken: without a year, the last such day up to today
        day = parse_day(on, lang, today=moment.date(), ahead=False).isoformat()
    except ValueError:
        raise Rejected("bad_date") from None
    if not isinstance(trust_felt, int) or isinstance(trust_felt, bool) or not 1 <= trust_felt <= 5:
        raise Rejected("bad_score")
    chosen = []
    for key in signals:
        if key not in script.signal_keys:
            raise Rejected("unknown_signal")
        if key not in chosen:
            chosen.append(key)
    return JournalEntry(
        id=entry_id or f"j{moment:%Y%m%d}-{secrets.token_hex(3)}",
        created_at=created_at or moment.isoformat(timespec="seconds"),
        on=day,
        person=clean_line(_text(person, limits["name"], required=True, name=True)),
        what_i_did=_text(what_i_did, limits["note"]),
        response=_text(response, limits["note"]),
        signals=chosen,
        other_signals=_text(other_signals, limits["sentence"]),
        trust_felt=trust_felt,
        commitment_id=commitment_id,
        session_id=session_id,
    )


def trend(entries: list[JournalEntry], person: str | None = None) -> list[tuple[str, float, int]]:
    """Per ISO week, oldest first: (week label, average trust felt, signals seen).

    ``person`` narrows it to one name (compared without case).
    """
    weeks: dict[str, list[JournalEntry]] = {}
    for entry in entries:
        if person is not None and entry.person.casefold() != person.casefold():
            continue
        year, week, _ = dt.date.fromisoformat(entry.on).isocalendar()
        weeks.setdefault(f"{year}-W{week:02d}", []).append(entry)
    return [(label, sum(e.trust_felt for e in group) / len(group),
             sum(len(e.signals) + (1 if e.other_signals else 0) for e in group))
            for label, group in sorted(weeks.items())]
