"""Regenerate one screenshot per screen into screenshots/: python screenshots/make.py"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.snapshots.scenes import (  # noqa: E402
    app_at,
    home_choice,
    look_back_app,
    open_scene,
    participant_app,
    solo_app,
)

SHOTS = [
    ("home", None, None, 80, 24),
    ("setup", "setup", None, 80, 24),
    ("checkin", "checkin", None, 80, 24),
    ("horizon-turn", "horizon", "p3", 80, 24),
    ("horizon", "horizon", None, 80, 24),
    ("common-ground", "common_ground", None, 80, 24),
    ("choose", "choose", None, 80, 24),
    ("destination", "destination", None, 100, 32),
    ("relationships", "relationships", None, 80, 24),
    ("map", "map", None, 100, 30),
    ("practice", "practice", None, 80, 24),
    ("close", "close", None, 120, 40),
]


async def shoot(name: str, stage: str | None, turn: str | None, width: int, height: int,
                lang: str) -> None:
    # Each stage at work: themes formed, votes revealed, the map drawn, the destination written.
    app = app_at(stage, lang, turn=turn, at_work=name not in ("horizon", "horizon-turn"))
    async with app.run_test(size=(width, height)) as pilot:
        await open_scene(pilot)
        await pilot.pause()
        suffix = "" if lang == "en" else f".{lang}"
        app.save_screenshot(filename=f"{name}{suffix}.svg", path=str(HERE))


EXTRA = [
    ("journal", lambda lang: app_at(None, lang), home_choice("journal")),
    ("history", lambda lang: app_at("practice", lang), home_choice("history")),
    ("solo", solo_app, open_scene),
    ("look-back", look_back_app, open_scene),
]


async def shoot_extra(name: str, make, run_before, lang: str) -> None:
    app = make(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_scene(pilot) if run_before is open_scene else await run_before(pilot)
        await pilot.pause()
        suffix = "" if lang == "en" else f".{lang}"
        app.save_screenshot(filename=f"{name}{suffix}.svg", path=str(HERE))


# A participant's own screen in host mode (ssh, trust-tui join, a browser tab).
OWN_SCREEN = [("own-screen-join", None), ("own-screen-horizon", "horizon"),
              ("own-screen-relationships", "relationships")]


async def shoot_own_screen(name: str, stage: str | None, lang: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app, run_before = participant_app(stage, lang, folder=Path(folder))
        async with app.run_test(size=(80, 24)) as pilot:
            await run_before(pilot)
            await pilot.pause()
            suffix = "" if lang == "en" else f".{lang}"
            app.save_screenshot(filename=f"{name}{suffix}.svg", path=str(HERE))


async def main() -> None:
    for lang in ("en", "nl"):
        for shot in SHOTS:
            await shoot(*shot, lang=lang)
        for extra in EXTRA:
            await shoot_extra(*extra, lang=lang)
        for own in OWN_SCREEN:
            await shoot_own_screen(*own, lang=lang)
    count = (len(SHOTS) + len(EXTRA) + len(OWN_SCREEN)) * 2
    print(f"{count} screenshots written to {HERE}")


if __name__ == "__main__":
    asyncio.run(main())
