"""What the meeting app and a participant's own app share: keys in order, texts by language."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.binding import ActiveBinding
from textual.message_pump import MessagePump
from textual.reactive import reactive
from textual.screen import Screen

from trust_tui.core.content import Content
from trust_tui.ui.kept_css import KeptStylesheet
from trust_tui.ui.keys_in_order import KeysInOrder

__all__ = ["SharedApp", "bindings_now", "keys_now", "shared_app"]


class SharedApp(KeysInOrder):
    """The base of TrustApp and ParticipantApp."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The CSS's parsed rules come from the last start: a first frame parses no CSS.
        self.stylesheet = KeptStylesheet(variables=self.get_css_variables(),
                                         name=type(self).__name__)

    @on(events.Mount)
    def _keep_css_soon(self) -> None:
        self.set_timer(1, self.keep_css)  # a start that ends in a hang-up has kept them too

    @on(events.Unmount)
    def _keep_css_at_the_end(self) -> None:
        self.keep_css()  # with the screens opened since

    def keep_css(self) -> None:
        if isinstance(self.stylesheet, KeptStylesheet):
            self.stylesheet.keep()

    content: Content
    """Every text a person sees, in their language."""

    # Attributes down: the app says what changed, and each screen watches what it shows.
    changes: reactive[int] = reactive(0, init=False)
    """How many changes the session has taken (an intent here, or a participant's over the
    hub): the screen in front redraws what depends on the session when it counts up."""
    save_state: reactive[tuple[str, str]] = reactive(("saved", ""), init=False)
    """The last save's news: ("saved" | "failed" | "stale", a reason that holds no content)."""


def shared_app(node: MessagePump) -> SharedApp:
    """The app ``node`` runs in, typed: every screen and widget of ours runs in a SharedApp."""
    app = node.app
    if not isinstance(app, SharedApp):
        raise TypeError(f"{type(node).__name__} runs outside a trust-tui app")
    return app


def _listed(active: ActiveBinding) -> bool:
    """Shown in the footer; or left out of it for room (a work list's key that a hint line
    spells out, a key a screen names in ``IN_HELP_ONLY``), yet in F1 help and the palette."""
    binding = active.binding
    return binding.show or bool(binding.id and (
        getattr(active.node, "KEYS_IN_HELP", False)
        or binding.id in getattr(active.node, "IN_HELP_ONLY", ())))


def bindings_now(screen: Screen[Any]) -> list[ActiveBinding]:
    """What the keys do on ``screen`` now: its active bindings (the focused widget's, the
    screen's, the app's), enabled and shown, one per binding however many keys it has."""
    seen: set[tuple[int, str]] = set()
    found = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not (active.enabled and _listed(active)):
            continue
        if (id(active.node), binding.id or binding.action) in seen:
            continue
        seen.add((id(active.node), binding.id or binding.action))
        found.append(active)
    return found


def keys_now(screen: Screen[Any]) -> list[tuple[str, str]]:
    """F1 help's lines, from the same bindings as the footer: the keys, and what they do."""
    lines: dict[tuple[int, str], tuple[list[str], str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not (active.enabled and _listed(active)):
            continue
        keys, _ = lines.setdefault((id(active.node), binding.id or binding.action),
                                   ([], binding.description))
        keys.append(screen.app.get_key_display(binding).upper())
    return [(" ".join(keys), description) for keys, description in lines.values()]
