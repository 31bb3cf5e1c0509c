"""Issue 13: a facilitator adapts the exercise in a folder of their own (never the package):
check-in questions, prompts and tips, timeboxes, stages on or off, signals of trust. A bad
part is named by file, line and field, and never stops a meeting: the default stands in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import Terminal
from tests.ui.conftest import make_app, screen_text, set_up
from trust_tui.core import Engine, load_content, load_script
from trust_tui.core.content import use_own_script

SCRIPT = """\
[[stage]]
key = "horizon"
minutes = 8

[[stage]]
key = "map"
on = false

[[stage]]
key = "close"
minutes = "long"

[checkin]
questions = ["ours1", "ours2"]
"""
NL_LISTS = """\
[checkin]
ours1 = "Wat neem je mee uit de vorige sprint?"
ours2 = "Waar ben je trots op?"

[signals]
laughs_along = "lacht mee"
"""
EN_LISTS = """\
[checkin]
ours1 = "What do you take along from the last sprint?"
"""
NL_STAGES = """\
[horizon]
tip = "Schrijf eerst ieder voor zich; daarna delen we."
prompt = 7
"""


def own_version(folder: Path) -> Path:
    for name, text in (("script.toml", SCRIPT), ("nl/lists.toml", NL_LISTS),
                       ("en/lists.toml", EN_LISTS), ("nl/stages.toml", NL_STAGES)):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def trust_tui(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trust_tui", "--lang", "en", *args],
                          capture_output=True, text=True, timeout=60, cwd=cwd,
                          stdin=subprocess.DEVNULL)


def test_check_names_file_line_and_field_of_what_cannot_be_used(tmp_path):
    folder = own_version(tmp_path / "ours")
    (folder / "en" / "strings.toml").write_text('[app]\nname = "x"\n')
    done = trust_tui("script", "check", str(folder))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == f"{folder}: parts that cannot be used: 3. The default stands in for each:"
    assert "  script.toml:11: stage.close.minutes: minutes must be a whole number from 1 to 240" \
        in lines
    assert ("  nl/stages.toml:3: horizon.prompt: not the right kind of value (text, a number, "
            "true/false, a list)") in lines
    assert any(line.startswith("  en/strings.toml: this file cannot be adapted") for line in lines)
    assert ("  en/lists.toml: checkin.ours2: no words in this language yet; sessions in it show "
            "those of the other language") in lines


def test_the_adapted_exercise_replaces_only_what_it_names(tmp_path):
    notes = use_own_script(own_version(tmp_path / "ours"))
    assert len([note for note in notes if not note.info]) == 2
    script = load_script()
    assert script.checkin_questions == ("ours1", "ours2")
    assert "laughs_along" in script.signal_keys and len(script.signal_keys) == 13
    minutes = {stage.key: stage.minutes for stage in script.stages}
    assert minutes["horizon"] == 8 and minutes["close"] == 3  # "long": the default stands
    assert {stage.key for stage in script.stages if not stage.on} == {"map"}
    nl, en = load_content("nl"), load_content("en")
    assert nl.t("stage.horizon.tip") == "Schrijf eerst ieder voor zich; daarna delen we."
    assert nl.t("stage.horizon.prompt") == "Succes ziet er voor mij uit als…"  # 7: default
    assert en.question("ours2") == "Waar ben je trots op?"  # only written in Dutch
    assert en.signal("laughs_along") == "lacht mee"
    use_own_script(None)
    assert len(load_script().checkin_questions) == 12


@pytest.mark.parametrize("broken", [
    {"script.toml": "[[stage]\nkey = "},  # not TOML at all
    {"script.toml": '[[stage]]\nkey = "setup"\nminutes = 5\n[voting]\ndots = 0\n'
                    '[checkin]\nquestions = ["nothing_like_this"]\n[map]\nclasses = ["x"]\n'},
    {"nl/stages.toml": '[horizon]\ntitle = "{name} gaat"\n[nowhere]\ntip = "x"\n'},
    {"nl/lists.toml": '[checkin]\n"Bad Key" = "x"\nok = 5\n[other]\nx = "y"\n'},
])
def test_a_bad_part_never_stops_a_meeting_the_default_stands_in(tmp_path, broken):
    folder = tmp_path / "ours"
    for name, text in broken.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    default_script = load_script()
    default_texts = dict(load_content("nl").texts)
    notes = use_own_script(folder)
    assert notes and all(note.file in broken for note in notes)
    assert load_script() == default_script
    assert load_content("nl").texts == default_texts
    done = trust_tui("--db", str(tmp_path / "trust.db"), "--script", str(folder), "demo")
    assert done.returncode == 0, done.stderr
    assert "parts left out" in done.stderr and "Traceback" not in done.stderr


def test_an_exported_default_checks_clean_and_is_never_written_over(tmp_path):
    folder = tmp_path / "ours"
    assert trust_tui("script", "export", str(folder)).returncode == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.toml")) == [
        "en/lists.toml", "en/stages.toml", "nl/lists.toml", "nl/stages.toml", "script.toml"]
    done = trust_tui("script", "check", str(folder))
    assert done.returncode == 0 and done.stdout.strip() == f"{folder}: everything can be used."
    before = (folder / "script.toml").read_bytes()
    again = trust_tui("script", "export", str(folder))
    assert again.returncode == 1 and "exists already" in again.stderr
    assert (folder / "script.toml").read_bytes() == before


def test_the_config_folder_is_found_without_being_named(tmp_path):
    folder = own_version(tmp_path / "xdg-config" / "trust-tui" / "script")
    done = subprocess.run([sys.executable, "-m", "trust_tui", "script", "check"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg-config")})
    assert done.stdout.startswith(f"{folder}: parts that cannot be used: 2.")


@pytest.mark.slow
def test_a_meeting_in_the_real_program_runs_on_the_adapted_exercise(tmp_path):
    folder = own_version(tmp_path / "ours")
    path = tmp_path / "trust.db"
    term = Terminal(["--db", str(path), "--lang", "nl", "--script", str(folder)])
    try:
        term.wait_for("niet alles is bruikbaar")  # said on screen, and the meeting goes on
        term.wait_for("Nieuwe sessie")
        term.settle(0.5)
        term.send("enter")
        term.wait_for("Titel van de sessie")
        term.settle(0.3)
        term.send("Retro", "tab", "Blauw", "tab", "Anna", "enter", "Bram", "enter")  # one burst
        term.wait_for("• Bram")
        term.send("f8")
        screen = term.wait_for("Incheckvraag")
        assert "Wat neem je mee uit de vorige" in screen or "Waar ben je trots op?" in screen
        assert "○─○─○─○─○─○─○─☀" in screen and "○─○─○─○─○─○─○─○─☀" not in screen  # no Map
        term.send("ctrl+q")
        assert term.close() == 0
    finally:
        term.kill()
    [record] = json.loads(path.read_bytes())["sessions"].values()
    assert record["checkin_question"] in ("ours1", "ours2")
    plan = {stage["key"]: (stage["enabled"], stage["minutes"]) for stage in record["plan"]}
    assert plan["map"] == (False, 10) and plan["horizon"] == (True, 8)
    assert plan["close"] == (True, 3)


def test_a_participants_screen_gets_the_hosts_own_version_and_nothing_else(tmp_path,
                                                                           monkeypatch):
    from trust_tui.net.ssh_door import SshDoor

    monkeypatch.setenv("TRUST_TUI_SCRIPT", str(tmp_path / "ours"))
    monkeypatch.setenv("SECRET_OF_THE_HOST", "x")
    door = SshDoor(code="mn4kp7", data_file=tmp_path / "trust.db", key_path=tmp_path / "key")
    env = door.screen_environment("xterm", "nl", "ticket")
    assert env["TRUST_TUI_SCRIPT"] == str(tmp_path / "ours")
    assert "SECRET_OF_THE_HOST" not in env and env["TRUST_TUI_CODE"] == "ticket"


# -- who writes, and solo practice, come from the script ----------------------------------------

WRITERS_SCRIPT = """\
[[stage]]
key = "checkin"
writers = "private"

[[stage]]
key = "horizon"
writers = "each"

[[stage]]
key = "relationships"
solo = false

[[stage]]
key = "close"
solo = false

[[stage]]
key = "destination"
writers = "everyone"
solo = "yes"

[[stage]]
key = "common_ground"
writers = "each"
"""


def writers_version(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "script.toml").write_text(WRITERS_SCRIPT, encoding="utf-8")
    return folder


def test_check_names_a_bad_writers_or_solo_value_and_keeps_the_default(tmp_path):
    notes = use_own_script(writers_version(tmp_path / "ours"))
    assert sorted((note.where(), note.field, note.kind) for note in notes) == [
        ("script.toml:15", "stage.close.solo", "solo_needs"),
        ("script.toml:19", "stage.destination.writers", "bad_writers"),
        ("script.toml:20", "stage.destination.solo", "wrong_type"),
        ("script.toml:24", "stage.common_ground.writers", "writers_fixed"),
    ]
    script = load_script()
    assert script.stage("destination").writers == "group"
    assert script.stage("common_ground").writers == "group"
    assert script.stage("close").solo


def anonymous_at(engine: Engine, stage: str) -> Engine:
    engine.do("set_details", anonymous=True)
    engine.do("add_participant", name="Anna")
    engine.do("start")
    while engine.session.stage != stage:
        engine.do("advance")
    return engine


def test_an_own_script_decides_which_stages_are_private_and_which_are_solo(tmp_path):
    default = load_script()
    assert "relationships" in [plan.key for plan in Engine.new(default, mode="solo").session.plan]
    assert anonymous_at(Engine.new(default), "checkin").do(
        "keep_draft", field="answer", text="Tired") is True
    assert anonymous_at(Engine.new(default), "horizon").do(
        "keep_draft", field="statement", text="Calm") is False
    use_own_script(writers_version(tmp_path / "ours"))
    script = load_script()
    assert [plan.key for plan in Engine.new(script, mode="solo").session.plan] == [
        "setup", "horizon", "practice", "close"]
    # The check-in is now written privately: in an anonymous session no draft of it is kept;
    # the horizon is written in turn, openly: its draft is kept.
    engine = anonymous_at(Engine.new(script), "checkin")
    assert engine.do("keep_draft", field="answer", text="Tired") is False
    assert engine.session.draft is None
    engine = anonymous_at(Engine.new(script), "horizon")
    assert engine.do("keep_draft", field="statement", text="Calm") is True


async def test_the_stage_screens_follow_who_writes_in_the_script(tmp_path):
    use_own_script(writers_version(tmp_path / "ours"))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await set_up(pilot)
        assert app.meeting.session.stage == "checkin"
        app.act("hand_to", participant_id="p1")
        app.screen.refresh_state()
        await pilot.pause()
        assert "▶ Anna's turn — only Anna looks at the screen now." in screen_text(app)
        app.act("hand_to", participant_id=None)
        await pilot.press("f8")
        await pilot.pause()
        assert app.meeting.session.stage == "horizon"
        assert app.screen.query_one("#people").display
        app.act("hand_to", participant_id="p1")
        app.screen.refresh_state()
        await pilot.pause()
        shown = screen_text(app)
        assert "▶ Anna's turn" in shown and "looks at the screen" not in shown
