"""Hostile text: markup, control characters and hard Unicode in every field a person fills."""

from __future__ import annotations

import datetime as dt

from tests.snapshots.scenes import WHEN
from trust_tui.core import Session, from_dict, load_script, to_dict
from trust_tui.core.demo import demo_session

MARKUP = ["[/]", "[bold", "[@click=app.quit]x[/]", "[link=file:///etc/passwd]x[/]",
          "trailing\\", "[type=x, v={'a[0]'}]"]
CONTROL = ["\x1b]0;pwned\x07title", "\x1b[2Jcleared", "c1\x9b31mred", "nul\x00byte",
           "bidi\u202eevil", "zero\u200bwidth", "lone\ud800surrogate"]
UNICODE = ["👩‍👩‍👧 family", "漢字のなまえ", "e\u0301te\u0301", "שלום עולם", "x" * 200]

RAW_MARKERS = ("\x1b]0;", "\x1b[2J", "\x9b", "\x00", "\u202e", "\ud800")


def _texts(pool: list[str], count: int) -> list[str]:
    return [f"{pool[i % len(pool)]}{i // len(pool) or ''}" for i in range(count)]


def hostile_session(pool: list[str], *, raw: bool = False) -> Session:
    """The demo session with every text a person typed replaced from ``pool``.

    ``raw`` writes the texts straight into the record, as an old or hand-edited file might,
    bypassing the engine's cleaning; otherwise they go in as people would type them.
    """
    session = demo_session(load_script(), "en", when=WHEN, seed=1).session
    record = to_dict(session)
    names = _texts(pool, len(record["participants"]))
    for person, name in zip(record["participants"], names, strict=True):
        person["name"] = name[:40] if not raw else name
    record["title"], record["team"] = pool[0], pool[-1]
    for index, statement in enumerate(record["statements"]):
        statement["text"] = pool[index % len(pool)]
    for index, theme in enumerate(record["themes"]):
        theme["name"] = pool[(index + 1) % len(pool)]
    for entry in record["checkins"]:
        entry["answer"] = pool[2 % len(pool)]
    destination = record["destination"]
    destination["sentence"] = pool[3 % len(pool)]
    destination["success_signals"] = pool[:3]
    destination["route_fixed"] = destination["route_open"] = pool[-2]
    for relationship in record["relationships"]:
        relationship["pattern"] = pool[1 % len(pool)]
        relationship["names"] = pool[:2]
    for relation in record["team_relations"]:
        relation["name"] = pool[0]
        relation["note"] = pool[-1]
    for commitment in record["commitments"]:
        commitment["partner"], commitment["small_step"] = pool[0], pool[-1]
    record["group_practice"] = {"with_whom": pool[0], "what": pool[1], "when": pool[2]}
    for word in record["closing"]:
        word["word"] = pool[0]
    hostile = from_dict(Session, record)
    hostile.created_at = dt.datetime(2026, 11, 27, 10).isoformat()
    return hostile
