"""The exercise as data: both languages complete, every key the code uses present."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

import trust_tui
from trust_tui.core import LANGUAGES, ContentError, load_content, load_script
from trust_tui.core import content as content_module
from trust_tui.core.content import DATA
from trust_tui.core.parsed_copies import read_toml

PACKAGE = Path(trust_tui.__file__).parent


def test_both_languages_have_the_same_keys():
    english, dutch = load_content("en"), load_content("nl")
    assert set(english.texts) == set(dutch.texts)
    assert len(english.texts) > 150


def test_translations_differ_from_english():
    english, dutch = load_content("en"), load_content("nl")
    def words(text: str) -> str:
        return re.sub(r"\{[a-z_]+\}|[^A-Za-z ]", "", text).strip()

    same = [k for k in english.texts if english.texts[k] == dutch.texts[k]
            and len(words(english.texts[k])) > 12]
    assert same == []


def test_every_stage_has_its_texts_in_both_languages():
    script = load_script()
    for lang in LANGUAGES:
        content = load_content(lang)
        for stage in script.stages:
            for part in ("title", "purpose", "prompt", "tip"):
                assert content.t(f"stage.{stage.key}.{part}").strip()


def test_script_follows_the_spec_order_and_timeboxes():
    script = load_script()
    keys = [s.key for s in script.stages]
    assert keys == ["setup", "checkin", "look_back", "horizon", "common_ground", "choose",
                    "destination", "relationships", "map", "practice", "close"]
    minutes = {s.key: s.minutes for s in script.stages}
    assert minutes["horizon"] == 5 and minutes["destination"] == 10 and minutes["close"] == 3
    assert {s.key for s in script.stages if s.optional} == {"checkin", "look_back", "map"}
    assert script.dots == 3 and script.max_per_theme == 2


def _keys_used_in_code() -> set[str]:
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")
    keys: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_key_used_in_code_exists():
    used = _keys_used_in_code()
    assert len(used) > 30
    for lang in LANGUAGES:
        content = load_content(lang)
        missing = sorted(k for k in used if not content.has(k))
        assert missing == [], f"{lang}: {missing}"


def test_every_rejection_reason_has_a_text():
    engine = [PACKAGE / "core" / "engine.py", *sorted((PACKAGE / "core" / "rules").glob("*.py"))]
    source = "\n".join(path.read_text(encoding="utf-8") for path in engine)
    reasons = set(re.findall(r'Rejected\(\s*"([a-z_]+)"', source))
    reasons |= set(re.findall(r'"(votes_revealed|already_started)" if', source))
    assert len(reasons) > 30
    for lang in LANGUAGES:
        content = load_content(lang)
        assert sorted(r for r in reasons if not content.has(f"reason.{r}")) == []


def test_placeholders_are_filled():
    content = load_content("nl")
    assert content.t("reason.too_long", limit=40) == "Dat is langer dan de toegestane 40 tekens."


def test_unknown_key_names_the_language_and_key():
    with pytest.raises(ContentError, match="en: no text for key 'nope.nothing'"):
        load_content("en").t("nope.nothing")


def test_missing_key_is_reported_with_file_and_key(monkeypatch):
    real = content_module.read_data_toml

    def without_tip(name: str):
        data = real(name)
        if name == "nl/stages.toml":
            del data["horizon"]["tip"]
        return data

    monkeypatch.setattr(content_module, "read_data_toml", without_tip)
    content_module._adapted.cache_clear()
    content_module.load_content.cache_clear()
    try:
        with pytest.raises(ContentError, match=r"data/nl/stages.toml: missing key 'horizon.tip'"):
            content_module.load_content("nl")
    finally:
        content_module._adapted.cache_clear()
        content_module.load_content.cache_clear()


def test_placeholder_mismatch_is_reported(monkeypatch):
    real = content_module.read_data_toml

    def broken(name: str):
        data = real(name)
        if name == "nl/strings.toml":
            data["reason"]["too_long"] = "Te lang."
        return data

    monkeypatch.setattr(content_module, "read_data_toml", broken)
    content_module._adapted.cache_clear()
    content_module.load_content.cache_clear()
    try:
        with pytest.raises(ContentError, match="reason.too_long"):
            content_module.load_content("nl")
    finally:
        content_module._adapted.cache_clear()
        content_module.load_content.cache_clear()


def test_bad_script_is_reported(monkeypatch):
    real = content_module.read_data_toml

    def broken(name: str):
        data = real(name)
        if name == "script.toml":
            data["stage"][3]["minutes"] = "five"
        return data

    monkeypatch.setattr(content_module, "read_data_toml", broken)
    content_module._adapted.cache_clear()
    content_module.load_script.cache_clear()
    try:
        expected = r"data/script.toml stage\[3\]: 'minutes' must be int"
        with pytest.raises(ContentError, match=expected):
            content_module.load_script()
    finally:
        content_module._adapted.cache_clear()
        content_module.load_script.cache_clear()
        content_module.load_content.cache_clear()


def test_data_is_found_through_the_package_not_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content_module.load_content.cache_clear()
    assert load_content("en").t("app.name") == "trust-tui"


def test_both_texts_follow_the_glossary():
    glossary = content_module.read_data_toml("glossary.toml")
    stages = glossary.pop("stages")
    for lang in LANGUAGES:
        content = load_content(lang)
        for term, entry in glossary.items():
            for key in entry.get("keys", []):
                assert content.t(key) == entry[lang], (lang, term, key)
        for stage in load_script().stages:
            assert content.stage_title(stage.key) == stages[stage.key][lang]


def test_plurals_follow_the_language():
    dutch, english = load_content("nl"), load_content("en")
    assert [dutch.t("export.theme_votes", dots=n) for n in (1, 2, 0)] == [
        "1 stip", "2 stippen", "0 stippen"]
    assert [english.t("choose.dots", dots=n) for n in (1, 3)] == ["1 dot", "3 dots"]
    assert dutch.has("choose.dots") and not dutch.has("choose.dotz")


def test_the_dot_budget_rule_lives_in_the_script():
    script = load_script()  # 3 dots, at most 2 on one theme
    assert (script.dots, script.max_per_theme) == (3, 2)
    assert script.with_dot({}, "t1", 1) == {"t1": 1}
    assert script.with_dot({"t1": 2}, "t1", 1) is None  # the cap on one theme
    assert script.with_dot({"t1": 2, "t2": 1}, "t3", 1) is None  # the budget
    assert script.with_dot({"t1": 2, "t2": 1}, "t1", -1) == {"t1": 1, "t2": 1}
    assert script.with_dot({}, "t1", -1) is None  # never below nothing


# -- parsed copies of the data files ----------------------------------------------------------


def _copies(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "xdg-cache" / "trust-tui" / "parsed").glob("*"))


def test_every_data_file_read_from_its_parsed_copy_is_the_file_itself(tmp_path):
    files = sorted(DATA.rglob("*.toml"))
    assert len(files) >= 9
    for path in files:
        first, again = read_toml(path), read_toml(path)  # parsed, then from the copy
        assert first == again == tomllib.loads(path.read_text(encoding="utf-8")), path
    copies = _copies(tmp_path)
    assert len(copies) == len(files)
    assert {oct(copy.stat().st_mode & 0o777) for copy in copies} == {"0o600"}
    assert oct(copies[0].parent.stat().st_mode & 0o777) == "0o700"


def test_the_second_start_parses_nothing(tmp_path, monkeypatch):
    path = tmp_path / "texts.toml"
    path.write_text('[ui]\ngreeting = "Hallo"\n', encoding="utf-8")
    assert read_toml(path) == {"ui": {"greeting": "Hallo"}}

    def no_parsing(text: str) -> dict[str, object]:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    assert read_toml(path) == {"ui": {"greeting": "Hallo"}}


def test_a_changed_file_is_parsed_again_and_its_old_copy_dropped(tmp_path):
    path = tmp_path / "texts.toml"
    path.write_text('[ui]\ngreeting = "Hallo"\n', encoding="utf-8")
    read_toml(path)
    [old] = _copies(tmp_path)
    path.write_text('[ui]\ngreeting = "Hello"\n', encoding="utf-8")  # the same size
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_toml(path) == {"ui": {"greeting": "Hello"}}
    [new] = _copies(tmp_path)
    assert new != old


def test_a_damaged_copy_is_parsed_again_and_put_right(tmp_path):
    path = tmp_path / "texts.toml"
    path.write_text('[ui]\ngreeting = "Hallo"\n', encoding="utf-8")
    read_toml(path)
    [copy] = _copies(tmp_path)
    copy.write_bytes(b"\x00garbage")
    assert read_toml(path) == {"ui": {"greeting": "Hallo"}}
    assert read_toml(path) == {"ui": {"greeting": "Hallo"}}
    assert copy.read_bytes() != b"\x00garbage"


def test_a_cache_folder_that_cannot_be_written_only_means_parsing(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = tmp_path / "texts.toml"
    path.write_text('[ui]\ngreeting = "Hallo"\n', encoding="utf-8")
    assert read_toml(path) == read_toml(path) == {"ui": {"greeting": "Hallo"}}
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
