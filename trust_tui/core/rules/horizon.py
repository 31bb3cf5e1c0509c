"""Horizon: each person's private statements, and the reveal."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from trust_tui.core.model import Statement
from trust_tui.core.rules.registry import Rejected, intent

if TYPE_CHECKING:
    from trust_tui.core.engine import Engine


def own_statement(engine: Engine, who: str, statement_id: Any) -> Statement:
    statement = engine.find_statement(statement_id)
    if engine.author_of(statement) != who:
        if engine.session.anonymous and statement.id not in engine._authors:
            raise Rejected("anonymous_edit_closed")
        raise Rejected("not_your_entry")
    return statement


@intent("add_statement", stage="horizon", participant=True)
def add_statement(engine: Engine, who: str, text: Any) -> str:
    session = engine.session
    if session.revealed:
        raise Rejected("already_revealed")
    clean = engine.checked_text(text, "statement")
    limit = engine.script.limit("max_statements")
    if len(engine.statements_of(who)) >= limit:
        raise Rejected("too_many_statements", limit=limit)
    existing = {s.id for s in session.statements}
    statement_id = "s" + secrets.token_hex(4)
    while statement_id in existing:
        statement_id = "s" + secrets.token_hex(4)
    if session.anonymous:
        # No author on record; ids are random and the list stays sorted by id,
        # so neither the file's order nor the ids tell who wrote what.
        engine._authors[statement_id] = who
        session.statements.append(Statement(statement_id, clean))
        session.statements.sort(key=lambda s: s.id)
    else:
        session.statements.append(Statement(statement_id, clean, author_id=who))
    if who in session.horizon_done:
        session.horizon_done.remove(who)
    return statement_id


@intent("edit_statement", stage="horizon", participant=True)
def edit_statement(engine: Engine, who: str, statement_id: Any, text: Any) -> None:
    if engine.session.revealed:
        raise Rejected("already_revealed")
    statement = own_statement(engine, who, statement_id)
    statement.text = engine.checked_text(text, "statement")


@intent("remove_statement", stage="horizon", participant=True)
def remove_statement(engine: Engine, who: str, statement_id: Any) -> None:
    if engine.session.revealed:
        raise Rejected("already_revealed")
    statement = own_statement(engine, who, statement_id)
    engine.session.statements.remove(statement)
    engine._authors.pop(statement.id, None)


@intent("horizon_done", stage="horizon", participant=True)
def horizon_done(engine: Engine, who: str, done: Any = True) -> None:
    session = engine.session
    if done and who not in session.horizon_done:
        session.horizon_done.append(who)
    if not done and who in session.horizon_done:
        session.horizon_done.remove(who)
    order = [p.id for p in session.participants]
    session.horizon_done.sort(key=order.index)


@intent("reveal")
def reveal(engine: Engine, force: Any = False) -> None:
    session = engine.session
    if session.stage not in ("horizon", "common_ground"):
        raise Rejected("wrong_stage")
    if session.revealed:
        raise Rejected("already_revealed")
    engine.require_all_done(force)
    session.revealed = True
    session.turn = None
    # After the reveal nobody edits statements any more: forget who wrote what.
    engine._authors.clear()
