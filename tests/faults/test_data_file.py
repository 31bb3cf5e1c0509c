"""Issue 11, items 6–9: damaged files keep their good backups, two windows never overwrite each
other, odd records and odd paths give one clear line (never a traceback), links are never
followed. Most tests run the real ``trust-tui`` command and read its stderr and exit code."""

from __future__ import annotations

import copy
import datetime as dt
import errno
import json
import os
import random
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from trust_tui.core import Engine, export, load_content, load_script
from trust_tui.core.demo import demo_journal, demo_session
from trust_tui.core.journal import trend
from trust_tui.core.model import JournalEntry, Session, to_dict
from trust_tui.store import (
    ChangedElsewhere,
    JournalRepository,
    SaveError,
    SessionRepository,
    list_backups,
    open_store,
)
from trust_tui.store import storage as storage_module
from trust_tui.store.records import UnreadableRecord, check_record

pytestmark = pytest.mark.slow  # the command line in subprocesses

# The real program, with one file operation made to fail (the path named in TRUST_TUI_TEST_FAIL
# cannot be read, as for another user's file: the tests run as root, where chmod 000 is no bar).
UNREADABLE = """
import errno, os, pathlib, sys
victim = os.environ["TRUST_TUI_TEST_FAIL"]
real = pathlib.Path.read_bytes
def read_bytes(self):
    if str(self) == victim:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
    return real(self)
pathlib.Path.read_bytes = read_bytes
from trust_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def cli(path: Path | str, *args: str, env: dict[str, str] | None = None,
        code: str | None = None) -> subprocess.CompletedProcess[str]:
    """``trust-tui --db PATH --lang en ARGS`` as a process of its own."""
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "trust_tui"]
    return subprocess.run([*command, "--db", str(path), "--lang", "en", *args],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def one_clear_line(done: subprocess.CompletedProcess[str]) -> str:
    """The command failed with exactly one line on stderr, and no traceback anywhere."""
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode != 0, done.stderr
    assert done.stderr.startswith("trust-tui: ") and done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def flip_one_bit(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 1
    path.write_bytes(bytes(raw))  # in place: the same file, as an editor or a bad disk would


def counts(path: Path) -> tuple[int, int]:
    store = open_store(path)
    try:
        return len(SessionRepository(store).all()), len(JournalRepository(store).all())
    finally:
        store.close()


# -- 6: a damaged file never costs the good backup ------------------------------------------------

def test_restore_after_damage_brings_back_the_last_good_state(tmp_path):
    """Not the state one save earlier: every session and journal entry saved before the damage
    comes back (the issue saw a journal go from 8 to 4 entries)."""
    path = tmp_path / "trust.db"
    for _ in range(2):
        assert cli(path, "demo").returncode == 0  # each: a session, then 4 journal entries
    assert counts(path) == (2, 8)
    flip_one_bit(path)
    assert "damaged" in one_clear_line(cli(path, "list"))
    assert cli(path, "restore").returncode == 0
    assert counts(path) == (2, 8)


def test_the_backup_is_a_file_of_its_own_that_damage_in_place_does_not_reach(tmp_path):
    path = tmp_path / "trust.db"
    assert cli(path, "demo").returncode == 0
    backup = path.with_name("trust.db.bak")
    assert path.stat().st_ino != backup.stat().st_ino and backup.read_bytes() == path.read_bytes()
    good = backup.read_bytes()
    flip_one_bit(path)
    assert backup.read_bytes() == good


def test_five_good_states_are_kept_owner_only_listed_with_date_and_counts(tmp_path):
    path = tmp_path / "trust.db"
    for _ in range(7):
        assert cli(path, "demo").returncode == 0
    listing = cli(path, "restore", "--list")
    assert listing.returncode == 0
    lines = listing.stdout.strip().splitlines()
    assert len(lines) == 5
    assert [line.split("  ")[2] for line in lines] == [
        f"sessions: {n}, journal entries: {4 * n}" for n in (7, 6, 5, 4, 3)]
    assert all(dt.datetime.strptime(line.split("  ")[1], "%Y-%m-%d %H:%M:%S") for line in lines)
    kept = sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name)
    assert kept == ["trust.db.bak", *(f"trust.db.bak.{n}" for n in range(1, 5))]
    assert all(mode(tmp_path / name) == 0o600 for name in kept)


def test_going_back_to_an_older_state_on_purpose_loses_nothing(tmp_path):
    path = tmp_path / "trust.db"
    for _ in range(4):
        assert cli(path, "demo").returncode == 0
    refused = one_clear_line(cli(path, "restore"))  # a good file: a plain restore leaves it
    assert "undamaged, so nothing was changed" in refused and "--pick N" in refused
    assert counts(path) == (4, 16)
    assert cli(path, "restore", "--pick", "2").returncode == 0
    assert counts(path) == (2, 8)
    listed = [b.sessions for b in list_backups(path)]
    assert listed == [2, 4, 3, 1]  # the one taken first; the newest is still there
    assert cli(path, "restore", "--pick", "1").returncode == 0  # and back again
    assert counts(path) == (4, 16)
    assert "no good backup 9" in one_clear_line(cli(path, "restore", "--pick", "9"))


def test_every_start_after_damage_says_so_and_writes_nothing(tmp_path):
    path = tmp_path / "trust.db"
    for _ in range(3):
        assert cli(path, "demo").returncode == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if ".bak" in p.name}
    flip_one_bit(path)
    one_clear_line(cli(path, "list"))
    for attempt in (["list"], ["demo"], ["export", "--journal"], ["erase", "--yes", "x"], []):
        said = one_clear_line(cli(path, *attempt))
        assert "nothing is written until you choose" in said, attempt
        assert "sessions: 3, journal entries: 12" in said  # the last good state is offered
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if ".bak" in p.name}
    assert after == before and not path.exists()
    assert cli(path, "restore", "--start-empty").returncode == 0
    assert cli(path, "list").returncode == 0  # begins empty; the damaged copy is still aside
    assert len(list(tmp_path.glob("trust.db.damaged-*"))) == 1


@pytest.fixture(scope="module")
def four_openings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("four")
    for _ in range(4):
        assert cli(folder / "trust.db", "demo").returncode == 0
    return folder


@pytest.mark.parametrize("stop_at", [1, 2, 3, 4, 5])
def test_a_kill_while_restoring_never_loses_a_state(tmp_path, monkeypatch, four_openings,
                                                     stop_at):
    """Restoring writes the data file first, then moves the backups newer than the chosen one
    down: stopped at any rename, every state is still in some file."""
    import shutil

    from trust_tui.store import restore_backup

    folder = tmp_path / "copy"
    shutil.copytree(four_openings, folder)
    path = folder / "trust.db"
    states = {b.sessions for b in list_backups(path)}
    assert states == {1, 2, 3, 4}
    real_replace = os.replace
    calls = {"n": 0}

    def stops(source: Any, target: Any) -> None:
        calls["n"] += 1
        if calls["n"] == stop_at:
            raise KeyboardInterrupt  # the process stops here
        real_replace(source, target)

    monkeypatch.setattr(storage_module.os, "replace", stops)
    try:
        restore_backup(path, 3)
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(storage_module.os, "replace", real_replace)
    kept = {b.sessions for b in list_backups(path)} | {counts(path)[0]}
    assert kept == states, stop_at


# -- 7: two windows on one session ----------------------------------------------------------------

def _record(title: str) -> dict[str, Any]:
    return {"id": "s1", "created_at": "2026-11-28T10:00:00", "title": title}


def test_a_window_whose_session_was_erased_elsewhere_does_not_bring_it_back(tmp_path):
    path = tmp_path / "trust.db"
    window = SessionRepository(open_store(path))
    revision = window.save_record(_record("mine"))
    assert SessionRepository(open_store(path)).erase("s1")  # the other window erases it
    with pytest.raises(ChangedElsewhere):
        window.save_record(_record("mine, later"), expected_revision=revision)
    assert SessionRepository(open_store(path)).get("s1") is None


def test_a_window_never_saves_over_an_older_state_brought_back_elsewhere(tmp_path):
    """After ``restore --pick`` the file's revision is lower than the window's: it is not the
    state the window read, so the window does not write over it."""
    path = tmp_path / "trust.db"
    window = SessionRepository(open_store(path))
    revision = window.save_record(_record("one"))
    revision = window.save_record(_record("two"), expected_revision=revision)
    other = SessionRepository(open_store(path))
    other.store.sessions.update({"revision": 1, "title": "one"})  # as a restore leaves it
    with pytest.raises(ChangedElsewhere):
        window.save_record(_record("three"), expected_revision=revision)
    assert SessionRepository(open_store(path)).get("s1").title == "one"


def test_a_save_that_landed_but_reported_an_error_is_not_taken_for_another_window(
        tmp_path, monkeypatch):
    """The rename happened, the folder's fsync failed: the retry knows the file holds its own
    save and goes on (it is not "changed elsewhere")."""
    path = tmp_path / "trust.db"
    window = SessionRepository(open_store(path))
    revision = window.save_record(_record("one"))
    real = storage_module._fsync_folder

    def broken(folder: Path) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(storage_module, "_fsync_folder", broken)
    with pytest.raises(SaveError):
        window.save_record(_record("two"), expected_revision=revision)
    monkeypatch.setattr(storage_module, "_fsync_folder", real)
    assert window.save_record(_record("three"), expected_revision=revision) == 3
    assert SessionRepository(open_store(path)).get("s1").title == "three"


# -- 8: odd records -------------------------------------------------------------------------------

def _demo_record() -> dict[str, Any]:
    return to_dict(demo_session(load_script(), "en", seed=1).session)


def _odd_sessions() -> dict[str, dict[str, Any]]:
    base = _demo_record()
    odd: dict[str, dict[str, Any]] = {}

    def variant(name: str, change: Any) -> None:
        record = copy.deepcopy(base)
        record["id"] = f"20261128-{name}"
        change(record)
        odd[record["id"]] = record

    variant("title5", lambda r: r.update(title=5))
    variant("titlenull", lambda r: r.update(title=None))
    variant("revtrue", lambda r: r.update(revision=True))
    variant("lang", lambda r: r.update(lang="xx"))
    variant("stage", lambda r: r.update(stage="nowhere"))
    variant("stmts", lambda r: r.update(statements="x"))
    variant("item7", lambda r: r["statements"].append(7))
    variant("due", lambda r: r["commitments"][0].update(due_on="next week"))
    variant("class", lambda r: r["team_relations"][0].update(classification="odd"))
    variant("dots", lambda r: r["ballots"].append({"participant_id": "p1", "dots": {"t": "2"}}))
    return odd


def _file_with(path: Path, sessions: dict[str, dict[str, Any]],
               entries: list[dict[str, Any]]) -> None:
    store = open_store(path)
    store.sessions.insert_multiple(sessions.values())
    store.journal.insert_multiple(entries)
    store.close()


def test_every_command_on_odd_records_names_them_and_serves_the_others(tmp_path):
    path = tmp_path / "trust.db"
    odd = _odd_sessions()
    good = {**_demo_record(), "id": "20261128-good"}
    journal = [to_dict(e) for e in demo_journal("en", today=dt.date(2026, 11, 28),
                                                  session_id=None, commitment_id=None)]
    journal[0]["on"] = "yesterday"
    journal[1]["trust_felt"] = "4"
    bad_entries = {journal[0]["id"], journal[1]["id"]}
    _file_with(path, {**odd, good["id"]: good}, journal)
    before = path.read_bytes()

    listing = cli(path, "list")
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert "20261128-good" in listing.stdout
    for record_id in odd:
        assert record_id not in listing.stdout
        assert f"Session {record_id} cannot be read" in listing.stderr
    assert cli(path, "list", "--json").returncode == 0
    for record_id in odd:
        for form in ("md", "json", "ics"):
            said = one_clear_line(cli(path, "export", record_id, "--format", form))
            assert f"Session {record_id} cannot be read" in said
    for form in ("md", "json", "ics"):
        assert cli(path, "export", "20261128-good", "--format", form).returncode == 0
    for form in ("md", "json"):
        done = cli(path, "export", "--journal", "--format", form)
        assert done.returncode == 0 and "Traceback" not in done.stderr
        assert {line.split()[3] for line in done.stderr.splitlines()} == bad_entries
    assert path.read_bytes() == before  # read, never changed
    assert cli(path, "erase", "--yes", "20261128-title5").returncode == 0  # it can go
    assert "20261128-title5" not in {r["id"] for r in json.loads(
        path.read_bytes())["sessions"].values()}


def test_a_lone_surrogate_in_a_record_is_shown_as_a_replacement_character(tmp_path):
    """A hand-edited ``\\ud800`` cannot be written to a terminal or an export: the session is
    still served, with the character replaced, and the file is left as it is."""
    path = tmp_path / "trust.db"
    record = {**_demo_record(), "id": "20261128-surrogate", "title": "before\ud800after"}
    _file_with(path, {record["id"]: record}, [])
    before = path.read_bytes()
    listing = cli(path, "list")
    assert listing.returncode == 0 and "before\ufffdafter" in listing.stdout
    for form in ("md", "json", "ics"):
        done = cli(path, "export", "20261128-surrogate", "--format", form)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "before\ufffdafter" in cli(path, "export", "20261128-surrogate").stdout
    assert path.read_bytes() == before


def test_a_record_is_checked_in_full_what_passes_works_everywhere():
    """Thousands of damaged variants of real sessions and journal entries: each is either
    refused, or exports in every format, runs in the engine and draws the journal's trend."""
    script = load_script()
    rng = random.Random(11)
    values: list[Any] = [None, True, 0, -1, 7, 1.5, float("nan"), "", "x", "2026-13-40",
                         "\x1b[2J", "\ud800", [], {}, [1], ["x"], [{}], {"x": "y"}, "nl",
                         "solo", "finished", "close", "2026-11-27"]
    bases = [to_dict(demo_session(script, "en", seed=s, variant=v).session)
             for s in range(2) for v in range(3)]

    def leaves(node: Any, where: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        found = [where] if where else []
        items = node.items() if isinstance(node, dict) else (
            enumerate(node) if isinstance(node, list) else [])
        for key, child in items:
            found += leaves(child, (*where, key))
        return found

    def damage(record: Any) -> Any:
        record = copy.deepcopy(record)
        for _ in range(rng.choice((1, 1, 2))):
            where = rng.choice(leaves(record))
            node = record
            for key in where[:-1]:
                node = node[key]
            node[where[-1]] = copy.deepcopy(rng.choice(values))
        return record

    accepted = 0
    for _ in range(1500):
        try:
            session = check_record(Session, damage(rng.choice(bases)))
        except UnreadableRecord:
            continue
        accepted += 1
        content = load_content(session.lang)
        export.session_markdown(session, content, include_private=True)
        export.session_json(session, include_private=True)
        export.session_ics(session, content)
        Engine(session, script).record()
    entries = [to_dict(e) for e in demo_journal("en", today=dt.date(2026, 11, 28),
                                                session_id="s", commitment_id=None)]
    for _ in range(1500):
        try:
            hit = rng.randrange(len(entries))
            journal = [check_record(JournalEntry, damage(e) if k == hit else e)
                       for k, e in enumerate(entries)]
        except UnreadableRecord:
            continue
        accepted += 1
        export.journal_markdown(journal, load_content("en"))
        export.journal_json(journal)
        trend(journal, journal[0].person)
    assert accepted > 300  # most damage is refused; enough gets through to mean something


# -- 8 and 9: odd paths ---------------------------------------------------------------------------

COMMANDS = [["list"], ["list", "--json"], ["export", "x"], ["export", "--journal"],
            ["erase", "--yes", "x"], ["demo"], ["restore"], ["restore", "--list"],
            ["restore", "--pick", "1"], ["restore", "--start-empty"]]


@pytest.mark.parametrize("odd", ["dangling-link", "fifo", "device", "inside-a-file",
                                 "name-too-long", "link-beside"])
def test_no_command_prints_a_traceback_for_an_odd_path(tmp_path, odd):
    victim = tmp_path / "someone-elses-file"
    victim.write_text("untouched\n")
    victim.chmod(0o644)
    path = tmp_path / "trust.db"
    expected = "is a link, a folder or a device"
    if odd == "dangling-link":
        path.symlink_to(tmp_path / "nowhere")
    elif odd == "fifo":
        os.mkfifo(path)
    elif odd == "device":
        path = Path("/dev/null")
    elif odd == "inside-a-file":
        path = victim / "trust.db"
        expected = "cannot use the data file"
    elif odd == "name-too-long":
        path = tmp_path / ("x" * 300)
        expected = "File name too long"
    else:  # the data file is fine, but a file the app keeps beside it is a link
        assert cli(path, "demo").returncode == 0
        path.with_name("trust.db.bak.3").symlink_to(victim)
    for command in COMMANDS:
        assert expected in one_clear_line(cli(path, *command)), command
    assert victim.read_text() == "untouched\n" and mode(victim) == 0o644
    assert not (tmp_path / "nowhere").exists()


def test_an_unreadable_data_file_or_backup_gives_one_line(tmp_path):
    path = tmp_path / "trust.db"
    assert cli(path, "demo").returncode == 0
    data = {"TRUST_TUI_TEST_FAIL": str(path)}
    for command in (["list"], ["export", "--journal"], ["restore"], ["restore", "--pick", "0"]):
        said = one_clear_line(cli(path, *command, env=data, code=UNREADABLE))
        assert "Permission denied" in said, command
    backup = {"TRUST_TUI_TEST_FAIL": str(path.with_name("trust.db.bak"))}
    assert cli(path, "list", env=backup, code=UNREADABLE).returncode == 0
    assert "no good backup" in one_clear_line(
        cli(path, "restore", "--list", env=backup, code=UNREADABLE))


def test_restore_on_a_folder_says_so_and_changes_nothing(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    for command in (["restore"], ["restore", "--list"], ["restore", "--pick", "2"]):
        assert "is a link, a folder or a device" in one_clear_line(cli(folder, *command))
    assert mode(folder) == 0o755 and list(folder.iterdir()) == []


# -- 9: never through a link, never what the app did not make -------------------------------------

def test_a_file_that_is_not_a_data_file_of_ours_keeps_its_permissions(tmp_path):
    """A loose backup that proves to be ours is tightened; a hard link (another name for the
    same file) and a file that is not a data file are left exactly as they are."""
    path = tmp_path / "trust.db"
    assert cli(path, "demo").returncode == 0
    assert cli(path, "demo").returncode == 0
    ours = path.with_name("trust.db.bak.1")
    ours.chmod(0o644)
    foreign = path.with_name("trust.db.bak.2")
    foreign.write_text("a note of someone's, not a backup\n")
    foreign.chmod(0o644)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("shared\n")
    elsewhere.chmod(0o644)
    os.link(elsewhere, path.with_name("trust.db.bak.3"))
    assert cli(path, "list").returncode == 0
    assert mode(ours) == 0o600
    assert mode(foreign) == 0o644 and mode(elsewhere) == 0o644


def test_folders_the_app_makes_are_owner_only_and_others_are_left_alone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    path = shared / "a" / "b" / "trust.db"
    old = os.umask(0)
    try:
        assert cli(path, "demo").returncode == 0
    finally:
        os.umask(old)
    assert mode(shared) == 0o755
    assert mode(shared / "a") == 0o700 and mode(shared / "a" / "b") == 0o700
