"""Every screen at 80×24 in both languages, and a few at 120×40."""

from __future__ import annotations

import pytest

from tests.snapshots.scenes import (
    app_at,
    home_choice,
    look_back_app,
    open_scene,
    participant_app,
    solo_app,
)

pytestmark = pytest.mark.slow  # every screen rendered

STAGES = ["setup", "checkin", "horizon", "common_ground", "choose", "destination",
          "relationships", "map", "practice", "close"]


class TestHome:
    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_home(self, snap_compare, lang):
        assert snap_compare(app_at(None, lang), terminal_size=(80, 24))


class TestStages:
    @pytest.mark.parametrize("lang", ["en", "nl"])
    @pytest.mark.parametrize("stage", STAGES)
    def test_stage(self, snap_compare, stage, lang):
        assert snap_compare(app_at(stage, lang), run_before=open_scene, terminal_size=(80, 24))

    @pytest.mark.parametrize("stage", ["horizon", "destination", "close"])
    def test_projector_size(self, snap_compare, stage):
        assert snap_compare(app_at(stage), run_before=open_scene, terminal_size=(120, 40))


class TestHotSeat:
    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_horizon_writers_turn(self, snap_compare, lang):
        assert snap_compare(app_at("horizon", lang, turn="p3"), run_before=open_scene,
                            terminal_size=(80, 24))

    def test_choose_voters_turn(self, snap_compare):
        assert snap_compare(app_at("choose", turn="p2"), run_before=open_scene,
                            terminal_size=(80, 24))


class TestOwnScreen:
    """Host mode: what a participant sees on their own terminal or browser tab."""

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_join_form(self, snap_compare, tmp_path, lang):
        app, run_before = participant_app(None, lang, folder=tmp_path)
        assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))

    @pytest.mark.parametrize(("stage", "lang"), [("horizon", "en"), ("relationships", "en"),
                                                 ("relationships", "nl"), ("close", "en")])
    def test_writing(self, snap_compare, tmp_path, stage, lang):
        app, run_before = participant_app(stage, lang, folder=tmp_path)
        assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


class TestDialogs:
    def test_help(self, snap_compare):
        async def run_before(pilot):
            await open_scene(pilot)
            await pilot.press("f1")

        assert snap_compare(app_at("horizon"), run_before=run_before, terminal_size=(80, 24))

    def test_too_small(self, snap_compare):
        assert snap_compare(app_at("horizon"), run_before=open_scene, terminal_size=(50, 12))


class TestDegraded:
    """Meaning carried by symbols and words, not colour; a tiny window says so."""

    @pytest.mark.parametrize("scene", ["horizon-turn", "choose", "map"])
    def test_no_color(self, snap_compare, monkeypatch, scene):
        monkeypatch.setenv("NO_COLOR", "1")
        stage, turn = {"horizon-turn": ("horizon", "p3"), "choose": ("choose", None),
                       "map": ("map", None)}[scene]
        app = app_at(stage, turn=turn)
        assert app.no_color
        assert snap_compare(app, run_before=open_scene, terminal_size=(80, 24))

    @pytest.mark.parametrize("stage", ["horizon", "close"])
    def test_twenty_by_five(self, snap_compare, stage):
        assert snap_compare(app_at(stage), run_before=open_scene, terminal_size=(20, 5))


class TestBetweenMeetings:
    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_journal_with_trend(self, snap_compare, lang):
        assert snap_compare(app_at(None, lang), run_before=home_choice("journal"),
                            terminal_size=(80, 24))

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_history(self, snap_compare, lang):
        assert snap_compare(app_at("practice", lang), run_before=home_choice("history"),
                            terminal_size=(80, 24))

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_solo(self, snap_compare, lang):
        assert snap_compare(solo_app(lang), run_before=open_scene, terminal_size=(80, 24))

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_look_back(self, snap_compare, lang):
        assert snap_compare(look_back_app(lang), run_before=open_scene, terminal_size=(80, 24))
