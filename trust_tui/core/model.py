"""The exercise's data: plain dataclasses that serialise to and from JSON."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union

from trust_tui.core.roles import FACILITATOR

__all__ = [
    "FACILITATOR",
    "FORMAT_VERSION",
    "Ballot",
    "CheckIn",
    "ClosingWord",
    "Commitment",
    "CommitmentReview",
    "Destination",
    "Draft",
    "GroupPractice",
    "JournalEntry",
    "LookBack",
    "Participant",
    "Relationship",
    "Session",
    "StagePlan",
    "Statement",
    "TeamRelation",
    "Theme",
    "Timer",
    "from_dict",
    "from_dict_reusing",
    "to_dict",
]

FORMAT_VERSION = 1
"""Version of the session record layout; stored with every session."""


Mark = Literal["done", "partly", "not_yet"]
Kind = Literal["easy", "difficult"]


@dataclass
class Participant:
    id: str
    name: str
    own_screen: bool = False
    """Writes on a screen of their own (host mode): their seat never goes to the shared one."""


@dataclass
class StagePlan:
    key: str
    enabled: bool = True
    minutes: int = 0


@dataclass
class Timer:
    """A stage's countdown: running from ``started_at`` (seconds since the epoch)."""

    stage: str
    minutes: int
    started_at: float | None = None
    extra_seconds: int = 0


@dataclass
class CheckIn:
    participant_id: str
    answer: str = ""
    passed: bool = False


@dataclass
class Statement:
    id: str
    text: str
    author_id: str | None = None
    """None in an anonymous session: the author is never written down."""
    theme_id: str | None = None


@dataclass
class Theme:
    id: str
    name: str


@dataclass
class Ballot:
    """One person's dots, cast as a whole. Whose they are is never written down."""

    dots: dict[str, int]


@dataclass
class Destination:
    sentence: str = ""
    theme_ids: list[str] = field(default_factory=list)
    """The segment of the horizon: the themes the destination covers."""
    success_signals: list[str] = field(default_factory=list)
    route_fixed: str = ""
    route_open: str = ""
    look_again_on: str | None = None
    """ISO date of the moment to look again."""


@dataclass
class Relationship:
    """A person's reflection on one kind of relationship. Names only if they chose to keep them."""

    participant_id: str
    kind: Kind
    pattern: str = ""
    shared: bool = False
    names: list[str] = field(default_factory=list)
    keep_names: bool = False


@dataclass
class TeamRelation:
    id: str
    name: str
    classification: str = "unknown"
    note: str = ""
    start_here: bool = False


@dataclass
class Commitment:
    id: str
    participant_id: str
    partner: str
    small_step: str
    signals: list[str] = field(default_factory=list)
    due_on: str | None = None


@dataclass
class GroupPractice:
    with_whom: str = ""
    what: str = ""
    when: str = ""


@dataclass
class ClosingWord:
    participant_id: str
    word: str = ""
    score: int | None = None


@dataclass
class CommitmentReview:
    commitment_id: str
    mark: Mark | None = None
    what_happened: str = ""
    signals: list[str] = field(default_factory=list)


@dataclass
class LookBack:
    """What a follow-up carries over from the previous session, and how the group marks it."""

    previous_title: str = ""
    previous_date: str = ""
    previous_destination: Destination = field(default_factory=Destination)
    previous_commitments: list[Commitment] = field(default_factory=list)
    previous_names: dict[str, str] = field(default_factory=dict)
    reviews: list[CommitmentReview] = field(default_factory=list)
    destination_kept: bool | None = None


@dataclass
class Draft:
    """Half-typed fields, kept when the app had to stop (a dropped connection) mid-sentence."""

    stage: str
    fields: dict[str, str] = field(default_factory=dict)
    """Every field of the stage's screen with unsent text, by the field's id."""
    field: str = ""
    text: str = ""
    """Records written before drafts covered every field held one field's text here."""

    def __post_init__(self) -> None:
        if self.field and self.text and not self.fields:
            self.fields = {self.field: self.text}
        self.field = self.text = ""


@dataclass
class Session:
    id: str
    created_at: str
    title: str = ""
    team: str = ""
    lang: str = "en"
    mode: Literal["meeting", "solo"] = "meeting"
    anonymous: bool = False
    status: Literal["open", "finished"] = "open"
    started: bool = False
    stage: str = "setup"
    plan: list[StagePlan] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    turn: str | None = None
    """Whose turn it is on the shared screen (the hot seat), a participant id."""
    timers: list[Timer] = field(default_factory=list)
    follow_up_of: str | None = None
    look_back: LookBack | None = None
    checkin_question: str | None = None
    checkins: list[CheckIn] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    horizon_done: list[str] = field(default_factory=list)
    """Who has confirmed their statements (never which statements are theirs)."""
    revealed: bool = False
    themes: list[Theme] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    """Cast, not yet revealed; at the reveal they become ``totals`` and are forgotten."""
    voted: list[str] = field(default_factory=list)
    votes_revealed: bool = False
    totals: dict[str, int] = field(default_factory=dict)
    """Dots per theme id after the reveal: what the group saw, never who put a dot where."""
    destination: Destination = field(default_factory=Destination)
    relationships: list[Relationship] = field(default_factory=list)
    patterns_revealed: bool = False
    """The shared patterns have been shown to the group (together, without names)."""
    team_relations: list[TeamRelation] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    group_practice: GroupPractice = field(default_factory=GroupPractice)
    closing: list[ClosingWord] = field(default_factory=list)
    draft: Draft | None = None
    updated_at: str = ""
    revision: int = 0
    """How many times this session has been saved: a window whose revision is behind the
    file's was changed elsewhere, and never saves over it."""
    format: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        # Records written before votes were private kept every ballot after the reveal.
        if self.votes_revealed and self.ballots:
            self.totals = self._sum_ballots()
            self.ballots = []

    def participant(self, participant_id: str | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def name_of(self, participant_id: str | None, default: str = "") -> str:
        person = self.participant(participant_id)
        return person.name if person else default

    def theme(self, theme_id: str | None) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def _sum_ballots(self) -> dict[str, int]:
        totals = {theme.id: 0 for theme in self.themes}
        for ballot in self.ballots:
            for theme_id, dots in ballot.dots.items():
                if theme_id in totals:
                    totals[theme_id] += dots
        return totals

    def tally(self) -> dict[str, int]:
        """Dots per theme id, every theme present."""
        if self.votes_revealed:
            return {theme.id: self.totals.get(theme.id, 0) for theme in self.themes}
        return self._sum_ballots()

    def shared_patterns(self) -> list[Relationship]:
        """The patterns people chose to share, without whose they are or any name.

        In an order that follows neither the people nor the order they wrote in, and is the
        same on every screen and in every export of this session.
        """
        import hashlib  # OpenSSL's library: half a MB a participant's screen rarely needs

        shared = [Relationship(participant_id="", kind=r.kind, pattern=r.pattern, shared=True)
                  for r in self.relationships if r.shared and r.pattern]

        def shuffled(relationship: Relationship) -> str:
            key = f"{self.id}\0{relationship.kind}\0{relationship.pattern}"
            return hashlib.sha256(key.encode("utf-8")).hexdigest()

        return sorted(shared, key=shuffled)

    def ranking(self) -> list[tuple[Theme, int]]:
        """Themes by dots, most first; ties keep the order the themes were made in."""
        totals = self.tally()
        order = {theme.id: index for index, theme in enumerate(self.themes)}
        ranked = sorted(self.themes, key=lambda t: (-totals[t.id], order[t.id]))
        return [(theme, totals[theme.id]) for theme in ranked]

    def enabled_stages(self) -> list[str]:
        return [plan.key for plan in self.plan if plan.enabled]

    def plan_for(self, key: str) -> StagePlan | None:
        return next((plan for plan in self.plan if plan.key == key), None)


@dataclass
class JournalEntry:
    """A small step of trust taken between meetings."""

    id: str
    created_at: str
    on: str
    """ISO date the step was taken."""
    person: str
    what_i_did: str = ""
    response: str = ""
    signals: list[str] = field(default_factory=list)
    other_signals: str = ""
    trust_felt: int = 3
    commitment_id: str | None = None
    session_id: str | None = None
    format: int = FORMAT_VERSION


# ---------------------------------------------------------------------------------------------
# Plain-data conversion, driven by the type hints above.

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """A dataclass (and everything in it) as plain JSON-ready data."""
    return dataclasses.asdict(obj)


def from_dict(cls: type[T], data: Any) -> T:
    """Build ``cls`` from plain data; unknown keys are ignored, missing ones take defaults."""
    return typing.cast(T, _convert(cls, data))


def from_dict_reusing(cls: type[T], data: Any, built: dict[str, tuple[Any, Any]]) -> T:
    """``from_dict(cls, data)`` for data that comes again and again, changed a little: a field
    whose data is the same as last time keeps the value built then (``built`` holds, per field,
    its data and its value, and is updated here). Values are shared between the objects built
    this way: for objects that are read, never changed."""
    if not isinstance(data, dict):
        raise TypeError(f"expected an object for {cls.__name__}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(typing.cast(Any, cls)) if f.init}
    kwargs = {}
    for key, item in data.items():
        if key not in names:
            continue
        last = built.get(key)
        if last is None or last[0] != item:
            last = built[key] = (item, _convert(hints[key], item))
        kwargs[key] = last[1]
    return cls(**kwargs)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {hint.__name__}")
        hints = _hints(hint)
        names = {f.name for f in dataclasses.fields(hint) if f.init}
        kwargs = {key: _convert(hints[key], item) for key, item in value.items() if key in names}
        return hint(**kwargs)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise TypeError("expected a list")
        return [_convert(item_hint, item) for item in value]
    if origin is dict:
        _, value_hint = typing.get_args(hint)
        if not isinstance(value, dict):
            raise TypeError("expected an object")
        return {str(key): _convert(value_hint, item) for key, item in value.items()}
    if origin is Literal:
        if value not in typing.get_args(hint):
            raise ValueError(f"unexpected value {value!r}")
        return value
    if hint is float and isinstance(value, int):
        return float(value)
    if hint in (str, int, float, bool) and not isinstance(value, hint):
        raise TypeError(f"expected {hint.__name__}")
    return value
