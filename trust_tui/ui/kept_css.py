"""Textual's stylesheet, with the rules it parsed kept for the next start.

Textual parses the app's CSS and each widget's default CSS at every start: about 10 ms before
the home screen's first frame, about 20 ms before the join form's (a Button's default CSS
alone is 7 KB): the largest part of what a first frame takes beyond a bare app's. This
stylesheet keeps what it parsed in the user's cache folder, owner-only, beside the parsed data
files; a start takes each source's rules from there when its CSS, its place and the theme's
variables are the same, for the same Textual and Python. It holds the app's CSS only, nothing
a person wrote. Like the bytecode Python keeps in ``__pycache__``, the copy is trusted as the
user's own file: only they can write their cache folder.

It overrides Textual's ``Stylesheet._parse_rules``: Textual is pinned exactly, and
``tests/ui/test_kept_css.py`` fails when an upgrade changes what this relies on.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any

from textual.css import parse as textual_parse
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from trust_tui.core.parsed_copies import copies_folder, write_copy

__all__ = ["KeptStylesheet"]

Place = tuple[tuple[str, str], bool, int, str]
"""Where a source comes from: its file or class, whether it is a widget's default CSS, its
tie-breaker and its scope."""


Kept = dict[Place, tuple[str, bytes]]
"""Each source's CSS and its rules, pickled one source at a time: a start unpickles only the
sources its screens use."""


def _unpickled(data: bytes) -> Any:
    collecting = gc.isenabled()
    gc.disable()  # many small objects, none of them garbage: half the time with it off
    try:
        return pickle.loads(data)
    finally:
        if collecting:
            gc.enable()


class KeptStylesheet(Stylesheet):
    """A Stylesheet that parses a source only when it is new or changed since it was kept."""

    def __init__(self, *, variables: dict[str, str], name: str) -> None:
        """``name``: the app's, so that each app reads only the rules of its own screens (a
        participant's seat, one process of twelve, none of the meeting's)."""
        super().__init__(variables=variables)
        self._name = name
        self._kept: Kept = {}
        self._used: dict[Place, tuple[str, list[RuleSet]]] = {}
        """The rules of each source used so far: unpickled, or parsed."""
        self._parsed: set[Place] = set()
        """Sources parsed since the rules were last read or written."""
        self._file = self._file_for(name, variables)
        if self._file is not None:
            self._kept = self._read(self._file, variables)

    @staticmethod
    def _file_for(name: str, variables: dict[str, str]) -> Path | None:
        folder = copies_folder()
        if folder is None:
            return None
        theme = zlib.crc32(repr(sorted(variables.items())).encode("utf-8"))
        try:  # Textual's version, as its parser's file says it: asking its version by name
            parser = os.stat(textual_parse.__file__)  # loads importlib.metadata (~10 ms)
        except OSError:
            return None
        return folder / (f"css-{name}-{theme:08x}-{parser.st_size}-{parser.st_mtime_ns}"
                         f".{sys.implementation.cache_tag}")

    @staticmethod
    def _read(file: Path, variables: dict[str, str]) -> Kept:
        try:
            kept_for, kept = _unpickled(file.read_bytes())
        except FileNotFoundError:
            return {}
        except Exception:  # noqa: BLE001 - a damaged or outdated copy is parsed again
            return {}
        return kept if kept_for == variables and isinstance(kept, dict) else {}

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._kept, self._used, self._parsed = {}, {}, set()  # parsed with the old ones
        self._file = self._file_for(self._name, variables)

    def _parse_rules(self, css: str, read_from: tuple[str, str], is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        place: Place = (read_from, is_default_rules, tie_breaker, scope)
        known = self._used.get(place)
        if known is not None and known[0] == css:
            return known[1]
        kept = self._kept.get(place)
        if kept is not None and kept[0] == css:
            try:
                rules = _unpickled(kept[1])
            except Exception:  # noqa: BLE001 - a damaged source is parsed again
                rules = None
            if isinstance(rules, list):
                self._used[place] = (css, rules)
                return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        self._used[place] = (css, rules)
        self._parsed.add(place)
        return rules

    def keep(self) -> None:
        """Write the rules for the next start, when some were parsed since they were read."""
        if not self._parsed or self._file is None:
            return
        with contextlib.suppress(Exception):  # what cannot be kept is parsed next time
            for place in self._parsed:
                css, rules = self._used[place]
                self._kept[place] = (css, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
            data = pickle.dumps((self._variables, self._kept), protocol=pickle.HIGHEST_PROTOCOL)
            write_copy(self._file, data)
        self._parsed = set()
