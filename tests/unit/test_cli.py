"""The command line end to end: demo → list → export in three formats → erase."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from trust_tui.cli import _plain_start, build_parser, detect_lang, main
from trust_tui.core.content import language_of, load_content

pytestmark = pytest.mark.slow  # the command line in subprocesses


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trust_tui", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_demo_list_export_end_to_end(tmp_path, isolated_data):
    made = run("demo", "--lang", "nl")
    assert made.returncode == 0, made.stderr
    session_id = made.stdout.strip()
    listed = json.loads(run("list", "--json").stdout)
    assert [row["id"] for row in listed] == [session_id]
    assert listed[0]["status"] == "finished" and listed[0]["destination"]

    markdown = run("export", session_id, "--format", "md").stdout
    for title in ("Inchecken", "Horizon", "Raakvlakken", "Kiezen", "Bestemming", "Relaties",
                  "Kaart", "Oefenen", "Afsluiten"):
        assert f"## {title}" in markdown
    for private in ("Femke", "Marco", "Ilse"):
        assert private not in markdown
    out = tmp_path / "export.json"
    assert run("export", session_id[:12], "--format", "json", "--output", str(out)).returncode == 0
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    data = json.loads(out.read_text())
    assert data["session"]["destination"]["sentence"] and "Femke" not in out.read_text()
    ics = run("export", session_id, "--format", "ics").stdout
    assert len(list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))) == 5
    private = run("export", session_id, "--include-private").stdout
    assert "Femke" in private

    again = run("export", session_id, "--format", "json", "--output", str(out))
    assert again.returncode == 1 and "nothing was overwritten" in again.stderr
    assert json.loads(out.read_text()) == data

    erased = run("erase", session_id)
    assert erased.returncode == 0
    assert run("list", "--json").stdout.strip() == "[]"
    assert b"Femke" not in isolated_data.read_bytes()


def test_demo_many_sessions(isolated_data):
    made = run("demo", "--sessions", "12")
    assert made.returncode == 0, made.stderr
    assert len(json.loads(run("list", "--json").stdout)) == 12


@pytest.mark.parametrize("args", [
    ["export", "nosuch"],
    ["erase", "nosuch"],
    ["export"],
    ["nonsense"],
    ["--lang", "fr", "list"],
    ["export", "x", "--format", "pdf"],
])
def test_bad_arguments_give_one_line_on_stderr_and_non_zero(args):
    result = run(*args)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("trust-tui:")
    assert "Traceback" not in result.stderr


def test_an_unusable_path_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("--db", str(blocker / "trust.db"), "list")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert blocker.read_text() == "x"


def test_ambiguous_prefix(isolated_data):
    run("demo", "--sessions", "2")
    listed = json.loads(run("list", "--json").stdout)
    common = os.path.commonprefix([r["id"] for r in listed])
    if common:
        result = run("export", common)
        assert result.returncode == 1 and "more than one" in result.stderr


def test_db_option_and_environment(tmp_path):
    path = tmp_path / "elsewhere.db"
    assert run("--db", str(path), "demo").returncode == 0
    assert path.exists()
    assert run("list", "--json", env={"TRUST_TUI_DB": str(path)}).stdout.count('"id"') == 1


def test_language_comes_from_the_locale():
    assert detect_lang({"LANG": "nl_NL.UTF-8"}) == "nl"
    assert detect_lang({"LC_ALL": "en_US.UTF-8", "LANG": "nl_BE"}) == "en"
    assert detect_lang({}) == "en"
    # The machine default says nothing about the person: the next variable, else English.
    assert detect_lang({"LC_ALL": "C.UTF-8", "LANG": "nl_NL.UTF-8"}) == "nl"
    assert detect_lang({"LANG": "POSIX"}) == "en"
    assert language_of({"LANG": "C.UTF-8"}) is None
    assert language_of({"LANG": "C"}) is None
    assert language_of({"LANG": "Ca_ES.UTF-8"}) == "en"


def test_list_in_process(capsys):
    assert main(["list"]) == 0
    assert "trust-tui demo" in capsys.readouterr().out


def test_cli_never_prints_control_characters(isolated_data, script):
    from trust_tui.core.model import Session
    from trust_tui.store import SessionRepository, open_store

    store = open_store(isolated_data)
    SessionRepository(store).save(Session(id="x1", created_at="2026-11-27",
                                          title="evil\x1b]0;pwned\x07title"))
    store.close()
    out = run("list").stdout
    assert "\x1b" not in out and "\x07" not in out and "evil" in out


def test_wheel_data_is_found_from_another_folder(tmp_path):
    result = subprocess.run([sys.executable, "-c",
                             "from trust_tui.core import load_content;"
                             "print(load_content('nl').t('app.name'))"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.strip() == "trust-tui"
    assert Path(__file__).resolve().parents[2] != tmp_path


def test_journal_export_in_markdown_and_json(tmp_path, isolated_data):
    assert run("demo").returncode == 0
    markdown = run("export", "--journal").stdout
    assert "# Trust journal" in markdown and "Sanne" in markdown
    out = tmp_path / "journal.json"
    assert run("export", "--journal", "--format", "json", "--output", str(out)).returncode == 0
    assert len(json.loads(out.read_text())["journal"]) == 4
    refused = run("export", "--journal", "--format", "ics")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    nothing = run("export")
    assert nothing.returncode == 1 and "--journal" in nothing.stderr


@pytest.mark.parametrize(("lang", "words", "not_words"), [
    ("nl", ("gebruik:", "opdrachten", "zelf oefenen", "toon deze hulp"), ("show this help",
                                                                         "usage:")),
    ("en", ("usage:", "commands", "solo practice", "show this help"), ("gebruik",)),
])
def test_help_and_each_commands_help_speak_the_language(capsys, lang, words, not_words):
    for argv in (["--lang", lang, "--help"], [f"--lang={lang}", "export", "--help"],
                 ["restore", "--lang", lang, "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert out.count("gebruik:" if lang == "nl" else "usage:") == 1
        assert [w for w in not_words if w in out] == []
    with pytest.raises(SystemExit):
        main(["--lang", lang, "--help"])
    out = capsys.readouterr().out
    assert [w for w in words if w not in out] == []


_READ_PLAINLY = [[], ["--db", "x.db"], ["--lang=nl"], ["--script", "own"], ["join"],
                 ["join", "--name", "Bram"], ["--db", "x.db", "join", "--code=mn4kp7", "--name",
                                              "Anna Maria"], ["join", "--lang", "en", "--db", "y"]]
_LEFT_TO_THE_PARSER = [["--name", "Bram", "join"], ["join", "--name"], ["join", "--name", "-x"],
                       ["join", "extra"], ["join", "join"], ["list"], ["join", "-h"],
                       ["join", "--listen", "1:2"], ["host"]]


@pytest.mark.parametrize("argv", _READ_PLAINLY + _LEFT_TO_THE_PARSER)
def test_a_plain_start_reads_the_command_line_as_the_parser_does_or_leaves_it_to_it(argv):
    """``trust-tui`` and ``trust-tui join`` start without argparse: what they read is what the
    parser would read; anything else or odd is the parser's, which says what is wrong."""
    plain = _plain_start(argv)
    if argv in _LEFT_TO_THE_PARSER:
        assert plain is None
        return
    assert plain is not None
    parsed = build_parser(load_content("en")).parse_args(argv)
    for key in ("command", "db", "lang", "script", "name", "code"):
        assert getattr(plain, key, None) == getattr(parsed, key, None), key
