"""The exercise as data: the stage script and every text, in Dutch and English, from data/."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "LANGUAGES",
    "language_of",
    "Content",
    "ContentError",
    "Script",
    "StageInfo",
    "load_content",
    "load_script",
    "read_data_toml",
]

LANGUAGES = ("nl", "en")
"""Every language the app speaks; English is the reference for keys."""


def language_of(environ: Mapping[str, str]) -> str | None:
    """Dutch or English, as the locale variables say; None when they say nothing."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = str(environ.get(name, "") or "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return None


_LANG_FILES = ("stages.toml", "lists.toml", "strings.toml")
_STAGE_TEXT_KEYS = ("title", "purpose", "prompt", "tip")


class ContentError(Exception):
    """The data files are incomplete or malformed; the message names the file and key."""


@dataclass(frozen=True)
class StageInfo:
    key: str
    optional: bool
    writers: str
    minutes: int
    source: tuple[int, ...]
    follow_up_only: bool = False


@dataclass(frozen=True)
class Script:
    stages: tuple[StageInfo, ...]
    dots: int
    max_per_theme: int
    limits: dict[str, int]
    map_classes: tuple[str, ...]
    look_back_marks: tuple[str, ...]
    checkin_questions: tuple[str, ...]
    signal_keys: tuple[str, ...]

    def with_dot(self, dots: Mapping[str, int], theme_id: str,
                 step: int) -> dict[str, int] | None:
        """``dots`` with one dot more (``step`` 1) or fewer (-1) on ``theme_id``, or None when
        that breaks the dot budget: never below 0, at most ``max_per_theme`` on one theme and
        ``dots`` in all. The one place the rule lives for every screen that places dots."""
        count = dots.get(theme_id, 0) + step
        if count < 0 or count > self.max_per_theme:
            return None
        if step > 0 and sum(dots.values()) >= self.dots:
            return None
        return {**dots, theme_id: count}

    def stage(self, key: str) -> StageInfo | None:
        return next((stage for stage in self.stages if stage.key == key), None)

    def limit(self, name: str) -> int:
        return self.limits[name]


@dataclass(frozen=True)
class Content:
    """All texts of one language, with the script they belong to."""

    lang: str
    script: Script
    texts: dict[str, str] = field(repr=False)

    def t(self, key: str, **params: Any) -> str:
        """The text for ``key``, its {placeholders} filled in from ``params``."""
        try:
            template = self.texts[key]
        except KeyError:
            raise ContentError(f"{self.lang}: no text for key '{key}'") from None
        return template.format(**params) if params else template

    def has(self, key: str) -> bool:
        return key in self.texts

    def stage_title(self, key: str) -> str:
        return self.t(f"stage.{key}.title")

    def question(self, question_id: str) -> str:
        return self.t(f"checkin.{question_id}")

    def signal(self, key: str) -> str:
        return self.t(f"signals.{key}")

    def signal_list(self, keys: list[str]) -> str:
        return ", ".join(self.signal(key) if self.has(f"signals.{key}") else key for key in keys)


DATA = Path(__file__).resolve().parent.parent / "data"
"""The data folder inside the installed package (never the working folder)."""


def read_data_toml(name: str) -> dict[str, Any]:
    path = DATA / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"data/{name}: file missing") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"data/{name}: {error}") from None


def _need(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in table:
        raise ContentError(f"{where}: missing key '{key}'")
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ContentError(f"{where}: '{key}' must be {kind.__name__}")
    return value


@cache
def load_script() -> Script:
    """The stage script from data/script.toml, validated."""
    raw = read_data_toml("script.toml")
    where = "data/script.toml"
    stages = []
    for index, stage in enumerate(_need(raw, "stage", list, where)):
        at = f"{where} stage[{index}]"
        stages.append(
            StageInfo(
                key=_need(stage, "key", str, at),
                optional=_need(stage, "optional", bool, at),
                writers=_need(stage, "writers", str, at),
                minutes=_need(stage, "minutes", int, at),
                source=tuple(_need(stage, "source", list, at)),
                follow_up_only=bool(stage.get("follow_up_only", False)),
            )
        )
    keys = [stage.key for stage in stages]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{where}: a stage key appears twice")
    for required in ("setup", "horizon", "common_ground", "choose", "destination", "close"):
        if required not in keys:
            raise ContentError(f"{where}: stage '{required}' is missing")
    if keys[0] != "setup":
        raise ContentError(f"{where}: the first stage must be 'setup'")
    voting = _need(raw, "voting", dict, where)
    limits = _need(raw, "limits", dict, where)
    for name in (
        "name", "title", "statement", "theme", "sentence", "note", "word",
        "max_participants", "max_statements", "max_success_signals",
    ):
        _need(limits, name, int, f"{where} [limits]")
    return Script(
        stages=tuple(stages),
        dots=_need(voting, "dots", int, f"{where} [voting]"),
        max_per_theme=_need(voting, "max_per_theme", int, f"{where} [voting]"),
        limits=dict(limits),
        map_classes=tuple(_need(_need(raw, "map", dict, where), "classes", list, f"{where} [map]")),
        look_back_marks=tuple(
            _need(_need(raw, "look_back", dict, where), "marks", list, f"{where} [look_back]")
        ),
        checkin_questions=tuple(
            _need(_need(raw, "checkin", dict, where), "questions", list, f"{where} [checkin]")
        ),
        signal_keys=tuple(
            _need(_need(raw, "signals", dict, where), "keys", list, f"{where} [signals]")
        ),
    )


def _flatten(table: dict[str, Any], prefix: str, where: str, out: dict[str, str]) -> None:
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, f"{dotted}.", where, out)
        elif isinstance(value, str):
            out[dotted] = value
        else:
            raise ContentError(f"{where}: '{dotted}' must be text")


def _placeholders(template: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _raw_texts(lang: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in _LANG_FILES:
        raw = read_data_toml(f"{lang}/{name}")
        prefix = "stage." if name == "stages.toml" else ""
        _flatten(raw, prefix, f"data/{lang}/{name}", texts)
    return texts


@cache
def load_content(lang: str) -> Content:
    """All texts of ``lang``, checked against the script and against English."""
    if lang not in LANGUAGES:
        raise ContentError(f"unknown language '{lang}'")
    script = load_script()
    texts = _raw_texts(lang)
    where = f"data/{lang}"
    for stage in script.stages:
        for key in _STAGE_TEXT_KEYS:
            if f"stage.{stage.key}.{key}" not in texts:
                raise ContentError(f"{where}/stages.toml: missing key '{stage.key}.{key}'")
    for question in script.checkin_questions:
        if f"checkin.{question}" not in texts:
            raise ContentError(f"{where}/lists.toml: missing key 'checkin.{question}'")
    for signal in script.signal_keys:
        if f"signals.{signal}" not in texts:
            raise ContentError(f"{where}/lists.toml: missing key 'signals.{signal}'")
    for cls in script.map_classes:
        if f"map.class.{cls}" not in texts:
            raise ContentError(f"{where}/strings.toml: missing key 'map.class.{cls}'")
    for mark in script.look_back_marks:
        if f"look_back.mark.{mark}" not in texts:
            raise ContentError(f"{where}/strings.toml: missing key 'look_back.mark.{mark}'")
    if lang != "en":
        reference = _raw_texts("en")
        missing = sorted(set(reference) - set(texts))
        extra = sorted(set(texts) - set(reference))
        if missing:
            raise ContentError(f"{where}: missing key '{missing[0]}' (present in English)")
        if extra:
            raise ContentError(f"{where}: key '{extra[0]}' is not in English")
        for key, template in reference.items():
            if _placeholders(template) != _placeholders(texts[key]):
                raise ContentError(f"{where}: '{key}' has other {{placeholders}} than English")
    return Content(lang=lang, script=script, texts=texts)
