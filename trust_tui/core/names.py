"""When two names are one person's: the same after normalising, or made to look the same."""

from __future__ import annotations

import unicodedata
from functools import cache

__all__ = ["looks_like", "name_key", "same_name"]


def name_key(name: str) -> str:
    """A name as compared: compatibility forms folded (NFKC), case folded, spaces single."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(folded.split())


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


@cache
def _representatives() -> dict[str, str]:
    """Each confusable character's stand-in: the smallest code point of its look-alike group.

    The groups come from Unicode's confusables list (UTS #39) as the well-kept
    ``confusable_homoglyphs`` package ships it; joined transitively, so "l", "1" and "I"
    stand for one another whichever way round they are met.
    """
    from confusable_homoglyphs.confusables import confusables_data  # loaded only when used

    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            parent[char] = parent.get(parent[char], parent[char])
            char = parent[char]
        return char

    for char, entries in confusables_data.items():
        if len(char) != 1:
            continue
        for entry in entries:
            other = entry.get("c", "")
            if len(other) != 1:
                continue
            a, b = root(char), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {char: root(char) for char in parent}


def _skeletons(name: str) -> set[str]:
    """What ``name`` looks like, with its case as typed and folded: a Cyrillic "В" looks like
    a "B" only as a capital, a Cyrillic "а" like an "a" in either case."""
    table = _representatives()
    typed = " ".join(unicodedata.normalize("NFKC", name).split())
    return {"".join(table.get(char, char) for char in form).casefold()
            for form in (typed, typed.casefold())}


def looks_like(a: str, b: str) -> bool:
    """Two different names that a reader cannot tell apart ("Ann" and Cyrillic "Аnn")."""
    return not same_name(a, b) and bool(_skeletons(a) & _skeletons(b))
