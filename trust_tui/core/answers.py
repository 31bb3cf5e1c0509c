"""What a participant answers on their own screen, stage by stage, and the intents it becomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["FORMS", "RELATIONSHIP_KINDS", "Ask", "intents_for", "refused_ask", "unkept_names"]


@dataclass(frozen=True)
class Ask:
    """One thing a stage asks of a participant on their own screen."""

    key: str
    label: str
    """A key in the strings."""
    kind: str = "text"
    """text, names (private, sent only when kept), date, score (1–5), tick or signals."""
    limit: str = "sentence"
    """The limit (in the script) the engine holds this answer to."""
    default: bool = False
    """A tick's starting value."""


RELATIONSHIP_KINDS = ("easy", "difficult")
"""The two kinds of working relationship a person reflects on, in the order they are asked."""

# What each stage asks of a participant, in the order every screen shows it: the shared screen
# (the keyboard passed round), a participant's own screen and solo practice all build their form
# from here. Enter moves from field to field; the privacy ticks come after the fields, in sight
# below them, with their defaults (share the patterns, keep no names) already set.
FORMS: dict[str, tuple[Ask, ...]] = {
    "checkin": (Ask("answer", "join.answer"),),
    "horizon": (Ask("text", "horizon.placeholder", limit="statement"),),
    "relationships": (
        Ask("easy_names", "relationships.easy_names", "names", "note"),
        Ask("easy", "relationships.easy_pattern", limit="note"),
        Ask("difficult_names", "relationships.difficult_names", "names", "note"),
        Ask("difficult", "relationships.difficult_pattern", limit="note"),
        Ask("share", "relationships.share", "tick", default=True),
        Ask("keep", "relationships.keep", "tick"),
    ),
    "practice": (Ask("partner", "practice.partner", limit="name"),
                 Ask("small_step", "practice.step"),
                 Ask("signals", "practice.signals", "signals"),
                 Ask("due_on", "practice.due", "date")),
    "close": (Ask("word", "close.word", limit="word"), Ask("score", "close.score", "score")),
}


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


_REFUSED_KIND = {"bad_score": "score", "bad_date": "date"}
"""Which kind of answer a refusal is about, where it names one."""


def refused_ask(stage: str, reason: str) -> str | None:
    """The question a refusal is about (the score for a score out of range), if it says."""
    kind = _REFUSED_KIND.get(reason)
    return next((ask.key for ask in FORMS.get(stage, ()) if ask.kind == kind), None)


def unkept_names(stage: str, answers: dict[str, Any]) -> set[str]:
    """The questions whose answers must stay on the writer's screen as they stand: the names,
    unless "keep" is ticked. Nothing of them goes in an intent, a draft or to the host."""
    if answers.get("keep"):
        return set()
    return {ask.key for ask in FORMS.get(stage, ()) if ask.kind == "names"}


def intents_for(stage: str, answers: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The intents a filled-in form becomes.

    Relationship names leave this screen only when the writer ticked "keep"; otherwise they
    were written for the writer's own eyes and are never sent.
    """
    if stage == "checkin":
        return [("check_in", {"answer": answers["answer"]})]
    if stage == "horizon":
        return [("add_statement", {"text": answers["text"]})]
    if stage == "relationships":
        keep = bool(answers.get("keep"))
        hidden = unkept_names(stage, answers)
        intents = []
        for kind in RELATIONSHIP_KINDS:
            pattern = str(answers.get(kind, ""))
            typed = "" if f"{kind}_names" in hidden else str(answers.get(f"{kind}_names", ""))
            names = _names(typed)
            if pattern.strip() or names:
                intents.append(("write_relationship", {
                    "kind": kind, "pattern": pattern, "names": names,
                    "shared": bool(answers.get("share")), "keep_names": keep}))
        return intents
    if stage == "practice":
        return [("write_commitment", {"partner": answers["partner"],
                                      "small_step": answers["small_step"],
                                      "signals": list(answers.get("signals") or []),
                                      "due_on": str(answers.get("due_on", "")).strip() or None})]
    score = str(answers.get("score", "")).strip()
    return [("closing_word", {"word": answers.get("word", ""),
                              "score": int(score) if score.isdigit() else None})]
