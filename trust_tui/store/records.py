"""Every record read from the data file is checked in full before anything uses it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
import typing
from typing import Any, Literal, TypeVar, Union

__all__ = ["UnreadableRecord", "check_record", "is_readable", "record_name"]

T = TypeVar("T")

LANGUAGES = ("nl", "en")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class UnreadableRecord(ValueError):
    """The record does not hold what one must. The reason names a field, never its value."""


def record_name(record: Any, doc_id: int | None = None) -> str:
    """How to name a record in a message: its id when that is a plain id, else its place."""
    record_id = record.get("id") if isinstance(record, dict) else None
    if isinstance(record_id, str) and record_id and record_id.isprintable() and len(
            record_id) <= 80:
        return record_id
    return f"#{doc_id}" if doc_id is not None else "?"


def check_record(cls: type[T], record: Any) -> T:
    """``record`` as a ``cls``, checked field by field: every type exactly (no ``null`` where a
    value is needed, no ``true`` for a number), every fixed choice, every date, the language;
    UnreadableRecord otherwise."""
    from trust_tui.core import model

    _check(cls, record, cls.__name__)
    if isinstance(record, dict):
        _check_meaning(cls, record)
    try:
        return model.from_dict(cls, _mend(record))
    except (TypeError, ValueError, KeyError, AttributeError):
        raise UnreadableRecord(cls.__name__) from None


def _mend(value: Any) -> Any:
    """A lone surrogate (a hand edit, an old file) cannot be written out to an export or a
    terminal: it is shown as \ufffd, and the rest of the text stays readable."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(item) for item in value]
    if isinstance(value, dict):
        return {_mend(key): _mend(item) for key, item in value.items()}
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def is_readable(cls: type, record: Any) -> bool:
    """Whether ``check_record`` would take ``record``, without building it (for listings)."""
    try:
        _check(cls, record, cls.__name__)
        _check_meaning(cls, record)
    except UnreadableRecord:
        return False
    return True


def _optional(hint: Any) -> bool:
    return typing.get_origin(hint) in (Union, types.UnionType) and type(None) in typing.get_args(
        hint)


def _check(hint: Any, value: Any, where: str) -> None:
    if value is None:
        if _optional(hint) or hint is Any:
            return
        raise UnreadableRecord(where)
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(value, dict):
            raise UnreadableRecord(where)
        hints = _hints(hint)
        for field in dataclasses.fields(hint):
            if not field.init:
                continue
            if field.name in value:
                _check(hints[field.name], value[field.name], f"{where}.{field.name}")
            elif (field.default is dataclasses.MISSING
                  and field.default_factory is dataclasses.MISSING):
                raise UnreadableRecord(f"{where}.{field.name}")
        return
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        for option in options:
            try:
                _check(option, value, where)
            except UnreadableRecord:
                continue
            return
        raise UnreadableRecord(where)
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise UnreadableRecord(where)
        for index, item in enumerate(value):
            _check(item_hint, item, f"{where}[{index}]")
        return
    if origin is dict:
        _, value_hint = typing.get_args(hint)
        if not isinstance(value, dict):
            raise UnreadableRecord(where)
        for key, item in value.items():
            _check(str, key, f"{where}[]")
            _check(value_hint, item, f"{where}[]")
        return
    if origin is Literal:
        if not any(type(value) is type(choice) and value == choice
                   for choice in typing.get_args(hint)):
            raise UnreadableRecord(where)
        return
    if hint is str:
        if type(value) is not str:
            raise UnreadableRecord(where)
        return
    if hint is bool:
        if type(value) is not bool:
            raise UnreadableRecord(where)
        return
    if hint is int:
        if type(value) is not int:
            raise UnreadableRecord(where)
        return
    if hint is float:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise UnreadableRecord(where)
        return
    if hint is Any:
        return
    raise UnreadableRecord(where)  # a kind of field this check does not know: say so


def _date(value: Any, where: str) -> None:
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise UnreadableRecord(where) from None


def _check_meaning(cls: type, record: dict[str, Any]) -> None:
    """What the types alone do not say, and the app relies on."""
    from trust_tui.core import load_script
    from trust_tui.core.model import JournalEntry, Session

    script = load_script()  # signals and check-in questions are not checked against it: an
    # adapted script may have dropped one a record still names, which is shown by its key
    if not record.get("id"):
        raise UnreadableRecord(f"{cls.__name__}.id")
    if cls is Session:
        if record.get("lang", "en") not in LANGUAGES:
            raise UnreadableRecord("Session.lang")
        stages = {stage.key for stage in script.stages} | {"setup"}
        if record.get("stage", "setup") not in stages:
            raise UnreadableRecord("Session.stage")
        named = [plan.get("key") for plan in record.get("plan") or []]
        named += [timer.get("stage") for timer in record.get("timers") or []]
        named += list(record.get("skipped") or [])
        if not stages.issuperset(named):
            raise UnreadableRecord("Session.plan")
        destination = record.get("destination") or {}
        _date(destination.get("look_again_on"), "Session.destination.look_again_on")
        look_back = record.get("look_back") or {}
        commitments = [*(record.get("commitments") or []),
                       *(look_back.get("previous_commitments") or [])]
        for commitment in commitments:
            _date(commitment.get("due_on"), "Session.commitments.due_on")
        classes = {relation.get("classification", "unknown")
                   for relation in record.get("team_relations") or []}
        if not classes.issubset(script.map_classes):
            raise UnreadableRecord("Session.team_relations.classification")
    elif cls is JournalEntry:
        _date(record.get("on"), "JournalEntry.on")
