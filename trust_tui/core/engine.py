"""The facilitation engine: one state machine per session; every change is a validated intent.

What each intent does is a rule of its stage, in ``core/rules/``; here is who may ask for it
and when, what the rules check, and what each person may see of the session."""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import random
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from trust_tui.core.content import LANGUAGES, Script
from trust_tui.core.dates import parse_day
from trust_tui.core.model import (
    FACILITATOR,
    Ballot,
    Commitment,
    CommitmentReview,
    LookBack,
    Participant,
    Session,
    StagePlan,
    Statement,
    Theme,
    Timer,
    from_dict,
    to_dict,
)
from trust_tui.core.rules import INTENTS, Rejected
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
        if not session.votes_revealed:
            # A file written before ballots stayed in memory may hold some with who voted:
            # nobody's ballot can be told apart from the others', so the vote starts again.
            session.ballots, session.voted = [], []
        self.ready: list[str] = []
        """Who said "ready" at this stage; forgotten when the stage changes, never stored."""
        self._checkin_avoid: list[str] = []
        """Check-in questions this team has had before (given at the start)."""
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
        """Validate and apply ``intent``; returns what it made (an id) or None. Raises Rejected.

        The rules live by stage in ``core/rules/``; this checks who may send the intent, and
        when, and hands it to the one handler registered for its kind."""
        rule = INTENTS.get(intent.kind)
        if rule is None:
            raise Rejected("unknown_intent")
        session = self.session
        if session.status == "finished":
            raise Rejected("finished")
        if rule.participant:
            if session.participant(intent.who) is None:
                raise Rejected("unknown_participant")
        elif intent.who != FACILITATOR:
            raise Rejected("not_allowed")
        if rule.stage is not None and session.stage != rule.stage:
            raise Rejected("wrong_stage")
        if not rule.before_start and not session.started:
            raise Rejected("not_started")
        args: tuple[Any, ...] = (self, intent.who) if rule.participant else (self,)
        # Data that does not fit the handler is refused before the call; whatever goes wrong
        # inside the handler is a bug and must surface as one, not as a refusal.
        try:
            inspect.signature(rule.handler).bind(*args, **intent.data)
        except TypeError:
            raise Rejected("unknown_intent") from None
        result = rule.handler(*args, **intent.data)
        session.updated_at = _now_iso(self.clock)
        for listener in list(self.listeners):
            listener(intent)
        return result

    def do(self, kind: str, who: str = FACILITATOR, /, **data: Any) -> Any:
        """Shorthand for ``apply(Intent(kind, who, data))``."""
        return self.apply(Intent(kind, who, data))

    # -- what every stage's rules check (they refuse with Rejected) -----------------------------

    def checked_text(self, value: Any, limit_name: str, *, required: bool = True,
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

    def checked_date(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        # A date to aim at (a small step's, the next look): without a year, the next such day.
        today = dt.date.fromtimestamp(self.clock())
        try:
            return parse_day(value, self.session.lang, today=today).isoformat()
        except ValueError:
            pass
        for lang in LANGUAGES:  # a participant's own screen may speak another language
            try:
                return parse_day(value, lang, today=today).isoformat()
            except ValueError:
                continue
        raise Rejected("bad_date")

    def checked_signals(self, value: Any, *, free: bool = False) -> list[str]:
        if not isinstance(value, list | tuple):
            raise Rejected("unknown_signal")
        signals: list[str] = []
        for item in value:
            if free:
                text = self.checked_text(item, "sentence", required=False)
                if text:
                    signals.append(text)
            elif item not in self.script.signal_keys:
                raise Rejected("unknown_signal")
            elif item not in signals:
                signals.append(item)
        return signals

    def find_theme(self, theme_id: Any) -> Theme:
        theme = self.session.theme(theme_id)
        if theme is None:
            raise Rejected("unknown_theme")
        return theme

    def find_statement(self, statement_id: Any) -> Statement:
        found = next((s for s in self.session.statements if s.id == statement_id), None)
        if found is None:
            raise Rejected("unknown_statement")
        return found

    def find_participant(self, participant_id: Any) -> Participant:
        person = self.session.participant(participant_id)
        if person is None:
            raise Rejected("unknown_participant")
        return person

    def next_id(self, prefix: str, existing: list[str]) -> str:
        numbers = [int(i[len(prefix):]) for i in existing
                   if i.startswith(prefix) and i[len(prefix):].isdigit()]
        return f"{prefix}{max(numbers, default=0) + 1}"

    def require_all_done(self, force: Any) -> None:
        """A reveal while someone is still writing needs the facilitator's explicit yes."""
        if not force and self.not_done():
            raise Rejected("not_all_done")

    # -- who did what ---------------------------------------------------------------------------

    def author_of(self, statement: Statement) -> str | None:
        return statement.author_id or self._authors.get(statement.id)

    def statements_of(self, who: str) -> list[Statement]:
        return [s for s in self.session.statements if self.author_of(s) == who]

    def ballot_of(self, who: str) -> Ballot | None:
        return self._ballot_of.get(who)

    def commitment_of(self, who: str) -> Commitment | None:
        return next((c for c in self.session.commitments if c.participant_id == who), None)

    @property
    def own_screens(self) -> set[str]:
        """Who writes on a screen of their own: their private writing is theirs alone."""
        return {p.id for p in self.session.participants if p.own_screen}

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

    # -- what is written down ---------------------------------------------------------------------

    def record(self) -> dict[str, Any]:
        """The session as plain data for the store.

        In an anonymous session the hot seat's traces (whose turn, who is done) stay in memory:
        two saves in a row must not tell who wrote the statement that appeared between them.

        Until the votes are revealed, the ballots and who has voted stay in memory in every
        session: a file holding both, or two saves a ballot apart, would tell whose ballot is
        whose (with one voter so far, at once). The reveal writes the totals. After a crash in
        the middle of a vote, everyone votes again.
        """
        data: dict[str, Any] = to_dict(self.session)
        if self.session.anonymous:
            data["turn"] = None
            data["horizon_done"] = []
        if not self.session.votes_revealed:
            data["ballots"] = []
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
        """A copy of the session holding only what ``who`` may see now (see ``views_for``,
        the one place that decides it)."""
        return from_dict(Session, self.views_for([who])[who])

    def views_for(self, whos: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What each of ``whos`` may see now, as plain data (a hub sends it after a change).

        Before the reveal only one's own statements and ballot; one's own relationships
        (names too); after the patterns' reveal, the shared patterns with no id or names.
        The session is made plain data once, and each view takes from it (the dicts are
        shared between the views: to serialise, not to change)."""
        session = self.session
        whole = to_dict(session)
        shared = ([to_dict(r) for r in session.shared_patterns()]
                  if session.patterns_revealed else [])
        views = {}
        for who in whos:
            view = dict(whole)
            if not session.revealed:
                view["statements"] = [data for s, data in zip(
                    session.statements, whole["statements"], strict=True)
                    if self.author_of(s) == who]
            if not session.votes_revealed:
                own = self.ballot_of(who) if who != FACILITATOR else None
                view["ballots"] = [to_dict(own)] if own else []
            view["relationships"] = [data for r, data in zip(
                session.relationships, whole["relationships"], strict=True)
                if r.participant_id == who] + shared
            views[who] = view
        return views
