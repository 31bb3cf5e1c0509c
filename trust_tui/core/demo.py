"""A complete, realistic example session (and journal), driven through the engine."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Any

from trust_tui.core.content import Script, read_data_toml
from trust_tui.core.engine import Engine
from trust_tui.core.model import JournalEntry

__all__ = ["demo_journal", "demo_session"]


def _clock_at(moment: dt.datetime) -> Any:
    start = moment.timestamp()
    ticks = iter(range(10**9))
    return lambda: start + next(ticks)  # a second passes per call: ordered, repeatable


def demo_session(script: Script, lang: str, *, when: dt.datetime | None = None,
                 variant: int = 0, seed: int | None = None) -> Engine:
    """Run the whole exercise with four invented people; returns the finished engine."""
    raw = read_data_toml(f"{lang}/demo.toml")
    when = when or dt.datetime.now()
    rng = random.Random(seed)
    engine = Engine.new(script, lang=lang, clock=_clock_at(when), rng=rng,
                        session_id=f"{when:%Y%m%d}-{rng.getrandbits(16):04x}")
    do = engine.do
    do("set_details", title=raw["titles"][variant % len(raw["titles"])],
       team=raw["teams"][variant % len(raw["teams"])], anonymous=False)
    people = [do("add_participant", name=name) for name in raw["participants"]]
    do("set_stage", key="map", enabled=True, minutes=8)
    do("start")
    # Check-in
    for person, answer in zip(people, raw["checkin"], strict=True):
        if answer:
            do("check_in", person, answer=answer)
        else:
            do("check_in", person, passed=True)
    do("advance")
    # Horizon: each writes privately, then the reveal.
    do("start_timer")
    statement_ids: list[list[str]] = []
    for person, texts in zip(people, raw["statements"], strict=True):
        do("hand_to", participant_id=person)
        statement_ids.append([do("add_statement", person, text=text) for text in texts])
        do("horizon_done", person)
    do("hand_to", participant_id=None)
    do("advance")
    do("reveal")
    # Common ground
    theme_ids = []
    for theme in raw["themes"]:
        members = [statement_ids[p][s] for p, s in theme["statements"]]
        theme_ids.append(do("make_theme", name=theme["name"], statement_ids=members))
    do("advance")
    # Choose
    for person, dots in zip(people, raw["choose"]["ballots"], strict=True):
        do("cast_ballot", person, dots={t: n for t, n in zip(theme_ids, dots, strict=True) if n})
    ranking = do("reveal_votes")
    do("advance")
    # Destination
    destination = raw["destination"]
    do("set_destination", sentence=destination["sentence"], theme_ids=ranking[:2],
       success_signals=destination["success_signals"], route_fixed=destination["route_fixed"],
       route_open=destination["route_open"],
       look_again_on=(when.date() + dt.timedelta(days=42)).isoformat())
    do("advance")
    # Relationships (private)
    for entry in raw["relationships"]:
        do("write_relationship", people[entry["participant"]], kind=entry["kind"],
           pattern=entry["pattern"], names=entry["names"], shared=entry["shared"],
           keep_names=entry["keep_names"])
    do("reveal_patterns", force=True)  # not everyone wrote one: the facilitator said yes
    do("advance")
    # Map
    for relation in raw["team_relations"]:
        do("add_team_relation", **relation)
    do("advance")
    # Practice
    for commitment in raw["commitments"]:
        do("write_commitment", people[commitment["participant"]], partner=commitment["partner"],
           small_step=commitment["small_step"], signals=commitment["signals"],
           due_on=(when.date() + dt.timedelta(days=commitment["due_in_days"])).isoformat())
    do("set_group_practice", **raw["group_practice"])
    do("advance")
    # Close
    for person, word, score in zip(people, raw["close"]["words"], raw["close"]["scores"],
                                   strict=True):
        do("closing_word", person, word=word, score=score)
    do("finish")
    return engine


def demo_journal(lang: str, *, today: dt.date | None = None, session_id: str | None = None,
                 commitment_id: str | None = None) -> list[JournalEntry]:
    """A few weeks of small steps, the first one linked to a commitment of the demo session."""
    raw = read_data_toml(f"{lang}/demo.toml")
    today = today or dt.date.today()
    entries = []
    for index, item in enumerate(raw["journal"]):
        on = today - dt.timedelta(days=item["days_ago"])
        entries.append(JournalEntry(
            id=f"j{on:%Y%m%d}-{secrets.token_hex(2)}",
            created_at=dt.datetime.combine(on, dt.time(17, 0)).isoformat(timespec="seconds"),
            on=on.isoformat(),
            person=item["person"],
            what_i_did=item["what_i_did"],
            response=item["response"],
            signals=list(item["signals"]),
            other_signals=item["other_signals"],
            trust_felt=item["trust_felt"],
            commitment_id=commitment_id if index == 0 else None,
            session_id=session_id if index == 0 else None,
        ))
    return entries
