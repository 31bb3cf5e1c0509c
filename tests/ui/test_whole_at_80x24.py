"""Every screen and dialog, in both languages, at 80×24: no label, key hint or footer entry cut.

Reads the text layer (what the terminal shows, from the screenshot) and the widgets that drew
it: every footer entry shows its whole description, and no "…" or "..." appears on screen that
the texts, the demo data or the person did not write themselves (a label cut by the layout)."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Footer

from tests.snapshots.scenes import app_at, home_choice, look_back_app, open_scene, solo_app
from tests.ui.conftest import screen_text
from trust_tui.core.content import _raw_texts

SIZE = (80, 24)

pytestmark = pytest.mark.slow  # every screen and dialog, twice: about a minute
STAGES = ["setup", "checkin", "horizon", "common_ground", "choose", "destination",
          "relationships", "map", "practice", "close"]


def _written_with_ellipsis() -> list[str]:
    """Every text the app itself writes with an ellipsis: those are meant, not cut."""
    texts = [t for lang in ("en", "nl") for t in _raw_texts(lang).values()]
    return [t for t in texts if "…" in t or "..." in t]


WRITTEN = _written_with_ellipsis()


def _cut_words(screen: str) -> list[str]:
    """Ellipses on screen that no text of the app ends its own words with."""
    cuts = []
    for line in screen.splitlines():
        for match in re.finditer(r"(\S{0,12})(…|\.\.\.)", line):
            before = match.group(1).lstrip("(\"'„“")
            if before and not any(before + match.group(2) in text for text in WRITTEN):
                cuts.append(line.strip())
    return cuts


def _footer_problems(app) -> list[str]:
    problems = []
    last = screen_text(app).splitlines()[-1]  # the footer is docked at the bottom row
    for footer in app.screen.query(Footer):
        if not footer.display:
            continue
        for key in footer.query("FooterKey"):
            description = getattr(key, "description", "")
            if description and description not in last:
                problems.append(f"footer entry cut: {description!r} in {last.strip()!r}")
    return problems


async def _stage(pilot, stage: str, keys: tuple[str, ...] = ()) -> None:
    await open_scene(pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


SCENES = {
    "home": (lambda lang: app_at(None, lang), None),
    **{stage: ((lambda lang, s=stage: app_at(s, lang)), open_scene) for stage in STAGES},
    **{f"{stage}-help": ((lambda lang, s=stage: app_at(s, lang)),
                         (lambda pilot: _stage(pilot, "", ("f1",)))) for stage in STAGES},
    **{f"{stage}-at-work": ((lambda lang, s=stage: app_at(s, lang, at_work=True)), open_scene)
       for stage in ("common_ground", "choose", "destination", "map", "practice")},
    "horizon-turn": (lambda lang: app_at("horizon", lang, turn="p3"), open_scene),
    "choose-turn": (lambda lang: app_at("choose", lang, turn="p2"), open_scene),
    "journal": (lambda lang: app_at(None, lang), home_choice("journal")),
    "journal-entry": (lambda lang: app_at(None, lang),
                      lambda pilot: _journal_entry(pilot)),
    "history": (lambda lang: app_at("practice", lang), home_choice("history")),
    "solo": (solo_app, open_scene),
    "solo-setup": (lambda lang: app_at(None, lang), home_choice("solo")),
    "look-back": (look_back_app, open_scene),
    "quit": (lambda lang: app_at(None, lang), lambda pilot: _stage(pilot, "", ("ctrl+q",))),
    "palette": (lambda lang: app_at(None, lang), lambda pilot: _stage(pilot, "", ("ctrl+p",))),
    "setup-language-menu": (lambda lang: app_at("setup", lang), lambda pilot: _open_select(
        pilot, "#language")),
}

ENGLISH_OF_TEXTUAL = ("Dismiss", "palette", "Search for commands", "Quit the application",
                      "Change the current theme")


async def _open_select(pilot, selector: str) -> None:
    await open_scene(pilot)
    select = pilot.app.screen.query_one(selector)
    select.focus()
    await pilot.pause()
    pilot.app.screen.scroll_to_widget(select, animate=False)
    await pilot.press("enter")
    await pilot.pause()


async def _journal_entry(pilot) -> None:
    await home_choice("journal")(pilot)
    await pilot.press("a")
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("scene", list(SCENES))
async def test_nothing_is_cut_at_80_by_24(scene, lang):
    make, run_before = SCENES[scene]
    app = make(lang)
    async with app.run_test(size=SIZE) as pilot:
        if run_before is not None:
            await run_before(pilot)
        await pilot.pause()
        screen = screen_text(app)
        problems = _footer_problems(app) + [f"cut: {line!r}" for line in _cut_words(screen)]
        problems += [f"dialog's {button.label} out of sight" for button in app.screen.query(
            "Button") if app.screen.is_modal and button.display
            and not app.screen.region.contains_region(button.region)]
        if lang == "nl":
            problems += [f"Textual's English: {word}" for word in ENGLISH_OF_TEXTUAL
                         if word in screen]
    assert problems == [], "\n" + screen


OWN_STAGES = [None, "checkin", "horizon", "choose", "destination", "relationships", "practice",
              "close"]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("stage", OWN_STAGES)
async def test_a_participants_own_screen_is_whole_at_80_by_24(stage, lang, tmp_path):
    """Host mode: the join form and each stage on a participant's own screen, send included."""
    from tests.snapshots.scenes import participant_app

    app, run_before = participant_app(stage, lang, folder=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await run_before(pilot)
        await pilot.pause()
        screen = screen_text(app)
        problems = _footer_problems(app) + [f"cut: {line!r}" for line in _cut_words(screen)]
        for button in app.screen.query(".send"):
            label = str(button.label)
            if button.display and label and button.region.width < len(label) + 2:
                problems.append(f"button {label!r} cut to width {button.region.width}")
        if lang == "nl":
            problems += [f"Textual's English: {word}" for word in ENGLISH_OF_TEXTUAL
                         if word in screen]
    assert problems == [], "\n" + screen


@pytest.mark.parametrize("lang", ["en", "nl"])
async def test_the_way_back_to_a_seat_stays_on_the_top_line_at_80_columns(lang, tmp_path):
    """The return code is the person's only way back to their seat: a long stage title, an
    anonymous session, a long name and "ready" together must not push it off the line."""
    from trust_tui.core import Engine, load_script
    from trust_tui.net import Hub
    from trust_tui.ui.participant import ParticipantApp

    engine = Engine.new(load_script(), lang=lang)
    for name in ("Anna", "Maximiliaan van den Berg-Oosterhout"):
        engine.do("add_participant", name=name)
    engine.do("set_details", anonymous=True)
    engine.do("start")
    while engine.session.stage != "relationships":
        if engine.session.stage == "horizon" and not engine.session.revealed:
            engine.do("reveal", force=True)
        engine.do("advance")
    hub = Hub(engine, code="mn4kp7", save=lambda record: None, draw_code=lambda: "rt5k2m")
    await hub.serve_unix(tmp_path / "host")
    app = ParticipantApp(tmp_path / "host" / "hub.sock", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        assert await app.join("Maximiliaan van den Berg-Oosterhout", "mn4kp7") is None
        for _ in range(100):
            if app.view is not None and app.view.stage == "relationships":
                break
            await pilot.pause(0.02)
        await pilot.press("ctrl+o")  # ready: the ⚑ joins the line too
        for _ in range(100):
            if "⚑" in screen_text(app):
                break
            await pilot.pause(0.02)
        top = screen_text(app).splitlines()[0]
        assert "⚑" in screen_text(app)
        assert "rt5k2m" in top, top
    await hub.close()
