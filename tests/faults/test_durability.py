"""RELIABILITY F1–F5, F15, F16: the data file survives kills, full disks, damage and rivals."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import stat
import time
from pathlib import Path

import pytest

from tests.faults.helpers import child, run_child
from trust_tui.core.model import Session
from trust_tui.store import (
    DamagedFile,
    SaveError,
    SessionRepository,
    list_backups,
    open_store,
    restore_backup,
)
from trust_tui.store import storage as storage_module
from trust_tui.store.storage import STORE_VERSION

pytestmark = pytest.mark.slow  # processes killed mid-save and rival processes

POINTS = ["temp_created", "writing", "written", "synced", "backed_up", "replaced", "copied",
          "folder_synced"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def title_on_disk(path: Path) -> str | None:
    store = open_store(path)  # raises DamagedFile if the checksum or layout is off
    try:
        session = SessionRepository(store).get("fault-session")
        return session.title if session else None
    finally:
        store.close()


def stray_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp"))


# -- F1: kill -9 at many points during a save ------------------------------------------------------

@pytest.mark.parametrize("hit", [1, 2, 3])
@pytest.mark.parametrize("point", POINTS)
def test_kill_at_each_point_of_a_save_leaves_old_or_new_state(tmp_path, point, hit):
    path = tmp_path / "d" / "trust.db"
    result = run_child(path, "saves", "5", point, str(hit))
    assert result.returncode == -signal.SIGKILL, result.stderr
    completed = [line for line in result.stdout.splitlines() if line.startswith("saved")]
    done = len(completed)
    title = title_on_disk(path)
    if done == 0 and title is None:
        return  # killed during the very first save: nothing committed yet, nothing half-there
    # The state before the interrupted save, or the state after it: never a mix.
    assert title in (f"state-{done}", f"state-{done + 1}")
    if point in ("replaced", "copied", "folder_synced"):
        assert title == f"state-{done + 1}"
    assert stray_files(path) == []  # temp files of the killed save are cleaned on open


def test_kills_at_random_moments_never_damage_the_file(tmp_path):
    path = tmp_path / "d" / "trust.db"
    rng = random.Random(1)
    for _ in range(8):
        process = child(path, "saves", "400")
        time.sleep(0.25 + rng.random() * 0.5)
        process.kill()
        out, _ = process.communicate()
        done = len([line for line in out.splitlines() if line.startswith("saved")])
        title = title_on_disk(path)
        if title is not None:
            k = int(title.split("-")[1])
            assert done <= k <= done + 1
    assert stray_files(path) == []


# -- F16: save() returned, then kill -9 at once ----------------------------------------------------

def test_an_acknowledged_save_survives_an_immediate_kill(tmp_path):
    path = tmp_path / "d" / "trust.db"
    process = child(path, "saves", "1", env={"CHILD_LINGER": "30"})
    assert process.stdout.readline().strip() == "saved 1"
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert title_on_disk(path) == "state-1"


# -- F2 / F3: write errors -------------------------------------------------------------------------

def _save(path: Path, title: str) -> None:
    store = open_store(path)
    SessionRepository(store).save(Session(id="fault-session", created_at="2026-11-27",
                                          title=title))
    store.close()


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_save_leaves_the_file_byte_identical_and_a_retry_succeeds(
        tmp_path, monkeypatch, failing):
    path = tmp_path / "d" / "trust.db"
    _save(path, "before")
    before = path.read_bytes()
    store = open_store(path)
    repository = SessionRepository(store)
    session = repository.get("fault-session")
    session.title = "after"
    real = getattr(os, failing)
    calls = {"n": 0}

    def broken(*args, **kwargs):
        calls["n"] += 1
        code = errno.ENOSPC if failing == "write" else errno.EIO
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage_module.os, failing, broken)
    with pytest.raises(SaveError) as caught:
        repository.save(session)
    assert "after" not in str(caught.value)
    assert path.read_bytes() == before
    assert stray_files(path) == []
    assert session.title == "after"  # nothing typed is dropped from memory
    monkeypatch.setattr(storage_module.os, failing, real)
    repository.save(session)
    store.close()
    assert title_on_disk(path) == "after"


def test_fsync_is_not_retried_on_the_same_descriptor(tmp_path, monkeypatch):
    path = tmp_path / "d" / "trust.db"
    _save(path, "before")
    store = open_store(path)
    repository = SessionRepository(store)
    session = repository.get("fault-session")
    events: list[tuple[str, str]] = []
    real_fsync, real_mkstemp = os.fsync, storage_module.tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        events.append(("temp", name))
        return fd, name

    def flaky(fd):
        target = os.readlink(f"/proc/self/fd/{fd}")
        events.append(("fsync", target))
        if sum(kind == "fsync" for kind, _ in events) == 1:
            raise OSError(errno.EIO, "I/O error")
        return real_fsync(fd)

    monkeypatch.setattr(storage_module.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(storage_module.os, "fsync", flaky)
    with pytest.raises(SaveError):
        repository.save(session)
    session.title = "retried"
    repository.save(session)
    temps = [name for kind, name in events if kind == "temp"]
    synced = [name for kind, name in events if kind == "fsync"]
    assert len(temps) == 3 and len(set(temps)) == 3  # the retry: a new file, and its backup
    assert synced[0] == temps[0] and synced.count(temps[0]) == 1  # the failed file: once only
    assert [name for name in synced if name.endswith(".tmp")][1:] == temps[1:]
    store.close()
    assert title_on_disk(path) == "retried"


# -- F4: a damaged file on open --------------------------------------------------------------------

def _good_file(path: Path) -> bytes:
    _save(path, "first")
    _save(path, "second")  # so that a good .bak exists
    return path.read_bytes()


def _damage(kind: str, good: bytes) -> bytes:
    integrity_only = json.dumps({"trust-tui": json.loads(good)["trust-tui"]}).encode()
    return {
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "garbage": os.urandom(200).replace(b"\n", b"x"),
        "wrong_json_type": b"[1, 2, 3]",
        "wrong_schema": b'{"sessions": [1, 2]}',
        "foreign_tables": b'{"users": {"1": {"name": "x"}}}',
        "bad_checksum": good.replace(b"second", b"SECOND"),
        "invalid_utf8": b"\xff\xfe\x00garbage\n\xc3\x28",
        "header_only": integrity_only,
    }[kind]


KINDS = ["empty", "truncated", "garbage", "wrong_json_type", "wrong_schema", "foreign_tables",
         "bad_checksum", "invalid_utf8", "header_only"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_file_is_set_aside_untouched_and_the_backup_offered(tmp_path, kind):
    path = tmp_path / "d" / "trust.db"
    good = _good_file(path)
    damaged = _damage(kind, good)
    path.write_bytes(damaged)
    with pytest.raises(DamagedFile) as caught:
        open_store(path)
    aside = caught.value.aside
    assert aside is not None and aside.read_bytes() == damaged
    assert mode(aside) == 0o600
    assert not path.exists()
    restore_backup(path)
    assert title_on_disk(path) == "second"  # the last good state, not the one before it


@pytest.mark.parametrize("kind", ["empty", "bad_checksum", "garbage"])
def test_the_cli_says_so_in_one_line_and_exits_non_zero(tmp_path, kind, capsys):
    from trust_tui.cli import main

    path = tmp_path / "d" / "trust.db"
    path.write_bytes(_damage(kind, _good_file(path)))
    assert main(["--db", str(path), "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err and "trust-tui restore" in err
    assert main(["--db", str(path), "restore"]) == 0
    assert main(["--db", str(path), "list"]) == 0
    assert "fault-session" in capsys.readouterr().out


def test_a_plain_restore_leaves_a_good_file_alone(tmp_path):
    from trust_tui.store import InUse

    path = tmp_path / "d" / "trust.db"
    good = _good_file(path)
    with pytest.raises(InUse):
        restore_backup(path)
    assert path.read_bytes() == good


def test_a_plain_tinydb_file_is_migrated(tmp_path):
    path = tmp_path / "d" / "trust.db"
    path.parent.mkdir(mode=0o700)
    path.write_text('{"_default": {}, "sessions": {"1": {"id": "old", "created_at": "2025-01-01",'
                    ' "title": "from before"}}}')
    store = open_store(path)
    assert SessionRepository(store).get("old").title == "from before"
    SessionRepository(store).save(Session(id="new", created_at="2026-11-27"))
    store.close()
    assert json.loads(path.read_bytes())["trust-tui"]["1"]["version"] == STORE_VERSION


def test_a_newer_format_is_refused_not_overwritten(tmp_path):
    from trust_tui.store import NewerFormat

    path = tmp_path / "d" / "trust.db"
    good = _good_file(path)
    newer = good.replace(b'"version":2', b'"version":99', 1)
    assert newer != good
    path.write_bytes(newer)
    with pytest.raises(NewerFormat):
        open_store(path)
    assert path.read_bytes() == newer


# -- F5: two writers -------------------------------------------------------------------------------

def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    path = tmp_path / "d" / "trust.db"
    open_store(path).close()
    writers = [child(path, "writer", name, "25") for name in ("left", "right")]
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    store = open_store(path)
    ids = {s.id for s in SessionRepository(store).all()}
    assert ids == {f"{name}-{k}" for name in ("left", "right") for k in range(25)}


def test_a_reader_never_sees_a_half_written_file(tmp_path):
    path = tmp_path / "d" / "trust.db"
    _save(path, "start")
    writer = child(path, "saves", "300")
    reads = 0
    deadline = time.monotonic() + 20
    while writer.poll() is None and time.monotonic() < deadline:
        store = open_store(path)
        assert SessionRepository(store).get("fault-session") is not None
        store.close()
        reads += 1
    writer.communicate()
    assert reads > 5


def test_a_lock_left_by_a_killed_process_is_reclaimed(tmp_path):
    path = tmp_path / "d" / "trust.db"
    holder = child(path, "hold", "60")
    assert holder.stdout.readline().strip() == "holding"
    holder.kill()
    holder.communicate()
    store = open_store(path, lock_timeout=3)
    SessionRepository(store).save(Session(id="after", created_at="2026-11-27"))
    assert SessionRepository(store).get("after") is not None


def test_a_lock_held_by_a_live_process_makes_saves_wait_then_report_busy(tmp_path):
    from trust_tui.store import Busy

    path = tmp_path / "d" / "trust.db"
    open_store(path).close()
    holder = child(path, "hold", "30")
    assert holder.stdout.readline().strip() == "holding"
    try:
        store = open_store(path, lock_timeout=0.5)  # opening and reading take no lock
        sessions = SessionRepository(store)
        assert sessions.all() == []
        began = time.monotonic()
        with pytest.raises(Busy):
            sessions.save(Session(id="waited", created_at="2026-11-27"))
        assert time.monotonic() - began >= 0.4
        assert sessions.get("waited") is None
    finally:
        holder.kill()
        holder.communicate()


# -- F15: permissions ------------------------------------------------------------------------------

def test_umask_000_still_gives_owner_only_files(tmp_path):
    path = tmp_path / "fresh" / "nested" / "trust.db"
    old = os.umask(0)
    try:
        _save(path, "one")
        _save(path, "two")
    finally:
        os.umask(old)
    assert mode(path.parent) == 0o700
    for name in ("trust.db", "trust.db.bak", "trust.db.lock"):
        assert mode(path.parent / name) == 0o600, name


def test_loose_permissions_are_tightened_with_a_warning(tmp_path, capsys):
    from trust_tui.cli import main

    path = tmp_path / "d" / "trust.db"
    _save(path, "one")
    os.chmod(path, 0o644)
    assert main(["--db", str(path), "list"]) == 0
    assert mode(path) == 0o600
    assert "tightened permissions" in capsys.readouterr().err


def test_the_default_data_folder_is_made_private(tmp_path, monkeypatch):
    import platformdirs  # the default path asks it when it is needed

    monkeypatch.delenv("TRUST_TUI_DB")
    folder = tmp_path / "xdg" / "trust-tui"
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(folder))
    open_store().close()
    assert mode(folder) == 0o700


@pytest.mark.parametrize("odd", ["link", "folder", "link-to-folder"])
def test_a_data_path_that_is_a_link_or_a_folder_is_refused_and_left_alone(tmp_path, odd):
    """The real CLI: a clear line and exit 1; never a chmod or a write through a link."""
    import subprocess
    import sys

    victim = tmp_path / "someone-elses-file"
    victim.write_text("untouched\n")
    victim.chmod(0o644)
    folder = tmp_path / "a-folder"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    path = tmp_path / "trust.db"
    if odd == "link":
        path.symlink_to(victim)
    elif odd == "folder":
        path = folder
    else:
        path.symlink_to(folder)
    for command in (["list"], ["export", "x"], ["erase", "x"], ["restore"], ["demo"]):
        done = subprocess.run([sys.executable, "-m", "trust_tui", "--db", str(path),
                               "--lang", "en", *command], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 1, (command, done.stderr)
        assert "is a link, a folder or a device" in done.stderr, (command, done.stderr)
        assert "Traceback" not in done.stderr
    assert victim.read_text() == "untouched\n" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755 and list(folder.iterdir()) == []


def test_a_record_that_cannot_be_read_is_named_and_the_others_load(tmp_path):
    """The real CLI on a file with one odd record ("title": 5): no traceback anywhere."""
    import subprocess
    import sys

    path = tmp_path / "trust.db"
    repository = SessionRepository(open_store(path))
    repository.save_record({"id": "20261128-odd1", "created_at": "2026-11-28T10:00:00+00:00",
                            "title": 5, "status": "open", "stage": "horizon"})
    repository.save_record({"id": "20261128-good", "created_at": "2026-11-28T10:00:00+00:00",
                            "title": "fine"})
    repository.store.close()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "trust_tui", "--db", str(path), "--lang",
                               "en", *args], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    listing = cli("list")
    assert listing.returncode == 0 and "20261128-good" in listing.stdout
    assert "20261128-odd1" not in listing.stdout
    assert "Session 20261128-odd1 cannot be read" in listing.stderr
    for command in (["export", "20261128-odd1"], ["export", "20261128-odd1", "--format", "json"]):
        done = cli(*command)
        assert done.returncode == 1 and "cannot be read" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout
    assert "# fine" in cli("export", "20261128-good").stdout
    assert {r["id"]: r["title"] for r in SessionRepository(open_store(path)).store.sessions.all()
            } == {"20261128-odd1": 5, "20261128-good": "fine"}  # left as it was


def test_after_damage_the_good_backup_is_kept_until_the_person_chooses(tmp_path):
    """The real CLI: damage, then start again (twice), try to write, list the backups,
    restore. The last good state survives every step and comes back whole."""
    import subprocess
    import sys

    path = tmp_path / "trust.db"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "trust_tui", "--db", str(path), "--lang",
                               "en", *args], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    assert cli("demo").returncode == 0
    assert cli("demo").returncode == 0  # a second opening: the first state moves to .bak.1
    good = {(b.sessions, b.journal) for b in list_backups(path)}
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 1  # one flipped bit
    path.write_bytes(bytes(raw))
    first = cli("list")
    assert first.returncode == 1 and "damaged" in first.stderr
    for attempt in (["list"], ["demo"], ["list"]):  # every start says so; nothing is written
        again = cli(*attempt)
        assert again.returncode == 1, attempt
        assert "nothing is written until you choose" in again.stderr
        assert "Traceback" not in again.stderr
        assert not path.exists()
    assert {(b.sessions, b.journal) for b in list_backups(path)} == good  # untouched
    listing = cli("restore", "--list")
    assert listing.returncode == 0 and "sessions: 2, journal entries:" in listing.stdout
    assert cli("restore").returncode == 0
    assert len(cli("list").stdout.strip().splitlines()) == 3  # a header and two sessions
    assert cli("restore", "--start-empty").returncode == 1  # nothing waits for a choice now


def test_erasing_a_session_removes_it_from_every_backup(tmp_path):
    path = tmp_path / "trust.db"
    for title in ("first secret title", "second"):
        store = open_store(path)
        SessionRepository(store).save_record({"id": title[:5], "created_at": "2026-11-28",
                                              "title": title})
        store.close()
    store = open_store(path)
    SessionRepository(store).save_record({"id": "third", "created_at": "2026-11-28"})
    assert SessionRepository(store).erase("first")
    store.close()
    for file in tmp_path.iterdir():
        if file.is_file():
            assert b"first secret title" not in file.read_bytes(), file.name
