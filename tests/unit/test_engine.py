"""The facilitation engine: every stage's rules, privacy, anonymity, voting, timers."""

from __future__ import annotations

import json
import random

import pytest

from trust_tui.core import FACILITATOR, Engine, Intent, Rejected, Session, from_dict, to_dict


def rejects(engine: Engine, reason: str, kind: str, who: str = FACILITATOR, /, **data):
    with pytest.raises(Rejected) as caught:
        engine.do(kind, who, **data)
    assert caught.value.reason == reason
    return caught.value


def to_stage(engine: Engine, stage: str) -> None:
    while engine.session.stage != stage:
        engine.do("advance")


def revealed_with_themes(started):
    engine, people = started
    to_stage(engine, "horizon")
    ids = {p: [engine.do("add_statement", p, text=f"{p} wish {i}") for i in range(2)]
           for p in people}
    to_stage(engine, "common_ground")
    engine.do("reveal", force=True)
    a = engine.do("make_theme", name="Calm", statement_ids=ids[people[0]])
    b = engine.do("make_theme", name="Open", statement_ids=ids[people[1]])
    c = engine.do("make_theme", name="Trusted", statement_ids=ids[people[2]])
    return engine, people, [a, b, c], ids


# -- set-up -----------------------------------------------------------------------------------

def test_new_session_has_the_scripts_stages_without_look_back(engine):
    keys = [p.key for p in engine.session.plan]
    assert "look_back" not in keys and keys[0] == "setup" and keys[-1] == "close"
    assert engine.session.stage == "setup" and not engine.session.started


def test_participants_duplicate_and_empty_names_refused(engine):
    engine.do("add_participant", name="Anna")
    error = rejects(engine, "duplicate_name", "add_participant", name="  anna ")
    assert error.params == {"name": "anna"}
    rejects(engine, "empty_name", "add_participant", name="   ")
    rejects(engine, "too_long", "add_participant", name="x" * 41)


def test_rename_and_remove_participant(engine):
    anna = engine.do("add_participant", name="Anna")
    bram = engine.do("add_participant", name="Bram")
    rejects(engine, "duplicate_name", "rename_participant", participant_id=bram, name="ANNA")
    engine.do("rename_participant", participant_id=anna, name="Anneke")
    engine.do("remove_participant", participant_id=bram)
    assert [p.name for p in engine.session.participants] == ["Anneke"]
    # ids are never reused
    assert engine.do("add_participant", name="Chen") == "p2"


def test_participant_cap(engine):
    for i in range(12):
        engine.do("add_participant", name=f"P{i}")
    rejects(engine, "too_many_participants", "add_participant", name="thirteen")


def test_stage_plan_optional_only_and_minutes_range(engine):
    rejects(engine, "not_optional", "set_stage", key="horizon", enabled=False)
    engine.do("set_stage", key="map", enabled=False)
    engine.do("set_stage", key="horizon", minutes=8)
    rejects(engine, "bad_minutes", "set_stage", key="horizon", minutes=0)
    rejects(engine, "unknown_stage", "set_stage", key="nowhere", enabled=True)
    assert "map" not in engine.session.enabled_stages()
    assert engine.session.plan_for("horizon").minutes == 8


def test_cannot_start_without_participants(engine):
    rejects(engine, "too_few_participants", "start")


def test_nothing_but_set_up_before_start(engine):
    anna = engine.do("add_participant", name="Anna")
    rejects(engine, "not_started", "advance")
    rejects(engine, "wrong_stage", "add_statement", anna, text="hi")


def test_only_the_facilitator_drives(started):
    engine, people = started
    rejects(engine, "not_allowed", "advance", people[0])
    rejects(engine, "not_allowed", "reveal", people[0])
    rejects(engine, "unknown_participant", "check_in", "p99", answer="hi")
    rejects(engine, "unknown_participant", "check_in", FACILITATOR, answer="hi")


def test_unknown_intent_and_bad_arguments_are_rejected_not_crashes(started):
    engine, _ = started
    rejects(engine, "unknown_intent", "explode")
    rejects(engine, "unknown_intent", "advance", surprise=1)
    rejects(engine, "unknown_intent", "_move", step=1)


def test_anonymity_is_fixed_once_started(started):
    engine, _ = started
    rejects(engine, "already_started", "set_details", anonymous=True)
    engine.do("set_details", title="New title")  # other details may change


# -- moving -----------------------------------------------------------------------------------

def test_advance_back_skip_follow_enabled_stages(started):
    engine, _ = started
    assert engine.session.stage == "checkin"
    rejects(engine, "first_stage", "back")
    assert engine.do("skip") == "horizon"
    assert engine.session.skipped == ["checkin"]
    rejects(engine, "not_optional", "skip")
    assert engine.do("back") == "checkin"
    to_stage(engine, "close")
    rejects(engine, "last_stage", "advance")


def test_disabled_stage_is_passed_by(engine):
    engine.do("add_participant", name="Anna")
    engine.do("set_stage", key="checkin", enabled=False)
    assert engine.do("start") == "horizon"


def test_moving_hands_the_keyboard_back(started):
    engine, people = started
    engine.do("hand_to", participant_id=people[1])
    assert engine.session.turn == people[1]
    engine.do("advance")
    assert engine.session.turn is None
    rejects(engine, "unknown_participant", "hand_to", participant_id="p42")


# -- timers -----------------------------------------------------------------------------------

def test_timer_counts_down_extends_and_never_moves_on(started, clock):
    engine, _ = started
    assert engine.remaining() is None
    rejects(engine, "no_timer", "extend_timer")
    engine.do("start_timer")
    assert engine.remaining() == 3 * 60
    clock.advance(170)
    assert engine.remaining() == 10 and not engine.expired()
    clock.advance(20)
    assert engine.expired() and engine.session.stage == "checkin"
    engine.do("extend_timer")  # a minute from now, not from the past
    assert engine.remaining() == 60
    engine.do("reset_timer")
    assert engine.timer() is None


def test_timer_is_per_stage_and_serialises(started, clock):
    engine, _ = started
    engine.do("start_timer")
    engine.do("advance")
    assert engine.remaining() is None
    assert engine.remaining("checkin") == 180
    copy = from_dict(Session, json.loads(json.dumps(to_dict(engine.session))))
    assert copy.timers[0].started_at == clock.now


# -- check-in ---------------------------------------------------------------------------------

def test_checkin_question_drawn_on_entering_and_redrawn_without_repeats(started):
    engine, people = started
    first = engine.session.checkin_question
    assert first in engine.script.checkin_questions
    used = list(engine.script.checkin_questions)
    used.remove("q05")
    assert engine.do("draw_checkin", avoid=used) == "q05"
    # all used: any question but the current one
    again = engine.do("draw_checkin", avoid=list(engine.script.checkin_questions))
    assert again in engine.script.checkin_questions
    engine.do("check_in", people[0], answer="Fine")
    engine.do("check_in", people[1], passed=True)
    engine.do("check_in", people[0], answer="Better")
    assert [(c.participant_id, c.answer, c.passed) for c in engine.session.checkins] == [
        (people[1], "", True), (people[0], "Better", False)]
    rejects(engine, "empty_text", "check_in", people[2], answer="  ")


# -- horizon and the reveal ----------------------------------------------------------------------

def test_nobody_sees_anyone_elses_statements_before_the_reveal(started):
    engine, (anna, bram, chen) = started
    to_stage(engine, "horizon")
    engine.do("add_statement", anna, text="Anna's secret hope")
    engine.do("add_statement", bram, text="Bram's wish")
    assert [s.text for s in engine.view_for(anna).statements] == ["Anna's secret hope"]
    assert [s.text for s in engine.view_for(bram).statements] == ["Bram's wish"]
    assert engine.view_for(chen).statements == []
    assert engine.view_for(FACILITATOR).statements == []
    assert [p.statements for p in engine.progress()] == [1, 1, 0]
    to_stage(engine, "common_ground")
    engine.do("reveal", force=True)
    assert len(engine.view_for(chen).statements) == 2


def test_statement_limits_and_ownership(started):
    engine, (anna, bram, _) = started
    to_stage(engine, "horizon")
    ids = [engine.do("add_statement", anna, text=f"hope {i}") for i in range(5)]
    rejects(engine, "too_many_statements", "add_statement", anna, text="sixth")
    rejects(engine, "not_your_entry", "edit_statement", bram, statement_id=ids[0], text="mine")
    rejects(engine, "not_your_entry", "remove_statement", bram, statement_id=ids[0])
    engine.do("edit_statement", anna, statement_id=ids[0], text="changed")
    engine.do("remove_statement", anna, statement_id=ids[1])
    assert [s.text for s in engine.statements_of(anna)][:2] == ["changed", "hope 2"]
    rejects(engine, "too_long", "add_statement", bram, text="x" * 201)
    rejects(engine, "empty_text", "add_statement", bram, text="\x1b[2J")


def test_done_mark_and_coming_back_before_the_reveal(started):
    engine, (anna, bram, _) = started
    to_stage(engine, "horizon")
    engine.do("add_statement", bram, text="one")
    engine.do("horizon_done", bram)
    engine.do("horizon_done", anna)
    assert engine.session.horizon_done == [anna, bram]  # participant order, not order of done
    engine.do("add_statement", bram, text="two")  # coming back reopens
    assert engine.session.horizon_done == [anna]


def test_ready_marks_belong_to_one_stage_and_are_never_stored(started):
    engine, (anna, bram, _) = started
    engine.do("mark_ready", bram)
    engine.do("mark_ready", anna)
    engine.do("mark_ready", anna)  # twice is once
    assert [p.ready for p in engine.progress()] == [True, True, False]
    engine.do("mark_ready", anna, ready=False)  # taken back
    assert [p.ready for p in engine.progress()] == [False, True, False]
    assert "ready" not in json.dumps(engine.record())
    rejects(engine, "unknown_participant", "mark_ready", FACILITATOR)
    engine.do("advance")
    assert not any(p.ready for p in engine.progress())  # a new stage starts with nobody ready


def test_reveal_is_deliberate_and_final(started):
    engine, (anna, _, _) = started
    to_stage(engine, "horizon")
    sid = engine.do("add_statement", anna, text="one")
    rejects(engine, "not_all_done", "reveal")  # nobody said "done": only with a yes
    assert engine.not_done() == [p.id for p in engine.session.participants]
    engine.do("reveal", force=True)
    rejects(engine, "already_revealed", "reveal")
    rejects(engine, "already_revealed", "add_statement", anna, text="late")
    rejects(engine, "already_revealed", "edit_statement", anna, statement_id=sid, text="x")
    to_stage(engine, "destination")
    rejects(engine, "wrong_stage", "reveal")


def test_anonymous_session_never_stores_an_author(engine):
    anna = engine.do("add_participant", name="Anna")
    bram = engine.do("add_participant", name="Bram")
    engine.do("set_details", anonymous=True)
    engine.do("start")
    to_stage(engine, "horizon")
    for i in range(3):
        engine.do("add_statement", anna, text=f"anna {i}")
    engine.do("add_statement", bram, text="bram 0")
    record = json.dumps(to_dict(engine.session))
    assert '"author_id": null' in record and anna not in [
        s.author_id for s in engine.session.statements]
    assert all(s.author_id is None for s in engine.session.statements)
    # the people pane still knows the counts, and writers still see their own
    assert [p.statements for p in engine.progress()] == [3, 1]
    assert [s.text for s in engine.view_for(bram).statements] == ["bram 0"]
    # the file's order says nothing: statements are kept sorted by their random ids
    ids = [s.id for s in engine.session.statements]
    assert ids == sorted(ids)
    to_stage(engine, "common_ground")
    engine.do("reveal", force=True)
    assert all(s.author_id is None for s in engine.view_for(anna).statements)


def test_anonymous_statements_cannot_be_claimed_after_a_restart(engine, script):
    anna = engine.do("add_participant", name="Anna")
    engine.do("set_details", anonymous=True)
    engine.do("start")
    to_stage(engine, "horizon")
    sid = engine.do("add_statement", anna, text="mine")
    reloaded = Engine(from_dict(Session, to_dict(engine.session)), script)
    rejects(reloaded, "anonymous_edit_closed", "edit_statement", anna, statement_id=sid,
            text="changed")


# -- common ground ------------------------------------------------------------------------------

def test_themes_need_the_reveal(started):
    engine, _ = started
    to_stage(engine, "common_ground")
    rejects(engine, "not_revealed", "make_theme", name="Calm")


def test_make_rename_move_merge_and_ungroup_themes(started):
    engine, people, (a, b, c), ids = revealed_with_themes(started)
    engine.do("rename_theme", theme_id=a, name="Calm delivery")
    assert engine.session.theme(a).name == "Calm delivery"
    moved = ids[people[1]][0]
    engine.do("move_statement", statement_id=moved, theme_id=a)
    engine.do("merge_themes", source_id=b, target_id=a)
    in_a = [s.id for s in engine.session.statements if s.theme_id == a]
    assert set(in_a) == set(ids[people[0]] + ids[people[1]])
    assert engine.session.theme(b) is None
    rejects(engine, "same_theme", "merge_themes", source_id=a, target_id=a)
    engine.do("remove_theme", theme_id=c)
    assert all(s.theme_id is None for s in engine.session.statements
               if s.id in ids[people[2]])
    engine.do("move_statement", statement_id=moved, theme_id=None)
    rejects(engine, "unknown_theme", "move_statement", statement_id=moved, theme_id="t99")
    rejects(engine, "unknown_statement", "move_statement", statement_id="nope", theme_id=a)
    rejects(engine, "empty_text", "make_theme", name="")


# -- choose -------------------------------------------------------------------------------------

def test_vote_budget_and_per_theme_cap(started):
    engine, people, (a, b, c), _ = revealed_with_themes(started)
    to_stage(engine, "choose")
    assert rejects(engine, "over_theme_cap", "cast_ballot", people[0], dots={a: 3}).params == {
        "limit": 2}
    assert rejects(engine, "over_budget", "cast_ballot", people[0],
                   dots={a: 2, b: 1, c: 1}).params == {"limit": 3}
    rejects(engine, "over_budget", "cast_ballot", people[0], dots={a: -1})
    rejects(engine, "unknown_theme", "cast_ballot", people[0], dots={"t9": 1})
    engine.do("cast_ballot", people[0], dots={a: 2, b: 1})


def test_votes_hidden_until_all_voted_then_ranked(started):
    engine, people, (a, b, c), _ = revealed_with_themes(started)
    to_stage(engine, "choose")
    engine.do("cast_ballot", people[0], dots={a: 2, b: 1})
    engine.do("cast_ballot", people[1], dots={b: 2, c: 1})
    assert [bl.dots for bl in engine.view_for(people[0]).ballots] == [{a: 2, b: 1}]
    assert engine.view_for(people[2]).ballots == []
    assert engine.view_for(FACILITATOR).ballots == []
    rejects(engine, "not_all_done", "reveal_votes")
    assert engine.not_done() == [people[2]]
    engine.do("cast_ballot", people[2], dots={b: 1, a: 1})
    ranking = engine.do("reveal_votes")
    assert ranking == [b, a, c]
    assert engine.session.tally() == {a: 3, b: 4, c: 1}
    # Revealed means the totals: the ballots (who put which dot where) are gone.
    assert engine.session.ballots == [] and engine.view_for(people[2]).ballots == []
    assert engine.session.totals == {a: 3, b: 4, c: 1}
    assert "ballots\": []" in json.dumps(engine.record())
    assert engine.session.destination.theme_ids == [b]  # the winner pre-fills the segment
    rejects(engine, "votes_revealed", "cast_ballot", people[0], dots={a: 1})


def test_reveal_votes_with_someone_absent_needs_force(started):
    engine, people, (a, _, _), _ = revealed_with_themes(started)
    to_stage(engine, "choose")
    rejects(engine, "no_votes", "reveal_votes", force=True)
    engine.do("cast_ballot", people[0], dots={a: 1})
    engine.do("reveal_votes", force=True)
    assert engine.session.votes_revealed


def test_themes_locked_once_votes_are_cast(started):
    engine, people, (a, b, _), _ = revealed_with_themes(started)
    to_stage(engine, "choose")
    engine.do("cast_ballot", people[0], dots={a: 1})
    engine.do("back")
    rejects(engine, "votes_cast", "merge_themes", source_id=a, target_id=b)
    engine.do("rename_theme", theme_id=a, name="Still fine")


def test_anonymous_ballots_carry_no_voter_and_no_order(engine):
    people = [engine.do("add_participant", name=n) for n in ("Anna", "Bram", "Chen")]
    engine.do("set_details", anonymous=True)
    engine.do("start")
    to_stage(engine, "horizon")
    sids = [engine.do("add_statement", p, text=f"{p} hope") for p in people]
    to_stage(engine, "common_ground")
    engine.do("reveal", force=True)
    a = engine.do("make_theme", name="A", statement_ids=sids[:1])
    b = engine.do("make_theme", name="B", statement_ids=sids[1:])
    to_stage(engine, "choose")
    engine.do("cast_ballot", people[2], dots={b: 2})
    engine.do("cast_ballot", people[0], dots={a: 2, b: 1})
    engine.do("cast_ballot", people[1], dots={a: 1})
    engine.do("cast_ballot", people[2], dots={b: 1})  # re-cast replaces, before the reveal
    assert all(set(to_dict(bl)) == {"dots"} for bl in engine.session.ballots)
    assert engine.session.voted == people
    assert [bl.dots for bl in engine.session.ballots] == sorted(
        [bl.dots for bl in engine.session.ballots], key=lambda d: sorted(d.items()))
    assert engine.ballot_of(people[2]).dots == {b: 1}
    assert engine.session.tally() == {a: 3, b: 2}


# -- destination --------------------------------------------------------------------------------

def test_destination_fields_and_date(started):
    engine, people, (a, b, _), _ = revealed_with_themes(started)
    to_stage(engine, "destination")
    engine.do("set_destination", sentence="Calm and trusted by summer", theme_ids=[a, b],
              success_signals=["Fewer late nights", "  ", "Others ask us first"],
              route_fixed="Weekly releases", route_open="Tools\nand roles",
              look_again_on="2027-01-15")
    d = engine.session.destination
    assert d.success_signals == ["Fewer late nights", "Others ask us first"]
    assert d.route_open == "Tools\nand roles" and d.look_again_on == "2027-01-15"
    rejects(engine, "bad_date", "set_destination", look_again_on="15-13-2027")
    rejects(engine, "too_many_signals", "set_destination",
            success_signals=["a", "b", "c", "d"])
    rejects(engine, "unknown_theme", "set_destination", theme_ids=["t42"])
    engine.do("set_destination", sentence="Calmer")  # a partial update keeps the rest
    assert d.look_again_on == "2027-01-15" and d.sentence == "Calmer"


# -- relationships ------------------------------------------------------------------------------

def test_relationship_names_are_kept_only_on_request_and_shown_only_to_the_writer(started):
    engine, (anna, bram, chen) = started
    to_stage(engine, "relationships")
    engine.do("write_relationship", anna, kind="difficult", pattern="Late decisions",
              names=["Ruud"], shared=True, keep_names=False)
    engine.do("write_relationship", bram, kind="easy", pattern="Shared goals",
              names=["Femke"], shared=False, keep_names=True)
    assert "Ruud" not in json.dumps(to_dict(engine.session))
    assert engine.session.relationships[1].names == ["Femke"]
    bram_view = engine.view_for(bram)
    assert [(r.participant_id, r.names) for r in bram_view.relationships] == [
        (bram, ["Femke"])]  # before the reveal of the patterns, only one's own
    assert engine.view_for(chen).relationships == []
    rejects(engine, "not_all_done", "reveal_patterns")  # Chen has not written
    engine.do("reveal_patterns", force=True)
    chen_view = engine.view_for(chen)
    assert [(r.participant_id, r.pattern, r.names) for r in chen_view.relationships] == [
        ("", "Late decisions", [])]  # shared, and nobody's
    rejects(engine, "bad_kind", "write_relationship", chen, kind="awkward")
    engine.do("write_relationship", bram, kind="easy", pattern="Rewritten")  # not shared
    assert len([r for r in engine.session.relationships if r.participant_id == bram]) == 1


def test_after_the_reveal_of_the_patterns_nobody_shares_or_changes_a_shown_one(started):
    """A pattern shared after the reveal would show alone, as its writer's; a shown one
    changed or taken back would point at its writer."""
    engine, (anna, bram, chen) = started
    to_stage(engine, "relationships")
    engine.do("write_relationship", anna, kind="easy", pattern="They listen", shared=True)
    engine.do("reveal_patterns", force=True)
    rejects(engine, "patterns_shown", "write_relationship", bram, kind="easy",
            pattern="They plan", shared=True)
    for shared in (True, False):
        rejects(engine, "pattern_shown" if not shared else "patterns_shown",
                "write_relationship", anna, kind="easy", pattern="They listen, mostly",
                shared=shared)
    engine.do("write_relationship", bram, kind="easy", pattern="They plan")  # for himself
    engine.do("write_relationship", anna, kind="difficult", pattern="Late")  # not shown yet
    assert [r.pattern for r in engine.session.shared_patterns()] == ["They listen"]
    assert [r.pattern for r in engine.view_for(chen).relationships] == ["They listen"]


# -- map, practice, close -----------------------------------------------------------------------

def test_team_map(started):
    engine, _ = started
    to_stage(engine, "map")
    sales = engine.do("add_team_relation", name="Sales", classification="strained",
                      note="Dates we hear late")
    ops = engine.do("add_team_relation", name="Operations")
    engine.do("update_team_relation", relation_id=ops, classification="workable",
              start_here=True)
    rejects(engine, "bad_class", "add_team_relation", name="HR", classification="enemy")
    rejects(engine, "unknown_relation", "remove_team_relation", relation_id="r9")
    engine.do("remove_team_relation", relation_id=sales)
    [ops_relation] = engine.session.team_relations
    assert (ops_relation.classification, ops_relation.start_here) == ("workable", True)


def test_one_commitment_each_with_signals_and_date(started):
    engine, (anna, _, _) = started
    to_stage(engine, "practice")
    first = engine.do("write_commitment", anna, partner="Joost", small_step="Hand over",
                      signals=["asks_for_help"], due_on="2026-12-04")
    again = engine.do("write_commitment", anna, partner="Joost", small_step="Hand over more",
                      signals=[], due_on=None)
    assert first == again and len(engine.session.commitments) == 1
    rejects(engine, "unknown_signal", "write_commitment", anna, partner="J", small_step="x",
            signals=["mind_reading"])
    rejects(engine, "bad_date", "write_commitment", anna, partner="J", small_step="x",
            due_on="tomorrow")
    engine.do("set_group_practice", with_whom="Ops", what="Joint review", when="Monthly")
    assert engine.session.group_practice.what == "Joint review"


def test_closing_round_and_finish_makes_it_read_only(started):
    engine, (anna, bram, _) = started
    to_stage(engine, "close")
    engine.do("closing_word", anna, word="Hopeful", score=4)
    engine.do("closing_word", bram, score=5)
    rejects(engine, "bad_score", "closing_word", anna, score=6)
    rejects(engine, "bad_score", "closing_word", anna, score=True)
    rejects(engine, "empty_text", "closing_word", anna)
    engine.do("finish")
    assert engine.session.status == "finished"
    rejects(engine, "finished", "back")


def test_solo_practice_has_the_personal_stages_only(script):
    solo = Engine.new(script, mode="solo")
    assert solo.session.enabled_stages() == ["setup", "horizon", "relationships", "practice",
                                             "close"]


# -- follow-up and look back --------------------------------------------------------------------

def test_follow_up_opens_with_look_back_and_stores_the_marks(started, script):
    engine, (anna, bram, _) = started
    to_stage(engine, "destination")
    engine.do("set_destination", sentence="Calm by summer", look_again_on="2027-01-15")
    to_stage(engine, "practice")
    commitment = engine.do("write_commitment", anna, partner="Joost", small_step="Hand over")
    previous = engine.session
    follow = Engine.follow_up(previous, script)
    session = follow.session
    assert session.follow_up_of == previous.id
    assert session.enabled_stages()[:3] == ["setup", "checkin", "look_back"]
    assert [p.name for p in session.participants] == ["Anna", "Bram", "Chen"]
    follow.do("set_stage", key="checkin", enabled=False)
    assert follow.do("start") == "look_back"
    follow.do("review_commitment", commitment_id=commitment, mark="partly",
              what_happened="Half of it", signals=["keeps_agreements"])
    rejects(follow, "bad_mark", "review_commitment", commitment_id=commitment, mark="meh")
    rejects(follow, "unknown_commitment", "review_commitment", commitment_id="c9", mark="done")
    follow.do("keep_destination", kept=True)
    review = session.look_back.reviews[0]
    assert (review.mark, review.what_happened, review.signals) == (
        "partly", "Half of it", ["keeps_agreements"])
    assert session.destination.sentence == "Calm by summer"
    assert session.look_back.previous_commitments[0].small_step == "Hand over"


def test_look_back_needs_a_follow_up(started):
    engine, _ = started
    rejects(engine, "wrong_stage", "review_commitment", commitment_id="c1", mark="done")


# -- plain data ---------------------------------------------------------------------------------

def test_intents_and_sessions_round_trip_through_json(started):
    engine, (anna, _, _) = started
    intent = Intent("check_in", anna, {"answer": "Good"})
    assert Intent.from_dict(json.loads(json.dumps(intent.to_dict()))) == intent
    engine.apply(intent)
    raw = json.loads(json.dumps(to_dict(engine.session)))
    assert from_dict(Session, raw) == engine.session


def test_listeners_hear_each_applied_intent(started):
    engine, (anna, _, _) = started
    heard = []
    engine.listeners.append(heard.append)
    engine.do("check_in", anna, answer="Hi")
    with pytest.raises(Rejected):
        engine.do("check_in", anna, answer="")
    assert [i.kind for i in heard] == ["check_in"]


def test_text_is_cleaned_on_the_way_in(started):
    engine, (anna, _, _) = started
    engine.do("check_in", anna, answer="\x1b]0;pwned\x07Hi\u202e there\x00\u200b")
    assert engine.session.checkins[0].answer == "Hi there\u200b"


def test_the_demo_runs_every_stage_in_both_languages(script):
    from trust_tui.core.demo import demo_session

    for lang in ("nl", "en"):
        engine = demo_session(script, lang, seed=3)
        s = engine.session
        assert s.status == "finished" and s.revealed and s.votes_revealed
        assert len(s.participants) == 4 and len(s.themes) == 4 and len(s.commitments) == 4
        assert s.destination.look_again_on and s.team_relations and s.closing
        assert s.checkin_question and len(s.checkins) == 4
        assert random.Random(3) is not None


def test_an_anonymous_record_keeps_no_trace_of_who_is_writing(engine):
    people = [engine.do("add_participant", name=n) for n in ("Anna", "Bram")]
    engine.do("set_details", anonymous=True)
    engine.do("start")
    to_stage(engine, "horizon")
    engine.do("hand_to", participant_id=people[0])
    engine.do("add_statement", people[0], text="mine")
    engine.do("horizon_done", people[0])
    assert engine.do("keep_draft", field="statement", text="half") is False
    record = engine.record()
    assert record["turn"] is None and record["horizon_done"] == [] and record["voted"] == []
    assert record["draft"] is None
    assert engine.session.horizon_done == [people[0]]  # the screen still knows, in memory


def test_drafts_are_kept_where_they_reveal_nothing(started):
    engine, (anna, _, _) = started
    assert engine.do("keep_draft", field="answer", text="half a\x1b[2J sentence") is True
    assert engine.session.draft.fields == {"answer": "half a sentence"}
    assert engine.session.draft.stage == "checkin"
    assert engine.do("keep_draft", fields={"sentence": "calm weeks", "signal-1": "fewer pings",
                                           "empty": "  ", "": "x", "odd": 5}) is True
    assert engine.session.draft.fields == {"sentence": "calm weeks", "signal-1": "fewer pings"}
    old = from_dict(Session, {**engine.record(), "draft": {
        "stage": "checkin", "field": "answer", "text": "from an older file"}})
    assert old.draft.fields == {"answer": "from an older file"}
    engine.do("clear_draft")
    assert engine.session.draft is None


def test_the_first_check_in_question_avoids_the_teams_earlier_ones(engine):
    engine.do("add_participant", name="Anna")
    used = [q for q in engine.script.checkin_questions if q != "q07"]
    engine.do("start", avoid=used)
    assert engine.session.checkin_question == "q07"


def test_alone_the_keyboard_is_always_yours(script):
    solo = Engine.new(script, mode="solo")
    me = solo.do("add_participant", name="Sam")
    solo.do("start")
    assert solo.session.stage == "horizon" and solo.session.turn == me
    solo.do("advance")
    assert solo.session.turn == me


def test_ballots_and_who_voted_stay_in_memory_until_the_reveal(started, script):
    engine, people, (a, b, c), _ = revealed_with_themes(started)
    to_stage(engine, "choose")
    engine.do("cast_ballot", people[1], dots={a: 2})
    # One voter so far: a file holding the ballot and who voted would name it Bram's.
    record = engine.record()
    assert record["ballots"] == [] and record["voted"] == []
    assert engine.session.voted == [people[1]]  # the people pane still says who is done
    engine.do("cast_ballot", people[0], dots={b: 1})
    assert engine.record()["ballots"] == [] and engine.record()["voted"] == []
    # After a crash in the middle of the vote, everyone votes again, on a clean ballot.
    reloaded = Engine(from_dict(Session, engine.record()), script)
    reloaded.do("cast_ballot", people[1], dots={b: 2})
    assert reloaded.session.tally() == {a: 0, b: 2, c: 0}
    reloaded.do("cast_ballot", people[0], dots={a: 1})
    reloaded.do("reveal_votes", force=True)
    after = reloaded.record()
    assert after["totals"] == {a: 1, b: 2, c: 0} and after["ballots"] == []
    assert after["voted"] == [people[0], people[1]]  # who took part, now that no ballot is left


def test_a_file_from_before_holding_ballots_and_voters_starts_the_vote_again(started, script):
    engine, people, (a, _, _), _ = revealed_with_themes(started)
    to_stage(engine, "choose")
    engine.do("cast_ballot", people[0], dots={a: 2})
    old = to_dict(engine.session)  # as an older version wrote it: both in the file
    assert old["voted"] == [people[0]] and old["ballots"] == [{"dots": {a: 2}}]
    reloaded = Engine(from_dict(Session, old), script)
    assert reloaded.session.ballots == [] and reloaded.session.voted == []
    reloaded.do("cast_ballot", people[0], dots={a: 1})  # no double vote, no sealed ballot
    assert reloaded.session.tally()[a] == 1


def test_an_old_record_with_voters_keeps_only_the_totals(script):
    old = {"id": "x", "created_at": "2026-01-01T00:00:00+00:00", "votes_revealed": True,
           "themes": [{"id": "t1", "name": "Calm"}, {"id": "t2", "name": "Open"}],
           "ballots": [{"dots": {"t1": 2}, "voter_id": "p1"},
                       {"dots": {"t1": 1, "t2": 1}, "voter_id": "p2"}]}
    session = from_dict(Session, old)
    assert session.ballots == [] and session.totals == {"t1": 3, "t2": 1}
    assert "p1" not in json.dumps(to_dict(session))


def test_shared_patterns_come_shuffled_and_without_names(started):
    engine, people = started
    to_stage(engine, "relationships")
    for index, person in enumerate(people):
        engine.do("write_relationship", person, kind="easy", pattern=f"pattern {index}",
                  names=["Ruud"], shared=index != 1, keep_names=True)
    engine.do("reveal_patterns")  # everyone wrote: no yes needed
    shared = engine.session.shared_patterns()
    assert sorted(r.pattern for r in shared) == ["pattern 0", "pattern 2"]
    assert all(r.participant_id == "" and r.names == [] for r in shared)
    assert engine.session.patterns_revealed and engine.session.turn is None


def test_a_seat_with_its_own_screen_never_gets_the_shared_keyboard(started):
    engine, (anna, bram, _) = started
    engine.do("hand_to", participant_id=anna)
    engine.do("set_own_screen", participant_id=anna)  # she logs in on her own screen
    assert engine.session.turn is None  # the shared screen let go of her keyboard
    rejects(engine, "own_screen", "hand_to", participant_id=anna)
    reloaded = Engine(from_dict(Session, engine.record()), engine.script)
    rejects(reloaded, "own_screen", "hand_to", participant_id=anna)  # after a restart too
    rejects(engine, "not_allowed", "set_own_screen", anna, participant_id=anna)
    engine.do("hand_to", participant_id=bram)
    assert engine.session.turn == bram


def test_an_unknown_argument_to_a_reveal_is_refused(started):
    engine, _ = started
    to_stage(engine, "horizon")
    rejects(engine, "unknown_intent", "reveal", nonsense=1)


def test_a_type_error_inside_a_handler_is_a_bug_not_a_refusal(started, monkeypatch):
    engine, people = started
    to_stage(engine, "horizon")

    def broken(text, *, multiline=False):
        raise TypeError("a bug inside the handler")

    monkeypatch.setattr("trust_tui.core.engine.clean_text", broken)
    with pytest.raises(TypeError, match="a bug inside the handler"):
        engine.do("add_statement", people[0], text="Calm mornings")


# -- the rules by stage -------------------------------------------------------------------------

def test_each_intent_has_one_handler_in_the_module_of_its_stage():
    from trust_tui.core.rules import INTENTS, intent

    modules = {"map": "team_map"}
    assert len(INTENTS) == 43
    for kind, rule in INTENTS.items():
        module = rule.handler.__module__.rsplit(".", 1)[1]
        if rule.stage is not None:
            assert module == modules.get(rule.stage, rule.stage), kind
    with pytest.raises(RuntimeError, match="'advance' is registered twice"):
        intent("advance")(lambda engine: None)


def test_a_rule_registered_for_a_stage_is_refused_in_another(started):
    engine, people = started
    assert engine.session.stage == "checkin"
    rejects(engine, "wrong_stage", "add_statement", people[0], text="Calm mornings")
    rejects(engine, "not_allowed", "make_theme", people[0], name="Calm")
    rejects(engine, "unknown_participant", "check_in", FACILITATOR, answer="Fine")


def test_moving_on_from_choose_without_a_reveal_keeps_the_totals_and_no_ballot(started, script):
    """Ballots live in memory until the reveal: a vote left open must not vanish at a restart."""
    engine, people, (a, b, c), _ = revealed_with_themes(started)
    to_stage(engine, "choose")
    engine.do("cast_ballot", people[0], dots={a: 2})
    engine.do("cast_ballot", people[1], dots={a: 1, b: 1})
    engine.do("advance")  # no F5
    record = engine.record()
    assert record["totals"] == {a: 3, b: 1, c: 0} and record["ballots"] == []
    reloaded = Engine(from_dict(Session, record), script)
    assert reloaded.session.tally() == {a: 3, b: 1, c: 0}


def test_the_views_a_hub_sends_hold_what_view_for_holds_for_everyone_at_every_step(started):
    """views_for (the session made plain data once, then filtered per person) gives each
    person exactly to_dict(view_for(them)): before and after each reveal, with statements,
    ballots and relationships of several people."""
    engine, (anna, bram, chen) = started
    steps = 0

    def same() -> None:
        nonlocal steps
        whos = [anna, bram, chen, FACILITATOR]
        views = engine.views_for(whos)
        for who in whos:
            assert json.dumps(views[who]) == json.dumps(to_dict(engine.view_for(who))), who
        steps += 1

    to_stage(engine, "horizon")
    same()
    ids = [engine.do("add_statement", who, text=f"{who} hope") for who in (anna, bram, anna)]
    same()
    engine.do("reveal", force=True)
    to_stage(engine, "common_ground")
    theme = engine.do("make_theme", name="Calm", statement_ids=ids[:2])
    same()
    to_stage(engine, "choose")
    engine.do("cast_ballot", anna, dots={theme: 2})
    engine.do("cast_ballot", chen, dots={theme: 1})
    same()
    engine.do("reveal_votes", force=True)
    same()
    to_stage(engine, "relationships")
    engine.do("write_relationship", anna, kind="difficult", pattern="Late decisions",
              names=["Ruud"], shared=True, keep_names=True)
    engine.do("write_relationship", bram, kind="easy", pattern="Shared goals",
              names=["Femke"], shared=False, keep_names=True)
    same()
    engine.do("reveal_patterns", force=True)
    same()
    assert steps == 7
