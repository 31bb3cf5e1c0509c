"""Markdown, JSON and iCalendar renderings of a session and of the trust journal."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

from trust_tui.core.answers import RELATIONSHIP_KINDS
from trust_tui.core.content import Content
from trust_tui.core.dates import long_date
from trust_tui.core.model import JournalEntry, Session, to_dict
from trust_tui.core.text import clean_text

__all__ = ["FORMATS", "journal_markdown", "long_date", "public_copy", "session_ics",
           "session_json", "session_markdown", "journal_json"]

FORMATS = ("md", "json", "ics")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(text: str) -> str:
    """User text made inert in Markdown: no headings, links, HTML, emphasis or escape codes."""
    return _MD_SPECIAL.sub(r"\\\1", clean_text(text, multiline=True)).replace("\n", "  \n")


def public_copy(session: Session, *, include_private: bool = False) -> Session:
    """The session as the group saw it: no names in reflections, no unshared patterns, and
    the shared ones only once revealed, without whose they are; no ballots, only totals."""
    shown = copy.deepcopy(session)
    shown.ballots = []  # before the reveal nobody has seen them; after it they are gone
    if not include_private:
        alone = session.mode == "solo"  # the "group" is the writer: nothing waits for a reveal
        revealed = session.patterns_revealed or alone
        shown.relationships = session.shared_patterns() if revealed else []
        if not (session.revealed or alone):
            shown.statements = []  # hidden writing never revealed: nobody else has read it
    return shown


def session_json(session: Session, *, include_private: bool = False) -> str:
    record: dict[str, Any] = {
        "app": "trust-tui",
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "include_private": include_private,
        "session": to_dict(public_copy(session, include_private=include_private)),
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def session_markdown(session: Session, content: Content, *,
                     include_private: bool = False) -> str:
    shown = public_copy(session, include_private=include_private)
    content = content.for_mode(session.mode)  # alone: the texts written for one person
    t = content.t
    lang = content.lang
    out: list[str] = []
    add = out.append
    title = shown.title or t("app.untitled")
    add(f"# {_md(t('export.heading', title=title))}")
    add("")
    add(_md(t("export.meta", team=shown.team or t("app.no_team"),
              date=long_date(shown.created_at, lang), mode=t(f"mode.{shown.mode}"))))
    add("")
    if shown.participants:
        add(f"**{t('export.participants')}:** "
            + ", ".join(_md(p.name) for p in shown.participants))
        add("")
    if shown.anonymous:
        add(f"_{t('export.anonymous')}_")
        add("")
    name = _namer(shown, content)
    for key in shown.enabled_stages():
        if key == "setup":
            continue
        add(f"## {t(f'stage.{key}.title')}")
        add("")
        if key in shown.skipped:
            add(t("export.skipped"))
        else:
            lines = _SECTIONS[key](shown, content, name, include_private)
            out.extend(lines or [t("export.nothing_yet")])
        add("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"


def _namer(session: Session, content: Content) -> Any:
    def name(participant_id: str | None) -> str:
        return _md(session.name_of(participant_id, content.t("app.anonymous_author")))
    return name


def _checkin(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    lines = []
    if s.checkin_question:
        question = c.t("export.checkin_question", question=c.question(s.checkin_question))
        lines += [f"_{_md(question)}_", ""]
    for entry in s.checkins:
        said = c.t("export.passed") if entry.passed else _md(entry.answer)
        lines.append(f"- **{name(entry.participant_id)}:** {said}")
    return lines


def _look_back(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    look = s.look_back
    if look is None:
        return []
    t = c.t
    lines = [_md(t("export.follow_up_of", title=look.previous_title or t("app.untitled"),
                   date=long_date(look.previous_date, c.lang))), ""]
    if look.previous_destination.sentence:
        lines += [_md(t("export.previous_destination",
                        sentence=look.previous_destination.sentence)), ""]
    reviews = {r.commitment_id: r for r in look.reviews}
    for commitment in look.previous_commitments:
        who = _md(look.previous_names.get(commitment.participant_id,
                                          t("app.anonymous_author")))
        review = reviews.get(commitment.id)
        mark = t(f"look_back.mark.{review.mark}") if review and review.mark else "…"
        lines.append(f"- **{who}** — {_md(commitment.small_step)} — _{mark}_")
        if review and review.what_happened:
            lines.append(f"  - {_md(t('export.what_happened', text=review.what_happened))}")
        if review and review.signals:
            seen = t("export.signals_seen", signals=c.signal_list(review.signals))
            lines.append(f"  - {_md(seen)}")
    if look.destination_kept is not None:
        lines += ["", t("export.look_back_kept" if look.destination_kept
                        else "export.look_back_adjusted")]
    return lines


def _horizon(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    if not s.revealed and s.mode != "solo":  # alone, the writer is the whole group
        return []
    if s.anonymous:
        return [f"- {_md(st.text)}" for st in s.statements]
    lines = []
    for person in s.participants:
        own = [st for st in s.statements if st.author_id == person.id]
        if own:
            lines.append(f"- **{_md(person.name)}**")
            lines += [f"  - {_md(st.text)}" for st in own]
    return lines


def _common_ground(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    lines = []
    for theme in s.themes:
        lines.append(f"### {_md(theme.name)}")
        lines += [f"- {_md(st.text)}" for st in s.statements if st.theme_id == theme.id]
        lines.append("")
    loose = [st for st in s.statements if st.theme_id is None] if s.revealed else []
    if loose:
        lines.append(f"### {c.t('export.ungrouped')}")
        lines += [f"- {_md(st.text)}" for st in loose]
    return lines


def _choose(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    if not s.votes_revealed:
        return [c.t("export.no_votes")] if s.themes else []
    return [f"{index}. {_md(theme.name)} — {c.t('export.theme_votes', dots=dots)}"
            for index, (theme, dots) in enumerate(s.ranking(), start=1)]


def _destination(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    d = s.destination
    t = c.t
    lines = []
    if d.sentence:
        lines += [f"> **{_md(d.sentence)}**", ""]
    themes = [s.theme(tid) for tid in d.theme_ids]
    names = [_md(theme.name) for theme in themes if theme]
    if names:
        lines += [t("export.segment", themes=", ".join(names)), ""]
    if d.success_signals:
        lines.append(f"**{t('export.success_signals')}**")
        lines += [f"- {_md(signal)}" for signal in d.success_signals]
        lines.append("")
    if d.route_fixed:
        lines += [f"**{t('export.route_fixed')}:** {_md(d.route_fixed)}", ""]
    if d.route_open:
        lines += [f"**{t('export.route_open')}:** {_md(d.route_open)}", ""]
    if d.look_again_on:
        lines.append(t("export.look_again", date=long_date(d.look_again_on, c.lang)))
    return lines


def _relationships(s: Session, c: Content, name: Any, private: bool) -> list[str]:
    lines = []
    for kind in RELATIONSHIP_KINDS:
        entries = [r for r in s.relationships if r.kind == kind and (r.pattern or r.names)]
        if not entries:
            continue
        lines.append(f"**{c.t(f'export.patterns_{kind}')}**")
        for entry in entries:
            # Only an export asked for with --include-private says whose reflection it is.
            who = f"{name(entry.participant_id)}: " if private else ""
            lines.append(f"- {who}{_md(entry.pattern)}")
            if private and entry.names:
                lines.append(f"  - {c.t('export.private_names')}: "
                             + ", ".join(_md(n) for n in entry.names))
        lines.append("")
    return lines or [c.t("export.no_shared_patterns")]


def _map(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    lines = []
    for relation in s.team_relations:
        start = f" — **{c.t('export.map_start_here')}**" if relation.start_here else ""
        note = f": {_md(relation.note)}" if relation.note else ""
        lines.append(f"- **{_md(relation.name)}** ({c.t(f'map.class.{relation.classification}')})"
                     f"{note}{start}")
    return lines


def _practice(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    t = c.t
    lines = []
    for commitment in s.commitments:
        line = "- " + _md(t("export.commitment_line", who=s.name_of(commitment.participant_id),
                              partner=commitment.partner, step=commitment.small_step))
        if commitment.due_on:
            line += f" ({t('export.due', date=long_date(commitment.due_on, c.lang))})"
        lines.append(line)
        if commitment.signals:
            lines.append(f"  - {t('export.watch_for', signals=c.signal_list(commitment.signals))}")
    group = s.group_practice
    if group.with_whom or group.what or group.when:
        lines += ["", f"**{t('export.group_practice')}**", "",
                  _md(t("export.group_practice_line", with_whom=group.with_whom,
                        what=group.what, when=group.when))]
    return lines


def _close(s: Session, c: Content, name: Any, _: bool) -> list[str]:
    lines = []
    for word in s.closing:
        score = f" ({word.score}/5)" if word.score else ""
        lines.append(f"- **{name(word.participant_id)}:** {_md(word.word)}{score}")
    scores = [w.score for w in s.closing if w.score]
    if scores:
        from babel.numbers import format_decimal

        average = format_decimal(round(sum(scores) / len(scores), 1), format="0.0", locale=c.lang)
        lines += ["", c.t("export.average_score", score=average)]
    return lines


_SECTIONS = {
    "checkin": _checkin, "look_back": _look_back, "horizon": _horizon,
    "common_ground": _common_ground, "choose": _choose, "destination": _destination,
    "relationships": _relationships, "map": _map, "practice": _practice, "close": _close,
}


def _event(uid: str, day: str, summary: str, description: str = "") -> Any:
    import icalendar  # imported when used: keeps start-up quick

    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", dt.date.fromisoformat(day))
    event.add("dtend", dt.date.fromisoformat(day) + dt.timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    return event


def session_ics(session: Session, content: Content) -> str:
    """The moment to look again and every commitment's date, as all-day events."""
    import icalendar

    t = content.t
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//trust-tui//horizon exercise//EN")
    calendar.add("version", "2.0")
    title = session.title or t("app.untitled")
    destination = session.destination
    if destination.look_again_on:
        calendar.add_component(_event(
            f"{session.id}-look-again@trust-tui", destination.look_again_on,
            t("export.ics_look_again", destination=destination.sentence or title), title))
    for commitment in session.commitments:
        if commitment.due_on:
            event = _event(
                f"{session.id}-{commitment.id}@trust-tui", commitment.due_on,
                t("export.ics_commitment", step=commitment.small_step),
                f"{session.name_of(commitment.participant_id)} — "
                + t("export.ics_commitment_with", partner=commitment.partner))
            reminder = icalendar.Alarm()  # the day before: time to take the small step
            reminder.add("action", "DISPLAY")
            reminder.add("description", t("export.ics_commitment", step=commitment.small_step))
            reminder.add("trigger", dt.timedelta(days=-1))
            event.add_component(reminder)
            calendar.add_component(event)
    ical: bytes = calendar.to_ical()  # icalendar leaves it unannotated
    return ical.decode("utf-8")


def journal_markdown(entries: list[JournalEntry], content: Content) -> str:
    t = content.t
    out = [f"# {t('export.journal')}", ""]
    for entry in entries:
        heading = t("export.journal_line", date=long_date(entry.on, content.lang),
                    person=entry.person, felt=entry.trust_felt)
        out.append(f"## {_md(heading)}")
        out.append("")
        if entry.what_i_did:
            out.append(_md(t("export.journal_did", text=entry.what_i_did)))
        if entry.response:
            out.append("")
            out.append(_md(t("export.journal_response", text=entry.response)))
        signals = content.signal_list(entry.signals)
        if entry.other_signals:
            signals = ", ".join(x for x in (signals, entry.other_signals) if x)
        if signals:
            out.append("")
            out.append(_md(t("export.signals_seen", signals=signals)))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def journal_json(entries: list[JournalEntry]) -> str:
    record = {"app": "trust-tui",
              "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "journal": [to_dict(e) for e in entries]}
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
