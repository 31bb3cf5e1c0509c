"""Issue 13: the data file is a plain TinyDB JSON document that TinyDB, json and jq read as it
is; its integrity record lives inside it, and files in the older layout are moved over once."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from tinydb import TinyDB

from trust_tui.core.model import Session
from trust_tui.store import DamagedFile, SessionRepository, open_store
from trust_tui.store.storage import STORE_VERSION


def _write(path: Path, *titles: str) -> None:
    store = open_store(path)
    for number, title in enumerate(titles):
        SessionRepository(store).save(Session(id=f"s{number}", created_at="2026-11-28",
                                              title=title))
    store.close()


def _version_1(tables: dict) -> bytes:
    """A file as the app wrote it before: a header line, then the tables."""
    body = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode()
    header = {"format": "trust-tui", "version": 1, "saves": 7, "length": len(body),
              "sha256": hashlib.sha256(body).hexdigest(),
              "written": dt.datetime(2026, 11, 1, tzinfo=dt.UTC).isoformat()}
    return json.dumps(header).encode() + b"\n" + body


def test_plain_tinydb_and_json_read_the_file_as_it_is(tmp_path):
    path = tmp_path / "trust.db"
    _write(path, "Kwartaaldoelen", "Blauw team")
    document = json.loads(path.read_bytes())
    assert {record["title"] for record in document["sessions"].values()} == {
        "Kwartaaldoelen", "Blauw team"}
    assert document["trust-tui"]["1"]["version"] == STORE_VERSION
    db = TinyDB(path)
    try:
        assert db.tables() == {"sessions", "trust-tui"}
        assert sorted(r["title"] for r in db.table("sessions").all()) == [
            "Blauw team", "Kwartaaldoelen"]
    finally:
        db.close()


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed here")
def test_jq_reads_the_file(tmp_path):
    path = tmp_path / "trust.db"
    _write(path, "Kwartaaldoelen")
    shown = subprocess.run(["jq", "-r", ".sessions[].title", str(path)], capture_output=True,
                           text=True, check=True)
    assert shown.stdout.strip() == "Kwartaaldoelen"


def test_a_file_reformatted_by_a_tool_still_checks_a_changed_value_does_not(tmp_path):
    path = tmp_path / "trust.db"
    _write(path, "Kwartaaldoelen")
    document = json.loads(path.read_bytes())
    path.write_text(json.dumps(document, indent=4, ensure_ascii=True))  # as `jq .` would
    store = open_store(path)
    assert SessionRepository(store).get("s0").title == "Kwartaaldoelen"
    store.close()
    document["sessions"]["1"]["title"] = "Kwartaaldoelen!"
    path.write_text(json.dumps(document))
    with pytest.raises(DamagedFile) as caught:
        open_store(path)
    assert caught.value.reason == "checksum does not match"


def test_a_file_in_the_older_layout_is_read_and_moved_over_once(tmp_path):
    path = tmp_path / "trust.db"
    old = _version_1({"sessions": {"1": {"id": "old", "created_at": "2026-11-01",
                                         "title": "van vroeger"}}})
    path.write_bytes(old)
    path.chmod(0o600)
    store = open_store(path)
    repository = SessionRepository(store)
    assert repository.get("old").title == "van vroeger"
    assert path.read_bytes() == old  # reading changes nothing
    repository.save(Session(id="new", created_at="2026-11-28", title="nieuw"))
    store.close()
    kept = path.with_name("trust.db.old-format")
    assert kept.read_bytes() == old
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    document = json.loads(path.read_bytes())
    assert {r["id"] for r in document["sessions"].values()} == {"old", "new"}
    assert document["trust-tui"]["1"]["saves"] > 7  # the count goes on
    _write(path, "again")  # a later save in the new layout leaves the kept copy alone
    assert kept.read_bytes() == old


def test_a_damaged_file_in_the_older_layout_is_still_caught(tmp_path):
    path = tmp_path / "trust.db"
    old = _version_1({"sessions": {"1": {"id": "old", "created_at": "2026-11-01",
                                         "title": "van vroeger"}}})
    path.write_bytes(old.replace(b"vroeger", b"VROEGER"))
    with pytest.raises(DamagedFile) as caught:
        open_store(path)
    assert caught.value.reason == "checksum does not match"
