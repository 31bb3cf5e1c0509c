"""The facilitation engine: one state machine per session; every change is a validated intent."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from trust_tui.core.content import LANGUAGES, Script
from trust_tui.core.dates import parse_day
from trust_tui.core.model import (
    FACILITATOR,
    Ballot,
    CheckIn,
    ClosingWord,
    Commitment,
    CommitmentReview,
    Draft,
    GroupPractice,
    LookBack,
    Participant,
    Relationship,
    Session,
    StagePlan,
    Statement,
    TeamRelation,
    Theme,
    Timer,
    to_dict,
)
from trust_tui.core.names import looks_like, same_name
from trust_tui.core.text import clean_text

__all__ = ["Engine", "Intent", "Progress", "Rejected", "new_session_id"]


@dataclass(frozen=True)
class Intent:
    """One change someone asks for. ``who`` is ``"facilitator"`` or a participant id."""

    kind: str
    who: str = FACILITATOR
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "who": self.who, "data": dict(self.data)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Intent:
        return cls(kind=str(raw["kind"]), who=str(raw.get("who", FACILITATOR)),
                   data=dict(raw.get("data") or {}))


class Rejected(Exception):
    """An intent that cannot be applied. ``reason`` is a key under [reason] in the strings."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Progress:
    """What one person has done so far: counts and marks, never content."""

    participant_id: str
    name: str
    checked_in: bool
    statements: int
    horizon_done: bool
    voted: bool
    relationships: int
    committed: bool
    closed: bool
    ready: bool = False
    """Said "ready" from their own screen at this stage (host mode)."""


def new_session_id(now: dt.datetime | None = None) -> str:
    """A short id people can type: the date and four random characters."""
    now = now or dt.datetime.now()
    return f"{now:%Y%m%d}-{secrets.token_hex(2)}"


def _now_iso(clock: Callable[[], float]) -> str:
    return dt.datetime.fromtimestamp(clock(), dt.UTC).isoformat(timespec="seconds")


# Intents only the facilitator may send, and the stage each belongs to (None: any stage).
_FACILITATOR_INTENTS: dict[str, str | None] = {
    "set_details": None, "add_participant": None, "rename_participant": None,
    "remove_participant": None, "set_stage": "setup", "start": "setup", "advance": None,
    "back": None, "skip": None, "hand_to": None, "start_timer": None, "extend_timer": None,
    "reset_timer": None, "draw_checkin": None, "review_commitment": "look_back",
    "keep_destination": "look_back", "reveal": None, "make_theme": "common_ground",
    "rename_theme": "common_ground", "move_statement": "common_ground",
    "merge_themes": "common_ground", "remove_theme": "common_ground",
    "reveal_votes": "choose", "set_destination": "destination",
    "add_team_relation": "map", "update_team_relation": "map", "remove_team_relation": "map",
    "set_group_practice": "practice", "finish": "close", "keep_draft": None,
    "reveal_patterns": "relationships", "set_own_screen": None,
    "clear_draft": None,
}
# Intents a participant sends about their own entries (the facilitator may not write for them).
_PARTICIPANT_INTENTS: dict[str, str | None] = {
    "check_in": "checkin", "add_statement": "horizon", "edit_statement": "horizon",
    "remove_statement": "horizon", "horizon_done": "horizon", "cast_ballot": "choose",
    "write_relationship": "relationships", "write_commitment": "practice",
    "closing_word": "close", "mark_ready": None,
}


class Engine:
    """Holds one session, validates intents and applies them. Not thread-safe: one owner."""

    def __init__(
        self,
        session: Session,
        script: Script,
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.session = session
        self.script = script
        self.clock = clock
        self.rng = rng or random.Random()
        # Anonymous sessions: who wrote what lives here only, never in the session record.
        self._authors: dict[str, str] = {}
        # Every session: whose ballot is whose lives here only, until the votes are revealed.
        self._ballot_of: dict[str, Ballot] = {}
        self.ready: list[str] = []
        """Who said "ready" at this stage; forgotten when the stage changes, never stored."""
        self.listeners: list[Callable[[Intent], None]] = []

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        script: Script,
        *,
        lang: str = "en",
        mode: str = "meeting",
        session_id: str | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> Engine:
        stages = [s for s in script.stages if not s.follow_up_only]
        if mode == "solo":  # one person, facilitator and participant at once
            stages = [s for s in stages if s.solo]
        session = Session(
            id=session_id or new_session_id(dt.datetime.fromtimestamp(clock())),
            created_at=_now_iso(clock),
            lang=lang,
            mode="solo" if mode == "solo" else "meeting",
            plan=[StagePlan(s.key, s.on, s.minutes) for s in stages],
        )
        session.updated_at = session.created_at
        return cls(session, script, clock=clock, rng=rng)

    @classmethod
    def follow_up(
        cls,
        previous: Session,
        script: Script,
        *,
        session_id: str | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> Engine:
        """A new session that opens with Look back at ``previous``."""
        engine = cls.new(script, lang=previous.lang, session_id=session_id, clock=clock, rng=rng)
        session = engine.session
        session.follow_up_of = previous.id
        session.title = previous.title
        session.team = previous.team
        session.anonymous = previous.anonymous
        session.participants = [Participant(p.id, p.name) for p in previous.participants]
        look_back_info = script.stage("look_back")
        keys = [s.key for s in script.stages]
        plan = [StagePlan(s.key, s.on, s.minutes) for s in script.stages
                if not s.follow_up_only or s.key == "look_back"]
        plan.sort(key=lambda p: keys.index(p.key))
        session.plan = plan if look_back_info else session.plan
        session.look_back = LookBack(
            previous_title=previous.title,
            previous_date=previous.created_at[:10],
            previous_destination=copy.deepcopy(previous.destination),
            previous_commitments=copy.deepcopy(previous.commitments),
            previous_names={p.id: p.name for p in previous.participants},
            reviews=[CommitmentReview(c.id) for c in previous.commitments],
        )
        session.destination = copy.deepcopy(previous.destination)
        return engine

    # -- applying intents -----------------------------------------------------------------------

    def apply(self, intent: Intent) -> Any:
        """Validate and apply ``intent``; returns what it made (an id) or None. Raises Rejected."""
        kind = intent.kind
        handler = getattr(self, f"_do_{kind}", None)
        if handler is None or (kind not in _FACILITATOR_INTENTS
                               and kind not in _PARTICIPANT_INTENTS):
            raise Rejected("unknown_intent")
        session = self.session
        if session.status == "finished":
            raise Rejected("finished")
        if kind in _FACILITATOR_INTENTS:
            if intent.who != FACILITATOR:
                raise Rejected("not_allowed")
            stage = _FACILITATOR_INTENTS[kind]
        else:
            if session.participant(intent.who) is None:
                raise Rejected("unknown_participant")
            stage = _PARTICIPANT_INTENTS[kind]
        if stage is not None and session.stage != stage:
            raise Rejected("wrong_stage")
        if kind not in ("set_details", "add_participant", "rename_participant",
                        "remove_participant", "set_stage", "start", "keep_draft",
                        "clear_draft", "set_own_screen") and not session.started:
            raise Rejected("not_started")
        args: tuple[Any, ...] = (intent.who,) if kind in _PARTICIPANT_INTENTS else ()
        # Data that does not fit the handler is refused before the call; whatever goes wrong
        # inside the handler is a bug and must surface as one, not as a refusal.
        try:
            inspect.signature(handler).bind(*args, **intent.data)
        except TypeError:
            raise Rejected("unknown_intent") from None
        result = handler(*args, **intent.data)
        session.updated_at = _now_iso(self.clock)
        for listener in list(self.listeners):
            listener(intent)
        return result

    def do(self, kind: str, who: str = FACILITATOR, /, **data: Any) -> Any:
        """Shorthand for ``apply(Intent(kind, who, data))``."""
        return self.apply(Intent(kind, who, data))

    # -- validation helpers ---------------------------------------------------------------------

    def _text(self, value: Any, limit_name: str, *, required: bool = True,
              multiline: bool = False) -> str:
        if not isinstance(value, str):
            raise Rejected("empty_text")
        text = clean_text(value, multiline=multiline)
        limit = self.script.limit(limit_name)
        if required and not text:
            raise Rejected("empty_name" if limit_name == "name" else "empty_text")
        if len(text) > limit:
            raise Rejected("too_long", limit=limit)
        return text

    def _date(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        try:
            return parse_day(value, self.session.lang).isoformat()
        except ValueError:
            pass
        for lang in LANGUAGES:  # a participant's own screen may speak another language
            try:
                return parse_day(value, lang).isoformat()
            except ValueError:
                continue
        raise Rejected("bad_date")

    def _signals(self, value: Any, *, free: bool = False) -> list[str]:
        if not isinstance(value, list | tuple):
            raise Rejected("unknown_signal")
        signals: list[str] = []
        for item in value:
            if free:
                text = self._text(item, "sentence", required=False)
                if text:
                    signals.append(text)
            elif item not in self.script.signal_keys:
                raise Rejected("unknown_signal")
            elif item not in signals:
                signals.append(item)
        return signals

    def _theme(self, theme_id: Any) -> Theme:
        theme = self.session.theme(theme_id)
        if theme is None:
            raise Rejected("unknown_theme")
        return theme

    def _statement(self, statement_id: Any) -> Statement:
        found = next((s for s in self.session.statements if s.id == statement_id), None)
        if found is None:
            raise Rejected("unknown_statement")
        return found

    def _participant(self, participant_id: Any) -> Participant:
        person = self.session.participant(participant_id)
        if person is None:
            raise Rejected("unknown_participant")
        return person

    def _next_id(self, prefix: str, existing: list[str]) -> str:
        numbers = [int(i[len(prefix):]) for i in existing
                   if i.startswith(prefix) and i[len(prefix):].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1}"

    def author_of(self, statement: Statement) -> str | None:
        return statement.author_id or self._authors.get(statement.id)

    def _check_name(self, name: Any, *, except_id: str | None = None) -> str:
        text = self._text(name, "name")
        for person in self.session.participants:
            if person.id == except_id:
                continue
            if same_name(person.name, text):
                raise Rejected("duplicate_name", name=text)
            if looks_like(person.name, text):  # two people nobody can tell apart on screen
                raise Rejected("looks_like", name=person.name)
        return text

    # -- set-up ---------------------------------------------------------------------------------

    def _do_set_details(self, title: Any = None, team: Any = None, lang: Any = None,
                        anonymous: Any = None) -> None:
        session = self.session
        if title is not None:
            session.title = self._text(title, "title", required=False)
        if team is not None:
            session.team = self._text(team, "name", required=False)
        if lang is not None:
            if lang not in ("nl", "en"):
                raise Rejected("unknown_intent")
            session.lang = lang
        if anonymous is not None:
            if session.started and bool(anonymous) != session.anonymous:
                raise Rejected("already_started")
            session.anonymous = bool(anonymous)

    def _do_add_participant(self, name: Any) -> str:
        session = self.session
        limit = self.script.limit("max_participants")
        if len(session.participants) >= limit:
            raise Rejected("too_many_participants", limit=limit)
        text = self._check_name(name)
        pid = self._next_id("p", [p.id for p in session.participants])
        session.participants.append(Participant(pid, text))
        return pid

    def _do_rename_participant(self, participant_id: Any, name: Any) -> None:
        person = self._participant(participant_id)
        person.name = self._check_name(name, except_id=person.id)

    def _do_remove_participant(self, participant_id: Any) -> None:
        person = self._participant(participant_id)
        progress = self.progress_of(person.id)
        if self.session.started and (
            progress.statements or progress.checked_in or progress.voted
            or progress.relationships or progress.committed or progress.closed
        ):
            raise Rejected("already_started")
        self.session.participants.remove(person)
        if person.id in self.ready:
            self.ready.remove(person.id)
        if self.session.turn == person.id:
            self.session.turn = None

    def _do_set_stage(self, key: Any, enabled: Any = None, minutes: Any = None) -> None:
        plan = self.session.plan_for(key) if isinstance(key, str) else None
        info = self.script.stage(key) if isinstance(key, str) else None
        if plan is None or info is None:
            raise Rejected("unknown_stage")
        if enabled is not None:
            if not info.optional and not enabled:
                raise Rejected("not_optional")
            plan.enabled = bool(enabled)
        if minutes is not None:
            if (not isinstance(minutes, int) or isinstance(minutes, bool)
                    or not 1 <= minutes <= 120):
                raise Rejected("bad_minutes")
            plan.minutes = minutes

    def _do_start(self, avoid: Any = ()) -> str:
        """Begin; ``avoid`` are the check-in questions this team has had before."""
        session = self.session
        if session.started:
            raise Rejected("already_started")
        if not session.participants:
            raise Rejected("too_few_participants")
        session.started = True
        self._checkin_avoid = [str(q) for q in avoid]
        return self._move(+1)

    # -- moving through the stages ---------------------------------------------------------------

    def _move(self, step: int) -> str:
        session = self.session
        route = session.enabled_stages()
        index = route.index(session.stage) if session.stage in route else 0
        target = index + step
        if target < 0 or (step < 0 and route[target] == "setup"):
            raise Rejected("first_stage")
        if target >= len(route):
            raise Rejected("last_stage")
        session.stage = route[target]
        self.ready = []
        # Alone, the keyboard is always yours; in a meeting each stage starts with the facilitator.
        session.turn = session.participants[0].id if session.mode == "solo" else None
        if session.stage == "checkin" and session.checkin_question is None:
            self._draw_checkin(getattr(self, "_checkin_avoid", []))
        return session.stage

    def _do_advance(self) -> str:
        return self._move(+1)

    def _do_back(self) -> str:
        return self._move(-1)

    def _do_skip(self) -> str:
        """Leave an optional stage without doing it; it is marked as skipped."""
        session = self.session
        info = self.script.stage(session.stage)
        if info is None or not info.optional:
            raise Rejected("not_optional")
        if session.stage not in session.skipped:
            session.skipped.append(session.stage)
        return self._move(+1)

    def _do_hand_to(self, participant_id: Any = None) -> None:
        """Pass the keyboard on the shared screen; None gives it back to the facilitator."""
        if participant_id is not None:
            self._participant(participant_id)
            if participant_id in self.own_screens:
                raise Rejected("own_screen")
        self.session.turn = participant_id

    @property
    def own_screens(self) -> set[str]:
        """Who writes on a screen of their own: their private writing is theirs alone."""
        return {p.id for p in self.session.participants if p.own_screen}

    def _do_set_own_screen(self, participant_id: Any, own: Any = True) -> None:
        """Host mode: a seat taken on someone's own screen, or handed back from it."""
        person = self._participant(participant_id)
        person.own_screen = bool(own)
        if person.own_screen and self.session.turn == person.id:
            self.session.turn = None  # the shared screen lets go of their keyboard at once

    def not_done(self) -> list[str]:
        """Who has not finished this stage's private part yet (ids; never what they wrote)."""
        session = self.session
        people = [p.id for p in session.participants]
        if session.stage in ("horizon", "common_ground"):
            return [p for p in people if p not in session.horizon_done]
        if session.stage == "choose":
            return [p for p in people if p not in session.voted]
        if session.stage == "relationships":
            written = {r.participant_id for r in session.relationships}
            return [p for p in people if p not in written]
        return []

    def _early(self, force: Any) -> None:
        """A reveal while someone is still writing needs the facilitator's explicit yes."""
        if not force and self.not_done():
            raise Rejected("not_all_done")

    # -- timers ---------------------------------------------------------------------------------

    def timer(self, stage: str | None = None) -> Timer | None:
        key = stage or self.session.stage
        return next((t for t in self.session.timers if t.stage == key), None)

    def remaining(self, stage: str | None = None) -> int | None:
        """Seconds left on the stage's timer (negative once past zero); None if not started."""
        timer = self.timer(stage)
        if timer is None or timer.started_at is None:
            return None
        end = timer.started_at + timer.minutes * 60 + timer.extra_seconds
        return int(round(end - self.clock()))

    def expired(self, stage: str | None = None) -> bool:
        left = self.remaining(stage)
        return left is not None and left <= 0

    def _do_start_timer(self) -> None:
        session = self.session
        plan = session.plan_for(session.stage)
        minutes = plan.minutes if plan and plan.minutes else 5
        session.timers = [t for t in session.timers if t.stage != session.stage]
        session.timers.append(Timer(session.stage, minutes, self.clock(), 0))

    def _do_extend_timer(self, minutes: Any = 1) -> None:
        timer = self.timer()
        if timer is None or timer.started_at is None:
            raise Rejected("no_timer")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 60:
            raise Rejected("bad_minutes")
        left = self.remaining() or 0
        if left < 0:  # extending after zero gives a minute from now, not from the past
            timer.extra_seconds += -left
        timer.extra_seconds += minutes * 60

    def _do_reset_timer(self) -> None:
        if self.timer() is None:
            raise Rejected("no_timer")
        self.session.timers = [t for t in self.session.timers if t.stage != self.session.stage]

    # -- check-in -------------------------------------------------------------------------------

    def _draw_checkin(self, avoid: list[str]) -> str:
        questions = list(self.script.checkin_questions)
        fresh = [q for q in questions if q not in set(avoid)] or questions
        self.session.checkin_question = self.rng.choice(fresh)
        return self.session.checkin_question

    def _do_draw_checkin(self, avoid: Any = ()) -> str:
        """Draw a question, avoiding those this team has had (``avoid``), and the current one."""
        avoid_list = [str(q) for q in avoid]
        if self.session.checkin_question:
            avoid_list.append(self.session.checkin_question)
        return self._draw_checkin(avoid_list)

    def _do_check_in(self, who: str, answer: Any = "", passed: Any = False) -> None:
        text = "" if passed else self._text(answer, "sentence")
        self.session.checkins = [c for c in self.session.checkins if c.participant_id != who]
        self.session.checkins.append(CheckIn(who, text, bool(passed)))

    # -- look back ------------------------------------------------------------------------------

    def _do_review_commitment(self, commitment_id: Any, mark: Any = None,
                              what_happened: Any = None, signals: Any = None) -> None:
        look_back = self.session.look_back
        if look_back is None:
            raise Rejected("not_follow_up")
        review = next((r for r in look_back.reviews if r.commitment_id == commitment_id), None)
        if review is None:
            raise Rejected("unknown_commitment")
        if mark is not None:
            if mark not in self.script.look_back_marks:
                raise Rejected("bad_mark")
            review.mark = mark
        if what_happened is not None:
            review.what_happened = self._text(what_happened, "note", required=False)
        if signals is not None:
            review.signals = self._signals(signals)

    def _do_keep_destination(self, kept: Any = True) -> None:
        look_back = self.session.look_back
        if look_back is None:
            raise Rejected("not_follow_up")
        look_back.destination_kept = bool(kept)
        if kept:
            self.session.destination = copy.deepcopy(look_back.previous_destination)

    # -- horizon: private statements and the reveal ---------------------------------------------

    def statements_of(self, who: str) -> list[Statement]:
        return [s for s in self.session.statements if self.author_of(s) == who]

    def _own_statement(self, who: str, statement_id: Any) -> Statement:
        statement = self._statement(statement_id)
        if self.author_of(statement) != who:
            if self.session.anonymous and statement.id not in self._authors:
                raise Rejected("anonymous_edit_closed")
            raise Rejected("not_your_entry")
        return statement

    def _do_add_statement(self, who: str, text: Any) -> str:
        session = self.session
        if session.revealed:
            raise Rejected("already_revealed")
        clean = self._text(text, "statement")
        limit = self.script.limit("max_statements")
        if len(self.statements_of(who)) >= limit:
            raise Rejected("too_many_statements", limit=limit)
        existing = {s.id for s in session.statements}
        statement_id = "s" + secrets.token_hex(4)
        while statement_id in existing:
            statement_id = "s" + secrets.token_hex(4)
        if session.anonymous:
            # No author on record; ids are random and the list stays sorted by id,
            # so neither the file's order nor the ids tell who wrote what.
            self._authors[statement_id] = who
            session.statements.append(Statement(statement_id, clean))
            session.statements.sort(key=lambda s: s.id)
        else:
            session.statements.append(Statement(statement_id, clean, author_id=who))
        if who in session.horizon_done:
            session.horizon_done.remove(who)
        return statement_id

    def _do_edit_statement(self, who: str, statement_id: Any, text: Any) -> None:
        if self.session.revealed:
            raise Rejected("already_revealed")
        statement = self._own_statement(who, statement_id)
        statement.text = self._text(text, "statement")

    def _do_remove_statement(self, who: str, statement_id: Any) -> None:
        if self.session.revealed:
            raise Rejected("already_revealed")
        statement = self._own_statement(who, statement_id)
        self.session.statements.remove(statement)
        self._authors.pop(statement.id, None)

    def _do_horizon_done(self, who: str, done: Any = True) -> None:
        session = self.session
        if done and who not in session.horizon_done:
            session.horizon_done.append(who)
        if not done and who in session.horizon_done:
            session.horizon_done.remove(who)
        order = [p.id for p in session.participants]
        session.horizon_done.sort(key=order.index)

    def _do_reveal(self, force: Any = False) -> None:
        session = self.session
        if session.stage not in ("horizon", "common_ground"):
            raise Rejected("wrong_stage")
        if session.revealed:
            raise Rejected("already_revealed")
        self._early(force)
        session.revealed = True
        session.turn = None
        # After the reveal nobody edits statements any more: forget who wrote what.
        self._authors.clear()

    # -- common ground: themes ------------------------------------------------------------------

    def _require_revealed(self) -> None:
        if not self.session.revealed:
            raise Rejected("not_revealed")
        if self.session.ballots:
            raise Rejected("votes_cast")

    def _do_make_theme(self, name: Any, statement_ids: Any = ()) -> str:
        self._require_revealed()
        clean = self._text(name, "theme")
        statements = [self._statement(sid) for sid in statement_ids]
        theme_id = self._next_id("t", [t.id for t in self.session.themes])
        self.session.themes.append(Theme(theme_id, clean))
        for statement in statements:
            statement.theme_id = theme_id
        return theme_id

    def _do_rename_theme(self, theme_id: Any, name: Any) -> None:
        theme = self._theme(theme_id)
        theme.name = self._text(name, "theme")

    def _do_move_statement(self, statement_id: Any, theme_id: Any = None) -> None:
        self._require_revealed()
        statement = self._statement(statement_id)
        if theme_id is not None:
            self._theme(theme_id)
        statement.theme_id = theme_id

    def _do_merge_themes(self, source_id: Any, target_id: Any) -> None:
        self._require_revealed()
        source, target = self._theme(source_id), self._theme(target_id)
        if source.id == target.id:
            raise Rejected("same_theme")
        for statement in self.session.statements:
            if statement.theme_id == source.id:
                statement.theme_id = target.id
        self.session.themes.remove(source)

    def _do_remove_theme(self, theme_id: Any) -> None:
        """Ungroup: the theme goes, its statements stay (ungrouped)."""
        self._require_revealed()
        theme = self._theme(theme_id)
        for statement in self.session.statements:
            if statement.theme_id == theme.id:
                statement.theme_id = None
        self.session.themes.remove(theme)

    # -- choose: dot voting ---------------------------------------------------------------------

    def ballot_of(self, who: str) -> Ballot | None:
        return self._ballot_of.get(who)

    def _do_cast_ballot(self, who: str, dots: Any) -> None:
        session = self.session
        if session.votes_revealed:
            raise Rejected("votes_revealed")
        if not session.themes:
            raise Rejected("no_themes")
        if not isinstance(dots, dict):
            raise Rejected("over_budget", limit=self.script.dots)
        clean: dict[str, int] = {}
        for theme_id, count in dots.items():
            self._theme(theme_id)
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise Rejected("over_budget", limit=self.script.dots)
            if count > self.script.max_per_theme:
                raise Rejected("over_theme_cap", limit=self.script.max_per_theme)
            if count:
                clean[str(theme_id)] = count
        if sum(clean.values()) > self.script.dots:
            raise Rejected("over_budget", limit=self.script.dots)
        # Whose ballot is whose is never written down: after a restart nobody can tell which
        # one is theirs, so a ballot cast before it stays as it is.
        restarted = who in session.voted or len(session.ballots) >= len(session.participants)
        if restarted and who not in self._ballot_of:
            raise Rejected("ballot_sealed")
        old = self._ballot_of.get(who)
        if old is not None:
            session.ballots = [b for b in session.ballots if b is not old]
        ballot = Ballot(clean)
        self._ballot_of[who] = ballot
        session.ballots.append(ballot)
        # An order that says nothing about who voted when.
        session.ballots.sort(key=lambda b: sorted(b.dots.items()))
        if who not in session.voted:
            session.voted.append(who)
        order = [p.id for p in session.participants]
        session.voted.sort(key=order.index)

    def _do_reveal_votes(self, force: Any = False) -> list[str]:
        session = self.session
        if session.votes_revealed:
            raise Rejected("votes_revealed")
        if not session.ballots:
            raise Rejected("no_votes")
        self._early(force)
        # The group sees the totals; the ballots themselves (who put which dot where) go.
        session.totals = session.tally()
        session.ballots = []
        session.votes_revealed = True
        self._ballot_of.clear()
        if not session.destination.theme_ids:
            session.destination.theme_ids = [session.ranking()[0][0].id]
        return [theme.id for theme, _ in session.ranking()]

    # -- destination ----------------------------------------------------------------------------

    def _do_set_destination(self, sentence: Any = None, theme_ids: Any = None,
                            success_signals: Any = None, route_fixed: Any = None,
                            route_open: Any = None, look_again_on: Any = "-") -> None:
        destination = self.session.destination
        if sentence is not None:
            destination.sentence = self._text(sentence, "sentence", required=False)
        if theme_ids is not None:
            destination.theme_ids = [self._theme(t).id for t in theme_ids]
        if success_signals is not None:
            signals = self._signals(success_signals, free=True)
            limit = self.script.limit("max_success_signals")
            if len(signals) > limit:
                raise Rejected("too_many_signals", limit=limit)
            destination.success_signals = signals
        if route_fixed is not None:
            destination.route_fixed = self._text(route_fixed, "note", required=False,
                                                 multiline=True)
        if route_open is not None:
            destination.route_open = self._text(route_open, "note", required=False,
                                                multiline=True)
        if look_again_on != "-":
            destination.look_again_on = self._date(look_again_on)

    # -- relationships --------------------------------------------------------------------------

    def _do_write_relationship(self, who: str, kind: Any, pattern: Any = "", names: Any = (),
                               shared: Any = False, keep_names: Any = False) -> None:
        if kind not in ("easy", "difficult"):
            raise Rejected("bad_kind")
        clean_names = [self._text(n, "name", required=False) for n in names]
        clean_names = [n for n in clean_names if n]
        relationship = Relationship(
            participant_id=who,
            kind=kind,
            pattern=self._text(pattern, "note", required=False, multiline=True),
            shared=bool(shared),
            # Names are kept only when the writer asks for it; otherwise they are never stored.
            names=clean_names if keep_names else [],
            keep_names=bool(keep_names),
        )
        self.session.relationships = [
            r for r in self.session.relationships
            if not (r.participant_id == who and r.kind == kind)
        ] + [relationship]

    def _do_reveal_patterns(self, force: Any = False) -> None:
        """Show the shared patterns to the group: all at once, shuffled, without names."""
        if self.session.patterns_revealed:
            raise Rejected("already_revealed")
        self._early(force)
        self.session.patterns_revealed = True
        self.session.turn = None

    # -- map ------------------------------------------------------------------------------------

    def _team_relation(self, relation_id: Any) -> TeamRelation:
        found = next((r for r in self.session.team_relations if r.id == relation_id), None)
        if found is None:
            raise Rejected("unknown_relation")
        return found

    def _class(self, classification: Any) -> str:
        if classification not in self.script.map_classes:
            raise Rejected("bad_class")
        return str(classification)

    def _do_add_team_relation(self, name: Any, classification: Any = "unknown",
                              note: Any = "", start_here: Any = False) -> str:
        relation_id = self._next_id("r", [r.id for r in self.session.team_relations])
        self.session.team_relations.append(TeamRelation(
            relation_id, self._text(name, "name"), self._class(classification),
            self._text(note, "note", required=False), bool(start_here)))
        return relation_id

    def _do_update_team_relation(self, relation_id: Any, name: Any = None,
                                 classification: Any = None, note: Any = None,
                                 start_here: Any = None) -> None:
        relation = self._team_relation(relation_id)
        if name is not None:
            relation.name = self._text(name, "name")
        if classification is not None:
            relation.classification = self._class(classification)
        if note is not None:
            relation.note = self._text(note, "note", required=False)
        if start_here is not None:
            relation.start_here = bool(start_here)

    def _do_remove_team_relation(self, relation_id: Any) -> None:
        self.session.team_relations.remove(self._team_relation(relation_id))

    # -- practice -------------------------------------------------------------------------------

    def commitment_of(self, who: str) -> Commitment | None:
        return next((c for c in self.session.commitments if c.participant_id == who), None)

    def _do_write_commitment(self, who: str, partner: Any, small_step: Any,
                             signals: Any = (), due_on: Any = None) -> str:
        existing = self.commitment_of(who)
        commitment = Commitment(
            id=existing.id if existing else self._next_id(
                "c", [c.id for c in self.session.commitments]),
            participant_id=who,
            partner=self._text(partner, "name"),
            small_step=self._text(small_step, "sentence"),
            signals=self._signals(list(signals)),
            due_on=self._date(due_on),
        )
        if existing:
            self.session.commitments[self.session.commitments.index(existing)] = commitment
        else:
            self.session.commitments.append(commitment)
        return commitment.id

    def _do_set_group_practice(self, with_whom: Any = "", what: Any = "", when: Any = "") -> None:
        self.session.group_practice = GroupPractice(
            self._text(with_whom, "sentence", required=False),
            self._text(what, "sentence", required=False),
            self._text(when, "sentence", required=False),
        )

    # -- close ----------------------------------------------------------------------------------

    def _do_closing_word(self, who: str, word: Any = "", score: Any = None) -> None:
        if score is not None and (not isinstance(score, int) or isinstance(score, bool)
                                  or not 1 <= score <= 5):
            raise Rejected("bad_score")
        clean = self._text(word, "word", required=False)
        if not clean and score is None:
            raise Rejected("empty_text")
        self.session.closing = [c for c in self.session.closing if c.participant_id != who]
        self.session.closing.append(ClosingWord(who, clean, score))

    def _do_mark_ready(self, who: str, ready: Any = True) -> None:
        """A participant tells the facilitator they are done with this stage (or not yet)."""
        if ready and who not in self.ready:
            self.ready.append(who)
        if not ready and who in self.ready:
            self.ready.remove(who)

    def _do_finish(self) -> None:
        self.session.status = "finished"
        self.session.turn = None
        self._authors.clear()
        self._ballot_of.clear()

    # -- drafts -----------------------------------------------------------------------------------

    def _do_keep_draft(self, fields: Any = None, field: Any = None, text: Any = None) -> bool:
        """Keep half-typed fields (``fields``: text by field id, or one ``field`` and its
        ``text``); not in an anonymous session's private stages."""
        session = self.session
        if session.anonymous and self.script.is_private(session.stage):
            return False
        typed = dict(fields) if isinstance(fields, dict) else {field: text}
        limit = self.script.limit("note")
        kept = {str(key): clean_text(str(value), multiline=True)[:limit]
                for key, value in typed.items() if key and isinstance(value, str)}
        kept = {key: value for key, value in kept.items() if value}
        session.draft = Draft(session.stage, fields=kept) if kept else None
        return session.draft is not None

    def _do_clear_draft(self) -> None:
        self.session.draft = None

    # -- what is written down ---------------------------------------------------------------------

    def record(self) -> dict[str, Any]:
        """The session as plain data for the store.

        In an anonymous session the hot seat's traces (whose turn, who is done, who voted) stay
        in memory: two saves in a row must not tell who wrote the statement or cast the ballot
        that appeared between them.
        """
        data: dict[str, Any] = to_dict(self.session)
        if self.session.anonymous:
            data["turn"] = None
            data["horizon_done"] = []
            data["voted"] = []
        return data

    # -- what people may see --------------------------------------------------------------------

    def progress_of(self, participant_id: str) -> Progress:
        session = self.session
        return Progress(
            participant_id=participant_id,
            name=session.name_of(participant_id),
            checked_in=any(c.participant_id == participant_id for c in session.checkins),
            statements=(len(self.statements_of(participant_id)) if not session.revealed
                        or not session.anonymous else 0),
            horizon_done=participant_id in session.horizon_done,
            voted=participant_id in session.voted,
            relationships=sum(r.participant_id == participant_id
                              for r in session.relationships),
            committed=self.commitment_of(participant_id) is not None,
            closed=any(c.participant_id == participant_id for c in session.closing),
            ready=participant_id in self.ready,
        )

    def progress(self) -> list[Progress]:
        return [self.progress_of(p.id) for p in self.session.participants]

    def view_for(self, who: str) -> Session:
        """A copy of the session holding only what ``who`` may see now.

        Before the reveal only one's own statements and ballot; one's own relationships
        (names too); after the patterns' reveal, the shared patterns with no id or names.
        """
        session = self.session
        view = copy.deepcopy(session)
        if not session.revealed:
            view.statements = [copy.deepcopy(s) for s in session.statements
                               if self.author_of(s) == who]
        if not session.votes_revealed:
            own = self.ballot_of(who) if who != FACILITATOR else None
            view.ballots = [copy.deepcopy(own)] if own else []
        view.relationships = [copy.deepcopy(r) for r in session.relationships
                              if r.participant_id == who]
        if session.patterns_revealed:  # what the group sees: no participant id, no names
            view.relationships += session.shared_patterns()
        return view
