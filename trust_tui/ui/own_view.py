"""What a participant's own screen says: what they sent, and what everyone may see now."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from trust_tui.core import Content, Session
from trust_tui.core.answers import RELATIONSHIP_KINDS
from trust_tui.core.dates import short_date
from trust_tui.core.model import Relationship
from trust_tui.ui.text import shown

__all__ = ["bullets", "destination_text", "patterns_text", "sent_text", "shared_text"]


def bullets(lines: Iterable[str]) -> Text:
    text = Text(end="")
    for line in lines:
        text.append("  • ")
        text.append_text(shown(line))
        text.append("\n")
    return text


def sent_text(view: Session, me: str, content: Content) -> Text:
    """What this person has sent at this stage, so they know it arrived."""
    text = Text(end="")
    t = content.t
    lines: list[Text] = []
    if view.stage == "checkin":
        lines = [shown(c.answer) for c in view.checkins if c.participant_id == me]
    elif view.stage == "relationships":
        for relationship in view.relationships:
            if relationship.participant_id != me:
                continue
            line = Text(t(f"export.patterns_{relationship.kind}") + ": ", end="")
            line.append_text(shown(relationship.pattern or "—"))
            if relationship.names:
                line.append(" (")
                line.append_text(shown(", ".join(relationship.names)))
                line.append(")")
            lines.append(line)
    elif view.stage == "practice":
        lines = [shown(f"{c.partner}: {c.small_step}"
                       + (f" · {content.signal_list(c.signals)}" if c.signals else "")
                       + (f" · {short_date(c.due_on, content.lang)}" if c.due_on else ""))
                 for c in view.commitments if c.participant_id == me]
    elif view.stage == "choose" and me in view.voted and not view.votes_revealed:
        # before the reveal the only ballot in this person's view is their own
        for ballot in view.ballots[:1]:
            lines = [Text.assemble(("●" * dots + " ", "bold"), shown(theme.name))
                     for theme in view.themes if (dots := ballot.dots.get(theme.id))]
    elif view.stage == "close":
        lines = [shown(c.word + (f" · {c.score}/5" if c.score else ""))
                 for c in view.closing if c.participant_id == me]
    if lines:
        text.append(t("join.sent") + "\n", style="bold")
        for line in lines:
            text.append("  ✓ ")
            text.append_text(line)
            text.append("\n")
    return text


def shared_text(view: Session, content: Content, *, voting: bool, writing: bool) -> Text:
    """What everyone may see at this stage: revealed statements, themes, the destination."""
    t = content.t
    text = Text(end="")
    if view.revealed and view.stage == "horizon":
        text.append_text(bullets(s.text for s in view.statements))
    if view.stage == "common_ground":  # the themes as they form, each with its statements
        for theme in view.themes:
            text.append_text(shown(theme.name, "bold"))
            text.append("\n")
            text.append_text(bullets(s.text for s in view.statements
                                      if s.theme_id == theme.id))
        loose = [s.text for s in view.statements if view.theme(s.theme_id) is None]
        if loose and view.themes:
            text.append(t("export.ungrouped") + "\n", style="italic")
        text.append_text(bullets(loose))
    if view.themes and view.stage in ("choose", "destination") and not voting:
        text.append(t("common_ground.themes") + "\n", style="bold")
        ranked = view.ranking() if view.votes_revealed else [(th, 0) for th in view.themes]
        for theme, dots in ranked:
            text.append(f"  {'●' * dots} ")
            text.append_text(shown(theme.name))
            text.append(f"  ({dots})\n" if view.votes_revealed else "\n")
    if view.stage == "relationships" and view.patterns_revealed:
        # In a participant's view the group's patterns are those with nobody's id on them.
        text.append_text(patterns_text(
            [r for r in view.relationships if not r.participant_id], content))
    if view.stage in ("destination", "practice", "close"):
        if text.plain:
            text.append("\n")
        text.append_text(destination_text(view, content))
    if view.status == "finished":
        text.append("\n" + t("join.finished"), style="bold")
    elif not text.plain and not writing and not voting:
        text.append(t("join.watch"), style="dim")
    return text


def patterns_text(patterns: list[Relationship], content: Content) -> Text:
    """The shared patterns as the group sees them: together, shuffled, without names."""
    t = content.t
    text = Text(end="")
    text.append(t("relationships.shared") + "\n", style="bold")
    for kind in RELATIONSHIP_KINDS:
        lines = [r.pattern for r in patterns if r.kind == kind]
        if lines:
            text.append(t(f"export.patterns_{kind}") + "\n", style="italic")
            text.append_text(bullets(lines))
    if not patterns:
        text.append(t("export.no_shared_patterns") + "\n", style="dim")
    return text


def destination_text(view: Session, content: Content) -> Text:
    """The destination as the group writes it: sentence, signals, route, the date."""
    from trust_tui.core.export import long_date

    destination = view.destination
    t = content.t
    text = Text(end="")
    if not destination.sentence:
        return text
    text.append(t("export.destination") + ": ", style="bold")
    text.append_text(shown(destination.sentence))
    text.append("\n")
    if destination.success_signals:
        text.append(t("export.success_signals") + "\n", style="italic")
        for signal in destination.success_signals:
            text.append("  • ")
            text.append_text(shown(signal))
            text.append("\n")
    for key in ("route_fixed", "route_open"):
        if getattr(destination, key):
            text.append(t(f"export.{key}") + ": ", style="italic")
            text.append_text(shown(getattr(destination, key)))
            text.append("\n")
    if destination.look_again_on:
        text.append(t("export.look_again", date=long_date(destination.look_again_on,
                                                         content.lang)) + "\n")
    return text
