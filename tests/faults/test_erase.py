"""Issue 13: erasing a session removes every reference to it, and afterwards no byte of the data
file or of any file kept beside it holds its id or what was written in it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.faults.test_data_file import cli
from trust_tui.core import Engine, load_script
from trust_tui.core.demo import demo_journal, demo_session
from trust_tui.core.model import to_dict
from trust_tui.store import JournalRepository, SessionRepository, open_store
from trust_tui.store.emergency import write_emergency


def _texts(session) -> list[str]:
    """What people wrote in the session, long enough to be searched for in raw bytes."""
    found = [statement.text for statement in session.statements]
    found += [session.destination.sentence]
    found += [commitment.small_step for commitment in session.commitments]
    return [text for text in found if len(text) >= 12]


def test_erase_leaves_no_trace_of_the_session_in_any_file(tmp_path):
    path = tmp_path / "trust.db"
    script = load_script()
    erased = demo_session(script, "en", seed=3).session
    for number, statement in enumerate(erased.statements):  # words only this session holds
        statement.text = f"{statement.text[:150]} (Q3 only {number})"
    for number, commitment in enumerate(erased.commitments):
        commitment.small_step = f"{commitment.small_step[:150]} (Q3 step {number})"
    erased.destination.sentence += " (Q3 destination)"
    kept = demo_session(script, "en", seed=4).session
    follow_up = Engine.follow_up(erased, script).session
    follow_up.title, follow_up.team = "Next quarter", "Blue"
    # A follow-up starts from a copy of the destination; once the team adjusted it, it is theirs.
    follow_up.destination.sentence = "We ship calmly, and say no in time."
    entries = demo_journal("en", today=dt.date(2026, 11, 28), session_id=erased.id,
                           commitment_id=erased.commitments[0].id)
    store = open_store(path)
    for session in (erased, kept, follow_up):
        SessionRepository(store).save(session)
    JournalRepository(store).save_many(entries)
    store.close()
    for _ in range(3):  # more starts, so that older backups exist too
        assert cli(path, "list").returncode == 0
        store = open_store(path)
        SessionRepository(store).save(kept)
        store.close()
    texts = _texts(erased)
    assert len(texts) >= 5
    raw_before = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert erased.id.encode() in raw_before
    assert all(text.encode() in raw_before for text in texts)

    unsaved = write_emergency(path, to_dict(erased))  # words a hang-up left beside the file
    assert unsaved is not None and unsaved.parent == tmp_path
    damaged = tmp_path / "trust.db.damaged-20261101-120000"  # set aside earlier: never touched
    damaged.write_bytes(raw_before)

    done = cli(path, "erase", "--yes", erased.id)
    assert done.returncode == 0, done.stderr
    assert "no longer point to it" in done.stdout
    assert f"may still hold it, untouched: {damaged}" in done.stdout
    assert damaged.read_bytes() == raw_before
    assert not unsaved.exists()

    for file in tmp_path.iterdir():
        if file.is_file() and file != damaged:
            raw = file.read_bytes()
            assert erased.id.encode() not in raw, file.name
            for text in texts:
                assert text.encode() not in raw, (file.name, text)
    document = json.loads(path.read_bytes())
    by_id = {record["id"]: record for record in document["sessions"].values()}
    assert set(by_id) == {kept.id, follow_up.id}
    assert by_id[follow_up.id]["follow_up_of"] is None
    assert by_id[follow_up.id]["look_back"] is None
    assert by_id[follow_up.id]["title"] == "Next quarter"  # the follow-up itself stays whole
    journal = list(document["journal"].values())
    assert len(journal) == len(entries)  # the steps are the person's own: they stay, unlinked
    assert all(e["session_id"] is None and e["commitment_id"] is None for e in journal)
    assert {e["what_i_did"] for e in journal} == {to_dict(e)["what_i_did"] for e in entries}
    for form in ("md", "json"):
        assert cli(path, "export", follow_up.id, "--format", form).returncode == 0
    assert cli(path, "export", "--journal").returncode == 0


def test_erasing_a_session_in_the_older_layout_also_removes_the_kept_old_copy(tmp_path):
    path = tmp_path / "trust.db"
    session = demo_session(load_script(), "en", seed=5).session
    store = open_store(path)
    SessionRepository(store).save(session)
    store.close()
    old_copy = Path(f"{path}.old-format")
    old_copy.write_bytes(path.read_bytes())  # as the first save in the new layout leaves it
    old_copy.chmod(0o600)
    assert cli(path, "erase", "--yes", session.id).returncode == 0
    assert not old_copy.exists()
