"""A facilitator's own version of the exercise: a folder of TOML files laid over the defaults.

The folder mirrors data/: ``script.toml`` (timeboxes, stages on or off, the dots, the lists of
check-in questions and signals) and ``nl/`` and ``en/`` with ``stages.toml`` (title, purpose,
prompt and tip of each stage) and ``lists.toml`` (the words of check-in questions and signals,
new ones too). Only what a file names changes; everything else stays the default.

Nothing in it can stop a meeting: what cannot be used is left out, its default used instead,
and a Note says where (file, line, field) and why. ``trust-tui script check`` prints the notes.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trust_tui.core.content import ADAPTABLE, WRITERS

__all__ = ["ADAPTABLE", "WRITERS", "Note", "lay_over", "new_list_items", "read_own"]


_STAGE_FIELDS = {"minutes", "on", "writers", "solo"}
"""What a stage entry of script.toml may change (``key`` names the stage)."""
_STAGE_TEXTS = {"title", "purpose", "prompt", "tip"}
_LISTS = {"checkin": "questions", "signals": "keys"}
"""lists.toml table → the list in script.toml that names its items."""
_ITEM_ID = re.compile(r"[a-z0-9_]{1,40}")
_MAX_MINUTES = 240
_OWN_WRITING = ("each", "private")
"""A stage where each person writes their own part may switch between these two; a group
stage's screen has no form per person, so its writers stay as they are."""


@dataclass(frozen=True)
class Note:
    """One thing of an adapted script that was left out (or, with ``info``, only said)."""

    file: str
    line: int | None
    field: str
    kind: str
    """A key under [script.note] in the strings: what is wrong, in the person's language."""
    info: bool = False

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def read_own(folder: Path, name: str) -> tuple[dict[str, Any], str, list[Note]]:
    """The facilitator's file ``name`` in ``folder`` (empty if there is none), its text, and a
    note if it cannot be read at all."""
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, "", []
    except (OSError, UnicodeDecodeError):
        return {}, "", [Note(name, None, "", "unreadable")]
    try:
        return tomllib.loads(text), text, []
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        return {}, text, [Note(name, int(found.group(1)) if found else None, "", "not_toml")]


def _line_of(text: str, table: str, key: str, index: int | None = None) -> int | None:
    """The line of ``key`` in ``[table]`` (or in the ``index``-th ``[[table]]``), else of the
    table's header, else None."""
    header_at: int | None = None
    current, count = None, -1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            array = line.startswith("[[")
            current = line.strip("[]").strip()
            count += array and current == table
            here = current == table and (count == index if array else index is None)
            if here and header_at is None:
                header_at = number
            continue
        if (key and current == table and (index is None or count == index) and "=" in line
                and line.split("=", 1)[0].strip().strip('"') == key):
            return number
    return header_at


def _placeholders(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:  # a lone brace
        return {"{"}


def lay_over(name: str, default: dict[str, Any], own: dict[str, Any], text: str,
             known_items: dict[str, set[str]]) -> tuple[dict[str, Any], list[Note]]:
    """``default`` with what ``own`` may change laid over it; notes for the rest.

    ``known_items``: per list (``checkin``, ``signals``) every item id with words in any
    language, defaults and the facilitator's own; a list in script.toml may name only those.
    """
    if name == "script.toml":
        return _script(default, own, text, known_items)
    kind = name.split("/", 1)[1]
    if kind == "stages.toml":
        return _stage_texts(name, default, own, text)
    return _list_words(name, default, own, text)


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return {key: (_copy(value) if isinstance(value, dict)
                  else [_copy(v) if isinstance(v, dict) else v for v in value]
                  if isinstance(value, list) else value)
            for key, value in data.items()}


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _script(default: dict[str, Any], own: dict[str, Any], text: str,
            known_items: dict[str, set[str]]) -> tuple[dict[str, Any], list[Note]]:
    merged, notes = _copy(default), []

    def note(table: str, key: str, kind: str, index: int | None = None) -> None:
        notes.append(Note("script.toml", _line_of(text, table, key, index),
                          f"{table}.{key}" if key else table, kind))

    stages = {stage["key"]: stage for stage in merged["stage"]}
    for table, value in own.items():
        if table == "stage":
            if not isinstance(value, list):
                note("stage", "", "wrong_type")
                continue
            for index, entry in enumerate(value):
                key = entry.get("key") if isinstance(entry, dict) else None
                stage = stages.get(key) if isinstance(key, str) else None
                if stage is None:
                    note("stage", "key", "unknown_stage", index)
                    continue
                for field, setting in entry.items():
                    where = f"stage.{key}.{field}"
                    now = stage.get(field, {"on": True, "solo": False}.get(field))
                    if field == "key" or now == setting:
                        continue  # as it is by default (a whole exported file checks clean)
                    if field not in _STAGE_FIELDS or key == "setup":
                        notes.append(Note("script.toml", _line_of(text, "stage", field, index),
                                          where, "not_adaptable"))
                    elif field == "minutes" and not (_whole_number(setting)
                                                     and 1 <= setting <= _MAX_MINUTES):
                        notes.append(Note("script.toml", _line_of(text, "stage", field, index),
                                          where, "bad_minutes"))
                    elif field == "writers" and setting not in WRITERS:
                        notes.append(Note("script.toml", _line_of(text, "stage", field, index),
                                          where, "bad_writers"))
                    elif field == "writers" and not {now, setting} <= set(_OWN_WRITING):
                        notes.append(Note("script.toml", _line_of(text, "stage", field, index),
                                          where, "writers_fixed"))
                    elif field in ("on", "solo") and not isinstance(setting, bool):
                        notes.append(Note("script.toml", _line_of(text, "stage", field, index),
                                          where, "wrong_type"))
                    elif field == "on" and not setting and not stage["optional"]:
                        notes.append(Note("script.toml", _line_of(text, "stage", field, index),
                                          where, "not_optional"))
                    elif field == "solo" and not setting and key == "close":
                        notes.append(Note("script.toml", _line_of(text, "stage", field, index),
                                          where, "solo_needs"))
                    else:
                        stage[field] = setting
        elif table in ("voting", "limits"):
            if not isinstance(value, dict):
                note(table, "", "wrong_type")
                continue
            for key, setting in value.items():
                if key not in merged[table]:
                    note(table, key, "unknown_field")
                elif not (_whole_number(setting) and setting >= 1):
                    note(table, key, "bad_number")
                else:
                    merged[table][key] = setting
            if merged["voting"]["max_per_theme"] > merged["voting"]["dots"]:
                note("voting", "max_per_theme", "bad_number")
                merged["voting"]["max_per_theme"] = merged["voting"]["dots"]
        elif table in _LISTS:
            field = _LISTS[table]
            items = value.get(field) if isinstance(value, dict) else None
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                note(table, field, "wrong_type")
                continue
            usable = [item for item in dict.fromkeys(items) if item in known_items[table]]
            if len(usable) < len(items):
                note(table, field, "unknown_item")
            if usable:
                merged[table][field] = usable
            else:
                note(table, field, "empty_list")
        elif table in merged:
            if value != merged[table]:
                note(table, "", "not_adaptable")
        else:
            note(table, "", "unknown_field")
    return merged, notes


def _stage_texts(name: str, default: dict[str, Any], own: dict[str, Any],
                 text: str) -> tuple[dict[str, Any], list[Note]]:
    merged, notes = _copy(default), []
    for stage, texts in own.items():
        if stage not in merged or not isinstance(texts, dict):
            notes.append(Note(name, _line_of(text, stage, ""), stage, "unknown_stage"))
            continue
        for field, words in texts.items():
            where, line = f"{stage}.{field}", _line_of(text, stage, field)
            if field not in _STAGE_TEXTS:
                notes.append(Note(name, line, where, "unknown_field"))
            elif not isinstance(words, str) or not words.strip():
                notes.append(Note(name, line, where, "wrong_type"))
            elif _placeholders(words) != _placeholders(merged[stage][field]):
                notes.append(Note(name, line, where, "placeholders"))
            else:
                merged[stage][field] = words.strip()
    return merged, notes


def _list_words(name: str, default: dict[str, Any], own: dict[str, Any],
                text: str) -> tuple[dict[str, Any], list[Note]]:
    merged, notes = _copy(default), []
    for table, words in own.items():
        if table not in _LISTS or not isinstance(words, dict):
            notes.append(Note(name, _line_of(text, table, ""), table, "unknown_field"))
            continue
        for item, phrase in words.items():
            where, line = f"{table}.{item}", _line_of(text, table, item)
            if not _ITEM_ID.fullmatch(item):
                notes.append(Note(name, line, where, "bad_item_id"))
            elif not isinstance(phrase, str) or not phrase.strip() or _placeholders(phrase):
                notes.append(Note(name, line, where, "wrong_type"))
            else:
                merged.setdefault(table, {})[item] = phrase.strip()
    return merged, notes


def new_list_items(defaults: dict[str, list[str]],
                   own_lists: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Items a facilitator added in any language's lists.toml, per list, in their order."""
    added: dict[str, list[str]] = {table: [] for table in _LISTS}
    for own in own_lists:
        for table in _LISTS:
            words = own.get(table)
            if not isinstance(words, dict):
                continue
            for item, phrase in words.items():
                if (_ITEM_ID.fullmatch(item) and isinstance(phrase, str) and phrase.strip()
                        and not _placeholders(phrase) and item not in defaults[table]
                        and item not in added[table]):
                    added[table].append(item)
    return added
