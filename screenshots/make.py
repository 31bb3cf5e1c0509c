"""Regenerate one screenshot per screen into screenshots/: python screenshots/make.py"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.snapshots.scenes import app_at, open_scene  # noqa: E402

SHOTS = [
    ("home", None, None, 80, 24),
    ("setup", "setup", None, 80, 24),
    ("checkin", "checkin", None, 80, 24),
    ("horizon-turn", "horizon", "p3", 80, 24),
    ("horizon", "horizon", None, 80, 24),
    ("common-ground", "common_ground", None, 80, 24),
    ("choose", "choose", "p2", 80, 24),
    ("destination", "destination", None, 100, 32),
    ("relationships", "relationships", None, 80, 24),
    ("map", "map", None, 100, 30),
    ("practice", "practice", None, 80, 24),
    ("close", "close", None, 120, 40),
]


async def shoot(name: str, stage: str | None, turn: str | None, width: int, height: int,
                lang: str) -> None:
    app = app_at(stage, lang, turn=turn)
    async with app.run_test(size=(width, height)) as pilot:
        await open_scene(pilot)
        await pilot.pause()
        suffix = "" if lang == "en" else f".{lang}"
        app.save_screenshot(filename=f"{name}{suffix}.svg", path=str(HERE))


async def main() -> None:
    for lang in ("en", "nl"):
        for shot in SHOTS:
            await shoot(*shot, lang=lang)
    print(f"{len(SHOTS) * 2} screenshots written to {HERE}")


if __name__ == "__main__":
    asyncio.run(main())
