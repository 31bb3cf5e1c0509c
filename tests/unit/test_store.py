"""The repositories: whole sessions and journal entries in and out; erase means gone."""

from __future__ import annotations

import threading

import pytest

from trust_tui.core.demo import demo_journal, demo_session
from trust_tui.core.model import JournalEntry, Session
from trust_tui.store import JournalRepository, SessionRepository, Store


def test_save_and_load_a_whole_session(repositories, script):
    sessions, _ = repositories
    engine = demo_session(script, "en", seed=1)
    sessions.save(engine.session)
    engine.session.revision = 1  # saved once
    assert sessions.get(engine.session.id) == engine.session


def test_a_stale_window_never_saves_over_a_newer_one(repositories):
    from trust_tui.store import ChangedElsewhere

    sessions, _ = repositories
    record = {"id": "s1", "created_at": "2026-11-28", "title": "first"}
    assert sessions.save_record(record) == 1
    assert sessions.save_record({**record, "title": "window A"}, expected_revision=1) == 2
    with pytest.raises(ChangedElsewhere):
        sessions.save_record({**record, "title": "window B"}, expected_revision=1)
    assert sessions.get("s1").title == "window A"


def test_saving_again_replaces_not_duplicates(repositories):
    sessions, _ = repositories
    session = Session(id="a", created_at="2026-11-27T10:00:00")
    sessions.save(session)
    session.title = "changed"
    sessions.save(session)
    assert [s.title for s in sessions.all()] == ["changed"]


def test_list_is_newest_first_and_filters_by_team(repositories):
    sessions, _ = repositories
    for day, team in ((1, "Blue"), (3, "Red"), (2, "blue")):
        sessions.save(Session(id=f"s{day}", created_at=f"2026-11-0{day}T10:00:00", team=team))
    assert [s.id for s in sessions.all()] == ["s3", "s2", "s1"]
    assert [s.id for s in sessions.all(team="BLUE")] == ["s2", "s1"]


def test_unfinished_lists_the_open_sessions_that_can_be_read_newest_first(repositories):
    sessions, _ = repositories
    sessions.save(Session(id="old", created_at="2026-11-01T10:00:00"))
    sessions.save(Session(id="new", created_at="2026-11-03T10:00:00"))
    sessions.save(Session(id="done", created_at="2026-11-02T10:00:00", status="finished"))
    sessions.store.sessions.insert({"id": "hand-edited", "status": "open", "stage": 7})
    assert [s.id for s in sessions.unfinished()] == ["new", "old"]
    assert sessions.damaged == ["hand-edited"]
    assert [s.id for s in sessions.all()] == ["new", "done", "old"]


def test_find_by_prefix(repositories):
    sessions, _ = repositories
    for sid in ("20261127-aaaa", "20261127-aabb", "20261101-cccc"):
        sessions.save(Session(id=sid, created_at="2026-11-27"))
    assert [s.id for s in sessions.find("20261127-aa")] == ["20261127-aabb", "20261127-aaaa"]
    assert [s.id for s in sessions.find("20261101")] == ["20261101-cccc"]
    assert sessions.find("nope") == [] and sessions.find("") == []


def test_used_checkin_questions_per_team(repositories):
    sessions, _ = repositories
    sessions.save(Session(id="1", created_at="2026-10-01", team="Blue", checkin_question="q03"))
    sessions.save(Session(id="2", created_at="2026-11-01", team="Blue", checkin_question="q07"))
    sessions.save(Session(id="3", created_at="2026-11-02", team="Red", checkin_question="q01"))
    assert sessions.used_checkin_questions("blue") == ["q03", "q07"]


def test_erase_removes_the_text_from_the_file_and_its_backup(repositories, data_file, script):
    sessions, _ = repositories
    keep = Session(id="keep", created_at="2026-11-01", title="Keep me")
    secret = Session(id="gone", created_at="2026-11-02", title="Zanzibar-7731 difficult Ruud")
    sessions.save(keep)
    sessions.save(secret)
    sessions.save(keep)  # the backup now holds the secret too
    assert b"Zanzibar-7731" in data_file.with_name("trust.db.bak").read_bytes()
    assert sessions.erase("gone")
    for path in (data_file, data_file.with_name("trust.db.bak")):
        raw = path.read_bytes()
        assert b"Zanzibar-7731" not in raw and b"Keep me" in raw
    assert not sessions.erase("gone")


def test_journal_add_edit_list_erase(repositories):
    _, journal = repositories
    entries = demo_journal("en")
    journal.save_many(entries)
    listed = journal.all()
    assert [e.on for e in listed] == sorted((e.on for e in entries), reverse=True)
    first = listed[0]
    first.trust_felt = 1
    journal.save(first)
    assert journal.get(first.id).trust_felt == 1
    assert journal.erase(first.id) and journal.get(first.id) is None
    assert journal.erase_all() == len(entries) - 1 and journal.all() == []


def test_saving_from_a_worker_thread_while_reading(repositories):
    sessions, journal = repositories
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for k in range(20):
                sessions.save(Session(id=f"t{k}", created_at="2026-11-27"))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    worker = threading.Thread(target=write)
    worker.start()
    while worker.is_alive():
        sessions.all()
        journal.all()
    worker.join()
    assert errors == [] and len(sessions.all()) == 20


def test_an_in_memory_store_works_for_tests():
    store = Store()
    SessionRepository(store).save(Session(id="m", created_at="2026-11-27"))
    JournalRepository(store).save(JournalEntry(id="j", created_at="x", on="2026-11-27",
                                               person="Ann"))
    assert SessionRepository(store).get("m") is not None
    assert JournalRepository(store).get("j").person == "Ann"


def test_two_stores_on_one_file_never_reuse_a_document_id(data_file):
    from trust_tui.store import open_store

    first, second = open_store(data_file), open_store(data_file)
    for k in range(4):
        SessionRepository(first).save(Session(id=f"a{k}", created_at="2026-11-27"))
        SessionRepository(second).save(Session(id=f"b{k}", created_at="2026-11-27"))
    ids = {s.id for s in SessionRepository(open_store(data_file)).all()}
    assert ids == {f"{p}{k}" for p in "ab" for k in range(4)}
