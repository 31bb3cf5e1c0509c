"""Wrong session codes, counted across every door: slower per source, and a budget per code.

Each wrong code from one source waits longer than the one before (doubling, up to a cap), so
guessing from one place crawls; and every code has a budget of wrong guesses, all doors and all
sources together, after which the door closes until the facilitator makes a new code (F9). The
odds of a guess getting in are therefore bounded per code, however many machines try.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["CodeGuard", "guessing_odds"]

ALPHABET_SIZE = 31
"""Characters a session code is drawn from (no 0/O, 1/l/I)."""
CODE_LENGTH = 6


def guessing_odds(budget: int) -> int:
    """One in how many: the chance that ``budget`` wrong guesses would have hit the code."""
    return int(ALPHABET_SIZE ** CODE_LENGTH) // max(budget, 1)


class CodeGuard:
    """Counts wrong codes by source (an address, or "local" for this machine's screens)."""

    def __init__(self, *, first_delay: float = 1.0, max_delay: float = 30.0,
                 budget: int = 50, on_closed: Callable[[], None] | None = None) -> None:
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.budget = budget
        self.on_closed = on_closed
        """Told once when the budget is spent (the facilitator's screen says so)."""
        self.wrong = 0
        self._by_source: dict[str, int] = {}

    @property
    def closed(self) -> bool:
        """Too many wrong codes for this code: every login is refused until a new one."""
        return self.wrong >= self.budget

    def failed(self, source: str) -> float:
        """Count a wrong code from ``source``; returns the seconds to wait before saying no."""
        was_closed = self.closed
        self.wrong += 1
        count = self._by_source.get(source, 0) + 1
        self._by_source[source] = count
        if self.closed and not was_closed and self.on_closed is not None:
            self.on_closed()
        return min(self.first_delay * float(2 ** (count - 1)), self.max_delay)

    def new_code(self) -> None:
        """A new code: the count starts again."""
        self.wrong = 0
        self._by_source.clear()
