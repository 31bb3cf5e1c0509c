"""The exercise as data: the stage script and every text, in Dutch and English, from data/."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trust_tui.core.parsed_copies import read_toml

if TYPE_CHECKING:  # a facilitator's own version is rare: its reader loads when one is used
    from trust_tui.core.adapt import Note

__all__ = [
    "LANGUAGES",
    "language_of",
    "Content",
    "ContentError",
    "Script",
    "StageInfo",
    "WRITERS",
    "load_content",
    "load_script",
    "read_data_toml",
    "own_script_folder",
    "own_script_notes",
    "use_own_script",
]

LANGUAGES = ("nl", "en")
"""Every language the app speaks; English is the reference for keys."""


def language_of(environ: Mapping[str, str]) -> str | None:
    """Dutch or English, as the locale variables say; None when they say nothing.

    The C and POSIX locales are a machine's default, not a person's choice: they say nothing
    (an ssh client on a bare server sends ``LANG=C.UTF-8``; the host's language is better).
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = str(environ.get(name, "") or "")
        if value and value.split(".")[0].upper() not in ("C", "POSIX"):
            return "nl" if value.lower().startswith("nl") else "en"
    return None


WRITERS = ("facilitator", "each", "group", "private")
"""Who writes in a stage: the facilitator alone, each person in turn (the keyboard passed
round), the group together, or each person privately (hidden until the reveal)."""

ADAPTABLE = ("script.toml", "nl/stages.toml", "nl/lists.toml", "en/stages.toml",
             "en/lists.toml")
"""The files a facilitator may adapt, relative to the folder."""

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
    on: bool = True
    """Part of a new session's plan unless switched off (only an optional stage can be)."""
    solo: bool = False
    """Part of solo practice, the short version one person does alone."""

    @property
    def private(self) -> bool:
        """People write here privately: hidden until the reveal, and in an anonymous session
        nothing about who is writing (whose turn, who is done, a draft) is written down."""
        return self.writers == "private"

    @property
    def hot_seat(self) -> bool:
        """Each person writes their own part: the keyboard is handed to one at a time, and
        the people pane shows who has done what."""
        return self.writers in ("each", "private")


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

    def is_private(self, key: str | None) -> bool:
        """Whether people write privately in stage ``key`` (see StageInfo.private)."""
        info = self.stage(key) if key else None
        return info is not None and info.private

    def limit(self, name: str) -> int:
        return self.limits[name]


@dataclass(frozen=True)
class Content:
    """All texts of one language, with the script they belong to."""

    lang: str
    script: Script
    texts: dict[str, str] = field(repr=False)

    def t(self, key: str, **params: Any) -> str:
        """The text for ``key``, its {placeholders} filled in from ``params``. A key written as
        plural forms (``key.one``, ``key.other``…) takes the form the language's plural rule
        (Babel) gives for the ``count`` parameter, or for the only whole number given."""
        template = self.texts.get(key)
        if template is None and f"{key}.other" in self.texts:
            template = self.texts.get(f"{key}.{self.plural_form(params)}",
                                      self.texts[f"{key}.other"])
        if template is None:
            raise ContentError(f"{self.lang}: no text for key '{key}'")
        return template.format(**params) if params else template

    def plural_form(self, params: dict[str, Any]) -> str:
        """Babel's plural category ('one', 'other'…) for the number among ``params``."""
        numbers = [value for value in params.values()
                   if isinstance(value, int) and not isinstance(value, bool)]
        count = params.get("count", numbers[0] if len(numbers) == 1 else None)
        if not isinstance(count, int):
            return "other"
        from babel import Locale  # imported when used: keeps start-up quick

        return str(Locale.parse(self.lang).plural_form(abs(count)))

    def has(self, key: str) -> bool:
        return key in self.texts or f"{key}.other" in self.texts

    def for_mode(self, mode: str) -> Content:
        """The texts as a session of ``mode`` reads them: in solo practice every text written
        for one person (``solo.<key>``) stands in for the group's ``<key>``."""
        if mode != "solo":
            return self
        return _solo_view(self)

    def stage_title(self, key: str) -> str:
        return self.t(f"stage.{key}.title")

    def question(self, question_id: str) -> str:
        """The question's words; a question since taken out of an adapted script is named so."""
        key = f"checkin.{question_id}"
        return self.t(key) if key in self.texts else self.t("app.question_gone")

    def signal(self, key: str) -> str:
        return self.t(f"signals.{key}") if self.has(f"signals.{key}") else key

    def signal_list(self, keys: list[str]) -> str:
        return ", ".join(self.signal(key) if self.has(f"signals.{key}") else key for key in keys)


_SOLO_VIEWS: dict[int, tuple[Content, Content]] = {}


def _solo_view(content: Content) -> Content:
    known = _SOLO_VIEWS.get(id(content))
    if known is not None and known[0] is content:
        return known[1]
    own = {key[len("solo."):]: text for key, text in content.texts.items()
           if key.startswith("solo.") and key.count(".") > 1}
    view = Content(lang=content.lang, script=content.script, texts={**content.texts, **own})
    _SOLO_VIEWS[id(content)] = (content, view)
    return view



def _data_folder() -> Path:
    """The stage script and texts: inside the installed package (the wheel carries them there),
    else in the source tree this package was loaded from (a checkout or an editable install).
    Never the working folder."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "data"
    return inside if (inside / "script.toml").is_file() else package.parent / "data"


DATA = _data_folder()
"""The default stage script and texts, nl + en."""


def read_data_toml(name: str) -> dict[str, Any]:
    path = DATA / name
    try:
        return read_toml(path)  # from its parsed copy after the first start
    except FileNotFoundError:
        raise ContentError(f"data/{name}: file missing") from None
    except ValueError as error:  # tomllib.TOMLDecodeError (its parser loads when needed)
        raise ContentError(f"data/{name}: {error}") from None


_own_folder: Path | None = None
"""A facilitator's own version of the exercise, laid over the defaults (see core/adapt.py)."""


def use_own_script(folder: Path | None) -> list[Note]:
    """From now on the exercise is the defaults with ``folder`` laid over them (None: the
    defaults alone); the notes say what in it was left out."""
    global _own_folder
    if folder == _own_folder:
        return own_script_notes()
    _own_folder = folder
    _adapted.cache_clear()
    load_script.cache_clear()
    load_content.cache_clear()
    return own_script_notes()


def own_script_notes() -> list[Note]:
    return list(_adapted()[1]) if _own_folder is not None else []


def own_script_folder() -> Path | None:
    """The facilitator's own version in use, if any."""
    return _own_folder


@cache
def _adapted() -> tuple[dict[str, dict[str, Any]], tuple[Note, ...]]:
    """Every adaptable file: the default, with the facilitator's own laid over it."""
    files = {name: read_data_toml(name) for name in ADAPTABLE}
    folder = _own_folder
    if folder is None:
        return files, ()
    from trust_tui.core.adapt import Note, lay_over, new_list_items, read_own

    notes: list[Note] = []
    if not folder.is_dir():
        return files, (Note(str(folder), None, "", "no_folder"),)
    for found in sorted(folder.rglob("*.toml")):
        name = found.relative_to(folder).as_posix()
        if name not in ADAPTABLE:
            notes.append(Note(name, None, "", "not_adaptable_file"))
    own: dict[str, tuple[dict[str, Any], str]] = {}
    for name in ADAPTABLE:
        data, text, unreadable = read_own(folder, name)
        own[name] = (data, text)
        notes += unreadable
    script = files["script.toml"]
    defaults = {"checkin": list(script["checkin"]["questions"]),
                "signals": list(script["signals"]["keys"])}
    added = new_list_items(defaults, [own[f"{lang}/lists.toml"][0] for lang in LANGUAGES])
    known = {table: {*defaults[table], *added[table]} for table in defaults}
    for name in ADAPTABLE:
        data, text = own[name]
        if data:
            files[name], more = lay_over(name, files[name], data, text, known)
            notes += more
    own_script = own["script.toml"][0]
    for table, names in (("checkin", "questions"), ("signals", "keys")):
        listed = own_script.get(table)
        if not (isinstance(listed, dict) and names in listed):  # new items join the list
            files["script.toml"][table][names] += added[table]
        for item in added[table]:
            missing = [lang for lang in LANGUAGES
                       if item not in files[f"{lang}/lists.toml"].get(table, {})]
            if missing:
                notes.append(Note(f"{missing[0]}/lists.toml", None, f"{table}.{item}",
                                  "one_language", info=True))
    return files, tuple(notes)


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
    raw = _adapted()[0]["script.toml"]
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
                on=bool(stage.get("on", True)),
                solo=bool(stage.get("solo", False)),
            )
        )
        if stages[-1].writers not in WRITERS:
            raise ContentError(f"{at}: 'writers' must be one of {', '.join(WRITERS)}")
    keys = [stage.key for stage in stages]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{where}: a stage key appears twice")
    for required in ("setup", "horizon", "common_ground", "choose", "destination", "close"):
        if required not in keys:
            raise ContentError(f"{where}: stage '{required}' is missing")
    if keys[0] != "setup":
        raise ContentError(f"{where}: the first stage must be 'setup'")
    for solo_needs in ("setup", "close"):
        if not any(stage.solo for stage in stages if stage.key == solo_needs):
            raise ContentError(f"{where}: stage '{solo_needs}' must have solo = true")
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
    adapted = _adapted()[0]
    for name in _LANG_FILES:
        raw = adapted.get(f"{lang}/{name}") or read_data_toml(f"{lang}/{name}")
        prefix = "stage." if name == "stages.toml" else ""
        _flatten(raw, prefix, f"data/{lang}/{name}", texts)
    for other in LANGUAGES:  # a question or signal a facilitator wrote in one language only
        for table, words in adapted[f"{other}/lists.toml"].items():
            for item, phrase in words.items():
                texts.setdefault(f"{table}.{item}", phrase)
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
